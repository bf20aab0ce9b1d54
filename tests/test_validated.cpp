// SPDX-License-Identifier: BSL-1.0
#include <salesrules/validated.hpp>

#include <salesrules/scorecard.hpp>

#include <doctest/doctest.h>

#include <type_traits>

using namespace salesrules;

// Only validate() makes a validated policy: a raw one cannot be converted or wrapped.
static_assert(!std::is_constructible_v<validated<scorecard_policy>, scorecard_policy>);
static_assert(!std::is_convertible_v<scorecard_policy, validated<scorecard_policy>>);
static_assert(!std::is_default_constructible_v<validated<scorecard_policy>>);

TEST_CASE("validated: holds the policy that passed, read-only") {
  auto v = validate(scorecard_policy{.strong_at = 26});
  REQUIRE(v);
  CHECK((*v)->strong_at == 26);
  CHECK((*v).get().viable_at == 18);
  CHECK(std::is_const_v<std::remove_reference_t<decltype(*(*v))>>);
  auto same = validate(scorecard_policy{.strong_at = 26});
  REQUIRE(same);
  CHECK(*v == *same);
}
