// SPDX-License-Identifier: BSL-1.0
#include <salesrules/matrix_analysis.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <initializer_list>
#include <vector>

using namespace salesrules;

namespace {
// An effective matrix's levels written as positions.
std::vector<std::vector<level_index>> level_rows(std::initializer_list<std::initializer_list<int>> rows) {
  std::vector<std::vector<level_index>> out;
  for (const auto& row : rows) {
    auto& r = out.emplace_back();
    for (const int level : row) r.push_back(level_index{static_cast<std::uint8_t>(level)});
  }
  return out;
}
}  // namespace

namespace {
const currency usd{"USD"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }

validated<discount_policy> matrix(std::vector<escalation_rule> extra = {}) {
  discount_policy p;
  for (auto& r : extra) p.rules.push_back(std::move(r));
  auto v = validate(std::move(p));
  REQUIRE(v);
  return std::move(*v);
}
escalation_rule tier(std::int64_t whole, int raise) {
  return {"tier", deal_dimension::deal_amount, 0, dollars(whole), raise, "", {}, {}};
}
}  // namespace

TEST_CASE("matrix analysis: the playbook's matrix is sound") {
  const auto a = analyze_matrix(matrix());
  CHECK(a.covers_every_discount);
  CHECK(a.larger_discount_never_lower);
  CHECK(a.breaks.empty());
  CHECK(a.shadowed.empty());
  CHECK(a.sound());
  CHECK(a.table.columns.size() == 1);
  CHECK(a.table.levels == std::vector<std::vector<level_index>>{{level_index{0}}, {level_index{1}}, {level_index{2}}, {level_index{3}}});
}

TEST_CASE("matrix analysis: the effective matrix of bands against amount tiers") {
  // Tiers listed highest first: $1M raises two levels, $250k one (capped at VP).
  const auto a = analyze_matrix(matrix({tier(1'000'000, 2), tier(250'000, 1)}));
  CHECK(a.sound());
  CHECK(a.table.columns == std::vector<money>{dollars(0), dollars(250'000), dollars(1'000'000)});
  CHECK(a.table.levels == level_rows({{0, 1, 2}, {1, 2, 3}, {2, 3, 3}, {3, 3, 3}}));
}

TEST_CASE("matrix analysis: a tier listed after a lower one can never apply") {
  // $250k first: every $1M deal stops there, so the $1M rule (rule 3) never fires.
  const auto a = analyze_matrix(matrix({tier(250'000, 1), tier(1'000'000, 2)}));
  CHECK(a.shadowed == std::vector<shadowed_rule>{{3, 2}});
  CHECK_FALSE(a.sound());
  CHECK(a.table.levels[0] == level_rows({{0, 1, 1}})[0]);  // what the matrix really does
}

TEST_CASE("matrix analysis: a larger deal needing a lower level is a break") {
  // $1M raises one level, $250k two: a $250k deal at the AE's band needs Director,
  // a $1M deal only Manager.
  const auto a = analyze_matrix(matrix({tier(1'000'000, 1), tier(250'000, 2)}));
  CHECK(a.breaks == std::vector<monotonicity_break>{
                        {deal_dimension::deal_amount, level_index{0}, 25'000'000, 100'000'000, level_index{2},
                         level_index{1}},
                        {deal_dimension::deal_amount, level_index{1}, 25'000'000, 100'000'000, level_index{3},
                         level_index{2}},
                    });
  CHECK(a.shadowed.empty());
  CHECK_FALSE(a.sound());
}

TEST_CASE("matrix analysis: a second rule on a yes/no dimension is shadowed by the first") {
  const auto a = analyze_matrix(matrix(
      {{"structures", deal_dimension::phased_rollout, 0, std::nullopt, 1, "", {}, {}},
       {"structures again", deal_dimension::phased_rollout, 0, std::nullopt, 2, "", {}, {}}}));
  CHECK(a.shadowed == std::vector<shadowed_rule>{{3, 2}});
}

TEST_CASE("matrix analysis: longer terms and payment days are checked the same way") {
  const auto a = analyze_matrix(
      matrix({{"24 months", deal_dimension::term_months, 24, std::nullopt, 2, "", {}, {}},
              {"36 months", deal_dimension::term_months, 36, std::nullopt, 1, "", {}, {}}}));
  // 36 months is shadowed by 24 (listed first, lower threshold), so no break either.
  CHECK(a.shadowed == std::vector<shadowed_rule>{{3, 2}});
  CHECK(a.breaks.empty());
}

TEST_CASE("matrix analysis: amount rules in two currencies are refused by validate") {
  discount_policy p;
  p.rules.push_back(tier(1'000'000, 1));
  p.rules.push_back({"eur", deal_dimension::deal_amount, 0, money(100, currency{"EUR"}), 1, "", {}, {}});
  auto v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/rules/3/amount_at_least");
}

TEST_CASE("matrix analysis: a break reached only through another dimension's rule is found (review)") {
  discount_policy policy;
  policy.bands = {{percent::from_whole(0), percent::from_whole(20), "Account Executive", {}},
                  {percent::from_whole(20), percent::from_whole(100), "VP", {}}};
  policy.rules = {
      {"24 months", deal_dimension::term_months, 24, std::nullopt, 1, "", {}, {}},
      {"$1M: a Director", deal_dimension::deal_amount, 0, money(100'000'000, usd), 0, "Director", {}, {}},
      {"$100k: two steps", deal_dimension::deal_amount, 0, money(10'000'000, usd), 2, "", {}, {}},
  };
  const auto p = *validate(policy);
  const auto a = analyze_matrix(p);
  CHECK_FALSE(a.sound());
  // From Manager (an AE deal lifted by the 24-month rule): $100k needs VP, $1M Director.
  bool found = false;
  for (const auto& b : a.breaks)
    found = found || (b.dimension == deal_dimension::deal_amount && b.base == level_index{1} &&
                      b.smaller == 10'000'000 && b.larger == 100'000'000 && b.level_at_smaller == level_index{3} &&
                      b.level_at_larger == level_index{2});
  CHECK(found);
  // Checked by deciding: 10% for 24 months at $100k is VP's, at $1M a Director's.
  discount_request r;
  r.discount = percent::from_whole(10);
  r.term_months = 24;
  r.deal_amount = money(10'000'000, usd);
  CHECK(decide_discount(r, p)->level == level_index{3});
  r.deal_amount = money(100'000'000, usd);
  CHECK(decide_discount(r, p)->level == level_index{2});
}

TEST_CASE("matrix analysis: the effective matrix counts rules that fire at the quiet values (review)") {
  discount_policy policy;
  policy.rules = {{"net 30 and up: one step", deal_dimension::payment_days, 30, std::nullopt, 1, "", {}, {}}};
  const auto p = *validate(policy);
  const auto a = analyze_matrix(p);
  REQUIRE(a.table.levels.size() == 4);
  CHECK(a.table.levels[0] == level_rows({{1}})[0]);  // 5% at net 30 is the Manager's, as decided
  discount_request r;
  r.discount = percent::from_whole(5);
  CHECK(decide_discount(r, p)->level == level_index{1});
}

TEST_CASE("matrix analysis: tiers out of order, worked by hand") {
  // After the playbook's two rules (rules 0 and 1): $100k one step up, then $500k two
  // steps (listed after a lower tier: never reached), then $50k lifting to Director.
  const auto p = matrix({tier(100'000, 1), tier(500'000, 2),
                         {"$50k: a Director", deal_dimension::deal_amount, 0, dollars(50'000), 0, "Director", {}, {}}});
  const auto a = analyze_matrix(p);
  CHECK(a.covers_every_discount);
  CHECK(a.larger_discount_never_lower);
  CHECK(a.shadowed == std::vector<shadowed_rule>{{3, 2}});
  // The first amount rule to hold: none under $50k; the $50k floor at $50k; the
  // $100k step from $100k on (it comes first, so the $50k floor never applies there).
  CHECK(a.table.columns == std::vector<money>{dollars(0), dollars(50'000), dollars(100'000), dollars(500'000)});
  CHECK(a.table.levels == level_rows({
                              {0, 2, 1, 1},   // AE: Director at $50k, Manager from $100k
                              {1, 2, 2, 2},   // Manager: the floor, then one step
                              {2, 2, 3, 3},   // Director: one step to VP
                              {3, 3, 3, 3}}));  // VP: capped
  // From the AE's level, $100k needs Manager where $50k needed Director.
  CHECK(a.breaks == std::vector<monotonicity_break>{
                        {deal_dimension::deal_amount, level_index{0}, 5'000'000, 10'000'000, level_index{2}, level_index{1}}});
  CHECK_FALSE(a.sound());
  discount_request r;
  r.discount = percent::from_whole(5);
  r.deal_amount = dollars(50'000);
  CHECK(decide_discount(r, p)->level == level_index{2});
  r.deal_amount = dollars(100'000);
  CHECK(decide_discount(r, p)->level == level_index{1});
}

namespace {
// The analysis as first written, every pair compared and every rule scanned: the
// yardstick for the sorted sweeps.
std::vector<shadowed_rule> shadowed_by_pairs(const detail::compiled_discount& c) {
  std::vector<shadowed_rule> out;
  for (std::size_t j = 0; j < c.rules.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const auto& a = c.rules[i];
      const auto& b = c.rules[j];
      if (a.when != b.when) continue;
      if (detail::numeric(b.when) && (a.cur != b.cur || a.at_least > b.at_least)) continue;
      out.push_back({j, i});
      break;
    }
  return out;
}

std::vector<monotonicity_break> breaks_by_scanning(const detail::compiled_discount& c) {
  std::vector<monotonicity_break> out;
  for (deal_dimension d : {deal_dimension::deal_amount, deal_dimension::term_months, deal_dimension::payment_days}) {
    std::vector<bool> reachable(c.top + 1u, false);
    for (const auto& b : c.bands) reachable[b.level] = true;
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& rule : c.rules)
        for (std::size_t l = 0; rule.when != d && l < reachable.size(); ++l)
          if (reachable[l] && !reachable[detail::apply_rule(static_cast<std::uint8_t>(l), rule, c.top)])
            reachable[detail::apply_rule(static_cast<std::uint8_t>(l), rule, c.top)] = grew = true;
    }
    std::vector<std::int64_t> values{0};
    for (const auto& rule : c.rules)
      if (rule.when == d) values.push_back(rule.at_least);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    const auto level_with = [&](std::int64_t v, std::uint8_t base) {
      for (const auto& rule : c.rules)
        if (rule.when == d && v >= rule.at_least) return detail::apply_rule(base, rule, c.top);
      return base;
    };
    for (std::size_t l = 0; l < reachable.size(); ++l) {
      if (!reachable[l]) continue;
      const auto base = static_cast<std::uint8_t>(l);
      for (std::size_t k = 1; k < values.size(); ++k) {
        const auto lo = level_with(values[k - 1], base), hi = level_with(values[k], base);
        if (hi < lo)
          out.push_back({d, level_index{base}, values[k - 1], values[k], level_index{lo}, level_index{hi}});
      }
    }
  }
  return out;
}
}  // namespace

TEST_CASE("matrix analysis: on 2,000 random matrices the sweeps agree with every pair compared and every cell decided") {
  std::mt19937 rng(13);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const deal_dimension dims[] = {deal_dimension::deal_amount,      deal_dimension::term_months,
                                 deal_dimension::payment_days,     deal_dimension::nonstandard_terms,
                                 deal_dimension::multi_year,       deal_dimension::phased_rollout};
  for (int t = 0; t < 2'000; ++t) {
    CAPTURE(t);
    discount_policy p;
    const int levels = 2 + pick(5);
    p.levels.clear();
    for (int l = 0; l < levels; ++l) {
      std::string level(1, 'L');  // piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "L" + std::to_string(l)
      level += std::to_string(l);
      p.levels.push_back(std::move(level));
    }
    p.bands.clear();
    const int bands = 1 + pick(5);
    int level = 0;
    for (int b = 0; b < bands; ++b) {
      level = std::min(levels - 1, level + pick(2));
      const auto from = percent::from_whole(b * 100 / bands), to = percent::from_whole((b + 1) * 100 / bands);
      p.bands.push_back({from, to, p.levels[static_cast<std::size_t>(level)], {}});
    }
    p.rules.clear();
    const int rules = pick(40);
    for (int r = 0; r < rules; ++r) {
      std::string name(1, 'r');  // piece by piece, as above
      name += std::to_string(r);
      escalation_rule rule{std::move(name), dims[pick(6)], 0, std::nullopt, pick(levels), "", {}, {}};
      if (pick(3) == 0) rule.at_least_level = p.levels[static_cast<std::size_t>(pick(levels))];
      if (rule.when == deal_dimension::deal_amount)
        rule.amount_at_least = dollars(pick(8) * 50'000);  // $0 to $350k: many ties
      else
        rule.at_least = pick(8) * 6;  // 0 to 42 months or days: some hold at 12 months or net 30
      p.rules.push_back(std::move(rule));
    }
    const auto v = validate(std::move(p));
    REQUIRE_MESSAGE(v, to_string(v.error()));
    const auto a = analyze_matrix(*v);
    CHECK(a.shadowed == shadowed_by_pairs(detail::validated_access::compiled(*v)));
    CHECK(a.breaks == breaks_by_scanning(detail::validated_access::compiled(*v)));
    REQUIRE(a.table.levels.size() == (*v)->bands.size());
    for (std::size_t b = 0; b < a.table.levels.size(); ++b)
      for (std::size_t k = 0; k < a.table.columns.size(); ++k) {
        discount_request quiet;
        quiet.discount = (*v)->bands[b].to;
        if (a.table.columns.size() > 1 || a.table.columns[0].currency().is_set()) quiet.deal_amount = a.table.columns[k];
        const auto d = decide_discount(quiet, *v);
        REQUIRE(d);
        CHECK(a.table.levels[b][k] == d->level);
      }
  }
}
