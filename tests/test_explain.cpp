// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/explain.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

TEST_CASE("explain: unmet criteria in words, with the numbers") {
  auto p = validate(policy{});
  REQUIRE(p);
  auto o = test::qualified(test::acme("Discovery", {milestone::meeting_held}));
  o.meddpicc.champion.clear();
  o.ratings.champion = rating{1};  // 4 + 4 + 4 + 3 + 1 + 1 = 17
  o.ratings.competition = rating{1};
  auto check = check_move(o, "Demo/Evaluation", *p, 2026y / March / 2d);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 3);
  CHECK(explain(check->unmet[0], *p) == "Discovery exit: all six MEDDIC fields");
  CHECK(explain(check->unmet[1], *p) == "Discovery exit: a viable qualification score (at least 18; the deal has 17)");
  CHECK(explain(check->unmet[2], *p) == "Demo/Evaluation entry: technical fit confirmed");
}

TEST_CASE("explain: a criterion from another policy is named as such, not looked up out of bounds") {
  auto p = validate(policy{});
  REQUIRE(p);
  CHECK(explain(unmet_criterion{.stage = 40}, *p) == "a criterion of another policy (stage 40)");
  CHECK(explain(unmet_criterion{.stage = 1, .index = 9}, *p) == "a criterion of another policy (Discovery)");
}

TEST_CASE("explain: a score and a MEDDIC check") {
  auto sp = validate(scorecard_policy{});
  REQUIRE(sp);
  const auto s = score({rating{4}, rating{4}, rating{3}, rating{3}, rating{2}, rating{}}, *sp);
  CHECK(explain(s) == "16/30, needs qualification: below viable_at 18; weakest: competition; not rated: competition");

  auto mp = validate(meddpicc_policy{});
  REQUIRE(mp);
  const auto r = check_meddpicc({.metrics = "x", .economic_buyer = "CTO"}, *mp);
  CHECK(explain(r) == "MEDDIC 2/6 (33.33%); missing: decision criteria, decision process, identify pain, champion");
}

TEST_CASE("explain: criteria described") {
  CHECK(describe(criteria::contacts_at_least{3}) == "at least 3 contacts");
  CHECK(describe(criteria::score_at_least{20}) == "a qualification score of at least 20");
  CHECK(describe(criteria::tier_at_least{qualification_tier::strong}) == "a strong qualification score");
  CHECK(describe(criteria::holds{"security_review_passed"}) == "'security_review_passed'");
  CHECK(describe(criteria::milestone_reached{milestone::cs_handoff_done}) == "cs handoff done");
  CHECK(describe(criteria::any_milestone_reached{{milestone::proposal_accepted, milestone::objections_documented}}) ==
        "proposal accepted or objections documented");
}
