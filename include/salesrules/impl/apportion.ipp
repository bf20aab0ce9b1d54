// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/apportion.ipp - the definitions behind apportion.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_APPORTION_IPP
#define SALESRULES_IMPL_APPORTION_IPP

#include <salesrules/apportion.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace salesrules {
namespace detail {

SALESRULES_INLINE bool add_split(split_units& row, const split_units& v, int128 denominator) noexcept {
  if (__builtin_add_overflow(row.floor, v.floor, &row.floor)) return false;
  row.fraction += v.fraction;  // both below the denominator (at most 10^15)
  if (row.fraction >= denominator) {
    row.fraction -= denominator;
    if (__builtin_add_overflow(row.floor, 1, &row.floor)) return false;
  }
  return true;
}

SALESRULES_INLINE bool apportion(std::span<split_units> rows, int128 whole, std::span<const unit_claim> claims,
                                 std::vector<std::uint32_t>& scratch) noexcept {
  if (rows.empty()) return true;
  int128 left = whole;
  for (const auto& r : rows)
    if (__builtin_sub_overflow(left, r.floor, &left)) return false;
  const auto n = static_cast<int128>(rows.size());
  const int128 each = floor_div(left, n);
  const int128 extra = left - each * n;  // in [0, n)
  for (auto& r : rows)
    if (__builtin_add_overflow(r.floor, each, &r.floor)) return false;
  if (extra == 0) return true;
  scratch.resize(rows.size());
  for (std::uint32_t i = 0; i < scratch.size(); ++i) scratch[i] = i;
  const auto claim = [&](std::uint32_t i) { return claims.empty() ? unit_claim::may : claims[i]; };
  const auto before = [&](std::uint32_t a, std::uint32_t b) {
    if (claim(a) != claim(b)) return claim(a) < claim(b);
    return rows[a].fraction != rows[b].fraction ? rows[a].fraction > rows[b].fraction : a < b;
  };
  const auto last = scratch.begin() + static_cast<std::ptrdiff_t>(extra);
  std::nth_element(scratch.begin(), last - 1, scratch.end(), before);
  for (auto it = scratch.begin(); it != last; ++it)
    if (__builtin_add_overflow(rows[*it].floor, 1, &rows[*it].floor)) return false;
  return true;
}

SALESRULES_INLINE unit_claim weighted_claim(const split_units& weighted, const split_units& exact_total,
                                            int128 total) noexcept {
  if (weighted <= exact_total && weighted.floor + 1 > total) return unit_claim::must_not;
  if (weighted >= exact_total && weighted.floor < total) return unit_claim::needs;
  return unit_claim::may;
}

}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_IMPL_APPORTION_IPP
