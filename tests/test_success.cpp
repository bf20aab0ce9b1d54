// SPDX-License-Identifier: BSL-1.0
#include <salesrules/success.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using salesrules::test::acme;
using salesrules::test::qualified;

namespace {

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }
measure pct(std::int64_t bp) { return measure::of(percent::from_basis_points(bp)); }

constexpr auto pass = success_verdict::pass;
constexpr auto fail = success_verdict::fail;
constexpr auto unknown = success_verdict::unknown;

// The (first) row of a metric.
success_row row(const success_scorecard& card, success_metric m) {
  for (const auto& r : card.rows)
    if (r.metric == m) return r;
  FAIL("no row for the metric");
  return {};
}

success_row evaluate(const success_inputs& in, success_metric m, policy p = {}) {
  auto card = evaluate_success(in, rules(std::move(p)));
  REQUIRE(card);
  return row(*card, m);
}

static_assert(noexcept(evaluate_success(std::declval<const success_inputs&>(), std::declval<const validated_policy&>())));

}  // namespace

TEST_CASE("success: with no figures every criterion is unknown, and each shows its target") {
  const auto card = *evaluate_success({}, rules());
  using m = success_metric;
  using t = target_rule;
  const std::vector<success_row> expected{
      {m::quota_attainment, "", std::nullopt, t::at_least, pct(10000), std::nullopt, unknown},
      {m::win_rate, "", std::nullopt, t::at_least, pct(2500), std::nullopt, unknown},
      {m::qualified_win_rate, "", std::nullopt, t::at_least, pct(3500), std::nullopt, unknown},
      {m::average_deal_size, "", std::nullopt, t::above_previous, std::nullopt, std::nullopt, unknown},
      {m::cycle_length, "", std::nullopt, t::under, std::nullopt, std::nullopt, unknown},
      {m::pipeline_coverage, "", std::nullopt, t::within, pct(30000), pct(40000), unknown},
      {m::forecast_accuracy, "", std::nullopt, t::at_most, pct(1000), std::nullopt, unknown},
      {m::meddpicc_completion, "", std::nullopt, t::at_least, pct(10000), std::nullopt, unknown},
      {m::activity_to_close, "", std::nullopt, t::below_previous, std::nullopt, std::nullopt, unknown},
  };
  CHECK(card.rows == expected);
  CHECK(card.count(unknown) == 9);
  CHECK(card.count(pass) == 0);
}

TEST_CASE("success: quota attainment passes from 100%") {
  success_inputs in;
  in.quota = usd(100'000'00);
  in.closed_won = usd(100'000'00);  // exactly 100%
  auto r = evaluate(in, success_metric::quota_attainment);
  CHECK(r.figure == pct(10000));
  CHECK(r.verdict == pass);

  in.closed_won = usd(99'999'99);  // 99.99999%: shown rounded down, 99.99%
  r = evaluate(in, success_metric::quota_attainment);
  CHECK(r.figure == pct(9999));
  CHECK(r.verdict == fail);

  in.closed_won = usd(125'000'00);
  CHECK(evaluate(in, success_metric::quota_attainment).figure == pct(12500));

  SUBCASE("a zero quota has no figure") {
    in.quota = usd(0);
    r = evaluate(in, success_metric::quota_attainment);
    CHECK_FALSE(r.figure);
    CHECK(r.verdict == unknown);
  }
  SUBCASE("amounts in two currencies are an error, not compared") {
    in.quota = money(100'000'00, currency{"EUR"});
    CHECK(evaluate_success(in, rules()).error().where == "/quota");
  }
  SUBCASE("the target is the policy's") {
    policy p;
    p.win_loss.quota_attainment_target = percent::from_whole(130);
    CHECK(evaluate(in, success_metric::quota_attainment, p).verdict == fail);  // 125% < 130%
  }
}

TEST_CASE("success: win rate passes from 25% overall and 35% for qualified deals") {
  success_inputs in;
  in.win_rate = win_rate_figure{1, 3, {}};            // 25%
  in.qualified_win_rate = win_rate_figure{7, 13, {}};  // 35%
  auto card = *evaluate_success(in, rules());
  CHECK(row(card, success_metric::win_rate).figure == pct(2500));
  CHECK(row(card, success_metric::win_rate).verdict == pass);
  CHECK(row(card, success_metric::qualified_win_rate).figure == pct(3500));
  CHECK(row(card, success_metric::qualified_win_rate).verdict == pass);

  // 2499 of 9997 is 24.997%: shown as 24.99%, and below 25% exactly.
  in.win_rate = win_rate_figure{2499, 7498, {}};
  in.qualified_win_rate = win_rate_figure{6, 12, {}};  // 33.33%
  card = *evaluate_success(in, rules());
  CHECK(row(card, success_metric::win_rate).figure == pct(2499));
  CHECK(row(card, success_metric::win_rate).verdict == fail);
  CHECK(row(card, success_metric::qualified_win_rate).figure == pct(3333));
  CHECK(row(card, success_metric::qualified_win_rate).verdict == fail);

  in.win_rate = win_rate_figure{};  // no closed deals: nothing to divide by
  CHECK(evaluate(in, success_metric::win_rate).verdict == unknown);
  CHECK_FALSE(evaluate(in, success_metric::win_rate).figure);
}

TEST_CASE("success: average deal size passes when it rose on the previous period") {
  success_inputs in;
  in.average_deal_size = usd(100'000'01);
  in.previous_average_deal_size = usd(100'000'00);
  auto r = evaluate(in, success_metric::average_deal_size);
  CHECK(r.figure == measure::of(usd(100'000'01)));
  CHECK(r.target == measure::of(usd(100'000'00)));
  CHECK(r.verdict == pass);

  in.average_deal_size = usd(100'000'00);  // flat is not up
  CHECK(evaluate(in, success_metric::average_deal_size).verdict == fail);

  in.previous_average_deal_size.reset();
  r = evaluate(in, success_metric::average_deal_size);
  CHECK(r.figure == measure::of(usd(100'000'00)));
  CHECK_FALSE(r.target);
  CHECK(r.verdict == unknown);

  in.previous_average_deal_size = money(1, currency{"EUR"});
  CHECK(evaluate_success(in, rules()).error().where == "/previous_average_deal_size");
}

TEST_CASE("success: cycle length per segment, under the segment's target") {
  success_inputs in;
  in.cycles = {
      {"Mid-Market", 2, 119},  // 59.5 days, shown as 59: under 60
      {"mid-market", 2, 120},  // 60 days: not under 60 (the target matches ignoring case)
      {"Enterprise", 1, 89},   // a single deal, under 90
      {"Enterprise", 1, 90},
      {"SMB", 3, 30},          // no target
      {"Startup", 0, 0},       // no won deal measured
  };
  const auto card = *evaluate_success(in, rules());
  std::vector<success_row> cycles;
  for (const auto& r : card.rows)
    if (r.metric == success_metric::cycle_length) cycles.push_back(r);
  using d = measure;
  const std::vector<success_row> expected{
      {success_metric::cycle_length, "Mid-Market", d::of_days(59), target_rule::under, d::of_days(60), std::nullopt, pass},
      {success_metric::cycle_length, "mid-market", d::of_days(60), target_rule::under, d::of_days(60), std::nullopt, fail},
      {success_metric::cycle_length, "Enterprise", d::of_days(89), target_rule::under, d::of_days(90), std::nullopt, pass},
      {success_metric::cycle_length, "Enterprise", d::of_days(90), target_rule::under, d::of_days(90), std::nullopt, fail},
      {success_metric::cycle_length, "SMB", d::of_days(10), target_rule::under, std::nullopt, std::nullopt, unknown},
      {success_metric::cycle_length, "Startup", std::nullopt, target_rule::under, std::nullopt, std::nullopt, unknown},
  };
  CHECK(cycles == expected);
}

TEST_CASE("success: weighted pipeline coverage passes within 3-4x of the remaining quota") {
  success_inputs in;
  in.remaining_quota = usd(100'000'00);
  const auto at = [&](std::int64_t cents) {
    in.weighted_pipeline = usd(cents);
    return evaluate(in, success_metric::pipeline_coverage);
  };
  CHECK(at(300'000'00).verdict == pass);   // 3x
  CHECK(at(400'000'00).verdict == pass);   // 4x
  CHECK(at(299'999'99).verdict == fail);   // 2.9999999x, shown as 299.99%
  CHECK(at(299'999'99).figure == pct(29999));
  CHECK(at(400'010'00).verdict == fail);   // 4.0001x
  CHECK(at(400'010'00).figure == pct(40001));
  CHECK(at(400'000'01).verdict == fail);   // a hair over 4x: shown as 400%, and above it exactly
  CHECK(at(400'000'01).figure == pct(40000));

  SUBCASE("no upper bound: anything from the low target up passes") {
    policy p;
    p.coverage.weighted.high.reset();
    in.weighted_pipeline = usd(1'000'000'00);
    const auto r = evaluate(in, success_metric::pipeline_coverage, p);
    CHECK(r.verdict == pass);
    CHECK_FALSE(r.target_high);
  }
  SUBCASE("a quota already met leaves nothing to cover: no figure") {
    in.remaining_quota = usd(0);
    CHECK(at(300'000'00).verdict == unknown);
    CHECK_FALSE(at(300'000'00).figure);
  }
}

TEST_CASE("success: forecast accuracy passes within 10% of actual") {
  success_inputs in;
  in.actual = usd(100'000'00);
  const auto at = [&](std::int64_t cents) {
    in.forecast = usd(cents);
    return evaluate(in, success_metric::forecast_accuracy);
  };
  CHECK(at(110'000'00).verdict == pass);  // 10% over
  CHECK(at(110'000'00).figure == pct(1000));
  CHECK(at(90'000'00).verdict == pass);   // 10% under
  CHECK(at(110'000'01).verdict == fail);  // 10.00001%: the error is shown rounded up, 10.01%
  CHECK(at(110'000'01).figure == pct(1001));
  CHECK(at(89'999'99).verdict == fail);
  CHECK(at(100'000'00).figure == pct(0));

  in.actual = usd(0);  // nothing closed: the error has no figure
  CHECK(at(1).verdict == unknown);
}

TEST_CASE("success: MEDDPICC completion counts open deals past Discovery") {
  using m = milestone;
  const auto complete = qualified(acme("Demo/Evaluation", {m::meeting_held}));
  auto incomplete = qualified(acme("Proposal"));
  incomplete.meddpicc.economic_buyer.clear();
  auto in_discovery = acme("Discovery");      // not past Discovery: not counted
  auto won = acme("Closed Won");               // closed: not counted
  won.outcome = deal_outcome::won;
  const std::vector<opportunity> deals{complete, incomplete, in_discovery, won, acme("Prospect")};

  const auto measured = measure_meddpicc_completion(deals, rules());
  REQUIRE(measured);
  CHECK(*measured == meddpicc_completion{2, 1});

  success_inputs in;
  in.meddpicc = *measured;  // 1 of 2: 50%
  auto r = evaluate(in, success_metric::meddpicc_completion);
  CHECK(r.figure == pct(5000));
  CHECK(r.verdict == fail);

  in.meddpicc = meddpicc_completion{3, 3};
  CHECK(evaluate(in, success_metric::meddpicc_completion).verdict == pass);
  in.meddpicc = meddpicc_completion{1000, 999};  // 99.9%
  CHECK(evaluate(in, success_metric::meddpicc_completion).verdict == fail);
  in.meddpicc = meddpicc_completion{};  // no deal past Discovery
  CHECK(evaluate(in, success_metric::meddpicc_completion).verdict == unknown);

  SUBCASE("an unknown stage is an error naming the deal") {
    auto odd = acme("Closing");
    const auto e = measure_meddpicc_completion(std::span(&odd, 1), rules());
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::unknown_name);
    CHECK(e.error().deal_id == "OPP-0001");
    CHECK(e.error().row == 1);
  }
}

TEST_CASE("success: the activity-to-close ratio passes when fewer meetings closed each deal than before") {
  success_inputs in;
  in.activity = activity_figure{20, 8};            // 2.5 meetings per closed deal
  in.previous_activity = activity_figure{30, 10};  // 3
  auto r = evaluate(in, success_metric::activity_to_close);
  CHECK(r.figure == pct(25000));
  CHECK(r.target == pct(30000));
  CHECK(r.verdict == pass);

  in.previous_activity = activity_figure{25, 10};  // 2.5 as well: not improving
  CHECK(evaluate(in, success_metric::activity_to_close).verdict == fail);

  in.activity = activity_figure{10, 3};  // 3.333...: shown rounded up, 333.34%
  CHECK(evaluate(in, success_metric::activity_to_close).figure == pct(33334));

  in.previous_activity = activity_figure{12, 0};  // nothing closed before: no comparison
  r = evaluate(in, success_metric::activity_to_close);
  CHECK_FALSE(r.target);
  CHECK(r.verdict == unknown);
}

TEST_CASE("success: a win/loss report supplies the win rates, the deal size and the cycles") {
  win_loss_report report;
  report.win_rate = {3, 7, percent::from_whole(30)};
  report.qualified_win_rate = {3, 3, percent::from_whole(50)};
  report.average_won = usd(5'000'00);
  segment_win_loss seg;
  seg.segment = "Enterprise";
  seg.from_stage_to_won = {2, 200, 100, 90, false};
  report.segments.push_back(seg);

  auto in = success_inputs_from(report);
  in.previous_average_deal_size = usd(4'000'00);
  const auto card = *evaluate_success(in, rules());
  CHECK(row(card, success_metric::win_rate).verdict == pass);
  CHECK(row(card, success_metric::qualified_win_rate).verdict == pass);
  CHECK(row(card, success_metric::average_deal_size).verdict == pass);
  const auto cycle = row(card, success_metric::cycle_length);
  CHECK(cycle.segment == "Enterprise");
  CHECK(cycle.figure == measure::of_days(100));
  CHECK(cycle.verdict == fail);
  CHECK(card.count(pass) == 3);
  CHECK(card.count(fail) == 1);
  CHECK(card.count(unknown) == 5);
}

TEST_CASE("success: the policy's new targets are validated") {
  policy p;
  p.win_loss.quota_attainment_target = percent{};
  auto v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/win_loss/quota_attainment_target");

  p = {};
  p.win_loss.meddpicc_completion_target = percent::from_whole(101);
  v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/win_loss/meddpicc_completion_target");

  p = {};
  p.win_loss.quota_attainment_target = percent::from_whole(120);  // above 100% is a fair target
  CHECK(validate(p));
}

TEST_CASE("success: figures to compare in two currencies are an error, not an unknown") {
  success_inputs in;
  in.closed_won = money(100, currency{"USD"});
  in.quota = money(100, currency{"EUR"});
  const auto card = evaluate_success(in, rules());
  REQUIRE_FALSE(card);
  CHECK(card.error().code == errc::currency_mismatch);
  CHECK(card.error().where == "/quota");
}
