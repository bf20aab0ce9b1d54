// SPDX-License-Identifier: BSL-1.0
// The invariants every decision must keep, as checks the property tests and the
// structured fuzzer share.
//
// Each invariant has a judge, which takes what the library answered (and, where it
// needs one, an exact reference worked out here independently) and returns an empty
// string when the invariant holds, else a description of the counterexample. Judges
// take answers rather than computing them so that a test can hand one a deliberately
// broken answer and see it refuse (a check that cannot fail proves nothing). Each
// invariant also has a property, which draws inputs from an entropy source, asks the
// library and calls the judge.
#ifndef SALESRULES_TESTS_PROPERTIES_INVARIANTS_HPP
#define SALESRULES_TESTS_PROPERTIES_INVARIANTS_HPP

#include "generators.hpp"
#include "range_exact.hpp"

#include <salesrules/detail/int128.hpp>
#include <salesrules/coverage.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/range_forecast.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace salesrules::props {

using detail::int128;

// ---------------------------------------------------------------------------
// Helpers

inline std::string describe(const error& e) { return std::string(name_of(e.code)) + " at '" + e.where + "': " + e.message; }

// An exact figure in reporting minor units, or none when it cannot be represented
// even in 128 bits (which the library must also report as an overflow).
using exact_figure = std::optional<int128>;

// Sums of minor units x weight per currency, converted the documented way: each
// currency's exact sum once, rounded half to even (exchange.hpp).
class reference_sum {
 public:
  void add(const money& m, int weight_percent = 100) {
    for (auto& [c, v] : sums_)
      if (c == m.currency()) {
        v += static_cast<int128>(m.minor_units()) * weight_percent;
        return;
      }
    sums_.push_back({m.currency(), static_cast<int128>(m.minor_units()) * weight_percent});
  }
  [[nodiscard]] std::size_t currencies() const noexcept { return sums_.size(); }
  [[nodiscard]] exact_figure in(const validated<exchange_policy>& x) const {
    int128 total = 0;
    for (const auto& [c, v] : sums_) {
      const auto rate = rate_of(c, x);
      if (!rate) return std::nullopt;
      int128 num = 0;
      if (__builtin_mul_overflow(v, static_cast<int128>(rate->billionths()), &num)) return std::nullopt;
      // value = v x rate x 10^to / (10^9 x 10^from x 100)
      const int128 den = detail::pow10_128(9 + c.minor_digits() + 2 - x->reporting.minor_digits());
      if (__builtin_add_overflow(total, detail::div_round_half_even(num, den), &total)) return std::nullopt;
    }
    return total;
  }

 private:
  std::vector<std::pair<currency, int128>> sums_;
};

inline bool fits64(const exact_figure& f) {
  return f && *f >= std::numeric_limits<std::int64_t>::min() && *f <= std::numeric_limits<std::int64_t>::max();
}

// The library's figure against the exact one: equal when it fits 64 bits, an
// overflow error when it does not. Never a wrapped number.
inline std::string judge_sum(const expected<money, error>& got, const exact_figure& exact, currency reporting,
                             const std::string& what) {
  if (fits64(exact)) {
    if (!got) return what + ": the exact sum " + text128(*exact) + " fits 64 bits, but the library failed: " + describe(got.error());
    if (got->currency() != reporting) return what + ": not in the reporting currency: " + to_string(*got);
    if (got->minor_units() != *exact)
      return what + ": " + std::to_string(got->minor_units()) + " minor units, the exact sum is " + text128(*exact);
    return {};
  }
  if (got) return what + ": the exact sum " + (exact ? text128(*exact) : std::string("(beyond 128 bits)")) +
                  " overflows 64 bits, but the library answered " + to_string(*got);
  if (got.error().code != errc::overflow) return what + ": an overflow reported as " + describe(got.error());
  return {};
}

// ---------------------------------------------------------------------------
// 1. Approval levels rise with the discount and with the deal

// `larger` asks for at least the discount of `smaller` (or a deal at least as
// large), all else equal: its level must not be lower.
inline std::string judge_levels(const discount_decision& smaller, const discount_decision& larger, const std::string& what) {
  if (larger.level < smaller.level)
    return what + ": the larger request needs level " + std::to_string(static_cast<int>(larger.level)) + ", the smaller level " +
           std::to_string(static_cast<int>(smaller.level));
  return {};
}

inline std::string describe(const discount_request& r) {
  std::string s = "{";
  // Piece by piece: GCC 12 at -O3 takes "literal" + std::string for an overlapping
  // copy (-Wrestrict).
  for (const auto& l : r.lines) {
    s += '[';
    s += to_string(l.list);
    s += " -> ";
    s += to_string(l.net);
    s += "] ";
  }
  if (r.discount) {
    s += "discount ";
    s += to_string(*r.discount);
    s += ' ';
  }
  if (r.deal_amount) {
    s += "amount ";
    s += to_string(*r.deal_amount);
    s += ' ';
  }
  s += "term ";
  s += std::to_string(r.term_months);
  s += " payment ";
  s += std::to_string(r.payment_days);
  s += '}';
  return s;
}

// Decide both and judge; requests the policy cannot judge are skipped. A policy may
// itself break monotonicity (a tier table listed lowest threshold first): validate()
// accepts it and analyze_matrix() reports the break. So a lower level for the larger
// request is a violation only when analyze_matrix() finds no break of that kind:
// the analysis a RevOps engineer relies on must not call a broken matrix sound.
inline std::string decide_and_judge(const discount_request& smaller, const discount_request& larger,
                                    const validated<discount_policy>& p, std::optional<deal_dimension> dimension,
                                    const std::string& what) {
  const auto a = decide_discount(smaller, p);
  const auto b = decide_discount(larger, p);
  if (!a || !b) {
    // The larger request asks no more of the quote than the smaller (its nets are
    // lower, its deal amount still in the same currency): it may be refused only
    // when the smaller is.
    if (a && !b) return what + ": the smaller request is judged, the larger refused: " + describe(b.error());
    return {};
  }
  auto bad = judge_levels(*a, *b, what);
  if (bad.empty()) return {};
  const auto analysis = analyze_matrix(p);
  if (dimension) {
    for (const auto& br : analysis.breaks)
      if (br.dimension == *dimension) return {};  // the policy's own break, and the analysis says so
  } else if (!analysis.larger_discount_never_lower) {
    return {};
  }
  return bad + ", and analyze_matrix() reports no such break: " + describe(smaller) + " vs " + describe(larger);
}

inline std::string property_discount_monotone(entropy& e) {
  const currency c = currencies[e.below(currencies.size())];
  const auto p = validate(gen_discount_policy(e, c));
  if (!p) return "generator: a discount policy validate() refuses: " + describe(p.error());
  discount_request smaller = gen_discount_request(e, c);
  if (!smaller.deal_amount) smaller.deal_amount = money(e.between(0, 20'000'000'000), c);  // held equal below
  discount_request larger = smaller;
  if (smaller.discount) {
    larger.discount = percent::from_basis_points(e.between(smaller.discount->basis_points(), 10'000));
  } else {
    for (auto& l : larger.lines)
      if (e.coin()) l.net = money(e.between(0, l.net.minor_units()), c);
  }
  if (auto bad = decide_and_judge(smaller, larger, *p, std::nullopt, "a larger discount"); !bad.empty()) return bad;
  // The same request for a larger deal.
  discount_request bigger = smaller;
  bigger.deal_amount = money(smaller.deal_amount->minor_units() +
                                 e.between(0, std::numeric_limits<std::int64_t>::max() - smaller.deal_amount->minor_units()),
                             c);
  if (e.coin()) bigger.deal_amount = money(smaller.deal_amount->minor_units() + e.between(0, 1000), c);
  return decide_and_judge(smaller, bigger, *p, deal_dimension::deal_amount, "a larger deal");
}

// Escalation rules and the approval rules as_approval_rules() makes of them decide
// alike: the same level, reviewers, evidence required and missing, and whether the
// rep may approve. Only a request whose deal amount an escalation rule cannot judge
// (missing, or in another currency) differs: the escalation rule refuses it, the
// condition judges it. Sometimes a dozen or more rules are added, so that the
// indexed path of a long list (more than detail::scanned_rules) is compared too.
inline std::string property_escalation_as_conditions(entropy& e) {
  const currency c = currencies[e.below(currencies.size())];
  discount_policy escalating = gen_discount_policy(e, c);
  if (e.coin(25)) {
    const auto more = e.between_int(12, 24);
    for (int i = 0; i < more; ++i) {
      escalation_rule r;
      r.name = "more " + std::to_string(i);
      r.when = static_cast<deal_dimension>(e.below(6));
      if (r.when == deal_dimension::deal_amount) r.amount_at_least = money(e.between(0, 10'000'000'000), c);
      r.at_least = e.between(0, 120);
      r.raise_levels = e.between_int(0, static_cast<int>(escalating.levels.size()) - 1);
      if (e.coin(50)) r.reviewers.emplace_back(e.coin() ? "finance" : "legal");
      escalating.rules.push_back(std::move(r));
    }
  }
  const auto p = validate(escalating);
  if (!p) return "generator: a discount policy validate() refuses: " + describe(p.error());
  discount_policy conditional = escalating;
  conditional.approval_rules = as_approval_rules(escalating.rules);
  conditional.rules.clear();
  const auto q = validate(conditional);
  if (!q) return "the approval rules of as_approval_rules() are refused: " + describe(q.error());
  for (int k = 0; k < 8; ++k) {
    discount_request r = gen_discount_request(e, c);
    if (e.coin(10)) r.deal_amount = money(e.between(0, 1000), currencies[e.below(currencies.size())]);
    const auto a = decide_discount(r, *p);
    const auto b = decide_discount(r, *q);
    if (!a && a.error().where == "/deal_amount") continue;  // judged by the condition, refused by the rule
    if (a.has_value() != b.has_value())
      return describe(r) + ": " + (a ? "only the conditions refuse: " + describe(b.error())
                                     : "only the escalation rules refuse: " + describe(a.error()));
    if (!a) continue;
    if (a->level != b->level || a->reviewers != b->reviewers || a->required != b->required || a->missing != b->missing ||
        a->rep_may_approve != b->rep_may_approve || a->refused != b->refused)
      return describe(r) + ": the escalation rules decide level " + std::to_string(static_cast<int>(a->level)) +
             ", the conditions level " + std::to_string(static_cast<int>(b->level)) + " (or other reviewers or evidence)";
  }
  return {};
}

// ---------------------------------------------------------------------------
// 2. Raising a rating never lowers the tier

inline std::string judge_tiers(const score_result& before, const score_result& after, const std::string& what) {
  if (after.tier < before.tier)
    return what + ": the tier fell from " + std::string(name_of(before.tier)) + " to " + std::string(name_of(after.tier));
  if (after.total < before.total)
    return what + ": the total fell from " + to_string(before.total) + " to " + to_string(after.total);
  return {};
}

inline std::string property_rating_monotone(entropy& e) {
  const auto p = validate(gen_scorecard_policy(e));
  if (!p) return "generator: a scorecard policy validate() refuses: " + describe(p.error());
  const qualification_ratings before = gen_ratings(e);
  qualification_ratings after = before;
  const auto c = static_cast<scorecard_criterion>(e.below(6));
  rating& r = detail::member_for(after, c);
  if (r.value() == 5) return {};
  r = *rating::from_int(e.between_int(r.value() + 1, 5));
  return judge_tiers(score(before, *p), score(after, *p), "raising " + std::string(name_of(c)) + " to " +
                                                            std::to_string(r.value()));
}

// ---------------------------------------------------------------------------
// 3. A refused move lists its unmet criteria; an accepted one none

// Whether the deal meets `c`, worked out from the deal's fields directly.
inline bool criterion_met(const criterion& criterion, const opportunity& o, const validated_policy& p,
                          const move_details& d, date today) {
  return std::visit(
      [&](const auto& c) {
        using K = std::remove_cvref_t<decltype(c)>;
        if constexpr (std::is_same_v<K, criteria::milestone_reached>) return o.milestones.reached().contains(c.milestone);
        else if constexpr (std::is_same_v<K, criteria::any_milestone_reached>) {
          for (const milestone m : c.milestones)
            if (o.milestones.has(m)) return true;
          return false;
        }
        else if constexpr (std::is_same_v<K, criteria::score_at_least>)
          return score(o.ratings, p.scorecard()).total >= score_points::whole(c.at_least);
        else if constexpr (std::is_same_v<K, criteria::tier_at_least>) return score(o.ratings, p.scorecard()).tier >= c.tier;
        else if constexpr (std::is_same_v<K, criteria::meddpicc_complete>)
          return check_meddpicc(o.meddpicc, p.meddpicc()).is_complete();
        else if constexpr (std::is_same_v<K, criteria::contacts_at_least>)
          return static_cast<std::int64_t>(std::max<std::size_t>(o.contact_count, o.contacts.size())) >= c.at_least;
        else if constexpr (std::is_same_v<K, criteria::economic_buyer_identified>)
          return !detail::is_blank(o.meddpicc.economic_buyer);
        else if constexpr (std::is_same_v<K, criteria::champion_identified>) return !detail::is_blank(o.meddpicc.champion);
        else if constexpr (std::is_same_v<K, criteria::icp_fit>) return check_icp(o.segment, o.profile, p.icp()).fits();
        else if constexpr (std::is_same_v<K, criteria::bant_confirmed>)
          return o.bant.budget && o.bant.authority && o.bant.need && o.bant.timeline;
        else if constexpr (std::is_same_v<K, criteria::loss_reason_recorded>)
          return !detail::is_blank(d.loss_reason) || !detail::is_blank(o.loss_reason);
        else if constexpr (std::is_same_v<K, criteria::days_in_stage_at_most>) {
          std::optional<date> since;
          for (const auto& h : o.stage_history)
            if (same_name(h.stage, o.stage) && h.entered.ok()) since = h.entered;  // the last one
          if (!since && o.created_date.ok()) since = o.created_date;
          return !since || (std::chrono::sys_days(today) - std::chrono::sys_days(*since)).count() <= c.at_most;
        }
        else if constexpr (std::is_same_v<K, criteria::field_condition>) {
          // The generated form: any of (contact_count >= n, segment = SMB).
          const auto n = std::stoll(c.when.parts.at(0).values.at(0));
          return static_cast<long long>(o.contact_count) >= n || same_name(o.segment, "SMB");
        }
        else return true;  // host predicates are not generated
      },
      criterion);
}

// (stage, side, index): one criterion's place.
using criterion_place = std::tuple<std::uint32_t, gate_side, std::uint32_t>;

// Judge a move from check_move's and advance's answers: the kind of move, the
// complete list of unmet criteria of the stages involved, and advance agreeing.
inline std::string judge_move(const opportunity& o, const stage_move& m, const validated_policy& p, date today,
                              const expected<gate_check, error>& check, const expected<opportunity, move_error>& moved) {
  const sales_process& proc = *p.process();
  const std::string what = "move of a deal in '" + o.stage + "' to '" + m.target + "'";
  if (!check) {
    if (moved) return what + ": check_move refused (" + describe(check.error()) + ") but advance moved the deal";
    if (moved.error().why.code != check.error().code)
      return what + ": check_move says " + describe(check.error()) + ", advance says " + describe(moved.error().why);
    if (!moved.error().unmet.empty()) return what + ": refused as an error, yet lists unmet criteria";
    if (check.error().code != errc::not_allowed && check.error().code != errc::inconsistent)
      return what + ": an unexpected error for a valid deal: " + describe(check.error());
    return {};
  }
  // The move's kind and the criteria lists it involves, worked out here.
  const auto from = *find_stage(proc, o.stage), to = *find_stage(proc, m.target);
  std::vector<std::pair<std::size_t, gate_side>> lists;
  move_kind kind = move_kind::stay;
  if (from == to) {
    kind = move_kind::stay;
  } else if (proc.stages[from].kind != stage_kind::open) {
    kind = move_kind::reopen;
    lists.push_back({to, gate_side::entry});
  } else if (proc.stages[to].kind == stage_kind::lost) {
    kind = move_kind::close_lost;
    lists.push_back({to, gate_side::entry});
  } else if (to < from) {
    kind = move_kind::backward;
  } else {
    kind = move_kind::forward;
    lists.push_back({from, gate_side::exit});
    if (!proc.allow_skipping)
      for (std::size_t k = from + 1; k < to; ++k)
        if (proc.stages[k].kind == stage_kind::open) {
          lists.push_back({k, gate_side::entry});
          lists.push_back({k, gate_side::exit});
        }
    lists.push_back({to, gate_side::entry});
  }
  if (check->kind != kind)
    return what + ": judged as a " + std::string(name_of(check->kind)) + " move, expected " + std::string(name_of(kind));
  std::set<criterion_place> expected_unmet, listed;
  for (const auto& [s, side] : lists) {
    const auto& list = side == gate_side::entry ? proc.stages[s].entry : proc.stages[s].exit;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!criterion_met(list[i], o, p, m.details, today))
        expected_unmet.insert({static_cast<std::uint32_t>(s), side, static_cast<std::uint32_t>(i)});
  }
  for (const auto& u : check->unmet) {
    if (u.stage >= proc.stages.size()) return what + ": an unmet criterion names stage " + std::to_string(u.stage);
    const auto& list = u.side == gate_side::entry ? proc.stages[u.stage].entry : proc.stages[u.stage].exit;
    if (u.index >= list.size() || kind_of(list[u.index]) != u.kind())
      return what + ": an unmet criterion names no criterion of stage '" + proc.stages[u.stage].name + "'";
    if (!listed.insert({u.stage, u.side, u.index}).second) return what + ": a criterion is listed twice";
  }
  if (listed != expected_unmet)
    return what + ": lists " + std::to_string(listed.size()) + " unmet criteria, the deal misses " +
           std::to_string(expected_unmet.size()) + " (or others)";
  if (check->allowed()) {
    if (!moved) return what + ": check_move allows it, advance refused: " + describe(moved.error().why);
    if (moved->stage != proc.stages[to].name) return what + ": advance left the deal in '" + moved->stage + "'";
    return {};
  }
  if (moved) return what + ": criteria are unmet, yet advance moved the deal";
  if (moved.error().why.code != errc::criteria_unmet)
    return what + ": refused for unmet criteria as " + describe(moved.error().why);
  if (moved.error().unmet.empty()) return what + ": refused, and lists no unmet criterion";
  if (moved.error().unmet.size() != check->unmet.size()) return what + ": advance and check_move list different criteria";
  return {};
}

inline std::string property_stage_move(entropy& e) {
  std::size_t refused = 0;
  const validated_policy p = generated_policy(e, &refused);
  if (refused) return "generator: a policy validate() refuses";
  const opportunity o = gen_opportunity(e, p);
  const stage_move m = gen_move(e, p);
  const date today = gen_date(e);
  return judge_move(o, m, p, today, check_move(o, m.target, p, today, m.details),
                    advance(o, m.target, p, today, m.details));
}

// ---------------------------------------------------------------------------
// 4. Pipeline sums: weighted <= total, groupings add up, exact or overflow

// How the deals' amounts are signed: weighted <= total holds when none is negative.
inline int amount_sign(std::span<const opportunity> deals) {
  bool neg = false, pos = false;
  for (const auto& o : deals) {
    if (o.amount.is_negative()) neg = true;
    if (o.amount.minor_units() > 0) pos = true;
  }
  return neg && pos ? 0 : neg ? -1 : 1;
}

inline std::string judge_weighted_within_total(const money& weighted, const money& total, int sign, const std::string& what) {
  if (sign > 0 && weighted.minor_units() > total.minor_units())
    return what + ": weighted " + to_string(weighted) + " above the total " + to_string(total);
  if (sign < 0 && weighted.minor_units() < total.minor_units())
    return what + ": weighted " + to_string(weighted) + " below the (negative) total " + to_string(total);
  return {};
}

// Rows of a grouping against the whole: counts, totals and weighted amounts each add
// up to it exactly, in any currencies (the library apportions the rows' amounts by
// largest remainder rather than rounding each on its own).
inline std::string judge_parts(std::uint64_t count_sum, std::uint64_t count_all, int128 total_sum, int128 total_all,
                               int128 weighted_sum, int128 weighted_all, const std::string& what) {
  if (count_sum != count_all)
    return what + ": rows count " + std::to_string(count_sum) + " deals, the whole " + std::to_string(count_all);
  if (total_sum != total_all) return what + ": rows total " + text128(total_sum) + ", the whole " + text128(total_all);
  if (weighted_sum != weighted_all)
    return what + ": rows weigh " + text128(weighted_sum) + ", the whole " + text128(weighted_all);
  return {};
}

inline bool in_reporting_only(std::span<const opportunity> deals, const validated_policy& p) {
  return std::all_of(deals.begin(), deals.end(),
                     [&](const opportunity& o) { return o.amount.currency() == p.exchange()->reporting; });
}

inline std::string check_rollups(std::span<const opportunity> deals, const validated_policy& p) {
  const int sign = amount_sign(deals);
  const currency reporting = p.exchange()->reporting;
  for (bool closed : {false, true}) {
    reference_sum total_ref, weighted_ref;
    std::uint64_t counted = 0;
    for (const auto& o : deals) {
      if (!closed && o.outcome != deal_outcome::open) continue;
      const auto d = categorize(o, p);
      if (!d) return "rollup: a generated deal cannot be categorized: " + describe(d.error());
      ++counted;
      total_ref.add(o.amount);
      weighted_ref.add(o.amount, detail::forecast_weight(*d));
    }
    for (auto by : enum_set<rollup_by>::all()) {
      const std::string what = std::string("rollup by ") + std::string(name_of(by)) + (closed ? " (closed too)" : "");
      rollup_options opts{by, std::nullopt, closed};
      if (by == rollup_by::owner) opts.then_by = rollup_by::stage;
      const auto t = rollup(deals, opts, p);
      const auto total_exact = total_ref.in(p.exchange()), weighted_exact = weighted_ref.in(p.exchange());
      if (!t) {
        if (t.error().code != errc::overflow) return what + ": " + describe(t.error());
        // A row is a part of the whole: with amounts of one sign, a row overflows only if the whole does.
        if (sign != 0 && fits64(total_exact) && fits64(weighted_exact))
          return what + ": an overflow, but the whole " + text128(*total_exact) + " fits 64 bits";
        continue;
      }
      if (auto bad = judge_sum(t->all.total, total_exact, reporting, what + " all/total"); !bad.empty()) return bad;
      if (auto bad = judge_sum(t->all.weighted, weighted_exact, reporting, what + " all/weighted"); !bad.empty()) return bad;
      if (t->all.count != counted)
        return what + ": counts " + std::to_string(t->all.count) + " deals of " + std::to_string(counted);
      std::uint64_t count_sum = 0;
      int128 total_sum = 0, weighted_sum = 0;
      for (const auto& row : t->rows) {
        count_sum += row.count;
        total_sum += row.total.minor_units();
        weighted_sum += row.weighted.minor_units();
        if (auto bad = judge_weighted_within_total(row.weighted, row.total, sign, what + " row " + row.key); !bad.empty())
          return bad;
      }
      if (auto bad = judge_weighted_within_total(t->all.weighted, t->all.total, sign, what + " all"); !bad.empty())
        return bad;
      if (auto bad = judge_parts(count_sum, t->all.count, total_sum, t->all.total.minor_units(), weighted_sum,
                                 t->all.weighted.minor_units(), what);
          !bad.empty())
        return bad;
    }
  }
  return {};
}

// The period most deals fall in: the fiscal quarter of a random deal's forecast date.
inline fiscal_period pick_period(entropy& e, std::span<const opportunity> deals, const validated_policy& p) {
  const date d = deals.empty() ? gen_date(e) : forecast_date(deals[e.below(deals.size())]);
  return period_of(d, e.coin(20) ? period_kind::year : period_kind::quarter, p.calendar());
}

inline std::string check_forecast_calls(std::span<const opportunity> deals, const fiscal_period& period,
                                        const validated_policy& p) {
  const currency reporting = p.exchange()->reporting;
  const int sign = amount_sign(deals);
  std::array<reference_sum, 6> by_category;
  reference_sum weighted_ref, won_ref;
  std::size_t in_period = 0;
  for (const auto& o : deals) {
    if (!contains(period, forecast_date(o))) continue;
    ++in_period;
    const auto d = categorize(o, p);
    if (!d) return "forecast_calls: a generated deal cannot be categorized: " + describe(d.error());
    if (o.outcome == deal_outcome::won) won_ref.add(o.amount);
    if (d->category == forecast_category::omitted) continue;
    by_category[static_cast<std::size_t>(d->category)].add(o.amount);
    weighted_ref.add(o.amount, detail::forecast_weight(*d));
  }
  const auto call = forecast_calls(deals, period, p);
  if (!call) {
    if (call.error().code != errc::overflow) return "forecast_calls: " + describe(call.error());
  } else {
    std::size_t counted = 0;
    for (auto n : call->deals) counted += n;
    if (counted != in_period)
      return "forecast_calls: counts " + std::to_string(counted) + " deals of the " + std::to_string(in_period) + " in the period";
    if (auto bad = judge_sum(call->weighted, weighted_ref.in(p.exchange()), reporting, "forecast_calls weighted"); !bad.empty())
      return bad;
    using fc = forecast_category;
    reference_sum level;
    const std::array<std::pair<call_level, std::vector<fc>>, 4> levels{{
        {call_level::closed, {fc::closed}},
        {call_level::commit, {fc::commit}},
        {call_level::best_case, {fc::best_case}},
        {call_level::pipeline, {fc::pipeline, fc::upside}},
    }};
    // Each level is the exact sum of its categories and those below: rebuilt from the deals.
    for (const auto& [l, cats] : levels) {
      for (const auto& o : deals) {
        if (!contains(period, forecast_date(o))) continue;
        const auto d = categorize(o, p);
        if (std::find(cats.begin(), cats.end(), d->category) != cats.end()) level.add(o.amount);
      }
      if (auto bad = judge_sum(call->at(l), level.in(p.exchange()), reporting,
                               "forecast_calls " + std::string(name_of(l)));
          !bad.empty())
        return bad;
    }
    if (sign > 0 && !(call->closed.minor_units() <= call->commit.minor_units() &&
                      call->commit.minor_units() <= call->best_case.minor_units() &&
                      call->best_case.minor_units() <= call->pipeline.minor_units()))
      return "forecast_calls: the levels do not rise: " + to_string(call->closed) + ", " + to_string(call->commit) + ", " +
             to_string(call->best_case) + ", " + to_string(call->pipeline);
    if (auto bad = judge_weighted_within_total(call->weighted, call->pipeline, sign, "forecast_calls"); !bad.empty())
      return bad;
  }
  if (auto bad = judge_sum(closed_won(deals, period, p), won_ref.in(p.exchange()), reporting, "closed_won"); !bad.empty())
    return bad;
  // Coverage: the open deals of the period that are not Omitted, in full and weighted.
  reference_sum open_ref;
  for (const auto& o : deals) {
    if (!contains(period, forecast_date(o)) || o.outcome != deal_outcome::open) continue;
    if (categorize(o, p)->category != forecast_category::omitted) open_ref.add(o.amount);
  }
  const auto cov = coverage(deals, period, money(10'000'000, reporting), period.first_day, p);
  if (!cov) {
    if (cov.error().code != errc::overflow) return "coverage: " + describe(cov.error());
  } else {
    if (auto bad = judge_sum(cov->pipeline, open_ref.in(p.exchange()), reporting, "coverage pipeline"); !bad.empty()) return bad;
    if (auto bad = judge_sum(cov->closed_won, won_ref.in(p.exchange()), reporting, "coverage closed_won"); !bad.empty())
      return bad;
    if (auto bad = judge_weighted_within_total(cov->weighted, cov->pipeline, sign, "coverage"); !bad.empty()) return bad;
  }
  return {};
}

inline std::string check_pipeline_report(std::span<const opportunity> deals, const validated_policy& p, date today) {
  const currency reporting = p.exchange()->reporting;
  const int sign = amount_sign(deals);
  io::pipeline_builder b(p, io::pipeline_options{today, std::nullopt, std::nullopt, 5});
  reference_sum open_total, open_weighted;
  std::uint64_t open = 0;
  // Open deals whose currency has no rate, by currency: deals, minor units, x weight.
  std::vector<std::tuple<currency, std::uint64_t, int128, int128>> unrated;
  for (const auto& o : deals) {
    const auto added = b.add(o);
    if (!added) {
      if (added.error().code != errc::overflow) return "pipeline_builder::add: " + describe(added.error());
      continue;  // left out of every figure
    }
    if (o.outcome != deal_outcome::open) continue;
    const auto d = categorize(o, p);
    ++open;
    const int weight = detail::forecast_weight(*d);
    if (!detail::has_rate(o.amount.currency(), p.exchange())) {
      auto it = std::find_if(unrated.begin(), unrated.end(),
                             [&](const auto& u) { return std::get<0>(u) == o.amount.currency(); });
      if (it == unrated.end()) it = unrated.insert(unrated.end(), {o.amount.currency(), 0, 0, 0});
      ++std::get<1>(*it);
      std::get<2>(*it) += o.amount.minor_units();
      std::get<3>(*it) += static_cast<int128>(o.amount.minor_units()) * weight;
      continue;
    }
    open_total.add(o.amount);
    open_weighted.add(o.amount, weight);
  }
  const auto r = b.finish();
  // An overflow may come from a closed stage's row, which the open figures do not hold.
  if (!r) return r.error().code == errc::overflow ? std::string() : "pipeline report: " + describe(r.error());
  const auto total_exact = open_total.in(p.exchange()), weighted_exact = open_weighted.in(p.exchange());
  if (auto bad = judge_sum(r->open_total, total_exact, reporting, "pipeline report open_total"); !bad.empty()) return bad;
  if (auto bad = judge_sum(r->open_weighted, weighted_exact, reporting, "pipeline report open_weighted"); !bad.empty())
    return bad;
  if (r->deals.open != open) return "pipeline report: counts " + std::to_string(r->deals.open) + " open deals of " + std::to_string(open);
  if (auto bad = judge_weighted_within_total(r->open_weighted, r->open_total, sign, "pipeline report"); !bad.empty()) return bad;
  // The open deals without a rate, apart by currency code, exactly; and each table's
  // rows hold exactly those parts between them.
  std::sort(unrated.begin(), unrated.end(),
            [](const auto& x, const auto& y) { return std::get<0>(x).code() < std::get<0>(y).code(); });
  if (r->open_not_converted.size() != unrated.size())
    return "pipeline report: " + std::to_string(r->open_not_converted.size()) + " currencies not converted, not " +
           std::to_string(unrated.size());
  for (std::size_t i = 0; i < unrated.size(); ++i) {
    const auto& [c, n, total, weighted] = unrated[i];
    const unconverted& u = r->open_not_converted[i];
    if (u.currency != c || u.deals != n || u.total != money(static_cast<std::int64_t>(total), c) ||
        u.weighted != money(static_cast<std::int64_t>(detail::div_round_half_even(weighted, 100)), c))
      return "pipeline report: not converted " + std::string(c.code()) + " is " + std::to_string(u.deals) + " deals, " +
             to_string(u.total) + ", weighted " + to_string(u.weighted) + "; the exact part " + std::to_string(n) +
             " deals, " + text128(total) + " and " + text128(weighted) + "/100 minor units";
  }
  const auto parts_of = [&](const auto& rows, const std::string& what) -> std::string {
    for (const auto& [c, n, total, weighted] : unrated) {
      std::uint64_t deals_in_rows = 0;
      int128 total_in_rows = 0;
      for (const auto& row : rows) {
        if constexpr (requires { row.kind; })
          if (row.kind != stage_kind::open) continue;
        for (const unconverted& u : row.not_converted)
          if (u.currency == c) {
            deals_in_rows += u.deals;
            total_in_rows += u.total.minor_units();
          }
      }
      if (deals_in_rows != n || total_in_rows != total)
        return what + ": the rows' " + std::string(c.code()) + " parts hold " + std::to_string(deals_in_rows) +
               " deals, " + text128(total_in_rows) + "; the whole " + std::to_string(n) + ", " + text128(total);
    }
    return {};
  };
  if (auto bad = parts_of(r->by_category, "pipeline report by category"); !bad.empty()) return bad;
  if (auto bad = parts_of(r->by_owner, "pipeline report by owner"); !bad.empty()) return bad;
  if (auto bad = parts_of(r->by_stage, "pipeline report by stage"); !bad.empty()) return bad;
  {
    std::uint64_t n = 0;
    int128 t = 0, w = 0;
    for (const auto& row : r->by_category) {
      n += row.deals;
      t += row.total.minor_units();
      w += row.weighted.minor_units();
    }
    if (auto bad = judge_parts(n, open, t, r->open_total.minor_units(), w, r->open_weighted.minor_units(),
                               "pipeline report by category");
        !bad.empty())
      return bad;
  }
  {
    std::uint64_t n = 0;
    int128 t = 0, w = 0;
    for (const auto& row : r->by_owner) {
      n += row.deals;
      t += row.total.minor_units();
      w += row.weighted.minor_units();
    }
    if (auto bad = judge_parts(n, open, t, r->open_total.minor_units(), w, r->open_weighted.minor_units(),
                               "pipeline report by owner");
        !bad.empty())
      return bad;
  }
  {
    // Open stages hold exactly the open deals.
    std::uint64_t n = 0, all = 0;
    int128 t = 0, w = 0;
    for (const auto& row : r->by_stage) {
      all += row.deals;
      if (row.kind != stage_kind::open) continue;
      n += row.deals;
      t += row.total.minor_units();
      w += row.weighted.minor_units();
    }
    if (all != r->deals.open + r->deals.won + r->deals.lost + r->deals.disqualified)
      return "pipeline report: stage rows count " + std::to_string(all) + " deals";
    if (auto bad = judge_parts(n, open, t, r->open_total.minor_units(), w, r->open_weighted.minor_units(),
                               "pipeline report by stage");
        !bad.empty())
      return bad;
  }
  return {};
}

// ---------------------------------------------------------------------------
// 5. The range forecast: P10 <= P50 <= P90, its mean near the weighted pipeline,
//    and within its stated bounds of an exact enumeration when small enough

// `weighted` is the weighted call of the same period (forecast_calls). The header
// documents the stepped distribution's mean as the exact expected value, the two
// reported within 1 + (currencies other than the reporting one) minor units plus
// the doubles' error, at most 1e-12 of the uncertain deals' span; the span is at most
// range_buckets (at most 1,000,000) steps, so that error is within 1e-6 of a step.
inline std::string judge_range(const range_forecast& r, const money& weighted, std::size_t foreign_currencies) {
  if (!(r.p10.minor_units() <= r.p50.minor_units() && r.p50.minor_units() <= r.p90.minor_units()))
    return "range forecast: P10 " + to_string(r.p10) + ", P50 " + to_string(r.p50) + ", P90 " + to_string(r.p90) +
           " are out of order";
  if (r.expected_value != weighted)
    return "range forecast: expected value " + to_string(r.expected_value) + ", the weighted call " + to_string(weighted);
  const int128 gap = static_cast<int128>(r.distribution_mean.minor_units()) - r.expected_value.minor_units();
  // |gap| <= 1 + foreign + resolution / 10^6, times 10^6
  const int128 bound_e6 = (1 + static_cast<int128>(foreign_currencies)) * 1'000'000 + r.resolution.minor_units();
  if ((gap < 0 ? -gap : gap) * 1'000'000 > bound_e6)
    return "range forecast: mean " + to_string(r.distribution_mean) + " is " + text128(gap) +
           " minor units from the expected value " + to_string(r.expected_value) + "; the bound is " +
           std::to_string(1 + foreign_currencies) + " + " + to_string(r.resolution) + " / 10^6";
  return {};
}

inline std::string check_range(std::span<const opportunity> deals, const fiscal_period& period, const validated_policy& p) {
  const auto r = forecast_range(deals, period, p);
  const auto call = forecast_calls(deals, period, p);
  if (!r || !call) {
    if (!r && r.error().code != errc::overflow) return "range forecast: " + describe(r.error());
    return {};  // an overflow: the sums' invariant judges those
  }
  std::vector<currency> foreign;
  for (const auto& o : deals)
    if (contains(period, forecast_date(o)) && o.amount.currency() != p.exchange()->reporting &&
        std::find(foreign.begin(), foreign.end(), o.amount.currency()) == foreign.end())
      foreign.push_back(o.amount.currency());
  if (auto bad = judge_range(*r, call->weighted, foreign.size()); !bad.empty()) return bad;
  // Up to 16 uncertain deals: every outcome enumerated.
  if (const auto exact = enumerate_range(deals, period, p, 16))
    return judge_range_exact(*r, *exact, p.forecast()->range_buckets);
  return {};
}

// ---------------------------------------------------------------------------
// 6. Win rates are in [0, 1], and exactly won / (won + lost) rounded down

inline std::string judge_win_rate(const win_rate_figure& w, const std::string& what) {
  const std::uint64_t n = w.won + w.lost;
  if (n == 0) return w.rate ? what + ": a rate without won or lost deals" : std::string();
  if (!w.rate) return what + ": no rate for " + std::to_string(n) + " closed deals";
  if (*w.rate < percent() || *w.rate > percent::from_whole(100)) return what + ": rate " + to_string(*w.rate) + " outside 0-100%";
  const auto bp = static_cast<std::int64_t>(static_cast<int128>(w.won) * 10'000 / n);
  if (w.rate->basis_points() != bp)
    return what + ": rate " + to_string(*w.rate) + " for " + std::to_string(w.won) + " won of " + std::to_string(n);
  return {};
}

inline std::string check_win_loss(std::span<const opportunity> deals, const validated_policy& p) {
  const auto r = analyze_win_loss(deals, p);
  if (!r) {
    // A generated won deal may close before its history entered the cycle's stage.
    if (r.error().code != errc::overflow && r.error().code != errc::inconsistent) return "win/loss: " + describe(r.error());
    return {};
  }
  std::uint64_t won = 0, lost = 0;
  reference_sum won_ref;
  for (const auto& o : deals) {
    won += o.outcome == deal_outcome::won;
    lost += o.outcome == deal_outcome::lost;
    if (o.outcome == deal_outcome::won) won_ref.add(o.amount);
  }
  if (r->win_rate.won != won || r->win_rate.lost != lost)
    return "win/loss: counts " + std::to_string(r->win_rate.won) + " won and " + std::to_string(r->win_rate.lost) +
           " lost, the deals hold " + std::to_string(won) + " and " + std::to_string(lost);
  if (auto bad = judge_win_rate(r->win_rate, "win rate"); !bad.empty()) return bad;
  if (auto bad = judge_win_rate(r->qualified_win_rate, "qualified win rate"); !bad.empty()) return bad;
  for (const auto& s : r->segments)
    if (auto bad = judge_win_rate(s.win_rate, "win rate of segment '" + s.segment + "'"); !bad.empty()) return bad;
  if (auto bad = judge_sum(r->won_total, won_ref.in(p.exchange()), p.exchange()->reporting, "win/loss won_total"); !bad.empty())
    return bad;
  return {};
}

// All the pipeline invariants over one generated pipeline.
inline std::string property_pipeline(entropy& e, pipeline_shape shape) {
  std::size_t refused = 0;
  const validated_policy p = generated_policy(e, &refused);
  if (refused) return "generator: a policy validate() refuses";
  const auto deals = gen_pipeline(e, p, shape);
  const fiscal_period period = pick_period(e, deals, p);
  if (auto bad = check_rollups(deals, p); !bad.empty()) return bad;
  if (auto bad = check_forecast_calls(deals, period, p); !bad.empty()) return bad;
  if (auto bad = check_range(deals, period, p); !bad.empty()) return bad;
  if (auto bad = check_win_loss(deals, p); !bad.empty()) return bad;
  const date today = gen_date(e);
  if (auto bad = check_pipeline_report(deals, p, today); !bad.empty()) return bad;
  // The same deals with one currency's rate taken away: its deals still count, their
  // amounts are apart, and the rows still add up to the converted whole.
  if (p.exchange()->rates.empty()) return {};
  policy fewer = p.data();
  fewer.exchange.rates.erase(fewer.exchange.rates.begin() +
                             static_cast<std::ptrdiff_t>(e.below(fewer.exchange.rates.size())));
  const auto q = validate(std::move(fewer));
  if (!q) return "generator: a policy without one rate is refused: " + describe(q.error());
  return check_pipeline_report(deals, *q, today);
}

// ---------------------------------------------------------------------------
// 7. JSON policy -> load -> save -> load is the identity

inline std::string judge_roundtrip(const policy& original, const std::string& text, const expected<policy, error>& read,
                                   const std::string& text_again) {
  if (!read) return "policy JSON: the saved policy does not load: " + describe(read.error()) + "\n" + text;
  if (!(*read == original)) {
    // Name the first section that differs.
    std::string which = "a section";
    const policy& got = *read;
    boost::mp11::mp_for_each<boost::describe::describe_members<policy, boost::describe::mod_public>>([&](auto member) {
      using d = decltype(member);
      if (which == "a section" && !(original.*d::pointer == got.*d::pointer)) which = d::name;
    });
    return "policy JSON: the loaded policy differs from the saved one in /" + which + "\n" + text;
  }
  if (text_again != text) return "policy JSON: saving the loaded policy gives another text\n" + text + "\n---\n" + text_again;
  return {};
}

inline std::string property_policy_json(entropy& e) {
  const policy p = gen_policy(e);
  if (!validate(p)) return "generator: a policy validate() refuses";
  const std::string text = io::policy_json(p);
  const auto read = io::parse_policy(text);
  const std::string again = read ? io::policy_json(*read) : std::string();
  if (auto bad = judge_roundtrip(p, text, read, again); !bad.empty()) return bad;
  const auto loaded = io::load_policy(text);
  if (!loaded) return "policy JSON: load_policy refuses a saved valid policy: " + describe(loaded.error());
  // validate() writes the workflow options' criteria into the gates (stage.hpp): the
  // loaded policy is the original as validate() makes it.
  if (!(loaded->data() == validate(p)->data())) return "policy JSON: load_policy gives another policy than validate";
  return {};
}

// ---------------------------------------------------------------------------
// Every invariant, for the fuzzer: the first violation found.

inline std::string check_all(entropy& e) {
  switch (e.below(6)) {
    case 0: return property_discount_monotone(e);
    case 1: return property_rating_monotone(e);
    case 2: return property_stage_move(e);
    case 3: return property_policy_json(e);
    case 4: return property_pipeline(e, {amounts::huge, e.coin(), 12});
    default: return property_pipeline(e, {e.coin() ? amounts::ordinary : amounts::credits, false, 20});
  }
}

}  // namespace salesrules::props

#endif  // SALESRULES_TESTS_PROPERTIES_INVARIANTS_HPP
