// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/hygiene_policy.ipp - the definitions behind hygiene_policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_HYGIENE_POLICY_IPP
#define SALESRULES_IMPL_HYGIENE_POLICY_IPP

#include <salesrules/hygiene_policy.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules {

SALESRULES_INLINE std::int32_t stale_days_for(const hygiene_policy& p, std::string_view stage) noexcept {
  for (const auto& s : p.stale_after_by_stage)
    if (s.stage == stage) return s.days;  // validate() refuses a stage named twice
  return p.stale_after_days;
}

SALESRULES_INLINE std::int32_t validated<hygiene_policy>::stale_days_for(std::string_view stage) const noexcept {
  const auto& by_stage = value_.stale_after_by_stage;
  const std::size_t at =
      detail::find_sorted(by_stage_, [&](std::size_t i) -> const std::string& { return by_stage[i].stage; }, stage);
  return at == detail::no_repeat ? value_.stale_after_days : by_stage[at].days;
}

SALESRULES_INLINE expected<validated<hygiene_policy>, error> validate(hygiene_policy p) noexcept {
  if (p.stale_after_days < 1) return detail::fail(errc::out_of_range, "/stale_after_days", "must be at least 1 day");
  const auto repeated = detail::earlier_repeats(
      p.stale_after_by_stage.size(),
      [&](std::size_t i) -> const std::string& { return p.stale_after_by_stage[i].stage; });
  for (std::size_t i = 0; i < p.stale_after_by_stage.size(); ++i) {
    const auto at = "/stale_after_by_stage/" + std::to_string(i);
    const auto& s = p.stale_after_by_stage[i];
    if (detail::is_blank(s.stage)) return detail::fail(errc::invalid_policy, at + "/stage", "stage is blank");
    if (s.days < 1) return detail::fail(errc::out_of_range, at + "/days", "must be at least 1 day");
    if (repeated[i] != detail::no_repeat)
      return detail::fail(errc::duplicate, at + "/stage", "stage " + detail::quoted(s.stage) + " is listed twice");
  }
  if (p.min_contacts < 1) return detail::fail(errc::out_of_range, "/min_contacts", "must be at least 1");
  if (detail::is_blank(p.qualified_after))
    return detail::fail(errc::invalid_policy, "/qualified_after", "names no stage");
  if (p.close_horizon_days < 1) return detail::fail(errc::out_of_range, "/close_horizon_days", "must be at least 1 day");
  if (p.handoff_within_days < 0)
    return detail::fail(errc::out_of_range, "/handoff_within_days", "must be 0 days or more");
  if (p.scopes.size() > 256) return detail::fail(errc::out_of_range, "/scopes", "more than 256 scopes");
  for (std::size_t i = 0; i < p.scopes.size(); ++i) {
    const hygiene_scope& s = p.scopes[i];
    const std::string at = detail::pointer("scopes", i);
    if (detail::is_blank(s.name)) return detail::fail(errc::invalid_policy, at + "/name", "the scope's name is blank");
    for (const auto& [value, key] : {std::pair{s.stale_after_days, "/stale_after_days"},
                                     std::pair{s.min_contacts, "/min_contacts"},
                                     std::pair{s.close_horizon_days, "/close_horizon_days"}})
      if (value && *value < 1) return detail::fail(errc::out_of_range, at + key, "must be at least 1");
    if (!s.stale_after_days && !s.min_contacts && !s.close_horizon_days)
      return detail::fail(errc::invalid_policy, at, "scope " + detail::quoted(s.name) + " sets no threshold");
  }
  auto by_stage = detail::sorted_positions(
      p.stale_after_by_stage.size(), [&](std::size_t i) -> const std::string& { return p.stale_after_by_stage[i].stage; });
  return detail::validated_access::make(std::move(p), std::move(by_stage));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_HYGIENE_POLICY_IPP
