// SPDX-License-Identifier: BSL-1.0
#include <salesrules/probability.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("probability: whole percents 0-100") {
  static_assert(probability{60}.whole_percent() == 60);
  CHECK(probability{}.whole_percent() == 0);
  CHECK(probability{90} > probability{89});
  CHECK(probability{60}.as_percent() == percent::from_whole(60));
  auto p = probability::from_percent(100);
  REQUIRE(p);
  CHECK(*p == probability{100});
}

TEST_CASE("probability: outside 0-100 is an error naming the field") {
  for (int bad : {-1, 101, 1000}) {
    auto p = probability::from_percent(bad, "probability");
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::out_of_range);
    CHECK(p.error().where == "probability");
  }
}

TEST_CASE("probability: parse text") {
  CHECK(*parse_probability("60") == probability{60});
  CHECK(*parse_probability("0") == probability{0});
  CHECK(*parse_probability("100%") == probability{100});
  CHECK(parse_probability("101").error().code == errc::out_of_range);
  for (const char* bad : {"", "6O", "60.5", "-5", "1000", "%", "007", "060"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_probability(bad));
  }
}
