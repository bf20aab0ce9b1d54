// SPDX-License-Identifier: BSL-1.0
#include <salesrules/percent.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("percent: parse is exact to the basis point") {
  struct row {
    const char* text;
    std::int64_t bp;
  };
  for (const row& r : {row{"10", 1000}, row{"9.99", 999}, row{"10.01", 1001}, row{"10.00", 1000},
                       row{"12.5%", 1250}, row{"-2.5", -250}, row{"0", 0}, row{"100", 10000},
                       row{"10.010", 1001}}) {
    CAPTURE(r.text);
    auto p = parse_percent(r.text);
    REQUIRE(p);
    CHECK(p->basis_points() == r.bp);
  }
}

TEST_CASE("percent: finer than a basis point, or not a number, is an error") {
  for (const char* bad : {"10.001", "9.999"}) {
    auto p = parse_percent(bad, "discount_pct");
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::out_of_range);
    CHECK(p.error().where == "discount_pct");
  }
  for (const char* bad : {"", "%", "ten", "1.2.3", "10 %", "1e2"}) {
    CAPTURE(bad);
    auto p = parse_percent(bad, "discount_pct");
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::syntax);
  }
  CHECK(parse_percent("99999999999999").error().code == errc::overflow);
}

TEST_CASE("percent: band edges order exactly") {
  const auto below = percent::from_basis_points(999), at = percent::from_whole(10),
             above = percent::from_basis_points(1001);
  CHECK(below < at);
  CHECK(at < above);
  CHECK(at == *parse_percent("10.00"));
}

TEST_CASE("percent: formatting is the shortest exact form") {
  CHECK(to_string(percent::from_whole(10)) == "10%");
  CHECK(to_string(percent::from_basis_points(999)) == "9.99%");
  CHECK(to_string(percent::from_basis_points(1250)) == "12.5%");
  CHECK(to_string(percent::from_basis_points(-250)) == "-2.5%");
  CHECK(to_string(percent::from_basis_points(5)) == "0.05%");
  CHECK(to_string(percent()) == "0%");
}
