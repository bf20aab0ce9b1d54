// SPDX-License-Identifier: BSL-1.0
// salesrules/scorecard.hpp - the qualification scorecard.
//
// The playbook rates six criteria 1-5 for a total out of 30: 25-30 is a strong
// opportunity (prioritise and advance), 18-24 is viable (develop the weak areas
// before proposal), below 18 needs further qualification or deprioritising.
//
// A host sets the two thresholds and a weight per criterion. A weighted total stays
// on the same /30 scale: total = 30 * sum(weight * rating) / sum(weight * 5), so
// equal weights give the plain sum and a deal rated 5 everywhere scores 30 whatever
// the weights. A criterion with weight 0 is ignored. Not rated counts as 0.
#ifndef SALESRULES_SCORECARD_HPP
#define SALESRULES_SCORECARD_HPP

#include <salesrules/config.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/rating.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <compare>
#include <cstdint>
#include <string>

namespace salesrules {

// A scorecard total in hundredths of a point: 2450 is 24.50 out of 30.
class score_points {
 public:
  constexpr score_points() noexcept = default;
  [[nodiscard]] static constexpr score_points whole(int points) noexcept { return score_points(points * 100); }
  [[nodiscard]] static constexpr score_points from_hundredths(int h) noexcept { return score_points(h); }
  [[nodiscard]] constexpr int hundredths() const noexcept { return h_; }

  friend constexpr auto operator<=>(const score_points&, const score_points&) noexcept = default;

 private:
  constexpr explicit score_points(int h) noexcept : h_(h) {}
  int h_ = 0;
};

// "24.5", "18", "17.33"
[[nodiscard]] std::string to_string(score_points p) noexcept;

// Relative weight of each criterion, 0-1000. Equal weights are the plain scorecard.
struct scorecard_weights {
  unsigned budget = 1;
  unsigned authority = 1;
  unsigned need = 1;
  unsigned timeline = 1;
  unsigned champion = 1;
  unsigned competition = 1;

  [[nodiscard]] constexpr unsigned of(scorecard_criterion c) const noexcept { return detail::member_for(*this, c); }
  friend constexpr bool operator==(const scorecard_weights&, const scorecard_weights&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(scorecard_weights, (), (budget, authority, need, timeline, champion, competition))

struct scorecard_policy {
  int strong_at = 25;  // a total at or above this is strong
  int viable_at = 18;  // at or above this (and below strong_at) is viable
  scorecard_weights weights{};

  friend constexpr bool operator==(const scorecard_policy&, const scorecard_policy&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(scorecard_policy, (), (strong_at, viable_at, weights))

enum class qualification_tier : std::uint8_t { needs_qualification, viable, strong };
BOOST_DESCRIBE_ENUM(qualification_tier, needs_qualification, viable, strong)

enum class scorecard_threshold : std::uint8_t { strong_at, viable_at };
BOOST_DESCRIBE_ENUM(scorecard_threshold, strong_at, viable_at)

// The threshold that decided a tier: met for strong and viable, missed for needs_qualification.
struct deciding_threshold {
  scorecard_threshold which{};
  score_points value;
  bool met = false;

  friend constexpr bool operator==(const deciding_threshold&, const deciding_threshold&) noexcept = default;
};

struct score_result {
  score_points total;     // on the /30 scale, rounded down to 0.01 (see below)
  score_points maximum = score_points::whole(30);
  qualification_tier tier{};
  deciding_threshold decided_by;
  // The criteria with the lowest rating (not rated counts lowest); empty when every
  // weighted criterion is rated 5. Weight-0 criteria are never listed.
  enum_set<scorecard_criterion> weakest;
  enum_set<scorecard_criterion> unrated;

  friend constexpr bool operator==(const score_result&, const score_result&) noexcept = default;
};

// Thresholds must satisfy 0 <= viable_at < strong_at <= 30; weights 0-1000, not all 0.
[[nodiscard]] expected<validated<scorecard_policy>, error> validate(scorecard_policy p) noexcept;

// Score a deal's ratings. The total is rounded down to hundredths, and the tier is
// decided on the exact total; rounding down keeps the two in agreement, because a
// whole-point threshold is reached by the rounded total exactly when it is reached
// by the exact one. Allocates nothing.
[[nodiscard]] constexpr score_result score(const qualification_ratings& r,
                                           const validated<scorecard_policy>& policy) noexcept;

// ---------------------------------------------------------------------------
// Implementation

constexpr score_result score(const qualification_ratings& r,
                             const validated<scorecard_policy>& policy) noexcept {
  const scorecard_policy& p = *policy;
  score_result out;
  std::uint32_t weighted = 0, weights = 0;
  int lowest = 6;
  for (auto c : enum_set<scorecard_criterion>::all()) {
    const std::uint32_t w = p.weights.of(c);
    if (w == 0) continue;
    const int v = r.of(c).value();
    weighted += w * static_cast<std::uint32_t>(v);
    weights += w;
    if (v == 0) out.unrated.insert(c);
    if (v < lowest) {
      lowest = v;
      out.weakest = {};
    }
    if (v == lowest && v < 5) out.weakest.insert(c);
  }
  // total = 30 * weighted / (5 * weights) = 6 * weighted / weights, in hundredths, rounded down.
  out.total = score_points::from_hundredths(static_cast<int>(600U * weighted / weights));
  const auto strong = score_points::whole(p.strong_at), viable = score_points::whole(p.viable_at);
  if (out.total >= strong) {
    out.tier = qualification_tier::strong;
    out.decided_by = {scorecard_threshold::strong_at, strong, true};
  } else if (out.total >= viable) {
    out.tier = qualification_tier::viable;
    out.decided_by = {scorecard_threshold::viable_at, viable, true};
  } else {
    out.tier = qualification_tier::needs_qualification;
    out.decided_by = {scorecard_threshold::viable_at, viable, false};
  }
  return out;
}

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/scorecard.ipp>
#endif

#endif  // SALESRULES_SCORECARD_HPP
