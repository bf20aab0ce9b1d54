// SPDX-License-Identifier: BSL-1.0
#include <salesrules/forecast_calls.hpp>

#include <salesrules/date.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rollup.hpp>

#include "forecast_pipeline.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using namespace salesrules::test;
using fc = forecast_category;

TEST_CASE("forecast: calls for a period are cumulative and omit the omitted") {
  const auto p = rules();
  const std::vector<manager_adjustment> adj{{call_level::commit, dollars(90'000), "Dana", "signed PO expected"}};
  const auto call = forecast_calls(pipeline(), q4(p), p, adj);
  REQUIRE(call);
  CHECK(call->closed == dollars(30'000));      // E
  CHECK(call->commit == dollars(80'000));      // + B
  CHECK(call->best_case == dollars(180'000));  // + A
  CHECK(call->pipeline == dollars(196'000));   // + C 11,000 + D 5,000; F and H omitted
  CHECK(call->weighted == dollars(137'700));   // 30,000 + 60,000 + 45,000 + 2,200 + 500
  CHECK(call->deals == std::array<std::size_t, 6>{1, 1, 1, 1, 1, 2});
  REQUIRE(call->adjustments.size() == 1);
  CHECK(call->adjustments[0].computed == dollars(80'000));
  CHECK(call->adjustments[0].adjusted == dollars(90'000));
  CHECK(call->adjustments[0].difference == dollars(10'000));
  CHECK(call->commit == dollars(80'000));  // the computed figure stands
}

TEST_CASE("forecast: an adjustment in another currency is refused") {
  const auto p = rules();
  const std::vector<manager_adjustment> adj{{call_level::best_case, money(100, eur), "Dana", ""}};
  const auto call = forecast_calls(pipeline(), q4(p), p, adj);
  REQUIRE_FALSE(call);
  CHECK(call.error().code == errc::currency_mismatch);
  CHECK(call.error().where == "/adjustments/0/amount");
}

TEST_CASE("forecast: accuracy is |forecast - actual| / actual, rounded up") {
  const auto p = rules();
  const auto a = accuracy(dollars(180'000), dollars(200'000), p);
  REQUIRE(a);
  CHECK(a->error == percent::from_whole(10));
  CHECK(a->accuracy == percent::from_whole(90));
  CHECK(a->within_target);
  CHECK(accuracy(dollars(110), dollars(100), p)->error == percent::from_whole(10));
  const auto off = accuracy(dollars(1), dollars(3), p);  // 66.666...% -> 66.67%
  CHECK(off->error == percent::from_basis_points(6667));
  CHECK_FALSE(off->within_target);
  CHECK(accuracy(money(110001, usd), dollars(1'000), p)->error == percent::from_basis_points(1001));  // 10.0001% up
  CHECK(accuracy(dollars(350), dollars(100), p)->accuracy == percent());  // 250% off: accuracy floors at 0
  CHECK(accuracy(dollars(1), dollars(0), p).error().where == "/actual");
  CHECK(accuracy(dollars(1), money(1, eur), p).error().code == errc::currency_mismatch);
  CHECK(*closed_won(pipeline(), q4(p), p) == dollars(30'000));
}

TEST_CASE("forecast: slippage from the close-date history") {
  const auto p = rules();
  auto v = pipeline();
  // A: pushed 20 days, then 42 days out of Q4, then pulled in 16 days.
  v[0].close_date_history = {{2026y / October / 15d, 2026y / November / 30d, 2026y / December / 20d},
                             {2026y / November / 20d, 2026y / December / 20d, 2027y / January / 31d},
                             {2026y / November / 22d, 2027y / January / 31d, 2027y / January / 15d}};
  // B: pushed once inside the quarter.
  v[1].close_date_history = {{2026y / November / 1d, 2026y / December / 1d, 2026y / December / 15d}};
  const auto s = slippage(v, q4(p));
  CHECK(s.deals == std::vector<deal_slippage>{{0, 2, 62, 42, true}, {1, 1, 14, 14, false}});
  CHECK(s.left_period == 1);
  CHECK(s.pushes == 3);
  CHECK(slippage({}, q4(p)).deals.empty());
}

TEST_CASE("forecast: calls on an empty or all-lost period are zero, not a division") {
  const auto p = rules();
  const auto empty = forecast_calls({}, q4(p), p);
  REQUIRE(empty);
  CHECK(empty->pipeline == dollars(0));
  CHECK(empty->weighted == dollars(0));
  std::vector<opportunity> lost{deal("L1", "Closed Lost", dollars(10), 2026y / November / 1d, "a", "s"),
                                deal("L2", "Closed Lost", dollars(20), 2026y / November / 2d, "a", "s")};
  for (auto& o : lost) o.outcome = deal_outcome::lost;
  const auto all_lost = forecast_calls(lost, q4(p), p);
  REQUIRE(all_lost);
  CHECK(all_lost->pipeline == dollars(0));
  CHECK(all_lost->deals[static_cast<std::size_t>(fc::omitted)] == 2);
  CHECK(accuracy(dollars(5), *closed_won(lost, q4(p), p), p).error().code == errc::out_of_range);
  const auto t = rollup(lost, {.by = rollup_by::category, .include_closed = true}, p);
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"omitted", "", 2, dollars(30), dollars(0)}});
}

TEST_CASE("forecast: regression - calls convert each currency once per call, as rollups do") {
  // EUR 0.01 at 1.5 in each open category: each is $0.015. Per category that was 2 cents
  // each, 8 for the pipeline call; once per call it is EUR 0.04 -> $0.06.
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("1.5")}};
  const auto p = *validate(pol);
  std::vector<opportunity> v{deal("u", "Prospect", money(1, eur), 2026y / November / 1d, "a", "s"),
                             deal("p", "Discovery", money(1, eur), 2026y / November / 1d, "a", "s"),
                             deal("b", "Proposal", money(1, eur), 2026y / November / 1d, "a", "s"),
                             deal("c", "Negotiation", money(1, eur), 2026y / November / 1d, "a", "s")};
  v[3].probability_override = probability{95};
  const auto call = forecast_calls(v, q4(p), p);
  REQUIRE(call);
  CHECK(call->commit == money(2, usd));     // EUR 0.01 -> 1.5 cents -> 2 (half to even)
  CHECK(call->best_case == money(3, usd));  // EUR 0.02 -> 3 cents
  CHECK(call->pipeline == money(6, usd));   // EUR 0.04 -> 6 cents
  const auto t = rollup(v, {.by = rollup_by::quarter}, p);
  CHECK(t->all.total == call->pipeline);
}

TEST_CASE("forecast: slippage sums long pushes without overflow") {
  opportunity o;
  for (int i = 0; i < 250; ++i)
    o.close_date_history.push_back({2026y / January / 1d, 2026y / January / 1d, 9999y / December / 31d});
  const auto s = slippage(std::vector<opportunity>{o}, q4(rules()));
  REQUIRE(s.deals.size() == 1);
  CHECK(s.deals[0].days_pushed == 250LL * days_between(2026y / January / 1d, 9999y / December / 31d));
}
