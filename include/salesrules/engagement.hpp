// SPDX-License-Identifier: BSL-1.0
// salesrules/engagement.hpp - may the AE ask for a sales engineer or a solutions architect yet?
//
// The playbook's integration rules: "AE completes MEDDPICC qualification before
// requesting SE or SA engagement". The rule names MEDDPICC, so the check asks for all
// eight fields whatever framework the policy's stage gates use (MEDDIC's six by
// default): an SE's time goes to deals whose paper process and competition are known
// too. A host that wants the policy's framework instead asks check_meddpicc with it.
//
//   const auto c = check_engagement_request(deal, engagement_role::sales_engineer);
//   if (!c.allowed()) ... c.qualification.missing lists the fields to fill in first
#ifndef SALESRULES_ENGAGEMENT_HPP
#define SALESRULES_ENGAGEMENT_HPP

#include <salesrules/meddpicc.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

enum class engagement_role : std::uint8_t { sales_engineer, solutions_architect };
BOOST_DESCRIBE_ENUM(engagement_role, sales_engineer, solutions_architect)

struct engagement_check {
  engagement_role role{};
  meddpicc_result qualification;  // against the eight MEDDPICC fields

  [[nodiscard]] constexpr bool allowed() const noexcept { return qualification.is_complete(); }
  friend constexpr bool operator==(const engagement_check&, const engagement_check&) noexcept = default;
};

// Whether the AE may request `role` for `o`: every MEDDPICC field filled in (more than
// blanks). Allocates nothing.
[[nodiscard]] inline engagement_check check_engagement_request(const opportunity& o, engagement_role role) noexcept {
  // A policy of a known framework always validates.
  const auto eight = validate(meddpicc_policy{qualification_framework::meddpicc});
  return {role, eight ? check_meddpicc(o.meddpicc, *eight) : meddpicc_result{}};
}

}  // namespace salesrules

#endif  // SALESRULES_ENGAGEMENT_HPP
