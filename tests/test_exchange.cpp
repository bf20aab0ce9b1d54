// SPDX-License-Identifier: BSL-1.0
#include <salesrules/exchange.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

namespace {
const currency usd{"USD"}, eur{"EUR"}, jpy{"JPY"}, kwd{"KWD"};

validated<exchange_policy> usd_with(std::vector<currency_rate> rates) {
  auto v = validate(exchange_policy{usd, std::move(rates)});
  REQUIRE(v);
  return *v;
}
exchange_rate rate(const char* text) { return *parse_rate(text); }
}  // namespace

TEST_CASE("exchange: rates are exact to nine decimals") {
  CHECK(rate("1.0834").billionths() == 1'083'400'000);
  CHECK(rate("157.2").billionths() == 157'200'000'000);
  CHECK(rate("0.000000001").billionths() == 1);
  CHECK(to_string(rate("1.0834")) == "1.0834");
  CHECK(to_string(rate("2")) == "2");
  for (const char* bad : {"", "-1.1", "1,08", "abc"}) {
    CAPTURE(bad);
    auto r = parse_rate(bad, "rate");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::syntax);
  }
  CHECK(parse_rate("1.0000000001").error().code == errc::out_of_range);
  CHECK(parse_rate("0").error().code == errc::out_of_range);
}

TEST_CASE("exchange: conversion rounds half to even to the reporting minor unit") {
  const auto p = usd_with({{eur, rate("1.1")}, {jpy, rate("0.0067")}, {kwd, rate("3.25")}});
  // EUR 10,000.00 x 1.1 = USD 11,000.00
  CHECK(*convert(money(1'000'000, eur), p) == money(1'100'000, usd));
  // EUR 0.05 x 1.1 = 0.055: 5.5 cents, to the even 6; EUR 0.15 x 1.1 = 16.5 cents, to 16
  CHECK(*convert(money(5, eur), p) == money(6, usd));
  CHECK(*convert(money(15, eur), p) == money(16, usd));
  CHECK(*convert(money(-5, eur), p) == money(-6, usd));
  // JPY 1,000 x 0.0067 = USD 6.70 (yen have no minor unit)
  CHECK(*convert(money(1000, jpy), p) == money(670, usd));
  // KWD 1.234 x 3.25 = USD 4.0105 -> 4.01 (401.05 cents rounds down)
  CHECK(*convert(money(1234, kwd), p) == money(401, usd));
  // The reporting currency converts to itself.
  CHECK(*convert(money(12345, usd), p) == money(12345, usd));
}

TEST_CASE("exchange: a currency without a rate is an error naming it") {
  const auto p = usd_with({{eur, rate("1.1")}});
  auto r = convert(money(100, currency{"GBP"}), p);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::unknown_currency);
  CHECK(r.error().where.empty());  // the amount converted is the whole input
  CHECK(r.error().message.find("GBP") != std::string::npos);
}

TEST_CASE("exchange: a result past 64 bits is an overflow error") {
  const auto p = usd_with({{jpy, rate("1000")}});
  auto r = convert(money(INT64_MAX, jpy), p);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::overflow);
}

TEST_CASE("exchange: invalid rate tables are rejected with the place") {
  auto none = validate(exchange_policy{currency{}, {}});
  REQUIRE_FALSE(none);
  CHECK(none.error().where == "/reporting");
  auto self = validate(exchange_policy{usd, {{usd, rate("1")}}});
  REQUIRE_FALSE(self);
  CHECK(self.error().where == "/rates/0/from");
  auto twice = validate(exchange_policy{usd, {{eur, rate("1.1")}, {eur, rate("1.2")}}});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == errc::duplicate);
  CHECK(twice.error().where == "/rates/1/from");
  auto zero = validate(exchange_policy{usd, {{eur, exchange_rate{}}}});
  REQUIRE_FALSE(zero);
  CHECK(zero.error().where == "/rates/0/rate");
}
