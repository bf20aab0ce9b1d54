// SPDX-License-Identifier: BSL-1.0
#include <salesrules/proposal.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

using namespace salesrules;

namespace {
const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole, std::int64_t cents = 0) { return money(whole * 100 + cents, usd); }
money cents(std::int64_t c) { return money(c, usd); }

proposal_figures figured(const proposal_inputs& in) {
  auto out = figure_proposal(in);
  REQUIRE(out);
  return *out;
}
}  // namespace

TEST_CASE("proposal: the playbook's Acme deal, three years at 10% off with $20,000 of fees") {
  // Problem $540,000 a year; list $180,000 a year; 10% off; fees $20,000; 36 months.
  //   net ACV   180,000 x 0.9                    = 162,000      given a year 18,000
  //   list TCV  180,000 x 36/12 + 20,000         = 560,000
  //   net TCV   162,000 x 36/12 + 20,000         = 506,000      given over the term 54,000
  //   benefit   540,000 x 36/12                  = 1,620,000
  //   payback   506,000 / (540,000 / 12 = 45,000 a month) = 11.24 -> 12 months
  //   ROI       (1,620,000 - 506,000) / 506,000  = 2.2015810... -> 220.15%
  const auto f = figured({.annual_problem_cost = dollars(540'000),
                          .annual_list_price = dollars(180'000),
                          .discount = percent::from_whole(10),
                          .one_time_fees = dollars(20'000),
                          .term_months = 36});
  CHECK(f.contract == contract_value{.list_acv = dollars(180'000),
                                     .net_acv = dollars(162'000),
                                     .list_tcv = dollars(560'000),
                                     .net_tcv = dollars(506'000),
                                     .given_per_year = dollars(18'000),
                                     .given_over_term = dollars(54'000)});
  CHECK(f.cost_over_term == dollars(506'000));
  CHECK(f.benefit_over_term == dollars(1'620'000));
  CHECK(f.payback_months == 12);
  CHECK(f.pays_back_within_term);
  CHECK(f.roi == percent::from_basis_points(22'015));
}

TEST_CASE("proposal: payback of exactly 12 months, and 12 months and a day's worth") {
  // Problem and price both $365,000 a year, 12 months, no fees: the year's cost equals
  // a year of the problem. 365,000 / (365,000 / 12) = 12 months exactly; ROI 0%.
  proposal_inputs in{.annual_problem_cost = dollars(365'000), .annual_list_price = dollars(365'000)};
  auto f = figured(in);
  CHECK(f.payback_months == 12);
  CHECK(f.pays_back_within_term);
  CHECK(f.roi == percent());

  // Add a day's worth of the problem ($365,000 / 365 = $1,000) as fees: 366,000 /
  // 30,416.67 = 12.03 -> 13 months, past the term; ROI -1,000 / 366,000 = -0.2732%,
  // rounded down -> -0.28%.
  in.one_time_fees = dollars(1'000);
  f = figured(in);
  CHECK(f.cost_over_term == dollars(366'000));
  CHECK(f.payback_months == 13);
  CHECK_FALSE(f.pays_back_within_term);
  CHECK(f.roi == percent::from_basis_points(-28));

  // One cent over is already the 13th month; ROI -1 / 36,500,001 cents = -0.0003
  // basis points, rounded down -> -0.01%.
  in.one_time_fees = cents(1);
  f = figured(in);
  CHECK(f.payback_months == 13);
  CHECK(f.roi == percent::from_basis_points(-1));

  // One cent under: 36,499,999 / 3,041,666.67 = 11.9999997 -> 12 months, ROI
  // 1 / 36,499,999 = +0.0003 basis points -> 0%.
  in.one_time_fees = {};
  in.annual_list_price = dollars(364'999, 99);
  f = figured(in);
  CHECK(f.payback_months == 12);
  CHECK(f.roi == percent());
}

TEST_CASE("proposal: a term that is not whole years counts its months") {
  // $12,000 a year for 7 months = 7,000; the problem costs $6,000 a year, 500 a month:
  //   benefit 6,000 x 7/12 = 3,500; payback 7,000 / 500 = 14 months, past the term;
  //   ROI (3,500 - 7,000) / 7,000 = -50%.
  const auto f = figured(
      {.annual_problem_cost = dollars(6'000), .annual_list_price = dollars(12'000), .term_months = 7});
  CHECK(f.contract.list_acv == dollars(12'000));
  CHECK(f.contract.list_tcv == dollars(7'000));
  CHECK(f.benefit_over_term == dollars(3'500));
  CHECK(f.payback_months == 14);
  CHECK_FALSE(f.pays_back_within_term);
  CHECK(f.roi == percent::from_whole(-50));
}

TEST_CASE("proposal: each figure is rounded once, half to even, and list = net + given away") {
  // $100.01 at 50% off: net ACV 50.005, a tie, to the even cent 50.00; the amount given
  // away is 100.01 - 50.00 = 50.01 (exactly 50.005), so the two still add up.
  auto f = figured({.annual_problem_cost = dollars(200), .annual_list_price = cents(10'001),
                    .discount = percent::from_whole(50)});
  CHECK(f.contract.net_acv == cents(5'000));
  CHECK(f.contract.given_per_year == cents(5'001));
  CHECK(f.contract.net_tcv == cents(5'000));  // the same tie over 12 months
  CHECK(f.contract.given_over_term == cents(5'001));
  // $100.03: 50.015 goes up to the even 50.02.
  f = figured({.annual_problem_cost = dollars(200), .annual_list_price = cents(10'003),
               .discount = percent::from_whole(50)});
  CHECK(f.contract.net_acv == cents(5'002));
  CHECK(f.contract.given_per_year == cents(5'001));

  // TCV comes from the exact net price, not the rounded ACV. $100.01 at 12.5% off for
  // 120 months: net ACV 87.50875 -> 87.51, but net TCV 87.50875 x 10 = 875.0875 ->
  // 875.09 (87.51 x 10 would say 875.10). List TCV 1,000.10; given over the term
  // 1,000.10 - 875.09 = 125.01 (exactly 125.0125). Given a year 100.01 - 87.51 = 12.50.
  f = figured({.annual_problem_cost = dollars(100), .annual_list_price = cents(10'001),
               .discount = percent::from_basis_points(1'250), .term_months = 120});
  CHECK(f.contract.net_acv == cents(8'751));
  CHECK(f.contract.given_per_year == cents(1'250));
  CHECK(f.contract.list_tcv == cents(100'010));
  CHECK(f.contract.net_tcv == cents(87'509));
  CHECK(f.contract.given_over_term == cents(12'501));
  // Against a problem of $100 a year (8.3333 a month): benefit 100 x 10 = 1,000;
  // payback 875.0875 / 8.3333 = 105.01 -> 106 months; ROI (1,000 - 875.0875) /
  // 875.0875 = 0.142742... -> 14.27%.
  CHECK(f.benefit_over_term == dollars(1'000));
  CHECK(f.payback_months == 106);
  CHECK(f.roi == percent::from_basis_points(1'427));
}

TEST_CASE("proposal: no ROI when nothing is paid, no payback when the problem costs nothing") {
  // Free (list 0, no fees): cost 0, so ROI is undefined; it pays back at once.
  auto f = figured({.annual_problem_cost = dollars(1), .annual_list_price = dollars(0)});
  CHECK_FALSE(f.roi.has_value());
  CHECK(f.payback_months == 0);
  CHECK(f.pays_back_within_term);

  // A problem that costs nothing never pays back; the ROI is -100%.
  f = figured({.annual_problem_cost = dollars(0), .annual_list_price = dollars(12'000)});
  CHECK_FALSE(f.payback_months.has_value());
  CHECK_FALSE(f.pays_back_within_term);
  CHECK(f.roi == percent::from_whole(-100));
}

TEST_CASE("proposal: a 100% discount leaves only the fees, which are never discounted") {
  // $10,000 a year free for 24 months, $500 fees: net ACV 0, net TCV 500; given away
  // 10,000 a year, 20,000 over the term. Problem $10,000 a year (833.33 a month):
  // payback 500 / 833.33 = 0.6 -> 1 month; ROI (20,000 - 500) / 500 = 3900%.
  const auto f = figured({.annual_problem_cost = dollars(10'000),
                          .annual_list_price = dollars(10'000),
                          .discount = percent::from_whole(100),
                          .one_time_fees = dollars(500),
                          .term_months = 24});
  CHECK(f.contract.net_acv == dollars(0));
  CHECK(f.contract.net_tcv == dollars(500));
  CHECK(f.contract.list_tcv == dollars(20'500));
  CHECK(f.contract.given_per_year == dollars(10'000));
  CHECK(f.contract.given_over_term == dollars(20'000));
  CHECK(f.payback_months == 1);
  CHECK(f.roi == percent::from_whole(3'900));
}

TEST_CASE("proposal: amounts in a currency without minor units") {
  const currency jpy{"JPY"};
  // ¥1,000,001 a year, 50% off: 500,000.5 -> 500,000 (even), given away 500,001. The
  // problem costs ¥3,000,000 a year, 250,000 a month: payback 500,000.5 / 250,000 =
  // 2.000002 -> 3 months (the exact cost, not the rounded 500,000, which would say 2).
  const auto f = figured({.annual_problem_cost = money(3'000'000, jpy), .annual_list_price = money(1'000'001, jpy),
                          .discount = percent::from_whole(50)});
  CHECK(f.contract.net_acv == money(500'000, jpy));
  CHECK(f.contract.given_per_year == money(500'001, jpy));
  CHECK(f.payback_months == 3);
}

TEST_CASE("proposal: errors name the field") {
  const proposal_inputs good{.annual_problem_cost = dollars(100'000),
                             .annual_list_price = dollars(50'000),
                             .discount = percent::from_whole(10),
                             .one_time_fees = dollars(5'000),
                             .term_months = 12};
  REQUIRE(figure_proposal(good));
  struct row {
    const char* what;
    proposal_inputs in;
    errc code;
    const char* where;
  };
  auto with = [&](auto change) {
    proposal_inputs in = good;
    change(in);
    return in;
  };
  const row rows[] = {
      {"a list price with no currency", with([](proposal_inputs& in) { in.annual_list_price = money(); }),
       errc::unknown_currency, "/annual_list_price"},
      {"a problem cost in euros", with([](proposal_inputs& in) { in.annual_problem_cost = money(100, eur); }),
       errc::currency_mismatch, "/annual_problem_cost"},
      {"fees in euros", with([](proposal_inputs& in) { in.one_time_fees = money(100, eur); }),
       errc::currency_mismatch, "/one_time_fees"},
      {"a negative list price", with([](proposal_inputs& in) { in.annual_list_price = dollars(-1); }),
       errc::out_of_range, "/annual_list_price"},
      {"a negative problem cost", with([](proposal_inputs& in) { in.annual_problem_cost = cents(-1); }),
       errc::out_of_range, "/annual_problem_cost"},
      {"negative fees", with([](proposal_inputs& in) { in.one_time_fees = cents(-1); }), errc::out_of_range,
       "/one_time_fees"},
      {"a discount above 100%", with([](proposal_inputs& in) { in.discount = percent::from_basis_points(10'001); }),
       errc::out_of_range, "/discount"},
      {"a negative discount", with([](proposal_inputs& in) { in.discount = percent::from_basis_points(-1); }),
       errc::out_of_range, "/discount"},
      {"a term of 0", with([](proposal_inputs& in) { in.term_months = 0; }), errc::out_of_range, "/term_months"},
      {"a negative term", with([](proposal_inputs& in) { in.term_months = -12; }), errc::out_of_range,
       "/term_months"},
      {"a figure beyond 64 bits",
       with([](proposal_inputs& in) {
         in.annual_list_price = cents(std::numeric_limits<std::int64_t>::max());
         in.annual_problem_cost = cents(0);
         in.discount = percent();
         in.term_months = 24;
       }),
       errc::overflow, ""},  // a figure computed: the message names it
  };
  for (const row& x : rows) {
    CAPTURE(x.what);
    const auto out = figure_proposal(x.in);
    REQUIRE_FALSE(out);
    CHECK(out.error().code == x.code);
    CHECK(out.error().where == x.where);
    CHECK_FALSE(out.error().message.empty());
  }
}

TEST_CASE("proposal: fees left unset mean none") {
  const auto f = figured({.annual_problem_cost = dollars(10'000), .annual_list_price = dollars(10'000)});
  CHECK(f.contract.list_tcv == dollars(10'000));
  CHECK(f.cost_over_term == dollars(10'000));
}
