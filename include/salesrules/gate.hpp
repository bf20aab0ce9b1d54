// SPDX-License-Identifier: BSL-1.0
// salesrules/gate.hpp - the stage state machine: may this deal move to that stage?
//
// Moving forward needs the current stage's exit criteria and the target's entry
// criteria, and, unless the policy allows skipping, the entry and exit criteria
// of every open stage jumped over. Moving back to an earlier open stage needs
// nothing but the policy's allow_backward (on by default); it is recorded in the
// stage history like any move. A lost stage is reachable from any open stage and
// needs only its own entry criteria (by default, a loss reason). A won or lost
// deal moves only when the policy allows reopening, and then needs the target's
// entry criteria.
//
// A refused move lists every unmet criterion with its stage, not only the first.
// Checking a move allocates nothing unless more than eight criteria are unmet.
//
// Stage names (the deal's and the target) match as names.hpp says, ignoring ASCII
// case; a moved deal takes the policy's spelling. An error carries the deal's id, and
// its place is a pointer into the deal ("/stage", "/outcome") or into the move, read
// as {"target": ..., "loss_reason": ..., "disqualified": ...} ("/target").
#ifndef SALESRULES_GATE_HPP
#define SALESRULES_GATE_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules {

enum class move_kind : std::uint8_t { stay, forward, backward, close_lost, reopen };
BOOST_DESCRIBE_ENUM(move_kind, stay, forward, backward, close_lost, reopen)

enum class gate_side : std::uint8_t { exit, entry };
BOOST_DESCRIBE_ENUM(gate_side, exit, entry)

// One criterion a move needs and the deal does not meet.
struct unmet_criterion {
  std::uint32_t stage = 0;  // the stage whose criterion it is (index into the policy's stages)
  std::uint32_t index = 0;  // the criterion's place in that stage's entry or exit list
  gate_side side{};         // which list
  // What the kind reports, in its own units: for score_at_least and tier_at_least the
  // score required and the deal's (score_points), for contacts_at_least the contacts,
  // for milestone_reached the milestone; nothing for the others. Its index is the kind.
  unmet_detail what;

  [[nodiscard]] constexpr criterion_kind kind() const noexcept { return kind_of(what); }
  friend constexpr bool operator==(const unmet_criterion&, const unmet_criterion&) noexcept = default;
};

using unmet_list = inline_vector<unmet_criterion, 8>;

// The criterion of `p` that `u` names: its stage's entry or exit list at its index,
// of the kind `u` reports. Null when `p` has no such criterion (`u` came from a check
// against another process).
[[nodiscard]] const criterion* criterion_of(const unmet_criterion& u, const sales_process& p) noexcept;

// What a move involves and what it still lacks.
struct gate_check {
  std::size_t from = 0;  // stage indices
  std::size_t to = 0;
  move_kind kind{};
  unmet_list unmet;
  // Criteria left unjudged because they read deal data the caller said its deals lack
  // (check_entry's `known`): neither met nor in `unmet`.
  std::uint32_t unknown = 0;

  [[nodiscard]] bool allowed() const noexcept { return unmet.empty(); }
};

// Check a move of `o` to the stage named `target`. Errors: the deal's stage or the
// target is unknown (errc::unknown_name); the deal's outcome contradicts its stage
// (won but in an open stage), or a loss reason or disqualification comes with a move
// to a stage that is not lost (errc::inconsistent); the policy forbids this kind of
// move (errc::not_allowed). Unmet criteria are not an error: they are the answer.
// A host predicate must not throw: this function is noexcept, so one that does
// ends the program (std::terminate).
[[nodiscard]] expected<gate_check, error> check_move(const opportunity& o, std::string_view target,
                                                     const validated_policy& policy, date today,
                                                     const move_details& details = {}) noexcept;

// What the deal still lacks to leave its current stage: the stage's exit criteria.
// For a won stage these are completion steps (payment terms, the CS handoff).
[[nodiscard]] expected<gate_check, error> check_exit(const opportunity& o, const validated_policy& policy,
                                                     date today) noexcept;

// Whether the deal meets its current stage's entry criteria: the check for a deal
// entering the pipeline (a new deal in the first stage: "lead meets ICP"), and for one
// already in it whose stage no longer reflects what it has. Criteria that read deal
// data outside `known` (deal_data.hpp; a CSV export carries no milestones) are not
// judged: they count in `unknown`, never in `unmet`. from and to are the deal's stage.
[[nodiscard]] expected<gate_check, error> check_entry(const opportunity& o, const validated_policy& policy,
                                                      date today, enum_set<deal_data> known = all_deal_data) noexcept;

// A refused move: why, and, when criteria are unmet (errc::criteria_unmet), every one.
// The library's one second error type, kept for size: the unmet list holds eight
// criteria inline (224 bytes on x86-64) so that listing them allocates nothing, and
// in `error` (128 bytes) it would more than double every expected<T, error> of the
// library, for every caller, to serve this one. `why` is an ordinary error (with the
// deal's id); a host that wants one error type takes it, and check_move gives the
// same list as a value rather than as an error.
struct move_error {
  error why;
  unmet_list unmet;
};

// Move `o` to `target`: the new deal value with its stage, probability (back to
// the stage's default), stage history and, on closing, outcome, closed date and
// close date (a change recorded in the close-date history) updated. Reopening a
// deal clears its closed date, and its loss reason unless it goes to a lost stage
// again.
[[nodiscard]] expected<opportunity, move_error> advance(const opportunity& o, std::string_view target,
                                                        const validated_policy& policy, date today,
                                                        const move_details& details = {}) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/gate.ipp>
#endif

#endif  // SALESRULES_GATE_HPP
