// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/meddpicc_complete.hpp - every field of the policy's qualification framework is present.
//
// {"kind": "meddpicc_complete"}: the six MEDDIC fields, or the eight MEDDPICC ones,
// as the policy's framework says (meddpicc.hpp). Discovery's exit by default.
#ifndef SALESRULES_CRITERIA_MEDDPICC_COMPLETE_HPP
#define SALESRULES_CRITERIA_MEDDPICC_COMPLETE_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/meddpicc.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct meddpicc_complete {
  static constexpr criterion_kind kind = criterion_kind::meddpicc_complete;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::meddpicc}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return ctx.meddpicc_complete(); }
  [[nodiscard]] std::string describe() const { return "every MEDDIC/MEDDPICC field the policy requires"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy& p) const {
    return framework_of(p) == qualification_framework::meddic ? "all six MEDDIC fields" : "all eight MEDDPICC fields";
  }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy& p) const {
    return framework_of(p) == qualification_framework::meddic ? "Complete the MEDDIC fields."
                                                              : "Complete the MEDDPICC fields.";
  }
  friend constexpr bool operator==(const meddpicc_complete&, const meddpicc_complete&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(meddpicc_complete, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_MEDDPICC_COMPLETE_HPP
