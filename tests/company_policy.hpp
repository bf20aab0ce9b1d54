// SPDX-License-Identifier: BSL-1.0
// The worked company example's approval matrix (examples/company_rules/policy.json),
// built in code, for the tests that decide on custom fields.
#ifndef SALESRULES_TESTS_COMPANY_POLICY_HPP
#define SALESRULES_TESTS_COMPANY_POLICY_HPP

#include <salesrules/discount_policy.hpp>

#include <utility>

namespace salesrules::test {

// A request that states its discount directly, with the request fields given.
inline discount_request stated(percent discount, custom_fields fields) {
  discount_request r;
  r.discount = discount;
  r.fields = std::move(fields);
  return r;
}

// A company matrix on the playbook's bands (AE to 10%, Manager to 20%, Director to
// 30%, VP above): renewals never above 40%; EMEA deals of 250,000 USD or more need
// the VP; a discount above 15% on the Services lines needs at least the Director and
// a review by the Services Director, a reviewer of the company's own, and a services
// scope, evidence of its own; partner deals go to Finance.
inline discount_policy company_discounts() {
  discount_policy p;
  p.reviewers = {"finance", "legal", "Services Director"};
  p.evidence.emplace_back("services scope");  // the company's own, after the playbook's six
  p.fields = {{"region", field_type::text}, {"deal_type", field_type::text}, {"partner", field_type::boolean}};
  p.line_fields = {{"product_family", field_type::text}};
  p.variables = {{"services_discount", line_aggregate::discount,
                  compare("product_family", comparison::equal, {"Services"})},
                 {"services_lines", line_aggregate::count, compare("product_family", comparison::equal, {"Services"})}};
  p.approval_rules = {
      {"never above 40% on renewals",
       all_of({compare("deal_type", comparison::equal, {"renewal"}), compare("discount", comparison::above, {"40%"})}),
       0, "", {}, {}, true},
      {"large EMEA deals to the VP",
       all_of({compare("region", comparison::equal, {"EMEA"}),
               compare("deal_amount", comparison::at_least, {"250000 USD"})}),
       0, "VP", {}, {}, false},
      {"Services discount above 15% to the Director", compare("services_discount", comparison::above, {"15%"}), 0,
       "Director", {"services director"}, {"Services Scope"}, false},
      {"partner deals to Finance", compare("partner", comparison::equal, {"true"}), 0, "", {"finance"}, {}, false},
  };
  return p;
}

}  // namespace salesrules::test

#endif  // SALESRULES_TESTS_COMPANY_POLICY_HPP
