#include <salesrules/stage.hpp>

#include <doctest/doctest.h>

#include <string>

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
  CHECK(stages[0].entry == std::vector{criterion::icp_fit()});
  CHECK(stages[0].exit == std::vector{criterion::reached(milestone::meeting_scheduled)});
  CHECK(stages[1].exit == std::vector{criterion::meddpicc_complete(), criterion::tier_at_least(qualification_tier::viable)});
  CHECK(stages[5].exit == std::vector{criterion::reached(milestone::payment_terms_confirmed),
                                      criterion::reached(milestone::cs_handoff_done)});
  CHECK(stages[6].entry == std::vector{criterion::loss_reason_recorded()});
  CHECK(validate(sales_process{}).has_value());
}

TEST_CASE("stage: find a stage by exact name and read a deal's probability") {
  auto p = validate(sales_process{});
  REQUIRE(p);
  CHECK(find_stage(**p, "Proposal") == 3);
  CHECK_FALSE(find_stage(**p, "proposal").has_value());

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
  CHECK(unknown.error().where == "stage");
  CHECK(unknown.error().message.find("'Qualification'") != std::string::npos);
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
  p.stages[6].entry = {criterion::contacts_at_least(1), criterion::loss_reason_recorded()};
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
  high.stages[1].exit[1] = criterion::score_at_least(31);
  CHECK(rejection(high).where == "/stages/1/exit/1/at_least");

  sales_process bad_tier;
  bad_tier.stages[1].exit[1] = criterion::tier_at_least(static_cast<qualification_tier>(9));
  CHECK(rejection(bad_tier).where == "/stages/1/exit/1/tier");

  sales_process negative;
  negative.stages[2].entry.push_back(criterion::contacts_at_least(-1));
  CHECK(rejection(negative).where == "/stages/2/entry/1/at_least");

  sales_process bad_milestone;
  bad_milestone.stages[0].exit[0].milestone = static_cast<milestone>(99);
  CHECK(rejection(bad_milestone).where == "/stages/0/exit/0/milestone");
}

TEST_CASE("stage: criteria may only name registered predicates") {
  sales_process p;
  p.stages[3].entry.push_back(criterion::holds("security_review_passed"));
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
