// SPDX-License-Identifier: BSL-1.0
// salesrules/success.hpp - the playbook's success criteria as a scorecard.
//
// Eight criteria, each a row with its figure, the target it is held against and a
// verdict: pass, fail, or unknown when the figure (or, for a trend, last period's
// figure) is not available.
//
//   quota attainment      closed won / quota              at least 100%  (win_loss().quota_attainment_target)
//   win rate              won / (won + lost)              at least 25%, and 35% for qualified deals
//   average deal size     mean won deal, this period      above the previous period's
//   sales cycle length    mean days, Discovery -> won     under the segment's target (60 mid-market, 90 enterprise)
//   pipeline coverage     weighted pipeline / remaining   within coverage().weighted (3-4x)
//   forecast accuracy     |forecast - actual| / actual    at most forecast().accuracy_target (10%)
//   MEDDPICC completion   complete / open deals past      at least 100% (win_loss().meddpicc_completion_target)
//                         hygiene().qualified_after
//   activity-to-close     meetings booked / deals closed  below the previous period's (improving)
//
// The caller fills success_inputs with what it has from the other reports
// (success_inputs_from takes the win/loss report's part); whatever it leaves unset
// is reported unknown. Verdicts are decided on exact fractions. Figures shown are
// percentages in basis points rounded cautiously, down for what should be high
// (attainment, win rates, coverage, completion) and up for what should be low (the
// forecast error, meetings per closed deal), so that a figure shown equal to its
// target has met it. (Coverage has an upper bound too: a ratio a fraction of a basis
// point above it shows equal to it and fails.) Averages are the win/loss report's:
// money rounded half to even once; days rounded down to whole days, so that a
// cycle shown under its target is under it.
#ifndef SALESRULES_SUCCESS_HPP
#define SALESRULES_SUCCESS_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salesrules {

enum class success_metric : std::uint8_t {
  quota_attainment,
  win_rate,
  qualified_win_rate,
  average_deal_size,
  cycle_length,
  pipeline_coverage,
  forecast_accuracy,
  meddpicc_completion,
  activity_to_close,
};
BOOST_DESCRIBE_ENUM(success_metric, quota_attainment, win_rate, qualified_win_rate, average_deal_size, cycle_length,
                    pipeline_coverage, forecast_accuracy, meddpicc_completion, activity_to_close)

enum class success_verdict : std::uint8_t { pass, fail, unknown };
BOOST_DESCRIBE_ENUM(success_verdict, pass, fail, unknown)

enum class measure_unit : std::uint8_t { percent, money, days };
BOOST_DESCRIBE_ENUM(measure_unit, percent, money, days)

// A figure or a target: a percentage (ratios too: 350% coverage is 3.5x, 250%
// meetings per closed deal is 2.5 meetings), an amount, or a number of days.
struct measure {
  measure_unit unit{};
  percent pct;           // when unit is percent
  money amount;          // when unit is money
  std::int32_t days = 0;  // when unit is days

  [[nodiscard]] static constexpr measure of(percent p) noexcept { return {measure_unit::percent, p, {}, 0}; }
  [[nodiscard]] static constexpr measure of(money m) noexcept { return {measure_unit::money, {}, m, 0}; }
  [[nodiscard]] static constexpr measure of_days(std::int32_t d) noexcept { return {measure_unit::days, {}, {}, d}; }

  friend constexpr bool operator==(const measure&, const measure&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(measure, (), (unit, pct, amount, days))

// How a figure is held against its target.
enum class target_rule : std::uint8_t {
  at_least,        // figure >= target
  at_most,         // figure <= target
  under,           // figure < target
  within,          // target <= figure <= target_high (no high: no upper bound)
  above_previous,  // figure > the previous period's
  below_previous,  // figure < the previous period's
};
BOOST_DESCRIBE_ENUM(target_rule, at_least, at_most, under, within, above_previous, below_previous)

struct success_row {
  success_metric metric{};
  std::string segment;               // cycle_length rows: the segment; empty otherwise
  std::optional<measure> figure;     // none: not available
  target_rule rule{};
  std::optional<measure> target;     // the target, or for trends the previous period's figure; none: unknown
  std::optional<measure> target_high;  // within: the upper bound, when there is one
  success_verdict verdict = success_verdict::unknown;

  friend bool operator==(const success_row&, const success_row&) = default;
};
BOOST_DESCRIBE_STRUCT(success_row, (), (metric, segment, figure, rule, target, target_high, verdict))

struct success_scorecard {
  // In the order of the table above; one cycle_length row per segment given (one
  // row without a segment when none is).
  std::vector<success_row> rows;

  [[nodiscard]] std::size_t count(success_verdict v) const noexcept;
  friend bool operator==(const success_scorecard&, const success_scorecard&) = default;
};
BOOST_DESCRIBE_STRUCT(success_scorecard, (), (rows))

// A segment's stage cycle: won deals measured and their days in total.
struct segment_cycle {
  std::string segment;
  std::uint64_t deals = 0;
  std::int64_t total_days = 0;
  friend bool operator==(const segment_cycle&, const segment_cycle&) = default;
};
BOOST_DESCRIBE_STRUCT(segment_cycle, (), (segment, deals, total_days))

// Open deals past hygiene().qualified_after, and how many have every field of the
// policy's framework.
struct meddpicc_completion {
  std::uint64_t deals = 0;
  std::uint64_t complete = 0;
  friend constexpr bool operator==(const meddpicc_completion&, const meddpicc_completion&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(meddpicc_completion, (), (deals, complete))

// One period's activity: meetings booked and deals closed (won or lost).
struct activity_figure {
  std::uint64_t meetings_booked = 0;
  std::uint64_t deals_closed = 0;
  friend constexpr bool operator==(const activity_figure&, const activity_figure&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(activity_figure, (), (meetings_booked, deals_closed))

// The figures the criteria need, for one period (a quarter). Amounts compared with
// each other must be in one currency: give them in the reporting currency.
struct success_inputs {
  std::optional<money> closed_won;  // won this period
  std::optional<money> quota;
  std::optional<win_rate_figure> win_rate;
  std::optional<win_rate_figure> qualified_win_rate;
  std::optional<money> average_deal_size;
  std::optional<money> previous_average_deal_size;
  std::vector<segment_cycle> cycles;  // Discovery -> Closed Won, by segment
  std::optional<money> weighted_pipeline;
  std::optional<money> remaining_quota;
  std::optional<money> forecast;  // the call for the period
  std::optional<money> actual;    // what closed
  std::optional<salesrules::meddpicc_completion> meddpicc;
  std::optional<activity_figure> activity;
  std::optional<activity_figure> previous_activity;

  friend bool operator==(const success_inputs&, const success_inputs&) = default;
};
BOOST_DESCRIBE_STRUCT(success_inputs, (),
                      (closed_won, quota, win_rate, qualified_win_rate, average_deal_size, previous_average_deal_size,
                       cycles, weighted_pipeline, remaining_quota, forecast, actual, meddpicc, activity,
                       previous_activity))

// The inputs a win/loss report supplies: both win rates, the average won deal and
// each segment's stage cycle (from_stage_to_won). The rest stays unset.
[[nodiscard]] success_inputs success_inputs_from(const win_loss_report& report) noexcept;

// How many open deals past hygiene().qualified_after have complete MEDDIC/MEDDPICC
// (the policy's framework). An error names a deal whose stage the process does not know.
[[nodiscard]] expected<meddpicc_completion, error> measure_meddpicc_completion(
    std::span<const opportunity> deals, const validated_policy& policy) noexcept;

// The success scorecard. A figure that cannot be computed (missing, a zero or
// negative quota, remaining quota or actual, no deals behind it) is unknown, never a
// division by zero. A remaining quota of zero means the quota is met: coverage then
// has no figure. Figures compared with each other in two currencies (a quota in EUR
// beside closed-won in USD) are an error naming the second field
// (errc::currency_mismatch), not an unknown.
[[nodiscard]] expected<success_scorecard, error> evaluate_success(const success_inputs& in,
                                                                const validated_policy& policy) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/success.ipp>
#endif

#endif  // SALESRULES_SUCCESS_HPP
