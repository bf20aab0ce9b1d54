// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/forecast_report.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }
constexpr date today = 2026y / November / 22d;  // FY2026-Q4, mid quarter

validated_policy test_policy() {
  policy p;
  p.exchange.rates = {{eur, exchange_rate::from_billionths(1'100'000'000)}};  // 1 EUR = 1.10 USD
  return *validate(std::move(p));
}

using salesrules::test::report_deal;
constexpr auto deal = [](const char* id, const char* stage, money amount, date close,
                         deal_outcome outcome = deal_outcome::open) {
  return report_deal(id, stage, amount, close, outcome);
};

// The period is FY2026-Q4 (2026-10-01 to 2026-12-31). In it:
//   A Prospect 10,000 USD (10%, upside), B Discovery 35,000 USD (20%, pipeline),
//   C Proposal 50,000 EUR = 55,000 USD (60%, best case), H Demo/Evaluation 5,000 USD
//   left out by its rep (Omitted), E won 40,000 USD, I disqualified 8,000 USD.
// Outside it: D Proposal 30,000 USD closing in January, F lost and G won in Q3.
std::vector<opportunity> sample() {
  std::vector<opportunity> v{
      deal("A-1", "Prospect", dollars(10'000), 2026y / December / 15d),
      deal("B-2", "Discovery", dollars(35'000), 2026y / October / 20d),
      deal("C-3", "Proposal", money(5'000'000, eur), 2026y / December / 31d),
      deal("D-4", "Proposal", dollars(30'000), 2027y / January / 15d),
      deal("E-5", "Closed Won", dollars(40'000), 2026y / October / 5d, deal_outcome::won),
      deal("F-6", "Closed Lost", dollars(25'000), 2026y / August / 10d, deal_outcome::lost),
      deal("G-7", "Closed Won", dollars(15'000), 2026y / September / 1d, deal_outcome::won),
      deal("H-8", "Demo/Evaluation", dollars(5'000), 2026y / November / 30d),
      deal("I-9", "Closed Lost", dollars(8'000), 2026y / October / 10d, deal_outcome::disqualified),
  };
  v[7].forecast_override = forecast_override{forecast_category::omitted, "duplicate"};
  return v;
}

fiscal_period q4(const validated_policy& p) { return *salesrules::parse_period("2026-Q4", p.calendar()); }

forecast_report build(const validated_policy& p, const std::vector<opportunity>& deals,
                      std::optional<money> quota = dollars(50'000)) {
  forecast_builder b(p, {.today = today, .period = q4(p), .quota = quota});
  for (const auto& d : deals) REQUIRE(b.add(d));
  CHECK(b.kept() == 3);  // A, B and C, 16 bytes each; H (Omitted), E (won) and I (disqualified) only counted
  auto r = b.finish();
  REQUIRE(r);
  return *r;
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("forecast report: the calls, cumulative, and the deals per category") {
  const auto p = test_policy();
  const auto r = build(p, sample());
  CHECK(to_string(r.period) == "FY2026-Q4");
  CHECK(r.today == today);
  CHECK(r.calls.closed == dollars(40'000));     // E
  CHECK(r.calls.commit == dollars(40'000));     // no Commit deal
  CHECK(r.calls.best_case == dollars(95'000));  // + C 55,000
  CHECK(r.calls.pipeline == dollars(140'000));  // + B 35,000 + A 10,000
  CHECK(r.calls.weighted == dollars(81'000));   // 40,000 + 1,000 + 7,000 + 33,000
  CHECK(r.deals == std::vector<category_count>{{forecast_category::upside, 1},
                                               {forecast_category::pipeline, 1},
                                               {forecast_category::best_case, 1},
                                               {forecast_category::commit, 0},
                                               {forecast_category::closed, 1},
                                               {forecast_category::omitted, 2}});  // H and I
}

TEST_CASE("forecast report: the copies it keeps give the library's figures over the full deals") {
  const auto p = test_policy();
  auto deals = sample();
  deals.push_back(deal("J-10", "Negotiation", money(2'000'000, eur), 2026y / December / 1d));
  deals.back().probability_override = probability{95};
  deals.back().meddpicc.metrics = "text a slim copy leaves behind";
  deals[0].forecast_override = forecast_override{forecast_category::best_case, "champion says so"};
  forecast_builder b(p, {.today = today, .period = q4(p), .quota = dollars(50'000)});
  for (const auto& d : deals) REQUIRE(b.add(d));
  const auto r = b.finish();
  REQUIRE(r);
  const auto calls = forecast_calls(deals, q4(p), p);
  REQUIRE(calls);
  CHECK(r->calls.commit == calls->commit);
  CHECK(r->calls.commit == dollars(62'000));  // E 40,000 + J 20,000 EUR = 22,000 USD
  CHECK(r->calls.best_case == calls->best_case);
  CHECK(r->calls.pipeline == calls->pipeline);
  CHECK(r->calls.weighted == calls->weighted);
  CHECK(r->range == *forecast_range(deals, q4(p), p, dollars(50'000)));
  const auto cov = coverage(deals, q4(p), dollars(50'000), today, p);
  REQUIRE(cov);
  CHECK(r->coverage.pipeline == cov->pipeline);
  CHECK(r->coverage.weighted == cov->weighted);
  CHECK(*r->coverage.weighted_check == cov->weighted_check);
}

TEST_CASE("forecast report: the range and the chance of reaching the quota") {
  const auto p = test_policy();
  const auto r = build(p, sample());
  const range_forecast& g = r.range;
  // Uncertain: A 10,000 at 10%, B 35,000 at 20%, C 55,000 at 60%; their span, 100,000 USD
  // over 100,000 steps, makes a step of 1.00 USD, so every outcome is exact:
  //   0 .288 | 10k .032 | 35k .072 | 45k .008 | 55k .432 | 65k .048 | 90k .108 | 100k .012
  //   cumulative .288, .320, .392, .400, .832, .880, .988, 1
  CHECK(g.booked == dollars(40'000));
  CHECK(g.resolution == dollars(1));
  CHECK(g.open_deals == 3);
  CHECK(g.omitted_deals == 1);
  CHECK(g.won_deals == 1);
  CHECK(g.p10 == dollars(40'000));   // booked + 0
  CHECK(g.p50 == dollars(95'000));   // booked + 55,000
  CHECK(g.p90 == dollars(130'000));  // booked + 90,000
  CHECK(g.expected_value == dollars(81'000));
  CHECK(g.distribution_mean == dollars(81'000));
  // Every amount is a whole number of steps; a cent for the conversion of EUR.
  CHECK(g.quantile_error_bound == money(1, usd));
  // Reaching 50,000 takes 10,000 of the open deals: 1 - .288 = 71.12%.
  CHECK(g.quota == dollars(50'000));
  CHECK(g.quota_chance == percent::from_basis_points(7120));

  const auto no_quota = build(p, sample(), std::nullopt);
  CHECK_FALSE(no_quota.range.quota_chance);
  CHECK_FALSE(no_quota.coverage.total);
}

TEST_CASE("forecast report: coverage and the quarter-phase target") {
  const auto p = test_policy();
  const auto r = build(p, sample());
  const period_coverage& c = r.coverage;
  CHECK(c.phase == quarter_phase::mid);
  CHECK(c.target == coverage_target{percent::from_whole(300), std::nullopt});
  CHECK(c.weighted_target == coverage_target{percent::from_whole(300), percent::from_whole(400)});
  CHECK(c.open_deals == 3);               // A, B, C; H is Omitted
  CHECK(c.pipeline == dollars(100'000));  // 10,000 + 35,000 + 55,000
  CHECK(c.weighted == dollars(41'000));   // 1,000 + 7,000 + 33,000
  CHECK(c.closed_won == dollars(40'000));
  CHECK(c.remaining == dollars(10'000));
  CHECK(c.total->ratio == percent::from_whole(200));
  CHECK(c.total->verdict == coverage_verdict::below);
  CHECK(c.weighted_check->ratio == percent::from_whole(410));
  CHECK(c.weighted_check->verdict == coverage_verdict::above);

  // A quota already reached leaves nothing to divide the weighted pipeline by.
  const auto met = build(p, sample(), dollars(30'000));
  CHECK(met.coverage.remaining == dollars(0));  // 30,000 - 40,000, not below 0
  CHECK(met.coverage.total->ratio == percent::from_basis_points(33'333));  // 100,000 / 30,000
  CHECK(met.coverage.total->verdict == coverage_verdict::within);
  CHECK_FALSE(met.coverage.weighted_check->ratio);
  const auto text = render(met, output_format::text);
  CHECK(has_line(text, "pipeline / quota            3.33x: within the target of 3x or more"));
  CHECK(has_line(text, "weighted / remaining quota  no ratio: closed won has reached the quota; the target of 3x-4x"));
  CHECK(has_line(render(build(p, sample(), std::nullopt), output_format::text),
                 "pipeline / quota            no quota given; the target of 3x or more"));

  // Early in the quarter the target is 4-5x; the deals are the same.
  forecast_builder early(p, {.today = 2026y / October / 2d, .period = q4(p), .quota = dollars(50'000)});
  for (const auto& d : sample()) REQUIRE(early.add(d));
  const auto e = early.finish();
  REQUIRE(e);
  CHECK(e->coverage.phase == quarter_phase::early);
  CHECK(e->coverage.target == coverage_target{percent::from_whole(400), percent::from_whole(500)});
}

TEST_CASE("forecast report: the same deals give the same report however they are fed") {
  const auto p = test_policy();
  const auto deals = sample();
  const auto direct = build(p, deals);

  forecast_builder reused(p, {.today = today, .period = q4(p), .quota = dollars(50'000)});
  opportunity slot;
  for (const auto& d : deals) {
    slot = d;
    REQUIRE(reused.add(slot));
  }
  slot = opportunity{};  // the builder kept copies
  CHECK(*reused.finish() == direct);

  auto backwards = deals;
  std::reverse(backwards.begin(), backwards.end());
  CHECK(build(p, backwards) == direct);
}

TEST_CASE("forecast report: an unknown stage is an error naming the deal, wherever it closes") {
  const auto p = test_policy();
  forecast_builder b(p, {.today = today, .period = q4(p), .quota = std::nullopt});
  auto bad = sample()[3];  // closes outside the period
  bad.id = "OPP-9";
  bad.stage = "Contract";
  const auto e = b.add(bad);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/stage");
  CHECK(e.error().deal_id == "OPP-9");
  CHECK(b.kept() == 0);

  forecast_builder quota_in_euros(p, {.today = today, .period = q4(p), .quota = money(100, eur)});
  CHECK(quota_in_euros.add(sample()[0]).error().where == "/quota");
}

TEST_CASE("forecast report: parse_period reads quarters, years and months") {
  const fiscal_calendar jan{};
  const auto q = parse_period("2026-Q4", jan);
  REQUIRE(q);
  CHECK(q->kind == period_kind::quarter);
  CHECK(q->first_day == 2026y / October / 1d);
  CHECK(q->last_day == 2026y / December / 31d);
  CHECK(*parse_period("FY2026-Q4", jan) == *q);

  const auto y = parse_period("2026", jan);
  REQUIRE(y);
  CHECK(y->kind == period_kind::year);
  CHECK(y->last_day == 2026y / December / 31d);

  const auto m = parse_period("2026-11", jan);
  REQUIRE(m);
  CHECK(m->kind == period_kind::month);
  CHECK(m->index == 11);
  CHECK(m->first_day == 2026y / November / 1d);
  CHECK(m->last_day == 2026y / November / 30d);

  // A fiscal year from February, named by the year it ends in: FY2027 runs Feb 2026 -
  // Jan 2027, so November 2026 is its tenth month, and FY2026-Q4 is Nov 2025 - Jan 2026.
  const fiscal_calendar feb{.first_month = February, .naming = fiscal_year_naming::ending_year};
  const auto nov = parse_period("2026-11", feb);
  REQUIRE(nov);
  CHECK(nov->year == 2027);
  CHECK(nov->index == 10);
  CHECK(nov->first_day == 2026y / November / 1d);
  const auto fq4 = parse_period("2026-Q4", feb);
  REQUIRE(fq4);
  CHECK(fq4->first_day == 2025y / November / 1d);
  CHECK(fq4->last_day == 2026y / January / 31d);
}

TEST_CASE("forecast report: a bad period is an error about the text as a whole") {
  const fiscal_calendar jan{};
  for (const char* text : {"Q4-2026", "2026Q4", "", "20-26", "2026-1", "2026-Q"}) {
    const auto e = parse_period(text, jan);
    REQUIRE_FALSE(e);
    CHECK(e.error().where.empty());
    CHECK(e.error().code == errc::syntax);
  }
  CHECK(parse_period("2026-13", jan).error().code == errc::out_of_range);
  CHECK(parse_period("2026-00", jan).error().code == errc::out_of_range);
  CHECK(parse_period("2026-Q5", jan).error().code == errc::out_of_range);
  CHECK(parse_period("Q4-2026", jan).error().message.find("'Q4-2026'") == 0);
  const fiscal_calendar broken{.first_month = std::chrono::month{13}};
  CHECK(parse_period("2026-Q4", broken).error().where == "/calendar/first_month");
}

TEST_CASE("forecast report: text rendering") {
  const auto p = test_policy();
  const auto text = render(build(p, sample()), output_format::text);
  MESSAGE(text);
  CHECK(text.rfind("Forecast FY2026-Q4\n==================\n\n"
                   "FY2026-Q4 (2026-10-01 to 2026-12-31) as of 2026-11-22: commit 40,000.00 USD, best case "
                   "95,000.00 USD, weighted 81,000.00 USD, P50 95,000.00 USD; 71.2% chance of reaching the quota "
                   "of 50,000.00 USD\n",
                   0) == 0);
  CHECK(has_line(text, "closed won   40,000.00 USD"));
  CHECK(has_line(text, "pipeline    140,000.00 USD"));
  CHECK(has_line(text, "P90                           130,000.00 USD"));
  CHECK(has_line(text, "P10/P50/P90 error at most           0.01 USD"));
  CHECK(has_line(text, "chance of reaching the quota           71.2%"));
  CHECK(has_line(text, "pipeline / quota            2x: below the target of 3x or more"));
}

TEST_CASE("forecast report: markdown rendering") {
  const auto p = test_policy();
  const auto md = render(build(p, sample()), output_format::markdown);
  MESSAGE(md);
  CHECK(md.rfind("# Forecast FY2026-Q4\n\n", 0) == 0);
  CHECK(has_line(md, "## Calls"));
  CHECK(has_line(md, "| best case | 95,000.00 USD |"));
  CHECK(has_line(md, "| omitted | 2 |"));
  CHECK(has_line(md, "| P10/P50/P90 error at most | 0.01 USD |"));
  CHECK(has_line(md, "| phase | mid quarter |"));
}
