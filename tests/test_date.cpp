// SPDX-License-Identifier: BSL-1.0
#include <salesrules/date.hpp>

#include <doctest/doctest.h>

using namespace salesrules;
using namespace std::chrono;

TEST_CASE("date: strict ISO parse") {
  auto d = parse_date("2026-03-28");
  REQUIRE(d);
  CHECK(*d == 2026y / March / 28d);
  CHECK(*parse_date("2024-02-29") == 2024y / February / 29d);
  CHECK(*parse_date("0001-01-01") == 1y / January / 1d);
}

TEST_CASE("date: a day that does not exist is an error, not a guess") {
  for (const char* bad : {"2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
                          "0000-01-01"}) {
    CAPTURE(bad);
    auto d = parse_date(bad, "close_date");
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::out_of_range);
    CHECK(d.error().where == "close_date");
  }
}

TEST_CASE("date: text not in the form YYYY-MM-DD is a syntax error") {
  for (const char* bad : {"", "2026-2-3", "2026/03/28", "26-03-28", "2026-03-28T00:00", "2026-03-2x", " 2026-03-28",
                          "+026-03-28", "2026-03-28 "}) {
    CAPTURE(bad);
    auto d = parse_date(bad, "created_date");
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::syntax);
    CHECK(d.error().where == "created_date");
  }
}

TEST_CASE("date: formatting and day arithmetic") {
  CHECK(to_string(2026y / March / 5d) == "2026-03-05");
  CHECK(to_string(987y / December / 31d) == "0987-12-31");
  CHECK(days_between(2026y / March / 15d, 2026y / March / 28d) == 13);
  CHECK(days_between(2026y / March / 28d, 2026y / March / 15d) == -13);
  CHECK(days_between(2025y / December / 31d, 2026y / January / 1d) == 1);
  CHECK(days_between(2024y / January / 1d, 2025y / January / 1d) == 366);
  CHECK(add_days(2026y / February / 28d, 1) == 2026y / March / 1d);
  CHECK(add_days(2024y / March / 1d, -1) == 2024y / February / 29d);
}
