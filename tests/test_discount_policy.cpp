// SPDX-License-Identifier: BSL-1.0
#include <salesrules/discount_policy.hpp>

#include <salesrules/discount.hpp>

#include "discount_matrix.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace salesrules::test;

namespace {
error rejection(discount_policy p) {
  auto v = validate(std::move(p));
  REQUIRE_FALSE(v);
  return v.error();
}
}  // namespace

TEST_CASE("discount: invalid matrices are rejected with the band or rule named") {
  struct row {
    discount_policy p;
    const char* where;
    const char* says;
  };
  auto bands = [](std::vector<discount_band> b) {
    discount_policy p;
    p.bands = std::move(b);
    return p;
  };
  const auto w = [](int v) { return percent::from_whole(v); };
  std::vector<row> rows{
      {bands({{w(0), w(10), "Account Executive", {}}, {w(15), w(100), "VP", {}}}), "/bands/1/from", "gap"},
      {bands({{w(0), w(20), "Account Executive", {}}, {w(10), w(100), "VP", {}}}), "/bands/1/from", "overlap"},
      {bands({{w(5), w(100), "VP", {}}}), "/bands/0/from", "uncovered"},
      {bands({{w(0), w(90), "VP", {}}}), "/bands/0/to", "covered by no band"},
      {bands({{w(0), w(0), "VP", {}}, {w(0), w(100), "VP", {}}}), "/bands/0/to", "empty or inverted"},
      {bands({{w(0), w(101), "VP", {}}}), "/bands/0/to", "outside 0-100%"},
      {bands({{w(0), w(100), "CFO", {}}}), "/bands/0/level", "unknown level"},
      {bands({{w(0), w(10), "Manager", {}}, {w(10), w(100), "Account Executive", {}}}), "/bands/1/level",
       "a lower level"},
  };
  discount_policy no_levels;
  no_levels.levels.clear();
  rows.push_back({no_levels, "/levels", "no approval levels"});
  discount_policy twice;
  twice.levels.push_back("manager");
  rows.push_back({twice, "/levels/4", "listed twice"});
  discount_policy no_amount;
  no_amount.rules.push_back({"big", deal_dimension::deal_amount, 0, std::nullopt, 1, "", {}, {}});
  rows.push_back({no_amount, "/rules/2/amount_at_least", "needs an amount"});
  discount_policy too_high;
  too_high.rules.push_back({"big", deal_dimension::term_months, 24, std::nullopt, 4, "", {}, {}});
  rows.push_back({too_high, "/rules/2/raise_levels", "outside 0-3"});
  discount_policy floor;
  floor.rules.push_back({"big", deal_dimension::term_months, 24, std::nullopt, 0, "CEO", {}, {}});
  rows.push_back({floor, "/rules/2/at_least_level", "unknown level"});
  for (const row& x : rows) {
    CAPTURE(x.where);
    const auto err = rejection(x.p);
    CHECK(err.where == x.where);
    CHECK(err.message.find(x.says) != std::string::npos);
  }
  CHECK(rejection(bands({{w(0), w(10), "Account Executive", {}}, {w(15), w(100), "VP", {}}})).message ==
        "gap: no band covers 10% to 15%, between band 0 and band 1 (15% to 100%)");
}

TEST_CASE("discount: a band or rule names its level ignoring case, as the duplicate check compares levels") {
  discount_policy p;
  p.bands.back().level = "vp";
  p.rules.push_back({"long terms", deal_dimension::term_months, 36, std::nullopt, 0, "DIRECTOR", {}, {}});
  const auto v = matrix(p);
  const auto top = decide_discount(at(4'000), v);
  REQUIRE(top);
  CHECK(level_of(*top, v) == "VP");  // the policy's spelling
  auto long_term = at(500);
  long_term.term_months = 36;
  const auto floored = decide_discount(long_term, v);
  REQUIRE(floored);
  CHECK(level_of(*floored, v) == "Director");
  // The lookup matches "vp"; so the policy cannot also define "vp" beside "VP".
  discount_policy both;
  both.levels.push_back("vp");
  CHECK(rejection(both).where == "/levels/4");
}
