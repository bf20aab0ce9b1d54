// SPDX-License-Identifier: BSL-1.0
// salesrules/deal_desk.hpp - a discount request judged together with its trade ledger.
//
// The playbook's Director band asks for "a reciprocal commitment": something the
// customer gives back for the discount. A deal desk that keeps the deal's trade
// ledger (concessions.hpp) need not ask the rep to tick that box: decide_deal
// counts the reciprocal commitment as supplied when the ledger shows it - at least
// one give of kind `discount` that costs something, and every such give covered by
// the gets it was traded for (matched as check_trades matches, whatever the
// policy's reporting threshold). Anything else the ledger says (other gives without
// their get) is reported beside the decision, under the policy's threshold, and
// never changes the level.
#ifndef SALESRULES_DEAL_DESK_HPP
#define SALESRULES_DEAL_DESK_HPP

#include <salesrules/concessions.hpp>
#include <salesrules/config.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/validated.hpp>

namespace salesrules {

struct deal_desk_decision {
  discount_decision decision;     // with the ledger's reciprocal commitment counted, when it shows one
  trade_ledger_report trades;     // the ledger, checked under the trade policy's threshold
  bool commitment_from_ledger = false;  // the ledger supplied the reciprocal commitment
};

// decide_discount on `r`, with the ledger's evidence, and check_trades on `ledger`.
// A ledger whose discount is traded for something shows the reciprocal commitment:
// the policy's evidence named "reciprocal_commitment", when it lists one.
// Errors are those of the two, the ledger's JSON pointers under "/trades".
[[nodiscard]] expected<deal_desk_decision, error> decide_deal(const discount_request& r, const trade_request& ledger,
                                                              const validated<discount_policy>& discounts,
                                                              const validated<trade_policy>& trades) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/deal_desk.ipp>
#endif

#endif  // SALESRULES_DEAL_DESK_HPP
