// SPDX-License-Identifier: BSL-1.0
#include <salesrules/rating.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("rating: 1-5 or explicitly not rated") {
  static_assert(rating{5}.value() == 5);
  static_assert(!rating{}.is_rated());
  CHECK(rating::not_rated().value() == 0);
  CHECK(rating{3}.is_rated());
  for (int v = 1; v <= 5; ++v) {
    auto r = rating::from_int(v);
    REQUIRE(r);
    CHECK(r->value() == v);
  }
}

TEST_CASE("rating: a rating outside 1-5 is an error naming the criterion") {
  for (int bad : {0, 6, 7, -1}) {
    auto r = rating::from_int(bad, "budget");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::out_of_range);
    CHECK(r.error().where == "budget");
    CHECK(r.error().message == "rating " + std::to_string(bad) + " is outside 1-5");
  }
}

TEST_CASE("rating: parse text, empty meaning not rated") {
  CHECK(*parse_rating("4") == rating{4});
  CHECK(*parse_rating("") == rating::not_rated());
  auto seven = parse_rating("7", "champion");
  REQUIRE_FALSE(seven);
  CHECK(seven.error().code == errc::out_of_range);
  CHECK(seven.error().where == "champion");
  for (const char* bad : {"4.5", "high", " 4", "05x", "-1", "05", "004"}) {
    CAPTURE(bad);
    auto r = parse_rating(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::syntax);
  }
}

TEST_CASE("rating: ratings are looked up by criterion") {
  const qualification_ratings q{rating{1}, rating{2}, rating{3}, rating{4}, rating{5}, rating{}};
  CHECK(q.of(scorecard_criterion::budget) == rating{1});
  CHECK(q.of(scorecard_criterion::timeline) == rating{4});
  CHECK(q.of(scorecard_criterion::champion) == rating{5});
  CHECK_FALSE(q.of(scorecard_criterion::competition).is_rated());
}
