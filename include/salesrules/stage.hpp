// SPDX-License-Identifier: BSL-1.0
// salesrules/stage.hpp - the sales process: an ordered list of stages and their criteria.
//
// The playbook's table is the default:
//
//   stage            prob  entry                    exit
//   Prospect          10%  lead meets ICP           meeting scheduled
//   Discovery         20%  meeting held             MEDDIC qualified, a viable score, BANT confirmed
//   Demo/Evaluation   40%  technical fit confirmed  demo delivered, stakeholders engaged,
//                                                   champion's positive feedback
//   Proposal          60%  budget approved          proposal accepted or objections documented
//   Negotiation       80%  terms discussed          contract agreed
//   Closed Won       100%  contract signed          payment terms confirmed, CS handoff,
//                                                   CS acknowledged, kickoff scheduled
//   Closed Lost        0%  a loss reason recorded
//
// The table's criteria, with the workflow's checks of each step added to the stage
// that step works in: the champion's feedback on the demo, the either-or way out of
// Proposal, CS's acknowledgement and the kickoff of the handoff.
//
// Discovery's exit also asks for a viable qualification score, the scorecard's
// viable_at (18 by default): the workflow's "Validate: qualification score reaches
// 18+ out of 30". The criterion follows the scorecard, so raising viable_at to 20,
// as the troubleshooting table advises "before advancing past Discovery", raises
// the gate with it. BANT sits beside it: the same first step says "confirm budget,
// authority, need, and timeline before advancing", and that step ends where the
// score is judged. Earlier (Prospect's exit) would ask for the budget before the
// first meeting, which discovery is there to learn.
//
// Two options add the workflow's other checks to the gates past Discovery:
// meddpicc_at_every_gate_after ("MEDDPICC field updates at every stage gate": the
// framework's fields complete on leaving each later open stage) and
// roi_before_leaving ("Include ROI justification": the roi_justified milestone on
// leaving Proposal). Both are off by default: the playbook puts the first in its
// troubleshooting table, as a remedy, and the second in a step's instructions
// rather than its "Validate:" check.
//
// Hosts replace the list and its criteria freely. Open stages come first, in
// order; then the closed ones, at least one won (100%) and any number lost (0%).
// Moves between stages are in gate.hpp; the kinds of criteria, in criterion.hpp.
#ifndef SALESRULES_STAGE_HPP
#define SALESRULES_STAGE_HPP

#include <salesrules/condition.hpp>
#include <salesrules/config.hpp>
#include <salesrules/criterion.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

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

namespace detail {
// The field conditions of a process compiled against the deal's facts: its
// opportunity's described members first (member_of gives each one's place among
// them), then the declared custom fields.
struct deal_condition_store {
  compiled_conditions conditions;
  std::vector<std::uint8_t> member_of;  // per member slot
  std::size_t custom = 0;               // the first custom field's slot
};
struct deal_conditions {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> roots;
  deal_condition_store compiled;
  // Compiled from the policy it sits beside, so two are the same when their policies are.
  friend bool operator==(const deal_conditions&, const deal_conditions&) noexcept { return true; }
};

}  // namespace detail

struct sales_process {
  std::vector<stage> stages = default_stages();
  bool allow_backward = true;   // moving to an earlier open stage (recorded in the history)
  bool allow_skipping = false;  // when true, stages jumped over need not meet their criteria
  bool allow_reopen = false;    // moving a won or lost deal to another stage
  // The workflow's checks the stage table lacks, off when blank. validate() writes
  // each into the exit lists it names (once: a list that has the criterion keeps it),
  // so the validated process shows them, and moves, explanations and JSON see them as
  // any other criterion. Each must name an open stage.
  // "Discovery": every open stage after it also needs meddpicc_complete to be left.
  std::string meddpicc_at_every_gate_after;
  // "Proposal": that stage also needs the roi_justified milestone to be left.
  std::string roi_before_leaving;
  std::vector<named_predicate> predicates;
  // The deal's custom fields (opportunity::fields) that field conditions may name, with
  // their types: "segment_tier", "security_review". At most 64; not a built-in member's name.
  std::vector<field_declaration> fields;

  friend bool operator==(const sales_process&, const sales_process&) = default;
};
BOOST_DESCRIBE_STRUCT(sales_process, (),
                      (stages, allow_backward, allow_skipping, allow_reopen, meddpicc_at_every_gate_after,
                       roi_before_leaving,
                       fields))

namespace detail {
// The fields a deal's conditions may name under `p` (its fields already checked), and
// `store`'s slots for them.
[[nodiscard]] std::vector<fact_name> deal_fact_names(const sales_process& p, deal_condition_store& store);
// The condition at `root` of `store` for `deal`. Allocates nothing.
[[nodiscard]] condition_result evaluate_on_deal(const opportunity& deal, const sales_process& p,
                                                const deal_condition_store& store, std::uint32_t root) noexcept;
// The error for the comparison at `node` that evaluate_on_deal could not judge: the
// deal's value of its field does not read in the declared type, or is money in another
// currency than the condition's; `rule` names what compared it.
[[nodiscard]] error deal_field_error(const sales_process& p, const deal_condition_store& store, std::uint32_t node,
                                     std::string_view rule);
}  // namespace detail

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
  // The compiled root of criterion `i` of stage `s`'s entry (or exit) list when it is
  // a field condition; UINT32_MAX otherwise.
  [[nodiscard]] std::uint32_t condition_root(std::size_t s, bool entry, std::size_t i) const noexcept {
    const std::size_t at = compiled_.first[2 * s + (entry ? 0 : 1)] + i;
    return at < compiled_.roots.size() ? compiled_.roots[at] : UINT32_MAX;
  }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

 private:
  validated(sales_process p, std::vector<std::uint32_t> by_name, detail::deal_conditions c)
      : value_(std::move(p)), by_name_(std::move(by_name)), compiled_(std::move(c)) {}
  friend struct detail::validated_access;
  sales_process value_;
  std::vector<std::uint32_t> by_name_;
  // The field conditions: per stage, entry then exit, its first criterion's place in
  // `roots` (first), and each criterion's compiled root (UINT32_MAX for other kinds).
  detail::deal_conditions compiled_;
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

namespace detail {
// "; did you mean 'Negotiation'?" when a stage of `p` is near `name`, else "".
std::string stage_hint(const sales_process& p, std::string_view name);

// Stages named in full in a message; a longer process is cut short there.
constexpr std::size_t stages_listed = 20;

// "Prospect, Discovery, ..." in process order: every stage, or the first
// stages_listed and how many more there are.
std::string stage_list(const sales_process& p);

inline std::string_view kind_word(stage_kind k) noexcept {
  return k == stage_kind::won ? "won" : k == stage_kind::lost ? "lost" : "open";
}

// A deal's outcome must agree with the kind of its stage.
bool outcome_fits(deal_outcome out, stage_kind k) noexcept;

// The last open stage among stage indices, in history order.
std::optional<std::size_t> last_open_stage(std::span<const std::size_t> history, const sales_process& p) noexcept;

// The stage of `o`'s history entry `i`, or the error naming the deal and the entry
// (its pointer built only then).
expected<std::size_t, error> history_stage(const opportunity& o, std::size_t i,
                                           const validated<sales_process>& p) noexcept;
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/stage.ipp>
#endif

#endif  // SALESRULES_STAGE_HPP
