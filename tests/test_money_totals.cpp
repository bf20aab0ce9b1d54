// SPDX-License-Identifier: BSL-1.0
#include <salesrules/money_totals.hpp>

#include <salesrules/exchange.hpp>
#include <salesrules/money.hpp>
#include <salesrules/policy.hpp>

#include "forecast_pipeline.hpp"

#include <doctest/doctest.h>

using namespace salesrules;
using namespace salesrules::test;

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
