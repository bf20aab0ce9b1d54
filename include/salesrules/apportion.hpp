// SPDX-License-Identifier: BSL-1.0
// salesrules/apportion.hpp - apportioning a whole among rows so that they add up to it.
//
// A row of a table holds an exact value in the reporting currency (a fraction:
// amounts x rate x probability), kept as its floor and the fraction left over
// (split_units, exchange.hpp). apportion() cuts each row to its floor and hands the
// minor units the floors lack of the whole out by the largest-remainder (Hamilton)
// method, so each row is less than a unit from its exact value and the rows add up
// to the whole exactly; unit_claim lets a row's weighted figure stay on its side of
// its total. The rollups and reports (rollup.hpp: read_rows) read their rows so.
#ifndef SALESRULES_APPORTION_HPP
#define SALESRULES_APPORTION_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/exchange.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace salesrules {
namespace detail {

// Adds one converted figure to a row's, carrying a whole fraction into the floor.
// False when the floor leaves 128 bits.
bool add_split(split_units& row, const split_units& v, int128 denominator) noexcept;

// How a row may take a unit in apportion(): before the others, like them, or only
// once every other row has had one.
enum class unit_claim : std::uint8_t { needs, may, must_not };

// Largest remainder (Hamilton): raises the rows' floors by the units `whole` holds
// beyond their sum, one each to the rows with the largest fractions, the earlier row
// on a tie; rows whose claim (in `claims`, or all `may` when empty) is `needs` come
// first and `must_not` last. Should more units be left than there are rows, or fewer
// than none (the whole's own rounding, once per currency, can do that with several
// currencies), every row first takes an equal share. False when a figure leaves
// 128 bits.
bool apportion(std::span<split_units> rows, int128 whole, std::span<const unit_claim> claims,
               std::vector<std::uint32_t>& scratch) noexcept;

// What a row's weighted floor may take so that the row's weighted figure stays on the
// side of its (apportioned) total that the exact figures are on: at or below it for
// amounts of deals won or open, at or above it for credits.
unit_claim weighted_claim(const split_units& weighted, const split_units& exact_total, int128 total) noexcept;

}  // namespace detail
}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/apportion.ipp>
#endif

#endif  // SALESRULES_APPORTION_HPP
