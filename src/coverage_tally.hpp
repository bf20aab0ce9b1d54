// SPDX-License-Identifier: BSL-1.0
// A period's coverage taken deal by deal, its quota's check and its table, shared by
// the forecast report (forecast_report.cpp) and the pipeline report
// (pipeline_report.cpp). Internal to salesrules::io.
#ifndef SALESRULES_SRC_COVERAGE_TALLY_HPP
#define SALESRULES_SRC_COVERAGE_TALLY_HPP

#include <salesrules/coverage_policy.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <optional>
#include <string>

namespace salesrules::io::detail {

// The sums a period_coverage is read from, taken deal by deal; shared with the
// pipeline report.
class coverage_tally {
 public:
  // Counts `o` if its forecast date is in `period`. `d` is its category decision.
  void add(const opportunity& o, const category_decision& d, const fiscal_period& period) noexcept;

  [[nodiscard]] expected<period_coverage, error> finish(const fiscal_period& period, const std::optional<money>& quota,
                                                        date today, const validated_policy& policy) const noexcept;

  // Adds `later`'s counts and sums.
  void merge(const coverage_tally& later) noexcept {
    open_.add(later.open_);
    won_.add(later.won_);
  }

 private:
  salesrules::detail::group_sums open_;
  salesrules::detail::group_sums won_;
};

// An error ("quota") unless the quota is positive and in the reporting currency.
[[nodiscard]] std::optional<error> check_quota(const std::optional<money>& quota,
                                               const validated_policy& policy) noexcept;

// "3x-4x", "3x or more"
[[nodiscard]] std::string format_target(const coverage_target& t) noexcept;

// Coverage as a table (shared with the pipeline report): one row per measure.
void append_coverage(std::string& out, const period_coverage& c, output_format format) noexcept;

}  // namespace salesrules::io::detail

#endif  // SALESRULES_SRC_COVERAGE_TALLY_HPP
