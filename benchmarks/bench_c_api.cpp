// SPDX-License-Identifier: BSL-1.0
// The C API's cost over calling the C++ library directly (issue 17): a score and a
// discount decision as plain structs and as JSON text, and the pipeline report of the
// file named by SALESRULES_BENCH_CSV handed over as CSV text and as rows of cells
// (what a database or a data frame has), beside the C++ import of the same file.
//
//   SALESRULES_BENCH_CSV=pipeline_1m.csv build/release/benchmarks/salesrules_bench
//       --benchmark_filter=c_api --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <salesrules/c/salesrules.h>

#include <salesrules/io/csv.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/scorecard.hpp>

#include <benchmark/benchmark.h>

#include "bench_file.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace sr = salesrules;

constexpr std::string_view policy_json =
    R"({"exchange": {"reporting": "USD", "rates": [{"from": "EUR", "rate": "1.08"}, {"from": "GBP", "rate": "1.27"}]}})";

struct policy_deleter {
  void operator()(salesrules_policy* p) const { salesrules_policy_free(p); }
};
using policy_handle = std::unique_ptr<salesrules_policy, policy_deleter>;

policy_handle load_policy() {
  salesrules_policy* p = nullptr;
  if (salesrules_policy_load(policy_json.data(), policy_json.size(), &p, nullptr) != SALESRULES_OK) std::abort();
  return policy_handle(p);
}

void c_api_score_ratings(benchmark::State& state) {
  const auto policy = load_policy();
  const std::uint8_t ratings[6] = {4, 3, 5, 4, 3, 3};
  salesrules_score_result r{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(salesrules_score_ratings(policy.get(), ratings, &r, nullptr));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(c_api_score_ratings);

// The same score from C++ directly.
void c_api_score_cpp_direct(benchmark::State& state) {
  const auto policy = *sr::io::load_policy(policy_json);
  const sr::qualification_ratings ratings{sr::rating{4}, sr::rating{3}, sr::rating{5},
                                          sr::rating{4}, sr::rating{3}, sr::rating{3}};
  for (auto _ : state) benchmark::DoNotOptimize(sr::score(ratings, policy.scorecard()));
}
BENCHMARK(c_api_score_cpp_direct);

void c_api_score_json(benchmark::State& state) {
  const auto policy = load_policy();
  constexpr std::string_view deal =
      R"({"id": "OPP-1", "amount": "240000 USD", "stage": "Proposal", "ratings": {"budget": 4, "authority": 3, "need": 5, "timeline": 4, "champion": 3, "competition": 3}})";
  for (auto _ : state) {
    char* answer = nullptr;
    if (salesrules_score(policy.get(), deal.data(), deal.size(), &answer, nullptr, nullptr) != SALESRULES_OK) std::abort();
    salesrules_string_free(answer);
  }
}
BENCHMARK(c_api_score_json);

void c_api_discount_query(benchmark::State& state) {
  const auto policy = load_policy();
  salesrules_discount_query q = salesrules_discount_query_default();
  q.discount_basis_points = 2250;
  salesrules_discount_result r{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(salesrules_decide_discount_query(policy.get(), &q, &r, nullptr));
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(c_api_discount_query);

void c_api_discount_json(benchmark::State& state) {
  const auto policy = load_policy();
  constexpr std::string_view request = R"({"discount": "22.5%"})";
  for (auto _ : state) {
    char* answer = nullptr;
    if (salesrules_decide_discount(policy.get(), request.data(), request.size(), &answer, nullptr, nullptr) !=
        SALESRULES_OK)
      std::abort();
    salesrules_string_free(answer);
  }
}
BENCHMARK(c_api_discount_json);

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr std::string_view report_options = R"({"today": "2026-11-22", "quota": "2500000"})";

// The whole export as CSV text in memory, through salesrules_pipeline_report (the
// import, the report and its JSON answer).
void c_api_pipeline_csv_text(benchmark::State& state) {
  const char* path = sr::bench::bench_csv(state);
  if (path == nullptr) return;
  const std::string text = read_file(path);
  const auto policy = load_policy();
  for (auto _ : state) {
    char* answer = nullptr;
    salesrules_error* e = nullptr;
    if (salesrules_pipeline_report(policy.get(), text.data(), text.size(), SALESRULES_CSV, report_options.data(),
                                   report_options.size(), &answer, nullptr, &e) != SALESRULES_OK) {
      state.SkipWithError(salesrules_error_text(e));
      salesrules_error_free(e);
      return;
    }
    salesrules_string_free(answer);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(c_api_pipeline_csv_text)->Unit(benchmark::kMillisecond);

// The same rows as cells, split beforehand (as a database holds them), through
// salesrules_report_start / _add_row / _json.
void c_api_pipeline_rows(benchmark::State& state) {
  const char* path = sr::bench::bench_csv(state);
  if (path == nullptr) return;
  const std::string text = read_file(path);
  sr::io::csv_reader reader{std::string_view(text)};
  std::vector<std::vector<std::string>> records;
  for (;;) {
    auto got = reader.next();
    if (!got || !*got) break;
    records.emplace_back(reader.record().fields.begin(), reader.record().fields.end());
  }
  if (records.size() < 2) {
    state.SkipWithError("the file has no rows");
    return;
  }
  std::vector<const char*> names;
  for (const auto& n : records[0]) names.push_back(n.c_str());
  std::vector<std::vector<const char*>> cells(records.size());
  std::vector<std::vector<std::size_t>> lengths(records.size());
  for (std::size_t i = 1; i < records.size(); ++i)
    for (const auto& c : records[i]) {
      cells[i].push_back(c.data());
      lengths[i].push_back(c.size());
    }
  const auto policy = load_policy();
  for (auto _ : state) {
    salesrules_report* report = nullptr;
    if (salesrules_report_start(policy.get(), SALESRULES_PIPELINE, report_options.data(), report_options.size(),
                                names.data(), names.size(), &report, nullptr) != SALESRULES_OK)
      std::abort();
    for (std::size_t i = 1; i < records.size(); ++i)
      benchmark::DoNotOptimize(salesrules_report_add_row(report, cells[i].data(), lengths[i].data(), cells[i].size(), nullptr));
    char* answer = nullptr;
    if (salesrules_report_json(report, &answer, nullptr, nullptr) != SALESRULES_OK) std::abort();
    salesrules_string_free(answer);
    salesrules_report_free(report);
  }
  state.counters["rows"] = static_cast<double>(records.size() - 1);
}
BENCHMARK(c_api_pipeline_rows)->Unit(benchmark::kMillisecond);

}  // namespace
