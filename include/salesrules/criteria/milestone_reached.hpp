// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/milestone_reached.hpp - the deal has reached a milestone.
//
// {"kind": "milestone_reached", "milestone": "meeting_held"}: most of the playbook's
// entry and exit criteria (milestone.hpp lists them). Unmet, it names the milestone.
#ifndef SALESRULES_CRITERIA_MILESTONE_REACHED_HPP
#define SALESRULES_CRITERIA_MILESTONE_REACHED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct milestone_reached {
  static constexpr criterion_kind kind = criterion_kind::milestone_reached;
  salesrules::milestone milestone{};

  struct unmet {
    salesrules::milestone milestone{};  // the one not reached
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (milestone), (), ())
  };

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (name_of(milestone).empty()) return error{errc::out_of_range, std::string(at) + "/milestone", "not a known milestone"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::milestones}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    out.milestone = milestone;
    return ctx.deal().milestones.has(milestone);
  }
  [[nodiscard]] std::string describe() const { return detail::words(name_of(milestone)); }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Reach the milestone: " + describe() + ".";
  }
  friend constexpr bool operator==(const milestone_reached&, const milestone_reached&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(milestone_reached, (), (milestone))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_MILESTONE_REACHED_HPP
