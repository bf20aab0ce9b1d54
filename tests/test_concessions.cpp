// SPDX-License-Identifier: BSL-1.0
#include <salesrules/concessions.hpp>

#include <salesrules/names.hpp>
#include <salesrules/policy.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <vector>

using namespace salesrules;
using give_k = concession_kind;
using get_k = commitment_kind;

namespace {
const currency usd{"USD"}, eur{"EUR"};
money dollars(std::int64_t whole, std::int64_t cents = 0) { return money(whole * 100 + cents, usd); }

validated<trade_policy> rules(trade_policy p = {}) {
  auto v = validate(p);
  REQUIRE(v);
  return *v;
}

trade_ledger_report checked(const trade_request& r, const validated<trade_policy>& p = rules()) {
  auto out = check_trades(r, p);
  REQUIRE(out);
  return *out;
}

error failure(const trade_request& r) {
  auto out = check_trades(r, rules());
  REQUIRE_FALSE(out);
  return out.error();
}
}  // namespace

TEST_CASE("concessions: the policy's threshold is 0-100%") {
  CHECK(validate(trade_policy{}));
  CHECK(validate(trade_policy{.report_unmatched_above = percent::from_whole(100)}));
  for (const auto bad : {percent::from_basis_points(-1), percent::from_basis_points(10'001)}) {
    const auto v = validate(trade_policy{.report_unmatched_above = bad});
    REQUIRE_FALSE(v);
    CHECK(v.error().code == errc::out_of_range);
    CHECK(v.error().where == "/report_unmatched_above");
  }
  const auto whole = validate(policy{.trades = {.report_unmatched_above = percent::from_whole(101)}});
  REQUIRE_FALSE(whole);
  CHECK(whole.error().where == "/trades/report_unmatched_above");
}

TEST_CASE("concessions: a give with no get and a give its gets cannot pay for are reported, with figures") {
  // Deal $100,000. Gets: 0 multi-year $30,000, 1 case study $5,000, 2 faster signature $2,000.
  //   give 0 discount      $20,000 for {0}:   30,000 >= 20,000, paid for
  //   give 1 free months    $8,000 for {1,2}: 5,000 + 2,000 = 7,000 < 8,000, short 1,000
  //   give 2 extra services $3,000 for {}:    unmatched, short 3,000
  // Totals: given 20,000 + 8,000 + 3,000 = 31,000; got 30,000 + 5,000 + 2,000 = 37,000; net +6,000.
  const trade_request r{
      .deal_amount = dollars(100'000),
      .gives = {{give_k::discount, dollars(20'000), "15% off list", {0}},
                {give_k::free_months, dollars(8'000), "two months free", {1, 2}},
                {give_k::extra_services, dollars(3'000), "admin training", {}}},
      .gets = {{get_k::multi_year_term, dollars(30'000), "3-year term"},
               {get_k::case_study, dollars(5'000), "case study by Q3"},
               {get_k::faster_signature, dollars(2'000), "signed by the 28th"}},
  };
  const auto rep = checked(r);
  CHECK_FALSE(rep.balanced());
  CHECK(rep.given == dollars(31'000));
  CHECK(rep.got == dollars(37'000));
  CHECK(rep.net == dollars(6'000));
  CHECK(rep.threshold == percent());
  CHECK(rep.below_threshold == 0);
  REQUIRE(rep.findings.size() == 2);

  const trade_finding& short_one = rep.findings[0];
  CHECK(short_one.give == 1);
  CHECK(short_one.kind == give_k::free_months);
  CHECK(short_one.gap == trade_gap::undervalued);
  CHECK(short_one.value == dollars(8'000));
  CHECK(short_one.share_of_deal == percent::from_whole(8));  // 8,000 / 100,000
  CHECK(short_one.gets_value == dollars(7'000));
  CHECK(short_one.trade == 1);
  CHECK(short_one.trade_gives == dollars(8'000));
  CHECK(short_one.trade_gets == dollars(7'000));
  CHECK(short_one.shortfall == dollars(1'000));

  const trade_finding& bare = rep.findings[1];
  CHECK(bare == trade_finding{.give = 2,
                              .kind = give_k::extra_services,
                              .gap = trade_gap::unmatched,
                              .value = dollars(3'000),
                              .share_of_deal = percent::from_whole(3),
                              .gets_value = dollars(0),
                              .trade = 2,
                              .trade_gives = dollars(3'000),
                              .trade_gets = dollars(0),
                              .shortfall = dollars(3'000)});
}

TEST_CASE("concessions: several gets pay for one give when together they are worth at least as much") {
  // Discount $15,000 for a case study $5,000, a reference $4,000 and prepayment $6,000:
  // 5,000 + 4,000 + 6,000 = 15,000, exactly enough.
  trade_request r{
      .deal_amount = dollars(150'000),
      .gives = {{give_k::discount, dollars(15'000), "10% off", {0, 1, 2}}},
      .gets = {{get_k::case_study, dollars(5'000), ""},
               {get_k::reference, dollars(4'000), ""},
               {get_k::prepayment, dollars(6'000), "annual upfront"}},
  };
  CHECK(checked(r).balanced());

  // A cent less in prepayment: 14,999.99 < 15,000, short by 0.01.
  r.gets[2].value = dollars(5'999, 99);
  const auto rep = checked(r);
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].gap == trade_gap::undervalued);
  CHECK(rep.findings[0].gets_value == dollars(14'999, 99));
  CHECK(rep.findings[0].shortfall == dollars(0, 1));
  CHECK(rep.findings[0].share_of_deal == percent::from_whole(10));  // 15,000 / 150,000
  CHECK(rep.net == dollars(0, -1));                                  // 14,999.99 - 15,000
}

TEST_CASE("concessions: a get named by two gives is spent once, not counted in full for each") {
  // A multi-year term worth $35,000 backs a $30,000 discount and $10,000 of payment
  // terms. Each alone is below 35,000, but together they cost 40,000: short 5,000, and
  // both gives are reported as one trade (the first give, 0, names it).
  const trade_request r{
      .deal_amount = dollars(200'000),
      .gives = {{give_k::discount, dollars(30'000), "", {0}},
                {give_k::extended_payment_terms, dollars(10'000), "net-90", {0}}},
      .gets = {{get_k::multi_year_term, dollars(35'000), "3 years"}},
  };
  const auto rep = checked(r);
  REQUIRE(rep.findings.size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    CAPTURE(k);
    const auto& f = rep.findings[k];
    CHECK(f.give == k);
    CHECK(f.gap == trade_gap::undervalued);
    CHECK(f.gets_value == dollars(35'000));
    CHECK(f.trade == 0);
    CHECK(f.trade_gives == dollars(40'000));
    CHECK(f.trade_gets == dollars(35'000));
    CHECK(f.shortfall == dollars(5'000));
  }
  CHECK(rep.findings[0].share_of_deal == percent::from_whole(15));  // 30,000 / 200,000
  CHECK(rep.findings[1].share_of_deal == percent::from_whole(5));   // 10,000 / 200,000
}

TEST_CASE("concessions: the best split of shared gets is found, in any order") {
  // Give A $10,000 for {X}; give B $5,000 for {X, Y}; X is worth $10,000, Y $5,000.
  // X all to A and Y all to B pays for both. (Splitting X in proportion to the gives
  // would leave A with 10,000 x 10/15 = 6,666.67 and report it.)
  trade_request r{
      .deal_amount = dollars(100'000),
      .gives = {{give_k::discount, dollars(10'000), "A", {0}}, {give_k::free_months, dollars(5'000), "B", {0, 1}}},
      .gets = {{get_k::multi_year_term, dollars(10'000), "X"}, {get_k::larger_volume, dollars(5'000), "Y"}},
  };
  CHECK(checked(r).balanced());
  r.gives[1].traded_for = {1, 0};
  CHECK(checked(r).balanced());
  std::swap(r.gives[0], r.gives[1]);  // B first; A now names get 0 and B gets {1, 0}
  CHECK(checked(r).balanced());
}

TEST_CASE("concessions: a give is neither rescued nor condemned by a get it did not name") {
  // Give A $10,000 for {X $1,000}; give B $1,000 for {X, Y $100,000}. B is paid by Y;
  // A can draw only on X: 1,000 of 10,000, short 9,000, a trade of its own. Pooling
  // everything (11,000 against 101,000) would have hidden it.
  const trade_request r{
      .deal_amount = dollars(100'000),
      .gives = {{give_k::discount, dollars(10'000), "A", {0}}, {give_k::extra_services, dollars(1'000), "B", {0, 1}}},
      .gets = {{get_k::reference, dollars(1'000), "X"}, {get_k::multi_year_term, dollars(100'000), "Y"}},
  };
  const auto rep = checked(r);
  REQUIRE(rep.findings.size() == 1);
  const auto& f = rep.findings[0];
  CHECK(f.give == 0);
  CHECK(f.gets_value == dollars(1'000));
  CHECK(f.trade == 0);
  CHECK(f.trade_gives == dollars(10'000));
  CHECK(f.trade_gets == dollars(1'000));
  CHECK(f.shortfall == dollars(9'000));
}

TEST_CASE("concessions: gives chained through shared gets form one trade, separate ones stay apart") {
  // Gives 0 {X}, 1 {X, Y}, 2 {Y}, $2,000 each; X and Y $1,000 each: one trade (0),
  // 6,000 against 2,000, short 4,000. Give 3 $500 for {Z $100} is a trade of its own.
  const trade_request r{
      .deal_amount = dollars(50'000),
      .gives = {{give_k::discount, dollars(2'000), "", {0}},
                {give_k::free_months, dollars(2'000), "", {0, 1}},
                {give_k::extra_services, dollars(2'000), "", {1}},
                {give_k::other, dollars(500), "swag", {2}}},
      .gets = {{get_k::case_study, dollars(1'000), "X"},
               {get_k::reference, dollars(1'000), "Y"},
               {get_k::other, dollars(100), "Z"}},
  };
  const auto rep = checked(r);
  REQUIRE(rep.findings.size() == 4);
  for (std::size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    CHECK(rep.findings[k].trade == 0);
    CHECK(rep.findings[k].trade_gives == dollars(6'000));
    CHECK(rep.findings[k].trade_gets == dollars(2'000));
    CHECK(rep.findings[k].shortfall == dollars(4'000));
  }
  CHECK(rep.findings[1].gets_value == dollars(2'000));
  CHECK(rep.findings[3].trade == 3);
  CHECK(rep.findings[3].shortfall == dollars(400));
  CHECK(rep.findings[3].share_of_deal == percent::from_whole(1));  // 500 / 50,000
}

TEST_CASE("concessions: only gives above the threshold's share of the deal are listed, at the share is not") {
  // 5% of $100,000 is $5,000.
  //   give 0 $5,000.00 unmatched: exactly 5%, not above: counted, not listed
  //   give 1 $5,000.01 unmatched: 500.01 basis points, listed; shown rounded up, 5.01%
  //   give 2 $4,999.99 unmatched: below, counted
  //   give 3 $6,000 for a $5,000 get: short only 1,000, but the give itself is 6%: listed
  //   give 4 $9,000 for a $9,000 get: paid for, neither listed nor counted
  const trade_request r{
      .deal_amount = dollars(100'000),
      .gives = {{give_k::discount, dollars(5'000), "", {}},
                {give_k::discount, dollars(5'000, 1), "", {}},
                {give_k::free_months, dollars(4'999, 99), "", {}},
                {give_k::extra_services, dollars(6'000), "", {0}},
                {give_k::extended_payment_terms, dollars(9'000), "", {1}}},
      .gets = {{get_k::case_study, dollars(5'000), ""}, {get_k::prepayment, dollars(9'000), ""}},
  };
  const auto rep = checked(r, rules({.report_unmatched_above = percent::from_whole(5)}));
  CHECK(rep.threshold == percent::from_whole(5));
  CHECK(rep.below_threshold == 2);
  REQUIRE(rep.findings.size() == 2);
  CHECK(rep.findings[0].give == 1);
  CHECK(rep.findings[0].share_of_deal == percent::from_basis_points(501));
  CHECK(rep.findings[1].give == 3);
  CHECK(rep.findings[1].shortfall == dollars(1'000));

  // At 0% (the default) all four short gives are listed.
  CHECK(checked(r).findings.size() == 4);
  // The threshold comes from the whole policy's trades section as well.
  auto whole = validate(policy{.trades = {.report_unmatched_above = percent::from_whole(5)}});
  REQUIRE(whole);
  CHECK(checked(r, whole->trades()).below_threshold == 2);
}

TEST_CASE("concessions: a give that costs nothing is never reported, a cent is") {
  trade_request r{.deal_amount = dollars(10'000), .gives = {{give_k::other, dollars(0), "a nicer logo slot", {}}}};
  auto rep = checked(r);
  CHECK(rep.balanced());
  CHECK(rep.below_threshold == 0);
  r.gives[0].value = dollars(0, 1);
  rep = checked(r);
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].share_of_deal == percent::from_basis_points(1));  // 1 / 1,000,000 cents, rounded up
}

TEST_CASE("concessions: a deal of 0 has no share to show, and every give that costs something is listed") {
  const trade_request r{.deal_amount = dollars(0), .gives = {{give_k::discount, dollars(100), "", {}}}};
  const auto rep = checked(r, rules({.report_unmatched_above = percent::from_whole(50)}));
  REQUIRE(rep.findings.size() == 1);
  CHECK_FALSE(rep.findings[0].share_of_deal.has_value());
}

TEST_CASE("concessions: an empty ledger balances, with totals of 0 in the deal's currency") {
  const auto rep = checked(trade_request{.deal_amount = money(5'000, eur)});
  CHECK(rep.balanced());
  CHECK(rep.given == money(0, eur));
  CHECK(rep.got == money(0, eur));
  CHECK(rep.net == money(0, eur));
}

TEST_CASE("concessions: gets without gives, and net below 0 when we gave more than we got") {
  const trade_request more_got{.deal_amount = dollars(1'000), .gets = {{get_k::reference, dollars(200), ""}}};
  CHECK(checked(more_got).net == dollars(200));
  const trade_request more_given{.deal_amount = dollars(1'000),
                                 .gives = {{give_k::discount, dollars(300), "", {0}}},
                                 .gets = {{get_k::reference, dollars(200), ""}}};
  const auto rep = checked(more_given);
  CHECK(rep.net == dollars(-100));
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].shortfall == dollars(100));
}

TEST_CASE("concessions: errors name the field and its place") {
  const trade_request good{
      .deal_amount = dollars(100'000),
      .gives = {{give_k::discount, dollars(1'000), "", {0}}, {give_k::free_months, dollars(1'000), "", {0, 1}}},
      .gets = {{get_k::case_study, dollars(1'000), ""}, {get_k::reference, dollars(1'000), ""}},
  };
  REQUIRE(check_trades(good, rules()));
  struct row {
    const char* what;
    trade_request r;
    errc code;
    const char* where;
  };
  auto with = [&](auto change) {
    trade_request r = good;
    change(r);
    return r;
  };
  const row rows[] = {
      {"a get that does not exist", with([](trade_request& r) { r.gives[1].traded_for = {0, 2}; }), errc::unknown_name,
       "/gives/1/traded_for/1"},
      {"a get named twice", with([](trade_request& r) { r.gives[1].traded_for = {1, 1}; }), errc::duplicate,
       "/gives/1/traded_for/1"},
      {"a give in euros", with([](trade_request& r) { r.gives[0].value = money(100, eur); }),
       errc::currency_mismatch, "/gives/0/value"},
      {"a give with no currency", with([](trade_request& r) { r.gives[1].value = money(); }), errc::currency_mismatch,
       "/gives/1/value"},
      {"a get in euros", with([](trade_request& r) { r.gets[1].value = money(100, eur); }), errc::currency_mismatch,
       "/gets/1/value"},
      {"a negative give", with([](trade_request& r) { r.gives[1].value = dollars(-1); }), errc::out_of_range,
       "/gives/1/value"},
      {"a negative get", with([](trade_request& r) { r.gets[0].value = dollars(0, -1); }), errc::out_of_range,
       "/gets/0/value"},
      {"a deal with no currency", with([](trade_request& r) { r.deal_amount = money(); }), errc::unknown_currency,
       "/deal_amount"},
      {"a negative deal", with([](trade_request& r) { r.deal_amount = dollars(-5); }), errc::out_of_range,
       "/deal_amount"},
      {"an unknown kind of give", with([](trade_request& r) { r.gives[0].kind = static_cast<give_k>(40); }),
       errc::out_of_range, "/gives/0/kind"},
      {"an unknown kind of get", with([](trade_request& r) { r.gets[1].kind = static_cast<get_k>(40); }),
       errc::out_of_range, "/gets/1/kind"},
  };
  for (const row& x : rows) {
    CAPTURE(x.what);
    const error e = failure(x.r);
    CHECK(e.code == x.code);
    CHECK(e.where == x.where);
    CHECK_FALSE(e.message.empty());
  }
  CHECK(failure(rows[0].r).message == "names get 2, but the ledger has 2 gets");
}

TEST_CASE("concessions: totals beyond 64-bit minor units are an error, not a wrap") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  const trade_request r{.deal_amount = dollars(1),
                        .gives = {{give_k::discount, money(max, usd), "", {}}, {give_k::discount, money(1, usd), "", {}}}};
  const error e = failure(r);
  CHECK(e.code == errc::overflow);
  CHECK(e.where.empty());  // a total: the message says which
  CHECK(e.message.starts_with("the total given overflows"));

  // Huge but representable values go through the matching exactly.
  const trade_request big{.deal_amount = money(max, usd),
                          .gives = {{give_k::discount, money(max, usd), "", {0}}},
                          .gets = {{get_k::multi_year_term, money(max - 1, usd), ""}}};
  const auto rep = checked(big);
  REQUIRE(rep.findings.size() == 1);
  CHECK(rep.findings[0].shortfall == money(1, usd));
  CHECK(rep.findings[0].share_of_deal == percent::from_whole(100));
}

TEST_CASE("concessions: kinds and gaps are described for JSON and reports") {
  CHECK(name_of(give_k::extended_payment_terms) == "extended_payment_terms");
  CHECK(name_of(get_k::faster_signature) == "faster_signature");
  CHECK(name_of(trade_gap::undervalued) == "undervalued");
  CHECK(from_name<get_k>("multi_year_term") == get_k::multi_year_term);
}
