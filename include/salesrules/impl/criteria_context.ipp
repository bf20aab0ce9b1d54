// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/criteria_context.ipp - the definitions behind criteria/context.hpp.
// They need the whole policy, so policy.hpp includes this when header-only (see
// config.hpp); compiled once into salesrules::compiled otherwise.
#ifndef SALESRULES_IMPL_CRITERIA_CONTEXT_IPP
#define SALESRULES_IMPL_CRITERIA_CONTEXT_IPP

#include <salesrules/criteria/context.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>

#include <string>
#include <string_view>

namespace salesrules {

SALESRULES_INLINE qualification_framework framework_of(const validated_policy& p) noexcept {
  return p.meddpicc()->framework;
}

SALESRULES_INLINE bool icp_reads_profile(const validated_policy& p) noexcept {
  const icp_policy& icp = *p.icp();
  return !icp.industries.empty() || !icp.regions.empty() || icp.min_employees || icp.max_employees ||
         icp.min_revenue || icp.max_revenue;
}

namespace criteria {

SALESRULES_INLINE score_points context::score() noexcept {
  if (score_ < 0) score_ = salesrules::score(deal_.ratings, policy_.scorecard()).total.hundredths();
  return score_points::from_hundredths(score_);
}

SALESRULES_INLINE score_points context::tier_threshold(qualification_tier t) const noexcept {
  const scorecard_policy& sc = *policy_.scorecard();
  return score_points::whole(t == qualification_tier::strong   ? sc.strong_at
                             : t == qualification_tier::viable ? sc.viable_at
                                                               : 0);
}

SALESRULES_INLINE bool context::meddpicc_complete() noexcept {
  if (meddpicc_complete_ < 0) meddpicc_complete_ = check_meddpicc(deal_.meddpicc, policy_.meddpicc()).is_complete() ? 1 : 0;
  return meddpicc_complete_ == 1;
}

SALESRULES_INLINE bool context::icp_fits() const noexcept {
  return check_icp(deal_.segment, deal_.profile, policy_.icp()).fits();
}

SALESRULES_INLINE bool context::holds(std::string_view predicate) noexcept {
  for (const auto& np : policy_.process()->predicates) {
    if (!same_name(np.name, predicate)) continue;
    // No try/catch, so that the header compiles with -fno-exceptions: a predicate
    // must not throw, and one that does ends the program here (every caller of this
    // is noexcept), as stage.hpp says.
    return np.test(deal_, today_);
  }
  failure_ = error{errc::unknown_name, "", "predicate " + detail::quoted(predicate) + " is not registered"};
  return false;
}

SALESRULES_INLINE bool context::condition_holds() noexcept {
  if (condition_ == UINT32_MAX) {  // not at a criterion the process compiled: not judged
    failure_ = error{errc::invalid_policy, "", "a field condition outside the validated process"};
    return false;
  }
  const auto& process = policy_.process();
  const auto& store = detail::validated_access::compiled(process).compiled;
  const auto r = detail::evaluate_on_deal(deal_, *process, store, condition_);
  if (r.failed == UINT32_MAX) return r.holds;
  failure_ = detail::deal_field_error(*process, store, r.failed, "the stage's condition");
  return false;
}

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_IMPL_CRITERIA_CONTEXT_IPP
