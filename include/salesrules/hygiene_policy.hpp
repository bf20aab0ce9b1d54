// SPDX-License-Identifier: BSL-1.0
// salesrules/hygiene_policy.hpp - the thresholds of the weekly pipeline checks.
//
// The playbook's weekly hygiene: deals inactive for 30+ days, close dates that are
// not realistic, next steps with dates and owners, multi-threading with 3+ contacts,
// MEDDPICC complete and a viable score for deals past Discovery. The horizon beyond
// which an open deal's close date is implausible is ours (a year); the seeds give none.
#ifndef SALESRULES_HYGIENE_POLICY_HPP
#define SALESRULES_HYGIENE_POLICY_HPP

#include <salesrules/condition.hpp>
#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

struct stage_days {
  std::string stage;
  std::int32_t days = 0;
  friend bool operator==(const stage_days&, const stage_days&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_days, (), (stage, days))

// Thresholds of the company's own for the deals a condition picks: "stale at 14 days
// where segment = SMB, 30 elsewhere" is
//   {"name": "SMB moves fast", "where": {"field": "segment", "op": "=", "value": "SMB"},
//    "stale_after_days": 14}
// `where` names the deal's built-in members or the custom fields the sales process
// declares (as a stage's field_condition does); validate(policy) compiles it and
// refuses an unknown field at its pointer. A threshold left out keeps the policy's.
struct hygiene_scope {
  std::string name;
  condition where;
  std::optional<std::int32_t> stale_after_days;
  std::optional<std::int32_t> min_contacts;
  std::optional<std::int32_t> close_horizon_days;
  friend bool operator==(const hygiene_scope&, const hygiene_scope&) = default;
};
BOOST_DESCRIBE_STRUCT(hygiene_scope, (), (name, where, stale_after_days, min_contacts, close_horizon_days))

// The checks themselves are in hygiene.hpp. Seed numbers: 30 days, 3 contacts,
// Discovery, the handoff within 24 hours (one day: the deals' dates have no time).
// Ours: the one-year horizon, and no stage-specific stale days by default.
struct hygiene_policy {
  std::int32_t stale_after_days = 30;          // no activity for this many days or more is stale
  std::vector<stage_days> stale_after_by_stage;  // a stage's own number, instead
  std::int32_t min_contacts = 3;               // fewer is single-threaded
  std::string qualified_after = "Discovery";   // open stages after this one must be qualified
  std::int32_t close_horizon_days = 365;       // an open deal closing more days ahead than this is implausible
  std::int32_t handoff_within_days = 1;        // a won deal's CS handoff after the signature ("24 hours"); 0 or more
  // The first scope whose condition a deal meets sets the thresholds it gives for
  // that deal, before a stage's own stale days and the numbers above.
  std::vector<hygiene_scope> scopes;
  friend bool operator==(const hygiene_policy&, const hygiene_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(hygiene_policy, (),
                      (stale_after_days, stale_after_by_stage, min_contacts, qualified_after, close_horizon_days,
                       handoff_within_days, scopes))

// Days without activity after which a deal in `stage` is stale: the stage's own
// number, else stale_after_days.
[[nodiscard]] std::int32_t stale_days_for(const hygiene_policy& p, std::string_view stage) noexcept;

// A validated hygiene policy also keeps its stage-specific stale thresholds in the
// order of the stage names (ignoring ASCII case, names.hpp), so that a deal's stage
// is found by binary search.
template <>
class validated<hygiene_policy> {
 public:
  [[nodiscard]] const hygiene_policy& get() const noexcept { return value_; }
  [[nodiscard]] const hygiene_policy& operator*() const noexcept { return value_; }
  [[nodiscard]] const hygiene_policy* operator->() const noexcept { return &value_; }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

  // stale_days_for, found by binary search.
  [[nodiscard]] std::int32_t stale_days_for(std::string_view stage) const noexcept;

 private:
  validated(hygiene_policy p, std::vector<std::uint32_t> by_stage) : value_(std::move(p)), by_stage_(std::move(by_stage)) {}
  friend struct detail::validated_access;
  hygiene_policy value_;
  std::vector<std::uint32_t> by_stage_;  // stale_after_by_stage positions, sorted by stage name
};

// Day counts must be positive and contacts at least 1; stage names not blank or
// repeated (validate(policy) checks them against the sales process).
[[nodiscard]] expected<validated<hygiene_policy>, error> validate(hygiene_policy p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/hygiene_policy.ipp>
#endif

#endif  // SALESRULES_HYGIENE_POLICY_HPP
