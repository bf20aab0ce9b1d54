// SPDX-License-Identifier: BSL-1.0
// salesrules/proposal.hpp - proposal figures: the ROI case, and what a discount costs.
//
// The playbook asks for the ROI justification before any pricing talk, and answers
// "too expensive" with "compared to the cost of [problem], this pays for itself in
// [timeframe]". From what the problem costs the customer each year and the price
// (annual list price, discount, one-time fees, term in months) this header gives:
//
// - the cost over the term: the net annual price for the term's months plus the
//   one-time fees (the net total contract value);
// - the benefit over the term: the problem's annual cost for the term's months;
// - payback: the months of problem cost that add up to the cost over the term,
//   rounded up to a whole month, so a proposal never claims it pays for itself
//   sooner than it does ("pays for itself in 13 months" when it takes 12 and a day);
// - ROI over the term: (benefit - cost) / cost, rounded down (toward minus
//   infinity) to a basis point, so it is never shown better than it is; none when
//   the cost is 0. Payback is within the term exactly when the ROI is 0% or more.
// - the discount's effect: list and net annual contract value (ACV: the annual
//   price, without one-time fees), list and net total contract value (TCV: the
//   annual price for the term's months plus the one-time fees), and the money given
//   away per year and over the term.
//
// Exact: every figure is computed from the inputs as an exact fraction and rounded
// once, half to even, to the currency's minor unit (TCV comes from the exact net
// price, not from a rounded ACV). The money given away is the exact difference of
// the list and net figures, so list = net + given away to the minor unit; it can
// differ by one minor unit from the exact discount only when the net figure was an
// exact tie.
#ifndef SALESRULES_PROPOSAL_HPP
#define SALESRULES_PROPOSAL_HPP

#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace salesrules {

struct proposal_inputs {
  money annual_problem_cost;  // what the problem costs the customer a year: the benefit of solving it
  money annual_list_price;    // the price a year before discount; sets the proposal's currency
  percent discount;           // off the annual price, 0-100%; one-time fees are not discounted
  money one_time_fees;        // implementation, onboarding; may be left unset for none
  std::int32_t term_months = 12;

  friend bool operator==(const proposal_inputs&, const proposal_inputs&) = default;
};
BOOST_DESCRIBE_STRUCT(proposal_inputs, (), (annual_problem_cost, annual_list_price, discount, one_time_fees,
                                            term_months))

// What the discount does to the contract's value.
struct contract_value {
  money list_acv;         // the annual list price
  money net_acv;          // list ACV x (1 - discount)
  money list_tcv;         // list ACV x term / 12 + one-time fees
  money net_tcv;          // list ACV x (1 - discount) x term / 12 + one-time fees
  money given_per_year;   // list_acv - net_acv
  money given_over_term;  // list_tcv - net_tcv

  friend bool operator==(const contract_value&, const contract_value&) = default;
};
BOOST_DESCRIBE_STRUCT(contract_value, (), (list_acv, net_acv, list_tcv, net_tcv, given_per_year, given_over_term))

struct proposal_figures {
  money benefit_over_term;                     // annual problem cost x term / 12
  money cost_over_term;                        // the net TCV
  std::optional<std::int64_t> payback_months;  // rounded up; none when the problem costs nothing
  bool pays_back_within_term = false;          // payback_months <= term
  std::optional<percent> roi;                  // rounded down to a basis point; none when the cost is 0
  contract_value contract;

  friend bool operator==(const proposal_figures&, const proposal_figures&) = default;
};
BOOST_DESCRIBE_STRUCT(proposal_figures, (), (benefit_over_term, cost_over_term, payback_months,
                                             pays_back_within_term, roi, contract))

// The ROI case and the discount's effect for a proposal. Errors, naming the field:
// no currency on the list price, or another currency on the problem cost or fees
// (errc::unknown_currency, errc::currency_mismatch); an amount below 0, a discount
// outside 0-100% or a term of 0 months or less (errc::out_of_range); a figure beyond
// 64 bits (errc::overflow).
[[nodiscard]] expected<proposal_figures, error> figure_proposal(const proposal_inputs& in) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

inline std::optional<error> check_proposal_amount(const money& m, currency c, const char* field) {
  if (m.currency() != c)
    return error{errc::currency_mismatch, field,
                 to_string(m) + " is not in the list price's currency (" + std::string(c.code()) + ")"};
  if (m.is_negative()) return error{errc::out_of_range, field, to_string(m) + " is below 0"};
  return std::nullopt;
}

}  // namespace detail

inline expected<proposal_figures, error> figure_proposal(const proposal_inputs& in) noexcept {
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

#endif  // SALESRULES_PROPOSAL_HPP
