// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/success.ipp - the definitions behind success.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_SUCCESS_IPP
#define SALESRULES_IMPL_SUCCESS_IPP

#include <salesrules/success.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/stage.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace salesrules {

SALESRULES_INLINE std::size_t success_scorecard::count(success_verdict v) const noexcept {
  std::size_t n = 0;
  for (const auto& r : rows) n += r.verdict == v ? 1 : 0;
  return n;
}

namespace detail {

SALESRULES_INLINE success_verdict verdict_if(std::optional<bool> passed) noexcept {
  return !passed ? success_verdict::unknown : *passed ? success_verdict::pass : success_verdict::fail;
}

// Both amounts set, in one currency, and the second positive.
SALESRULES_INLINE bool comparable(const std::optional<money>& a, const std::optional<money>& b) noexcept {
  return a && b && a->currency() == b->currency() && b->minor_units() > 0;
}

// A row for `num / den` held at least (or at most) `target`; unknown when den <= 0.
SALESRULES_INLINE success_row share_row(success_metric metric, int128 num, int128 den, bool have, percent target,
                                        target_rule rule) {
  success_row row{metric, {}, std::nullopt, rule, measure::of(target), std::nullopt, success_verdict::unknown};
  if (!have || den <= 0) return row;
  const bool lower_is_better = rule == target_rule::at_most;
  if (auto f = share_of(num, den, lower_is_better)) row.figure = measure::of(*f);
  if (auto c = compare_share(num, den, target.basis_points()))
    row.verdict = verdict_if(lower_is_better ? *c <= 0 : *c >= 0);
  return row;
}

SALESRULES_INLINE success_row win_rate_row(success_metric metric, const std::optional<win_rate_figure>& w,
                                           percent target) {
  const int128 won = w ? static_cast<int128>(w->won) : 0, lost = w ? static_cast<int128>(w->lost) : 0;
  return share_row(metric, won, won + lost, w.has_value(), target, target_rule::at_least);
}

}  // namespace detail

SALESRULES_INLINE success_inputs success_inputs_from(const win_loss_report& report) noexcept {
  success_inputs in;
  in.win_rate = report.win_rate;
  in.qualified_win_rate = report.qualified_win_rate;
  in.average_deal_size = report.average_won;
  for (const auto& s : report.segments)
    in.cycles.push_back(segment_cycle{s.segment, s.from_stage_to_won.deals, s.from_stage_to_won.total_days});
  return in;
}

SALESRULES_INLINE expected<meddpicc_completion, error> measure_meddpicc_completion(
    std::span<const opportunity> deals, const validated_policy& policy) noexcept {
  const sales_process& proc = *policy.process();
  // validate(policy) guarantees qualified_after names an open stage.
  const std::size_t after = find_stage(proc, policy.hygiene()->qualified_after).value_or(0);
  meddpicc_completion m;
  for (const opportunity& o : deals) {
    const auto at = deal_stage(o, policy.process());
    if (!at) return unexpected<error>(detail::about_deal(deals, o, at.error()));
    if (!is_open(o) || *at <= after || proc.stages[*at].kind != stage_kind::open) continue;
    ++m.deals;
    if (check_meddpicc(o.meddpicc, policy.meddpicc()).is_complete()) ++m.complete;
  }
  return m;
}

SALESRULES_INLINE expected<success_scorecard, error> evaluate_success(const success_inputs& in,
                                                                    const validated_policy& policy) noexcept {
  using detail::int128;
  auto same_currency = [](const std::optional<money>& a, const std::optional<money>& b, const char* where,
                          const char* what) -> std::optional<error> {
    if (a && b && a->currency() != b->currency())
      return error{errc::currency_mismatch, where,
                   std::string(what) + " " + to_string(*b) + " is not in the currency of " + to_string(*a)};
    return std::nullopt;
  };
  for (auto e : {same_currency(in.closed_won, in.quota, "/quota", "the quota"),
                 same_currency(in.average_deal_size, in.previous_average_deal_size, "/previous_average_deal_size",
                               "the previous average deal size"),
                 same_currency(in.weighted_pipeline, in.remaining_quota, "/remaining_quota", "the remaining quota"),
                 same_currency(in.forecast, in.actual, "/actual", "the actual")})
    if (e) return unexpected<error>(std::move(*e));
  const win_loss_policy& wl = *policy.win_loss();
  success_scorecard card;
  auto& rows = card.rows;

  // Quota attainment: closed won / quota, at least the target.
  {
    const bool have = detail::comparable(in.closed_won, in.quota);
    rows.push_back(detail::share_row(success_metric::quota_attainment, have ? in.closed_won->minor_units() : 0,
                                     have ? in.quota->minor_units() : 0, have, wl.quota_attainment_target,
                                     target_rule::at_least));
  }

  // Win rates.
  rows.push_back(detail::win_rate_row(success_metric::win_rate, in.win_rate, wl.win_rate_target));
  rows.push_back(
      detail::win_rate_row(success_metric::qualified_win_rate, in.qualified_win_rate, wl.qualified_win_rate_target));

  // Average deal size: up on the previous period.
  {
    success_row row{success_metric::average_deal_size, {}, std::nullopt, target_rule::above_previous,
                    std::nullopt, std::nullopt, success_verdict::unknown};
    if (in.average_deal_size) row.figure = measure::of(*in.average_deal_size);
    if (in.previous_average_deal_size) row.target = measure::of(*in.previous_average_deal_size);
    if (in.average_deal_size && in.previous_average_deal_size &&
        in.average_deal_size->currency() == in.previous_average_deal_size->currency())
      row.verdict =
          detail::verdict_if(in.average_deal_size->minor_units() > in.previous_average_deal_size->minor_units());
    rows.push_back(std::move(row));
  }

  // Sales cycle length, by segment.
  if (in.cycles.empty())
    rows.push_back(success_row{success_metric::cycle_length, {}, std::nullopt, target_rule::under, std::nullopt,
                               std::nullopt, success_verdict::unknown});
  for (const auto& c : in.cycles) {
    success_row row{success_metric::cycle_length, c.segment, std::nullopt, target_rule::under,
                    std::nullopt, std::nullopt, success_verdict::unknown};
    const auto target = detail::cycle_target(wl, c.segment);
    if (target) row.target = measure::of_days(*target);
    if (c.deals > 0) {
      const auto n = static_cast<int128>(c.deals);
      row.figure = measure::of_days(static_cast<std::int32_t>(detail::floor_div(c.total_days, n)));
      if (target)
        row.verdict = detail::verdict_if(static_cast<int128>(c.total_days) < static_cast<int128>(*target) * n);
    }
    rows.push_back(std::move(row));
  }

  // Pipeline coverage: weighted pipeline / remaining quota, within the weighted target.
  {
    const coverage_target& t = policy.coverage()->weighted;
    success_row row{success_metric::pipeline_coverage, {}, std::nullopt, target_rule::within, measure::of(t.low),
                    std::nullopt, success_verdict::unknown};
    if (t.high) row.target_high = measure::of(*t.high);
    if (detail::comparable(in.weighted_pipeline, in.remaining_quota)) {
      const int128 num = in.weighted_pipeline->minor_units(), den = in.remaining_quota->minor_units();
      if (auto f = detail::share_down(num, den)) row.figure = measure::of(*f);
      const auto low = detail::compare_share(num, den, t.low.basis_points());
      const auto high = t.high ? detail::compare_share(num, den, t.high->basis_points()) : std::optional<int>(-1);
      if (low && high) row.verdict = detail::verdict_if(*low >= 0 && *high <= 0);
    }
    rows.push_back(std::move(row));
  }

  // Forecast accuracy: |forecast - actual| / actual, at most the target.
  {
    const bool have = detail::comparable(in.forecast, in.actual);
    const int128 f = have ? in.forecast->minor_units() : 0, a = have ? in.actual->minor_units() : 0;
    rows.push_back(detail::share_row(success_metric::forecast_accuracy, f > a ? f - a : a - f, a, have,
                                     policy.forecast()->accuracy_target, target_rule::at_most));
  }

  // MEDDPICC completion past Discovery.
  rows.push_back(detail::share_row(success_metric::meddpicc_completion, in.meddpicc ? in.meddpicc->complete : 0,
                                   in.meddpicc ? in.meddpicc->deals : 0, in.meddpicc.has_value(),
                                   wl.meddpicc_completion_target, target_rule::at_least));

  // Activity-to-close: meetings booked per deal closed, below the previous period's.
  {
    success_row row{success_metric::activity_to_close, {}, std::nullopt, target_rule::below_previous,
                    std::nullopt, std::nullopt, success_verdict::unknown};
    const auto ratio = [](const std::optional<activity_figure>& a) -> std::optional<percent> {
      if (!a || a->deals_closed == 0) return std::nullopt;
      return detail::share_up(a->meetings_booked, a->deals_closed);
    };
    if (auto now = ratio(in.activity)) row.figure = measure::of(*now);
    if (auto before = ratio(in.previous_activity)) row.target = measure::of(*before);
    if (row.figure && row.target)
      if (auto c = detail::compare_fractions(in.activity->meetings_booked, in.activity->deals_closed,
                                             in.previous_activity->meetings_booked,
                                             in.previous_activity->deals_closed))
        row.verdict = detail::verdict_if(*c < 0);
    rows.push_back(std::move(row));
  }
  return card;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_SUCCESS_IPP
