// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/opportunity.ipp - the definitions behind opportunity.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_OPPORTUNITY_IPP
#define SALESRULES_IMPL_OPPORTUNITY_IPP

#include <salesrules/opportunity.hpp>

#include <cstdint>
#include <span>

namespace salesrules {

namespace detail {
SALESRULES_INLINE error about_deal(const opportunity& o, error e) noexcept {
  e.deal_id = o.id;
  return e;
}

SALESRULES_INLINE error about_deal(std::span<const opportunity> deals, const opportunity& o, error e) noexcept {
  e.deal_id = o.id;
  e.row = static_cast<std::uint64_t>(&o - deals.data()) + 1;
  return e;
}
}  // namespace detail

}  // namespace salesrules

#endif  // SALESRULES_IMPL_OPPORTUNITY_IPP
