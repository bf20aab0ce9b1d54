// SPDX-License-Identifier: BSL-1.0
// salesrules/io/not_converted.hpp - how the reports print amounts they have no
// exchange rate for.
//
// Part of salesrules::io. A report converts each currency's exact sum once into the
// reporting currency; a currency the policy has no rate for is not guessed. Its deals
// count wherever no amount is needed (deal counts, hygiene, win rates, ...) and their
// amounts are kept apart, in their own currency, as salesrules::unconverted parts
// (forecast.hpp) beside the converted figures. Every report prints those parts the
// same way: a "not converted" cell or row, and one note naming the missing rates.
#ifndef SALESRULES_IO_NOT_CONVERTED_HPP
#define SALESRULES_IO_NOT_CONVERTED_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/money.hpp>

#include <span>
#include <string>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// "3 deals, 300,000.00 EUR; 1 deal, 50.00 GBP": each part's deals and total (its
// weighted amount when `weighted`), in the list's order; empty for no part.
[[nodiscard]] std::string format_unconverted(std::span<const unconverted> parts, bool weighted = false) noexcept;

// The parts of two lists together, one per currency, by currency code: deals and
// amounts added. An error when a sum leaves 64-bit minor units.
[[nodiscard]] expected<std::vector<unconverted>, error> merge_unconverted(std::span<const unconverted> a,
                                                                          std::span<const unconverted> b) noexcept;

// "EUR", "EUR and GBP", "EUR, GBP and JPY": the parts' currencies in the list's order.
[[nodiscard]] std::string currency_list(std::span<const unconverted> parts) noexcept;

// Appends, when there are parts, a paragraph saying that `reporting` has no rate from
// their currencies and that their amounts stand apart from every converted figure.
void append_unconverted_note(std::string& out, std::span<const unconverted> parts, currency reporting,
                             output_format format) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_NOT_CONVERTED_HPP
