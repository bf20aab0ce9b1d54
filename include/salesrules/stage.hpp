// SPDX-License-Identifier: BSL-1.0
// salesrules/stage.hpp - the sales process: an ordered list of stages and their criteria.
//
// The playbook's table is the default:
//
//   stage            prob  entry                    exit
//   Prospect          10%  lead meets ICP           meeting scheduled
//   Discovery         20%  meeting held             MEDDIC qualified, a viable score
//   Demo/Evaluation   40%  technical fit confirmed  demo delivered, stakeholders engaged
//   Proposal          60%  budget approved          proposal accepted
//   Negotiation       80%  terms discussed          contract agreed
//   Closed Won       100%  contract signed          payment terms confirmed, CS handoff
//   Closed Lost        0%  a loss reason recorded
//
// Discovery's exit also asks for a viable qualification score, the scorecard's
// viable_at (18 by default): the workflow's "Validate: qualification score reaches
// 18+ out of 30". The criterion follows the scorecard, so raising viable_at to 20,
// as the troubleshooting table advises "before advancing past Discovery", raises
// the gate with it.
//
// Hosts replace the list and its criteria freely. Open stages come first, in
// order; then the closed ones, at least one won (100%) and any number lost (0%).
// Moves between stages are in gate.hpp.
#ifndef SALESRULES_STAGE_HPP
#define SALESRULES_STAGE_HPP

#include <salesrules/date.hpp>
#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

enum class criterion_kind : std::uint8_t {
  milestone_reached,          // the deal has reached `milestone`
  score_at_least,             // qualification score >= `at_least` points (of 30)
  tier_at_least,              // qualification tier >= `tier` (the scorecard's thresholds)
  meddpicc_complete,          // every field of the policy's framework is present
  contacts_at_least,          // at least `at_least` engaged contacts
  economic_buyer_identified,  // MEDDPICC economic buyer recorded
  champion_identified,        // MEDDPICC champion recorded
  icp_fit,                    // the account fits the ideal customer profile
  bant_confirmed,             // budget, authority, need and timeline all confirmed
  loss_reason_recorded,       // the deal (or the move) gives a loss reason
  predicate,                  // the host predicate named `predicate` answers true
};
BOOST_DESCRIBE_ENUM(criterion_kind, milestone_reached, score_at_least, tier_at_least, meddpicc_complete,
                    contacts_at_least,
                    economic_buyer_identified, champion_identified, icp_fit, bant_confirmed,
                    loss_reason_recorded, predicate)

// One condition of a stage's entry or exit. Build with the named constructors.
struct criterion {
  criterion_kind kind{};
  salesrules::milestone milestone{};  // for milestone_reached
  int at_least = 0;                   // for score_at_least and contacts_at_least
  qualification_tier tier{};          // for tier_at_least
  std::string predicate;              // for predicate

  [[nodiscard]] static criterion reached(salesrules::milestone m) noexcept {
    return {criterion_kind::milestone_reached, m, 0, {}, {}};
  }
  [[nodiscard]] static criterion score_at_least(int points) noexcept {
    return {criterion_kind::score_at_least, {}, points, {}, {}};
  }
  [[nodiscard]] static criterion tier_at_least(qualification_tier t) noexcept {
    return {criterion_kind::tier_at_least, {}, 0, t, {}};
  }
  [[nodiscard]] static criterion contacts_at_least(int n) noexcept {
    return {criterion_kind::contacts_at_least, {}, n, {}, {}};
  }
  [[nodiscard]] static criterion meddpicc_complete() noexcept { return {criterion_kind::meddpicc_complete, {}, 0, {}, {}}; }
  [[nodiscard]] static criterion economic_buyer_identified() noexcept {
    return {criterion_kind::economic_buyer_identified, {}, 0, {}, {}};
  }
  [[nodiscard]] static criterion champion_identified() noexcept {
    return {criterion_kind::champion_identified, {}, 0, {}, {}};
  }
  [[nodiscard]] static criterion icp_fit() noexcept { return {criterion_kind::icp_fit, {}, 0, {}, {}}; }
  [[nodiscard]] static criterion bant_confirmed() noexcept { return {criterion_kind::bant_confirmed, {}, 0, {}, {}}; }
  [[nodiscard]] static criterion loss_reason_recorded() noexcept {
    return {criterion_kind::loss_reason_recorded, {}, 0, {}, {}};
  }
  [[nodiscard]] static criterion holds(std::string predicate_name) noexcept {
    return {criterion_kind::predicate, {}, 0, {}, std::move(predicate_name)};
  }

  friend bool operator==(const criterion&, const criterion&) = default;
};
BOOST_DESCRIBE_STRUCT(criterion, (), (kind, milestone, at_least, tier, predicate))

enum class stage_kind : std::uint8_t { open, won, lost };
BOOST_DESCRIBE_ENUM(stage_kind, open, won, lost)

struct stage {
  std::string name;
  salesrules::probability probability;  // the default for deals in this stage
  stage_kind kind = stage_kind::open;
  std::vector<criterion> entry;  // to enter this stage
  std::vector<criterion> exit;   // to leave it forward

  friend bool operator==(const stage&, const stage&) = default;
};
BOOST_DESCRIBE_STRUCT(stage, (), (name, probability, kind, entry, exit))

// A host's own test of a deal, referred to by name from criteria (names match as
// names.hpp says: ignoring ASCII case). It must not throw:
// the move checks that call it are noexcept (and the library builds with
// -fno-exceptions), so a predicate that throws ends the program. A test that can
// fail (a CRM call that times out) catches inside and answers false, or is run by
// the host before the check and its answer put into the deal.
struct named_predicate {
  std::string name;
  std::function<bool(const opportunity&, date today)> test;

  // Predicates compare by name: the function is code, not data.
  friend bool operator==(const named_predicate& a, const named_predicate& b) { return a.name == b.name; }
};

[[nodiscard]] std::vector<stage> default_stages() noexcept;

struct sales_process {
  std::vector<stage> stages = default_stages();
  bool allow_backward = true;   // moving to an earlier open stage (recorded in the history)
  bool allow_skipping = false;  // when true, stages jumped over need not meet their criteria
  bool allow_reopen = false;    // moving a won or lost deal to another stage
  std::vector<named_predicate> predicates;

  friend bool operator==(const sales_process&, const sales_process&) = default;
};
BOOST_DESCRIBE_STRUCT(sales_process, (), (stages, allow_backward, allow_skipping, allow_reopen))

// A validated process also keeps its stages in the order of their names (ignoring
// ASCII case, names.hpp's rule), so that a name is found by binary search however
// many stages a host lists.
template <>
class validated<sales_process> {
 public:
  [[nodiscard]] const sales_process& get() const noexcept { return value_; }
  [[nodiscard]] const sales_process& operator*() const noexcept { return value_; }
  [[nodiscard]] const sales_process* operator->() const noexcept { return &value_; }
  // Stage positions, sorted by name ignoring ASCII case (names are unique that way).
  [[nodiscard]] std::span<const std::uint32_t> by_name() const noexcept { return by_name_; }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

 private:
  validated(sales_process p, std::vector<std::uint32_t> by_name) : value_(std::move(p)), by_name_(std::move(by_name)) {}
  friend struct detail::validated_access;
  sales_process value_;
  std::vector<std::uint32_t> by_name_;
};

// Rejects: no stages; blank stage or predicate names, or two that are the same name
// (names.hpp: ignoring ASCII case); an open stage after a closed one; probabilities
// that fall as open stages advance; no won stage; a won stage not at 100%; a lost one
// not at 0% or not asking for a loss reason on entry; criteria with thresholds out of
// range or naming a predicate that is not registered (or has no function).
[[nodiscard]] expected<validated<sales_process>, error> validate(sales_process p) noexcept;

// The position of the stage with this name, matched as names.hpp says (ignoring ASCII
// case; a validated process has at most one): a scan of the stages here; for a long
// validated process, a binary search of its index. Allocates nothing.
[[nodiscard]] std::optional<std::size_t> find_stage(const sales_process& p, std::string_view name) noexcept;
[[nodiscard]] std::optional<std::size_t> find_stage(const validated<sales_process>& p, std::string_view name) noexcept;

// The position of the stage with this name, or an error (errc::unknown_name) placed at
// `where`, the pointer of the name given (a deal's "/stage" by default).
[[nodiscard]] expected<std::size_t, error> stage_index(const validated<sales_process>& p, std::string_view name,
                                                       std::string_view where = "/stage") noexcept;

// The deal's probability: its override, else its stage's default.
[[nodiscard]] expected<probability, error> probability_of(const opportunity& o,
                                                          const validated<sales_process>& p) noexcept;

// The position of the deal's stage, checked: an error naming the deal when the stage
// is unknown or the deal's outcome contradicts it (won in an open stage, open in a
// closed one).
[[nodiscard]] expected<std::size_t, error> deal_stage(const opportunity& o, const validated<sales_process>& p) noexcept;

// The open stage a closed deal was lost in: the last open stage of its stage history,
// so a deal moved back and lost there counts where it was lost. None when the history
// holds no open stage; an error naming the history entry when one is not a stage of
// the process.
[[nodiscard]] expected<std::optional<std::size_t>, error> lost_in_stage(const opportunity& o,
                                                                        const validated<sales_process>& p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline std::vector<stage> default_stages() noexcept {
  using m = milestone;
  using c = criterion;
  return {
      {"Prospect", probability{10}, stage_kind::open, {c::icp_fit()}, {c::reached(m::meeting_scheduled)}},
      {"Discovery",
       probability{20},
       stage_kind::open,
       {c::reached(m::meeting_held)},
       {c::meddpicc_complete(), c::tier_at_least(qualification_tier::viable)}},
      {"Demo/Evaluation",
       probability{40},
       stage_kind::open,
       {c::reached(m::technical_fit_confirmed)},
       {c::reached(m::demo_delivered), c::reached(m::stakeholders_engaged)}},
      {"Proposal", probability{60}, stage_kind::open, {c::reached(m::budget_approved)}, {c::reached(m::proposal_accepted)}},
      {"Negotiation", probability{80}, stage_kind::open, {c::reached(m::terms_discussed)}, {c::reached(m::contract_agreed)}},
      {"Closed Won",
       probability{100},
       stage_kind::won,
       {c::reached(m::contract_signed)},
       {c::reached(m::payment_terms_confirmed), c::reached(m::cs_handoff_done)}},
      {"Closed Lost", probability{0}, stage_kind::lost, {c::loss_reason_recorded()}, {}},
  };
}

inline std::optional<std::size_t> find_stage(const sales_process& p, std::string_view name) noexcept {
  for (std::size_t i = 0; i < p.stages.size(); ++i)
    if (same_name(p.stages[i].name, name)) return i;
  return std::nullopt;
}

namespace detail {
// Up to this many stages a scan beats the binary search (most processes have 5-10).
constexpr std::size_t scanned_stages = 32;

// The stage whose name equals `name` ignoring ASCII case, by binary search.
inline std::optional<std::size_t> stage_by_name(const validated<sales_process>& p, std::string_view name) noexcept {
  const auto& stages = p->stages;
  const auto index = p.by_name();
  const auto it = std::lower_bound(index.begin(), index.end(), name, [&](std::uint32_t i, std::string_view n) {
    return iname_less{}(stages[i].name, n);
  });
  if (it == index.end() || !same_name(stages[*it].name, name)) return std::nullopt;
  return *it;
}
}  // namespace detail

inline std::optional<std::size_t> find_stage(const validated<sales_process>& p, std::string_view name) noexcept {
  if (p->stages.size() <= detail::scanned_stages) return find_stage(*p, name);
  return detail::stage_by_name(p, name);
}

namespace detail {
inline std::optional<error> check_criteria(const std::vector<criterion>& list, const sales_process& p,
                                           const std::string& path) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const criterion& c = list[i];
    const std::string at = path + "/" + std::to_string(i);
    switch (c.kind) {
      case criterion_kind::milestone_reached:
        if (name_of(c.milestone).empty())
          return error{errc::out_of_range, at + "/milestone", "not a known milestone"};
        break;
      case criterion_kind::score_at_least:
        if (c.at_least < 0 || c.at_least > 30)
          return error{errc::out_of_range, at + "/at_least",
                       "a score of " + std::to_string(c.at_least) + " is outside 0-30"};
        break;
      case criterion_kind::tier_at_least:
        if (name_of(c.tier).empty()) return error{errc::out_of_range, at + "/tier", "not a known qualification tier"};
        break;
      case criterion_kind::contacts_at_least:
        if (c.at_least < 0)
          return error{errc::out_of_range, at + "/at_least", "a contact count cannot be negative"};
        break;
      case criterion_kind::predicate: {
        bool found = false;
        for (const auto& np : p.predicates) found = found || same_name(np.name, c.predicate);
        if (!found)
          return error{errc::unknown_name, at + "/predicate",
                       "predicate " + detail::quoted(c.predicate) + " is not registered in the policy's predicates"};
        break;
      }
      case criterion_kind::meddpicc_complete:
      case criterion_kind::economic_buyer_identified:
      case criterion_kind::champion_identified:
      case criterion_kind::icp_fit:
      case criterion_kind::bant_confirmed:
      case criterion_kind::loss_reason_recorded: break;
      default: return error{errc::out_of_range, at + "/kind", "not a known criterion kind"};
    }
  }
  return std::nullopt;
}
}  // namespace detail

inline expected<validated<sales_process>, error> validate(sales_process p) noexcept {
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
        for (const auto& c : s.entry) asks_reason = asks_reason || c.kind == criterion_kind::loss_reason_recorded;
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
  std::vector<std::uint32_t> by_name(p.stages.size());
  for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<std::uint32_t>(i);
  std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    return detail::iname_less{}(p.stages[a].name, p.stages[b].name);
  });
  return detail::validated_access::make(std::move(p), std::move(by_name));
}

namespace detail {
// "; did you mean 'Negotiation'?" when a stage of `p` is near `name`, else "".
inline std::string stage_hint(const sales_process& p, std::string_view name) {
  return did_you_mean(name, std::views::transform(p.stages, &stage::name));
}

// Stages named in full in a message; a longer process is cut short there.
constexpr std::size_t stages_listed = 20;

// "Prospect, Discovery, ..." in process order: every stage, or the first
// stages_listed and how many more there are.
inline std::string stage_list(const sales_process& p) {
  std::string known;
  for (std::size_t i = 0; i < p.stages.size() && i < stages_listed; ++i) {
    if (i != 0) known += ", ";
    known += p.stages[i].name;
  }
  if (p.stages.size() > stages_listed) known += " and " + std::to_string(p.stages.size() - stages_listed) + " more";
  return known;
}
}  // namespace detail

inline expected<std::size_t, error> stage_index(const validated<sales_process>& p, std::string_view name,
                                                std::string_view where) noexcept {
  if (auto i = find_stage(p, name)) return *i;
  if (std::string hint = detail::stage_hint(*p, name); !hint.empty())
    return detail::fail(errc::unknown_name, std::string(where), "unknown stage " + detail::quoted(name) + hint);
  return detail::fail(errc::unknown_name, std::string(where),
                      "unknown stage " + detail::quoted(name) + " (the stages are " + detail::stage_list(*p) + ")");
}

namespace detail {
inline std::string_view kind_word(stage_kind k) noexcept {
  return k == stage_kind::won ? "won" : k == stage_kind::lost ? "lost" : "open";
}

// A deal's outcome must agree with the kind of its stage.
inline bool outcome_fits(deal_outcome out, stage_kind k) noexcept {
  switch (k) {
    case stage_kind::open: return out == deal_outcome::open;
    case stage_kind::won: return out == deal_outcome::won;
    case stage_kind::lost: return out == deal_outcome::lost || out == deal_outcome::disqualified;
  }
  return false;
}

// The last open stage among stage indices, in history order.
inline std::optional<std::size_t> last_open_stage(std::span<const std::size_t> history,
                                                  const sales_process& p) noexcept {
  std::optional<std::size_t> last;
  for (std::size_t k : history)
    if (p.stages[k].kind == stage_kind::open) last = k;
  return last;
}
}  // namespace detail

inline expected<std::size_t, error> deal_stage(const opportunity& o, const validated<sales_process>& p) noexcept {
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
// The stage of `o`'s history entry `i`, or the error naming the deal and the entry
// (its pointer built only then).
inline expected<std::size_t, error> history_stage(const opportunity& o, std::size_t i,
                                                  const validated<sales_process>& p) noexcept {
  if (const auto at = find_stage(p, o.stage_history[i].stage)) return *at;
  auto e = stage_index(p, o.stage_history[i].stage, pointer("stage_history", i, "stage"));
  return unexpected<error>(about_deal(o, std::move(e.error())));
}
}  // namespace detail

inline expected<std::optional<std::size_t>, error> lost_in_stage(const opportunity& o,
                                                                 const validated<sales_process>& p) noexcept {
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < o.stage_history.size(); ++i) {
    const auto at = detail::history_stage(o, i, p);
    if (!at) return unexpected<error>(at.error());
    if (p->stages[*at].kind == stage_kind::open) last = *at;
  }
  return last;
}

inline expected<probability, error> probability_of(const opportunity& o, const validated<sales_process>& p) noexcept {
  if (o.probability_override) return *o.probability_override;
  const auto i = stage_index(p, o.stage);
  if (!i) return unexpected<error>(i.error());
  return p->stages[*i].probability;
}

}  // namespace salesrules

#endif  // SALESRULES_STAGE_HPP
