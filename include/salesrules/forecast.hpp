// SPDX-License-Identifier: BSL-1.0
// salesrules/forecast.hpp - forecast categories and weighted amounts; with the
// headers it includes, the whole forecast.
//
// A deal's category comes from its probability through the policy's bands (Commit
// 90%+, Best Case 60-89%, Pipeline 20-59%, Upside below 20%), or from its stage when
// the policy maps stages to categories; won deals are Closed, lost and disqualified
// ones Omitted; a rep's override wins and is reported as one.
//
// The rest of the forecast has a header each, all included here so that this one
// header still gives all of it: money_totals.hpp (exact sums in several currencies),
// apportion.hpp (rows that add up to their whole), rollup.hpp (rollups by period,
// owner, stage, category or segment) and forecast_calls.hpp (forecast calls,
// accuracy and slippage). Money stays exact: sums are kept per currency and each
// converted once to the reporting currency; a rollup's rows are apportioned so that
// they add up to its whole.
#ifndef SALESRULES_FORECAST_HPP
#define SALESRULES_FORECAST_HPP

#include <salesrules/apportion.hpp>
#include <salesrules/money_totals.hpp>
// (rollup.hpp and forecast_calls.hpp: at the end, after the categorisation they use.)

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

// Where a deal's category came from.
enum class category_source : std::uint8_t { closed, rep_override, stage_map, bands };
BOOST_DESCRIBE_ENUM(category_source, closed, rep_override, stage_map, bands)

struct category_decision {
  forecast_category category{};  // the category the deal is forecast in
  forecast_category computed{};   // what the rules give, before any rep override
  category_source source{};
  salesrules::probability probability;  // the deal's probability: its override or its stage's

  friend constexpr bool operator==(const category_decision&, const category_decision&) noexcept = default;
};

// The deal's forecast category and why. An error when its stage is unknown or its
// outcome contradicts its stage. Allocates nothing unless it fails.
[[nodiscard]] expected<category_decision, error> categorize(const opportunity& o,
                                                            const validated_policy& policy) noexcept;

// The category a probability falls in under the bands.
[[nodiscard]] constexpr forecast_category category_for(probability p, const category_bands& b) noexcept {
  return p >= b.commit_at      ? forecast_category::commit
         : p >= b.best_case_at ? forecast_category::best_case
         : p >= b.pipeline_at  ? forecast_category::pipeline
                               : forecast_category::upside;
}

// The probability a deal counts at: 100% when won, 0% when lost or disqualified,
// else its override or its stage's.
[[nodiscard]] expected<probability, error> forecast_probability(const opportunity& o,
                                                                const validated_policy& policy) noexcept;

// amount x probability in the deal's currency, rounded half to even to its minor unit;
// 0 for a deal forecast as Omitted (lost, disqualified, or left out by a rep).
[[nodiscard]] expected<money, error> weighted_amount(const opportunity& o, const validated_policy& policy) noexcept;

// The day a deal counts in a period on: its closed date once closed (its close date
// if that is missing), else its expected close date.
[[nodiscard]] constexpr date forecast_date(const opportunity& o) noexcept {
  return o.outcome != deal_outcome::open && o.closed_date ? *o.closed_date : o.close_date;
}

namespace detail {
// The whole percent a deal counts at in weighted figures: its probability, or 0 when
// it is forecast as Omitted.
constexpr int forecast_weight(const category_decision& d) noexcept {
  return d.category == forecast_category::omitted ? 0 : d.probability.whole_percent();
}

// categorize() for a deal whose stage has been looked up already.
expected<category_decision, error> categorize_in(const opportunity& o, const stage& s,
                                                 const validated_policy& policy) noexcept;

// The deal's stage, or an error naming the deal.
expected<const stage*, error> stage_of(const opportunity& o, const validated<sales_process>& proc) noexcept;
}  // namespace detail

}  // namespace salesrules

// The rollups and the forecast calls, built on the categorisation above: their
// definitions (which header-only mode includes at the end of each) call it, so they
// are included only once it is declared.
#include <salesrules/forecast_calls.hpp>
#include <salesrules/rollup.hpp>

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/forecast.ipp>
#endif

#endif  // SALESRULES_FORECAST_HPP
