// SPDX-License-Identifier: BSL-1.0
// salesrules/range_forecast.hpp - the range a period's bookings may land in.
//
// A weighted pipeline gives one number; a sales leader also wants to know how far
// the quarter can fall short or run over. Here every open deal that closes in the
// period is taken to close independently with its forecast probability (the stage's
// or the rep's override), for its full amount, or not at all; the closed-won deals
// of the period are booked and certain. The distribution of the total is computed by
// convolution (detail/convolution.hpp), never by sampling, and from it come P10, P50,
// P90 and the chance of reaching a quota.
//
// Steps. Each amount is taken in the reporting currency exactly (amount x rate as a
// fraction, not rounded). Deals at 100% are added exactly and deals at 0% not at all;
// the uncertain ones are counted in steps of `resolution` minor units: the smallest
// whole number (at least 1) such that their magnitudes add up to at most the policy's
// forecast.range_buckets steps (100,000 by default), ceil(sum |amount| /
// range_buckets). A deal of a = k + f steps (k whole, 0 <= f < 1) won with chance p
// puts p x (1 - f) on k steps and p x f on k + 1: its mean, p x a, is kept exactly, and
// no deal drops out however small. Credits alike: -7.3 steps is -8 with 0.3 of p
// and -7 with 0.7 of p.
//
// The mean. The stepped distribution's mean is therefore the exact expected value.
// `distribution_mean` reads it back from the computed chances and shows what the
// doubles kept: |distribution_mean - expected_value| <= c minor units + e, where
// c = 1 + the currencies other than the reporting one among the period's deals (the
// expected value is rounded once per currency, the certain part once per foreign
// currency, the mean once) and e, the doubles' error, is at most 1e-12 x the
// uncertain deals' sum of |amount| (measured: a few 1e-15 of it). So the two agree
// within half a step whenever a step is more than 2c minor units + 2e, which the
// default 100,000 steps give any pipeline of uncertain deals above 200,000 x c minor
// units.
//
// Quantiles. Pk is booked plus the smallest total t of the distribution with
// P(total <= t) >= k%; a cumulative chance within 1e-10 below the mark counts as
// reaching it (the doubles carry the cumulative chance to about 1e-13, see
// detail/convolution.hpp), so that a chance of exactly 10% is not lost to rounding.
// Reported totals are held within what the deals can bring (the certain part plus all
// the uncertain credits, to it plus all their gains), so stepping never shows an
// outcome that cannot happen.
//
// Error bound. Pair each won deal's stepped amount with its exact one: it differs by
// less than a step, and not at all when the amount is a whole number of steps. So
// every outcome's stepped total is within m x resolution of its exact total, m the
// uncertain deals whose amount is not a whole number of steps, and each Pk is within
// `quantile_error_bound` of the exact Pk of the deals' own amounts (taken at a level
// within 1e-10 of k%): m x resolution, at most the uncertain deals' sum of |amount|,
// plus a minor unit per currency other than the reporting one (for the roundings of
// the conversions in the booked and certain part and in the extremes).
// That worst case grows with the number of deals; the error measured does not, as
// the steps' errors have mean 0 and cancel: under two steps against every outcome
// enumerated for up to 20 deals, and 0.06% of the expected value at P10 and P90
// (0.02% with 1,000,000 steps) against a fixed-seed Monte Carlo sample of 100,000
// deals (tests/test_range_forecast.cpp, benchmarks/bench_range_forecast.cpp; docs/analytics.md,
// "Range forecast").
//
// Quota chance. P(booked + total >= quota) in basis points, rounded down (after a
// tolerance of 1e-6 basis point for the doubles' rounding): 99.99% is never shown as
// 100%, and 100% means certain. A quota at or below booked plus the certain part and
// the credits is 100%; one above every outcome is 0%. By the same pairing the chance
// lies between the exact chances of reaching quota + bound and quota - bound.
//
// Deals taken: open deals whose close date lies in the period, unless their forecast
// category (after a rep's override, or from the stage map) is Omitted; and won deals
// whose closed date (or close date, when unset) lies in the period, as booked. Lost
// and disqualified deals, and deals outside the period, are not looked at.
#ifndef SALESRULES_RANGE_FORECAST_HPP
#define SALESRULES_RANGE_FORECAST_HPP

#include <salesrules/detail/convolution.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
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
  money quantile_error_bound;           // P10, P50 and P90 are each at most this far from the exact ones
  std::optional<money> quota;           // as given
  std::optional<percent> quota_chance;  // P(booked + total >= quota), basis points rounded down
  money resolution;                     // one step of the distribution
  std::uint64_t steps = 0;              // the distribution's chance lies within this many steps (its size - 1)
  std::uint64_t open_deals = 0;         // open deals in the distribution
  std::uint64_t omitted_deals = 0;      // open deals of the period left out as Omitted
  std::uint64_t won_deals = 0;          // closed-won deals booked

  friend bool operator==(const range_forecast&, const range_forecast&) = default;
};
BOOST_DESCRIBE_STRUCT(range_forecast, (),
                      (period, booked, expected_value, distribution_mean, p10, p50, p90, quantile_error_bound, quota,
                       quota_chance, resolution, steps, open_deals, omitted_deals, won_deals))

// The distribution of the period's bookings and the figures read from it (the playbook's
// forecast categories by probability, taken as independent chances). Errors: a deal of the
// period with an unknown stage or an outcome its stage contradicts; a currency with no
// exchange rate (naming it and the deal); a quota not in the reporting currency; a figure
// beyond 64-bit minor units.
[[nodiscard]] expected<range_forecast, error> forecast_range(std::span<const opportunity> deals,
                                                             const fiscal_period& period,
                                                             const validated_policy& policy,
                                                             std::optional<money> quota = std::nullopt) noexcept;

// The range forecast's input taken deal by deal, for hosts and reports that stream
// their deals rather than hold them: sums for the won and certain deals, and 16 bytes
// for each uncertain one (0% < probability < 100%). The caller decides which deals
// belong to the period and which are Omitted, as forecast_range() does; the policy
// must outlive the builder.
class range_builder {
 public:
  explicit range_builder(const validated_policy& policy) noexcept : policy_(&policy) {}

  // An open deal of the period, not Omitted, at its forecast probability. Returns an
  // error for a currency without an exchange rate (the deal is left out), else none.
  [[nodiscard]] std::optional<error> add_open(const money& amount, probability chance) noexcept;
  // A deal won in the period, booked. Errors: as add_open's.
  [[nodiscard]] std::optional<error> add_won(const money& amount) noexcept;
  // An open deal of the period left out as Omitted: only counted.
  void add_omitted() noexcept { ++omitted_; }

  // The forecast of the deals taken so far. Errors: a quota not in the reporting
  // currency; a figure beyond 64-bit minor units.
  [[nodiscard]] expected<range_forecast, error> finish(const fiscal_period& period,
                                                       std::optional<money> quota = std::nullopt) const noexcept;

  // Uncertain deals kept so far (16 bytes each).
  [[nodiscard]] std::size_t uncertain() const noexcept { return uncertain_.size(); }

  // Takes in the deals `later` took (over the same policy), as if added after this
  // builder's own, so that the distribution is the same bit for bit; `later` is left empty.
  void merge(range_builder& later) noexcept;

 private:
  struct uncertain_deal {
    std::int64_t minor;
    currency cur;
    probability chance;
  };
  static_assert(sizeof(uncertain_deal) == 16);

  [[nodiscard]] std::optional<error> check_rate(currency c) noexcept;

  const validated_policy* policy_;
  std::vector<uncertain_deal> uncertain_;
  money_totals booked_;    // won deals
  money_totals sure_;      // won deals and open deals at 100%
  money_totals expected_;  // won deals, and open deals x probability
  money_totals gains_;     // the uncertain deals' positive amounts
  money_totals credits_;   // and their negative ones
  inline_vector<currency, 4> rated_;  // currencies whose rate was found
  std::uint64_t open_ = 0, omitted_ = 0, won_ = 0;
};

// ---------------------------------------------------------------------------
// Implementation

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
inline std::optional<error> range_builder::check_rate(currency c) noexcept {
  for (currency k : rated_)
    if (k == c) return std::nullopt;
  if (auto r = rate_of(c, policy_->exchange()); !r) return detail::within("/amount", r.error());
  rated_.push_back(c);
  return std::nullopt;
}

inline std::optional<error> range_builder::add_won(const money& amount) noexcept {
  if (auto e = check_rate(amount.currency())) return e;
  booked_.add(amount);
  sure_.add(amount);
  expected_.add(amount);
  ++won_;
  return std::nullopt;
}

inline std::optional<error> range_builder::add_open(const money& amount, probability chance) noexcept {
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

inline void range_builder::merge(range_builder& later) noexcept {
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

inline expected<range_forecast, error> range_builder::finish(const fiscal_period& period,
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

inline expected<range_forecast, error> forecast_range(std::span<const opportunity> deals, const fiscal_period& period,
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

#endif  // SALESRULES_RANGE_FORECAST_HPP
