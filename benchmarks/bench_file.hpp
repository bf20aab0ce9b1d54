// SPDX-License-Identifier: BSL-1.0
// The export the file benchmarks read: the file named by SALESRULES_BENCH_CSV (e.g.
// gen_pipeline.py --rows 1000000 --seed 7 --today 2026-11-22; CI sets it to the
// 2,000-row file the CLI tests keep).
#ifndef SALESRULES_BENCHMARKS_BENCH_FILE_HPP
#define SALESRULES_BENCHMARKS_BENCH_FILE_HPP

#include <benchmark/benchmark.h>

#include <cstdlib>

namespace salesrules::bench {

// The file's path, or nullptr with the benchmark marked skipped.
inline const char* bench_csv(benchmark::State& state) {
  const char* path = std::getenv("SALESRULES_BENCH_CSV");
  if (path == nullptr) state.SkipWithError("set SALESRULES_BENCH_CSV to a generated pipeline CSV");
  return path;
}

}  // namespace salesrules::bench

#endif  // SALESRULES_BENCHMARKS_BENCH_FILE_HPP
