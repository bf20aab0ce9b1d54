// SPDX-License-Identifier: BSL-1.0
// "D7": a prefix and a number, for the ids of generated test deals.
#ifndef SALESRULES_TESTS_NUMBERED_HPP
#define SALESRULES_TESTS_NUMBERED_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace salesrules::test {

// Built piece by piece: GCC 12 at -O3 takes std::string("D") + std::to_string(7) for an
// overlapping copy (-Wrestrict, a false positive) and the optimised build fails; which
// call sites it flags changes with inlining elsewhere, so every test goes through here.
inline std::string numbered(std::string_view prefix, std::size_t i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

}  // namespace salesrules::test

#endif  // SALESRULES_TESTS_NUMBERED_HPP
