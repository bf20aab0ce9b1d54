// SPDX-License-Identifier: BSL-1.0
#include <salesrules/forecast_policy.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("forecast policy: the playbook's bands by default") {
  const forecast_policy p;
  CHECK(p.bands.commit_at == probability{90});
  CHECK(p.bands.best_case_at == probability{60});
  CHECK(p.bands.pipeline_at == probability{20});
  CHECK(p.accuracy_target == percent::from_whole(10));
  CHECK(validate(p).has_value());
}

TEST_CASE("forecast policy: bands must rise, maps must be sound") {
  struct row {
    forecast_policy p;
    const char* where;
  };
  for (const row& r :
       {row{{.bands = {probability{90}, probability{60}, probability{60}}}, "/bands/pipeline_at"},
        row{{.bands = {probability{60}, probability{70}, probability{20}}}, "/bands/best_case_at"},
        row{{.stage_categories = {{"Proposal", forecast_category::best_case}, {"Proposal", forecast_category::commit}}},
            "/stage_categories/1/stage"},
        row{{.stage_categories = {{" ", forecast_category::commit}}}, "/stage_categories/0/stage"},
        row{{.stage_categories = {{"Proposal", forecast_category::closed}}}, "/stage_categories/0/category"},
        row{{.accuracy_target = percent::from_whole(101)}, "/accuracy_target"},
        row{{.range_buckets = 10}, "/range_buckets"},
        row{{.calibration_min_deals = 0}, "/calibration_min_deals"}}) {
    CAPTURE(r.where);
    auto v = validate(r.p);
    REQUIRE_FALSE(v);
    CHECK(v.error().where == r.where);
  }
}
