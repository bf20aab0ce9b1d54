// SPDX-License-Identifier: BSL-1.0
// salesrules/hygiene.hpp - the weekly pipeline checklist as rules over open deals.
//
// The playbook asks for a weekly pass over the pipeline: stages that reflect reality,
// realistic close dates, next steps with dates and owners, no deals left inactive for
// 30+ days, every deal multi-threaded with 3+ contacts, and MEDDPICC complete with a
// viable score for deals past Discovery. Each of those is a rule here; a deal that
// breaks one gets a finding naming the deal (its position in the range checked), the
// rule, a severity and the numbers compared, so a host can say "41 days without
// activity; the limit is 30" without working it out again.
//
// Open deals are checked; of closed ones, only won deals and only for their handoff
// (handoff_late): a lost or disqualified deal produces nothing. What the deals carry
// is the caller's to say (`known`, deal_data.hpp): rules that read a part they lack
// are not judged, so a CSV export without milestones is never "unmet" for them.
// Findings go into a container the caller owns and reuses (anything with push_back of
// a hygiene_finding: std::vector, inline_vector, a ring buffer); the checks
// themselves allocate nothing, so a pass over a million deals into a reserved vector
// allocates nothing at all.
//
// Longer than most headers (about 420 lines): the checks are templates over that
// container, so their bodies stay here rather than in impl/hygiene.ipp.
#ifndef SALESRULES_HYGIENE_HPP
#define SALESRULES_HYGIENE_HPP

#include <salesrules/config.hpp>
#include <salesrules/criterion.hpp>
#include <salesrules/date.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/hygiene_policy.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <type_traits>

namespace salesrules {

// One check of the weekly list. The facts each finding carries (seen, threshold) are
// given per rule; day counts are whole days relative to "today".
enum class hygiene_rule : std::uint8_t {
  // No activity for the stale days in effect or more: the stage's own number from
  // stale_after_by_stage, else stale_after_days [30]. A deal with no recorded
  // activity counts from its creation. seen: days since the last activity (or
  // creation); threshold: the stale days in effect. 30 days is stale, 29 is not.
  stale,
  // The expected close date is before today ("verify close dates are realistic").
  // seen: days the close date is past (1 for yesterday); threshold: 0.
  close_date_past,
  // The close date is more than close_horizon_days [365, ours] after today.
  // seen: days from today to the close date; threshold: close_horizon_days.
  close_date_beyond_horizon,
  // No next step, or one whose action is blank. seen and threshold: 0.
  no_next_step,
  // A next step without a due date ("next steps with specific dates"). seen, threshold: 0.
  next_step_undated,
  // A next step without an owner ("... and owners"). seen and threshold: 0.
  next_step_unowned,
  // The next step's due date is before today. seen: days overdue (1 for yesterday);
  // threshold: 0.
  next_step_overdue,
  // Fewer engaged contacts (contacts_engaged) than min_contacts [3]: "multi-thread
  // every deal with 3+ contacts". seen: engaged contacts; threshold: min_contacts.
  single_threaded,
  // (single_threaded, qualification_incomplete and score_below_viable are judged only
  // when the deals carry contacts, MEDDPICC and ratings respectively.)
  // A deal in an open stage after qualified_after [Discovery] lacks some of the
  // framework's MEDDIC/MEDDPICC fields ("100% for deals past Discovery"). seen: fields
  // present; threshold: fields required (6 or 8); `missing` lists the others.
  qualification_incomplete,
  // A deal in an open stage after qualified_after scores below the scorecard's
  // viable_at [18/30]. seen: the score and threshold: viable_at, both in hundredths of
  // a point (1750 vs 1800).
  score_below_viable,
  // A rep's probability override that contradicts the stage: below the stage's own
  // probability (the deal is weaker than its stage says: the stage should move back),
  // or above the probability of the next open or won stage (the stage should move on).
  // A deal without an override has its stage's probability and is never flagged.
  // seen: the override in whole percent; threshold: the bound it crossed.
  probability_inconsistent,
  // The deal does not meet its current stage's entry criteria ("stages that reflect
  // reality": a Discovery deal whose meeting was never held). Only criteria whose data
  // the deals carry are judged (check_entry's `known`); the others are unknown, not
  // unmet. seen: criteria unmet; threshold: criteria judged (the stage's, less the
  // unknown ones).
  entry_criteria_unmet,
  // A won deal whose CS handoff came, or is still missing, more than
  // handoff_within_days [1] after the contract's signature ("AE initiates CS handoff
  // within 24 hours of contract signature"; in whole days, one day is the 24 hours,
  // so only a handoff certainly late is flagged). Judged only when the deals carry
  // milestones and this one has reached contract_signed; its day is the milestone's,
  // else the deal's closed date; the handoff's is cs_handoff_done's, else today while
  // it is not done; not judged when a day is unknown. seen: days from the signature to
  // the handoff (or today); threshold: handoff_within_days.
  handoff_late,
};
BOOST_DESCRIBE_ENUM(hygiene_rule, stale, close_date_past, close_date_beyond_horizon, no_next_step,
                    next_step_undated, next_step_unowned, next_step_overdue, single_threaded,
                    qualification_incomplete, score_below_viable, probability_inconsistent, entry_criteria_unmet,
                    handoff_late)

// How urgently a finding needs attention, least to most.
enum class hygiene_severity : std::uint8_t {
  notice,    // bookkeeping: the record is incomplete, the deal is not at risk for it
  warning,   // a risk to the deal or a distortion of the forecast, to fix this week
  critical,  // the playbook says act now: remove, re-date or re-qualify the deal
};
BOOST_DESCRIBE_ENUM(hygiene_severity, notice, warning, critical)

// The severity of each rule (ours; the seeds rank none):
//   critical: stale (the playbook removes such deals), close_date_past (the forecast
//             counts the deal in a period that is over), qualification_incomplete
//             (required at 100% past Discovery);
//   warning:  no_next_step, next_step_overdue, single_threaded, score_below_viable,
//             probability_inconsistent, entry_criteria_unmet, handoff_late;
//   notice:   next_step_undated, next_step_unowned, close_date_beyond_horizon.
[[nodiscard]] constexpr hygiene_severity severity_of(hygiene_rule r) noexcept;

// One broken rule on one deal, with the numbers that decided it (see hygiene_rule).
struct hygiene_finding {
  std::size_t deal = 0;  // the deal's position in the range checked (or the index the caller gave)
  hygiene_rule rule{};
  hygiene_severity severity{};
  std::int32_t seen = 0;       // the value the deal has
  std::int32_t threshold = 0;  // the limit it was compared with
  enum_set<meddpicc_field> missing;  // qualification_incomplete: the fields not filled in

  friend constexpr bool operator==(const hygiene_finding&, const hygiene_finding&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(hygiene_finding, (), (deal, rule, severity, seen, threshold, missing))

// Where findings go: anything with push_back(const hygiene_finding&). If push_back
// throws (a vector out of memory), the noexcept checks end the program; reserve the
// container, or use one that does not throw, where that matters.
template <class C>
concept hygiene_sink = requires(C& c, const hygiene_finding& f) { c.push_back(f); };

// Check one deal and append its findings to `out`, labelled with `index`, in the order
// of hygiene_rule. Returns how many were appended: for a won deal only its handoff is
// looked at, and a lost or disqualified one not at all. Errors, with nothing appended:
// the deal's stage is not in the policy (errc::unknown_name, "stage"); the deal is
// open but its stage is closed (errc::inconsistent, "outcome"). Both name the deal.
template <hygiene_sink Container>
[[nodiscard]] expected<std::size_t, error> check_hygiene(const opportunity& o, std::size_t index,
                                                         const validated_policy& policy, date today,
                                                         Container& out,
                                                         enum_set<deal_data> known = all_deal_data) noexcept;

// Check every deal of `deals` (lost and disqualified ones are skipped), labelling
// findings with the deal's position in `deals`. Returns how many findings were
// appended. Stops at the first deal that check_hygiene would reject, with that error
// (naming the deal's id and position); findings of the deals before it stay in `out`.
template <hygiene_sink Container>
[[nodiscard]] expected<std::size_t, error> check_hygiene(std::span<const opportunity> deals,
                                                         const validated_policy& policy, date today,
                                                         Container& out,
                                                         enum_set<deal_data> known = all_deal_data) noexcept;

// Findings counted by rule and by severity, for the head of a weekly report.
struct hygiene_summary {
  std::array<std::size_t, enum_set<hygiene_rule>::capacity> by_rule{};          // indexed by hygiene_rule
  std::array<std::size_t, enum_set<hygiene_severity>::capacity> by_severity{};  // indexed by hygiene_severity
  std::size_t findings = 0;
  std::size_t deals = 0;  // deals with at least one finding

  [[nodiscard]] constexpr std::size_t of(hygiene_rule r) const noexcept {
    const auto i = static_cast<std::size_t>(r);
    return i < by_rule.size() ? by_rule[i] : 0;
  }
  [[nodiscard]] constexpr std::size_t of(hygiene_severity s) const noexcept {
    const auto i = static_cast<std::size_t>(s);
    return i < by_severity.size() ? by_severity[i] : 0;
  }
  friend constexpr bool operator==(const hygiene_summary&, const hygiene_summary&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(hygiene_summary, (), (by_rule, by_severity, findings, deals))

// Count findings as check_hygiene appends them (each deal's together). A deal counts
// once per run of consecutive findings with its index; findings with a rule or
// severity outside the enumerations count in `findings` only.
[[nodiscard]] constexpr hygiene_summary summarize(std::span<const hygiene_finding> findings) noexcept;

// ---------------------------------------------------------------------------
// Implementation

constexpr hygiene_severity severity_of(hygiene_rule r) noexcept {
  switch (r) {
    case hygiene_rule::stale:
    case hygiene_rule::close_date_past:
    case hygiene_rule::qualification_incomplete: return hygiene_severity::critical;
    case hygiene_rule::no_next_step:
    case hygiene_rule::next_step_overdue:
    case hygiene_rule::single_threaded:
    case hygiene_rule::score_below_viable:
    case hygiene_rule::probability_inconsistent:
    case hygiene_rule::entry_criteria_unmet:
    case hygiene_rule::handoff_late: return hygiene_severity::warning;
    case hygiene_rule::next_step_undated:
    case hygiene_rule::next_step_unowned:
    case hygiene_rule::close_date_beyond_horizon: break;
  }
  return hygiene_severity::notice;
}

namespace detail {

// What every deal's check needs from the policy, looked up once per call.
struct hygiene_plan {
  const sales_process& process;
  const validated_policy& policy;  // the same sections, with their indexes for finding a stage by name
  const hygiene_policy& rules;
  const scorecard_weights& weights;
  std::uint32_t weight_sum;      // of all six weights (validate() makes sure it is not 0)
  bool meddpicc;                 // the framework adds paper process and competition
  std::size_t qualified_after;   // open stages after this index are checked for qualification
  std::uint32_t viable_at;       // hundredths of a point
  std::int32_t today;            // day_number(today)
  date today_date;
  enum_set<deal_data> known;     // what the deals carry
};

[[nodiscard]] hygiene_plan make_hygiene_plan(const validated_policy& p, date today,
                                             enum_set<deal_data> known = all_deal_data) noexcept;

// The weighted sum of the ratings, sum(weight * rating): score() puts the total at
// 600 * sum / weight_sum hundredths, rounded down.
[[nodiscard]] constexpr std::uint32_t weighted_ratings(const qualification_ratings& r,
                                                       const scorecard_weights& w) noexcept {
  auto v = [](rating x) { return static_cast<std::uint32_t>(x.value()); };
  return w.budget * v(r.budget) + w.authority * v(r.authority) + w.need * v(r.need) +
         w.timeline * v(r.timeline) + w.champion * v(r.champion) + w.competition * v(r.competition);
}

enum class hygiene_status : std::uint8_t { checked, unknown_stage, closed_stage, field_unjudged };

// The first of the policy's hygiene scopes whose condition `o` meets, or null; false in
// `judged` (and null) when a condition could not be judged for `o` (hygiene_error says
// why). Allocates nothing.
[[nodiscard]] const hygiene_scope* hygiene_scope_of(const opportunity& o, const validated_policy& p,
                                                    bool& judged) noexcept;

// The probability of the first open or won stage after stage `i`: the most an
// override in stage `i` may say. validate() guarantees a won stage after the open ones.
[[nodiscard]] probability next_stage_probability(const sales_process& p, std::size_t i) noexcept;

// The checks of one open deal; `added` counts what went into `out`.
template <class Container>
hygiene_status check_open_deal(const opportunity& o, std::size_t index, const hygiene_plan& plan, Container& out,
                               std::size_t& added) {
  const auto at = find_stage(plan.policy.process(), o.stage);
  if (!at) return hygiene_status::unknown_stage;
  const stage& st = plan.process.stages[*at];
  if (st.kind != stage_kind::open) return hygiene_status::closed_stage;

  auto add = [&](hygiene_rule broken, std::int32_t seen, std::int32_t threshold,
                 enum_set<meddpicc_field> missing = {}) {
    out.push_back(hygiene_finding{index, broken, severity_of(broken), seen, threshold, missing});
    ++added;
  };

  // The company's own thresholds for this deal, if a scope picks it.
  const hygiene_scope* scope = nullptr;
  if (!plan.rules.scopes.empty()) {
    bool judged = true;
    scope = hygiene_scope_of(o, plan.policy, judged);
    if (!judged) return hygiene_status::field_unjudged;
  }
  const std::int32_t stale_days = scope != nullptr && scope->stale_after_days
                                      ? *scope->stale_after_days
                                      : plan.policy.hygiene().stale_days_for(st.name);
  const std::int32_t idle = plan.today - day_number(o.last_activity_date ? *o.last_activity_date : o.created_date);
  if (idle >= stale_days) add(hygiene_rule::stale, idle, stale_days);

  const std::int32_t horizon =
      scope != nullptr && scope->close_horizon_days ? *scope->close_horizon_days : plan.rules.close_horizon_days;
  const std::int32_t to_close = day_number(o.close_date) - plan.today;
  if (to_close < 0) add(hygiene_rule::close_date_past, -to_close, 0);
  if (to_close > horizon) add(hygiene_rule::close_date_beyond_horizon, to_close, horizon);

  if (!o.next_step || is_blank(o.next_step->action)) {
    add(hygiene_rule::no_next_step, 0, 0);
  } else {
    const next_step& n = *o.next_step;
    if (!n.due) add(hygiene_rule::next_step_undated, 0, 0);
    if (is_blank(n.owner)) add(hygiene_rule::next_step_unowned, 0, 0);
    if (n.due) {
      const std::int32_t overdue = plan.today - day_number(*n.due);
      if (overdue > 0) add(hygiene_rule::next_step_overdue, overdue, 0);
    }
  }

  const std::int32_t min_contacts =
      scope != nullptr && scope->min_contacts ? *scope->min_contacts : plan.rules.min_contacts;
  const std::size_t engaged = contacts_engaged(o);
  if (plan.known.contains(deal_data::contacts) && engaged < static_cast<std::size_t>(min_contacts))
    add(hygiene_rule::single_threaded, static_cast<std::int32_t>(engaged), min_contacts);

  if (*at > plan.qualified_after) {
    // check_meddpicc's test, field by field, without the percentage.
    const meddpicc_fields& m = o.meddpicc;
    const bool blank[] = {is_blank(m.metrics),          is_blank(m.economic_buyer), is_blank(m.decision_criteria),
                          is_blank(m.decision_process), is_blank(m.identify_pain),  is_blank(m.champion),
                          plan.meddpicc && is_blank(m.paper_process),
                          plan.meddpicc && is_blank(m.competition)};
    enum_set<meddpicc_field> missing;
    std::int32_t absent = 0;
    for (std::size_t f = 0; f < std::size(blank); ++f)
      if (blank[f]) {
        missing.insert(static_cast<meddpicc_field>(f));
        ++absent;
      }
    const std::int32_t required = plan.meddpicc ? 8 : 6;
    if (absent != 0 && plan.known.contains(deal_data::meddpicc))
      add(hygiene_rule::qualification_incomplete, required - absent, required, missing);
    // score()'s total is below viable_at exactly when 600 * sum < viable_at * weight_sum
    // (both in hundredths): no division unless there is a finding to report.
    const std::uint32_t sum = weighted_ratings(o.ratings, plan.weights);
    if (plan.known.contains(deal_data::ratings) && 600U * sum < plan.viable_at * plan.weight_sum)
      add(hygiene_rule::score_below_viable, static_cast<std::int32_t>(600U * sum / plan.weight_sum),
          static_cast<std::int32_t>(plan.viable_at));
  }

  if (o.probability_override) {
    const probability p = *o.probability_override;
    if (p < st.probability) {
      add(hygiene_rule::probability_inconsistent, p.whole_percent(), st.probability.whole_percent());
    } else {
      const probability upper = next_stage_probability(plan.process, *at);
      if (p > upper) add(hygiene_rule::probability_inconsistent, p.whole_percent(), upper.whole_percent());
    }
  }

  // check_entry's test, on the stage found above. A deal whose entry cannot be judged
  // (a field condition on money in another currency) is left unjudged here: the gate
  // reports that error when the deal moves.
  if (!st.entry.empty()) {
    const move_details no_move{};
    criteria::context ctx(o, plan.policy, plan.today_date, no_move);
    std::int32_t judged = 0, unmet = 0;
    for (std::size_t i = 0; i < st.entry.size(); ++i) {
      const criterion& c = st.entry[i];
      if (plan.known != all_deal_data && !(data_read_by(c, plan.policy) - plan.known).empty()) continue;
      ctx.set_condition(plan.policy.process().condition_root(*at, true, i));
      const bool met = visit_kind(
          [&](const auto& k) {
            typename std::remove_cvref_t<decltype(k)>::unmet figures{};
            return k.met(ctx, figures);
          },
          c);
      if (ctx.failure()) return hygiene_status::checked;
      ++judged;
      if (!met) ++unmet;
    }
    if (unmet != 0) add(hygiene_rule::entry_criteria_unmet, unmet, judged);
  }
  return hygiene_status::checked;
}

// The one check of a won deal: its CS handoff (hygiene_rule::handoff_late).
template <class Container>
void check_won_deal(const opportunity& o, std::size_t index, const hygiene_plan& plan, Container& out,
                    std::size_t& added) {
  // A deal whose record has no signature (a host that keeps no milestones for it, an
  // old deal) is not judged: only a recorded signature starts the 24 hours.
  const milestone_set& m = o.milestones;
  if (!plan.known.contains(deal_data::milestones) || !m.has(milestone::contract_signed)) return;
  const std::optional<date> signed_on = m.reached_on(milestone::contract_signed).has_value()
                                            ? m.reached_on(milestone::contract_signed)
                                            : o.closed_date;
  if (!signed_on) return;
  std::int32_t handed_over = plan.today;
  if (m.has(milestone::cs_handoff_done)) {
    const auto on = m.reached_on(milestone::cs_handoff_done);
    if (!on) return;  // done, on a day nobody recorded
    handed_over = day_number(*on);
  }
  const std::int32_t took = handed_over - day_number(*signed_on);
  const std::int32_t limit = plan.rules.handoff_within_days;
  if (took > limit) {
    out.push_back(hygiene_finding{index, hygiene_rule::handoff_late, severity_of(hygiene_rule::handoff_late), took,
                                  limit, {}});
    ++added;
  }
}

// Prefetching. A pipeline of a million deals is far larger than the caches, and an
// open deal's checks read some ten cache lines of it plus the text its longer
// strings keep on the heap. Asking for them a few deals ahead lets the memory work
// while the current deal is checked: the outcome first, then (for open deals) the
// fields the checks read, then the text those fields point to. Hints only; a
// compiler without the builtin skips them. GCC takes a function that only prefetches
// for one without effects and deletes calls to it (and loops of prefetches), hence
// always_inline and one call per field.
#if defined(__GNUC__) || defined(__clang__)
[[gnu::always_inline]] inline void prefetch(const void* p) noexcept { __builtin_prefetch(p); }
#else
inline void prefetch(const void*) noexcept {}
#endif

template <class T>
[[nodiscard]] inline const void* last_byte_of(const T& member) noexcept {
  return reinterpret_cast<const char*>(&member) + sizeof(T) - 1;
}

inline constexpr std::size_t prefetch_distance = 8;  // deals between one step and the next

[[gnu::always_inline]] inline void prefetch_fields(const opportunity& o, const hygiene_plan& plan) noexcept {
  if (!is_open(o)) return;
  prefetch(&o.stage);
  prefetch(last_byte_of(o.stage));
  prefetch(&o.probability_override);
  prefetch(&o.created_date);
  prefetch(&o.last_activity_date);
  prefetch(&o.next_step);
  prefetch(last_byte_of(o.next_step));
  prefetch(&o.contact_count);
  prefetch(last_byte_of(o.contacts));
  prefetch(&o.ratings);
  prefetch(&o.meddpicc.metrics);
  prefetch(&o.meddpicc.economic_buyer);
  prefetch(&o.meddpicc.decision_criteria);
  prefetch(&o.meddpicc.decision_process);
  prefetch(&o.meddpicc.identify_pain);
  prefetch(last_byte_of(o.meddpicc.champion));
  if (plan.meddpicc) {
    prefetch(&o.meddpicc.paper_process);
    prefetch(last_byte_of(o.meddpicc.competition));
  }
}

[[gnu::always_inline]] inline void prefetch_text(const opportunity& o, const hygiene_plan& plan) noexcept {
  if (!is_open(o)) return;
  if (o.next_step) prefetch(o.next_step->action.data());
  const meddpicc_fields& m = o.meddpicc;
  prefetch(m.metrics.data());
  prefetch(m.economic_buyer.data());
  prefetch(m.decision_criteria.data());
  prefetch(m.decision_process.data());
  prefetch(m.identify_pain.data());
  prefetch(m.champion.data());
  if (plan.meddpicc) {
    prefetch(m.paper_process.data());
    prefetch(m.competition.data());
  }
}

// The error for a deal check_open_deal could not check, the deal at position `index`
// of the caller's list (its row, index + 1). Off the hot path.
[[gnu::cold]] error hygiene_error(hygiene_status s, const opportunity& o, std::size_t index, const hygiene_plan& plan);

}  // namespace detail

template <hygiene_sink Container>
expected<std::size_t, error> check_hygiene(const opportunity& o, std::size_t index, const validated_policy& policy,
                                           date today, Container& out, enum_set<deal_data> known) noexcept {
  if (!is_open(o) && o.outcome != deal_outcome::won) return std::size_t{0};
  const auto plan = detail::make_hygiene_plan(policy, today, known);
  std::size_t added = 0;
  if (!is_open(o)) {
    detail::check_won_deal(o, index, plan, out, added);
    return added;
  }
  const auto s = detail::check_open_deal(o, index, plan, out, added);
  if (s != detail::hygiene_status::checked)
    return unexpected<error>(detail::hygiene_error(s, o, index, plan));
  return added;
}

template <hygiene_sink Container>
expected<std::size_t, error> check_hygiene(std::span<const opportunity> deals, const validated_policy& policy,
                                           date today, Container& out, enum_set<deal_data> known) noexcept {
  const auto plan = detail::make_hygiene_plan(policy, today, known);
  constexpr std::size_t ahead = detail::prefetch_distance;
  const std::size_t n = deals.size();
  std::size_t added = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 3 * ahead < n) detail::prefetch(&deals[i + 3 * ahead].outcome);
    if (i + 2 * ahead < n) detail::prefetch_fields(deals[i + 2 * ahead], plan);
    if (i + ahead < n) detail::prefetch_text(deals[i + ahead], plan);
    const opportunity& o = deals[i];
    if (!is_open(o)) {
      if (o.outcome == deal_outcome::won) detail::check_won_deal(o, i, plan, out, added);
      continue;
    }
    const auto s = detail::check_open_deal(o, i, plan, out, added);
    if (s != detail::hygiene_status::checked)
      return unexpected<error>(detail::hygiene_error(s, o, i, plan));
  }
  return added;
}

constexpr hygiene_summary summarize(std::span<const hygiene_finding> findings) noexcept {
  hygiene_summary s;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const hygiene_finding& f = findings[i];
    ++s.findings;
    if (i == 0 || findings[i - 1].deal != f.deal) ++s.deals;
    if (const auto r = static_cast<std::size_t>(f.rule); r < s.by_rule.size()) ++s.by_rule[r];
    if (const auto v = static_cast<std::size_t>(f.severity); v < s.by_severity.size()) ++s.by_severity[v];
  }
  return s;
}

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/hygiene.ipp>
#endif

#endif  // SALESRULES_HYGIENE_HPP
