#include <salesrules/enum_set.hpp>

#include <salesrules/names.hpp>
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

TEST_CASE("names: enumerator names both ways") {
  CHECK(name_of(scorecard_criterion::competition) == "competition");
  CHECK(from_name<scorecard_criterion>("need") == scorecard_criterion::need);
  CHECK_FALSE(from_name<scorecard_criterion>("Need").has_value());
  CHECK(name_of(static_cast<scorecard_criterion>(42)).empty());
}
