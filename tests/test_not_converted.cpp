// SPDX-License-Identifier: BSL-1.0
// Currencies without an exchange rate in the report builders: such deals count where no
// amount is needed, and their amounts are kept apart by currency (salesrules::unconverted).
// The pipeline report's own cases are in test_pipeline_report.cpp.
#include <salesrules/io/account_plan.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/io/win_loss_report.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

const currency usd{"USD"}, eur{"EUR"}, gbp{"GBP"}, jpy{"JPY"};
constexpr date today = 2026y / November / 22d;  // FY2026-Q4 under the default calendar

unconverted apart(currency c, std::uint64_t deals, std::int64_t total, std::int64_t weighted) {
  return unconverted{c, deals, money(total, c), money(weighted, c)};
}

opportunity deal(const char* id, const char* stage, money amount, date close, deal_outcome outcome = deal_outcome::open,
                 const char* account = "Acme") {
  opportunity o = salesrules::test::report_deal(id, stage, amount, close, outcome);
  o.account = account;
  o.owner = "Ana";
  return o;
}

// The default policy: reporting in USD, no rate at all.
validated_policy no_rates() { return *validate(policy{}); }

// EUR at 1.0834; GBP and JPY without a rate.
validated_policy eur_only() {
  policy p;
  p.exchange.rates = {{eur, *parse_rate("1.0834")}};
  return *validate(std::move(p));
}

fiscal_period q4(const validated_policy& p) { return *salesrules::parse_period("2026-Q4", p.calendar()); }

// U-1 100.00 USD and E-2 200.00 EUR open at Proposal (60%, Best Case) closing in Q4;
// G-3 50.00 GBP won on 2026-10-10 (Q4).
std::vector<opportunity> three_currencies() {
  return {deal("U-1", "Proposal", money(10'000, usd), 2026y / December / 15d),
          deal("E-2", "Proposal", money(20'000, eur), 2026y / December / 20d),
          deal("G-3", "Closed Won", money(5'000, gbp), 2026y / October / 10d, deal_outcome::won)};
}

// Deals in four currencies, open and closed, in and out of Q4, for the merge cases.
std::vector<opportunity> mixed() {
  std::vector<opportunity> v{
      deal("M-1", "Prospect", money(123'456, usd), 2026y / December / 1d),
      deal("M-2", "Discovery", money(98'765, gbp), 2026y / November / 30d, deal_outcome::open, "Initech"),
      deal("M-3", "Closed Won", money(50'001, eur), 2026y / October / 3d, deal_outcome::won),
      deal("M-4", "Proposal", money(7'777, jpy), 2026y / December / 24d),
      deal("M-5", "Closed Lost", money(40'000, gbp), 2026y / October / 9d, deal_outcome::lost),
      deal("M-6", "Negotiation", money(333'333, eur), 2027y / January / 20d, deal_outcome::open, "Initech"),
      deal("M-7", "Closed Won", money(12'345, gbp), 2026y / November / 2d, deal_outcome::won),
      deal("M-8", "Demo/Evaluation", money(5'555, jpy), 2026y / December / 2d),
      deal("M-9", "Closed Won", money(77'700, usd), 2026y / August / 1d, deal_outcome::won),
      deal("M-10", "Proposal", money(61'234, gbp), 2027y / March / 1d),
      deal("M-11", "Closed Won", money(999, jpy), 2026y / November / 11d, deal_outcome::won),
      deal("M-12", "Discovery", money(45'000, eur), 2026y / December / 12d),
  };
  v[1].owner = "Lee";
  v[9].owner = "Cy";
  v[7].forecast_override = forecast_override{forecast_category::omitted, "duplicate"};
  return v;
}

}  // namespace

TEST_CASE("not converted: parts in words, merged by currency, and their currencies listed") {
  const std::vector<unconverted> parts{apart(eur, 3, 30'000'000, 12'000'000), apart(gbp, 1, 5'000, 5'000)};
  CHECK(format_unconverted(parts) == "3 deals, 300,000.00 EUR; 1 deal, 50.00 GBP");
  CHECK(format_unconverted(parts, true) == "3 deals, 120,000.00 EUR; 1 deal, 50.00 GBP");
  CHECK(format_unconverted({}).empty());
  CHECK(currency_list(parts) == "EUR and GBP");
  const std::vector<unconverted> more{apart(jpy, 2, 700, 70), apart(eur, 1, 1, 0)};
  const auto merged = merge_unconverted(parts, more);
  REQUIRE(merged);
  CHECK(*merged == std::vector<unconverted>{apart(eur, 4, 30'000'001, 12'000'000), apart(gbp, 1, 5'000, 5'000),
                                            apart(jpy, 2, 700, 70)});
  CHECK(currency_list(*merged) == "EUR, GBP and JPY");
  const std::vector<unconverted> huge{apart(eur, 1, INT64_MAX, 0)};
  CHECK(merge_unconverted(huge, huge).error().code == errc::overflow);
}

TEST_CASE("forecast report: deals without a rate in the calls, the range and coverage, kept apart") {
  const auto p = no_rates();
  forecast_builder b(p, {.today = today, .period = q4(p), .quota = money(5'000'000, usd)});
  for (const auto& d : three_currencies()) REQUIRE(b.add(d));
  CHECK(b.kept() == 1);  // U-1 alone enters the distribution
  const auto r = b.finish();
  REQUIRE(r);
  // Closed won: G-3's 50.00 GBP, apart; commit adds nothing; best case and pipeline add
  // U-1 (100.00 USD, weighted 60.00) and E-2 (200.00 EUR, weighted 120.00, apart).
  CHECK(r->calls.closed == money(0, usd));
  CHECK(r->calls.closed_not_converted == std::vector<unconverted>{apart(gbp, 1, 5'000, 5'000)});
  CHECK(r->calls.commit == money(0, usd));
  CHECK(r->calls.commit_not_converted == std::vector<unconverted>{apart(gbp, 1, 5'000, 5'000)});
  const std::vector<unconverted> both{apart(eur, 1, 20'000, 12'000), apart(gbp, 1, 5'000, 5'000)};
  CHECK(r->calls.best_case == money(10'000, usd));
  CHECK(r->calls.best_case_not_converted == both);
  CHECK(r->calls.pipeline == money(10'000, usd));
  CHECK(r->calls.pipeline_not_converted == both);
  CHECK(r->calls.weighted == money(6'000, usd));
  // Every deal is counted in its category.
  CHECK(r->deals[static_cast<std::size_t>(forecast_category::closed)].deals == 1);
  CHECK(r->deals[static_cast<std::size_t>(forecast_category::best_case)].deals == 2);
  // The range holds U-1 alone: 100.00 USD at 60%, nothing booked.
  CHECK(r->range.booked == money(0, usd));
  CHECK(r->range.expected_value == money(6'000, usd));
  CHECK(r->range.open_deals == 1);
  CHECK(r->range.won_deals == 0);
  CHECK(r->range_not_converted == both);
  // Coverage: counts of all, amounts of U-1 alone.
  CHECK(r->coverage.open_deals == 2);
  CHECK(r->coverage.pipeline == money(10'000, usd));
  CHECK(r->coverage.pipeline_not_converted == std::vector<unconverted>{apart(eur, 1, 20'000, 12'000)});
  CHECK(r->coverage.won_deals == 1);
  CHECK(r->coverage.closed_won == money(0, usd));
  CHECK(r->coverage.won_not_converted == std::vector<unconverted>{apart(gbp, 1, 5'000, 5'000)});

  const auto text = render(*r, output_format::text);
  CHECK(text.find("weighted 60.00 USD, P50 ") != std::string::npos);
  CHECK(text.find("(not converted: 1 deal, 200.00 EUR; 1 deal, 50.00 GBP)") != std::string::npos);
  CHECK(text.find("Not converted: the policy has no exchange rate into USD for EUR and GBP.") != std::string::npos);
  CHECK(text.find("1 deal, 120.00 EUR; 1 deal, 50.00 GBP") != std::string::npos);  // the weighted call's part
  CHECK(text.find("left out, not converted") != std::string::npos);
}

TEST_CASE("forecast report: with every rate, not a word about amounts not converted") {
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("1.10")}, {gbp, *parse_rate("1.25")}};
  const auto p = *validate(std::move(pol));
  forecast_builder b(p, {.today = today, .period = q4(p), .quota = std::nullopt});
  for (const auto& d : three_currencies()) REQUIRE(b.add(d));
  const auto r = b.finish();
  REQUIRE(r);
  CHECK(r->calls.pipeline == money(10'000 + 22'000 + 6'250, usd));  // 100 + 200 x 1.10 + 50 x 1.25
  CHECK(r->calls.pipeline_not_converted.empty());
  CHECK(r->range_not_converted.empty());
  for (const auto f : {output_format::text, output_format::markdown})
    CHECK(render(*r, f).find("ot converted") == std::string::npos);
}

TEST_CASE("win/loss report: won deals without a rate count in every rate, their amounts apart") {
  // Won: W-1 1,000.00 USD, W-2 3,000.00 USD, W-3 500.00 GBP, W-4 700.00 GBP; lost: L-1
  // 200.00 EUR. Win rate 4 of 5 = 80%. Won total, average and median over W-1 and W-2:
  // 4,000.00, 2,000.00 and (1,000 + 3,000) / 2 = 2,000.00 USD; GBP apart: 2 deals, 1,200.00.
  const auto p = no_rates();
  win_loss_builder b(p, {.today = today, .period = std::nullopt});
  const date closed = 2026y / October / 15d;
  for (const auto& d :
       {deal("W-1", "Closed Won", money(100'000, usd), closed, deal_outcome::won),
        deal("W-3", "Closed Won", money(50'000, gbp), closed, deal_outcome::won),
        deal("L-1", "Closed Lost", money(20'000, eur), closed, deal_outcome::lost),
        deal("W-2", "Closed Won", money(300'000, usd), closed, deal_outcome::won),
        deal("W-4", "Closed Won", money(70'000, gbp), closed, deal_outcome::won)})
    REQUIRE(b.add(d));
  const auto r = b.finish();
  REQUIRE(r);
  CHECK(r->analysis.deals.won == 4);
  CHECK(r->analysis.deals.lost == 1);
  CHECK(r->analysis.win_rate.rate == percent::from_whole(80));
  CHECK(r->analysis.won_total == money(400'000, usd));
  CHECK(r->analysis.average_won == money(200'000, usd));
  CHECK(r->analysis.median_won == money(200'000, usd));
  CHECK(r->won_not_converted == std::vector<unconverted>{apart(gbp, 2, 120'000, 120'000)});
  const auto text = render(*r, output_format::text);
  CHECK(text.find("(won deals not converted: 2 deals, 1,200.00 GBP)") != std::string::npos);
  CHECK(text.find("over the 2 won deals with an exchange rate") != std::string::npos);
}

TEST_CASE("account plan: open and won sums over deals with a rate, the rest apart, goals too") {
  // Acme: A-1 1,000.00 USD at Proposal (60%) due 2026-12-15 and A-2 2,000.00 EUR at
  // Proposal due 2027-01-10, both within 90 days (by 2027-02-20); A-4 10,000 JPY at
  // Discovery (20%) due 2027-06-01, within the year; A-3 500.00 GBP won.
  const auto p = no_rates();
  account_plan_builder b(p, {.today = today, .account = "acme"});
  for (const auto& d : {deal("A-1", "Proposal", money(100'000, usd), 2026y / December / 15d),
                        deal("A-2", "Proposal", money(200'000, eur), 2027y / January / 10d),
                        deal("A-3", "Closed Won", money(50'000, gbp), 2026y / October / 1d, deal_outcome::won),
                        deal("A-4", "Discovery", money(10'000, jpy), 2027y / June / 1d),
                        deal("X-1", "Proposal", money(999, gbp), 2026y / December / 1d, deal_outcome::open, "Other")})
    REQUIRE(b.add(d));
  const auto plan = b.finish();
  REQUIRE(plan);
  const account_overview& ov = plan->overview;
  CHECK(ov.open_deals == 3);
  CHECK(ov.won_deals == 1);
  CHECK(ov.open_pipeline == money(100'000, usd));
  CHECK(ov.weighted_pipeline == money(60'000, usd));
  CHECK(ov.open_not_converted == std::vector<unconverted>{apart(eur, 1, 200'000, 120'000), apart(jpy, 1, 10'000, 2'000)});
  CHECK(ov.won_to_date == money(0, usd));
  CHECK(ov.won_not_converted == std::vector<unconverted>{apart(gbp, 1, 50'000, 50'000)});
  CHECK(plan->goals.ninety_day.deals == 2);
  CHECK(plan->goals.ninety_day.amount == money(100'000, usd));
  CHECK(plan->goals.ninety_day.weighted == money(60'000, usd));
  CHECK(plan->goals.ninety_day.not_converted == std::vector<unconverted>{apart(eur, 1, 200'000, 120'000)});
  CHECK(plan->goals.twelve_month.deals == 3);
  CHECK(plan->goals.twelve_month.not_converted == ov.open_not_converted);
  const auto text = render(*plan, output_format::text);
  CHECK(text.find("Not converted: the policy has no exchange rate into USD for EUR, GBP and JPY.") != std::string::npos);
  CHECK(text.find("| Not converted: 1 deal, 2,000.00 EUR; 1 deal, 10,000 JPY") != std::string::npos);
}

// Each builder fed the deals in two parts, the second merged into the first, gives the
// report one builder fed them all gives, wherever the cut falls, with some currencies
// without a rate (their parts per row and figure merged too).
TEST_CASE("not converted: reports built in two parts and merged equal the one-part report") {
  const auto p = eur_only();
  const auto deals = mixed();
  const pipeline_options po{.today = today, .quota = money(1'000'000, usd), .period = std::nullopt, .listed_findings = 20};
  const forecast_options fo{.today = today, .period = q4(p), .quota = money(1'000'000, usd)};
  const win_loss_options wo{.today = today, .period = std::nullopt};
  const account_plan_options ao{.today = today, .account = "Acme"};

  pipeline_builder pipe_all(p, po);
  forecast_builder fore_all(p, fo);
  win_loss_builder wl_all(p, wo);
  account_plan_builder plan_all(p, ao);
  for (const auto& d : deals) {
    REQUIRE(pipe_all.add(d));
    REQUIRE(fore_all.add(d));
    REQUIRE(wl_all.add(d));
    REQUIRE(plan_all.add(d));
  }
  const auto pipe_one = pipe_all.finish();
  const auto fore_one = fore_all.finish();
  const auto wl_one = wl_all.finish();
  const auto plan_one = plan_all.finish();
  REQUIRE(pipe_one);
  REQUIRE(fore_one);
  REQUIRE(wl_one);
  REQUIRE(plan_one);
  // The parts are there to merge: GBP and JPY apart in every report.
  CHECK(pipe_one->not_converted.size() == 2);
  CHECK(fore_one->calls.pipeline_not_converted.size() == 2);
  CHECK(wl_one->won_not_converted.size() == 2);
  CHECK(plan_one->overview.open_not_converted.size() == 2);

  for (std::size_t cut = 0; cut <= deals.size(); ++cut) {
    CAPTURE(cut);
    pipeline_builder pipe_a(p, po), pipe_b(p, po);
    forecast_builder fore_a(p, fo), fore_b(p, fo);
    win_loss_builder wl_a(p, wo), wl_b(p, wo);
    account_plan_builder plan_a(p, ao), plan_b(p, ao);
    for (std::size_t i = 0; i < deals.size(); ++i) {
      REQUIRE((i < cut ? pipe_a : pipe_b).add(deals[i]));
      REQUIRE((i < cut ? fore_a : fore_b).add(deals[i]));
      REQUIRE((i < cut ? wl_a : wl_b).add(deals[i]));
      REQUIRE((i < cut ? plan_a : plan_b).add(deals[i]));
    }
    REQUIRE(pipe_a.merge(pipe_b));
    fore_a.merge(fore_b);
    REQUIRE(wl_a.merge(wl_b));
    plan_a.merge(plan_b);
    const auto pipe_two = pipe_a.finish();
    const auto fore_two = fore_a.finish();
    const auto wl_two = wl_a.finish();
    const auto plan_two = plan_a.finish();
    REQUIRE(pipe_two);
    REQUIRE(fore_two);
    REQUIRE(wl_two);
    REQUIRE(plan_two);
    CHECK(*pipe_two == *pipe_one);
    CHECK(*fore_two == *fore_one);
    CHECK(*wl_two == *wl_one);
    CHECK(*plan_two == *plan_one);
  }
}
