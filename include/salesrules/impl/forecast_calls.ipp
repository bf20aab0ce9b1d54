// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/forecast_calls.ipp - the definitions behind forecast_calls.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_FORECAST_CALLS_IPP
#define SALESRULES_IMPL_FORECAST_CALLS_IPP

#include <salesrules/forecast_calls.hpp>
// The categorisation the calls are made of. (When header-only, forecast.hpp declares
// it before it includes forecast_calls.hpp, so this is complete either way.)
#include <salesrules/forecast.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/money_totals.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

namespace salesrules {

SALESRULES_INLINE expected<forecast_call, error> forecast_calls(std::span<const opportunity> deals,
                                                                const fiscal_period& period, const validated_policy& policy,
                                                                std::span<const manager_adjustment> adjustments) noexcept {
  // Per category: amounts, and amount x probability for the weighted call.
  std::array<money_totals, 6> totals;
  money_totals weighted;
  forecast_call call;
  call.period = period;
  detail::rate_check rates(policy.exchange());
  for (const opportunity& o : deals) {
    if (!contains(period, forecast_date(o))) continue;
    const auto d = categorize(o, policy);
    if (!d) return unexpected<error>(detail::about_deal(deals, o, d.error()));
    if (auto e = rates(o)) return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
    const auto c = static_cast<std::size_t>(d->category);
    ++call.deals[c];
    if (d->category == forecast_category::omitted) continue;
    totals[c].add(o.amount);
    weighted.add(o.amount, detail::forecast_weight(*d));
  }
  // Each call is the exact per-currency sum of its categories, converted once.
  auto level = [&](std::initializer_list<forecast_category> cats) -> expected<money, error> {
    money_totals sum;
    for (auto c : cats) sum.add(totals[static_cast<std::size_t>(c)]);
    return sum.in(policy.exchange());
  };
  using fc = forecast_category;
  auto w = weighted.in(policy.exchange());
  auto closed = level({fc::closed});
  auto commit = level({fc::closed, fc::commit});
  auto best = level({fc::closed, fc::commit, fc::best_case});
  auto pipe = level({fc::closed, fc::commit, fc::best_case, fc::pipeline, fc::upside});
  for (const auto* e : {&w, &closed, &commit, &best, &pipe})
    if (!*e) return unexpected<error>(e->error());
  call.weighted = *w;
  call.closed = *closed;
  call.commit = *commit;
  call.best_case = *best;
  call.pipeline = *pipe;

  for (std::size_t i = 0; i < adjustments.size(); ++i) {
    const auto& a = adjustments[i];
    const auto at = detail::pointer("adjustments", i);
    if (name_of(a.level).empty()) return detail::fail(errc::out_of_range, at + "/level", "not a forecast call level");
    const money& computed = call.at(a.level);
    auto diff = subtract(a.amount, computed);
    if (!diff) return unexpected<error>(detail::within(at + "/amount", diff.error()));
    call.adjustments.push_back(adjusted_call{a.level, computed, a.amount, *diff, a.by, a.reason});
  }
  return call;
}

SALESRULES_INLINE expected<money, error> closed_won(std::span<const opportunity> deals, const fiscal_period& period,
                                                    const validated_policy& policy) noexcept {
  money_totals won;
  for (const opportunity& o : deals)
    if (o.outcome == deal_outcome::won && contains(period, forecast_date(o))) won.add(o.amount);
  return won.in(policy.exchange());
}

SALESRULES_INLINE expected<forecast_accuracy, error> accuracy(const money& forecast, const money& actual,
                                                              const validated_policy& policy) noexcept {
  if (forecast.currency() != actual.currency())
    return unexpected<error>(detail::within("/forecast", detail::currency_mismatch(forecast, actual)));
  if (actual.minor_units() <= 0)
    return detail::fail(errc::out_of_range, "/actual",
                        "the actual is " + to_string(actual) + ": accuracy against nothing booked is undefined");
  const detail::int128 gap = static_cast<detail::int128>(forecast.minor_units()) - actual.minor_units();
  const detail::int128 abs_gap = gap < 0 ? -gap : gap;
  // error in basis points, rounded up: ceil(abs_gap x 10000 / actual)
  const detail::int128 bp = (abs_gap * 10000 + actual.minor_units() - 1) / actual.minor_units();
  forecast_accuracy r;
  r.forecast = forecast;
  r.actual = actual;
  r.error = percent::from_basis_points(bp > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(bp));
  r.accuracy = r.error >= percent::from_whole(100) ? percent() : percent::from_basis_points(10000 - r.error.basis_points());
  r.within_target = r.error <= policy.forecast()->accuracy_target;
  return r;
}

SALESRULES_INLINE deal_slippage slippage_of(const opportunity& deal, const fiscal_period& period) noexcept {
  deal_slippage s;
  for (const auto& c : deal.close_date_history) {
    const std::int32_t moved = days_between(c.from, c.to);
    if (moved > 0) {
      ++s.pushes;
      s.days_pushed += moved;
      s.largest_push = std::max(s.largest_push, moved);
    }
    if (contains(period, c.from) && days_between(period.last_day, c.to) > 0) s.left_period = true;
  }
  return s;
}

SALESRULES_INLINE slippage_report slippage(std::span<const opportunity> deals, const fiscal_period& period) noexcept {
  slippage_report r;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    deal_slippage s = slippage_of(deals[i], period);
    s.deal = i;
    if (s.pushes == 0 && !s.left_period) continue;
    r.pushes += s.pushes;
    if (s.left_period) ++r.left_period;
    r.deals.push_back(s);
  }
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_FORECAST_CALLS_IPP
