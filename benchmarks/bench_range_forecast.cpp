// SPDX-License-Identifier: BSL-1.0
// The range forecast of one period: 1,000, 10,000 and 100,000 open deals under the
// default policy (issue 13: 100,000 under 1 s in a release build), 2,000 deals at the
// most steps a policy may ask for (range_buckets 1,000,000), beside a baseline loop
// that only sums the same deals' amounts. And, when SALESRULES_BENCH_MONTE_CARLO gives
// a number of samples, the 100,000-deal forecast against a fixed-seed Monte Carlo
// sample of the same deals (range_monte_carlo: its counters are the errors, in % of
// the expected value; the time is the sampling's, not the forecast's).
//
//   cmake --preset release && cmake --build --preset release --target salesrules_bench
//   build/release/benchmarks/salesrules_bench --benchmark_filter=range --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one command line)
//   SALESRULES_BENCH_MONTE_CARLO=20000 build/release/benchmarks/salesrules_bench --benchmark_filter=monte_carlo
#include <salesrules/range_forecast.hpp>

#include "pipeline.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace sr = salesrules;
using namespace std::chrono;

namespace {

const sr::validated_policy& rules() {
  static const auto p = *sr::validate(sr::bench::sample_policy());
  return p;
}

const sr::validated_policy& most_steps() {
  static const auto p = [] {
    auto pol = sr::bench::sample_policy();
    pol.forecast.range_buckets = 1'000'000;
    return *sr::validate(std::move(pol));
  }();
  return p;
}

const sr::validated_policy& with_buckets(std::int64_t buckets) {
  return buckets == 1'000'000 ? most_steps() : rules();
}

// FY2026-Q4 (October - December 2026) of the default calendar.
const sr::fiscal_period& quarter() {
  static const auto q = sr::period_of(2026y / December / 1d, sr::period_kind::quarter, rules().calendar());
  return q;
}

// `n` open deals of the quarter drawn as gen_pipeline.py draws open deals: amounts
// log-uniform in each segment ($5k-50k, $50k-500k, $150k-2M), USD, EUR and GBP
// (80/15/5), the stages' probabilities (10-80%) and now and then a rep's override of
// -10 to +15 points. Only what a forecast reads is filled in.
const std::vector<sr::opportunity>& open_deals(std::size_t n) {
  static std::vector<sr::opportunity> kept;
  if (kept.size() != n) {
    static const std::array<const char*, 5> stages{"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation"};
    static const std::array<int, 5> stage_pct{10, 20, 40, 60, 80};
    std::mt19937_64 rng(7);
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    auto pick = [&](std::initializer_list<double> w) { return std::discrete_distribution<int>(w)(rng); };
    kept.clear();
    kept.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      sr::opportunity o;
      const int seg = pick({0.3, 0.45, 0.25});
      const double lo = seg == 0 ? 5e3 : seg == 1 ? 5e4 : 1.5e5, hi = seg == 0 ? 5e4 : seg == 1 ? 5e5 : 2e6;
      const int cur = pick({0.8, 0.15, 0.05});
      o.amount = sr::money(static_cast<std::int64_t>(std::exp(uniform(std::log(lo), std::log(hi))) * 100),
                           cur == 0 ? sr::currency{"USD"} : cur == 1 ? sr::currency{"EUR"} : sr::currency{"GBP"});
      const auto stage = static_cast<std::size_t>(pick({0.25, 0.25, 0.2, 0.18, 0.12}));
      o.stage = stages[stage];
      if (uniform(0, 1) < 0.08) {
        static const std::array<int, 5> shifts{-10, -5, 5, 10, 15};
        o.probability_override =
            *sr::probability::from_percent(std::clamp(stage_pct[stage] + shifts[rng() % 5], 0, 100));
      }
      o.close_date = sr::add_days(quarter().first_day, static_cast<std::int32_t>(i % 90));
      kept.push_back(std::move(o));
    }
  }
  return kept;
}

void forecast_counters(benchmark::State& state, const std::vector<sr::opportunity>& deals,
                       const sr::validated_policy& p) {
  const auto r = sr::forecast_range(deals, quarter(), p);
  if (!r) return;
  state.counters["steps"] = static_cast<double>(r->steps);
  state.counters["resolution_usd"] = static_cast<double>(r->resolution.minor_units()) / 100;
  state.counters["mean_gap_cents"] = static_cast<double>(r->distribution_mean.minor_units() - r->expected_value.minor_units());
}

void range_forecast_open_deals(benchmark::State& state) {
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  const auto quota = sr::money(10'500'000'000, sr::currency{"USD"});
  for (auto _ : state) {
    auto r = sr::forecast_range(deals, quarter(), rules(), quota);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  forecast_counters(state, deals, rules());
}
BENCHMARK(range_forecast_open_deals)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// range_buckets at its maximum, 1,000,000, with 2,000 deals (each some 500 steps wide)
// and with 100,000.
void range_forecast_most_steps(benchmark::State& state) {
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = sr::forecast_range(deals, quarter(), most_steps());
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  forecast_counters(state, deals, most_steps());
}
BENCHMARK(range_forecast_most_steps)->Arg(2'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The memory floor: the same deals' amounts summed, nothing else.
void range_baseline_sum_amounts(benchmark::State& state) {
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (const auto& o : deals) sum += o.amount.minor_units();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(range_baseline_sum_amounts)->Arg(1'000)->Unit(benchmark::kMicrosecond);

// The forecast of `n` deals (range_buckets 100,000, the default, or 1,000,000) against
// a Monte Carlo sample of their exact amounts (SALESRULES_BENCH_MONTE_CARLO samples,
// seed 7): P10, P50 and P90 each against the sample's, in % of the expected value.
// The sample's own error is about 1.7 standard deviations of the total / sqrt(samples)
// at P10 and P90 (reported as sample_se_pct).
void range_monte_carlo(benchmark::State& state) {
  const char* env = std::getenv("SALESRULES_BENCH_MONTE_CARLO");
  if (env == nullptr) {
    state.SkipWithError("set SALESRULES_BENCH_MONTE_CARLO to a number of samples");
    return;
  }
  const auto samples = static_cast<std::size_t>(std::max(100L, std::atol(env)));
  const auto& deals = open_deals(static_cast<std::size_t>(state.range(0)));
  const auto& p = with_buckets(state.range(1));
  const auto r = sr::forecast_range(deals, quarter(), p);
  if (!r) {
    state.SkipWithError(r.error().message.c_str());
    return;
  }
  // Each deal's exact amount in cents (as a double: exact below 2^53) and chance.
  struct deal_chance {
    double cents;
    double chance;
  };
  std::vector<deal_chance> exact;
  for (const auto& o : deals) {
    const auto rate = sr::rate_of(o.amount.currency(), p.exchange());
    const auto c = sr::categorize(o, p);
    exact.push_back({static_cast<double>(o.amount.minor_units()) * static_cast<double>(rate->billionths()) / 1e9,
                     c->probability.whole_percent() / 100.0});
  }
  std::vector<double> totals(samples);
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    for (double& t : totals) {
      double sum = 0;
      for (const auto& d : exact) sum += static_cast<double>(rng() >> 11) * 0x1p-53 < d.chance ? d.cents : 0.0;
      t = sum;
    }
  }
  std::sort(totals.begin(), totals.end());
  double mean = 0, var = 0;
  for (double t : totals) mean += t / static_cast<double>(samples);
  for (double t : totals) var += (t - mean) * (t - mean) / static_cast<double>(samples);
  const auto sampled = [&](std::size_t k) { return totals[samples * k / 100 - 1]; };
  const double ev = static_cast<double>(r->expected_value.minor_units());
  state.counters["p10_error_pct"] = 100 * (static_cast<double>(r->p10.minor_units()) - sampled(10)) / ev;
  state.counters["p50_error_pct"] = 100 * (static_cast<double>(r->p50.minor_units()) - sampled(50)) / ev;
  state.counters["p90_error_pct"] = 100 * (static_cast<double>(r->p90.minor_units()) - sampled(90)) / ev;
  state.counters["sample_se_pct"] = 100 * 1.7 * std::sqrt(var / static_cast<double>(samples)) / ev;
  state.counters["bound_pct"] = 100 * static_cast<double>(r->quantile_error_bound.minor_units()) / ev;
  state.counters["expected_usd"] = ev / 100;
  state.counters["p50_usd"] = static_cast<double>(r->p50.minor_units()) / 100;
}
BENCHMARK(range_monte_carlo)->Args({100'000, 100'000})->Args({100'000, 1'000'000})->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
