// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/probability.ipp - the definitions behind probability.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_PROBABILITY_IPP
#define SALESRULES_IMPL_PROBABILITY_IPP

#include <salesrules/probability.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<probability, error> probability::from_percent(int whole_percent,
                                                                           std::string_view where) noexcept {
  if (whole_percent < 0 || whole_percent > 100)
    return detail::fail(errc::out_of_range, std::string(where),
                        "probability " + std::to_string(whole_percent) + " is outside 0-100");
  return probability(unchecked{}, whole_percent);
}

SALESRULES_INLINE expected<probability, error> parse_probability(std::string_view text, std::string_view where) noexcept {
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == '%') digits.remove_suffix(1);
  const auto v = detail::small_whole(digits);
  if (!v)
    return detail::fail(errc::syntax, std::string(where), detail::quoted(text) + " is not a whole percentage 0-100");
  return probability::from_percent(*v, where);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_PROBABILITY_IPP
