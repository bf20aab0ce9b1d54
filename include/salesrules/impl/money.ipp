// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/money.ipp - the definitions behind money.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_MONEY_IPP
#define SALESRULES_IMPL_MONEY_IPP

#include <salesrules/money.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<currency, error> currency::from_code(std::string_view code, std::string_view where) noexcept {
  if (code.size() == 3) {
    char upper[3];
    for (std::size_t i = 0; i < 3; ++i) {
      const char c = code[i];
      upper[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (const std::size_t found = find(std::string_view(upper, 3)); found != not_found)
      return currency(detail::iso4217[found]);
  }
  return detail::fail(errc::unknown_currency, std::string(where),
                      detail::quoted(code) + " is not an ISO 4217 currency code");
}

SALESRULES_INLINE expected<money, error> parse_money(std::string_view text, currency c, std::string_view where) noexcept {
  if (!c.is_set())
    return detail::fail(errc::unknown_currency, std::string(where),
                        "an amount needs a currency to be read");
  const auto d = detail::split_decimal(text);
  if (!d)
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a decimal amount such as 1234.56");
  const auto m = detail::minor_units_of(*d, c);
  if (m.fault == detail::minor_units::too_many_decimals)
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " has more decimals than " + std::string(c.code()) +
                            " allows (" + std::to_string(c.minor_digits()) + ")");
  if (m.fault == detail::minor_units::too_large)
    return detail::fail(errc::overflow, std::string(where),
                        detail::quoted(text) + " is too large for an amount (64-bit minor units)");
  return money(m.value, c);
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE expected<money, error> money::from_major(std::int64_t major_units, salesrules::currency c) noexcept {
  if (!c.is_set()) return detail::fail(errc::unknown_currency, "", "an amount needs a currency");
  std::int64_t minor = major_units;
  for (int i = 0; i < c.minor_digits(); ++i)
    if (__builtin_mul_overflow(minor, std::int64_t{10}, &minor))
      return detail::fail(errc::overflow, "",
                          std::to_string(major_units) + " " + std::string(c.code()) +
                              " is too large for an amount (64-bit minor units)");
  return money(minor, c);
}

SALESRULES_INLINE std::string to_string(const money& m) noexcept {
  std::string out = to_decimal_string(m);
  if (m.currency().is_set()) {
    out += ' ';
    out += m.currency().code();
  }
  return out;
}

namespace detail {
SALESRULES_INLINE error currency_mismatch(const money& a, const money& b) {
  return error{errc::currency_mismatch, "",
               "cannot combine " + to_string(a) + " and " + to_string(b) + ": the currencies differ"};
}
SALESRULES_INLINE error money_overflow(const money& a, const money& b, std::string_view op) {
  return error{errc::overflow, "",
               to_string(a) + " " + std::string(op) + " " + to_string(b) + " overflows 64-bit minor units"};
}
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE expected<money, error> money_from_minor(int128 minor, currency c, const char* what) {
  if (minor > std::numeric_limits<std::int64_t>::max() || minor < std::numeric_limits<std::int64_t>::min())
    return fail(errc::overflow, "", std::string(what) + " overflows 64-bit minor units of " + std::string(c.code()));
  return money(static_cast<std::int64_t>(minor), c);
}
}  // namespace detail

SALESRULES_INLINE expected<money, error> add(const money& a, const money& b) noexcept {
  if (a.currency() != b.currency()) return unexpected<error>(detail::currency_mismatch(a, b));
  std::int64_t r = 0;
  if (__builtin_add_overflow(a.minor_units(), b.minor_units(), &r))
    return unexpected<error>(detail::money_overflow(a, b, "+"));
  return money(r, a.currency());
}

SALESRULES_INLINE expected<money, error> subtract(const money& a, const money& b) noexcept {
  if (a.currency() != b.currency()) return unexpected<error>(detail::currency_mismatch(a, b));
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a.minor_units(), b.minor_units(), &r))
    return unexpected<error>(detail::money_overflow(a, b, "-"));
  return money(r, a.currency());
}

SALESRULES_INLINE expected<money, error> negate(const money& a) noexcept {
  if (a.minor_units() == std::numeric_limits<std::int64_t>::min())
    return unexpected<error>(error{errc::overflow, "", "-(" + to_string(a) + ") overflows 64-bit minor units"});
  return money(-a.minor_units(), a.currency());
}

SALESRULES_INLINE expected<std::strong_ordering, error> compare(const money& a, const money& b) noexcept {
  if (a.currency() != b.currency()) return unexpected<error>(detail::currency_mismatch(a, b));
  return a.minor_units() <=> b.minor_units();
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_MONEY_IPP
