// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/coverage_policy.ipp - the definitions behind coverage_policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_COVERAGE_POLICY_IPP
#define SALESRULES_IMPL_COVERAGE_POLICY_IPP

#include <salesrules/coverage_policy.hpp>

#include <string>
#include <utility>

namespace salesrules {

SALESRULES_INLINE expected<validated<coverage_policy>, error> validate(coverage_policy p) noexcept {
  for (auto [t, name] : {std::pair{&p.early, "/early"}, std::pair{&p.mid, "/mid"}, std::pair{&p.late, "/late"},
                         std::pair{&p.weighted, "/weighted"}}) {
    if (t->low <= percent()) return detail::fail(errc::out_of_range, std::string(name) + "/low", "the target is not positive");
    if (t->high && *t->high < t->low)
      return detail::fail(errc::invalid_policy, std::string(name) + "/high",
                          "high " + to_string(*t->high) + " is below low " + to_string(t->low));
  }
  return detail::validated_access::make(p);
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_COVERAGE_POLICY_IPP
