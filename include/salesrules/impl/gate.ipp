// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/gate.ipp - the definitions behind gate.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_GATE_IPP
#define SALESRULES_IMPL_GATE_IPP

#include <salesrules/gate.hpp>

#include <salesrules/bant.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/names.hpp>
#include <salesrules/scorecard.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace salesrules {

namespace detail {

// Append to `out` every criterion of stage `s`'s `side` that the deal does not meet,
// of those that read only `known` data; count the others in `unknown`. False when one
// could not be judged (a predicate not registered); ctx.failure() then says which.
SALESRULES_INLINE bool collect_unmet(criteria::context& ctx, std::size_t s, gate_side side, unmet_list& out,
                                     enum_set<deal_data> known = all_deal_data, std::uint32_t* unknown = nullptr) {
  const stage& st = ctx.policy().process()->stages[s];
  const auto& list = side == gate_side::entry ? st.entry : st.exit;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (known != all_deal_data && !(data_read_by(list[i], ctx.policy()) - known).empty()) {
      if (unknown != nullptr) ++*unknown;
      continue;
    }
    // Filled in place and dropped when met: cheaper than building a copy to push.
    unmet_criterion& u = out.emplace_back();
    u.stage = static_cast<std::uint32_t>(s);
    u.index = static_cast<std::uint32_t>(i);
    u.side = side;
    ctx.set_condition(ctx.policy().process().condition_root(s, side == gate_side::entry, i));
    const bool met = visit_kind(
        [&](const auto& c) {
          using kind = std::remove_cvref_t<decltype(c)>;
          return c.met(ctx, u.what.template emplace<typename kind::unmet>());
        },
        list[i]);
    if (met || ctx.failure()) out.pop_back();
    if (auto& failure = ctx.failure()) {
      // A predicate's failure is the policy's (a name not registered); a field
      // condition's is the deal's, already placed at its field.
      if (failure->where.empty())
        failure->where = pointer("process", "stages", s, side == gate_side::entry ? "entry" : "exit", i, "predicate");
      return false;
    }
  }
  return true;
}

}  // namespace detail

namespace detail {
// Fill `check` for a move of `o` to `target`; an error when the move cannot be judged.
SALESRULES_INLINE std::optional<error> plan_move(gate_check& check, const opportunity& o, std::string_view target,
                                                 const validated_policy& policy, date today,
                                                 const move_details& details) {
  const sales_process& proc = *policy.process();
  auto from = stage_index(policy.process(), o.stage, "/stage");
  // cppcheck-suppress returnStdMoveLocal ; moves the error out of the expected, which is no local to elide
  if (!from) return std::move(from.error());
  auto to = stage_index(policy.process(), target, "/target");
  // cppcheck-suppress returnStdMoveLocal ; as above
  if (!to) return std::move(to.error());

  check.from = *from;
  check.to = *to;
  check.kind = move_kind::stay;
  const stage& a = proc.stages[*from];
  const stage& b = proc.stages[*to];
  if (!outcome_fits(o.outcome, a.kind))
    return error{errc::inconsistent, "/outcome",
                 "the deal's outcome is " + std::string(name_of(o.outcome)) + " but its stage " + detail::quoted(a.name) +
                     " is " + std::string(kind_word(a.kind))};
  if (b.kind != stage_kind::lost && (!is_blank(details.loss_reason) || details.disqualified))
    return error{errc::inconsistent, details.disqualified ? "/disqualified" : "/loss_reason",
                 std::string(details.disqualified ? "a disqualification" : "a loss reason") + " came with a move to " +
                     detail::quoted(b.name) + ", which is not a lost stage"};
  criteria::context ctx(o, policy, today, details);
  bool ok = true;

  if (*from == *to) return std::nullopt;
  if (a.kind != stage_kind::open) {
    if (!proc.allow_reopen)
      return error{errc::not_allowed, "/target",
                   "the deal is " + std::string(kind_word(a.kind)) + " in " + detail::quoted(a.name) +
                       "; this policy does not allow reopening it (process.allow_reopen)"};
    check.kind = move_kind::reopen;
    ok = collect_unmet(ctx, *to, gate_side::entry, check.unmet);
  } else if (b.kind == stage_kind::lost) {
    check.kind = move_kind::close_lost;
    ok = collect_unmet(ctx, *to, gate_side::entry, check.unmet);
  } else if (*to < *from) {
    if (!proc.allow_backward)
      return error{errc::not_allowed, "/target",
                   "moving back from " + detail::quoted(a.name) + " to " + detail::quoted(b.name) +
                       " is not allowed by this policy (process.allow_backward)"};
    check.kind = move_kind::backward;
  } else {
    check.kind = move_kind::forward;
    ok = collect_unmet(ctx, *from, gate_side::exit, check.unmet);
    for (std::size_t k = *from + 1; ok && k < *to && !proc.allow_skipping; ++k) {
      if (proc.stages[k].kind != stage_kind::open) continue;
      ok = collect_unmet(ctx, k, gate_side::entry, check.unmet) && collect_unmet(ctx, k, gate_side::exit, check.unmet);
    }
    ok = ok && collect_unmet(ctx, *to, gate_side::entry, check.unmet);
  }
  // cppcheck-suppress returnStdMoveLocal ; moves the context's optional out, which is no local to elide
  if (!ok) return std::move(ctx.failure());
  return std::nullopt;
}
}  // namespace detail

SALESRULES_INLINE const criterion* criterion_of(const unmet_criterion& u, const sales_process& p) noexcept {
  if (u.stage >= p.stages.size()) return nullptr;
  const auto& list = u.side == gate_side::entry ? p.stages[u.stage].entry : p.stages[u.stage].exit;
  if (u.index >= list.size() || kind_of(list[u.index]) != u.kind()) return nullptr;
  return &list[u.index];
}

SALESRULES_INLINE expected<gate_check, error> check_move(const opportunity& o, std::string_view target,
                                                         const validated_policy& policy, date today,
                                                         const move_details& details) noexcept {
  // Built in place and returned by name: the result is never copied.
  expected<gate_check, error> out(in_place);
  if (auto e = detail::plan_move(*out, o, target, policy, today, details))
    out = unexpected<error>(detail::about_deal(o, std::move(*e)));
  return out;
}

SALESRULES_INLINE expected<gate_check, error> check_exit(const opportunity& o, const validated_policy& policy,
                                                         date today) noexcept {
  const auto at = stage_index(policy.process(), o.stage, "/stage");
  if (!at) return unexpected<error>(detail::about_deal(o, at.error()));
  gate_check check{*at, *at, move_kind::stay, {}};
  const move_details none{};
  criteria::context ctx(o, policy, today, none);
  if (!detail::collect_unmet(ctx, *at, gate_side::exit, check.unmet))
    return unexpected<error>(detail::about_deal(o, std::move(*ctx.failure())));
  return check;
}

SALESRULES_INLINE expected<gate_check, error> check_entry(const opportunity& o, const validated_policy& policy,
                                                          date today, enum_set<deal_data> known) noexcept {
  const auto at = stage_index(policy.process(), o.stage, "/stage");
  if (!at) return unexpected<error>(detail::about_deal(o, at.error()));
  gate_check check{*at, *at, move_kind::stay, {}};
  const move_details none{};
  criteria::context ctx(o, policy, today, none);
  if (!detail::collect_unmet(ctx, *at, gate_side::entry, check.unmet, known, &check.unknown))
    return unexpected<error>(detail::about_deal(o, std::move(*ctx.failure())));
  return check;
}

SALESRULES_INLINE expected<opportunity, move_error> advance(const opportunity& o, std::string_view target,
                                                            const validated_policy& policy, date today,
                                                            const move_details& details) noexcept {
  auto check = check_move(o, target, policy, today, details);
  if (!check) return unexpected<move_error>(move_error{std::move(check.error()), {}});
  const auto& stages = policy.process()->stages;
  if (!check->allowed()) {
    const auto n = check->unmet.size();
    return unexpected<move_error>(move_error{
        detail::about_deal(o, error{errc::criteria_unmet, "/target",
              "moving from " + detail::quoted(stages[check->from].name) + " to " + detail::quoted(stages[check->to].name) + " needs " +
                  std::to_string(n) + (n == 1 ? " criterion" : " criteria") + " the deal does not meet"}),
        std::move(check->unmet)});
  }
  opportunity next = o;
  if (check->kind == move_kind::stay) return next;

  const stage& to = stages[check->to];
  next.stage = to.name;
  next.probability_override.reset();
  next.stage_history.push_back(stage_entry{to.name, today});
  if (check->kind == move_kind::reopen) {
    next.closed_date.reset();
    if (to.kind != stage_kind::lost) next.loss_reason.clear();
  }
  switch (to.kind) {
    case stage_kind::open: next.outcome = deal_outcome::open; return next;
    case stage_kind::won: next.outcome = deal_outcome::won; break;
    case stage_kind::lost:
      next.outcome = details.disqualified ? deal_outcome::disqualified : deal_outcome::lost;
      if (!detail::is_blank(details.loss_reason)) next.loss_reason = details.loss_reason;
      break;
  }
  next.closed_date = today;
  if (next.close_date != today) {
    next.close_date_history.push_back(close_date_change{today, next.close_date, today});
    next.close_date = today;
  }
  return next;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_GATE_IPP
