// SPDX-License-Identifier: BSL-1.0
// Deals for the tests, built by hand, and the dollars and euros they are priced in.
#ifndef SALESRULES_TESTS_DEALS_HPP
#define SALESRULES_TESTS_DEALS_HPP

#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace salesrules::test {

using namespace std::chrono_literals;

inline const currency usd{"USD"}, eur{"EUR"};

// A whole number of US dollars.
inline money dollars(std::int64_t whole) { return money(whole * 100, usd); }

// A deal for the reports' tests: created 2026-03-01, closing (or closed) on `close`.
inline opportunity report_deal(const char* id, const char* stage, money amount, date close,
                               deal_outcome outcome = deal_outcome::open) {
  opportunity o;
  o.id = id;
  o.stage = stage;
  o.amount = amount;
  o.outcome = outcome;
  o.created_date = 2026y / std::chrono::March / 1d;
  o.close_date = close;
  if (outcome != deal_outcome::open) o.closed_date = close;
  return o;
}

// Acme Corp - Enterprise Platform, the playbook's example: $180,000, closing 2026-03-28.
inline opportunity acme(std::string stage, std::initializer_list<milestone> reached = {}) {
  opportunity o;
  o.id = "OPP-0001";
  o.account = "Acme Corp";
  o.owner = "Dana Reyes";
  o.amount = money(18'000'000, currency{"USD"});
  o.stage = std::move(stage);
  o.created_date = 2026y / std::chrono::January / 12d;
  o.close_date = 2026y / std::chrono::March / 28d;
  o.contact_count = 4;
  o.segment = "Enterprise";
  for (milestone m : reached) o.milestones.reach(m);
  return o;
}

// MEDDIC complete, BANT confirmed and a score of 21/30 (4, 4, 4, 3, 3, 3): what the
// default Discovery exit asks.
inline opportunity qualified(opportunity o) {
  o.bant = {.budget = true, .authority = true, .need = true, .timeline = true};
  o.meddpicc = {.metrics = "Cut onboarding time 40%",
                .economic_buyer = "CTO",
                .decision_criteria = "SSO and SOC2",
                .decision_process = "Security then legal",
                .identify_pain = "Manual provisioning",
                .champion = "VP Engineering"};
  o.ratings = {rating{4}, rating{4}, rating{4}, rating{3}, rating{3}, rating{3}};
  return o;
}

}  // namespace salesrules::test

#endif  // SALESRULES_TESTS_DEALS_HPP
