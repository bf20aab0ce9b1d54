// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/range_forecast.ipp - the definitions behind range_forecast.hpp (see config.hpp:
// included by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_RANGE_FORECAST_IPP
#define SALESRULES_IMPL_RANGE_FORECAST_IPP

#include <salesrules/range_forecast.hpp>

namespace salesrules {

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE std::optional<error> range_builder::check_rate(currency c) noexcept {
  for (currency k : rated_)
    if (k == c) return std::nullopt;
  if (auto r = rate_of(c, policy_->exchange()); !r) return detail::within("/amount", r.error());
  rated_.push_back(c);
  return std::nullopt;
}

SALESRULES_INLINE std::optional<error> range_builder::add_won(const money& amount) noexcept {
  if (auto e = check_rate(amount.currency())) return e;
  booked_.add(amount);
  sure_.add(amount);
  expected_.add(amount);
  ++won_;
  return std::nullopt;
}

SALESRULES_INLINE std::optional<error> range_builder::add_open(const money& amount, probability chance) noexcept {
  if (auto e = check_rate(amount.currency())) return e;
  const int percent = chance.whole_percent();
  ++open_;
  expected_.add(amount, percent);
  // Certain and impossible deals are exact, not stepped: they do not widen the span.
  if (percent == 100) {
    sure_.add(amount);
  } else if (percent > 0 && amount.minor_units() != 0) {
    uncertain_.push_back({amount.minor_units(), amount.currency(), chance});
    (amount.is_negative() ? credits_ : gains_).add(amount);
  }
  return std::nullopt;
}

SALESRULES_INLINE void range_builder::merge(range_builder& later) noexcept {
  uncertain_.insert(uncertain_.end(), later.uncertain_.begin(), later.uncertain_.end());
  booked_.add(later.booked_);
  sure_.add(later.sure_);
  expected_.add(later.expected_);
  gains_.add(later.gains_);
  credits_.add(later.credits_);
  for (currency c : later.rated_) {
    bool known = false;
    for (currency k : rated_) known = known || k == c;
    if (!known) rated_.push_back(c);
  }
  open_ += later.open_;
  omitted_ += later.omitted_;
  won_ += later.won_;
  later = range_builder(*later.policy_);
}

SALESRULES_INLINE expected<range_forecast, error> range_builder::finish(const fiscal_period& period,
                                                                        std::optional<money> quota) const noexcept {
  using detail::int128;
  const auto& x = policy_->exchange();
  const currency reporting = x->reporting;
  if (quota && quota->currency() != reporting)
    return detail::fail(errc::currency_mismatch, "/quota",
                        "the quota is " + to_string(*quota) + " but the reporting currency is " +
                            std::string(reporting.code()) + "; give the quota in " + std::string(reporting.code()));
  range_forecast r;
  r.period = period;
  r.quota = quota;
  r.open_deals = open_;
  r.omitted_deals = omitted_;
  r.won_deals = won_;
  const auto booked = booked_.in(x), ev = expected_.in(x), sure_money = sure_.in(x), gains = gains_.in(x),
             credits = credits_.in(x);
  for (const auto* e : {&booked, &ev, &sure_money, &gains, &credits})
    if (!*e) return unexpected<error>(e->error());
  r.booked = *booked;
  r.expected_value = *ev;

  // The resolution: ceil(span / range_buckets) minor units, at least 1.
  const int128 span = static_cast<int128>(gains->minor_units()) - credits->minor_units();
  const int128 buckets = policy_->forecast()->range_buckets;
  const int128 step = std::max<int128>(1, (span + buckets - 1) / buckets);
  const auto resolution = detail::money_from_minor(step, reporting, "resolution");
  if (!resolution) return unexpected<error>(resolution.error());
  r.resolution = *resolution;

  // Each uncertain deal split between its two neighbouring steps, from its exact
  // value in the reporting currency: minor x rate x 10^to / (10^9 x 10^from).
  std::vector<detail::split_term> terms;
  terms.reserve(uncertain_.size());
  std::uint64_t fractional = 0;  // deals whose amount is not a whole number of steps
  inline_vector<currency_rate, 4> rates;
  for (const uncertain_deal& d : uncertain_) {
    const auto known = std::find_if(rates.begin(), rates.end(), [&](const currency_rate& cr) { return cr.from == d.cur; });
    exchange_rate rate;
    if (known != rates.end()) {
      rate = known->rate;
    } else {
      const auto found = rate_of(d.cur, x);
      if (!found) return unexpected<error>(found.error());
      rate = *found;
      rates.push_back({d.cur, rate});
    }
    int128 num = 0, den = 0;
    if (__builtin_mul_overflow(static_cast<int128>(d.minor), static_cast<int128>(rate.billionths()), &num) ||
        __builtin_mul_overflow(detail::pow10_128(9 + d.cur.minor_digits() - reporting.minor_digits()), step, &den))
      return detail::fail(errc::overflow, "", "an uncertain deal's amount in steps overflows 128 bits");
    const int128 k = detail::floor_div(num, den), rest = num - k * den;
    const double p = d.chance.whole_percent() / 100.0;
    const double f = static_cast<double>(rest) / static_cast<double>(den);
    const double g = static_cast<double>(den - rest) / static_cast<double>(den);
    terms.push_back({static_cast<std::int64_t>(k), (100 - d.chance.whole_percent()) / 100.0, p * g, rest != 0 ? p * f : 0.0});
    fractional += rest != 0;
  }
  const auto dist = detail::convolve_terms(terms);
  const std::vector<double>& chance = dist.chance;
  r.steps = chance.size() - 1;

  // sure + step x (first + i) for the i-th entry, held within what the deals can
  // bring: stepping must not report an outcome that cannot happen.
  const int128 sure = sure_money->minor_units();
  const int128 base = sure + step * dist.first;
  const int128 lowest = sure + credits->minor_units(), highest = sure + gains->minor_units();
  auto total_at = [&](std::size_t i, const char* what) {
    return detail::money_from_minor(std::clamp(base + step * static_cast<int128>(i), lowest, highest), reporting, what);
  };

  constexpr double tolerance = 1e-10;
  const double marks[3] = {0.10, 0.50, 0.90};
  std::size_t at[3] = {chance.size() - 1, chance.size() - 1, chance.size() - 1};
  std::size_t found = 0;
  double cumulative = 0, weighted_index = 0;
  for (std::size_t i = 0; i < chance.size(); ++i) {
    cumulative += chance[i];
    weighted_index += static_cast<double>(i) * chance[i];
    while (found < 3 && cumulative >= marks[found] - tolerance) at[found++] = i;
  }
  const auto p10 = total_at(at[0], "p10");
  const auto p50 = total_at(at[1], "p50");
  const auto p90 = total_at(at[2], "p90");
  if (!p10) return unexpected<error>(p10.error());
  if (!p50) return unexpected<error>(p50.error());
  if (!p90) return unexpected<error>(p90.error());
  r.p10 = *p10;
  r.p50 = *p50;
  r.p90 = *p90;

  // The shape: the entries past the negligible tails, in range_bins parts at most.
  constexpr double negligible = 1e-9;
  std::size_t lo = 0, hi = chance.size();
  while (lo + 1 < hi && chance[lo] < negligible) ++lo;
  while (hi > lo + 1 && chance[hi - 1] < negligible) --hi;
  const std::size_t per_bin = (hi - lo + range_bins - 1) / range_bins;
  r.distribution.reserve(range_bins);
  for (std::size_t i = lo; i < hi; i += per_bin) {
    const std::size_t end = std::min(hi, i + per_bin);
    double part = 0;
    for (std::size_t j = i; j < end; ++j) part += chance[j];
    const auto from = total_at(i, "distribution");
    const auto to = total_at(end - 1, "distribution");
    if (!from) return unexpected<error>(from.error());
    if (!to) return unexpected<error>(to.error());
    r.distribution.push_back(
        {*from, *to, percent::from_basis_points(static_cast<std::int64_t>(std::llround(part * 10'000)))});
  }

  // m x step, at most the span; plus a minor unit per currency converted, for the
  // roundings of the booked and certain part and of the extremes.
  const auto converted = static_cast<int128>(rated_.size()) -
                         (std::find(rated_.begin(), rated_.end(), reporting) != rated_.end());
  const auto bound = detail::money_from_minor(std::min<int128>(static_cast<int128>(fractional) * step, span) + converted,
                                              reporting, "quantile_error_bound");
  if (!bound) return unexpected<error>(bound.error());
  r.quantile_error_bound = *bound;

  // The mean in steps from the chances, (first x total chance + sum i x chance), then
  // in minor units; long double keeps a 64-bit product exact enough.
  const long double mean_steps = static_cast<long double>(dist.first) * static_cast<long double>(cumulative) +
                                 static_cast<long double>(weighted_index);
  const long double mean_minor = std::round(static_cast<long double>(step) * mean_steps);
  if (!(std::fabs(mean_minor) < 9.2e18L))
    return detail::fail(errc::overflow, "", "the mean overflows 64-bit minor units");
  const auto mean = detail::money_from_minor(sure + static_cast<int128>(mean_minor), reporting, "distribution_mean");
  if (!mean) return unexpected<error>(mean.error());
  r.distribution_mean = *mean;

  if (quota) {
    // The first entry whose total reaches the quota: sure + step x (first + i) >= quota.
    const int128 q = quota->minor_units();
    const int128 need = detail::ceil_div(q - sure, step) - dist.first;
    std::int64_t bp = 0;
    if (q > highest) {
      bp = 0;  // beyond every outcome, whatever the steps say
    } else if (q <= lowest || need <= 0) {
      bp = 10'000;
    } else if (need < static_cast<int128>(chance.size())) {
      double tail = 0;
      for (auto i = static_cast<std::size_t>(need); i < chance.size(); ++i) tail += chance[i];
      bp = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(tail * 10'000 + 1e-6)), 0, 10'000);
    }
    r.quota_chance = percent::from_basis_points(bp);
  }
  return r;
}

SALESRULES_INLINE expected<range_forecast, error> forecast_range(std::span<const opportunity> deals,
                                                                 const fiscal_period& period,
                                                                 const validated_policy& policy,
                                                                 std::optional<money> quota) noexcept {
  range_builder b(policy);  // checks each currency's rate, once
  for (const auto& o : deals) {
    const bool won = o.outcome == deal_outcome::won;
    if (o.outcome == deal_outcome::open) {
      if (!contains(period, o.close_date)) continue;
    } else if (!won || !contains(period, o.closed_date.value_or(o.close_date))) {
      continue;
    }
    const auto c = categorize(o, policy);  // an unknown stage is its error, naming the deal
    if (!c) return unexpected<error>(detail::about_deal(deals, o, c.error()));
    if (!won && c->category == forecast_category::omitted) {
      b.add_omitted();
      continue;
    }
    if (auto e = won ? b.add_won(o.amount) : b.add_open(o.amount, c->probability))
      return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
  }
  return b.finish(period, quota);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_RANGE_FORECAST_IPP
