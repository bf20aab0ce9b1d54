// SPDX-License-Identifier: BSL-1.0
// salesrules/rollup.hpp - rollups: deals grouped by fiscal period, owner, stage,
// category or segment, with each group's count, total and weighted amount.
//
// Money stays exact: a group's sums are kept per currency (group_sums, which the
// reports in io/ use too) and each currency's sum is converted once to the reporting
// currency; the rows of a table are apportioned (apportion.hpp) so that they add up
// to its whole.
#ifndef SALESRULES_ROLLUP_HPP
#define SALESRULES_ROLLUP_HPP

#include <salesrules/apportion.hpp>
#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/money.hpp>
#include <salesrules/money_totals.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salesrules {

// What a rollup groups deals by: the fiscal month, quarter or year of the close
// date (the closed date for closed deals), the owner, stage, category or segment.
enum class rollup_by : std::uint8_t { month, quarter, year, owner, stage, category, segment };
BOOST_DESCRIBE_ENUM(rollup_by, month, quarter, year, owner, stage, category, segment)

struct rollup_options {
  rollup_by by = rollup_by::quarter;
  std::optional<rollup_by> then_by;  // a second grouping inside the first
  bool include_closed = false;       // count won (Closed) and lost (Omitted) deals too
};

// One group of a rollup. Its money figures are apportioned shares of the table's
// whole (see rollup()): less than a minor unit from the group's exact value, and the
// rows of a table add up to `all` exactly.
struct rollup_row {
  std::string key;     // "FY2026-Q4", "Dana Reyes", "Proposal", "best_case", "Mid-Market"; "(none)" when blank
  std::string subkey;  // the second grouping's key, or empty
  std::size_t count = 0;
  money total;     // amounts, in the reporting currency
  money weighted;  // amount x probability (100% won; 0% lost or Omitted), in the reporting currency
  friend bool operator==(const rollup_row&, const rollup_row&) = default;
};
BOOST_DESCRIBE_STRUCT(rollup_row, (), (key, subkey, count, total, weighted))

struct rollup_table {
  rollup_options options;
  std::vector<rollup_row> rows;  // periods in time order, stages in process order, categories in
                                 // enum order, names alphabetically
  rollup_row all;                // every deal counted, key "all"
};

// Count, total and weighted amount per group, and for all of them. The whole (`all`)
// is exact per currency, each currency's sum converted once and rounded half to
// even. The rows add up to it exactly, by the largest-remainder (Hamilton) method:
// each row's exact value in the reporting currency (a fraction: amounts x rate x
// probability) is cut to its floor, toward minus infinity, and the minor units the
// floors lack of the whole go one each to the rows with the largest remainders, the
// earlier row in the table's order on a tie. So each total is less than a minor unit
// from its exact value, unless the whole's own roundings (half a unit at most per
// currency) miss the exact whole by a unit or more, which takes several currencies:
// then each row first takes an equal share of the units the floors lack or exceed.
// The weighted column's units go first to rows that need one to stay at or above
// their total (credits), and never to a row they would lift above its total while
// another row has room. In a single currency a row's weighted figure is then less
// than a unit from its exact value and on the same side of its total. With several
// currencies a row may be a unit further off: a unit the wholes' roundings leave
// where it would put a row's weighted figure past its total moves to the row with
// room it moves least. Only when no other row has room (which takes amounts and
// credits in one table) may a row cross its total, by a unit.
// With then_by the leaf rows are apportioned. When every deal is in the reporting
// currency, totals are exact and need no apportioning. Errors: a deal's unknown
// stage or an outcome that contradicts it (naming the deal), a currency without a
// rate, a figure beyond 64-bit minor units.
[[nodiscard]] expected<rollup_table, error> rollup(std::span<const opportunity> deals, const rollup_options& options,
                                                   const validated_policy& policy) noexcept;

namespace detail {

// A group's count and its amounts and weighted amounts per currency, kept side by
// side so each deal searches its currency once.
struct group_sums {
  struct entry {
    currency cur;
    int128 total;     // minor units x 100
    int128 weighted;  // minor units x probability
    std::uint64_t deals;  // deals added in this currency
  };
  inline_vector<entry, 3> entries;

  // The deals added, in every currency.
  [[nodiscard]] std::size_t count() const noexcept;
  void add(const money& m, int percent) noexcept;
  void add(const group_sums& g) noexcept;
  // The part of these sums in currencies the policy converts, for read() and
  // read_rows(); and the other currencies' parts, by currency
  // code, in their own currency (the weighted amount rounded half to even). An error
  // when such a part leaves 64-bit minor units.
  std::optional<error> split(const validated<exchange_policy>& x, group_sums& rated,
                             std::vector<unconverted>& apart) const;
  // Both sums in the reporting currency, each currency's converted once.
  std::optional<error> read(const validated<exchange_policy>& x, money& total, money& weighted) const;
  // split() then read(): the converted part's sums, and the rest kept `apart`.
  std::optional<error> read_converted(const validated<exchange_policy>& x, money& total, money& weighted,
                                      std::vector<unconverted>& apart) const;
};

// The rows of one table, read so that they add up: the whole is what read() gives
// for all of them together (each currency's exact sum converted once, rounded half to
// even); each row's exact value in the reporting currency is split into its floor
// and fraction, and apportion() hands out the units the floors lack, for totals and
// weighted amounts alike. out[i] receives row i's figures (out has a place per row).
struct row_figures {
  money total;
  money weighted;
};
std::optional<error> read_rows(std::span<const group_sums* const> rows, const validated<exchange_policy>& x,
                               money& whole_total, money& whole_weighted, std::span<row_figures> out);

}  // namespace detail
}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/rollup.ipp>
#endif

#endif  // SALESRULES_ROLLUP_HPP
