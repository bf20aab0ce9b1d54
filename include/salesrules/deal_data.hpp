// SPDX-License-Identifier: BSL-1.0
// salesrules/deal_data.hpp - the parts of a deal a source may not carry.
//
// A CRM export is not the CRM: the interchange CSV has no milestones, no BANT answers
// and no account profile beyond the segment, and the stage history comes only with a
// history export. A rule that reads a part the source lacks sees an empty value, and an
// empty value is not an answer: a deal whose export has no milestones has not failed to
// hold its meeting. Checks that are told what their deals carry (hygiene's entry
// check, the pipeline report) judge only what the data shows, and count the rest as
// unknown, never as unmet. Each criterion kind says what it reads (its `reads`).
#ifndef SALESRULES_DEAL_DATA_HPP
#define SALESRULES_DEAL_DATA_HPP

#include <salesrules/enum_set.hpp>

#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

enum class deal_data : std::uint8_t {
  milestones,       // opportunity::milestones
  bant,             // opportunity::bant, the yes/no confirmations
  account_profile,  // opportunity::profile: industry, region, employees, revenue
  meddpicc,         // opportunity::meddpicc's fields
  ratings,          // opportunity::ratings, the scorecard
  contacts,         // opportunity::contact_count and contacts
  stage_history,    // opportunity::stage_history
  loss_reason,      // opportunity::loss_reason
};
BOOST_DESCRIBE_ENUM(deal_data, milestones, bant, account_profile, meddpicc, ratings, contacts, stage_history,
                    loss_reason)

// Every part: what a host that keeps whole deals (its own CRM's records) passes.
inline constexpr enum_set<deal_data> all_deal_data = enum_set<deal_data>::all();

}  // namespace salesrules

#endif  // SALESRULES_DEAL_DATA_HPP
