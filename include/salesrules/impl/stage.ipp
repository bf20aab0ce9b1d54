// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/stage.ipp - the definitions behind stage.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_STAGE_IPP
#define SALESRULES_IMPL_STAGE_IPP

#include <salesrules/stage.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace salesrules {

SALESRULES_INLINE std::vector<stage> default_stages() noexcept {
  using m = milestone;
  using namespace criteria;
  return {
      {"Prospect", probability{10}, stage_kind::open, {icp_fit{}}, {milestone_reached{m::meeting_scheduled}}},
      {"Discovery",
       probability{20},
       stage_kind::open,
       {milestone_reached{m::meeting_held}},
       {meddpicc_complete{}, tier_at_least{qualification_tier::viable}, bant_confirmed{}}},
      {"Demo/Evaluation",
       probability{40},
       stage_kind::open,
       {milestone_reached{m::technical_fit_confirmed}},
       {milestone_reached{m::demo_delivered}, milestone_reached{m::stakeholders_engaged},
        milestone_reached{m::champion_feedback_positive}}},
      {"Proposal",
       probability{60},
       stage_kind::open,
       {milestone_reached{m::budget_approved}},
       {any_milestone_reached{{m::proposal_accepted, m::objections_documented}}}},
      {"Negotiation",
       probability{80},
       stage_kind::open,
       {milestone_reached{m::terms_discussed}},
       {milestone_reached{m::contract_agreed}}},
      {"Closed Won",
       probability{100},
       stage_kind::won,
       {milestone_reached{m::contract_signed}},
       {milestone_reached{m::payment_terms_confirmed}, milestone_reached{m::cs_handoff_done},
        milestone_reached{m::cs_acknowledged}, milestone_reached{m::kickoff_scheduled}}},
      {"Closed Lost", probability{0}, stage_kind::lost, {loss_reason_recorded{}}, {}},
  };
}

SALESRULES_INLINE std::optional<std::size_t> find_stage(const sales_process& p, std::string_view name) noexcept {
  for (std::size_t i = 0; i < p.stages.size(); ++i)
    if (same_name(p.stages[i].name, name)) return i;
  return std::nullopt;
}

namespace detail {
// Up to this many stages a scan beats the binary search (most processes have 5-10).
constexpr std::size_t scanned_stages = 32;

// The stage whose name equals `name` ignoring ASCII case, by binary search.
SALESRULES_INLINE std::optional<std::size_t> stage_by_name(const validated<sales_process>& p,
                                                           std::string_view name) noexcept {
  const auto& stages = p->stages;
  const auto index = p.by_name();
  const auto it = std::lower_bound(index.begin(), index.end(), name, [&](std::uint32_t i, std::string_view n) {
    return iname_less{}(stages[i].name, n);
  });
  if (it == index.end() || !same_name(stages[*it].name, name)) return std::nullopt;
  return *it;
}
}  // namespace detail

SALESRULES_INLINE std::optional<std::size_t> find_stage(const validated<sales_process>& p,
                                                        std::string_view name) noexcept {
  if (p->stages.size() <= detail::scanned_stages) return find_stage(*p, name);
  return detail::stage_by_name(p, name);
}

namespace detail {
// The first criterion of `list` its own check refuses (a kind without data has none).
SALESRULES_INLINE std::optional<error> check_criteria(const std::vector<criterion>& list, const sales_process& p,
                                                      const std::string& path) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].valueless_by_exception())  // an assignment to it threw half-way
      return error{errc::out_of_range, path + "/" + std::to_string(i) + "/kind", "a criterion with no kind"};
    auto e = visit_kind(
        [&](const auto& c) -> std::optional<error> {
          if constexpr (requires { c.check(p, path); }) return c.check(p, path + "/" + std::to_string(i));
          else return std::nullopt;
        },
        list[i]);
    if (e) return e;
  }
  return std::nullopt;
}

// Compiles every field condition of `p`'s stages against the deal's facts; an error
// at the condition's place ("/stages/2/entry/0/when/field").
SALESRULES_INLINE std::vector<fact_name> deal_fact_names(const sales_process& p, deal_condition_store& store) {
  std::vector<fact_name> facts;
  described_facts<opportunity>(facts);
  store.custom = facts.size();
  store.member_of.clear();
  for (const auto& f : facts) store.member_of.push_back(f.member);
  for (const auto& f : p.fields) facts.push_back({f.name, f.type});
  return facts;
}

namespace {
// A deal's facts as conditions compiled by deal_fact_names name them.
struct deal_facts {
  const opportunity& deal;
  const sales_process& process;
  const deal_condition_store& store;
  bool test(const condition_node& node, const compiled_conditions& c, bool& ok) const noexcept {
    if (node.slot >= store.custom)
      return compare_value(node, deal.fields.find(process.fields[node.slot - store.custom].name), c, ok);
    return compare_fact(node, described_fact(deal, store.member_of[node.slot]), c, ok);
  }
};
}  // namespace

SALESRULES_INLINE condition_result evaluate_on_deal(const opportunity& deal, const sales_process& p,
                                                    const deal_condition_store& store, std::uint32_t root) noexcept {
  return evaluate(store.conditions, root, deal_facts{deal, p, store});
}

SALESRULES_INLINE error deal_field_error(const sales_process& p, const deal_condition_store& store, std::uint32_t at,
                                         std::string_view rule) {
  const condition_node& node = store.conditions.nodes[at];
  std::string name;
  std::string where;
  if (node.slot >= store.custom) {
    name = p.fields[node.slot - store.custom].name;
    where = pointer("fields", name);
  } else {
    std::vector<fact_name> members;
    described_facts<opportunity>(members);
    name = std::string(members[node.slot].name);
    where = pointer(name);
  }
  if (node.type == field_type::money)
    return error{errc::currency_mismatch, std::move(where),
                 detail::quoted(name) + " is not in " + std::string(node.cur.code()) + ", the currency " + std::string(rule) +
                     " compares it in"};
  return error{errc::syntax, std::move(where),
               detail::quoted(name) + " does not read as " + std::string(type_words(node.type)) +
                   ", which the sales process declares"};
}

SALESRULES_INLINE expected<deal_conditions, error> compile_deal_conditions(const sales_process& p) noexcept {
  deal_conditions out;
  const auto facts = deal_fact_names(p, out.compiled);
  // The declared names may be none of the deal's members (the facts before the custom
  // ones), nor "fields" itself.
  std::vector<std::string_view> builtin;
  builtin.reserve(out.compiled.custom + 1);
  for (std::size_t i = 0; i < out.compiled.custom; ++i) builtin.push_back(facts[i].name);
  builtin.emplace_back("fields");
  if (auto ok = check_declarations(p.fields, builtin); !ok) return unexpected<error>(within("/fields", std::move(ok.error())));
  for (std::size_t s = 0; s < p.stages.size(); ++s)
    for (const bool entry : {true, false}) {
      const auto& list = entry ? p.stages[s].entry : p.stages[s].exit;
      out.first.push_back(static_cast<std::uint32_t>(out.roots.size()));
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto* c = std::get_if<criteria::field_condition>(&list[i]);
        if (c == nullptr) {
          out.roots.push_back(UINT32_MAX);
          continue;
        }
        const std::string at = pointer("stages", s, entry ? "entry" : "exit", i, "when");
        auto root = compile_condition(c->when, facts, out.compiled.conditions, at);
        if (!root) return unexpected<error>(std::move(root.error()));
        out.roots.push_back(*root);
      }
    }
  return out;
}
}  // namespace detail

namespace detail {
// The open stage named by the option at `where`, or the error.
SALESRULES_INLINE expected<std::size_t, error> option_stage(const sales_process& p, const std::string& name,
                                                            std::string_view where) {
  const auto i = find_stage(p, name);
  if (!i)
    return fail(errc::unknown_name, std::string(where), "no stage is named " + detail::quoted(name) + stage_hint(p, name));
  if (p.stages[*i].kind != stage_kind::open)
    return fail(errc::invalid_policy, std::string(where), "stage " + detail::quoted(name) + " is not an open stage");
  return *i;
}

// `c` at the end of `list` unless the list has it already.
SALESRULES_INLINE void add_once(std::vector<criterion>& list, const criterion& c) {
  if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
}

// The options meddpicc_at_every_gate_after and roi_before_leaving, written into the
// exit lists they name.
SALESRULES_INLINE std::optional<error> add_workflow_checks(sales_process& p) {
  if (!p.meddpicc_at_every_gate_after.empty()) {
    const auto from = option_stage(p, p.meddpicc_at_every_gate_after, "/meddpicc_at_every_gate_after");
    if (!from) return from.error();
    for (std::size_t i = *from + 1; i < p.stages.size() && p.stages[i].kind == stage_kind::open; ++i)
      add_once(p.stages[i].exit, criteria::meddpicc_complete{});
  }
  if (!p.roi_before_leaving.empty()) {
    const auto at = option_stage(p, p.roi_before_leaving, "/roi_before_leaving");
    if (!at) return at.error();
    add_once(p.stages[*at].exit, criteria::milestone_reached{milestone::roi_justified});
  }
  return std::nullopt;
}
}  // namespace detail

SALESRULES_INLINE expected<validated<sales_process>, error> validate(sales_process p) noexcept {
  using detail::fail;
  if (p.stages.empty()) return fail(errc::invalid_policy, "/stages", "the sales process has no stages");
  const auto repeated_predicate = detail::earlier_repeats(
      p.predicates.size(), [&](std::size_t i) -> const std::string& { return p.predicates[i].name; });
  for (std::size_t i = 0; i < p.predicates.size(); ++i) {
    const auto at = "/predicates/" + std::to_string(i);
    if (detail::is_blank(p.predicates[i].name)) return fail(errc::invalid_policy, at + "/name", "name is blank");
    if (!p.predicates[i].test)
      return fail(errc::invalid_policy, at + "/test",
                  "predicate " + detail::quoted(p.predicates[i].name) + " has no function");
    if (repeated_predicate[i] != detail::no_repeat)
      return fail(errc::duplicate, at + "/name",
                  "predicate " + detail::quoted(p.predicates[i].name) + " is registered twice");
  }
  // Each stage's first earlier namesake (ignoring case), found by sorting the names.
  const auto repeated = detail::earlier_repeats(
      p.stages.size(), [&](std::size_t i) -> const std::string& { return p.stages[i].name; });
  bool seen_closed = false, seen_won = false;
  const stage* last_open = nullptr;
  for (std::size_t i = 0; i < p.stages.size(); ++i) {
    const stage& s = p.stages[i];
    const auto at = "/stages/" + std::to_string(i);
    if (detail::is_blank(s.name)) return fail(errc::invalid_policy, at + "/name", "stage name is blank");
    if (const std::size_t j = repeated[i]; j != detail::no_repeat)
      return fail(errc::duplicate, at + "/name",
                  "stage " + detail::quoted(s.name) + " repeats stage " + std::to_string(j) + " " +
                      detail::quoted(p.stages[j].name));
    const auto pct = std::to_string(s.probability.whole_percent()) + "%";
    switch (s.kind) {
      case stage_kind::open:
        if (seen_closed)
          return fail(errc::invalid_policy, at + "/kind",
                      "open stage " + detail::quoted(s.name) + " comes after a closed stage; open stages come first");
        if (last_open != nullptr && s.probability < last_open->probability)
          return fail(errc::invalid_policy, at + "/probability",
                      "stage " + detail::quoted(s.name) + " has " + pct + ", less than the " +
                          std::to_string(last_open->probability.whole_percent()) + "% of the stage before it, " +
                          detail::quoted(last_open->name));
        last_open = &s;
        break;
      case stage_kind::won:
        seen_closed = seen_won = true;
        if (s.probability != probability{100})
          return fail(errc::invalid_policy, at + "/probability",
                      "won stage " + detail::quoted(s.name) + " has " + pct + "; a won stage is 100%");
        break;
      case stage_kind::lost: {
        seen_closed = true;
        if (s.probability != probability{0})
          return fail(errc::invalid_policy, at + "/probability",
                      "lost stage " + detail::quoted(s.name) + " has " + pct + "; a lost stage is 0%");
        bool asks_reason = false;
        for (const auto& c : s.entry)
          asks_reason = asks_reason || std::holds_alternative<criteria::loss_reason_recorded>(c);
        if (!asks_reason)
          return fail(errc::invalid_policy, at + "/entry",
                      "lost stage " + detail::quoted(s.name) +
                          " must require a loss reason on entry (criterion loss_reason_recorded)");
        break;
      }
      default: return fail(errc::out_of_range, at + "/kind", "not a known stage kind");
    }
    if (auto e = detail::check_criteria(s.entry, p, at + "/entry")) return unexpected<error>(std::move(*e));
    if (auto e = detail::check_criteria(s.exit, p, at + "/exit")) return unexpected<error>(std::move(*e));
  }
  if (!seen_won) return fail(errc::invalid_policy, "/stages", "the sales process has no won stage");
  if (last_open == nullptr) return fail(errc::invalid_policy, "/stages", "the sales process has no open stage");
  if (p.stages.size() > UINT32_MAX) return fail(errc::out_of_range, "/stages", "more than 2^32 - 1 stages");
  if (auto e = detail::add_workflow_checks(p)) return unexpected<error>(std::move(*e));
  std::vector<std::uint32_t> by_name(p.stages.size());
  for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<std::uint32_t>(i);
  std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    return detail::iname_less{}(p.stages[a].name, p.stages[b].name);
  });
  auto conditions = detail::compile_deal_conditions(p);
  if (!conditions) return unexpected<error>(std::move(conditions.error()));
  return detail::validated_access::make(std::move(p), std::move(by_name), std::move(*conditions));
}

namespace detail {
SALESRULES_INLINE std::string stage_hint(const sales_process& p, std::string_view name) {
  return did_you_mean(name, std::views::transform(p.stages, &stage::name));
}

SALESRULES_INLINE std::string stage_list(const sales_process& p) {
  std::string known;
  for (std::size_t i = 0; i < p.stages.size() && i < stages_listed; ++i) {
    if (i != 0) known += ", ";
    known += p.stages[i].name;
  }
  if (p.stages.size() > stages_listed) known += " and " + std::to_string(p.stages.size() - stages_listed) + " more";
  return known;
}
}  // namespace detail

SALESRULES_INLINE expected<std::size_t, error> stage_index(const validated<sales_process>& p, std::string_view name,
                                                           std::string_view where) noexcept {
  if (auto i = find_stage(p, name)) return *i;
  if (std::string hint = detail::stage_hint(*p, name); !hint.empty())
    return detail::fail(errc::unknown_name, std::string(where), "unknown stage " + detail::quoted(name) + hint);
  return detail::fail(errc::unknown_name, std::string(where),
                      "unknown stage " + detail::quoted(name) + " (the stages are " + detail::stage_list(*p) + ")");
}

namespace detail {
SALESRULES_INLINE bool outcome_fits(deal_outcome out, stage_kind k) noexcept {
  switch (k) {
    case stage_kind::open: return out == deal_outcome::open;
    case stage_kind::won: return out == deal_outcome::won;
    case stage_kind::lost: return out == deal_outcome::lost || out == deal_outcome::disqualified;
  }
  return false;
}

SALESRULES_INLINE std::optional<std::size_t> last_open_stage(std::span<const std::size_t> history,
                                                             const sales_process& p) noexcept {
  std::optional<std::size_t> last;
  for (std::size_t k : history)
    if (p.stages[k].kind == stage_kind::open) last = k;
  return last;
}
}  // namespace detail

SALESRULES_INLINE expected<std::size_t, error> deal_stage(const opportunity& o,
                                                          const validated<sales_process>& p) noexcept {
  const auto at = stage_index(p, o.stage, "/stage");
  if (!at) return unexpected<error>(detail::about_deal(o, at.error()));
  const stage& s = p->stages[*at];
  if (!detail::outcome_fits(o.outcome, s.kind))
    return unexpected<error>(detail::about_deal(
        o, error{errc::inconsistent, "/outcome",
                 "it is " + std::string(name_of(o.outcome)) + " in stage " + detail::quoted(s.name) + ", which is " +
                     std::string(detail::kind_word(s.kind))}));
  return *at;
}

namespace detail {
SALESRULES_INLINE expected<std::size_t, error> history_stage(const opportunity& o, std::size_t i,
                                                             const validated<sales_process>& p) noexcept {
  if (const auto at = find_stage(p, o.stage_history[i].stage)) return *at;
  auto e = stage_index(p, o.stage_history[i].stage, pointer("stage_history", i, "stage"));
  return unexpected<error>(about_deal(o, std::move(e.error())));
}
}  // namespace detail

SALESRULES_INLINE expected<std::optional<std::size_t>, error> lost_in_stage(const opportunity& o,
                                                                            const validated<sales_process>& p) noexcept {
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < o.stage_history.size(); ++i) {
    const auto at = detail::history_stage(o, i, p);
    if (!at) return unexpected<error>(at.error());
    if (p->stages[*at].kind == stage_kind::open) last = *at;
  }
  return last;
}

SALESRULES_INLINE expected<probability, error> probability_of(const opportunity& o,
                                                              const validated<sales_process>& p) noexcept {
  if (o.probability_override) return *o.probability_override;
  const auto i = stage_index(p, o.stage);
  if (!i) return unexpected<error>(i.error());
  return p->stages[*i].probability;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_STAGE_IPP
