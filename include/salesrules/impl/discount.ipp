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
#include <vector>

namespace salesrules {

SALESRULES_INLINE std::string_view level_name(level_index level, const validated<discount_policy>& p) noexcept {
  const auto at = static_cast<std::size_t>(level);
  return at < p->levels.size() ? std::string_view(p->levels[at]) : std::string_view();
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

// Rule i applies to `d`, which saw `seen` of the request (as in decide_into's scan).
template <class Trace>
void apply_to(discount_decision& d, const compiled_discount& c, std::size_t i, std::int64_t seen, Trace& trace) {
  const compiled_rule& rule = c.rules[i];
  const level_index before = d.level;
  d.level = level_index{apply_rule(static_cast<std::uint8_t>(d.level), rule, c.top)};
  const auto new_reviewers = rule.reviewers - d.reviewers;
  const auto new_evidence = rule.evidence - d.required;
  d.reviewers |= rule.reviewers;
  d.required |= rule.evidence;
  if constexpr (!std::is_same_v<Trace, no_trace>)
    trace.add(decision_step{decision_step_kind::rule, i, seen_figure(rule, seen), threshold_figure(rule), before,
                            d.level, new_reviewers, new_evidence});
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
  for (std::size_t k = 0; k < deal_dimensions; ++k) {
    const auto& candidates = c.first_candidates[k];
    if (candidates.empty()) continue;
    std::int64_t seen = 0;
    bool yes = false;  // for the yes/no dimensions: whether their condition holds
    switch (static_cast<deal_dimension>(k)) {
      case deal_dimension::deal_amount:
        if (!amount_judged(amount, c, candidates.front())) return amount_error(amount, p, candidates.front());
        seen = amount.minor_units();
        break;
      case deal_dimension::term_months: seen = r.term_months; break;
      case deal_dimension::payment_days: seen = r.payment_days; break;
      case deal_dimension::nonstandard_terms: seen = r.nonstandard_terms; yes = r.nonstandard_terms; break;
      case deal_dimension::multi_year: seen = r.term_months; yes = r.term_months > 12; break;
      case deal_dimension::phased_rollout: seen = r.phased_rollout; yes = r.phased_rollout; break;
    }
    const auto when = static_cast<deal_dimension>(k);
    const bool numeric = when == deal_dimension::deal_amount || when == deal_dimension::term_months ||
                         when == deal_dimension::payment_days;
    if (!numeric) {
      if (yes) {
        seen_by[count] = seen;
        fired[count++] = candidates.front();
      }
      continue;
    }
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

// Decide `r` into `d`, which the caller owns (so nothing is copied on the way out);
// an error naming the field when the request cannot be judged.
template <class Trace>
std::optional<error> decide_into(discount_decision& d, const discount_request& r, const validated<discount_policy>& p,
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
    const auto same = [first = std::bit_cast<std::uint32_t>(r.lines.front().list.currency())](currency of) {
      return std::bit_cast<std::uint32_t>(of) == first;
    };
    for (std::size_t i = 0; i < r.lines.size(); ++i) {
      const auto& l = r.lines[i];
      const std::int64_t list = l.list.minor_units(), net = l.net.minor_units();
      if (!same(l.list.currency()) || !same(l.net.currency()) || list <= 0 || net < 0 || net > list)
        return line_error(r, i);
      const std::int64_t off = list - net;  // 0 <= off <= list: no overflow
      // off / list > l_off / l_of, cross-multiplied.
      if (static_cast<int128>(off) * l_of > static_cast<int128>(l_off) * list) {
        l_off = off;
        l_of = list;
      }
      wide |= __builtin_add_overflow(list64, list, &list64);
      wide |= __builtin_add_overflow(off64, off, &off64);
      wide |= __builtin_add_overflow(net64, net, &net64);
    }
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
    enum_set<deal_dimension> done;
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      const compiled_rule& rule = c.rules[i];
      if (done.contains(rule.when)) continue;
      std::int64_t seen = 0;
      bool holds = false;
      switch (rule.when) {
        case deal_dimension::deal_amount:
          if (!amount_judged(amount, c, i)) return amount_error(amount, p, i);
          seen = amount.minor_units();
          holds = seen >= rule.at_least;
          break;
        case deal_dimension::term_months: seen = r.term_months; holds = seen >= rule.at_least; break;
        case deal_dimension::payment_days: seen = r.payment_days; holds = seen >= rule.at_least; break;
        case deal_dimension::nonstandard_terms: seen = r.nonstandard_terms; holds = r.nonstandard_terms; break;
        case deal_dimension::multi_year: seen = r.term_months; holds = r.term_months > 12; break;
        case deal_dimension::phased_rollout: seen = r.phased_rollout; holds = r.phased_rollout; break;
      }
      if (!holds) continue;
      done.insert(rule.when);
      apply_to(d, c, i, seen, trace);
    }
  }
  d.missing = d.required - r.evidence;
  d.rep_may_approve = d.level == level_index{} && d.reviewers.empty() && d.missing.empty();
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
  // At most the band and the first rule of each dimension: one allocation, never a regrowth.
  out->trace.reserve(1 + detail::deal_dimensions);
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
  r.needed = !r.why.empty();
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DISCOUNT_IPP
