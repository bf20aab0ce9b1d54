// SPDX-License-Identifier: BSL-1.0
// The range forecast against an exact answer: every outcome of a small pipeline
// enumerated in exact arithmetic, and a judge holding forecast_range() to the bounds
// range_forecast.hpp states. Shared by the doctest cases, the property tests and the
// fuzz_range_forecast target.
#ifndef SALESRULES_TESTS_PROPERTIES_RANGE_EXACT_HPP
#define SALESRULES_TESTS_PROPERTIES_RANGE_EXACT_HPP

#include "generators.hpp"

#include <salesrules/detail/int128.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/range_forecast.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace salesrules::props {

using detail::int128;

inline std::string text128(int128 v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  std::string s;
  while (v != 0) {
    const int digit = static_cast<int>(v % 10);
    s.insert(s.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
    v /= 10;
  }
  return neg ? "-" + s : s;
}

// The exact distribution of a period's bookings. Amounts are exact in units of
// 10^-13 reporting minor units (amount x rate x 10^to / (10^9 x 10^from) is a whole
// number of them for every currency of at most 4 minor digits); chances are long
// doubles, products of whole percents.
struct exact_range {
  static constexpr int scale_digits = 13;
  static int128 scale() { return detail::pow10_128(scale_digits); }

  int128 sure = 0;                                         // won and 100% deals
  std::vector<std::pair<int128, long double>> outcomes{{0, 1.0L}};  // the uncertain deals' total; sorted, distinct
  std::vector<int128> uncertain;                           // each uncertain deal's value
  int128 gains = 0, credits = 0;                           // their positive and negative values added up
  std::size_t foreign_currencies = 0;                      // of the deals taken, other than the reporting one

  // The smallest total t (sure included) with P(total <= t) >= level.
  [[nodiscard]] int128 quantile(long double level) const {
    long double cumulative = 0;
    for (const auto& [t, c] : outcomes) {
      cumulative += c;
      if (cumulative >= level) return sure + t;
    }
    return sure + outcomes.back().first;
  }
  // P(sure + total >= t)
  [[nodiscard]] long double at_least(int128 t) const {
    long double tail = 0;
    for (const auto& [u, c] : outcomes)
      if (sure + u >= t) tail += c;
    return tail;
  }
  // The mean of the uncertain deals' total; the sure part, kept exact, is added by
  // whoever compares (a long double holds 64 bits, not the 107 of sure near 2^63 units).
  [[nodiscard]] long double uncertain_mean() const {
    long double m = 0;
    for (const auto& [t, c] : outcomes) m += static_cast<long double>(t) * c;
    return m;
  }
};

// The deals of the period as forecast_range() takes them, every outcome of the
// uncertain ones enumerated: nullopt when more than `limit` are uncertain, a stage or
// rate is missing, or an amount is too large for exact arithmetic here.
inline std::optional<exact_range> enumerate_range(std::span<const opportunity> deals, const fiscal_period& period,
                                                  const validated_policy& policy, std::size_t limit = 20) {
  exact_range e;
  const currency reporting = policy.exchange()->reporting;
  std::vector<currency> seen;
  std::vector<std::pair<int128, int>> open;
  for (const auto& o : deals) {
    const bool won = o.outcome == deal_outcome::won;
    if (o.outcome == deal_outcome::open ? !contains(period, o.close_date)
                                        : !won || !contains(period, o.closed_date.value_or(o.close_date)))
      continue;
    const auto c = categorize(o, policy);
    if (!c) return std::nullopt;
    if (!won && c->category == forecast_category::omitted) continue;
    const auto rate = rate_of(o.amount.currency(), policy.exchange());
    if (!rate) return std::nullopt;
    const currency cur = o.amount.currency();
    if (cur != reporting && std::find(seen.begin(), seen.end(), cur) == seen.end()) seen.push_back(cur);
    int128 v = 0;
    if (__builtin_mul_overflow(static_cast<int128>(o.amount.minor_units()), static_cast<int128>(rate->billionths()), &v) ||
        __builtin_mul_overflow(v, detail::pow10_128(exact_range::scale_digits - 9 - cur.minor_digits() + reporting.minor_digits()), &v))
      return std::nullopt;
    const int percent = won ? 100 : c->probability.whole_percent();
    if (percent == 100) {
      e.sure += v;
    } else if (percent > 0 && v != 0) {
      open.emplace_back(v, percent);
      (v < 0 ? e.credits : e.gains) += v;
    }
  }
  if (open.size() > limit) return std::nullopt;
  e.foreign_currencies = seen.size();
  std::vector<std::pair<int128, long double>> next;
  for (const auto& [v, percent] : open) {
    e.uncertain.push_back(v);
    const long double p = percent / 100.0L, q = (100 - percent) / 100.0L;
    // Not won (unchanged) and won (shifted by v) are each sorted: merge them.
    next.clear();
    std::size_t i = 0, j = 0;
    const auto& d = e.outcomes;
    while (i < d.size() || j < d.size()) {
      const bool take_i = j == d.size() || (i < d.size() && d[i].first < d[j].first + v);
      const std::pair<int128, long double> x = take_i ? std::pair{d[i].first, d[i].second * q}
                                                      : std::pair{d[j].first + v, d[j].second * p};
      take_i ? ++i : ++j;
      if (!next.empty() && next.back().first == x.first)
        next.back().second += x.second;
      else
        next.push_back(x);
    }
    e.outcomes.swap(next);
  }
  return e;
}

// Holds a forecast to the exact distribution within the bounds range_forecast.hpp
// states; "" when it does, else what is wrong. `buckets` is the policy's range_buckets.
inline std::string judge_range_exact(const range_forecast& r, const exact_range& e, std::uint32_t buckets) {
  const int128 unit = exact_range::scale();
  const int128 step = r.resolution.minor_units();
  auto money_at = [&](int128 scaled) { return text128(scaled / unit) + "." + text128((scaled < 0 ? -scaled : scaled) % unit); };

  // The step: the smallest whole number of minor units giving at most `buckets` steps
  // to the uncertain deals' span (each currency's sums rounded to the minor unit).
  const int128 span = e.gains - e.credits;
  const auto slack = static_cast<int128>(e.foreign_currencies);  // each currency's two sums, half a unit each
  if (step < 1) return "range: a resolution below one minor unit";
  if (e.uncertain.empty() ? step != 1 : (step - 1) * buckets * unit >= span + unit * slack)
    return "range: resolution " + to_string(r.resolution) + " is larger than the span " + money_at(span) + " over " +
           std::to_string(buckets) + " steps needs";
  if (step * buckets * unit < span - unit * slack)
    return "range: resolution " + to_string(r.resolution) + " gives fewer than " + std::to_string(buckets) +
           " steps for the span " + money_at(span);

  // The bound: m x step, at most the span, plus a unit per currency converted.
  int128 m = 0;
  for (int128 v : e.uncertain) m += v % (step * unit) != 0;
  const int128 bound = r.quantile_error_bound.minor_units();
  const auto foreign = static_cast<int128>(e.foreign_currencies);
  const int128 least = std::min(m * step, span / unit - slack) + foreign;
  const int128 most = std::min(m * step, (span + unit - 1) / unit + slack) + foreign;
  if (bound < least || bound > most)
    return "range: quantile_error_bound " + to_string(r.quantile_error_bound) + ", expected " + text128(least) + " to " +
           text128(most) + " minor units (" + text128(m) + " deals not whole steps of " + to_string(r.resolution) + ")";

  if (!(r.p10.minor_units() <= r.p50.minor_units() && r.p50.minor_units() <= r.p90.minor_units()))
    return "range: P10 " + to_string(r.p10) + ", P50 " + to_string(r.p50) + ", P90 " + to_string(r.p90) + " out of order";

  // Each Pk within the bound of the exact quantile, taken at a level within 1e-10 of k%.
  const std::pair<const money*, int> marks[3] = {{&r.p10, 10}, {&r.p50, 50}, {&r.p90, 90}};
  for (const auto& [got, k] : marks) {
    const long double level = k / 100.0L;
    const int128 lo = e.quantile(level - 2e-10L) - bound * unit, hi = e.quantile(level + 1e-10L) + bound * unit;
    const int128 at = static_cast<int128>(got->minor_units()) * unit;
    if (at < lo || at > hi)
      return "range: P" + std::to_string(k) + " " + to_string(*got) + " is outside [" + money_at(lo) + ", " +
             money_at(hi) + "] (the exact quantile " + money_at(e.quantile(level)) + " +- the bound " +
             to_string(r.quantile_error_bound) + ")";
  }

  // The mean: the exact one within half a unit per foreign currency, half for its own
  // rounding, and the doubles' 1e-12 of the span.
  // The reported mean less the sure part is taken exactly before any long double.
  const long double gap =
      (static_cast<long double>(static_cast<int128>(r.distribution_mean.minor_units()) * unit - e.sure) - e.uncertain_mean()) /
      static_cast<long double>(unit);
  const long double allowed = (static_cast<long double>(e.foreign_currencies) + 1) / 2 +
                              1e-12L * static_cast<long double>(span) / static_cast<long double>(unit);
  if (std::fabs(gap) > allowed)
    return "range: distribution_mean " + to_string(r.distribution_mean) + " is " + std::to_string(static_cast<double>(gap)) +
           " minor units from the exact mean, more than " + std::to_string(static_cast<double>(allowed));

  // The quota chance between the exact chances at quota + bound and quota - bound.
  if (r.quota && r.quota_chance) {
    const int128 q = static_cast<int128>(r.quota->minor_units()) * unit;
    const long double low = e.at_least(q + bound * unit), high = e.at_least(q - bound * unit);
    const auto bp = r.quota_chance->basis_points();
    const auto fewest = static_cast<std::int64_t>(std::floor((low - 1e-12L) * 10'000 + 1e-6L));
    const auto most_bp = static_cast<std::int64_t>(std::floor((high + 1e-12L) * 10'000 + 1e-6L));
    if (bp < fewest || bp > most_bp)
      return "range: the chance of " + to_string(*r.quota) + " is " + std::to_string(bp) + " bp, the exact chances " +
             std::to_string(fewest) + " to " + std::to_string(most_bp) + " bp";
  }
  return {};
}


// A random small pipeline for one quarter, as the fuzzer's bytes or a seed draw it:
// up to `most` open deals in USD, EUR and JPY (0 minor digits) at any probability,
// some credits, some whole multiples of a round amount (so steps can be exact), up
// to two won deals, an Omitted deal now and then, a quota or none, and range_buckets
// mostly small (up to 100,000 steps one time in 30, 1,000,000 one in 300). Checks the
// figures against an exact enumeration (judge_range_exact) and the mean against the
// expected value (range_forecast.hpp: at most 1 + the foreign currencies, in minor
// units, plus 1e-12 of the span).
inline std::string property_range_forecast(entropy& e, std::size_t most = 16) {
  using namespace std::chrono;
  policy pol;
  pol.exchange.rates = {
      {currency{"EUR"}, exchange_rate::from_billionths(e.between(1, 3'000'000'000))},
      {currency{"JPY"}, exchange_rate::from_billionths(e.between(1, 20'000'000))}};
  pol.forecast.range_buckets = static_cast<std::uint32_t>(e.coin(97)   ? e.between(100, 2'000)
                                                          : e.coin(90) ? e.between(100, 100'000)
                                                                       : e.between(100, 1'000'000));
  const auto valid = validate(std::move(pol));
  if (!valid) return "generator: a policy validate() refuses: " + valid.error().message;
  const validated_policy& p = *valid;
  const fiscal_period quarter = period_of(date(year{2026}, February, day{1}), period_kind::quarter, p.calendar());
  static constexpr std::array<int, 12> percents{1, 10, 20, 25, 33, 40, 50, 60, 75, 80, 90, 99};
  static constexpr std::array<currency, 3> in{currency{"USD"}, currency{"EUR"}, currency{"JPY"}};
  const bool round = e.coin(30);  // whole multiples of one amount
  const std::int64_t unit = static_cast<std::int64_t>(e.between(1, 100'000));
  std::vector<opportunity> deals(e.below(most + 1));
  for (std::size_t i = 0; i < deals.size(); ++i) {
    opportunity& o = deals[i];
    o.id = "R-";
    o.id += std::to_string(i);
    o.stage = "Discovery";
    o.close_date = add_days(quarter.first_day, static_cast<std::int32_t>(e.below(90)));
    const int digits = e.between_int(0, 10);
    std::int64_t minor = round ? unit * e.between(1, 50) : e.between(1, 9);
    if (!round)
      for (int d = 0; d < digits; ++d) minor = minor * 10 + e.between(0, 9);
    if (e.coin(15)) minor = -minor;
    o.amount = money(minor, e.coin(70) ? in[0] : in[1 + e.below(2)]);
    const int percent = e.coin(15) ? (e.coin() ? 0 : 100) : e.coin(50) ? percents[e.below(percents.size())] : e.between_int(1, 99);
    o.probability_override = *probability::from_percent(percent);
    if (e.coin(8)) o.forecast_override = forecast_override{forecast_category::omitted, "paused"};
  }
  for (std::size_t w = e.below(3); w > 0; --w) {
    opportunity o;
    o.id = "W-";
    o.id += std::to_string(w);
    o.stage = "Closed Won";
    o.outcome = deal_outcome::won;
    o.close_date = add_days(quarter.first_day, static_cast<std::int32_t>(e.below(90)));
    o.closed_date = o.close_date;
    o.amount = money(e.between(0, 100'000'000), in[e.below(3)]);
    deals.push_back(o);
  }
  std::optional<money> quota;
  if (e.coin(70)) quota = money(e.between(1, 20'000'000'000), p.exchange()->reporting);
  const auto r = forecast_range(deals, quarter, p, quota);
  if (!r) return "range: " + r.error().message;
  const auto exact = enumerate_range(deals, quarter, p, most);
  if (!exact) return "range: the generated pipeline cannot be enumerated";
  if (auto bad = judge_range_exact(*r, *exact, p.forecast()->range_buckets); !bad.empty()) return bad;
  const int128 gap = static_cast<int128>(r->distribution_mean.minor_units()) - r->expected_value.minor_units();
  const long double allowed = 1.0L + static_cast<long double>(exact->foreign_currencies) +
                              1e-12L * static_cast<long double>(exact->gains - exact->credits) /
                                  static_cast<long double>(exact_range::scale());
  if (static_cast<long double>(gap < 0 ? -gap : gap) > allowed)
    return "range: distribution_mean " + to_string(r->distribution_mean) + " is " + text128(gap) +
           " minor units from the expected value " + to_string(r->expected_value);
  return {};
}

}  // namespace salesrules::props

#endif  // SALESRULES_TESTS_PROPERTIES_RANGE_EXACT_HPP
