#include <salesrules/matrix_analysis.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace salesrules;

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
  CHECK(a.table.levels == std::vector<std::vector<std::uint8_t>>{{0}, {1}, {2}, {3}});
}

TEST_CASE("matrix analysis: the effective matrix of bands against amount tiers") {
  // Tiers listed highest first: $1M raises two levels, $250k one (capped at VP).
  const auto a = analyze_matrix(matrix({tier(1'000'000, 2), tier(250'000, 1)}));
  CHECK(a.sound());
  CHECK(a.table.columns == std::vector<money>{dollars(0), dollars(250'000), dollars(1'000'000)});
  CHECK(a.table.levels == std::vector<std::vector<std::uint8_t>>{{0, 1, 2}, {1, 2, 3}, {2, 3, 3}, {3, 3, 3}});
}

TEST_CASE("matrix analysis: a tier listed after a lower one can never apply") {
  // $250k first: every $1M deal stops there, so the $1M rule (rule 3) never fires.
  const auto a = analyze_matrix(matrix({tier(250'000, 1), tier(1'000'000, 2)}));
  CHECK(a.shadowed == std::vector<shadowed_rule>{{3, 2}});
  CHECK_FALSE(a.sound());
  CHECK(a.table.levels[0] == std::vector<std::uint8_t>{0, 1, 1});  // what the matrix really does
}

TEST_CASE("matrix analysis: a larger deal needing a lower level is a break") {
  // $1M raises one level, $250k two: a $250k deal at the AE's band needs Director,
  // a $1M deal only Manager.
  const auto a = analyze_matrix(matrix({tier(1'000'000, 1), tier(250'000, 2)}));
  CHECK(a.breaks == std::vector<monotonicity_break>{
                        {deal_dimension::deal_amount, 0, 25'000'000, 100'000'000, 2, 1},
                        {deal_dimension::deal_amount, 1, 25'000'000, 100'000'000, 3, 2},
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
    found = found || (b.dimension == deal_dimension::deal_amount && b.base == 1 && b.smaller == 10'000'000 &&
                      b.larger == 100'000'000 && b.level_at_smaller == 3 && b.level_at_larger == 2);
  CHECK(found);
  // Checked by deciding: 10% for 24 months at $100k is VP's, at $1M a Director's.
  discount_request r;
  r.discount = percent::from_whole(10);
  r.term_months = 24;
  r.deal_amount = money(10'000'000, usd);
  CHECK(decide_discount(r, p)->level == 3);
  r.deal_amount = money(100'000'000, usd);
  CHECK(decide_discount(r, p)->level == 2);
}

TEST_CASE("matrix analysis: the effective matrix counts rules that fire at the quiet values (review)") {
  discount_policy policy;
  policy.rules = {{"net 30 and up: one step", deal_dimension::payment_days, 30, std::nullopt, 1, "", {}, {}}};
  const auto p = *validate(policy);
  const auto a = analyze_matrix(p);
  REQUIRE(a.table.levels.size() == 4);
  CHECK(a.table.levels[0] == std::vector<std::uint8_t>{1});  // 5% at net 30 is the Manager's, as decided
  discount_request r;
  r.discount = percent::from_whole(5);
  CHECK(decide_discount(r, p)->level == 1);
}
