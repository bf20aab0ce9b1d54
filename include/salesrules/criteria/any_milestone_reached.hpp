// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/any_milestone_reached.hpp - the deal has reached one of several milestones.
//
// {"kind": "any_milestone_reached", "milestones": ["proposal_accepted", "objections_documented"]}:
// an either-or criterion, as the playbook's proposal step validates ("proposal accepted
// or objections documented for negotiation"). It needs at least one milestone; unmet,
// it names them all, since reaching any one would do.
#ifndef SALESRULES_CRITERIA_ANY_MILESTONE_REACHED_HPP
#define SALESRULES_CRITERIA_ANY_MILESTONE_REACHED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/enum_set.hpp>
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

struct any_milestone_reached {
  static constexpr criterion_kind kind = criterion_kind::any_milestone_reached;
  enum_set<salesrules::milestone> milestones;

  struct unmet {
    enum_set<salesrules::milestone> milestones;  // the ones that would do, none reached
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (milestones), (), ())
  };

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (milestones.empty())
      return error{errc::out_of_range, std::string(at) + "/milestones", "names no milestone, so no deal could meet it"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::milestones}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    out.milestones = milestones;
    return !(ctx.deal().milestones.reached() & milestones).empty();
  }
  // "proposal accepted or objections documented", in the milestones' order.
  [[nodiscard]] std::string describe() const {
    std::string text;
    std::size_t left = milestones.size();
    for (const salesrules::milestone m : milestones) {
      text += detail::words(name_of(m));
      --left;
      text += left > 1 ? ", " : left == 1 ? " or " : "";
    }
    return text;
  }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Reach one of the milestones: " + describe() + ".";
  }
  friend constexpr bool operator==(const any_milestone_reached&, const any_milestone_reached&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(any_milestone_reached, (), (milestones))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_ANY_MILESTONE_REACHED_HPP
