// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/discount.ipp - the definitions behind discount.hpp (see config.hpp:
// included by the header when header-only, compiled once into salesrules::compiled
// otherwise).
#ifndef SALESRULES_IMPL_DISCOUNT_IPP
#define SALESRULES_IMPL_DISCOUNT_IPP

#include <salesrules/discount.hpp>
#include <salesrules/detail/int128.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace salesrules {

namespace detail {
// The name at a place in one of the policy's lists, "" past its end.
template <class Index>
std::string_view name_at(const std::vector<std::string>& names, Index place) noexcept {
  const auto at = static_cast<std::size_t>(place);
  return at < names.size() ? std::string_view(names[at]) : std::string_view();
}
}  // namespace detail

SALESRULES_INLINE std::string_view level_name(level_index level, const validated<discount_policy>& p) noexcept {
  return detail::name_at(p->levels, level);
}

SALESRULES_INLINE std::string_view reviewer_name(reviewer_index r, const validated<discount_policy>& p) noexcept {
  return detail::name_at(p->reviewers, r);
}

SALESRULES_INLINE std::string_view evidence_name(evidence_index e, const validated<discount_policy>& p) noexcept {
  return detail::name_at(p->evidence, e);
}

SALESRULES_INLINE std::span<const std::string> approval_chain(const discount_decision& d,
                                                              const validated<discount_policy>& p) noexcept {
  return std::span<const std::string>(p->levels).first(
      std::min<std::size_t>(static_cast<std::size_t>(d.level) + 1u, p->levels.size()));
}

namespace detail {
// off / of as a percentage rounded up to a basis point.
SALESRULES_INLINE percent shown_discount(int128 off, int128 of) noexcept {
  // Most quotes fit 64 bits, where division is far cheaper than in 128.
  // off * 10000 + of - 1 must fit: of > 0 and off <= (INT64_MAX - of + 1) / 10000.
  if (off >= 0 && of > 0 && of <= INT64_MAX && off <= (INT64_MAX - of + 1) / 10000) {
    const auto o = static_cast<std::int64_t>(of);
    return percent::from_basis_points((static_cast<std::int64_t>(off) * 10000 + o - 1) / o);
  }
  const int128 bp = ceil_div(off * 10000, of);
  return percent::from_basis_points(bp > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(bp));
}
}  // namespace detail

SALESRULES_INLINE percent exact_discount::shown() const noexcept { return detail::shown_discount(off, of); }

namespace detail {

[[gnu::cold]] SALESRULES_INLINE error undeclared_field(std::string_view where, const custom_field& f,
                                                       const std::vector<field_declaration>& declared) {
  std::string at(where);
  append_segment(at, "fields");
  append_segment(at, f.name);
  for (const auto& d : declared)  // declared, so its value is what find_slots refused
    if (same_name(d.name, f.name))
      return error{errc::syntax, at,
                   detail::quoted(f.name) + " does not read as " + std::string(type_words(d.type)) +
                       ", which the policy declares"};
  std::vector<std::string_view> names;
  names.reserve(declared.size());
  for (const auto& d : declared) names.emplace_back(d.name);
  return error{errc::unknown_name, at,
               "field " + detail::quoted(f.name) + " is not declared by the policy" + did_you_mean(f.name, names)};
}

// Why line i of a request cannot be judged (the cold path of decide_into).
[[gnu::cold]] SALESRULES_INLINE error line_error(const discount_request& r, std::size_t i) {
  const auto& l = r.lines[i];
  const currency cur = r.lines.front().list.currency();
  const auto at = "/lines/" + std::to_string(i);
  if (!l.list.currency().is_set()) return error{errc::unknown_currency, at + "/list", "the list price has no currency"};
  if (!l.net.currency().is_set()) return error{errc::unknown_currency, at + "/net", "the net price has no currency"};
  if (l.list.currency() != cur || l.net.currency() != cur)
    return error{errc::currency_mismatch, at, "the line is not in " + std::string(cur.code()) + " like the first"};
  if (l.list.minor_units() <= 0) return error{errc::out_of_range, at + "/list", "the list price is not positive"};
  if (l.net.is_negative()) return error{errc::out_of_range, at + "/net", "the net price is negative"};
  if (l.net.minor_units() <= l.list.minor_units()) return undeclared_field(at, *l.fields.begin(), {});
  return error{errc::out_of_range, at + "/net",
               "the net price " + to_string(l.net) + " is above the list price " + to_string(l.list)};
}

// No trace is kept for decide_discount; decide_discount_traced keeps every step.
struct no_trace {
  void add(const decision_step&) noexcept {}
};
struct vector_trace {
  std::vector<decision_step>& steps;
  void add(const decision_step& s) { steps.push_back(s); }
};

// Why the request's other fields cannot be judged (the cold path of decide_into).
[[gnu::cold]] SALESRULES_INLINE error request_error(const discount_request& r) {
  if (r.term_months < 0)
    return error{errc::out_of_range, "/term_months", "the term of " + std::to_string(r.term_months) + " months is below 0"};
  if (r.payment_days < 0)
    return error{errc::out_of_range, "/payment_days",
                 "payment terms of " + std::to_string(r.payment_days) + " days are below 0"};
  // Otherwise the amount is set (decide_into calls this only for a bad request).
  const money amount = r.deal_amount.value_or(money{});
  if (!amount.currency().is_set())
    return error{errc::unknown_currency, "/deal_amount", "the deal amount has no currency"};
  return error{errc::out_of_range, "/deal_amount", "the deal amount " + to_string(amount) + " is below 0"};
}

// The quote's totals in 128 bits, for the rare quote whose totals pass 64 bits.
[[gnu::cold]] SALESRULES_INLINE void wide_totals(const discount_request& r, int128& list, int128& off,
                                                 int128& net) noexcept {
  list = off = net = 0;
  for (const auto& l : r.lines) {
    list += l.list.minor_units();
    off += l.list.minor_units() - l.net.minor_units();
    net += l.net.minor_units();
  }
}

// Whether rule i, which looks at the deal amount, can judge `amount`.
SALESRULES_INLINE bool amount_judged(const money& amount, const compiled_discount& c, std::size_t i) noexcept {
  return amount.currency().is_set() && amount.currency() == c.rules[i].cur;
}

// Why it cannot (the cold path of decide_into): no amount, or one in another currency.
[[gnu::cold]] SALESRULES_INLINE error amount_error(const money& amount, const validated<discount_policy>& p,
                                                   std::size_t i) {
  if (!amount.currency().is_set())
    return error{errc::missing, "/deal_amount",
                 "the request states no deal amount and has no quote lines to total, and rule " +
                     detail::quoted(p->rules[i].name) + " looks at the deal amount"};
  return error{errc::currency_mismatch, "/deal_amount",
               "the deal amount " + to_string(amount) + " is not in " +
                   std::string(validated_access::compiled(p).rules[i].cur.code()) + ", the currency of rule " +
                   detail::quoted(p->rules[i].name)};
}

// What a rule saw of the request (as decide_into's scan counts it: minor units, months,
// days or 0/1), and its threshold, each in the unit of the rule's dimension.
SALESRULES_INLINE step_figure seen_figure(const compiled_rule& rule, std::int64_t seen) noexcept {
  switch (rule.when) {
    case deal_dimension::deal_amount: return money(seen, rule.cur);
    case deal_dimension::term_months:
    case deal_dimension::multi_year: return std::chrono::months(seen);
    case deal_dimension::payment_days: return std::chrono::days(seen);
    case deal_dimension::nonstandard_terms:
    case deal_dimension::phased_rollout: return seen != 0;
  }
  return {};
}
SALESRULES_INLINE step_figure threshold_figure(const compiled_rule& rule) noexcept {
  switch (rule.when) {
    case deal_dimension::deal_amount: return money(rule.at_least, rule.cur);
    case deal_dimension::term_months: return std::chrono::months(rule.at_least);
    case deal_dimension::payment_days: return std::chrono::days(rule.at_least);
    default: return {};
  }
}

// What applying a rule changed, for its trace step.
struct applied {
  level_index before;
  reviewer_set new_reviewers;
  evidence_set new_evidence;
};

// The effects of a rule that holds, an escalation rule's or an approval rule's: the
// level raised and floored (apply_rule), its reviewers and evidence added.
template <class Rule>
applied apply_effects(discount_decision& d, const Rule& rule, std::uint8_t top) noexcept {
  const applied a{d.level, rule.reviewers - d.reviewers, rule.evidence - d.required};
  d.level = level_index{apply_rule(static_cast<std::uint8_t>(d.level), rule, top)};
  d.reviewers |= rule.reviewers;
  d.required |= rule.evidence;
  return a;
}

// Rule i applies to `d`, which saw `seen` of the request (as in decide_into's scan).
template <class Trace>
void apply_to(discount_decision& d, const compiled_discount& c, std::size_t i, std::int64_t seen, Trace& trace) {
  const compiled_rule& rule = c.rules[i];
  const applied a = apply_effects(d, rule, c.top);
  if constexpr (!std::is_same_v<Trace, no_trace>)
    trace.add(decision_step{decision_step_kind::rule, i, seen_figure(rule, seen), threshold_figure(rule), a.before,
                            d.level, a.new_reviewers, a.new_evidence});
}

// ---------------------------------------------------------------------------
// Step 3: approval rules, over the request's figures, members, variables and fields.

// The custom fields of one record by their declared index, or the error for one the
// policy does not declare (at "<where>/fields/<name>").
// Trivial, so that nothing is cleared but the mask of the slots filled.
struct field_slots {
  std::uint64_t filled;                    // bit i: by_index[i] is the field's value
  std::array<const field_value*, 64> by_index;
  // The value of declared field `i`, or null when the record does not have it.
  [[nodiscard]] const field_value* value(std::size_t i) const noexcept {
    return (filled >> i & 1U) != 0 ? by_index[i] : nullptr;
  }
};

// Fills `slots` from `fields`; false (with *bad the field) when one is not declared or
// its value does not read in its declared type, whether or not a rule reads it.
// A name is first tried, byte for byte, against the declaration at the field's own
// place, where a host that fills the fields in the policy's order and spelling has
// put it; otherwise it is matched by its key (`keys`, the declared names' in order).
// field_value holds a value of declared type t as its alternative 1 + t.
constexpr std::size_t held_as(field_type t) noexcept { return 1 + static_cast<std::size_t>(t); }
static_assert(std::is_same_v<std::variant_alternative_t<held_as(field_type::text), field_value>, std::string> &&
              std::is_same_v<std::variant_alternative_t<held_as(field_type::date), field_value>, date> &&
              std::is_same_v<std::variant_alternative_t<held_as(field_type::boolean), field_value>, bool> &&
              std::is_same_v<std::variant_alternative_t<held_as(field_type::text_set), field_value>,
                             std::vector<std::string>>);

// The declarations and their keys are passed as spans, made once by a caller that
// reads many records, so that their sizes are not worked out again for each.
[[gnu::always_inline]] inline bool find_slots(const custom_fields& fields, std::span<const field_declaration> declared,
                                              const name_key* keys, field_slots& slots,
                                              const custom_field*& bad) noexcept {
  slots.filled = 0;
  const std::size_t n = declared.size();
  std::size_t at = 0;  // the field's place in `fields`
  for (const custom_field& f : fields) {
    const std::string_view name = f.name;
    std::size_t i = at;
    if (i >= n || !same_bytes(name, declared[i].name)) {
      const name_key key = key_of(name);
      for (i = 0; i < n && !same_keyed(name, key, declared[i].name, keys[i]);) ++i;
      if (i == n) [[unlikely]] {
        bad = &f;
        return false;
      }
    }
    // A value held in its declared type (or unset) is read as it is; only one held
    // otherwise (text for a number, say) is read now to see that it can be.
    const std::size_t held = f.value.index();
    if (held != 0 && held != held_as(declared[i].type) && value_fact(f.value, declared[i].type).bad) [[unlikely]] {
      bad = &f;
      return false;
    }
    slots.by_index[i] = &f.value;
    slots.filled |= std::uint64_t{1} << i;
    ++at;
  }
  return true;
}

// The currency of a quote's lines (decide_into has checked they share the first's);
// none without lines.
// It is passed as its 32-bit word where it is stored: a currency copied member-wise
// (its code, then its digits over the code's fourth byte) and read back whole stalled
// on store forwarding in the profiles.
inline std::uint32_t lines_currency_word(const discount_request& r) noexcept {
  return r.lines.empty() ? 0 : std::bit_cast<std::uint32_t>(r.lines.front().list.currency());
}
inline currency lines_currency(const discount_request& r) noexcept {
  return std::bit_cast<currency>(lines_currency_word(r));
}

// Whether coded atoms (compiled_discount::atoms) all hold for a record's codes: yes,
// no (at the first that does not), or unread when a value they read before that cannot
// be compared (the condition is then evaluated, to find the error, as it is when the
// condition has no atoms).
enum class atoms_held : std::uint8_t { yes, no, unread };
inline atoms_held judge_atoms(const coded_atom* a, const coded_atom* end, const std::uint8_t* codes) noexcept {
  for (; a != end; ++a) {
    const std::uint8_t k = codes[a->slot];
    if (k == unread_code) return atoms_held::unread;
    if (((a->codes >> k) & 1U) == 0) return atoms_held::no;
  }
  return atoms_held::yes;
}

// Whether a line's discount off / list is deeper than best_off / best_of, cross-multiplied
// (0 <= off <= list and 0 <= best_off <= best_of): below 2^32 in both lists, both
// products fit 64 bits; otherwise they are taken in 128.
[[gnu::always_inline]] inline bool deeper(std::int64_t off, std::int64_t list, std::int64_t best_off,
                                          std::int64_t best_of) noexcept {
  if ((static_cast<std::uint64_t>(list | best_of) >> 32) == 0)  // products below 2^64, unsigned
    return static_cast<std::uint64_t>(off) * static_cast<std::uint64_t>(best_of) >
           static_cast<std::uint64_t>(best_off) * static_cast<std::uint64_t>(list);
  return product_above(off, best_of, best_off, list);
}

// The facts of one quote line, as the variables' conditions read them.
struct line_facts {
  const quote_line& line;
  const compiled_discount& c;
  const std::vector<field_declaration>& declared;
  const field_slots& custom;
  const std::array<std::uint8_t, max_coded_slots>& codes;  // the line's values at the coded slots (code_of)
  fact operator()(std::uint16_t slot) const noexcept {
    if (slot == 0) {  // its discount, exactly
      fact f;
      f.set = true;
      f.num = line.list.minor_units() - line.net.minor_units();
      f.den = line.list.minor_units();
      return f;
    }
    if (slot < c.line_custom) return described_fact(line, c.line_members[slot - 1].member);
    const std::size_t i = slot - c.line_custom;
    const field_value* v = custom.value(i);
    return v != nullptr ? value_fact(*v, declared[i].type) : fact{};
  }
  // The code of the line's value at coded slot `slot`, as request_facts::code_at.
  std::uint8_t code_at(std::uint16_t slot) const noexcept {
    const compiled_conditions& cc = c.line_conditions;
    if (slot == 0) return code_of_number(cc, slot, line.list.minor_units() - line.net.minor_units(), line.list.minor_units());
    if (slot >= c.line_custom) {
      const std::size_t i = slot - c.line_custom;
      const field_value* v = custom.value(i);
      if (v == nullptr) return unset_code;
      if (const auto* t = std::get_if<std::string>(v); t && cc.coded[slot].text)
        return t->empty() ? unset_code : code_of_text(cc, slot, *t);
      if (const auto* b = std::get_if<bool>(v)) return code_of_whole(cc, slot, *b ? 1 : 0);
    } else {
      return described_code(cc, slot, line, c.line_members[slot - 1].member);
    }
    return code_of(cc, slot, (*this)(slot));
  }
  bool test(const condition_node& node, const compiled_conditions& cc, bool& ok) const noexcept {
    if (node.coded && codes[node.slot] != unread_code) return ((node.codes >> codes[node.slot]) & 1U) != 0;
    if (node.slot >= c.line_custom) return compare_value(node, custom.value(node.slot - c.line_custom), cc, ok);
    return compare_fact(node, (*this)(node.slot), cc, ok);
  }
};

// An approval variable's figure over the lines (a fact's numeric part: trivially
// constructed, so the table of them is not cleared for every decision).
struct variable_value {
  int128 num;
  int128 den;
  std::uint32_t cur;  // its currency's word (lines_currency_word)
  bool set;
};

// The facts of a request.
struct request_facts {
  // Its field slots and variables are left to find_slots and compute_variables to fill.
  // cppcheck-suppress uninitMemberVar ; custom is filled by find_slots before any read
  request_facts(const discount_request& request, const compiled_discount& compiled,
                const std::vector<field_declaration>& fields, const discount_decision& d, std::int64_t amount_units,
                std::uint32_t amount_currency, int128 list, int128 net) noexcept
      : r(request), c(compiled), declared(fields), off(d.discount.off), of(d.discount.of), l_off(d.largest_line.off),
        l_of(d.largest_line.of), amount(amount_units), amount_cur(amount_currency), list_total(list), net_total(net) {}
  const discount_request& r;
  const compiled_discount& c;
  const std::vector<field_declaration>& declared;
  int128 off, of, l_off, l_of;
  std::int64_t amount;     // the deal amount's minor units
  std::uint32_t amount_cur;  // and its currency's word (0: no amount), as lines_currency_word
  int128 list_total, net_total;
  field_slots custom;                               // filled by find_slots
  std::array<variable_value, max_variables> variables;  // filled by compute_variables
  std::array<std::uint8_t, max_coded_slots> codes;      // at the coded slots, filled by fill_codes
  void fill_codes() noexcept {
    for (const std::uint16_t slot : c.conditions.coded_slots) codes[slot] = code_at(slot);
  }
  // The code of the value at coded slot `slot`: the figures, variables and custom texts
  // and booleans at hand; anything else through its fact.
  std::uint8_t code_at(std::uint16_t slot) const noexcept {
    const compiled_conditions& cc = c.conditions;
    switch (slot) {
      case 0: return code_of_number(cc, slot, off, of);
      case 1:
        if (amount_cur == 0) return unset_code;
        if (amount_cur != std::bit_cast<std::uint32_t>(cc.coded[slot].cur)) return unread_code;
        return code_of_whole(cc, slot, amount);
      case 2: return code_of_number(cc, slot, l_off, l_of);
      default: break;
    }
    if (slot >= c.request_custom) {
      const std::size_t i = slot - c.request_custom;
      const field_value* v = custom.value(i);
      if (v == nullptr) return unset_code;
      if (const auto* t = std::get_if<std::string>(v); t && cc.coded[slot].text)
        return t->empty() ? unset_code : code_of_text(cc, slot, *t);
      if (const auto* b = std::get_if<bool>(v)) return code_of_whole(cc, slot, *b ? 1 : 0);
    } else if (slot >= c.request_variables) {
      const variable_value& v = variables[slot - c.request_variables];
      if (!v.set) return unset_code;
      if (v.cur != std::bit_cast<std::uint32_t>(cc.coded[slot].cur)) return unread_code;
      return code_of_number(cc, slot, v.num, v.den);
    } else if (slot >= std::size(request_figures)) {
      return described_code(cc, slot, r, c.members[slot - std::size(request_figures)].member);
    }
    return code_of(cc, slot, (*this)(slot));
  }
  fact operator()(std::uint16_t slot) const noexcept {
    fact f;
    f.set = true;
    switch (slot) {
      case 0: f.num = off; f.den = of; return f;
      case 1: return member_fact(money(amount, std::bit_cast<currency>(amount_cur)));
      case 2: f.num = l_off; f.den = l_of; return f;
      case 3: f.set = !r.lines.empty(); f.num = list_total; f.cur = lines_currency(r); return f;
      case 4: f.set = !r.lines.empty(); f.num = net_total; f.cur = lines_currency(r); return f;
      case 5: f.num = static_cast<int128>(r.lines.size()) * 1'000'000; return f;
      default: break;
    }
    if (slot < c.request_variables) return described_fact(r, c.members[slot - std::size(request_figures)].member);
    if (slot < c.request_custom) {
      const variable_value& v = variables[slot - c.request_variables];
      f.set = v.set;
      f.num = v.num;
      f.den = v.den;
      f.cur = std::bit_cast<currency>(v.cur);
      return f;
    }
    const std::size_t i = slot - c.request_custom;
    const field_value* v = custom.value(i);
    return v != nullptr ? value_fact(*v, declared[i].type) : fact{};
  }
  bool test(const condition_node& node, const compiled_conditions& cc, bool& ok) const noexcept {
    if (node.coded && codes[node.slot] != unread_code) return ((node.codes >> codes[node.slot]) & 1U) != 0;
    if (node.slot >= c.request_custom) return compare_value(node, custom.value(node.slot - c.request_custom), cc, ok);
    if (node.op != comparison::is_set) {  // the judged discounts, always set: compared as they are
      if (node.slot == 0) return compare_scaled(node, off, of, cc);
      if (node.slot == 2) return compare_scaled(node, l_off, l_of, cc);
      if (node.slot == 1 && amount_cur != 0) {  // the deal amount, in the rule's currency only
        if (amount_cur == std::bit_cast<std::uint32_t>(node.cur)) return compare_scaled(node, amount, 1, cc);
        ok = false;
        return false;
      }
      if (node.slot >= c.request_variables) {  // a variable: its figure as it is, without a fact
        const variable_value& v = variables[node.slot - c.request_variables];
        if (!v.set) return node.op == comparison::not_equal || node.op == comparison::not_in;
        if (node.type == field_type::money && v.cur != std::bit_cast<std::uint32_t>(node.cur)) {
          ok = false;
          return false;
        }
        return compare_scaled(node, v.num, v.den, cc);
      }
    }
    return compare_fact(node, (*this)(node.slot), cc, ok);
  }
};

// Why a condition's comparison at `node` could not be judged (the cold path).
[[gnu::cold]] SALESRULES_INLINE error condition_error(const condition_node& node, const fact& seen, std::string where,
                                                      std::string_view field, std::string_view rule) {
  if (!seen.bad)
    return error{errc::currency_mismatch, std::move(where),
                 detail::quoted(field) + " is in " + std::string(seen.cur.code()) + ", and " + std::string(rule) +
                     " compares it with " + std::string(node.cur.code())};
  return error{errc::syntax, std::move(where),
               detail::quoted(field) + " does not read as " + std::string(type_words(node.type)) + ", which the policy declares"};
}

// The variables of `p` over the request's lines, into f.variables.
SALESRULES_INLINE std::optional<error> compute_variables(request_facts& f, const validated<discount_policy>& p) {
  const compiled_discount& c = f.c;
  struct tally {  // trivial: only the variables' own are cleared
    int128 list, net, off;
    std::int64_t best_off, best_of;  // one line's figures
    std::int64_t count;
  };
  std::array<tally, max_variables> t;
  // What every line reads, taken once: the stores below could alias the vectors, so
  // their sizes would otherwise be worked out again on each line.
  const std::span<const compiled_variable> vars(c.variables);
  const std::span<const std::uint16_t> line_slots(c.line_conditions.coded_slots);
  const std::span<const field_declaration> declared(p->line_fields);
  const name_key* const keys = c.line_field_keys.data();
  const coded_atom* const atoms = c.line_atoms.data();
  for (std::size_t v = 0; v < vars.size(); ++v) t[v] = tally{0, 0, 0, 0, 1, 0};
  field_slots slots;
  std::array<std::uint8_t, max_coded_slots> codes;  // a line's, at the coded slots
  const std::span<const quote_line> lines(f.r.lines);  // walked by pointer, as decide_into's
  for (const quote_line& l : lines) {
    const auto li = static_cast<std::size_t>(&l - lines.data());  // for the errors' places
    const custom_field* bad = nullptr;
    if (!find_slots(l.fields, declared, keys, slots, bad))
      return undeclared_field("/lines/" + std::to_string(li), *bad, p->line_fields);
    const line_facts facts{l, c, p->line_fields, slots, codes};
    for (const std::uint16_t slot : line_slots) codes[slot] = facts.code_at(slot);
    for (std::size_t v = 0; v < vars.size(); ++v) {
      const compiled_variable& var = vars[v];
      const atoms_held flat = var.first != var.last ? judge_atoms(atoms + var.first, atoms + var.last, codes.data())
                                                    : atoms_held::unread;
      const auto holds = flat != atoms_held::unread ? condition_result{flat == atoms_held::yes}
                                                    : evaluate(c.line_conditions, var.lines, facts);
      if (holds.failed != UINT32_MAX) {
        const condition_node& node = c.line_conditions.nodes[holds.failed];
        const std::size_t custom = node.slot >= c.line_custom ? node.slot - c.line_custom : SIZE_MAX;
        std::string at = "/lines/" + std::to_string(li);
        std::string_view name = custom != SIZE_MAX ? std::string_view(p->line_fields[custom].name)
                                                   : node.slot == 0 ? std::string_view("discount")
                                                                    : c.line_members[node.slot - 1].name;
        if (custom != SIZE_MAX) append_segment(at, "fields");
        append_segment(at, name);
        return condition_error(node, facts(node.slot), std::move(at), name,
                               "variable " + detail::quoted(p->variables[v].name));
      }
      if (!holds.holds) continue;
      auto& x = t[v];
      const std::int64_t list = l.list.minor_units(), net = l.net.minor_units();
      x.list += list;
      x.net += net;
      x.off += list - net;
      if (x.count == 0 || deeper(list - net, list, x.best_off, x.best_of)) {
        x.best_off = list - net;
        x.best_of = list;
      }
      ++x.count;
    }
  }
  const std::uint32_t cur = lines_currency_word(f.r);
  for (std::size_t v = 0; v < c.variables.size(); ++v) {
    const auto& x = t[v];
    variable_value out{0, 1, 0, x.count > 0};
    switch (c.variables[v].aggregate) {
      case line_aggregate::sum_list: out.num = x.list; out.cur = cur; break;
      case line_aggregate::sum_net: out.num = x.net; out.cur = cur; break;
      case line_aggregate::discount: out.num = x.off; out.den = x.count > 0 ? x.list : 1; break;
      case line_aggregate::max_line_discount: out.num = x.best_off; out.den = x.best_of; break;
      case line_aggregate::count: out.set = true; out.num = static_cast<int128>(x.count) * 1'000'000; break;
    }
    f.variables[v] = out;
  }
  return std::nullopt;
}

// Applies every approval rule that holds (step 3 of a decision). Kept out of line, so
// that a decision under a matrix without such rules keeps decide_into's registers.
template <class Trace>
[[gnu::noinline]] std::optional<error> approval_rules(discount_decision& d, const discount_request& r,
                                                    const validated<discount_policy>& p, Trace& trace) {
  const compiled_discount& c = validated_access::compiled(p);
  // The quote's totals are the weighted discount's: list = of, net = of - off (with
  // lines; without, the facts that read them are not set). The net total fits 64 bits:
  // decide_into refused a quote whose does not.
  const int128 list_total = d.weighted.of, net_total = d.weighted.of - d.weighted.off;
  // The deal amount, or the net total; as units and a currency word (lines_currency_word).
  const std::int64_t amount = r.deal_amount ? r.deal_amount->minor_units() : static_cast<std::int64_t>(net_total);
  const std::uint32_t amount_cur =
      r.deal_amount ? std::bit_cast<std::uint32_t>(r.deal_amount->currency()) : lines_currency_word(r);
  // The field slots and variables are filled below, not cleared first.
  request_facts facts(r, c, p->fields, d, amount, amount_cur, list_total, net_total);
  const custom_field* bad = nullptr;
  if (!find_slots(r.fields, p->fields, c.field_keys.data(), facts.custom, bad)) return undeclared_field("", *bad, p->fields);
  if (auto e = compute_variables(facts, p)) return e;  // which also checks each line's fields
  facts.fill_codes();
  // The tabled rules that can hold, with the first 64 rules not tabled: the rules to
  // judge among the first 64, in order; then any past them.
  const std::size_t n = c.approval.size();
  std::uint64_t pending = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  if (c.tabled != 0) {
    std::uint64_t can = c.tabled;
    for (const auto& t : c.table_slots) can &= c.table[t.at + facts.codes[t.slot]];
    pending = (pending & ~c.tabled) | can;
  }
  const coded_atom* const atoms = c.atoms.data();
  // Judges rule i, and applies it when it holds.
  const auto judge = [&](std::size_t i) -> std::optional<error> {
    const compiled_approval_rule& rule = c.approval[i];
    // A rule of coded comparisons only: a bit each, unless a value cannot be compared.
    const atoms_held flat = rule.first != rule.last ? judge_atoms(atoms + rule.first, atoms + rule.last, facts.codes.data())
                                                    : atoms_held::unread;
    const auto holds = flat != atoms_held::unread ? condition_result{flat == atoms_held::yes}
                                                  : evaluate(c.conditions, rule.when, facts);
    if (holds.failed != UINT32_MAX) {
      const condition_node& node = c.conditions.nodes[holds.failed];
      const std::uint16_t slot = node.slot;
      const std::string_view name = request_slot_name(*p, c, slot);
      // The place: a custom field under /fields; a figure of the lines (a variable, or
      // the deal amount totalled from them) at /lines; any other field by its name.
      std::string at;
      const bool of_the_lines = (slot >= c.request_variables && slot < c.request_custom) || (slot == 1 && !r.deal_amount);
      if (of_the_lines) {
        at = "/lines";
      } else {
        if (slot >= c.request_custom) append_segment(at, "fields");
        append_segment(at, name);
      }
      return condition_error(node, facts(slot), std::move(at), name,
                             "approval rule " + detail::quoted(p->approval_rules[i].name));
    }
    if (!holds.holds) return std::nullopt;
    const applied a = apply_effects(d, rule, c.top);
    if (rule.refuse && !d.refused) {
      d.refused = true;
      d.refused_by = static_cast<std::uint16_t>(i);
    }
    if constexpr (!std::is_same_v<Trace, no_trace>)
      trace.add(decision_step{decision_step_kind::approval_rule, i, true, {}, a.before, d.level, a.new_reviewers,
                              a.new_evidence});
    return std::nullopt;
  };
  for (; pending != 0; pending &= pending - 1)
    if (auto e = judge(static_cast<std::size_t>(std::countr_zero(pending)))) return e;
  for (std::size_t i = 64; i < n; ++i)
    if (auto e = judge(i)) return e;
  return std::nullopt;
}

// Each dimension's figure on request `r` whose deal amount is `amount`, in the order
// of deal_dimension: a rule holds when its figure is at least its at_least
// (compiled_rule), for the yes/no dimensions too.
[[gnu::always_inline]] inline std::array<std::int64_t, deal_dimensions> escalation_figures(const discount_request& r,
                                                                                         const money& amount) noexcept {
  return {amount.minor_units(), r.term_months, r.payment_days, r.nonstandard_terms, r.term_months, r.phased_rollout};
}

// The rules of a long list: the first rule of each dimension that holds, looked up
// among its candidates (compiled_discount::first_candidates), then applied in list
// order, as the scan of decide_into applies them.
template <class Trace>
std::optional<error> indexed_rules(discount_decision& d, const discount_request& r,
                                   const validated<discount_policy>& p, const money& amount, Trace& trace) {
  const compiled_discount& c = validated_access::compiled(p);
  std::array<std::uint32_t, deal_dimensions> fired{};
  std::array<std::int64_t, deal_dimensions> seen_by{};
  std::size_t count = 0;
  const auto figure = escalation_figures(r, amount);
  for (std::size_t k = 0; k < deal_dimensions; ++k) {
    const auto& candidates = c.first_candidates[k];
    if (candidates.empty()) continue;
    if (k == 0 && !amount_judged(amount, c, candidates.front())) return amount_error(amount, p, candidates.front());
    const std::int64_t seen = figure[k];
    // Thresholds fall along the candidates: the first at most `seen` is the first rule that holds.
    const auto it = std::partition_point(candidates.begin(), candidates.end(),
                                         [&](std::uint32_t i) { return c.rules[i].at_least > seen; });
    if (it != candidates.end()) {
      seen_by[count] = seen;
      fired[count++] = *it;
    }
  }
  for (std::size_t k = 1; k < count; ++k)  // into list order: an insertion sort of at most six
    for (std::size_t j = k; j > 0 && fired[j - 1] > fired[j]; --j) {
      std::swap(fired[j - 1], fired[j]);
      std::swap(seen_by[j - 1], seen_by[j]);
    }
  for (std::size_t k = 0; k < count; ++k) apply_to(d, c, fired[k], seen_by[k], trace);
  return std::nullopt;
}

// The place of evidence `name` in the policy's list when spelled otherwise than the
// policy spells it (its case, say): matched by keys; or the number of kinds.
[[gnu::noinline]] inline std::size_t evidence_keyed(const compiled_discount& c, const discount_policy& p,
                                                    std::string_view name) noexcept {
  const std::size_t kinds = c.evidence_keys.size();
  const name_key* keys = c.evidence_keys.data();
  const name_key key = key_of(name);
  std::size_t k = 0;
  while (k < kinds && !(keys[k] == key && same_keyed(p.evidence[k], keys[k], name, key))) ++k;
  return k;
}

// The evidence a request brings, as places in the policy's list (allocating
// nothing); the place in r.evidence of the first name the policy does not have, or
// SIZE_MAX.
[[gnu::always_inline]] inline std::size_t evidence_brought(const discount_request& r, const validated<discount_policy>& p,
                                                           evidence_set& out) noexcept {
  const compiled_discount& c = validated_access::compiled(p);
  for (std::size_t i = 0; i < r.evidence.size(); ++i) {
    const std::string_view name = r.evidence[i];
    // Spelled as the policy spells it (the usual case): its bytes, without a key,
    // against the kinds whose names are as long.
    std::size_t k = SIZE_MAX;
    for (std::uint32_t of_size = c.evidence_by_size[std::min(name.size(), c.evidence_by_size.size() - 1)];
         of_size != 0 && k == SIZE_MAX; of_size &= of_size - 1) {
      const auto kind = static_cast<std::size_t>(std::countr_zero(of_size));
      if (same_bytes(p->evidence[kind], name)) k = kind;
    }
    if (k == SIZE_MAX) [[unlikely]] {
      k = evidence_keyed(c, *p, name);
      if (k == c.evidence_keys.size()) return i;
    }
    out.insert(evidence_index{static_cast<std::uint8_t>(k)});
  }
  return SIZE_MAX;
}

// The error for evidence the policy does not have, at its place in the request.
[[gnu::cold]] [[gnu::noinline]] inline error unknown_evidence(const discount_request& r, std::size_t i,
                                                               const validated<discount_policy>& p) {
  const std::string& name = r.evidence[i];
  return error{errc::unknown_name, pointer("evidence", i),
               "unknown evidence " + detail::quoted(name) + did_you_mean(name, p->evidence)};
}

// Decide `r` into `d`, which the caller owns (so nothing is copied on the way out);
// an error naming the field when the request cannot be judged.
template <class Trace>
[[gnu::always_inline]] inline std::optional<error> decide_into(discount_decision& d, const discount_request& r, const validated<discount_policy>& p,
                                 Trace& trace) noexcept {
  const compiled_discount& c = validated_access::compiled(p);
  if (r.term_months < 0 || r.payment_days < 0 ||
      (r.deal_amount && (r.deal_amount->is_negative() || !r.deal_amount->currency().is_set())))
    return request_error(r);
  // Sums in 64 bits, which hold any real quote, so that they stay in registers
  // (128-bit sums spilled and stalled on store forwarding in the profiles); a quote
  // whose sums overflow 64 bits is summed again in 128.
  std::int64_t l_off = 0, l_of = 1;  // the largest line discount: one line's figures
  std::int64_t list64 = 0, off64 = 0, net64 = 0;
  bool wide = false;
  const bool own = c.own_rules;
  if (r.lines.empty()) {
    if (!r.discount) return error{errc::missing, "/lines", "the request has neither quote lines nor a discount"};
    if (*r.discount < percent() || *r.discount > percent::from_whole(100))
      return error{errc::out_of_range, "/discount", "the discount " + to_string(*r.discount) + " is outside 0-100%"};
    off64 = l_off = r.discount->basis_points();
    list64 = l_of = 10000;
  } else {
    if (r.discount)
      return error{errc::inconsistent, "/discount", "the request has both quote lines and a discount; give one"};
    if (!r.lines.front().list.currency().is_set()) return line_error(r, 0);
    // Currencies compared as 32-bit words read from the lines: a local currency was
    // rebuilt a byte at a time and read back whole, which stalled on store forwarding.
    std::uint64_t off_u = 0, net_u = 0;
    const auto first = std::bit_cast<std::uint32_t>(r.lines.front().list.currency());
    // Walked by pointer: a vector of 56-byte lines has its size worked out by a
    // multiplication, which the loop would repeat for every line.
    const quote_line* const begin = r.lines.data();
    const quote_line* const end = begin + r.lines.size();
    for (const quote_line* at = begin; at != end; ++at) {
      const quote_line& l = *at;
      const std::int64_t list = l.list.minor_units(), net = l.net.minor_units();
      // Both currencies the first line's; 0 <= net <= list with list > 0 (a negative
      // net is above any list as unsigned). Under a policy that declares no line field,
      // a line with fields is refused here (under one that does, step 3 checks them).
      if (((std::bit_cast<std::uint32_t>(l.list.currency()) ^ first) | (std::bit_cast<std::uint32_t>(l.net.currency()) ^ first)) != 0 ||
          list <= 0 || static_cast<std::uint64_t>(net) > static_cast<std::uint64_t>(list) || (!own && !l.fields.empty()))
        return line_error(r, static_cast<std::size_t>(at - begin));
      const std::int64_t off = list - net;  // 0 <= off <= list: no overflow
      if (deeper(off, list, l_off, l_of)) {
        l_off = off;
        l_of = list;
      }
      // Each line's off and net are at most its list, so their sums pass 64 bits only
      // where the list sum does: one test (and unsigned sums, defined past it).
      wide |= __builtin_add_overflow(list64, list, &list64);
      off_u += static_cast<std::uint64_t>(off);
      net_u += static_cast<std::uint64_t>(net);
    }
    off64 = static_cast<std::int64_t>(off_u);  // both at most list64 unless wide
    net64 = static_cast<std::int64_t>(net_u);
  }
  int128 w_off = off64, w_of = list64;
  if (wide) [[unlikely]] {
    int128 net_sum = 0;
    wide_totals(r, w_of, w_off, net_sum);
    if (net_sum > INT64_MAX) return error{errc::overflow, "/lines", "the net total overflows 64-bit minor units"};
    net64 = static_cast<std::int64_t>(net_sum);
  }
  const money net_total = r.lines.empty() ? money() : money(net64, r.lines.front().list.currency());
  const bool by_line = p->basis == discount_basis::largest_line;
  const int128 off = by_line ? l_off : w_off, of = by_line ? l_of : w_of;
  d.discount.off = off;
  d.discount.of = of;
  d.weighted.off = w_off;
  d.weighted.of = w_of;
  d.largest_line.off = l_off;
  d.largest_line.of = l_of;

  // 1. The band: the first whose upper edge the discount does not exceed.
  const std::size_t band = by_line ? band_of(c, l_off, l_of) : wide ? band_of(c, w_off, w_of) : band_of(c, off64, list64);
  d.band = band_index{static_cast<std::uint8_t>(band)};
  d.level = level_index{c.bands[band].level};
  d.required = c.bands[band].evidence;
  if constexpr (!std::is_same_v<Trace, no_trace>)  // the division only when a trace is kept
    trace.add(decision_step{decision_step_kind::band, band, shown_discount(off, of),
                            percent::from_basis_points(c.bands[band].to_bp), level_index{}, d.level, {}, d.required});

  // 2. Escalation rules, the first per dimension.
  const money amount = r.deal_amount ? *r.deal_amount : net_total;
  if (c.indexed) {
    if (auto e = indexed_rules(d, r, p, amount, trace)) return e;
  } else {
    const auto figure = escalation_figures(r, amount);
    std::uint32_t done = 0;  // a bit per dimension that has fired
    const std::span<const compiled_rule> rules(c.rules);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const compiled_rule& rule = rules[i];
      const auto k = static_cast<std::size_t>(rule.when);  // below deal_dimensions: validated
      if ((done >> k) & 1U) continue;
      if (rule.when == deal_dimension::deal_amount && !amount_judged(amount, c, i)) return amount_error(amount, p, i);
      const std::int64_t seen = figure[k];
      if (seen < rule.at_least) continue;
      done |= 1U << k;
      apply_to(d, c, i, seen, trace);
    }
  }
  // 3. Approval rules; a request's custom fields are checked even when no rule reads them.
  if (c.own_rules || !r.fields.empty()) [[unlikely]] {
    if (auto e = approval_rules(d, r, p, trace)) return e;
  }
  // The evidence the rep brings; a request without any costs one test.
  evidence_set brought;
  if (!r.evidence.empty())
    if (const std::size_t unknown = evidence_brought(r, p, brought); unknown != SIZE_MAX) [[unlikely]]
      return unknown_evidence(r, unknown, p);
  d.missing = d.required - brought;
  d.rep_may_approve = d.level == level_index{} && d.reviewers.empty() && d.missing.empty() && !d.refused;
  return std::nullopt;
}

}  // namespace detail

SALESRULES_INLINE expected<discount_decision, error> decide_discount(const discount_request& r,
                                                                     const validated<discount_policy>& p) noexcept {
  // Built in place and returned by name: the decision is never copied.
  expected<discount_decision, error> out(in_place);
  detail::no_trace none;
  if (auto e = detail::decide_into(*out, r, p, none)) out = unexpected<error>(std::move(*e));
  return out;
}

SALESRULES_INLINE expected<traced_decision, error> decide_discount_traced(const discount_request& r,
                                                                          const validated<discount_policy>& p) noexcept {
  expected<traced_decision, error> out(in_place);
  // At most the band, the first rule of each dimension and every approval rule: one
  // allocation, never a regrowth.
  out->trace.reserve(1 + detail::deal_dimensions + detail::validated_access::compiled(p).approval.size());
  detail::vector_trace trace{out->trace};
  if (auto e = detail::decide_into(out->decision, r, p, trace)) out = unexpected<error>(std::move(*e));
  return out;
}

SALESRULES_INLINE expected<reapproval, error> check_reapproval(const discount_decision& approved,
                                                               const discount_request& changed,
                                                               const validated<discount_policy>& p) noexcept {
  const auto now = decide_discount(changed, p);
  if (!now) return unexpected<error>(now.error());
  reapproval r;
  r.decision = *now;
  r.level_before = approved.level;
  r.level_after = now->level;
  if (now->level > approved.level) r.why.insert(stricter::level);
  r.new_reviewers = now->reviewers - approved.reviewers;
  if (!r.new_reviewers.empty()) r.why.insert(stricter::reviewers);
  r.new_evidence = now->required - approved.required;
  if (!r.new_evidence.empty()) r.why.insert(stricter::evidence);
  if (now->refused && !approved.refused) r.why.insert(stricter::refused);
  r.needed = !r.why.empty();
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DISCOUNT_IPP
