// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/proposal.ipp - the definitions behind proposal.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_PROPOSAL_IPP
#define SALESRULES_IMPL_PROPOSAL_IPP

#include <salesrules/proposal.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace salesrules {

namespace detail {

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE std::optional<error> check_proposal_amount(const money& m, currency c, const char* field) {
  if (m.currency() != c)
    return error{errc::currency_mismatch, field,
                 to_string(m) + " is not in the list price's currency (" + std::string(c.code()) + ")"};
  if (m.is_negative()) return error{errc::out_of_range, field, to_string(m) + " is below 0"};
  return std::nullopt;
}

}  // namespace detail

SALESRULES_INLINE expected<proposal_figures, error> figure_proposal(const proposal_inputs& in) noexcept {
  using detail::int128;
  const currency cur = in.annual_list_price.currency();
  if (!cur.is_set())
    return detail::fail(errc::unknown_currency, "/annual_list_price", "the list price has no currency");
  if (in.annual_list_price.is_negative())
    return detail::fail(errc::out_of_range, "/annual_list_price", to_string(in.annual_list_price) + " is below 0");
  if (auto e = detail::check_proposal_amount(in.annual_problem_cost, cur, "/annual_problem_cost"))
    return unexpected<error>(std::move(*e));
  const money fees = in.one_time_fees == money() ? money(0, cur) : in.one_time_fees;
  if (auto e = detail::check_proposal_amount(fees, cur, "/one_time_fees")) return unexpected<error>(std::move(*e));
  if (in.discount < percent() || in.discount > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/discount", to_string(in.discount) + " is outside 0-100%");
  if (in.term_months <= 0)
    return detail::fail(errc::out_of_range, "/term_months",
                        "a term of " + std::to_string(in.term_months) + " months: it must be at least 1");

  // Amounts are below 2^63, the term below 2^31 and the share kept at most 10^4, so
  // the exact cost and benefit below stay under 2^108 and the ROI's numerator under
  // 2^122: nothing here can overflow 128 bits.
  const int128 list = in.annual_list_price.minor_units();
  const int128 keep = 10'000 - in.discount.basis_points();  // basis points of the list price paid
  const int128 term = in.term_months;
  const int128 f = fees.minor_units();
  const int128 problem = in.annual_problem_cost.minor_units();

  proposal_figures out;
  contract_value& c = out.contract;
  c.list_acv = in.annual_list_price;
  // Each figure once, half to even, from its exact value.
  const int128 net_acv = detail::div_round_half_even(list * keep, 10'000);
  const int128 list_tcv = detail::div_round_half_even(list * term, 12) + f;
  const int128 net_tcv = detail::div_round_half_even(list * keep * term, 120'000) + f;
  const int128 benefit = detail::div_round_half_even(problem * term, 12);
  struct figure {
    money* into;
    int128 minor;
    const char* field;
  };
  for (const figure& x : {figure{&c.net_acv, net_acv, "net_acv"}, figure{&c.list_tcv, list_tcv, "list_tcv"},
                          figure{&c.net_tcv, net_tcv, "net_tcv"},
                          figure{&c.given_per_year, list - net_acv, "given_per_year"},
                          figure{&c.given_over_term, list_tcv - net_tcv, "given_over_term"},
                          figure{&out.benefit_over_term, benefit, "benefit_over_term"}}) {
    auto m = detail::money_from_minor(x.minor, cur, x.field);
    if (!m) return unexpected<error>(m.error());
    *x.into = *m;
  }
  out.cost_over_term = c.net_tcv;

  // Exact cost and benefit over the term in 1/120000 of a minor unit (10^4 for the
  // basis points of the discount, 12 for the months).
  const int128 cost_n = list * keep * term + f * 120'000;
  const int128 benefit_n = problem * term * 10'000;
  if (problem > 0) {
    // Months of problem cost (problem / 12 a month) that add up to the cost, rounded up.
    const int128 per_month_n = problem * 10'000;
    const int128 months = detail::ceil_div(cost_n, per_month_n);
    if (months > std::numeric_limits<std::int64_t>::max())
      return detail::fail(errc::overflow, "", "the payback period overflows 64 bits");
    out.payback_months = static_cast<std::int64_t>(months);
    out.pays_back_within_term = months <= term;
  }
  if (cost_n > 0) {
    const int128 bp = detail::floor_div((benefit_n - cost_n) * 10'000, cost_n);
    if (bp > std::numeric_limits<std::int64_t>::max())
      return detail::fail(errc::overflow, "", "the ROI overflows 64-bit basis points");
    out.roi = percent::from_basis_points(static_cast<std::int64_t>(bp));
  }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_PROPOSAL_IPP
