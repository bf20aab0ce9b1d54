// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/coverage_policy.ipp - the definitions behind coverage_policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_COVERAGE_POLICY_IPP
#define SALESRULES_IMPL_COVERAGE_POLICY_IPP

#include <salesrules/coverage_policy.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>

#include <string>
#include <string_view>
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
  if (p.outbound_share < percent() || p.outbound_share > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/outbound_share", "the share " + to_string(p.outbound_share) +
                                                                   " is outside 0-100%");
  for (std::size_t i = 0; i < p.outbound_sources.size(); ++i) {
    const std::string_view name = detail::trim_blanks(p.outbound_sources[i]);
    if (name.empty())
      return detail::fail(errc::invalid_policy, detail::pointer("outbound_sources", i), "the source is blank");
    for (std::size_t j = 0; j < i; ++j)
      if (same_name(detail::trim_blanks(p.outbound_sources[j]), name))
        return detail::fail(errc::duplicate, detail::pointer("outbound_sources", i),
                            detail::quoted(p.outbound_sources[i]) + " is listed already, as source " +
                                std::to_string(j + 1));
  }
  return detail::validated_access::make(p);
}

SALESRULES_INLINE bool is_outbound(std::string_view source, const coverage_policy& p) noexcept {
  source = detail::trim_blanks(source);
  if (source.empty()) return false;
  for (const std::string& s : p.outbound_sources)
    if (same_name(detail::trim_blanks(s), source)) return true;
  return false;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_COVERAGE_POLICY_IPP
