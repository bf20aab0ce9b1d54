// SPDX-License-Identifier: BSL-1.0
// salesrules/io/report_format.hpp - how the reports write figures.
//
// Part of salesrules::io. Every report prints money, counts, percentages and
// periods the same way: digits grouped by thousands with ',' and '.' before the
// decimals, whatever the locale; amounts exact to the currency's minor unit.
#ifndef SALESRULES_IO_REPORT_FORMAT_HPP
#define SALESRULES_IO_REPORT_FORMAT_HPP

#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <cstdint>
#include <string>
#include <string_view>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// "1,204,000.00 USD", "-12.50 EUR", "1,200 JPY"; no code when the currency is unset.
[[nodiscard]] std::string format_money(const money& m) noexcept;

// "1,204,000.00": the amount without its currency, for a column that names it.
[[nodiscard]] std::string format_amount(const money& m) noexcept;

// "1,000,000"
[[nodiscard]] std::string format_count(std::uint64_t n) noexcept;

// "1 deal", "1,204 deals": a count and its noun, the noun taking an "s" unless the count is 1.
[[nodiscard]] std::string counted(std::uint64_t n, std::string_view noun) noexcept;

// "83.33%", "10%", "1,250%": the shortest exact form, thousands grouped.
[[nodiscard]] std::string format_percent(percent p) noexcept;

// A ratio held as a percentage, as a multiple: 345% is "3.45x", 400% "4x". Shown
// to the hundredth, cut toward zero (a coverage of 2.999x is "2.99x", never "3x").
[[nodiscard]] std::string format_multiple(percent p) noexcept;

// "FY2026-Q4 (2026-10-01 to 2026-12-31)"
[[nodiscard]] std::string format_period(const fiscal_period& p) noexcept;

// An identifier in words: "best_case" is "best case".
[[nodiscard]] std::string words(std::string_view identifier) noexcept;

// Digits grouped by thousands: "-1234567.5" is "-1,234,567.5". Text that is not a
// decimal number is returned as it is.
[[nodiscard]] std::string group_thousands(std::string_view decimal) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_REPORT_FORMAT_HPP
