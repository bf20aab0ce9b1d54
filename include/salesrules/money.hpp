// SPDX-License-Identifier: BSL-1.0
// salesrules/money.hpp - exact amounts of money.
//
// An amount is a whole number of the currency's minor units (cents for USD, yen for
// JPY, fils for KWD) held in 64 bits, plus its ISO 4217 code. Parsing is exact:
// "180000.00" USD is 18,000,000 cents, and text with more precision than the
// currency has ("12.345" USD) is an error rather than a rounding. Arithmetic across
// currencies, or beyond 64 bits, returns an error; it never wraps.
#ifndef SALESRULES_MONEY_HPP
#define SALESRULES_MONEY_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/iso4217.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace salesrules {

class money;
namespace detail {
struct money_literal;
}

// An ISO 4217 currency and the number of its minor-unit digits.
class currency {
 public:
  // No currency: the currency of an amount that was never set.
  constexpr currency() noexcept = default;

  // A currency named in code, checked at compile time: currency{"USD"}.
  // An unknown code does not compile.
  consteval explicit currency(const char (&code)[4]) noexcept {
    const std::size_t found = find(std::string_view(code, 3));
    if (found == not_found) unknown_currency_code();
    *this = currency(detail::iso4217[found]);
  }

  // A currency from text ("EUR", or "eur"): unknown codes are an error placed at `where`.
  [[nodiscard]] static expected<currency, error> from_code(std::string_view code,
                                                           std::string_view where = "") noexcept;

  [[nodiscard]] constexpr std::string_view code() const noexcept {
    return is_set() ? std::string_view(code_.data(), code_.size()) : std::string_view();
  }
  [[nodiscard]] constexpr int minor_digits() const noexcept { return digits_; }
  [[nodiscard]] constexpr bool is_set() const noexcept { return code_[0] != '\0'; }

  // One 32-bit comparison: the defaulted form compares the code with a library
  // memcmp call, which showed in the rollup profiles.
  friend constexpr bool operator==(const currency& a, const currency& b) noexcept {
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
  }

 private:
  constexpr explicit currency(const detail::iso_currency& c) noexcept
      : code_{c.code[0], c.code[1], c.code[2]}, digits_(c.digits) {}
  // The code's place in the ISO 4217 table, or not_found. (An index, not a pointer:
  // GCC's UBSan makes pointer-to-null comparisons non-constant in consteval code.)
  static constexpr std::size_t not_found = std::size(detail::iso4217);
  static constexpr std::size_t find(std::string_view upper) noexcept;
  static void unknown_currency_code();  // never defined: reaching it at compile time is the error
  friend struct detail::money_literal;

  std::array<char, 3> code_{};
  std::uint8_t digits_ = 0;
};
static_assert(sizeof(currency) == 4 && std::is_trivially_copyable_v<currency>);

// An exact amount: minor units and a currency.
class money {
 public:
  // Zero of no currency: an amount that was never set.
  constexpr money() noexcept = default;
  // cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
  constexpr money(std::int64_t minor_units, currency c) noexcept : minor_(minor_units), currency_(c) {}

  // Whole units of `c` (dollars, euros, yen): from_major(400'000, currency{"USD"}) is
  // 40,000,000 cents. An error when `c` is not set or the amount passes 64 bits of
  // minor units. In code, "400,000 USD"_money (below) says the same and is checked
  // when it compiles.
  // cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
  [[nodiscard]] static expected<money, error> from_major(std::int64_t major_units,
                                                              salesrules::currency c) noexcept;

  [[nodiscard]] constexpr std::int64_t minor_units() const noexcept { return minor_; }
  // Of an amount held, its own currency (read in place: a copy made in a loop over
  // quote lines was stored to the stack and read back); of a temporary, a copy.
  [[nodiscard]] constexpr const salesrules::currency& currency() const& noexcept { return currency_; }
  [[nodiscard]] constexpr salesrules::currency currency() && noexcept { return currency_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return minor_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return minor_ < 0; }

  friend constexpr bool operator==(const money&, const money&) noexcept = default;

 private:
  std::int64_t minor_ = 0;
  salesrules::currency currency_{};
};

// Exact parse of decimal text in a currency: "180000.00", "-12.5", "1200" (JPY).
// The text is [-]digits[.digits]; extra fraction digits are accepted only when zero.
[[nodiscard]] expected<money, error> parse_money(std::string_view text, currency c,
                                                 std::string_view where = "") noexcept;

namespace literals {
// An amount written in code, read exactly and checked when it compiles:
// "400,000 USD"_money, "1250000.50 EUR"_money, "-12.5 USD"_money, "1'200 JPY"_money.
// The text is [-]digits[.digits], a space and an ISO 4217 code; the whole digits may
// be grouped by threes with ',' or '\''. More decimals than the currency has, an
// unknown code, any other text, or an amount past 64 bits of minor units does not
// compile. (using namespace salesrules::literals, or salesrules::literals::operator""_money.)
consteval money operator""_money(const char* text, std::size_t size);
}  // namespace literals

// "180000.00", "-12.50", "1200": exactly the currency's minor digits.
[[nodiscard]] std::string to_decimal_string(const money& m) noexcept;
// "180000.00 USD"
[[nodiscard]] std::string to_string(const money& m) noexcept;

// a + b, a - b and -a: an error when the currencies differ or the result overflows.
[[nodiscard]] expected<money, error> add(const money& a, const money& b) noexcept;
[[nodiscard]] expected<money, error> subtract(const money& a, const money& b) noexcept;
[[nodiscard]] expected<money, error> negate(const money& a) noexcept;
// Order of two amounts of one currency; an error across currencies.
[[nodiscard]] expected<std::strong_ordering, error> compare(const money& a, const money& b) noexcept;

// ---------------------------------------------------------------------------
// Implementation

constexpr std::size_t currency::find(std::string_view upper) noexcept {
  std::size_t lo = 0, hi = std::size(detail::iso4217);
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const auto& c = detail::iso4217[mid];
    if (c.code == upper) return mid;
    if (c.code < upper)
      lo = mid + 1;
    else
      hi = mid;
  }
  return not_found;
}

namespace detail {
// A decimal read as minor units of a currency: what parse_money and "..."_money share.
struct minor_units {
  enum fault_kind : std::uint8_t { none, too_many_decimals, too_large };
  fault_kind fault = none;
  std::int64_t value = 0;
};
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
[[nodiscard]] constexpr minor_units minor_units_of(const decimal_text& d, currency c) noexcept {
  if (d.fraction.size() > static_cast<std::size_t>(c.minor_digits())) return {minor_units::too_many_decimals};
  // 64-bit minor units: down to -2^63, up to 2^63 - 1.
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const auto v = scaled_value(d, c.minor_digits(), d.negative ? max + 1 : max);
  if (!v) return {minor_units::too_large};
  // Negation in unsigned arithmetic, so that 2^63 becomes -2^63 without overflow.
  return {minor_units::none, static_cast<std::int64_t>(d.negative ? std::uint64_t{0} - *v : *v)};
}

// What "..."_money reads. Each mistake calls a function that is never defined and
// whose name says what is wrong: in a constant evaluation that is the compile error.
struct money_literal {
  static void money_literal_is_not_digits_a_space_and_a_currency_code();
  static void money_literal_groups_digits_other_than_by_threes();
  static void money_literal_names_an_unknown_currency_code();
  static void money_literal_has_more_decimals_than_its_currency();
  static void money_literal_overflows_64_bit_minor_units();

  static consteval money read(std::string_view text) {
    if (text.size() < 5 || text[text.size() - 4] != ' ') money_literal_is_not_digits_a_space_and_a_currency_code();
    const std::string_view code = text.substr(text.size() - 3);
    const std::size_t found = currency::find(code);
    if (found == currency::not_found) money_literal_names_an_unknown_currency_code();
    const currency c(iso4217[found]);

    // The number without its group separators: the first group has one to three
    // digits, every later one exactly three, up to the point or the end.
    const std::string_view number = text.substr(0, text.size() - 4);
    std::array<char, 64> plain{};
    std::size_t n = 0, run = 0, groups = 0;
    bool in_whole = true;
    const auto end_group = [&] {
      if (run == 0 || run > 3 || (groups > 0 && run != 3)) money_literal_groups_digits_other_than_by_threes();
    };
    for (const char ch : number) {
      if (in_whole && (ch == ',' || ch == '\'')) {
        end_group();
        ++groups;
        run = 0;
        continue;
      }
      if (in_whole && ch == '.') {
        if (groups > 0) end_group();
        in_whole = false;
      }
      if (is_digit(ch)) ++run;
      if (n < plain.size())
        plain[n++] = ch;
      else  // 64 characters are far past 2^63 minor units
        money_literal_overflows_64_bit_minor_units();
    }
    if (in_whole && groups > 0) end_group();

    const auto d = split_decimal(std::string_view(plain.data(), n));
    if (!d) money_literal_is_not_digits_a_space_and_a_currency_code();
    const auto m = minor_units_of(*d, c);
    if (m.fault == minor_units::too_many_decimals) money_literal_has_more_decimals_than_its_currency();
    if (m.fault == minor_units::too_large) money_literal_overflows_64_bit_minor_units();
    return money(m.value, c);
  }
};
}  // namespace detail

consteval money literals::operator""_money(const char* text, std::size_t size) {
  return detail::money_literal::read(std::string_view(text, size));
}

inline std::string to_decimal_string(const money& m) noexcept {
  return detail::fixed_point(m.minor_units(), m.currency().minor_digits());
}

namespace detail {
error currency_mismatch(const money& a, const money& b);
// An exact 128-bit count of minor units as money in `c`, or an overflow error whose
// message names `what` (a figure computed, so the error has no place).
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
expected<money, error> money_from_minor(int128 minor, currency c, const char* what);
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/money.ipp>
#endif

#endif  // SALESRULES_MONEY_HPP
