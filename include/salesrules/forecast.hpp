// salesrules/forecast.hpp - forecast categories, weighted amounts, rollups,
// forecast calls, accuracy and slippage.
//
// A deal's category comes from its probability through the policy's bands (Commit
// 90%+, Best Case 60-89%, Pipeline 20-59%, Upside below 20%), or from its stage when
// the policy maps stages to categories; won deals are Closed, lost and disqualified
// ones Omitted; a rep's override wins and is reported as one. Money stays exact:
// sums are kept per currency and each converted once to the reporting currency.
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

#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// amount x probability in the deal's currency, rounded half to even to its minor unit.
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

inline expected<category_decision, error> categorize(const opportunity& o, const validated_policy& policy) noexcept {
  const auto at = stage_index(policy.process(), o.stage, "stage");
  if (!at) return unexpected<error>(at.error());
  const stage& s = policy.process()->stages[*at];
  category_decision d;
  if (s.kind != stage_kind::open || o.outcome != deal_outcome::open) {
    const bool won = o.outcome == deal_outcome::won;
    if (s.kind == stage_kind::open || (s.kind == stage_kind::won) != won)
      return detail::fail(errc::inconsistent, "outcome",
                          "deal " + detail::quoted(o.id) + " is " + std::string(name_of(o.outcome)) + " in stage " +
                              detail::quoted(s.name));
    d.probability = won ? probability{100} : probability{0};
    d.computed = won ? forecast_category::closed : forecast_category::omitted;
    d.category = d.computed;
    d.source = category_source::closed;
    return d;
  }
  d.probability = o.probability_override ? *o.probability_override : s.probability;
  d.source = category_source::bands;
  d.computed = category_for(d.probability, policy.forecast()->bands);
  for (const auto& sc : policy.forecast()->stage_categories)
    if (sc.stage == s.name) {
      d.computed = sc.category;
      d.source = category_source::stage_map;
      break;
    }
  d.category = d.computed;
  if (o.forecast_override) {
    d.category = o.forecast_override->category;
    d.source = category_source::rep_override;
  }
  return d;
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
  const auto p = forecast_probability(o, policy);
  if (!p) return unexpected<error>(p.error());
  const auto q = detail::div_round_half_even(
      static_cast<detail::int128>(o.amount.minor_units()) * p->whole_percent(), 100);
  return money(static_cast<std::int64_t>(q), o.amount.currency());  // |q| <= |amount|: fits
}

}  // namespace salesrules

#endif  // SALESRULES_FORECAST_HPP
