// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/win_loss_report.hpp>

#include "../benchmarks/pipeline.hpp"
#include "deals.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

// USD reporting, EUR at 1.10. Calibration needs 3 closed deals at a stage and a
// diagnosis 2 deals behind its figure, so that a small pipeline shows both.
validated_policy rules() {
  policy p;
  p.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'100'000'000)}};
  p.forecast.calibration_min_deals = 3;
  p.diagnosis.min_deals = 2;
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }
money eur(std::int64_t cents) { return money(cents, currency{"EUR"}); }

struct step {
  const char* stage;
  date entered;
};

// A deal with its history; closed deals end in Closed Won or Closed Lost, closed on `closed`.
opportunity deal(std::string id, deal_outcome out, money amount, std::string segment, date created, date closed,
                 std::initializer_list<step> history) {
  opportunity o;
  o.id = std::move(id);
  o.account = "Acme Corp";
  o.amount = amount;
  o.segment = std::move(segment);
  o.outcome = out;
  o.created_date = created;
  o.close_date = closed;
  if (out != deal_outcome::open) o.closed_date = closed;
  for (const auto& s : history) o.stage_history.push_back(stage_entry{s.stage, s.entered});
  o.stage = out == deal_outcome::won    ? "Closed Won"
            : out == deal_outcome::open ? o.stage_history.back().stage
                                        : "Closed Lost";
  // Not read by the win/loss analysis: the builder's slim copy drops it.
  o.contacts = {contact{"Priya Shah", "VP Engineering", contact_role::champion, influence_level::high}};
  return o;
}

opportunity viable(opportunity o) {  // 4+4+4+3+3+3 = 21: viable
  o.ratings = {rating{4}, rating{4}, rating{4}, rating{3}, rating{3}, rating{3}};
  return o;
}
opportunity weak(opportunity o) {  // 2 x 6 = 12: needs qualification
  o.ratings = {rating{2}, rating{2}, rating{2}, rating{2}, rating{2}, rating{2}};
  return o;
}

constexpr auto won = deal_outcome::won;
constexpr auto lost = deal_outcome::lost;

// The pipeline of the tests below (FY = calendar year, so FY2026-Q1 is January to March 2026).
std::vector<opportunity> pipeline() {
  std::vector<opportunity> v;
  // W1: Mid-Market, created 01-01, won 02-10: 31 + 9 = 40 days; Discovery 01-05 -> won 02-10: 26 + 10 = 36.
  auto w1 = viable(deal("W1", won, usd(100'000'00), "Mid-Market", 2026y / 1 / 1, 2026y / 2 / 10,
                        {{"Prospect", 2026y / 1 / 1},
                         {"Discovery", 2026y / 1 / 5},
                         {"Demo/Evaluation", 2026y / 1 / 20},
                         {"Proposal", 2026y / 1 / 30},
                         {"Negotiation", 2026y / 2 / 5},
                         {"Closed Won", 2026y / 2 / 10}}));
  w1.requested_discount = percent::from_whole(5);
  v.push_back(w1);
  // W2: Enterprise, 50,000 EUR = 55,000 USD; created 01-10, won 03-20: 21 + 28 + 20 = 69 days;
  // Discovery 01-15 -> won 03-20: 16 + 28 + 20 = 64.
  auto w2 = weak(deal("W2", won, eur(50'000'00), "Enterprise", 2026y / 1 / 10, 2026y / 3 / 20,
                      {{"Discovery", 2026y / 1 / 15},
                       {"Demo/Evaluation", 2026y / 2 / 1},
                       {"Proposal", 2026y / 2 / 20},
                       {"Negotiation", 2026y / 3 / 1},
                       {"Closed Won", 2026y / 3 / 20}}));
  w2.requested_discount = percent::from_whole(10);
  v.push_back(w2);
  // L1: lost in Discovery to Globex (named twice, in two spellings: one competitor).
  auto l1 = viable(deal("L1", lost, usd(30'000'00), "Mid-Market", 2026y / 1 / 5, 2026y / 2 / 1,
                        {{"Prospect", 2026y / 1 / 5}, {"Discovery", 2026y / 1 / 10}, {"Closed Lost", 2026y / 2 / 1}}));
  l1.loss_reason = "Lost to competitor";
  l1.competitors = {"Globex", "globex"};
  v.push_back(l1);
  // L2: lost in Proposal on price, Initech in the running.
  auto l2 = weak(deal("L2", lost, usd(80'000'00), "Enterprise", 2026y / 1 / 2, 2026y / 3 / 15,
                      {{"Discovery", 2026y / 1 / 5},
                       {"Demo/Evaluation", 2026y / 1 / 25},
                       {"Proposal", 2026y / 2 / 15},
                       {"Closed Lost", 2026y / 3 / 15}}));
  l2.loss_reason = "Price";
  l2.competitors = {"Initech"};
  v.push_back(l2);
  // L3: lost in Prospect, no reason given, not rated.
  auto l3 = deal("L3", lost, usd(20'000'00), "Mid-Market", 2026y / 2 / 1, 2026y / 3 / 1,
                 {{"Prospect", 2026y / 2 / 1}, {"Closed Lost", 2026y / 3 / 1}});
  l3.loss_reason.clear();
  v.push_back(l3);
  // D1: disqualified from Prospect.
  auto d1 = deal("D1", deal_outcome::disqualified, usd(10'000'00), "Mid-Market", 2026y / 1 / 3, 2026y / 1 / 20,
                 {{"Prospect", 2026y / 1 / 3}, {"Closed Lost", 2026y / 1 / 20}});
  d1.loss_reason = "No budget";
  v.push_back(d1);
  // O1: open, counted only.
  v.push_back(deal("O1", deal_outcome::open, usd(70'000'00), "Enterprise", 2026y / 3 / 1, 2026y / 6 / 30,
                   {{"Prospect", 2026y / 3 / 1}}));
  // Outside FY2026-Q1: one won and one lost in FY2025-Q4, one won in FY2026-Q2.
  v.push_back(deal("W0", won, usd(5'000'00), "Mid-Market", 2025y / 10 / 1, 2025y / 11 / 15,
                   {{"Discovery", 2025y / 10 / 1}, {"Closed Won", 2025y / 11 / 15}}));
  auto l0 = deal("L0", lost, usd(5'000'00), "Mid-Market", 2025y / 10 / 1, 2025y / 12 / 1,
                 {{"Discovery", 2025y / 10 / 1}, {"Closed Lost", 2025y / 12 / 1}});
  v.push_back(l0);
  v.push_back(deal("W9", won, usd(5'000'00), "Mid-Market", 2026y / 2 / 1, 2026y / 4 / 5,
                   {{"Discovery", 2026y / 2 / 1}, {"Closed Won", 2026y / 4 / 5}}));
  return v;
}

fiscal_period q1_2026(const validated_policy& p) {
  auto q = parse_period("2026-Q1", p.calendar());
  REQUIRE(q);
  return *q;
}

// Feed the deals through one reused opportunity, as the importer does.
win_loss_summary summarize(const validated_policy& p, win_loss_options options) {
  win_loss_builder b(p, std::move(options));
  opportunity current;
  for (const auto& d : pipeline()) {
    current = d;
    REQUIRE(b.add(current));
    current.stage_history.clear();  // the caller reuses its object: the builder must have copied
    current.competitors.clear();
  }
  auto r = b.finish();
  REQUIRE(r);
  return std::move(*r);
}

bool contains_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("win/loss report: counts, win rates against their targets, deal size") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  CHECK(r.deals_read == 10);
  CHECK(r.closed_outside_period == 3);  // W0, L0 (FY2025-Q4) and W9 (FY2026-Q2)
  // In Q1: W1, W2 won; L1, L2, L3 lost; D1 disqualified; O1 open.
  CHECK(r.analysis.deals == deal_counts{1, 2, 3, 1});
  // 2 / (2 + 3) = 40%, target 25%: met.
  CHECK(r.analysis.win_rate == win_rate_figure{2, 3, percent::from_whole(40)});
  CHECK(r.win_rate_check == target_check{percent::from_whole(25), true});
  // Viable or better: W1 (21) won, L1 (21) lost: 1 / 2 = 50%, target 35%: met.
  CHECK(r.analysis.qualified_win_rate == win_rate_figure{1, 1, percent::from_whole(50)});
  CHECK(r.qualified_win_rate_check == target_check{percent::from_whole(35), true});
  // 100,000 USD + 50,000 EUR x 1.10 = 155,000.00 USD; average and median (two deals) 77,500.00.
  CHECK(r.analysis.won_total == usd(155'000'00));
  CHECK(r.analysis.average_won == usd(77'500'00));
  CHECK(r.analysis.median_won == usd(77'500'00));
}

TEST_CASE("win/loss report: cycle lengths by segment against their targets") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  CHECK(r.cycle_from_stage == "Discovery");
  // Every segment: created -> closed 40 + 69 = 109 days over 2, 54 (54.5 rounded down);
  // Discovery -> won 36 + 64 = 100 over 2, 50.
  CHECK(r.analysis.created_to_closed == cycle_figure{2, 109, 54, std::nullopt, std::nullopt});
  CHECK(r.analysis.from_stage_to_won == cycle_figure{2, 100, 50, std::nullopt, std::nullopt});
  REQUIRE(r.analysis.segments.size() == 2);
  const auto& ent = r.analysis.segments[0];
  CHECK(ent.segment == "Enterprise");
  CHECK(ent.win_rate == win_rate_figure{1, 1, percent::from_whole(50)});  // W2 won, L2 lost
  CHECK(ent.from_stage_to_won == cycle_figure{1, 64, 64, 90, true});       // 64 < 90
  const auto& mid = r.analysis.segments[1];
  CHECK(mid.segment == "Mid-Market");
  CHECK(mid.win_rate == win_rate_figure{1, 2, percent::from_basis_points(3333)});  // 1/3 rounded down
  CHECK(mid.created_to_closed == cycle_figure{1, 40, 40, 60, true});
  CHECK(mid.from_stage_to_won == cycle_figure{1, 36, 36, 60, true});
}

TEST_CASE("win/loss report: stage conversion, where and why deals are lost") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  const auto& a = r.analysis;
  // Prospect: entered by W1, L1, L3, D1; W1 won and L1 went on to Discovery: 2/4.
  // Discovery: W1, W2, L1, L2; all but L1 went on: 3/4.
  // Demo/Evaluation: W1, W2, L2, all went on: 3/3. Proposal: W1, W2, L2; L2 lost there: 2/3.
  // Negotiation: W1, W2: 2/2.
  CHECK(a.conversion == std::vector<stage_conversion>{
                            {"Prospect", 4, 2, percent::from_whole(50)},
                            {"Discovery", 4, 3, percent::from_whole(75)},
                            {"Demo/Evaluation", 3, 3, percent::from_whole(100)},
                            {"Proposal", 3, 2, percent::from_basis_points(6666)},
                            {"Negotiation", 2, 2, percent::from_whole(100)},
                        });
  // Lost: L3 in Prospect, L1 in Discovery, L2 in Proposal (disqualified D1 is not a loss).
  CHECK(a.lost_at == std::vector<stage_loss>{
                         {"Prospect", 1}, {"Discovery", 1}, {"Demo/Evaluation", 0}, {"Proposal", 1}, {"Negotiation", 0}});
  // At or before Discovery: L3 and L1, 2 of 3 = 66.666..% rounded up.
  CHECK(a.lost_by_needs_assessment == percent::from_basis_points(6667));
  CHECK(a.loss_reasons == std::vector<ranked_name>{{"Lost to competitor", 1}, {"Price", 1}});
  CHECK(a.lost_without_reason == 1);  // L3
  CHECK(a.competitors == std::vector<ranked_name>{{"Globex", 1}, {"Initech", 1}});
}

TEST_CASE("win/loss report: calibration of the stage probabilities") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  const auto& c = r.calibration;
  CHECK(c.won == 2);
  CHECK(c.lost == 3);
  CHECK(c.disqualified == 1);
  CHECK(c.min_deals == 3);
  REQUIRE(c.stages.size() == 6);
  // Reached = the 2 won + the lost at or after the stage: Prospect 2+3, Discovery 2+2,
  // Demo 2+1, Proposal 2+1, Negotiation 2+0 (too few: keeps 80%); Closed Won 2 (too few).
  // Observed 2/5 = 40%, 2/4 = 50%, 2/3 = 66.67% (half to even); suggested 40, 50, 67, 67,
  // rising already, so no pooling.
  const auto row = [](const char* stage, stage_kind kind, int configured, std::uint64_t reached,
                      std::optional<std::int64_t> observed_bp, int suggested) {
    return stage_calibration{stage,
                             kind,
                             *probability::from_percent(configured),
                             reached,
                             2,
                             observed_bp ? calibration_evidence::sufficient : calibration_evidence::insufficient,
                             observed_bp ? std::optional(percent::from_basis_points(*observed_bp)) : std::nullopt,
                             *probability::from_percent(suggested)};
  };
  CHECK(c.stages[0] == row("Prospect", stage_kind::open, 10, 5, 4000, 40));
  CHECK(c.stages[1] == row("Discovery", stage_kind::open, 20, 4, 5000, 50));
  CHECK(c.stages[2] == row("Demo/Evaluation", stage_kind::open, 40, 3, 6667, 67));
  CHECK(c.stages[3] == row("Proposal", stage_kind::open, 60, 3, 6667, 67));
  CHECK(c.stages[4] == row("Negotiation", stage_kind::open, 80, 2, std::nullopt, 80));
  CHECK(c.stages[5] == row("Closed Won", stage_kind::won, 100, 2, std::nullopt, 100));
}

TEST_CASE("win/loss report: the trend and the diagnoses closed deals support") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  // FY2026-Q1: 2 won, 3 lost (40%); FY2025-Q4: W0 won, L0 lost (50%).
  CHECK(to_string(r.trend.period) == "FY2026-Q1");
  CHECK(to_string(r.trend.previous_period) == "FY2025-Q4");
  CHECK(r.trend.current == win_rate_figure{2, 3, percent::from_whole(40)});
  CHECK(r.trend.previous == win_rate_figure{1, 1, percent::from_whole(50)});
  // By quarter: the eight ending with the period's, FY2024-Q2 to FY2026-Q1, over every
  // closed deal whatever the period (W9, in FY2026-Q2, is after them).
  REQUIRE(r.by_quarter.size() == win_rate_quarters);
  CHECK(to_string(r.by_quarter.front().quarter) == "FY2024-Q2");
  CHECK(r.by_quarter[6] == quarter_win_rate{r.trend.previous_period, {1, 1, percent::from_whole(50)}});
  CHECK(r.by_quarter[7] == quarter_win_rate{r.trend.period, {2, 3, percent::from_whole(40)}});
  for (std::size_t i = 0; i < 6; ++i) CHECK(r.by_quarter[i].figure == win_rate_figure{});
  REQUIRE(r.diagnoses.size() == 3);
  // 40% below last quarter's 50%, 5 and 2 deals (at least 2 each): a problem.
  CHECK(r.diagnoses[0].problem == problem::falling_win_rate);
  CHECK(r.diagnoses[0].status == diagnosis_status::triggered);
  CHECK(r.diagnoses[0].value == percent::from_whole(40));
  CHECK(r.diagnoses[0].threshold == percent::from_whole(50));
  CHECK(r.diagnoses[0].deals == 5);
  CHECK(r.diagnoses[0].remedy == remedy_of(problem::falling_win_rate));
  // Won discounts (5% + 10%) / 2 = 7.5%, within 10%.
  CHECK(r.diagnoses[1].problem == problem::discount_erosion);
  CHECK(r.diagnoses[1].status == diagnosis_status::clear);
  CHECK(r.diagnoses[1].value == percent::from_basis_points(750));
  CHECK(r.diagnoses[1].deals == 2);
  // L1 (Globex, and a competitive reason) and L2 (Initech) of 3 lost: 66.67% (up) > 30%.
  CHECK(r.diagnoses[2].problem == problem::competitive_losses);
  CHECK(r.diagnoses[2].status == diagnosis_status::triggered);
  CHECK(r.diagnoses[2].value == percent::from_basis_points(6667));
  CHECK(r.diagnoses[2].threshold == percent::from_whole(30));
  CHECK(r.diagnoses[2].deals == 3);
}

TEST_CASE("win/loss report: without a period every closed deal counts, the trend is today's quarter") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, std::nullopt});
  CHECK(r.closed_outside_period == 0);
  // Q1 plus W0, L0 and W9: 4 won, 4 lost.
  CHECK(r.analysis.deals == deal_counts{1, 4, 4, 1});
  CHECK(r.analysis.win_rate.rate == percent::from_whole(50));
  // Today's quarter FY2026-Q2 holds W9 only; FY2026-Q1 2 won, 3 lost.
  CHECK(to_string(r.trend.period) == "FY2026-Q2");
  CHECK(r.trend.current == win_rate_figure{1, 0, percent::from_whole(100)});
  CHECK(r.trend.previous == win_rate_figure{2, 3, percent::from_whole(40)});
  // By quarter, ending with today's: FY2026-Q2 1 won; Q1 2 won, 3 lost; FY2025-Q4 1 and 1.
  REQUIRE(r.by_quarter.size() == 8);
  CHECK(to_string(r.by_quarter[0].quarter) == "FY2024-Q3");
  CHECK(r.by_quarter[5].figure == win_rate_figure{1, 1, percent::from_whole(50)});
  CHECK(r.by_quarter[6].figure == win_rate_figure{2, 3, percent::from_whole(40)});
  CHECK(r.by_quarter[7] == quarter_win_rate{r.trend.period, {1, 0, percent::from_whole(100)}});
  // 1 deal this quarter, fewer than min_deals 2: no verdict.
  CHECK(r.diagnoses[0].status == diagnosis_status::too_few_deals);
}

TEST_CASE("win/loss report: a deal in an unknown stage is an error naming it") {
  const auto p = rules();
  win_loss_builder b(p, {2026y / 4 / 15, std::nullopt});
  auto o = test::acme("Qualification");
  const auto r = b.add(o);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::unknown_name);
  CHECK(r.error().deal_id == "OPP-0001");
  CHECK(r.error().where == "/stage");
}

TEST_CASE("win/loss report: an empty pipeline has no figures, and renders") {
  const auto p = rules();
  win_loss_builder b(p, {2026y / 4 / 15, std::nullopt});
  const auto r = b.finish();
  REQUIRE(r);
  CHECK(r->analysis.win_rate.rate == std::nullopt);
  CHECK(r->win_rate_check.met == std::nullopt);
  const auto text = render(*r, output_format::text);
  CHECK(contains_line(text, "Win/loss as of 2026-04-15: 0 closed deals (0 won, 0 lost, 0 disqualified); win rate - "
                            "(target 25%, -); qualified - (target 35%, -); average won deal -."));
  CHECK(contains_line(text, "No deal was lost."));
  CHECK(text.back() == '\n');
  CHECK(text.find("\n\n", text.size() - 2) == std::string::npos);  // one line feed at the end
}

TEST_CASE("win/loss report: rendered text and Markdown") {
  const auto p = rules();
  const auto r = summarize(p, {2026y / 4 / 15, q1_2026(p)});
  const std::string summary =
      "Win/loss as of 2026-04-15, deals closed in FY2026-Q1: 6 closed deals (2 won, 3 lost, 1 disqualified); "
      "win rate 40% (target 25%, met); qualified 50% (target 35%, met); average won deal 77,500.00 USD.";

  const auto md = render(r, output_format::markdown);
  CHECK(md.find("# Win/loss report, FY2026-Q1\n\n" + summary + "\n") == 0);
  CHECK(contains_line(md, "| All | 2 | 3 | 40% | 25% | met |"));
  CHECK(contains_line(md, "| Won in total | 155,000.00 USD |"));
  CHECK(contains_line(md, "| Mid-Market | 1 | 2 | 33.33% | 40 | 36 | 60 | under target |"));
  CHECK(contains_line(md, "| Proposal | 3 | 2 | 66.66% | 1 |"));
  CHECK(contains_line(md, "| (no reason given) | 1 |"));
  CHECK(contains_line(md, "| Negotiation | 80% | 2 | 2 | too few deals | 80% |"));
  CHECK(contains_line(md, "| Falling win rate | problem | 40% | 50% | 5 |"));
  CHECK(contains_line(md, "Win rate FY2026-Q1: 40% (2 won, 3 lost); FY2025-Q4: 50% (1 won, 1 lost)."));
  CHECK(md.find("- Losses to competitors: ") != std::string::npos);
  CHECK(md.find("- Discounts eroding margin") == std::string::npos);  // clear: no remedy listed

  const auto text = render(r, output_format::text);
  CHECK(text.find("Win/loss report, FY2026-Q1\n==========================\n\n" + summary + "\n") == 0);
  CHECK(text.find("Win rates\n---------\n\n") != std::string::npos);
  // Columns padded to the widest cell: "Qualified (viable score or better)" is 34 wide.
  CHECK(contains_line(text, "All                                   2     3       40%     25%  met"));
}

TEST_CASE("win/loss report: batches add up to the analysis of every closed deal at once") {
  // 20,000 generated deals: about half closed, so several batches of batch_size.
  auto pol = bench::sample_policy();
  pol.diagnosis.min_deals = 2;
  auto validated_pol = validate(std::move(pol));
  REQUIRE(validated_pol);
  const auto& p = *validated_pol;
  const auto deals = bench::generate_pipeline(20'000);
  const auto fy2026 = parse_period("FY2026", p.calendar());
  REQUIRE(fy2026);
  for (const std::optional<fiscal_period> period : {std::optional<fiscal_period>(), std::optional(*fy2026)}) {
    CAPTURE(period.has_value());
    win_loss_builder b(p, {bench::sample_today, period});
    std::vector<opportunity> closed;
    std::uint64_t open = 0;
    for (const auto& d : deals) {
      REQUIRE(b.add(d));
      if (is_open(d))
        ++open;
      else if (!period || contains(*period, forecast_date(d)))
        closed.push_back(d);
    }
    REQUIRE(closed.size() > win_loss_builder::batch_size);  // more than one batch
    const auto r = b.finish();
    REQUIRE(r);
    auto whole = analyze_win_loss(closed, p);
    REQUIRE(whole);
    whole->deals.open = open;
    CHECK(r->analysis == *whole);
    const auto cal = calibrate(closed, p);
    REQUIRE(cal);
    CHECK(r->calibration == *cal);
    const auto figures = measure_pipeline(closed, p, bench::sample_today);
    REQUIRE(figures);
    diagnosis_inputs in;
    in.pipeline = *figures;
    in.win_rate = r->trend.current;
    in.previous_win_rate = r->trend.previous;
    const auto judged = diagnose(in, p);
    REQUIRE(judged);
    REQUIRE(r->diagnoses.size() == 3);
    CHECK(r->diagnoses[1].value == judged->of(problem::discount_erosion)->value);
    CHECK(r->diagnoses[2].value == judged->of(problem::competitive_losses)->value);
    CHECK(r->diagnoses[2].deals == judged->of(problem::competitive_losses)->deals);
  }
}

TEST_CASE("win/loss report: names met in different batches and spellings merge as one analysis would") {
  // 3 x 6,000 lost deals: each batch names the same 6,000 reasons, competitors and
  // segments, spelt differently from one pass to the next, and the batches split them.
  const auto p = rules();
  const auto name = [](const char* prefix, std::size_t pass, std::size_t i) {
    std::string s = std::string(prefix) + " " + std::to_string(10'000 + i);
    if (pass == 1)
      for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (pass == 2) s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
  };
  std::vector<opportunity> all;
  for (std::size_t pass = 0; pass < 3; ++pass)
    for (std::size_t i = 0; i < 6'000; ++i) {
      auto o = deal("L-" + std::to_string(pass) + "-" + std::to_string(i), deal_outcome::lost, usd(100'00),
                    name("Segment", pass, i), 2026y / January / 5d, 2026y / March / 5d, {{"Discovery", 2026y / January / 5d}});
      o.loss_reason = name("Reason", pass, i);
      o.competitors = {name("Rival", pass, i), name("Rival", pass, (i + 1) % 6'000)};
      all.push_back(std::move(o));
    }
  win_loss_builder b(p, {2026y / November / 22d, std::nullopt});
  for (std::size_t k = 0; k < 12'000; ++k) REQUIRE(b.add(all[k]));
  const auto first = b.finish();  // a summary midway; adding goes on after it
  REQUIRE(first);
  CHECK(first->analysis.loss_reasons.size() == 6'000);
  for (std::size_t k = 12'000; k < all.size(); ++k) REQUIRE(b.add(all[k]));
  const auto r = b.finish();
  REQUIRE(r);
  auto whole = analyze_win_loss(all, p);
  REQUIRE(whole);
  CHECK(r->analysis == *whole);
  // Every name 3 times (competitors: twice a deal-pass, in different deals), as first spelt.
  REQUIRE(r->analysis.loss_reasons.size() == 6'000);
  CHECK(r->analysis.loss_reasons.front() == ranked_name{"Reason 10000", 3});
  REQUIRE(r->analysis.competitors.size() == 6'000);
  CHECK(r->analysis.competitors.back() == ranked_name{"Rival 15999", 6});
  REQUIRE(r->analysis.segments.size() == 6'000);
  CHECK(r->analysis.segments[42].segment == "Segment 10042");
  CHECK(r->analysis.segments[42].win_rate.lost == 3);
}
