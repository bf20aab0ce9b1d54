// SPDX-License-Identifier: BSL-1.0
// salesrules/fiscal_calendar.hpp - fiscal years, quarters and the phase of a quarter.
//
// A fiscal year starts on the first day of a configurable month (January by
// default). Quarters are three months each; the early, mid and late phase of a
// quarter are its first, second and third month, the thirds the playbook's
// coverage targets are set by (early 4-5x, mid 3x, late 1.5-2x).
#ifndef SALESRULES_FISCAL_CALENDAR_HPP
#define SALESRULES_FISCAL_CALENDAR_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules {

// Which calendar year names a fiscal year that spans two: FY2027 for Feb 2026 - Jan
// 2027 (ending_year, the usual convention) or FY2026 (starting_year).
enum class fiscal_year_naming : std::uint8_t { ending_year, starting_year };
BOOST_DESCRIBE_ENUM(fiscal_year_naming, ending_year, starting_year)

struct fiscal_calendar {
  std::chrono::month first_month = std::chrono::January;
  fiscal_year_naming naming = fiscal_year_naming::ending_year;

  friend constexpr bool operator==(const fiscal_calendar&, const fiscal_calendar&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(fiscal_calendar, (), (first_month, naming))

enum class quarter_phase : std::uint8_t { early, mid, late };
BOOST_DESCRIBE_ENUM(quarter_phase, early, mid, late)

// A fiscal quarter and the calendar days it spans.
struct fiscal_quarter {
  int year = 0;          // fiscal year, named as the calendar says
  unsigned quarter = 0;  // 1-4
  date first_day{};
  date last_day{};

  friend constexpr bool operator==(const fiscal_quarter&, const fiscal_quarter&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(fiscal_quarter, (), (year, quarter, first_day, last_day))

enum class period_kind : std::uint8_t { month, quarter, year };
BOOST_DESCRIBE_ENUM(period_kind, month, quarter, year)

// A fiscal month, quarter or year and the calendar days it spans.
struct fiscal_period {
  period_kind kind{};
  int year = 0;        // fiscal year
  unsigned index = 0;  // fiscal month 1-12, quarter 1-4, or 0 for a year
  date first_day{};
  date last_day{};

  friend constexpr bool operator==(const fiscal_period&, const fiscal_period&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(fiscal_period, (), (kind, year, index, first_day, last_day))

// A first month outside 1-12 or an unknown naming is an error.
[[nodiscard]] expected<validated<fiscal_calendar>, error> validate(fiscal_calendar c) noexcept;

[[nodiscard]] constexpr int fiscal_year(const date& d, const validated<fiscal_calendar>& cal) noexcept;
// 1-12: the month's place in the fiscal year.
[[nodiscard]] constexpr unsigned fiscal_month(const date& d, const validated<fiscal_calendar>& cal) noexcept;
[[nodiscard]] constexpr fiscal_quarter quarter_of(const date& d, const validated<fiscal_calendar>& cal) noexcept;
// The quarter's first, second or third month.
[[nodiscard]] constexpr quarter_phase phase_of(const date& d, const validated<fiscal_calendar>& cal) noexcept;

// The month, quarter or year that holds `d`.
[[nodiscard]] constexpr fiscal_period period_of(const date& d, period_kind kind,
                                                const validated<fiscal_calendar>& cal) noexcept;
[[nodiscard]] constexpr bool contains(const fiscal_period& p, const date& d) noexcept {
  return days_between(p.first_day, d) >= 0 && days_between(d, p.last_day) >= 0;
}
// The period after or before `p`, of the same kind.
[[nodiscard]] constexpr fiscal_period next_period(const fiscal_period& p, const validated<fiscal_calendar>& cal) noexcept {
  return period_of(add_days(p.last_day, 1), p.kind, cal);
}
[[nodiscard]] constexpr fiscal_period previous_period(const fiscal_period& p,
                                                      const validated<fiscal_calendar>& cal) noexcept {
  return period_of(add_days(p.first_day, -1), p.kind, cal);
}

// Whether every day of `p` lies in the years 1-9999, the dates this library reads and
// writes (FY0001 of a calendar starting in October would begin on 0000-10-01).
[[nodiscard]] constexpr bool in_date_range(const fiscal_period& p) noexcept {
  return p.first_day.year() >= std::chrono::year{1} && p.last_day.year() <= std::chrono::year{9999};
}

// "FY2026-Q4", "FY2026-M03", "FY2026"
[[nodiscard]] std::string to_string(const fiscal_period& p) noexcept;
// "2026-Q4" or "FY2026-Q4", "FY2026-M03", "2026" or "FY2026", in the calendar's fiscal years.
// A period reaching outside the years 1-9999 is an error (errc::out_of_range).
[[nodiscard]] expected<fiscal_period, error> parse_period(std::string_view text, const validated<fiscal_calendar>& cal,
                                                          std::string_view where = "") noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {
// Months since the start of the fiscal year (0-11), and the calendar year it started in.
struct fiscal_position {
  unsigned month_index;
  int start_year;
};
constexpr fiscal_position position(const date& d, const fiscal_calendar& cal) noexcept {
  const auto m = static_cast<unsigned>(d.month());
  const auto first = static_cast<unsigned>(cal.first_month);
  const int y = static_cast<int>(d.year());
  return m >= first ? fiscal_position{m - first, y} : fiscal_position{m + 12 - first, y - 1};
}
}  // namespace detail

constexpr int fiscal_year(const date& d, const validated<fiscal_calendar>& cal) noexcept {
  const auto pos = detail::position(d, *cal);
  const bool spans_two = cal->first_month != std::chrono::January;
  return cal->naming == fiscal_year_naming::ending_year && spans_two ? pos.start_year + 1 : pos.start_year;
}

constexpr unsigned fiscal_month(const date& d, const validated<fiscal_calendar>& cal) noexcept {
  return detail::position(d, *cal).month_index + 1;
}

constexpr fiscal_quarter quarter_of(const date& d, const validated<fiscal_calendar>& cal) noexcept {
  using namespace std::chrono;
  const auto pos = detail::position(d, *cal);
  const unsigned q = pos.month_index / 3;
  // The quarter's first month, counted from January of the fiscal year's start year.
  const year_month first = year{pos.start_year} / cal->first_month + months{3 * q};
  const year_month last = first + months{2};
  return fiscal_quarter{fiscal_year(d, cal), q + 1, first / day{1}, date(last / std::chrono::last)};
}

constexpr quarter_phase phase_of(const date& d, const validated<fiscal_calendar>& cal) noexcept {
  return static_cast<quarter_phase>(detail::position(d, *cal).month_index % 3);
}

constexpr fiscal_period period_of(const date& d, period_kind kind, const validated<fiscal_calendar>& cal) noexcept {
  using namespace std::chrono;
  const auto pos = detail::position(d, *cal);
  const unsigned first_index = kind == period_kind::month ? pos.month_index
                               : kind == period_kind::quarter ? pos.month_index / 3 * 3
                                                              : 0;
  const unsigned length = kind == period_kind::month ? 1 : kind == period_kind::quarter ? 3 : 12;
  const year_month first = year{pos.start_year} / cal->first_month + months{first_index};
  const year_month last = first + months{length - 1};
  const unsigned index = kind == period_kind::month ? pos.month_index + 1
                         : kind == period_kind::quarter ? pos.month_index / 3 + 1
                                                        : 0;
  return fiscal_period{kind, fiscal_year(d, cal), index, first / day{1}, date(last / std::chrono::last)};
}

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/fiscal_calendar.ipp>
#endif

#endif  // SALESRULES_FISCAL_CALENDAR_HPP
