// SPDX-License-Identifier: BSL-1.0
// salesrules/discount.hpp - who must approve a discount, and with what evidence: a
// request, the decision a validated discount_policy (discount_policy.hpp: the
// approval matrix and its defaults) makes on it, the decision's trace, and whether a
// changed request needs approving again.
//
// A decision is made in this order:
//
//   1. the discount (from list and net prices, exactly) picks its band: the band's
//      level and evidence;
//   2. escalation rules, in list order; within one dimension only the first rule
//      whose condition holds applies (a tier table lists its highest threshold
//      first); each applied rule raises the level by its steps (capped at the top
//      level), then lifts it to its floor level if below, and adds its reviewers and
//      evidence;
//   3. approval rules (the company's own, on any field), in list order: every one
//      whose condition holds applies as an escalation rule does, and one that
//      refuses marks the decision refused.
#ifndef SALESRULES_DISCOUNT_HPP
#define SALESRULES_DISCOUNT_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/discount_request.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace salesrules {

// A discount as an exact fraction off / of (of > 0), and rounded for show. 128 bits,
// since `of` sums a quote's list prices (each up to 2^63 minor units).
struct exact_discount {
  int128 off = 0;
  int128 of = 1;
  // Rounded up to a basis point: never shown smaller than it is.
  [[nodiscard]] percent shown() const noexcept;
  friend constexpr bool operator==(const exact_discount&, const exact_discount&) noexcept = default;
};

// An approval level by its place in discount_policy::levels (level_index{0} is the
// first, the rep's own), and a discount band by its place in discount_policy::bands.
// A decision holds these rather than names so that deciding allocates nothing;
// level_name() gives the name. They compare (a higher level is a more senior one)
// but are neither integers nor each other: static_cast<std::size_t>(i) is the
// position. validate() allows at most 64 levels and 255 bands.
enum class level_index : std::uint8_t {};
enum class band_index : std::uint8_t {};

struct discount_decision {
  exact_discount discount;      // the figure the bands judged (the policy's basis)
  exact_discount weighted;      // the amount-weighted discount
  exact_discount largest_line;  // the largest discount on a line
  band_index band{};            // the band that matched
  level_index level{};          // the approval level required
  reviewer_set reviewers;
  evidence_set required;
  evidence_set missing;            // required and not brought
  bool rep_may_approve = false;    // the first level, no reviewers, nothing missing, not refused
  bool refused = false;            // an approval rule with `refuse` holds: no level may approve
  std::uint16_t refused_by = 0;    // then the first such rule's place in approval_rules
  friend constexpr bool operator==(const discount_decision&, const discount_decision&) noexcept = default;
};

// Decide a request. Allocates nothing. Errors, naming the field: no lines and no
// discount, or both; a line whose list price is not positive, whose net price is
// negative or above its list price, with no currency or in another currency than the
// first line; a discount outside 0-100%; a term or payment terms below 0; a deal
// amount below 0, with no currency, or in another currency than an amount rule's; no
// deal amount (neither stated nor totalled from lines) when an amount rule looks at it;
// a custom field the policy does not declare ("/fields/regoin", with the nearest
// declared name), or one whose value does not read in its declared type; money an
// approval rule compares in another currency than the rule's; evidence the policy
// does not list ("/evidence/0", with the nearest listed name).
[[nodiscard]] expected<discount_decision, error> decide_discount(const discount_request& r,
                                                                 const validated<discount_policy>& p) noexcept;

// One step of a decision, with the numbers it saw.
enum class decision_step_kind : std::uint8_t { band, rule, approval_rule };
BOOST_DESCRIBE_ENUM(decision_step_kind, band, rule, approval_rule)

// A figure a step compared, in its own unit: a discount (percent), a deal amount
// (money), a term (months), payment terms (days) or a yes/no fact; none where a
// step has no such figure (the threshold of a yes/no rule).
using step_figure = std::variant<std::monostate, percent, money, std::chrono::months, std::chrono::days, bool>;

struct decision_step {
  decision_step_kind kind{};
  std::size_t index = 0;  // the band's or rule's place in the policy
  // A band: the discount it judged (rounded up to a basis point) and its upper edge,
  // as percent. A rule: what the request showed in the rule's dimension and the
  // rule's threshold: the deal amount and amount_at_least (money); the term and
  // at_least (months); payment terms and at_least (days); for a multi-year rule the
  // term (months) and, it being "more than 12 months", no threshold; for the yes/no
  // rules (non-standard terms, phased rollout) true and no threshold. An approval
  // rule (its condition may read many fields): true and no threshold.
  step_figure seen;
  step_figure threshold;
  level_index level_before{};
  level_index level_after{};
  reviewer_set reviewers_added;
  evidence_set evidence_added;
  friend constexpr bool operator==(const decision_step&, const decision_step&) noexcept = default;
};

struct traced_decision {
  discount_decision decision;
  std::vector<decision_step> trace;  // the band, then every rule that applied, in order
};

// decide_discount, with the trace of every rule that fired (this allocates).
[[nodiscard]] expected<traced_decision, error> decide_discount_traced(const discount_request& r,
                                                                      const validated<discount_policy>& p) noexcept;

// The name of a level of `p` ("" for an index past its levels, which no decision of
// `p` holds).
[[nodiscard]] std::string_view level_name(level_index level, const validated<discount_policy>& p) noexcept;

// The name of a reviewer of `p` ("" for a place past its reviewers). A decision's
// reviewers are a reviewer_set: `for (reviewer_index r : d.reviewers)` visits them in
// the policy's order.
[[nodiscard]] std::string_view reviewer_name(reviewer_index r, const validated<discount_policy>& p) noexcept;

// The name of a kind of evidence of `p` ("" for a place past its list); a decision's
// required and missing evidence are evidence_sets, visited in the policy's order.
[[nodiscard]] std::string_view evidence_name(evidence_index e, const validated<discount_policy>& p) noexcept;

// The approvers from the rep's level up to the required one, lowest first.
[[nodiscard]] std::span<const std::string> approval_chain(const discount_decision& d,
                                                          const validated<discount_policy>& p) noexcept;

// Whether a changed request needs approving again: only when a rule's outcome is
// now stricter than in the decision approved before.
enum class stricter : std::uint8_t { level, reviewers, evidence, refused };
BOOST_DESCRIBE_ENUM(stricter, level, reviewers, evidence, refused)

struct reapproval {
  bool needed = false;
  enum_set<stricter> why;
  level_index level_before{};
  level_index level_after{};
  reviewer_set new_reviewers;
  evidence_set new_evidence;    // now required, not required before
  discount_decision decision;  // the changed request's own decision
  friend constexpr bool operator==(const reapproval&, const reapproval&) noexcept = default;
};

[[nodiscard]] expected<reapproval, error> check_reapproval(const discount_decision& approved,
                                                           const discount_request& changed,
                                                           const validated<discount_policy>& p) noexcept;

namespace detail {
// The first band whose upper edge the discount off / of does not exceed (decide_discount's
// band, and analyze_matrix's in matrix_analysis.hpp).
// From `at`, the first band up to `last` whose upper edge part / whole does not
// exceed, cross-multiplied in Wide.
template <class Wide>
const compiled_band* band_from(const compiled_band* at, const compiled_band* last, Wide part, Wide whole) noexcept {
  const Wide scaled = part * 10000;
  while (at != last && scaled > static_cast<Wide>(at->to_bp) * whole) ++at;
  return at;
}
template <class Int>
std::size_t band_of(const compiled_discount& c, Int off, Int of) noexcept {
  // off / of > to_bp / 10000, cross-multiplied. The last band takes what the others do not.
  const compiled_band* const first = c.bands.data();
  const compiled_band* const last = first + (c.bands.size() - 1);
  // With 0 <= off <= of < 2^49 (a quote under 5.6 trillion in cents), and to_bp at most
  // 10,000 (under 2^14), both products fit 63 bits: one 64-bit multiplication a band.
  // And the walk needs no bound: validate() ends the last band at 100% (to_bp 10,000),
  // where off <= of stops it. A 64-bit figure is tested as unsigned (a negative one is
  // then past 2^49); a 128-bit one whole, as a cast would cut its high bits.
  bool narrow = false;
  if constexpr (sizeof(Int) <= sizeof(std::uint64_t))
    narrow = static_cast<std::uint64_t>(of) < (std::uint64_t{1} << 49) &&
             static_cast<std::uint64_t>(off) <= static_cast<std::uint64_t>(of);
  else
    narrow = Int{0} <= off && off <= of && of < (Int{1} << 49);
  if (narrow) {
    const std::uint64_t scaled = static_cast<std::uint64_t>(off) * 10000, whole = static_cast<std::uint64_t>(of);
    const compiled_band* at = first;
    while (scaled > static_cast<std::uint64_t>(at->to_bp) * whole) ++at;
    return static_cast<std::size_t>(at - first);
  }
  return static_cast<std::size_t>(band_from(first, last, static_cast<int128>(off), static_cast<int128>(of)) - first);
}
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/discount.ipp>
#endif

#endif  // SALESRULES_DISCOUNT_HPP
