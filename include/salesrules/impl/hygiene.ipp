// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/hygiene.ipp - the definitions behind hygiene.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_HYGIENE_IPP
#define SALESRULES_IMPL_HYGIENE_IPP

#include <salesrules/hygiene.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace salesrules {
namespace detail {

SALESRULES_INLINE hygiene_plan make_hygiene_plan(const validated_policy& p, date today,
                                                 enum_set<deal_data> known) noexcept {
  // validate(policy) has made sure qualified_after is an open stage of the process.
  const auto qa = find_stage(*p.process(), p.hygiene()->qualified_after);
  const scorecard_weights& w = p.scorecard()->weights;
  return {*p.process(),
          p,
          *p.hygiene(),
          w,
          w.budget + w.authority + w.need + w.timeline + w.champion + w.competition,
          p.meddpicc()->framework == qualification_framework::meddpicc,
          qa.value_or(p.process()->stages.size()),
          static_cast<std::uint32_t>(p.scorecard()->viable_at) * 100U,
          day_number(today),
          today,
          known};
}

SALESRULES_INLINE probability next_stage_probability(const sales_process& p, std::size_t i) noexcept {
  for (std::size_t k = i + 1; k < p.stages.size(); ++k)
    if (p.stages[k].kind != stage_kind::lost) return p.stages[k].probability;
  return probability{100};
}

SALESRULES_INLINE const hygiene_scope* hygiene_scope_of(const opportunity& o, const validated_policy& p,
                                                        bool& judged) noexcept {
  const auto& scopes = validated_access::compiled(p);
  const auto& list = p.hygiene()->scopes;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const auto r = evaluate_on_deal(o, *p.process(), scopes.compiled, scopes.roots[k]);
    if (r.failed != UINT32_MAX) {
      judged = false;
      return nullptr;
    }
    if (r.holds) return &list[k];
  }
  return nullptr;
}

SALESRULES_INLINE error hygiene_error(hygiene_status s, const opportunity& o, std::size_t index,
                                       const hygiene_plan& plan) {
  const sales_process& p = plan.process;
  error e;
  if (s == hygiene_status::field_unjudged) {
    // Judged again, off the hot path, for the comparison that failed and its scope.
    const auto& scopes = validated_access::compiled(plan.policy);
    const auto& list = plan.policy.hygiene()->scopes;
    for (std::size_t k = 0; k < list.size(); ++k) {
      const auto r = evaluate_on_deal(o, p, scopes.compiled, scopes.roots[k]);
      if (r.failed == UINT32_MAX) continue;
      e = deal_field_error(p, scopes.compiled, r.failed, "hygiene scope " + detail::quoted(list[k].name));
      break;
    }
  } else if (s == hygiene_status::closed_stage) {
    e = error{errc::inconsistent, "/outcome", "it is open but its stage " + detail::quoted(o.stage) + " is a closed stage"};
  } else {
    std::string known;
    for (const auto& st : p.stages) known += (known.empty() ? "" : ", ") + st.name;
    e = error{errc::unknown_name, "/stage", "unknown stage " + detail::quoted(o.stage) + "; the stages are " + known};
  }
  e = about_deal(o, std::move(e));
  e.row = index + 1;
  return e;
}

}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_IMPL_HYGIENE_IPP
