// SPDX-License-Identifier: BSL-1.0
// salesrules/exchange.hpp - one reporting currency for pipelines in several.
//
// A host gives the rate of each currency it uses against its reporting currency
// (how many reporting units one unit buys: EUR 1.0834 for USD reporting). Figures
// are summed exactly in each deal's own currency first and each currency's sum is
// converted once, rounded half to even to the reporting currency's minor unit, so a
// rollup's whole rounds at most once per currency, never once per deal (its rows are
// apportioned to add up to it: forecast.hpp). A currency with no rate is an error
// naming it.
#ifndef SALESRULES_EXCHANGE_HPP
#define SALESRULES_EXCHANGE_HPP

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/iso4217.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

// An exchange rate exact to nine decimals: 1.0834 is 1'083'400'000 billionths.
class exchange_rate {
 public:
  constexpr exchange_rate() noexcept = default;
  [[nodiscard]] static constexpr exchange_rate from_billionths(std::int64_t b) noexcept { return exchange_rate(b); }
  [[nodiscard]] constexpr std::int64_t billionths() const noexcept { return b_; }
  friend constexpr auto operator<=>(const exchange_rate&, const exchange_rate&) noexcept = default;

 private:
  constexpr explicit exchange_rate(std::int64_t b) noexcept : b_(b) {}
  std::int64_t b_ = 0;
};

// "1.0834", "157.2": a positive decimal with at most nine decimals.
[[nodiscard]] expected<exchange_rate, error> parse_rate(std::string_view text,
                                                        std::string_view where = "") noexcept;
// "1.0834"
[[nodiscard]] std::string to_string(exchange_rate r) noexcept;

// One unit of `from` is worth `rate` units of the reporting currency.
struct currency_rate {
  currency from;
  exchange_rate rate;
  friend bool operator==(const currency_rate&, const currency_rate&) = default;
};
BOOST_DESCRIBE_STRUCT(currency_rate, (), (from, rate))

struct exchange_policy {
  currency reporting{"USD"};
  std::vector<currency_rate> rates;  // every other currency the pipeline holds
  friend bool operator==(const exchange_policy&, const exchange_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(exchange_policy, (), (reporting, rates))

// The reporting currency must be set; rates positive, one per currency, none for
// the reporting currency itself.
[[nodiscard]] expected<validated<exchange_policy>, error> validate(exchange_policy p) noexcept;

// The rate of `c` against the reporting currency (1 for the reporting currency).
[[nodiscard]] expected<exchange_rate, error> rate_of(currency c, const validated<exchange_policy>& p) noexcept;

// `minor_units` of `from` (scaled down further by 10^extra_scale: 2 for sums of
// amount x whole percent) in the reporting currency, rounded half to even. An error
// when `from` has no rate or the result overflows 64 bits.
[[nodiscard]] expected<money, error> convert(std::int64_t minor_units, currency from,
                                             const validated<exchange_policy>& p, int extra_scale = 0) noexcept;
[[nodiscard]] expected<money, error> convert(const money& m, const validated<exchange_policy>& p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline expected<exchange_rate, error> parse_rate(std::string_view text, std::string_view where) noexcept {
  const auto d = detail::split_decimal(text);
  if (!d || d->negative)
    return detail::fail(errc::syntax, std::string(where), detail::quoted(text) + " is not a positive rate such as 1.0834");
  if (d->fraction.size() > 9)
    return detail::fail(errc::out_of_range, std::string(where), detail::quoted(text) + " has more than nine decimals");
  const auto v = detail::scaled_value(*d, 9, static_cast<std::uint64_t>(INT64_MAX));
  if (!v) return detail::fail(errc::overflow, std::string(where), detail::quoted(text) + " is too large a rate");
  if (*v == 0) return detail::fail(errc::out_of_range, std::string(where), "a rate of 0 would erase every amount");
  return exchange_rate::from_billionths(static_cast<std::int64_t>(*v));
}

inline std::string to_string(exchange_rate r) noexcept {
  std::string s = detail::fixed_point(r.billionths(), 9);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

inline expected<validated<exchange_policy>, error> validate(exchange_policy p) noexcept {
  if (!p.reporting.is_set()) return detail::fail(errc::unknown_currency, "/reporting", "no reporting currency");
  for (std::size_t i = 0; i < p.rates.size(); ++i) {
    const auto at = "/rates/" + std::to_string(i);
    const auto& r = p.rates[i];
    if (!r.from.is_set()) return detail::fail(errc::unknown_currency, at + "/from", "the rate names no currency");
    if (r.rate.billionths() <= 0)
      return detail::fail(errc::out_of_range, at + "/rate", "the rate for " + std::string(r.from.code()) + " is not positive");
    if (r.from == p.reporting)
      return detail::fail(errc::invalid_policy, at + "/from",
                          std::string(r.from.code()) + " is the reporting currency; it needs no rate");
    for (std::size_t j = 0; j < i; ++j)
      if (p.rates[j].from == r.from)
        return detail::fail(errc::duplicate, at + "/from", std::string(r.from.code()) + " has two rates");
  }
  return detail::validated_access::make(std::move(p));
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
inline expected<exchange_rate, error> rate_of(currency c, const validated<exchange_policy>& p) noexcept {
  if (c == p->reporting) return exchange_rate::from_billionths(1'000'000'000);
  for (const auto& r : p->rates)
    if (r.from == c) return r.rate;
  return detail::fail(errc::unknown_currency, "",
                      "no exchange rate for " + (c.is_set() ? std::string(c.code()) : std::string("an amount without a currency")) +
                          " into " + std::string(p->reporting.code()) + "; add it to the policy's rates");
}


namespace detail {
// `units` (minor units of `from` x 10^extra_scale) in minor units of the reporting
// currency, rounded half to even; nullopt when the product leaves 127 bits.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
inline std::optional<int128> convert_units(int128 units, currency from, exchange_rate rate, currency to,
                                           int extra_scale) noexcept {
  // value = units x rate x 10^to_digits / (10^9 x 10^from_digits x 10^extra_scale);
  // 10^to_digits (at most 10^4) divides the denominator (at least 10^9).
  int128 num = 0;
  if (__builtin_mul_overflow(units, static_cast<int128>(rate.billionths()), &num)) return std::nullopt;
  return div_round_half_even(num, pow10_128(9 + from.minor_digits() + extra_scale - to.minor_digits()));
}

// The most minor-unit digits an ISO 4217 currency has (CLF and UYW: 4), found once.
inline constexpr int max_minor_digits = [] {
  int most = 0;
  for (const auto& c : iso4217) most = c.digits > most ? c.digits : most;
  return most;
}();

// A converted figure before rounding: `floor` minor units of the reporting currency
// (toward minus infinity) and `fraction` / split_denominator() of one more, in
// [0, split_denominator()). Fractions of every currency share that denominator, so
// those of different currencies add and compare directly.
struct split_units {
  int128 floor = 0;
  int128 fraction = 0;
  // Figures in one denominator order as their exact values do.
  friend constexpr auto operator<=>(const split_units&, const split_units&) = default;
};

// The denominator of split_units' fractions for conversions into `to` at `extra_scale`:
// 10^(9 + max_minor_digits + extra_scale - to_digits), at most 10^15 for extra_scale 2.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
constexpr int128 split_denominator(currency to, int extra_scale) noexcept {
  return pow10_128(9 + max_minor_digits + extra_scale - to.minor_digits());
}

// convert_units() without the rounding: the exact value split into floor and
// fraction; nullopt when the product leaves 127 bits.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
inline std::optional<split_units> convert_units_split(int128 units, currency from, exchange_rate rate, currency to,
                                                      int extra_scale) noexcept {
  int128 num = 0;
  if (__builtin_mul_overflow(units, static_cast<int128>(rate.billionths()), &num)) return std::nullopt;
  const int128 den = pow10_128(9 + from.minor_digits() + extra_scale - to.minor_digits());
  split_units s{num / den, num % den};
  if (s.fraction < 0) {
    s.floor -= 1;
    s.fraction += den;
  }
  // den x 10^(max - from_digits) is split_denominator(to, extra_scale).
  s.fraction *= pow10_128(max_minor_digits - from.minor_digits());
  return s;
}
}  // namespace detail

inline expected<money, error> convert(std::int64_t minor_units, currency from, const validated<exchange_policy>& p,
                                      int extra_scale) noexcept {
  const auto rate = rate_of(from, p);
  if (!rate) return unexpected<error>(rate.error());
  const auto q = detail::convert_units(minor_units, from, *rate, p->reporting, extra_scale);
  if (!q || *q > INT64_MAX || *q < INT64_MIN)
    return detail::fail(errc::overflow, "",
                        "the converted amount overflows 64-bit minor units of " + std::string(p->reporting.code()));
  return money(static_cast<std::int64_t>(*q), p->reporting);
}

inline expected<money, error> convert(const money& m, const validated<exchange_policy>& p) noexcept {
  return convert(m.minor_units(), m.currency(), p);
}

}  // namespace salesrules

#endif  // SALESRULES_EXCHANGE_HPP
