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

#include <salesrules/config.hpp>
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

// A part of the distribution: the chance that the period's total lies from `from` to
// `to`, both included.
struct range_bin {
  money from;
  money to;
  percent chance;  // to the nearest basis point, so the parts may add up to 100% give or take a few

  friend bool operator==(const range_bin&, const range_bin&) = default;
};
BOOST_DESCRIBE_STRUCT(range_bin, (), (from, to, chance))

// The most parts range_forecast::distribution is cut into.
inline constexpr std::size_t range_bins = 20;

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
  // The distribution's shape, for a picture: the steps from the lowest total with a
  // chance of 1e-9 or more to the highest, cut into at most range_bins parts of as
  // many steps each (the last may hold fewer).
  std::vector<range_bin> distribution;

  friend bool operator==(const range_forecast&, const range_forecast&) = default;
};
BOOST_DESCRIBE_STRUCT(range_forecast, (),
                      (period, booked, expected_value, distribution_mean, p10, p50, p90, quantile_error_bound, quota,
                       quota_chance, resolution, steps, open_deals, omitted_deals, won_deals, distribution))

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

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/range_forecast.ipp>
#endif

#endif  // SALESRULES_RANGE_FORECAST_HPP
