// SPDX-License-Identifier: BSL-1.0
// The hand-worked pipeline the forecast tests share, and the policy they read it under.
#ifndef SALESRULES_TESTS_FORECAST_PIPELINE_HPP
#define SALESRULES_TESTS_FORECAST_PIPELINE_HPP

#include <salesrules/date.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace salesrules::test {

using namespace std::chrono_literals;

// The policy, with EUR at 1.1 USD.
inline validated_policy rules(policy p = {}) {
  p.exchange.rates = {{eur, *parse_rate("1.1")}};
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

// A deal created 2026-01-05.
inline opportunity deal(const char* id, const char* stage, money amount, date close, const char* owner,
                        const char* segment) {
  opportunity o;
  // Whole strings moved in: GCC 12 at -O3 misreads assignment from a char pointer
  // as an overlapping copy (-Wrestrict).
  o.id = std::string(id);
  o.stage = std::string(stage);
  o.amount = amount;
  o.close_date = close;
  o.created_date = 2026y / std::chrono::January / 5d;
  o.owner = std::string(owner);
  o.segment = std::string(segment);
  return o;
}

// The hand-worked pipeline (calendar quarters, USD reporting, EUR at 1.1); a deal
// forecast as Omitted counts at 0 in weighted figures:
//   A Proposal 60%          $100,000  closes 2026-11-30  Best Case  weighted 60,000
//   B Negotiation, 90% set  $50,000   closes 2026-12-15  Commit     weighted 45,000
//   C Discovery 20%         EUR10,000 closes 2026-10-20  Pipeline   = $11,000, weighted $2,200
//   D Prospect 10%          $5,000    closes 2026-12-01  Upside     weighted 500
//   E Closed Won            $30,000   closed 2026-10-05  Closed
//   F Closed Lost           $40,000   closed 2026-11-01  Omitted
//   G Demo/Evaluation 40%   $20,000   closes 2027-01-15  Pipeline   weighted 8,000 (next quarter)
//   H Proposal 60%, rep says Omitted  $10,000  closes 2026-11-10   weighted 0
inline std::vector<opportunity> pipeline() {
  using namespace std::chrono;
  std::vector<opportunity> v;
  v.push_back(deal("A", "Proposal", dollars(100'000), 2026y / November / 30d, "Dana", "Enterprise"));
  v.push_back(deal("B", "Negotiation", dollars(50'000), 2026y / December / 15d, "Sam", "Mid-Market"));
  v.back().probability_override = probability{90};
  v.push_back(deal("C", "Discovery", money(1'000'000, eur), 2026y / October / 20d, "Dana", "Mid-Market"));
  v.push_back(deal("D", "Prospect", dollars(5'000), 2026y / December / 1d, "Sam", "SMB"));
  v.push_back(deal("E", "Closed Won", dollars(30'000), 2026y / September / 30d, "Dana", "Enterprise"));
  v.back().outcome = deal_outcome::won;
  v.back().closed_date = 2026y / October / 5d;
  v.push_back(deal("F", "Closed Lost", dollars(40'000), 2026y / November / 1d, "Sam", "Enterprise"));
  v.back().outcome = deal_outcome::lost;
  v.back().closed_date = 2026y / November / 1d;
  v.back().loss_reason = "Price";
  v.push_back(deal("G", "Demo/Evaluation", dollars(20'000), 2027y / January / 15d, "Dana", "Mid-Market"));
  v.push_back(deal("H", "Proposal", dollars(10'000), 2026y / November / 10d, "", "SMB"));
  v.back().forecast_override = forecast_override{forecast_category::omitted, "customer paused the project"};
  return v;
}

// FY2026-Q4 in the policy's calendar.
inline fiscal_period q4(const validated_policy& p) { return *parse_period("2026-Q4", p.calendar()); }

}  // namespace salesrules::test

#endif  // SALESRULES_TESTS_FORECAST_PIPELINE_HPP
