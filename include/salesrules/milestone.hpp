// SPDX-License-Identifier: BSL-1.0
// salesrules/milestone.hpp - the events stage criteria look at.
//
// The playbook's stage table names them: a meeting scheduled and held, technical
// fit confirmed, the demo delivered with stakeholders engaged, budget approved,
// the proposal accepted, terms discussed, the contract agreed and signed, payment
// terms confirmed and the customer-success handoff done. Its workflow's checks add
// the rest, after them (so the earlier ones keep their numbers): the champion's
// positive feedback on the demo, objections documented for negotiation (the other
// way out of Proposal), CS acknowledging the handoff and the kickoff scheduled, and
// the ROI justification presented (for sales_process::roi_before_leaving).
#ifndef SALESRULES_MILESTONE_HPP
#define SALESRULES_MILESTONE_HPP

#include <salesrules/date.hpp>
#include <salesrules/enum_set.hpp>

#include <boost/describe/enum.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace salesrules {

enum class milestone : std::uint8_t {
  meeting_scheduled,
  meeting_held,
  technical_fit_confirmed,
  demo_delivered,
  stakeholders_engaged,
  budget_approved,
  proposal_accepted,
  terms_discussed,
  contract_agreed,
  contract_signed,
  payment_terms_confirmed,
  cs_handoff_done,
  champion_feedback_positive,
  objections_documented,
  cs_acknowledged,
  kickoff_scheduled,
  roi_justified,
};
BOOST_DESCRIBE_ENUM(milestone, meeting_scheduled, meeting_held, technical_fit_confirmed, demo_delivered,
                    stakeholders_engaged, budget_approved, proposal_accepted, terms_discussed,
                    contract_agreed, contract_signed, payment_terms_confirmed, cs_handoff_done,
                    champion_feedback_positive, objections_documented, cs_acknowledged, kickoff_scheduled,
                    roi_justified)

// The milestones a deal has reached, each with the day it was reached when known.
class milestone_set {
 public:
  [[nodiscard]] constexpr bool has(milestone m) const noexcept { return reached_.contains(m); }
  // Mark `m` reached (on a day, when known). Reaching it again updates the day.
  // A value outside the enumeration is never reached and cannot be set.
  constexpr void reach(milestone m, std::optional<date> on = std::nullopt) noexcept {
    if (index(m) >= on_.size()) return;
    reached_.insert(m);
    on_[index(m)] = on;
  }
  constexpr void clear(milestone m) noexcept {
    if (index(m) >= on_.size()) return;
    reached_.erase(m);
    on_[index(m)].reset();
  }
  [[nodiscard]] constexpr std::optional<date> reached_on(milestone m) const noexcept {
    return index(m) < on_.size() ? on_[index(m)] : std::nullopt;
  }
  [[nodiscard]] constexpr enum_set<milestone> reached() const noexcept { return reached_; }

  friend constexpr bool operator==(const milestone_set&, const milestone_set&) noexcept = default;

 private:
  static constexpr std::size_t index(milestone m) noexcept { return static_cast<std::size_t>(m); }
  enum_set<milestone> reached_;
  std::array<std::optional<date>, enum_set<milestone>::capacity> on_{};
};

}  // namespace salesrules

#endif  // SALESRULES_MILESTONE_HPP
