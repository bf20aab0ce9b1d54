// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/deal_condition_analysis.ipp - the definitions behind
// deal_condition_analysis.hpp (see config.hpp: included by the header when
// header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_DEAL_CONDITION_ANALYSIS_IPP
#define SALESRULES_IMPL_DEAL_CONDITION_ANALYSIS_IPP

#include <salesrules/deal_condition_analysis.hpp>

#include <salesrules/approval_analysis.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salesrules {

SALESRULES_INLINE deal_condition_analysis analyze_deal_conditions(const validated_policy& p) noexcept {
  deal_condition_analysis out;
  // Hygiene scopes: the first a deal meets counts, so each shadows the later ones.
  bool capped = false;  // never: 256 scopes at most
  const auto& scopes = detail::validated_access::compiled(p);
  const auto judged = detail::judge_conditions(scopes.compiled.conditions, scopes.roots,
                                               [](std::size_t, std::size_t) { return true; }, capped);
  for (std::size_t k = 0; k < judged.size(); ++k) {
    switch (judged[k].verdict) {
      case detail::condition_verdict::may_hold: break;
      case detail::condition_verdict::never_holds: out.scopes.push_back({k, scope_finding_kind::never_matches, 0}); break;
      case detail::condition_verdict::outside: ++out.not_analysed; break;
      case detail::condition_verdict::shadowed: out.scopes.push_back({k, scope_finding_kind::shadowed, judged[k].by}); break;
    }
  }
  // Stage conditions: all of a stage's criteria must hold, so none shadows another.
  const auto& process = p.process();
  const auto& stages = process->stages;
  for (std::size_t s = 0; s < stages.size(); ++s)
    for (const bool entry : {true, false}) {
      const std::size_t n = (entry ? stages[s].entry : stages[s].exit).size();
      std::vector<std::uint32_t> roots(n);
      for (std::size_t i = 0; i < n; ++i) roots[i] = process.condition_root(s, entry, i);
      const auto verdicts = detail::judge_conditions(detail::validated_access::compiled(process).compiled.conditions,
                                                     roots, [](std::size_t, std::size_t) { return false; }, capped);
      for (std::size_t i = 0; i < n; ++i) {
        if (verdicts[i].verdict == detail::condition_verdict::never_holds) out.stage_conditions.push_back({s, entry, i});
        if (verdicts[i].verdict == detail::condition_verdict::outside) ++out.not_analysed;
      }
    }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DEAL_CONDITION_ANALYSIS_IPP
