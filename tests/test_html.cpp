// SPDX-License-Identifier: BSL-1.0
// The reports as HTML pages: the page around them, their sentences as paragraphs and
// lists, and the charts' shapes placed on the 0-1000 scale by hand-worked figures.
#include <salesrules/io/account_plan.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/io/win_loss_report.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;

namespace {

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }

bool has(const std::string& page, std::string_view part) { return page.find(part) != std::string::npos; }

pipeline_report small_pipeline() {
  pipeline_report r;
  r.today = 2026y / 11 / 22;
  r.deals.open = 3;
  r.open_total = usd(140'000);
  r.open_weighted = usd(50'000);
  r.by_stage = {{"Prospect", stage_kind::open, 2, usd(40'000), usd(4'000), {}},
                {"Discovery", stage_kind::open, 1, usd(100'000), usd(20'000), {}},
                {"Closed Won", stage_kind::won, 1, usd(90'000), usd(90'000), {}}};
  r.by_category = {{forecast_category::upside, 2, usd(40'000), usd(4'000), {}},
                   {forecast_category::pipeline, 1, usd(100'000), usd(20'000), {}}};
  r.coverage.quota = usd(80'000);
  // 1.5x of a 3x target: the bar half the scale, the target at its end.
  r.coverage.target = coverage_target{percent::from_whole(300), std::nullopt};
  r.coverage.total = coverage_check{percent::from_whole(150), r.coverage.target, coverage_verdict::below};
  r.diagnoses.push_back({problem::low_coverage, diagnosis_status::triggered, percent::from_whole(150),
                         percent::from_whole(300), 3, "Too little pipeline.", "Prospect more."});
  return r;
}

}  // namespace

TEST_CASE("html: a report is one whole page, its sentences paragraphs and its bullet lines a list") {
  const std::string page = render(small_pipeline(), output_format::html);
  CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<title>Pipeline as of 2026-11-22</title>\n<style>"));
  CHECK(page.ends_with("</main>\n</body>\n</html>\n"));
  CHECK(has(page, "<h1>Pipeline as of 2026-11-22</h1>\n<p>3 open deals, 1,400.00 USD, weighted 500.00 USD; closed: "
                  "0 won, 0 lost, 0 disqualified</p>\n"));
  CHECK(has(page, "<ul>\n<li>low coverage: Too little pipeline. Remedy: Prospect more.</li>\n</ul>\n"));
  // Nothing that runs or loads.
  CHECK_FALSE(has(page, "<script"));
  CHECK_FALSE(has(page, "href="));
  CHECK_FALSE(has(page, "src="));
  CHECK_FALSE(has(page, "url("));
  // The style sheet keeps a wide table inside its own scrolling box and prints.
  CHECK(has(page, ".table{overflow-x:auto"));
  CHECK(has(page, "@media print"));
}

TEST_CASE("html: the pipeline's funnel, categories and coverage on their scales") {
  const std::string page = render(small_pipeline(), output_format::html);
  // The funnel: the open stages only, 400.00 and 1,000.00 USD on a scale to 1,000.00.
  CHECK(has(page, "<figure class=\"chart\" data-chart=\"funnel\">"));
  CHECK(has(page, "<rect class=\"fill\" data-label=\"Prospect\" data-value=\"400.00 USD\" x=\"0\" y=\"0\" "
                  "width=\"400\" height=\"20\"><title>Prospect: 400.00 USD, 2 deals</title></rect>"));
  CHECK(has(page, "data-label=\"Discovery\" data-value=\"1000.00 USD\" x=\"0\" y=\"0\" width=\"1000\""));
  CHECK_FALSE(has(page, "data-label=\"Closed Won\""));
  CHECK(has(page, "data-label=\"upside\" data-value=\"400.00 USD\" x=\"0\" y=\"0\" width=\"400\""));
  // Coverage 150% against 300%: the scale ends at the target.
  CHECK(has(page, "data-label=\"pipeline / quota\" data-value=\"150%\" x=\"0\" y=\"0\" width=\"500\""));
  CHECK(has(page, "<line class=\"mark m0\" data-label=\"target\" data-value=\"300%\" x1=\"1000\" x2=\"1000\""));
  // The tables are there too, as in text.
  CHECK(has(page, "<tr><td>Prospect</td><td class=\"num\">2</td><td class=\"num\">400.00 USD</td>"));
}

TEST_CASE("html: the forecast's distribution as columns, the percentiles and the quota as marks") {
  forecast_report r;
  r.today = 2026y / 11 / 22;
  auto& g = r.range;
  g.booked = usd(0);
  g.p10 = usd(0);
  g.p50 = usd(0);
  g.p90 = usd(100'000);
  g.expected_value = usd(40'000);
  g.quota = usd(50'000);
  g.quota_chance = percent::from_whole(40);
  // 60% from 0 to 500.00 USD, 40% from 600.00 to 1,000.00.
  g.distribution = {{usd(0), usd(50'000), percent::from_whole(60)},
                    {usd(60'000), usd(100'000), percent::from_whole(40)}};
  r.calls.closed = usd(10'000);
  r.calls.commit = usd(30'000);
  r.calls.best_case = usd(60'000);
  r.calls.pipeline = usd(100'000);
  r.calls.weighted = usd(40'000);
  const std::string page = render(r, output_format::html);
  // The tallest column 112 units of 120; 4,000 bp is 666/1000 of it: 74 units. Each
  // column runs to the next one's start, less a unit of gap.
  CHECK(has(page, "<rect class=\"fill\" data-label=\"60%: 0.00 USD to 500.00 USD\" data-value=\"60%\" x=\"0\" "
                  "y=\"8\" width=\"599\" height=\"112\">"));
  CHECK(has(page, "data-value=\"40%\" x=\"600\" y=\"46\" width=\"399\" height=\"74\">"));
  CHECK(has(page, "data-label=\"P90\" data-value=\"1000.00 USD\" x1=\"1000\""));
  CHECK(has(page, "data-label=\"expected value\" data-value=\"400.00 USD\" x1=\"400\""));
  CHECK(has(page, "data-label=\"quota\" data-value=\"500.00 USD\" x1=\"500\""));
  // The calls stacked: closed won 0-100, commit 100-300, best case 300-600, pipeline 600-1000.
  CHECK(has(page, "data-label=\"commit\" data-value=\"300.00 USD\" x=\"100\" y=\"6\" width=\"200\""));
  CHECK(has(page, "data-label=\"pipeline\" data-value=\"1000.00 USD\" x=\"600\" y=\"6\" width=\"400\""));
  CHECK(has(page, "<li><span class=\"swatch line m1\"></span>quota: 500.00 USD</li>"));
}

TEST_CASE("html: the win rate by quarter against the target, a quarter without deals an empty bar") {
  win_loss_summary r;
  r.today = 2026y / 11 / 22;
  r.win_rate_check.target = percent::from_whole(25);
  r.by_quarter = {{{period_kind::quarter, 2026, 3, 2026y / 7 / 1, 2026y / 9 / 30}, {1, 3, percent::from_whole(25)}},
                  {{period_kind::quarter, 2026, 4, 2026y / 10 / 1, 2026y / 12 / 31}, {1, 1, percent::from_whole(50)}},
                  {{period_kind::quarter, 2027, 1, 2027y / 1 / 1, 2027y / 3 / 31}, {}}};
  const std::string page = render(r, output_format::html);
  // Rates on a scale to 100%.
  CHECK(has(page, "data-label=\"FY2026-Q3\" data-value=\"25%\" x=\"0\" y=\"0\" width=\"250\""));
  CHECK(has(page, "data-label=\"FY2026-Q4\" data-value=\"50%\" x=\"0\" y=\"0\" width=\"500\""));
  CHECK(has(page, "data-label=\"FY2027-Q1\" data-value=\"\" x=\"0\" y=\"0\" width=\"0\""));
  CHECK(has(page, "<span class=\"num\">no won or lost deal"));
  CHECK(has(page, "data-label=\"target\" data-value=\"25%\" x1=\"250\""));
  // The same quarters as a table in every format.
  CHECK(has(render(r, output_format::text), "FY2026-Q4 (2026-10-01 to 2026-12-31)    1     1       50%"));
}

TEST_CASE("html: the account plan's open deals in the reporting currency, their weighted parts marked") {
  account_plan p;
  p.overview.account = "- Acme & Sons";
  p.overview.open_pipeline = usd(200'000);
  const auto deal = [&](std::string id, deal_outcome outcome, money amount, money weighted) {
    plan_deal d;
    d.id = std::move(id);
    d.stage = outcome == deal_outcome::open ? "Proposal" : "Closed Won";
    d.outcome = outcome;
    d.amount = amount;
    d.weighted = weighted;
    p.overview.deals.push_back(d);
  };
  deal("A-1", deal_outcome::open, usd(200'000), usd(120'000));
  deal("A-2", deal_outcome::open, money(5'000'000, currency{"EUR"}), money(500'000, currency{"EUR"}));
  deal("A-3", deal_outcome::won, usd(9'000'000), usd(9'000'000));
  const std::string page = render(p, output_format::html);
  CHECK(has(page, "<title>Account Plan: - Acme &amp; Sons</title>"));
  // The summary starts with the account's name, which starts with "- ": still a paragraph.
  CHECK(has(page, "<p>&#45; Acme &amp; Sons on "));
  CHECK(has(page, "<figcaption>Open deals in USD: amount, weighted part marked (1 open deal in other currencies in "
                  "the table only)</figcaption>"));
  CHECK(has(page, "data-label=\"A-1 (Proposal)\" data-value=\"2000.00 USD\" x=\"0\" y=\"0\" width=\"1000\""));
  CHECK(has(page, "data-label=\"weighted\" data-value=\"1200.00 USD\" x1=\"600\""));
  CHECK_FALSE(has(page, "data-label=\"A-2"));  // EUR: in the table, not on the USD scale
  CHECK_FALSE(has(page, "data-label=\"A-3"));  // won: not an open deal
  CHECK(has(page, "<td>A-2</td>"));
}

TEST_CASE("html: a histogram's last column stays on the scale") {
  forecast_report r;
  r.range.p90 = usd(20);
  // Twenty parts of one step and a last part at the very end of the scale.
  for (int i = 0; i <= 20; ++i) r.range.distribution.push_back({usd(i), usd(i), percent::from_basis_points(476)});
  const std::string page = render(r, output_format::html);
  CHECK(has(page, "data-value=\"4.76%\" x=\"996\" y=\"8\" width=\"3\" height=\"112\">"));
  CHECK_FALSE(has(page, "x=\"1000\" y=\"8\""));
}
