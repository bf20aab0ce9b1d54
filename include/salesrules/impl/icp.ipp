// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/icp.ipp - the definitions behind icp.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_ICP_IPP
#define SALESRULES_IMPL_ICP_IPP

#include <salesrules/icp.hpp>

#include <salesrules/detail/text.hpp>

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

namespace detail {
SALESRULES_INLINE std::optional<error> blank_entry(const std::vector<std::string>& list, std::string_view path) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (is_blank(list[i]))
      return error{errc::invalid_policy, std::string(path) + pointer(i), "entry is blank"};
  return std::nullopt;
}

SALESRULES_INLINE bool listed(const std::vector<std::string>& list, std::string_view value) noexcept {
  for (const auto& s : list)
    if (same_name(s, value)) return true;
  return false;
}
}  // namespace detail

SALESRULES_INLINE expected<validated<icp_policy>, error> validate(icp_policy p) noexcept {
  for (auto [list, path] : {std::pair{&p.segments, "/segments"}, std::pair{&p.industries, "/industries"},
                            std::pair{&p.regions, "/regions"}})
    if (auto e = detail::blank_entry(*list, path)) return unexpected<error>(std::move(*e));
  if (p.min_employees && *p.min_employees < 0)
    return detail::fail(errc::out_of_range, "/min_employees", "min_employees is negative");
  if (p.max_employees && *p.max_employees < 0)
    return detail::fail(errc::out_of_range, "/max_employees", "max_employees is negative");
  if (p.min_employees && p.max_employees && *p.min_employees > *p.max_employees)
    return detail::fail(errc::invalid_policy, "/min_employees",
                        "min_employees " + std::to_string(*p.min_employees) + " is above max_employees " +
                            std::to_string(*p.max_employees));
  for (auto [bound, path] : {std::pair{&p.min_revenue, "/min_revenue"}, std::pair{&p.max_revenue, "/max_revenue"}}) {
    if (*bound && !(*bound)->currency().is_set())
      return detail::fail(errc::unknown_currency, path, "the revenue bound has no currency");
    if (*bound && (*bound)->is_negative())
      return detail::fail(errc::out_of_range, path, "the revenue bound " + to_string(**bound) + " is negative");
  }
  if (p.min_revenue && p.max_revenue) {
    const auto order = compare(*p.min_revenue, *p.max_revenue);
    if (!order) return unexpected<error>(detail::within("/max_revenue", order.error()));
    if (*order == std::strong_ordering::greater)
      return detail::fail(errc::invalid_policy, "/min_revenue",
                          "min_revenue " + to_string(*p.min_revenue) + " is above max_revenue " +
                              to_string(*p.max_revenue));
  }
  return detail::validated_access::make(std::move(p));
}

SALESRULES_INLINE icp_result check_icp(std::string_view segment, const account_profile& account,
                                       const validated<icp_policy>& policy) noexcept {
  const icp_policy& p = *policy;
  icp_result r;
  auto fail = [&r](icp_criterion c, bool for_want_of_data) {
    r.failed.insert(c);
    if (for_want_of_data) r.unknown.insert(c);
  };
  auto check_list = [&](const std::vector<std::string>& allowed, std::string_view value, icp_criterion c) {
    if (allowed.empty()) return;
    if (detail::is_blank(value))
      fail(c, true);
    else if (!detail::listed(allowed, value))
      fail(c, false);
  };
  check_list(p.segments, segment, icp_criterion::segment);
  check_list(p.industries, account.industry, icp_criterion::industry);
  check_list(p.regions, account.region, icp_criterion::region);

  if (p.min_employees || p.max_employees) {
    if (!account.employees)
      fail(icp_criterion::employees, true);
    else if ((p.min_employees && *account.employees < *p.min_employees) ||
             (p.max_employees && *account.employees > *p.max_employees))
      fail(icp_criterion::employees, false);
  }
  if (p.min_revenue || p.max_revenue) {
    const auto bound_currency = (p.min_revenue ? *p.min_revenue : *p.max_revenue).currency();
    if (!account.annual_revenue || account.annual_revenue->currency() != bound_currency) {
      fail(icp_criterion::revenue, true);  // not recorded, or in a currency the bounds are not
    } else {
      const auto v = account.annual_revenue->minor_units();
      if ((p.min_revenue && v < p.min_revenue->minor_units()) ||
          (p.max_revenue && v > p.max_revenue->minor_units()))
        fail(icp_criterion::revenue, false);
    }
  }
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_ICP_IPP
