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
