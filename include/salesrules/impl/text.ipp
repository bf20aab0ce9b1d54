// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/text.ipp - the definitions behind detail/text.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_TEXT_IPP
#define SALESRULES_IMPL_TEXT_IPP

#include <salesrules/detail/text.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules::detail {

SALESRULES_INLINE typo_pattern::typo_pattern(std::string_view name) noexcept : size_(std::min(name.size(), cap)) {
  for (std::size_t i = 0; i < size_; ++i) match_[byte(name[i])] |= std::uint64_t{1} << i;
}

SALESRULES_INLINE std::size_t typo_pattern::distance(std::string_view other, std::size_t limit) const noexcept {
  other = other.substr(0, std::min(other.size(), cap));
  if (size_ == 0) return other.size();
  const std::uint64_t last = std::uint64_t{1} << (size_ - 1);
  std::uint64_t plus_v = ~std::uint64_t{0}, minus_v = 0, zero = 0, before = 0;
  std::size_t score = size_;
  for (std::size_t j = 0; j < other.size(); ++j) {
    const std::uint64_t eq = match_[byte(other[j])];
    const std::uint64_t swapped = ((~zero & eq) << 1) & before;  // a swap of neighbours
    zero = (((eq & plus_v) + plus_v) ^ plus_v) | eq | minus_v | swapped;
    std::uint64_t plus_h = minus_v | ~(zero | plus_v);
    std::uint64_t minus_h = zero & plus_v;
    if ((plus_h & last) != 0)
      ++score;
    else if ((minus_h & last) != 0)
      --score;
    if (score > limit + (other.size() - j - 1)) return limit + 1;
    plus_h = (plus_h << 1) | 1;
    minus_h <<= 1;
    plus_v = minus_h | ~(zero | plus_h);
    minus_v = plus_h & zero;
    before = eq;
  }
  return score;
}

SALESRULES_INLINE std::string fixed_point(std::int64_t v, int scale) {
  const bool negative = v < 0;
  // Work in unsigned so that the most negative value has a magnitude too.
  std::uint64_t mag = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(v)
                               : static_cast<std::uint64_t>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + mag % 10));
    mag /= 10;
  } while (mag != 0);
  const auto s = static_cast<std::size_t>(scale);
  if (digits.size() <= s) digits.insert(0, s + 1 - digits.size(), '0');
  if (s > 0) digits.insert(digits.size() - s, 1, '.');
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

}  // namespace salesrules::detail

#endif  // SALESRULES_IMPL_TEXT_IPP
