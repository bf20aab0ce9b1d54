// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/coverage.ipp - the definitions behind coverage.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_COVERAGE_IPP
#define SALESRULES_IMPL_COVERAGE_IPP

#include <salesrules/coverage.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/forecast.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace salesrules {

namespace detail {
SALESRULES_INLINE coverage_check check_against(const money& a, const money& b, const coverage_target& target) noexcept {
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

SALESRULES_INLINE expected<coverage_report, error> coverage(std::span<const opportunity> deals,
                                                            const fiscal_period& period, const money& quota, date today,
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

#endif  // SALESRULES_IMPL_COVERAGE_IPP
