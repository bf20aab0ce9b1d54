// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/date.ipp - the definitions behind date.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_DATE_IPP
#define SALESRULES_IMPL_DATE_IPP

#include <salesrules/date.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<date, error> parse_date(std::string_view text, std::string_view where) noexcept {
  if (const auto d = detail::read_iso_date(text)) return *d;
  // Not a date: say why.
  auto digits = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!detail::is_digit(text[i])) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a date in the form YYYY-MM-DD");
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0)
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a date in the form YYYY-MM-DD");
  if (y == 0 || m < 1 || m > 12)
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " has no such year or month");
  const date result{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                    std::chrono::day{static_cast<unsigned>(d)}};
  if (!result.ok())
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " is not a day of that month");
  return result;
}

SALESRULES_INLINE std::string to_string(const date& d) noexcept {
  auto two = [](unsigned v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; };
  const int y = static_cast<int>(d.year());
  std::string out = std::to_string(y);
  if (y >= 0 && y < 1000) out.insert(0, 4 - out.size(), '0');
  return out + "-" + two(static_cast<unsigned>(d.month())) + "-" + two(static_cast<unsigned>(d.day()));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DATE_IPP
