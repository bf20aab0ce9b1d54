// SPDX-License-Identifier: BSL-1.0
// salesrules/approval_analysis.hpp - what can be known of a policy's approval rules
// (discount_policy.hpp) without a request: rules that can never fire, and rules that
// fire only where an earlier rule already refuses or asks as much; and, field by
// field, how the rules cut that field's values (coverage), where a larger value of a
// numeric field needs a lower level (monotonicity), and what level each discount band
// needs at each of those values (the effective matrix on that axis).
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
// region = APAC; discount > 40% and discount <= 30%). A rule is shadowed when its own
// condition implies an earlier rule's and that rule already does all it would: the
// earlier one refuses (`shadowed_by_refusal`), or it adds every reviewer and evidence
// kind this one adds and asks as much of the level - a floor at the top level, or a
// floor at least as high with this one raising nothing (`shadowed_by_rule`: rules only
// lift, so a floor already reached is no floor). Such a rule can still make a decision
// an error (money compared in another currency than the request's). The work is one
// pass over the rules, at most `max_looks` pairs of rules looked at and at most
// `max_pairs` units of implication checking (one a check, and one a value its two
// conditions list); past either the analysis stops and says so (`capped`), so a policy
// of thousands of rules costs no more than that.
//
// Dimensions. Every field an approval rule compares, but the judged discount (the
// bands' own axis) and text sets, is a dimension. Its values are cut at every value a
// rule names: for a text field each named value, "any other value" and "not set"; for
// a boolean false, true and not set; for a numeric field the values below, at, between
// and above the named ones (nothing between two named values one unit apart, for the
// types that count in units: money, dates, numbers and percent fields, whole numbers
// for the line count, count variables, the term and the payment days), and not set
// (but for fields a request always has: the line count, the term, the payment days,
// the yes/no terms, count variables), neighbours merged where nothing tells them
// apart. The deal amount, the term and the payment days are also cut at the escalation
// rules' thresholds. A field compared as money in two currencies gets no segments
// (`analysed` false).
//
// Each segment lists the rules in scope whose comparisons on the field admit it
// (coverage; a segment no rule admits is left to the rules that do not compare the
// field or are outside the scope, and to the bands and escalation rules), and the
// level each discount then needs, decided as decide_discount decides with the field at
// a value of the segment and every other field as a request without lines has it: the
// term 12 months, net 30, standard terms, no phased rollout, 0 lines, and no deal
// amount, totals, other variables or custom fields (a rule that asks for one of those
// does not fire); the escalation rules at those values and a deal of 0
// (matrix_analysis.hpp's first column), but on the field's own axis at the segment's
// value. The rows cut the judged discount at 0%, 100%, the bands' edges
// and every discount a rule names, into those values and the intervals between them,
// each decided at its value or midpoint; rows no table tells apart are merged
// (`discount > 40%` makes "over 30% to 40%" and "over 40% to 100%" of the VP's band).
//
// Monotonicity, for number, percent and money fields: a rule in scope that refuses,
// raises or sets a floor for some values and not for the next larger ones (seats < 10
// to the VP) is a break at those larger values, unless another rule in scope holds
// wherever the rule would with the field at those values and refuses, sets a floor at
// the top, or sets a floor as high (the rule raising nothing). The check looks for one
// such rule; a break that several rules mend together, or that the bands mend, is
// still reported. The search has `max_looks` and `max_pairs` of its own per dimension;
// when it stops, some breaks may be missing (`breaks_capped`). A dimension whose table
// would take more than `max_cells` units of work (rows x segments x the nodes and
// listed values of the conditions and the escalation rules) is given no levels
// (`table_capped`), and one whose coverage would take more (segments x the
// constraints' checks and listed values) no segments, coverage, table or breaks
// (`capped`); each sets the analysis's `capped`. With no table drawn, there are no rows.
#ifndef SALESRULES_APPROVAL_ANALYSIS_HPP
#define SALESRULES_APPROVAL_ANALYSIS_HPP

#include <salesrules/config.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace salesrules {

enum class approval_finding_kind : std::uint8_t { never_fires, shadowed_by_refusal, shadowed_by_rule };
BOOST_DESCRIBE_ENUM(approval_finding_kind, never_fires, shadowed_by_refusal, shadowed_by_rule)

struct approval_finding {
  std::size_t rule = 0;  // its place in approval_rules
  approval_finding_kind kind{};
  std::size_t by = 0;  // shadowed: the earlier rule that refuses or already asks as much
  friend constexpr bool operator==(const approval_finding&, const approval_finding&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(approval_finding, (), (rule, kind, by))

// A stretch of a dimension's values that the rules treat alike.
enum class segment_kind : std::uint8_t {
  value,         // `low` exactly: a named text, a boolean, or one number, percent, money or date
  range,         // the values between `low` and `high` (either not set: unbounded on that side)
  other_values,  // a text no rule names
  not_set,       // the field not set
};
BOOST_DESCRIBE_ENUM(segment_kind, value, range, other_values, not_set)

struct dimension_segment {
  segment_kind kind{};
  field_value low;
  field_value high;
  bool low_included = false;
  bool high_included = false;
  std::vector<std::size_t> rules;  // the rules in scope whose comparisons on the field admit these values (not capped)
  // Per row of approval_analysis::discount_rows, the level a discount in the row needs
  // here; nothing where a rule refuses. Empty when capped.
  std::vector<std::optional<level_index>> levels;
  friend bool operator==(const dimension_segment&, const dimension_segment&) = default;
};

// Rule `rule` refuses or asks for a level up to some value, and no rule asks as much
// at the next larger ones: at `at` (`above` false) or just above it.
struct dimension_break {
  std::size_t rule = 0;
  field_value at;
  bool above = false;
  friend bool operator==(const dimension_break&, const dimension_break&) = default;
};

struct rule_dimension {
  std::string field;  // as the rules name it
  field_type type{};
  bool analysed = true;  // false when the rules compare it as money in two currencies: no segments
  bool capped = false;   // its coverage past max_cells: no segments, table or breaks
  bool table_capped = false;   // its table past max_cells: segments without levels
  bool breaks_capped = false;  // the search for breaks stopped (max_looks, max_pairs): some may be missing
  std::vector<dimension_segment> segments;  // in order of value; not set last
  std::vector<dimension_break> breaks;      // number, percent and money fields
  friend bool operator==(const rule_dimension&, const rule_dimension&) = default;
};

// A stretch of the judged discount that no table tells apart: from `low` to `high`,
// each end included or not ("over 10% to 20%", "from 15% to 20%", "15%").
struct discount_row {
  percent low;
  percent high;
  bool low_included = false;
  bool high_included = false;
  friend bool operator==(const discount_row&, const discount_row&) = default;
};

struct approval_analysis {
  std::vector<approval_finding> findings;  // in the rules' order
  std::vector<rule_dimension> dimensions;  // in the order the rules first compare them
  // The rows of the dimensions' tables, ascending from 0% to 100%.
  std::vector<discount_row> discount_rows;
  std::size_t not_analysed = 0;            // rules outside the analysis's scope
  bool capped = false;                     // stopped after max_pairs implication checks, or a dimension left out
  [[nodiscard]] bool sound() const noexcept {
    return findings.empty() &&
           std::all_of(dimensions.begin(), dimensions.end(), [](const rule_dimension& d) { return d.breaks.empty(); });
  }
};

inline constexpr std::size_t max_pairs = 100'000;
// The pairs of rules looked at before any check (whether one could cover the other).
inline constexpr std::size_t max_looks = 100 * max_pairs;
// The work one dimension's table or its coverage may take (see above).
inline constexpr std::size_t max_cells = 4'000'000;

[[nodiscard]] approval_analysis analyze_approval_rules(const validated<discount_policy>& p) noexcept;

namespace detail {
// The analysis of a list of conditions, shared by the approval rules' and the deal's
// (deal_condition_analysis.hpp): per condition, whether it may hold, can never hold, is
// outside the scope above, or holds only where an earlier one holds that `covers` it
// (`by`; covers(earlier, later) is asked before the implication is checked). A root of
// UINT32_MAX is no condition and is passed over. At most max_pairs pairs are looked
// at; `capped` is set when they ran out.
enum class condition_verdict : std::uint8_t { may_hold, never_holds, outside, shadowed };
struct judged_condition {
  condition_verdict verdict = condition_verdict::may_hold;
  std::size_t by = 0;
};
[[nodiscard]] std::vector<judged_condition> judge_conditions(const compiled_conditions& c,
                                                             const std::vector<std::uint32_t>& roots,
                                                             const std::function<bool(std::size_t, std::size_t)>& covers,
                                                             bool& capped);
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/approval_analysis.ipp>
#endif

#endif  // SALESRULES_APPROVAL_ANALYSIS_HPP
