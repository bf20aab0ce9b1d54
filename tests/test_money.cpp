// SPDX-License-Identifier: BSL-1.0
#include <salesrules/money.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

using namespace salesrules;

namespace {
const currency usd{"USD"}, eur{"EUR"}, jpy{"JPY"}, kwd{"KWD"};
}

TEST_CASE("money: currency codes know their minor digits") {
  CHECK(usd.minor_digits() == 2);
  CHECK(jpy.minor_digits() == 0);
  CHECK(kwd.minor_digits() == 3);
  CHECK(currency{"CLF"}.minor_digits() == 4);
  CHECK(usd.code() == "USD");
  CHECK_FALSE(currency{}.is_set());
  CHECK(currency{}.code().empty());
}

TEST_CASE("money: an amount's currency is read in place, a temporary's copied") {
  // Held: a reference to the amount's own (no copy through the stack); a temporary's is
  // a value, so it cannot dangle.
  static_assert(std::is_same_v<decltype(std::declval<const money&>().currency()), const currency&>);
  static_assert(std::is_same_v<decltype(std::declval<money>().currency()), currency>);
  const money held(1250, currency{"EUR"});
  CHECK(&held.currency() == &held.currency());
  CHECK(held.currency().code() == "EUR");
  CHECK(money(5, currency{"JPY"}).currency().minor_digits() == 0);
}

TEST_CASE("money: currency from text accepts any case and rejects unknown codes") {
  auto c = currency::from_code("eur");
  REQUIRE(c);
  CHECK(*c == eur);
  for (const char* bad : {"US", "USDX", "XXX", "ZZZ", "", "U$D"}) {
    CAPTURE(bad);
    auto e = currency::from_code(bad, "currency");
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::unknown_currency);
    CHECK(e.error().where == "currency");
  }
}

TEST_CASE("money: parse is exact in the currency's minor units") {
  struct row {
    const char* text;
    currency cur;
    std::int64_t minor;
  };
  for (const row& r : {row{"180000.00", usd, 18'000'000}, row{"-12.5", usd, -1250}, row{"0", usd, 0},
                       row{"-0", usd, 0}, row{"007.10", usd, 710}, row{"1200", jpy, 1200}, row{"1.234", kwd, 1234},
                       row{"12.340", usd, 1234}, row{"1200.00", jpy, 1200},
                       row{"92233720368547758.07", usd, std::numeric_limits<std::int64_t>::max()},
                       row{"-92233720368547758.07", usd, -std::numeric_limits<std::int64_t>::max()},
                       row{"-92233720368547758.08", usd, std::numeric_limits<std::int64_t>::min()}}) {
    CAPTURE(r.text);
    auto m = parse_money(r.text, r.cur);
    REQUIRE(m);
    CHECK(m->minor_units() == r.minor);
    CHECK(m->currency() == r.cur);
  }
}

TEST_CASE("money: an amount in whole units, or written as a literal, is exact and checked") {
  // from_major: whole units times 10^(minor digits), at run time, with its errors.
  CHECK(*money::from_major(400'000, usd) == money(40'000'000, usd));
  CHECK(*money::from_major(-7, kwd) == money(-7'000, kwd));
  CHECK(*money::from_major(1'200, jpy) == money(1'200, jpy));
  CHECK(*money::from_major(92'233'720'368'547'758, usd) == money(9'223'372'036'854'775'800, usd));
  const auto too_large = money::from_major(92'233'720'368'547'759, usd);  // 2^63 + 92 cents
  REQUIRE_FALSE(too_large);
  CHECK(too_large.error().code == errc::overflow);
  CHECK(too_large.error().message == "92233720368547759 USD is too large for an amount (64-bit minor units)");
  CHECK(money::from_major(std::numeric_limits<std::int64_t>::min(), kwd).error().code == errc::overflow);
  CHECK(money::from_major(5, currency{}).error().code == errc::unknown_currency);

  // The literal: read when it compiles (a mistake does not compile: tests/compile_fail).
  using namespace salesrules::literals;
  static_assert("400,000 USD"_money == money(40'000'000, currency{"USD"}));
  static_assert("400000 USD"_money == "400'000.00 USD"_money);
  static_assert("1,234,567.891 KWD"_money == money(1'234'567'891, currency{"KWD"}));
  static_assert("-12.5 USD"_money == money(-1'250, currency{"USD"}));
  static_assert("1'200 JPY"_money == money(1'200, currency{"JPY"}));
  static_assert("92,233,720,368,547,758.07 USD"_money.minor_units() == std::numeric_limits<std::int64_t>::max());
  static_assert("-92233720368547758.08 USD"_money.minor_units() == std::numeric_limits<std::int64_t>::min());
  // The same text at run time reads to the same amount.
  CHECK("180,000.00 EUR"_money == *parse_money("180000.00", eur));
}

TEST_CASE("money: parse rejects what is not an exact amount, naming the field") {
  struct row {
    const char* text;
    currency cur;
    errc code;
  };
  for (const row& r : {row{"", usd, errc::syntax}, row{"12.", usd, errc::syntax}, row{".5", usd, errc::syntax},
                       row{"1,000.00", usd, errc::syntax}, row{" 12", usd, errc::syntax},
                       row{"+12", usd, errc::syntax}, row{"12e3", usd, errc::syntax}, row{"--1", usd, errc::syntax},
                       row{"12.345", usd, errc::out_of_range}, row{"12.5", jpy, errc::out_of_range},
                       row{"92233720368547758.08", usd, errc::overflow},
                       row{"-92233720368547758.09", usd, errc::overflow},
                       row{"99999999999999999999999", jpy, errc::overflow}}) {
    CAPTURE(r.text);
    auto m = parse_money(r.text, r.cur, "amount");
    REQUIRE_FALSE(m);
    CHECK(m.error().code == r.code);
    CHECK(m.error().where == "amount");
  }
  auto none = parse_money("12", currency{}, "amount");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == errc::unknown_currency);
}

TEST_CASE("money: formatting shows exactly the minor digits") {
  CHECK(to_decimal_string(money(18'000'000, usd)) == "180000.00");
  CHECK(to_decimal_string(money(-1250, usd)) == "-12.50");
  CHECK(to_decimal_string(money(-5, usd)) == "-0.05");
  CHECK(to_decimal_string(money(1200, jpy)) == "1200");
  CHECK(to_decimal_string(money(1234, kwd)) == "1.234");
  CHECK(to_string(money(18'000'000, usd)) == "180000.00 USD");
  CHECK(to_decimal_string(money(std::numeric_limits<std::int64_t>::min(), usd)) == "-92233720368547758.08");
  for (const char* text : {"180000.00", "-12.50", "0.01", "92233720368547758.07", "-92233720368547758.08"}) {
    auto m = parse_money(text, usd);
    REQUIRE(m);
    CHECK(to_decimal_string(*m) == text);
  }
}

TEST_CASE("money: adding and subtracting stay exact within one currency") {
  auto s = add(money(18'000'000, usd), money(-1250, usd));
  REQUIRE(s);
  CHECK(*s == money(17'998'750, usd));
  auto d = subtract(money(100, usd), money(250, usd));
  REQUIRE(d);
  CHECK(*d == money(-150, usd));
  auto n = negate(money(150, usd));
  REQUIRE(n);
  CHECK(*n == money(-150, usd));
}

TEST_CASE("money: different currencies are an error, not a sum") {
  auto s = add(money(100, usd), money(100, eur));
  REQUIRE_FALSE(s);
  CHECK(s.error().code == errc::currency_mismatch);
  CHECK(s.error().message.find("USD") != std::string::npos);
  CHECK(s.error().message.find("EUR") != std::string::npos);
  CHECK_FALSE(subtract(money(100, usd), money(100, jpy)));
  CHECK_FALSE(add(money(100, usd), money()));  // an unset amount has no currency
  auto c = compare(money(1, usd), money(1, eur));
  REQUIRE_FALSE(c);
  CHECK(c.error().code == errc::currency_mismatch);
}

TEST_CASE("money: overflow is an error, never a wrap") {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  auto a = add(money(max, usd), money(1, usd));
  REQUIRE_FALSE(a);
  CHECK(a.error().code == errc::overflow);
  CHECK_FALSE(subtract(money(min, usd), money(1, usd)));
  CHECK_FALSE(subtract(money(0, usd), money(min, usd)));
  auto n = negate(money(min, usd));
  REQUIRE_FALSE(n);
  CHECK(n.error().code == errc::overflow);
  auto edge = add(money(max - 1, usd), money(1, usd));
  REQUIRE(edge);
  CHECK(edge->minor_units() == max);
}

TEST_CASE("money: comparison within a currency") {
  CHECK(compare(money(100, usd), money(250, usd)).value_or(std::strong_ordering::equal) ==
        std::strong_ordering::less);
  CHECK(compare(money(250, usd), money(250, usd)).value_or(std::strong_ordering::less) ==
        std::strong_ordering::equal);
}
