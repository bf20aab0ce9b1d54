// SPDX-License-Identifier: BSL-1.0
// The discount matrix the discount tests share, and a request at a given discount.
#ifndef SALESRULES_TESTS_DISCOUNT_MATRIX_HPP
#define SALESRULES_TESTS_DISCOUNT_MATRIX_HPP

#include <salesrules/discount.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/percent.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace salesrules::test {

// The places of the playbook's reviewers, discount_policy::reviewers {"finance", "legal"}.
inline constexpr reviewer_index finance{0};
inline constexpr reviewer_index legal{1};

// The places of the playbook's evidence in the default discount_policy::evidence.
namespace playbook_evidence {
inline constexpr evidence_index documented_justification{0};
inline constexpr evidence_index strategic_justification{1};
inline constexpr evidence_index reciprocal_commitment{2};
inline constexpr evidence_index executive_sponsor{3};
inline constexpr evidence_index business_case{4};
inline constexpr evidence_index roi_analysis{5};
}  // namespace playbook_evidence

// The names of the evidence in `s`, in the policy's order: what a test compares.
using names = std::vector<std::string>;
inline names evidence_names(evidence_set s, const validated<discount_policy>& p) {
  names out;
  for (const evidence_index e : s) out.emplace_back(evidence_name(e, p));
  return out;
}

// The matrix, validated (the playbook's when `p` is left as it is).
inline validated<discount_policy> matrix(discount_policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return std::move(*v);
}

// A request for a discount of `bp` basis points on a $50,000 deal.
inline discount_request at(std::int64_t bp) {
  discount_request r;
  r.discount = percent::from_basis_points(bp);
  r.deal_amount = dollars(50'000);
  return r;
}

// The level's name.
inline std::string level_of(const discount_decision& d, const validated<discount_policy>& p) {
  return std::string(level_name(d.level, p));
}

}  // namespace salesrules::test

#endif  // SALESRULES_TESTS_DISCOUNT_MATRIX_HPP
