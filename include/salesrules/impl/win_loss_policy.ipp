// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/win_loss_policy.ipp - the definitions behind win_loss_policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_WIN_LOSS_POLICY_IPP
#define SALESRULES_IMPL_WIN_LOSS_POLICY_IPP

#include <salesrules/win_loss_policy.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>

#include <cstddef>
#include <string>
#include <utility>

namespace salesrules {

namespace detail {
SALESRULES_INLINE bool within_100(percent p) noexcept { return p >= percent() && p <= percent::from_whole(100); }
}  // namespace detail

SALESRULES_INLINE expected<validated<win_loss_policy>, error> validate(win_loss_policy p) noexcept {
  if (p.quota_attainment_target <= percent())
    return detail::fail(errc::out_of_range, "/quota_attainment_target", "must be positive");
  if (!detail::within_100(p.meddpicc_completion_target))
    return detail::fail(errc::out_of_range, "/meddpicc_completion_target", "outside 0-100%");
  if (!detail::within_100(p.win_rate_target))
    return detail::fail(errc::out_of_range, "/win_rate_target", "outside 0-100%");
  if (!detail::within_100(p.qualified_win_rate_target))
    return detail::fail(errc::out_of_range, "/qualified_win_rate_target", "outside 0-100%");
  const auto repeated = detail::earlier_repeats(
      p.cycle_targets.size(), [&](std::size_t i) -> const std::string& { return p.cycle_targets[i].segment; });
  for (std::size_t i = 0; i < p.cycle_targets.size(); ++i) {
    const auto at = "/cycle_targets/" + std::to_string(i);
    const auto& t = p.cycle_targets[i];
    if (detail::is_blank(t.segment)) return detail::fail(errc::invalid_policy, at + "/segment", "segment is blank");
    if (t.days < 1) return detail::fail(errc::out_of_range, at + "/days", "must be at least 1 day");
    if (repeated[i] != detail::no_repeat)
      return detail::fail(errc::duplicate, at + "/segment", "segment " + detail::quoted(t.segment) + " is listed twice");
  }
  if (detail::is_blank(p.cycle_from_stage))
    return detail::fail(errc::invalid_policy, "/cycle_from_stage", "names no stage");
  if (detail::is_blank(p.needs_assessment_stage))
    return detail::fail(errc::invalid_policy, "/needs_assessment_stage", "names no stage");
  return detail::validated_access::make(std::move(p));
}

SALESRULES_INLINE expected<validated<diagnosis_policy>, error> validate(diagnosis_policy p) noexcept {
  for (auto [v, name] : {std::pair{p.min_forecast_accuracy, "/min_forecast_accuracy"},
                         std::pair{p.max_won_discount, "/max_won_discount"},
                         std::pair{p.max_single_threaded_share, "/max_single_threaded_share"},
                         std::pair{p.max_discovery_stall_share, "/max_discovery_stall_share"},
                         std::pair{p.max_competitor_loss_share, "/max_competitor_loss_share"}})
    if (!detail::within_100(v)) return detail::fail(errc::out_of_range, name, "outside 0-100%");
  if (p.min_coverage <= percent()) return detail::fail(errc::out_of_range, "/min_coverage", "must be positive");
  for (std::size_t i = 0; i < p.competitor_loss_reasons.size(); ++i)
    if (detail::is_blank(p.competitor_loss_reasons[i]))
      return detail::fail(errc::invalid_policy, "/competitor_loss_reasons/" + std::to_string(i), "reason is blank");
  return detail::validated_access::make(std::move(p));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_WIN_LOSS_POLICY_IPP
