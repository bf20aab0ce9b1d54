// SPDX-License-Identifier: BSL-1.0
// salesrules/discount_policy.hpp - the discount approval matrix: approval levels,
// discount bands and escalation rules, the playbook's defaults, and the validated
// policy with the compiled form decisions read (decide_discount is in discount.hpp).
//
// The playbook's discount guidelines are the default approval matrix:
//
//   discount      approver            evidence
//   0-10%         Account Executive   none
//   over 10-20%   Manager             documented justification
//   over 20-30%   Director            strategic justification, a reciprocal commitment
//   over 30%      VP                  an executive sponsor, a documented business case
//
// Bands are half-open, (from, to], so 10% exactly is the AE's and 10.01% the
// Manager's; the first band also holds its lower edge (0%). Hosts add dimensions as
// data (escalation rules on deal amount, term, payment terms, non-standard terms,
// multi-year and phased-rollout structures).
//
// Defaults beyond the discount bands: non-standard contract terms go to Legal (the
// role card: "non-standard terms and risk go to legal-counsel"); payment terms
// beyond net 30 go to Finance (Finance owns payment terms in the playbook's
// integration table; the 30 days are ours).
#ifndef SALESRULES_DISCOUNT_POLICY_HPP
#define SALESRULES_DISCOUNT_POLICY_HPP

#include <salesrules/condition.hpp>
#include <salesrules/config.hpp>
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

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

// A review beside the approval chain, by its place in discount_policy::reviewers,
// whose names are the policy's own ("finance" and "legal" by default; "Services
// Director", "Deal Desk"). A decision holds these rather than names so that deciding
// allocates nothing; reviewer_name() gives the name. validate() allows 32 reviewers.
enum class reviewer_index : std::uint8_t {};
template <>
inline constexpr bool is_index_enum<reviewer_index> = true;
using reviewer_set = enum_set<reviewer_index>;

// A kind of evidence an approver may ask to see, by its place in
// discount_policy::evidence, whose names are the policy's own (the playbook's six by
// default: "documented_justification", "strategic_justification",
// "reciprocal_commitment", "executive_sponsor", "business_case", "roi_analysis"; or
// "security review", "customer reference"). A request brings evidence by name; a
// decision holds places, and evidence_name() gives the name. validate() allows 32.
enum class evidence_index : std::uint8_t {};
template <>
inline constexpr bool is_index_enum<evidence_index> = true;
using evidence_set = enum_set<evidence_index>;

// Which figure of a multi-line quote the bands judge: the amount-weighted discount
// (sum of (list - net) / sum of list) or the largest discount on any line.
enum class discount_basis : std::uint8_t { weighted, largest_line };
BOOST_DESCRIBE_ENUM(discount_basis, weighted, largest_line)

// What an escalation rule looks at.
enum class deal_dimension : std::uint8_t {
  deal_amount,        // the deal amount, at least `amount_at_least`
  term_months,        // the term, at least `at_least` months
  payment_days,       // payment terms, at least `at_least` days
  nonstandard_terms,  // any deviation from the standard contract
  multi_year,         // a term longer than 12 months
  phased_rollout,     // a rollout in phases
};
BOOST_DESCRIBE_ENUM(deal_dimension, deal_amount, term_months, payment_days, nonstandard_terms, multi_year,
                    phased_rollout)

// Discounts in (from, to] (the first band also holds `from`) need `level` and `evidence`.
struct discount_band {
  percent from;
  percent to;
  std::string level;
  std::vector<std::string> evidence;  // names of discount_policy::evidence
  friend bool operator==(const discount_band&, const discount_band&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_band, (), (from, to, level, evidence))

struct escalation_rule {
  std::string name;  // shown in traces and analyses
  deal_dimension when{};
  std::int64_t at_least = 0;            // months or days
  std::optional<money> amount_at_least;  // for deal_amount
  int raise_levels = 0;                  // steps up the chain, capped at the top
  std::string at_least_level;            // a floor level; empty for none
  std::vector<std::string> reviewers;  // names of discount_policy::reviewers
  std::vector<std::string> evidence;   // names of discount_policy::evidence
  friend bool operator==(const escalation_rule&, const escalation_rule&) = default;
};
BOOST_DESCRIBE_STRUCT(escalation_rule, (),
                      (name, when, at_least, amount_at_least, raise_levels, at_least_level, reviewers, evidence))

// What an approval variable totals over the quote lines its condition picks (the
// "approval variables" of Salesforce CPQ's Advanced Approvals): the list or net total
// (money), the discount of those lines together (percent, amount-weighted), the
// largest discount on one of them (percent), or how many there are (number). Over no
// matching line a variable is not set, but for a count, which is 0.
enum class line_aggregate : std::uint8_t { sum_list, sum_net, discount, max_line_discount, count };
BOOST_DESCRIBE_ENUM(line_aggregate, sum_list, sum_net, discount, max_line_discount, count)

// A figure over some quote lines, named so that approval rules can compare it:
//   {"name": "services_discount", "aggregate": "discount",
//    "lines": {"field": "product_family", "op": "=", "value": "Services"}}
// `lines` sees a line's list and net prices, its "discount", and the line fields the
// policy declares; the default picks every line.
struct approval_variable {
  std::string name;
  line_aggregate aggregate = line_aggregate::sum_net;
  condition lines;
  friend bool operator==(const approval_variable&, const approval_variable&) = default;
};
BOOST_DESCRIBE_STRUCT(approval_variable, (), (name, aggregate, lines))

// A rule of the company's own, on any field: when `when` holds, it raises the level,
// sets a floor level, adds reviewers and evidence, or refuses the request outright
// ("never above 40% on renewals"). Every approval rule that holds applies, in list
// order, after the bands and escalation rules.
struct approval_rule {
  std::string name;  // shown in traces, answers and analyses
  condition when;
  int raise_levels = 0;
  std::string at_least_level;  // a floor level; empty for none
  std::vector<std::string> reviewers;  // names of discount_policy::reviewers
  std::vector<std::string> evidence;   // names of discount_policy::evidence
  bool refuse = false;  // no level may approve a request this rule holds for
  friend bool operator==(const approval_rule&, const approval_rule&) = default;
};
BOOST_DESCRIBE_STRUCT(approval_rule, (), (name, when, raise_levels, at_least_level, reviewers, evidence, refuse))

[[nodiscard]] std::vector<discount_band> default_discount_bands() noexcept;
[[nodiscard]] std::vector<escalation_rule> default_escalation_rules() noexcept;

// An escalation rule's test in the condition language, the newer form of the same
// rule: deal_amount >= its amount, term_months >= / payment_days >= its at_least,
// nonstandard_terms = true, term_months > 12 for multi_year, phased_rollout = true.
// (A rule validate() refuses, such as a deal-amount rule without an amount, gives a
// condition validate() refuses too.)
[[nodiscard]] condition as_condition(const escalation_rule& rule) noexcept;
// Escalation rules as approval rules that decide alike. Of the escalation rules on one
// dimension only the first that holds applies, so each rule's condition also says
// that no earlier rule on its dimension holds: "not" the earlier one with the lowest
// threshold, which holds whenever any earlier one does. Decisions are the same but
// for a request whose deal amount is missing or in another currency than the rules':
// an escalation rule refuses to decide it, a condition judges it as not above.
[[nodiscard]] std::vector<approval_rule> as_approval_rules(const std::vector<escalation_rule>& rules) noexcept;

struct discount_policy {
  std::vector<std::string> levels{"Account Executive", "Manager", "Director", "VP"};  // lowest first
  // The reviews beside the chain that rules may add, by name (ignoring ASCII case).
  std::vector<std::string> reviewers{"finance", "legal"};
  // The kinds of evidence bands and rules may ask for, by name (ignoring ASCII case).
  std::vector<std::string> evidence{"documented_justification", "strategic_justification", "reciprocal_commitment",
                                    "executive_sponsor",        "business_case",           "roi_analysis"};
  std::vector<discount_band> bands = default_discount_bands();
  std::vector<escalation_rule> rules = default_escalation_rules();
  discount_basis basis = discount_basis::weighted;
  // The company's own: the custom fields of a request and of a quote line (fields.hpp),
  // approval variables over lines, and approval rules on any of these or the built-in
  // fields (condition.hpp). None by default.
  std::vector<field_declaration> fields;
  std::vector<field_declaration> line_fields;
  std::vector<approval_variable> variables;
  std::vector<approval_rule> approval_rules;
  friend bool operator==(const discount_policy&, const discount_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_policy, (),
                      (levels, reviewers, evidence, bands, rules, basis, fields, line_fields, variables, approval_rules))

namespace detail {
// The policy prepared for decisions: levels as indices, band edges as basis points.
struct compiled_band {
  std::int64_t to_bp;
  std::uint8_t level;
  evidence_set evidence;
};
struct compiled_rule {
  deal_dimension when;
  // Months, days, or minor units of `cur`; for a yes/no dimension the least value of
  // its figure that holds (1 for yes; 13 months for multi-year), so that every rule
  // holds when its figure is at least this.
  std::int64_t at_least;
  currency cur;
  std::uint8_t raise;
  std::uint8_t floor;  // level index; 0 is no floor
  reviewer_set reviewers;
  evidence_set evidence;
};
constexpr std::size_t deal_dimensions = 6;
// Up to this many rules a decision scans them; a longer list is indexed.
constexpr std::size_t scanned_rules = 16;

struct compiled_approval_rule {
  std::uint32_t when;  // the condition's root in compiled_discount::conditions
  // When the condition is one coded comparison or all of some: their atoms in
  // compiled_discount::atoms (first == last: not so).
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::uint8_t raise;
  std::uint8_t floor;
  reviewer_set reviewers;
  evidence_set evidence;
  bool refuse;
};
struct compiled_variable {
  std::uint32_t lines;  // the condition's root in compiled_discount::line_conditions
  line_aggregate aggregate;
  std::uint32_t first = 0;  // its atoms in compiled_discount::line_atoms, as an approval rule's
  std::uint32_t last = 0;
};
// A coded comparison (condition.hpp's code_slots) as a rule of coded comparisons only
// keeps it: it holds when bit codes[slot] of `codes` is set.
struct coded_atom {
  std::uint64_t codes;
  std::uint16_t slot;
};
// The computed figures of a request, in the order of their slots; then come the
// request's described members, the variables and the custom fields.
inline constexpr fact_name request_figures[] = {
    {"discount", field_type::percent},   {"deal_amount", field_type::money}, {"largest_line_discount", field_type::percent},
    {"list_total", field_type::money},   {"net_total", field_type::money},   {"line_count", field_type::number},
};
// A line's computed figure; then its described members and custom fields.
inline constexpr fact_name line_figures[] = {{"discount", field_type::percent}};
constexpr std::size_t max_variables = 16;

struct compiled_discount {
  std::vector<compiled_band> bands;
  std::vector<compiled_rule> rules;
  // Approval rules and variables, with the slots their conditions read: the request's
  // described members start at `request_members`, the variables at `request_variables`,
  // the custom fields at `request_custom`; a line's at `line_members` / `line_custom`.
  std::vector<compiled_approval_rule> approval;
  std::vector<compiled_variable> variables;
  compiled_conditions conditions;
  compiled_conditions line_conditions;
  std::vector<coded_atom> atoms;       // the approval rules' of coded comparisons only
  std::vector<coded_atom> line_atoms;  // and the variables'
  // The first 64 approval rules that have atoms, judged all at once (tabulate): bit i
  // of `tabled` is rule i; each slot their atoms read has 64 masks in `table`, from
  // `table_slots[j].at`, mask k holding the rules whose atoms on that slot all hold at
  // code k. Those ANDed over the slots at the request's codes are the tabled rules that
  // can hold; only they (and the rules not tabled) are then judged one by one.
  std::uint64_t tabled = 0;
  struct table_slot {
    std::uint16_t slot;
    std::uint32_t at;
  };
  std::vector<table_slot> table_slots;
  std::vector<std::uint64_t> table;
  std::vector<fact_name> members;       // the request's described members, by slot (from request_members)
  std::vector<fact_name> line_members;  // a line's (from its slot 1)
  std::vector<name_key> field_keys;       // the keys of the declared request fields' names, in order
  std::vector<name_key> line_field_keys;  // and of the line fields'
  std::vector<name_key> evidence_keys;    // and of the evidence kinds'
  // The evidence kinds by the size of their names: bit k of evidence_by_size[n] is set
  // when kind k's name is n bytes (the last entry: that many or more).
  std::array<std::uint32_t, 64> evidence_by_size{};
  bool own_rules = false;  // approval rules, variables or declared fields: step 3 runs
  std::uint16_t request_variables = 0;
  std::uint16_t request_custom = 0;
  std::uint16_t line_custom = 0;
  std::uint8_t top = 0;  // the highest level's index
  // For a list of more than scanned_rules rules, per dimension, the rules that can be
  // the first of their dimension to hold: a yes/no dimension's first rule; a numeric
  // one's rules with a threshold below every earlier one's, so their thresholds fall
  // and the first to hold at a value is found by binary search.
  std::array<std::vector<std::uint32_t>, deal_dimensions> first_candidates;
  bool indexed = false;
};

// The level after `rule` applies to a deal at `level`: raised by its steps, capped
// at the top, then lifted to its floor. The one place this is computed.
template <class Rule>
constexpr std::uint8_t apply_rule(std::uint8_t level, const Rule& rule, std::uint8_t top) noexcept {
  const auto raised = static_cast<std::uint8_t>(std::min<int>(level + rule.raise, top));
  return std::max(raised, rule.floor);
}

// The name rules give the request's field at `slot` of c: a computed figure, a
// described member, a variable or a declared field.
[[nodiscard]] std::string_view request_slot_name(const discount_policy& p, const compiled_discount& c,
                                                 std::uint16_t slot) noexcept;

// The index in p.levels of the level named `name` (names compared as names.hpp
// says), as validate() resolves band and floor levels.
std::optional<std::uint8_t> find_level(const discount_policy& p, const std::string& name) noexcept;
// The reviewers `names` names, as places in p.reviewers (names compared alike); an
// unknown one is an error at "<at>/<its place>" suggesting the nearest.
expected<reviewer_set, error> reviewers_of(const discount_policy& p, const std::vector<std::string>& names,
                                           const std::string& at);
// The same for evidence, as places in p.evidence.
expected<evidence_set, error> evidence_of(const discount_policy& p, const std::vector<std::string>& names,
                                          const std::string& at);
}  // namespace detail

// A validated discount policy also keeps the form decisions read.
template <>
class validated<discount_policy> {
 public:
  [[nodiscard]] const discount_policy& get() const noexcept { return value_; }
  [[nodiscard]] const discount_policy& operator*() const noexcept { return value_; }
  [[nodiscard]] const discount_policy* operator->() const noexcept { return &value_; }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

 private:
  // The compiled form is the library's own (detail::validated_access::compiled).
  validated(discount_policy p, detail::compiled_discount c) : value_(std::move(p)), compiled_(std::move(c)) {}
  friend struct detail::validated_access;
  discount_policy value_;
  detail::compiled_discount compiled_;
};

// Rejects, naming the band or rule: no levels, blank or repeated level names; no
// bands; a first band not starting at 0% or a last not ending at 100%; a gap or an
// overlap between neighbours; a band that is empty or inverted; percentages outside
// 0-100%; a level name the list does not have; a band that maps a larger discount to
// a lower level than the band before; a deal-amount rule without an amount or in
// another currency than the other amount rules, a negative threshold, a raise below
// 0 or beyond the chain, an unknown floor level.
[[nodiscard]] expected<validated<discount_policy>, error> validate(discount_policy p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/discount_policy.ipp>
#endif

#endif  // SALESRULES_DISCOUNT_POLICY_HPP
