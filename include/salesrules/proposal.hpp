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

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>

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

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/proposal.ipp>
#endif

#endif  // SALESRULES_PROPOSAL_HPP
