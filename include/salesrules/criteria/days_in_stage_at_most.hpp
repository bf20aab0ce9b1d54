// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/days_in_stage_at_most.hpp - the deal has not sat in its stage too long.
//
// {"kind": "days_in_stage_at_most", "at_most": 30}: the deal has been in the stage it
// is in when the move is checked for at most `at_most` days: the per-stage ageing
// that Pipedrive calls rotting. A deal that has sat longer is re-qualified (or moved
// back) before it advances. The day it entered its stage is its stage history's
// last entry for that stage (names.hpp's matching); with none, its created date. A
// deal with neither cannot be judged and passes: what the data does not show is not
// held against it. Unmet, it gives the days in the stage and the limit.
#ifndef SALESRULES_CRITERIA_DAYS_IN_STAGE_AT_MOST_HPP
#define SALESRULES_CRITERIA_DAYS_IN_STAGE_AT_MOST_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct days_in_stage_at_most {
  static constexpr criterion_kind kind = criterion_kind::days_in_stage_at_most;
  int at_most = 0;  // days

  struct unmet {
    std::chrono::days in_stage{};  // since the deal entered its stage
    std::chrono::days at_most{};
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (in_stage, at_most), (), ())
  };

  // The day `deal` entered the stage it is in, if its data shows it.
  [[nodiscard]] static std::optional<date> entered(const opportunity& deal) noexcept {
    for (auto it = deal.stage_history.rbegin(); it != deal.stage_history.rend(); ++it)
      if (same_name(it->stage, deal.stage) && it->entered.ok()) return it->entered;
    if (deal.created_date.ok()) return deal.created_date;
    return std::nullopt;
  }

  [[nodiscard]] std::optional<error> check(const sales_process&, std::string_view at) const {
    if (at_most < 0) return error{errc::out_of_range, std::string(at) + "/at_most", "a number of days cannot be negative"};
    return std::nullopt;
  }
  // What deal data it reads (deal_data.hpp).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {deal_data::stage_history}; }
  [[nodiscard]] bool met(context& ctx, unmet& out) const noexcept {
    const auto since = entered(ctx.deal());
    if (!since) return true;
    out.in_stage = std::chrono::days(days_between(*since, ctx.today()));
    out.at_most = std::chrono::days(at_most);
    return out.in_stage <= out.at_most;
  }
  [[nodiscard]] std::string describe() const { return "at most " + std::to_string(at_most) + " days in the stage"; }
  [[nodiscard]] std::string explain(const unmet& u, const validated_policy&) const {
    return describe() + " (the deal has been in it " + std::to_string(u.in_stage.count()) + ")";
  }
  [[nodiscard]] std::string advice(const unmet& u, const validated_policy&) const {
    return "Re-qualify the deal or move it back: it has sat in its stage " + std::to_string(u.in_stage.count()) +
           " days, past the " + std::to_string(at_most) + " allowed.";
  }
  friend constexpr bool operator==(const days_in_stage_at_most&, const days_in_stage_at_most&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(days_in_stage_at_most, (), (at_most))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_DAYS_IN_STAGE_AT_MOST_HPP
