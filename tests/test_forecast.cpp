// SPDX-License-Identifier: BSL-1.0
#include <salesrules/forecast.hpp>

#include <salesrules/forecast_calls.hpp>
#include <salesrules/rollup.hpp>

#include "deals.hpp"
#include "forecast_pipeline.hpp"

#include <doctest/doctest.h>

using namespace salesrules;
using namespace std::chrono;
using namespace salesrules::test;
using fc = forecast_category;

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
