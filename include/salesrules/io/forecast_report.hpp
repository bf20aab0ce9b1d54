// SPDX-License-Identifier: BSL-1.0
// salesrules/io/forecast_report.hpp - the figures behind `salesrules forecast`.
//
// Part of salesrules::io. The playbook's forecast calculator for one fiscal period:
// the forecast calls by category (cumulative, as CRMs roll them up), the weighted
// pipeline, the range the period's bookings may land in (P10/P50/P90 and the chance
// of reaching the quota), and the period's coverage against the quarter-phase
// target at "today". A forecast_builder takes the deals one at a time, straight from
// an import, and keeps sums and 16 bytes per uncertain deal of the period; render()
// prints the report as text or Markdown (JSON is the CLI's, from the described structs).
//
// A deal in a currency the policy has no exchange rate for counts in the deal counts,
// and its amount is kept apart, in its currency, beside each figure it is not in
// (salesrules::unconverted): the calls, the weighted call, the range (whose
// distribution holds only the converted deals) and coverage.
#ifndef SALESRULES_IO_FORECAST_REPORT_HPP
#define SALESRULES_IO_FORECAST_REPORT_HPP

#include <salesrules/coverage.hpp>
#include <salesrules/coverage_policy.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/range_forecast.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// A period's pipeline held against its quota: the playbook's total pipeline / quota
// (the target set by the phase of the quarter "today" is in) and weighted pipeline /
// remaining quota (3-4x at all times). The figures are those of coverage(): open
// deals whose close date is in the period, Omitted ones left out; won deals closed
// in it. Every amount is in the reporting currency, over the deals whose currency has
// a rate; the others are listed apart, and the ratios are judged on the converted
// amounts alone.
struct period_coverage {
  fiscal_period period;
  // Today's month in the quarter when today is inside the period; early before the
  // period starts, late after it ends.
  quarter_phase phase{};
  coverage_target target;           // for pipeline / quota, the phase's
  coverage_target weighted_target;  // for weighted / remaining quota
  std::uint64_t open_deals = 0;  // all of them, converted or not
  money pipeline;  // the open deals' amounts
  money weighted;  // their amount x probability
  std::vector<unconverted> pipeline_not_converted;  // open deals without a rate, by currency
  std::uint64_t won_deals = 0;  // all of them, converted or not
  money closed_won;
  std::vector<unconverted> won_not_converted;  // won deals without a rate, by currency
  std::optional<money> quota;      // as given; the rest below only with a quota
  std::optional<money> remaining;  // quota - closed won, not below 0
  std::optional<coverage_check> total;           // pipeline / quota against `target`
  std::optional<coverage_check> weighted_check;  // weighted / remaining against `weighted_target`

  friend bool operator==(const period_coverage&, const period_coverage&) = default;
};
BOOST_DESCRIBE_STRUCT(period_coverage, (),
                      (period, phase, target, weighted_target, open_deals, pipeline, weighted, pipeline_not_converted,
                       won_deals, closed_won, won_not_converted, quota, remaining, total, weighted_check))

// What `salesrules forecast` is asked: the period, the day it is run, the quota.
struct forecast_options {
  date today{};
  fiscal_period period;
  std::optional<money> quota;  // in the reporting currency, positive
};
BOOST_DESCRIBE_STRUCT(forecast_options, (), (today, period, quota))

// The forecast calls of the period, each level the one before plus its category
// (forecast_calls()): closed won; commit = closed + Commit; best case = commit + Best
// Case; pipeline = best case + Pipeline + Upside. Omitted deals count in none. Each
// level is over the deals whose currency has a rate; its *_not_converted list holds
// the level's other deals, by currency (their weighted amounts too: the pipeline
// level's are what the weighted call lacks).
struct call_figures {
  money closed;
  money commit;
  money best_case;
  money pipeline;
  money weighted;  // closed won + amount x probability of the open deals
  std::vector<unconverted> closed_not_converted;
  std::vector<unconverted> commit_not_converted;
  std::vector<unconverted> best_case_not_converted;
  std::vector<unconverted> pipeline_not_converted;

  friend bool operator==(const call_figures&, const call_figures&) = default;
};
BOOST_DESCRIBE_STRUCT(call_figures, (),
                      (closed, commit, best_case, pipeline, weighted, closed_not_converted, commit_not_converted,
                       best_case_not_converted, pipeline_not_converted))

// The period's deals in one forecast category.
struct category_count {
  forecast_category category{};
  std::uint64_t deals = 0;

  friend bool operator==(const category_count&, const category_count&) = default;
};
BOOST_DESCRIBE_STRUCT(category_count, (), (category, deals))

// A deal whose close date was pushed, or moved out of the period (forecast_calls.hpp's
// deal_slippage, by id).
struct slipped_deal {
  std::string deal;  // its id
  std::uint32_t pushes = 0;
  std::int64_t days_pushed = 0;
  std::int32_t largest_push = 0;
  bool left_period = false;
  date close_date{};  // where it stands now

  friend bool operator==(const slipped_deal&, const slipped_deal&) = default;
};
BOOST_DESCRIBE_STRUCT(slipped_deal, (), (deal, pushes, days_pushed, largest_push, left_period, close_date))

// Close-date slippage over the period's deals and those moved out of it, from their
// close-date histories (what slippage_of() gives for each). A deal with no close-date
// change recorded was not pushed, or its export carries no close-date history; the
// report cannot tell which, and says so rather than calling it not pushed.
struct slippage_figures {
  std::uint64_t deals = 0;         // the period's deals, and those moved out of it
  std::uint64_t with_changes = 0;  // of them, with a close-date change recorded
  std::uint64_t pushed = 0;        // pushed at least once
  std::uint64_t pushes = 0;
  std::int64_t days_pushed = 0;
  std::int32_t largest_push = 0;
  std::uint64_t left_period = 0;          // moved from inside the period to after it
  std::vector<slipped_deal> most_pushed;  // the 10 pushed the most days, most first (ties: by id)

  friend bool operator==(const slippage_figures&, const slippage_figures&) = default;
};
BOOST_DESCRIBE_STRUCT(slippage_figures, (),
                      (deals, with_changes, pushed, pushes, days_pushed, largest_push, left_period, most_pushed))

// The forecast calculator's answer for one period.
struct forecast_report {
  fiscal_period period;
  date today{};
  call_figures calls;
  std::vector<category_count> deals;  // the period's deals in each of the six categories, in enum order
  range_forecast range;               // the quota chance is set when a quota was given
  // Won and open deals of the period left out of the range (booked and distribution)
  // for want of a rate, by currency: the same deals as calls.pipeline_not_converted.
  std::vector<unconverted> range_not_converted;
  period_coverage coverage;
  slippage_figures slippage;

  friend bool operator==(const forecast_report&, const forecast_report&) = default;
};
BOOST_DESCRIBE_STRUCT(forecast_report, (),
                      (period, today, calls, deals, range, range_not_converted, coverage, slippage))

// Builds a forecast_report from deals fed one at a time, in any order, with the
// figures forecast_calls(), forecast_range() and coverage() give over the same deals
// (over the deals whose currency has a rate, where those functions would refuse).
// It keeps sums per category and currency, and of each uncertain open deal of the
// period (0% < probability < 100%, not Omitted) its amount, currency and probability
// (16 bytes, range_builder); of every other deal nothing. The caller may reuse one
// opportunity object for every deal. The policy must outlive the builder.
class forecast_builder {
 public:
  forecast_builder(const validated_policy& policy, forecast_options options) noexcept;
  forecast_builder(forecast_builder&&) noexcept;
  forecast_builder& operator=(forecast_builder&&) noexcept;
  ~forecast_builder();

  // Takes one deal. Errors, naming the deal, with the deal left out: a stage the
  // policy does not know, an outcome its stage contradicts, a deal of the period with
  // an amount without a currency. A currency without an exchange rate is no error:
  // the deal's amount is kept apart. A quota not in the reporting currency or not
  // positive is an error ("quota") from the first call on.
  [[nodiscard]] expected<void, error> add(const opportunity& deal) noexcept;

  // The report of the deals taken so far; the builder may take more afterwards.
  // Errors: the quota's, and sums beyond 64-bit minor units.
  [[nodiscard]] expected<forecast_report, error> finish() const noexcept;

  // Uncertain open deals of the period kept so far (16 bytes each).
  [[nodiscard]] std::size_t kept() const noexcept;

  // Takes in the deals `later` took (a builder over the same policy and options, fed
  // the part of an export after this one's), as if they had come after this builder's
  // own: the report is the one a single builder fed both parts in order gives. `later`
  // is left empty.
  void merge(forecast_builder& later) noexcept;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

// A period from the command line: "2026-Q4" or "FY2026-Q4" (a fiscal quarter, years
// named as the calendar names them), "2026" or "FY2026" (a fiscal year),
// "FY2026-M03" (the third fiscal month) and "2026-11" (the fiscal month that is
// November 2026 on the calendar). Text in none of these forms is an error naming
// "period"; an invalid calendar is its own error.
[[nodiscard]] expected<fiscal_period, error> parse_period(std::string_view text, const fiscal_calendar& calendar) noexcept;

// The report as text (aligned tables) or Markdown; JSON is not rendered here and
// gives text. Amounts without a rate are named in the summary and a note, in a "not
// converted" column of the calls and in rows of the range and coverage tables, only
// when there are some.
[[nodiscard]] std::string render(const forecast_report& r, output_format format) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_FORECAST_REPORT_HPP
