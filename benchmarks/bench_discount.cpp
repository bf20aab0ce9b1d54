// SPDX-License-Identifier: BSL-1.0
// One discount decision (issue 4): the playbook's matrix and a 12-band, 4-dimension
// matrix as data, beside a hand-written if-chain that hard-codes the playbook's
// matrix and does the same work (exact discount from two quote lines, band,
// evidence, Legal and Finance). Targets: at most 50 ns, within 2x of the if-chain,
// no allocation without a trace.
//
//   build/release/benchmarks/salesrules_bench --benchmark_filter=discount
//       --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <salesrules/discount.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace sr = salesrules;

namespace {

const sr::currency usd{"USD"};
sr::money dollars(std::int64_t whole) { return sr::money(whole * 100, usd); }

// Two lines, 22.5% off in all: Director, with a strategic justification supplied.
sr::discount_request request() {
  sr::discount_request r;
  r.lines = {{dollars(80'000), dollars(60'000)}, {dollars(20'000), dollars(17'500)}};
  r.deal_amount = dollars(77'500);
  r.term_months = 24;
  r.payment_days = 45;
  r.evidence = {"strategic_justification"};
  return r;
}

// Twelve bands over six levels, and rules on four dimensions.
sr::discount_policy large_policy() {
  sr::discount_policy p;
  p.levels = {"Account Executive", "Senior AE", "Manager", "Director", "VP", "CRO"};
  const char* level_of_band[12] = {"Account Executive", "Account Executive", "Senior AE", "Senior AE", "Manager", "Manager",
                                   "Director",          "Director",          "VP",        "VP",        "CRO",     "CRO"};
  const int edges[13] = {0, 5, 8, 10, 13, 16, 20, 23, 26, 30, 40, 60, 100};
  p.bands.clear();
  for (int i = 0; i < 12; ++i)
    p.bands.push_back({sr::percent::from_whole(edges[i]), sr::percent::from_whole(edges[i + 1]), level_of_band[i],
                       i >= 4 ? std::vector<std::string>{"documented_justification"} : std::vector<std::string>{}});
  p.rules = {
      {"$1M", sr::deal_dimension::deal_amount, 0, dollars(1'000'000), 2, "", {}, {"business_case"}},
      {"$250k", sr::deal_dimension::deal_amount, 0, dollars(250'000), 1, "", {}, {}},
      {"3 years", sr::deal_dimension::term_months, 36, std::nullopt, 1, "", {"finance"}, {}},
      {"net 60", sr::deal_dimension::payment_days, 61, std::nullopt, 0, "", {"finance"}, {}},
      {"net 30", sr::deal_dimension::payment_days, 31, std::nullopt, 0, "", {"finance"}, {}},
      {"legal", sr::deal_dimension::nonstandard_terms, 0, std::nullopt, 0, "", {"legal"}, {}},
  };
  return p;
}

void discount_default_policy(benchmark::State& state) {
  static const auto p = *sr::validate(sr::discount_policy{});
  const auto r = request();
  for (auto _ : state) {
    auto d = sr::decide_discount(r, p);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(discount_default_policy);

void discount_twelve_bands_four_dimensions(benchmark::State& state) {
  static const auto p = *sr::validate(large_policy());
  const auto r = request();
  for (auto _ : state) {
    auto d = sr::decide_discount(r, p);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(discount_twelve_bands_four_dimensions);

// The company's own (issue 15): four custom dimensions - region, deal type and partner
// on the request, product family on the lines (through an approval variable) - and
// eight approval rules over them and the built-in fields. Target: under 100 ns.
sr::discount_policy company_policy() {
  using sr::compare, sr::all_of, sr::comparison;
  sr::discount_policy p;
  p.fields = {{"region", sr::field_type::text}, {"deal_type", sr::field_type::text}, {"partner", sr::field_type::boolean}};
  p.line_fields = {{"product_family", sr::field_type::text}};
  p.variables = {{"services_discount", sr::line_aggregate::discount,
                  compare("product_family", comparison::equal, {"Services"})}};
  const auto rule = [](std::string name, sr::condition when, int raise, std::string floor,
                       std::vector<std::string> reviewers, bool refuse) {
    return sr::approval_rule{std::move(name), std::move(when), raise, std::move(floor), std::move(reviewers), {}, refuse};
  };
  p.approval_rules = {
      rule("renewals never above 40%",
           all_of({compare("deal_type", comparison::equal, {"renewal"}), compare("discount", comparison::above, {"40%"})}),
           0, "", {}, true),
      rule("large EMEA", all_of({compare("region", comparison::equal, {"EMEA"}),
                                 compare("deal_amount", comparison::at_least, {"250000 USD"})}),
           0, "VP", {}, false),
      rule("large APAC", all_of({compare("region", comparison::equal, {"APAC"}),
                                 compare("deal_amount", comparison::at_least, {"500000 USD"})}),
           0, "Director", {}, false),
      rule("services above 15%", compare("services_discount", comparison::above, {"15%"}), 0, "Director", {}, false),
      rule("partner deals", compare("partner", comparison::equal, {"true"}), 0, "", {"finance"}, false),
      rule("deep expansion", all_of({compare("deal_type", comparison::equal, {"expansion"}),
                                     compare("discount", comparison::above, {"25%"})}),
           1, "", {}, false),
      rule("long terms abroad", all_of({compare("region", comparison::in, {"EMEA", "APAC"}),
                                        compare("term_months", comparison::above, {"24"})}),
           0, "", {"legal"}, false),
      rule("direct new logos above 30%",
           all_of({compare("deal_type", comparison::equal, {"new"}), compare("partner", comparison::equal, {"false"}),
                   compare("discount", comparison::above, {"30%"})}),
           0, "VP", {}, false),
  };
  return p;
}

void discount_company_rules(benchmark::State& state) {
  static const auto p = *sr::validate(company_policy());
  auto r = request();
  r.lines[0].fields = {{"product_family", std::string("Software")}};
  r.lines[1].fields = {{"product_family", std::string("Services")}};
  r.fields = {{"region", std::string("EMEA")}, {"deal_type", std::string("expansion")}, {"partner", false}};
  for (auto _ : state) {
    auto d = sr::decide_discount(r, p);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(discount_company_rules);

// The floor: the playbook's matrix written as code.
struct hard_coded {
  int level;
  unsigned reviewers;
  unsigned missing;
  bool ok;
};
[[gnu::noinline]] hard_coded if_chain(const sr::discount_request& r) {
  __extension__ __int128 list = 0, off = 0;
  for (const auto& l : r.lines) {
    if (l.list.minor_units() <= 0 || l.net.minor_units() > l.list.minor_units() || l.net.is_negative() ||
        l.list.currency() != l.net.currency())
      return {0, 0, 0, false};
    list += l.list.minor_units();
    off += l.list.minor_units() - l.net.minor_units();
  }
  if (list == 0) return {0, 0, 0, false};
  hard_coded h{0, 0, 0, true};
  // The evidence as bits in the policy's order: documented justification (0), strategic
  // justification (1), reciprocal commitment (2), executive sponsor (3), business case (4).
  unsigned required = 0;
  if (off * 10 <= list) {
    h.level = 0;
  } else if (off * 5 <= list) {
    h.level = 1;
    required = 1u << 0U;
  } else if (off * 10 <= list * 3) {
    h.level = 2;
    required = (1u << 1U) | (1u << 2U);
  } else {
    h.level = 3;
    required = (1u << 3U) | (1u << 4U);
  }
  if (r.nonstandard_terms) h.reviewers |= 1u << 1U;  // legal, the second of the policy's reviewers
  if (r.payment_days > 30) h.reviewers |= 1u << 0U;  // finance, the first
  // The rep's evidence by name, as a host would match it (exactly, case and all).
  static constexpr std::string_view kinds[] = {"documented_justification", "strategic_justification",
                                               "reciprocal_commitment", "executive_sponsor", "business_case",
                                               "roi_analysis"};
  for (const std::string& ev : r.evidence)
    for (unsigned k = 0; k < std::size(kinds); ++k)
      if (ev == kinds[k]) required &= ~(1u << k);
  h.missing = required;
  return h;
}

void discount_if_chain(benchmark::State& state) {
  const auto r = request();
  for (auto _ : state) {
    auto h = if_chain(r);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(discount_if_chain);

// The floor for the same answer: the playbook's matrix written as code that returns
// what decide_discount returns - the same checks and errors' fields, the three exact
// fractions, the band, level, reviewers and evidence - so that the ratio to it is the
// price of the matrix being data, apart from the price of the decision's contract.
[[gnu::cold]] [[gnu::noinline]] sr::error hand_error(const char* where) {
  return sr::error{sr::errc::out_of_range, where, "refused by the hand-written matrix"};
}
[[gnu::noinline]] sr::expected<sr::discount_decision, sr::error> same_decision(const sr::discount_request& r) {
  if (r.term_months < 0 || r.payment_days < 0 ||
      (r.deal_amount && (r.deal_amount->is_negative() || !r.deal_amount->currency().is_set())))
    return sr::unexpected<sr::error>(hand_error("/term_months"));
  if (r.lines.empty() || r.discount || !r.lines.front().list.currency().is_set())
    return sr::unexpected<sr::error>(hand_error("/lines"));
  const sr::currency cur = r.lines.front().list.currency();
  sr::int128 list = 0, off = 0, net = 0;
  std::int64_t l_off = 0, l_of = 1;
  for (const auto& l : r.lines) {
    const std::int64_t li = l.list.minor_units(), ne = l.net.minor_units();
    if (l.list.currency() != cur || l.net.currency() != cur || li <= 0 || ne < 0 || ne > li || !l.fields.empty())
      return sr::unexpected<sr::error>(hand_error("/lines"));
    if (static_cast<sr::int128>(li - ne) * l_of > static_cast<sr::int128>(l_off) * li) {
      l_off = li - ne;
      l_of = li;
    }
    list += li;
    off += li - ne;
    net += ne;
  }
  if (net > INT64_MAX) return sr::unexpected<sr::error>(hand_error("/lines"));
  // The evidence first: every return after `out` is made returns `out` itself, or the
  // decision would be copied out (and its narrow stores read back wide).
  using E = sr::evidence_index;
  static constexpr std::string_view kinds[] = {"documented_justification", "strategic_justification",
                                               "reciprocal_commitment", "executive_sponsor", "business_case",
                                               "roi_analysis"};
  sr::evidence_set brought;
  for (const std::string& ev : r.evidence) {
    bool known = false;
    for (std::uint8_t k = 0; k < std::size(kinds); ++k)
      if (ev == kinds[k]) {
        brought.insert(E{k});
        known = true;
      }
    if (!known) return sr::unexpected<sr::error>(hand_error("/evidence"));
  }
  sr::expected<sr::discount_decision, sr::error> out(sr::in_place);
  sr::discount_decision& d = *out;
  d.discount = {off, list};
  d.weighted = {off, list};
  d.largest_line = {l_off, l_of};
  // Levels, evidence and reviewers as the default policy places them.
  std::uint8_t band = 3;
  if (off * 10 <= list) {
    band = 0;
  } else if (off * 5 <= list) {
    band = 1;
    d.required.insert(E{0});
  } else if (off * 10 <= list * 3) {
    band = 2;
    d.required.insert(E{1});
    d.required.insert(E{2});
  } else {
    d.required.insert(E{3});
    d.required.insert(E{4});
  }
  d.band = sr::band_index{band};
  d.level = sr::level_index{band};
  if (r.nonstandard_terms) d.reviewers.insert(sr::reviewer_index{1});
  if (r.payment_days > 30) d.reviewers.insert(sr::reviewer_index{0});
  d.missing = d.required - brought;
  d.rep_may_approve = d.level == sr::level_index{} && d.reviewers.empty() && d.missing.empty();
  return out;
}

// Requests on every band, with and without evidence, Legal and Finance: the hand-written
// matrix must answer each as decide_discount does, or the benchmark is void.
bool same_as_library(const sr::validated<sr::discount_policy>& p) {
  for (const std::int64_t net : {100'000, 92'000, 90'000, 85'000, 80'000, 75'000, 70'000, 60'000, 1})
    for (const bool evidence : {false, true}) {
      sr::discount_request r = request();
      r.lines[0].net = dollars(net * 60'000 / 100'000);
      r.lines[1].net = dollars(net * 17'500 / 100'000);
      r.nonstandard_terms = net % 2 == 0;
      r.payment_days = evidence ? 30 : 45;
      if (!evidence) r.evidence.clear();
      const auto a = sr::decide_discount(r, p);
      const auto b = same_decision(r);
      if (!a || !b || *a != *b) return false;
    }
  return true;
}

void discount_same_decision_by_hand(benchmark::State& state) {
  static const auto p = *sr::validate(sr::discount_policy{});
  if (!same_as_library(p)) {
    state.SkipWithError("the hand-written matrix answers otherwise than decide_discount");
    return;
  }
  const auto r = request();
  for (auto _ : state) {
    auto d = same_decision(r);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(discount_same_decision_by_hand);

void discount_with_trace(benchmark::State& state) {
  static const auto p = *sr::validate(large_policy());
  const auto r = request();
  for (auto _ : state) {
    auto t = sr::decide_discount_traced(r, p);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(discount_with_trace);

}  // namespace
