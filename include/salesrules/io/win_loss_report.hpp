// SPDX-License-Identifier: BSL-1.0
// salesrules/io/win_loss_report.hpp - the report behind `salesrules win-loss`.
//
// Part of salesrules::io (compiled; link salesrules::io). The command-line tool
// feeds the builder one opportunity at a time as it imports them; finish() runs
// the playbook's win/loss analysis (win_loss.hpp) and the stage calibration
// (calibration.hpp) over the closed deals and judges the troubleshooting rows that
// closed deals can show (diagnosis.hpp). render() prints the result as text or
// Markdown; JSON output comes from the Boost.Describe metadata of the structs.
//
// Memory: the builder does not keep the pipeline. It copies the closed deals in
// scope, with only the fields the analysis reads (id, outcome, stage, dates,
// segment, ratings, requested discount, competitors, loss reason, stage history),
// into a batch of at most batch_size; a full batch is analysed and its figures
// added to running totals (counts, day sums, names), and dropped. A won deal's
// amount is taken as the deal comes, not from the batch: what stays is 16 bytes per
// won deal with an exchange rate (its exact amount, for the median), a sum per
// currency, and one entry per segment, loss reason and competitor. The totals equal
// analyze_win_loss and calibrate over all the closed deals at once: rates, averages
// and the median are computed from the summed counts and exact amounts, once, in
// finish().
//
// Won deals in a currency the policy has no exchange rate for count in every count
// and rate (won, win rates, cycles, segments); their amounts are kept apart
// (won_not_converted), out of the won total, the average and the median.
#ifndef SALESRULES_IO_WIN_LOSS_REPORT_HPP
#define SALESRULES_IO_WIN_LOSS_REPORT_HPP

#include <salesrules/calibration.hpp>
#include <salesrules/date.hpp>
#include <salesrules/diagnosis.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/class.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// What the win/loss report covers.
struct win_loss_options {
  date today{};                          // the report's date; the trend's quarter when no period is set
  std::optional<fiscal_period> period;  // when set, only deals closed in this period are analysed
};
BOOST_DESCRIBE_STRUCT(win_loss_options, (), (today, period))

// A win rate held against the policy's target (win_loss().win_rate_target or
// qualified_win_rate_target). Met when the exact rate reaches the target; none
// without won or lost deals.
struct target_check {
  percent target;
  std::optional<bool> met;

  friend bool operator==(const target_check&, const target_check&) = default;
};
BOOST_DESCRIBE_STRUCT(target_check, (), (target, met))

// The win rate of one period beside the one before it (the playbook's "win rate
// declining quarter-over-quarter"): the report's period, else the fiscal quarter
// holding `today`, against the previous period of the same kind.
struct win_rate_trend {
  fiscal_period period;
  win_rate_figure current;
  fiscal_period previous_period;
  win_rate_figure previous;

  friend bool operator==(const win_rate_trend&, const win_rate_trend&) = default;
};
BOOST_DESCRIBE_STRUCT(win_rate_trend, (), (period, current, previous_period, previous))

// Won and lost deals closed in one fiscal quarter.
struct quarter_win_rate {
  fiscal_period quarter;
  win_rate_figure figure;

  friend bool operator==(const quarter_win_rate&, const quarter_win_rate&) = default;
};
BOOST_DESCRIBE_STRUCT(quarter_win_rate, (), (quarter, figure))

// How many quarters win_loss_summary::by_quarter holds: two years.
inline constexpr std::size_t win_rate_quarters = 8;

// One troubleshooting row as diagnose() judged it, with its texts owned.
struct win_loss_diagnosis {
  salesrules::problem problem{};
  diagnosis_status status = diagnosis_status::no_figure;
  std::optional<percent> value;
  std::optional<percent> threshold;
  std::uint64_t deals = 0;  // deals behind the figure
  std::string root_cause;
  std::string remedy;

  friend bool operator==(const win_loss_diagnosis&, const win_loss_diagnosis&) = default;
};
BOOST_DESCRIBE_STRUCT(win_loss_diagnosis, (), (problem, status, value, threshold, deals, root_cause, remedy))

// Everything `salesrules win-loss` shows.
struct win_loss_summary {
  date today{};
  std::optional<fiscal_period> period;       // the closed deals analysed closed in it; none: every closed deal
  std::uint64_t deals_read = 0;              // every deal added
  std::uint64_t closed_outside_period = 0;   // closed deals left out because they closed outside the period
  // analyze_win_loss over the closed deals in scope; analysis.deals.open counts
  // every open deal read, whatever the period.
  win_loss_report analysis;
  // Won deals in scope whose currency has no exchange rate, by currency: counted in
  // analysis.deals and the rates, left out of won_total, average_won and median_won.
  std::vector<unconverted> won_not_converted;
  std::string cycle_from_stage;        // the policy's: the stage cycle lengths count from
  std::string needs_assessment_stage;  // the policy's: losses up to it are before needs assessment
  target_check win_rate_check;
  target_check qualified_win_rate_check;
  calibration_report calibration;  // calibrate() over the same closed deals
  win_rate_trend trend;
  // The win rate of each of the win_rate_quarters fiscal quarters ending with the
  // trend's (the period's last quarter, or today's), oldest first, over every won and
  // lost deal read, whatever the period; fewer when earlier quarters would begin
  // before the year 0001.
  std::vector<quarter_win_rate> by_quarter;
  // The rows closed deals can show, in the table's order: falling win rate (from
  // the trend), discounts eroding margin and losses to competitors (over the
  // closed deals in scope).
  std::vector<win_loss_diagnosis> diagnoses;
  std::uint32_t diagnosis_min_deals = 0;  // the policy's: fewer deals behind a figure, no diagnosis

  friend bool operator==(const win_loss_summary&, const win_loss_summary&) = default;
};
BOOST_DESCRIBE_STRUCT(win_loss_summary, (),
                      (today, period, deals_read, closed_outside_period, analysis, won_not_converted,
                       cycle_from_stage, needs_assessment_stage, win_rate_check, qualified_win_rate_check, calibration, trend,
                       by_quarter, diagnoses, diagnosis_min_deals))

// Collects deals one at a time and builds the win/loss summary. The policy must
// outlive the builder.
class win_loss_builder {
 public:
  win_loss_builder(const validated_policy& policy, win_loss_options options) noexcept;
  win_loss_builder(win_loss_builder&&) noexcept;
  win_loss_builder& operator=(win_loss_builder&&) noexcept;
  ~win_loss_builder();

  // Count the deal and copy what the analysis needs of it when it is closed (in the
  // period, if one is set): the caller may reuse the deal. An error, naming the
  // deal, when its stage is not in the policy or contradicts its outcome, or a won
  // deal's amount has no currency or is too large to convert; or the error of
  // analyze_win_loss or calibrate() when this deal fills a batch (dates that
  // contradict each other, overflow), naming the deal at fault, which may be an
  // earlier one of the batch. A won deal in a currency without a rate is no error:
  // its amount is kept apart.
  [[nodiscard]] expected<void, error> add(const opportunity& deal) noexcept;

  // The summary of the deals added so far, with the same errors for the last batch.
  // Further deals may be added after it, and finish() called again.
  [[nodiscard]] expected<win_loss_summary, error> finish() noexcept;

  static constexpr std::size_t batch_size = 4096;

  // Takes in the deals `later` added (a builder over the same policy and options, fed
  // the part of an export after this one's), as if they had come after this builder's
  // own: names keep the spelling met first, in the order met. `later` is left empty.
  // Errors: those of analysing either builder's last batch, and overflow.
  [[nodiscard]] expected<void, error> merge(win_loss_builder& later) noexcept;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

// The summary as text (aligned tables, underlined headings) or Markdown, opening
// with a one-line summary. JSON is not rendered here: asking for it gives text.
[[nodiscard]] std::string render(const win_loss_summary& r, output_format f) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_WIN_LOSS_REPORT_HPP
