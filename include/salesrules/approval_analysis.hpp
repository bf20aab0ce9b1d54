// SPDX-License-Identifier: BSL-1.0
// salesrules/approval_analysis.hpp - what can be known of a policy's approval rules
// (discount_policy.hpp) without a request: rules that can never fire, and rules that
// fire only where an earlier rule already refuses.
//
// The analysis is exact within its scope and says when a rule is outside it:
//
//   - in scope: a rule whose condition is one comparison, or "all" of comparisons,
//     on fields of type text, boolean, number, percent, money (one currency per
//     field) or date: a conjunction of per-field constraints. Percentages, money,
//     numbers and dates are read as real values (a discount judged from quote lines
//     is an exact fraction, so "above 40%" and "below 40.01%" can both hold).
//   - outside it: "any", "not", nesting, and text sets. Such a rule may fire; it is
//     counted in `not_analysed` and neither reported nor used to shadow another.
//
// A rule never fires when some field's constraints leave no value (region = EMEA and
// region = APAC; discount > 40% and discount <= 30%). A rule is shadowed when every
// request it fires for is refused by an earlier rule with `refuse`: its own condition
// implies the earlier one's. The work is one pass over the rules and at most
// `max_pairs` implication checks (pairs of rules); past that the analysis stops and
// says so (`capped`), so a policy of thousands of rules costs no more than that.
#ifndef SALESRULES_APPROVAL_ANALYSIS_HPP
#define SALESRULES_APPROVAL_ANALYSIS_HPP

#include <salesrules/config.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salesrules {

enum class approval_finding_kind : std::uint8_t { never_fires, shadowed_by_refusal };
BOOST_DESCRIBE_ENUM(approval_finding_kind, never_fires, shadowed_by_refusal)

struct approval_finding {
  std::size_t rule = 0;  // its place in approval_rules
  approval_finding_kind kind{};
  std::size_t by = 0;  // shadowed_by_refusal: the earlier refusing rule
  friend constexpr bool operator==(const approval_finding&, const approval_finding&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(approval_finding, (), (rule, kind, by))

struct approval_analysis {
  std::vector<approval_finding> findings;  // in the rules' order
  std::size_t not_analysed = 0;            // rules outside the analysis's scope
  bool capped = false;                     // stopped after max_pairs implication checks
  [[nodiscard]] bool sound() const noexcept { return findings.empty(); }
};

inline constexpr std::size_t max_pairs = 100'000;

[[nodiscard]] approval_analysis analyze_approval_rules(const validated<discount_policy>& p) noexcept;

namespace detail {
// The analysis of a list of conditions, shared by the approval rules' and the deal's
// (deal_condition_analysis.hpp): per condition, whether it may hold, can never hold, is
// outside the scope above, or holds only where an earlier one marked in `shadows`
// holds (`by`). A root of UINT32_MAX is no condition and is passed over. At most
// max_pairs implication checks; `capped` is set when they ran out.
enum class condition_verdict : std::uint8_t { may_hold, never_holds, outside, shadowed };
struct judged_condition {
  condition_verdict verdict = condition_verdict::may_hold;
  std::size_t by = 0;
};
[[nodiscard]] std::vector<judged_condition> judge_conditions(const compiled_conditions& c,
                                                             const std::vector<std::uint32_t>& roots,
                                                             const std::vector<bool>& shadows, bool& capped);
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/approval_analysis.ipp>
#endif

#endif  // SALESRULES_APPROVAL_ANALYSIS_HPP
