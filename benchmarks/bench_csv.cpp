// SPDX-License-Identifier: BSL-1.0
// CSV reading speed on an opportunity export shaped like ../shared/tools/gen_pipeline.py's:
// 34 columns, about 256 bytes a row, about 1% of the free-text fields quoted because
// they hold a comma, quotes or a line break. The text is built here, in memory, so the
// benchmark needs neither Python nor a file; it measures parsing, not the disk.
#include "view_stream.hpp"

#include <salesrules/io/csv.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace {

using namespace std::string_view_literals;

// Draws rows like gen_pipeline.py: the same columns, vocabularies and fill rates, but
// not its exact numbers (which do not matter to a parser).
class pipeline_text {
 public:
  explicit pipeline_text(std::uint64_t seed) : rng_(seed) {}

  std::string rows(std::size_t n) {
    std::string out =
        "id,account,owner,amount,currency,stage,probability,forecast_category,close_date,created_date,"
        "last_activity_date,next_step,next_step_date,next_step_owner,contacts,budget,authority,need,timeline,"
        "champion,competition,metrics,economic_buyer,decision_criteria,decision_process,identify_pain,"
        "champion_name,paper_process,competitors,discount_pct,segment,outcome,closed_date,loss_reason\n";
    out.reserve(n * 260);
    for (std::size_t i = 1; i <= n; ++i) row(out, i);
    return out;
  }

 private:
  static constexpr std::array owners{"Dana Reyes"sv, "Sam Okafor"sv, "Priya Natarajan"sv, "Lena Vogel"sv,
                                     "Marcus Hill"sv, "Aiko Tanaka"sv, "Jon Berg"sv, "Fatima Zahra"sv,
                                     "Chris Doyle"sv, "Ana Lima"sv};
  static constexpr std::array words{"Acme"sv,   "Globex"sv,  "Initech"sv,  "Umbrella"sv,  "Stark"sv,    "Wayne"sv,
                                    "Tyrell"sv, "Cyberdyne"sv, "Soylent"sv, "Hooli"sv,   "Vandelay"sv, "Wonka"sv,
                                    "Oscorp"sv, "Gringotts"sv, "Aperture"sv, "Massive"sv, "Dynamic"sv, "Blue"sv};
  static constexpr std::array suffixes{"Corp"sv, "Inc."sv, "GmbH"sv, "Ltd"sv, "Group"sv, "Systems"sv, "Labs"sv,
                                       "Holdings"sv};
  static constexpr std::array stages{"Prospect"sv, "Discovery"sv, "Demo/Evaluation"sv, "Proposal"sv,
                                     "Negotiation"sv, "Closed Won"sv, "Closed Lost"sv};
  static constexpr std::array next_steps{"Send ROI summary to CTO"sv, "Legal review of MSA"sv,
                                         "Schedule technical demo"sv, "Confirm budget with CFO"sv,
                                         "Security questionnaire"sv, "Intro to economic buyer"sv, "Pricing call"sv,
                                         "Pilot kickoff"sv};
  static constexpr std::array meddpicc{"Cut onboarding time 40%"sv, "CFO"sv, "SSO and SOC2"sv,
                                       "Pilot then committee"sv, "Unreliable data pipeline"sv, "VP Engineering"sv,
                                       "Procurement portal"sv, "Board approval"sv};
  static constexpr std::array competitors{""sv, "Globex"sv, "Hooli;Initech"sv, "Pied Piper"sv, "Vandelay;Globex"sv};
  static constexpr std::array segments{"SMB"sv, "Mid-Market"sv, "Enterprise"sv};
  static constexpr std::array losses{"Price"sv, "Lost to competitor"sv, "No decision"sv, "Timing"sv};

  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng_)];
  }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  void date(std::string& out) {
    out += "2026-";
    const int m = between(1, 12), d = between(1, 28);
    out += static_cast<char>('0' + m / 10);
    out += static_cast<char>('0' + m % 10);
    out += '-';
    out += static_cast<char>('0' + d / 10);
    out += static_cast<char>('0' + d % 10);
  }

  // Free text; about 1% gets a comma, quotes or a line break, and so is quoted.
  void text(std::string& out, std::string_view s) {
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r >= 0.01) {
      out += s;
    } else if (r < 0.004) {
      out += '"';
      out += s;
      out += ", incl. follow-up\"";
    } else if (r < 0.007) {
      out += '"';
      out += s;
      out += " (\"\"urgent\"\")\"";
    } else {
      out += '"';
      out += s;
      out += "\nsecond line\"";
    }
  }

  void row(std::string& out, std::size_t i) {
    std::string id = std::to_string(i);
    out += "OPP-";
    out.append(7 - std::min<std::size_t>(7, id.size()), '0');
    out += id;
    out += ',';
    std::string account = std::string(pick(words)) + " " + std::string(pick(words)) + " " + std::string(pick(suffixes));
    text(out, account);
    out += ',';
    out += pick(owners);
    out += ',';
    out += std::to_string(between(5'000, 2'000'000)) + "." + std::to_string(between(10, 99));
    out += chance(0.8) ? ",USD," : chance(0.75) ? ",EUR," : ",GBP,";
    out += pick(stages);
    out += ',';
    out += std::to_string(between(0, 10) * 10);
    out += chance(0.5) ? ",Pipeline," : ",Best Case,";
    date(out);
    out += ',';
    date(out);
    out += ',';
    date(out);
    out += ',';
    const bool next = chance(0.6);
    if (next) text(out, pick(next_steps));
    out += ',';
    if (next) date(out);
    out += ',';
    if (next) out += pick(owners);
    out += ',';
    out += std::to_string(between(1, 12));
    for (int k = 0; k < 6; ++k) {
      out += ',';
      out += static_cast<char>('0' + between(1, 5));
    }
    for (int k = 0; k < 7; ++k) {
      out += ',';
      if (chance(0.6)) text(out, pick(meddpicc));
    }
    out += ',';
    out += pick(competitors);
    out += ',';
    out += std::to_string(between(0, 45)) + "." + std::to_string(between(0, 9));
    out += ',';
    out += pick(segments);
    const bool lost = chance(0.3);
    out += lost ? ",lost," : ",open,";
    if (lost) date(out);
    out += ',';
    if (lost) out += pick(losses);
    out += '\n';
  }

  std::mt19937_64 rng_;
};

const std::string& sample() {
  static const std::string text = pipeline_text(3).rows(100'000);
  return text;
}

// Touches every field so that the work cannot be skipped.
std::size_t consume(salesrules::io::csv_reader& reader, benchmark::State& state) {
  std::size_t bytes = 0;
  for (;;) {
    auto got = reader.next();
    if (!got.has_value()) {
      state.SkipWithError("the sample has a malformed record");
      return bytes;
    }
    if (!*got) return bytes;
    if (reader.record().size() != 34) state.SkipWithError("a sample row without 34 fields");
    for (std::string_view f : reader.record().fields) bytes += f.size();
  }
}

// Records from text already in memory.
void csv_parse_memory(benchmark::State& state) {
  const std::string& text = sample();
  for (auto _ : state) {
    salesrules::io::csv_reader reader(text);
    benchmark::DoNotOptimize(consume(reader, state));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
  state.counters["rows"] = 100'000;
}
BENCHMARK(csv_parse_memory)->Unit(benchmark::kMillisecond);

// Records from a stream, in the reader's default 64 KiB chunks (the file import's path,
// minus the disk).
void csv_parse_stream(benchmark::State& state) {
  const std::string& text = sample();
  for (auto _ : state) {
    salesrules::bench::view_istream in(text);
    salesrules::io::csv_reader reader(in);
    benchmark::DoNotOptimize(consume(reader, state));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(csv_parse_stream)->Unit(benchmark::kMillisecond);

}  // namespace
