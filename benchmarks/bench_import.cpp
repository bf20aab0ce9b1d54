// SPDX-License-Identifier: BSL-1.0
// Opportunity import speed: CSV (and JSON Lines) text to checked opportunities, one
// reused deal at a time, as opportunity_reader gives them.
//
// - import_csv_memory: 10,000 rows built here with write_csv_record, shaped like
//   ../shared/tools/gen_pipeline.py's (34 columns, ~256 bytes a row, ~1% of the free
//   text quoted), read from a stream over memory.
// - import_json_lines_memory: the same deals as JSON Lines.
// - import_csv_file: the file named by SALESRULES_BENCH_CSV, e.g. the
//   generator's 1,000,000 rows (gen_pipeline.py --rows 1000000 --seed 7 --today 2026-11-22);
//   skipped when the variable is unset.
#include <salesrules/io/csv.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/policy.hpp>

#include <benchmark/benchmark.h>

#include "bench_file.hpp"
#include "pipeline_rows.hpp"
#include "view_stream.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace {

using salesrules::bench::header;
using salesrules::bench::pipeline_rows;

const salesrules::validated_policy& seed_policy() {
  static const salesrules::validated_policy p = *salesrules::validate(salesrules::policy{});
  return p;
}

const std::string& csv_sample() {
  static const std::string text = [] {
    std::string out;
    salesrules::io::write_csv_record(out, header);
    pipeline_rows rows(11);
    for (std::size_t i = 1; i <= 10'000; ++i) salesrules::io::write_csv_record(out, rows.next(i));
    return out;
  }();
  return text;
}

// The same deals, one JSON object a line (every value a string).
const std::string& json_sample() {
  static const std::string text = [] {
    std::string out;
    pipeline_rows rows(11);
    for (std::size_t i = 1; i <= 10'000; ++i) {
      const auto& cells = rows.next(i);
      out += '{';
      for (std::size_t k = 0; k < cells.size(); ++k) {
        if (k != 0) out += ", ";
        out += '"';
        out += header[k];
        out += "\": \"";
        for (char c : cells[k]) {
          if (c == '"' || c == '\\') out += '\\';
          out += c == '\n' ? std::string_view("\\n") : std::string_view(&c, 1);
        }
        out += '"';
      }
      out += "}\n";
    }
    return out;
  }();
  return text;
}

// Reads every deal of `in`; the rows read, or -1 after reporting a problem.
std::int64_t import_all(std::istream& in, salesrules::io::import_options options, benchmark::State& state) {
  return salesrules::bench::import_each(in, seed_policy(), std::move(options), state,
                                        [](const salesrules::opportunity& deal) {
                                          benchmark::DoNotOptimize(deal.amount);
                                          return true;
                                        });
}

void report(benchmark::State& state, std::int64_t rows, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void import_csv_memory(benchmark::State& state) {
  const std::string& text = csv_sample();
  std::int64_t rows = 0;
  for (auto _ : state) {
    salesrules::bench::view_istream in(text);
    rows = import_all(in, {}, state);
    if (rows < 0) return;
  }
  report(state, rows, text.size());
}
BENCHMARK(import_csv_memory)->Unit(benchmark::kMillisecond);

void import_json_lines_memory(benchmark::State& state) {
  const std::string& text = json_sample();
  std::int64_t rows = 0;
  for (auto _ : state) {
    salesrules::bench::view_istream in(text);
    rows = import_all(in, {.format = salesrules::io::input_format::json_lines}, state);
    if (rows < 0) return;
  }
  report(state, rows, text.size());
}
BENCHMARK(import_json_lines_memory)->Unit(benchmark::kMillisecond);

// The file named by SALESRULES_BENCH_CSV, streamed from disk (the page cache, after the
// first run). CI points it at a small generated file, so that each runs once.
void import_csv_file(benchmark::State& state) {
  const char* path = salesrules::bench::bench_csv(state);
  if (path == nullptr) return;
  std::int64_t rows = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      state.SkipWithError("cannot open SALESRULES_BENCH_CSV");
      return;
    }
    rows = import_all(in, {}, state);
    if (rows < 0) return;
    in.clear();
    bytes = static_cast<std::size_t>(in.seekg(0, std::ios::end).tellg());
  }
  report(state, rows, bytes);
}
BENCHMARK(import_csv_file)->Unit(benchmark::kMillisecond);

}  // namespace
