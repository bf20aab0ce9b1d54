// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/rating.ipp - the definitions behind rating.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_RATING_IPP
#define SALESRULES_IMPL_RATING_IPP

#include <salesrules/rating.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE expected<rating, error> rating::from_int(int value, std::string_view where) noexcept {
  if (value < 1 || value > 5)
    return detail::fail(errc::out_of_range, std::string(where),
                        "rating " + std::to_string(value) + " is outside 1-5");
  return rating(unchecked{}, value);
}

SALESRULES_INLINE expected<rating, error> parse_rating(std::string_view text, std::string_view where) noexcept {
  if (const auto r = detail::read_rating(text)) return *r;
  const auto v = detail::small_whole(text);
  if (!v)
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a rating 1-5 (leave it empty for not rated)");
  return rating::from_int(*v, where);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_RATING_IPP
