// SPDX-License-Identifier: BSL-1.0
// salesrules/deal_condition_analysis.hpp - what can be known of a policy's conditions
// on deals without a deal: hygiene scopes no deal can meet or that never count, and
// stage field conditions that can never hold.
//
// The scope is approval_analysis.hpp's: exact for one comparison or "all" of
// comparisons (a conjunction of per-field constraints), "any", "not", nesting and text
// sets counted in `not_analysed`. A policy has at most 256 scopes, so at most 32,640
// pairs of them: within max_pairs, and the analysis is cut short only when their
// value lists are long (each implication check counts the values it reads).
//
//   - A hygiene scope that no deal can meet never applies (`never_matches`). Since the
//     first scope a deal meets counts, a scope whose condition implies an earlier
//     scope's never counts either (`shadowed`, `by` the earlier one): "seats >= 500"
//     after "seats >= 100".
//   - A stage's field condition that can never hold keeps every deal out of the stage
//     (an entry criterion) or in it (an exit criterion), unless skipping is allowed.
#ifndef SALESRULES_DEAL_CONDITION_ANALYSIS_HPP
#define SALESRULES_DEAL_CONDITION_ANALYSIS_HPP

#include <salesrules/config.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salesrules {

enum class scope_finding_kind : std::uint8_t { never_matches, shadowed };
BOOST_DESCRIBE_ENUM(scope_finding_kind, never_matches, shadowed)

struct scope_finding {
  std::size_t scope = 0;  // its place in hygiene.scopes
  scope_finding_kind kind{};
  std::size_t by = 0;  // shadowed: the earlier scope that counts instead
  friend constexpr bool operator==(const scope_finding&, const scope_finding&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(scope_finding, (), (scope, kind, by))

// A field condition of a stage that can never hold.
struct stage_condition_finding {
  std::size_t stage = 0;      // its place in process.stages
  bool entry = true;          // an entry criterion, else an exit one
  std::size_t criterion = 0;  // its place in that list
  friend constexpr bool operator==(const stage_condition_finding&, const stage_condition_finding&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(stage_condition_finding, (), (stage, entry, criterion))

struct deal_condition_analysis {
  std::vector<scope_finding> scopes;                    // in the scopes' order
  std::vector<stage_condition_finding> stage_conditions;  // in the stages' order, entry before exit
  std::size_t not_analysed = 0;                         // conditions outside the analysis's scope
  [[nodiscard]] bool sound() const noexcept { return scopes.empty() && stage_conditions.empty(); }
};

[[nodiscard]] deal_condition_analysis analyze_deal_conditions(const validated_policy& p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/deal_condition_analysis.ipp>
#endif

#endif  // SALESRULES_DEAL_CONDITION_ANALYSIS_HPP
