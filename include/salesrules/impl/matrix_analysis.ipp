// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/matrix_analysis.ipp - the definitions behind matrix_analysis.hpp (see
// config.hpp: included by the header when header-only, compiled once into
// salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_MATRIX_ANALYSIS_IPP
#define SALESRULES_IMPL_MATRIX_ANALYSIS_IPP

#include <salesrules/matrix_analysis.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/percent.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace salesrules {

namespace detail {

// The rules of one numeric dimension that can ever be the first to hold: those with
// a threshold below every earlier one's, in list order, so their thresholds fall.
// The first rule of the dimension that holds at value v is the first of these with a
// threshold at most v (every earlier rule's threshold is above v, so it is one of
// them), found by binary search.
class first_rule_finder {
 public:
  first_rule_finder(const compiled_discount& c, deal_dimension d) {
    for (std::size_t i = 0; i < c.rules.size(); ++i)
      if (c.rules[i].when == d && (records_.empty() || c.rules[i].at_least < c.rules[records_.back()].at_least))
        records_.push_back(i);
  }

  // The first rule of the dimension that holds at `v`, if any.
  [[nodiscard]] std::optional<std::size_t> at(const compiled_discount& c, std::int64_t v) const noexcept {
    const auto it = std::partition_point(records_.begin(), records_.end(),
                                         [&](std::size_t i) { return c.rules[i].at_least > v; });
    if (it == records_.end()) return std::nullopt;
    return *it;
  }

 private:
  std::vector<std::size_t> records_;
};

// The levels a deal can have when the rules of `d` are reached: the bands' levels,
// closed under every rule of another dimension (each may or may not fire). Rules act
// on a level only through their raise and floor, so each distinct pair is tried once.
SALESRULES_INLINE std::vector<std::uint8_t> levels_before(const compiled_discount& c, deal_dimension d) {
  std::vector<std::pair<std::uint8_t, std::uint8_t>> effects;  // (raise, floor)
  for (const auto& rule : c.rules)
    if (rule.when != d) effects.emplace_back(rule.raise, rule.floor);
  std::sort(effects.begin(), effects.end());
  effects.erase(std::unique(effects.begin(), effects.end()), effects.end());
  std::vector<bool> reachable(c.top + 1u, false);
  for (const auto& b : c.bands) reachable[b.level] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [raise, floor] : effects) {
      const compiled_rule rule{deal_dimension::deal_amount, 0, currency{}, raise, floor, {}, {}};
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

// Each rule shadowed by an earlier one of its dimension: for yes/no dimensions the
// dimension's first rule; for numeric ones the first earlier rule in the same
// currency with a threshold no higher, found among the earlier rules whose threshold
// is below every one before them (as first_rule_finder), by binary search.
SALESRULES_INLINE std::vector<shadowed_rule> shadowed_rules(const compiled_discount& c) {
  std::vector<shadowed_rule> out;
  struct group {
    deal_dimension when;
    currency cur;
    std::vector<std::size_t> records;  // falling thresholds
  };
  std::vector<group> groups;  // one per dimension and currency: a handful
  for (std::size_t j = 0; j < c.rules.size(); ++j) {
    const compiled_rule& rule = c.rules[j];
    const bool by_value = numeric(rule.when);
    group* g = nullptr;
    for (auto& k : groups)
      if (k.when == rule.when && (!by_value || k.cur == rule.cur)) g = &k;
    if (!by_value) {
      if (g != nullptr) {
        out.push_back({j, g->records.front()});
      } else {
        groups.push_back({rule.when, rule.cur, {j}});
      }
      continue;
    }
    if (g == nullptr) g = &groups.emplace_back(group{rule.when, rule.cur, {}});
    const auto it = std::partition_point(g->records.begin(), g->records.end(),
                                         [&](std::size_t i) { return c.rules[i].at_least > rule.at_least; });
    if (it != g->records.end()) out.push_back({j, *it});
    if (g->records.empty() || rule.at_least < c.rules[g->records.back()].at_least) g->records.push_back(j);
  }
  return out;
}

// Applies, in list order, the rules (positions into c.rules, at most one a dimension)
// that fire, to a band's level.
SALESRULES_INLINE std::uint8_t apply_in_order(const compiled_discount& c, std::uint8_t level,
                                              std::span<const std::size_t> fired) {
  for (std::size_t i : fired) level = apply_rule(level, c.rules[i], c.top);
  return level;
}

}  // namespace detail

SALESRULES_INLINE matrix_analysis analyze_matrix(const validated<discount_policy>& p) noexcept {
  const detail::compiled_discount& c = detail::validated_access::compiled(p);
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
  a.shadowed = detail::shadowed_rules(c);

  // Monotonicity of each numeric dimension, at every threshold it has: the rule that
  // fires at each threshold is found once, then every level a deal can have meets it.
  for (deal_dimension d : {deal_dimension::deal_amount, deal_dimension::term_months, deal_dimension::payment_days}) {
    const detail::first_rule_finder first(c, d);
    std::vector<std::int64_t> values{0};
    for (const auto& rule : c.rules)
      if (rule.when == d) values.push_back(rule.at_least);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<std::optional<std::size_t>> fires(values.size());
    for (std::size_t k = 0; k < values.size(); ++k) fires[k] = first.at(c, values[k]);
    const auto level_with = [&](std::size_t k, std::uint8_t base) {
      return fires[k] ? detail::apply_rule(base, c.rules[*fires[k]], c.top) : base;
    };
    for (std::uint8_t base : detail::levels_before(c, d))
      for (std::size_t k = 1; k < values.size(); ++k) {
        const auto lo = level_with(k - 1, base), hi = level_with(k, base);
        if (hi < lo)
          a.breaks.push_back({d, level_index{base}, values[k - 1], values[k], level_index{lo}, level_index{hi}});
      }
  }

  // The effective matrix: bands against deal-amount tiers, decided as decide_discount
  // decides a request at the band's upper edge and the tier's amount with the other
  // dimensions quiet (12 months, net 30, standard terms, no phased rollout): the band's
  // level, then the first rule of each dimension that holds there, in list order.
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
  const discount_request quiet;
  std::vector<std::size_t> quiet_rules;  // the first rule of each other dimension that holds when quiet
  {
    const detail::first_rule_finder term(c, deal_dimension::term_months), days(c, deal_dimension::payment_days);
    if (auto i = term.at(c, quiet.term_months)) quiet_rules.push_back(*i);
    if (auto i = days.at(c, quiet.payment_days)) quiet_rules.push_back(*i);
    // No yes/no dimension holds when quiet: standard terms, 12 months (not multi-year), no phased rollout.
  }
  const detail::first_rule_finder amount(c, deal_dimension::deal_amount);
  std::vector<std::vector<std::size_t>> fired(edges.size());  // per tier, in list order
  for (std::size_t k = 0; k < edges.size(); ++k) {
    fired[k] = quiet_rules;
    if (cur)
      if (auto i = amount.at(c, edges[k])) fired[k].push_back(*i);
    std::sort(fired[k].begin(), fired[k].end());
  }
  for (const auto& b : p->bands) {
    const std::uint8_t base = c.bands[detail::band_of(c, b.to.basis_points(), std::int64_t{10'000})].level;
    std::vector<level_index> row(edges.size());
    for (std::size_t k = 0; k < edges.size(); ++k) row[k] = level_index{detail::apply_in_order(c, base, fired[k])};
    a.table.levels.push_back(std::move(row));
  }
  return a;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_MATRIX_ANALYSIS_IPP
