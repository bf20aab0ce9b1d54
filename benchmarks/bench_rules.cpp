// SPDX-License-Identifier: BSL-1.0
// The per-deal rules a CRM calls on every save. Targets (issue 2): score and a gate
// check at most 100 ns median each in a release build; advance measured and reported.
//
//   cmake --workflow --preset bench
//   build/release/benchmarks/salesrules_bench --benchmark_filter=rules --benchmark_repetitions=10
//       --benchmark_report_aggregates_only=true   (one command line)
#include <salesrules/salesrules.hpp>

#include "../tests/deals.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>

namespace sr = salesrules;
using namespace std::chrono;
using m = sr::milestone;

namespace {

const sr::date today = 2026y / March / 2d;

const sr::validated_policy& rules() {
  static const auto p = *sr::validate(sr::policy{});
  return p;
}

// Globex-like mid-market deal in Discovery: MEDDIC complete, 21/30, technical fit confirmed.
sr::opportunity discovery_deal() {
  auto o = sr::test::qualified(sr::test::acme("Discovery", {m::meeting_held, m::technical_fit_confirmed}));
  o.id = "OPP-0000042";
  o.account = "Globex Initech Holdings";
  o.owner = "Priya Natarajan";
  o.segment = "Mid-Market";
  o.stage_history = {{"Prospect", 2026y / January / 5d}, {"Discovery", 2026y / January / 20d}};
  return o;
}

void rules_score(benchmark::State& state) {
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto r = sr::score(o.ratings, rules().scorecard());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_score);

void rules_score_weighted(benchmark::State& state) {
  static const auto p = *sr::validate(sr::scorecard_policy{.weights = {3, 2, 2, 1, 2, 1}});
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto r = sr::score(o.ratings, p);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_score_weighted);

// Discovery -> Demo/Evaluation, every criterion met: MEDDIC, score, technical fit.
void rules_gate_check_allowed(benchmark::State& state) {
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto r = sr::check_move(o, "Demo/Evaluation", rules(), today);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_gate_check_allowed);

// Prospect -> Proposal with nothing done: eight unmet criteria across four stages.
void rules_gate_check_refused(benchmark::State& state) {
  auto o = discovery_deal();
  o.stage = "Prospect";
  o.milestones = {};
  o.meddpicc.champion.clear();
  for (auto _ : state) {
    auto r = sr::check_move(o, "Proposal", rules(), today);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_gate_check_refused);

void rules_meddpicc_check(benchmark::State& state) {
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto r = sr::check_meddpicc(o.meddpicc, rules().meddpicc());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_meddpicc_check);

// The full move: check, then a new opportunity value with stage and history updated.
void rules_advance(benchmark::State& state) {
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto r = sr::advance(o, "Demo/Evaluation", rules(), today);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_advance);

// The copy advance cannot avoid, for comparison.
void rules_copy_opportunity(benchmark::State& state) {
  const auto o = discovery_deal();
  for (auto _ : state) {
    auto c = o;
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(rules_copy_opportunity);

void rules_parse_money(benchmark::State& state) {
  const sr::currency usd{"USD"};
  for (auto _ : state) {
    auto r = sr::parse_money("180000.00", usd);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_parse_money);

void rules_parse_date(benchmark::State& state) {
  for (auto _ : state) {
    auto r = sr::parse_date("2026-03-28");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(rules_parse_date);

}  // namespace
