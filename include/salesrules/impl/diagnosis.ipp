// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/diagnosis.ipp - the definitions behind diagnosis.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_DIAGNOSIS_IPP
#define SALESRULES_IMPL_DIAGNOSIS_IPP

#include <salesrules/diagnosis.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/stage.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace salesrules {

SALESRULES_INLINE bool pipeline_figures::add(const pipeline_figures& more) noexcept {
  std::int64_t discounts = 0;
  if (__builtin_add_overflow(won_discount_total, more.won_discount_total, &discounts)) return false;
  won_discount_total = discounts;
  open_deals += more.open_deals;
  single_threaded += more.single_threaded;
  open_in_discovery += more.open_in_discovery;
  stalled_in_discovery += more.stalled_in_discovery;
  won_deals += more.won_deals;
  lost_deals += more.lost_deals;
  lost_to_competitors += more.lost_to_competitors;
  return true;
}

SALESRULES_INLINE std::vector<diagnosis> diagnosis_report::found() const noexcept {
  std::vector<diagnosis> out;
  for (const auto& d : checks)
    if (d.status == diagnosis_status::triggered) out.push_back(d);
  return out;
}

SALESRULES_INLINE const diagnosis* diagnosis_report::of(salesrules::problem p) const noexcept {
  for (const auto& d : checks)
    if (d.problem == p) return &d;
  return nullptr;
}

namespace detail {
SALESRULES_INLINE bool lost_to_competitor(const opportunity& o, const diagnosis_policy& dp) noexcept {
  for (const auto& r : dp.competitor_loss_reasons)
    if (same_name(o.loss_reason, r)) return true;
  for (const auto& c : o.competitors)
    if (!is_blank(c)) return true;
  return false;
}
}  // namespace detail

SALESRULES_INLINE expected<pipeline_figures, error> measure_pipeline(std::span<const opportunity> deals,
                                                                     const validated_policy& policy,
                                                                     date today) noexcept {
  const sales_process& proc = *policy.process();
  const hygiene_policy& h = *policy.hygiene();
  const diagnosis_policy& dp = *policy.diagnosis();
  // validate(policy) guarantees qualified_after names an open stage.
  const std::size_t discovery = find_stage(proc, h.qualified_after).value_or(0);
  const std::int32_t stale_after = stale_days_for(h, h.qualified_after);
  const auto min_contacts = static_cast<std::size_t>(h.min_contacts);

  pipeline_figures f;
  for (const opportunity& o : deals) {
    const auto at = deal_stage(o, policy.process());
    if (!at) return unexpected<error>(detail::about_deal(deals, o, at.error()));
    switch (o.outcome) {
      case deal_outcome::open:
        ++f.open_deals;
        if (contacts_engaged(o) < min_contacts) ++f.single_threaded;
        if (*at == discovery) {
          ++f.open_in_discovery;
          if (days_between(o.last_activity_date.value_or(o.created_date), today) >= stale_after)
            ++f.stalled_in_discovery;
        }
        break;
      case deal_outcome::won:
        ++f.won_deals;
        if (__builtin_add_overflow(f.won_discount_total, o.requested_discount.basis_points(), &f.won_discount_total))
          return unexpected<error>(
              detail::about_deal(deals, o, error{errc::overflow, "/requested_discount", "the discounts sum past 64 bits"}));
        break;
      case deal_outcome::lost: {
        ++f.lost_deals;
        if (detail::lost_to_competitor(o, dp)) ++f.lost_to_competitors;
        break;
      }
      case deal_outcome::disqualified: break;
    }
  }
  return f;
}

namespace detail {

// A check with its texts and threshold filled in, not yet judged.
SALESRULES_INLINE diagnosis check_of(problem p, std::optional<percent> threshold, std::uint64_t deals) noexcept {
  return diagnosis{p, diagnosis_status::no_figure, std::nullopt, threshold, deals, root_cause_of(p), remedy_of(p)};
}

// Judge `num / den` against the threshold: triggered above it (`above`) or below it.
// The figure is rounded toward the trigger side's opposite, so that it agrees with
// the exact comparison: up when above triggers, down when below does.
SALESRULES_INLINE diagnosis judge_share(problem p, int128 num, int128 den, std::uint64_t deals, percent threshold,
                                        bool above, std::uint32_t min_deals) noexcept {
  diagnosis d = check_of(p, threshold, deals);
  if (den <= 0) return d;
  d.value = share_of(num, den, above);
  const auto c = compare_share(num, den, threshold.basis_points());
  if (!c) return d;
  if (deals < min_deals) {
    d.status = diagnosis_status::too_few_deals;
    return d;
  }
  d.status = (above ? *c > 0 : *c < 0) ? diagnosis_status::triggered : diagnosis_status::clear;
  return d;
}

}  // namespace detail

SALESRULES_INLINE expected<diagnosis_report, error> diagnose(const diagnosis_inputs& in,
                                                             const validated_policy& policy) noexcept {
  using detail::int128;
  if (in.forecast && in.forecast->forecast.currency() != in.forecast->actual.currency())
    return unexpected<error>(detail::within("/forecast/actual", detail::currency_mismatch(in.forecast->forecast,
                                                                                         in.forecast->actual)));
  if (in.coverage && in.coverage->pipeline.currency() != in.coverage->quota.currency())
    return unexpected<error>(detail::within("/coverage/quota", detail::currency_mismatch(in.coverage->pipeline,
                                                                                        in.coverage->quota)));
  const diagnosis_policy& dp = *policy.diagnosis();
  const auto min = dp.min_deals;
  const pipeline_figures& f = in.pipeline;
  diagnosis_report r;
  r.checks.reserve(7);

  r.checks.push_back(detail::judge_share(problem::stalling_at_discovery, f.stalled_in_discovery,
                                         f.open_in_discovery, f.open_in_discovery, dp.max_discovery_stall_share,
                                         true, min));

  // Accuracy = (actual - |forecast - actual|) / actual.
  if (in.forecast && in.forecast->forecast.currency() == in.forecast->actual.currency()) {
    const int128 fc = in.forecast->forecast.minor_units(), a = in.forecast->actual.minor_units();
    r.checks.push_back(detail::judge_share(problem::low_forecast_accuracy, a - (fc > a ? fc - a : a - fc), a,
                                           in.forecast->deals, dp.min_forecast_accuracy, false, min));
  } else {
    r.checks.push_back(detail::check_of(problem::low_forecast_accuracy, dp.min_forecast_accuracy,
                                        in.forecast ? in.forecast->deals : 0));
  }

  {
    diagnosis d = detail::check_of(problem::falling_win_rate, std::nullopt, 0);
    const auto closed = [](const win_rate_figure& w) {
      return static_cast<int128>(w.won) + static_cast<int128>(w.lost);
    };
    if (in.win_rate) {
      d.deals = in.win_rate->won + in.win_rate->lost;
      d.value = detail::share_down(in.win_rate->won, closed(*in.win_rate));
    }
    if (in.previous_win_rate)
      d.threshold = detail::share_down(in.previous_win_rate->won, closed(*in.previous_win_rate));
    if (d.value && d.threshold) {
      const auto c = detail::compare_fractions(in.win_rate->won, closed(*in.win_rate), in.previous_win_rate->won,
                                               closed(*in.previous_win_rate));
      if (closed(*in.win_rate) < min || closed(*in.previous_win_rate) < min)
        d.status = diagnosis_status::too_few_deals;
      else if (c)
        d.status = *c < 0 ? diagnosis_status::triggered : diagnosis_status::clear;
    }
    r.checks.push_back(d);
  }

  r.checks.push_back(detail::judge_share(problem::single_threaded, f.single_threaded, f.open_deals, f.open_deals,
                                         dp.max_single_threaded_share, true, min));

  // The average discount: total basis points / won deals, compared as a share of 10,000.
  r.checks.push_back(detail::judge_share(problem::discount_erosion, f.won_discount_total,
                                         static_cast<int128>(f.won_deals) * 10'000, f.won_deals,
                                         dp.max_won_discount, true, min));

  if (in.coverage && in.coverage->pipeline.currency() == in.coverage->quota.currency())
    r.checks.push_back(detail::judge_share(problem::low_coverage, in.coverage->pipeline.minor_units(),
                                           in.coverage->quota.minor_units(), in.coverage->deals, dp.min_coverage,
                                           false, min));
  else
    r.checks.push_back(detail::check_of(problem::low_coverage, dp.min_coverage, in.coverage ? in.coverage->deals : 0));

  r.checks.push_back(detail::judge_share(problem::competitive_losses, f.lost_to_competitors, f.lost_deals,
                                         f.lost_deals, dp.max_competitor_loss_share, true, min));
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DIAGNOSIS_IPP
