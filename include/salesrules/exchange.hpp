// SPDX-License-Identifier: BSL-1.0
// salesrules/exchange.hpp - one reporting currency for pipelines in several.
//
// A host gives the rate of each currency it uses against its reporting currency
// (how many reporting units one unit buys: EUR 1.0834 for USD reporting). Figures
// are summed exactly in each deal's own currency first and each currency's sum is
// converted once, rounded half to even to the reporting currency's minor unit, so a
// rollup's whole rounds at most once per currency, never once per deal (its rows are
// apportioned to add up to it: apportion.hpp and rollup.hpp). A currency with no rate is an error
// naming it.
#ifndef SALESRULES_EXCHANGE_HPP
#define SALESRULES_EXCHANGE_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/iso4217.hpp>
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

namespace detail {
// `units` (minor units of `from` x 10^extra_scale) in minor units of the reporting
// currency, rounded half to even; nullopt when the product leaves 127 bits.
std::optional<int128> convert_units(int128 units, currency from, exchange_rate rate, currency to,
                                    int extra_scale) noexcept;

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
std::optional<split_units> convert_units_split(int128 units, currency from, exchange_rate rate, currency to,
                                               int extra_scale) noexcept;
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/exchange.ipp>
#endif

#endif  // SALESRULES_EXCHANGE_HPP
