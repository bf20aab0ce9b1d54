// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/forecast.ipp - the definitions behind forecast.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_FORECAST_IPP
#define SALESRULES_IMPL_FORECAST_IPP

#include <salesrules/forecast.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>

#include <cstdint>
#include <string>

namespace salesrules {

SALESRULES_INLINE expected<probability, error> forecast_probability(const opportunity& o,
                                                                   const validated_policy& policy) noexcept {
  switch (o.outcome) {
    case deal_outcome::won: return probability{100};
    case deal_outcome::lost:
    case deal_outcome::disqualified: return probability{0};
    case deal_outcome::open: break;
  }
  return probability_of(o, policy.process());
}

namespace detail {

SALESRULES_INLINE expected<category_decision, error> categorize_in(const opportunity& o, const stage& s,
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

SALESRULES_INLINE expected<const stage*, error> stage_of(const opportunity& o,
                                                        const validated<sales_process>& proc) noexcept {
  const auto i = stage_index(proc, o.stage, "/stage");
  if (!i) return unexpected<error>(about_deal(o, i.error()));
  return &proc->stages[*i];
}

}  // namespace detail

SALESRULES_INLINE expected<category_decision, error> categorize(const opportunity& o,
                                                                const validated_policy& policy) noexcept {
  const auto s = detail::stage_of(o, policy.process());
  if (!s) return unexpected<error>(s.error());
  return detail::categorize_in(o, **s, policy);
}

SALESRULES_INLINE expected<money, error> weighted_amount(const opportunity& o, const validated_policy& policy) noexcept {
  const auto d = categorize(o, policy);
  if (!d) return unexpected<error>(d.error());
  const auto q = detail::div_round_half_even(
      static_cast<detail::int128>(o.amount.minor_units()) * detail::forecast_weight(*d), 100);
  return money(static_cast<std::int64_t>(q), o.amount.currency());  // |q| <= |amount|: fits
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_FORECAST_IPP
