// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/loss_reason_recorded.hpp - the deal, or the move closing it, gives a loss reason.
//
// {"kind": "loss_reason_recorded"}: a reason given with the move (move_details) or
// already on the deal, not blank. Every lost stage must ask for it on entry.
#ifndef SALESRULES_CRITERIA_LOSS_REASON_RECORDED_HPP
#define SALESRULES_CRITERIA_LOSS_REASON_RECORDED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct loss_reason_recorded {
  static constexpr criterion_kind kind = criterion_kind::loss_reason_recorded;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::loss_reason}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return !detail::is_blank(ctx.move().loss_reason) || !detail::is_blank(ctx.deal().loss_reason); }
  [[nodiscard]] std::string describe() const { return "a loss reason"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Record the loss reason.";
  }
  friend constexpr bool operator==(const loss_reason_recorded&, const loss_reason_recorded&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(loss_reason_recorded, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_LOSS_REASON_RECORDED_HPP
