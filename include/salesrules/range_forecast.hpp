// salesrules/range_forecast.hpp - the range a period's bookings may land in.
//
// A weighted pipeline gives one number; a sales leader also wants to know how far
// the quarter can fall short or run over. Here every open deal that closes in the
// period is taken to close independently with its forecast probability (the stage's
// or the rep's override), for its full amount, or not at all; the closed-won deals
// of the period are booked and certain. The distribution of the total is computed
// exactly, deal by deal (a convolution, by dynamic programming), never by sampling,
// and from it come P10, P50, P90 and the chance of reaching a quota.
//
// Amount resolution. Amounts are converted to the reporting currency. Deals at 100%
// are added exactly and deals at 0% not at all; the uncertain ones are counted in
// whole steps of `resolution` reporting minor units: the smallest whole number of
// minor units (at least 1) such that their magnitudes add up to at most the policy's
// forecast.range_buckets steps (100,000 by default), that is
// ceil(sum |amount| / range_buckets). Each amount is rounded half to even to a whole
// number of steps, so each deal moves the distribution by at most half a step and
// the distribution's mean is within (open deals) x resolution / 2 of the exact
// expected value; reported totals are held within what the deals can exactly bring,
// so the rounding never shows an outcome that cannot happen. The expected value
// itself never goes through the steps: it is booked + the exact sum of
// amount x probability, rounded once per currency.
//
// Quantiles. P10 is booked plus the smallest total t of the distribution with
// P(total <= t) >= 10%; P50 and P90 likewise. The probabilities are doubles; a
// cumulative chance within 1e-12 below the mark counts as reaching it, so that a
// chance of exactly 10% is not lost to rounding.
//
// Quota chance. P(booked + total >= quota) in basis points, rounded down (after a
// tolerance of 1e-6 basis point for the doubles' rounding): 99.99% is never shown as
// 100%, and 100% means certain. A quota at or below booked is 100%; one above every
// outcome is 0%.
//
// Deals taken: open deals whose close date lies in the period, unless their forecast
// category (after a rep's override, or from the stage map) is Omitted; and won deals
// whose closed date (or close date, when unset) lies in the period, as booked. Lost
// and disqualified deals, and deals outside the period, are not looked at.
#ifndef SALESRULES_RANGE_FORECAST_HPP
#define SALESRULES_RANGE_FORECAST_HPP

#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/class.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace salesrules {

// The range forecast of one period, every amount in the reporting currency.
struct range_forecast {
  fiscal_period period;
  money booked;             // closed-won deals of the period
  money expected_value;     // booked + the exact sum of amount x probability of the open deals
  money distribution_mean;  // booked + the mean of the stepped distribution, rounded to the minor unit
  money p10;                // booked + the 10th, 50th and 90th percentile of the open deals' total
  money p50;
  money p90;
  std::optional<money> quota;           // as given
  std::optional<percent> quota_chance;  // P(booked + total >= quota), basis points rounded down
  money resolution;                     // one step of the distribution
  std::uint64_t steps = 0;              // the distribution spans this many steps (its size - 1)
  std::uint64_t open_deals = 0;         // open deals in the distribution
  std::uint64_t omitted_deals = 0;      // open deals of the period left out as Omitted
  std::uint64_t won_deals = 0;          // closed-won deals booked

  friend bool operator==(const range_forecast&, const range_forecast&) = default;
};
BOOST_DESCRIBE_STRUCT(range_forecast, (),
                      (period, booked, expected_value, distribution_mean, p10, p50, p90, quota, quota_chance,
                       resolution, steps, open_deals, omitted_deals, won_deals))

// The distribution of the period's bookings and the figures read from it (the playbook's
// forecast categories by probability, taken as independent chances). Errors: a deal of the
// period with an unknown stage or an outcome its stage contradicts; a currency with no
// exchange rate (naming it and the deal); a quota not in the reporting currency; a figure
// beyond 64-bit minor units.
[[nodiscard]] expected<range_forecast, error> forecast_range(std::span<const opportunity> deals,
                                                             const fiscal_period& period,
                                                             const validated_policy& policy,
                                                             std::optional<money> quota = std::nullopt) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

// One uncertain deal of the convolution: `steps` resolution steps with chance `p`.
struct range_term {
  std::int64_t steps;
  double p;
};

// chance[i] is P(total == first + i), totals in resolution steps.
struct range_distribution {
  std::int64_t first = 0;
  std::vector<double> chance;
};

// out[i] = q x in[i]; the buffers never overlap, so the loop vectorises.
inline void range_scale_into(double* __restrict out, const double* __restrict in, double q, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = q * in[i];
}
// out[i] += p x in[i]
inline void range_add_scaled(double* __restrict out, const double* __restrict in, double p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] += p * in[i];
}

// The distribution of the sum of independent terms, each its steps with its chance and 0
// otherwise. Terms go smallest first, so the window of reachable totals grows slowly; two
// buffers take turns, and a buffer is zero outside the window it last held, which lies
// inside the current one: nothing needs clearing between deals.
inline range_distribution range_convolve(std::vector<range_term>& terms) {
  std::sort(terms.begin(), terms.end(), [](const range_term& a, const range_term& b) {
    const auto ma = a.steps < 0 ? -a.steps : a.steps, mb = b.steps < 0 ? -b.steps : b.steps;
    return ma < mb || (ma == mb && (a.steps < b.steps || (a.steps == b.steps && a.p < b.p)));
  });
  std::int64_t lo = 0, hi = 0;
  for (const auto& t : terms) (t.steps < 0 ? lo : hi) += t.steps;
  const auto size = static_cast<std::size_t>(hi - lo) + 1;
  std::vector<double> now(size, 0.0), next(size, 0.0);
  std::size_t first = static_cast<std::size_t>(-lo), last = first;  // the window of reachable totals
  now[first] = 1.0;
  for (const auto& t : terms) {
    const std::size_t n = last - first + 1;
    const auto to = static_cast<std::size_t>(static_cast<std::int64_t>(first) + t.steps);
    range_scale_into(next.data() + first, now.data() + first, 1.0 - t.p, n);  // the deal is not won
    range_add_scaled(next.data() + to, now.data() + first, t.p, n);           // it is: shifted by its steps
    first = std::min(first, to);
    last = std::max(last, to + n - 1);
    now.swap(next);
  }
  return {lo, std::move(now)};
}

}  // namespace detail

inline expected<range_forecast, error> forecast_range(std::span<const opportunity> deals, const fiscal_period& period,
                                                      const validated_policy& policy,
                                                      std::optional<money> quota) noexcept {
  using detail::int128;
  const auto& x = policy.exchange();
  const currency reporting = x->reporting;
  if (quota && quota->currency() != reporting)
    return detail::fail(errc::currency_mismatch, "quota",
                        "the quota is " + to_string(*quota) + " but the reporting currency is " +
                            std::string(reporting.code()) + "; give the quota in " + std::string(reporting.code()));

  range_forecast r;
  r.period = period;
  r.quota = quota;
  money_totals won_sum, expected_sum;
  struct open_amount {
    std::int64_t minor;  // in the reporting currency
    int percent;
  };
  std::vector<open_amount> open;
  int128 span = 0;          // sum of |amount| of the uncertain deals, reporting minor units
  int128 certain_exact = 0;  // open deals at 100%, exactly
  int128 least_extra = 0;    // the uncertain deals' negative amounts (credits): the lowest they can add
  int128 most_extra = 0;     // their positive amounts: the most they can add
  detail::rate_check rates(x);  // each currency's rate looked up once
  for (const auto& o : deals) {
    const bool won = o.outcome == deal_outcome::won;
    if (o.outcome == deal_outcome::open) {
      if (!contains(period, o.close_date)) continue;
    } else if (!won || !contains(period, o.closed_date.value_or(o.close_date))) {
      continue;
    }
    const auto c = categorize(o, policy);  // an unknown stage is its error, naming the deal
    if (!c) return unexpected<error>(c.error());
    if (won) {
      if (auto e = rates(o)) return unexpected<error>(std::move(*e));
      won_sum.add(o.amount);
      expected_sum.add(o.amount);
      ++r.won_deals;
      continue;
    }
    if (c->category == forecast_category::omitted) {
      ++r.omitted_deals;
      continue;
    }
    const auto converted = convert(o.amount, x);
    if (!converted) return unexpected<error>(detail::about_deal(o, converted.error()));
    const std::int64_t minor = converted->minor_units();
    const int percent = c->probability.whole_percent();
    ++r.open_deals;
    expected_sum.add(o.amount, percent);
    // Certain and impossible deals are exact, not stepped: they do not widen the span.
    if (percent == 100) {
      certain_exact += minor;
    } else if (percent > 0) {
      open.push_back({minor, percent});
      span += minor < 0 ? -static_cast<int128>(minor) : static_cast<int128>(minor);
      (minor < 0 ? least_extra : most_extra) += minor;
    }
  }

  const auto booked = won_sum.in(x);
  if (!booked) return unexpected<error>(booked.error());
  r.booked = *booked;
  const auto ev = expected_sum.in(x);
  if (!ev) return unexpected<error>(ev.error());
  r.expected_value = *ev;

  // The resolution: ceil(span / range_buckets) minor units, at least 1.
  const int128 buckets = policy.forecast()->range_buckets;
  const int128 step = std::max<int128>(1, (span + buckets - 1) / buckets);
  const auto resolution = detail::money_from_minor(step, reporting, "resolution");
  if (!resolution) return unexpected<error>(resolution.error());
  r.resolution = *resolution;

  // Deals rounding to no step leave the distribution be.
  std::vector<detail::range_term> terms;
  terms.reserve(open.size());
  for (const auto& a : open) {
    const auto steps = static_cast<std::int64_t>(detail::div_round_half_even(a.minor, step));  // |steps| <= buckets + 1
    if (steps != 0) terms.push_back({steps, a.percent / 100.0});
  }
  const auto dist = detail::range_convolve(terms);
  const std::vector<double>& chance = dist.chance;
  r.steps = chance.size() - 1;

  // booked + the certain deals + step x (first total + i), for the i-th entry of the
  // distribution, kept within what the deals can exactly add up to: stepping must not
  // report an outcome that cannot happen.
  const int128 sure = static_cast<int128>(r.booked.minor_units()) + certain_exact;
  const int128 base = sure + step * dist.first;
  const int128 lowest = sure + least_extra, highest = sure + most_extra;
  auto total_at = [&](std::size_t i, const char* what) {
    return detail::money_from_minor(std::clamp(base + step * static_cast<int128>(i), lowest, highest), reporting, what);
  };

  constexpr double tolerance = 1e-12;
  const double marks[3] = {0.10, 0.50, 0.90};
  std::size_t at[3] = {chance.size() - 1, chance.size() - 1, chance.size() - 1};
  std::size_t found = 0;
  double cumulative = 0, mean_steps = 0;
  for (std::size_t i = 0; i < chance.size(); ++i) {
    cumulative += chance[i];
    mean_steps += static_cast<double>(i) * chance[i];
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

  const double mean_minor = std::round(static_cast<double>(step) * mean_steps);
  if (!(mean_minor < 9.2e18))
    return detail::fail(errc::overflow, "distribution_mean", "the mean overflows 64-bit minor units");
  const auto mean = detail::money_from_minor(base + static_cast<int128>(mean_minor), reporting, "distribution_mean");
  if (!mean) return unexpected<error>(mean.error());
  r.distribution_mean = *mean;

  if (quota) {
    // The first entry whose total reaches the quota: booked + step x (first + i) >= quota.
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

}  // namespace salesrules

#endif  // SALESRULES_RANGE_FORECAST_HPP
