// SPDX-License-Identifier: BSL-1.0
// salesrules/probability.hpp - the chance that a deal closes, a whole percent 0-100.
//
// Stages carry a default probability (Prospect 10% ... Closed Won 100%); a rep may
// override it on a deal. Whole percents are what CRMs store.
#ifndef SALESRULES_PROBABILITY_HPP
#define SALESRULES_PROBABILITY_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/percent.hpp>

#include <compare>
#include <cstdint>
#include <string_view>

namespace salesrules {

class probability {
 public:
  constexpr probability() noexcept = default;  // 0%

  // A probability written in code, checked at compile time: probability{60}.
  consteval explicit probability(int whole_percent) noexcept : value_(checked(whole_percent)) {}

  // A probability from a run-time number: outside 0-100 is an error placed at `where`.
  [[nodiscard]] static expected<probability, error> from_percent(int whole_percent,
                                                                 std::string_view where = "") noexcept;

  [[nodiscard]] constexpr int whole_percent() const noexcept { return value_; }
  [[nodiscard]] constexpr percent as_percent() const noexcept { return percent::from_whole(value_); }

  friend constexpr auto operator<=>(const probability&, const probability&) noexcept = default;

 private:
  struct unchecked {};
  constexpr probability(unchecked, int v) noexcept : value_(static_cast<std::uint8_t>(v)) {}
  static consteval std::uint8_t checked(int v) noexcept {
    if (v < 0 || v > 100) probability_outside_0_to_100();
    return static_cast<std::uint8_t>(v);
  }
  static void probability_outside_0_to_100();  // never defined: reaching it at compile time is the error

  std::uint8_t value_ = 0;
};

// "60" or "60%": a whole number 0-100.
[[nodiscard]] expected<probability, error> parse_probability(std::string_view text,
                                                             std::string_view where = "") noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/probability.ipp>
#endif

#endif  // SALESRULES_PROBABILITY_HPP
