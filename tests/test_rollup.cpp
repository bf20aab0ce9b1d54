// SPDX-License-Identifier: BSL-1.0
#include <salesrules/rollup.hpp>

#include <salesrules/exchange.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>

#include "forecast_pipeline.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using namespace salesrules::test;
using fc = forecast_category;

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
