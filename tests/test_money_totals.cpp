// SPDX-License-Identifier: BSL-1.0
#include <salesrules/money_totals.hpp>

#include <salesrules/exchange.hpp>
#include <salesrules/money.hpp>
#include <salesrules/policy.hpp>

#include <doctest/doctest.h>

#include <cstdint>

using namespace salesrules;

namespace {
const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }

validated_policy rules(policy p = {}) {
  p.exchange.rates = {{eur, *parse_rate("1.1")}};
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}
}  // namespace

TEST_CASE("forecast: money totals add per currency and read in one") {
  money_totals t;
  CHECK(t.empty());
  t.add(dollars(10));
  t.add(money(1000, eur), 50);  // EUR 5.00
  money_totals u;
  u.add(dollars(1));
  t.add(u);
  CHECK(*t.in(rules().exchange()) == money(1650, usd));  // $11 + EUR 5 x 1.1
}
