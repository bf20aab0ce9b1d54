// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/calibration.ipp - the definitions behind calibration.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_CALIBRATION_IPP
#define SALESRULES_IMPL_CALIBRATION_IPP

#include <salesrules/calibration.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/names.hpp>

#include <cstddef>
#include <map>
#include <utility>

namespace salesrules {

namespace detail {

SALESRULES_INLINE std::optional<error> calibration_count(calibration_tally& t, const opportunity& o,
                                                         const validated<sales_process>& proc) {
  if (o.outcome == deal_outcome::open) return std::nullopt;
  const auto at = deal_stage(o, proc);
  if (!at) return at.error();
  const bool won = o.outcome == deal_outcome::won;
  if (o.outcome == deal_outcome::disqualified) {
    ++t.disqualified;
    return std::nullopt;
  }
  if (won) {
    ++t.won;
    ++t.won_in[*at];
    return std::nullopt;
  }
  const auto lost_in = lost_in_stage(o, proc);
  if (!lost_in) return lost_in.error();
  if (!*lost_in) {
    ++t.lost_stage_unknown;
    return std::nullopt;
  }
  ++t.lost;
  ++t.lost_in[**lost_in];
  return std::nullopt;
}

SALESRULES_INLINE calibration_report calibration_report_of(const calibration_tally& t, const sales_process& proc,
                                                           std::uint32_t min_deals,
                                                           std::optional<std::string> segment) {
  calibration_report r;
  r.segment = std::move(segment);
  r.won = t.won;
  r.lost = t.lost;
  r.lost_stage_unknown = t.lost_stage_unknown;
  r.disqualified = t.disqualified;
  r.min_deals = min_deals;

  // Open stages come first in a validated process; a deal lost in stage k reached 0..k.
  std::size_t open_stages = 0;
  while (open_stages < proc.stages.size() && proc.stages[open_stages].kind == stage_kind::open) ++open_stages;
  std::uint64_t lost_at_or_after = 0;
  std::vector<std::uint64_t> reached(open_stages, 0);
  for (std::size_t i = open_stages; i-- > 0;) {
    lost_at_or_after += t.lost_in[i];
    reached[i] = t.won + lost_at_or_after;
  }
  auto row = [&](const stage& s, std::uint64_t reached_n, std::uint64_t won_n) {
    stage_calibration c;
    c.stage = s.name;
    c.kind = s.kind;
    c.configured = s.probability;
    c.reached = reached_n;
    c.won = won_n;
    c.evidence = reached_n >= min_deals ? calibration_evidence::sufficient : calibration_evidence::insufficient;
    if (c.evidence == calibration_evidence::sufficient)
      c.observed = percent::from_basis_points(
          static_cast<std::int64_t>(div_round_half_even(static_cast<int128>(won_n) * 10'000, reached_n)));
    c.suggested = s.probability;
    return c;
  };
  for (std::size_t i = 0; i < open_stages; ++i) r.stages.push_back(row(proc.stages[i], reached[i], t.won));
  for (std::size_t i = open_stages; i < proc.stages.size(); ++i)
    if (proc.stages[i].kind == stage_kind::won) r.stages.push_back(row(proc.stages[i], t.won_in[i], t.won_in[i]));

  // Pool adjacent violators over the open stages. Insufficient stages are fixed at their
  // configured percent; as configured percents never fall, two fixed values never need
  // pooling, and a pooled block holding a fixed stage takes its value.
  std::vector<calibration_block> blocks;
  for (std::size_t i = 0; i < open_stages; ++i) {
    const auto& c = r.stages[i];
    calibration_block b = c.evidence == calibration_evidence::insufficient
                              ? calibration_block{c.configured.whole_percent(), 100, true, i}
                              : calibration_block{static_cast<int128>(c.won), static_cast<int128>(c.reached), false, i};
    while (!blocks.empty() && calibration_above(blocks.back(), b)) {
      const calibration_block& prev = blocks.back();
      if (!b.fixed) {
        if (prev.fixed) {
          b.won = prev.won;
          b.reached = prev.reached;
          b.fixed = true;
        } else {
          b.won += prev.won;
          b.reached += prev.reached;
        }
      }
      blocks.pop_back();
    }
    blocks.push_back(b);
  }
  std::size_t first = 0;
  for (const auto& b : blocks) {
    const auto pct = static_cast<int>(div_round_half_even(b.won * 100, b.reached));
    for (std::size_t i = first; i <= b.last; ++i)
      if (r.stages[i].evidence == calibration_evidence::sufficient)
        r.stages[i].suggested = *probability::from_percent(pct);  // a rate of won deals: 0-100
    first = b.last + 1;
  }
  return r;
}

template <class Accept>
expected<calibration_report, error> calibration_where(std::span<const opportunity> deals,
                                                     const validated_policy& policy,
                                                     std::optional<std::string> segment, Accept accept) {
  const sales_process& proc = *policy.process();
  calibration_tally t(proc.stages.size());
  for (const auto& o : deals)
    if (accept(o))
      if (auto e = calibration_count(t, o, policy.process()))
        return unexpected<error>(about_deal(deals, o, std::move(*e)));
  return calibration_report_of(t, proc, policy.forecast()->calibration_min_deals, std::move(segment));
}

}  // namespace detail

SALESRULES_INLINE expected<calibration_report, error> calibrate(std::span<const opportunity> deals,
                                                                const validated_policy& policy) noexcept {
  return detail::calibration_where(deals, policy, std::nullopt, [](const opportunity&) { return true; });
}

SALESRULES_INLINE expected<calibration_report, error> calibrate(std::span<const opportunity> deals,
                                                                const validated_policy& policy,
                                                                std::string_view segment) noexcept {
  return detail::calibration_where(deals, policy, std::string(segment),
                                 [segment](const opportunity& o) { return same_name(o.segment, segment); });
}

SALESRULES_INLINE expected<std::vector<calibration_report>, error> calibrate_segments(
    std::span<const opportunity> deals, const validated_policy& policy) noexcept {
  const sales_process& proc = *policy.process();
  // Segments are names (names.hpp): grouped ignoring ASCII case, under the first deal's spelling.
  std::map<std::string, detail::calibration_tally, detail::iname_less> by_segment;
  for (const auto& o : deals) {
    if (o.outcome == deal_outcome::open) continue;
    auto it = by_segment.find(o.segment);
    if (it == by_segment.end()) it = by_segment.emplace(o.segment, detail::calibration_tally(proc.stages.size())).first;
    if (auto e = detail::calibration_count(it->second, o, policy.process()))
      return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
  }
  std::vector<calibration_report> out;
  out.reserve(by_segment.size());
  for (const auto& [segment, t] : by_segment)
    out.push_back(detail::calibration_report_of(t, proc, policy.forecast()->calibration_min_deals, segment));
  return out;
}

SALESRULES_INLINE expected<std::vector<stage>, error> suggested_stages(
    const calibration_report& report, const validated<sales_process>& process) noexcept {
  std::vector<stage> out = process->stages;
  std::size_t row = 0;
  for (auto& s : out) {
    if (s.kind == stage_kind::lost) continue;
    if (row >= report.stages.size() || report.stages[row].stage != s.name || report.stages[row].kind != s.kind)
      return detail::fail(errc::inconsistent, "/report/stages",
                          "the calibration report does not list stage " + detail::quoted(s.name) +
                              " where the sales process has it; calibrate with this policy");
    if (s.kind == stage_kind::open) s.probability = report.stages[row].suggested;
    ++row;
  }
  if (row != report.stages.size())
    return detail::fail(errc::inconsistent, "/report/stages",
                        "the calibration report lists stages the sales process does not have; calibrate with this "
                        "policy");
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_CALIBRATION_IPP
