// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/export_format.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace salesrules;
using namespace std::chrono;

namespace {
const currency usd{"USD"}, eur{"EUR"}, jpy{"JPY"}, cad{"CAD"};

io::date_format format(std::string_view text) {
  auto f = io::parse_date_format(text);
  REQUIRE_MESSAGE(f, text);
  return *f;
}
}  // namespace

TEST_CASE("export format: date formats are read from their letters and written back") {
  CHECK(format("M/D/Y") == io::date_format{io::date_order::mdy, '/'});
  CHECK(format("MM/DD/YYYY") == io::date_format{io::date_order::mdy, '/'});
  CHECK(format("dd.mm.yyyy") == io::date_format{io::date_order::dmy, '.'});
  CHECK(format("YYYY-MM-DD") == io::date_format{});
  CHECK(format("Y/M/D") == io::date_format{io::date_order::ymd, '/'});
  CHECK(io::to_string(format("mm/dd/yyyy")) == "M/D/Y");
  CHECK(io::to_string(format("D.M.Y")) == "D.M.Y");
  CHECK(io::to_string(io::date_format{}) == "YYYY-MM-DD");

  const auto refused = [](std::string_view text) {
    auto f = io::parse_date_format(text, "--date-format");
    REQUIRE_FALSE(f);
    CHECK(f.error().where == "--date-format");
    return f.error().message;
  };
  CHECK(refused("YY/MM/DD") ==
        "'YY/MM/DD' is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y: a year is Y or YYYY (four digits; "
        "YY does not say the century)");
  CHECK(refused("D-Y-M") == "'D-Y-M' is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y: the order is Y M D, "
                            "M D Y or D M Y");
  CHECK(refused("M/D.Y") ==
        "'M/D.Y' is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y: one separator throughout");
  CHECK(refused("M D Y") == "'M D Y' is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y: the parts are "
                            "separated by '-', '/' or '.'");
  CHECK(refused("") == "'' is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y");
}

TEST_CASE("export format: dates in the format in force, with the day checked") {
  const auto us = format("M/D/Y"), eu = format("D.M.Y");
  CHECK(*io::parse_export_date("3/28/2026", us) == 2026y / March / 28d);
  CHECK(*io::parse_export_date("03/08/2026", us) == 2026y / March / 8d);
  CHECK(*io::parse_export_date("28.03.2026", eu) == 2026y / March / 28d);
  CHECK(*io::parse_export_date("2026/3/8", format("Y/M/D")) == 2026y / March / 8d);
  CHECK(io::parse_export_date("2/29/2028", us));  // a leap year

  auto feb30 = io::parse_export_date("2/30/2026", us, "close_date");
  REQUIRE_FALSE(feb30);
  CHECK(feb30.error().code == errc::out_of_range);
  CHECK(feb30.error().message == "'2/30/2026' is not a day of that month (read as M/D/Y)");
  auto month13 = io::parse_export_date("13/01/2026", us);
  REQUIRE_FALSE(month13);
  CHECK(month13.error().message == "'13/01/2026' has no such year or month (read as M/D/Y)");
  auto iso = io::parse_export_date("2026-03-28", us);
  REQUIRE_FALSE(iso);
  CHECK(iso.error().message ==
        "'2026-03-28' is not a date in the form M/D/Y (it is written YYYY-MM-DD, which the file's other dates are "
        "not said to be)");
  CHECK_FALSE(io::parse_export_date("3/28/26", us));  // a two-digit year
}

TEST_CASE("export format: an ISO reading of a date written otherwise names the format that would read it") {
  const auto message = [](std::string_view text) {
    auto d = io::parse_export_date(text, io::date_format{}, "close_date");
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::syntax);
    CHECK(d.error().where == "close_date");
    return d.error().message;
  };
  CHECK(message("3/28/2026") ==
        "'3/28/2026' is not a date in the form YYYY-MM-DD; it looks like a US date, month first: read dates with the "
        "format M/D/Y (--date-format, or \"date_format\" in the column map)");
  CHECK(message("28.03.2026") ==
        "'28.03.2026' is not a date in the form YYYY-MM-DD; it looks like a date with the day first: read dates with "
        "the format D.M.Y (--date-format, or \"date_format\" in the column map)");
  CHECK(message("03/04/2026") ==
        "'03/04/2026' is not a date in the form YYYY-MM-DD; the month and the day could come in either order: read "
        "dates with the format M/D/Y (--date-format, or \"date_format\" in the column map) or D/M/Y, whichever the "
        "export uses");
  CHECK(message("2026/03/28") ==
        "'2026/03/28' is not a date in the form YYYY-MM-DD; it has the year first: read dates with the format Y/M/D "
        "(--date-format, or \"date_format\" in the column map)");
  CHECK(message("2026-03-28T14:05:00Z") ==
        "'2026-03-28T14:05:00Z' is not a date in the form YYYY-MM-DD; it is a date and a time; the import reads "
        "the date alone (YYYY-MM-DD): export the day without the time");
  CHECK(message("46109") ==
        "'46109' is not a date in the form YYYY-MM-DD; it looks like a spreadsheet's day number (days since "
        "1899-12-30), not a date: export the column as dates");
  CHECK(message("soon") == "'soon' is not a date in the form YYYY-MM-DD");
}

TEST_CASE("export format: amounts with thousands separators and a currency code or symbol") {
  const auto amount = [](std::string_view text, currency row, currency fallback = {}, bool comma = false) {
    auto m = io::parse_export_amount(text, row, fallback, comma);
    REQUIRE_MESSAGE(m, text);
    return *m;
  };
  // Plain decimals read exactly as parse_money reads them.
  CHECK(amount("180000.00", usd) == money(18'000'000, usd));
  CHECK(amount("5", {}, eur) == money(500, eur));
  // Groups of three with a decimal point; a code or a symbol on either side.
  CHECK(amount("1,234.50", usd) == money(123'450, usd));
  CHECK(amount("$1,234.50", usd) == money(123'450, usd));
  CHECK(amount("USD 1,234.50", {}) == money(123'450, usd));
  CHECK(amount("1,234,567 usd", {}) == money(123'456'700, usd));
  CHECK(amount("US$12", {}) == money(1'200, usd));
  CHECK(amount("-$5.00", usd) == money(-500, usd));
  CHECK(amount("$-5.00", usd) == money(-500, usd));
  CHECK(amount("\xC2\xA5" "1,000", jpy) == money(1'000, jpy));
  // A bare '$' stands for the row's dollar, or the map's.
  CHECK(amount("$5", {}, cad) == money(500, cad));
  // A decimal comma, with dots, spaces or no-break spaces between groups.
  CHECK(amount("1.234,50", eur, {}, true) == money(123'450, eur));
  CHECK(amount("\xE2\x82\xAC" "1.234,50", {}, {}, true) == money(123'450, eur));
  CHECK(amount("1 234 567,5", eur, {}, true) == money(123'456'750, eur));
  CHECK(amount("1\xC2\xA0" "234,50 \xE2\x82\xAC", {}, {}, true) == money(123'450, eur));
  CHECK(amount("EUR 12,5", {}, {}, true) == money(1'250, eur));
  CHECK(amount("1.234", eur, {}, true) == money(123'400, eur));  // a group, not three decimals
}

TEST_CASE("export format: an amount that fits no form is refused, saying which setting would read it") {
  const auto message = [](std::string_view text, currency row, currency fallback = {}, bool comma = false) {
    auto m = io::parse_export_amount(text, row, fallback, comma, "amount");
    REQUIRE_FALSE(m);
    CHECK(m.error().where == "amount");
    return m.error().message;
  };
  CHECK(message("12,50", usd) ==
        "'12,50' is not an amount such as 1234.56 or 1,234.56; it looks written with a decimal comma: read amounts "
        "with --decimal-comma, or \"decimal_comma\" in the column map");
  CHECK(message("1.234,50", usd) ==
        "'1.234,50' is not an amount such as 1234.56 or 1,234.56; it looks written with a decimal comma: read "
        "amounts with --decimal-comma, or \"decimal_comma\" in the column map");
  CHECK(message("1234.50", eur, {}, true) ==
        "'1234.50' is not an amount such as 1234,56 or 1.234,56; it has a decimal point, but amounts are read with a "
        "decimal comma");
  CHECK(message("1,23,456.00", usd) == "'1,23,456.00' is not an amount such as 1234.56 or 1,234.56");
  CHECK(message("1.234 567,5", eur, {}, true) == "'1.234 567,5' is not an amount such as 1234,56 or 1.234,56");
  CHECK(message("1,234.50 EUR", usd) == "'1,234.50 EUR' is in EUR but the row's currency is USD");
  CHECK(message("\xE2\x82\xAC" "5", usd) ==
        "the currency symbol in '\xE2\x82\xAC" "5' does not stand for USD, the row's currency");
  CHECK(message("$5", {}) == "'$5' names its currency only by a symbol several currencies use: give the row a "
                             "currency (a currency column, or the column map's \"currency\")");
  CHECK(message("XYZ 5", {}) == "'XYZ' in 'XYZ 5' is not an ISO 4217 currency code");
  // parse_money's own checks quote the text as written.
  CHECK(message("$1,234.567", usd) == "'$1,234.567' has more decimals than USD allows (2)");
  CHECK(message("12", {}) == "the row gives no currency and the column map no default one");
}

TEST_CASE("export format: percentages with a decimal comma") {
  CHECK(io::parse_export_percent("12,5", true)->basis_points() == 1250);
  CHECK(io::parse_export_percent("12,5 %", true)->basis_points() == 1250);
  CHECK(io::parse_export_percent("12.5%", false)->basis_points() == 1250);
  CHECK(io::parse_export_percent("7", true)->basis_points() == 700);
  auto point = io::parse_export_percent("12,5", false, "discount_pct");
  REQUIRE_FALSE(point);
  CHECK(point.error().message == "'12,5' is not a percentage such as 12.5; it looks written with a decimal comma: "
                                 "read it with --decimal-comma, or \"decimal_comma\" in the column map");
  auto fine = io::parse_export_percent("12,345", true);
  REQUIRE_FALSE(fine);
  CHECK(fine.error().message == "'12,345' is finer than a basis point (0.01%)");
}
