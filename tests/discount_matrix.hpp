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

namespace salesrules::test {

// The places of the playbook's reviewers, discount_policy::reviewers {"finance", "legal"}.
inline constexpr reviewer_index finance{0};
inline constexpr reviewer_index legal{1};

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
