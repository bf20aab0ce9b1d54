// SPDX-License-Identifier: BSL-1.0
#include "../deal_review/sample_pipeline.hpp"
#include <salesrules/salesrules.hpp>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace sr = salesrules;
using namespace sr::literals;  // "400,000 USD"_money

template <class T>
T need(sr::expected<T, sr::error> r) {  // the value, or the error and exit
  if (!r) std::fprintf(stderr, "%s\n", sr::to_string(r.error()).c_str()), std::exit(2);
  return std::move(*r);
}

int main() {
  sr::policy p;
  p.exchange.rates = {{sr::currency{"EUR"}, need(sr::parse_rate("1.0834"))}};  // reporting in USD
  const auto rules = need(sr::validate(p));
  std::vector<sr::opportunity> deals;
  for (auto& m : sample::pipeline()) deals.push_back(m.deal);
  const auto today = sample::today();
  const auto quarter = sr::period_of(today, sr::period_kind::quarter, rules.calendar());
  const auto quota = "400,000 USD"_money;  // exact, and checked when it compiles

  for (const auto& row : need(sr::rollup(deals, {.by = sr::rollup_by::stage}, rules)).rows)
    std::printf("%-16s %zu %16s  weighted %16s\n", row.key.c_str(), row.count, sr::to_string(row.total).c_str(),
                sr::to_string(row.weighted).c_str());
  const auto call = need(sr::forecast_calls(deals, quarter, rules));
  std::printf("%s: closed %s, commit %s, best case %s, pipeline %s\n", sr::to_string(quarter).c_str(),
              sr::to_string(call.closed).c_str(), sr::to_string(call.commit).c_str(),
              sr::to_string(call.best_case).c_str(), sr::to_string(call.pipeline).c_str());
  const auto range = need(sr::forecast_range(deals, quarter, rules, quota));
  std::printf("range: P10 %s, P50 %s, P90 %s; chance of quota %s\n", sr::to_string(range.p10).c_str(),
              sr::to_string(range.p50).c_str(), sr::to_string(range.p90).c_str(),
              sr::to_string(range.quota_chance.value_or(sr::percent())).c_str());
  const auto cover = need(sr::coverage(deals, quarter, quota, today, rules));
  std::printf("coverage: %s of quota, %s in the quarter (target from %s)\n",
              sr::to_string(cover.total.ratio.value_or(sr::percent())).c_str(),
              std::string(sr::name_of(cover.phase)).c_str(), sr::to_string(cover.total.target.low).c_str());
  std::vector<sr::hygiene_finding> findings;
  need(sr::check_hygiene(deals, rules, today, findings));
  for (const auto& f : findings)
    std::printf("hygiene: %s %s (%d against %d)\n", deals[f.deal].id.c_str(),
                std::string(sr::name_of(f.rule)).c_str(), f.seen, f.threshold);
}
