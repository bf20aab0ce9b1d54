// SPDX-License-Identifier: BSL-1.0
// salesrules/forecast_calls.hpp - a period's forecast calls (closed, commit, best
// case, pipeline and weighted) with managers' adjustments beside them; the actual
// closed won they are measured against, the forecast's accuracy, and how far deals'
// close dates have slipped.
#ifndef SALESRULES_FORECAST_CALLS_HPP
#define SALESRULES_FORECAST_CALLS_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace salesrules {

// The levels of a forecast call, cumulative as CRMs roll them up: closed won;
// commit = closed + Commit; best case = commit + Best Case; pipeline = best case +
// Pipeline + Upside.
enum class call_level : std::uint8_t { closed, commit, best_case, pipeline };
BOOST_DESCRIBE_ENUM(call_level, closed, commit, best_case, pipeline)

// A manager's own figure for a level: recorded beside the computed one, never in its place.
struct manager_adjustment {
  call_level level{};
  money amount;
  std::string by;
  std::string reason;
  friend bool operator==(const manager_adjustment&, const manager_adjustment&) = default;
};
BOOST_DESCRIBE_STRUCT(manager_adjustment, (), (level, amount, by, reason))

struct adjusted_call {
  call_level level{};
  money computed;
  money adjusted;
  money difference;  // adjusted - computed
  std::string by;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(adjusted_call, (), (level, computed, adjusted, difference, by, reason))

struct forecast_call {
  fiscal_period period;
  money closed;     // won deals closed in the period
  money commit;     // closed + open Commit deals closing in the period
  money best_case;  // commit + Best Case
  money pipeline;   // best case + Pipeline + Upside
  money weighted;   // closed + amount x probability of the open deals (Omitted excluded)
  std::array<std::size_t, 6> deals{};  // per forecast_category, in enum order
  std::vector<adjusted_call> adjustments;

  [[nodiscard]] const money& at(call_level l) const noexcept {
    return l == call_level::closed ? closed : l == call_level::commit ? commit : l == call_level::best_case ? best_case : pipeline;
  }
};

// The calls for a period from the deals closing in it; Omitted deals count in none.
// Adjustments must be in the reporting currency.
[[nodiscard]] expected<forecast_call, error> forecast_calls(std::span<const opportunity> deals,
                                                            const fiscal_period& period, const validated_policy& policy,
                                                            std::span<const manager_adjustment> adjustments = {}) noexcept;

// Won deals closed in the period, in the reporting currency: the actual a forecast
// for a past period is measured against.
[[nodiscard]] expected<money, error> closed_won(std::span<const opportunity> deals, const fiscal_period& period,
                                                const validated_policy& policy) noexcept;

// Forecast accuracy for a past period, the playbook's Abs(Forecast - Actual) / Actual
// (target within 10%). The error is rounded up to a basis point, so a forecast is
// never reported closer than it was.
struct forecast_accuracy {
  money forecast;
  money actual;
  percent error;     // |forecast - actual| / actual, rounded up to a basis point
  percent accuracy;  // 100% - error, at least 0
  bool within_target = false;  // error <= policy.forecast.accuracy_target
};
BOOST_DESCRIBE_STRUCT(forecast_accuracy, (), (forecast, actual, error, accuracy, within_target))

// An error when the two are in different currencies or the actual is not positive
// (accuracy against nothing booked is undefined).
[[nodiscard]] expected<forecast_accuracy, error> accuracy(const money& forecast, const money& actual,
                                                          const validated_policy& policy) noexcept;

// How a deal's close date has been pushed, from its close-date history.
struct deal_slippage {
  std::size_t deal = 0;           // index in the range
  std::uint32_t pushes = 0;       // changes to a later date
  std::int64_t days_pushed = 0;   // their total
  std::int32_t largest_push = 0;  // the longest single push, in days
  bool left_period = false;       // a change moved it from inside the period to after it
  friend constexpr bool operator==(const deal_slippage&, const deal_slippage&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(deal_slippage, (), (deal, pushes, days_pushed, largest_push, left_period))

struct slippage_report {
  std::vector<deal_slippage> deals;  // every deal pushed at least once, or moved out of the period
  std::size_t left_period = 0;       // deals moved out of the period
  std::uint64_t pushes = 0;          // all pushes
};

[[nodiscard]] slippage_report slippage(std::span<const opportunity> deals, const fiscal_period& period) noexcept;

// One deal's slippage (its `deal` is 0), without allocating: what slippage() reports of
// it, or pushes 0 and left_period false when it reports nothing.
[[nodiscard]] deal_slippage slippage_of(const opportunity& deal, const fiscal_period& period) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/forecast_calls.ipp>
#endif

#endif  // SALESRULES_FORECAST_CALLS_HPP
