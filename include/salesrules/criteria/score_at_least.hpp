// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/score_at_least.hpp - a qualification score of at least so many points.
//
// {"kind": "score_at_least", "at_least": 18}: the deal's score on the policy's
// scorecard (out of 30) is at least `at_least` whole points. Unmet, it gives both
// scores exactly (the scorecard counts hundredths of a point).
#ifndef SALESRULES_CRITERIA_SCORE_AT_LEAST_HPP
#define SALESRULES_CRITERIA_SCORE_AT_LEAST_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/error.hpp>
#include <salesrules/scorecard.hpp>

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct score_at_least {
  static constexpr criterion_kind kind = criterion_kind::score_at_least;
  int at_least = 0;  // whole points, 0 to 30

  struct unmet {
    score_points required;
    score_points actual;
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (required, actual), (), ())
  };

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (at_least < 0 || at_least > 30)
      return error{errc::out_of_range, std::string(at) + "/at_least",
                   "a score of " + std::to_string(at_least) + " is outside 0-30"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::ratings}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    out.required = score_points::whole(at_least);
    out.actual = ctx.score();
    return out.actual >= out.required;
  }
  [[nodiscard]] std::string describe() const {
    return "a qualification score of at least " + std::to_string(at_least);
  }
  [[nodiscard]] std::string explain(const unmet& u, const validated_policy&) const {
    return describe() + " (the deal has " + to_string(u.actual) + ")";
  }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Raise the qualification score: work on the weakest scorecard criteria.";
  }
  friend constexpr bool operator==(const score_at_least&, const score_at_least&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(score_at_least, (), (at_least))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_SCORE_AT_LEAST_HPP
