// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/discount_policy.ipp - the definitions behind discount_policy.hpp (see
// config.hpp: included by the header when header-only, compiled once into
// salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_DISCOUNT_POLICY_IPP
#define SALESRULES_IMPL_DISCOUNT_POLICY_IPP

#include <salesrules/discount_policy.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

SALESRULES_INLINE std::vector<discount_band> default_discount_bands() noexcept {
  return {
      {percent::from_whole(0), percent::from_whole(10), "Account Executive", {}},
      {percent::from_whole(10), percent::from_whole(20), "Manager", {"documented_justification"}},
      {percent::from_whole(20), percent::from_whole(30), "Director", {"strategic_justification", "reciprocal_commitment"}},
      {percent::from_whole(30), percent::from_whole(100), "VP", {"executive_sponsor", "business_case"}},
  };
}

SALESRULES_INLINE std::vector<escalation_rule> default_escalation_rules() noexcept {
  return {
      {"non-standard terms to Legal", deal_dimension::nonstandard_terms, 0, std::nullopt, 0, "", {"legal"}, {}},
      {"payment beyond net 30 to Finance", deal_dimension::payment_days, 31, std::nullopt, 0, "", {"finance"}, {}},
  };
}

SALESRULES_INLINE condition as_condition(const escalation_rule& rule) noexcept {
  const auto number = [](std::int64_t n) { return std::vector<std::string>{std::to_string(n)}; };
  switch (rule.when) {
    case deal_dimension::deal_amount:
      return compare("deal_amount", comparison::at_least,
                     rule.amount_at_least ? std::vector<std::string>{to_string(*rule.amount_at_least)}
                                          : std::vector<std::string>{});
    case deal_dimension::term_months: return compare("term_months", comparison::at_least, number(rule.at_least));
    case deal_dimension::payment_days: return compare("payment_days", comparison::at_least, number(rule.at_least));
    case deal_dimension::nonstandard_terms: return compare("nonstandard_terms", comparison::equal, {"true"});
    case deal_dimension::multi_year: return compare("term_months", comparison::above, {"12"});
    case deal_dimension::phased_rollout: return compare("phased_rollout", comparison::equal, {"true"});
  }
  return compare(std::string(name_of(rule.when)), comparison::is_set);  // not a dimension: validate() refuses it
}

SALESRULES_INLINE std::vector<approval_rule> as_approval_rules(const std::vector<escalation_rule>& rules) noexcept {
  std::vector<approval_rule> out;
  out.reserve(rules.size());
  // Per dimension, the earlier rule that holds whenever any earlier one does: the one
  // with the lowest threshold (any one, for a yes/no dimension).
  std::array<std::optional<std::size_t>, detail::deal_dimensions> lowest;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const escalation_rule& r = rules[i];
    condition when = as_condition(r);
    const auto dim = static_cast<std::size_t>(r.when);
    if (dim < lowest.size()) {
      auto& low = lowest[dim];
      if (low) when = all_of({std::move(when), negate(as_condition(rules[*low]))});
      const escalation_rule* was = low ? &rules[*low] : nullptr;
      const bool lower = was == nullptr ||
                         (r.when == deal_dimension::deal_amount
                              ? r.amount_at_least && was->amount_at_least &&
                                    r.amount_at_least->currency() == was->amount_at_least->currency() &&
                                    r.amount_at_least->minor_units() < was->amount_at_least->minor_units()
                              : r.at_least < was->at_least);
      if (lower) low = i;
    }
    out.push_back({r.name, std::move(when), r.raise_levels, r.at_least_level, r.reviewers, r.evidence, false});
  }
  return out;
}

namespace detail {
SALESRULES_INLINE std::optional<std::uint8_t> find_level(const discount_policy& p, const std::string& name) noexcept {
  for (std::size_t i = 0; i < p.levels.size(); ++i)
    if (same_name(p.levels[i], name)) return static_cast<std::uint8_t>(i);
  return std::nullopt;
}

// The first fault in a list of names the policy defines (its levels, its reviewers):
// a blank name, or one listed twice (ASCII case aside), at "/<section>/<its place>".
SALESRULES_INLINE std::optional<error> check_names(const std::vector<std::string>& names, std::string_view section,
                                                   std::string_view noun) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto at = pointer(section, i);
    if (is_blank(names[i])) return error{errc::invalid_policy, at, "the " + std::string(noun) + "'s name is blank"};
    for (std::size_t j = 0; j < i; ++j)
      if (same_name(names[j], names[i]))
        return error{errc::duplicate, at, std::string(noun) + " " + detail::quoted(names[i]) + " is listed twice"};
  }
  return std::nullopt;
}

// The names a rule gives, as places in `known` (the policy's reviewers or evidence);
// an unknown name is an error at "<at>/<its place>" suggesting the nearest known one.
template <class Index>
expected<enum_set<Index>, error> places_of(const std::vector<std::string>& known, const std::vector<std::string>& given,
                                           const std::string& at, std::string_view noun) {
  enum_set<Index> out;
  for (std::size_t j = 0; j < given.size(); ++j) {
    const auto it =
        std::find_if(known.begin(), known.end(), [&](const std::string& listed) { return same_name(listed, given[j]); });
    if (it == known.end()) {
      std::string where = at;
      append_segment(where, j);
      return unexpected<error>(error{errc::unknown_name, std::move(where),
                                     "unknown " + std::string(noun) + " " + detail::quoted(given[j]) +
                                         did_you_mean(given[j], known)});
    }
    out.insert(static_cast<Index>(it - known.begin()));
  }
  return out;
}

SALESRULES_INLINE expected<reviewer_set, error> reviewers_of(const discount_policy& p, const std::vector<std::string>& names,
                                                             const std::string& at) {
  return places_of<reviewer_index>(p.reviewers, names, at, "reviewer");
}

SALESRULES_INLINE expected<evidence_set, error> evidence_of(const discount_policy& p, const std::vector<std::string>& names,
                                                            const std::string& at) {
  return places_of<evidence_index>(p.evidence, names, at, "evidence");
}
SALESRULES_INLINE std::string_view request_slot_name(const discount_policy& p, const compiled_discount& c,
                                                     std::uint16_t slot) noexcept {
  if (slot >= c.request_custom) return p.fields[slot - c.request_custom].name;
  if (slot >= c.request_variables) return p.variables[slot - c.request_variables].name;
  if (slot < std::size(request_figures)) return request_figures[slot].name;
  return c.members[slot - std::size(request_figures)].name;
}

}  // namespace detail

namespace detail {
// The names a record's fields may not take: its computed figures and all its members.
template <class T, std::size_t N>
std::vector<std::string_view> reserved_names(const fact_name (&figures)[N]) {
  std::vector<std::string_view> names;
  for (const auto& f : figures) names.push_back(f.name);
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
      [&](auto d) { names.emplace_back(d.name); });
  return names;
}

// The atoms of the condition at `root` when it is one coded comparison or all of some
// (a node past the root is then a part), appended to `atoms` as [first, last).
SALESRULES_INLINE void flatten(const compiled_conditions& cc, std::uint32_t root, std::vector<coded_atom>& atoms,
                               std::uint32_t& first, std::uint32_t& last) {
  const auto& nodes = cc.nodes;
  std::uint32_t from = root, to = root + 1;
  if (nodes[root].kind == condition_kind::all) {
    from = root + 1;
    to = nodes[root].end;
  } else if (nodes[root].kind != condition_kind::compare) {
    return;
  }
  if (from == to || !std::all_of(nodes.begin() + from, nodes.begin() + to, [](const condition_node& n) {
        return n.kind == condition_kind::compare && n.coded;
      }))
    return;
  first = static_cast<std::uint32_t>(atoms.size());
  for (std::uint32_t n = from; n < to; ++n) atoms.push_back({nodes[n].codes, nodes[n].slot});
  last = static_cast<std::uint32_t>(atoms.size());
}

// The table of the approval rules of coded comparisons only (compiled_discount::tabled).
// At unread_code every mask is all of them, so that a value that cannot be compared
// sends each to be judged on its own, which finds the error.
SALESRULES_INLINE void tabulate(compiled_discount& c) {
  const std::size_t n = std::min<std::size_t>(c.approval.size(), 64);
  for (std::size_t i = 0; i < n; ++i)
    if (c.approval[i].first != c.approval[i].last) c.tabled |= std::uint64_t{1} << i;
  if (c.tabled == 0) return;
  // Each slot a tabled rule compares gets its 64 masks when first read, all rules
  // holding at every code until an atom says otherwise.
  constexpr auto none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> at_of(c.conditions.coded.size(), none);
  for (std::size_t i = 0; i < n; ++i) {
    if ((c.tabled >> i & 1U) == 0) continue;
    const auto& rule = c.approval[i];
    for (std::uint32_t a = rule.first; a < rule.last; ++a) {
      const auto& atom = c.atoms[a];
      auto& at = at_of[atom.slot];
      if (at == none) {
        at = static_cast<std::uint32_t>(c.table.size());
        c.table.resize(c.table.size() + 64, c.tabled);
        c.table_slots.push_back({atom.slot, at});
      }
      for (std::uint8_t k = 0; k < 64; ++k)
        if (k != unread_code && (atom.codes >> k & 1U) == 0) c.table[at + k] &= ~(std::uint64_t{1} << i);
    }
  }
}

SALESRULES_INLINE std::optional<error> compile_approval(const discount_policy& p, compiled_discount& c) {
  const auto placed = [](std::string_view section, error e) { return within(section, std::move(e)); };
  const auto request_reserved = reserved_names<discount_request>(request_figures);
  const auto line_reserved = reserved_names<quote_line>(line_figures);
  if (auto ok = check_declarations(p.fields, request_reserved); !ok) return placed("/fields", std::move(ok.error()));
  if (auto ok = check_declarations(p.line_fields, line_reserved); !ok)
    return placed("/line_fields", std::move(ok.error()));
  if (p.variables.size() > max_variables)
    return error{errc::out_of_range, "/variables", "more than " + std::to_string(max_variables) + " approval variables"};

  // A line's facts: its figure, its described members, the declared line fields.
  std::vector<fact_name> line_facts(std::begin(line_figures), std::end(line_figures));
  described_facts<quote_line>(line_facts);
  c.line_members.assign(line_facts.begin() + std::size(line_figures), line_facts.end());
  c.line_custom = static_cast<std::uint16_t>(line_facts.size());
  for (const auto& f : p.line_fields) line_facts.push_back({f.name, f.type});

  // A request's: its figures, its described members, the variables, the declared fields.
  std::vector<fact_name> facts(std::begin(request_figures), std::end(request_figures));
  described_facts<discount_request>(facts);
  // Not the evidence the rep brings: its names are the policy's own, matched as the
  // decision's missing evidence is, and a condition on them would compare the rep's
  // spelling unchecked against the list. (Each fact keeps its own member place.)
  std::erase_if(facts, [](const fact_name& f) { return f.name == "evidence"; });
  c.members.assign(facts.begin() + std::size(request_figures), facts.end());
  c.request_variables = static_cast<std::uint16_t>(facts.size());
  for (std::size_t i = 0; i < p.variables.size(); ++i) {
    const auto& v = p.variables[i];
    const auto at = "/variables/" + std::to_string(i);
    if (is_blank(v.name)) return error{errc::invalid_policy, at + "/name", "the variable's name is blank"};
    if (name_of(v.aggregate).empty()) return error{errc::out_of_range, at + "/aggregate", "not an aggregate"};
    for (const std::string_view taken : request_reserved)
      if (same_name(taken, v.name))
        return error{errc::duplicate, at + "/name", "variable " + detail::quoted(v.name) + " has the name of a built-in field"};
    for (const auto& f : p.fields)
      if (same_name(f.name, v.name))
        return error{errc::duplicate, at + "/name", "variable " + detail::quoted(v.name) + " has the name of a declared field"};
    for (std::size_t j = 0; j < i; ++j)
      if (same_name(p.variables[j].name, v.name))
        return error{errc::duplicate, at + "/name", "variable " + detail::quoted(v.name) + " is defined twice"};
    auto root = compile_condition(v.lines, line_facts, c.line_conditions, at + "/lines");
    // cppcheck-suppress returnStdMoveLocal ; moves the error out of the expected, which is no local to elide
    if (!root) return std::move(root.error());
    c.variables.push_back({*root, v.aggregate});
    const field_type type = v.aggregate == line_aggregate::sum_list || v.aggregate == line_aggregate::sum_net ? field_type::money
                            : v.aggregate == line_aggregate::count                                            ? field_type::number
                                                                                                              : field_type::percent;
    facts.push_back({v.name, type});
  }
  c.request_custom = static_cast<std::uint16_t>(facts.size());
  for (const auto& f : p.fields) facts.push_back({f.name, f.type});

  for (std::size_t i = 0; i < p.approval_rules.size(); ++i) {
    const auto& r = p.approval_rules[i];
    const auto at = "/approval_rules/" + std::to_string(i);
    auto root = compile_condition(r.when, facts, c.conditions, at + "/when");
    // cppcheck-suppress returnStdMoveLocal ; as above
    if (!root) return std::move(root.error());
    auto reviewers = reviewers_of(p, r.reviewers, at + "/reviewers");
    // cppcheck-suppress returnStdMoveLocal ; as above
    if (!reviewers) return std::move(reviewers.error());
    auto evidence = evidence_of(p, r.evidence, at + "/evidence");
    // cppcheck-suppress returnStdMoveLocal ; as above
    if (!evidence) return std::move(evidence.error());
    compiled_approval_rule cr{*root, 0, 0, 0, 0, *reviewers, *evidence, r.refuse};
    if (r.raise_levels < 0 || r.raise_levels > c.top)
      return error{errc::out_of_range, at + "/raise_levels",
                   "raise_levels " + std::to_string(r.raise_levels) + " is outside 0-" + std::to_string(c.top)};
    cr.raise = static_cast<std::uint8_t>(r.raise_levels);
    if (!is_blank(r.at_least_level)) {
      const auto floor = find_level(p, r.at_least_level);
      if (!floor) return error{errc::unknown_name, at + "/at_least_level", "unknown level " + detail::quoted(r.at_least_level)};
      cr.floor = *floor;
    }
    c.approval.push_back(cr);
  }
  code_slots(c.conditions, facts.size());
  code_slots(c.line_conditions, line_facts.size());
  for (auto& rule : c.approval) flatten(c.conditions, rule.when, c.atoms, rule.first, rule.last);
  for (auto& v : c.variables) flatten(c.line_conditions, v.lines, c.line_atoms, v.first, v.last);
  tabulate(c);
  for (const auto& f : p.fields) c.field_keys.push_back(key_of(f.name));
  for (const auto& f : p.line_fields) c.line_field_keys.push_back(key_of(f.name));
  c.own_rules = !c.approval.empty() || !p.fields.empty() || !p.line_fields.empty() || !p.variables.empty();
  return std::nullopt;
}
}  // namespace detail

SALESRULES_INLINE expected<validated<discount_policy>, error> validate(discount_policy p) noexcept {
  using detail::fail;
  if (p.levels.empty()) return fail(errc::invalid_policy, "/levels", "there are no approval levels");
  if (p.levels.size() > 64) return fail(errc::out_of_range, "/levels", "more than 64 approval levels");
  if (auto e = detail::check_names(p.levels, "levels", "level")) return unexpected<error>(std::move(*e));
  if (p.reviewers.size() > 32) return fail(errc::out_of_range, "/reviewers", "more than 32 reviewers");
  if (auto e = detail::check_names(p.reviewers, "reviewers", "reviewer")) return unexpected<error>(std::move(*e));
  if (p.evidence.size() > 32) return fail(errc::out_of_range, "/evidence", "more than 32 kinds of evidence");
  if (auto e = detail::check_names(p.evidence, "evidence", "evidence kind")) return unexpected<error>(std::move(*e));
  if (p.bands.empty()) return fail(errc::invalid_policy, "/bands", "there are no discount bands");
  if (p.bands.size() > 255) return fail(errc::out_of_range, "/bands", "more than 255 bands");
  detail::compiled_discount c;
  c.top = static_cast<std::uint8_t>(p.levels.size() - 1);
  for (std::size_t k = 0; k < p.evidence.size(); ++k) {
    c.evidence_keys.push_back(detail::key_of(p.evidence[k]));
    c.evidence_by_size[std::min(p.evidence[k].size(), c.evidence_by_size.size() - 1)] |= std::uint32_t{1} << k;
  }
  const percent zero, hundred = percent::from_whole(100);
  for (std::size_t i = 0; i < p.bands.size(); ++i) {
    const auto& b = p.bands[i];
    const auto at = "/bands/" + std::to_string(i);
    const auto span = "band " + std::to_string(i) + " (" + to_string(b.from) + " to " + to_string(b.to) + ")";
    if (b.from < zero || b.from > hundred) return fail(errc::out_of_range, at + "/from", span + " starts outside 0-100%");
    if (b.to < zero || b.to > hundred) return fail(errc::out_of_range, at + "/to", span + " ends outside 0-100%");
    if (!(b.from < b.to)) return fail(errc::invalid_policy, at + "/to", span + " is empty or inverted");
    if (i == 0 && b.from != zero)
      return fail(errc::invalid_policy, at + "/from", span + " leaves discounts below " + to_string(b.from) + " uncovered");
    if (i > 0) {
      const auto& prev = p.bands[i - 1];
      if (b.from > prev.to)
        return fail(errc::invalid_policy, at + "/from",
                    "gap: no band covers " + to_string(prev.to) + " to " + to_string(b.from) + ", between band " +
                        std::to_string(i - 1) + " and " + span);
      if (b.from < prev.to)
        return fail(errc::invalid_policy, at + "/from",
                    "overlap: " + span + " starts inside band " + std::to_string(i - 1) + ", which ends at " +
                        to_string(prev.to));
    }
    const auto level = detail::find_level(p, b.level);
    if (!level) return fail(errc::unknown_name, at + "/level", span + " names unknown level " + detail::quoted(b.level));
    if (i > 0 && *level < c.bands.back().level)
      return fail(errc::invalid_policy, at + "/level",
                  span + " needs " + detail::quoted(b.level) + ", a lower level than the smaller discounts of band " +
                      std::to_string(i - 1) + " (" + detail::quoted(p.bands[i - 1].level) + ")");
    auto evidence = detail::evidence_of(p, b.evidence, at + "/evidence");
    if (!evidence) return unexpected<error>(std::move(evidence.error()));
    c.bands.push_back({b.to.basis_points(), *level, *evidence});
  }
  if (p.bands.back().to != hundred)
    return fail(errc::invalid_policy, "/bands/" + std::to_string(p.bands.size() - 1) + "/to",
                "discounts above " + to_string(p.bands.back().to) + " are covered by no band");
  currency amount_currency;  // of the first deal-amount rule
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    const auto at = "/rules/" + std::to_string(i);
    if (name_of(r.when).empty()) return fail(errc::out_of_range, at + "/when", "not a deal dimension");
    auto reviewers = detail::reviewers_of(p, r.reviewers, at + "/reviewers");
    if (!reviewers) return unexpected<error>(std::move(reviewers.error()));
    auto evidence = detail::evidence_of(p, r.evidence, at + "/evidence");
    if (!evidence) return unexpected<error>(std::move(evidence.error()));
    detail::compiled_rule cr{r.when, r.at_least, currency{}, 0, 0, *reviewers, *evidence};
    if (r.when == deal_dimension::deal_amount) {
      if (!r.amount_at_least || !r.amount_at_least->currency().is_set())
        return fail(errc::invalid_policy, at + "/amount_at_least", "a deal-amount rule needs an amount with a currency");
      if (r.amount_at_least->is_negative())
        return fail(errc::out_of_range, at + "/amount_at_least", "the amount is negative");
      cr.at_least = r.amount_at_least->minor_units();
      cr.cur = r.amount_at_least->currency();
      // Earlier amount rules all share the first one's currency (else this loop had stopped).
      if (!amount_currency.is_set()) amount_currency = cr.cur;
      if (amount_currency != cr.cur)
        return fail(errc::currency_mismatch, at + "/amount_at_least",
                    "deal-amount rules must share one currency; this one is in " + std::string(cr.cur.code()) +
                        ", an earlier one in " + std::string(amount_currency.code()));
    } else if (r.at_least < 0) {
      return fail(errc::out_of_range, at + "/at_least", "the threshold is negative");
    }
    if (r.when == deal_dimension::nonstandard_terms || r.when == deal_dimension::phased_rollout) cr.at_least = 1;
    if (r.when == deal_dimension::multi_year) cr.at_least = 13;  // more than 12 months
    if (r.raise_levels < 0 || r.raise_levels > c.top)
      return fail(errc::out_of_range, at + "/raise_levels",
                  "raise_levels " + std::to_string(r.raise_levels) + " is outside 0-" + std::to_string(c.top));
    cr.raise = static_cast<std::uint8_t>(r.raise_levels);
    if (!detail::is_blank(r.at_least_level)) {
      const auto floor = detail::find_level(p, r.at_least_level);
      if (!floor) return fail(errc::unknown_name, at + "/at_least_level", "unknown level " + detail::quoted(r.at_least_level));
      cr.floor = *floor;
    }
    c.rules.push_back(cr);
  }
  if (name_of(p.basis).empty()) return fail(errc::out_of_range, "/basis", "neither weighted nor largest_line");
  if (auto e = detail::compile_approval(p, c)) return unexpected<error>(std::move(*e));
  if (c.rules.size() > detail::scanned_rules) {
    c.indexed = true;
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      // A yes/no dimension's rules share one threshold, so only its first is kept.
      auto& candidates = c.first_candidates[static_cast<std::size_t>(c.rules[i].when)];
      if (candidates.empty() || c.rules[i].at_least < c.rules[candidates.back()].at_least)
        candidates.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return detail::validated_access::make(std::move(p), std::move(c));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DISCOUNT_POLICY_IPP
