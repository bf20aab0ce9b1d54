// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/exchange.ipp - the definitions behind exchange.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_EXCHANGE_IPP
#define SALESRULES_IMPL_EXCHANGE_IPP

#include <salesrules/exchange.hpp>

#include <salesrules/detail/text.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules {

SALESRULES_INLINE expected<exchange_rate, error> parse_rate(std::string_view text, std::string_view where) noexcept {
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

SALESRULES_INLINE std::string to_string(exchange_rate r) noexcept {
  std::string s = detail::fixed_point(r.billionths(), 9);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

SALESRULES_INLINE expected<validated<exchange_policy>, error> validate(exchange_policy p) noexcept {
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
SALESRULES_INLINE expected<exchange_rate, error> rate_of(currency c, const validated<exchange_policy>& p) noexcept {
  if (c == p->reporting) return exchange_rate::from_billionths(1'000'000'000);
  for (const auto& r : p->rates)
    if (r.from == c) return r.rate;
  return detail::fail(errc::unknown_currency, "",
                      "no exchange rate for " + (c.is_set() ? std::string(c.code()) : std::string("an amount without a currency")) +
                          " into " + std::string(p->reporting.code()) + "; add it to the policy's rates");
}

namespace detail {
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE std::optional<int128> convert_units(int128 units, currency from, exchange_rate rate, currency to,
                                                      int extra_scale) noexcept {
  // value = units x rate x 10^to_digits / (10^9 x 10^from_digits x 10^extra_scale);
  // 10^to_digits (at most 10^4) divides the denominator (at least 10^9).
  int128 num = 0;
  if (__builtin_mul_overflow(units, static_cast<int128>(rate.billionths()), &num)) return std::nullopt;
  return div_round_half_even(num, pow10_128(9 + from.minor_digits() + extra_scale - to.minor_digits()));
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE std::optional<split_units> convert_units_split(int128 units, currency from, exchange_rate rate, currency to,
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

SALESRULES_INLINE expected<money, error> convert(std::int64_t minor_units, currency from,
                                                 const validated<exchange_policy>& p, int extra_scale) noexcept {
  const auto rate = rate_of(from, p);
  if (!rate) return unexpected<error>(rate.error());
  const auto q = detail::convert_units(minor_units, from, *rate, p->reporting, extra_scale);
  if (!q || *q > INT64_MAX || *q < INT64_MIN)
    return detail::fail(errc::overflow, "",
                        "the converted amount overflows 64-bit minor units of " + std::string(p->reporting.code()));
  return money(static_cast<std::int64_t>(*q), p->reporting);
}

SALESRULES_INLINE expected<money, error> convert(const money& m, const validated<exchange_policy>& p) noexcept {
  return convert(m.minor_units(), m.currency(), p);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_EXCHANGE_IPP
