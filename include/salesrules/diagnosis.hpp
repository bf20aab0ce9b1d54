// SPDX-License-Identifier: BSL-1.0
// salesrules/diagnosis.hpp - the playbook's troubleshooting table as rules over figures.
//
// Seven problems, each with the figure that shows it, the policy threshold that
// makes it a problem (policy.diagnosis()), what usually causes it and what to do:
//
//   problem                     figure                                          a problem when
//   stalling at Discovery       open deals in Discovery with no activity for    above max_discovery_stall_share
//                               the stale threshold, of open deals in Discovery
//   low forecast accuracy       100% - |forecast - actual| / actual             below min_forecast_accuracy (70%)
//   falling win rate            this quarter's won / (won + lost)               below last quarter's
//   single-threaded deals       open deals with fewer than min_contacts, of     above max_single_threaded_share
//                               open deals
//   discounts eroding margin    average requested discount of won deals         above max_won_discount (10%)
//   low coverage                total pipeline / quota                          below min_coverage (3x)
//   losses to competitors       lost deals naming a competitor or giving a      above max_competitor_loss_share
//                               competitive loss reason, of lost deals
//
// "Discovery" is hygiene().qualified_after, the stage whose exit asks for
// qualification; its stale threshold is hygiene's for that stage. No diagnosis is
// drawn from fewer than min_deals deals: the deals behind each figure (the
// denominator of a share; the closed deals behind a forecast's actual; the open
// deals behind a coverage; each quarter's won and lost deals) must reach it.
// Percentages are in basis points, rounded so that the shown figure and the
// threshold agree with the exact comparison: down for figures that should be high
// (accuracy, coverage, win rate), up for those that should be low (shares of
// problem deals, the average discount).
#ifndef SALESRULES_DIAGNOSIS_HPP
#define SALESRULES_DIAGNOSIS_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace salesrules {

// The troubleshooting table's rows that figures can show, in its order.
enum class problem : std::uint8_t {
  stalling_at_discovery,
  low_forecast_accuracy,
  falling_win_rate,
  single_threaded,
  discount_erosion,
  low_coverage,
  competitive_losses,
};
BOOST_DESCRIBE_ENUM(problem, stalling_at_discovery, low_forecast_accuracy, falling_win_rate, single_threaded,
                    discount_erosion, low_coverage, competitive_losses)

enum class diagnosis_status : std::uint8_t {
  triggered,      // the figure is past its threshold
  clear,          // the figure is within it
  no_figure,      // not given, or nothing to divide by
  too_few_deals,  // fewer than min_deals deals behind the figure
};
BOOST_DESCRIBE_ENUM(diagnosis_status, triggered, clear, no_figure, too_few_deals)

// What the deals themselves show; measure_pipeline() computes it.
struct pipeline_figures {
  std::uint64_t open_deals = 0;
  std::uint64_t single_threaded = 0;       // open deals with fewer than hygiene().min_contacts engaged contacts
  std::uint64_t open_in_discovery = 0;     // open deals in hygiene().qualified_after
  std::uint64_t stalled_in_discovery = 0;  // of them, no activity for the stage's stale threshold
  std::uint64_t won_deals = 0;
  std::int64_t won_discount_total = 0;     // the won deals' requested discounts summed, in basis points
  std::uint64_t lost_deals = 0;
  std::uint64_t lost_to_competitors = 0;   // naming a competitor or giving a competitive loss reason

  // Adds the figures of more deals (a later part of the same export, say). False, and
  // nothing changed, when the discounts sum past 64 bits.
  [[nodiscard]] bool add(const pipeline_figures& more) noexcept;

  friend constexpr bool operator==(const pipeline_figures&, const pipeline_figures&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(pipeline_figures, (),
                      (open_deals, single_threaded, open_in_discovery, stalled_in_discovery, won_deals,
                       won_discount_total, lost_deals, lost_to_competitors))

// A past period's forecast call, what actually closed, and the deals behind the actual.
struct forecast_figures {
  money forecast;
  money actual;
  std::uint64_t deals = 0;
  friend constexpr bool operator==(const forecast_figures&, const forecast_figures&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(forecast_figures, (), (forecast, actual, deals))

// Total open pipeline against quota, and the open deals behind the pipeline.
struct coverage_figures {
  money pipeline;
  money quota;
  std::uint64_t deals = 0;
  friend constexpr bool operator==(const coverage_figures&, const coverage_figures&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(coverage_figures, (), (pipeline, quota, deals))

struct diagnosis_inputs {
  pipeline_figures pipeline;
  std::optional<forecast_figures> forecast;
  std::optional<win_rate_figure> win_rate;           // this quarter (analyze_win_loss over its closed deals)
  std::optional<win_rate_figure> previous_win_rate;  // the quarter before
  std::optional<coverage_figures> coverage;

  friend bool operator==(const diagnosis_inputs&, const diagnosis_inputs&) = default;
};
BOOST_DESCRIBE_STRUCT(diagnosis_inputs, (), (pipeline, forecast, win_rate, previous_win_rate, coverage))

// One row of the table judged: the figure, the threshold it was held against, the
// deals behind it, and the cause and remedy (our own words, after the playbook).
struct diagnosis {
  salesrules::problem problem{};
  diagnosis_status status = diagnosis_status::no_figure;
  std::optional<percent> value;      // the figure; none when it cannot be computed
  std::optional<percent> threshold;  // the policy's, or last quarter's win rate (none when unknown)
  std::uint64_t deals = 0;
  std::string_view root_cause;
  std::string_view remedy;

  friend constexpr bool operator==(const diagnosis&, const diagnosis&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(diagnosis, (), (problem, status, value, threshold, deals, root_cause, remedy))

struct diagnosis_report {
  std::vector<diagnosis> checks;  // all seven problems, in the table's order

  // The problems found (status triggered).
  [[nodiscard]] std::vector<diagnosis> found() const noexcept;
  // The check of one problem; null when the report holds none.
  [[nodiscard]] const diagnosis* of(salesrules::problem p) const noexcept;
  friend bool operator==(const diagnosis_report&, const diagnosis_report&) = default;
};
BOOST_DESCRIBE_STRUCT(diagnosis_report, (), (checks))

// What usually lies behind a problem, and what to do about it.
[[nodiscard]] constexpr std::string_view root_cause_of(problem p) noexcept;
[[nodiscard]] constexpr std::string_view remedy_of(problem p) noexcept;

// The deal-derived figures of `deals` on `today`. A deal is stale when its last
// activity (its created date when it has none recorded) is at least the stale
// threshold of days before today. A lost deal counts as lost to a competitor when
// it names one (a competitor that is not blank) or its loss reason is one of
// diagnosis().competitor_loss_reasons, ignoring case. Errors: a deal whose stage
// the process does not know (errc::unknown_name, naming the deal); discounts
// summing past 64 bits (errc::overflow).
[[nodiscard]] expected<pipeline_figures, error> measure_pipeline(std::span<const opportunity> deals,
                                                                 const validated_policy& policy, date today) noexcept;

// Judge every problem of the table against policy.diagnosis(). The report always
// holds all seven; found() lists the triggered ones.
// A forecast and its actual, or a pipeline and its quota, in two currencies is an
// error (errc::currency_mismatch).
[[nodiscard]] expected<diagnosis_report, error> diagnose(const diagnosis_inputs& in,
                                                        const validated_policy& policy) noexcept;

namespace detail {
// Whether a lost deal was lost to a competitor: its loss reason is one of the policy's
// competitive reasons, or it names a competitor. The reason first: the names are on
// the heap. (measure_pipeline and the pipeline report count the same deals.)
[[nodiscard]] bool lost_to_competitor(const opportunity& o, const diagnosis_policy& dp) noexcept;
}  // namespace detail

// ---------------------------------------------------------------------------
// Implementation

constexpr std::string_view root_cause_of(problem p) noexcept {
  switch (p) {
    case problem::stalling_at_discovery:
      return "Qualification was left unfinished: MEDDPICC fields are still empty and no one has reached the "
             "economic buyer.";
    case problem::low_forecast_accuracy:
      return "Calls rest on each rep's instinct instead of evidence, and reps read the stages differently.";
    case problem::falling_win_rate:
      return "Deals are let into the pipeline before they are properly qualified; the playbook puts 63% of "
             "losses ahead of the needs assessment.";
    case problem::single_threaded:
      return "The deal depends on a single relationship; when the champion moves on or changes priorities, "
             "it goes quiet.";
    case problem::discount_erosion:
      return "Price is being negotiated before the value is established, and the ROI case is left out.";
    case problem::low_coverage:
      return "Too little prospecting, with the pipeline leaning on inbound leads.";
    case problem::competitive_losses:
      return "Competitive positioning is weak, and rival evaluations come to light late in the cycle.";
  }
  return {};
}

constexpr std::string_view remedy_of(problem p) noexcept {
  switch (p) {
    case problem::stalling_at_discovery:
      return "Score these deals again on the qualification scorecard. Where the economic buyer is out of reach, "
             "have the champion make the introduction: involving the decision-maker early is reported to lift "
             "win rates by 55%.";
    case problem::low_forecast_accuracy:
      return "Hold every stage move to its entry and exit criteria, ask for a dated next step on each deal, "
             "forecast from the probability-weighted pipeline and review the Commit deals every week.";
    case problem::falling_win_rate:
      return "Ask for a score of at least 20 of 30 before a deal leaves Discovery (scorecard viable_at 20) and "
             "have the MEDDPICC fields brought up to date at each stage gate.";
    case problem::single_threaded:
      return "Engage 3 or more contacts on every deal; when the champion falls silent, reach the other people on "
             "the relationship map within 48 hours, and refresh the map each month.";
    case problem::discount_erosion:
      return "Show the ROI analysis before price comes up at all, and trade each concession for a commitment "
             "in return.";
    case problem::low_coverage:
      return "Give a fifth of each week (20%) to outbound prospecting, set a floor of meetings to book each "
             "week, and check coverage every Monday.";
    case problem::competitive_losses:
      return "Ask which alternatives the buyer is weighing in the first Discovery call, keep battle cards and "
             "landmine questions ready, and bring in sales engineering early to show where we differ "
             "technically.";
  }
  return {};
}

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/diagnosis.ipp>
#endif

#endif  // SALESRULES_DIAGNOSIS_HPP
