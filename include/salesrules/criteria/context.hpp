// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/context.hpp - what a criterion looks at when a move is checked.
//
// One context serves every criterion of one move: the deal, the policy, today and
// the facts of the move itself (a loss reason given with it). It computes the
// qualification score and the MEDDPICC check on first use, once, so a move whose
// criteria ask for both a tier and a score scores the deal once. It allocates
// nothing, and holds references: it lives no longer than the deal and the policy.
//
// Its functions need the whole policy, so they are defined with policy.hpp (which a
// caller includes to have a validated_policy at all) rather than here; a criterion's
// header needs only the declarations.
#ifndef SALESRULES_CRITERIA_CONTEXT_HPP
#define SALESRULES_CRITERIA_CONTEXT_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/scorecard.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules {

struct opportunity;
class validated_policy;

// Facts that belong to the move rather than the deal.
struct move_details {
  std::string loss_reason;    // when moving to a lost stage
  bool disqualified = false;  // close as disqualified rather than lost
};

// The qualification framework the policy's MEDDPICC check uses (its explanations
// name six MEDDIC fields or eight MEDDPICC ones).
[[nodiscard]] qualification_framework framework_of(const validated_policy& p) noexcept;

// Whether the policy's ideal customer profile looks past the segment: at industries,
// regions, employees or revenue, the account profile's parts.
[[nodiscard]] bool icp_reads_profile(const validated_policy& p) noexcept;

namespace criteria {

class context {
 public:
  context(const opportunity& deal, const validated_policy& policy, date today, const move_details& move) noexcept
      : deal_(deal), policy_(policy), today_(today), move_(move) {}
  // It keeps references: a temporary deal, policy or move would be gone before it is read.
  context(opportunity&&, const validated_policy&, date, const move_details&) = delete;
  context(const opportunity&, validated_policy&&, date, const move_details&) = delete;
  context(const opportunity&, const validated_policy&, date, move_details&&) = delete;

  [[nodiscard]] const opportunity& deal() const noexcept { return deal_; }
  [[nodiscard]] const validated_policy& policy() const noexcept { return policy_; }
  [[nodiscard]] date today() const noexcept { return today_; }
  [[nodiscard]] const move_details& move() const noexcept { return move_; }

  // The deal's qualification score on the policy's scorecard (computed once).
  [[nodiscard]] score_points score() noexcept;
  // The score at which a tier starts on the policy's scorecard (0 for the lowest).
  [[nodiscard]] score_points tier_threshold(qualification_tier t) const noexcept;
  // Whether every field of the policy's framework is present (checked once).
  [[nodiscard]] bool meddpicc_complete() noexcept;
  // Whether the deal's account fits the policy's ideal customer profile.
  [[nodiscard]] bool icp_fits() const noexcept;
  // The answer of the host predicate with this name (names.hpp's matching). One that
  // is not registered answers false and leaves failure() set; validate() rules that
  // out for a validated policy's own criteria.
  [[nodiscard]] bool holds(std::string_view predicate) noexcept;

  // Whether the deal meets the field condition the context is at (set_condition);
  // false with failure() set, at the field, when the deal's value cannot be judged.
  [[nodiscard]] bool condition_holds() noexcept;
  // The compiled condition of the criterion about to be judged (the gate sets it from
  // the validated process); UINT32_MAX for none.
  void set_condition(std::uint32_t root) noexcept { condition_ = root; }

  // Set when a criterion could not be judged at all.
  [[nodiscard]] std::optional<error>& failure() noexcept { return failure_; }

 private:
  const opportunity& deal_;
  const validated_policy& policy_;
  date today_{};
  const move_details& move_;
  std::int32_t score_ = -1;  // hundredths; -1 until computed
  std::int8_t meddpicc_complete_ = -1;
  std::uint32_t condition_ = UINT32_MAX;
  std::optional<error> failure_;
};

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_CONTEXT_HPP
