// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/bant_confirmed.hpp - budget, authority, need and timeline are all confirmed.
//
// {"kind": "bant_confirmed"}: the deal's BANT check (bant.hpp) confirms all four.
#ifndef SALESRULES_CRITERIA_BANT_CONFIRMED_HPP
#define SALESRULES_CRITERIA_BANT_CONFIRMED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/bant.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct bant_confirmed {
  static constexpr criterion_kind kind = criterion_kind::bant_confirmed;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::bant}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return check_bant(ctx.deal().bant).confirmed(); }
  [[nodiscard]] std::string describe() const { return "budget, authority, need and timeline confirmed"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Confirm budget, authority, need and timeline with the buyer.";
  }
  friend constexpr bool operator==(const bant_confirmed&, const bant_confirmed&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(bant_confirmed, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_BANT_CONFIRMED_HPP
