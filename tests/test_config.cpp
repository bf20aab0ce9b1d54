// SPDX-License-Identifier: BSL-1.0
#include <salesrules/config.hpp>

#include <salesrules/money.hpp>

#include <doctest/doctest.h>

// The build says which mode the suite runs in (SALESRULES_COMPILED); the headers must
// agree, since a program mixing the modes is not one the library supports.
#ifndef SALESRULES_TESTS_COMPILED
#error "tests/CMakeLists.txt defines SALESRULES_TESTS_COMPILED"
#endif
static_assert(SALESRULES_HEADER_ONLY == (SALESRULES_TESTS_COMPILED ? 0 : 1));

TEST_CASE("config: the suite runs in the mode the build chose, and the results are the same") {
  // A function whose body is in impl/money.ipp: inline here when header-only, a call
  // into salesrules::compiled otherwise. 1,234.50 USD + 0.75 USD = 1,235.25 USD.
  const salesrules::currency usd{"USD"};
  const auto a = salesrules::parse_money("1234.50", usd);
  REQUIRE(a);
  const auto sum = salesrules::add(*a, salesrules::money(75, usd));
  REQUIRE(sum);
  CHECK(sum->minor_units() == 123'525);
  MESSAGE("salesrules is ", SALESRULES_HEADER_ONLY ? "header-only" : "compiled (salesrules::compiled)", " here");
}
