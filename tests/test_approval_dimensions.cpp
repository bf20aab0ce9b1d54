// SPDX-License-Identifier: BSL-1.0
// The approval rules' analysis by field (approval_analysis.hpp): rules that add
// nothing to an earlier one, coverage and the effective matrix on each field the rules
// compare, and monotonicity on the numeric ones. Every figure is worked out by hand
// from the playbook's bands (AE to 10%, Manager to 20%, Director to 30%, VP above).
#include <salesrules/approval_analysis.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/io/matrix_testing.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;

namespace {

approval_rule level_rule(std::string name, condition when, int raise, std::string floor,
                         std::vector<std::string> reviewers = {}, bool refuse = false) {
  return approval_rule{std::move(name), std::move(when), raise, std::move(floor), std::move(reviewers), {}, refuse};
}

// Seats, a tier and a strategic flag, with rules on each:
//   0  seats < 10              floor VP           (stops at 10: a break)
//   1  seats >= 500            floor Director, Finance reviews
//   2  seats >= 1000           floor Manager, Finance reviews   (adds nothing to 1)
//   3  tier = gold and discount > 25%   refused
//   4  seats between 100 and 200        one level up   (stops above 200: a break)
//   5  strategic = true        Legal reviews
//   6  tier not in [gold, silver]       Finance reviews
discount_policy seat_policy() {
  discount_policy p;
  p.fields = {{"seats", field_type::number}, {"tier", field_type::text}, {"strategic", field_type::boolean}};
  p.approval_rules = {
      level_rule("small seat counts", compare("seats", comparison::below, {"10"}), 0, "VP"),
      level_rule("large rollouts", compare("seats", comparison::at_least, {"500"}), 0, "Director", {"finance"}),
      level_rule("very large rollouts", compare("seats", comparison::at_least, {"1000"}), 0, "Manager", {"finance"}),
      level_rule("gold above 25%",
                 all_of({compare("tier", comparison::equal, {"gold"}), compare("discount", comparison::above, {"25%"})}),
                 0, "", {}, true),
      level_rule("mid-size", compare("seats", comparison::between, {"100", "200"}), 1, ""),
      level_rule("strategic", compare("strategic", comparison::equal, {"true"}), 0, "", {"legal"}),
      level_rule("unranked tiers", compare("tier", comparison::not_in, {"gold", "silver"}), 0, "", {"finance"}),
  };
  return p;
}

// A Services discount over the quote lines, as the company example has it.
discount_policy test_variables() {
  discount_policy p;
  p.line_fields = {{"product_family", field_type::text}};
  p.variables = {{"services_discount", line_aggregate::discount, compare("product_family", comparison::equal, {"Services"})}};
  return p;
}

using levels = std::vector<std::optional<level_index>>;
constexpr std::optional<level_index> ae = level_index{0}, manager = level_index{1}, director = level_index{2},
                                     vp = level_index{3}, refused = std::nullopt;

const rule_dimension* dimension(const approval_analysis& a, const std::string& field) {
  for (const auto& d : a.dimensions)
    if (d.field == field) return &d;
  return nullptr;
}

std::vector<std::string> row_labels(const approval_analysis& a) {
  std::vector<std::string> out;
  for (const auto& r : a.discount_rows) out.push_back(io::row_label(r));
  return out;
}

std::vector<std::string> labels(const rule_dimension& d) {
  std::vector<std::string> out;
  for (const auto& s : d.segments) out.push_back(io::segment_label(s));
  return out;
}

}  // namespace

TEST_CASE("approval dimensions: a rule an earlier one already covers adds nothing") {
  const auto v = validate(seat_policy());
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  // 1000 seats or more is 500 or more, where rule 1 has already lifted to the Director
  // (above the Manager) with Finance reviewing.
  CHECK(a.findings == std::vector<approval_finding>{{2, approval_finding_kind::shadowed_by_rule, 1}});

  // A later rule that raises, or adds a reviewer the earlier one does not, adds something.
  auto p = seat_policy();
  p.approval_rules[2].raise_levels = 1;
  CHECK(analyze_approval_rules(*validate(p)).findings.empty());
  p = seat_policy();
  p.approval_rules[2].reviewers = {"legal"};
  CHECK(analyze_approval_rules(*validate(p)).findings.empty());
  // An earlier rule with a lower floor does not cover a later one with a higher.
  p = seat_policy();
  p.approval_rules[2].at_least_level = "VP";
  CHECK(analyze_approval_rules(*validate(p)).findings.empty());
  // Listed before rule 1 it is not covered: only earlier rules are looked at.
  p = seat_policy();
  std::swap(p.approval_rules[1], p.approval_rules[2]);
  CHECK(analyze_approval_rules(*validate(p)).findings.empty());
  // A floor at the top covers a later raise: the level cannot go higher.
  p = seat_policy();
  p.approval_rules[1].at_least_level = "VP";
  p.approval_rules[2].raise_levels = 1;
  CHECK(analyze_approval_rules(*validate(p)).findings ==
        std::vector<approval_finding>{{2, approval_finding_kind::shadowed_by_rule, 1}});
}

TEST_CASE("approval dimensions: rows are cut on the side of the value a rule names") {
  // Gold refused from 15%: 15% itself is refused, 14.99% is not, so the Manager's
  // band splits into "over 10% to under 15%" and "from 15% to 20%".
  auto p = seat_policy();
  p.approval_rules[3].when =
      all_of({compare("tier", comparison::equal, {"gold"}), compare("discount", comparison::at_least, {"15%"})});
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  CHECK(row_labels(a) == std::vector<std::string>{"0% to 10%", "over 10% to under 15%", "from 15% to 20%", "over 20% to 30%",
                                                  "over 30% to 100%"});
  const auto* tier = dimension(a, "tier");
  REQUIRE(tier != nullptr);
  CHECK(tier->segments[0].levels == levels{ae, manager, refused, refused, refused});
  CHECK(tier->segments[2].levels == levels{ae, manager, manager, director, vp});
}

TEST_CASE("approval dimensions: the deal amount's axis takes the escalation rules' tiers") {
  // An escalation rule lifts 100,000 USD and up to the VP; an approval rule sends deals
  // under 5,000 USD to the Manager at least.
  discount_policy p;
  p.rules = {{"large deals", deal_dimension::deal_amount, 0, money(10'000'000, currency{"USD"}), 0, "VP", {}, {}}};
  p.approval_rules = {level_rule("small deals", compare("deal_amount", comparison::below, {"5000 USD"}), 0, "Manager")};
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  REQUIRE(a.dimensions.size() == 1);
  const auto& amount = a.dimensions[0];
  CHECK(labels(amount) ==
        std::vector<std::string>{"< 5000.00 USD", ">= 5000.00 USD and < 100000.00 USD", ">= 100000.00 USD", "not set"});
  CHECK(amount.segments[0].levels == levels{manager, manager, director, vp});
  CHECK(amount.segments[1].levels == levels{ae, manager, director, vp});
  CHECK(amount.segments[2].levels == levels{vp, vp, vp, vp});
  // The escalation rule is no approval rule: the break at 5,000 USD stands.
  CHECK(amount.breaks == std::vector<dimension_break>{{0, money(500'000, currency{"USD"}), false}});

  // Money compared in two currencies: the field is named, not cut.
  discount_policy two;
  two.approval_rules = {level_rule("small", compare("deal_amount", comparison::below, {"5000 USD"}), 0, "Manager"),
                        level_rule("small in euros", compare("deal_amount", comparison::below, {"5000 EUR"}), 0, "Manager")};
  const auto t = analyze_approval_rules(*validate(two));
  REQUIRE(t.dimensions.size() == 1);
  CHECK_FALSE(t.dimensions[0].analysed);
  CHECK(t.dimensions[0].segments.empty());
  CHECK(t.discount_rows.empty());  // no table to draw, so no rows
  CHECK(io::render_dimension_matrix(t.dimensions[0], t.discount_rows, *validate(two)) ==
        "deal_amount: not drawn, the rules compare it in two currencies\n");
}


TEST_CASE("approval dimensions: segments, coverage and the table by field") {
  const auto v = validate(seat_policy());
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  // Rows: the bands' edges and the 25% rule 3 names.
  CHECK(row_labels(a) ==
        std::vector<std::string>{"0% to 10%", "over 10% to 20%", "over 20% to 25%", "over 25% to 30%", "over 30% to 100%"});
  REQUIRE(a.dimensions.size() == 3);
  CHECK(a.dimensions[0].field == "seats");  // in the order the rules first compare them
  CHECK(a.dimensions[1].field == "tier");
  CHECK(a.dimensions[2].field == "strategic");

  // Seats are cut at 10, 100, 200, 500 and 1000; neighbours alike are merged. Without a
  // rule the row's band decides: AE, Manager, Director, Director, VP.
  const auto& seats = a.dimensions[0];
  CHECK(seats.type == field_type::number);
  CHECK(labels(seats) == std::vector<std::string>{"< 10", ">= 10 and < 100", ">= 100 and <= 200", "> 200 and < 500",
                                                  ">= 500 and < 1000", ">= 1000", "not set"});
  const levels base{ae, manager, director, director, vp};
  REQUIRE(seats.segments.size() == 7);
  CHECK(seats.segments[0].rules == std::vector<std::size_t>{0});
  CHECK(seats.segments[0].levels == levels{vp, vp, vp, vp, vp});  // the VP's floor
  CHECK(seats.segments[1].rules.empty());
  CHECK(seats.segments[1].levels == base);
  CHECK(seats.segments[2].rules == std::vector<std::size_t>{4});
  CHECK(seats.segments[2].levels == levels{manager, director, vp, vp, vp});  // one up, capped at the VP
  CHECK(seats.segments[3].levels == base);
  CHECK(seats.segments[4].rules == std::vector<std::size_t>{1});
  CHECK(seats.segments[4].levels == levels{director, director, director, director, vp});
  CHECK(seats.segments[5].rules == std::vector<std::size_t>{1, 2});  // same levels, more rules: its own segment
  CHECK(seats.segments[5].levels == levels{director, director, director, director, vp});
  CHECK(seats.segments[6].kind == segment_kind::not_set);
  CHECK(seats.segments[6].levels == base);  // a rule on seats needs seats set

  // Tier: gold, silver (named by "not in"), any other, not set. Gold is refused above
  // 25%: the 30% and 100% rows, not the 25% one. Rule 6 admits what is neither.
  const auto& tier = a.dimensions[1];
  CHECK(labels(tier) == std::vector<std::string>{"gold", "silver", "any other value", "not set"});
  CHECK(tier.segments[0].rules == std::vector<std::size_t>{3});
  CHECK(tier.segments[0].levels == levels{ae, manager, director, refused, refused});
  CHECK(tier.segments[1].rules.empty());
  CHECK(tier.segments[2].rules == std::vector<std::size_t>{6});
  CHECK(tier.segments[3].rules == std::vector<std::size_t>{6});  // not set meets "not in"
  CHECK(tier.segments[2].levels == base);
  CHECK(tier.breaks.empty());  // text: no order to break

  const auto& strategic = a.dimensions[2];
  CHECK(labels(strategic) == std::vector<std::string>{"false", "true", "not set"});
  CHECK(strategic.segments[1].rules == std::vector<std::size_t>{5});
  CHECK(strategic.segments[1].levels == base);  // a review, no level

  // The table as text: rows by discount, a column per segment.
  const std::string table = io::render_dimension_matrix(tier, a.discount_rows, *v);
  CHECK(table ==
        "tier              gold               silver             any other value    not set\n"
        "0% to 10%         Account Executive  Account Executive  Account Executive  Account Executive\n"
        "over 10% to 20%   Manager            Manager            Manager            Manager\n"
        "over 20% to 25%   Director           Director           Director           Director\n"
        "over 25% to 30%   refused            Director           Director           Director\n"
        "over 30% to 100%  refused            VP                 VP                 VP\n");
}

TEST_CASE("approval dimensions: a larger value that needs a lower level is a break") {
  const auto v = validate(seat_policy());
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  const auto* seats = dimension(a, "seats");
  REQUIRE(seats != nullptr);
  // 9 seats need the VP, 10 do not; 200 seats are raised a level, 201 are not.
  CHECK(seats->breaks == std::vector<dimension_break>{{0, number::from_whole(10), false}, {4, number::from_whole(200), true}});
  CHECK_FALSE(a.sound());

  // A refusal that needs another field mends neither break; one on seats alone mends
  // the raise's: above 200 seats everything is refused.
  auto p = seat_policy();
  p.approval_rules.push_back(level_rule("gold over 200", all_of({compare("seats", comparison::above, {"200"}),
                                                                 compare("tier", comparison::equal, {"gold"})}),
                                        0, "", {}, true));
  CHECK(dimension(analyze_approval_rules(*validate(p)), "seats")->breaks == seats->breaks);
  p.approval_rules.back().when = compare("seats", comparison::above, {"200"});
  CHECK(dimension(analyze_approval_rules(*validate(p)), "seats")->breaks ==
        std::vector<dimension_break>{{0, number::from_whole(10), false}});

  // A floor at the VP from 10 seats on mends both: as high as rule 0's, and the top,
  // past which rule 4's raise cannot go. At the Director it mends neither.
  p = seat_policy();
  p.approval_rules.push_back(level_rule("10 seats and up", compare("seats", comparison::at_least, {"10"}), 0, "VP"));
  const auto mended = analyze_approval_rules(*validate(p));
  CHECK(dimension(mended, "seats")->breaks.empty());
  p.approval_rules.back().at_least_level = "Director";
  CHECK(dimension(analyze_approval_rules(*validate(p)), "seats")->breaks == seats->breaks);

  // A type that counts in units has nothing between neighbours one unit apart: up to
  // 4,999.99 USD and from 5,000 USD to the Manager is no break.
  discount_policy cents;
  cents.approval_rules = {
      level_rule("up to 4999.99", compare("deal_amount", comparison::at_most, {"4999.99 USD"}), 0, "Manager"),
      level_rule("from 5000", compare("deal_amount", comparison::at_least, {"5000 USD"}), 0, "Manager")};
  const auto c = analyze_approval_rules(*validate(cents));
  CHECK(c.dimensions[0].breaks.empty());
  CHECK(labels(c.dimensions[0]) == std::vector<std::string>{"<= 4999.99 USD", ">= 5000.00 USD", "not set"});
  // A discount judged from lines is an exact fraction: between 15% and 15.01% lie values.
  discount_policy fractions = test_variables();
  fractions.approval_rules = {
      level_rule("up to 15%", compare("services_discount", comparison::at_most, {"15%"}), 0, "Manager"),
      level_rule("from 15.01%", compare("services_discount", comparison::at_least, {"15.01%"}), 0, "Manager")};
  const auto f = analyze_approval_rules(*validate(fractions));
  CHECK(f.dimensions[0].breaks == std::vector<dimension_break>{{0, percent::from_basis_points(1500), true}});

  // Money and percent are numeric too: a small deal to the Manager stops at 5,000 USD.
  discount_policy money_policy;
  money_policy.approval_rules = {level_rule("small deals", compare("deal_amount", comparison::below, {"5000 USD"}), 0, "Manager")};
  const auto m = analyze_approval_rules(*validate(money_policy));
  REQUIRE(m.dimensions.size() == 1);
  CHECK(m.dimensions[0].breaks == std::vector<dimension_break>{{0, money(500'000, currency{"USD"}), false}});
  CHECK(labels(m.dimensions[0]) == std::vector<std::string>{"< 5000.00 USD", ">= 5000.00 USD", "not set"});
}

TEST_CASE("approval dimensions: dates have no breaks, rules outside the scope no coverage, and a policy without rules no dimensions") {
  discount_policy p;
  p.fields = {{"renewal_date", field_type::date}, {"region", field_type::text}};
  p.approval_rules = {
      level_rule("early renewals", compare("renewal_date", comparison::below, {"2027-01-01"}), 0, "VP"),
      level_rule("either", any_of({compare("region", comparison::equal, {"EMEA"}), compare("region", comparison::equal, {"APAC"})}),
                 0, "Director"),
  };
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  REQUIRE(a.dimensions.size() == 2);
  CHECK(labels(a.dimensions[0]) == std::vector<std::string>{"< 2027-01-01", ">= 2027-01-01", "not set"});
  CHECK(a.dimensions[0].breaks.empty());  // a later date needing less is no break
  // "any" is outside the analysis: no rule listed, but the table decides it as decided.
  const auto& region = a.dimensions[1];
  CHECK(labels(region) == std::vector<std::string>{"EMEA", "APAC", "any other value", "not set"});
  CHECK(region.segments[0].rules.empty());
  CHECK(region.segments[0].levels == levels{director, director, director, vp});
  CHECK(region.segments[2].levels == levels{ae, manager, director, vp});
  CHECK(a.not_analysed == 1);

  const auto plain = analyze_approval_rules(*validate(discount_policy{}));
  CHECK(plain.dimensions.empty());
  CHECK(plain.discount_rows.empty());
  CHECK(plain.sound());
}

TEST_CASE("approval dimensions: a table past max_cells rule evaluations is left out and said so") {
  // 1,000 rules on seats with rising thresholds cut seats into 2,002 stretches (below,
  // at and above each of 1 to 1000, and not set). The table would take the discount's
  // 9 rows (0%, the bands' edges and the gaps between) x 2,002 stretches x (1,000
  // condition nodes + 1,000 values named): past max_cells. Coverage takes 2,002 x
  // 1,000 checks, within it, so it is given, each value merged with the stretch above
  // it: 1,002 segments; and no rule stops, so there is no break.
  discount_policy p;
  p.fields = {{"seats", field_type::number}};
  for (int i = 1; i <= 1000; ++i)
    p.approval_rules.push_back(level_rule(std::to_string(i), compare("seats", comparison::at_least, {std::to_string(i)}), 1, ""));
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  CHECK(a.capped);
  REQUIRE(a.dimensions.size() == 1);
  const auto& seats = a.dimensions[0];
  REQUIRE(seats.segments.size() == 1002);
  CHECK(io::segment_label(seats.segments[1]) == ">= 1 and < 2");
  CHECK(seats.segments[1].rules == std::vector<std::size_t>{0});
  CHECK(io::segment_label(seats.segments[1000]) == ">= 1000");
  CHECK(seats.segments[1000].rules.size() == 1000);
  CHECK(seats.segments[0].levels.empty());
  CHECK(io::render_dimension_matrix(seats, a.discount_rows, *v) ==
        "seats: not drawn, the table would take more than 4000000 rule evaluations\n");
  CHECK(seats.breaks.empty());
}

TEST_CASE("approval dimensions: coverage past max_cells checks leaves the field uncut and says so") {
  // seats not in [1 .. 3000]: 6,002 stretches, each checked against a list of 3,000
  // values: 18 million checks, past max_cells. The field is named, with nothing else.
  discount_policy p;
  p.fields = {{"seats", field_type::number}};
  std::vector<std::string> values;
  for (int i = 1; i <= 3000; ++i) values.push_back(std::to_string(i));
  p.approval_rules = {level_rule("odd counts", compare("seats", comparison::not_in, values), 0, "VP")};
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  CHECK(a.capped);
  REQUIRE(a.dimensions.size() == 1);
  CHECK(a.dimensions[0].capped);
  CHECK(a.dimensions[0].segments.empty());
  CHECK(a.dimensions[0].breaks.empty());
  CHECK(io::render_dimension_matrix(a.dimensions[0], a.discount_rows, *v) ==
        "seats: not drawn, its coverage would take more than 4000000 checks\n");
  // At 300 values it is within the cap: the rule stops at each value it lists.
  values.resize(300);
  discount_policy q;
  q.fields = {{"seats", field_type::number}};
  q.approval_rules = {level_rule("odd counts", compare("seats", comparison::not_in, values), 0, "VP")};
  const auto b = analyze_approval_rules(*validate(std::move(q)));
  CHECK_FALSE(b.capped);
  CHECK(b.dimensions[0].breaks.size() == 300);
}

TEST_CASE("approval dimensions: the request's own members keep their quiet values, and counts are whole") {
  // EMEA with a term of 12 months or more to the VP: a request's term is 12 unless
  // said, so EMEA needs the VP at every discount.
  discount_policy p;
  p.fields = {{"region", field_type::text}};
  p.approval_rules = {
      level_rule("EMEA terms", all_of({compare("region", comparison::equal, {"EMEA"}),
                                       compare("term_months", comparison::at_least, {"12"})}),
                 0, "VP"),
      level_rule("up to 5 lines", compare("line_count", comparison::at_most, {"5"}), 0, "Manager"),
      level_rule("from 6 lines", compare("line_count", comparison::at_least, {"6"}), 0, "Manager"),
      level_rule("small amounts", all_of({compare("deal_amount", comparison::is_set),
                                          compare("deal_amount", comparison::below, {"5000 USD"})}),
                 0, "Manager"),
  };
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  CHECK(a.not_analysed == 0);  // "is set" on money names no currency: rule 3 is in scope
  const auto* region = dimension(a, "region");
  REQUIRE(region != nullptr);
  // A request without lines has 0 of them: "up to 5 lines" lifts every cell to the
  // Manager, so the AE's band is the Manager's and the two rows are one.
  CHECK(row_labels(a) == std::vector<std::string>{"0% to 20%", "over 20% to 30%", "over 30% to 100%"});
  CHECK(region->segments[0].levels == levels{vp, vp, vp});
  CHECK(region->segments[1].levels == levels{manager, director, vp});
  // The term is always set, and cut at 12 months (where multi-year starts).
  const auto* term = dimension(a, "term_months");
  REQUIRE(term != nullptr);
  CHECK(labels(*term) == std::vector<std::string>{"< 12", ">= 12"});
  CHECK(term->segments[1].rules == std::vector<std::size_t>{0});
  // Line counts are whole: nothing lies between 5 and 6, so no break.
  const auto* lines = dimension(a, "line_count");
  REQUIRE(lines != nullptr);
  CHECK(labels(*lines) == std::vector<std::string>{"<= 5", ">= 6"});
  CHECK(lines->breaks.empty());
  const auto* amount = dimension(a, "deal_amount");
  REQUIRE(amount != nullptr);
  CHECK(labels(*amount) == std::vector<std::string>{"< 5000.00 USD", ">= 5000.00 USD", "not set"});
  CHECK(amount->segments[0].rules == std::vector<std::size_t>{3});
}
