// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/approval_analysis.ipp - the definitions behind approval_analysis.hpp
// (see config.hpp: included by the header when header-only, compiled once into
// salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
#define SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP

#include <salesrules/approval_analysis.hpp>

#include <salesrules/condition.hpp>
#include <salesrules/date.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {
namespace detail {

// One end of an interval of values (over the node's scale, which one field shares).
struct value_bound {
  bool present = false;
  int128 v = 0;
  bool inclusive = true;
};

// What a conjunction asks of one field.
struct field_constraint {
  std::uint16_t slot = 0;
  field_type type = field_type::text;
  currency cur;
  bool requires_set = false;  // any comparison but != and not in
  bool unsupported = false;   // a text set, or money in two currencies
  value_bound lo, hi;
  bool has_points = false;  // = and in: the values allowed
  std::vector<int128> points;
  std::vector<int128> excluded;  // != and not in
  bool has_allowed = false;      // the same for texts
  std::vector<std::string_view> allowed;
  std::vector<std::string_view> excluded_text;
};

struct conjunction {
  bool in_scope = true;
  bool never = false;  // "any" of nothing
  std::vector<field_constraint> fields;
};

[[nodiscard]] inline bool has_text(const std::vector<std::string_view>& list, std::string_view t) noexcept {
  return std::any_of(list.begin(), list.end(), [&](std::string_view x) { return same_name(x, t); });
}

SALESRULES_INLINE void add_comparison(field_constraint& f, const condition_node& n, const compiled_conditions& c) {
  if (n.type == field_type::text_set) f.unsupported = true;
  if (n.type == field_type::money) {
    if (f.requires_set || !f.excluded.empty() || f.cur.is_set()) {
      if (f.cur != n.cur) f.unsupported = true;
    }
    f.cur = n.cur;
  }
  const bool negative = n.op == comparison::not_equal || n.op == comparison::not_in;
  f.requires_set = f.requires_set || !negative;
  const bool text = n.type == field_type::text;
  std::vector<int128> values;
  std::vector<std::string_view> texts;
  if (text) {
    for (std::uint32_t i = 0; i < n.text_count; ++i) texts.emplace_back(c.texts[n.first_text + i]);
  } else if (n.op == comparison::in || n.op == comparison::not_in) {
    for (std::uint32_t i = 0; i < n.text_count; ++i) values.push_back(c.numbers[n.first_text + i]);
  } else {
    values.push_back(n.low);
  }
  const auto lift_lo = [&](int128 v, bool inclusive) {
    if (!f.lo.present || v > f.lo.v || (v == f.lo.v && !inclusive)) f.lo = {true, v, inclusive};
  };
  const auto lower_hi = [&](int128 v, bool inclusive) {
    if (!f.hi.present || v < f.hi.v || (v == f.hi.v && !inclusive)) f.hi = {true, v, inclusive};
  };
  switch (n.op) {
    case comparison::is_set: break;
    case comparison::equal:
    case comparison::in:
      if (text) {
        if (!f.has_allowed) f.allowed = texts;
        else std::erase_if(f.allowed, [&](std::string_view a) { return !has_text(texts, a); });
        f.has_allowed = true;
      } else {
        if (!f.has_points) f.points = values;
        else std::erase_if(f.points, [&](int128 p) { return std::find(values.begin(), values.end(), p) == values.end(); });
        f.has_points = true;
      }
      break;
    case comparison::not_equal:
    case comparison::not_in:
      if (text) f.excluded_text.insert(f.excluded_text.end(), texts.begin(), texts.end());
      else f.excluded.insert(f.excluded.end(), values.begin(), values.end());
      break;
    case comparison::at_least: lift_lo(n.low, true); break;
    case comparison::above: lift_lo(n.low, false); break;
    case comparison::at_most: lower_hi(n.low, true); break;
    case comparison::below: lower_hi(n.low, false); break;
    case comparison::between:
      lift_lo(n.low, true);
      lower_hi(n.high, true);
      break;
  }
}

SALESRULES_INLINE conjunction conjunction_of(const compiled_conditions& c, std::uint32_t root) {
  conjunction out;
  const condition_node& r = c.nodes[root];
  std::vector<std::uint32_t> comparisons;
  if (r.kind == condition_kind::compare) {
    comparisons.push_back(root);
  } else if (r.kind == condition_kind::all) {
    for (std::uint32_t i = root + 1; i < r.end; i = c.nodes[i].end) {
      if (c.nodes[i].kind != condition_kind::compare) {
        out.in_scope = false;
        return out;
      }
      comparisons.push_back(i);
    }
  } else {
    out.in_scope = false;
    out.never = r.kind == condition_kind::any && r.end == root + 1;
    return out;
  }
  for (const std::uint32_t i : comparisons) {
    const condition_node& n = c.nodes[i];
    auto it = std::find_if(out.fields.begin(), out.fields.end(), [&](const field_constraint& f) { return f.slot == n.slot; });
    if (it == out.fields.end()) {
      out.fields.push_back({});
      it = out.fields.end() - 1;
      it->slot = n.slot;
      it->type = n.type;
    }
    add_comparison(*it, n, c);
    if (it->unsupported) out.in_scope = false;
  }
  return out;
}

// Whether v lies within f's interval.
[[nodiscard]] inline bool within(const field_constraint& f, int128 v) noexcept {
  if (f.lo.present && (v < f.lo.v || (v == f.lo.v && !f.lo.inclusive))) return false;
  if (f.hi.present && (v > f.hi.v || (v == f.hi.v && !f.hi.inclusive))) return false;
  return true;
}

// The values f allows, when they are finitely many (points, a boolean, a one-value interval).
SALESRULES_INLINE std::optional<std::vector<int128>> finite_values(const field_constraint& f) {
  std::vector<int128> candidates;
  if (f.has_points) candidates = f.points;
  else if (f.type == field_type::boolean) candidates = {0, 1};
  else if (f.lo.present && f.hi.present && f.lo.v == f.hi.v) candidates = {f.lo.v};
  else return std::nullopt;
  std::erase_if(candidates, [&](int128 v) {
    return !within(f, v) || std::find(f.excluded.begin(), f.excluded.end(), v) != f.excluded.end();
  });
  return candidates;
}

// Whether some set value meets f (or f asks for no set value).
SALESRULES_INLINE bool satisfiable(const field_constraint& f) {
  if (!f.requires_set) return true;
  if (f.type == field_type::text) {
    if (!f.has_allowed) return true;
    return std::any_of(f.allowed.begin(), f.allowed.end(), [&](std::string_view a) { return !has_text(f.excluded_text, a); });
  }
  if (const auto values = finite_values(f)) return !values->empty();
  if (f.lo.present && f.hi.present) return f.lo.v < f.hi.v;  // an interval of reals, more than a point
  return true;
}

// Whether every value f_j allows, f_i allows too.
SALESRULES_INLINE bool implies(const field_constraint& j, const field_constraint& i) {
  if (i.requires_set && !j.requires_set) return false;
  if (j.type == field_type::money && i.type == field_type::money && j.cur != i.cur) return false;
  if (j.type == field_type::text) {
    if (j.has_allowed) {
      return std::all_of(j.allowed.begin(), j.allowed.end(), [&](std::string_view a) {
        if (has_text(j.excluded_text, a)) return true;  // not a value j allows
        return (!i.has_allowed || has_text(i.allowed, a)) && !has_text(i.excluded_text, a);
      });
    }
    if (i.has_allowed) return false;
    return std::all_of(i.excluded_text.begin(), i.excluded_text.end(),
                       [&](std::string_view e) { return has_text(j.excluded_text, e); });
  }
  const auto allowed_by_i = [&](int128 v) {
    return within(i, v) && (!i.has_points || std::find(i.points.begin(), i.points.end(), v) != i.points.end()) &&
           std::find(i.excluded.begin(), i.excluded.end(), v) == i.excluded.end();
  };
  if (const auto values = finite_values(j)) return std::all_of(values->begin(), values->end(), allowed_by_i);
  if (i.has_points) return false;  // finitely many against a continuum
  const bool lo_inside = !i.lo.present || (j.lo.present && (j.lo.v > i.lo.v || (j.lo.v == i.lo.v && (i.lo.inclusive || !j.lo.inclusive))));
  const bool hi_inside = !i.hi.present || (j.hi.present && (j.hi.v < i.hi.v || (j.hi.v == i.hi.v && (i.hi.inclusive || !j.hi.inclusive))));
  if (!lo_inside || !hi_inside) return false;
  return std::all_of(i.excluded.begin(), i.excluded.end(), [&](int128 e) {
    return !within(j, e) || std::find(j.excluded.begin(), j.excluded.end(), e) != j.excluded.end();
  });
}

// Whether every request that meets j meets i.
SALESRULES_INLINE bool implies(const conjunction& j, const conjunction& i) {
  return std::all_of(i.fields.begin(), i.fields.end(), [&](const field_constraint& fi) {
    const auto it = std::find_if(j.fields.begin(), j.fields.end(), [&](const field_constraint& f) { return f.slot == fi.slot; });
    return it != j.fields.end() && implies(*it, fi);
  });
}

// judge_conditions, keeping each condition's conjunction in `seen` and counting
// implication checks in `pairs`.
SALESRULES_INLINE std::vector<judged_condition> judge_into(const compiled_conditions& c,
                                                          const std::vector<std::uint32_t>& roots,
                                                          const std::function<bool(std::size_t, std::size_t)>& covers,
                                                          bool& capped, std::vector<conjunction>& seen,
                                                          std::size_t& pairs) {
  std::vector<judged_condition> out(roots.size());
  seen.assign(roots.size(), conjunction{});
  for (std::size_t j = 0; j < roots.size(); ++j) {
    if (roots[j] == UINT32_MAX) continue;  // not a condition
    seen[j] = conjunction_of(c, roots[j]);
    const auto& cj = seen[j];
    if (cj.never || (cj.in_scope && !std::all_of(cj.fields.begin(), cj.fields.end(), satisfiable))) {
      out[j].verdict = condition_verdict::never_holds;
      continue;
    }
    if (!cj.in_scope) {
      out[j].verdict = condition_verdict::outside;
      continue;
    }
    for (std::size_t i = 0; i < j && !capped; ++i) {
      if (roots[i] == UINT32_MAX || !seen[i].in_scope || out[i].verdict == condition_verdict::never_holds) continue;
      if (++pairs > max_pairs) {  // every pair looked at counts, so the loop is bounded too
        capped = true;
        break;
      }
      if (covers(i, j) && implies(cj, seen[i])) {
        out[j] = {condition_verdict::shadowed, i};
        break;
      }
    }
  }
  return out;
}

SALESRULES_INLINE std::vector<judged_condition> judge_conditions(const compiled_conditions& c,
                                                                const std::vector<std::uint32_t>& roots,
                                                                const std::function<bool(std::size_t, std::size_t)>& covers,
                                                                bool& capped) {
  std::vector<conjunction> seen;
  std::size_t pairs = 0;
  return judge_into(c, roots, covers, capped, seen, pairs);
}

// --- Dimensions --------------------------------------------------------------

// A value standing for one stretch of a dimension when the rules are evaluated.
struct probe {
  enum class kind : std::uint8_t { unset, text, other_text, scaled };
  kind what = kind::unset;
  std::string_view text;
  int128 num = 0;  // scaled: num / den, in the slot's scale
  int128 den = 1;
};

// The facts of one cell of a dimension's table: its slot at `value`, the judged
// discount at `discount_bp`, every other field not set.
struct cell_facts {
  std::uint16_t slot = 0;
  probe value;
  std::int64_t discount_bp = 0;
  bool test(const condition_node& n, const compiled_conditions& c, bool&) const noexcept {
    const bool negative = n.op == comparison::not_equal || n.op == comparison::not_in;
    if (n.slot == 0) return n.op == comparison::is_set || compare_scaled(n, discount_bp, 10'000, c);  // the discount
    const probe at = n.slot == slot ? value : probe{};
    switch (at.what) {
      case probe::kind::unset: return negative;
      case probe::kind::other_text: return negative || n.op == comparison::is_set;
      case probe::kind::text: return compare_text(n, at.text, c);
      case probe::kind::scaled: return n.op == comparison::is_set || compare_scaled(n, at.num, at.den, c);
    }
    return false;
  }
};

// The smallest stretch of a dimension the rules' values cut: a named text, any other
// text, not set, a boolean or numeric value (`lo`), or the open interval between the
// named values `lo` and `hi` (absent ends unbounded).
struct atom {
  segment_kind kind{};
  std::string_view text;
  bool has_lo = false, has_hi = false;
  int128 lo = 0, hi = 0;
  probe at;
  std::vector<std::size_t> rules;
  std::vector<std::optional<level_index>> levels;
};

[[nodiscard]] inline bool has_value(const std::vector<int128>& list, int128 v) noexcept {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Whether some value of `a` meets f (for a value or not set, every value of it).
SALESRULES_INLINE bool admits(const field_constraint& f, const atom& a) {
  switch (a.kind) {
    case segment_kind::not_set: return !f.requires_set;
    case segment_kind::other_values: return !f.has_allowed;
    case segment_kind::value:
      if (f.type == field_type::text) return (!f.has_allowed || has_text(f.allowed, a.text)) && !has_text(f.excluded_text, a.text);
      return within(f, a.lo) && (!f.has_points || has_value(f.points, a.lo)) && !has_value(f.excluded, a.lo);
    case segment_kind::range:
      // Every named value is an end, so f's bounds lie outside the interval or on its ends.
      if (f.has_points) return false;
      return (!f.lo.present || (a.has_lo && f.lo.v <= a.lo)) && (!f.hi.present || (a.has_hi && f.hi.v >= a.hi));
  }
  return false;
}

// The field's constraint of exactly the values of `a` (a numeric value or interval).
SALESRULES_INLINE field_constraint constraint_of(const field_constraint& like, const atom& a) {
  field_constraint f;
  f.slot = like.slot;
  f.type = like.type;
  f.cur = like.cur;
  f.requires_set = true;
  if (a.kind == segment_kind::value) {
    f.has_points = true;
    f.points = {a.lo};
    f.lo = {true, a.lo, true};
    f.hi = {true, a.lo, true};
  } else {
    f.lo = {a.has_lo, a.lo, false};
    f.hi = {a.has_hi, a.hi, false};
  }
  return f;
}

// A numerator over the slot's scale as a value of the field's type.
SALESRULES_INLINE field_value value_of(int128 v, field_type type, currency cur) noexcept {
  switch (type) {
    case field_type::number: return number::from_millionths(static_cast<std::int64_t>(v));
    case field_type::percent: return percent::from_basis_points(static_cast<std::int64_t>(v));
    case field_type::money: return money(static_cast<std::int64_t>(v), cur);
    case field_type::date: return date(std::chrono::sys_days(std::chrono::days(static_cast<int>(v))));
    case field_type::boolean: return v != 0;
    default: return {};
  }
}

// The stretches the rules' comparisons on `slot` cut its values into, in order of
// value, not set last; none when the slot's comparisons differ in scale or currency.
SALESRULES_INLINE std::vector<atom> atoms_of(const compiled_conditions& c, std::uint16_t slot, field_type type) {
  std::vector<atom> out;
  std::vector<std::string_view> texts;
  std::vector<int128> values;
  std::int64_t scale = 0;
  std::optional<currency> cur;
  for (const condition_node& n : c.nodes) {
    if (n.kind != condition_kind::compare || n.slot != slot || n.op == comparison::is_set) continue;
    if (type == field_type::text) {
      for (std::uint32_t i = 0; i < n.text_count; ++i)
        if (!has_text(texts, c.texts[n.first_text + i])) texts.emplace_back(c.texts[n.first_text + i]);
      continue;
    }
    if (scale == 0) scale = n.scale;
    if (n.scale != scale) return {};
    if (type == field_type::money) {
      if (cur && *cur != n.cur) return {};
      cur = n.cur;
    }
    if (n.op == comparison::in || n.op == comparison::not_in) {
      for (std::uint32_t i = 0; i < n.text_count; ++i) values.push_back(c.numbers[n.first_text + i]);
    } else {
      values.push_back(n.low);
      if (n.op == comparison::between) values.push_back(n.high);
    }
  }
  if (type == field_type::text) {
    for (const auto t : texts) out.push_back({segment_kind::value, t, false, false, 0, 0, {probe::kind::text, t, 0, 1}, {}, {}});
    out.push_back({segment_kind::other_values, {}, false, false, 0, 0, {probe::kind::other_text, {}, 0, 1}, {}, {}});
  } else if (type == field_type::boolean) {
    for (const int v : {0, 1})
      out.push_back({segment_kind::value, {}, false, false, v, v, {probe::kind::scaled, {}, v, 1}, {}, {}});
  } else {
    if (scale == 0) scale = 1;  // only "is set"
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    const auto range = [&](bool has_lo, int128 lo, bool has_hi, int128 hi) {
      // A value inside: the midpoint, or one unit of the scale past the only end.
      const probe at = has_lo && has_hi ? probe{probe::kind::scaled, {}, lo + hi, 2 * static_cast<int128>(scale)}
                       : has_lo         ? probe{probe::kind::scaled, {}, lo + scale, scale}
                       : has_hi         ? probe{probe::kind::scaled, {}, hi - scale, scale}
                                        : probe{probe::kind::scaled, {}, 0, scale};
      out.push_back({segment_kind::range, {}, has_lo, has_hi, lo, hi, at, {}, {}});
    };
    for (std::size_t k = 0; k < values.size(); ++k) {
      range(k > 0, k > 0 ? values[k - 1] : 0, true, values[k]);
      out.push_back({segment_kind::value, {}, false, false, values[k], values[k], {probe::kind::scaled, {}, values[k], scale}, {}, {}});
    }
    range(!values.empty(), values.empty() ? 0 : values.back(), false, 0);
  }
  out.push_back({segment_kind::not_set, {}, false, false, 0, 0, {}, {}, {}});
  return out;
}

// The rule's effect on the level: refuses, raises or sets a floor above the lowest.
[[nodiscard]] inline bool asks_a_level(const compiled_approval_rule& r) noexcept {
  return r.refuse || r.raise > 0 || r.floor > 0;
}
// Whether `by`, holding wherever `r` holds, leaves r's level nothing to add.
[[nodiscard]] inline bool asks_as_much(const compiled_approval_rule& by, const compiled_approval_rule& r) noexcept {
  return by.refuse || (!r.refuse && r.raise == 0 && by.floor >= r.floor);
}

}  // namespace detail

SALESRULES_INLINE approval_analysis analyze_approval_rules(const validated<discount_policy>& p) noexcept {
  approval_analysis out;
  const auto& c = detail::validated_access::compiled(p);
  const auto& rules = c.approval;
  std::vector<std::uint32_t> roots;
  roots.reserve(rules.size());
  for (const auto& r : rules) roots.push_back(r.when);
  // An earlier rule covers a later one when it refuses, or when its floor is at least
  // the later one's, it adds every reviewer and evidence kind the later one adds, and
  // the later one raises nothing.
  const auto covers = [&](std::size_t i, std::size_t j) {
    const auto& a = rules[i];
    const auto& b = rules[j];
    return a.refuse || (!b.refuse && b.raise == 0 && a.floor >= b.floor && (b.reviewers - a.reviewers).empty() &&
                        (b.evidence - a.evidence).empty());
  };
  std::vector<detail::conjunction> seen;
  std::size_t pairs = 0;
  const auto judged = detail::judge_into(c.conditions, roots, covers, out.capped, seen, pairs);
  std::vector<bool> analysed(rules.size(), false);  // in scope and able to fire
  for (std::size_t j = 0; j < judged.size(); ++j) {
    switch (judged[j].verdict) {
      case detail::condition_verdict::may_hold: analysed[j] = true; break;
      case detail::condition_verdict::never_holds: out.findings.push_back({j, approval_finding_kind::never_fires, 0}); break;
      case detail::condition_verdict::outside: ++out.not_analysed; break;
      case detail::condition_verdict::shadowed:
        analysed[j] = true;
        out.findings.push_back({j,
                                rules[judged[j].by].refuse ? approval_finding_kind::shadowed_by_refusal
                                                           : approval_finding_kind::shadowed_by_rule,
                                judged[j].by});
        break;
    }
  }

  // The dimensions: every slot a rule compares, in order of first comparison, but the
  // discount (slot 0, the bands' axis) and text sets.
  std::vector<std::uint16_t> slots;
  for (const auto& n : c.conditions.nodes)
    if (n.kind == condition_kind::compare && n.slot != 0 && n.type != field_type::text_set &&
        std::find(slots.begin(), slots.end(), n.slot) == slots.end())
      slots.push_back(n.slot);
  if (slots.empty()) return out;
  const matrix_analysis base = analyze_matrix(p);  // each band's level before the rules: its first column
  // The rows: the bands' upper edges and the discounts the rules name, within 0-100%.
  std::vector<std::int64_t> edges;
  for (const auto& b : p->bands) edges.push_back(b.to.basis_points());
  for (const auto& n : c.conditions.nodes) {
    if (n.kind != condition_kind::compare || n.slot != 0 || n.op == comparison::is_set) continue;
    std::vector<int128> named{n.low};
    if (n.op == comparison::between) named.push_back(n.high);
    if (n.op == comparison::in || n.op == comparison::not_in)
      named.assign(c.conditions.numbers.begin() + n.first_text, c.conditions.numbers.begin() + n.first_text + n.text_count);
    for (const int128 v : named)  // over the node's scale, 10,000 for a percent: basis points
      if (n.scale == 10'000 && v > 0 && v < 10'000) edges.push_back(static_cast<std::int64_t>(v));
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  for (const auto e : edges) out.discount_rows.push_back(percent::from_basis_points(e));
  for (const std::uint16_t slot : slots) {
    field_type type = field_type::text;
    currency cur;
    for (const auto& n : c.conditions.nodes)
      if (n.kind == condition_kind::compare && n.slot == slot) {
        type = n.type;
        cur = n.cur;
        break;
      }
    auto atoms = detail::atoms_of(c.conditions, slot, type);
    if (atoms.empty()) {  // comparisons in two scales or currencies: not analysed as a dimension
      continue;
    }
    rule_dimension dim;
    dim.field = std::string(detail::request_slot_name(*p, c, slot));
    dim.type = type;
    // Coverage: the rules in scope whose comparisons on the field admit each stretch.
    const auto constraint = [&](std::size_t r) -> const detail::field_constraint* {
      for (const auto& f : seen[r].fields)
        if (f.slot == slot) return &f;
      return nullptr;
    };
    std::size_t on_field = 0;
    for (std::size_t r = 0; r < rules.size(); ++r) on_field += analysed[r] && constraint(r) != nullptr ? 1 : 0;
    const bool covered = on_field * atoms.size() <= max_cells;  // else neither coverage nor breaks
    out.capped = out.capped || !covered;
    for (std::size_t r = 0; r < rules.size() && covered; ++r)
      if (const auto* f = analysed[r] ? constraint(r) : nullptr)
        for (auto& a : atoms)
          if (detail::admits(*f, a)) a.rules.push_back(r);
    // The table: each band's level at each stretch, every rule evaluated as decided.
    const std::size_t work = edges.size() * atoms.size() * std::max<std::size_t>(c.conditions.nodes.size(), 1);
    if (work > max_cells) {
      out.capped = true;
    } else {
      for (auto& a : atoms)
        for (const std::int64_t edge : edges) {
          const detail::cell_facts facts{slot, a.at, edge};
          const std::size_t band = detail::band_of(c, edge, std::int64_t{10'000});
          auto level = static_cast<std::uint8_t>(base.table.levels[band].front());
          bool refused = false;
          for (const auto& r : rules) {
            if (!detail::evaluate(c.conditions, r.when, facts).holds) continue;
            refused = refused || r.refuse;
            level = detail::apply_rule(level, r, c.top);
          }
          a.levels.push_back(refused ? std::nullopt : std::optional<level_index>(level_index{level}));
        }
    }
    // Monotonicity: a rule that asks a level at some values and not at the next larger.
    const bool numeric = type == field_type::number || type == field_type::percent || type == field_type::money;
    const std::size_t valued = atoms.size() - 1;  // the stretches before "not set"
    for (std::size_t r = 0; numeric && covered && r < rules.size() && pairs <= max_pairs; ++r) {
      const auto* f = analysed[r] && detail::asks_a_level(rules[r]) ? constraint(r) : nullptr;
      if (f == nullptr) continue;
      for (std::size_t k = 0; k + 1 < valued && pairs <= max_pairs; ++k) {
        if (!detail::admits(*f, atoms[k]) || detail::admits(*f, atoms[k + 1])) continue;
        detail::conjunction there = seen[r];
        for (auto& g : there.fields)
          if (g.slot == slot) g = detail::constraint_of(*f, atoms[k + 1]);
        bool mended = false;
        for (std::size_t o = 0; o < rules.size() && !mended; ++o) {
          if (o == r || !analysed[o] || !detail::asks_as_much(rules[o], rules[r])) continue;
          if (++pairs > max_pairs) {
            out.capped = true;
            break;
          }
          mended = detail::implies(there, seen[o]);
        }
        if (!mended && pairs <= max_pairs) {
          const auto& next = atoms[k + 1];
          // A value where the rule stops, or the interval just above the value it stops at.
          dim.breaks.push_back({r, detail::value_of(next.lo, type, cur), next.kind == segment_kind::range});
        }
      }
    }
    // Neighbouring numeric stretches the rules and the table do not tell apart are one segment.
    for (std::size_t k = 0; k < atoms.size(); ++k) {
      const auto& a = atoms[k];
      if (a.kind == segment_kind::not_set || a.kind == segment_kind::other_values || type == field_type::text ||
          type == field_type::boolean) {
        dimension_segment seg{a.kind, {}, {}, false, false, a.rules, a.levels};
        if (a.kind == segment_kind::value) {
          seg.low = type == field_type::text ? field_value(std::string(a.text)) : detail::value_of(a.lo, type, cur);
          seg.low_included = true;
        }
        dim.segments.push_back(std::move(seg));
        continue;
      }
      std::size_t last = k;
      while (last + 1 < valued && atoms[last + 1].rules == a.rules && atoms[last + 1].levels == a.levels) ++last;
      const auto& z = atoms[last];
      dimension_segment seg{segment_kind::range, {}, {}, false, false, a.rules, a.levels};
      if (last == k && a.kind == segment_kind::value) {
        seg.kind = segment_kind::value;
        seg.low = detail::value_of(a.lo, type, cur);
        seg.low_included = true;
      } else {
        if (a.kind == segment_kind::value || a.has_lo) seg.low = detail::value_of(a.lo, type, cur);
        seg.low_included = a.kind == segment_kind::value;
        if (z.kind == segment_kind::value || z.has_hi) seg.high = detail::value_of(z.kind == segment_kind::value ? z.lo : z.hi, type, cur);
        seg.high_included = z.kind == segment_kind::value;
      }
      dim.segments.push_back(std::move(seg));
      k = last;
    }
    out.dimensions.push_back(std::move(dim));
  }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
