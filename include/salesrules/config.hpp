// SPDX-License-Identifier: BSL-1.0
// salesrules/config.hpp - header-only or compiled: where the library's function
// bodies are compiled.
//
// By default the core is header-only: every header includes, at its end, the
// definitions of its functions (include/salesrules/impl/<name>.ipp), marked
// SALESRULES_INLINE, which is then `inline`. A translation unit pays for parsing
// and instantiating all of them.
//
// Compiled mode (SALESRULES_HEADER_ONLY=0, which the CMake target
// salesrules::compiled sets for whoever links it) compiles the .ipp files once into
// a static library; the headers then hold the types, the constexpr functions, the
// templates and the declarations, and a translation unit that includes them parses
// only those. The two modes give the same results: the tests run in both.
//
// Every translation unit of a program must be built in the same mode.
#ifndef SALESRULES_CONFIG_HPP
#define SALESRULES_CONFIG_HPP

#ifndef SALESRULES_HEADER_ONLY
#define SALESRULES_HEADER_ONLY 1
#endif

#if SALESRULES_HEADER_ONLY
#define SALESRULES_INLINE inline
#else
#define SALESRULES_INLINE
#endif

#endif  // SALESRULES_CONFIG_HPP
