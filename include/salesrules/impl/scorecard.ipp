// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/scorecard.ipp - the definitions behind scorecard.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_SCORECARD_IPP
#define SALESRULES_IMPL_SCORECARD_IPP

#include <salesrules/scorecard.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/names.hpp>

#include <string>

namespace salesrules {

SALESRULES_INLINE std::string to_string(score_points p) noexcept {
  std::string s = detail::fixed_point(p.hundredths(), 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

SALESRULES_INLINE expected<validated<scorecard_policy>, error> validate(scorecard_policy p) noexcept {
  if (p.strong_at < 0 || p.strong_at > 30)
    return detail::fail(errc::out_of_range, "/strong_at",
                        "strong_at " + std::to_string(p.strong_at) + " is outside 0-30");
  if (p.viable_at < 0 || p.viable_at > 30)
    return detail::fail(errc::out_of_range, "/viable_at",
                        "viable_at " + std::to_string(p.viable_at) + " is outside 0-30");
  if (p.viable_at >= p.strong_at)
    return detail::fail(errc::invalid_policy, "/viable_at",
                        "viable_at " + std::to_string(p.viable_at) + " must be below strong_at " +
                            std::to_string(p.strong_at));
  unsigned sum = 0;
  for (auto c : enum_set<scorecard_criterion>::all()) {
    const unsigned w = p.weights.of(c);
    if (w > 1000)
      return detail::fail(errc::out_of_range, "/weights/" + std::string(name_of(c)),
                          "weight " + std::to_string(w) + " is outside 0-1000");
    sum += w;
  }
  if (sum == 0)
    return detail::fail(errc::invalid_policy, "/weights", "every weight is 0: nothing would be scored");
  return detail::validated_access::make(p);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_SCORECARD_IPP
