// SPDX-License-Identifier: BSL-1.0
#include <salesrules/scorecard.hpp>

#include <doctest/doctest.h>

using namespace salesrules;
using c = scorecard_criterion;

namespace {
validated<scorecard_policy> policy_of(scorecard_policy p = {}) {
  auto v = validate(p);
  REQUIRE(v);
  return *v;
}
qualification_ratings rated(int b, int a, int n, int t, int ch, int co) {
  auto r = [](int v) { return v == 0 ? rating::not_rated() : *rating::from_int(v); };
  return {r(b), r(a), r(n), r(t), r(ch), r(co)};
}
}  // namespace

TEST_CASE("scorecard: the playbook's tiers at their edges (17/18, 24/25)") {
  const auto p = policy_of();
  struct row {
    qualification_ratings r;
    int hundredths;
    qualification_tier tier;
    scorecard_threshold which;
    bool met;
    enum_set<c> weakest;
  };
  for (const row& x : {
           row{rated(4, 4, 3, 3, 2, 1), 1700, qualification_tier::needs_qualification, scorecard_threshold::viable_at,
               false, {c::competition}},
           row{rated(4, 4, 3, 3, 2, 2), 1800, qualification_tier::viable, scorecard_threshold::viable_at, true,
               {c::champion, c::competition}},
           row{rated(5, 5, 4, 4, 4, 2), 2400, qualification_tier::viable, scorecard_threshold::viable_at, true,
               {c::competition}},
           row{rated(5, 5, 4, 4, 4, 3), 2500, qualification_tier::strong, scorecard_threshold::strong_at, true,
               {c::competition}},
           row{rated(5, 5, 5, 5, 5, 5), 3000, qualification_tier::strong, scorecard_threshold::strong_at, true, {}},
           row{rated(1, 1, 1, 1, 1, 1), 600, qualification_tier::needs_qualification, scorecard_threshold::viable_at,
               false, enum_set<c>::all()},
       }) {
    const auto s = score(x.r, p);
    CAPTURE(x.hundredths);
    CHECK(s.total.hundredths() == x.hundredths);
    CHECK(s.maximum == score_points::whole(30));
    CHECK(s.tier == x.tier);
    CHECK(s.decided_by.which == x.which);
    CHECK(s.decided_by.met == x.met);
    CHECK(s.weakest == x.weakest);
    CHECK(s.unrated.empty());
  }
}

TEST_CASE("scorecard: the deciding threshold carries its value") {
  const auto s = score(rated(4, 4, 3, 3, 2, 1), policy_of());
  CHECK(s.decided_by == deciding_threshold{scorecard_threshold::viable_at, score_points::whole(18), false});
  const auto strong = score(rated(5, 5, 4, 4, 4, 3), policy_of());
  CHECK(strong.decided_by == deciding_threshold{scorecard_threshold::strong_at, score_points::whole(25), true});
}

TEST_CASE("scorecard: not rated counts 0 and is listed weakest") {
  const auto p = policy_of();
  const auto none = score(qualification_ratings{}, p);
  CHECK(none.total.hundredths() == 0);
  CHECK(none.tier == qualification_tier::needs_qualification);
  CHECK(none.unrated == enum_set<c>::all());
  CHECK(none.weakest == enum_set<c>::all());

  const auto five_of_six = score(rated(5, 5, 5, 5, 5, 0), p);
  CHECK(five_of_six.total == score_points::whole(25));
  CHECK(five_of_six.tier == qualification_tier::strong);
  CHECK(five_of_six.unrated == enum_set<c>{c::competition});
  CHECK(five_of_six.weakest == enum_set<c>{c::competition});
}

TEST_CASE("scorecard: a host's raised threshold (20/30, the troubleshooting table's advice)") {
  const auto p = policy_of({.strong_at = 25, .viable_at = 20});
  CHECK(score(rated(4, 4, 3, 3, 2, 2), p).tier == qualification_tier::needs_qualification);
  CHECK(score(rated(4, 4, 3, 3, 3, 3), p).tier == qualification_tier::viable);
}

TEST_CASE("scorecard: weighted totals stay on the /30 scale and decide exactly") {
  // weights 2,2,1,1,1,1 (sum 8): all 3s give 6 * 24 / 8 = 18.00, exactly viable
  const auto p = policy_of({.weights = {2, 2, 1, 1, 1, 1}});
  const auto at = score(rated(3, 3, 3, 3, 3, 3), p);
  CHECK(at.total == score_points::whole(18));
  CHECK(at.tier == qualification_tier::viable);
  // competition 2 instead: 6 * 23 / 8 = 17.25
  const auto below = score(rated(3, 3, 3, 3, 3, 2), p);
  CHECK(below.total.hundredths() == 1725);
  CHECK(below.tier == qualification_tier::needs_qualification);
  // all 5s score 30 whatever the weights
  CHECK(score(rated(5, 5, 5, 5, 5, 5), p).total == score_points::whole(30));
}

TEST_CASE("scorecard: a weighted total just under a threshold is not rounded up into it") {
  // weights 1,1,1,1,2,7 (sum 13), ratings 4,4,4,4,5,4: 6 * 54 / 13 = 24.923...
  const auto s = score(rated(4, 4, 4, 4, 5, 4), policy_of({.weights = {1, 1, 1, 1, 2, 7}}));
  CHECK(s.total.hundredths() == 2492);
  CHECK(to_string(s.total) == "24.92");
  CHECK(s.tier == qualification_tier::viable);
}

TEST_CASE("scorecard: a criterion weighted 0 is ignored") {
  const auto s = score(rated(5, 5, 5, 5, 5, 1), policy_of({.weights = {1, 1, 1, 1, 1, 0}}));
  CHECK(s.total == score_points::whole(30));
  CHECK(s.weakest.empty());
}

TEST_CASE("scorecard: invalid policies are rejected with the field") {
  struct row {
    scorecard_policy p;
    const char* where;
    errc code;
  };
  for (const row& r : {row{{.strong_at = 31}, "/strong_at", errc::out_of_range},
                       row{{.viable_at = -1}, "/viable_at", errc::out_of_range},
                       row{{.strong_at = 18, .viable_at = 18}, "/viable_at", errc::invalid_policy},
                       row{{.strong_at = 20, .viable_at = 25}, "/viable_at", errc::invalid_policy},
                       row{{.weights = {1, 1, 1001, 1, 1, 1}}, "/weights/need", errc::out_of_range},
                       row{{.weights = {0, 0, 0, 0, 0, 0}}, "/weights", errc::invalid_policy}}) {
    CAPTURE(r.where);
    auto v = validate(r.p);
    REQUIRE_FALSE(v);
    CHECK(v.error().where == r.where);
    CHECK(v.error().code == r.code);
  }
}

TEST_CASE("scorecard: points format as a short decimal") {
  CHECK(to_string(score_points::whole(18)) == "18");
  CHECK(to_string(score_points::from_hundredths(1725)) == "17.25");
  CHECK(to_string(score_points::from_hundredths(1750)) == "17.5");
  CHECK(to_string(score_points::from_hundredths(5)) == "0.05");
}
