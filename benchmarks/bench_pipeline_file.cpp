// The work of `salesrules pipeline FILE`, in process: the file named by
// SALESRULES_BENCH_CSV streamed through opportunity_reader into a pipeline_builder,
// then the report finished and rendered as text. Skipped when the variable is unset.
// The peak resident memory of the process is reported as the counter peak_rss_mb.
#include <salesrules/io/import.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/policy.hpp>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <string>

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
  const char* path = std::getenv("SALESRULES_BENCH_CSV");
  if (path == nullptr) {
    state.SkipWithError("set SALESRULES_BENCH_CSV to a generated pipeline CSV");
    return;
  }
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
  if (rows != static_cast<std::uint64_t>(state.range(0))) {
    state.SkipWithError(("the file holds " + std::to_string(rows) + " rows").c_str());
    return;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows) * state.iterations());
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(pipeline_csv_file)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
