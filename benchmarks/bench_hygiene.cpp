// SPDX-License-Identifier: BSL-1.0
// The weekly hygiene pass over whole pipelines. Target (issue 3): at least 20M deals/s
// on one core, and within 3x of a loop that only sums the same deals' amounts (the
// memory floor: every deal is read at least once).
//
//   cmake --workflow --preset bench
//   build/release/benchmarks/salesrules_bench --benchmark_filter=hygiene --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one command line)
//
// Each size is registered as a pair, the check and then its baseline, so the cached
// pipeline is generated once per size (10M deals take about 10 GB and 45 s).
#include <salesrules/hygiene.hpp>

#include "pipeline.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sr = salesrules;

namespace {

const sr::validated_policy& hygiene_rules() {
  static const auto p = *sr::validate(sr::bench::sample_policy());
  return p;
}

// Every deal of the pipeline checked into one reused vector of findings. A first,
// untimed pass sizes the vector, as a host's weekly job reusing it would have: the
// timed passes measure the checks, not the vector's growth (at 10M deals a single
// pass is timed, and growing 180 MB of findings would be half of it).
void hygiene_check(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  std::vector<sr::hygiene_finding> out;
  std::size_t found = sr::check_hygiene(deals, hygiene_rules(), sr::bench::sample_today, out).value_or(0);
  for (auto _ : state) {
    out.clear();  // keeps its capacity: nothing is allocated
    const auto n = sr::check_hygiene(deals, hygiene_rules(), sr::bench::sample_today, out);
    if (!n) {
      state.SkipWithError(n.error().message.c_str());
      break;
    }
    found = *n;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(deals.size()));
  state.counters["findings_per_deal"] =
      static_cast<double>(found) / static_cast<double>(deals.empty() ? 1 : deals.size());
}

// The memory floor: the same deals, each read once for its amount.
void hygiene_baseline(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& o : deals) sum += o.amount.minor_units();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(deals.size()));
}

BENCHMARK(hygiene_check)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(hygiene_baseline)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(hygiene_check)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(hygiene_baseline)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(hygiene_check)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(hygiene_baseline)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
