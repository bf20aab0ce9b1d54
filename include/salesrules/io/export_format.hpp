// SPDX-License-Identifier: BSL-1.0
// salesrules/io/export_format.hpp - the dates, amounts and percentages of an export
// written in a locale's way, read only when the caller says which way.
//
// Part of salesrules::io (compiled; link salesrules::io). The interchange CSV writes
// ISO dates (2026-03-28) and plain decimals (180000.00). Real exports often do not:
// US dates (3/28/2026), European ones (28.03.2026), amounts with a currency and
// thousands separators ($1,234.50, USD 1,234.50, 1.234,50 EUR), decimal commas. Each
// is read only through an explicit setting (a date_format, decimal_comma): a value
// that does not fit the format in force is an error whose message names the setting
// that would read it ("'3/28/2026' looks like a US date, month first: read dates with
// the format M/D/Y"). Nothing is guessed. The one form read without a setting is the
// unambiguous one: thousands separators in exact groups of three and a currency code or
// symbol beside the amount, which must agree with the row's currency.
//
// Amounts:
//   digits      1234.50, or with a decimal comma 1234,50
//   groups      1,234,567.50 (decimal point: ',' between groups of three); with a
//               decimal comma 1.234.567,50, 1 234 567,50 (a space, U+00A0 or U+202F):
//               one separator throughout, three digits a group
//   currency    a code before or after (USD 1,234.50, 1.234,50 EUR, any case) or a
//               symbol: $ (a dollar: the row's, or the map's default), US$, € (EUR),
//               £ (GBP), ¥ (the row's yen or yuan), ₹ (INR); a sign may come first
//               (-$5.00). A code or symbol that disagrees with the row's currency is an
//               error, and one that names a currency is enough when the row has none.
#ifndef SALESRULES_IO_EXPORT_FORMAT_HPP
#define SALESRULES_IO_EXPORT_FORMAT_HPP

#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <string>
#include <string_view>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The order of a date's year, month and day.
enum class date_order : std::uint8_t { ymd, mdy, dmy };
BOOST_DESCRIBE_ENUM(date_order, ymd, mdy, dmy)

// How an export writes its dates: the parts' order and the one character between
// them. The default is ISO 8601's YYYY-MM-DD. In other formats the month and day take
// one or two digits (3/8/2026); the year always four.
struct date_format {
  date_order order = date_order::ymd;
  char separator = '-';

  friend bool operator==(const date_format&, const date_format&) = default;
};
BOOST_DESCRIBE_STRUCT(date_format, (), (order, separator))

// "YYYY-MM-DD" (the default), "M/D/Y", "MM/DD/YYYY", "D.M.Y", "D/M/Y", "Y/M/D", ...:
// Y, M and D in the order meant, each written once or repeated, separated by one of
// '-', '/' and '.'. A two-digit year (YY) is refused: it does not say the century.
[[nodiscard]] expected<date_format, error> parse_date_format(std::string_view text,
                                                             std::string_view where = "") noexcept;
// "YYYY-MM-DD", "M/D/Y", "D.M.Y", ...: the form parse_date_format reads back.
[[nodiscard]] std::string to_string(const date_format& f) noexcept;

// A date in the export's format. In the default format a date written another way
// (3/28/2026, 28.03.2026, 2026/03/28, a date and time, a spreadsheet day number) is an
// error whose message says which format would read it.
[[nodiscard]] expected<date, error> parse_export_date(std::string_view text, const date_format& f,
                                                      std::string_view where = "") noexcept;

// A UTC offset in minutes east of UTC, as a person writes it: "+05:30", "-08:00",
// "+0530", "+05", "Z" or "UTC" (0). Hours 0-14, minutes 0-59, at most 14:00 either way.
[[nodiscard]] expected<std::int32_t, error> parse_utc_offset(std::string_view text,
                                                           std::string_view where = "") noexcept;
// "+05:30", "-08:00", "+00:00": the form parse_utc_offset reads back (any number of
// minutes, in as many hours as it takes).
[[nodiscard]] std::string format_utc_offset(std::int32_t minutes) noexcept;

// The calendar date of a date-time as CRM exports write one (Salesforce's CreatedDate,
// HubSpot's "Date entered ..."), at `utc_offset` minutes east of UTC: a date in the
// format `f`, then optionally 'T' or a space and a time H:MM, H:MM:SS or H:MM:SS.fff
// (with AM or PM after a space for a 12-hour clock), then optionally the time's own
// offset: Z, +HH:MM, +HHMM or +HH, with or without a space before it. A time with its
// own offset is taken to UTC by it; a time without one is taken to be UTC already
// (what the CRMs' exports and APIs write). The date is the day at `utc_offset` of that
// moment: 2026-03-01T03:00:00Z is 2026-02-28 at -08:00. A date alone is that date,
// whatever the offset (it names a day, not a moment), and its moment, to order changes
// by, is its midnight at the offset. Errors quote the text.
struct export_timestamp {
  date day{};                   // at the offset asked for
  std::int64_t utc_seconds = 0;  // the moment, in seconds since 1970-01-01T00:00:00Z
  bool has_time = false;         // false: a date alone, its moment its midnight at the offset

  friend bool operator==(const export_timestamp&, const export_timestamp&) = default;
};
[[nodiscard]] expected<export_timestamp, error> parse_export_timestamp(std::string_view text, const date_format& f,
                                                           std::int32_t utc_offset,
                                                           std::string_view where = "") noexcept;

// An amount as an export writes it (see above), in `row` (the row's currency, or
// unset when the row gives none, in which case the amount's own code or symbol must
// name one). `fallback` is the map's default currency, which a bare '$' or '¥' may
// stand for. Errors quote the text as written and, where the number would read with
// or without a decimal comma, say so.
[[nodiscard]] expected<money, error> parse_export_amount(std::string_view text, currency row, currency fallback,
                                                         bool decimal_comma,
                                                         std::string_view where = "") noexcept;

// A percentage as an export writes it: "12.5", "12.5%", "12.5 %", or with a decimal
// comma "12,5 %".
[[nodiscard]] expected<percent, error> parse_export_percent(std::string_view text, bool decimal_comma,
                                                            std::string_view where = "") noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_EXPORT_FORMAT_HPP
