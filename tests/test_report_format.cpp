// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/report_format.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>

using namespace salesrules;
using namespace salesrules::io;

TEST_CASE("report format: money grouped by thousands, with its currency") {
  CHECK(format_money(money(120'400'000, currency{"USD"})) == "1,204,000.00 USD");
  CHECK(format_money(money(-1'250, currency{"EUR"})) == "-12.50 EUR");
  CHECK(format_money(money(1'200, currency{"JPY"})) == "1,200 JPY");  // no minor digits
  CHECK(format_money(money(99'999, currency{"USD"})) == "999.99 USD");
  CHECK(format_money(money(5, currency{"KWD"})) == "0.005 KWD");
  CHECK(format_money(money()) == "0");  // no currency, no code
  CHECK(format_amount(money(-100'000'000, currency{"USD"})) == "-1,000,000.00");
  CHECK(format_amount(money(std::numeric_limits<std::int64_t>::min(), currency{"USD"})) ==
        "-92,233,720,368,547,758.08");
}

TEST_CASE("report format: counts, percentages and multiples") {
  CHECK(format_count(0) == "0");
  CHECK(format_count(999) == "999");
  CHECK(format_count(1'000) == "1,000");
  CHECK(format_count(1'000'000) == "1,000,000");
  CHECK(counted(1, "deal") == "1 deal");
  CHECK(counted(0, "deal") == "0 deals");
  CHECK(counted(12'345, "open deal") == "12,345 open deals");
  CHECK(format_percent(percent::from_basis_points(8333)) == "83.33%");
  CHECK(format_percent(percent::from_whole(10)) == "10%");
  CHECK(format_percent(percent::from_whole(1'250)) == "1,250%");
  CHECK(format_percent(percent::from_basis_points(-250)) == "-2.5%");
  CHECK(format_multiple(percent::from_whole(345)) == "3.45x");
  CHECK(format_multiple(percent::from_whole(400)) == "4x");
  CHECK(format_multiple(percent::from_whole(150)) == "1.5x");
  CHECK(format_multiple(percent::from_basis_points(29'999)) == "2.99x");  // cut, never rounded up to 3x
  CHECK(format_multiple(percent::from_basis_points(99)) == "0x");
  CHECK(format_multiple(percent::from_whole(123'400)) == "1,234x");
}

TEST_CASE("report format: periods, identifiers and grouping") {
  using namespace std::chrono;
  const fiscal_period q4{period_kind::quarter, 2026, 4, 2026y / October / 1d, 2026y / December / 31d};
  CHECK(format_period(q4) == "FY2026-Q4 (2026-10-01 to 2026-12-31)");
  CHECK(words("best_case") == "best case");
  CHECK(words("stale") == "stale");
  CHECK(group_thousands("1234567.891") == "1,234,567.891");
  CHECK(group_thousands("-123") == "-123");
  CHECK(group_thousands("-1234") == "-1,234");
  CHECK(group_thousands("12a34") == "12a34");  // not a number: unchanged
  CHECK(group_thousands("") == "");
}
