// SPDX-License-Identifier: BSL-1.0
#include <salesrules/enum_set.hpp>

#include <salesrules/rating.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace salesrules;

TEST_CASE("enum set: members, size and order of iteration") {
  using c = scorecard_criterion;
  enum_set<c> s{c::timeline, c::budget};
  CHECK(s.size() == 2);
  CHECK(s.contains(c::budget));
  CHECK_FALSE(s.contains(c::need));
  s.insert(c::competition);
  s.erase(c::budget);
  std::vector<c> seen(s.begin(), s.end());
  CHECK(seen == std::vector<c>{c::timeline, c::competition});
  CHECK(enum_set<c>::all().size() == 6);
  CHECK(enum_set<c>{}.empty());
}

TEST_CASE("enum set: a value outside the enumeration is never a member") {
  using c = scorecard_criterion;
  enum_set<c> s;
  s.insert(static_cast<c>(40));
  CHECK(s.empty());
  CHECK_FALSE(enum_set<c>::all().contains(static_cast<c>(6)));
}


TEST_CASE("enum set: union, intersection and difference") {
  using c = scorecard_criterion;
  const enum_set<c> a{c::budget, c::need, c::timeline};
  const enum_set<c> b{c::need, c::competition};
  CHECK((a | b) == enum_set<c>{c::budget, c::need, c::timeline, c::competition});
  CHECK((a & b) == enum_set<c>{c::need});
  CHECK((a - b) == enum_set<c>{c::budget, c::timeline});
  CHECK((b - a) == enum_set<c>{c::competition});
  auto s = a;
  s -= enum_set<c>::all();
  CHECK(s.empty());
  s |= b;
  s &= enum_set<c>{c::competition, c::budget};
  CHECK(s == enum_set<c>{c::competition});
}
