// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/rollup.ipp - the definitions behind rollup.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_ROLLUP_IPP
#define SALESRULES_IMPL_ROLLUP_IPP

#include <salesrules/rollup.hpp>
// The categorisation the groups are formed by. (When header-only, forecast.hpp
// declares it before it includes rollup.hpp, so this is complete either way.)
#include <salesrules/forecast.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/names.hpp>
#include <salesrules/stage.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace salesrules {
namespace detail {

// Dense ids for the groups one rollup dimension meets, with their names and order.
class group_ids {
 public:
  explicit group_ids(rollup_by by) noexcept : by_(by) {}

  std::uint32_t id_of(const opportunity& o, std::size_t stage, forecast_category category,
                      const validated<fiscal_calendar>& cal) {
    switch (by_) {
      case rollup_by::stage: return static_cast<std::uint32_t>(stage);
      case rollup_by::category: return static_cast<std::uint32_t>(category);
      case rollup_by::owner: return name_id(o.owner);
      case rollup_by::segment: return name_id(o.segment);
      case rollup_by::month:
      case rollup_by::quarter:
      case rollup_by::year: break;
    }
    return period_id(forecast_date(o), cal);
  }

  // The group's name for the report.
  std::string label(std::uint32_t id, const sales_process& proc) const {
    switch (by_) {
      case rollup_by::stage: return proc.stages[id].name;
      case rollup_by::category: return std::string(name_of(static_cast<forecast_category>(id)));
      case rollup_by::owner:
      case rollup_by::segment: return is_blank(names_list_[id]) ? "(none)" : std::string(names_list_[id]);
      default: return labels_[id];
    }
  }

  // Sort keys: time for periods, process order for stages, enum order for
  // categories, alphabetical for names.
  std::vector<std::int64_t> order(std::uint32_t count) const {
    std::vector<std::int64_t> key(count);
    if (by_ == rollup_by::owner || by_ == rollup_by::segment) {
      std::vector<std::uint32_t> ids(count);
      for (std::uint32_t i = 0; i < count; ++i) ids[i] = i;
      std::sort(ids.begin(), ids.end(), [&](auto a, auto b) { return names_list_[a] < names_list_[b]; });
      for (std::uint32_t rank = 0; rank < count; ++rank) key[ids[rank]] = rank;
    } else {
      for (std::uint32_t i = 0; i < count; ++i) key[i] = i < codes_.size() ? codes_[i] : i;
    }
    return key;
  }
  std::uint32_t size(const sales_process& proc) const noexcept {
    switch (by_) {
      case rollup_by::stage: return static_cast<std::uint32_t>(proc.stages.size());
      case rollup_by::category: return 6;
      case rollup_by::owner:
      case rollup_by::segment: return static_cast<std::uint32_t>(names_list_.size());
      default: return static_cast<std::uint32_t>(codes_.size());
    }
  }

 private:
  std::uint32_t period_id(const date& d, const validated<fiscal_calendar>& cal) {
    const auto pos = position(d, *cal);
    const unsigned index = by_ == rollup_by::month ? pos.month_index : by_ == rollup_by::quarter ? pos.month_index / 3 : 0;
    const std::int64_t code = std::int64_t{pos.start_year} * 16 + index;  // orders periods in time
    // A pipeline spans few periods: a scan of their codes beats hashing.
    for (std::size_t i = 0; i < codes_.size(); ++i)
      if (codes_[i] == code) return static_cast<std::uint32_t>(i);
    const auto kind = by_ == rollup_by::month ? period_kind::month
                      : by_ == rollup_by::quarter ? period_kind::quarter
                                                  : period_kind::year;
    codes_.push_back(code);
    labels_.push_back(to_string(period_of(d, kind, cal)));
    return static_cast<std::uint32_t>(codes_.size() - 1);
  }

  std::uint32_t name_id(std::string_view name) {
    auto [it, added] = names_.try_emplace(name, static_cast<std::uint32_t>(names_list_.size()));
    if (added) names_list_.push_back(name);
    return it->second;
  }

  rollup_by by_;
  std::vector<std::int64_t> codes_;
  std::vector<std::string> labels_;
  std::unordered_map<std::string_view, std::uint32_t> names_;  // views into the deals, alive for the call
  std::vector<std::string_view> names_list_;
};

SALESRULES_INLINE std::size_t group_sums::count() const noexcept {
  std::uint64_t n = 0;
  for (const auto& e : entries) n += e.deals;
  return static_cast<std::size_t>(n);
}

SALESRULES_INLINE void group_sums::add(const money& m, int percent) noexcept {
  const int128 v = m.minor_units();
  for (auto& e : entries)
    if (e.cur == m.currency()) {
      e.total += v * 100;
      e.weighted += v * percent;
      ++e.deals;
      return;
    }
  entries.push_back(entry{m.currency(), v * 100, v * percent, 1});
}

SALESRULES_INLINE void group_sums::add(const group_sums& g) noexcept {
  for (const auto& o : g.entries) {
    bool found = false;
    for (auto& e : entries)
      if (e.cur == o.cur) {
        e.total += o.total;
        e.weighted += o.weighted;
        e.deals += o.deals;
        found = true;
        break;
      }
    if (!found) entries.push_back(o);
  }
}

SALESRULES_INLINE std::optional<error> group_sums::split(const validated<exchange_policy>& x, group_sums& rated,
                                                        std::vector<unconverted>& apart) const {
  rated = group_sums{};
  apart.clear();
  for (const auto& e : entries) {
    if (has_rate(e.cur, x)) {
      rated.entries.push_back(e);
      continue;
    }
    const int128 t = e.total / 100;  // exact: the total is minor units x 100
    const int128 w = div_round_half_even(e.weighted, 100);
    if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
      return error{errc::overflow, "",
                   "the amounts in " + std::string(e.cur.code()) + " sum past 64-bit minor units"};
    apart.push_back(unconverted{e.cur, e.deals, money(static_cast<std::int64_t>(t), e.cur),
                                money(static_cast<std::int64_t>(w), e.cur)});
  }
  std::sort(apart.begin(), apart.end(),
            [](const unconverted& a, const unconverted& b) { return a.currency.code() < b.currency.code(); });
  return std::nullopt;
}

SALESRULES_INLINE std::optional<error> group_sums::read_converted(const validated<exchange_policy>& x, money& total,
                                                                 money& weighted,
                                                                 std::vector<unconverted>& apart) const {
  group_sums rated;
  if (auto e = split(x, rated, apart)) return e;
  return rated.read(x, total, weighted);
}

SALESRULES_INLINE std::optional<error> group_sums::read(const validated<exchange_policy>& x, money& total,
                                                       money& weighted) const {
  int128 t = 0, w = 0;
  for (const auto& e : entries) {
    const auto rate = rate_of(e.cur, x);
    if (!rate) return rate.error();
    const auto ct = convert_units(e.total, e.cur, *rate, x->reporting, 2);
    const auto cw = convert_units(e.weighted, e.cur, *rate, x->reporting, 2);
    if (!ct || !cw || __builtin_add_overflow(t, *ct, &t) || __builtin_add_overflow(w, *cw, &w))
      return error{errc::overflow, "", "a total overflows 128 bits"};
  }
  if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
    return error{errc::overflow, "", "a total overflows 64-bit minor units of " + std::string(x->reporting.code())};
  total = money(static_cast<std::int64_t>(t), x->reporting);
  weighted = money(static_cast<std::int64_t>(w), x->reporting);
  return std::nullopt;
}

SALESRULES_INLINE std::optional<error> read_rows(std::span<const group_sums* const> rows, const validated<exchange_policy>& x,
                               money& whole_total, money& whole_weighted, std::span<row_figures> out) {
  const currency to = x->reporting;
  const int128 den = split_denominator(to, 2);
  error overflow{errc::overflow, "", "a total overflows 128 bits"};
  group_sums whole;
  std::vector<split_units> totals(rows.size()), weighted(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    whole.add(*rows[i]);
    for (const auto& e : rows[i]->entries) {
      const auto rate = rate_of(e.cur, x);
      if (!rate) return rate.error();
      const auto t = convert_units_split(e.total, e.cur, *rate, to, 2);
      const auto w = convert_units_split(e.weighted, e.cur, *rate, to, 2);
      if (!t || !w || !add_split(totals[i], *t, den) || !add_split(weighted[i], *w, den)) return overflow;
    }
  }
  if (auto e = whole.read(x, whole_total, whole_weighted)) return e;
  std::vector<std::uint32_t> scratch;
  const std::vector<split_units> exact_totals = totals;
  if (!apportion(totals, whole_total.minor_units(), {}, scratch)) return overflow;
  std::vector<unit_claim> claims(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) claims[i] = weighted_claim(weighted[i], exact_totals[i], totals[i].floor);
  // Which side of its total each row's exact weighted figure is on, before apportioning.
  // Equal figures (deals won or at 100%) count as below for amounts, above for credits.
  std::vector<std::int8_t> side(rows.size());
  std::vector<int128> weighted_floor(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& w = weighted[i];
    const auto& t = exact_totals[i];
    weighted_floor[i] = w.floor;
    side[i] = static_cast<std::int8_t>(w < t ? -1 : w > t ? 1 : t.floor >= 0 ? -1 : 1);
  }
  if (!apportion(weighted, whole_weighted.minor_units(), claims, scratch)) return overflow;
  // With several currencies the wholes' own roundings can leave a row's weighted
  // figure on the wrong side of its total, with no unit left for the claims to move.
  // Then the row gives a unit to (or takes one from) another row with room, the one
  // the unit moves least from its exact value: when rising, the row that has taken
  // the fewest units beyond its floor, then the largest fraction, the earlier row on
  // a tie; when falling, the most units taken, then the smallest fraction, the later
  // row on a tie (the reverse of the order apportion() hands units out in).
  const auto has_room = [&](std::size_t j, int128 step) {
    const int128 w = weighted[j].floor + step;
    return step > 0 ? side[j] > 0 || w <= totals[j].floor : side[j] < 0 || w >= totals[j].floor;
  };
  const auto better = [&](std::size_t j, std::size_t best, int128 step) {
    const int128 taken_j = weighted[j].floor - weighted_floor[j];
    const int128 taken_best = weighted[best].floor - weighted_floor[best];
    if (taken_j != taken_best) return step > 0 ? taken_j < taken_best : taken_j > taken_best;
    return step > 0 ? weighted[j].fraction > weighted[best].fraction
                    : weighted[j].fraction <= weighted[best].fraction;
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool too_high = side[i] < 0 && weighted[i].floor > totals[i].floor;
    const bool too_low = side[i] > 0 && weighted[i].floor < totals[i].floor;
    if (!too_high && !too_low) continue;
    const int128 step = too_high ? 1 : -1;  // what the other row takes
    std::size_t best = rows.size();
    for (std::size_t j = 0; j < rows.size(); ++j)
      if (j != i && has_room(j, step) && (best == rows.size() || better(j, best, step))) best = j;
    if (best == rows.size()) continue;
    weighted[i].floor -= step;
    weighted[best].floor += step;
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int128 t = totals[i].floor, w = weighted[i].floor;
    if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
      return error{errc::overflow, "", "a total overflows 64-bit minor units of " + std::string(to.code())};
    out[i] = {money(static_cast<std::int64_t>(t), to), money(static_cast<std::int64_t>(w), to)};
  }
  return std::nullopt;
}

}  // namespace detail

SALESRULES_INLINE expected<rollup_table, error> rollup(std::span<const opportunity> deals, const rollup_options& options,
                                                       const validated_policy& policy) noexcept {
  const sales_process& proc = *policy.process();
  detail::group_ids first(options.by);
  std::optional<detail::group_ids> second;
  if (options.then_by) second.emplace(*options.then_by);

  detail::rate_check rates(policy.exchange());
  // row_of[a][b] is 1 + the row of groups (a, b), or 0 while there is none.
  std::vector<std::vector<std::uint32_t>> row_of;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> row_keys;
  std::vector<detail::group_sums> sums;

  for (const opportunity& o : deals) {
    if (!options.include_closed && o.outcome != deal_outcome::open) continue;
    const auto found = find_stage(policy.process(), o.stage);
    if (!found) return unexpected<error>(detail::about_deal(deals, o, detail::stage_of(o, policy.process()).error()));
    const std::size_t stage = *found;
    const auto decision = detail::categorize_in(o, proc.stages[stage], policy);
    if (!decision) return unexpected<error>(detail::about_deal(deals, o, decision.error()));
    if (auto e = rates(o)) return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
    const std::uint32_t a = first.id_of(o, stage, decision->category, policy.calendar());
    const std::uint32_t b = second ? second->id_of(o, stage, decision->category, policy.calendar()) : 0;
    if (a >= row_of.size()) row_of.resize(a + 1);
    if (b >= row_of[a].size()) row_of[a].resize(b + 1, 0);
    std::uint32_t& slot = row_of[a][b];
    if (slot == 0) {
      sums.emplace_back();
      row_keys.emplace_back(a, b);
      slot = static_cast<std::uint32_t>(sums.size());
    }
    sums[slot - 1].add(o.amount, detail::forecast_weight(*decision));
  }

  rollup_table table;
  table.options = options;
  const auto order_a = first.order(first.size(proc));
  const auto order_b = second ? second->order(second->size(proc)) : std::vector<std::int64_t>{};
  std::vector<std::uint32_t> by_order(sums.size());
  for (std::uint32_t i = 0; i < by_order.size(); ++i) by_order[i] = i;
  std::sort(by_order.begin(), by_order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const auto [xa, xb] = row_keys[x];
    const auto [ya, yb] = row_keys[y];
    if (order_a[xa] != order_a[ya]) return order_a[xa] < order_a[ya];
    return second && order_b[xb] < order_b[yb];
  });
  table.rows.reserve(sums.size());
  std::vector<const detail::group_sums*> ordered;
  ordered.reserve(sums.size());
  for (std::uint32_t i : by_order) {
    rollup_row& row = table.rows.emplace_back();
    row.key = first.label(row_keys[i].first, proc);
    if (second) row.subkey = second->label(row_keys[i].second, proc);
    row.count = sums[i].count();
    table.all.count += row.count;
    ordered.push_back(&sums[i]);
  }
  table.all.key = "all";
  std::vector<detail::row_figures> figures(ordered.size());
  if (auto e = detail::read_rows(ordered, policy.exchange(), table.all.total, table.all.weighted, figures))
    return unexpected<error>(std::move(*e));
  for (std::size_t i = 0; i < figures.size(); ++i) {
    table.rows[i].total = figures[i].total;
    table.rows[i].weighted = figures[i].weighted;
  }
  return table;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_ROLLUP_IPP
