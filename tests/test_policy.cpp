#include <salesrules/policy.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("policy: the default policy is valid and round-trips through data()") {
  auto v = validate(policy{});
  REQUIRE(v);
  CHECK(v->data() == policy{});
  CHECK(v->scorecard()->strong_at == 25);
  CHECK(v->scorecard()->viable_at == 18);
  CHECK(v->meddpicc()->framework == qualification_framework::meddic);
  CHECK(v->process()->stages.size() == 7);
  CHECK(v->calendar()->first_month == std::chrono::January);
}

TEST_CASE("policy: designated initializers set a host's own thresholds") {
  auto v = validate(policy{.calendar = {.first_month = std::chrono::February},
                           .scorecard = {.strong_at = 24, .viable_at = 20},
                           .meddpicc = {.framework = qualification_framework::meddpicc}});
  REQUIRE(v);
  CHECK(v->scorecard()->viable_at == 20);
  CHECK(v->data().calendar.first_month == std::chrono::February);
}

TEST_CASE("policy: an error names the section and the field as a JSON pointer") {
  struct row {
    policy p;
    const char* where;
  };
  policy bad_stage;
  bad_stage.process.stages[2].probability = probability{15};
  policy bad_icp;
  bad_icp.icp.min_employees = -5;
  for (const row& r : {row{policy{.calendar = {.first_month = std::chrono::month{13}}}, "/calendar/first_month"},
                       row{policy{.scorecard = {.strong_at = 18, .viable_at = 18}}, "/scorecard/viable_at"},
                       row{bad_icp, "/icp/min_employees"},
                       row{policy{.meddpicc = {static_cast<qualification_framework>(7)}}, "/meddpicc/framework"},
                       row{bad_stage, "/process/stages/2/probability"}}) {
    CAPTURE(r.where);
    auto v = validate(r.p);
    REQUIRE_FALSE(v);
    CHECK(v.error().where == r.where);
  }
}

TEST_CASE("policy: stage names given by other sections must be open stages of the process") {
  struct row {
    policy p;
    const char* where;
    errc code;
  };
  policy hygiene_unknown;
  hygiene_unknown.hygiene.qualified_after = "Qualification";
  policy hygiene_closed;
  hygiene_closed.hygiene.qualified_after = "Closed Won";
  policy stale_unknown;
  stale_unknown.hygiene.stale_after_by_stage = {{"Negotiation", 14}, {"Legal", 7}};
  policy cycle;
  cycle.win_loss.cycle_from_stage = "Qualify";
  policy assessment;
  assessment.win_loss.needs_assessment_stage = "Closed Lost";
  policy partial_map;
  partial_map.forecast.stage_categories = {{"Prospect", forecast_category::upside}};
  policy unknown_map;
  unknown_map.forecast.stage_categories = {{"Pitch", forecast_category::upside}};
  for (const row& r : {row{hygiene_unknown, "/hygiene/qualified_after", errc::unknown_name},
                       row{hygiene_closed, "/hygiene/qualified_after", errc::invalid_policy},
                       row{stale_unknown, "/hygiene/stale_after_by_stage/1/stage", errc::unknown_name},
                       row{cycle, "/win_loss/cycle_from_stage", errc::unknown_name},
                       row{assessment, "/win_loss/needs_assessment_stage", errc::invalid_policy},
                       row{partial_map, "/forecast/stage_categories", errc::invalid_policy},
                       row{unknown_map, "/forecast/stage_categories/0/stage", errc::unknown_name}}) {
    CAPTURE(r.where);
    auto v = validate(r.p);
    REQUIRE_FALSE(v);
    CHECK(v.error().where == r.where);
    CHECK(v.error().code == r.code);
  }
}

TEST_CASE("policy: a renamed process must be named again by the other sections") {
  policy p;
  p.process.stages[1].name = "Qualify";
  auto v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/hygiene/qualified_after");
  p.hygiene.qualified_after = "Qualify";
  p.win_loss.cycle_from_stage = "Qualify";
  p.win_loss.needs_assessment_stage = "Qualify";
  CHECK(validate(p).has_value());
}

TEST_CASE("policy: every section's errors carry the section's name") {
  policy x;
  x.exchange.reporting = currency{};
  CHECK(validate(x).error().where == "/exchange/reporting");
  CHECK(validate(policy{.forecast = {.range_buckets = 1}}).error().where == "/forecast/range_buckets");
  CHECK(validate(policy{.coverage = {.weighted = {percent(), std::nullopt}}}).error().where == "/coverage/weighted/low");
  CHECK(validate(policy{.hygiene = {.min_contacts = 0}}).error().where == "/hygiene/min_contacts");
  CHECK(validate(policy{.win_loss = {.win_rate_target = percent::from_whole(120)}}).error().where ==
        "/win_loss/win_rate_target");
  CHECK(validate(policy{.diagnosis = {.min_coverage = percent()}}).error().where == "/diagnosis/min_coverage");
}
