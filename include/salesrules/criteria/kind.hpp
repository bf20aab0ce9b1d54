// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/kind.hpp - the name of each kind of stage criterion.
//
// A criterion (criterion.hpp) is a std::variant with one alternative per kind, in
// the order of this enum: criterion_kind{i} is the kind of alternative i, and each
// alternative's `kind` constant says the same (criterion.hpp checks it). The names
// are those of the JSON form ({"kind": "score_at_least", "at_least": 18}).
#ifndef SALESRULES_CRITERIA_KIND_HPP
#define SALESRULES_CRITERIA_KIND_HPP

#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

enum class criterion_kind : std::uint8_t {
  milestone_reached,          // criteria/milestone_reached.hpp
  score_at_least,             // criteria/score_at_least.hpp
  tier_at_least,              // criteria/tier_at_least.hpp
  meddpicc_complete,          // criteria/meddpicc_complete.hpp
  contacts_at_least,          // criteria/contacts_at_least.hpp
  economic_buyer_identified,  // criteria/economic_buyer_identified.hpp
  champion_identified,        // criteria/champion_identified.hpp
  icp_fit,                    // criteria/icp_fit.hpp
  bant_confirmed,             // criteria/bant_confirmed.hpp
  loss_reason_recorded,       // criteria/loss_reason_recorded.hpp
  predicate,                  // criteria/holds.hpp: a host predicate, by name
  days_in_stage_at_most,      // criteria/days_in_stage_at_most.hpp
  field_condition,            // criteria/field_condition.hpp: a condition on the deal's fields
  any_milestone_reached,      // criteria/any_milestone_reached.hpp: one of several milestones
};
BOOST_DESCRIBE_ENUM(criterion_kind, milestone_reached, score_at_least, tier_at_least, meddpicc_complete,
                    contacts_at_least, economic_buyer_identified, champion_identified, icp_fit, bant_confirmed,
                    loss_reason_recorded, predicate, days_in_stage_at_most, field_condition,
                    any_milestone_reached)

}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_KIND_HPP
