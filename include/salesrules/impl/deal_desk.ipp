// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/deal_desk.ipp - the definitions behind deal_desk.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_DEAL_DESK_IPP
#define SALESRULES_IMPL_DEAL_DESK_IPP

#include <salesrules/deal_desk.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules {

SALESRULES_INLINE expected<deal_desk_decision, error> decide_deal(const discount_request& r,
                                                                  const trade_request& ledger,
                                                                  const validated<discount_policy>& discounts,
                                                                  const validated<trade_policy>& trades) noexcept {
  deal_desk_decision out;
  auto reported = check_trades(ledger, trades);
  if (!reported) return unexpected<error>(detail::within("/trades", reported.error()));
  out.trades = std::move(*reported);

  // Every uncovered give, whatever the host's threshold: the default policy (0%)
  // reports all, so the ledger is checked again only under another threshold.
  std::optional<trade_ledger_report> rechecked;
  if (trades->report_unmatched_above != percent()) {
    auto all = check_trades(ledger, *validate(trade_policy{}));
    if (!all) return unexpected<error>(detail::within("/trades", all.error()));
    rechecked = std::move(*all);
  }
  const trade_ledger_report* every = rechecked ? &*rechecked : &out.trades;
  const auto is_discount = [](const concession& g) { return g.kind == concession_kind::discount && !g.value.is_zero(); };
  const bool has_discount_give = std::any_of(ledger.gives.begin(), ledger.gives.end(), is_discount);
  const bool discount_short = std::any_of(every->findings.begin(), every->findings.end(), [](const trade_finding& f) {
    return f.kind == concession_kind::discount;
  });
  out.commitment_from_ledger = has_discount_give && !discount_short;

  // The commitment counts as the policy's evidence of that name; a policy that lists
  // none does not ask for it.
  static constexpr std::string_view commitment = "reciprocal_commitment";
  const auto& kinds = discounts->evidence;
  const bool asked =
      std::any_of(kinds.begin(), kinds.end(), [](const std::string& kind) { return same_name(kind, commitment); });
  std::optional<discount_request> with_ledger;
  if (out.commitment_from_ledger && asked) {
    with_ledger = r;
    with_ledger->evidence.emplace_back(commitment);
  }
  auto d = decide_discount(with_ledger ? *with_ledger : r, discounts);
  if (!d) return unexpected<error>(d.error());
  out.decision = *d;
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_DEAL_DESK_IPP
