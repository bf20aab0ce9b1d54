// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/economic_buyer_identified.hpp - the MEDDPICC economic buyer is recorded.
//
// {"kind": "economic_buyer_identified"}: the deal's MEDDPICC economic buyer is not blank.
#ifndef SALESRULES_CRITERIA_ECONOMIC_BUYER_IDENTIFIED_HPP
#define SALESRULES_CRITERIA_ECONOMIC_BUYER_IDENTIFIED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct economic_buyer_identified {
  static constexpr criterion_kind kind = criterion_kind::economic_buyer_identified;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::meddpicc}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return !detail::is_blank(ctx.deal().meddpicc.economic_buyer); }
  [[nodiscard]] std::string describe() const { return "the economic buyer identified"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Identify the economic buyer; ask the champion for an introduction.";
  }
  friend constexpr bool operator==(const economic_buyer_identified&, const economic_buyer_identified&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(economic_buyer_identified, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_ECONOMIC_BUYER_IDENTIFIED_HPP
