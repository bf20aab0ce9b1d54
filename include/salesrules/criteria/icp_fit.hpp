// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/icp_fit.hpp - the account fits the ideal customer profile.
//
// {"kind": "icp_fit"}: the deal's segment and account profile pass the policy's ICP
// check (icp.hpp). Prospect's entry by default: "lead meets ICP".
#ifndef SALESRULES_CRITERIA_ICP_FIT_HPP
#define SALESRULES_CRITERIA_ICP_FIT_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct icp_fit {
  static constexpr criterion_kind kind = criterion_kind::icp_fit;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // What deal data it reads: the account profile, unless the policy's ICP asks only for
  // segments (or nothing), which the deal itself carries.
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy& p) const noexcept {
    return icp_reads_profile(p) ? enum_set<deal_data>{deal_data::account_profile} : enum_set<deal_data>{};
  }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return ctx.icp_fits(); }
  [[nodiscard]] std::string describe() const { return "the account fits the ideal customer profile"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Check the account against the ideal customer profile, or deprioritise it.";
  }
  friend constexpr bool operator==(const icp_fit&, const icp_fit&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(icp_fit, (), ())

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_ICP_FIT_HPP
