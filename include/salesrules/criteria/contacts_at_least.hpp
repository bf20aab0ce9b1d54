// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/contacts_at_least.hpp - at least so many engaged contacts.
//
// {"kind": "contacts_at_least", "at_least": 3}: the deal's engaged contacts (its
// contact count, or the contacts listed, whichever is larger: opportunity.hpp's
// contacts_engaged) number at least `at_least`. Unmet, it gives both counts.
#ifndef SALESRULES_CRITERIA_CONTACTS_AT_LEAST_HPP
#define SALESRULES_CRITERIA_CONTACTS_AT_LEAST_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/error.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct contacts_at_least {
  static constexpr criterion_kind kind = criterion_kind::contacts_at_least;
  int at_least = 0;  // contacts

  struct unmet {
    std::uint32_t required = 0;  // contacts
    std::uint32_t actual = 0;    // contacts engaged (capped at 2^32 - 1)
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (required, actual), (), ())
  };

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (at_least < 0) return error{errc::out_of_range, std::string(at) + "/at_least", "a contact count cannot be negative"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::contacts}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    out.required = static_cast<std::uint32_t>(std::max(at_least, 0));
    out.actual = static_cast<std::uint32_t>(std::min<std::size_t>(contacts_engaged(ctx.deal()), UINT32_MAX));
    return out.actual >= out.required;
  }
  [[nodiscard]] std::string describe() const { return "at least " + std::to_string(at_least) + " contacts"; }
  [[nodiscard]] std::string explain(const unmet& u, const validated_policy&) const {
    return describe() + " (the deal has " + std::to_string(u.actual) + ")";
  }
  [[nodiscard]] std::string advice(const unmet& u, const validated_policy&) const {
    return "Engage " + std::to_string(u.required) + " or more contacts on the deal.";
  }
  friend constexpr bool operator==(const contacts_at_least&, const contacts_at_least&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(contacts_at_least, (), (at_least))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_CONTACTS_AT_LEAST_HPP
