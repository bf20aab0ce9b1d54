// SPDX-License-Identifier: BSL-1.0
// The report builders behind `salesrules pipeline` and `salesrules forecast`, fed one
// deal at a time as the command-line tool feeds them from the import. Budget: the
// whole `salesrules pipeline` run over 1M deals in 1.1 s, so a pipeline_builder's
// add() must stay well under 400 ns a deal.
//
//   cmake --workflow --preset bench   (or: cmake --preset release and build salesrules_bench)
//   build/release/benchmarks/salesrules_bench --benchmark_filter=builder --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one command line)
//
// Each iteration builds a report from scratch: the builder, every add() and finish()
// (finish() is a few microseconds). The deals are read from a vector far larger than
// the caches, which the import's single reused object would not be: these are upper
// bounds. ns_per_deal is the inverse of the deal rate.
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/pipeline_report.hpp>

#include "pipeline.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace sr = salesrules;

namespace {

const sr::validated_policy& report_rules() {
  static const auto p = *sr::validate(sr::bench::sample_policy());
  return p;
}

void count_deals(benchmark::State& state, std::size_t deals) {
  const auto n = static_cast<double>(state.iterations()) * static_cast<double>(deals);
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  state.counters["ns_per_deal"] = benchmark::Counter(n * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void pipeline_builder_add(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  const sr::io::pipeline_options options{.today = sr::bench::sample_today,
                                         .quota = sr::money(5'000'000'000, sr::currency{"USD"})};
  for (auto _ : state) {
    sr::io::pipeline_builder b(report_rules(), options);
    for (const auto& o : deals)
      if (!b.add(o)) {
        state.SkipWithError("add() failed");
        return;
      }
    auto r = b.finish();
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  count_deals(state, deals.size());
}

// The same builder fed from a window of 1,000 deals that stays in cache, over and over:
// the cost of add() itself when the deal is hot, as the import's reused object is.
void pipeline_builder_add_hot(benchmark::State& state) {
  static const auto window = sr::bench::generate_pipeline(1'000);  // not the cached pipeline: that stays
  const auto adds = static_cast<std::size_t>(state.range(0));
  const sr::io::pipeline_options options{.today = sr::bench::sample_today,
                                         .quota = sr::money(5'000'000'000, sr::currency{"USD"})};
  for (auto _ : state) {
    sr::io::pipeline_builder b(report_rules(), options);
    for (std::size_t i = 0; i < adds; ++i)
      if (!b.add(window[i % window.size()])) {
        state.SkipWithError("add() failed");
        return;
      }
    auto r = b.finish();
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  count_deals(state, adds);
}

// The forecast builder copies the deals of the quarter (about a third of them); its
// finish() runs the range forecast over them, timed on its own below.
void forecast_builder_add(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  const auto& p = report_rules();
  const sr::io::forecast_options options{
      .today = sr::bench::sample_today,
      .period = sr::period_of(sr::bench::sample_today, sr::period_kind::quarter, p.calendar()),
      .quota = sr::money(5'000'000'000, sr::currency{"USD"})};
  for (auto _ : state) {
    sr::io::forecast_builder b(p, options);
    for (const auto& o : deals)
      if (!b.add(o)) {
        state.SkipWithError("add() failed");
        return;
      }
    benchmark::DoNotOptimize(b);
  }
  count_deals(state, deals.size());
}

void forecast_builder_finish(benchmark::State& state) {
  const auto& deals = sr::bench::cached_pipeline(static_cast<std::size_t>(state.range(0)));
  const auto& p = report_rules();
  sr::io::forecast_builder b(p, {.today = sr::bench::sample_today,
                                 .period = sr::period_of(sr::bench::sample_today, sr::period_kind::quarter, p.calendar()),
                                 .quota = sr::money(5'000'000'000, sr::currency{"USD"})});
  for (const auto& o : deals)
    if (!b.add(o)) {
      state.SkipWithError("add() failed");
      return;
    }
  for (auto _ : state) {
    auto r = b.finish();
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["kept"] = static_cast<double>(b.kept());
}

// A finished report of 10,000 deals (50 findings listed) rendered: text (format 0)
// against the HTML page with its charts (format 3).
void pipeline_render(benchmark::State& state) {
  static const auto report = [] {
    sr::io::pipeline_builder b(report_rules(), {.today = sr::bench::sample_today,
                                                .quota = sr::money(5'000'000'000, sr::currency{"USD"}),
                                                .listed_findings = 50});
    for (const auto& o : sr::bench::cached_pipeline(10'000))
      if (!b.add(o)) std::abort();
    return *b.finish();
  }();
  const auto format = static_cast<sr::io::output_format>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto page = sr::io::render(report, format);
    bytes = page.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

BENCHMARK(pipeline_render)->ArgName("format")->Arg(0)->Arg(3)->Unit(benchmark::kMicrosecond);
BENCHMARK(pipeline_builder_add)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(pipeline_builder_add_hot)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(forecast_builder_add)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(forecast_builder_finish)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(pipeline_builder_add)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(pipeline_builder_add_hot)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(forecast_builder_add)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(forecast_builder_finish)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
