// SPDX-License-Identifier: BSL-1.0
#include <salesrules/fiscal_calendar.hpp>

#include <doctest/doctest.h>

using namespace salesrules;
using namespace std::chrono;

namespace {
validated<fiscal_calendar> calendar(month first, fiscal_year_naming naming = fiscal_year_naming::ending_year) {
  auto c = validate(fiscal_calendar{first, naming});
  REQUIRE(c);
  return *c;
}
}  // namespace

TEST_CASE("fiscal calendar: a January year is the calendar year") {
  const auto cal = calendar(January);
  const date d = 2026y / November / 23d;
  CHECK(fiscal_year(d, cal) == 2026);
  CHECK(fiscal_month(d, cal) == 11);
  CHECK(quarter_of(d, cal) == fiscal_quarter{2026, 4, 2026y / October / 1d, 2026y / December / 31d});
  CHECK(phase_of(d, cal) == quarter_phase::mid);
  CHECK(phase_of(2026y / October / 31d, cal) == quarter_phase::early);
  CHECK(phase_of(2026y / December / 1d, cal) == quarter_phase::late);
}

TEST_CASE("fiscal calendar: a February year is named by the year it ends in, by default") {
  const auto cal = calendar(February);
  const date mid_january = 2026y / January / 15d;
  CHECK(fiscal_year(mid_january, cal) == 2026);
  CHECK(fiscal_month(mid_january, cal) == 12);
  CHECK(quarter_of(mid_january, cal) == fiscal_quarter{2026, 4, 2025y / November / 1d, 2026y / January / 31d});
  CHECK(phase_of(mid_january, cal) == quarter_phase::late);

  const date first_day = 2026y / February / 1d;
  CHECK(fiscal_year(first_day, cal) == 2027);
  CHECK(fiscal_month(first_day, cal) == 1);
  CHECK(quarter_of(first_day, cal) == fiscal_quarter{2027, 1, 2026y / February / 1d, 2026y / April / 30d});
  CHECK(phase_of(first_day, cal) == quarter_phase::early);

  CHECK(fiscal_year(mid_january, calendar(February, fiscal_year_naming::starting_year)) == 2025);
  CHECK(fiscal_year(first_day, calendar(February, fiscal_year_naming::starting_year)) == 2026);
}

TEST_CASE("fiscal calendar: an October year (US federal) crosses the quarter and year edge") {
  const auto cal = calendar(October);
  CHECK(quarter_of(2026y / September / 30d, cal) == fiscal_quarter{2026, 4, 2026y / July / 1d, 2026y / September / 30d});
  CHECK(quarter_of(2026y / October / 1d, cal) == fiscal_quarter{2027, 1, 2026y / October / 1d, 2026y / December / 31d});
  CHECK(phase_of(2026y / September / 30d, cal) == quarter_phase::late);
  CHECK(phase_of(2026y / October / 1d, cal) == quarter_phase::early);
}

TEST_CASE("fiscal calendar: a quarter spanning February ends on its last day, leap years included") {
  const auto cal = calendar(December);
  CHECK(quarter_of(2028y / January / 10d, cal) == fiscal_quarter{2028, 1, 2027y / December / 1d, 2028y / February / 29d});
  CHECK(quarter_of(2027y / January / 10d, cal) == fiscal_quarter{2027, 1, 2026y / December / 1d, 2027y / February / 28d});
  CHECK(phase_of(2028y / January / 10d, cal) == quarter_phase::mid);
}

TEST_CASE("fiscal calendar: every date lies inside its own quarter") {
  for (unsigned first = 1; first <= 12; ++first) {
    const auto cal = calendar(month{first});
    for (date d = 2025y / January / 1d; d != 2027y / January / 1d; d = add_days(d, 1)) {
      const auto q = quarter_of(d, cal);
      CHECK(days_between(q.first_day, d) >= 0);
      CHECK(days_between(d, q.last_day) >= 0);
      CHECK(q.quarter == (fiscal_month(d, cal) - 1) / 3 + 1);
    }
  }
}

TEST_CASE("fiscal calendar: a first month outside 1-12 is rejected") {
  auto c = validate(fiscal_calendar{month{13}});
  REQUIRE_FALSE(c);
  CHECK(c.error().code == errc::out_of_range);
  CHECK(c.error().where == "/first_month");
  CHECK_FALSE(validate(fiscal_calendar{month{0}}));
}

TEST_CASE("fiscal calendar: months, quarters and years as periods") {
  const auto cal = calendar(February);
  const date d = 2026y / January / 15d;
  CHECK(period_of(d, period_kind::month, cal) ==
        fiscal_period{period_kind::month, 2026, 12, 2026y / January / 1d, 2026y / January / 31d});
  CHECK(period_of(d, period_kind::quarter, cal) ==
        fiscal_period{period_kind::quarter, 2026, 4, 2025y / November / 1d, 2026y / January / 31d});
  CHECK(period_of(d, period_kind::year, cal) ==
        fiscal_period{period_kind::year, 2026, 0, 2025y / February / 1d, 2026y / January / 31d});
  const auto q = period_of(d, period_kind::quarter, cal);
  CHECK(contains(q, 2025y / November / 1d));
  CHECK(contains(q, 2026y / January / 31d));
  CHECK_FALSE(contains(q, 2026y / February / 1d));
  CHECK(to_string(next_period(q, cal)) == "FY2027-Q1");
  CHECK(to_string(previous_period(q, cal)) == "FY2026-Q3");
  CHECK(to_string(period_of(d, period_kind::month, cal)) == "FY2026-M12");
  CHECK(to_string(period_of(2026y / March / 3d, period_kind::month, cal)) == "FY2027-M02");
}

TEST_CASE("fiscal calendar: periods parse in the calendar's own years") {
  const auto feb = calendar(February);
  CHECK(*parse_period("2026-Q4", feb) == period_of(2026y / January / 1d, period_kind::quarter, feb));
  CHECK(*parse_period("FY2027-Q1", feb) == period_of(2026y / February / 1d, period_kind::quarter, feb));
  CHECK(*parse_period("fy2026-m03", feb) == period_of(2025y / April / 1d, period_kind::month, feb));
  CHECK(*parse_period("2026", feb) == period_of(2025y / June / 1d, period_kind::year, feb));
  CHECK(*parse_period("2026-Q4", calendar(January)) ==
        fiscal_period{period_kind::quarter, 2026, 4, 2026y / October / 1d, 2026y / December / 31d});
  CHECK(parse_period("2025-Q1", calendar(February, fiscal_year_naming::starting_year))->first_day ==
        2025y / February / 1d);
  for (const char* bad : {"", "26-Q4", "2026Q4", "2026-X1", "FY2026-", "2026-Q", "2026-M3x"}) {
    CAPTURE(bad);
    auto p = parse_period(bad, feb);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::syntax);
  }
  CHECK(parse_period("2026-Q5", feb).error().code == errc::out_of_range);
  CHECK(parse_period("2026-M13", feb).error().code == errc::out_of_range);
  CHECK(parse_period("2026-M00", feb).error().code == errc::out_of_range);
}

TEST_CASE("fiscal calendar: periods reaching outside the years 1-9999 are refused, and names pad the year") {
  const auto october = *validate(fiscal_calendar{.first_month = std::chrono::October});
  // FY0001 of an October calendar starts on 0000-10-01: out of range.
  auto q1 = parse_period("FY0001-Q1", october);
  REQUIRE_FALSE(q1);
  CHECK(q1.error().code == errc::out_of_range);
  CHECK(q1.error().message == "'FY0001-Q1' spans 0000-10-01 to 0000-12-31, outside the years 0001-9999 that dates are read in");
  auto q2 = parse_period("FY0001-Q2", october);
  REQUIRE(q2);
  CHECK(in_date_range(*q2));
  CHECK(to_string(*q2) == "FY0001-Q2");
  CHECK_FALSE(in_date_range(previous_period(*q2, october)));
  // Named by the year it starts in, FY9999 would end in 10000.
  const auto starting = *validate(fiscal_calendar{.first_month = std::chrono::October,
                                                  .naming = fiscal_year_naming::starting_year});
  CHECK_FALSE(parse_period("FY9999", starting));
  auto final_year = parse_period("FY9998", starting);
  REQUIRE(final_year);
  CHECK(to_string(final_year->last_day) == "9999-09-30");
  // A January calendar reaches 9999 exactly.
  const auto january = *validate(fiscal_calendar{});
  auto y9999 = parse_period("9999", january);
  REQUIRE(y9999);
  CHECK(to_string(y9999->last_day) == "9999-12-31");
}
