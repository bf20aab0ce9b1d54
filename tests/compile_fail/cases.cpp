// SPDX-License-Identifier: BSL-1.0
// Each CASE must fail to compile, for the reason its test expects; CASE 0 must
// compile, which proves the failures come from the marked lines alone.
#include <salesrules/money.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rating.hpp>

using namespace salesrules;

int main() {
  [[maybe_unused]] const money m(100, currency{"USD"});
  [[maybe_unused]] const probability p{60};
#if CASE == 1
  [[maybe_unused]] const rating r{7};  // a score of 7
#elif CASE == 2
  [[maybe_unused]] const probability q{101};
#elif CASE == 3
  [[maybe_unused]] const currency c{"XYZ"};
#elif CASE == 4
  [[maybe_unused]] auto sum = m + p;  // Money + Probability
#elif CASE == 5
  [[maybe_unused]] const probability q = 50;  // implicit from a raw number
#elif CASE == 6
  [[maybe_unused]] const rating r{0};  // 0 is not a rating; not rated is rating{}
#elif CASE == 7
  using namespace salesrules::literals;
  [[maybe_unused]] constexpr money cents = "12.345 USD"_money;  // a tenth of a cent
#elif CASE == 8
  using namespace salesrules::literals;
  [[maybe_unused]] constexpr money grouped = "400,00 USD"_money;  // a decimal comma, or a typo
#elif CASE == 9
  using namespace salesrules::literals;
  [[maybe_unused]] constexpr money huge = "92233720368547758.08 USD"_money;  // 2^63 cents
#elif CASE == 10
  using namespace salesrules::literals;
  [[maybe_unused]] constexpr money unknown = "100 XYZ"_money;
#endif
  return 0;
}
