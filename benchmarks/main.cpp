// SPDX-License-Identifier: BSL-1.0
// Every benchmark in this folder is one program. Run a family with --benchmark_filter:
// rules, forecast, hygiene, range.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
