// SPDX-License-Identifier: BSL-1.0
// Scaling: the cost per item of every per-name bookkeeping, at 1,000, 10,000 and
// 100,000 items. A flat "per item" figure across the three sizes shows the work grows
// with the input, not with its square (issue 13, section 2). Run with
// --benchmark_filter=scaling; each family reports items/s and ns/item.
//
// - scaling_deals_read: the memory floor of the families over deals (reading the
//   fields the analysis reads of N deals, nothing more).
// - scaling_competitors: one lost deal naming N competitors (analyze_win_loss).
// - scaling_loss_reasons: N lost deals, each with its own loss reason and segment
//   (analyze_win_loss), and the same through win_loss_builder (batches merged).
// - scaling_account_owners: N deals of one account, each with its own owner and
//   segment (account_plan_builder).
// - scaling_jsonl_keys: JSON Lines, 4 lines of N distinct keys each (the importer's
//   key memory).
// - scaling_column_map: a column map of N column renames and N stage renames,
//   checked when a reader opens.
// - scaling_stage_lookup: a policy of N stages and N rows naming them.
// - scaling_stage_suggestions: a policy of N stages and 100 rows of distinct unknown
//   stages, each one edit from a real one ("did you mean").
// - scaling_policy_validate: validate() of a policy with N stages.
// - scaling_matrix_analysis: analyze_matrix of a matrix with N deal-amount tiers.
// - scaling_approval_analysis: analyze_approval_rules of N approval rules (at 50,000
//   the largest size, as a policy holds at most 65,536 condition nodes) on one custom field (seats >= i, one level up each): shadowing, coverage, the table and
//   monotonicity, each within its cap (max_pairs, max_cells).
#include "view_stream.hpp"

#include <salesrules/approval_analysis.hpp>
#include <salesrules/io/account_plan.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/io/matrix_testing.hpp>
#include <salesrules/io/win_loss_report.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/win_loss.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace sr = salesrules;
using namespace std::chrono;

constexpr sr::currency usd{"USD"};

const sr::validated_policy& seed_policy() {
  static const sr::validated_policy p = *sr::validate(sr::policy{});
  return p;
}

// "Name 000042": distinct names of one length.
std::string numbered(std::string_view prefix, std::size_t i) {
  const std::string digits = std::to_string(i);
  return std::string(prefix) + " " + std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
}

void per_item(benchmark::State& state, std::size_t items) {
  const auto n = static_cast<double>(items) * static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  state.counters["ns/item"] =
      benchmark::Counter(n * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

sr::opportunity lost_deal(std::string id) {
  sr::opportunity o;
  o.id = std::move(id);
  o.amount = sr::money(1'000'000, usd);
  o.stage = "Closed Lost";
  o.outcome = sr::deal_outcome::lost;
  o.created_date = 2026y / January / 5d;
  o.close_date = 2026y / March / 5d;
  o.closed_date = 2026y / March / 5d;
  o.account = "Acme Corp";
  o.owner = "Dana Reyes";
  o.segment = "Mid-Market";
  o.loss_reason = "Price";
  return o;
}

void scaling_competitors(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<sr::opportunity> deals{lost_deal("OPP-1")};
  for (std::size_t i = 0; i < n; ++i) deals[0].competitors.push_back(numbered("Rival", i));
  for (auto _ : state) {
    auto r = sr::analyze_win_loss(deals, seed_policy());
    if (!r) return state.SkipWithError(sr::to_string(r.error()).c_str());
    benchmark::DoNotOptimize(r->competitors.data());
  }
  per_item(state, n);
}

std::vector<sr::opportunity> distinct_losses(std::size_t n) {
  std::vector<sr::opportunity> deals;
  deals.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& o = deals.emplace_back(lost_deal(numbered("OPP", i)));
    o.loss_reason = numbered("Reason", i);
    o.segment = numbered("Segment", i);
    o.owner = numbered("Owner", i);
  }
  return deals;
}

// The memory floor of the families over deals: only reading the fields the win/loss
// analysis reads of each deal (its stage, segment, loss reason and outcome). Deals are
// about 1 KB each, so 100,000 of them no longer fit the caches: the per-item cost of
// every family over deals rises from 1,000 to 100,000 for that reason alone.
void scaling_deals_read(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto deals = distinct_losses(n);
  for (auto _ : state) {
    std::size_t bytes = 0;
    for (const auto& o : deals)
      bytes += o.stage.size() + o.segment.size() + o.loss_reason.size() + static_cast<std::size_t>(o.outcome) +
               static_cast<unsigned char>(o.segment.back()) + static_cast<unsigned char>(o.loss_reason.back());
    benchmark::DoNotOptimize(bytes);
  }
  per_item(state, n);
}

void scaling_loss_reasons(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto deals = distinct_losses(n);
  for (auto _ : state) {
    auto r = sr::analyze_win_loss(deals, seed_policy());
    if (!r) return state.SkipWithError(sr::to_string(r.error()).c_str());
    benchmark::DoNotOptimize(r->loss_reasons.data());
  }
  per_item(state, n);
}

void scaling_loss_reasons_builder(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto deals = distinct_losses(n);
  for (auto _ : state) {
    sr::io::win_loss_builder b(seed_policy(), {.today = 2026y / November / 22d, .period = std::nullopt});
    for (const auto& o : deals)
      if (auto added = b.add(o); !added) return state.SkipWithError(sr::to_string(added.error()).c_str());
    auto r = b.finish();
    if (!r) return state.SkipWithError(sr::to_string(r.error()).c_str());
    benchmark::DoNotOptimize(r->analysis.loss_reasons.data());
  }
  per_item(state, n);
}

void scaling_account_owners(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto deals = distinct_losses(n);
  for (auto _ : state) {
    sr::io::account_plan_builder b(seed_policy(), {.today = 2026y / November / 22d, .account = "acme corp"});
    for (const auto& o : deals)
      if (auto added = b.add(o); !added) return state.SkipWithError(sr::to_string(added.error()).c_str());
    auto r = b.finish();
    if (!r) return state.SkipWithError(sr::to_string(r.error()).c_str());
    benchmark::DoNotOptimize(r->overview.owners.data());
  }
  per_item(state, n);
}

// Reads every row; the good rows, or -1 after reporting a problem.
std::int64_t read_all(const std::string& text, const sr::validated_policy& policy, sr::io::import_options options,
                      benchmark::State& state, std::uint64_t bad_rows = 0) {
  salesrules::bench::view_istream in(text);
  auto reader = sr::io::opportunity_reader::open(in, policy, std::move(options));
  if (!reader) {
    state.SkipWithError(sr::to_string(reader.error()).c_str());
    return -1;
  }
  sr::opportunity deal;
  std::int64_t good = 0;
  for (;;) {
    auto got = reader->next(deal);
    if (!got.has_value()) {
      benchmark::DoNotOptimize(got.error().message.data());
      continue;
    }
    if (!*got) break;
    ++good;
  }
  if (reader->skipped() != bad_rows) {
    state.SkipWithError(("skipped " + std::to_string(reader->skipped()) + " rows").c_str());
    return -1;
  }
  return good;
}

void scaling_jsonl_keys(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::string line = R"({"id": "OPP-1", "amount": "1000", "currency": "USD", "stage": "Prospect")";
  for (std::size_t i = 0; i < n; ++i) line += ", \"" + numbered("extra", i) + "\": \"x\"";
  line += "}\n";
  std::string text;
  for (int k = 0; k < 4; ++k) text += line;
  sr::io::import_options options{.format = sr::io::input_format::json_lines};
  options.csv.max_record_bytes = std::size_t{1} << 24;  // 100,000 keys pass the default 1 MiB a line
  for (auto _ : state)
    if (read_all(text, seed_policy(), options, state) != 4) return;
  per_item(state, 4 * n);
}

void scaling_column_map(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  sr::io::import_options options;
  const auto columns = sr::io::opportunity_columns();
  for (std::size_t i = 0; i < n; ++i) {
    options.map.columns.push_back({numbered("Their column", i), std::string(columns[i % columns.size()])});
    options.map.stages.push_back({numbered("Their stage", i), "Prospect"});
  }
  const std::string text = "id,amount,currency,stage\nOPP-1,1000,USD,Their stage 000000\n";
  for (auto _ : state)
    if (read_all(text, seed_policy(), options, state) != 1) return;
  per_item(state, n);
}

// The seed process with n more open stages ("Stage 000000", ...) before the closed ones.
sr::validated_policy many_stages(std::size_t n) {
  sr::policy p;
  auto& stages = p.process.stages;
  std::vector<sr::stage> closed(stages.end() - 2, stages.end());
  stages.resize(stages.size() - 2);
  for (std::size_t i = 0; i < n; ++i) stages.push_back({numbered("Stage", i), sr::probability{80}, sr::stage_kind::open, {}, {}});
  stages.insert(stages.end(), closed.begin(), closed.end());
  return *sr::validate(std::move(p));
}

void scaling_stage_lookup(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto policy = many_stages(n);
  std::string text = "id,amount,currency,stage\n";
  for (std::size_t i = 0; i < n; ++i)
    text += numbered("OPP", i) + ",1000,USD," + numbered("Stage", (i * 7919) % n) + "\n";
  for (auto _ : state)
    if (read_all(text, policy, {}, state) != static_cast<std::int64_t>(n)) return;
  per_item(state, n);
}

void scaling_stage_suggestions(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto policy = many_stages(n);
  std::string text = "id,amount,currency,stage\n";
  for (std::size_t i = 0; i < 100; ++i)  // "Stgae 000123": one swap from a stage
    text += numbered("OPP", i) + ",1000,USD," + numbered("Stgae", (i * 7919) % n) + "\n";
  for (auto _ : state)
    if (read_all(text, policy, {}, state, 100) != 0) return;
  per_item(state, n);
}

void scaling_policy_validate(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const sr::policy p = many_stages(n).data();
  for (auto _ : state) {
    state.PauseTiming();
    sr::policy copy = p;
    state.ResumeTiming();
    auto v = sr::validate(std::move(copy));
    if (!v) return state.SkipWithError(sr::to_string(v.error()).c_str());
    benchmark::DoNotOptimize(&*v);
  }
  per_item(state, n);
}

void scaling_matrix_analysis(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  sr::discount_policy p;
  // Tiers of $1,000 steps, highest first (as a tier table is written), one step up each.
  for (std::size_t i = n; i-- > 0;)
    p.rules.push_back({numbered("tier", i), sr::deal_dimension::deal_amount, 0,
                       sr::money(static_cast<std::int64_t>(i + 1) * 100'000, usd), 1, "", {}, {}});
  const auto policy = *sr::validate(std::move(p));
  for (auto _ : state) {
    const auto a = sr::analyze_matrix(policy);
    benchmark::DoNotOptimize(a.table.levels.data());
  }
  per_item(state, n);
}

void scaling_approval_analysis(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  sr::discount_policy p;
  p.fields = {{"seats", sr::field_type::number}};
  for (std::size_t i = 0; i < n; ++i)
    p.approval_rules.push_back({numbered("seats", i),
                                sr::compare("seats", sr::comparison::at_least, {std::to_string(i + 1)}), 1, "", {}, {}, false});
  const auto policy = sr::validate(std::move(p));  // 65,536 condition nodes at most: 50,000 rules
  if (!policy) return state.SkipWithError(sr::to_string(policy.error()).c_str());
  for (auto _ : state) {
    const auto a = sr::analyze_approval_rules(*policy);
    benchmark::DoNotOptimize(a.dimensions.data());
  }
  per_item(state, n);
}

}  // namespace

#define SCALING(f) BENCHMARK(f)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)
SCALING(scaling_deals_read);
SCALING(scaling_competitors);
SCALING(scaling_loss_reasons);
SCALING(scaling_loss_reasons_builder);
SCALING(scaling_account_owners);
SCALING(scaling_jsonl_keys);
SCALING(scaling_column_map);
SCALING(scaling_stage_lookup);
SCALING(scaling_stage_suggestions);
SCALING(scaling_policy_validate);
SCALING(scaling_matrix_analysis);
BENCHMARK(scaling_approval_analysis)->Arg(1'000)->Arg(10'000)->Arg(50'000)->Unit(benchmark::kMillisecond);
