// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/account_plan.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

// USD reporting, EUR at 1.10.
validated_policy rules() {
  policy p;
  p.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'100'000'000)}};
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }

constexpr date today = 2026y / March / 1d;

// Acme Corp's deals, and two other accounts.
std::vector<opportunity> pipeline() {
  std::vector<opportunity> v;
  // A1: the playbook's example, in Proposal; qualified (MEDDIC complete, 21/30), three
  // people mapped, a dated next step; neither milestone for Negotiation reached yet.
  auto a1 = test::qualified(test::acme("Proposal", {milestone::budget_approved}));
  a1.id = "A1";
  a1.amount = usd(1'204'000'00);
  a1.contact_count = 3;
  a1.last_activity_date = 2026y / February / 25d;
  a1.next_step = next_step{"Legal review of MSA", 2026y / March / 15d, "Dana Reyes"};
  a1.contacts = {{"Priya Shah", "VP Engineering", contact_role::champion, influence_level::high},
                 {"Tom Lee", "CTO", contact_role::economic_buyer, influence_level::high},
                 {"Ana Ruiz", "IT Manager", contact_role::technical_evaluator, influence_level::medium}};
  a1.profile.industry = "Manufacturing";
  a1.profile.employees = 1200;
  v.push_back(a1);
  // A2: in Discovery, 50,000 EUR, Sam Lee's; no next step, no activity since it was
  // created on 01-10 (21 + 28 + 1 = 50 days), one contact (the champion again, of
  // medium influence here), no economic buyer.
  auto a2 = test::acme("Discovery", {milestone::meeting_held});
  a2.id = "A2";
  a2.owner = "Sam Lee";
  a2.segment = "Mid-Market";
  a2.amount = money(50'000'00, currency{"EUR"});
  a2.created_date = 2026y / January / 10d;
  a2.close_date = 2026y / July / 15d;
  a2.contact_count = 1;
  a2.contacts = {{"priya shah", "", contact_role::champion, influence_level::medium}};
  v.push_back(a2);
  // A3: in Negotiation, closing 2026-02-20 (9 days ago); its next step was due 02-25
  // (4 days ago) and has no owner; ready to close.
  auto a3 = test::qualified(test::acme("Negotiation", {milestone::contract_agreed, milestone::contract_signed}));
  a3.id = "A3";
  a3.amount = usd(10'000'00);
  a3.close_date = 2026y / February / 20d;
  a3.last_activity_date = 2026y / February / 27d;
  a3.next_step = next_step{"Send order form", 2026y / February / 25d, ""};
  v.push_back(a3);
  // A4: won in January, spelled in capitals; A5: lost in December.
  auto a4 = test::acme("Closed Won");
  a4.id = "A4";
  a4.account = "ACME CORP";
  a4.outcome = deal_outcome::won;
  a4.amount = usd(40'000'00);
  a4.closed_date = a4.close_date = 2026y / January / 20d;
  v.push_back(a4);
  auto a5 = test::acme("Closed Lost");
  a5.id = "A5";
  a5.outcome = deal_outcome::lost;
  a5.loss_reason = "Price";
  a5.amount = usd(5'000'00);
  a5.closed_date = a5.close_date = 2025y / December / 1d;
  v.push_back(a5);

  for (const char* other : {"Globex", "Initech", "globex"}) {
    auto o = test::acme("Prospect");
    o.id = std::string("X-") + other;
    o.account = other;
    o.stage = "Unknown stage";  // not the account's: never looked at
    v.push_back(o);
  }
  return v;
}

expected<account_plan, error> plan_for(const validated_policy& p, std::string account) {
  account_plan_builder b(p, {today, std::move(account)});
  opportunity current;
  for (const auto& d : pipeline()) {
    current = d;
    const auto added = b.add(current);
    REQUIRE(added);
    current.contacts.clear();  // the caller reuses its object: the builder must have copied
  }
  return b.finish();
}

TEST_CASE("account plan: criteria on data the export lacks are neither risks nor findings") {
  // As from a CSV export: no milestones and no BANT answers. A1's and A2's next-stage
  // milestones, A2's BANT and A3's missing entry are unknown; what the data shows
  // stays (A2's MEDDIC fields and score).
  const auto p = rules();
  account_plan_builder b(p, {today, "Acme Corp",
                             enum_set<deal_data>{deal_data::ratings, deal_data::meddpicc, deal_data::contacts}});
  for (const auto& d : pipeline()) REQUIRE(b.add(d));
  const auto plan = b.finish();
  REQUIRE(plan);
  std::vector<std::string> gate;
  for (const auto& r : plan->risks) {
    CHECK(r.rule != hygiene_rule::entry_criteria_unmet);
    if (r.source == risk_source::gate) gate.push_back(r.deal + " " + r.risk);
  }
  CHECK(gate == std::vector<std::string>{
                    "A2 Demo/Evaluation needs Discovery exit: all six MEDDIC fields",
                    "A2 Demo/Evaluation needs Discovery exit: a viable qualification score (at least 18; the deal "
                    "has 0)",
                });
  CHECK(plan->risks.size() == 13 - 5);  // less A3's entry, A1's two milestones, A2's BANT and technical fit
}

bool contains_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("account plan: overview of the account's deals") {
  const auto p = rules();
  const auto plan = plan_for(p, "acme corp");
  REQUIRE(plan);
  const auto& ov = plan->overview;
  CHECK(ov.account == "Acme Corp");
  // Table order: open by close date A3 (02-20), A1 (03-28), A2 (07-15); closed latest first A4, A5.
  REQUIRE(ov.deals.size() == 5);
  CHECK(ov.deals[0] == plan_deal{"A3", "Negotiation", deal_outcome::open, usd(10'000'00), probability{80},
                                 usd(8'000'00), 2026y / February / 20d, "Dana Reyes"});
  CHECK(ov.deals[1].id == "A1");
  CHECK(ov.deals[1].weighted == usd(722'400'00));  // 1,204,000 x 60%
  CHECK(ov.deals[2] == plan_deal{"A2", "Discovery", deal_outcome::open, money(50'000'00, currency{"EUR"}),
                                 probability{20}, money(10'000'00, currency{"EUR"}), 2026y / July / 15d, "Sam Lee"});
  CHECK(ov.deals[3] == plan_deal{"A4", "Closed Won", deal_outcome::won, usd(40'000'00), probability{100},
                                 usd(40'000'00), 2026y / January / 20d, "Dana Reyes"});
  CHECK(ov.deals[4].id == "A5");
  CHECK(ov.deals[4].weighted == usd(0));
  CHECK(ov.segments == std::vector<std::string>{"Enterprise", "Mid-Market"});
  CHECK(ov.owners == std::vector<std::string>{"Dana Reyes", "Sam Lee"});
  CHECK(ov.profile.industry == "Manufacturing");
  CHECK(ov.profile.employees == 1200);
  CHECK(ov.open_deals == 3);
  CHECK(ov.won_deals == 1);
  CHECK(ov.lost_deals == 1);
  // Open: 1,204,000 + 10,000 USD + 50,000 EUR x 1.10 = 1,269,000.00 USD.
  CHECK(ov.open_pipeline == usd(1'269'000'00));
  // Weighted: 722,400 + 8,000 USD + 10,000 EUR x 1.10 = 741,400.00 USD.
  CHECK(ov.weighted_pipeline == usd(741'400'00));
  CHECK(ov.won_to_date == usd(40'000'00));
}

TEST_CASE("account plan: current ARR from the won deals that say it, whitespace from the potential") {
  const auto p = rules();
  // Acme's won deals, besides A4 (40,000 USD): W1 60,000 USD whose record gives 20,000
  // a year (a three-year contract), W2 30,000 EUR recurring whole (33,000 USD at 1.10),
  // W3 5,000 USD of one-off services.
  auto deals = pipeline();
  auto won = [&](const char* id, money amount, std::optional<money> recurring) {
    auto w = test::acme("Closed Won");
    w.id = id;
    w.outcome = deal_outcome::won;
    w.amount = amount;
    w.annual_recurring = recurring;
    w.closed_date = w.close_date = 2025y / November / 3d;
    deals.push_back(w);
  };
  won("W1", usd(60'000'00), usd(20'000'00));
  won("W2", money(30'000'00, currency{"EUR"}), money(30'000'00, currency{"EUR"}));
  won("W3", usd(5'000'00), usd(0));
  const auto plan_with = [&](std::optional<money> potential, std::optional<money> a4_recurring) {
    account_plan_builder b(p, {.today = today, .account = "Acme Corp", .potential = potential});
    for (auto d : deals) {
      if (d.id == "A4") d.annual_recurring = a4_recurring;
      REQUIRE(b.add(d));
    }
    auto plan = b.finish();
    REQUIRE(plan);
    return plan->overview;
  };

  SUBCASE("every won deal says: the ARR is whole, the whitespace the potential less it") {
    // A4 recurring whole: 40,000 + 20,000 + 33,000 = 93,000.00 USD; W3 adds none.
    const auto ov = plan_with(usd(250'000'00), usd(40'000'00));
    CHECK(ov.current_arr == plan_arr{usd(93'000'00), 3, 1, 0, {},
                                     "the annual recurring amounts of 3 won deals; 1 one-off deal adds none"});
    // 250,000 - 93,000 = 157,000.00 USD.
    CHECK(ov.whitespace == plan_whitespace{usd(250'000'00), usd(157'000'00),
                                           "the potential of 250,000.00 USD less the current ARR"});
  }
  SUBCASE("a won deal that does not say makes the ARR a floor and the whitespace unknown") {
    const auto ov = plan_with(usd(250'000'00), std::nullopt);
    CHECK(ov.current_arr.amount == usd(53'000'00));  // 20,000 + 33,000
    CHECK(ov.current_arr.unrecorded == 1);
    CHECK(ov.current_arr.how == "the annual recurring amounts of 2 won deals; 1 one-off deal adds none; at least: "
                                "1 won deal does not say whether it recurs");
    CHECK(ov.whitespace == plan_whitespace{usd(250'000'00), std::nullopt, "the current ARR is only known in part"});
  }
  SUBCASE("an ARR beyond the potential leaves no whitespace") {
    const auto ov = plan_with(usd(90'000'00), usd(40'000'00));
    CHECK(ov.whitespace == plan_whitespace{usd(90'000'00), usd(0),
                                           "the current ARR reaches the potential of 90,000.00 USD"});
  }
  SUBCASE("only one-off deals: the ARR is 0, known") {
    for (auto& d : deals)
      if (d.id == "W1" || d.id == "W2") d.annual_recurring = usd(0);
    const auto ov = plan_with(usd(10'000'00), usd(0));
    CHECK(ov.current_arr == plan_arr{usd(0), 0, 4, 0, {}, "no won deal recurs; 4 one-off deals add none"});
    CHECK(ov.whitespace.amount == usd(10'000'00));
  }
  SUBCASE("a host's negative recurring amount is an error naming the deal") {
    account_plan_builder b(p, {.today = today, .account = "Acme Corp"});
    for (auto d : deals) {
      if (d.id == "W1") d.annual_recurring = usd(-1'00);
      REQUIRE(b.add(d));
    }
    const auto refused = b.finish();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().where == "/annual_recurring");
    CHECK(refused.error().deal_id == "W1");
  }
  SUBCASE("without a potential the whitespace is unknown") {
    const auto ov = plan_with(std::nullopt, usd(40'000'00));
    CHECK(ov.whitespace == plan_whitespace{std::nullopt, std::nullopt, "no potential given"});
  }
  SUBCASE("a potential outside the reporting currency, or negative, is an error on it") {
    account_plan_builder b(p, {.today = today, .account = "Acme Corp", .potential = money(1'00, currency{"EUR"})});
    for (const auto& d : deals) REQUIRE(b.add(d));
    CHECK(b.finish().error().where == "/potential");
    account_plan_builder n(p, {.today = today, .account = "Acme Corp", .potential = usd(-1)});
    for (const auto& d : deals) REQUIRE(n.add(d));
    CHECK(n.finish().error().code == errc::out_of_range);
  }
}

TEST_CASE("account plan: with no won deal the ARR is 0, with won deals none of which says it is unknown") {
  const auto p = rules();
  // The pipeline's A4 is Acme's only won deal, and its record does not say.
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  CHECK(plan->overview.current_arr ==
        plan_arr{std::nullopt, 0, 0, 1, {}, "the won deal does not say whether it recurs"});
  CHECK(plan->overview.whitespace.how == "no potential given");
  const auto md = render(*plan, output_format::markdown);
  CHECK(contains_line(md, "- Current ARR: unknown (the won deal does not say whether it recurs) | Whitespace: "
                          "unknown (no potential given)"));

  account_plan_builder b(p, {.today = today, .account = "Initech", .potential = usd(100'000'00)});
  for (const auto& d : pipeline())
    if (d.account != "Initech") REQUIRE(b.add(d));
  auto fresh = test::acme("Prospect");
  fresh.account = "Initech";
  REQUIRE(b.add(fresh));
  const auto initech = b.finish();
  REQUIRE(initech);
  CHECK(initech->overview.current_arr == plan_arr{usd(0), 0, 0, 0, {}, "the account has no won deal"});
  CHECK(initech->overview.whitespace ==
        plan_whitespace{usd(100'000'00), usd(100'000'00), "the potential of 100,000.00 USD less the current ARR"});
}

TEST_CASE("account plan: relationship map and its gaps") {
  const auto p = rules();
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  const auto& map = plan->relationships;
  // Priya Shah on A1 (high) and A2 (medium) is one person, at her highest influence.
  CHECK(map.contacts == std::vector<plan_contact>{
                            {"Priya Shah", "VP Engineering", contact_role::champion, influence_level::high, {"A1", "A2"}},
                            {"Tom Lee", "CTO", contact_role::economic_buyer, influence_level::high, {"A1"}},
                            {"Ana Ruiz", "IT Manager", contact_role::technical_evaluator, influence_level::medium,
                             {"A1"}},
                        });
  // A3 and A1 name their economic buyer and champion in MEDDIC and engage 4 and 3
  // people; A2 has a champion but no economic buyer, and 1 contact of the 3 wanted.
  CHECK(map.gaps == std::vector<relationship_gap>{
                        {"A2", relationship_gap_kind::no_economic_buyer, 0, 0},
                        {"A2", relationship_gap_kind::single_threaded, 1, 3},
                    });
}

TEST_CASE("account plan: 90-day and 12-month goals state their deals and amounts") {
  const auto p = rules();
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  // 2026-03-01 + 90 days = 2026-05-30 (30 days to 03-31, 60 to 04-30): A3 (past due) and A1.
  CHECK(plan->goals.ninety_day == plan_goal{90, 2026y / May / 30d, 2, usd(1'214'000'00), usd(730'400'00),
                                            {"A3", "A1"}, {}});
  // + 365 days = 2027-03-01: all three open deals, the whole open pipeline.
  CHECK(plan->goals.twelve_month == plan_goal{365, 2027y / March / 1d, 3, usd(1'269'000'00), usd(741'400'00),
                                              {"A3", "A1", "A2"}, {}});
}

TEST_CASE("account plan: the action plan, with missing and overdue steps as actions") {
  const auto p = rules();
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  // By due date: A3's step (02-25, 4 days overdue, its owner the deal's), A2's missing
  // step (due today), A1's legal review (03-15).
  CHECK(plan->actions == std::vector<plan_action>{
                             {"A3", action_status::overdue, "Complete or re-date: Send order form", "Send order form",
                              "Dana Reyes", 2026y / February / 25d, 4},
                             {"A2", action_status::missing, "Agree a next step with the buyer, with a date and an owner",
                              "", "Sam Lee", today, 0},
                             {"A1", action_status::planned, "Legal review of MSA", "Legal review of MSA", "Dana Reyes",
                              2026y / March / 15d, 0},
                         });
}

TEST_CASE("account plan: risks from hygiene and from every unmet criterion of the next stage") {
  const auto p = rules();
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  std::vector<std::string> got;
  for (const auto& r : plan->risks)
    got.push_back(r.deal + " " + std::string(name_of(r.severity)) + " " + r.risk + " | " + r.mitigation);
  CHECK(got == std::vector<std::string>{
                   // Critical first: A3's close date passed 9 days ago; A2 idle for 50 days.
                   "A3 critical The close date 2026-02-20 passed 9 days ago | Agree a realistic close date with the "
                   "buyer and update the deal.",
                   "A2 critical No activity for 50 days (stale at 30) | Re-engage the buyer this week, or take the "
                   "deal out of the pipeline.",
                   // Warnings, in the deals' order A3, A1, A2; hygiene before the gate.
                   "A3 warning The next step is 4 days overdue | Complete the step or agree a new date with the buyer.",
                   // A3 reached the contract without "terms discussed", Negotiation's entry.
                   "A3 warning In Negotiation without its entry: 1 of 1 judged criteria unmet | Record what the "
                   "deal has reached, or move it back to the stage it qualifies for.",
                   "A1 warning Negotiation needs Proposal exit: proposal accepted or objections documented | Reach "
                   "one of the milestones: proposal accepted or objections documented.",
                   "A1 warning Negotiation needs Negotiation entry: terms discussed | Reach the milestone: terms "
                   "discussed.",
                   "A2 warning No next step | Agree a next step with the buyer, with a date and an owner.",
                   "A2 warning Single-threaded: 1 engaged contact, 3 wanted | Multi-thread the deal: engage 3 or "
                   "more contacts and add them to the relationship map.",
                   "A2 warning Demo/Evaluation needs Discovery exit: all six MEDDIC fields | Complete the MEDDIC "
                   "fields.",
                   "A2 warning Demo/Evaluation needs Discovery exit: a viable qualification score (at least 18; the "
                   "deal has 0) | Raise the qualification score: work on the weakest scorecard criteria.",
                   "A2 warning Demo/Evaluation needs Discovery exit: budget, authority, need and timeline confirmed "
                   "| Confirm budget, authority, need and timeline with the buyer.",
                   "A2 warning Demo/Evaluation needs Demo/Evaluation entry: technical fit confirmed | Reach the "
                   "milestone: technical fit confirmed.",
                   // Notice: A3's step has no owner.
                   "A3 notice The next step has no owner | Name who owns the next step.",
               });
  CHECK(plan->risks[0].source == risk_source::hygiene);
  CHECK(plan->risks[0].rule == hygiene_rule::close_date_past);
  CHECK(plan->risks[3].rule == hygiene_rule::entry_criteria_unmet);
  CHECK(plan->risks[4].source == risk_source::gate);
  CHECK(plan->risks[4].criterion == criterion_kind::any_milestone_reached);
  CHECK(plan->risks[4].next_stage == "Negotiation");
}

TEST_CASE("account plan: Markdown follows the template's sections") {
  const auto p = rules();
  const auto plan = plan_for(p, "Acme Corp");
  REQUIRE(plan);
  const auto md = render(*plan, output_format::markdown);
  CHECK(md.find("# Account Plan: Acme Corp\n\n"
                "Acme Corp on 2026-03-01: 3 open deals worth 1,269,000.00 USD (weighted 741,400.00 USD), "
                "40,000.00 USD won to date; 2 deals due within 90 days; 3 actions, 13 risks (2 critical).\n") == 0);
  // Sections in the template's order.
  const auto at = [&](const char* heading) { return md.find(std::string("\n## ") + heading + "\n"); };
  CHECK(at("Account Overview") < at("Relationship Map"));
  CHECK(at("Relationship Map") < at("Strategy"));
  CHECK(at("Strategy") < at("Action Plan"));
  CHECK(at("Action Plan") < at("Risks"));
  CHECK(at("Risks") != std::string::npos);

  CHECK(contains_line(md, "- Segment: Enterprise, Mid-Market | Owners: Dana Reyes, Sam Lee"));
  CHECK(contains_line(md, "- Industry: Manufacturing | Region: not recorded | Revenue: not recorded | Employees: 1200"));
  CHECK(contains_line(md, "- Open pipeline: 3 deals, 1,269,000.00 USD | Weighted: 741,400.00 USD"));
  CHECK(contains_line(md, "- Won to date: 1 deal, 40,000.00 USD | Lost or disqualified: 1 deal"));
  CHECK(contains_line(md, "| A1 | Proposal | 1,204,000.00 USD | 60% | 722,400.00 USD | 2026-03-28 | Dana Reyes |"));
  CHECK(contains_line(md, "| Priya Shah | VP Engineering | champion | high | A1, A2 |"));
  CHECK(contains_line(md, "- A2: no economic buyer identified"));
  CHECK(contains_line(md, "- A2: single-threaded: 1 engaged contact, 3 wanted"));
  CHECK(contains_line(md, "- 90-day goals: close 2 deals due by 2026-05-30, 1,214,000.00 USD (weighted 730,400.00 "
                          "USD): A3, A1"));
  CHECK(contains_line(md, "- 12-month goals: close 3 deals due by 2027-03-01, 1,269,000.00 USD (weighted 741,400.00 "
                          "USD): A3, A1, A2"));
  CHECK(contains_line(md, "| A3 | Complete or re-date: Send order form | Dana Reyes | 2026-02-25 | overdue 4 days |"));
  CHECK(contains_line(md, "| A2 | Agree a next step with the buyer, with a date and an owner | Sam Lee | 2026-03-01 | "
                          "no next step |"));
  CHECK(contains_line(md, "- A3, critical: The close date 2026-02-20 passed 9 days ago. Agree a realistic close date "
                          "with the buyer and update the deal."));

  const auto text = render(*plan, output_format::text);
  CHECK(text.find("Account Plan: Acme Corp\n=======================\n\n") == 0);
  CHECK(text.find("\nRisks\n-----\n\n") != std::string::npos);
}

TEST_CASE("account plan: an unknown account is an error suggesting the nearest one seen") {
  const auto p = rules();
  const auto typo = plan_for(p, "Globx");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().code == errc::unknown_name);
  CHECK(typo.error().where == "/account");
  CHECK(typo.error().message == "no deal is with account 'Globx'; did you mean 'Globex'?");

  // Nothing near: the count of accounts seen instead: Acme Corp (in either spelling),
  // Globex (likewise) and Initech.
  const auto far = plan_for(p, "Umbrella");
  REQUIRE_FALSE(far);
  CHECK(far.error().message == "no deal is with account 'Umbrella' (3 other accounts seen)");
}

TEST_CASE("account plan: a kept deal whose stage is unknown is an error naming it") {
  const auto p = rules();
  account_plan_builder b(p, {today, "Acme Corp"});
  const auto r = b.add(test::acme("Qualification"));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::unknown_name);
  CHECK(r.error().deal_id == "OPP-0001");
  CHECK(to_string(r.error()).find("deal 'OPP-0001'") != std::string::npos);
}

namespace {
// Negotiation's entry asks for every kind of criterion the default process does not
// use, and a host check that always refuses; the ideal customer is an SMB.
validated_policy strict_rules() {
  policy p;
  for (auto& s : p.process.stages)
    if (s.name == "Negotiation")
      s.entry = {criteria::contacts_at_least{5}, criteria::economic_buyer_identified{},
                 criteria::champion_identified{}, criteria::icp_fit{},
                 criteria::bant_confirmed{},       criteria::holds{"legal_ok"}};
  p.process.predicates.push_back({"legal_ok", [](const opportunity&, date) { return false; }});
  p.icp.segments = {"SMB"};
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}
}  // namespace

TEST_CASE("account plan: every hygiene rule and gate criterion in words") {
  const auto p = strict_rules();
  // B1: in Proposal with the budget approved, nothing qualified, one contact who is
  // no champion, closing 2027-06-01 (457 days from 2026-03-01: 306 to 2027-01-01,
  // + 151), a next step without a date, and the rep's 90% above Negotiation's 80%.
  auto b1 = test::acme("Proposal", {milestone::budget_approved});
  b1.id = "B1";
  b1.account = "Bolt Inc";
  b1.close_date = 2027y / June / 1d;
  b1.last_activity_date = 2026y / February / 28d;
  b1.contact_count = 1;
  b1.contacts = {{"Lin Wu", "Buyer", contact_role::economic_buyer, influence_level::medium}};
  b1.next_step = next_step{"Send the security questionnaire", std::nullopt, "Dana Reyes"};
  b1.probability_override = probability{90};
  account_plan_builder b(p, {today, "Bolt Inc"});
  REQUIRE(b.add(b1));
  const auto plan = b.finish();
  REQUIRE(plan);
  std::vector<std::string> got;
  for (const auto& r : plan->risks) got.push_back(std::string(name_of(r.severity)) + " " + r.risk + " | " + r.mitigation);
  CHECK(got == std::vector<std::string>{
                   "critical Qualification incomplete: 0 of 6 fields; missing metrics, economic buyer, decision "
                   "criteria, decision process, identify pain, champion | Fill in the missing fields at the next "
                   "call; ask the champion to introduce the economic buyer.",
                   "warning Single-threaded: 1 engaged contact, 3 wanted | Multi-thread the deal: engage 3 or more "
                   "contacts and add them to the relationship map.",
                   "warning Qualification score 0, below 18 | Re-qualify on the scorecard: work on the weakest "
                   "criteria, or deprioritise the deal.",
                   "warning The rep's probability 90% contradicts the stage (bound 80%) | Move the deal to the stage "
                   "its probability implies, or drop the override.",
                   // The gate: Proposal's exit, then each entry criterion Negotiation now has.
                   "warning Negotiation needs Proposal exit: proposal accepted or objections documented | Reach one "
                   "of the milestones: proposal accepted or objections documented.",
                   "warning Negotiation needs Negotiation entry: at least 5 contacts (the deal has 1) | Engage 5 or "
                   "more contacts on the deal.",
                   "warning Negotiation needs Negotiation entry: the economic buyer identified | Identify the "
                   "economic buyer; ask the champion for an introduction.",
                   "warning Negotiation needs Negotiation entry: a champion identified | Find a champion and confirm "
                   "their support.",
                   "warning Negotiation needs Negotiation entry: the account fits the ideal customer profile | "
                   "Check the account against the ideal customer profile, or deprioritise it.",
                   "warning Negotiation needs Negotiation entry: budget, authority, need and timeline confirmed | "
                   "Confirm budget, authority, need and timeline with the buyer.",
                   "warning Negotiation needs Negotiation entry: 'legal_ok' | Meet the company's own check for the "
                   "stage.",
                   "notice The close date 2027-06-01 is 457 days away, beyond the 365-day horizon | Confirm the "
                   "buyer's timeline; keep the deal out of the forecast until it is real.",
                   "notice The next step has no due date | Give the next step a date.",
               });
  CHECK(plan->actions == std::vector<plan_action>{{"B1", action_status::undated,
                                                   "Set a due date for: Send the security questionnaire",
                                                   "Send the security questionnaire", "Dana Reyes", std::nullopt, 0}});
  // Lin Wu is the economic buyer on the relationship map (the gate's criterion reads
  // the MEDDIC field, which is blank); nobody is the champion.
  CHECK(plan->relationships.gaps ==
        std::vector<relationship_gap>{{"B1", relationship_gap_kind::no_champion, 0, 0},
                                      {"B1", relationship_gap_kind::single_threaded, 1, 3}});
  const auto md = render(*plan, output_format::markdown);
  CHECK(contains_line(md, "- B1: no champion identified"));
  CHECK(contains_line(md, "| B1 | Set a due date for: Send the security questionnaire | Dana Reyes | - | no due "
                          "date |"));
}

TEST_CASE("account plan: an account with only closed deals has no gaps, actions or risks") {
  const auto p = rules();
  account_plan_builder b(p, {today, "Acme Corp"});
  auto won = test::acme("Closed Won");
  won.outcome = deal_outcome::won;
  won.closed_date = won.close_date = 2026y / January / 20d;
  REQUIRE(b.add(won));
  const auto plan = b.finish();
  REQUIRE(plan);
  CHECK(plan->relationships.gaps.empty());
  CHECK(plan->actions.empty());
  CHECK(plan->risks.empty());
  const auto text = render(*plan, output_format::text);
  CHECK(contains_line(text, "Gaps: none."));
  CHECK(contains_line(text, "No open deal: no actions."));
  CHECK(contains_line(text, "No risks found."));
  CHECK(contains_line(text, "- 90-day goals: no open deal is due by 2026-05-30; build pipeline with the account."));
}

TEST_CASE("account plan: 10,000 deals' owners and segments are listed once each, first spelling, in the table's order") {
  const auto p = rules();
  account_plan_builder b(p, {today, "Acme Corp"});
  // Won deals closed a day apart, latest first in the table: deal k closes on day
  // 10,000 - k after 2000-01-01, so the table reads them k = 0, 1, 2, ...; deal k
  // has owner "Owner <k mod 5,000>" and segment "Segment <k mod 3>", spelt in
  // capitals from k = 5,000 on.
  for (std::size_t k = 0; k < 10'000; ++k) {
    auto o = test::acme("Closed Won");
    // Built apart and moved in: GCC 12 at -O3 warns (-Wrestrict) on o.id = "W" + std::to_string(k).
    std::string id(1, 'W');
    id += std::to_string(k);
    o.id = std::move(id);
    o.outcome = deal_outcome::won;
    const date closed{sys_days(2000y / January / 1d) + days(10'000 - static_cast<int>(k))};
    o.closed_date = o.close_date = closed;
    o.created_date = 2000y / January / 1d;
    o.owner = "Owner " + std::to_string(k % 5'000);
    o.segment = "Segment " + std::to_string(k % 3);
    if (k >= 5'000) {
      for (char& c : o.owner) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      for (char& c : o.segment) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    o.account = k % 2 == 0 ? "Acme Corp" : "ACME CORP";
    REQUIRE(b.add(o));
  }
  const auto plan = b.finish();
  REQUIRE(plan);
  const auto& ov = plan->overview;
  CHECK(ov.won_deals == 10'000);
  REQUIRE(ov.owners.size() == 5'000);
  CHECK(ov.owners.front() == "Owner 0");
  CHECK(ov.owners[4'999] == "Owner 4999");
  CHECK(ov.segments == std::vector<std::string>{"Segment 0", "Segment 1", "Segment 2"});
}
