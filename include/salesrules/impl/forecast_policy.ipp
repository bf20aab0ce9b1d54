// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/forecast_policy.ipp - the definitions behind forecast_policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_FORECAST_POLICY_IPP
#define SALESRULES_IMPL_FORECAST_POLICY_IPP

#include <salesrules/forecast_policy.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules {

SALESRULES_INLINE const stage_category* validated<forecast_policy>::category_of(std::string_view stage) const noexcept {
  const auto& map = value_.stage_categories;
  const std::size_t at =
      detail::find_sorted(by_stage_, [&](std::size_t i) -> const std::string& { return map[i].stage; }, stage);
  return at == detail::no_repeat ? nullptr : &map[at];
}

SALESRULES_INLINE expected<validated<forecast_policy>, error> validate(forecast_policy p) noexcept {
  const auto& b = p.bands;
  if (!(b.pipeline_at < b.best_case_at))
    return detail::fail(errc::invalid_policy, "/bands/pipeline_at", "pipeline_at must be below best_case_at");
  if (!(b.best_case_at < b.commit_at))
    return detail::fail(errc::invalid_policy, "/bands/best_case_at", "best_case_at must be below commit_at");
  const auto repeated = detail::earlier_repeats(
      p.stage_categories.size(), [&](std::size_t i) -> const std::string& { return p.stage_categories[i].stage; });
  for (std::size_t i = 0; i < p.stage_categories.size(); ++i) {
    const auto at = "/stage_categories/" + std::to_string(i);
    const auto& sc = p.stage_categories[i];
    if (detail::is_blank(sc.stage)) return detail::fail(errc::invalid_policy, at + "/stage", "stage is blank");
    if (name_of(sc.category).empty() || sc.category == forecast_category::closed)
      return detail::fail(errc::invalid_policy, at + "/category",
                          "an open stage's category is upside, pipeline, best_case, commit or omitted");
    if (repeated[i] != detail::no_repeat)
      return detail::fail(errc::duplicate, at + "/stage", "stage " + detail::quoted(sc.stage) + " is mapped twice");
  }
  if (p.accuracy_target < percent() || p.accuracy_target > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/accuracy_target", "the accuracy target is outside 0-100%");
  if (p.range_buckets < 100 || p.range_buckets > 1'000'000)
    return detail::fail(errc::out_of_range, "/range_buckets", "range_buckets is outside 100-1,000,000");
  if (p.calibration_min_deals < 1)
    return detail::fail(errc::out_of_range, "/calibration_min_deals", "calibration_min_deals must be at least 1");
  auto by_stage = detail::sorted_positions(
      p.stage_categories.size(), [&](std::size_t i) -> const std::string& { return p.stage_categories[i].stage; });
  return detail::validated_access::make(std::move(p), std::move(by_stage));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_FORECAST_POLICY_IPP
