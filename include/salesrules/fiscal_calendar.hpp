// salesrules/fiscal_calendar.hpp - fiscal years, quarters and the phase of a quarter.
//
// A fiscal year starts on the first day of a configurable month (January by
// default). Quarters are three months each; the early, mid and late phase of a
// quarter are its first, second and third month, the thirds the playbook's
// coverage targets are set by (early 4-5x, mid 3x, late 1.5-2x).
#ifndef SALESRULES_FISCAL_CALENDAR_HPP
#define SALESRULES_FISCAL_CALENDAR_HPP

#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <chrono>
#include <cstdint>
#include <string>

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
  date first_day;
  date last_day;

  friend constexpr bool operator==(const fiscal_quarter&, const fiscal_quarter&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(fiscal_quarter, (), (year, quarter, first_day, last_day))

// A first month outside 1-12 or an unknown naming is an error.
[[nodiscard]] expected<validated<fiscal_calendar>, error> validate(fiscal_calendar c) noexcept;

[[nodiscard]] constexpr int fiscal_year(const date& d, const validated<fiscal_calendar>& cal) noexcept;
// 1-12: the month's place in the fiscal year.
[[nodiscard]] constexpr unsigned fiscal_month(const date& d, const validated<fiscal_calendar>& cal) noexcept;
[[nodiscard]] constexpr fiscal_quarter quarter_of(const date& d, const validated<fiscal_calendar>& cal) noexcept;
// The quarter's first, second or third month.
[[nodiscard]] constexpr quarter_phase phase_of(const date& d, const validated<fiscal_calendar>& cal) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline expected<validated<fiscal_calendar>, error> validate(fiscal_calendar c) noexcept {
  if (!c.first_month.ok())
    return detail::fail(errc::out_of_range, "/first_month",
                        "first month " + std::to_string(static_cast<unsigned>(c.first_month)) +
                            " is not a month 1-12");
  if (c.naming != fiscal_year_naming::ending_year && c.naming != fiscal_year_naming::starting_year)
    return detail::fail(errc::out_of_range, "/naming", "naming is neither ending_year nor starting_year");
  return detail::validated_access::make(c);
}

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

}  // namespace salesrules

#endif  // SALESRULES_FISCAL_CALENDAR_HPP
