// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/pipeline_report.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }
constexpr date today = 2026y / November / 22d;  // FY2026-Q4, its second month: mid quarter

// USD reporting, EUR at exactly 1.10; `min_deals` diagnoses from one deal up.
validated_policy test_policy(std::uint32_t min_deals = 10) {
  policy p;
  p.exchange.rates = {{eur, exchange_rate::from_billionths(1'100'000'000)}};
  p.diagnosis.min_deals = min_deals;
  return *validate(std::move(p));
}

opportunity open_deal(const char* id, const char* stage, money amount, date close, date activity,
                      std::uint32_t contacts, const char* owner) {
  opportunity o;
  o.id = id;
  o.stage = stage;
  o.amount = amount;
  o.created_date = 2026y / June / 1d;
  o.close_date = close;
  o.last_activity_date = activity;
  o.contact_count = contacts;
  o.owner = owner;
  return o;
}

opportunity closed_deal(const char* id, const char* stage, deal_outcome outcome, money amount, date closed) {
  opportunity o;
  o.id = id;
  o.stage = stage;
  o.outcome = outcome;
  o.amount = amount;
  o.created_date = 2026y / March / 1d;
  o.close_date = closed;
  o.closed_date = closed;
  o.owner = "Dana";
  return o;
}

// Nine deals, every figure of the report worked out by hand below. Open:
//   A Prospect 10,000 USD (10%, upside), closes in Q4, clean.
//   B Discovery 35,000 USD (20%, pipeline), closes 2026-10-20 (33 days past), idle 52
//     days, no next step, 1 contact: stale, close date past, no next step, single-threaded.
//   C Proposal 50,000 EUR = 55,000 USD (60%, best case), closes in Q4, qualified, clean.
//   D Proposal 30,000 USD at an override of 95% (commit), closes in 2027: next step
//     without owner and 12 days overdue, MEDDIC missing metrics and champion, 95% above
//     Negotiation's 80%.
//   H Demo/Evaluation 5,000 USD, rep-omitted, no owner, closes in Q4, MEDDIC complete
//     but scoring 12/30: score below viable.
// Closed: E won 40,000 (Q4, 12% discount); F lost 25,000 to Globex (Q3); G won 15,000
// (Q3, 8% discount); I disqualified 8,000 (Q4).
// Sources: A "Outbound", B "Inbound", C " cold OUTBOUND" (outbound: case and blanks
// aside), D none recorded, H "Partner"; E "Outbound" too, but closed.
std::vector<opportunity> sample() {
  std::vector<opportunity> v;
  opportunity a = open_deal("A-1", "Prospect", dollars(10'000), 2026y / December / 15d, 2026y / November / 20d, 3, "Dana");
  a.next_step = next_step{"Book discovery call", 2026y / November / 30d, "Dana"};
  a.source = "Outbound";
  v.push_back(a);

  opportunity b = open_deal("B-2", "Discovery", dollars(35'000), 2026y / October / 20d, 2026y / October / 1d, 1, "Sam");
  b.source = "Inbound";
  v.push_back(b);

  opportunity c = test::qualified(
      open_deal("C-3", "Proposal", money(5'000'000, eur), 2026y / December / 31d, 2026y / November / 15d, 4, "Dana"));
  c.next_step = next_step{"Send proposal", 2026y / November / 25d, "Dana"};
  c.source = " cold OUTBOUND";
  v.push_back(c);

  opportunity d = test::qualified(
      open_deal("D-4", "Proposal", dollars(30'000), 2027y / January / 15d, 2026y / November / 21d, 5, "Sam"));
  d.probability_override = probability{95};
  d.next_step = next_step{"Legal review", 2026y / November / 10d, ""};
  d.meddpicc.metrics.clear();
  d.meddpicc.champion = "  ";
  v.push_back(d);

  v.push_back(closed_deal("E-5", "Closed Won", deal_outcome::won, dollars(40'000), 2026y / October / 5d));
  v.back().requested_discount = percent::from_whole(12);
  v.back().source = "Outbound";

  v.push_back(closed_deal("F-6", "Closed Lost", deal_outcome::lost, dollars(25'000), 2026y / August / 10d));
  v.back().competitors = {"Globex"};
  v.back().loss_reason = "Price";

  v.push_back(closed_deal("G-7", "Closed Won", deal_outcome::won, dollars(15'000), 2026y / September / 1d));
  v.back().requested_discount = percent::from_whole(8);

  opportunity h = test::qualified(
      open_deal("H-8", "Demo/Evaluation", dollars(5'000), 2026y / November / 30d, today, 3, ""));
  h.forecast_override = forecast_override{forecast_category::omitted, "duplicate of C-3"};
  h.ratings = {rating{2}, rating{2}, rating{2}, rating{2}, rating{2}, rating{2}};
  h.next_step = next_step{"Demo", 2026y / November / 29d, "Ana"};
  h.source = "Partner";
  v.push_back(h);

  v.push_back(closed_deal("I-9", "Closed Lost", deal_outcome::disqualified, dollars(8'000), 2026y / October / 10d));
  return v;
}

pipeline_report build(const validated_policy& p, const std::vector<opportunity>& deals, pipeline_options o) {
  pipeline_builder b(p, std::move(o));
  for (const auto& d : deals) REQUIRE(b.add(d));
  auto r = b.finish();
  REQUIRE(r);
  return *r;
}

// What the sample carries, as a CSV export does: no milestones, BANT answers or
// account profiles, and no stage history.
constexpr enum_set<deal_data> as_csv{deal_data::ratings, deal_data::meddpicc, deal_data::contacts,
                                     deal_data::loss_reason};

pipeline_options options(std::size_t listed = 20, enum_set<deal_data> known = as_csv) {
  return {.today = today, .quota = dollars(50'000), .period = std::nullopt, .listed_findings = listed,
          .known = known};
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

}  // namespace

TEST_CASE("pipeline report: counts and amounts by stage, category and owner") {
  const auto p = test_policy();
  const auto r = build(p, sample(), options());
  CHECK(r.deals == deal_counts{5, 2, 1, 1});
  // 10,000 + 35,000 + 55,000 (50,000 EUR x 1.10) + 30,000 + 5,000
  CHECK(r.open_total == dollars(135'000));
  // 1,000 + 7,000 + 33,000 + 28,500 (95% override) + 0 (Omitted)
  CHECK(r.open_weighted == dollars(69'500));

  REQUIRE(r.by_stage.size() == 7);
  CHECK(r.by_stage[0] == stage_row{"Prospect", stage_kind::open, 1, dollars(10'000), dollars(1'000)});
  CHECK(r.by_stage[1] == stage_row{"Discovery", stage_kind::open, 1, dollars(35'000), dollars(7'000)});
  CHECK(r.by_stage[2] == stage_row{"Demo/Evaluation", stage_kind::open, 1, dollars(5'000), dollars(0)});
  // C and D: 55,000 + 30,000; weighted 33,000 + 28,500
  CHECK(r.by_stage[3] == stage_row{"Proposal", stage_kind::open, 2, dollars(85'000), dollars(61'500)});
  CHECK(r.by_stage[4] == stage_row{"Negotiation", stage_kind::open, 0, dollars(0), dollars(0)});
  // E and G, won: weighted at 100%
  CHECK(r.by_stage[5] == stage_row{"Closed Won", stage_kind::won, 2, dollars(55'000), dollars(55'000)});
  // F and I: 25,000 + 8,000, weighted at 0%
  CHECK(r.by_stage[6] == stage_row{"Closed Lost", stage_kind::lost, 2, dollars(33'000), dollars(0)});

  REQUIRE(r.by_category.size() == 5);
  CHECK(r.by_category[0] == category_row{forecast_category::upside, 1, dollars(10'000), dollars(1'000)});
  CHECK(r.by_category[1] == category_row{forecast_category::pipeline, 1, dollars(35'000), dollars(7'000)});
  CHECK(r.by_category[2] == category_row{forecast_category::best_case, 1, dollars(55'000), dollars(33'000)});
  CHECK(r.by_category[3] == category_row{forecast_category::commit, 1, dollars(30'000), dollars(28'500)});
  CHECK(r.by_category[4] == category_row{forecast_category::omitted, 1, dollars(5'000), dollars(0)});

  // Open deals only, by name; H has no owner.
  REQUIRE(r.by_owner.size() == 3);
  CHECK(r.by_owner[0] == owner_row{"(none)", 1, dollars(5'000), dollars(0)});
  CHECK(r.by_owner[1] == owner_row{"Dana", 2, dollars(65'000), dollars(34'000)});  // A + C
  CHECK(r.by_owner[2] == owner_row{"Sam", 2, dollars(65'000), dollars(35'500)});   // B + D
}

TEST_CASE("pipeline report: the outbound share of the open pipeline, by owner, against 30%") {
  const auto p = test_policy();
  const auto r = build(p, sample(), options());
  const outbound_pipeline& ob = r.outbound;
  CHECK(ob.target == percent::from_whole(30));
  CHECK(ob.sources == std::vector<std::string>{"Outbound", "Cold Outbound", "Self-generated"});
  // Recorded: A 10,000, B 35,000, C 55,000, H 5,000 = 105,000; outbound A + C = 65,000;
  // 65,000 / 105,000 = 61.904...%, rounded down. D records none; E is closed.
  CHECK(ob.all == source_row{"", 4, 2, 1, dollars(105'000), dollars(65'000), {}, percent::from_basis_points(6190), true});
  REQUIRE(ob.by_owner.size() == 3);
  CHECK(ob.by_owner[0] == source_row{"(none)", 1, 0, 0, dollars(5'000), dollars(0), {}, percent(), false});  // H
  CHECK(ob.by_owner[1] ==
        source_row{"Dana", 2, 2, 0, dollars(65'000), dollars(65'000), {}, percent::from_whole(100), true});  // A + C
  CHECK(ob.by_owner[2] == source_row{"Sam", 1, 0, 1, dollars(35'000), dollars(0), {}, percent(), false});  // B; D none

  // The company's own list and target: partners count, and 70% is asked.
  policy own;
  own.exchange.rates = {{eur, exchange_rate::from_billionths(1'100'000'000)}};
  own.coverage.outbound_sources = {"outbound", "Cold Outbound", "Partner"};
  own.coverage.outbound_share = percent::from_whole(70);
  const auto q = validate(std::move(own));
  REQUIRE(q);
  const auto theirs = build(*q, sample(), options()).outbound;
  // 70,000 / 105,000 = 66.666...%: below 70%.
  CHECK(theirs.all.outbound == dollars(70'000));
  CHECK(theirs.all.share == percent::from_basis_points(6666));
  CHECK(theirs.all.meets_target == false);
  CHECK(theirs.by_owner[0].share == percent::from_whole(100));
  CHECK(theirs.by_owner[0].meets_target == true);
}

TEST_CASE("pipeline report: regression - the outbound verdict is decided on the exact amounts, not the rounded") {
  // EUR at 1.0834 for one owner: 276.93 EUR outbound of 923.10 EUR is exactly 30%. In
  // USD, 300.025962 of 1,000.08654 round to 300.03 of 1,000.09, which is 29.9998%:
  // judged on the rounded figures the owner would be below the target.
  policy own;
  own.exchange.rates = {{eur, exchange_rate::from_billionths(1'083'400'000)}};
  const auto p = validate(std::move(own));
  REQUIRE(p);
  opportunity out = open_deal("O-1", "Prospect", money(276'93, eur), 2026y / December / 15d, today, 3, "Ana");
  out.source = "Outbound";
  opportunity in = open_deal("I-1", "Prospect", money(646'17, eur), 2026y / December / 15d, today, 3, "Ana");
  in.source = "Inbound";
  const auto r = build(*p, {out, in}, options());
  CHECK(r.outbound.all.share == percent::from_whole(30));
  CHECK(r.outbound.all.meets_target == true);
  CHECK(r.outbound.by_owner[0].meets_target == true);
  // A cent less outbound (276.92 of 923.09 EUR, 29.9992%) is below.
  out.amount = money(276'92, eur);
  in.amount = money(646'17, eur);
  const auto below = build(*p, {out, in}, options());
  CHECK(below.outbound.all.meets_target == false);
  CHECK(below.outbound.all.share == percent::from_basis_points(2999));
}

TEST_CASE("pipeline report: without a recorded source the outbound share is unknown, not zero") {
  const auto p = test_policy();
  auto deals = sample();
  for (auto& d : deals) d.source.clear();
  const auto r = build(p, deals, options());
  CHECK(r.outbound.all == source_row{"", 0, 0, 5, dollars(0), dollars(0), {}, std::nullopt, std::nullopt});
  for (const source_row& row : r.outbound.by_owner) {
    CHECK(row.share == std::nullopt);
    CHECK(row.meets_target == std::nullopt);
  }
  const auto text = render(r, output_format::text);
  CHECK(has_line(text, "No open deal records its source: the outbound share is unknown"));
  CHECK(has_line(text, "5 open deals record no source (unknown, in no share)"));
}

TEST_CASE("pipeline report: an outbound deal without an exchange rate is kept apart from the share") {
  const auto p = test_policy();
  auto deals = sample();
  opportunity gbp = open_deal("J-10", "Prospect", money(20'000'00, currency{"GBP"}), 2026y / December / 15d, today,
                              3, "Dana");
  gbp.source = "Self-generated";
  deals.push_back(gbp);
  const auto r = build(p, deals, options());
  // Counted among the deals, its amount in no share: still 65,000 of 105,000.
  CHECK(r.outbound.all.deals == 5);
  CHECK(r.outbound.all.outbound_deals == 3);
  CHECK(r.outbound.all.total == dollars(105'000));
  CHECK(r.outbound.all.share == percent::from_basis_points(6190));
  const std::vector<unconverted> apart{{currency{"GBP"}, 1, money(20'000'00, currency{"GBP"}),
                                        money(20'000'00, currency{"GBP"})}};
  CHECK(r.outbound.all.not_converted == apart);
  CHECK(r.outbound.by_owner[1].not_converted == apart);
  const auto text = render(r, output_format::text);
  CHECK(has_line(text, "Not converted, so in no share: 1 deal, 20,000.00 GBP"));
}

TEST_CASE("pipeline report: coverage of the quarter holding today against the quota") {
  const auto p = test_policy();
  const auto r = build(p, sample(), options());
  const period_coverage& c = r.coverage;
  CHECK(to_string(c.period) == "FY2026-Q4");
  CHECK(c.phase == quarter_phase::mid);
  CHECK(c.target == coverage_target{percent::from_whole(300), std::nullopt});
  // Open in Q4 and not Omitted: A, B, C (D closes in 2027, H is Omitted).
  CHECK(c.open_deals == 3);
  CHECK(c.pipeline == dollars(100'000));  // 10,000 + 35,000 + 55,000
  CHECK(c.weighted == dollars(41'000));   // 1,000 + 7,000 + 33,000
  CHECK(c.won_deals == 1);                // E; G closed in Q3
  CHECK(c.closed_won == dollars(40'000));
  CHECK(c.remaining == dollars(10'000));  // 50,000 - 40,000
  REQUIRE(c.total);
  CHECK(c.total->ratio == percent::from_whole(200));  // 100,000 / 50,000, below 3x
  CHECK(c.total->verdict == coverage_verdict::below);
  REQUIRE(c.weighted_check);
  CHECK(c.weighted_check->ratio == percent::from_whole(410));  // 41,000 / 10,000, above 3-4x
  CHECK(c.weighted_check->verdict == coverage_verdict::above);

  // The same figures as the library's coverage() over the whole list.
  const auto deals = sample();
  const auto lib = coverage(deals, c.period, dollars(50'000), today, p);
  REQUIRE(lib);
  CHECK(lib->pipeline == c.pipeline);
  CHECK(lib->weighted == c.weighted);
  CHECK(lib->total == *c.total);
  CHECK(lib->weighted_check == *c.weighted_check);

  // Without a quota the figures stay and nothing is judged.
  auto no_quota = options();
  no_quota.quota.reset();
  const auto unjudged = build(p, sample(), no_quota).coverage;
  CHECK(unjudged.pipeline == dollars(100'000));
  CHECK_FALSE(unjudged.total);
  CHECK_FALSE(unjudged.remaining);
}

TEST_CASE("pipeline report: hygiene findings counted by rule and severity, the first ones listed") {
  const auto p = test_policy();
  const auto r = build(p, sample(), options(5));
  const hygiene_overview& h = r.hygiene;
  CHECK(h.deals_checked == 5);
  CHECK(h.deals_with_findings == 3);  // B, D, H
  CHECK(h.findings == 9);             // B 4, D 4, H 1
  // critical: B stale, B close date past, D qualification; notice: D unowned; the other 5 warnings
  CHECK(h.by_severity == std::vector<severity_count>{{hygiene_severity::critical, 3},
                                                     {hygiene_severity::warning, 5},
                                                     {hygiene_severity::notice, 1}});
  // The export has no milestones: the entry criteria of B's Discovery, C's and D's
  // Proposal and H's Demo/Evaluation are unknown, not unmet; A's Prospect asks for an
  // ICP fit, which the default ICP judges on nothing the export lacks. The won deals'
  // handoff is not judged either.
  CHECK(h.entry_unknown == 4);
  CHECK(h.entry_lacks == enum_set<deal_data>{deal_data::milestones});
  CHECK(h.won_checked == 0);
  REQUIRE(h.by_rule.size() == 13);
  auto count = [&](hygiene_rule rule) {
    return std::find_if(h.by_rule.begin(), h.by_rule.end(), [&](const rule_count& c) { return c.rule == rule; })
        ->findings;
  };
  CHECK(count(hygiene_rule::stale) == 1);
  CHECK(count(hygiene_rule::close_date_past) == 1);
  CHECK(count(hygiene_rule::no_next_step) == 1);
  CHECK(count(hygiene_rule::single_threaded) == 1);
  CHECK(count(hygiene_rule::next_step_unowned) == 1);
  CHECK(count(hygiene_rule::next_step_overdue) == 1);
  CHECK(count(hygiene_rule::qualification_incomplete) == 1);
  CHECK(count(hygiene_rule::probability_inconsistent) == 1);
  CHECK(count(hygiene_rule::score_below_viable) == 1);
  CHECK(count(hygiene_rule::next_step_undated) == 0);
  CHECK(h.by_rule[0].severity == hygiene_severity::critical);  // stale

  // The first five in input order: B's four (position 1), then D's first (position 3).
  REQUIRE(h.listed.size() == 5);
  // B: 2026-10-01 to 2026-11-22 is 52 days idle; 2026-10-20 is 33 days past.
  CHECK(h.listed[0] == listed_finding{1, "B-2", hygiene_rule::stale, hygiene_severity::critical, 52, 30, {},
                                      "52 days without activity; stale at 30"});
  CHECK(h.listed[1].note == "close date 33 days past");
  CHECK(h.listed[2].note == "no next step");
  CHECK(h.listed[3].note == "1 contact; at least 3");
  CHECK(h.listed[4] == listed_finding{3, "D-4", hygiene_rule::next_step_unowned, hygiene_severity::notice, 0, 0, {},
                                      "next step without an owner"});

  const auto all = build(p, sample(), options(100)).hygiene.listed;
  REQUIRE(all.size() == 9);
  CHECK(all[5].note == "next step 12 days overdue");  // 2026-11-10 to 2026-11-22
  CHECK(all[6].missing == enum_set<meddpicc_field>{meddpicc_field::metrics, meddpicc_field::champion});
  CHECK(all[6].note == "4 of 6 fields; missing metrics, champion");
  CHECK(all[7].note == "override 95%, above the next stage's 80%");
  CHECK(all[8].note == "score 12 of 30; viable at 18");  // six ratings of 2
}

TEST_CASE("pipeline report: MEDDIC completion of the open deals past Discovery") {
  const auto p = test_policy();
  const auto r = build(p, sample(), options());
  const meddpicc_completion& m = r.meddpicc;
  CHECK(m.framework == qualification_framework::meddic);
  CHECK(m.qualified_after == "Discovery");
  CHECK(m.deals == 3);     // C, D (Proposal) and H (Demo/Evaluation)
  CHECK(m.complete == 2);  // C and H; D lacks two fields
  CHECK(m.share == percent::from_basis_points(6666));  // 2/3 = 66.666...%, rounded down
  CHECK(m.target == percent::from_whole(100));
  CHECK(m.meets_target == false);
  REQUIRE(m.missing.size() == 6);  // MEDDIC's six fields
  CHECK(m.missing[0] == field_count{meddpicc_field::metrics, 1});
  CHECK(m.missing[1] == field_count{meddpicc_field::economic_buyer, 0});
  CHECK(m.missing[5] == field_count{meddpicc_field::champion, 1});
}

TEST_CASE("pipeline report: diagnoses from the deals, the quota and the win rates") {
  const auto p = test_policy(1);  // diagnoses from a single deal
  const auto r = build(p, sample(), options());
  CHECK(r.figures == pipeline_figures{.open_deals = 5,
                                      .single_threaded = 1,       // B
                                      .open_in_discovery = 1,     // B
                                      .stalled_in_discovery = 1,  // B, 52 days idle
                                      .won_deals = 2,
                                      .won_discount_total = 2000,  // 12% + 8%
                                      .lost_deals = 1,
                                      .lost_to_competitors = 1});  // F names Globex
  // Q4: E won, I disqualified (not counted); Q3: G won, F lost.
  CHECK(r.win_rate == win_rate_figure{1, 0, percent::from_whole(100)});
  CHECK(r.previous_win_rate == win_rate_figure{1, 1, percent::from_whole(50)});

  REQUIRE(r.diagnoses.size() == 7);
  auto of = [&](problem pr) {
    return *std::find_if(r.diagnoses.begin(), r.diagnoses.end(), [&](const diagnosis_row& d) { return d.problem == pr; });
  };
  CHECK(of(problem::stalling_at_discovery).status == diagnosis_status::triggered);  // 1 of 1 > 30%
  CHECK(of(problem::stalling_at_discovery).value == percent::from_whole(100));
  CHECK(of(problem::low_forecast_accuracy).status == diagnosis_status::no_figure);
  CHECK(of(problem::falling_win_rate).status == diagnosis_status::clear);  // 100% against 50%
  CHECK(of(problem::falling_win_rate).threshold == percent::from_whole(50));
  CHECK(of(problem::single_threaded).value == percent::from_whole(20));  // 1 of 5, below 30%
  CHECK(of(problem::single_threaded).status == diagnosis_status::clear);
  CHECK(of(problem::discount_erosion).value == percent::from_whole(10));  // (12% + 8%) / 2, not above 10%
  CHECK(of(problem::discount_erosion).status == diagnosis_status::clear);
  const auto low = of(problem::low_coverage);
  CHECK(low.value == percent::from_whole(200));  // 100,000 / 50,000, below 3x
  CHECK(low.status == diagnosis_status::triggered);
  CHECK(low.deals == 3);
  CHECK(low.root_cause == std::string(root_cause_of(problem::low_coverage)));
  CHECK(low.remedy == std::string(remedy_of(problem::low_coverage)));
  CHECK(of(problem::competitive_losses).status == diagnosis_status::triggered);  // 1 of 1 lost

  // Under the default ten-deal minimum every figure here is too thin.
  const auto thin = build(test_policy(), sample(), options());
  for (const auto& d : thin.diagnoses)
    if (d.problem != problem::low_forecast_accuracy) CHECK(d.status == diagnosis_status::too_few_deals);
}

TEST_CASE("pipeline report: the same deals give the same report however they are fed") {
  const auto p = test_policy();
  const auto deals = sample();
  const auto direct = build(p, deals, options());

  // Through one reused object, as the importer feeds them.
  pipeline_builder reused(p, options());
  opportunity slot;
  for (const auto& d : deals) {
    slot = d;
    REQUIRE(reused.add(slot));
  }
  slot = opportunity{};
  const auto via_slot = reused.finish();
  REQUIRE(via_slot);
  CHECK(*via_slot == direct);

  // In reverse: only which findings come first differs.
  auto backwards = deals;
  std::reverse(backwards.begin(), backwards.end());
  auto reversed = build(p, backwards, options());
  CHECK(reversed.hygiene.listed != direct.hygiene.listed);
  CHECK(reversed.hygiene.listed.size() == direct.hygiene.listed.size());
  reversed.hygiene.listed = direct.hygiene.listed;
  CHECK(reversed == direct);

  // finish() leaves the builder as it was.
  CHECK(*reused.finish() == direct);
}

TEST_CASE("pipeline report: an unknown stage is an error naming the deal, and the deal is left out") {
  const auto p = test_policy();
  pipeline_builder b(p, options());
  auto deals = sample();
  REQUIRE(b.add(deals[0]));
  opportunity bad = deals[1];
  bad.id = "OPP-77";
  bad.stage = "Closing";
  const auto e = b.add(bad);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/stage");
  CHECK(e.error().deal_id == "OPP-77");
  CHECK(e.error().message.find("'Closing'") != std::string::npos);
  const auto r = b.finish();
  REQUIRE(r);
  CHECK(r->deals.open == 1);
  CHECK(r->open_total == dollars(10'000));

  // An open deal in a closed stage, and an amount without a currency (a currency
  // without a rate is no error: see the "not converted" cases below).
  opportunity contradiction = deals[0];
  contradiction.stage = "Closed Won";
  CHECK(b.add(contradiction).error().code == errc::inconsistent);
  opportunity bare = deals[0];
  bare.amount = money();
  const auto no_currency = b.add(bare);
  REQUIRE_FALSE(no_currency);
  CHECK(no_currency.error().code == errc::unknown_currency);
  CHECK(no_currency.error().deal_id == "A-1");
  CHECK(no_currency.error().where == "/amount");
  CHECK(b.finish()->deals.open == 1);
}

TEST_CASE("pipeline report: a quota outside the reporting currency is an error from the first deal") {
  const auto p = test_policy();
  auto o = options();
  o.quota = money(5'000'000, eur);
  pipeline_builder b(p, o);
  const auto e = b.add(sample()[0]);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::currency_mismatch);
  CHECK(e.error().where == "/quota");
  CHECK(b.finish().error().where == "/quota");
  o.quota = dollars(0);
  CHECK(pipeline_builder(p, o).finish().error().code == errc::out_of_range);
}

TEST_CASE("pipeline report: a set period and its previous one decide coverage and win rates") {
  const auto p = test_policy();
  auto o = options();
  o.period = *salesrules::parse_period("2026-Q3", p.calendar());
  const auto r = build(p, sample(), o);
  CHECK(to_string(r.coverage.period) == "FY2026-Q3");
  CHECK(r.coverage.phase == quarter_phase::late);  // today is after Q3
  CHECK(r.coverage.open_deals == 0);
  CHECK(r.coverage.closed_won == dollars(15'000));  // G
  CHECK(r.win_rate == win_rate_figure{1, 1, percent::from_whole(50)});  // Q3: G won, F lost
  CHECK(r.previous_win_rate == win_rate_figure{0, 0, std::nullopt});   // Q2: nothing closed
}

#if defined(__GLIBC__)
TEST_CASE("pipeline report: memory does not grow with the number of deals") {
  const auto p = test_policy();
  pipeline_builder b(p, options());
  const auto deals = sample();
  // Every owner and currency seen and the finding list full: the steady state.
  for (int round = 0; round < 3; ++round)
    for (const auto& d : deals) REQUIRE(b.add(d));
  const auto before = mallinfo2().uordblks;
  for (int round = 0; round < 2'000; ++round)
    for (const auto& d : deals) {
      if (!b.add(d)) FAIL("add failed");
    }
  CHECK(mallinfo2().uordblks == before);
  CHECK(b.finish()->deals.open == 5 * 2'003);
}
#endif

TEST_CASE("pipeline report: with every part of the deals known, entries and handoffs are judged") {
  const auto p = test_policy();
  auto deals = sample();
  deals[4].milestones.reach(milestone::contract_signed);  // E: signed, on its closed date
  const auto r = build(p, deals, options(20, all_deal_data));
  const hygiene_overview& h = r.hygiene;
  CHECK(h.entry_unknown == 0);
  CHECK(h.entry_lacks.empty());
  // No deal has a milestone: B lacks Discovery's meeting held, C and D Proposal's budget
  // approved, H Demo's technical fit; A's ICP fit holds.
  auto count = [&](hygiene_rule rule) {
    return std::find_if(h.by_rule.begin(), h.by_rule.end(), [&](const rule_count& c) { return c.rule == rule; })
        ->findings;
  };
  CHECK(count(hygiene_rule::entry_criteria_unmet) == 4);
  // E signed on 2026-10-05 and has not handed over: 48 days to 2026-11-22, against
  // one day. G's record has no signature: not judged.
  CHECK(h.won_checked == 2);
  CHECK(count(hygiene_rule::handoff_late) == 1);
  CHECK(h.findings == 9 + 4 + 1);
  CHECK(h.deals_with_findings == 5);  // B, C, D, E, H
  std::vector<std::string> notes;
  for (const auto& f : h.listed)
    if (f.rule == hygiene_rule::handoff_late || f.rule == hygiene_rule::entry_criteria_unmet)
      notes.push_back(f.deal + ": " + f.note);
  CHECK(notes == std::vector<std::string>{"B-2: 1 of 1 judged entry criteria unmet",
                                          "C-3: 1 of 1 judged entry criteria unmet",
                                          "D-4: 1 of 1 judged entry criteria unmet",
                                          "E-5: CS handoff 48 days after the signature; within 1 day",
                                          "H-8: 1 of 1 judged entry criteria unmet"});
}

TEST_CASE("pipeline report: text rendering") {
  const auto p = test_policy(1);
  const auto text = render(build(p, sample(), options(2)), output_format::text);
  CHECK(text.rfind("Pipeline as of 2026-11-22\n=========================\n\n"
                   "5 open deals, 135,000.00 USD, weighted 69,500.00 USD; closed: 2 won, 1 lost, 1 disqualified\n",
                   0) == 0);
  CHECK(has_line(text, "stage            deals          total       weighted"));
  CHECK(has_line(text, "Proposal             2  85,000.00 USD  61,500.00 USD"));
  CHECK(has_line(text, "pipeline / quota            2x: below the target of 3x or more"));
  CHECK(has_line(text, "weighted / remaining quota  4.1x: above the target of 3x-4x"));
  CHECK(has_line(text, "9 findings on 3 of 5 open deals"));
  CHECK(has_line(text, "4 open deals not judged on their stage's entry criteria, which read what the export lacks: "
                       "milestones (unknown, not unmet)"));
  CHECK(has_line(text, "B-2   stale            critical  52 days without activity; stale at 30"));
  CHECK(has_line(text, "7 more not listed"));
  CHECK(has_line(text, "MEDDIC complete on 2 of 3 open deals past Discovery: 66.66%, below the target of 100%"));
  CHECK(has_line(text, "low coverage           triggered      2x         3x      3"));
  CHECK(has_line(text, "61.9% of the open pipeline that records its source is outbound (65,000.00 USD of "
                       "105,000.00 USD, 2 of 4 deals), meeting the target of 30%"));
  CHECK(has_line(text, "1 open deal records no source (unknown, in no share)"));
  CHECK(has_line(text, "Outbound sources: Outbound, Cold Outbound, Self-generated"));
  CHECK(has_line(text, "owner   deals  outbound deals  no source          total       outbound       share"));
  CHECK(has_line(text, "Sam         1               0          1  35,000.00 USD       0.00 USD  0% (below)"));
}

TEST_CASE("pipeline report: markdown rendering") {
  const auto p = test_policy(1);
  const auto md = render(build(p, sample(), options(2)), output_format::markdown);
  MESSAGE(md);
  CHECK(md.rfind("# Pipeline as of 2026-11-22\n\n5 open deals, 135,000.00 USD", 0) == 0);
  CHECK(has_line(md, "## By stage"));
  CHECK(has_line(md, "| stage | deals | total | weighted |"));
  CHECK(has_line(md, "| --- | ---: | ---: | ---: |"));
  CHECK(has_line(md, "| Proposal | 2 | 85,000.00 USD | 61,500.00 USD |"));
  CHECK(has_line(md, "| B-2 | stale | critical | 52 days without activity; stale at 30 |"));
  CHECK(has_line(md, "- low coverage: " + std::string(root_cause_of(problem::low_coverage)) + " Remedy: " +
                         std::string(remedy_of(problem::low_coverage))));
}

// ---------------------------------------------------------------------------
// Rows add up to the whole (largest remainder)

namespace {
opportunity at_percent(const char* owner, const char* stage, money amount, int percent) {
  opportunity o = open_deal(owner, stage, amount, 2026y / December / 15d, today, 3, owner);
  o.probability_override = *probability::from_percent(percent);
  return o;
}

std::int64_t weighted_sum(const auto& rows) {
  std::int64_t s = 0;
  for (const auto& r : rows) s += r.weighted.minor_units();
  return s;
}
}  // namespace

TEST_CASE("pipeline report: rows add up to the whole - two half cents give the earlier row the cent") {
  // Ana $0.01 in Discovery and Lee $0.01 in Proposal, both at 50% (Pipeline): each
  // weighs exactly 0.5 cent, the whole 1.0 -> 1. Each row rounded on its own was 0.
  // Floors 0 + 0 leave 1 unit; the remainders tie, so the earlier row takes it: Ana by
  // owner, Discovery by stage; the one Pipeline row holds the whole 1.0 exactly.
  const auto p = test_policy();
  const auto r = build(p, {at_percent("Ana", "Discovery", money(1, usd), 50), at_percent("Lee", "Proposal", money(1, usd), 50)},
                       options());
  CHECK(r.open_weighted == money(1, usd));
  REQUIRE(r.by_owner.size() == 2);
  CHECK(r.by_owner[0] == owner_row{"Ana", 1, money(1, usd), money(1, usd)});
  CHECK(r.by_owner[1] == owner_row{"Lee", 1, money(1, usd), money(0, usd)});
  CHECK(r.by_stage[1] == stage_row{"Discovery", stage_kind::open, 1, money(1, usd), money(1, usd)});
  CHECK(r.by_stage[3] == stage_row{"Proposal", stage_kind::open, 1, money(1, usd), money(0, usd)});
  CHECK(r.by_category[1] == category_row{forecast_category::pipeline, 2, money(2, usd), money(1, usd)});
  CHECK(weighted_sum(r.by_stage) == 1);
  CHECK(weighted_sum(r.by_category) == 1);
}

TEST_CASE("pipeline report: rows add up to the whole - three tied owners and a credit") {
  // Al, Bo and Cy each $0.01 at 50% (0.5 cent), Di a credit of -$0.03 at 50% (-1.5
  // cents). The whole: 0.5 x 3 - 1.5 = 0.0 -> 0. Floors 0, 0, 0 and -2 (toward minus
  // infinity; remainder 0.5) sum to -2: 2 units left. All four remainders tie at 0.5,
  // so Al and Bo take one each: 1 + 1 + 0 + -2 = 0. Rounded on its own each row was
  // 0, 0, 0, -2 (half to even), 2 cents below the whole.
  const auto p = test_policy();
  const auto r = build(p,
                       {at_percent("Cy", "Proposal", money(1, usd), 50), at_percent("Al", "Proposal", money(1, usd), 50),
                        at_percent("Di", "Proposal", money(-3, usd), 50), at_percent("Bo", "Proposal", money(1, usd), 50)},
                       options());
  CHECK(r.open_total == money(0, usd));
  CHECK(r.open_weighted == money(0, usd));
  REQUIRE(r.by_owner.size() == 4);
  CHECK(r.by_owner[0].weighted == money(1, usd));   // Al
  CHECK(r.by_owner[1].weighted == money(1, usd));   // Bo
  CHECK(r.by_owner[2].weighted == money(0, usd));   // Cy
  CHECK(r.by_owner[3].weighted == money(-2, usd));  // Di
  CHECK(r.by_owner[3].total == money(-3, usd));
}

TEST_CASE("pipeline report: rows add up to the whole - two currencies, EUR at 1.0834, closed stages apart") {
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("1.0834")}};
  const auto p = *validate(pol);
  // Open, at 60% (Best Case): Ana in Discovery EUR 0.04 (4.3336 cents) + $1.00, exact
  // 104.3336; Lee in Proposal EUR 0.05 (5.4170 cents) + $2.00, exact 205.4170. The
  // whole: EUR 0.09 -> 9.7506 -> 10, plus 300 = 310; rows rounded alone gave 104 + 205.
  // Floors 104 + 205 leave 1 unit, to Lee's remainder 0.4170 (over 0.3336): 104 + 206.
  // Weighted: Ana EUR 0.024 -> 2.60016 + 60 = 62.60016, Lee EUR 0.03 -> 3.2502 + 120 =
  // 123.2502; the whole EUR 0.054 -> 5.85036 -> 6, plus 180 = 186; floors 62 + 123
  // leave 1 unit, to Ana's 0.60016: 63 + 123.
  // Closed: won EUR 0.04 and lost EUR 0.04, 4.3336 cents each, rounded alone 4 + 4;
  // their whole EUR 0.08 -> 8.6672 -> 9: Closed Won (the earlier, on a tie) 5, Closed
  // Lost 4. Weighted: won at 100% 4.3336, lost at 0%; whole EUR 0.04 -> 4: 4 + 0.
  const std::vector<opportunity> deals{
      at_percent("Ana", "Discovery", money(4, eur), 60), at_percent("Ana", "Discovery", dollars(1), 60),
      at_percent("Lee", "Proposal", money(5, eur), 60), at_percent("Lee", "Proposal", dollars(2), 60),
      closed_deal("W", "Closed Won", deal_outcome::won, money(4, eur), 2026y / October / 10d),
      closed_deal("L", "Closed Lost", deal_outcome::lost, money(4, eur), 2026y / October / 10d)};
  const auto r = build(p, deals, options());
  CHECK(r.open_total == money(310, usd));
  CHECK(r.open_weighted == money(186, usd));
  REQUIRE(r.by_owner.size() == 2);
  CHECK(r.by_owner[0] == owner_row{"Ana", 2, money(104, usd), money(63, usd)});
  CHECK(r.by_owner[1] == owner_row{"Lee", 2, money(206, usd), money(123, usd)});
  CHECK(r.by_stage[1] == stage_row{"Discovery", stage_kind::open, 2, money(104, usd), money(63, usd)});
  CHECK(r.by_stage[3] == stage_row{"Proposal", stage_kind::open, 2, money(206, usd), money(123, usd)});
  CHECK(r.by_stage[5] == stage_row{"Closed Won", stage_kind::won, 1, money(5, usd), money(4, usd)});
  CHECK(r.by_stage[6] == stage_row{"Closed Lost", stage_kind::lost, 1, money(4, usd), money(0, usd)});
  // One category holds every open deal: the whole itself.
  CHECK(r.by_category[2] == category_row{forecast_category::best_case, 4, money(310, usd), money(186, usd)});
}

// ---------------------------------------------------------------------------
// Currencies without an exchange rate: counted, their amounts kept apart

namespace {
const currency gbp{"GBP"}, jpy{"JPY"};

unconverted apart(currency c, std::uint64_t deals, std::int64_t total, std::int64_t weighted) {
  return unconverted{c, deals, money(total, c), money(weighted, c)};
}

// Reporting in USD with no rate at all (the default policy's exchange section).
// U-1 100.00 USD and E-2 200.00 EUR, both open at Proposal (60%, Best Case) with Ana,
// closing in Q4; G-3 50.00 GBP won on 2026-10-10 (Q4) by Dana.
std::vector<opportunity> three_currencies() {
  std::vector<opportunity> v;
  v.push_back(open_deal("U-1", "Proposal", money(10'000, usd), 2026y / December / 15d, today, 3, "Ana"));
  v.push_back(open_deal("E-2", "Proposal", money(20'000, eur), 2026y / December / 20d, today, 3, "Ana"));
  v.push_back(closed_deal("G-3", "Closed Won", deal_outcome::won, money(5'000, gbp), 2026y / October / 10d));
  return v;
}
}  // namespace

TEST_CASE("pipeline report: deals without an exchange rate count everywhere, their amounts listed apart") {
  const auto p = *validate(policy{});
  const auto r = build(p, three_currencies(), options());
  // Counts take every deal.
  CHECK(r.deals == deal_counts{2, 1, 0, 0});
  CHECK(r.hygiene.deals_checked == 2);
  CHECK(r.win_rate == win_rate_figure{1, 0, percent::from_whole(100)});  // G-3 won in Q4
  CHECK(r.figures.won_deals == 1);
  // Converted figures: U-1 alone, 100.00 USD weighted 60% = 60.00 USD.
  CHECK(r.open_total == money(10'000, usd));
  CHECK(r.open_weighted == money(6'000, usd));
  // Apart: E-2 200.00 EUR (weighted 120.00), open; G-3 50.00 GBP won (weighted in full).
  CHECK(r.open_not_converted == std::vector<unconverted>{apart(eur, 1, 20'000, 12'000)});
  CHECK(r.not_converted == std::vector<unconverted>{apart(eur, 1, 20'000, 12'000), apart(gbp, 1, 5'000, 5'000)});
  // Rows: deals count all, amounts the converted part, the rest per row.
  CHECK(r.by_stage[0] == stage_row{"Prospect", stage_kind::open, 0, money(0, usd), money(0, usd), {}});
  CHECK(r.by_stage[3] == stage_row{"Proposal", stage_kind::open, 2, money(10'000, usd), money(6'000, usd),
                                   {apart(eur, 1, 20'000, 12'000)}});
  CHECK(r.by_stage[5] ==
        stage_row{"Closed Won", stage_kind::won, 1, money(0, usd), money(0, usd), {apart(gbp, 1, 5'000, 5'000)}});
  CHECK(r.by_category[2] == category_row{forecast_category::best_case, 2, money(10'000, usd), money(6'000, usd),
                                         {apart(eur, 1, 20'000, 12'000)}});
  CHECK(r.by_category[1] == category_row{forecast_category::pipeline, 0, money(0, usd), money(0, usd), {}});
  REQUIRE(r.by_owner.size() == 1);  // open deals only
  CHECK(r.by_owner[0] == owner_row{"Ana", 2, money(10'000, usd), money(6'000, usd), {apart(eur, 1, 20'000, 12'000)}});
  // Coverage of Q4 against 50,000 USD: judged on U-1's 100.00 USD alone, 0.2% of the quota (0x).
  const period_coverage& c = r.coverage;
  CHECK(c.open_deals == 2);
  CHECK(c.pipeline == money(10'000, usd));
  CHECK(c.weighted == money(6'000, usd));
  CHECK(c.pipeline_not_converted == std::vector<unconverted>{apart(eur, 1, 20'000, 12'000)});
  CHECK(c.won_deals == 1);
  CHECK(c.closed_won == money(0, usd));
  CHECK(c.won_not_converted == std::vector<unconverted>{apart(gbp, 1, 5'000, 5'000)});
  CHECK(c.remaining == dollars(50'000));
  CHECK(c.total->ratio == percent::from_basis_points(20));
}

TEST_CASE("pipeline report: deals without a rate change no converted figure, and rows still add up") {
  // The two-currency case above (EUR at 1.0834), then the same deals with JPY and GBP
  // deals (no rate) among them: every converted figure is as it was, to the cent.
  // The JPY deals, at 50% (Pipeline): Ana in Discovery 3 and 5 JPY (weighted 1.5 and
  // 2.5: the row's 4.0 is 4 JPY), Cy in Negotiation 1 JPY (0.5, to even: 0); all three
  // 9 JPY, weighted 4.5 to even: 4 JPY. A GBP 7.00 deal lost, weighted 0.
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("1.0834")}};
  const auto p = *validate(pol);
  const std::vector<opportunity> converted{
      at_percent("Ana", "Discovery", money(4, eur), 60), at_percent("Ana", "Discovery", dollars(1), 60),
      at_percent("Lee", "Proposal", money(5, eur), 60), at_percent("Lee", "Proposal", dollars(2), 60),
      closed_deal("W", "Closed Won", deal_outcome::won, money(4, eur), 2026y / October / 10d),
      closed_deal("L", "Closed Lost", deal_outcome::lost, money(4, eur), 2026y / October / 10d)};
  std::vector<opportunity> mixed = converted;
  mixed.insert(mixed.begin() + 1, at_percent("Ana", "Discovery", money(3, jpy), 50));
  mixed.insert(mixed.begin() + 4, at_percent("Cy", "Negotiation", money(1, jpy), 50));
  mixed.push_back(at_percent("Ana", "Discovery", money(5, jpy), 50));
  mixed.push_back(closed_deal("X", "Closed Lost", deal_outcome::lost, money(700, gbp), 2026y / October / 11d));
  const auto before = build(p, converted, options());
  const auto r = build(p, mixed, options());

  CHECK(r.open_total == before.open_total);
  CHECK(r.open_total == money(310, usd));
  CHECK(r.open_weighted == money(186, usd));
  CHECK(r.deals == deal_counts{7, 1, 2, 0});
  CHECK(r.open_not_converted == std::vector<unconverted>{apart(jpy, 3, 9, 4)});
  CHECK(r.not_converted == std::vector<unconverted>{apart(gbp, 1, 700, 0), apart(jpy, 3, 9, 4)});
  REQUIRE(r.by_owner.size() == 3);
  CHECK(r.by_owner[0] == owner_row{"Ana", 4, money(104, usd), money(63, usd), {apart(jpy, 2, 8, 4)}});
  CHECK(r.by_owner[1] == owner_row{"Cy", 1, money(0, usd), money(0, usd), {apart(jpy, 1, 1, 0)}});
  CHECK(r.by_owner[2] == before.by_owner[1]);  // Lee
  CHECK(r.by_stage[1] ==
        stage_row{"Discovery", stage_kind::open, 4, money(104, usd), money(63, usd), {apart(jpy, 2, 8, 4)}});
  CHECK(r.by_stage[3] == before.by_stage[3]);
  CHECK(r.by_stage[4] ==
        stage_row{"Negotiation", stage_kind::open, 1, money(0, usd), money(0, usd), {apart(jpy, 1, 1, 0)}});
  CHECK(r.by_stage[5] == before.by_stage[5]);
  CHECK(r.by_stage[6] ==
        stage_row{"Closed Lost", stage_kind::lost, 2, money(4, usd), money(0, usd), {apart(gbp, 1, 700, 0)}});
  CHECK(r.by_category[1] ==
        category_row{forecast_category::pipeline, 3, money(0, usd), money(0, usd), {apart(jpy, 3, 9, 4)}});
  CHECK(r.by_category[2] == before.by_category[2]);
  // The converted rows add up to the converted whole, table by table.
  const auto sums = [](const auto& rows) {
    std::int64_t t = 0, w = 0;
    for (const auto& row : rows)
      if constexpr (requires { row.kind; }) {
        if (row.kind == stage_kind::open) t += row.total.minor_units(), w += row.weighted.minor_units();
      } else {
        t += row.total.minor_units(), w += row.weighted.minor_units();
      }
    return std::pair{t, w};
  };
  for (const auto& [t, w] : {sums(r.by_stage), sums(r.by_category), sums(r.by_owner)}) {
    CHECK(t == 310);
    CHECK(w == 186);
  }
}

TEST_CASE("pipeline report: amounts without a rate in text and Markdown, and none printed when there are none") {
  const auto p = *validate(policy{});
  const auto r = build(p, three_currencies(), options());
  const auto text = render(r, output_format::text);
  CHECK(text.rfind("Pipeline as of 2026-11-22\n=========================\n\n"
                   "2 open deals, 100.00 USD, weighted 60.00 USD (not converted: 1 deal, 200.00 EUR); "
                   "closed: 1 won, 0 lost, 0 disqualified\n\n"
                   "Not converted: the policy has no exchange rate into USD for EUR and GBP. Deals in those "
                   "currencies count in every deal count; their amounts are shown apart, in their own currency, and "
                   "are in none of the USD figures.\n\n",
                   0) == 0);
  CHECK(has_line(text, "stage            deals       total   weighted       not converted"));
  CHECK(has_line(text, "Proposal             2  100.00 USD  60.00 USD  1 deal, 200.00 EUR"));
  CHECK(has_line(text, "Closed Won           1    0.00 USD   0.00 USD   1 deal, 50.00 GBP"));
  CHECK(has_line(text, "Closed Lost          0    0.00 USD   0.00 USD"));
  CHECK(has_line(text, "pipeline not converted                               1 deal, 200.00 EUR"));
  CHECK(has_line(text, "weighted not converted                               1 deal, 120.00 EUR"));
  CHECK(has_line(text, "closed won not converted                             1 deal, 50.00 GBP"));
  CHECK(has_line(text, "pipeline / quota (converted amounts only)            0x: below the target of 3x or more"));
  const auto md = render(r, output_format::markdown);
  CHECK(has_line(md, "> Not converted: the policy has no exchange rate into USD for EUR and GBP. Deals in those "
                     "currencies count in every deal count; their amounts are shown apart, in their own currency, and "
                     "are in none of the USD figures."));
  CHECK(has_line(md, "| stage | deals | total | weighted | not converted |"));
  CHECK(has_line(md, "| Proposal | 2 | 100.00 USD | 60.00 USD | 1 deal, 200.00 EUR |"));
  // With every rate given, not a word of it.
  policy with_rates;
  with_rates.exchange.rates = {{eur, *parse_rate("1.10")}, {gbp, *parse_rate("1.25")}};
  const auto converted = build(*validate(with_rates), three_currencies(), options());
  CHECK(converted.not_converted.empty());
  CHECK(converted.open_total == money(32'000, usd));  // 100.00 + 200.00 x 1.10
  for (const auto f : {output_format::text, output_format::markdown}) {
    const auto out = render(converted, f);
    CHECK(out.find("not converted") == std::string::npos);
    CHECK(out.find("Not converted") == std::string::npos);
  }
}
