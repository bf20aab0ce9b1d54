// SPDX-License-Identifier: BSL-1.0
// 128-bit integers for exact intermediate products (amount x rate, amount x
// probability sums). GCC and Clang provide them; __extension__ keeps -Wpedantic quiet.
#ifndef SALESRULES_DETAIL_INT128_HPP
#define SALESRULES_DETAIL_INT128_HPP

#include <cstdint>

namespace salesrules {
// Public: the 128-bit signed integer that exact results hold where 64 bits could
// overflow (exact_discount's fraction over a quote's lines).
__extension__ using int128 = __int128;
}  // namespace salesrules

namespace salesrules::detail {

using salesrules::int128;

// a * b > c * d for non-negative 64-bit operands: two widening unsigned multiplications
// (the signed form was compiled as full 128-bit products).
constexpr bool product_above(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) noexcept {
  __extension__ using uint128 = unsigned __int128;
  return static_cast<uint128>(static_cast<std::uint64_t>(a)) * static_cast<std::uint64_t>(b) >
         static_cast<uint128>(static_cast<std::uint64_t>(c)) * static_cast<std::uint64_t>(d);
}

constexpr int128 pow10_128(int n) noexcept {
  int128 v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

// num / den rounded half to even; den > 0.
constexpr int128 div_round_half_even(int128 num, int128 den) noexcept {
  int128 q = num / den, r = num % den;
  if (r < 0) {  // floor division
    q -= 1;
    r += den;
  }
  const int128 twice = 2 * r;
  if (twice > den || (twice == den && q % 2 != 0)) q += 1;
  return q;
}

// n / d rounded toward minus and plus infinity; d > 0.
constexpr int128 floor_div(int128 n, int128 d) noexcept {
  int128 q = n / d;
  if (n % d != 0 && n < 0) --q;
  return q;
}
constexpr int128 ceil_div(int128 n, int128 d) noexcept {
  int128 q = n / d;
  if (n % d != 0 && n > 0) ++q;
  return q;
}

}  // namespace salesrules::detail

#endif  // SALESRULES_DETAIL_INT128_HPP
