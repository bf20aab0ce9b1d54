// SPDX-License-Identifier: BSL-1.0
// The dangerous mixes do not compile. These are compile-time checks: if someone
// adds an operator that makes one of them valid, this file stops compiling.
// tests/compile_fail/ checks the consteval literals the same way, with a compiler.
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rating.hpp>
#include <salesrules/scorecard.hpp>

#include <doctest/doctest.h>

#include <concepts>
#include <cstdint>

using namespace salesrules;

template <class A, class B>
concept addable = requires(A a, B b) { a + b; };
template <class A, class B>
concept comparable = requires(A a, B b) { a == b; };
template <class A, class B>
concept orderable = requires(A a, B b) { a < b; };

// Money is not a number, a percentage or a probability.
static_assert(!addable<money, probability>);
static_assert(!addable<money, percent>);
static_assert(!addable<money, money>);  // add() returns expected: overflow and currencies are checked
static_assert(!addable<money, std::int64_t>);
static_assert(!addable<probability, percent>);
static_assert(!addable<rating, rating>);
static_assert(!comparable<money, std::int64_t>);
static_assert(!comparable<money, percent>);
static_assert(!comparable<probability, percent>);
static_assert(!comparable<probability, int>);
static_assert(!comparable<rating, int>);
static_assert(!orderable<money, money>);  // order across currencies means nothing: compare()
static_assert(!orderable<score_points, int>);

// No implicit construction from raw numbers.
static_assert(!std::is_convertible_v<std::int64_t, money>);
static_assert(!std::is_convertible_v<int, probability>);
static_assert(!std::is_convertible_v<int, rating>);
static_assert(!std::is_convertible_v<int, percent>);
static_assert(!std::is_convertible_v<int, score_points>);
static_assert(!std::is_constructible_v<percent, int>);  // percent::from_whole or from_basis_points

// ... while the meaningful operations are there.
static_assert(orderable<probability, probability>);
static_assert(orderable<percent, percent>);
static_assert(orderable<rating, rating>);
static_assert(comparable<money, money>);
static_assert(requires(money a, money b) {
  { add(a, b) } -> std::same_as<expected<money, error>>;
});

// No exception leaves the library: every fallible function reports through expected.
static_assert(noexcept(parse_money("1", currency{"USD"})));
static_assert(noexcept(add(money(), money())));
static_assert(noexcept(parse_percent("1")));
static_assert(noexcept(parse_rating("1")));
static_assert(noexcept(rating::from_int(1)));
static_assert(noexcept(probability::from_percent(1)));
static_assert(noexcept(currency::from_code("USD")));
static_assert(noexcept(validate(scorecard_policy{})));

TEST_CASE("type safety: checked at compile time") {
  CHECK(probability{60} < probability{90});
}
