// SPDX-License-Identifier: BSL-1.0
// The history import (io/history.hpp) against the deal import it is joined to.
//
// history_rows draws a Salesforce OpportunityHistory export for the deals OPP-1 ...
// OPP-N that pipeline_rows draws (the ids bench_import's rows have): 1 to 9 rows a deal,
// 5 on average, each the deal after one change (a stage forward, now and then back, or
// the close date pushed), with CreatedDate written as Salesforce writes it
// (2026-01-05T09:12:44.000+0000) and the Amount, Probability and ForecastCategory
// columns the reader passes over.
//
// - deal_import/N: the N deals' CSV read, each deal checked (the reference);
// - history_import/N: their history (5N rows) read into deal_histories; its counter
//   join_MiB is the heap the joined histories hold (glibc's mallinfo2, in use after
//   the read less before);
// - deal_import_joined/N: the deal import again, each deal filled from the history.
// The targets at N = 1,000,000: history_import at most 2x deal_import, and
// join_MiB at most 512.
#include <salesrules/io/csv.hpp>
#include <salesrules/io/history.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/policy.hpp>

#include <benchmark/benchmark.h>

#include "pipeline_rows.hpp"
#include "view_stream.hpp"

#include <malloc.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>

namespace {

const salesrules::validated_policy& seed_policy() {
  static const salesrules::validated_policy p = *salesrules::validate(salesrules::policy{});
  return p;
}

// A history export in Salesforce's OpportunityHistory shape.
class history_rows {
 public:
  explicit history_rows(std::uint64_t seed) : rng_(seed) {}

  // Appends deal `i`'s rows to `out`; returns how many.
  std::size_t append(std::string& out, std::size_t i) {
    static constexpr std::array<std::string_view, 5> stages{"Prospect", "Discovery", "Demo/Evaluation", "Proposal",
                                                            "Negotiation"};
    static constexpr std::array<std::string_view, 5> probability{"10", "20", "40", "60", "80"};
    static constexpr std::array<std::string_view, 5> category{"Pipeline", "Pipeline", "Pipeline", "BestCase",
                                                              "Commit"};
    const int rows = between(1, 9);
    const int outcome = between(0, 99);  // 15 won, 25 lost, as pipeline_rows draws
    std::int32_t day = 20454 + between(0, 330);  // 2026-01-01 onwards, days since 1970
    std::int32_t close = day + between(30, 120);
    std::size_t stage = 0;
    const std::string amount = std::to_string(between(5'000, 2'000'000)) + ".00";
    for (int r = 0; r < rows; ++r) {
      if (r != 0) {
        day += between(1, 20);
        const int move = between(0, 99);
        if (r + 1 == rows && outcome < 40) {
          stage = outcome < 15 ? 5 : 6;  // Closed Won, Closed Lost
        } else if (move < 70) {
          stage = stage < 4 ? stage + 1 : stage;
        } else if (move < 80) {
          stage = stage > 0 ? stage - 1 : stage;
        } else {
          close += between(7, 45);
        }
      }
      out += "OPP-";
      out += std::to_string(i);
      out += ',';
      out += stage == 5 ? "Closed Won" : stage == 6 ? "Closed Lost" : stages[stage];
      out += ',';
      out += amount;
      out += ',';
      put_date(out, close);
      out += ',';
      out += stage == 5 ? "100" : stage == 6 ? "0" : probability[stage];
      out += ',';
      out += stage == 5 ? "Closed" : stage == 6 ? "Omitted" : category[stage];
      out += ',';
      put_date(out, day);
      const int minute = between(0, 24 * 60 - 1);
      out += 'T';
      two(out, minute / 60);
      out += ':';
      two(out, minute % 60);
      out += ':';
      two(out, between(0, 59));
      out += ".000+0000\n";
    }
    return static_cast<std::size_t>(rows);
  }

 private:
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  static void two(std::string& out, int v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  }
  static void put_date(std::string& out, std::int32_t days) {
    const std::chrono::year_month_day d{std::chrono::sys_days{std::chrono::days{days}}};
    out += std::to_string(static_cast<int>(d.year()));
    out += '-';
    two(out, static_cast<int>(static_cast<unsigned>(d.month())));
    out += '-';
    two(out, static_cast<int>(static_cast<unsigned>(d.day())));
  }

  std::mt19937_64 rng_;
};

struct sample {
  std::string deals;
  std::string history;
  std::size_t history_rows = 0;
};

// The deals and their history for `n` deals, made once per size.
const sample& sample_of(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<sample>> made;
  auto& s = made[n];
  if (!s) {
    s = std::make_unique<sample>();
    salesrules::io::write_csv_record(s->deals, salesrules::bench::header);
    salesrules::bench::pipeline_rows deals(11);
    for (std::size_t i = 1; i <= n; ++i) salesrules::io::write_csv_record(s->deals, deals.next(i));
    s->history = "OpportunityId,StageName,Amount,CloseDate,Probability,ForecastCategory,CreatedDate\n";
    history_rows history(13);
    for (std::size_t i = 1; i <= n; ++i) s->history_rows += history.append(s->history, i);
  }
  return *s;
}

// Reads every deal of `text`, filled from `history` when given; the deals read, or -1.
std::int64_t import_deals(const std::string& text, const salesrules::io::deal_histories* history,
                          benchmark::State& state) {
  salesrules::bench::view_istream in(text);
  return salesrules::bench::import_each(in, seed_policy(), {}, state, [&](salesrules::opportunity& deal) {
    if (history != nullptr && !history->fill(deal)) return false;  // every deal has a history
    benchmark::DoNotOptimize(deal.stage_history.data());
    return true;
  });
}

void rows_per_second(benchmark::State& state, std::size_t rows) {
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows) * static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}

void deal_import(benchmark::State& state) {
  const sample& s = sample_of(static_cast<std::size_t>(state.range(0)));
  std::int64_t rows = 0;
  for (auto _ : state)
    if ((rows = import_deals(s.deals, nullptr, state)) < 0) return;
  rows_per_second(state, static_cast<std::size_t>(rows));
}

void history_import(benchmark::State& state) {
  const sample& s = sample_of(static_cast<std::size_t>(state.range(0)));
  double join_bytes = 0;
  for (auto _ : state) {
    const std::size_t before = mallinfo2().uordblks + mallinfo2().hblkhd;
    salesrules::bench::view_istream in(s.history);
    auto got = salesrules::io::read_history(in, seed_policy());
    if (!got || got->skipped != 0) {
      state.SkipWithError(got ? "history rows skipped" : salesrules::to_string(got.error()).c_str());
      return;
    }
    join_bytes = static_cast<double>(mallinfo2().uordblks + mallinfo2().hblkhd - before);
    benchmark::DoNotOptimize(got->histories.changes());
    state.PauseTiming();  // freeing the histories is not reading them
    got = salesrules::io::history_import{};
    state.ResumeTiming();
  }
  rows_per_second(state, s.history_rows);
  state.counters["join_MiB"] = join_bytes / (1024.0 * 1024.0);
  state.counters["history_rows"] = static_cast<double>(s.history_rows);
}

void deal_import_joined(benchmark::State& state) {
  const sample& s = sample_of(static_cast<std::size_t>(state.range(0)));
  salesrules::bench::view_istream in(s.history);
  auto history = salesrules::io::read_history(in, seed_policy());
  if (!history) {
    state.SkipWithError(salesrules::to_string(history.error()).c_str());
    return;
  }
  std::int64_t rows = 0;
  for (auto _ : state)
    if ((rows = import_deals(s.deals, &history->histories, state)) < 0) return;
  rows_per_second(state, static_cast<std::size_t>(rows));
}

BENCHMARK(deal_import)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(history_import)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(deal_import_joined)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
