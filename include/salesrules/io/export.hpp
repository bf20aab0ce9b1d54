// SPDX-License-Identifier: BSL-1.0
// salesrules/io/export.hpp - which symbols a shared salesrules::io exports.
//
// salesrules_io is built with hidden visibility (CXX_VISIBILITY_PRESET hidden), so a
// shared libsalesrules_io.so exports only what the io headers declare between
// SALESRULES_IO_API_BEGIN and SALESRULES_IO_API_END: the functions and types a host
// calls. Its private helpers, and the copy of Boost.JSON it compiles in the default
// (embedded) mode, stay inside it and cannot clash with a host's own. A static
// library is unaffected. GCC and Clang only, as the rest of salesrules.
#ifndef SALESRULES_IO_EXPORT_HPP
#define SALESRULES_IO_EXPORT_HPP

#define SALESRULES_IO_API_BEGIN _Pragma("GCC visibility push(default)")
#define SALESRULES_IO_API_END _Pragma("GCC visibility pop")

#endif  // SALESRULES_IO_EXPORT_HPP
