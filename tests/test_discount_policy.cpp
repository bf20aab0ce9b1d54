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
  discount_policy below_zero;
  below_zero.rules.push_back({"owed", deal_dimension::deal_amount, 0, money(-1, currency{"USD"}), 1, "", {}, {}});
  rows.push_back({below_zero, "/rules/2/amount_at_least", "the amount is negative"});
  discount_policy negative_days;
  negative_days.rules.push_back({"early", deal_dimension::payment_days, -1, std::nullopt, 1, "", {}, {}});
  rows.push_back({negative_days, "/rules/2/at_least", "the threshold is negative"});
  for (const row& x : rows) {
    CAPTURE(x.where);
    const auto err = rejection(x.p);
    CHECK(err.where == x.where);
    CHECK(err.message.find(x.says) != std::string::npos);
  }
  CHECK(rejection(bands({{w(0), w(10), "Account Executive", {}}, {w(15), w(100), "VP", {}}})).message ==
        "gap: no band covers 10% to 15%, between band 0 and band 1 (15% to 100%)");
}

TEST_CASE("discount: evidence is the policy's own list, and bands and rules name it from there") {
  discount_policy own;
  own.evidence = {"security review", "customer reference"};
  // The default bands name the playbook's kinds, which this list does not have.
  auto err = rejection(own);
  CHECK(err.where == "/bands/1/evidence/0");
  CHECK(err.message == "unknown evidence 'documented_justification'");  // nothing near enough to suggest
  own.bands[1].evidence = {"Security Review"};  // ASCII case aside
  own.bands[2].evidence = {"customer reference", "security review"};
  own.bands[3].evidence = {"customer reference"};
  own.rules.push_back({"long terms", deal_dimension::term_months, 36, std::nullopt, 0, "", {}, {"customer referense"}});
  err = rejection(own);
  CHECK(err.where == "/rules/2/evidence/0");
  CHECK(err.message == "unknown evidence 'customer referense'; did you mean 'customer reference'?");
  own.rules.back().evidence = {"customer reference"};
  own.approval_rules.push_back({"renewals", compare("term_months", comparison::above, {"24"}), 0, "", {}, {"roi"}, false});
  err = rejection(own);
  CHECK(err.where == "/approval_rules/0/evidence/0");
  own.approval_rules.back().evidence = {"SECURITY REVIEW"};
  const auto v = validate(own);
  REQUIRE(v);
  const auto& c = detail::validated_access::compiled(*v);
  CHECK(c.bands[1].evidence == evidence_set{evidence_index{0}});
  CHECK(c.bands[2].evidence == evidence_set{evidence_index{0}, evidence_index{1}});
  CHECK(c.rules[2].evidence == evidence_set{evidence_index{1}});
  CHECK(c.approval[0].evidence == evidence_set{evidence_index{0}});
  CHECK(evidence_name(evidence_index{1}, *v) == "customer reference");
  CHECK(evidence_name(evidence_index{2}, *v).empty());  // past the list

  // A condition cannot read the evidence a request brings: it decides what is missing.
  discount_policy reads_evidence;
  reads_evidence.approval_rules.push_back(
      {"sponsored", compare("evidence", comparison::equal, {"executive_sponsor"}), 1, "", {}, {}, false});
  err = rejection(reads_evidence);
  CHECK(err.where == "/approval_rules/0/when/field");
  CHECK(err.message.find("'evidence'") != std::string::npos);

  // The list itself: no blank name, none twice (ASCII case aside), at most 32.
  discount_policy blank;
  blank.evidence.emplace_back(" ");
  err = rejection(blank);
  CHECK(err.where == "/evidence/6");
  CHECK(err.message == "the evidence kind's name is blank");
  discount_policy twice;
  twice.evidence.emplace_back("ROI_Analysis");
  err = rejection(twice);
  CHECK(err.where == "/evidence/6");
  CHECK(err.message == "evidence kind 'ROI_Analysis' is listed twice");
  discount_policy many;
  for (int i = 0; i < 26; ++i) many.evidence.push_back("kind " + std::to_string(i));
  REQUIRE(many.evidence.size() == 32);
  CHECK(validate(many));
  many.evidence.emplace_back("one more");
  err = rejection(many);
  CHECK(err.where == "/evidence");
  CHECK(err.message == "more than 32 kinds of evidence");
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

TEST_CASE("discount: an escalation rule's condition, and the first-per-dimension clause as_approval_rules adds") {
  const auto when = [](escalation_rule r) { return to_string(as_condition(r)); };
  CHECK(when({"a", deal_dimension::deal_amount, 0, money(25'000'000, usd), 1, "", {}, {}}) ==
        "deal_amount >= 250000.00 USD");
  CHECK(when({"t", deal_dimension::term_months, 36, std::nullopt, 1, "", {}, {}}) == "term_months >= 36");
  CHECK(when({"p", deal_dimension::payment_days, 31, std::nullopt, 0, "", {"finance"}, {}}) == "payment_days >= 31");
  CHECK(when({"n", deal_dimension::nonstandard_terms, 0, std::nullopt, 0, "", {"legal"}, {}}) ==
        "nonstandard_terms = true");
  CHECK(when({"m", deal_dimension::multi_year, 0, std::nullopt, 0, "", {}, {}}) == "term_months > 12");
  CHECK(when({"r", deal_dimension::phased_rollout, 0, std::nullopt, 0, "VP", {}, {}}) == "phased_rollout = true");

  // A dimension outside the enumeration gives a condition validate() refuses.
  discount_policy odd;
  odd.approval_rules = as_approval_rules({{"odd", static_cast<deal_dimension>(9), 0, std::nullopt, 0, "", {}, {}}});
  const auto refused = validate(odd);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().where == "/approval_rules/0/when/field");

  // Three amount tiers listed $1M, $250k, $500k, and a term rule between them: the
  // $250k rule may apply only below $1M; the $500k rule only below $250k (the lowest
  // earlier threshold), so never. The term rule has no earlier rule of its own.
  const std::vector<escalation_rule> rules{
      {"1M", deal_dimension::deal_amount, 0, money(100'000'000, usd), 2, "", {}, {"business_case"}},
      {"36 months", deal_dimension::term_months, 36, std::nullopt, 1, "", {"finance"}, {}},
      {"250k", deal_dimension::deal_amount, 0, money(25'000'000, usd), 1, "", {}, {}},
      {"500k", deal_dimension::deal_amount, 0, money(50'000'000, usd), 0, "Director", {}, {}},
  };
  const auto upgraded = as_approval_rules(rules);
  REQUIRE(upgraded.size() == 4);
  CHECK(to_string(upgraded[0].when) == "deal_amount >= 1000000.00 USD");
  CHECK(to_string(upgraded[1].when) == "term_months >= 36");
  CHECK(to_string(upgraded[2].when) == "(deal_amount >= 250000.00 USD and not (deal_amount >= 1000000.00 USD))");
  CHECK(to_string(upgraded[3].when) == "(deal_amount >= 500000.00 USD and not (deal_amount >= 250000.00 USD))");
  // The effects travel unchanged; no escalation rule refuses.
  CHECK(upgraded[0].raise_levels == 2);
  CHECK(upgraded[0].evidence == std::vector<std::string>{"business_case"});
  CHECK(upgraded[1].reviewers == std::vector<std::string>{"finance"});
  CHECK(upgraded[3].at_least_level == "Director");
  CHECK_FALSE(upgraded[2].refuse);

  // Decided both ways: a $2M deal at 5% goes two steps (Director), not three; $300k one.
  discount_policy escalating;
  escalating.rules = rules;
  discount_policy conditional;
  conditional.rules.clear();
  conditional.approval_rules = upgraded;
  const auto a = validate(escalating);
  const auto b = validate(conditional);
  REQUIRE(a);
  REQUIRE(b);
  for (const auto& [units, level] : {std::pair{200'000'000, 2}, std::pair{30'000'000, 1}, std::pair{10'000'000, 0}}) {
    discount_request r;
    r.discount = percent::from_whole(5);
    r.deal_amount = money(units, usd);
    const auto x = decide_discount(r, *a);
    const auto y = decide_discount(r, *b);
    REQUIRE(x);
    REQUIRE(y);
    CHECK(x->level == level_index{static_cast<std::uint8_t>(level)});
    CHECK(y->level == x->level);
    CHECK(y->required == x->required);
  }
}
