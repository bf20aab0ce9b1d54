// SPDX-License-Identifier: BSL-1.0
#include <salesrules/diagnosis.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using salesrules::test::acme;

namespace {

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }
percent bp(std::int64_t v) { return percent::from_basis_points(v); }

constexpr auto triggered = diagnosis_status::triggered;
constexpr auto clear = diagnosis_status::clear;
constexpr auto no_figure = diagnosis_status::no_figure;
constexpr auto too_few = diagnosis_status::too_few_deals;

diagnosis check(const diagnosis_inputs& in, problem p, policy pol = {}) {
  const auto result = diagnose(in, rules(std::move(pol)));
  REQUIRE(result);
  const auto& report = *result;
  REQUIRE(report.checks.size() == 7);
  const diagnosis* d = report.of(p);
  REQUIRE(d != nullptr);
  return *d;
}

const date today = 2026y / March / 2d;

static_assert(noexcept(diagnose(std::declval<const diagnosis_inputs&>(), std::declval<const validated_policy&>())));
static_assert(noexcept(measure_pipeline(std::span<const opportunity>{}, std::declval<const validated_policy&>(), today)));

}  // namespace

TEST_CASE("diagnosis: deals stalling at Discovery, above 30% of the open deals there") {
  diagnosis_inputs in;
  in.pipeline.open_in_discovery = 10;
  in.pipeline.stalled_in_discovery = 3;  // 30%: at the threshold, not above it
  auto d = check(in, problem::stalling_at_discovery);
  CHECK(d.status == clear);
  CHECK(d.value == bp(3000));
  CHECK(d.threshold == bp(3000));
  CHECK(d.deals == 10);

  in.pipeline.stalled_in_discovery = 4;  // 40%
  CHECK(check(in, problem::stalling_at_discovery).status == triggered);

  in.pipeline.open_in_discovery = 33;
  in.pipeline.stalled_in_discovery = 10;  // 30.303...%: above, and shown rounded up as 30.31%
  d = check(in, problem::stalling_at_discovery);
  CHECK(d.status == triggered);
  CHECK(d.value == bp(3031));

  in.pipeline.open_in_discovery = 9;  // fewer than min_deals (10)
  in.pipeline.stalled_in_discovery = 9;
  d = check(in, problem::stalling_at_discovery);
  CHECK(d.status == too_few);
  CHECK(d.value == bp(10000));

  in.pipeline.open_in_discovery = 0;
  in.pipeline.stalled_in_discovery = 0;
  d = check(in, problem::stalling_at_discovery);
  CHECK(d.status == no_figure);
  CHECK_FALSE(d.value);
}

TEST_CASE("diagnosis: forecast accuracy below 70%") {
  diagnosis_inputs in;
  const auto at = [&](std::int64_t forecast_cents) {
    in.forecast = forecast_figures{usd(forecast_cents), usd(100'000'00), 12};
    return check(in, problem::low_forecast_accuracy);
  };
  // Accuracy = 100% - |forecast - actual| / actual.
  auto d = at(130'000'00);  // 30% off: 70%, at the threshold
  CHECK(d.status == clear);
  CHECK(d.value == bp(7000));
  CHECK(d.threshold == bp(7000));
  CHECK(d.deals == 12);
  CHECK(at(70'000'00).status == clear);  // 30% under
  d = at(130'000'01);  // 69.99999%, shown rounded down as 69.99%
  CHECK(d.status == triggered);
  CHECK(d.value == bp(6999));
  d = at(300'000'00);  // three times the actual: -100%
  CHECK(d.status == triggered);
  CHECK(d.value == bp(-10000));

  in.forecast = forecast_figures{usd(0), usd(100'000'00), 9};
  CHECK(check(in, problem::low_forecast_accuracy).status == too_few);
  in.forecast = forecast_figures{usd(10'00), usd(0), 12};  // nothing closed: no figure
  CHECK(check(in, problem::low_forecast_accuracy).status == no_figure);
  in.forecast = forecast_figures{money(100'000'00, currency{"EUR"}), usd(100'000'00), 12};
  CHECK(diagnose(in, rules()).error().code == errc::currency_mismatch);
  in.forecast.reset();
  CHECK(check(in, problem::low_forecast_accuracy).status == no_figure);
}

TEST_CASE("diagnosis: a win rate falling quarter over quarter") {
  diagnosis_inputs in;
  in.previous_win_rate = win_rate_figure{10, 30, {}};  // 25%
  in.win_rate = win_rate_figure{10, 30, {}};           // 25%: flat is not falling
  auto d = check(in, problem::falling_win_rate);
  CHECK(d.status == clear);
  CHECK(d.threshold == bp(2500));
  CHECK(d.deals == 40);

  in.win_rate = win_rate_figure{9, 31, {}};  // 22.5%
  d = check(in, problem::falling_win_rate);
  CHECK(d.status == triggered);
  CHECK(d.value == bp(2250));
  CHECK(d.threshold == bp(2500));

  // 1000 of 4001 (24.99375%) against 1 of 4 (25%): below by less than a basis point.
  in.win_rate = win_rate_figure{1000, 3001, {}};
  in.previous_win_rate = win_rate_figure{10, 30, {}};
  CHECK(check(in, problem::falling_win_rate).status == triggered);

  in.win_rate = win_rate_figure{2, 5, {}};  // 7 closed deals: too few
  CHECK(check(in, problem::falling_win_rate).status == too_few);
  in.win_rate = win_rate_figure{9, 31, {}};
  in.previous_win_rate = win_rate_figure{2, 5, {}};  // and so in the quarter before
  CHECK(check(in, problem::falling_win_rate).status == too_few);

  in.previous_win_rate.reset();
  d = check(in, problem::falling_win_rate);
  CHECK(d.status == no_figure);
  CHECK_FALSE(d.threshold);
  in.previous_win_rate = win_rate_figure{};  // no closed deals last quarter
  CHECK(check(in, problem::falling_win_rate).status == no_figure);
}

TEST_CASE("diagnosis: single-threaded deals above 30% of open deals") {
  diagnosis_inputs in;
  in.pipeline.open_deals = 10;
  in.pipeline.single_threaded = 3;
  CHECK(check(in, problem::single_threaded).status == clear);
  in.pipeline.single_threaded = 4;
  const auto d = check(in, problem::single_threaded);
  CHECK(d.status == triggered);
  CHECK(d.value == bp(4000));
  CHECK(d.threshold == bp(3000));
  in.pipeline.open_deals = 5;
  CHECK(check(in, problem::single_threaded).status == too_few);
}

TEST_CASE("diagnosis: discounts eroding margin, above an average of 10% on won deals") {
  diagnosis_inputs in;
  in.pipeline.won_deals = 10;
  in.pipeline.won_discount_total = 10'000;  // 10 deals at 10%: an average of 10%
  auto d = check(in, problem::discount_erosion);
  CHECK(d.status == clear);
  CHECK(d.value == bp(1000));
  CHECK(d.threshold == bp(1000));

  in.pipeline.won_discount_total = 10'001;  // 10.001%: shown rounded up as 10.01%
  d = check(in, problem::discount_erosion);
  CHECK(d.status == triggered);
  CHECK(d.value == bp(1001));

  in.pipeline.won_deals = 9;
  CHECK(check(in, problem::discount_erosion).status == too_few);
  in.pipeline.won_deals = 0;
  in.pipeline.won_discount_total = 0;
  CHECK(check(in, problem::discount_erosion).status == no_figure);
}

TEST_CASE("diagnosis: coverage below 3x") {
  diagnosis_inputs in;
  const auto at = [&](std::int64_t pipeline_cents, std::uint64_t deals = 10) {
    in.coverage = coverage_figures{usd(pipeline_cents), usd(100'000'00), deals};
    return check(in, problem::low_coverage);
  };
  auto d = at(300'000'00);
  CHECK(d.status == clear);
  CHECK(d.value == bp(30000));
  CHECK(d.threshold == bp(30000));
  d = at(299'999'99);  // 2.9999999x, shown rounded down
  CHECK(d.status == triggered);
  CHECK(d.value == bp(29999));
  CHECK(at(100'00, 9).status == too_few);

  in.coverage = coverage_figures{usd(1), usd(0), 10};
  CHECK(check(in, problem::low_coverage).status == no_figure);
  in.coverage = coverage_figures{money(1, currency{"EUR"}), usd(1), 10};
  CHECK(diagnose(in, rules()).error().where == "/coverage/quota");
}

TEST_CASE("diagnosis: losses to competitors above 30% of lost deals") {
  diagnosis_inputs in;
  in.pipeline.lost_deals = 10;
  in.pipeline.lost_to_competitors = 3;
  CHECK(check(in, problem::competitive_losses).status == clear);
  in.pipeline.lost_to_competitors = 4;
  CHECK(check(in, problem::competitive_losses).status == triggered);

  SUBCASE("the threshold and the fewest deals are the policy's") {
    policy p;
    p.diagnosis.max_competitor_loss_share = percent::from_whole(40);
    CHECK(check(in, problem::competitive_losses, p).status == clear);
    p.diagnosis.min_deals = 11;
    CHECK(check(in, problem::competitive_losses, p).status == too_few);
  }
}

TEST_CASE("diagnosis: measure_pipeline counts stalled, single-threaded, discounted and competitive deals") {
  using m = milestone;
  std::vector<opportunity> deals;
  // Discovery, open. Stale means no activity for 30 days or more.
  auto stale = acme("Discovery", {m::meeting_held});
  stale.last_activity_date = add_days(today, -30);  // exactly 30 days: stale
  deals.push_back(stale);
  auto fresh = acme("Discovery");
  fresh.last_activity_date = add_days(today, -29);  // 29 days: not yet
  deals.push_back(fresh);
  auto silent = acme("Discovery");  // no activity recorded: counted from its creation
  silent.created_date = add_days(today, -31);
  silent.contact_count = 2;  // single-threaded
  deals.push_back(silent);
  auto later = acme("Proposal");  // stale, but not in Discovery
  later.last_activity_date = add_days(today, -60);
  later.contact_count = 0;
  later.contacts = {{"Ann", "CFO"}, {"Bo", "CTO"}, {"Cy", "VP"}};  // three named people: not single-threaded
  deals.push_back(later);
  // Won: discounts of 12% and 15.5%.
  auto w1 = acme("Closed Won");
  w1.outcome = deal_outcome::won;
  w1.requested_discount = percent::from_whole(12);
  auto w2 = w1;
  w2.requested_discount = bp(1550);
  deals.push_back(w1);
  deals.push_back(w2);
  // Lost: to a named competitor, to a competitive reason (any case), and on price.
  auto l1 = acme("Closed Lost");
  l1.outcome = deal_outcome::lost;
  l1.loss_reason = "Price";
  auto l2 = l1;
  l2.competitors = {"Globex"};
  auto l3 = l1;
  l3.loss_reason = "LOST TO COMPETITOR";
  auto l4 = l1;
  l4.competitors = {" "};  // a blank name is no competitor
  deals.push_back(l1);
  deals.push_back(l2);
  deals.push_back(l3);
  deals.push_back(l4);
  auto dq = l2;  // disqualified deals are in none of the figures
  dq.outcome = deal_outcome::disqualified;
  deals.push_back(dq);

  const auto f = measure_pipeline(deals, rules(), today);
  REQUIRE(f);
  CHECK(*f == pipeline_figures{.open_deals = 4,
                               .single_threaded = 1,
                               .open_in_discovery = 3,
                               .stalled_in_discovery = 2,
                               .won_deals = 2,
                               .won_discount_total = 2750,
                               .lost_deals = 4,
                               .lost_to_competitors = 2});

  SUBCASE("Discovery's own stale threshold applies") {
    policy p;
    p.hygiene.stale_after_by_stage = {{"Discovery", 31}};
    const auto g = measure_pipeline(deals, rules(p), today);
    REQUIRE(g);
    CHECK(g->stalled_in_discovery == 1);  // only the one silent for 31 days
  }
  SUBCASE("the competitive loss reasons are the policy's") {
    policy p;
    p.diagnosis.competitor_loss_reasons = {"Price"};
    const auto g = measure_pipeline(deals, rules(p), today);
    REQUIRE(g);
    // l2 names a competitor; l1 and l4 now give a competitive reason; l3's reason no longer is one.
    CHECK(g->lost_to_competitors == 3);
  }
  SUBCASE("an unknown stage is an error naming the deal") {
    auto odd = acme("Closing");
    const auto e = measure_pipeline(std::span(&odd, 1), rules(), today);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::unknown_name);
    CHECK(e.error().deal_id == "OPP-0001");
    CHECK(e.error().row == 1);
  }
}

TEST_CASE("diagnosis: an empty pipeline draws no diagnosis") {
  const auto f = measure_pipeline({}, rules(), today);
  REQUIRE(f);
  CHECK(*f == pipeline_figures{});
  diagnosis_inputs in;
  in.pipeline = *f;
  const auto report = *diagnose(in, rules());
  REQUIRE(report.checks.size() == 7);
  for (const auto& d : report.checks) CHECK(d.status == no_figure);
  CHECK(report.found().empty());
}

TEST_CASE("diagnosis: every diagnosis carries its figures, a root cause and a remedy") {
  // A pipeline with every problem at once.
  diagnosis_inputs in;
  in.pipeline = {.open_deals = 20, .single_threaded = 10, .open_in_discovery = 10, .stalled_in_discovery = 5,
                 .won_deals = 10, .won_discount_total = 20'000, .lost_deals = 10, .lost_to_competitors = 5};
  in.forecast = forecast_figures{usd(200'00), usd(100'00), 10};
  in.win_rate = win_rate_figure{5, 35, {}};
  in.previous_win_rate = win_rate_figure{10, 30, {}};
  in.coverage = coverage_figures{usd(100'00), usd(100'00), 20};
  const auto report = *diagnose(in, rules());
  const auto found = report.found();
  REQUIRE(found.size() == 7);
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& d = found[i];
    CAPTURE(i);
    CHECK(d.problem == static_cast<problem>(i));  // in the table's order
    CHECK(d.value);
    CHECK(d.threshold);
    CHECK(d.deals >= 10);
    CHECK(d.root_cause == root_cause_of(d.problem));
    CHECK(d.remedy == remedy_of(d.problem));
    CHECK_FALSE(d.root_cause.empty());
    CHECK_FALSE(d.remedy.empty());
  }
  // The remedies keep the playbook's numbers.
  CHECK(remedy_of(problem::stalling_at_discovery).find("55%") != std::string_view::npos);
  CHECK(root_cause_of(problem::falling_win_rate).find("63%") != std::string_view::npos);
  CHECK(remedy_of(problem::falling_win_rate).find("20 of 30") != std::string_view::npos);
  CHECK(remedy_of(problem::single_threaded).find("48 hours") != std::string_view::npos);
  CHECK(remedy_of(problem::low_coverage).find("20%") != std::string_view::npos);
  // ...in our own words, not the playbook's sentences.
  CHECK(remedy_of(problem::stalling_at_discovery).find("Re-qualify using the scorecard") == std::string_view::npos);
  CHECK(remedy_of(problem::discount_erosion).find("Always present ROI analysis") == std::string_view::npos);
}

TEST_CASE("diagnosis: a blank competitive loss reason is a policy error") {
  policy p;
  p.diagnosis.competitor_loss_reasons = {"Lost to competitor", " "};
  const auto v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().code == errc::invalid_policy);
  CHECK(v.error().where == "/diagnosis/competitor_loss_reasons/1");
}

TEST_CASE("diagnosis: measure_pipeline refuses a deal whose outcome contradicts its stage") {
  opportunity o;
  o.id = "OPP-3";
  o.stage = "Closed Won";  // but still open
  const auto f = measure_pipeline(std::span(&o, 1), rules(), today);
  REQUIRE_FALSE(f);
  CHECK(f.error().code == errc::inconsistent);
  CHECK(f.error().where == "/outcome");
  CHECK(f.error().deal_id == "OPP-3");
  CHECK(f.error().row == 1);
}

TEST_CASE("diagnosis: a forecast and its actual in two currencies are an error") {
  diagnosis_inputs in;
  in.forecast = forecast_figures{money(100, currency{"USD"}), money(100, currency{"EUR"}), 20};
  const auto r = diagnose(in, rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::currency_mismatch);
  CHECK(r.error().where == "/forecast/actual");
}

TEST_CASE("diagnosis: pipeline figures of two parts add up, and a discount sum past 64 bits changes nothing") {
  pipeline_figures a{.open_deals = 10, .single_threaded = 4, .open_in_discovery = 3, .stalled_in_discovery = 1,
                     .won_deals = 2, .won_discount_total = 1'500, .lost_deals = 5, .lost_to_competitors = 2};
  const pipeline_figures b{.open_deals = 7, .single_threaded = 1, .open_in_discovery = 2, .stalled_in_discovery = 2,
                           .won_deals = 3, .won_discount_total = 2'250, .lost_deals = 1, .lost_to_competitors = 1};
  REQUIRE(a.add(b));
  CHECK(a == pipeline_figures{.open_deals = 17, .single_threaded = 5, .open_in_discovery = 5,
                              .stalled_in_discovery = 3, .won_deals = 5, .won_discount_total = 3'750,
                              .lost_deals = 6, .lost_to_competitors = 3});
  const pipeline_figures before = a;
  const pipeline_figures huge{.won_deals = 1, .won_discount_total = INT64_MAX};
  CHECK_FALSE(a.add(huge));
  CHECK(a == before);
}
