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

#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
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

// ---------------------------------------------------------------------------
// Implementation

inline expected<validated<trade_policy>, error> validate(trade_policy p) noexcept {
  if (p.report_unmatched_above < percent() || p.report_unmatched_above > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/report_unmatched_above", "outside 0-100%");
  return detail::validated_access::make(p);
}

namespace detail {

// The value of a give or get checked against the deal's currency and sign.
inline std::optional<error> check_trade_value(const money& v, const money& deal, const std::string& at) {
  if (v.currency() != deal.currency())
    return error{errc::currency_mismatch, at,
                 to_string(v) + " is not in the deal's currency (" + std::string(deal.currency().code()) + ")"};
  if (v.is_negative()) return error{errc::out_of_range, at, to_string(v) + " is below 0: enter what it is worth"};
  return std::nullopt;
}

// A flow network for matching gives to gets: source -> give (its value), give -> get
// (unbounded, for each get it names), get -> sink (its value). Edmonds-Karp: the
// shortest augmenting path each round, until none is left.
class trade_flow {
 public:
  explicit trade_flow(std::size_t nodes) : adjacent_(nodes) {}

  void add_edge(std::size_t from, std::size_t to, int128 capacity) {
    adjacent_[from].push_back(edges_.size());
    edges_.push_back(edge{to, capacity});
    adjacent_[to].push_back(edges_.size());
    edges_.push_back(edge{from, 0});  // the reverse edge: at index ^ 1 of its pair
  }

  // Push the maximum flow from `source` to `sink`; return the nodes still reachable
  // from the source through edges with room left: the source side of the smallest
  // minimum cut, which is the same for every maximum flow.
  std::vector<bool> maximise(std::size_t source, std::size_t sink) {
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> via(adjacent_.size());  // the edge a node was reached by
    std::vector<std::size_t> queue;
    queue.reserve(adjacent_.size());
    for (;;) {
      std::fill(via.begin(), via.end(), none);
      std::vector<bool> seen(adjacent_.size(), false);
      seen[source] = true;
      queue.assign(1, source);
      for (std::size_t head = 0; head < queue.size() && !seen[sink]; ++head) {
        for (const std::size_t e : adjacent_[queue[head]]) {
          const edge& x = edges_[e];
          if (x.room <= 0 || seen[x.to]) continue;
          seen[x.to] = true;
          via[x.to] = e;
          queue.push_back(x.to);
        }
      }
      if (!seen[sink]) return seen;
      int128 push = edges_[via[sink]].room;
      for (std::size_t v = sink; v != source; v = edges_[via[v] ^ 1].to) push = std::min(push, edges_[via[v]].room);
      for (std::size_t v = sink; v != source; v = edges_[via[v] ^ 1].to) {
        edges_[via[v]].room -= push;
        edges_[via[v] ^ 1].room += push;
      }
    }
  }

 private:
  struct edge {
    std::size_t to = 0;
    int128 room = 0;  // capacity left
  };
  std::vector<edge> edges_;
  std::vector<std::vector<std::size_t>> adjacent_;
};

inline std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) noexcept {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace detail

inline expected<trade_ledger_report, error> check_trades(const trade_request& r,
                                                         const validated<trade_policy>& p) noexcept {
  using detail::int128;
  const money& deal = r.deal_amount;
  const currency cur = deal.currency();
  if (!cur.is_set())
    return detail::fail(errc::unknown_currency, "/deal_amount", "the deal amount has no currency; the ledger needs one");
  if (deal.is_negative()) return detail::fail(errc::out_of_range, "/deal_amount", to_string(deal) + " is below 0");

  const std::size_t n = r.gives.size(), m = r.gets.size();
  int128 given = 0, got = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const auto at = detail::pointer("gets", j);
    if (name_of(r.gets[j].kind).empty())
      return detail::fail(errc::out_of_range, at + "/kind", "not a kind of commitment");
    if (auto e = detail::check_trade_value(r.gets[j].value, deal, at + "/value")) return unexpected<error>(std::move(*e));
    got += r.gets[j].value.minor_units();
  }
  for (std::size_t i = 0; i < n; ++i) {
    const concession& g = r.gives[i];
    const auto at = detail::pointer("gives", i);
    if (name_of(g.kind).empty()) return detail::fail(errc::out_of_range, at + "/kind", "not a kind of concession");
    if (auto e = detail::check_trade_value(g.value, deal, at + "/value")) return unexpected<error>(std::move(*e));
    for (std::size_t k = 0; k < g.traded_for.size(); ++k) {
      const std::size_t j = g.traded_for[k];
      const auto where = at + detail::pointer("traded_for", k);
      if (j >= m)
        return detail::fail(errc::unknown_name, where,
                            "names get " + std::to_string(j) + ", but the ledger has " + std::to_string(m) +
                                (m == 1 ? " get" : " gets"));
      for (std::size_t earlier = 0; earlier < k; ++earlier)
        if (g.traded_for[earlier] == j)
          return detail::fail(errc::duplicate, where, "names get " + std::to_string(j) + " twice");
    }
    given += g.value.minor_units();
  }

  trade_ledger_report out;
  out.threshold = p->report_unmatched_above;
  {
    auto t_given = detail::money_from_minor(given, cur, "the total given");
    if (!t_given) return unexpected<error>(t_given.error());
    auto t_got = detail::money_from_minor(got, cur, "the total got");
    if (!t_got) return unexpected<error>(t_got.error());
    auto t_net = detail::money_from_minor(got - given, cur, "the net of the trades");
    if (!t_net) return unexpected<error>(t_net.error());
    out.given = *t_given;
    out.got = *t_got;
    out.net = *t_net;
  }
  if (n == 0) return out;

  // Nodes: 0 the source, 1..n the gives, n+1..n+m the gets, n+m+1 the sink. A
  // give -> get edge never limits the flow: its capacity exceeds all gives together.
  const std::size_t source = 0, sink = n + m + 1;
  detail::trade_flow flow(n + m + 2);
  for (std::size_t i = 0; i < n; ++i) {
    flow.add_edge(source, 1 + i, r.gives[i].value.minor_units());
    for (const std::size_t j : r.gives[i].traded_for) flow.add_edge(1 + i, 1 + n + j, given + 1);
  }
  for (std::size_t j = 0; j < m; ++j) flow.add_edge(1 + n + j, sink, r.gets[j].value.minor_units());
  const std::vector<bool> uncovered = flow.maximise(source, sink);

  // Uncovered gives joined through the gets they name form one short trade. Every
  // get they name is uncovered too, and spent on them alone.
  std::vector<std::size_t> parent(n + m);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (std::size_t i = 0; i < n; ++i) {
    if (!uncovered[1 + i]) continue;
    for (const std::size_t j : r.gives[i].traded_for) {
      const std::size_t a = detail::find_root(parent, i), b = detail::find_root(parent, n + j);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the root is the trade's first give
    }
  }
  std::vector<int128> trade_gives(n, 0), trade_gets(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (uncovered[1 + i]) trade_gives[detail::find_root(parent, i)] += r.gives[i].value.minor_units();
  for (std::size_t j = 0; j < m; ++j)
    if (uncovered[1 + n + j]) {
      const std::size_t root = detail::find_root(parent, n + j);
      if (root < n) trade_gets[root] += r.gets[j].value.minor_units();
    }

  const std::int64_t bp = p->report_unmatched_above.basis_points();
  for (std::size_t i = 0; i < n; ++i) {
    if (!uncovered[1 + i]) continue;
    const concession& g = r.gives[i];
    const int128 v = g.value.minor_units();
    if (v * 10'000 <= static_cast<int128>(bp) * deal.minor_units()) {
      ++out.below_threshold;
      continue;
    }
    trade_finding f;
    f.give = i;
    f.kind = g.kind;
    f.gap = g.traded_for.empty() ? trade_gap::unmatched : trade_gap::undervalued;
    f.value = g.value;
    if (!deal.is_zero()) {
      const int128 share = detail::ceil_div(v * 10'000, deal.minor_units());  // rounded up
      f.share_of_deal = percent::from_basis_points(
          share > std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<std::int64_t>::max()
                                                           : static_cast<std::int64_t>(share));
    }
    int128 own = 0;
    for (const std::size_t j : g.traded_for) own += r.gets[j].value.minor_units();
    f.trade = detail::find_root(parent, i);
    // Each is at most a sum of values already known to fit (given, got) or their difference.
    f.gets_value = money(static_cast<std::int64_t>(own), cur);
    f.trade_gives = money(static_cast<std::int64_t>(trade_gives[f.trade]), cur);
    f.trade_gets = money(static_cast<std::int64_t>(trade_gets[f.trade]), cur);
    f.shortfall = money(static_cast<std::int64_t>(trade_gives[f.trade] - trade_gets[f.trade]), cur);
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_CONCESSIONS_HPP
