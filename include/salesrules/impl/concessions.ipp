// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/concessions.ipp - the definitions behind concessions.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_CONCESSIONS_IPP
#define SALESRULES_IMPL_CONCESSIONS_IPP

#include <salesrules/concessions.hpp>
#include <salesrules/detail/int128.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace salesrules {

SALESRULES_INLINE expected<validated<trade_policy>, error> validate(trade_policy p) noexcept {
  if (p.report_unmatched_above < percent() || p.report_unmatched_above > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/report_unmatched_above", "outside 0-100%");
  return detail::validated_access::make(p);
}

namespace detail {

// The value of a give or get checked against the deal's currency and sign.
SALESRULES_INLINE std::optional<error> check_trade_value(const money& v, const money& deal, const std::string& at) {
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

SALESRULES_INLINE std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) noexcept {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace detail

SALESRULES_INLINE expected<trade_ledger_report, error> check_trades(const trade_request& r,
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

#endif  // SALESRULES_IMPL_CONCESSIONS_IPP
