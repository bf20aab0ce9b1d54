// SPDX-License-Identifier: BSL-1.0
#include <salesrules/policy.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

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

namespace {
struct refusal {
  policy p;
  errc code;
  const char* where;
};
}  // namespace

TEST_CASE("policy: each section's bounds, one past each edge, and the value at the edge accepted") {
  using hp = hygiene_policy;
  using wl = win_loss_policy;
  const auto pct = [](int whole) { return percent::from_whole(whole); };
  const auto hygiene = [](hp h) { return policy{.hygiene = std::move(h)}; };
  const auto win_loss = [](wl w) { return policy{.win_loss = std::move(w)}; };
  const auto forecast = [](forecast_policy f) { return policy{.forecast = std::move(f)}; };
  const auto diagnosis = [](diagnosis_policy d) { return policy{.diagnosis = std::move(d)}; };
  const std::vector<refusal> refused{
      {hygiene({.stale_after_days = 0}), errc::out_of_range, "/hygiene/stale_after_days"},
      {hygiene({.stale_after_by_stage = {{" ", 10}}}), errc::invalid_policy, "/hygiene/stale_after_by_stage/0/stage"},
      {hygiene({.stale_after_by_stage = {{"Discovery", 0}}}), errc::out_of_range,
       "/hygiene/stale_after_by_stage/0/days"},
      {hygiene({.stale_after_by_stage = {{"Discovery", 10}, {"Proposal", 5}, {"Discovery", 12}}}), errc::duplicate,
       "/hygiene/stale_after_by_stage/2/stage"},
      {hygiene({.stale_after_by_stage = {{"Closed Won", 10}}}), errc::invalid_policy,
       "/hygiene/stale_after_by_stage/0/stage"},
      {hygiene({.min_contacts = 0}), errc::out_of_range, "/hygiene/min_contacts"},
      {hygiene({.qualified_after = ""}), errc::invalid_policy, "/hygiene/qualified_after"},
      {hygiene({.qualified_after = "Qualification"}), errc::unknown_name, "/hygiene/qualified_after"},
      {hygiene({.close_horizon_days = 0}), errc::out_of_range, "/hygiene/close_horizon_days"},
      {win_loss({.quota_attainment_target = pct(0)}), errc::out_of_range, "/win_loss/quota_attainment_target"},
      {win_loss({.meddpicc_completion_target = pct(101)}), errc::out_of_range, "/win_loss/meddpicc_completion_target"},
      {win_loss({.win_rate_target = pct(-1)}), errc::out_of_range, "/win_loss/win_rate_target"},
      {win_loss({.qualified_win_rate_target = pct(101)}), errc::out_of_range, "/win_loss/qualified_win_rate_target"},
      {win_loss({.cycle_targets = {{"", 30}}}), errc::invalid_policy, "/win_loss/cycle_targets/0/segment"},
      {win_loss({.cycle_targets = {{"SMB", 0}}}), errc::out_of_range, "/win_loss/cycle_targets/0/days"},
      {win_loss({.cycle_targets = {{"SMB", 30}, {"smb", 40}}}), errc::duplicate, "/win_loss/cycle_targets/1/segment"},
      {win_loss({.cycle_from_stage = " "}), errc::invalid_policy, "/win_loss/cycle_from_stage"},
      {win_loss({.needs_assessment_stage = ""}), errc::invalid_policy, "/win_loss/needs_assessment_stage"},
      {win_loss({.cycle_from_stage = "Closed Lost"}), errc::invalid_policy, "/win_loss/cycle_from_stage"},
      {win_loss({.needs_assessment_stage = "Demo"}), errc::unknown_name, "/win_loss/needs_assessment_stage"},
      {forecast({.bands = {probability{90}, probability{60}, probability{60}}}), errc::invalid_policy,
       "/forecast/bands/pipeline_at"},
      {forecast({.bands = {probability{60}, probability{60}, probability{20}}}), errc::invalid_policy,
       "/forecast/bands/best_case_at"},
      {forecast({.stage_categories = {{"", forecast_category::commit}}}), errc::invalid_policy,
       "/forecast/stage_categories/0/stage"},
      {forecast({.stage_categories = {{"Proposal", forecast_category::closed}}}), errc::invalid_policy,
       "/forecast/stage_categories/0/category"},
      {forecast({.stage_categories = {{"Proposal", static_cast<forecast_category>(40)}}}), errc::invalid_policy,
       "/forecast/stage_categories/0/category"},
      {forecast({.stage_categories = {{"Proposal", forecast_category::commit}, {"Proposal", forecast_category::upside}}}),
       errc::duplicate, "/forecast/stage_categories/1/stage"},
      {forecast({.accuracy_target = pct(-1)}), errc::out_of_range, "/forecast/accuracy_target"},
      {forecast({.accuracy_target = pct(101)}), errc::out_of_range, "/forecast/accuracy_target"},
      {forecast({.range_buckets = 99}), errc::out_of_range, "/forecast/range_buckets"},
      {forecast({.range_buckets = 1'000'001}), errc::out_of_range, "/forecast/range_buckets"},
      {forecast({.calibration_min_deals = 0}), errc::out_of_range, "/forecast/calibration_min_deals"},
      {diagnosis({.min_forecast_accuracy = pct(101)}), errc::out_of_range, "/diagnosis/min_forecast_accuracy"},
      {diagnosis({.max_won_discount = pct(-1)}), errc::out_of_range, "/diagnosis/max_won_discount"},
      {diagnosis({.max_single_threaded_share = pct(101)}), errc::out_of_range,
       "/diagnosis/max_single_threaded_share"},
      {diagnosis({.max_discovery_stall_share = pct(101)}), errc::out_of_range,
       "/diagnosis/max_discovery_stall_share"},
      {diagnosis({.max_competitor_loss_share = pct(101)}), errc::out_of_range,
       "/diagnosis/max_competitor_loss_share"},
      {diagnosis({.min_coverage = pct(0)}), errc::out_of_range, "/diagnosis/min_coverage"},
      {diagnosis({.competitor_loss_reasons = {"Price", " "}}), errc::invalid_policy,
       "/diagnosis/competitor_loss_reasons/1"},
  };
  for (const refusal& r : refused) {
    CAPTURE(r.where);
    const auto v = validate(r.p);
    REQUIRE_FALSE(v);
    CHECK(v.error().code == r.code);
    CHECK(v.error().where == r.where);
    CHECK_FALSE(v.error().message.empty());
  }
  // The edges themselves are accepted.
  for (const policy& ok :
       {hygiene({.stale_after_days = 1, .min_contacts = 1, .close_horizon_days = 1}),
        hygiene({.stale_after_by_stage = {{"Discovery", 1}, {"Proposal", 1}}}),
        win_loss({.quota_attainment_target = percent::from_basis_points(1),
                  .win_rate_target = pct(0),
                  .qualified_win_rate_target = pct(100),
                  .meddpicc_completion_target = pct(0),
                  .cycle_targets = {{"SMB", 1}}}),
        forecast({.bands = {probability{3}, probability{2}, probability{1}},
                  .accuracy_target = pct(100),
                  .range_buckets = 100,
                  .calibration_min_deals = 1}),
        forecast({.accuracy_target = pct(0), .range_buckets = 1'000'000}),
        diagnosis({.min_forecast_accuracy = pct(100), .min_coverage = percent::from_basis_points(1),
                   .max_won_discount = pct(0), .competitor_loss_reasons = {}})}) {
    const auto v = validate(ok);
    CHECK_MESSAGE(v.has_value(), (v ? std::string() : v.error().message));
  }
}

namespace {
// The seed policy with n more open stages ("Stage 00000", ...) before the closed ones,
// each given a forecast category and a stale threshold.
policy with_mapped_stages(std::size_t n) {
  policy p;
  auto& stages = p.process.stages;
  std::vector<stage> closed(stages.end() - 2, stages.end());
  stages.resize(stages.size() - 2);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string digits = std::to_string(i);
    stages.push_back({"Stage " + std::string(5 - digits.size(), '0') + digits, probability{80}, stage_kind::open, {}, {}});
  }
  stages.insert(stages.end(), closed.begin(), closed.end());
  for (const auto& s : stages)
    if (s.kind == stage_kind::open) {
      p.forecast.stage_categories.push_back({s.name, forecast_category::pipeline});
      p.hygiene.stale_after_by_stage.push_back({s.name, 21});
    }
  return p;
}
}  // namespace

namespace {
// The place and the message of the error validate() gives `p`; both "" if none.
using refused = std::pair<std::string, std::string>;
refused validation_error(const policy& p) {
  const auto v = validate(p);
  if (v) return {};
  return {v.error().where, v.error().message};
}
}  // namespace

TEST_CASE("policy: a stage map and stale thresholds over 10,000 stages are checked whole, repeats and gaps named") {
  CHECK(validate(with_mapped_stages(10'000)).has_value());

  auto unmapped = with_mapped_stages(10'000);  // the map's 9,001st entry is Stage 08995's
  unmapped.forecast.stage_categories.erase(unmapped.forecast.stage_categories.begin() + 9'000);
  CHECK(validation_error(unmapped) ==
        refused{"/forecast/stage_categories", "open stage 'Stage 08995' has no category in the stage map"});

  auto mapped_twice = with_mapped_stages(10'000);  // entry 9,500 repeats entry 5,000 exactly
  mapped_twice.forecast.stage_categories[9'500].stage = mapped_twice.forecast.stage_categories[5'000].stage;
  CHECK(validation_error(mapped_twice) ==
        refused{"/forecast/stage_categories/9500/stage", "stage 'Stage 04995' is mapped twice"});

  auto listed_twice = with_mapped_stages(10'000);
  listed_twice.hygiene.stale_after_by_stage[8'000].stage = "Stage 00007";
  CHECK(validation_error(listed_twice) ==
        refused{"/hygiene/stale_after_by_stage/8000/stage", "stage 'Stage 00007' is listed twice"});

  // Names match ignoring ASCII case (names.hpp): an entry in another case names its
  // stage, and one spelling an earlier entry's stage in another case repeats it.
  auto other_case = with_mapped_stages(10'000);
  other_case.forecast.stage_categories[9'999].stage = "STAGE 09994";
  CHECK(validate(other_case).has_value());
  auto repeat_in_case = with_mapped_stages(10'000);
  repeat_in_case.forecast.stage_categories[9'500].stage = "STAGE 04995";
  CHECK(validation_error(repeat_in_case) ==
        refused{"/forecast/stage_categories/9500/stage", "stage 'STAGE 04995' is mapped twice"});
  auto unknown = with_mapped_stages(10'000);
  unknown.forecast.stage_categories[9'999].stage = "STAGE 9994";
  CHECK(validation_error(unknown) == refused{"/forecast/stage_categories/9999/stage",
                                    "no stage is named 'STAGE 9994'; did you mean 'Stage 09994'?"});
}

TEST_CASE("policy: a deal's stage is found in a stage map and stale thresholds of 10,000 stages") {
  auto p = with_mapped_stages(10'000);
  // Every third stage Best Case instead of Pipeline; every fifth stale after 7 days.
  for (std::size_t i = 0; i < p.forecast.stage_categories.size(); i += 3)
    p.forecast.stage_categories[i].category = forecast_category::best_case;
  for (std::size_t i = 0; i < p.hygiene.stale_after_by_stage.size(); i += 5) p.hygiene.stale_after_by_stage[i].days = 7;
  const auto v = validate(p);
  REQUIRE(v);
  std::size_t wrong_category = 0, wrong_days = 0;
  for (std::size_t i = 0; i < p.forecast.stage_categories.size(); ++i) {
    const std::string& name = p.forecast.stage_categories[i].stage;
    const stage_category* sc = v->forecast().category_of(name);
    wrong_category += sc == nullptr || sc->category != (i % 3 == 0 ? forecast_category::best_case : forecast_category::pipeline);
    wrong_days += v->hygiene().stale_days_for(name) != (i % 5 == 0 ? 7 : 21);
  }
  CHECK(wrong_category == 0);
  CHECK(wrong_days == 0);
  CHECK(v->forecast().category_of("Closed Won") == nullptr);
  CHECK(v->forecast().category_of("stage 00003") == v->forecast().category_of("Stage 00003"));  // names.hpp
  CHECK(v->forecast().category_of("stage 00003") != nullptr);
  CHECK(v->hygiene().stale_days_for("STAGE 00005") == 7);
  CHECK(v->hygiene().stale_days_for("Closed Won") == 30);       // stale_after_days
  // A short map is scanned: the seed's one threshold.
  policy seed;
  seed.hygiene.stale_after_by_stage = {{"Negotiation", 14}};
  const auto s = validate(seed);
  REQUIRE(s);
  CHECK(s->hygiene().stale_days_for("Negotiation") == 14);
  CHECK(s->hygiene().stale_days_for("Proposal") == 30);
  CHECK(s->forecast().category_of("Proposal") == nullptr);
}
