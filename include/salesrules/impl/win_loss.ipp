// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/win_loss.ipp - the definitions behind win_loss.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_WIN_LOSS_IPP
#define SALESRULES_IMPL_WIN_LOSS_IPP

#include <salesrules/win_loss.hpp>

#include <salesrules/date.hpp>
#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/money_totals.hpp>
#include <salesrules/names.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>

#include <algorithm>
#include <cstddef>
#include <utility>

namespace salesrules {

namespace detail {

SALESRULES_INLINE std::optional<percent> share_of(int128 num, int128 den, bool round_up) noexcept {
  if (den <= 0) return std::nullopt;
  int128 scaled = 0;
  if (__builtin_mul_overflow(num, int128{10'000}, &scaled)) return std::nullopt;
  const int128 q = round_up ? ceil_div(scaled, den) : floor_div(scaled, den);
  if (q > INT64_MAX || q < INT64_MIN) return std::nullopt;
  return percent::from_basis_points(static_cast<std::int64_t>(q));
}

SALESRULES_INLINE std::optional<int> compare_share(int128 num, int128 den, std::int64_t bp) noexcept {
  int128 l = 0, r = 0;
  if (__builtin_mul_overflow(num, int128{10'000}, &l) || __builtin_mul_overflow(static_cast<int128>(bp), den, &r))
    return std::nullopt;
  return l < r ? -1 : l > r ? 1 : 0;
}

SALESRULES_INLINE std::optional<int> compare_fractions(int128 a, int128 b, int128 c, int128 d) noexcept {
  int128 l = 0, r = 0;
  if (__builtin_mul_overflow(a, d, &l) || __builtin_mul_overflow(c, b, &r)) return std::nullopt;
  return l < r ? -1 : l > r ? 1 : 0;
}

SALESRULES_INLINE expected<int128, error> exact_in_reporting(const opportunity& o,
                                                             const validated<exchange_policy>& x) {
  const auto rate = rate_of(o.amount.currency(), x);
  if (!rate) return unexpected<error>(about_deal(o, within("/amount", rate.error())));
  // units = minor x rate x 10^(to_digits + 4 - from_digits), over 10^13.
  const int shift = x->reporting.minor_digits() + 4 - o.amount.currency().minor_digits();
  int128 v = static_cast<int128>(o.amount.minor_units()) * rate->billionths();  // < 2^126
  if (__builtin_mul_overflow(v, pow10_128(shift), &v))
    return unexpected<error>(about_deal(o, error{errc::overflow, "/amount", "the amount is too large to convert"}));
  return v;
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE expected<money, error> exact_to_money(int128 units, int128 count, currency c) {
  const int128 q = div_round_half_even(units, count * pow10_128(exact_money_digits));
  if (q > INT64_MAX || q < INT64_MIN)
    return fail(errc::overflow, "", "an average overflows 64-bit minor units of " + std::string(c.code()));
  return money(static_cast<std::int64_t>(q), c);
}

SALESRULES_INLINE void add_cycle(cycle_figure& c, std::int32_t days) noexcept {
  ++c.deals;
  c.total_days += days;
}

SALESRULES_INLINE void finish_cycle(cycle_figure& c) noexcept {
  if (c.deals == 0) return;
  const auto n = static_cast<int128>(c.deals);
  c.average_days = static_cast<std::int32_t>(floor_div(c.total_days, n));
  if (c.target_days) c.under_target = static_cast<int128>(c.total_days) < static_cast<int128>(*c.target_days) * n;
}

// Deals counted under names (ignoring case), each name as first spelled: a hash
// lookup a name, however many names there are. The names are views of the deals
// under analysis, which outlive the tally.
class name_tally {
 public:
  // Counts deal number `deal` under `name`, unless this deal was already counted
  // under it (a competitor named twice in one deal counts once).
  void count(std::string_view name, std::size_t deal) {
    const auto [n, added] = names_.insert(name);
    if (added) {
      list_.push_back(ranked_name{std::string(name), 0});
      last_deal_.push_back(deal);
    } else if (last_deal_[n] == deal) {
      return;
    }
    last_deal_[n] = deal;
    ++list_[n].deals;
  }

  [[nodiscard]] std::vector<ranked_name> take() { return std::move(list_); }

 private:
  iname_table<std::string_view> names_;
  std::vector<ranked_name> list_;       // by number
  std::vector<std::size_t> last_deal_;  // per name: the deal it was last counted for
};

SALESRULES_INLINE void rank(std::vector<ranked_name>& list) {
  std::sort(list.begin(), list.end(), [](const ranked_name& a, const ranked_name& b) {
    return a.deals != b.deals ? a.deals > b.deals : a.name < b.name;
  });
}

SALESRULES_INLINE std::optional<std::int32_t> cycle_target(const win_loss_policy& p,
                                                           std::string_view segment) noexcept {
  for (const auto& t : p.cycle_targets)
    if (same_name(t.segment, segment)) return t.days;
  return std::nullopt;
}

// Segments by name (ignoring case), each with its cycle target, found by hash. The
// names are views of the deals and the policy, which outlive the index.
class segment_index {
 public:
  explicit segment_index(const win_loss_policy& p) {
    for (const auto& t : p.cycle_targets)
      if (targets_.insert(t.segment).second) days_.push_back(t.days);
  }

  segment_win_loss& of(std::vector<segment_win_loss>& segments, const std::string& name) {
    const auto [n, added] = at_.insert(name);
    if (!added) return segments[n];
    segment_win_loss& s = segments.emplace_back();
    s.segment = name;
    if (const std::size_t t = targets_.find(name); t != targets_.size())
      s.created_to_closed.target_days = s.from_stage_to_won.target_days = days_[t];
    return s;
  }

 private:
  iname_table<std::string_view> at_;       // numbered as the report's segments
  iname_table<std::string_view> targets_;  // numbered as days_
  std::vector<std::int32_t> days_;
};

}  // namespace detail

SALESRULES_INLINE expected<win_loss_report, error> analyze_win_loss(std::span<const opportunity> deals,
                                                                    const validated_policy& policy) noexcept {
  using detail::int128;
  const sales_process& proc = *policy.process();
  const win_loss_policy& wl = *policy.win_loss();
  const auto& x = policy.exchange();
  // validate(policy) guarantees both name open stages.
  const std::size_t from_stage = find_stage(policy.process(), wl.cycle_from_stage).value_or(0);
  const std::size_t needs_stage = find_stage(policy.process(), wl.needs_assessment_stage).value_or(0);
  const auto kind_of = [&](std::size_t i) { return proc.stages[i].kind; };

  win_loss_report r;
  r.won_total = money(0, x->reporting);
  std::vector<std::size_t> open_slot(proc.stages.size(), SIZE_MAX);  // stage -> place in conversion/lost_at
  for (std::size_t i = 0; i < proc.stages.size(); ++i)
    if (kind_of(i) == stage_kind::open) {
      open_slot[i] = r.conversion.size();
      r.conversion.push_back(stage_conversion{proc.stages[i].name, 0, 0, std::nullopt});
      r.lost_at.push_back(stage_loss{proc.stages[i].name, 0});
    }

  money_totals won_totals;
  std::vector<int128> won_exact;  // each won amount, exactly, in the reporting currency
  int128 won_exact_sum = 0;
  std::uint64_t lost_known = 0, lost_early = 0;
  std::vector<std::size_t> hist;  // the current deal's history as stage indices
  std::vector<unsigned char> seen(proc.stages.size(), 0);  // open stages the deal has entered
  std::vector<unsigned char> advanced;  // per history entry: moved on from it
  detail::segment_index segments(wl);
  detail::name_tally reasons, competitors;

  for (std::size_t n = 0; n < deals.size(); ++n) {
    const opportunity& o = deals[n];
    if (auto at = deal_stage(o, policy.process()); !at) return unexpected<error>(detail::about_deal(deals, o, at.error()));
    hist.clear();
    for (std::size_t i = 0; i < o.stage_history.size(); ++i) {
      const auto at = detail::history_stage(o, i, policy.process());
      if (!at) return unexpected<error>(detail::about_deal(deals, o, at.error()));
      hist.push_back(*at);
    }

    const bool won = o.outcome == deal_outcome::won;
    switch (o.outcome) {
      case deal_outcome::open: ++r.deals.open; continue;
      case deal_outcome::won: ++r.deals.won; break;
      case deal_outcome::lost: ++r.deals.lost; break;
      case deal_outcome::disqualified: ++r.deals.disqualified; break;
      default: continue;  // not a known outcome: counted nowhere
    }

    // The funnel: every closed deal, each open stage counted at its first entry. A
    // backward pass finds, for each entry, whether a later open stage or a win follows.
    advanced.assign(hist.size(), 0);
    bool won_after = false;
    std::optional<std::size_t> highest_open_after;
    for (std::size_t i = hist.size(); i-- > 0;) {
      const std::size_t k = hist[i];
      advanced[i] = won || won_after || (highest_open_after && *highest_open_after > k);
      if (kind_of(k) == stage_kind::won) won_after = true;
      if (kind_of(k) == stage_kind::open) highest_open_after = std::max(highest_open_after.value_or(k), k);
    }
    for (std::size_t i = 0; i < hist.size(); ++i) {
      const std::size_t k = hist[i];
      if (kind_of(k) != stage_kind::open || seen[k]) continue;
      seen[k] = 1;
      auto& c = r.conversion[open_slot[k]];
      ++c.entered;
      if (advanced[i]) ++c.advanced;
    }
    for (std::size_t k : hist) seen[k] = 0;

    const date closed = o.closed_date.value_or(o.close_date);
    const std::int32_t days = days_between(o.created_date, closed);
    if (days < 0)
      return unexpected<error>(detail::about_deal(
          deals, o, error{errc::inconsistent, "/closed_date",
                   "closed on " + to_string(closed) + ", before it was created on " + to_string(o.created_date)}));
    if (o.outcome == deal_outcome::disqualified) continue;

    // Win rates, overall, qualified and by segment.
    detail::count_outcome(r.win_rate, won);
    if (score(o.ratings, policy.scorecard()).tier != qualification_tier::needs_qualification)
      detail::count_outcome(r.qualified_win_rate, won);
    segment_win_loss& seg = segments.of(r.segments, o.segment);
    detail::count_outcome(seg.win_rate, won);

    if (won) {
      won_totals.add(o.amount);
      const auto exact = detail::exact_in_reporting(o, x);
      if (!exact) return unexpected<error>(detail::about_deal(deals, o, exact.error()));
      won_exact.push_back(*exact);
      if (__builtin_add_overflow(won_exact_sum, *exact, &won_exact_sum))
        return detail::fail(errc::overflow, "", "the won amounts overflow 128 bits");

      detail::add_cycle(r.created_to_closed, days);
      detail::add_cycle(seg.created_to_closed, days);

      const auto first = std::find(hist.begin(), hist.end(), from_stage);
      if (first != hist.end()) {
        const auto i = static_cast<std::size_t>(first - hist.begin());
        date end = closed;
        for (std::size_t j = hist.size(); j-- > i + 1;)
          if (kind_of(hist[j]) == stage_kind::won) {
            end = o.stage_history[j].entered;
            break;
          }
        const std::int32_t stage_days = days_between(o.stage_history[i].entered, end);
        if (stage_days < 0)
          return unexpected<error>(detail::about_deal(
              deals, o, error{errc::inconsistent, detail::pointer("stage_history", i, "entered"),
                       "entered " + detail::quoted(wl.cycle_from_stage) + " on " +
                           to_string(o.stage_history[i].entered) + ", after it was won on " +
                           to_string(end)}));
        detail::add_cycle(r.from_stage_to_won, stage_days);
        detail::add_cycle(seg.from_stage_to_won, stage_days);
      }
      continue;
    }

    // Lost: where, and why.
    const std::optional<std::size_t> last_open = detail::last_open_stage(hist, proc);
    if (last_open) {
      ++r.lost_at[open_slot[*last_open]].lost;
      ++lost_known;
      if (*last_open <= needs_stage) ++lost_early;
    } else {
      ++r.lost_stage_unknown;
    }
    if (detail::is_blank(o.loss_reason))
      ++r.lost_without_reason;
    else
      reasons.count(o.loss_reason, n);
    for (const std::string& c : o.competitors)
      if (!detail::is_blank(c)) competitors.count(c, n);
  }
  r.loss_reasons = reasons.take();
  r.competitors = competitors.take();

  detail::finish_rate(r.win_rate);
  detail::finish_rate(r.qualified_win_rate);
  for (auto& c : r.conversion) c.rate = detail::share_down(c.advanced, c.entered);
  r.lost_by_needs_assessment = detail::share_up(lost_early, lost_known);
  detail::rank(r.loss_reasons);
  detail::rank(r.competitors);
  detail::finish_cycle(r.created_to_closed);
  detail::finish_cycle(r.from_stage_to_won);
  for (auto& s : r.segments) {
    detail::finish_rate(s.win_rate);
    detail::finish_cycle(s.created_to_closed);
    detail::finish_cycle(s.from_stage_to_won);
  }
  std::sort(r.segments.begin(), r.segments.end(),
            [](const segment_win_loss& a, const segment_win_loss& b) { return a.segment < b.segment; });

  if (!won_totals.empty()) {
    auto total = won_totals.in(x);
    if (!total) return unexpected<error>(std::move(total.error()));
    r.won_total = *total;
    const auto n = static_cast<int128>(won_exact.size());
    auto average = detail::exact_to_money(won_exact_sum, n, x->reporting);
    if (!average) return unexpected<error>(std::move(average.error()));
    r.average_won = *average;
    std::sort(won_exact.begin(), won_exact.end());
    const std::size_t mid = won_exact.size() / 2;
    int128 middle = won_exact[mid], count = 1;
    if (won_exact.size() % 2 == 0) {
      count = 2;
      if (__builtin_add_overflow(middle, won_exact[mid - 1], &middle))
        return detail::fail(errc::overflow, "", "the median's two middle amounts overflow 128 bits");
    }
    auto median = detail::exact_to_money(middle, count, x->reporting);
    if (!median) return unexpected<error>(std::move(median.error()));
    r.median_won = *median;
  }
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_WIN_LOSS_IPP
