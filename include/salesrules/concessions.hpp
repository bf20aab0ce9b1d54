// SPDX-License-Identifier: BSL-1.0
// salesrules/concessions.hpp - the trade ledger: no give without a get.
//
// The playbook's negotiation rule is "trade, don't give", and its troubleshooting
// table blames eroding margins on conceding without a reciprocal commitment. A
// deal's ledger lists the gives (concessions: what each costs us) and the gets
// (commitments the customer made: what each is worth to us); each give names the
// gets it was traded for, by their place in the list of gets.
//
// How a give is matched. A give that names no get is unmatched. Otherwise the gets
// it names must be able to pay for it, with each get's value spent once: a get
// named by several gives is shared between them, and never counted in full for
// each. The library finds the split of the gets' values over the gives that name
// them that leaves the least uncovered (a maximum flow from gives to gets). The
// gives still uncovered under the best split are reported as undervalued,
// grouped into short trades: gives that share gets are judged together, and a
// short trade's shortfall (what its gives cost minus what every get they name is
// worth) is the same whichever best split is chosen. A give is never short because
// of a get it did not name, and never rescued by one either. A give that costs
// nothing is never reported.
//
// Only gives whose value is above the policy's share of the deal amount are
// reported (exactly: value x 10000 > basis points x deal amount); gives at or below
// it are counted, not listed. Money is exact: integer minor units, sums in 128 bits,
// no rounding anywhere in the ledger except the share of the deal shown beside a
// give, which is rounded up to a basis point so that it agrees with the test.
#ifndef SALESRULES_CONCESSIONS_HPP
#define SALESRULES_CONCESSIONS_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salesrules {

// The playbook's "never concede without a reciprocal commitment": a give with no
// get, or with gets worth less than it, is reported unless its own value is at most
// this share of the deal amount.
struct trade_policy {
  percent report_unmatched_above = percent();  // 0%: every unmatched give that costs anything is reported
  friend constexpr bool operator==(const trade_policy&, const trade_policy&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(trade_policy, (), (report_unmatched_above))

// The threshold is 0-100%.
[[nodiscard]] expected<validated<trade_policy>, error> validate(trade_policy p) noexcept;

// What we concede.
enum class concession_kind : std::uint8_t { discount, extended_payment_terms, extra_services, free_months, other };
BOOST_DESCRIBE_ENUM(concession_kind, discount, extended_payment_terms, extra_services, free_months, other)

// What the customer commits to in return.
enum class commitment_kind : std::uint8_t {
  multi_year_term,
  case_study,
  faster_signature,
  larger_volume,
  prepayment,
  reference,
  other
};
BOOST_DESCRIBE_ENUM(commitment_kind, multi_year_term, case_study, faster_signature, larger_volume, prepayment,
                    reference, other)

// A give: a concession, what it costs us, and the gets it was traded for.
struct concession {
  concession_kind kind{};
  money value;                          // its cost to us, in the deal's currency, 0 or more
  std::string note;                     // a few words: "net-60 instead of net-30"
  std::vector<std::size_t> traded_for;  // places in trade_request::gets, each at most once

  friend bool operator==(const concession&, const concession&) = default;
};
BOOST_DESCRIBE_STRUCT(concession, (), (kind, value, note, traded_for))

// A get: a commitment and what it is worth to us.
struct commitment {
  commitment_kind kind{};
  money value;       // its value to us, in the deal's currency, 0 or more
  std::string note;  // "3-year term", "logo and case study by Q3"

  friend bool operator==(const commitment&, const commitment&) = default;
};
BOOST_DESCRIBE_STRUCT(commitment, (), (kind, value, note))

// One deal's ledger.
struct trade_request {
  money deal_amount;  // the deal the threshold is a share of; sets the ledger's currency
  std::vector<concession> gives;
  std::vector<commitment> gets;

  friend bool operator==(const trade_request&, const trade_request&) = default;
};
BOOST_DESCRIBE_STRUCT(trade_request, (), (deal_amount, gives, gets))

// Why a give is reported.
enum class trade_gap : std::uint8_t {
  unmatched,    // it names no get
  undervalued,  // the gets it names cannot pay for it (see the top of this file)
};
BOOST_DESCRIBE_ENUM(trade_gap, unmatched, undervalued)

// A reported give, with the figures that condemn it.
struct trade_finding {
  std::size_t give = 0;  // its place in trade_request::gives
  concession_kind kind{};
  trade_gap gap{};
  money value;                           // its cost to us
  std::optional<percent> share_of_deal;  // value / deal amount, rounded up to a basis point; none for a deal of 0
  money gets_value;                      // the gets it names, at full value; 0 when unmatched
  // Its short trade: it and every give that shares a get with it, directly or
  // through others, and is also uncovered. An unmatched give is a trade of its own.
  std::size_t trade = 0;  // the first give of that trade (its place in gives)
  money trade_gives;      // what the trade's gives cost together
  money trade_gets;       // what every get they name is worth together
  money shortfall;        // trade_gives - trade_gets, above 0: what is still to get in return

  friend bool operator==(const trade_finding&, const trade_finding&) = default;
};
BOOST_DESCRIBE_STRUCT(trade_finding, (), (give, kind, gap, value, share_of_deal, gets_value, trade, trade_gives,
                                          trade_gets, shortfall))

struct trade_ledger_report {
  std::vector<trade_finding> findings;  // in the order of the gives
  std::size_t below_threshold = 0;      // unmatched or undervalued gives left out: at or below the threshold
  percent threshold;                    // the policy's report_unmatched_above, as applied
  money given;                          // every give's value, summed
  money got;                            // every get's value, summed
  money net;                            // got - given: below 0 when we gave more than we got

  // No give above the threshold lacks its get.
  [[nodiscard]] bool balanced() const noexcept { return findings.empty(); }

  friend bool operator==(const trade_ledger_report&, const trade_ledger_report&) = default;
};
BOOST_DESCRIBE_STRUCT(trade_ledger_report, (), (findings, below_threshold, threshold, given, got, net))

// The playbook's "trade, don't give" applied to a deal's ledger: which gives lack a
// get worth them (matched as described at the top of this file), and the totals.
// Errors, naming the place: a deal amount with no currency or below 0
// ("/deal_amount"); a value in another currency than the deal or below 0
// ("/gives/2/value", "/gets/0/value"); a kind outside its enumeration
// ("/gives/1/kind"); a give naming a get that does not exist or naming one twice
// ("/gives/1/traded_for/0"); a total beyond 64-bit minor units (no place; the
// message says which).
[[nodiscard]] expected<trade_ledger_report, error> check_trades(const trade_request& r,
                                                                const validated<trade_policy>& p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/concessions.ipp>
#endif

#endif  // SALESRULES_CONCESSIONS_HPP
