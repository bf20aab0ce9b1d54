// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/percent.ipp - the definitions behind percent.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_PERCENT_IPP
#define SALESRULES_IMPL_PERCENT_IPP

#include <salesrules/percent.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<percent, error> parse_percent(std::string_view text, std::string_view where) noexcept {
  std::string_view number = text;
  if (!number.empty() && number.back() == '%') number.remove_suffix(1);
  const auto d = detail::split_decimal(number);
  if (!d)
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a percentage such as 12.5");
  if (d->fraction.size() > 2)
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " is finer than a basis point (0.01%)");
  constexpr std::uint64_t limit = 1'000'000'000'000;  // 10^10 percent: far past any real figure
  const auto v = detail::scaled_value(*d, 2, limit);
  if (!v)
    return detail::fail(errc::overflow, std::string(where), detail::quoted(text) + " is too large");
  const auto bp = static_cast<std::int64_t>(*v);
  return percent::from_basis_points(d->negative ? -bp : bp);
}

SALESRULES_INLINE std::string to_string(percent p) noexcept {
  std::string s = detail::fixed_point(p.basis_points(), 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_PERCENT_IPP
