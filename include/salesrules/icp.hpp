// SPDX-License-Identifier: BSL-1.0
// salesrules/icp.hpp - fit against the ideal customer profile.
//
// A Prospect's entry criterion in the playbook is "Lead meets ICP". The seeds do
// not say what the ICP is, so the host defines it: allowed segments, industries and
// regions, and employee and annual-revenue ranges (inclusive). A criterion the
// host leaves empty accepts anything; the default profile therefore accepts every
// account. A criterion that is set fails when the account's value is outside it or
// not recorded. Names compare ignoring ASCII case.
#ifndef SALESRULES_ICP_HPP
#define SALESRULES_ICP_HPP

#include <salesrules/config.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

// What the CRM knows of the account a deal is with.
struct account_profile {
  std::string industry;
  std::string region;
  std::optional<std::int64_t> employees;
  std::optional<money> annual_revenue;

  friend bool operator==(const account_profile&, const account_profile&) = default;
};
BOOST_DESCRIBE_STRUCT(account_profile, (), (industry, region, employees, annual_revenue))

struct icp_policy {
  std::vector<std::string> segments;    // empty: any segment
  std::vector<std::string> industries;  // empty: any industry
  std::vector<std::string> regions;     // empty: any region
  std::optional<std::int64_t> min_employees;
  std::optional<std::int64_t> max_employees;
  std::optional<money> min_revenue;
  std::optional<money> max_revenue;

  friend bool operator==(const icp_policy&, const icp_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(icp_policy, (),
                      (segments, industries, regions, min_employees, max_employees, min_revenue, max_revenue))

enum class icp_criterion : std::uint8_t { segment, industry, region, employees, revenue };
BOOST_DESCRIBE_ENUM(icp_criterion, segment, industry, region, employees, revenue)

struct icp_result {
  enum_set<icp_criterion> failed;   // every criterion the account does not meet
  enum_set<icp_criterion> unknown;  // of those, the ones failed for want of data
  [[nodiscard]] constexpr bool fits() const noexcept { return failed.empty(); }

  friend constexpr bool operator==(const icp_result&, const icp_result&) noexcept = default;
};

// Ranges must not be inverted or negative; revenue bounds must share a currency;
// list entries must not be blank.
[[nodiscard]] expected<validated<icp_policy>, error> validate(icp_policy p) noexcept;

// Check a deal's segment and account against the profile. Allocates nothing.
[[nodiscard]] icp_result check_icp(std::string_view segment, const account_profile& account,
                                   const validated<icp_policy>& policy) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/icp.ipp>
#endif

#endif  // SALESRULES_ICP_HPP
