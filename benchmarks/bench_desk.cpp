// SPDX-License-Identifier: BSL-1.0
// The deal desk (issue 15, section 4): JSON Lines requests answered one line each.
// Target: 500,000 requests per second on one core over a 100,000-request file with
// the default matrix, end to end (reading, deciding, writing).
//
//   build/release/benchmarks/salesrules_bench --benchmark_filter=desk
//       --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include "desk_requests.hpp"

#include <salesrules/io/deal_desk_loop.hpp>
#include <salesrules/io/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace sr = salesrules;
namespace io = salesrules::io;

namespace {

const sr::validated_policy& default_policy() {
  static const auto p = *sr::validate(sr::policy{});
  return p;
}

std::vector<std::string_view> lines_of(const std::string& text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.emplace_back(text.data() + start, end - start);
  return lines;
}

// One request at a time through the JSON object API: answer_request, answer_text.
void desk_answer_object(benchmark::State& state) {
  const std::string text = sr::bench::desk_requests(10'000);
  const auto lines = lines_of(text);
  std::size_t i = 0;
  for (auto _ : state) {
    auto out = io::answer_text(io::answer_request(lines[i], default_policy()));
    benchmark::DoNotOptimize(out);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(desk_answer_object);

// The same lines through a desk, which keeps its parser and memory.
void desk_answer(benchmark::State& state) {
  const std::string text = sr::bench::desk_requests(10'000);
  const auto lines = lines_of(text);
  io::desk desk;
  std::string out;
  std::size_t i = 0;
  for (auto _ : state) {
    out.clear();
    desk.answer(lines[i], default_policy(), out);
    benchmark::DoNotOptimize(out);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(desk_answer);

// End to end, as `salesrules desk --policy P --input FILE > /dev/null` runs: a file of
// requests read, each decided under the default policy (from its file), the answers
// written. One iteration is the whole file.
void desk_run_file(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto dir = std::filesystem::temp_directory_path();
  const auto requests = dir / ("salesrules_bench_desk_" + std::to_string(::getpid()) + ".jsonl");
  const auto policy = dir / ("salesrules_bench_desk_" + std::to_string(::getpid()) + ".json");
  std::ofstream(requests, std::ios::binary) << sr::bench::desk_requests(count);
  std::ofstream(policy, std::ios::binary) << io::policy_json(sr::policy{});
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  io::policy_file source(policy);
  for (auto _ : state) {
    const int in = ::open(requests.c_str(), O_RDONLY | O_CLOEXEC);
    const auto totals = io::run_desk(in, null, source);
    ::close(in);
    if (!totals || totals->requests != count) state.SkipWithError("the desk did not answer every request");
  }
  ::close(null);
  std::filesystem::remove(requests);
  std::filesystem::remove(policy);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count));
}
BENCHMARK(desk_run_file)->Arg(2'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
