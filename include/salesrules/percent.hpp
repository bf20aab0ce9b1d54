// SPDX-License-Identifier: BSL-1.0
// salesrules/percent.hpp - exact percentages, in basis points.
//
// 1 basis point is 0.01%, so 9.99%, 10% and 10.01% are 999, 1000 and 1001: band
// edges compare exactly, with no floating point anywhere.
#ifndef SALESRULES_PERCENT_HPP
#define SALESRULES_PERCENT_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules {

class percent {
 public:
  constexpr percent() noexcept = default;  // 0%

  [[nodiscard]] static constexpr percent from_basis_points(std::int64_t bp) noexcept { return percent(bp); }
  [[nodiscard]] static constexpr percent from_whole(std::int32_t whole) noexcept {
    return percent(std::int64_t{whole} * 100);
  }

  [[nodiscard]] constexpr std::int64_t basis_points() const noexcept { return bp_; }

  friend constexpr auto operator<=>(const percent&, const percent&) noexcept = default;

 private:
  constexpr explicit percent(std::int64_t bp) noexcept : bp_(bp) {}
  std::int64_t bp_ = 0;
};

// Exact parse of "10", "9.99", "-2.5" or "12.50%" (a trailing % is allowed). More than
// two decimals that are not zeros ("10.001") is an error: it is finer than a basis point.
[[nodiscard]] expected<percent, error> parse_percent(std::string_view text,
                                                     std::string_view where = "") noexcept;

// "10%", "9.99%", "-2.5%": the shortest exact form.
[[nodiscard]] std::string to_string(percent p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/percent.ipp>
#endif

#endif  // SALESRULES_PERCENT_HPP
