// SPDX-License-Identifier: BSL-1.0
// salesrules/expected.hpp - the result type of every fallible function.
//
// salesrules::expected<T, E> is tl::expected when the build found the tl-expected
// package (C++20 is then enough) and std::expected otherwise (C++23). CMake makes
// the choice once, at configure time, and publishes it to every consumer as the
// compile definition SALESRULES_USE_TL_EXPECTED=0|1, so all translation units of a
// host agree on one type.
//
// Portable code uses only what both implementations share: construction from a
// value, from unexpected<E>(e) and in place (salesrules::in_place); has_value(),
// operator bool, operator*, operator->, error() and value_or(). (GCC 12's
// std::expected has no and_then/transform yet, so the library itself avoids them.)
// A function returning expected is never constexpr here: tl::expected<T, E> is not
// a literal type when E has a non-trivial destructor, as salesrules::error does.
#ifndef SALESRULES_EXPECTED_HPP
#define SALESRULES_EXPECTED_HPP

#if !defined(SALESRULES_USE_TL_EXPECTED)
// Used without CMake: take std::expected when the standard library has it.
#  if __has_include(<version>)
#    include <version>
#  endif
#  if defined(__cpp_lib_expected)
#    define SALESRULES_USE_TL_EXPECTED 0
#  else
#    define SALESRULES_USE_TL_EXPECTED 1
#  endif
#endif

#if SALESRULES_USE_TL_EXPECTED
#  include <tl/expected.hpp>
namespace salesrules {
template <class T, class E>
using expected = tl::expected<T, E>;
using tl::unexpected;
using tl::in_place;
using tl::in_place_t;
}  // namespace salesrules
#else
#  include <expected>
namespace salesrules {
template <class T, class E>
using expected = std::expected<T, E>;
using std::unexpected;
using std::in_place;
using std::in_place_t;
}  // namespace salesrules
#endif

#endif  // SALESRULES_EXPECTED_HPP
