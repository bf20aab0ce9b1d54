// SPDX-License-Identifier: BSL-1.0
// salesrules/date.hpp - calendar dates.
//
// A date is std::chrono::year_month_day. Text is strict ISO 8601 "YYYY-MM-DD":
// "2026-2-3" and "2026-02-30" are errors, not guesses. The library never reads a
// clock; "today" is always an argument.
#ifndef SALESRULES_DATE_HPP
#define SALESRULES_DATE_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules {

using date = std::chrono::year_month_day;

// "2026-03-28" -> 2026-03-28. Years 0001-9999; the day must exist in that month.
[[nodiscard]] expected<date, error> parse_date(std::string_view text, std::string_view where = "") noexcept;

// 2026-03-28 -> "2026-03-28"
[[nodiscard]] std::string to_string(const date& d) noexcept;

namespace detail {
// A date written exactly YYYY-MM-DD that is a day of the calendar (years 0001-9999),
// or nothing: what parse_date accepts, read without building an error. Every digit is
// checked at once, without a branch a character.
[[nodiscard]] constexpr std::optional<date> read_iso_date(std::string_view t) noexcept {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const auto digit = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i])) - '0'; };
  const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), m0 = digit(5), m1 = digit(6),
                 d0 = digit(8), d1 = digit(9);
  // A byte below '0' wraps to a large unsigned: one comparison covers both sides.
  if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9)) return std::nullopt;
  const unsigned y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
  if (y == 0 || m - 1 > 11 || d == 0) return std::nullopt;
  constexpr unsigned char month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  if (d > month_days[m - 1] || (m == 2 && d == 29 && !leap)) return std::nullopt;
  return date{std::chrono::year{static_cast<int>(y)}, std::chrono::month{m}, std::chrono::day{d}};
}

// Days since 1970-01-01, as std::chrono::sys_days counts them. Written out (days
// before the year's March 1st, in 400-year eras) so that it inlines into the loop;
// the standard library's conversion is an out-of-line call in GCC 12.
[[nodiscard]] constexpr std::int32_t day_number(const date& d) noexcept {
  const unsigned m = static_cast<unsigned>(d.month());
  const int y = static_cast<int>(d.year()) - (m <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d.day()) - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int32_t>(day_of_era) - 719468;
}
}  // namespace detail

// Days from `from` to `to`: positive when `to` is later.
[[nodiscard]] constexpr std::int32_t days_between(const date& from, const date& to) noexcept {
  return detail::day_number(to) - detail::day_number(from);
}

// The date `days` days after `d` (before, when negative).
[[nodiscard]] constexpr date add_days(const date& d, std::int32_t days) noexcept {
  return date(std::chrono::sys_days(d) + std::chrono::days(days));
}

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/date.ipp>
#endif

#endif  // SALESRULES_DATE_HPP
