// SPDX-License-Identifier: BSL-1.0
// salesrules/coverage_policy.hpp - pipeline coverage targets.
//
// The playbook: pipeline coverage (total pipeline / quota) of 4-5x early in a
// quarter, 3x mid-quarter, 1.5-2x late; and weighted pipeline / remaining quota of
// 3-4x at all times. Targets are percentages of the quota: 400% is 4x.
//
// The handbook also asks account executives to generate 30% of their own pipeline
// through cold outbound: `outbound_share` is that target, judged on the open
// pipeline's amount, and `outbound_sources` the values of a deal's `source` that count
// as outbound. CRMs name sources their own way ("Outbound", "Cold Outbound",
// "Self-generated", HubSpot's and Salesforce's picklists), so the list is the
// company's to set; a value matches ignoring ASCII case and the blanks around it.
#ifndef SALESRULES_COVERAGE_POLICY_HPP
#define SALESRULES_COVERAGE_POLICY_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

// Within when low <= ratio <= high; with no high, any ratio from low up is within.
struct coverage_target {
  percent low;
  std::optional<percent> high;
  friend constexpr bool operator==(const coverage_target&, const coverage_target&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(coverage_target, (), (low, high))

struct coverage_policy {
  coverage_target early{percent::from_whole(400), percent::from_whole(500)};
  coverage_target mid{percent::from_whole(300), std::nullopt};
  coverage_target late{percent::from_whole(150), percent::from_whole(200)};
  coverage_target weighted{percent::from_whole(300), percent::from_whole(400)};
  percent outbound_share = percent::from_whole(30);  // of the open pipeline's amount, per owner and overall
  std::vector<std::string> outbound_sources{"Outbound", "Cold Outbound", "Self-generated"};
  friend bool operator==(const coverage_policy&, const coverage_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(coverage_policy, (), (early, mid, late, weighted, outbound_share, outbound_sources))

// Each target's low must be positive and its high, when set, at least its low; the
// outbound share within 0-100%; each outbound source not blank and listed once
// (ignoring ASCII case and the blanks around it).
[[nodiscard]] expected<validated<coverage_policy>, error> validate(coverage_policy p) noexcept;

// Whether a deal's `source` is one the policy counts as outbound. A blank source is
// not recorded, and counts as neither (the pipeline report keeps such deals apart).
// Allocates nothing.
[[nodiscard]] bool is_outbound(std::string_view source, const coverage_policy& p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/coverage_policy.ipp>
#endif

#endif  // SALESRULES_COVERAGE_POLICY_HPP
