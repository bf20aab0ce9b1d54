// salesrules/expected.hpp - the result type of every fallible function.
//
// salesrules::expected<T, E> is tl::expected when the build found the tl-expected
// package (C++20 is then enough) and std::expected otherwise (C++23). CMake makes
// the choice once, at configure time, and publishes it to every consumer as the
// compile definition SALESRULES_USE_TL_EXPECTED=0|1, so all translation units of a
// host agree on one type.
//
// Portable code uses only the members both implementations share: has_value(),
// operator bool, operator*, operator->, error() and value_or(). (GCC 12's
// std::expected has no and_then/transform yet, so the library itself avoids them.)
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
}  // namespace salesrules
#else
#  include <expected>
namespace salesrules {
template <class T, class E>
using expected = std::expected<T, E>;
using std::unexpected;
}  // namespace salesrules
#endif

#endif  // SALESRULES_EXPECTED_HPP
