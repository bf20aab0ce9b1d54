// SPDX-License-Identifier: BSL-1.0
// salesrules/rating.hpp - one qualification criterion rated 1-5, or not rated.
//
// The playbook's scorecard rates Budget, Authority, Need, Timeline, Champion and
// Competition from 1 to 5. "Not rated" is a distinct, explicit value: a criterion
// nobody has assessed yet.
#ifndef SALESRULES_RATING_HPP
#define SALESRULES_RATING_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace salesrules {

class rating {
 public:
  // Not rated.
  constexpr rating() noexcept = default;

  // A rating written in code, checked at compile time: rating{4}. rating{7} does not compile.
  consteval explicit rating(int value) noexcept : value_(checked(value)) {}

  [[nodiscard]] static constexpr rating not_rated() noexcept { return rating(); }
  // A rating from a run-time number: outside 1-5 is an error placed at `where`.
  [[nodiscard]] static expected<rating, error> from_int(int value, std::string_view where = "") noexcept;

  [[nodiscard]] constexpr bool is_rated() const noexcept { return value_ != 0; }
  // 1-5, or 0 when not rated.
  [[nodiscard]] constexpr int value() const noexcept { return value_; }

  friend constexpr auto operator<=>(const rating&, const rating&) noexcept = default;

 private:
  struct unchecked {};
  constexpr rating(unchecked, int v) noexcept : value_(static_cast<std::uint8_t>(v)) {}
  static consteval std::uint8_t checked(int v) noexcept {
    if (v < 1 || v > 5) rating_outside_1_to_5();
    return static_cast<std::uint8_t>(v);
  }
  static void rating_outside_1_to_5();  // never defined: reaching it at compile time is the error

  std::uint8_t value_ = 0;
};

// "1".."5", or "" for not rated. Anything else ("7", "4.5", "high") is an error.
[[nodiscard]] expected<rating, error> parse_rating(std::string_view text, std::string_view where = "") noexcept;

// The six scorecard criteria, in the playbook's order.
enum class scorecard_criterion : std::uint8_t { budget, authority, need, timeline, champion, competition };
BOOST_DESCRIBE_ENUM(scorecard_criterion, budget, authority, need, timeline, champion, competition)

namespace detail {
// The member of a per-criterion struct (ratings, weights) for criterion `c`.
template <class PerCriterion>
constexpr auto& member_for(PerCriterion& s, scorecard_criterion c) noexcept {
  switch (c) {
    case scorecard_criterion::budget: return s.budget;
    case scorecard_criterion::authority: return s.authority;
    case scorecard_criterion::need: return s.need;
    case scorecard_criterion::timeline: return s.timeline;
    case scorecard_criterion::champion: return s.champion;
    case scorecard_criterion::competition: break;
  }
  return s.competition;
}
}  // namespace detail

// A deal's ratings on the six criteria.
struct qualification_ratings {
  rating budget;
  rating authority;
  rating need;
  rating timeline;
  rating champion;
  rating competition;

  [[nodiscard]] constexpr rating of(scorecard_criterion c) const noexcept { return detail::member_for(*this, c); }

  friend constexpr bool operator==(const qualification_ratings&, const qualification_ratings&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(qualification_ratings, (), (budget, authority, need, timeline, champion, competition))

// ---------------------------------------------------------------------------
// Implementation

namespace detail {
// What parse_rating accepts ("" and "1" to "5"), read without building an error.
[[nodiscard]] constexpr std::optional<rating> read_rating(std::string_view text) noexcept {
  constexpr rating by_digit[6] = {rating(), rating{1}, rating{2}, rating{3}, rating{4}, rating{5}};
  if (text.empty()) return rating::not_rated();
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '5') return by_digit[text[0] - '0'];
  return std::nullopt;
}
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/rating.ipp>
#endif

#endif  // SALESRULES_RATING_HPP
