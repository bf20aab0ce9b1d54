// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/tier_at_least.hpp - a qualification tier at least as good as a given one.
//
// {"kind": "tier_at_least", "tier": "viable"}: the deal's score reaches the tier's
// threshold on the policy's scorecard (viable_at, 18 by default; strong_at, 24), so the
// criterion follows the scorecard when a host raises it. Discovery's exit by default.
// Unmet, it gives the threshold and the deal's score.
#ifndef SALESRULES_CRITERIA_TIER_AT_LEAST_HPP
#define SALESRULES_CRITERIA_TIER_AT_LEAST_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/names.hpp>
#include <salesrules/scorecard.hpp>

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct tier_at_least {
  static constexpr criterion_kind kind = criterion_kind::tier_at_least;
  qualification_tier tier{};

  struct unmet {
    score_points required;  // where the tier starts
    score_points actual;
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (required, actual), (), ())
  };

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (name_of(tier).empty()) return error{errc::out_of_range, std::string(at) + "/tier", "not a known qualification tier"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::ratings}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    out.required = ctx.tier_threshold(tier);
    out.actual = ctx.score();
    return out.actual >= out.required;
  }
  [[nodiscard]] std::string describe() const { return "a " + detail::words(name_of(tier)) + " qualification score"; }
  [[nodiscard]] std::string explain(const unmet& u, const validated_policy&) const {
    return describe() + " (at least " + to_string(u.required) + "; the deal has " + to_string(u.actual) + ")";
  }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Raise the qualification score: work on the weakest scorecard criteria.";
  }
  friend constexpr bool operator==(const tier_at_least&, const tier_at_least&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(tier_at_least, (), (tier))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_TIER_AT_LEAST_HPP
