// SPDX-License-Identifier: BSL-1.0
// salesrules/win_loss.hpp - what closed deals say: win rates, deal size, cycle
// length, the funnel, and where and why deals are lost.
//
// The playbook measures win rate as won / (won + lost), leaving disqualified deals
// out, with targets of 25% overall and 35% for qualified pipeline; the sales cycle
// in days against 60 for mid-market and 90 for enterprise; and it notes that most
// losses (63%) come before the needs assessment. This header computes those figures
// from a span of deals; success.hpp turns them into the success scorecard and
// diagnosis.hpp into the troubleshooting table's diagnoses.
//
// Rounding, said once for every figure here:
// - Rates and shares are percentages in basis points, rounded cautiously: rates of
//   good outcomes (win rate, stage conversion) down, shares of bad ones (losses
//   before needs assessment) up. Against a whole-basis-point target the rounded
//   figure then gives the same verdict as the exact fraction.
// - Money stays exact: totals are summed per currency and converted once
//   (money_totals); the average and the median won deal are computed from the exact
//   converted amounts and rounded half to even to the reporting currency's minor
//   unit once, at the end.
// - Average cycle lengths are rounded down to whole days: the figure shown is under
//   a segment's target exactly when the exact average is.
// Every figure that would divide by zero (no deals of the kind) is "no figure":
// an empty std::optional.
#ifndef SALESRULES_WIN_LOSS_HPP
#define SALESRULES_WIN_LOSS_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

// Won / (won + lost). Disqualified deals count in neither.
struct win_rate_figure {
  std::uint64_t won = 0;
  std::uint64_t lost = 0;
  std::optional<percent> rate;  // rounded down to a basis point; none without won or lost deals

  friend bool operator==(const win_rate_figure&, const win_rate_figure&) = default;
};
BOOST_DESCRIBE_STRUCT(win_rate_figure, (), (won, lost, rate))

// Days from the start of a cycle to the win, over won deals.
struct cycle_figure {
  std::uint64_t deals = 0;                  // won deals measured
  std::int64_t total_days = 0;
  std::optional<std::int32_t> average_days;  // total / deals, rounded down; none without deals
  std::optional<std::int32_t> target_days;   // the segment's target: under this many days
  std::optional<bool> under_target;          // the exact average is under the target; none without both

  friend bool operator==(const cycle_figure&, const cycle_figure&) = default;
};
BOOST_DESCRIBE_STRUCT(cycle_figure, (), (deals, total_days, average_days, target_days, under_target))

// One segment's win rate and cycle lengths, each cycle held against the segment's
// target from policy.win_loss()->cycle_targets (matched ignoring case).
struct segment_win_loss {
  std::string segment;           // as the first deal of the segment spells it
  win_rate_figure win_rate;
  cycle_figure created_to_closed;  // created date -> closed date
  cycle_figure from_stage_to_won;  // entering cycle_from_stage -> entering the won stage

  friend bool operator==(const segment_win_loss&, const segment_win_loss&) = default;
};
BOOST_DESCRIBE_STRUCT(segment_win_loss, (), (segment, win_rate, created_to_closed, from_stage_to_won))

// Of the closed deals whose history records entering `stage`, how many later entered
// a later open stage or a won stage (or were won).
struct stage_conversion {
  std::string stage;
  std::uint64_t entered = 0;
  std::uint64_t advanced = 0;
  std::optional<percent> rate;  // advanced / entered, rounded down to a basis point

  friend bool operator==(const stage_conversion&, const stage_conversion&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_conversion, (), (stage, entered, advanced, rate))

// Lost deals whose last open stage was `stage`.
struct stage_loss {
  std::string stage;
  std::uint64_t lost = 0;

  friend bool operator==(const stage_loss&, const stage_loss&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_loss, (), (stage, lost))

// A loss reason or a competitor, with the number of lost deals giving or naming it.
struct ranked_name {
  std::string name;  // as first spelled; names equal ignoring case count together
  std::uint64_t deals = 0;

  friend bool operator==(const ranked_name&, const ranked_name&) = default;
};
BOOST_DESCRIBE_STRUCT(ranked_name, (), (name, deals))

struct deal_counts {
  std::uint64_t open = 0;
  std::uint64_t won = 0;
  std::uint64_t lost = 0;
  std::uint64_t disqualified = 0;

  friend bool operator==(const deal_counts&, const deal_counts&) = default;
};
BOOST_DESCRIBE_STRUCT(deal_counts, (), (open, won, lost, disqualified))

struct win_loss_report {
  deal_counts deals;  // open deals are counted and otherwise left out
  win_rate_figure win_rate;
  // Over deals whose qualification score reaches the scorecard's viable tier (or strong).
  win_rate_figure qualified_win_rate;

  // Won deals in the reporting currency.
  money won_total;                  // summed per currency, each converted once
  std::optional<money> average_won;  // exact, rounded half to even once
  std::optional<money> median_won;   // the middle deal, or the exact mean of the middle two, rounded once

  cycle_figure created_to_closed;  // every segment together: no target
  cycle_figure from_stage_to_won;
  std::vector<segment_win_loss> segments;  // segments of won and lost deals, sorted by name

  std::vector<stage_conversion> conversion;  // every open stage, in process order
  std::vector<stage_loss> lost_at;           // every open stage, in process order
  std::uint64_t lost_stage_unknown = 0;      // lost deals whose history holds no open stage
  // Lost deals lost at or before needs_assessment_stage, of those whose stage is
  // known; rounded up to a basis point.
  std::optional<percent> lost_by_needs_assessment;

  std::vector<ranked_name> loss_reasons;  // most lost deals first, then by name
  std::uint64_t lost_without_reason = 0;
  std::vector<ranked_name> competitors;   // by lost deals naming them, most first, then by name

  friend bool operator==(const win_loss_report&, const win_loss_report&) = default;
};
BOOST_DESCRIBE_STRUCT(win_loss_report, (),
                      (deals, win_rate, qualified_win_rate, won_total, average_won, median_won, created_to_closed,
                       from_stage_to_won, segments, conversion, lost_at, lost_stage_unknown,
                       lost_by_needs_assessment, loss_reasons, lost_without_reason, competitors))

// The win/loss figures of `deals` under the policy (the playbook's win/loss section
// and its success criteria's measurement methods).
//
// - Cycles: created -> closed counts from created_date to closed_date (close_date
//   when closed_date is unset). The stage cycle counts from the first entry into
//   policy.win_loss()->cycle_from_stage in the stage history to the last entry into
//   a won stage (the closed date when the history records none); won deals whose
//   history never entered cycle_from_stage are left out of it.
// - Conversion counts closed deals only (won, lost, disqualified): an open deal's
//   story is not over. A stage counts as entered only when the history records it.
// - A lost deal was lost at the last open stage in its history; with none, unknown.
//
// Errors: a stage in a deal's stage or history that the process does not know
// (errc::unknown_name, naming the deal); a won deal in a currency with no exchange
// rate (errc::unknown_currency, naming the currency and the deal); an outcome that
// contradicts the deal's stage, a closed deal that closed before it was created, or a
// won deal that closed before it entered cycle_from_stage (errc::inconsistent); sums
// beyond 64-bit minor units (errc::overflow).
[[nodiscard]] expected<win_loss_report, error> analyze_win_loss(std::span<const opportunity> deals,
                                                                const validated_policy& policy) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

// num / den as a percentage in basis points, rounded down or up; none when den is
// not positive or the result leaves 64 bits.
std::optional<percent> share_of(int128 num, int128 den, bool round_up) noexcept;
inline std::optional<percent> share_down(int128 num, int128 den) noexcept { return share_of(num, den, false); }
inline std::optional<percent> share_up(int128 num, int128 den) noexcept { return share_of(num, den, true); }

// The sign of num/den - bp/10000 (den > 0); none if the products overflow.
std::optional<int> compare_share(int128 num, int128 den, std::int64_t bp) noexcept;

// The sign of a/b - c/d (b, d > 0); none if the products overflow.
std::optional<int> compare_fractions(int128 a, int128 b, int128 c, int128 d) noexcept;

// An amount in the reporting currency with nothing rounded away: a whole number of
// 10^-13 minor units of the reporting currency (ISO 4217 minor units have at most
// four digits and rates nine decimals, so 13 digits hold any conversion exactly).
constexpr int exact_money_digits = 13;

expected<int128, error> exact_in_reporting(const opportunity& o, const validated<exchange_policy>& x);

// Exact units (see exact_in_reporting) over `count`, rounded half to even to minor units.
expected<money, error> exact_to_money(int128 units, int128 count, currency c);

void finish_cycle(cycle_figure& c) noexcept;

void rank(std::vector<ranked_name>& list);

std::optional<std::int32_t> cycle_target(const win_loss_policy& p, std::string_view segment) noexcept;

inline void count_outcome(win_rate_figure& w, bool won) noexcept { ++(won ? w.won : w.lost); }

inline void finish_rate(win_rate_figure& w) noexcept {
  w.rate = share_down(static_cast<int128>(w.won), static_cast<int128>(w.won) + static_cast<int128>(w.lost));
}

}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/win_loss.ipp>
#endif

#endif  // SALESRULES_WIN_LOSS_HPP
