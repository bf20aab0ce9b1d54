// SPDX-License-Identifier: BSL-1.0
// A RevOps team's own approval matrix, under test: the suite such a team keeps beside
// its policy. Decisions stated in a table in code and in a golden file; the matrix's
// properties; the effective matrix they signed off.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <salesrules/io/matrix_testing.hpp>
#include <fstream>

namespace sr = salesrules;
using namespace sr::literals;  // "400,000 USD"_money
constexpr sr::currency usd{"USD"};

sr::validated<sr::discount_policy> northwind() {
  sr::discount_policy p;
  p.levels = {"Account Executive", "Sales Manager", "RVP", "CRO"};
  const auto pct = sr::percent::from_whole;
  p.bands = {{pct(0), pct(15), "Account Executive", {}},
             {pct(15), pct(25), "Sales Manager", {"documented_justification"}},
             {pct(25), pct(35), "RVP", {"strategic_justification", "reciprocal_commitment"}},
             {pct(35), pct(100), "CRO", {"executive_sponsor", "business_case"}}};
  using d = sr::deal_dimension;
  p.rules = {{"$500k and up: one step", d::deal_amount, 0, "500,000 USD"_money, 1, "", {}, {}},
             {"three years to Finance", d::term_months, 36, {}, 0, "", {"finance"}, {}},
             {"beyond net 45 to Finance", d::payment_days, 46, {}, 0, "", {"finance"}, {}},
             {"non-standard terms to Legal", d::nonstandard_terms, 0, {}, 0, "", {"legal"}, {}},
             {"phased rollouts: an RVP at least", d::phased_rollout, 0, {}, 0, "RVP", {}, {}}};
  return *sr::validate(p);  // validate() refuses gaps, overlaps and unknown levels
}

sr::discount_request ask(double percent, double deal = 100'000) {
  sr::discount_request r;
  r.discount = sr::percent::from_basis_points(static_cast<std::int64_t>(percent * 100));
  r.deal_amount = sr::money(static_cast<std::int64_t>(deal * 100), usd);  // the $500k rule needs it
  return r;
}

TEST_CASE("Northwind's matrix decides as the deal desk agreed") {
  auto odd_terms = ask(20);
  odd_terms.payment_days = 60;
  odd_terms.nonstandard_terms = true;
  auto phased = ask(5);
  phased.phased_rollout = true;
  const sr::io::matrix_case cases[] = {
      {.name = "15% is the rep's", .request = ask(15), .expect_level = "Account Executive"},
      {.name = "15.01% is the Sales Manager's", .request = ask(15.01), .expect_level = "Sales Manager",
       .expect_missing = std::vector<std::string>{"documented_justification"}},
      {.name = "$600k at 10% goes a step up", .request = ask(10, 600'000), .expect_level = "Sales Manager"},
      {.name = "$600k at 30% goes to the CRO", .request = ask(30, 600'000), .expect_level = "CRO"},
      {.name = "a phased rollout needs an RVP", .request = phased, .expect_level = "RVP"},
      {.name = "net 60 and odd terms", .request = odd_terms, .expect_level = "Sales Manager",
       .expect_reviewers = {"finance", "legal"}},
  };
  const auto report = sr::io::check_matrix(cases, northwind());
  CHECK_MESSAGE(report.ok(), sr::io::diff(report));  // on failure: each case, expected against got
}

TEST_CASE("Northwind's golden cases pass") {
  std::ifstream file(MATRIX_CASES);
  const auto cases = sr::io::read_matrix_cases(file);
  REQUIRE_MESSAGE(cases, (cases ? "" : sr::to_string(cases.error())));
  const auto report = sr::io::check_matrix(*cases, northwind());
  CHECK(report.passed() == 8);
  CHECK_MESSAGE(report.ok(), sr::io::diff(report));
}

TEST_CASE("Northwind's matrix is sound, and is the table that was signed off") {
  const auto policy = northwind();
  const auto analysis = sr::analyze_matrix(policy);
  CHECK_MESSAGE(analysis.sound(), sr::io::explain(analysis, policy));
  CHECK(sr::io::render_effective_matrix(analysis, policy) ==
        "discount          under 500000.00 USD  500000.00 USD and up\n"
        "0% to 15%         Account Executive    Sales Manager\n"
        "over 15% to 25%   Sales Manager        RVP\n"
        "over 25% to 35%   RVP                  CRO\n"
        "over 35% to 100%  CRO                  CRO\n");
}
