// SPDX-License-Identifier: BSL-1.0
// Rollups over in-memory pipelines of 10k, 1M and 10M deals drawn like
// gen_pipeline.py's, beside a loop that only sums the same deals' amounts (the
// memory floor). Targets (issue 3): at least 20M deals/s on one core and within
// 3x of the floor.
//
//   build/release/benchmarks/salesrules_bench --benchmark_filter=forecast
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <salesrules/forecast.hpp>

#include "pipeline.hpp"

#include <benchmark/benchmark.h>

namespace sr = salesrules;

namespace {

const sr::validated_policy& rules() {
  static const auto p = *sr::validate(sr::bench::sample_policy());
  return p;
}

void forecast_baseline_sum(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& o : deals) sum += o.amount.minor_units();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(deals.size()));
}

void forecast_rollup_quarter_category(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  const sr::rollup_options options{.by = sr::rollup_by::quarter, .then_by = sr::rollup_by::category,
                                   .include_closed = true};
  for (auto _ : state) {
    auto t = sr::rollup(deals, options, rules());
    if (!t) state.SkipWithError(t.error().message.c_str());
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(deals.size()));
}

void forecast_calls_quarter(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  const auto period = *sr::parse_period("2026-Q4", rules().calendar());
  for (auto _ : state) {
    auto c = sr::forecast_calls(deals, period, rules());
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(deals.size()));
}

// Registered size by size, so each pipeline is generated once and its three
// measurements sit side by side.
const bool registered = [] {
  for (const std::int64_t size : {10'000, 1'000'000, 10'000'000}) {
    benchmark::RegisterBenchmark("forecast_baseline_sum", forecast_baseline_sum)->Arg(size)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("forecast_rollup_quarter_category", forecast_rollup_quarter_category)
        ->Arg(size)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("forecast_calls_quarter", forecast_calls_quarter)->Arg(size)->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
