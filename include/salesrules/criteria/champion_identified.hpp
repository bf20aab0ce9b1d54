// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/champion_identified.hpp - the MEDDPICC champion is recorded.
//
// {"kind": "champion_identified"}: the deal's MEDDPICC champion is not blank.
#ifndef SALESRULES_CRITERIA_CHAMPION_IDENTIFIED_HPP
#define SALESRULES_CRITERIA_CHAMPION_IDENTIFIED_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct champion_identified {
  static constexpr criterion_kind kind = criterion_kind::champion_identified;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::meddpicc}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return !detail::is_blank(ctx.deal().meddpicc.champion); }
  [[nodiscard]] std::string describe() const { return "a champion identified"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Find a champion and confirm their support.";
  }
  friend constexpr bool operator==(const champion_identified&, const champion_identified&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(champion_identified, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_CHAMPION_IDENTIFIED_HPP
