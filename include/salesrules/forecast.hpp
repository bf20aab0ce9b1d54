// SPDX-License-Identifier: BSL-1.0
// salesrules/forecast.hpp - forecast categories, weighted amounts, rollups,
// forecast calls, accuracy and slippage.
//
// A deal's category comes from its probability through the policy's bands (Commit
// 90%+, Best Case 60-89%, Pipeline 20-59%, Upside below 20%), or from its stage when
// the policy maps stages to categories; won deals are Closed, lost and disqualified
// ones Omitted; a rep's override wins and is reported as one. Money stays exact:
// sums are kept per currency and each converted once to the reporting currency;
// a rollup's rows are apportioned so that they add up to its whole.
#ifndef SALESRULES_FORECAST_HPP
#define SALESRULES_FORECAST_HPP

#include <salesrules/date.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

// Where a deal's category came from.
enum class category_source : std::uint8_t { closed, rep_override, stage_map, bands };
BOOST_DESCRIBE_ENUM(category_source, closed, rep_override, stage_map, bands)

struct category_decision {
  forecast_category category{};  // the category the deal is forecast in
  forecast_category computed{};   // what the rules give, before any rep override
  category_source source{};
  salesrules::probability probability;  // the deal's probability: its override or its stage's

  friend constexpr bool operator==(const category_decision&, const category_decision&) noexcept = default;
};

// The deal's forecast category and why. An error when its stage is unknown or its
// outcome contradicts its stage. Allocates nothing unless it fails.
[[nodiscard]] expected<category_decision, error> categorize(const opportunity& o,
                                                            const validated_policy& policy) noexcept;

// The category a probability falls in under the bands.
[[nodiscard]] constexpr forecast_category category_for(probability p, const category_bands& b) noexcept {
  return p >= b.commit_at      ? forecast_category::commit
         : p >= b.best_case_at ? forecast_category::best_case
         : p >= b.pipeline_at  ? forecast_category::pipeline
                               : forecast_category::upside;
}

// The probability a deal counts at: 100% when won, 0% when lost or disqualified,
// else its override or its stage's.
[[nodiscard]] expected<probability, error> forecast_probability(const opportunity& o,
                                                                const validated_policy& policy) noexcept;

// amount x probability in the deal's currency, rounded half to even to its minor unit;
// 0 for a deal forecast as Omitted (lost, disqualified, or left out by a rep).
[[nodiscard]] expected<money, error> weighted_amount(const opportunity& o, const validated_policy& policy) noexcept;

// Exact sums of amounts in several currencies, converted to the reporting currency
// only when read. Each currency's sum is kept in 128 bits, so adding cannot overflow;
// reading can, and says so.
class money_totals {
 public:
  // Add `minor_units` x `weight` (weight in whole percent: 100 for the full amount).
  void add(const money& m, std::int64_t weight_percent = 100) noexcept;
  void add(const money_totals& other) noexcept;
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  // The sum in the reporting currency: each currency's exact sum converted once.
  [[nodiscard]] expected<money, error> in(const validated<exchange_policy>& x) const noexcept;

 private:
  struct entry {
    currency cur;
    detail::int128 hundredths;  // minor units x percent
  };
  inline_vector<entry, 3> entries_;
};

// One currency's part of a figure that the policy has no exchange rate for: kept apart,
// in that currency, so the converted figures stay exact and no deal is dropped or guessed.
// The reports (io/*_report.hpp) list these beside each figure they leave out of.
struct unconverted {
  salesrules::currency currency;
  std::uint64_t deals = 0;
  money total;     // in that currency
  money weighted;  // amount x probability, in that currency, rounded half to even
  friend bool operator==(const unconverted&, const unconverted&) = default;
};
BOOST_DESCRIBE_STRUCT(unconverted, (), (currency, deals, total, weighted))


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

// The day a deal counts in a period on: its closed date once closed (its close date
// if that is missing), else its expected close date.
[[nodiscard]] constexpr date forecast_date(const opportunity& o) noexcept {
  return o.outcome != deal_outcome::open && o.closed_date ? *o.closed_date : o.close_date;
}

// The levels of a forecast call, cumulative as CRMs roll them up: closed won;
// commit = closed + Commit; best case = commit + Best Case; pipeline = best case +
// Pipeline + Upside.
enum class call_level : std::uint8_t { closed, commit, best_case, pipeline };
BOOST_DESCRIBE_ENUM(call_level, closed, commit, best_case, pipeline)

// A manager's own figure for a level: recorded beside the computed one, never in its place.
struct manager_adjustment {
  call_level level{};
  money amount;
  std::string by;
  std::string reason;
  friend bool operator==(const manager_adjustment&, const manager_adjustment&) = default;
};
BOOST_DESCRIBE_STRUCT(manager_adjustment, (), (level, amount, by, reason))

struct adjusted_call {
  call_level level{};
  money computed;
  money adjusted;
  money difference;  // adjusted - computed
  std::string by;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(adjusted_call, (), (level, computed, adjusted, difference, by, reason))

struct forecast_call {
  fiscal_period period;
  money closed;     // won deals closed in the period
  money commit;     // closed + open Commit deals closing in the period
  money best_case;  // commit + Best Case
  money pipeline;   // best case + Pipeline + Upside
  money weighted;   // closed + amount x probability of the open deals (Omitted excluded)
  std::array<std::size_t, 6> deals{};  // per forecast_category, in enum order
  std::vector<adjusted_call> adjustments;

  [[nodiscard]] const money& at(call_level l) const noexcept {
    return l == call_level::closed ? closed : l == call_level::commit ? commit : l == call_level::best_case ? best_case : pipeline;
  }
};

// The calls for a period from the deals closing in it; Omitted deals count in none.
// Adjustments must be in the reporting currency.
[[nodiscard]] expected<forecast_call, error> forecast_calls(std::span<const opportunity> deals,
                                                            const fiscal_period& period, const validated_policy& policy,
                                                            std::span<const manager_adjustment> adjustments = {}) noexcept;

// Won deals closed in the period, in the reporting currency: the actual a forecast
// for a past period is measured against.
[[nodiscard]] expected<money, error> closed_won(std::span<const opportunity> deals, const fiscal_period& period,
                                                const validated_policy& policy) noexcept;

// Forecast accuracy for a past period, the playbook's Abs(Forecast - Actual) / Actual
// (target within 10%). The error is rounded up to a basis point, so a forecast is
// never reported closer than it was.
struct forecast_accuracy {
  money forecast;
  money actual;
  percent error;     // |forecast - actual| / actual, rounded up to a basis point
  percent accuracy;  // 100% - error, at least 0
  bool within_target = false;  // error <= policy.forecast.accuracy_target
};
BOOST_DESCRIBE_STRUCT(forecast_accuracy, (), (forecast, actual, error, accuracy, within_target))

// An error when the two are in different currencies or the actual is not positive
// (accuracy against nothing booked is undefined).
[[nodiscard]] expected<forecast_accuracy, error> accuracy(const money& forecast, const money& actual,
                                                          const validated_policy& policy) noexcept;

// How a deal's close date has been pushed, from its close-date history.
struct deal_slippage {
  std::size_t deal = 0;           // index in the range
  std::uint32_t pushes = 0;       // changes to a later date
  std::int64_t days_pushed = 0;   // their total
  std::int32_t largest_push = 0;  // the longest single push, in days
  bool left_period = false;       // a change moved it from inside the period to after it
  friend constexpr bool operator==(const deal_slippage&, const deal_slippage&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(deal_slippage, (), (deal, pushes, days_pushed, largest_push, left_period))

struct slippage_report {
  std::vector<deal_slippage> deals;  // every deal pushed at least once, or moved out of the period
  std::size_t left_period = 0;       // deals moved out of the period
  std::uint64_t pushes = 0;          // all pushes
};

[[nodiscard]] slippage_report slippage(std::span<const opportunity> deals, const fiscal_period& period) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline expected<probability, error> forecast_probability(const opportunity& o, const validated_policy& policy) noexcept {
  switch (o.outcome) {
    case deal_outcome::won: return probability{100};
    case deal_outcome::lost:
    case deal_outcome::disqualified: return probability{0};
    case deal_outcome::open: break;
  }
  return probability_of(o, policy.process());
}

namespace detail {
// The whole percent a deal counts at in weighted figures: its probability, or 0 when
// it is forecast as Omitted.
constexpr int forecast_weight(const category_decision& d) noexcept {
  return d.category == forecast_category::omitted ? 0 : d.probability.whole_percent();
}

// Whether the policy converts `c`: the reporting currency, or one with a rate. Unlike
// rate_of() it builds no error, so asking allocates nothing.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
inline bool has_rate(currency c, const validated<exchange_policy>& x) noexcept {
  if (c == x->reporting) return true;
  return std::any_of(x->rates.begin(), x->rates.end(), [c](const currency_rate& r) { return r.from == c; });
}

// has_rate() for the currencies a stream of deals meets, each looked up once.
class rate_memo {
 public:
  explicit rate_memo(const validated<exchange_policy>& x) noexcept : x_(&x) {}
  // cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
  [[nodiscard]] bool operator()(currency c) {
    for (currency k : rated_)
      if (k == c) return true;
    for (currency k : unrated_)
      if (k == c) return false;
    const bool rated = has_rate(c, *x_);
    if (rated)
      rated_.push_back(c);
    else
      unrated_.push_back(c);
    return rated;
  }

 private:
  const validated<exchange_policy>* x_;
  inline_vector<currency, 4> rated_;
  inline_vector<currency, 2> unrated_;
};

// An amount with no currency at all cannot be kept apart by currency: an error naming
// the deal, as a missing rate was before the reports kept such amounts apart.
inline std::optional<error> require_currency(const opportunity& o) {
  if (o.amount.currency().is_set()) return std::nullopt;
  return about_deal(o, error{errc::unknown_currency, "/amount", "the amount has no currency"});
}

// Checks each currency a loop meets has a rate, the first time it meets it, so a
// missing rate is reported with the deal that brought it.
class rate_check {
 public:
  explicit rate_check(const validated<exchange_policy>& x) noexcept : x_(x) {}
  [[nodiscard]] std::optional<error> operator()(const opportunity& o) {
    const currency c = o.amount.currency();
    for (currency k : known_)
      if (k == c) return std::nullopt;
    if (auto r = rate_of(c, x_); !r) return about_deal(o, within("/amount", r.error()));
    known_.push_back(c);
    return std::nullopt;
  }

 private:
  const validated<exchange_policy>& x_;
  inline_vector<currency, 4> known_;
};

// categorize() for a deal whose stage has been looked up already.
inline expected<category_decision, error> categorize_in(const opportunity& o, const stage& s,
                                                        const validated_policy& policy) noexcept {
  category_decision d;
  if (s.kind != stage_kind::open || o.outcome != deal_outcome::open) {
    const bool won = o.outcome == deal_outcome::won;
    if (!outcome_fits(o.outcome, s.kind))
      return unexpected<error>(about_deal(o, error{errc::inconsistent, "/outcome",
                                                   "it is " + std::string(name_of(o.outcome)) + " in stage " +
                                                       detail::quoted(s.name)}));
    d.probability = won ? probability{100} : probability{0};
    d.computed = won ? forecast_category::closed : forecast_category::omitted;
    d.category = d.computed;
    d.source = category_source::closed;
    return d;
  }
  d.probability = o.probability_override ? *o.probability_override : s.probability;
  d.source = category_source::bands;
  d.computed = category_for(d.probability, policy.forecast()->bands);
  if (const stage_category* sc = policy.forecast().category_of(s.name)) {
    d.computed = sc->category;
    d.source = category_source::stage_map;
  }
  d.category = d.computed;
  if (o.forecast_override) {
    const forecast_category c = o.forecast_override->category;
    if (name_of(c).empty())
      return unexpected<error>(about_deal(o, error{errc::out_of_range, "/forecast_override/category",
                                                   "the override is not a forecast category"}));
    if (c == forecast_category::closed)
      return unexpected<error>(about_deal(o, error{errc::inconsistent, "/forecast_override/category",
                                                   "an open deal cannot be forecast as Closed; win it instead"}));
    d.category = c;
    d.source = category_source::rep_override;
  }
  return d;
}

// The deal's stage, or an error naming the deal.
inline expected<const stage*, error> stage_of(const opportunity& o, const validated<sales_process>& proc) noexcept {
  const auto i = stage_index(proc, o.stage, "/stage");
  if (!i) return unexpected<error>(about_deal(o, i.error()));
  return &proc->stages[*i];
}
}  // namespace detail

inline expected<category_decision, error> categorize(const opportunity& o, const validated_policy& policy) noexcept {
  const auto s = detail::stage_of(o, policy.process());
  if (!s) return unexpected<error>(s.error());
  return detail::categorize_in(o, **s, policy);
}

inline void money_totals::add(const money& m, std::int64_t weight_percent) noexcept {
  const detail::int128 v = static_cast<detail::int128>(m.minor_units()) * weight_percent;
  for (auto& e : entries_)
    if (e.cur == m.currency()) {
      e.hundredths += v;
      return;
    }
  entries_.push_back(entry{m.currency(), v});
}

inline void money_totals::add(const money_totals& other) noexcept {
  for (const auto& o : other.entries_) {
    bool found = false;
    for (auto& e : entries_)
      if (e.cur == o.cur) {
        e.hundredths += o.hundredths;
        found = true;
        break;
      }
    if (!found) entries_.push_back(o);
  }
}

inline expected<money, error> money_totals::in(const validated<exchange_policy>& x) const noexcept {
  detail::int128 sum = 0;
  for (const auto& e : entries_) {
    const auto rate = rate_of(e.cur, x);
    if (!rate) return unexpected<error>(rate.error());
    const auto v = detail::convert_units(e.hundredths, e.cur, *rate, x->reporting, 2);
    if (!v || __builtin_add_overflow(sum, *v, &sum))
      return detail::fail(errc::overflow, "", "a total overflows 128 bits");
  }
  if (sum > INT64_MAX || sum < INT64_MIN)
    return detail::fail(errc::overflow, "",
                        "a total overflows 64-bit minor units of " + std::string(x->reporting.code()));
  return money(static_cast<std::int64_t>(sum), x->reporting);
}

inline expected<money, error> weighted_amount(const opportunity& o, const validated_policy& policy) noexcept {
  const auto d = categorize(o, policy);
  if (!d) return unexpected<error>(d.error());
  const auto q = detail::div_round_half_even(
      static_cast<detail::int128>(o.amount.minor_units()) * detail::forecast_weight(*d), 100);
  return money(static_cast<std::int64_t>(q), o.amount.currency());  // |q| <= |amount|: fits
}

namespace detail {

// Dense ids for the groups one rollup dimension meets, with their names and order.
class group_ids {
 public:
  explicit group_ids(rollup_by by) noexcept : by_(by) {}

  std::uint32_t id_of(const opportunity& o, std::size_t stage, forecast_category category,
                      const validated<fiscal_calendar>& cal) {
    switch (by_) {
      case rollup_by::stage: return static_cast<std::uint32_t>(stage);
      case rollup_by::category: return static_cast<std::uint32_t>(category);
      case rollup_by::owner: return name_id(o.owner);
      case rollup_by::segment: return name_id(o.segment);
      case rollup_by::month:
      case rollup_by::quarter:
      case rollup_by::year: break;
    }
    return period_id(forecast_date(o), cal);
  }

  // The group's name for the report.
  std::string label(std::uint32_t id, const sales_process& proc) const {
    switch (by_) {
      case rollup_by::stage: return proc.stages[id].name;
      case rollup_by::category: return std::string(name_of(static_cast<forecast_category>(id)));
      case rollup_by::owner:
      case rollup_by::segment: return is_blank(names_list_[id]) ? "(none)" : std::string(names_list_[id]);
      default: return labels_[id];
    }
  }

  // Sort keys: time for periods, process order for stages, enum order for
  // categories, alphabetical for names.
  std::vector<std::int64_t> order(std::uint32_t count) const {
    std::vector<std::int64_t> key(count);
    if (by_ == rollup_by::owner || by_ == rollup_by::segment) {
      std::vector<std::uint32_t> ids(count);
      for (std::uint32_t i = 0; i < count; ++i) ids[i] = i;
      std::sort(ids.begin(), ids.end(), [&](auto a, auto b) { return names_list_[a] < names_list_[b]; });
      for (std::uint32_t rank = 0; rank < count; ++rank) key[ids[rank]] = rank;
    } else {
      for (std::uint32_t i = 0; i < count; ++i) key[i] = i < codes_.size() ? codes_[i] : i;
    }
    return key;
  }
  std::uint32_t size(const sales_process& proc) const noexcept {
    switch (by_) {
      case rollup_by::stage: return static_cast<std::uint32_t>(proc.stages.size());
      case rollup_by::category: return 6;
      case rollup_by::owner:
      case rollup_by::segment: return static_cast<std::uint32_t>(names_list_.size());
      default: return static_cast<std::uint32_t>(codes_.size());
    }
  }

 private:
  std::uint32_t period_id(const date& d, const validated<fiscal_calendar>& cal) {
    const auto pos = position(d, *cal);
    const unsigned index = by_ == rollup_by::month ? pos.month_index : by_ == rollup_by::quarter ? pos.month_index / 3 : 0;
    const std::int64_t code = std::int64_t{pos.start_year} * 16 + index;  // orders periods in time
    // A pipeline spans few periods: a scan of their codes beats hashing.
    for (std::size_t i = 0; i < codes_.size(); ++i)
      if (codes_[i] == code) return static_cast<std::uint32_t>(i);
    const auto kind = by_ == rollup_by::month ? period_kind::month
                      : by_ == rollup_by::quarter ? period_kind::quarter
                                                  : period_kind::year;
    codes_.push_back(code);
    labels_.push_back(to_string(period_of(d, kind, cal)));
    return static_cast<std::uint32_t>(codes_.size() - 1);
  }

  std::uint32_t name_id(std::string_view name) {
    auto [it, added] = names_.try_emplace(name, static_cast<std::uint32_t>(names_list_.size()));
    if (added) names_list_.push_back(name);
    return it->second;
  }

  rollup_by by_;
  std::vector<std::int64_t> codes_;
  std::vector<std::string> labels_;
  std::unordered_map<std::string_view, std::uint32_t> names_;  // views into the deals, alive for the call
  std::vector<std::string_view> names_list_;
};

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
  [[nodiscard]] std::size_t count() const noexcept {
    std::uint64_t n = 0;
    for (const auto& e : entries) n += e.deals;
    return static_cast<std::size_t>(n);
  }
  void add(const money& m, int percent) noexcept {
    const int128 v = m.minor_units();
    for (auto& e : entries)
      if (e.cur == m.currency()) {
        e.total += v * 100;
        e.weighted += v * percent;
        ++e.deals;
        return;
      }
    entries.push_back(entry{m.currency(), v * 100, v * percent, 1});
  }
  void add(const group_sums& g) noexcept {
    for (const auto& o : g.entries) {
      bool found = false;
      for (auto& e : entries)
        if (e.cur == o.cur) {
          e.total += o.total;
          e.weighted += o.weighted;
          e.deals += o.deals;
          found = true;
          break;
        }
      if (!found) entries.push_back(o);
    }
  }
  // The part of these sums in currencies the policy converts, for read() and
  // read_rows(); and the other currencies' parts, by currency
  // code, in their own currency (the weighted amount rounded half to even). An error
  // when such a part leaves 64-bit minor units.
  std::optional<error> split(const validated<exchange_policy>& x, group_sums& rated,
                             std::vector<unconverted>& apart) const {
    rated = group_sums{};
    apart.clear();
    for (const auto& e : entries) {
      if (has_rate(e.cur, x)) {
        rated.entries.push_back(e);
        continue;
      }
      const int128 t = e.total / 100;  // exact: the total is minor units x 100
      const int128 w = div_round_half_even(e.weighted, 100);
      if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
        return error{errc::overflow, "",
                     "the amounts in " + std::string(e.cur.code()) + " sum past 64-bit minor units"};
      apart.push_back(unconverted{e.cur, e.deals, money(static_cast<std::int64_t>(t), e.cur),
                                  money(static_cast<std::int64_t>(w), e.cur)});
    }
    std::sort(apart.begin(), apart.end(),
              [](const unconverted& a, const unconverted& b) { return a.currency.code() < b.currency.code(); });
    return std::nullopt;
  }
  // Both sums in the reporting currency, each currency's converted once.
  std::optional<error> read(const validated<exchange_policy>& x, money& total, money& weighted) const {
    int128 t = 0, w = 0;
    for (const auto& e : entries) {
      const auto rate = rate_of(e.cur, x);
      if (!rate) return rate.error();
      const auto ct = convert_units(e.total, e.cur, *rate, x->reporting, 2);
      const auto cw = convert_units(e.weighted, e.cur, *rate, x->reporting, 2);
      if (!ct || !cw || __builtin_add_overflow(t, *ct, &t) || __builtin_add_overflow(w, *cw, &w))
        return error{errc::overflow, "", "a total overflows 128 bits"};
    }
    if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
      return error{errc::overflow, "", "a total overflows 64-bit minor units of " + std::string(x->reporting.code())};
    total = money(static_cast<std::int64_t>(t), x->reporting);
    weighted = money(static_cast<std::int64_t>(w), x->reporting);
    return std::nullopt;
  }
};

// Adds one converted figure to a row's, carrying a whole fraction into the floor.
// False when the floor leaves 128 bits.
inline bool add_split(split_units& row, const split_units& v, int128 denominator) noexcept {
  if (__builtin_add_overflow(row.floor, v.floor, &row.floor)) return false;
  row.fraction += v.fraction;  // both below the denominator (at most 10^15)
  if (row.fraction >= denominator) {
    row.fraction -= denominator;
    if (__builtin_add_overflow(row.floor, 1, &row.floor)) return false;
  }
  return true;
}

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
inline bool apportion(std::span<split_units> rows, int128 whole, std::span<const unit_claim> claims,
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

// What a row's weighted floor may take so that the row's weighted figure stays on the
// side of its (apportioned) total that the exact figures are on: at or below it for
// amounts of deals won or open, at or above it for credits.
inline unit_claim weighted_claim(const split_units& weighted, const split_units& exact_total, int128 total) noexcept {
  if (weighted <= exact_total && weighted.floor + 1 > total) return unit_claim::must_not;
  if (weighted >= exact_total && weighted.floor < total) return unit_claim::needs;
  return unit_claim::may;
}

// The rows of one table, read so that they add up: the whole is what read() gives
// for all of them together (each currency's exact sum converted once, rounded half to
// even); each row's exact value in the reporting currency is split into its floor
// and fraction, and apportion() hands out the units the floors lack, for totals and
// weighted amounts alike. `put(i, total, weighted)` receives row i's figures.
template <class Put>
std::optional<error> read_rows(std::span<const group_sums* const> rows, const validated<exchange_policy>& x,
                               money& whole_total, money& whole_weighted, Put&& put) {
  const currency to = x->reporting;
  const int128 den = split_denominator(to, 2);
  error overflow{errc::overflow, "", "a total overflows 128 bits"};
  group_sums whole;
  std::vector<split_units> totals(rows.size()), weighted(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    whole.add(*rows[i]);
    for (const auto& e : rows[i]->entries) {
      const auto rate = rate_of(e.cur, x);
      if (!rate) return rate.error();
      const auto t = convert_units_split(e.total, e.cur, *rate, to, 2);
      const auto w = convert_units_split(e.weighted, e.cur, *rate, to, 2);
      if (!t || !w || !add_split(totals[i], *t, den) || !add_split(weighted[i], *w, den)) return overflow;
    }
  }
  if (auto e = whole.read(x, whole_total, whole_weighted)) return e;
  std::vector<std::uint32_t> scratch;
  const std::vector<split_units> exact_totals = totals;
  if (!apportion(totals, whole_total.minor_units(), {}, scratch)) return overflow;
  std::vector<unit_claim> claims(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) claims[i] = weighted_claim(weighted[i], exact_totals[i], totals[i].floor);
  // Which side of its total each row's exact weighted figure is on, before apportioning.
  // Equal figures (deals won or at 100%) count as below for amounts, above for credits.
  std::vector<std::int8_t> side(rows.size());
  std::vector<int128> weighted_floor(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& w = weighted[i];
    const auto& t = exact_totals[i];
    weighted_floor[i] = w.floor;
    side[i] = static_cast<std::int8_t>(w < t ? -1 : w > t ? 1 : t.floor >= 0 ? -1 : 1);
  }
  if (!apportion(weighted, whole_weighted.minor_units(), claims, scratch)) return overflow;
  // With several currencies the wholes' own roundings can leave a row's weighted
  // figure on the wrong side of its total, with no unit left for the claims to move.
  // Then the row gives a unit to (or takes one from) another row with room, the one
  // the unit moves least from its exact value: when rising, the row that has taken
  // the fewest units beyond its floor, then the largest fraction, the earlier row on
  // a tie; when falling, the most units taken, then the smallest fraction, the later
  // row on a tie (the reverse of the order apportion() hands units out in).
  const auto has_room = [&](std::size_t j, int128 step) {
    const int128 w = weighted[j].floor + step;
    return step > 0 ? side[j] > 0 || w <= totals[j].floor : side[j] < 0 || w >= totals[j].floor;
  };
  const auto better = [&](std::size_t j, std::size_t best, int128 step) {
    const int128 taken_j = weighted[j].floor - weighted_floor[j];
    const int128 taken_best = weighted[best].floor - weighted_floor[best];
    if (taken_j != taken_best) return step > 0 ? taken_j < taken_best : taken_j > taken_best;
    return step > 0 ? weighted[j].fraction > weighted[best].fraction
                    : weighted[j].fraction <= weighted[best].fraction;
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool too_high = side[i] < 0 && weighted[i].floor > totals[i].floor;
    const bool too_low = side[i] > 0 && weighted[i].floor < totals[i].floor;
    if (!too_high && !too_low) continue;
    const int128 step = too_high ? 1 : -1;  // what the other row takes
    std::size_t best = rows.size();
    for (std::size_t j = 0; j < rows.size(); ++j)
      if (j != i && has_room(j, step) && (best == rows.size() || better(j, best, step))) best = j;
    if (best == rows.size()) continue;
    weighted[i].floor -= step;
    weighted[best].floor += step;
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int128 t = totals[i].floor, w = weighted[i].floor;
    if (t > INT64_MAX || t < INT64_MIN || w > INT64_MAX || w < INT64_MIN)
      return error{errc::overflow, "", "a total overflows 64-bit minor units of " + std::string(to.code())};
    put(i, money(static_cast<std::int64_t>(t), to), money(static_cast<std::int64_t>(w), to));
  }
  return std::nullopt;
}

}  // namespace detail

inline expected<rollup_table, error> rollup(std::span<const opportunity> deals, const rollup_options& options,
                                            const validated_policy& policy) noexcept {
  const sales_process& proc = *policy.process();
  detail::group_ids first(options.by);
  std::optional<detail::group_ids> second;
  if (options.then_by) second.emplace(*options.then_by);

  detail::rate_check rates(policy.exchange());
  // row_of[a][b] is 1 + the row of groups (a, b), or 0 while there is none.
  std::vector<std::vector<std::uint32_t>> row_of;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> row_keys;
  std::vector<detail::group_sums> sums;

  for (const opportunity& o : deals) {
    if (!options.include_closed && o.outcome != deal_outcome::open) continue;
    const auto found = find_stage(policy.process(), o.stage);
    if (!found) return unexpected<error>(detail::about_deal(deals, o, detail::stage_of(o, policy.process()).error()));
    const std::size_t stage = *found;
    const auto decision = detail::categorize_in(o, proc.stages[stage], policy);
    if (!decision) return unexpected<error>(detail::about_deal(deals, o, decision.error()));
    if (auto e = rates(o)) return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
    const std::uint32_t a = first.id_of(o, stage, decision->category, policy.calendar());
    const std::uint32_t b = second ? second->id_of(o, stage, decision->category, policy.calendar()) : 0;
    if (a >= row_of.size()) row_of.resize(a + 1);
    if (b >= row_of[a].size()) row_of[a].resize(b + 1, 0);
    std::uint32_t& slot = row_of[a][b];
    if (slot == 0) {
      sums.emplace_back();
      row_keys.emplace_back(a, b);
      slot = static_cast<std::uint32_t>(sums.size());
    }
    sums[slot - 1].add(o.amount, detail::forecast_weight(*decision));
  }

  rollup_table table;
  table.options = options;
  const auto order_a = first.order(first.size(proc));
  const auto order_b = second ? second->order(second->size(proc)) : std::vector<std::int64_t>{};
  std::vector<std::uint32_t> by_order(sums.size());
  for (std::uint32_t i = 0; i < by_order.size(); ++i) by_order[i] = i;
  std::sort(by_order.begin(), by_order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const auto [xa, xb] = row_keys[x];
    const auto [ya, yb] = row_keys[y];
    if (order_a[xa] != order_a[ya]) return order_a[xa] < order_a[ya];
    return second && order_b[xb] < order_b[yb];
  });
  table.rows.reserve(sums.size());
  std::vector<const detail::group_sums*> ordered;
  ordered.reserve(sums.size());
  for (std::uint32_t i : by_order) {
    rollup_row& row = table.rows.emplace_back();
    row.key = first.label(row_keys[i].first, proc);
    if (second) row.subkey = second->label(row_keys[i].second, proc);
    row.count = sums[i].count();
    table.all.count += row.count;
    ordered.push_back(&sums[i]);
  }
  table.all.key = "all";
  if (auto e = detail::read_rows(ordered, policy.exchange(), table.all.total, table.all.weighted,
                                 [&](std::size_t i, money total, money weighted) {
                                   table.rows[i].total = total;
                                   table.rows[i].weighted = weighted;
                                 }))
    return unexpected<error>(std::move(*e));
  return table;
}

inline expected<forecast_call, error> forecast_calls(std::span<const opportunity> deals, const fiscal_period& period,
                                                     const validated_policy& policy,
                                                     std::span<const manager_adjustment> adjustments) noexcept {
  // Per category: amounts, and amount x probability for the weighted call.
  std::array<money_totals, 6> totals;
  money_totals weighted;
  forecast_call call;
  call.period = period;
  detail::rate_check rates(policy.exchange());
  for (const opportunity& o : deals) {
    if (!contains(period, forecast_date(o))) continue;
    const auto d = categorize(o, policy);
    if (!d) return unexpected<error>(detail::about_deal(deals, o, d.error()));
    if (auto e = rates(o)) return unexpected<error>(detail::about_deal(deals, o, std::move(*e)));
    const auto c = static_cast<std::size_t>(d->category);
    ++call.deals[c];
    if (d->category == forecast_category::omitted) continue;
    totals[c].add(o.amount);
    weighted.add(o.amount, detail::forecast_weight(*d));
  }
  // Each call is the exact per-currency sum of its categories, converted once.
  auto level = [&](std::initializer_list<forecast_category> cats) -> expected<money, error> {
    money_totals sum;
    for (auto c : cats) sum.add(totals[static_cast<std::size_t>(c)]);
    return sum.in(policy.exchange());
  };
  using fc = forecast_category;
  auto w = weighted.in(policy.exchange());
  auto closed = level({fc::closed});
  auto commit = level({fc::closed, fc::commit});
  auto best = level({fc::closed, fc::commit, fc::best_case});
  auto pipe = level({fc::closed, fc::commit, fc::best_case, fc::pipeline, fc::upside});
  for (const auto* e : {&w, &closed, &commit, &best, &pipe})
    if (!*e) return unexpected<error>(e->error());
  call.weighted = *w;
  call.closed = *closed;
  call.commit = *commit;
  call.best_case = *best;
  call.pipeline = *pipe;

  for (std::size_t i = 0; i < adjustments.size(); ++i) {
    const auto& a = adjustments[i];
    const auto at = detail::pointer("adjustments", i);
    if (name_of(a.level).empty()) return detail::fail(errc::out_of_range, at + "/level", "not a forecast call level");
    const money& computed = call.at(a.level);
    auto diff = subtract(a.amount, computed);
    if (!diff) return unexpected<error>(detail::within(at + "/amount", diff.error()));
    call.adjustments.push_back(adjusted_call{a.level, computed, a.amount, *diff, a.by, a.reason});
  }
  return call;
}

inline expected<money, error> closed_won(std::span<const opportunity> deals, const fiscal_period& period,
                                         const validated_policy& policy) noexcept {
  money_totals won;
  for (const opportunity& o : deals)
    if (o.outcome == deal_outcome::won && contains(period, forecast_date(o))) won.add(o.amount);
  return won.in(policy.exchange());
}

inline expected<forecast_accuracy, error> accuracy(const money& forecast, const money& actual,
                                                   const validated_policy& policy) noexcept {
  if (forecast.currency() != actual.currency())
    return unexpected<error>(detail::within("/forecast", detail::currency_mismatch(forecast, actual)));
  if (actual.minor_units() <= 0)
    return detail::fail(errc::out_of_range, "/actual",
                        "the actual is " + to_string(actual) + ": accuracy against nothing booked is undefined");
  const detail::int128 gap = static_cast<detail::int128>(forecast.minor_units()) - actual.minor_units();
  const detail::int128 abs_gap = gap < 0 ? -gap : gap;
  // error in basis points, rounded up: ceil(abs_gap x 10000 / actual)
  const detail::int128 bp = (abs_gap * 10000 + actual.minor_units() - 1) / actual.minor_units();
  forecast_accuracy r;
  r.forecast = forecast;
  r.actual = actual;
  r.error = percent::from_basis_points(bp > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(bp));
  r.accuracy = r.error >= percent::from_whole(100) ? percent() : percent::from_basis_points(10000 - r.error.basis_points());
  r.within_target = r.error <= policy.forecast()->accuracy_target;
  return r;
}

inline slippage_report slippage(std::span<const opportunity> deals, const fiscal_period& period) noexcept {
  slippage_report r;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    deal_slippage s;
    s.deal = i;
    for (const auto& c : deals[i].close_date_history) {
      const std::int32_t moved = days_between(c.from, c.to);
      if (moved > 0) {
        ++s.pushes;
        s.days_pushed += moved;
        s.largest_push = std::max(s.largest_push, moved);
      }
      if (contains(period, c.from) && days_between(period.last_day, c.to) > 0) s.left_period = true;
    }
    if (s.pushes == 0 && !s.left_period) continue;
    r.pushes += s.pushes;
    if (s.left_period) ++r.left_period;
    r.deals.push_back(s);
  }
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_FORECAST_HPP
