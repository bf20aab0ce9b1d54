// SPDX-License-Identifier: BSL-1.0
#include <salesrules/stage.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

using namespace salesrules;

namespace {
error rejection(sales_process p) {
  auto v = validate(std::move(p));
  REQUIRE_FALSE(v);
  return v.error();
}
}  // namespace

TEST_CASE("stage: the default process is the playbook's table") {
  const auto stages = default_stages();
  REQUIRE(stages.size() == 7);
  struct row {
    const char* name;
    int pct;
    stage_kind kind;
  };
  const row expected_rows[] = {{"Prospect", 10, stage_kind::open},       {"Discovery", 20, stage_kind::open},
                               {"Demo/Evaluation", 40, stage_kind::open}, {"Proposal", 60, stage_kind::open},
                               {"Negotiation", 80, stage_kind::open},     {"Closed Won", 100, stage_kind::won},
                               {"Closed Lost", 0, stage_kind::lost}};
  for (std::size_t i = 0; i < stages.size(); ++i) {
    CAPTURE(i);
    CHECK(stages[i].name == expected_rows[i].name);
    CHECK(stages[i].probability.whole_percent() == expected_rows[i].pct);
    CHECK(stages[i].kind == expected_rows[i].kind);
  }
  CHECK(stages[0].entry == std::vector<criterion>{criteria::icp_fit{}});
  CHECK(stages[0].exit == std::vector<criterion>{criteria::milestone_reached{milestone::meeting_scheduled}});
  // The table's "MEDDIC qualified", the workflow's 18+ score and BANT "before advancing".
  CHECK(stages[1].exit == std::vector<criterion>{criteria::meddpicc_complete{},
                                                 criteria::tier_at_least{qualification_tier::viable},
                                                 criteria::bant_confirmed{}});
  // The demo step's "champion provides positive feedback".
  CHECK(stages[2].exit == std::vector<criterion>{criteria::milestone_reached{milestone::demo_delivered},
                                                 criteria::milestone_reached{milestone::stakeholders_engaged},
                                                 criteria::milestone_reached{milestone::champion_feedback_positive}});
  // "Proposal accepted or objections documented for negotiation": one criterion, either-or.
  CHECK(stages[3].exit == std::vector<criterion>{criteria::any_milestone_reached{
                              {milestone::proposal_accepted, milestone::objections_documented}}});
  // The handoff step's "CS acknowledges receipt and kickoff is scheduled".
  CHECK(stages[5].exit == std::vector<criterion>{criteria::milestone_reached{milestone::payment_terms_confirmed},
                                                 criteria::milestone_reached{milestone::cs_handoff_done},
                                                 criteria::milestone_reached{milestone::cs_acknowledged},
                                                 criteria::milestone_reached{milestone::kickoff_scheduled}});
  CHECK(stages[6].entry == std::vector<criterion>{criteria::loss_reason_recorded{}});
  CHECK(validate(sales_process{}).has_value());
}

TEST_CASE("stage: the workflow's options write their criteria into the gates they name") {
  sales_process p;
  p.meddpicc_at_every_gate_after = "discovery";  // names match ignoring case
  p.roi_before_leaving = "Proposal";
  const auto v = validate(p);
  REQUIRE(v);
  const auto& stages = (*v)->stages;
  const criterion meddpicc = criteria::meddpicc_complete{};
  const criterion roi = criteria::milestone_reached{milestone::roi_justified};
  auto count = [](const std::vector<criterion>& list, const criterion& c) { return std::ranges::count(list, c); };
  // Discovery had it already and keeps one; each later open stage gains one; closed ones none.
  CHECK(count(stages[0].exit, meddpicc) == 0);
  CHECK(count(stages[1].exit, meddpicc) == 1);
  CHECK(stages[1].exit.size() == 3);
  for (std::size_t i = 2; i <= 4; ++i) {
    CAPTURE(i);
    CHECK(count(stages[i].exit, meddpicc) == 1);
  }
  CHECK(count(stages[5].exit, meddpicc) == 0);
  CHECK(stages[3].exit.back() == roi);
  CHECK(count(stages[3].exit, roi) == 1);
  CHECK(count(stages[4].exit, roi) == 0);
  // Validating the validated process again adds nothing: the options are idempotent.
  const auto again = validate((*v).get());
  REQUIRE(again);
  CHECK((*again)->stages == stages);

  // An option naming no stage, or a closed one, is refused at its pointer.
  sales_process typo;
  typo.roi_before_leaving = "Proposl";
  const auto bad = validate(typo);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == errc::unknown_name);
  CHECK(bad.error().where == "/roi_before_leaving");
  CHECK(bad.error().message == "no stage is named 'Proposl'; did you mean 'Proposal'?");
  sales_process closed;
  closed.meddpicc_at_every_gate_after = "Closed Won";
  const auto shut = validate(closed);
  REQUIRE_FALSE(shut);
  CHECK(shut.error().where == "/meddpicc_at_every_gate_after");
  CHECK(shut.error().message == "stage 'Closed Won' is not an open stage");
}

TEST_CASE("stage: find a stage by name, ignoring ASCII case, and read a deal's probability") {
  auto p = validate(sales_process{});
  REQUIRE(p);
  CHECK(find_stage(**p, "Proposal") == 3);
  CHECK(find_stage(**p, "proposal") == 3);
  CHECK(find_stage(*p, "PROPOSAL") == 3);
  CHECK(find_stage(*p, "closed won") == 5);
  CHECK_FALSE(find_stage(*p, "Proposal ").has_value());  // no trimming
  CHECK_FALSE(find_stage(*p, "Prop\xC3\xB3sal").has_value());

  opportunity o;
  o.stage = "Proposal";
  CHECK(*probability_of(o, *p) == probability{60});
  o.probability_override = probability{75};
  CHECK(*probability_of(o, *p) == probability{75});

  o.probability_override.reset();
  o.stage = "Qualification";
  auto unknown = probability_of(o, *p);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == errc::unknown_name);
  CHECK(unknown.error().where == "/stage");
  CHECK(unknown.error().message.find("'Qualification'") != std::string::npos);
}

TEST_CASE("stage: a history entry naming no stage is an error at its pointer, naming the deal") {
  auto p = validate(sales_process{});
  REQUIRE(p);
  opportunity o;
  o.id = "OPP-12";
  o.stage = "Closed Lost";
  o.outcome = deal_outcome::lost;
  o.stage_history = {{"prospect", {}}, {"Qualify", {}}, {"Closed Lost", {}}};
  const auto lost = lost_in_stage(o, *p);
  REQUIRE_FALSE(lost);
  CHECK(lost.error().code == errc::unknown_name);
  CHECK(lost.error().where == "/stage_history/1/stage");
  CHECK(lost.error().deal_id == "OPP-12");
  CHECK(lost.error().message.find("OPP-12") == std::string::npos);  // the id is a field, not text
  o.stage_history[1].stage = "DISCOVERY";  // another case is the same stage
  const auto found = lost_in_stage(o, *p);
  REQUIRE(found);
  CHECK(*found == std::optional<std::size_t>{1});
}

TEST_CASE("stage: duplicate names are rejected, ignoring case") {
  sales_process p;
  p.stages[2].name = "discovery";
  const auto e = rejection(p);
  CHECK(e.code == errc::duplicate);
  CHECK(e.where == "/stages/2/name");
}

TEST_CASE("stage: probabilities may not fall as open stages advance") {
  sales_process p;
  p.stages[2].probability = probability{15};
  const auto e = rejection(p);
  CHECK(e.code == errc::invalid_policy);
  CHECK(e.where == "/stages/2/probability");
  CHECK(e.message.find("15%") != std::string::npos);

  sales_process level;
  level.stages[2].probability = probability{20};  // equal to Discovery: allowed
  CHECK(validate(level).has_value());
}

TEST_CASE("stage: a process needs a won stage, at 100%, and lost stages at 0%") {
  sales_process none;
  none.stages.erase(none.stages.begin() + 5);
  CHECK(rejection(none).message == "the sales process has no won stage");

  sales_process won90;
  won90.stages[5].probability = probability{90};
  CHECK(rejection(won90).where == "/stages/5/probability");

  sales_process lost5;
  lost5.stages[6].probability = probability{5};
  CHECK(rejection(lost5).where == "/stages/6/probability");
}

TEST_CASE("stage: a lost stage must ask for a loss reason") {
  sales_process p;
  p.stages[6].entry.clear();
  const auto e = rejection(p);
  CHECK(e.code == errc::invalid_policy);
  CHECK(e.where == "/stages/6/entry");
  p.stages[6].entry = {criteria::contacts_at_least{1}, criteria::loss_reason_recorded{}};
  CHECK(validate(p).has_value());
}

TEST_CASE("stage: open stages come before closed ones") {
  sales_process p;
  std::swap(p.stages[4], p.stages[5]);
  const auto e = rejection(p);
  CHECK(e.where == "/stages/5/kind");
}

TEST_CASE("stage: blank names, no stages, and out-of-range criteria are rejected") {
  sales_process blank;
  blank.stages[1].name = " ";
  CHECK(rejection(blank).where == "/stages/1/name");

  CHECK(rejection(sales_process{.stages = {}}).where == "/stages");

  sales_process high;
  high.stages[1].exit[1] = criteria::score_at_least{31};
  CHECK(rejection(high).where == "/stages/1/exit/1/at_least");

  sales_process bad_tier;
  bad_tier.stages[1].exit[1] = criteria::tier_at_least{static_cast<qualification_tier>(9)};
  CHECK(rejection(bad_tier).where == "/stages/1/exit/1/tier");

  sales_process negative;
  negative.stages[2].entry.push_back(criteria::contacts_at_least{-1});
  CHECK(rejection(negative).where == "/stages/2/entry/1/at_least");

  sales_process bad_milestone;
  bad_milestone.stages[0].exit[0] = criteria::milestone_reached{static_cast<milestone>(99)};
  CHECK(rejection(bad_milestone).where == "/stages/0/exit/0/milestone");
}

TEST_CASE("stage: criteria may only name registered predicates") {
  sales_process p;
  p.stages[3].entry.push_back(criteria::holds{"security_review_passed"});
  const auto e = rejection(p);
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/stages/3/entry/1/predicate");

  p.predicates.push_back({"security_review_passed", [](const opportunity&, date) { return true; }});
  CHECK(validate(p).has_value());

  sales_process twice = p;
  twice.predicates.push_back(twice.predicates.front());
  CHECK(rejection(twice).code == errc::duplicate);

  sales_process empty_fn = p;
  empty_fn.predicates.front().test = nullptr;
  CHECK(rejection(empty_fn).where == "/predicates/0/test");
}

namespace {
// The seed process with n more open stages, "Stage 00000" to "Stage 09999" for
// n = 10,000, before the closed ones: a host's process of many stages.
sales_process with_stages(std::size_t n) {
  sales_process p;
  std::vector<stage> closed(p.stages.end() - 2, p.stages.end());
  p.stages.resize(p.stages.size() - 2);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string digits = std::to_string(i);
    p.stages.push_back({"Stage " + std::string(5 - digits.size(), '0') + digits, probability{80}, stage_kind::open, {}, {}});
  }
  p.stages.insert(p.stages.end(), closed.begin(), closed.end());
  return p;
}
}  // namespace

TEST_CASE("stage: in a process of 10,000 stages every stage is found by name, as spelt or in another case") {
  const auto p = validate(with_stages(10'000));
  REQUIRE(p);
  REQUIRE((*p)->stages.size() == 10'007);
  for (std::size_t i = 0; i < (*p)->stages.size(); ++i) {
    const std::string& name = (*p)->stages[i].name;
    REQUIRE(find_stage(*p, name) == i);
    REQUIRE(find_stage(**p, name) == i);
    std::string upper = name;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    REQUIRE(find_stage(*p, upper) == i);  // names.hpp: ASCII case is ignored
    REQUIRE(find_stage(**p, upper) == i);
  }
  // Stage 00000 is the 6th stage (after the seed's five open ones), Closed Lost the last.
  CHECK(find_stage(*p, "Stage 00000") == 5);
  CHECK(find_stage(*p, "Closed Lost") == 10'006);
  CHECK_FALSE(find_stage(*p, "Stage 10000").has_value());
  CHECK_FALSE(find_stage(*p, "Stage 0000").has_value());
  CHECK_FALSE(find_stage(*p, "").has_value());
  CHECK_FALSE(find_stage(*p, "STAGE 000000").has_value());
  // An unknown stage gets the nearest of them all: one swap from Stage 04711.
  const auto typo = stage_index(*p, "Stgae 04711");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message == "unknown stage 'Stgae 04711'; did you mean 'Stage 04711'?");
}

TEST_CASE("stage: a repeated name among 10,000 stages is refused at its second place, naming its first") {
  auto p = with_stages(10'000);
  p.stages[9'005].name = "stage 04000";  // repeats stage 4,005 ("Stage 04000"), ignoring case
  p.stages[9'500].name = "STAGE 00001";  // a later repeat: only the first is reported
  const auto e = rejection(p);
  CHECK(e.code == errc::duplicate);
  CHECK(e.where == "/stages/9005/name");
  CHECK(e.message == "stage 'stage 04000' repeats stage 4005 'Stage 04000'");
  // Three of a kind: the second and the third both repeat the first.
  auto three = with_stages(10'000);
  three.stages[7'000].name = three.stages[6'000].name = three.stages[9'000].name;  // "Stage 08995"
  const auto third = rejection(three);
  CHECK(third.where == "/stages/7000/name");
  CHECK(third.message == "stage 'Stage 08995' repeats stage 6000 'Stage 08995'");
}

TEST_CASE("stage: an unknown stage with no near name lists the first 20 stages and counts the rest") {
  const auto p = validate(with_stages(10'000));
  REQUIRE(p);
  const auto e = stage_index(*p, "Qualified Lead");
  REQUIRE_FALSE(e);
  CHECK(e.error().message ==
        "unknown stage 'Qualified Lead' (the stages are Prospect, Discovery, Demo/Evaluation, Proposal, Negotiation, "
        "Stage 00000, Stage 00001, Stage 00002, Stage 00003, Stage 00004, Stage 00005, Stage 00006, Stage 00007, "
        "Stage 00008, Stage 00009, Stage 00010, Stage 00011, Stage 00012, Stage 00013, Stage 00014 and 9987 more)");
  // A process of 20 stages or fewer is listed whole, as before.
  const auto seed = validate(sales_process{});
  REQUIRE(seed);
  CHECK(stage_index(*seed, "Qualified Lead").error().message ==
        "unknown stage 'Qualified Lead' (the stages are Prospect, Discovery, Demo/Evaluation, Proposal, Negotiation, "
        "Closed Won, Closed Lost)");
}
