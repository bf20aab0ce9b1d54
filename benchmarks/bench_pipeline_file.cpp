// SPDX-License-Identifier: BSL-1.0
// The work of `salesrules pipeline FILE`, in process: the file named by
// SALESRULES_BENCH_CSV streamed through opportunity_reader into a pipeline_builder,
// then the report finished and rendered as text. Skipped when the variable is unset.
// The peak resident memory of the process is reported as the counter peak_rss_mb.
#include <salesrules/io/import.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/policy.hpp>

#include <benchmark/benchmark.h>

#include "bench_file.hpp"
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace sr = salesrules;

// The bundled sample policy's rates: the generator writes USD, EUR and GBP deals.
sr::validated_policy policy_with_rates() {
  sr::policy p;
  p.exchange.rates = {{sr::currency{"EUR"}, sr::exchange_rate::from_billionths(1'080'000'000)},
                      {sr::currency{"GBP"}, sr::exchange_rate::from_billionths(1'270'000'000)}};
  return *sr::validate(p);
}

void pipeline_csv_file(benchmark::State& state) {
  using namespace std::chrono;
  const char* path = salesrules::bench::bench_csv(state);
  if (path == nullptr) return;
  const auto policy = policy_with_rates();
  std::uint64_t rows = 0;
  for (auto _ : state) {
    std::ifstream in(path, std::ios::binary);
    auto reader = sr::io::opportunity_reader::open(in, policy);
    if (!reader) {
      state.SkipWithError(sr::to_string(reader.error()).c_str());
      return;
    }
    sr::io::pipeline_builder builder(policy, {.today = 2026y / November / 22d,
                                              .quota = sr::money(2'500'000'000'00, sr::currency{"USD"})});
    sr::opportunity deal;
    for (;;) {
      auto got = reader->next(deal);
      if (!got) continue;  // the generator writes no bad rows; a skip costs nothing here
      if (!*got) break;
      if (!builder.add(deal)) {
        state.SkipWithError("a deal was refused");
        return;
      }
    }
    auto report = builder.finish();
    if (!report) {
      state.SkipWithError(sr::to_string(report.error()).c_str());
      return;
    }
    benchmark::DoNotOptimize(sr::io::render(*report, sr::io::output_format::text));
    rows = reader->rows();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(pipeline_csv_file)->Unit(benchmark::kMillisecond);

// The floor: the same file's bytes read into a buffer and dropped, as `cat FILE >
// /dev/null` does. The pipeline's times are read against this one, in the same run.
void raw_read_file(benchmark::State& state) {
  const char* path = salesrules::bench::bench_csv(state);
  if (path == nullptr) return;
  std::vector<char> buffer(std::size_t{1} << 17);
  std::int64_t bytes = 0;
  for (auto _ : state) {
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr) {
      state.SkipWithError("cannot open SALESRULES_BENCH_CSV");
      return;
    }
    bytes = 0;
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), f)) != 0;) {
      benchmark::DoNotOptimize(buffer.data());
      bytes += static_cast<std::int64_t>(n);
    }
    std::fclose(f);
  }
  state.SetBytesProcessed(bytes * state.iterations());
}
BENCHMARK(raw_read_file)->Unit(benchmark::kMillisecond)->UseRealTime();

// What `salesrules pipeline --threads N FILE` does in process: io::import_file reads
// the file in N parts at once, one pipeline_builder a part, merged in file order, with
// only the free text the report reads copied; then the report is finished and
// rendered. Wall time: the parts run on their own threads.
class pipeline_sink final : public sr::io::deal_sink {
 public:
  explicit pipeline_sink(sr::io::pipeline_builder b) : builder(std::move(b)) {}
  sr::expected<void, sr::error> add(const sr::opportunity& deal) noexcept override { return builder.add(deal); }
  sr::expected<void, sr::error> merge(sr::io::deal_sink& later) noexcept override {
    return builder.merge(static_cast<pipeline_sink&>(later).builder);
  }
  sr::io::pipeline_builder builder;
};

void pipeline_csv_file_parts(benchmark::State& state) {
  using namespace std::chrono;
  const char* path = salesrules::bench::bench_csv(state);
  if (path == nullptr) return;
  const auto policy = policy_with_rates();
  sr::io::file_import_options options;
  options.threads = static_cast<unsigned>(state.range(0));
  options.import.copied_text = {sr::io::free_text::owner, sr::io::free_text::loss_reason};
  std::uint64_t rows = 0;
  for (auto _ : state) {
    std::unique_ptr<sr::io::deal_sink> merged;
    const auto read = sr::io::import_file(
        path, policy, options,
        [&] {
          return std::make_unique<pipeline_sink>(sr::io::pipeline_builder(
              policy, {.today = 2026y / November / 22d, .quota = sr::money(2'500'000'000'00, sr::currency{"USD"})}));
        },
        merged, {});
    if (!read) {
      state.SkipWithError(sr::to_string(read.error()).c_str());
      return;
    }
    auto report = static_cast<pipeline_sink&>(*merged).builder.finish();
    if (!report) {
      state.SkipWithError(sr::to_string(report.error()).c_str());
      return;
    }
    benchmark::DoNotOptimize(sr::io::render(*report, sr::io::output_format::text));
    rows = read->rows;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
}
BENCHMARK(pipeline_csv_file_parts)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
