// The range forecast of one period with 1,000 open deals (issue 3: under 50 ms in a
// release build), beside a baseline loop that only sums the same deals' amounts.
//
//   cmake --preset release && cmake --build --preset release --target salesrules_bench
//   build/release/benchmarks/salesrules_bench --benchmark_filter=range --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one command line)
#include <salesrules/range_forecast.hpp>

#include "pipeline.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace sr = salesrules;
using namespace std::chrono;

namespace {

const sr::validated_policy& rules() {
  static const auto p = *sr::validate(sr::bench::sample_policy());
  return p;
}

// FY2026-Q4 (October - December 2026) of the default calendar.
const sr::fiscal_period& quarter() {
  static const auto q = sr::period_of(2026y / December / 1d, sr::period_kind::quarter, rules().calendar());
  return q;
}

// The first `n` open deals of a generated pipeline (USD, EUR and GBP, every stage, some
// probability overrides), all moved into the quarter and none omitted by its rep.
const std::vector<sr::opportunity>& open_deals(std::size_t n) {
  static std::vector<sr::opportunity> kept;
  if (kept.size() != n) {
    kept.clear();
    for (const auto& o : sr::bench::generate_pipeline(4 * n + 100)) {
      if (kept.size() == n) break;
      if (!sr::is_open(o)) continue;
      kept.push_back(o);
      kept.back().close_date = sr::add_days(quarter().first_day, static_cast<std::int32_t>(kept.size() % 90));
      kept.back().forecast_override.reset();
    }
  }
  return kept;
}

void range_forecast_open_deals(benchmark::State& state) {
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  const auto quota = sr::money(10'500'000'000, sr::currency{"USD"});
  if (deals.size() != static_cast<std::size_t>(state.range(0))) state.SkipWithError("not enough open deals");
  for (auto _ : state) {
    auto r = sr::forecast_range(deals, quarter(), rules(), quota);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  const auto r = sr::forecast_range(deals, quarter(), rules(), quota);
  if (r) {
    state.counters["steps"] = static_cast<double>(r->steps);
    state.counters["resolution_cents"] = static_cast<double>(r->resolution.minor_units());
  }
}
BENCHMARK(range_forecast_open_deals)->Arg(1000)->Unit(benchmark::kMillisecond);

// The memory floor: the same deals' amounts summed, nothing else.
void range_baseline_sum_amounts(benchmark::State& state) {
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& o : deals) sum += o.amount.minor_units();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(range_baseline_sum_amounts)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
