// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/approval_analysis.ipp - the definitions behind approval_analysis.hpp
// (see config.hpp: included by the header when header-only, compiled once into
// salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
#define SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP

#include <salesrules/approval_analysis.hpp>

#include <salesrules/condition.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/name_index.hpp>
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
#include <unordered_set>
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
  std::size_t listed = 0;  // the values its constraints list: what checking an implication with it costs
};

// Every list of texts and of values in a field_constraint is kept sorted (texts in
// iname_less's order, which same_name() agrees with), so that a look-up is a binary
// search and a long "in" list costs n log n to compare, not n squared.
[[nodiscard]] inline bool has_text(const std::vector<std::string_view>& sorted, std::string_view t) noexcept {
  return std::binary_search(sorted.begin(), sorted.end(), t, iname_less{});
}
[[nodiscard]] inline bool has_value(const std::vector<int128>& sorted, int128 v) noexcept {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}

// One, and one a value f lists: what admits(f, a) takes, and what f adds to an implication check.
[[nodiscard]] inline std::size_t admit_cost(const field_constraint& f) noexcept {
  return 1 + f.points.size() + f.excluded.size() + f.allowed.size() + f.excluded_text.size();
}

SALESRULES_INLINE void add_comparison(field_constraint& f, const condition_node& n, const compiled_conditions& c) {
  if (n.type == field_type::text_set) f.unsupported = true;
  if (n.type == field_type::money && n.op != comparison::is_set) {  // "is set" names no currency
    if (f.cur.is_set() && f.cur != n.cur) f.unsupported = true;
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
  std::sort(texts.begin(), texts.end(), iname_less{});
  std::sort(values.begin(), values.end());
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
        else std::erase_if(f.points, [&](int128 p) { return !has_value(values, p); });
        f.has_points = true;
      }
      break;
    case comparison::not_equal:
    case comparison::not_in:
      if (text) {
        f.excluded_text.insert(f.excluded_text.end(), texts.begin(), texts.end());
        std::sort(f.excluded_text.begin(), f.excluded_text.end(), iname_less{});
      } else {
        f.excluded.insert(f.excluded.end(), values.begin(), values.end());
        std::sort(f.excluded.begin(), f.excluded.end());
      }
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
  for (const auto& f : out.fields) out.listed += admit_cost(f) - 1;
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
    return !within(f, v) || has_value(f.excluded, v);
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
  if (j.type == field_type::money && i.type == field_type::money && j.cur.is_set() && i.cur.is_set() && j.cur != i.cur)
    return false;
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
    return within(i, v) && (!i.has_points || has_value(i.points, v)) && !has_value(i.excluded, v);
  };
  if (const auto values = finite_values(j)) return std::all_of(values->begin(), values->end(), allowed_by_i);
  if (i.has_points) return false;  // finitely many against a continuum
  const bool lo_inside = !i.lo.present || (j.lo.present && (j.lo.v > i.lo.v || (j.lo.v == i.lo.v && (i.lo.inclusive || !j.lo.inclusive))));
  const bool hi_inside = !i.hi.present || (j.hi.present && (j.hi.v < i.hi.v || (j.hi.v == i.hi.v && (i.hi.inclusive || !j.hi.inclusive))));
  if (!lo_inside || !hi_inside) return false;
  return std::all_of(i.excluded.begin(), i.excluded.end(), [&](int128 e) {
    return !within(j, e) || has_value(j.excluded, e);
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
  std::size_t looks = 0;
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
      // Every pair looked at counts against a budget of its own, so the loop is bounded
      // too; implication checks, the costly part, against max_pairs.
      if (++looks > max_looks) {
        capped = true;
        break;
      }
      if (roots[i] == UINT32_MAX || !seen[i].in_scope || out[i].verdict == condition_verdict::never_holds ||
          !covers(i, j))
        continue;
      pairs += 1 + cj.listed + seen[i].listed;  // an implication check, and the lists it reads
      if (pairs > max_pairs) {
        capped = true;
        break;
      }
      if (implies(cj, seen[i])) {
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
// discount (and the largest line's, a stated discount's alike) at num / den, the
// quiet request's members (12 months, net 30, standard terms, no phased rollout), no
// lines (so no deal amount, no totals, 0 lines and count variables of 0), and every
// custom field and other variable not set.
struct cell_facts {
  const compiled_discount& cd;
  const discount_request& quiet;
  std::uint16_t slot = 0;
  probe value;
  int128 discount_num = 0;
  int128 discount_den = 1;
  bool test(const condition_node& n, const compiled_conditions& c, bool& ok) const noexcept {
    const bool negative = n.op == comparison::not_equal || n.op == comparison::not_in;
    const bool is_set = n.op == comparison::is_set;
    if (n.slot == slot) {
      switch (value.what) {
        case probe::kind::unset: return negative;
        case probe::kind::other_text: return negative || is_set;
        case probe::kind::text: return compare_text(n, value.text, c);
        case probe::kind::scaled: return is_set || compare_scaled(n, value.num, value.den, c);
      }
      return false;
    }
    if (n.slot == 0 || n.slot == 2) return is_set || compare_scaled(n, discount_num, discount_den, c);
    if (n.slot == 5) return is_set || compare_scaled(n, 0, 1, c);  // no lines
    if (n.slot >= std::size(request_figures) && n.slot < cd.request_variables)
      return compare_fact(n, described_fact(quiet, cd.members[n.slot - std::size(request_figures)].member), c, ok);
    if (n.slot >= cd.request_variables && n.slot < cd.request_custom &&
        cd.variables[n.slot - cd.request_variables].aggregate == line_aggregate::count)
      return is_set || compare_scaled(n, 0, 1, c);
    return negative;  // not set
  }
};

// The values the escalation rules judge, as in the effective matrix's first column
// (matrix_analysis.hpp): a deal of 0, 12 months, net 30, standard terms, no phased
// rollout; a dimension's own probe in place of its value.
struct escalation_values {
  int128 amount_num = 0, amount_den = 1;  // minor units of the amount rules' currency
  bool amount_other_currency = false;
  int128 term_num = 12'000'000, term_den = 1;  // months, in millionths
  int128 days_num = 30'000'000, days_den = 1;
  bool nonstandard = false;
  bool phased = false;
};

// A band's level after the escalation rules at `v`: the first rule of each dimension
// that holds, in list order, as decide_discount applies them.
SALESRULES_INLINE std::uint8_t escalated(const compiled_discount& c, std::uint8_t level, const escalation_values& v) noexcept {
  std::array<bool, deal_dimensions> applied{};
  for (const auto& rule : c.rules) {
    const auto d = static_cast<std::size_t>(rule.when);
    if (d >= applied.size() || applied[d]) continue;
    const int128 at = rule.at_least;
    bool holds = false;
    switch (rule.when) {
      case deal_dimension::deal_amount: holds = !v.amount_other_currency && v.amount_num >= at * v.amount_den; break;
      case deal_dimension::term_months: holds = v.term_num >= at * 1'000'000 * v.term_den; break;
      case deal_dimension::payment_days: holds = v.days_num >= at * 1'000'000 * v.days_den; break;
      case deal_dimension::nonstandard_terms: holds = v.nonstandard; break;
      case deal_dimension::multi_year: holds = v.term_num > int128{12'000'000} * v.term_den; break;
      case deal_dimension::phased_rollout: holds = v.phased; break;
    }
    if (!holds) continue;
    applied[d] = true;
    level = apply_rule(level, rule, c.top);
  }
  return level;
}

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
  std::vector<std::optional<level_index>> levels;  // per row of the discount's atoms, then of the merged rows
};

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

// A numerator over the slot's scale as a value of the field's type (held in range:
// every value compiled from a policy's text is one of the type's own).
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE field_value value_of(int128 v, field_type type, currency cur) noexcept {
  switch (type) {
    case field_type::number: return number::from_millionths(static_cast<std::int64_t>(v));
    case field_type::percent: return percent::from_basis_points(static_cast<std::int64_t>(v));
    case field_type::money: return money(static_cast<std::int64_t>(v), cur);
    case field_type::date: return date(std::chrono::sys_days(std::chrono::days(static_cast<std::int64_t>(v))));
    case field_type::boolean: return v != 0;
    default: return {};
  }
}

// The values the rules name for one slot, and how they read.
struct named_values {
  bool consistent = true;  // one scale, and for money one currency
  std::int64_t scale = 1;
  currency cur;
  std::vector<std::string_view> texts;  // in order of first naming, each once (names compared alike)
  std::vector<int128> values;           // ascending, each once
  std::size_t listed = 0;               // values named in all, repeats counted: the work of reading them
};

SALESRULES_INLINE named_values values_named(const compiled_conditions& c, std::uint16_t slot, field_type type) {
  named_values out;
  bool first = true;
  std::unordered_set<std::string_view, iname_hash, iname_equal> seen_texts;  // "EMEA" and "emea" are one
  for (const condition_node& n : c.nodes) {
    if (n.kind != condition_kind::compare || n.slot != slot || n.op == comparison::is_set) continue;
    if (type == field_type::text) {
      for (std::uint32_t i = 0; i < n.text_count; ++i) {
        ++out.listed;
        const std::string_view t = c.texts[n.first_text + i];
        if (seen_texts.insert(t).second) out.texts.push_back(t);
      }
      continue;
    }
    if (first) {
      out.scale = n.scale;
      out.cur = n.cur;
      first = false;
    }
    if (n.scale != out.scale || (type == field_type::money && n.cur != out.cur)) out.consistent = false;
    if (n.op == comparison::in || n.op == comparison::not_in) {
      for (std::uint32_t i = 0; i < n.text_count; ++i) out.values.push_back(c.numbers[n.first_text + i]);
    } else {
      out.values.push_back(n.low);
      if (n.op == comparison::between) out.values.push_back(n.high);
    }
  }
  out.listed += out.values.size();
  std::sort(out.values.begin(), out.values.end());
  out.values.erase(std::unique(out.values.begin(), out.values.end()), out.values.end());
  return out;
}

// The stretches the values named cut a slot's values into, in order of value, not set
// last (unless the field is always set). A type that counts in units (`unit`, in
// numerators; 0 for exact fractions) has no stretch between neighbours one unit apart.
SALESRULES_INLINE std::vector<atom> atoms_of(const named_values& named, field_type type, int128 unit, bool always_set) {
  std::vector<atom> out;
  if (type == field_type::text) {
    for (const auto t : named.texts) out.push_back({segment_kind::value, t, false, false, 0, 0, {probe::kind::text, t, 0, 1}, {}, {}});
    out.push_back({segment_kind::other_values, {}, false, false, 0, 0, {probe::kind::other_text, {}, 0, 1}, {}, {}});
  } else if (type == field_type::boolean) {
    for (const int v : {0, 1})
      out.push_back({segment_kind::value, {}, false, false, v, v, {probe::kind::scaled, {}, v, 1}, {}, {}});
  } else {
    const int128 scale = named.scale;
    const auto& values = named.values;
    const auto range = [&](bool has_lo, int128 lo, bool has_hi, int128 hi) {
      if (has_lo && has_hi && unit > 0 && hi - lo <= unit) return;  // nothing lies between
      // A value inside: the midpoint, or one unit of the scale past the only end.
      const probe at = has_lo && has_hi ? probe{probe::kind::scaled, {}, lo + hi, 2 * scale}
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
  if (!always_set) out.push_back({segment_kind::not_set, {}, false, false, 0, 0, {}, {}, {}});
  return out;
}

// How many of `atoms` are values or ranges: all but "not set", which comes last.
[[nodiscard]] inline std::size_t valued(const std::vector<atom>& atoms) noexcept {
  return atoms.empty() || atoms.back().kind != segment_kind::not_set ? atoms.size() : atoms.size() - 1;
}

// A stretch of the judged discount, in basis points: a value, or the open interval
// between two. Its probe is the value, or the interval's midpoint.
struct discount_atom {
  bool point = true;
  std::int64_t lo = 0, hi = 0;
};

// The rule's effect on the level: refuses, raises or sets a floor above the lowest.
[[nodiscard]] inline bool asks_a_level(const compiled_approval_rule& r) noexcept {
  return r.refuse || r.raise > 0 || r.floor > 0;
}
// Whether `by`, holding wherever `r` holds, leaves r's level nothing to add: it
// refuses, or lifts to the top, or (r raising nothing) sets a floor as high.
[[nodiscard]] inline bool asks_as_much(const compiled_approval_rule& by, const compiled_approval_rule& r,
                                       std::uint8_t top) noexcept {
  return by.refuse || (!r.refuse && (by.floor == top || (r.raise == 0 && by.floor >= r.floor)));
}

}  // namespace detail

SALESRULES_INLINE approval_analysis analyze_approval_rules(const validated<discount_policy>& p) noexcept {
  approval_analysis out;
  const auto& c = detail::validated_access::compiled(p);
  const auto& rules = c.approval;
  std::vector<std::uint32_t> roots;
  roots.reserve(rules.size());
  for (const auto& r : rules) roots.push_back(r.when);
  // An earlier rule covers a later one when it refuses, or when it asks as much of the
  // level (asks_as_much) and adds every reviewer and evidence kind the later one adds.
  const auto covers = [&](std::size_t i, std::size_t j) {
    const auto& a = rules[i];
    const auto& b = rules[j];
    return a.refuse || (detail::asks_as_much(a, b, c.top) && (b.reviewers - a.reviewers).empty() &&
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
  // discount (slot 0, the rows) and text sets.
  std::vector<std::uint16_t> slots;
  for (const auto& n : c.conditions.nodes)
    if (n.kind == condition_kind::compare && n.slot != 0 && n.type != field_type::text_set &&
        std::find(slots.begin(), slots.end(), n.slot) == slots.end())
      slots.push_back(n.slot);
  if (slots.empty()) return out;
  const discount_request quiet;  // the values a cell's other fields take
  // The slots of the members the escalation rules read, if rules may compare them.
  const auto member_slot = [&](std::string_view name) -> std::uint16_t {
    for (std::size_t m = 0; m < c.members.size(); ++m)
      if (c.members[m].name == name) return static_cast<std::uint16_t>(std::size(detail::request_figures) + m);
    return UINT16_MAX;
  };
  const std::uint16_t term_slot = member_slot("term_months"), days_slot = member_slot("payment_days"),
                      nonstandard_slot = member_slot("nonstandard_terms"), phased_slot = member_slot("phased_rollout");
  std::optional<currency> amount_currency;  // the amount rules'
  for (const auto& rule : c.rules)
    if (rule.when == deal_dimension::deal_amount) {
      amount_currency = rule.cur;
      break;
    }

  // The rows: the judged discount cut at 0%, 100%, the bands' edges and the discounts
  // the rules name, as values and the open intervals between them.
  std::vector<std::int64_t> edges{0, 10'000};
  for (const auto& b : p->bands) edges.push_back(b.to.basis_points());
  for (const int128 v : detail::values_named(c.conditions, 0, field_type::percent).values)  // basis points
    if (v > 0 && v < 10'000) edges.push_back(static_cast<std::int64_t>(v));
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<detail::discount_atom> rows;
  for (std::size_t k = 0; k < edges.size(); ++k) {
    rows.push_back({true, edges[k], edges[k]});
    if (k + 1 < edges.size()) rows.push_back({false, edges[k], edges[k + 1]});
  }
  // The work of evaluating every rule once: its nodes and the values they list.
  const std::size_t evaluation = std::max<std::size_t>(
      c.conditions.nodes.size() + c.conditions.texts.size() + c.conditions.numbers.size() + c.rules.size(), 1);

  std::vector<std::vector<detail::atom>> all_atoms;  // per dimension, its stretches
  std::vector<currency> currencies;                  // and the currency of its money values
  for (const std::uint16_t slot : slots) {
    field_type type = field_type::text;
    for (const auto& n : c.conditions.nodes)
      if (n.kind == condition_kind::compare && n.slot == slot) {
        type = n.type;
        break;
      }
    rule_dimension dim;
    dim.field = std::string(detail::request_slot_name(*p, c, slot));
    dim.type = type;
    auto named = detail::values_named(c.conditions, slot, type);
    // The deal amount, the term and the payment days are cut at the escalation rules'
    // thresholds too (the amount in their currency; the term at 12 months, where
    // multi-year starts), each over its slot's scale.
    if (named.consistent && named.scale == 1) {
      const bool amount = slot == 1 && amount_currency && (named.values.empty() || *amount_currency == named.cur);
      if (amount) named.cur = *amount_currency;
      if (slot == term_slot) named.values.push_back(12'000'000);
      for (const auto& rule : c.rules) {
        if (amount && rule.when == deal_dimension::deal_amount && rule.cur == named.cur) named.values.push_back(rule.at_least);
        if ((slot == term_slot && rule.when == deal_dimension::term_months) ||
            (slot == days_slot && rule.when == deal_dimension::payment_days))
          named.values.push_back(int128{rule.at_least} * 1'000'000);
      }
      std::sort(named.values.begin(), named.values.end());
      named.values.erase(std::unique(named.values.begin(), named.values.end()), named.values.end());
    }
    if (!named.consistent) {  // money in two currencies: no segments, said so
      dim.analysed = false;
      out.dimensions.push_back(std::move(dim));
      all_atoms.emplace_back();
      currencies.emplace_back();
      continue;
    }
    // Figures judged from quote lines (the discounts, and variables of a percent) are
    // exact fractions: values lie between any two. Every other numeric type counts in
    // units: cents, basis points, days, millionths of a declared number, and whole
    // ones of a built-in count (the line count, a count variable, months, days).
    const bool member = slot >= std::size(detail::request_figures) && slot < c.request_variables;
    const bool variable = slot >= c.request_variables && slot < c.request_custom;
    const bool judged_fraction = type == field_type::percent && (slot < std::size(detail::request_figures) || variable);
    const bool whole = type == field_type::number && (slot == 5 || member || variable);
    const int128 unit = judged_fraction ? 0 : whole ? 1'000'000 : 1;
    // Fields a request always has: the line count, its members (the term, the payment
    // days, the yes/no terms) and count variables have no "not set".
    const bool always_set =
        slot == 5 || (member && detail::described_fact(quiet, c.members[slot - std::size(detail::request_figures)].member).set) ||
        (variable && c.variables[slot - c.request_variables].aggregate == line_aggregate::count);
    auto atoms = detail::atoms_of(named, type, unit, always_set);
    // Coverage: the rules in scope whose comparisons on the field admit each stretch.
    const auto constraint = [&](std::size_t r) -> const detail::field_constraint* {
      for (const auto& f : seen[r].fields)
        if (f.slot == slot) return &f;
      return nullptr;
    };
    std::size_t coverage_work = 0;
    for (std::size_t r = 0; r < rules.size(); ++r)
      if (const auto* f = analysed[r] ? constraint(r) : nullptr) coverage_work += detail::admit_cost(*f) * atoms.size();
    const bool covered = coverage_work <= max_cells;  // else neither segments, coverage, table nor breaks
    out.capped = out.capped || !covered;
    dim.capped = !covered;
    for (std::size_t r = 0; r < rules.size() && covered; ++r)
      if (const auto* f = analysed[r] ? constraint(r) : nullptr)
        for (auto& a : atoms)
          if (detail::admits(*f, a)) a.rules.push_back(r);
    // The table: each row's level at each stretch, every rule evaluated as decided.
    if (!covered) {
      atoms.clear();
    } else if (rows.size() * atoms.size() * (evaluation + named.listed) > max_cells) {
      out.capped = true;
      dim.table_capped = true;
    } else {
      for (auto& a : atoms) {
        // The escalation rules' values, the dimension's own at its probe.
        detail::escalation_values esc;
        if (a.at.what == detail::probe::kind::scaled) {
          if (slot == 1) {
            esc.amount_other_currency = amount_currency && named.cur != *amount_currency;
            esc.amount_num = a.at.num;
            esc.amount_den = a.at.den;
          }
          if (slot == term_slot) esc.term_num = a.at.num, esc.term_den = a.at.den;
          if (slot == days_slot) esc.days_num = a.at.num, esc.days_den = a.at.den;
          if (slot == nonstandard_slot) esc.nonstandard = a.at.num != 0;
          if (slot == phased_slot) esc.phased = a.at.num != 0;
        }
        for (const auto& row : rows) {
          const int128 d_num = row.point ? row.lo : row.lo + row.hi, d_den = row.point ? 10'000 : 20'000;
          const detail::cell_facts facts{c, quiet, slot, a.at, d_num, d_den};
          auto level = detail::escalated(c, c.bands[detail::band_of(c, d_num, d_den)].level, esc);
          bool refused = false;
          for (const auto& r : rules) {
            if (!detail::evaluate(c.conditions, r.when, facts).holds) continue;
            refused = refused || r.refuse;
            level = detail::apply_rule(level, r, c.top);
          }
          a.levels.push_back(refused ? std::nullopt : std::optional<level_index>(level_index{level}));
        }
      }
    }
    // Monotonicity: a rule that asks a level at some values and not at the next larger.
    const bool numeric = type == field_type::number || type == field_type::percent || type == field_type::money;
    const std::size_t valued = detail::valued(atoms);
    // Rules looked at for a mending one (within max_looks) and implication checks with
    // the lists they read (within max_pairs), per dimension.
    std::size_t looked = 0, checked = 0;
    const auto over = [&] { return looked > max_looks || checked > max_pairs; };
    for (std::size_t r = 0; numeric && covered && r < rules.size() && !over(); ++r) {
      const auto* f = analysed[r] && detail::asks_a_level(rules[r]) ? constraint(r) : nullptr;
      if (f == nullptr) continue;
      for (std::size_t k = 0; k + 1 < valued && !over(); ++k) {
        if (!detail::admits(*f, atoms[k]) || detail::admits(*f, atoms[k + 1])) continue;
        checked += 1 + seen[r].listed;  // the copy below
        detail::conjunction there = seen[r];
        for (auto& g : there.fields)
          if (g.slot == slot) g = detail::constraint_of(*f, atoms[k + 1]);
        bool mended = false;
        for (std::size_t o = 0; o < rules.size() && !mended && !over(); ++o) {
          ++looked;
          if (o == r || !analysed[o] || !detail::asks_as_much(rules[o], rules[r], c.top)) continue;
          // A mending rule compares only fields the rule does: implies() needs each of them.
          const bool within_fields = std::all_of(seen[o].fields.begin(), seen[o].fields.end(), [&](const auto& g) {
            return std::any_of(there.fields.begin(), there.fields.end(), [&](const auto& h) { return h.slot == g.slot; });
          });
          if (!within_fields) continue;
          checked += 1 + there.listed + seen[o].listed;
          mended = detail::implies(there, seen[o]);
        }
        if (over()) break;
        if (!mended) {
          // A value where the rule stops, or the interval just above the value it stops at.
          const auto& next = atoms[k + 1];
          dim.breaks.push_back({r, detail::value_of(next.lo, type, named.cur), next.kind == segment_kind::range});
        }
      }
    }
    if (over()) {
      dim.breaks_capped = true;
      out.capped = true;
    }
    out.dimensions.push_back(std::move(dim));
    all_atoms.push_back(std::move(atoms));
    currencies.push_back(named.cur);
  }

  // Rows that no table tells apart are one row; then, per dimension, neighbouring
  // numeric stretches that neither the rules nor the table tell apart are one segment.
  std::vector<std::size_t> row_starts;  // the first atom row of each merged row
  const bool drawn = std::any_of(all_atoms.begin(), all_atoms.end(), [](const auto& atoms) {
    return std::any_of(atoms.begin(), atoms.end(), [](const detail::atom& a) { return !a.levels.empty(); });
  });
  for (std::size_t k = 0; k < rows.size() && drawn; ++k) {
    bool same = k > 0;
    for (const auto& atoms : all_atoms)
      for (const auto& a : atoms)
        if (same && !a.levels.empty() && a.levels[k] != a.levels[k - 1]) same = false;
    if (!same) row_starts.push_back(k);
  }
  out.discount_rows.reserve(row_starts.size());
  for (std::size_t m = 0; m < row_starts.size(); ++m) {
    const auto& first = rows[row_starts[m]];
    const auto& last = rows[m + 1 < row_starts.size() ? row_starts[m + 1] - 1 : rows.size() - 1];
    out.discount_rows.push_back({percent::from_basis_points(first.lo), percent::from_basis_points(last.hi), first.point,
                                 last.point});
  }
  for (std::size_t d = 0; d < out.dimensions.size(); ++d) {
    auto& dim = out.dimensions[d];
    auto& atoms = all_atoms[d];
    for (auto& a : atoms) {
      if (a.levels.empty()) continue;
      std::vector<std::optional<level_index>> merged;
      merged.reserve(row_starts.size());
      for (const std::size_t k : row_starts) merged.push_back(a.levels[k]);
      a.levels = std::move(merged);
    }
    const field_type type = dim.type;
    const std::size_t valued = detail::valued(atoms);
    const currency cur = currencies[d];
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
  }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
