// SPDX-License-Identifier: BSL-1.0
#include <salesrules/forecast.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace salesrules;
using namespace std::chrono;
using fc = forecast_category;

namespace {
const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }

validated_policy rules(policy p = {}) {
  p.exchange.rates = {{eur, *parse_rate("1.1")}};
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

opportunity deal(const char* id, const char* stage, money amount, date close, const char* owner, const char* segment) {
  opportunity o;
  // Whole strings moved in: GCC 12 at -O3 misreads assignment from a char pointer
  // as an overlapping copy (-Wrestrict).
  o.id = std::string(id);
  o.stage = std::string(stage);
  o.amount = amount;
  o.close_date = close;
  o.created_date = 2026y / January / 5d;
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
std::vector<opportunity> pipeline() {
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
  v.back().forecast_override = forecast_override{fc::omitted, "customer paused the project"};
  return v;
}

fiscal_period q4(const validated_policy& p) { return *parse_period("2026-Q4", p.calendar()); }
}  // namespace

TEST_CASE("forecast: categories from the playbook's bands at their edges") {
  const category_bands b;
  CHECK(category_for(probability{90}, b) == fc::commit);
  CHECK(category_for(probability{89}, b) == fc::best_case);
  CHECK(category_for(probability{60}, b) == fc::best_case);
  CHECK(category_for(probability{59}, b) == fc::pipeline);
  CHECK(category_for(probability{20}, b) == fc::pipeline);
  CHECK(category_for(probability{19}, b) == fc::upside);
  CHECK(category_for(probability{0}, b) == fc::upside);
}

TEST_CASE("forecast: a deal's category, its source and the rep's override") {
  const auto p = rules();
  const auto v = pipeline();
  CHECK(*categorize(v[0], p) == category_decision{fc::best_case, fc::best_case, category_source::bands, probability{60}});
  CHECK(*categorize(v[1], p) == category_decision{fc::commit, fc::commit, category_source::bands, probability{90}});
  CHECK(*categorize(v[4], p) == category_decision{fc::closed, fc::closed, category_source::closed, probability{100}});
  CHECK(*categorize(v[5], p) == category_decision{fc::omitted, fc::omitted, category_source::closed, probability{0}});
  CHECK(*categorize(v[7], p) ==
        category_decision{fc::omitted, fc::best_case, category_source::rep_override, probability{60}});
}

TEST_CASE("forecast: a stage map replaces the bands") {
  policy mapped;
  mapped.forecast.stage_categories = {{"Prospect", fc::upside},     {"Discovery", fc::pipeline},
                                      {"Demo/Evaluation", fc::pipeline}, {"Proposal", fc::pipeline},
                                      {"Negotiation", fc::best_case}};
  const auto p = rules(mapped);
  const auto v = pipeline();
  CHECK(*categorize(v[0], p) == category_decision{fc::pipeline, fc::pipeline, category_source::stage_map, probability{60}});
  CHECK(categorize(v[1], p)->category == fc::best_case);  // the 90% override does not matter to a stage map
}

TEST_CASE("forecast: unknown stages and contradicting outcomes are errors naming the deal") {
  auto v = pipeline();
  v[0].stage = "Qualification";
  auto e = categorize(v[0], rules());
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/stage");
  CHECK(e.error().deal_id == "A");
  CHECK(e.error().row == 0);  // one deal, not a batch
  CHECK(e.error().message.starts_with("unknown stage 'Qualification'"));
  v[0].stage = "Closed Won";  // outcome still open
  auto c = categorize(v[0], rules());
  REQUIRE_FALSE(c);
  CHECK(c.error().code == errc::inconsistent);
  auto r = rollup(v, {.by = rollup_by::quarter}, rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::inconsistent);
  CHECK(r.error().where == "/outcome");
  CHECK(r.error().deal_id == "A");
  CHECK(r.error().row == 1);
}

TEST_CASE("forecast: an error about one deal of a batch has its id and its row, v[row - 1]") {
  auto v = pipeline();
  v[2].stage = "Qualify";
  for (const auto& e : {rollup(v, {.by = rollup_by::stage}, rules()).error(), forecast_calls(v, q4(rules()), rules()).error()}) {
    CAPTURE(to_string(e));
    CHECK(e.code == errc::unknown_name);
    CHECK(e.where == "/stage");
    CHECK(e.deal_id == v[2].id);
    CHECK(e.row == 3);
    CHECK(to_string(e).starts_with("row 3 (/stage): deal 'C': unknown stage 'Qualify'"));
  }
  // Stage names match ignoring case: the same pipeline in other cases rolls up the same.
  auto cased = pipeline();
  for (auto& o : cased)
    for (char& ch : o.stage) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  const auto upper = rollup(cased, {.by = rollup_by::stage}, rules());
  REQUIRE(upper);
  const auto as_spelt = rollup(pipeline(), {.by = rollup_by::stage}, rules());
  REQUIRE(as_spelt);
  CHECK(upper->rows == as_spelt->rows);
  CHECK(upper->all == as_spelt->all);
}

TEST_CASE("forecast: weighted amount is amount x probability, exact to the minor unit") {
  const auto p = rules();
  const auto v = pipeline();
  CHECK(*weighted_amount(v[0], p) == dollars(60'000));
  CHECK(*weighted_amount(v[2], p) == money(200'000, eur));
  CHECK(*weighted_amount(v[4], p) == dollars(30'000));  // won: 100%
  CHECK(*weighted_amount(v[5], p) == dollars(0));       // lost: 0%
  CHECK(*weighted_amount(v[7], p) == dollars(0));       // Omitted by the rep: 0, as in every forecast
  auto odd = v[0];
  odd.amount = money(12345, usd);  // $123.45 x 60% = $74.07
  CHECK(*weighted_amount(odd, p) == money(7407, usd));
  odd.amount = money(5, usd);  // 5 cents x 10% (Prospect) = 0.5 cent, to the even 0
  odd.stage = "Prospect";
  CHECK(*weighted_amount(odd, p) == money(0, usd));
}

TEST_CASE("forecast: rollup by quarter counts the open pipeline") {
  const auto t = rollup(pipeline(), {.by = rollup_by::quarter}, rules());
  REQUIRE(t);
  REQUIRE(t->rows.size() == 2);
  // FY2026-Q4: A, B, C, D, H = 100,000 + 50,000 + 11,000 + 5,000 + 10,000; weighted
  // 60,000 + 45,000 + 2,200 + 500 + 0 (H is Omitted)
  CHECK(t->rows[0] == rollup_row{"FY2026-Q4", "", 5, dollars(176'000), dollars(107'700)});
  CHECK(t->rows[1] == rollup_row{"FY2027-Q1", "", 1, dollars(20'000), dollars(8'000)});
  CHECK(t->all == rollup_row{"all", "", 6, dollars(196'000), dollars(115'700)});
}

TEST_CASE("forecast: rollup by category with closed deals") {
  const auto t = rollup(pipeline(), {.by = rollup_by::category, .include_closed = true}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"upside", "", 1, dollars(5'000), dollars(500)},
                                          {"pipeline", "", 2, dollars(31'000), dollars(10'200)},
                                          {"best_case", "", 1, dollars(100'000), dollars(60'000)},
                                          {"commit", "", 1, dollars(50'000), dollars(45'000)},
                                          {"closed", "", 1, dollars(30'000), dollars(30'000)},
                                          {"omitted", "", 2, dollars(50'000), dollars(0)}});
  CHECK(t->all.count == 8);
  CHECK(t->all.total == dollars(266'000));
}

TEST_CASE("forecast: two-level rollups, owners alphabetically, blanks named") {
  const auto t = rollup(pipeline(), {.by = rollup_by::owner, .then_by = rollup_by::stage}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"(none)", "Proposal", 1, dollars(10'000), dollars(0)},
                                          {"Dana", "Discovery", 1, dollars(11'000), dollars(2'200)},
                                          {"Dana", "Demo/Evaluation", 1, dollars(20'000), dollars(8'000)},
                                          {"Dana", "Proposal", 1, dollars(100'000), dollars(60'000)},
                                          {"Sam", "Prospect", 1, dollars(5'000), dollars(500)},
                                          {"Sam", "Negotiation", 1, dollars(50'000), dollars(45'000)}});
  const auto seg = rollup(pipeline(), {.by = rollup_by::segment}, rules());
  REQUIRE(seg);
  CHECK(seg->rows.size() == 3);
  CHECK(seg->rows[0].key == "Enterprise");
  CHECK(seg->rows[2].key == "SMB");
  const auto month = rollup(pipeline(), {.by = rollup_by::month}, rules());
  REQUIRE(month);
  CHECK(month->rows.front().key == "FY2026-M10");
  CHECK(month->rows.back().key == "FY2027-M01");
}

TEST_CASE("forecast: sums round once per currency, not once per deal") {
  // Two deals of EUR 0.05 at 1.1: EUR 0.10 -> $0.11. Per deal it would be 0.06 + 0.06.
  std::vector<opportunity> v{deal("x", "Proposal", money(5, eur), 2026y / November / 1d, "a", "s"),
                             deal("y", "Proposal", money(5, eur), 2026y / November / 2d, "a", "s")};
  const auto t = rollup(v, {.by = rollup_by::quarter}, rules());
  REQUIRE(t);
  CHECK(t->all.total == money(11, usd));
}

TEST_CASE("forecast: an empty pipeline rolls up to nothing, and a missing rate is named") {
  const auto t = rollup({}, {.by = rollup_by::quarter}, rules());
  REQUIRE(t);
  CHECK(t->rows.empty());
  CHECK(t->all == rollup_row{"all", "", 0, dollars(0), dollars(0)});
  std::vector<opportunity> v{deal("x", "Proposal", money(500, currency{"GBP"}), 2026y / November / 1d, "a", "s")};
  const auto e = rollup(v, {.by = rollup_by::quarter}, rules());
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_currency);
  CHECK(e.error().where == "/amount");
  CHECK(e.error().deal_id == "x");
  CHECK(e.error().row == 1);
  CHECK(e.error().message.starts_with("no exchange rate for GBP"));
}

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

TEST_CASE("forecast: money totals add per currency and read in one") {
  money_totals t;
  CHECK(t.empty());
  t.add(dollars(10));
  t.add(money(1000, eur), 50);  // EUR 5.00
  money_totals u;
  u.add(dollars(1));
  t.add(u);
  CHECK(*t.in(rules().exchange()) == money(1650, usd));  // $11 + EUR 5 x 1.1
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

TEST_CASE("forecast: a rep cannot forecast an open deal as Closed, nor as no category at all") {
  auto v = pipeline();
  v[0].forecast_override = forecast_override{fc::closed, "as good as won"};
  auto closed = categorize(v[0], rules());
  REQUIRE_FALSE(closed);
  CHECK(closed.error().code == errc::inconsistent);
  CHECK(closed.error().where == "/forecast_override/category");
  CHECK(closed.error().deal_id == "A");
  CHECK_FALSE(forecast_calls(v, q4(rules()), rules()));
  v[0].forecast_override = forecast_override{static_cast<fc>(10), ""};
  auto garbage = categorize(v[0], rules());
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().code == errc::out_of_range);
  CHECK_FALSE(rollup(v, {.by = rollup_by::category}, rules()));
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

// ---------------------------------------------------------------------------
// Rollup rows add up to the whole (largest remainder)

namespace {
// $`cents` in Proposal closing in FY2026-Q4, owned by `owner`, at `percent` (an override).
// A deal for `owner` closing 2026-11-01, at `percent` by the rep's override.
opportunity owned_at(const char* owner, money amount, int percent, const char* stage = "Proposal") {
  opportunity o = deal(owner, stage, amount, 2026y / November / 1d, owner, "s");
  o.probability_override = *probability::from_percent(percent);
  return o;
}
opportunity cents_at(const char* owner, std::int64_t cents, int percent, const char* stage = "Proposal") {
  return owned_at(owner, money(cents, usd), percent, stage);
}
}  // namespace

TEST_CASE("forecast: rollup rows add up to the whole - two half cents give the earlier row the cent") {
  // $0.01 at 50% each for Ana and Lee: each row is exactly 0.5 cent weighted, the
  // whole 1.0 cent -> 1. Rounded on its own each row was 0 (half to even), missing
  // the whole. Floors 0 + 0 leave 1 unit; the remainders tie at 0.5, so the earlier
  // row (Ana, alphabetically first) gets it: 1 + 0 = 1.
  const std::vector<opportunity> v{cents_at("Ana", 1, 50), cents_at("Lee", 1, 50)};
  const auto t = rollup(v, {.by = rollup_by::owner}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 1, money(1, usd), money(1, usd)},
                                           {"Lee", "", 1, money(1, usd), money(0, usd)}});
  CHECK(t->all == rollup_row{"all", "", 2, money(2, usd), money(1, usd)});
}

TEST_CASE("forecast: rollup rows add up to the whole - the largest remainder wins over the earlier row") {
  // Ana $0.01 at 20% = 0.2 cent, Lee $0.01 at 80% = 0.8 cent; the whole 1.0 -> 1.
  // Floors 0 + 0 leave 1 unit, which goes to Lee's remainder 0.8 over Ana's 0.2.
  const std::vector<opportunity> v{cents_at("Ana", 1, 20), cents_at("Lee", 1, 80)};
  const auto t = rollup(v, {.by = rollup_by::owner}, rules());
  REQUIRE(t);
  REQUIRE(t->rows.size() == 2);
  CHECK(t->rows[0].weighted == money(0, usd));
  CHECK(t->rows[1].weighted == money(1, usd));
  CHECK(t->all.weighted == money(1, usd));
}

TEST_CASE("forecast: rollup rows add up to the whole - a three-way tie, leaf rows of then_by") {
  // Three leaves, each $0.01 at 50% = 0.5 cent: Ana/Proposal, Ana/Negotiation,
  // Lee/Proposal (owners alphabetically, stages in process order). The whole is 1.5
  // cents -> 2 (half to even). Floors 0 + 0 + 0 leave 2 units; all three remainders
  // tie at 0.5, so the first two leaves get one each: 1 + 1 + 0 = 2.
  const std::vector<opportunity> v{cents_at("Lee", 1, 50), cents_at("Ana", 1, 50, "Negotiation"),
                                   cents_at("Ana", 1, 50)};
  const auto t = rollup(v, {.by = rollup_by::owner, .then_by = rollup_by::stage}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "Proposal", 1, money(1, usd), money(1, usd)},
                                           {"Ana", "Negotiation", 1, money(1, usd), money(1, usd)},
                                           {"Lee", "Proposal", 1, money(1, usd), money(0, usd)}});
  CHECK(t->all == rollup_row{"all", "", 3, money(3, usd), money(2, usd)});

  // $0.10 at 33% = 3.3 cents each for three owners: the whole 9.9 -> 10; floors
  // 3 + 3 + 3 = 9 leave 1 unit, the remainders tie at 0.3: the first row takes it.
  const std::vector<opportunity> w{cents_at("Cy", 10, 33), cents_at("Bo", 10, 33), cents_at("Al", 10, 33)};
  const auto thirds = rollup(w, {.by = rollup_by::owner}, rules());
  REQUIRE(thirds);
  REQUIRE(thirds->rows.size() == 3);
  CHECK(thirds->rows[0].weighted == money(4, usd));  // Al
  CHECK(thirds->rows[1].weighted == money(3, usd));  // Bo
  CHECK(thirds->rows[2].weighted == money(3, usd));  // Cy
  CHECK(thirds->all.weighted == money(10, usd));
}

TEST_CASE("forecast: rollup rows add up to the whole - negative amounts floor toward minus infinity") {
  // Ana $0.01 at 50% = +0.5 cent, Lee a credit of -$0.03 at 50% = -1.5 cents; the
  // whole -1.0 -> -1. Floors: 0 and -2 (toward minus infinity), remainders 0.5 and
  // 0.5 (-1.5 = -2 + 0.5). -1 - (0 + -2) = 1 unit left: the tie goes to Ana, 1 + -2 = -1.
  // Half to even per row would give 0 + -2 = -2.
  const std::vector<opportunity> v{cents_at("Ana", 1, 50), cents_at("Lee", -3, 50)};
  const auto t = rollup(v, {.by = rollup_by::owner}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 1, money(1, usd), money(1, usd)},
                                           {"Lee", "", 1, money(-3, usd), money(-2, usd)}});
  CHECK(t->all == rollup_row{"all", "", 2, money(-2, usd), money(-1, usd)});

  // Two credits of -$0.01 at 50%: -0.5 cent each, the whole -1.0 -> -1. Floors -1 and
  // -1 with remainders 0.5 each; -1 - (-2) = 1 unit to the earlier row: 0 + -1.
  const std::vector<opportunity> credits{cents_at("Ana", -1, 50), cents_at("Lee", -1, 50)};
  const auto c = rollup(credits, {.by = rollup_by::owner}, rules());
  REQUIRE(c);
  REQUIRE(c->rows.size() == 2);
  CHECK(c->rows[0].weighted == money(0, usd));
  CHECK(c->rows[1].weighted == money(-1, usd));
  CHECK(c->all.weighted == money(-1, usd));
}

TEST_CASE("forecast: rollup rows add up to the whole - two currencies, EUR at 1.0834") {
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("1.0834")}};
  const auto p = *validate(pol);
  // In Proposal at 60%, closing in Q4:
  //   Ana: EUR 0.04 (4 x 1.0834 = 4.3336 cents) + $1.00  -> exact 104.3336 cents
  //   Lee: EUR 0.05 (5 x 1.0834 = 5.4170 cents) + $2.00  -> exact 205.4170 cents
  // Totals: the whole is EUR 0.09 -> 9.7506 -> 10, plus 300: 310. Rounded on its own
  // each row was 104 + 205 = 309. Floors 104 + 205 leave 1 unit; Lee's remainder
  // 0.4170 beats Ana's 0.3336: 104 + 206 = 310.
  // Weighted at 60%: Ana EUR 0.024 -> 2.60016 cents + 60 = 62.60016; Lee EUR 0.03 ->
  // 3.2502 + 120 = 123.2502. The whole: EUR 0.054 -> 5.85036 -> 6, plus 180: 186.
  // Floors 62 + 123 leave 1 unit, to Ana's remainder 0.60016: 63 + 123 = 186.
  auto in = [](const char* owner, money m) { return deal(owner, "Proposal", m, 2026y / November / 1d, owner, "s"); };
  const std::vector<opportunity> v{in("Ana", money(4, eur)), in("Ana", dollars(1)), in("Lee", money(5, eur)),
                                   in("Lee", dollars(2))};
  const auto t = rollup(v, {.by = rollup_by::owner}, p);
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 2, money(104, usd), money(63, usd)},
                                           {"Lee", "", 2, money(206, usd), money(123, usd)}});
  CHECK(t->all == rollup_row{"all", "", 4, money(310, usd), money(186, usd)});
}

namespace {
validated_policy eur_at_0_9() {
  policy pol;
  pol.exchange.rates = {{eur, *parse_rate("0.9")}};
  return *validate(pol);
}
}  // namespace

TEST_CASE("forecast: rollup rows - a weighted unit left past a row's total moves to the row with room") {
  // EUR at 0.9. Ana: $0.06 at 42% and EUR 0.12 at 12%; Lee: EUR 0.13 at 97%.
  // Totals: Ana 6 + 10.8 = 16.8 cents, Lee 11.7. The whole: USD 6, EUR 0.25 -> 22.5
  // -> 22 (half to even): 28. Floors 16 + 11 leave 1, to Ana's remainder 0.8: 17, 11.
  // Weighted: Ana 2.52 + 1.296 = 3.816, Lee 11.349. The whole: USD 2.52 -> 3, EUR
  // 0.1405 -> 12.645 -> 13: 16. Floors 3 + 11 leave 2 units for 2 rows, one each
  // (every row takes an equal share first): Ana 4, Lee 12. Lee's 12 is past its
  // total of 11, so that unit moves to Ana, the row with room: Ana 5, Lee 11 = 16.
  const std::vector<opportunity> v{owned_at("Ana", money(6, usd), 42), owned_at("Ana", money(12, eur), 12),
                                   owned_at("Lee", money(13, eur), 97)};
  const auto t = rollup(v, {.by = rollup_by::owner}, eur_at_0_9());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 2, money(17, usd), money(5, usd)},
                                           {"Lee", "", 1, money(11, usd), money(11, usd)}});
  CHECK(t->all == rollup_row{"all", "", 3, money(28, usd), money(16, usd)});
}

TEST_CASE("forecast: rollup rows - credits: a row left below its total takes a unit from the row it moves least") {
  // The same deals as credits, and Cy's -$0.10 at 50%. Totals: Ana -16.8, Cy -10,
  // Lee -11.7; the whole: USD -16, EUR -22.5 -> -22: -38. Floors -17, -10, -12 leave
  // 1, to Lee's remainder 0.3 (Ana's is 0.2, Cy's 0): -17, -10, -11.
  // Weighted: Ana -3.816, Cy -5, Lee -11.349; the whole: USD -7.52 -> -8, EUR -12.645
  // -> -13: -21, exactly the floors -4 + -5 + -12, so nothing is handed out. Lee's
  // -12 is below its total of -11 (a credit's weighted figure is at or above its
  // total), so Lee takes a unit from a row with room: Ana (-5 >= -17) and Cy (-6 >=
  // -10) both have it, and Cy's remainder 0 is the smaller (-6 is 1 from Cy's exact
  // -5; -5 would be 1.184 from Ana's -3.816): Ana -4, Cy -6, Lee -11 = -21.
  const std::vector<opportunity> v{owned_at("Ana", money(-6, usd), 42), owned_at("Ana", money(-12, eur), 12),
                                   owned_at("Lee", money(-13, eur), 97), owned_at("Cy", money(-10, usd), 50)};
  const auto t = rollup(v, {.by = rollup_by::owner}, eur_at_0_9());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 2, money(-17, usd), money(-4, usd)},
                                           {"Cy", "", 1, money(-10, usd), money(-6, usd)},
                                           {"Lee", "", 1, money(-11, usd), money(-11, usd)}});
  CHECK(t->all == rollup_row{"all", "", 4, money(-38, usd), money(-21, usd)});
}

TEST_CASE("forecast: rollup rows in the reporting currency alone are exact and unchanged") {
  // $0.03 and $0.05 at 100% (an override): nothing to apportion, each row its own sum.
  const std::vector<opportunity> v{cents_at("Ana", 3, 100), cents_at("Lee", 5, 100)};
  const auto t = rollup(v, {.by = rollup_by::owner}, rules());
  REQUIRE(t);
  CHECK(t->rows == std::vector<rollup_row>{{"Ana", "", 1, money(3, usd), money(3, usd)},
                                           {"Lee", "", 1, money(5, usd), money(5, usd)}});
}

TEST_CASE("forecast: a rollup row beyond 64 bits is an overflow even when the whole fits") {
  // Ana holds two deals of INT64_MAX cents, Lee two of -INT64_MAX: the whole is 0, but
  // Ana's row is 2 x INT64_MAX.
  const std::int64_t big = INT64_MAX;
  const std::vector<opportunity> v{cents_at("Ana", big, 100), cents_at("Ana", big, 100), cents_at("Lee", -big, 100),
                                   cents_at("Lee", -big, 100)};
  const auto t = rollup(v, {.by = rollup_by::owner}, rules());
  REQUIRE_FALSE(t);
  CHECK(t.error().code == errc::overflow);
}
