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

#include <salesrules/date.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
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
  [[nodiscard]] std::vector<diagnosis> found() const noexcept {
    std::vector<diagnosis> out;
    for (const auto& d : checks)
      if (d.status == diagnosis_status::triggered) out.push_back(d);
    return out;
  }
  // The check of one problem; null when the report holds none.
  [[nodiscard]] const diagnosis* of(salesrules::problem p) const noexcept {
    for (const auto& d : checks)
      if (d.problem == p) return &d;
    return nullptr;
  }
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

namespace detail {
// Whether a lost deal was lost to a competitor: its loss reason is one of the policy's
// competitive reasons, or it names a competitor. The reason first: the names are on
// the heap. (measure_pipeline and the pipeline report count the same deals.)
[[nodiscard]] inline bool lost_to_competitor(const opportunity& o, const diagnosis_policy& dp) noexcept {
  for (const auto& r : dp.competitor_loss_reasons)
    if (same_name(o.loss_reason, r)) return true;
  for (const auto& c : o.competitors)
    if (!is_blank(c)) return true;
  return false;
}
}  // namespace detail

inline expected<pipeline_figures, error> measure_pipeline(std::span<const opportunity> deals,
                                                          const validated_policy& policy, date today) noexcept {
  const sales_process& proc = *policy.process();
  const hygiene_policy& h = *policy.hygiene();
  const diagnosis_policy& dp = *policy.diagnosis();
  // validate(policy) guarantees qualified_after names an open stage.
  const std::size_t discovery = find_stage(proc, h.qualified_after).value_or(0);
  const std::int32_t stale_after = stale_days_for(h, h.qualified_after);
  const auto min_contacts = static_cast<std::size_t>(h.min_contacts);

  pipeline_figures f;
  for (const opportunity& o : deals) {
    const auto at = deal_stage(o, policy.process());
    if (!at) return unexpected<error>(detail::about_deal(deals, o, at.error()));
    switch (o.outcome) {
      case deal_outcome::open:
        ++f.open_deals;
        if (contacts_engaged(o) < min_contacts) ++f.single_threaded;
        if (*at == discovery) {
          ++f.open_in_discovery;
          if (days_between(o.last_activity_date.value_or(o.created_date), today) >= stale_after)
            ++f.stalled_in_discovery;
        }
        break;
      case deal_outcome::won:
        ++f.won_deals;
        if (__builtin_add_overflow(f.won_discount_total, o.requested_discount.basis_points(), &f.won_discount_total))
          return unexpected<error>(
              detail::about_deal(deals, o, error{errc::overflow, "/requested_discount", "the discounts sum past 64 bits"}));
        break;
      case deal_outcome::lost: {
        ++f.lost_deals;
        if (detail::lost_to_competitor(o, dp)) ++f.lost_to_competitors;
        break;
      }
      case deal_outcome::disqualified: break;
    }
  }
  return f;
}

namespace detail {

// A check with its texts and threshold filled in, not yet judged.
inline diagnosis check_of(problem p, std::optional<percent> threshold, std::uint64_t deals) noexcept {
  return diagnosis{p, diagnosis_status::no_figure, std::nullopt, threshold, deals, root_cause_of(p), remedy_of(p)};
}

// Judge `num / den` against the threshold: triggered above it (`above`) or below it.
// The figure is rounded toward the trigger side's opposite, so that it agrees with
// the exact comparison: up when above triggers, down when below does.
inline diagnosis judge_share(problem p, int128 num, int128 den, std::uint64_t deals, percent threshold, bool above,
                             std::uint32_t min_deals) noexcept {
  diagnosis d = check_of(p, threshold, deals);
  if (den <= 0) return d;
  d.value = share_of(num, den, above);
  const auto c = compare_share(num, den, threshold.basis_points());
  if (!c) return d;
  if (deals < min_deals) {
    d.status = diagnosis_status::too_few_deals;
    return d;
  }
  d.status = (above ? *c > 0 : *c < 0) ? diagnosis_status::triggered : diagnosis_status::clear;
  return d;
}

}  // namespace detail

inline expected<diagnosis_report, error> diagnose(const diagnosis_inputs& in, const validated_policy& policy) noexcept {
  using detail::int128;
  if (in.forecast && in.forecast->forecast.currency() != in.forecast->actual.currency())
    return unexpected<error>(detail::within("/forecast/actual", detail::currency_mismatch(in.forecast->forecast,
                                                                                         in.forecast->actual)));
  if (in.coverage && in.coverage->pipeline.currency() != in.coverage->quota.currency())
    return unexpected<error>(detail::within("/coverage/quota", detail::currency_mismatch(in.coverage->pipeline,
                                                                                        in.coverage->quota)));
  const diagnosis_policy& dp = *policy.diagnosis();
  const auto min = dp.min_deals;
  const pipeline_figures& f = in.pipeline;
  diagnosis_report r;
  r.checks.reserve(7);

  r.checks.push_back(detail::judge_share(problem::stalling_at_discovery, f.stalled_in_discovery,
                                         f.open_in_discovery, f.open_in_discovery, dp.max_discovery_stall_share,
                                         true, min));

  // Accuracy = (actual - |forecast - actual|) / actual.
  if (in.forecast && in.forecast->forecast.currency() == in.forecast->actual.currency()) {
    const int128 fc = in.forecast->forecast.minor_units(), a = in.forecast->actual.minor_units();
    r.checks.push_back(detail::judge_share(problem::low_forecast_accuracy, a - (fc > a ? fc - a : a - fc), a,
                                           in.forecast->deals, dp.min_forecast_accuracy, false, min));
  } else {
    r.checks.push_back(detail::check_of(problem::low_forecast_accuracy, dp.min_forecast_accuracy,
                                        in.forecast ? in.forecast->deals : 0));
  }

  {
    diagnosis d = detail::check_of(problem::falling_win_rate, std::nullopt, 0);
    const auto closed = [](const win_rate_figure& w) {
      return static_cast<int128>(w.won) + static_cast<int128>(w.lost);
    };
    if (in.win_rate) {
      d.deals = in.win_rate->won + in.win_rate->lost;
      d.value = detail::share_down(in.win_rate->won, closed(*in.win_rate));
    }
    if (in.previous_win_rate)
      d.threshold = detail::share_down(in.previous_win_rate->won, closed(*in.previous_win_rate));
    if (d.value && d.threshold) {
      const auto c = detail::compare_fractions(in.win_rate->won, closed(*in.win_rate), in.previous_win_rate->won,
                                               closed(*in.previous_win_rate));
      if (closed(*in.win_rate) < min || closed(*in.previous_win_rate) < min)
        d.status = diagnosis_status::too_few_deals;
      else if (c)
        d.status = *c < 0 ? diagnosis_status::triggered : diagnosis_status::clear;
    }
    r.checks.push_back(d);
  }

  r.checks.push_back(detail::judge_share(problem::single_threaded, f.single_threaded, f.open_deals, f.open_deals,
                                         dp.max_single_threaded_share, true, min));

  // The average discount: total basis points / won deals, compared as a share of 10,000.
  r.checks.push_back(detail::judge_share(problem::discount_erosion, f.won_discount_total,
                                         static_cast<int128>(f.won_deals) * 10'000, f.won_deals,
                                         dp.max_won_discount, true, min));

  if (in.coverage && in.coverage->pipeline.currency() == in.coverage->quota.currency())
    r.checks.push_back(detail::judge_share(problem::low_coverage, in.coverage->pipeline.minor_units(),
                                           in.coverage->quota.minor_units(), in.coverage->deals, dp.min_coverage,
                                           false, min));
  else
    r.checks.push_back(detail::check_of(problem::low_coverage, dp.min_coverage, in.coverage ? in.coverage->deals : 0));

  r.checks.push_back(detail::judge_share(problem::competitive_losses, f.lost_to_competitors, f.lost_deals,
                                         f.lost_deals, dp.max_competitor_loss_share, true, min));
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_DIAGNOSIS_HPP
