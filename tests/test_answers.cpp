// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/answers.hpp>

#include "deals.hpp"

#include <salesrules/io/json.hpp>

#include <doctest/doctest.h>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

TEST_CASE("answers: a score in JSON, with the figures as the library writes them") {
  auto p = validate(policy{});
  REQUIRE(p);
  opportunity o{.id = "OPP-9"};
  // 5 + 4 + 4 + 3 + 2 + 0 (competition not rated) = 18 of 30: viable at 18.
  o.ratings = {rating{5}, rating{4}, rating{4}, rating{3}, rating{2}, rating{}};
  const auto a = score_answer(o, *p);
  CHECK(a.at("deal") == "OPP-9");
  CHECK(a.at("total") == "18");
  CHECK(a.at("tier") == "viable");
  CHECK(a.at("decided_by").at("threshold") == "viable_at");
  CHECK(a.at("decided_by").at("met") == true);
  CHECK(a.at("unrated") == boost::json::array{"competition"});
  CHECK(a.at("weakest") == boost::json::array{"competition"});
  CHECK(a.at("ratings").at("competition").is_null());
  CHECK(a.at("ratings").at("budget") == 5);
  // No id, no "deal".
  CHECK(!score_answer(opportunity{}, *p).contains("deal"));
}

TEST_CASE("answers: a stage move refused names each unmet criterion, and an allowed one carries the moved deal") {
  auto p = validate(policy{});
  REQUIRE(p);
  auto o = test::qualified(test::acme("Discovery", {milestone::meeting_held}));
  o.ratings.champion = rating{1};  // 4 + 4 + 4 + 3 + 1 + 4 = 20: still viable
  auto check = check_move(o, "Demo/Evaluation", *p, 2026y / March / 2d);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 1);  // the entry's technical fit
  auto refused = advance_answer(o, *check, nullptr, *p);
  CHECK(refused.at("allowed") == false);
  CHECK(refused.at("from") == "Discovery");
  CHECK(refused.at("to") == "Demo/Evaluation");
  CHECK(refused.at("unmet").as_array().size() == 1);
  CHECK(refused.at("unmet").at(0).at("milestone") == "technical_fit_confirmed");
  CHECK(refused.at("unmet").at(0).at("explanation") == "Demo/Evaluation entry: technical fit confirmed");
  CHECK(refused.at("deal_after").is_null());

  o.milestones.reach(milestone::technical_fit_confirmed, 2026y / March / 1d);
  check = check_move(o, "Demo/Evaluation", *p, 2026y / March / 2d);
  REQUIRE(check);
  REQUIRE(check->allowed());
  auto moved = advance(o, "Demo/Evaluation", *p, 2026y / March / 2d);
  REQUIRE(moved);
  auto allowed = advance_answer(o, *check, &*moved, *p);
  CHECK(allowed.at("allowed") == true);
  CHECK(allowed.at("unmet").as_array().empty());
  CHECK(allowed.at("deal_after").at("stage") == "Demo/Evaluation");
}

TEST_CASE("answers: a category and a discount decision with its trace") {
  auto p = validate(policy{});
  REQUIRE(p);
  // Negotiation is 80%: Best Case (60-90%) by the bands.
  const opportunity o{.id = "OPP-4", .amount = money(100'000, currency{"USD"}), .stage = "Negotiation"};
  auto c = categorize(o, *p);
  REQUIRE(c);
  const auto a = category_answer(o, *c);
  CHECK(a.at("category") == "best_case");
  CHECK(a.at("source") == "bands");
  CHECK(a.at("probability") == 80);

  // 15% is in the band (10%, 20%]: a manager, with documented justification.
  const discount_request r{.discount = percent::from_basis_points(1500)};
  auto d = decide_discount_traced(r, p->discount());
  REQUIRE(d);
  const auto answer = discount_answer(r, *d, *p);
  CHECK(answer.at("level") == "Manager");
  CHECK(answer.at("approval_chain") == boost::json::array{"Account Executive", "Manager"});
  CHECK(answer.at("evidence_missing") == boost::json::array{"documented_justification"});
  CHECK(!answer.contains("refused_by"));
  REQUIRE(answer.at("trace").as_array().size() == 1);
  CHECK(answer.at("trace").at(0).at("explanation") ==
        "band (10%, 20%]: 15% -> Manager; evidence + documented_justification");
}

TEST_CASE("answers: a step's names are escaped for the format, exact for JSON") {
  policy pol;
  pol.discount.levels[1] = "<Manager>";
  for (auto& b : pol.discount.bands)
    if (b.level == "Manager") b.level = "<Manager>";
  auto p = validate(std::move(pol));
  REQUIRE(p);
  const discount_request r{.discount = percent::from_basis_points(1500)};
  auto d = decide_discount_traced(r, p->discount());
  REQUIRE(d);
  REQUIRE(!d->trace.empty());
  CHECK(describe_step(d->trace[0], p->discount(), output_format::json) ==
        "band (10%, 20%]: 15% -> <Manager>; evidence + documented_justification");
  CHECK(describe_step(d->trace[0], p->discount(), output_format::html) ==
        "band (10%, 20%]: 15% -> &lt;Manager&gt;; evidence + documented_justification");
}
