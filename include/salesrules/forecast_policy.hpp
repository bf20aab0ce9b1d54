// SPDX-License-Identifier: BSL-1.0
// salesrules/forecast_policy.hpp - how deals get forecast categories, and the
// forecast's other settings.
//
// The playbook's categories by probability: Commit 90%+, Best Case 60-89%, Pipeline
// 20-59%, Upside below 20%. A host may instead give every open stage a category, as
// CRMs do. Forecast accuracy |forecast - actual| / actual should be within 10%.
#ifndef SALESRULES_FORECAST_POLICY_HPP
#define SALESRULES_FORECAST_POLICY_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

// Lower edges, inclusive: a deal at commit_at or above is Commit; at best_case_at
// or above, Best Case; at pipeline_at or above, Pipeline; below, Upside.
struct category_bands {
  probability commit_at{90};
  probability best_case_at{60};
  probability pipeline_at{20};
  friend constexpr bool operator==(const category_bands&, const category_bands&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(category_bands, (), (commit_at, best_case_at, pipeline_at))

struct stage_category {
  std::string stage;
  forecast_category category{};
  friend bool operator==(const stage_category&, const stage_category&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_category, (), (stage, category))

struct forecast_policy {
  category_bands bands{};
  // When not empty, the category of each open stage, used instead of the bands.
  std::vector<stage_category> stage_categories;
  percent accuracy_target = percent::from_whole(10);  // |forecast - actual| / actual at most this
  // The range forecast divides the span of possible amounts into at most this many
  // steps: more steps, finer quantiles, more time (docs/analytics.md, "Range forecast").
  std::uint32_t range_buckets = 100'000;
  // Calibration reports a stage with fewer closed deals that reached it as insufficient.
  std::uint32_t calibration_min_deals = 30;
  friend bool operator==(const forecast_policy&, const forecast_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(forecast_policy, (),
                      (bands, stage_categories, accuracy_target, range_buckets, calibration_min_deals))

// A validated forecast policy also keeps its stage map in the order of the stage
// names (ignoring ASCII case, names.hpp), so that a deal's stage is found in it by
// binary search however long it is.
template <>
class validated<forecast_policy> {
 public:
  [[nodiscard]] const forecast_policy& get() const noexcept { return value_; }
  [[nodiscard]] const forecast_policy& operator*() const noexcept { return value_; }
  [[nodiscard]] const forecast_policy* operator->() const noexcept { return &value_; }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

  // The stage map's entry for `stage` (names.hpp: ignoring ASCII case), if it has one.
  [[nodiscard]] const stage_category* category_of(std::string_view stage) const noexcept;

 private:
  validated(forecast_policy p, std::vector<std::uint32_t> by_stage) : value_(std::move(p)), by_stage_(std::move(by_stage)) {}
  friend struct detail::validated_access;
  forecast_policy value_;
  std::vector<std::uint32_t> by_stage_;  // stage map positions, sorted by stage name
};

// Bands must rise (pipeline_at < best_case_at < commit_at); the stage map must not
// repeat or leave blank a stage, nor map one to Closed (the stage names themselves
// are checked against the sales process by validate(policy)); the accuracy target
// is 0-100%; range_buckets 100 to 1,000,000 (the most this machine convolves within
// the tool's budget of 5 s for a 10 MB file, docs/analytics.md); calibration_min_deals at
// least 1.
[[nodiscard]] expected<validated<forecast_policy>, error> validate(forecast_policy p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/forecast_policy.ipp>
#endif

#endif  // SALESRULES_FORECAST_POLICY_HPP
