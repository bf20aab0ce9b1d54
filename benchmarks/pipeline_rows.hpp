// SPDX-License-Identifier: BSL-1.0
// Opportunity CSV rows drawn like ../shared/tools/gen_pipeline.py's, for the import
// benchmarks: the interchange columns, the same vocabularies and about the same fill
// rates; every row is good under the seed policy. And the loop that imports them.
#ifndef SALESRULES_BENCHMARKS_PIPELINE_ROWS_HPP
#define SALESRULES_BENCHMARKS_PIPELINE_ROWS_HPP

#include <salesrules/io/import.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <random>
#include <string>
#include <string_view>

namespace salesrules::bench {

using namespace std::string_view_literals;

inline constexpr std::array<std::string_view, 34> header{
    "id", "account", "owner", "amount", "currency", "stage", "probability", "forecast_category", "close_date",
    "created_date", "last_activity_date", "next_step", "next_step_date", "next_step_owner", "contacts", "budget",
    "authority", "need", "timeline", "champion", "competition", "metrics", "economic_buyer", "decision_criteria",
    "decision_process", "identify_pain", "champion_name", "paper_process", "competitors", "discount_pct", "segment",
    "outcome", "closed_date", "loss_reason"};

// Deals drawn like gen_pipeline.py's: the same vocabularies and about the same fill
// rates; every row is good under the seed policy.
class pipeline_rows {
 public:
  explicit pipeline_rows(std::uint64_t seed) : rng_(seed) {}

  // The cells of row `i`, valid until the next call.
  const std::array<std::string_view, 34>& next(std::size_t i) {
    text_.clear();
    std::size_t at = 0;
    std::array<std::size_t, 35> bounds{};
    auto cell = [&](std::size_t k) { bounds[k] = at; };
    auto put = [&](std::string_view s) {
      text_ += s;
      at = text_.size();
    };
    auto end_cell = [&](std::size_t k) { bounds[k + 1] = at; };

    static constexpr std::array owners{"Dana Reyes"sv, "Sam Okafor"sv, "Priya Natarajan"sv, "Lena Vogel"sv,
                                       "Marcus Hill"sv, "Aiko Tanaka"sv, "Jon Berg"sv, "Fatima Zahra"sv};
    static constexpr std::array words{"Acme"sv,  "Globex"sv, "Initech"sv, "Umbrella"sv, "Stark"sv,
                                      "Wayne"sv, "Tyrell"sv, "Hooli"sv,   "Vandelay"sv, "Wonka"sv};
    static constexpr std::array suffixes{"Corp"sv, "Inc."sv, "GmbH"sv, "Ltd"sv, "Group"sv, "Systems"sv};
    static constexpr std::array stages{"Prospect"sv, "Discovery"sv, "Demo/Evaluation"sv, "Proposal"sv,
                                       "Negotiation"sv};
    static constexpr std::array probabilities{"10"sv, "20"sv, "40"sv, "60"sv, "80"sv};
    static constexpr std::array categories{"Upside"sv, "Pipeline"sv, "Pipeline"sv, "Best Case"sv, "Best Case"sv};
    static constexpr std::array next_steps{"Send ROI summary to CTO"sv, "Legal review of MSA"sv,
                                           "Schedule technical demo"sv, "Pricing call"sv};
    static constexpr std::array meddpicc{"Cut onboarding time 40%"sv, "CFO"sv, "SSO and SOC2"sv,
                                         "Pilot then committee"sv, "Unreliable data pipeline"sv, "VP Engineering"sv,
                                         "Procurement portal"sv};
    static constexpr std::array competitors{""sv, "Globex"sv, "Hooli;Initech"sv, "Pied Piper"sv};
    static constexpr std::array segments{"SMB"sv, "Mid-Market"sv, "Enterprise"sv};
    static constexpr std::array losses{"Price"sv, "Lost to competitor"sv, "No decision"sv, "Timing"sv};

    const int r = between(0, 99);
    const bool won = r < 15, lost = r >= 15 && r < 40;
    const std::size_t s = static_cast<std::size_t>(between(0, 4));

    cell(0);
    put("OPP-");
    put(std::to_string(i));
    end_cell(0);
    cell(1);
    text(std::string(pick(words)) + " " + std::string(pick(words)) + " " + std::string(pick(suffixes)), put);
    end_cell(1);
    cell(2), put(pick(owners)), end_cell(2);
    cell(3), put(std::to_string(between(5'000, 2'000'000)) + "." + std::to_string(between(10, 99))), end_cell(3);
    cell(4), put(chance(80) ? "USD"sv : chance(75) ? "EUR"sv : "GBP"sv), end_cell(4);
    cell(5), put(won ? "Closed Won"sv : lost ? "Closed Lost"sv : stages[s]), end_cell(5);
    cell(6), put(won ? "100"sv : lost ? "0"sv : probabilities[s]), end_cell(6);
    cell(7), put(won ? "Closed"sv : lost ? "Omitted"sv : chance(5) ? "Commit"sv : categories[s]), end_cell(7);
    cell(8), date(put), end_cell(8);
    cell(9), date(put), end_cell(9);
    cell(10), date(put), end_cell(10);
    const bool step = !won && !lost && chance(85);
    cell(11);
    if (step) text(std::string(pick(next_steps)), put);
    end_cell(11);
    cell(12);
    if (step) date(put);
    end_cell(12);
    cell(13);
    if (step) put(pick(owners));
    end_cell(13);
    cell(14), put(std::to_string(between(1, 12))), end_cell(14);
    for (std::size_t k = 15; k < 21; ++k) {
      cell(k);
      if (chance(97)) put(std::string(1, static_cast<char>('0' + between(1, 5))));
      end_cell(k);
    }
    for (std::size_t k = 21; k < 28; ++k) {
      cell(k);
      if (chance(60)) text(std::string(meddpicc[k - 21]), put);
      end_cell(k);
    }
    cell(28), put(pick(competitors)), end_cell(28);
    cell(29), put(std::to_string(between(0, 45)) + "." + std::to_string(between(0, 9))), end_cell(29);
    cell(30), put(pick(segments)), end_cell(30);
    cell(31), put(won ? "won"sv : lost ? "lost"sv : "open"sv), end_cell(31);
    cell(32);
    if (won || lost) date(put);
    end_cell(32);
    cell(33);
    if (lost) put(pick(losses));
    end_cell(33);

    for (std::size_t k = 0; k < 34; ++k) cells_[k] = std::string_view(text_).substr(bounds[k], bounds[k + 1] - bounds[k]);
    return cells_;
  }

 private:
  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng_)];
  }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return between(0, 99) < percent; }

  template <class Put>
  void date(Put& put) {
    const int m = between(1, 12), d = between(1, 28);
    const char text[] = {'2', '0', '2', '6', '-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                         static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
    put(std::string_view(text, sizeof text));
  }

  // Free text; about 1% gets a comma, quotes or a line break (which the writer quotes).
  template <class Put>
  void text(std::string s, Put& put) {
    const int r = between(0, 999);
    if (r < 4)
      s += ", incl. follow-up";
    else if (r < 7)
      s += " (\"urgent\")";
    else if (r < 10)
      s += "\nsecond line";
    put(s);
  }

  std::mt19937_64 rng_;
  std::string text_;
  std::array<std::string_view, 34> cells_{};
};

// Reads every deal of `in`, handing each to `each` (false: stop with an error); the
// deals read, or -1 after marking the benchmark skipped (a bad row counts as a problem:
// the benchmarks' rows are all good).
template <class Each>
std::int64_t import_each(std::istream& in, const validated_policy& policy, io::import_options options,
                         benchmark::State& state, Each each) {
  auto reader = io::opportunity_reader::open(in, policy, std::move(options));
  if (!reader) {
    state.SkipWithError(to_string(reader.error()).c_str());
    return -1;
  }
  opportunity deal;
  std::int64_t good = 0;
  for (;;) {
    auto got = reader->next(deal);
    if (!got.has_value()) {
      if (reader->failed()) {
        state.SkipWithError(to_string(got.error()).c_str());
        return -1;
      }
      continue;
    }
    if (!*got) break;
    if (!each(deal)) {
      state.SkipWithError(("deal " + deal.id + " was refused").c_str());
      return -1;
    }
    ++good;
  }
  if (reader->skipped() != 0) {
    state.SkipWithError(("skipped " + std::to_string(reader->skipped()) + " rows").c_str());
    return -1;
  }
  return good;
}

}  // namespace salesrules::bench

#endif  // SALESRULES_BENCHMARKS_PIPELINE_ROWS_HPP
