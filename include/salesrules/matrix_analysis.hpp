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
// decided by decide_discount itself, with the other dimensions at their quietest
// (standard terms, no phased rollout, 12 months, net 30), rules that fire there
// included.
#ifndef SALESRULES_MATRIX_ANALYSIS_HPP
#define SALESRULES_MATRIX_ANALYSIS_HPP

#include <salesrules/discount.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
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
  std::uint8_t base = 0;
  std::int64_t smaller = 0;  // months, days, or minor units
  std::int64_t larger = 0;
  std::uint8_t level_at_smaller = 0;
  std::uint8_t level_at_larger = 0;
  friend constexpr bool operator==(const monotonicity_break&, const monotonicity_break&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(monotonicity_break, (), (dimension, base, smaller, larger, level_at_smaller, level_at_larger))

// The level each discount band needs at each deal-amount tier: rows are bands,
// columns start at 0 and at each deal-amount threshold (in the amount rules'
// currency), cells are level indices: what decide_discount gives a discount at the
// band's upper edge and a deal at the column's amount, the other dimensions quiet.
struct effective_matrix {
  std::vector<money> columns;  // each column's smallest deal amount
  std::vector<std::vector<std::uint8_t>> levels;  // [band][column]
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

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

constexpr bool numeric(deal_dimension d) noexcept {
  return d == deal_dimension::deal_amount || d == deal_dimension::term_months || d == deal_dimension::payment_days;
}

// The level a deal needs when only `d` is not at its quietest, at value `v`, from a
// band's level `base`: the first rule of `d` that holds applies.
inline std::uint8_t level_with(const compiled_discount& c, deal_dimension d, std::int64_t v, std::uint8_t base) noexcept {
  for (const auto& rule : c.rules) {
    if (rule.when == d && v >= rule.at_least) return apply_rule(base, rule, c.top);
  }
  return base;
}

// The levels a deal can have when the rules of `d` are reached: the bands' levels,
// closed under every rule of another dimension (each may or may not fire).
inline std::vector<std::uint8_t> levels_before(const compiled_discount& c, deal_dimension d) noexcept {
  std::vector<bool> reachable(c.top + 1u, false);
  for (const auto& b : c.bands) reachable[b.level] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& rule : c.rules) {
      if (rule.when == d) continue;
      for (std::size_t l = 0; l < reachable.size(); ++l) {
        if (!reachable[l]) continue;
        const auto lifted = apply_rule(static_cast<std::uint8_t>(l), rule, c.top);
        if (!reachable[lifted]) reachable[lifted] = grew = true;
      }
    }
  }
  std::vector<std::uint8_t> out;
  for (std::size_t l = 0; l < reachable.size(); ++l)
    if (reachable[l]) out.push_back(static_cast<std::uint8_t>(l));
  return out;
}

}  // namespace detail

inline matrix_analysis analyze_matrix(const validated<discount_policy>& p) noexcept {
  const detail::compiled_discount& c = p.compiled();
  matrix_analysis a;

  // Coverage and order of the bands (validate() guarantees both; shown, not assumed).
  a.covers_every_discount = !p->bands.empty() && p->bands.front().from == percent() &&
                            p->bands.back().to == percent::from_whole(100);
  a.larger_discount_never_lower = true;
  for (std::size_t i = 1; i < p->bands.size(); ++i) {
    a.covers_every_discount = a.covers_every_discount && p->bands[i].from == p->bands[i - 1].to;
    a.larger_discount_never_lower = a.larger_discount_never_lower && c.bands[i].level >= c.bands[i - 1].level;
  }

  // Shadowed rules: an earlier rule of the same dimension with a threshold no higher
  // (or, for yes/no dimensions, any earlier rule) applies to every deal first.
  for (std::size_t j = 0; j < c.rules.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const auto& a_rule = c.rules[i];
      const auto& b_rule = c.rules[j];
      if (a_rule.when != b_rule.when) continue;
      if (detail::numeric(b_rule.when) && (a_rule.cur != b_rule.cur || a_rule.at_least > b_rule.at_least)) continue;
      a.shadowed.push_back({j, i});
      break;
    }

  // Monotonicity of each numeric dimension, at every threshold it has.
  for (deal_dimension d : {deal_dimension::deal_amount, deal_dimension::term_months, deal_dimension::payment_days}) {
    const auto bases = detail::levels_before(c, d);
    std::vector<std::int64_t> values{0};
    for (const auto& rule : c.rules)
      if (rule.when == d) values.push_back(rule.at_least);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (std::uint8_t base : bases)
      for (std::size_t k = 1; k < values.size(); ++k) {
        const auto lo = detail::level_with(c, d, values[k - 1], base), hi = detail::level_with(c, d, values[k], base);
        if (hi < lo) a.breaks.push_back({d, base, values[k - 1], values[k], lo, hi});
      }
  }

  // The effective matrix: bands against deal-amount tiers.
  std::optional<currency> cur;
  std::vector<std::int64_t> edges{0};
  for (const auto& rule : c.rules)
    if (rule.when == deal_dimension::deal_amount && (!cur || *cur == rule.cur)) {
      cur = rule.cur;
      edges.push_back(rule.at_least);
    }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (std::int64_t e : edges) a.table.columns.emplace_back(e, cur.value_or(currency{}));
  for (const auto& b : p->bands) {
    std::vector<std::uint8_t> row;
    for (std::int64_t e : edges) {
      discount_request quiet;  // 12 months and net 30 by default
      quiet.discount = b.to;
      if (cur) quiet.deal_amount = money(e, *cur);
      const auto d = decide_discount(quiet, p);
      row.push_back(d ? d->level : c.top);  // a validated policy decides every such request
    }
    a.table.levels.push_back(std::move(row));
  }
  return a;
}

}  // namespace salesrules

#endif  // SALESRULES_MATRIX_ANALYSIS_HPP
