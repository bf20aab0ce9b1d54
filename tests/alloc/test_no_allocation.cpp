// SPDX-License-Identifier: BSL-1.0
// Scoring and gate checks allocate nothing (counted by counting_new.cpp).
#include <salesrules/salesrules.hpp>

#include "../company_policy.hpp"
#include "../deals.hpp"
#include "counting_new.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace salesrules;
using namespace std::chrono;

TEST_CASE("allocation: the counter sees allocations (so a zero below means something)") {
  CHECK(test::count_allocations([] {
          std::string s(200, 'x');
          test::keep(s.data());
        }) >= 1);
}

TEST_CASE("allocation: scoring, MEDDPICC, BANT and ICP checks allocate nothing") {
  const auto p = *validate(policy{.icp = {.segments = {"Mid-Market", "Enterprise"}, .industries = {"Manufacturing"}}});
  const auto o = test::qualified(test::acme("Discovery", {milestone::meeting_held}));
  int sink = 0;
  CHECK(test::count_allocations([&] { sink += score(o.ratings, p.scorecard()).total.hundredths(); }) == 0);
  CHECK(test::count_allocations([&] { sink += static_cast<int>(check_meddpicc(o.meddpicc, p.meddpicc()).present.size()); }) == 0);
  CHECK(test::count_allocations([&] { sink += check_bant(o.bant).confirmed() ? 1 : 0; }) == 0);
  CHECK(test::count_allocations([&] { sink += check_icp(o.segment, o.profile, p.icp()).fits() ? 1 : 0; }) == 0);
  CHECK(test::count_allocations([&] { sink += probability_of(o, p.process())->whole_percent(); }) == 0);
  CHECK(sink != 0);
}

TEST_CASE("allocation: a gate check allocates nothing, allowed or refused") {
  const auto p = *validate(policy{});
  const date today = 2026y / March / 2d;
  const auto allowed = test::qualified(test::acme("Discovery", {milestone::meeting_held, milestone::technical_fit_confirmed}));
  const auto refused = test::acme("Prospect");
  std::size_t unmet = 0;
  CHECK(test::count_allocations([&] { unmet += check_move(allowed, "Demo/Evaluation", p, today)->unmet.size(); }) == 0);
  // Prospect -> Demo/Evaluation misses six (Prospect's exit, Discovery's entry and its
  // three exit criteria, Demo's entry): inline, as up to eight are.
  CHECK(test::count_allocations([&] { unmet += check_move(refused, "Demo/Evaluation", p, today)->unmet.size(); }) == 0);
  CHECK(test::count_allocations([&] { unmet += check_exit(refused, p, today)->unmet.size(); }) == 0);
  CHECK(unmet == 6 + 1);
}

TEST_CASE("allocation: a gate on the company's own fields allocates nothing, met or not") {
  policy with;
  with.process.fields = {{"security_review", field_type::boolean}, {"region", field_type::text}};
  with.process.stages[1].exit.push_back(criteria::field_condition{
      all_of({compare("security_review", comparison::equal, {"true"}),
              compare("region", comparison::in, {"EMEA", "APAC"}),
              compare("amount", comparison::at_least, {"10000 USD"})})});
  const auto p = *validate(std::move(with));
  const date today = 2026y / March / 2d;
  auto deal = test::qualified(test::acme("Discovery", {milestone::meeting_held, milestone::technical_fit_confirmed}));
  deal.fields = {{"security_review", std::string("yes")}, {"region", std::string("emea")}};
  std::size_t unmet = 0;
  CHECK(test::count_allocations([&] { unmet += check_move(deal, "Demo/Evaluation", p, today)->unmet.size(); }) == 0);
  CHECK(unmet == 0);
  deal.fields.set("region", std::string("LATAM"));
  CHECK(test::count_allocations([&] { unmet += check_move(deal, "Demo/Evaluation", p, today)->unmet.size(); }) == 0);
  CHECK(unmet == 1);
}

TEST_CASE("allocation: a discount decision allocates nothing, a traced one may") {
  const auto p = *validate(policy{});
  const currency usd{"USD"};
  discount_request r;
  r.lines = {{money(8'000'000, usd), money(6'000'000, usd)}, {money(2'000'000, usd), money(1'750'000, usd)}};
  r.payment_days = 45;
  r.nonstandard_terms = true;
  level_index level{};
  CHECK(test::count_allocations([&] { level = decide_discount(r, p.discount())->level; }) == 0);
  CHECK(level_name(level, p.discount()) == "Director");  // 22.5% off
  discount_decision approved = *decide_discount(r, p.discount());
  r.payment_days = 90;
  bool needed = true;
  CHECK(test::count_allocations([&] { needed = check_reapproval(approved, r, p.discount())->needed; }) == 0);
  CHECK_FALSE(needed);  // Finance was already reviewing
  // The trace is a vector: asking for it is what allocates, once (it is reserved for
  // the band and a rule per dimension, so it never grows).
  CHECK(test::count_allocations([&] { level = decide_discount_traced(r, p.discount())->decision.level; }) == 1);
}

TEST_CASE("allocation: a decision on custom fields, approval variables and approval rules allocates nothing") {
  const auto p = *validate(test::company_discounts());
  const currency usd{"USD"};
  discount_request r;
  r.lines = {{money(10'000'000, usd), money(8'500'000, usd), {{"product_family", std::string("Software")}}},
             {money(2'000'000, usd), money(1'600'000, usd), {{"product_family", std::string("Services")}}}};
  // Typed values, and values still held as text that the policy types as it decides.
  r.fields = {{"region", std::string("EMEA")}, {"deal_type", std::string("renewal")}, {"partner", std::string("yes")}};
  // Evidence by the policy's names, one of the company's own and one in other case.
  r.evidence = {"Documented_Justification", "services scope"};
  level_index level{};
  bool refused = true;
  bool all_brought = false;
  CHECK(test::count_allocations([&] {
          const auto d = decide_discount(r, p);
          level = d->level;
          refused = d->refused;
          all_brought = d->missing.empty();
        }) == 0);
  CHECK(level_name(level, p) == "Director");  // 15.83% is the Manager's; the Services lines' 20% lifts it
  CHECK_FALSE(refused);
  CHECK(all_brought);
}
