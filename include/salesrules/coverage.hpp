// SPDX-License-Identifier: BSL-1.0
// salesrules/coverage.hpp - pipeline coverage for a period.
//
// The playbook's two measures: total pipeline / quota, against a target that
// depends on how far into the quarter "today" is (early 4-5x, mid 3x, late
// 1.5-2x), and weighted pipeline / remaining quota, against 3-4x at all times.
// The pipeline is the open deals closing in the period; the remaining quota is the
// quota less what has closed won in it.
#ifndef SALESRULES_COVERAGE_HPP
#define SALESRULES_COVERAGE_HPP

#include <salesrules/coverage_policy.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace salesrules {

enum class coverage_verdict : std::uint8_t { below, within, above };
BOOST_DESCRIBE_ENUM(coverage_verdict, below, within, above)

// One coverage figure: the ratio, the target it is held to, and the verdict.
struct coverage_check {
  std::optional<percent> ratio;  // rounded down to a basis point; none when the divisor is 0
                                 // (the verdict is decided on the exact fraction)
  coverage_target target;
  std::optional<coverage_verdict> verdict;  // none when there is no ratio
  friend constexpr bool operator==(const coverage_check&, const coverage_check&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(coverage_check, (), (ratio, target, verdict))

struct coverage_report {
  fiscal_period period;
  // Where "today" falls: its month's place in the quarter when inside the period;
  // early before the period starts, late after it ends.
  quarter_phase phase{};
  money quota;
  money closed_won;
  money remaining;  // quota - closed won, not below 0
  money pipeline;   // open deals closing in the period (rep-omitted ones left out)
  money weighted;   // their amount x probability
  coverage_check total;     // pipeline / quota, against the phase's target
  coverage_check weighted_check;  // weighted / remaining, against the weighted target
};
BOOST_DESCRIBE_STRUCT(coverage_report, (),
                      (period, phase, quota, closed_won, remaining, pipeline, weighted, total, weighted_check))

// Coverage of `quota` (in the reporting currency, positive) for `period` as of `today`.
[[nodiscard]] expected<coverage_report, error> coverage(std::span<const opportunity> deals, const fiscal_period& period,
                                                        const money& quota, date today,
                                                        const validated_policy& policy) noexcept;

// The verdict of `ratio` against `target`.
[[nodiscard]] constexpr coverage_verdict judge(percent ratio, const coverage_target& target) noexcept {
  if (ratio < target.low) return coverage_verdict::below;
  if (target.high && ratio > *target.high) return coverage_verdict::above;
  return coverage_verdict::within;
}

// ---------------------------------------------------------------------------
// Implementation

namespace detail {
// a / b against `target`: the ratio rounded down to a basis point for show, and the
// verdict decided on the exact fraction (a ratio a hair above 4x shows as 400% and is
// above a 400% ceiling). No ratio when b is not positive.
inline coverage_check check_against(const money& a, const money& b, const coverage_target& target) noexcept {
  coverage_check c{std::nullopt, target, std::nullopt};
  if (b.minor_units() <= 0) return c;
  const int128 scaled = static_cast<int128>(a.minor_units()) * 10000;  // a / b in basis points, times b
  const int128 bp = scaled / b.minor_units();
  c.ratio = percent::from_basis_points(bp > INT64_MAX ? INT64_MAX : bp < INT64_MIN ? INT64_MIN : static_cast<std::int64_t>(bp));
  auto times_b = [&](percent p) { return static_cast<int128>(p.basis_points()) * b.minor_units(); };
  if (scaled < times_b(target.low))
    c.verdict = coverage_verdict::below;
  else if (target.high && scaled > times_b(*target.high))
    c.verdict = coverage_verdict::above;
  else
    c.verdict = coverage_verdict::within;
  return c;
}
}  // namespace detail

inline expected<coverage_report, error> coverage(std::span<const opportunity> deals, const fiscal_period& period,
                                                 const money& quota, date today,
                                                 const validated_policy& policy) noexcept {
  if (quota.currency() != policy.exchange()->reporting)
    return detail::fail(errc::currency_mismatch, "/quota",
                        "the quota is in " + std::string(quota.currency().code()) + ", not the reporting currency " +
                            std::string(policy.exchange()->reporting.code()));
  if (quota.minor_units() <= 0) return detail::fail(errc::out_of_range, "/quota", "the quota must be positive");
  money_totals open, weighted, won;
  detail::rate_check rates(policy.exchange());
  for (const opportunity& o : deals) {
    if (!contains(period, forecast_date(o))) continue;
    const auto d = categorize(o, policy);
    if (!d) return unexpected<error>(detail::about_deal(deals, o, d.error()));
    if (auto e = rates(o)) return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
    if (d->category == forecast_category::closed) won.add(o.amount);
    if (o.outcome != deal_outcome::open || d->category == forecast_category::omitted) continue;
    open.add(o.amount);
    weighted.add(o.amount, detail::forecast_weight(*d));
  }
  coverage_report r;
  r.period = period;
  r.quota = quota;
  auto cw = won.in(policy.exchange());
  if (!cw) return unexpected<error>(cw.error());
  auto pipe = open.in(policy.exchange());
  if (!pipe) return unexpected<error>(pipe.error());
  auto wt = weighted.in(policy.exchange());
  if (!wt) return unexpected<error>(wt.error());
  r.closed_won = *cw;
  r.pipeline = *pipe;
  r.weighted = *wt;
  const auto left = subtract(quota, r.closed_won);
  if (!left) return unexpected<error>(left.error());
  r.remaining = left->is_negative() ? money(0, quota.currency()) : *left;

  if (days_between(today, period.first_day) > 0)
    r.phase = quarter_phase::early;
  else if (days_between(period.last_day, today) > 0)
    r.phase = quarter_phase::late;
  else
    r.phase = phase_of(today, policy.calendar());
  const coverage_policy& targets = *policy.coverage();
  const coverage_target& phase_target = r.phase == quarter_phase::early ? targets.early
                                        : r.phase == quarter_phase::mid ? targets.mid
                                                                        : targets.late;
  r.total = detail::check_against(r.pipeline, quota, phase_target);
  r.weighted_check = detail::check_against(r.weighted, r.remaining, targets.weighted);
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_COVERAGE_HPP
