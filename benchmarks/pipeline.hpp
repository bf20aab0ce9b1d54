// SPDX-License-Identifier: BSL-1.0
// In-memory pipelines for the benchmarks, drawn like ../shared/tools/gen_pipeline.py
// draws its CSV rows: the same segments, amounts, stages, outcomes, ratings,
// MEDDPICC fill rates, contacts and date spreads, from a seeded generator (no CSV
// is read: parsing is not what these benchmarks measure).
#ifndef SALESRULES_BENCHMARKS_PIPELINE_HPP
#define SALESRULES_BENCHMARKS_PIPELINE_HPP

#include <salesrules/salesrules.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace salesrules::bench {

using namespace std::chrono;

// 2026-11-22, the generator's default reporting date.
inline constexpr date sample_today = 2026y / November / 22d;

// USD reporting with the generator's EUR and GBP deals converted.
inline policy sample_policy() {
  policy p;
  p.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'083'400'000)},
                      {currency{"GBP"}, exchange_rate::from_billionths(1'264'100'000)}};
  return p;
}

inline std::vector<opportunity> generate_pipeline(std::size_t rows, std::uint64_t seed = 7, date today = sample_today) {
  static const std::array<const char*, 5> stages{"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation"};
  static const std::array<int, 5> stage_pct{10, 20, 40, 60, 80};
  static const std::array<const char*, 10> owners{"Dana Reyes", "Sam Okafor",  "Priya Natarajan", "Lena Vogel",
                                                  "Marcus Hill", "Aiko Tanaka", "Jon Berg",        "Fatima Zahra",
                                                  "Chris Doyle", "Ana Lima"};
  static const std::array<const char*, 6> losses{"Price",  "Lost to competitor", "No decision",
                                                 "Timing", "Missing features",   "Champion left"};
  static const std::array<const char*, 5> competitors{"Globex", "Initech", "Hooli", "Pied Piper", "Vandelay"};
  const date start = 2025y / January / 1d, end = 2027y / June / 30d;
  const int span = days_between(start, today < end ? today : end);

  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto below = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto pick = [&](std::initializer_list<double> weights) {
    std::discrete_distribution<int> d(weights);
    return d(rng);
  };

  std::vector<opportunity> out;
  out.reserve(rows);
  for (std::size_t i = 1; i <= rows; ++i) {
    opportunity o;
    const int seg = pick({0.3, 0.45, 0.25});
    const double lo = seg == 0 ? 5e3 : seg == 1 ? 5e4 : 1.5e5, hi = seg == 0 ? 5e4 : seg == 1 ? 5e5 : 2e6;
    const auto cents = static_cast<std::int64_t>(std::exp(uniform(std::log(lo), std::log(hi))) * 100);
    const int cur = pick({0.8, 0.15, 0.05});
    o.amount = money(cents, cur == 0 ? currency{"USD"} : cur == 1 ? currency{"EUR"} : currency{"GBP"});
    o.segment = seg == 0 ? "SMB" : seg == 1 ? "Mid-Market" : "Enterprise";
    o.id = "OPP-" + std::to_string(1'000'000 + i).substr(1);
    o.owner = owners[static_cast<std::size_t>(below(10))];
    o.account = std::string(competitors[static_cast<std::size_t>(below(5))]) + " Corp";
    o.created_date = add_days(start, below(std::max(span, 1)));
    int reached = 0;
    if (days_between(o.created_date, today) > 60 && chance(0.55)) {
      const bool won = chance(0.3);
      reached = won ? 5 : pick({0.25, 0.3, 0.2, 0.15, 0.1});
      date closed = add_days(o.created_date, 15 + below(185));
      if (today < closed) closed = today;
      o.stage = won ? "Closed Won" : "Closed Lost";
      o.outcome = won ? deal_outcome::won : deal_outcome::lost;
      o.close_date = closed;
      o.closed_date = closed;
      o.last_activity_date = closed;
      if (!won) o.loss_reason = losses[static_cast<std::size_t>(below(6))];
    } else {
      reached = pick({0.25, 0.25, 0.2, 0.18, 0.12});
      o.stage = stages[static_cast<std::size_t>(reached)];
      if (chance(0.08)) {
        static const std::array<int, 5> shifts{-10, -5, 5, 10, 15};
        const int p = std::clamp(stage_pct[static_cast<std::size_t>(reached)] + shifts[static_cast<std::size_t>(below(5))], 0, 100);
        o.probability_override = *probability::from_percent(p);
      }
      o.close_date = add_days(today, -45 + below(345));
      date active = add_days(today, -static_cast<int>(std::exponential_distribution<double>(1.0 / 18)(rng)));
      if (active < o.created_date) active = o.created_date;
      o.last_activity_date = active;
      if (chance(0.05)) {
        static const std::array<forecast_category, 5> cats{forecast_category::commit, forecast_category::best_case,
                                                           forecast_category::pipeline, forecast_category::upside,
                                                           forecast_category::omitted};
        o.forecast_override = forecast_override{cats[static_cast<std::size_t>(below(5))], "rep's call"};
      }
      if (chance(0.85)) {
        o.next_step = next_step{"Send ROI summary to CTO", std::nullopt, ""};
        if (chance(0.9)) o.next_step->due = add_days(today, -10 + below(40));
        if (chance(0.9)) o.next_step->owner = owners[static_cast<std::size_t>(below(10))];
      }
    }
    auto rate = [&]() {
      const int v = std::clamp(static_cast<int>(std::lround(std::normal_distribution<double>(2.2 + 0.5 * reached, 1)(rng))), 1, 5);
      return *rating::from_int(v);
    };
    o.ratings = {rate(), rate(), rate(), rate(), rate(), rate()};
    if (chance(0.05)) o.ratings.champion = rating::not_rated();
    const double fill = 0.35 + 0.15 * reached;
    auto field = [&](const char* text) { return chance(fill) ? std::string(text) : std::string(); };
    o.meddpicc = {field("Cut onboarding time 40%"), field("CTO"),         field("SSO and SOC2"),
                  field("Security then legal"),     field("Manual provisioning"), field("VP Engineering"),
                  field("MSA + order form"),        field("Globex")};
    o.contact_count = static_cast<std::uint32_t>(1 + pick({12, 14, 16, 14, 10, 8, 7, 6, 5, 4, 2, 2}));
    const int n_comp = pick({0.4, 0.45, 0.15});
    for (int c = 0; c < n_comp; ++c) o.competitors.emplace_back(competitors[static_cast<std::size_t>(below(5))]);
    o.requested_discount = percent::from_basis_points(
        std::clamp(static_cast<std::int64_t>(std::lround(std::normal_distribution<double>(9, 8)(rng) * 10)) * 10,
                   std::int64_t{0}, std::int64_t{4500}));
    out.push_back(std::move(o));
  }
  return out;
}

// One pipeline of `rows` deals, generated on first use and kept until a pipeline of
// another size is asked for (10M deals take about 10 GB).
inline const std::vector<opportunity>& cached_pipeline(std::size_t rows) {
  static std::vector<opportunity> kept;
  if (kept.size() != rows) {
    kept.clear();
    kept.shrink_to_fit();
    kept = generate_pipeline(rows);
  }
  return kept;
}

}  // namespace salesrules::bench

#endif  // SALESRULES_BENCHMARKS_PIPELINE_HPP
