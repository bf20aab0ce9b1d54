// SPDX-License-Identifier: BSL-1.0
// salesrules/matrix_analysis.hpp - properties of an approval matrix, checked.
//
// A RevOps engineer who writes an approval matrix wants to know, before it reaches
// a rep: does every discount from 0 to 100% have an approver; does a larger
// discount, a larger deal, a longer term or longer payment terms never need a lower
// level; can every rule fire, or does an earlier rule of its dimension catch every
// deal it would (a tier table listed lowest threshold first); and what the matrix
// amounts to, as a table of discount bands against deal-amount tiers.
//
// Monotonicity is checked one numeric dimension at a time (deal amount, term, payment
// days), from every level a deal can have when that dimension's rules are reached:
// the bands' levels and every level the other dimensions' rules can lift them to.
// Rules only raise and lift, so a larger value needing a lower level from such a
// level is a real break, whatever the other dimensions hold. The effective matrix is
// decided as decide_discount decides, with the other dimensions at their quietest
// (standard terms, no phased rollout, 12 months, net 30), rules that fire there
// included.
//
// Every part is found by sorting and binary search, so a matrix of thousands of
// tiers is analysed in O((bands x tiers) + rules x log(rules)): the first rule of a
// dimension to hold at a value is looked up among the rules that can ever be first
// (each with a threshold below every earlier one's), not found by a scan of them all.
#ifndef SALESRULES_MATRIX_ANALYSIS_HPP
#define SALESRULES_MATRIX_ANALYSIS_HPP

#include <salesrules/config.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/money.hpp>

#include <boost/describe/class.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salesrules {

// A rule that can never apply: rule `by`, earlier in the same dimension, applies to
// every deal it would.
struct shadowed_rule {
  std::size_t rule = 0;
  std::size_t by = 0;
  friend constexpr bool operator==(const shadowed_rule&, const shadowed_rule&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(shadowed_rule, (), (rule, by))

// A larger value of a dimension that needs a lower level: from level `base` (a
// band's, or one the other dimensions' rules lift a band's to), a deal at `larger`
// needs `level_at_larger`, below `level_at_smaller` at `smaller`.
struct monotonicity_break {
  deal_dimension dimension{};
  level_index base{};
  std::int64_t smaller = 0;  // months, days, or minor units
  std::int64_t larger = 0;
  level_index level_at_smaller{};
  level_index level_at_larger{};
  friend constexpr bool operator==(const monotonicity_break&, const monotonicity_break&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(monotonicity_break, (), (dimension, base, smaller, larger, level_at_smaller, level_at_larger))

// The level each discount band needs at each deal-amount tier: rows are bands,
// columns start at 0 and at each deal-amount threshold (in the amount rules'
// currency), cells are level indices: what decide_discount gives a discount at the
// band's upper edge and a deal at the column's amount, the other dimensions quiet.
struct effective_matrix {
  std::vector<money> columns;  // each column's smallest deal amount
  std::vector<std::vector<level_index>> levels;  // [band][column]
  friend bool operator==(const effective_matrix&, const effective_matrix&) = default;
};

struct matrix_analysis {
  bool covers_every_discount = false;  // bands from 0% to 100% without a gap
  bool larger_discount_never_lower = false;
  std::vector<monotonicity_break> breaks;  // larger amounts, terms or payment days needing a lower level
  std::vector<shadowed_rule> shadowed;
  effective_matrix table;

  [[nodiscard]] bool sound() const noexcept {
    return covers_every_discount && larger_discount_never_lower && breaks.empty() && shadowed.empty();
  }
};

[[nodiscard]] matrix_analysis analyze_matrix(const validated<discount_policy>& p) noexcept;

namespace detail {
// Whether rules of `d` compare a value with a threshold (the others are yes/no).
constexpr bool numeric(deal_dimension d) noexcept {
  return d == deal_dimension::deal_amount || d == deal_dimension::term_months || d == deal_dimension::payment_days;
}
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/matrix_analysis.ipp>
#endif

#endif  // SALESRULES_MATRIX_ANALYSIS_HPP
