// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/approval_analysis.ipp - the definitions behind approval_analysis.hpp
// (see config.hpp: included by the header when header-only, compiled once into
// salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
#define SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP

#include <salesrules/approval_analysis.hpp>

#include <salesrules/condition.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
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

SALESRULES_INLINE std::vector<judged_condition> judge_conditions(const compiled_conditions& c,
                                                                const std::vector<std::uint32_t>& roots,
                                                                const std::vector<bool>& shadows, bool& capped) {
  std::vector<judged_condition> out(roots.size());
  std::vector<conjunction> seen(roots.size());
  std::size_t pairs = 0;
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
      if (!shadows[i] || roots[i] == UINT32_MAX || !seen[i].in_scope || out[i].verdict == condition_verdict::never_holds)
        continue;
      if (++pairs > max_pairs) {
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

}  // namespace detail

SALESRULES_INLINE approval_analysis analyze_approval_rules(const validated<discount_policy>& p) noexcept {
  approval_analysis out;
  const auto& c = detail::validated_access::compiled(p);
  std::vector<std::uint32_t> roots;
  std::vector<bool> refusals;
  roots.reserve(c.approval.size());
  refusals.reserve(c.approval.size());
  for (const auto& r : c.approval) {
    roots.push_back(r.when);
    refusals.push_back(r.refuse);
  }
  const auto judged = detail::judge_conditions(c.conditions, roots, refusals, out.capped);
  for (std::size_t j = 0; j < judged.size(); ++j) {
    switch (judged[j].verdict) {
      case detail::condition_verdict::may_hold: break;
      case detail::condition_verdict::never_holds: out.findings.push_back({j, approval_finding_kind::never_fires, 0}); break;
      case detail::condition_verdict::outside: ++out.not_analysed; break;
      case detail::condition_verdict::shadowed:
        out.findings.push_back({j, approval_finding_kind::shadowed_by_refusal, judged[j].by});
        break;
    }
  }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_APPROVAL_ANALYSIS_IPP
