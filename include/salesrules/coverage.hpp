// SPDX-License-Identifier: BSL-1.0
// salesrules/coverage.hpp - pipeline coverage for a period.
//
// The playbook's two measures: total pipeline / quota, against a target that
// depends on how far into the quarter "today" is (early 4-5x, mid 3x, late
// 1.5-2x), and weighted pipeline / remaining quota, against 3-4x at all times.
// The pipeline is the open deals closing in the period; the remaining quota is the
// quota less what has closed won in it.
#ifndef SALESRULES_COVERAGE_HPP
#define SALESRULES_COVERAGE_HPP

#include <salesrules/config.hpp>
#include <salesrules/coverage_policy.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <span>

namespace salesrules {

enum class coverage_verdict : std::uint8_t { below, within, above };
BOOST_DESCRIBE_ENUM(coverage_verdict, below, within, above)

// One coverage figure: the ratio, the target it is held to, and the verdict.
struct coverage_check {
  std::optional<percent> ratio;  // rounded down to a basis point; none when the divisor is 0
                                 // (the verdict is decided on the exact fraction)
  coverage_target target;
  std::optional<coverage_verdict> verdict;  // none when there is no ratio
  friend constexpr bool operator==(const coverage_check&, const coverage_check&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(coverage_check, (), (ratio, target, verdict))

struct coverage_report {
  fiscal_period period;
  // Where "today" falls: its month's place in the quarter when inside the period;
  // early before the period starts, late after it ends.
  quarter_phase phase{};
  money quota;
  money closed_won;
  money remaining;  // quota - closed won, not below 0
  money pipeline;   // open deals closing in the period (rep-omitted ones left out)
  money weighted;   // their amount x probability
  coverage_check total;     // pipeline / quota, against the phase's target
  coverage_check weighted_check;  // weighted / remaining, against the weighted target
};
BOOST_DESCRIBE_STRUCT(coverage_report, (),
                      (period, phase, quota, closed_won, remaining, pipeline, weighted, total, weighted_check))

// Coverage of `quota` (in the reporting currency, positive) for `period` as of `today`.
[[nodiscard]] expected<coverage_report, error> coverage(std::span<const opportunity> deals, const fiscal_period& period,
                                                        const money& quota, date today,
                                                        const validated_policy& policy) noexcept;

// The verdict of `ratio` against `target`.
[[nodiscard]] constexpr coverage_verdict judge(percent ratio, const coverage_target& target) noexcept {
  if (ratio < target.low) return coverage_verdict::below;
  if (target.high && ratio > *target.high) return coverage_verdict::above;
  return coverage_verdict::within;
}

namespace detail {
// a / b against `target`: the ratio rounded down to a basis point for show, and the
// verdict decided on the exact fraction (a ratio a hair above 4x shows as 400% and is
// above a 400% ceiling). No ratio when b is not positive.
coverage_check check_against(const money& a, const money& b, const coverage_target& target) noexcept;
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/coverage.ipp>
#endif

#endif  // SALESRULES_COVERAGE_HPP
