// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/fiscal_calendar.ipp - the definitions behind fiscal_calendar.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_FISCAL_CALENDAR_IPP
#define SALESRULES_IMPL_FISCAL_CALENDAR_IPP

#include <salesrules/fiscal_calendar.hpp>

#include <salesrules/detail/text.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<validated<fiscal_calendar>, error> validate(fiscal_calendar c) noexcept {
  if (!c.first_month.ok())
    return detail::fail(errc::out_of_range, "/first_month",
                        "first month " + std::to_string(static_cast<unsigned>(c.first_month)) +
                            " is not a month 1-12");
  if (c.naming != fiscal_year_naming::ending_year && c.naming != fiscal_year_naming::starting_year)
    return detail::fail(errc::out_of_range, "/naming", "naming is neither ending_year nor starting_year");
  return detail::validated_access::make(c);
}

SALESRULES_INLINE std::string to_string(const fiscal_period& p) noexcept {
  std::string year = std::to_string(p.year);
  if (p.year >= 0 && year.size() < 4) year.insert(0, 4 - year.size(), '0');
  std::string out = "FY" + year;
  if (p.kind == period_kind::quarter) out += "-Q" + std::to_string(p.index);
  if (p.kind == period_kind::month) out += (p.index < 10 ? "-M0" : "-M") + std::to_string(p.index);
  return out;
}

SALESRULES_INLINE expected<fiscal_period, error> parse_period(std::string_view text, const validated<fiscal_calendar>& cal,
                                                              std::string_view where) noexcept {
  auto bad = [&] {
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a fiscal period such as 2026-Q4, FY2026-M03 or FY2026");
  };
  std::string_view s = text;
  if (s.size() >= 2 && (s[0] == 'F' || s[0] == 'f') && (s[1] == 'Y' || s[1] == 'y')) s.remove_prefix(2);
  if (s.size() < 4) return bad();
  int y = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!detail::is_digit(s[i])) return bad();
    y = y * 10 + (s[i] - '0');
  }
  s.remove_prefix(4);
  period_kind kind = period_kind::year;
  unsigned index = 0;
  if (!s.empty()) {
    if (s.size() < 3 || s[0] != '-') return bad();
    const char unit = s[1];
    const auto n = detail::small_whole(s.substr(2 + (s.size() == 4 && s[2] == '0' ? 1 : 0)));
    if (!n) return bad();
    if (unit == 'Q' || unit == 'q') {
      if (s.size() != 3 || *n < 1 || *n > 4)
        return detail::fail(errc::out_of_range, std::string(where), detail::quoted(text) + " has no such quarter (1-4)");
      kind = period_kind::quarter;
    } else if (unit == 'M' || unit == 'm') {
      if (s.size() != 4 || *n < 1 || *n > 12)
        return detail::fail(errc::out_of_range, std::string(where),
                            detail::quoted(text) + " has no such fiscal month (M01-M12)");
      kind = period_kind::month;
    } else {
      return bad();
    }
    index = static_cast<unsigned>(*n);
  }
  if (y < 1) return bad();
  // The fiscal year's first day: its first month in the calendar year it starts in.
  using namespace std::chrono;
  const bool spans_two = cal->first_month != January;
  const int start_year = cal->naming == fiscal_year_naming::ending_year && spans_two ? y - 1 : y;
  const unsigned months_in = kind == period_kind::quarter ? (index - 1) * 3 : kind == period_kind::month ? index - 1 : 0;
  const year_month first = year{start_year} / cal->first_month + months{months_in};
  const fiscal_period p = period_of(first / day{1}, kind, cal);
  if (!in_date_range(p))
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " spans " + to_string(p.first_day) + " to " + to_string(p.last_day) +
                            ", outside the years 0001-9999 that dates are read in");
  return p;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_FISCAL_CALENDAR_IPP
