// SPDX-License-Identifier: BSL-1.0
// Custom fields and conditions: the company's own approval rules, decided against
// figures worked out by hand from the playbook's bands.
#include <salesrules/salesrules.hpp>

#include "company_policy.hpp"
#include "numbered.hpp"

#include <doctest/doctest.h>

#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace salesrules;
using namespace salesrules::literals;

using test::stated;

TEST_CASE("conditions: a company's own rules decide on its custom fields, as worked by hand") {
  const auto p = validate(test::company_discounts());
  REQUIRE(p);

  SUBCASE("two lines: 15.83% weighted is the Manager's band, the Services lines' 20% lifts it to the Director") {
    // Software 100,000 at 85,000 (15%), Services 20,000 at 16,000 (20%): 19,000 off
    // 120,000 is 15.83%, in (10%, 20%]. Services alone: 4,000 / 20,000 = 20% > 15%.
    discount_request r;
    r.lines = {{"100000 USD"_money, "85000 USD"_money, {{"product_family", std::string("Software")}}},
               {"20000 USD"_money, "16000 USD"_money, {{"product_family", std::string("Services")}}}};
    r.fields = {{"region", std::string("EMEA")}, {"deal_type", std::string("new")}, {"partner", false}};
    const auto d = decide_discount(r, *p);
    REQUIRE(d);
    CHECK(d->band == band_index{1});
    CHECK(level_name(d->level, *p) == "Director");
    CHECK(d->required == *detail::evidence_of(**p, {"documented_justification", "services scope"}, ""));
    CHECK(evidence_name(*std::next(d->required.begin()), *p) == "services scope");  // the policy's spelling
    REQUIRE(d->reviewers.size() == 1);
    CHECK(reviewer_name(*d->reviewers.begin(), *p) == "Services Director");  // the policy's spelling
    CHECK_FALSE(d->refused);
    // The deal amount is the net total, 101,000 USD: under the EMEA rule's 250,000.
    const auto traced = decide_discount_traced(r, *p);
    REQUIRE(traced);
    REQUIRE(traced->trace.size() == 2);
    CHECK(traced->trace[1].kind == decision_step_kind::approval_rule);
    CHECK(traced->trace[1].index == 2);
    CHECK(level_name(traced->trace[1].level_before, *p) == "Manager");
    CHECK(level_name(traced->trace[1].level_after, *p) == "Director");
    CHECK(traced->trace[1].evidence_added == evidence_set{evidence_index{6}});  // after the playbook's six
    CHECK(traced->trace[1].reviewers_added == reviewer_set{reviewer_index{2}});
  }

  SUBCASE("Services lines at exactly 15% do not fire the rule (above, not at least)") {
    discount_request r;
    r.lines = {{"20000 USD"_money, "17000 USD"_money, {{"product_family", std::string("services")}}}};
    const auto d = decide_discount(r, *p);
    REQUIRE(d);
    CHECK(level_name(d->level, *p) == "Manager");  // 15% is the Manager's band
  }

  SUBCASE("renewals: 40% is allowed, 40.01% is refused") {
    const auto at_40 = decide_discount(stated(percent::from_whole(40), {{"deal_type", std::string("renewal")}}), *p);
    REQUIRE(at_40);
    CHECK_FALSE(at_40->refused);
    CHECK(level_name(at_40->level, *p) == "VP");
    const auto above = decide_discount(stated(percent::from_basis_points(4001), {{"deal_type", std::string("Renewal")}}), *p);
    REQUIRE(above);
    CHECK(above->refused);
    CHECK(above->refused_by == 0);
    CHECK_FALSE(above->rep_may_approve);
    // A new deal at 45% is the VP's, not refused.
    const auto new_deal = decide_discount(stated(percent::from_whole(45), {{"deal_type", std::string("new")}}), *p);
    REQUIRE(new_deal);
    CHECK_FALSE(new_deal->refused);
  }

  SUBCASE("EMEA at 250,000 USD needs the VP even at 5%; 249,999.99 does not") {
    auto r = stated(percent::from_whole(5), {{"region", std::string("EMEA")}});
    r.deal_amount = "250000 USD"_money;
    auto d = decide_discount(r, *p);
    REQUIRE(d);
    CHECK(level_name(d->level, *p) == "VP");
    r.deal_amount = "249999.99 USD"_money;
    d = decide_discount(r, *p);
    REQUIRE(d);
    CHECK(level_name(d->level, *p) == "Account Executive");
    CHECK(d->rep_may_approve);
    // APAC at 300,000: not EMEA.
    r.fields.set("region", std::string("APAC"));
    r.deal_amount = "300000 USD"_money;
    d = decide_discount(r, *p);
    REQUIRE(d);
    CHECK(level_name(d->level, *p) == "Account Executive");
  }

  SUBCASE("a partner deal at 5% stays the rep's level but goes to Finance; text 'yes' reads as true") {
    const auto d = decide_discount(stated(percent::from_whole(5), {{"partner", std::string("yes")}}), *p);
    REQUIRE(d);
    CHECK(level_name(d->level, *p) == "Account Executive");
    CHECK(d->reviewers == reviewer_set{reviewer_index{0}});
    CHECK(reviewer_name(reviewer_index{0}, *p) == "finance");
    CHECK_FALSE(d->rep_may_approve);
  }

  SUBCASE("a field the policy does not declare is an error naming it, with the nearest declared name") {
    const auto d = decide_discount(stated(percent::from_whole(5), {{"regoin", std::string("EMEA")}}), *p);
    REQUIRE_FALSE(d);
    CHECK(d.error().code == errc::unknown_name);
    CHECK(d.error().where == "/fields/regoin");
    CHECK(d.error().message == "field 'regoin' is not declared by the policy; did you mean 'region'?");
    discount_request r;
    r.lines = {{"100 USD"_money, "90 USD"_money, {{"family", std::string("Services")}}}};
    const auto line = decide_discount(r, *p);
    REQUIRE_FALSE(line);
    CHECK(line.error().where == "/lines/0/fields/family");
    // Under a policy that declares nothing, a field on a request or a line is refused too.
    const auto plain = validate(discount_policy{});
    REQUIRE(plain);
    const auto on_line = decide_discount(r, *plain);
    REQUIRE_FALSE(on_line);
    CHECK(on_line.error().where == "/lines/0/fields/family");
    CHECK(on_line.error().message == "field 'family' is not declared by the policy");
    const auto on_request = decide_discount(stated(percent::from_whole(5), {{"region", std::string("EMEA")}}), *plain);
    REQUIRE_FALSE(on_request);
    CHECK(on_request.error().where == "/fields/region");
  }

  SUBCASE("a value that does not read in its declared type, and money in another currency, are errors") {
    const auto bad = decide_discount(stated(percent::from_whole(5), {{"partner", std::string("perhaps")}}), *p);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().where == "/fields/partner");
    CHECK(bad.error().message == "'partner' does not read as true or false, which the policy declares");
    auto r = stated(percent::from_whole(5), {{"region", std::string("EMEA")}});
    r.deal_amount = "300000 EUR"_money;
    const auto eur = decide_discount(r, *p);
    REQUIRE_FALSE(eur);
    CHECK(eur.error().code == errc::currency_mismatch);
    CHECK(eur.error().where == "/deal_amount");
    CHECK(eur.error().message == "'deal_amount' is in EUR, and approval rule 'large EMEA deals to the VP' compares it with USD");
    // Outside EMEA the rule stops at the region, before the amount: decided, as the rules read it.
    r.fields = {{"region", std::string("APAC")}};
    const auto apac = decide_discount(r, *p);
    REQUIRE(apac);
    CHECK(apac->level == level_index{});
  }

  SUBCASE("a value of the wrong type is an error even when no rule reads it; figures of the lines point at them") {
    // partner is declared boolean; the renewal rule stops before it at 5%.
    auto wrong = decide_discount(stated(percent::from_whole(5), {{"partner", number::from_whole(3)}}), *p);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().where == "/fields/partner");
    CHECK(wrong.error().message == "'partner' does not read as true or false, which the policy declares");
    // The deal amount totalled from EUR lines, against the EMEA rule's USD.
    discount_request r;
    r.lines = {{"100 EUR"_money, "95 EUR"_money, {}}};
    r.fields = {{"region", std::string("EMEA")}};
    const auto eur = decide_discount(r, *p);
    REQUIRE_FALSE(eur);
    CHECK(eur.error().where == "/lines");
    CHECK(eur.error().code == errc::currency_mismatch);
  }

  SUBCASE("a money variable or a line's money field in another currency than the condition's is an error at the lines") {
    discount_policy q = p->get();
    q.line_fields.push_back({"cost", field_type::money});
    q.variables.push_back({"services_list", line_aggregate::sum_list, compare("product_family", comparison::equal, {"Services"})});
    q.variables.push_back({"costly_lines", line_aggregate::count, compare("cost", comparison::above, {"1000 USD"})});
    q.approval_rules.push_back({"large Services lists", compare("services_list", comparison::at_least, {"50000 USD"}), 1, "",
                                {}, {}, false});
    q.approval_rules.push_back({"costly lines", compare("costly_lines", comparison::at_least, {"1"}), 1, "", {}, {}, false});
    const auto v = validate(std::move(q));
    REQUIRE(v);
    discount_request r;
    r.lines = {{"60000 USD"_money, "57000 USD"_money, {{"product_family", std::string("Services")}}}};
    // $60,000 of Services list at 5%: one step up for the list; no cost, no costly line.
    const auto usd = decide_discount(r, *v);
    REQUIRE(usd);
    CHECK(usd->level == level_index{1});
    // The same in EUR: the variable totals EUR, the rule compares USD.
    r.lines = {{"60000 EUR"_money, "57000 EUR"_money, {{"product_family", std::string("Services")}}}};
    const auto eur = decide_discount(r, *v);
    REQUIRE_FALSE(eur);
    CHECK(eur.error().code == errc::currency_mismatch);
    CHECK(eur.error().where == "/lines");
    CHECK(eur.error().message == "'services_list' is in EUR, and approval rule 'large Services lists' compares it with USD");
    // A line's cost in EUR, against the variable's USD.
    r.lines = {{"600 USD"_money, "570 USD"_money, {{"cost", "2000 EUR"_money}}}};
    const auto cost = decide_discount(r, *v);
    REQUIRE_FALSE(cost);
    CHECK(cost.error().code == errc::currency_mismatch);
    CHECK(cost.error().where == "/lines/0/fields/cost");
    CHECK(cost.error().message == "'cost' is in EUR, and variable 'costly_lines' compares it with USD");
  }

  SUBCASE("'is set' on the quote's figures and a variable: the discounts always, a variable over a matching line") {
    discount_policy q = p->get();
    q.approval_rules = {{"discount known", compare("discount", comparison::is_set), 1, "", {}, {}, false},
                        {"largest known", compare("largest_line_discount", comparison::is_set), 1, "", {}, {}, false},
                        {"Services priced", compare("services_discount", comparison::is_set), 0, "VP", {}, {}, false}};
    const auto v = validate(std::move(q));
    REQUIRE(v);
    discount_request r;
    r.lines = {{"100 USD"_money, "95 USD"_money, {{"product_family", std::string("Software")}}}};
    const auto software = decide_discount(r, *v);
    REQUIRE(software);
    CHECK(software->level == level_index{2});  // two steps; no Services line, so no VP floor
    r.lines[0].fields = {{"product_family", std::string("Services")}};
    const auto services = decide_discount(r, *v);
    REQUIRE(services);
    CHECK(services->level == level_index{3});
  }

  SUBCASE("a request refused now and not before needs approving again") {
    const auto before = decide_discount(stated(percent::from_whole(35), {{"deal_type", std::string("renewal")}}), *p);
    REQUIRE(before);
    const auto again = check_reapproval(*before, stated(percent::from_whole(41), {{"deal_type", std::string("renewal")}}), *p);
    REQUIRE(again);
    CHECK(again->needed);
    CHECK(again->why == enum_set<stricter>{stricter::refused});
  }
}

TEST_CASE("conditions: comparisons, unset fields, sets and combinations") {
  discount_policy p;
  p.fields = {{"seats", field_type::number},    {"tags", field_type::text_set}, {"signed", field_type::date},
              {"margin", field_type::percent},  {"segment", field_type::text}};
  const auto rule = [](condition c) { return approval_rule{"r", std::move(c), 1, "", {}, {}, false}; };
  const auto fires = [&](condition c, custom_fields f) {
    auto q = p;
    q.approval_rules = {rule(std::move(c))};
    const auto v = validate(std::move(q));
    REQUIRE(v);
    const auto d = decide_discount(stated(percent::from_whole(5), std::move(f)), *v);
    REQUIRE(d);
    return d->level == level_index{1};
  };
  CHECK(fires(compare("seats", comparison::between, {"10", "20.5"}), {{"seats", number::from_whole(20)}}));
  CHECK(fires(compare("seats", comparison::between, {"10", "20.5"}), {{"seats", std::string("20.5")}}));
  CHECK_FALSE(fires(compare("seats", comparison::between, {"10", "20.5"}), {{"seats", std::string("20.500001")}}));
  CHECK(fires(compare("seats", comparison::in, {"5", "7"}), {{"seats", number::from_whole(7)}}));
  CHECK_FALSE(fires(compare("seats", comparison::not_in, {"5", "7"}), {{"seats", number::from_whole(7)}}));
  // Not set: fails every comparison but != and not in.
  CHECK_FALSE(fires(compare("seats", comparison::below, {"5"}), {}));
  CHECK_FALSE(fires(compare("seats", comparison::at_least, {"5"}), {}));
  CHECK(fires(compare("seats", comparison::not_equal, {"5"}), {}));
  CHECK_FALSE(fires(compare("segment", comparison::is_set), {{"segment", std::string()}}));
  CHECK(fires(negate(compare("segment", comparison::equal, {"SMB"})), {}));
  // A text set: = contains, in shares one, is set is not empty.
  CHECK(fires(compare("tags", comparison::equal, {"strategic"}), {{"tags", std::vector<std::string>{"new logo", "Strategic"}}}));
  CHECK(fires(compare("tags", comparison::in, {"x", "new logo"}), {{"tags", std::vector<std::string>{"new logo"}}}));
  CHECK_FALSE(fires(compare("tags", comparison::is_set), {{"tags", std::vector<std::string>{}}}));
  // Dates and percentages.
  CHECK(fires(compare("signed", comparison::below, {"2026-04-01"}), {{"signed", std::string("2026-03-31")}}));
  CHECK_FALSE(fires(compare("signed", comparison::below, {"2026-04-01"}), {{"signed", std::string("2026-04-01")}}));
  CHECK(fires(compare("margin", comparison::below, {"12.5%"}), {{"margin", percent::from_basis_points(1249)}}));
  CHECK(fires(compare("margin", comparison::equal, {"12.5"}), {{"margin", number::from_millionths(12'500'000)}}));
  // Built-in members, through their description.
  CHECK(fires(compare("term_months", comparison::above, {"24"}), {}) == false);
  CHECK(fires(compare("nonstandard_terms", comparison::equal, {"false"}), {}));
  // all / any / not.
  const auto smb = compare("segment", comparison::equal, {"SMB"});
  const auto big = compare("seats", comparison::at_least, {"100"});
  CHECK(fires(any_of({smb, big}), {{"seats", number::from_whole(100)}}));
  CHECK_FALSE(fires(all_of({smb, big}), {{"seats", number::from_whole(100)}}));
  CHECK(fires(all_of({smb, negate(big)}), {{"segment", std::string("smb")}, {"seats", number::from_whole(99)}}));
  CHECK(fires(condition{}, {}));               // all of nothing: always
  CHECK_FALSE(fires(any_of({}), {}));          // any of nothing: never
}

TEST_CASE("conditions: a request's fields are found by name in any order and case, and texts of any length compare ignoring case") {
  discount_policy p;
  p.fields = {{"region", field_type::text}, {"deal_type", field_type::text}, {"partner", field_type::boolean}};
  p.approval_rules = {{"EMEA renewals by partners",
                       all_of({compare("region", comparison::equal, {"EMEA"}),
                               compare("deal_type", comparison::in, {"new", "renewal"}),
                               compare("partner", comparison::equal, {"true"})}),
                       1, "", {}, {}, false}};
  const auto v = validate(p);
  REQUIRE(v);
  const auto level = [&](custom_fields f) {
    const auto d = decide_discount(stated(percent::from_whole(5), std::move(f)), *v);
    REQUIRE(d);
    return d->level;
  };
  // In the policy's order, reversed, and with one field at another's place.
  CHECK(level({{"region", std::string("EMEA")}, {"deal_type", std::string("renewal")}, {"partner", true}}) == level_index{1});
  CHECK(level({{"partner", true}, {"deal_type", std::string("Renewal")}, {"REGION", std::string("emea")}}) == level_index{1});
  CHECK(level({{"deal_type", std::string("RENEWAL")}, {"region", std::string("Emea")}, {"Partner", true}}) == level_index{1});
  CHECK(level({{"partner", true}, {"region", std::string("EMEA")}}) == level_index{0});  // no deal type
  CHECK(level({{"region", std::string("EME")}, {"deal_type", std::string("renewal")}, {"partner", true}}) == level_index{0});
  CHECK(level({{"region", std::string("EMEA")}, {"deal_type", std::string("renewals")}, {"partner", true}}) == level_index{0});
  // An undeclared field is refused wherever it stands.
  const auto d = decide_discount(stated(percent::from_whole(5), {{"partner", true}, {"regoin", std::string("EMEA")}}), *v);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/fields/regoin");
  // Texts of 1 to 17 bytes: equal as written and ignoring case, and not when the last
  // byte differs (in a text otherwise written as the policy writes it, too).
  for (std::size_t n = 1; n <= 17; ++n) {
    std::string lower, upper;
    for (std::size_t i = 0; i < n; ++i) {
      lower += static_cast<char>('a' + i % 26);
      upper += static_cast<char>('A' + i % 26);
    }
    std::string last = lower;
    last.back() = '_';
    std::string upper_last = upper;
    upper_last.back() = '_';
    discount_policy q;
    q.fields = {{"code", field_type::text}};
    q.approval_rules = {{"code", compare("code", comparison::equal, {upper}), 1, "", {}, {}, false}};
    const auto w = validate(q);
    REQUIRE(w);
    const auto same = decide_discount(stated(percent::from_whole(5), {{"code", lower}}), *w);
    const auto exact = decide_discount(stated(percent::from_whole(5), {{"code", upper}}), *w);
    const auto other = decide_discount(stated(percent::from_whole(5), {{"code", last}}), *w);
    const auto other_exact = decide_discount(stated(percent::from_whole(5), {{"code", upper_last}}), *w);
    REQUIRE(same);
    REQUIRE(exact);
    REQUIRE(other);
    REQUIRE(other_exact);
    CHECK_MESSAGE(same->level == level_index{1}, n);
    CHECK_MESSAGE(exact->level == level_index{1}, n);
    CHECK_MESSAGE(other->level == level_index{0}, n);
    CHECK_MESSAGE(other_exact->level == level_index{0}, n);
  }
}

TEST_CASE("conditions: a policy's mistakes are refused at validate(), at their pointer, with a suggestion") {
  const auto refused = [](condition c) {
    auto p = test::company_discounts();
    p.approval_rules = {{"r", std::move(c), 0, "", {}, {}, false}};
    auto v = validate(std::move(p));
    REQUIRE_FALSE(v);
    return v.error();
  };
  auto e = refused(all_of({compare("region", comparison::equal, {"EMEA"}), compare("regoin", comparison::equal, {"x"})}));
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/approval_rules/0/when/all/1/field");
  CHECK(e.message == "no field 'regoin' here; did you mean 'region'?");
  e = refused(compare("region", comparison::above, {"EMEA"}));
  CHECK(e.where == "/approval_rules/0/when/op");
  CHECK(e.message == "'>' does not apply to 'region', which is a text");
  e = refused(compare("discount", comparison::between, {"30%", "20%"}));
  CHECK(e.where == "/approval_rules/0/when/values/1");
  e = refused(compare("discount", comparison::above, {"forty"}));
  CHECK(e.where == "/approval_rules/0/when/value");
  CHECK(e.code == errc::syntax);
  e = refused(compare("region", comparison::in, {"EMEA", ""}));
  CHECK(e.where == "/approval_rules/0/when/values/1");
  e = refused(compare("region", comparison::in, {}));
  CHECK(e.where == "/approval_rules/0/when/values");
  CHECK(e.message == "'in' takes one value or more, found 0");
  e = refused(compare("deal_amount", comparison::in, {"1 USD", "1 EUR"}));
  CHECK(e.code == errc::currency_mismatch);
  CHECK(e.where == "/approval_rules/0/when/values/1");
  e = refused(negate(compare("product_family", comparison::is_set)));
  CHECK(e.code == errc::unknown_name);  // a line's field, not the request's
  CHECK(e.where == "/approval_rules/0/when/not/field");

  auto p = test::company_discounts();
  p.fields.push_back({"Region", field_type::text});
  auto v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/fields/3/name");
  CHECK(v.error().code == errc::duplicate);
  p = test::company_discounts();
  p.fields.push_back({"term_months", field_type::number});
  v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().message == "field 'term_months' has the name of a built-in field");
  p = test::company_discounts();
  p.variables[0].lines = compare("region", comparison::equal, {"EMEA"});  // a request field, not a line's
  v = validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/variables/0/lines/field");
}

TEST_CASE("conditions: a variable's or an approval rule's mistakes are refused at their pointer") {
  struct row {
    const char* where;
    errc code;
    const char* says;
  };
  // Each row's policy: the company's, with one mistake.
  const auto with = [](int mistake) {
    auto p = test::company_discounts();
    auto& var = p.variables[0];
    auto& rule = p.approval_rules[2];
    switch (mistake) {
      case 0: var.name = " "; break;
      case 1: var.aggregate = static_cast<line_aggregate>(9); break;
      case 2: var.name = "Deal_Amount"; break;
      case 3: var.name = "REGION"; break;
      case 4: p.variables[1].name = var.name; break;
      case 5:
        p.variables.assign(17, var);
        for (std::size_t i = 0; i < p.variables.size(); ++i) p.variables[i].name = test::numbered("v", i);
        break;
      case 6: rule.raise_levels = 4; break;
      case 7: rule.raise_levels = -1; break;
      case 8: rule.at_least_level = "CFO"; break;
      case 9: rule.reviewers = {"finance", "services directr"}; break;
      case 10: p.reviewers = {"finance", "Legal", "legal"}; break;
      default: break;
    }
    return p;
  };
  const row rows[] = {
      {"/variables/0/name", errc::invalid_policy, "the variable's name is blank"},
      {"/variables/0/aggregate", errc::out_of_range, "not an aggregate"},
      {"/variables/0/name", errc::duplicate, "variable 'Deal_Amount' has the name of a built-in field"},
      {"/variables/0/name", errc::duplicate, "variable 'REGION' has the name of a declared field"},
      {"/variables/1/name", errc::duplicate, "variable 'services_discount' is defined twice"},
      {"/variables", errc::out_of_range, "more than 16 approval variables"},
      {"/approval_rules/2/raise_levels", errc::out_of_range, "raise_levels 4 is outside 0-3"},
      {"/approval_rules/2/raise_levels", errc::out_of_range, "raise_levels -1 is outside 0-3"},
      {"/approval_rules/2/at_least_level", errc::unknown_name, "unknown level 'CFO'"},
      {"/approval_rules/2/reviewers/1", errc::unknown_name,
       "unknown reviewer 'services directr'; did you mean 'Services Director'?"},
      {"/reviewers/2", errc::duplicate, "reviewer 'legal' is listed twice"},
  };
  for (int i = 0; i < static_cast<int>(std::size(rows)); ++i) {
    CAPTURE(i);
    const auto v = validate(with(i));
    REQUIRE_FALSE(v);
    CHECK(v.error().where == rows[i].where);
    CHECK(v.error().code == rows[i].code);
    CHECK(v.error().message == rows[i].says);
  }
  // With none of these mistakes the policy is valid.
  CHECK(validate(with(-1)));
}

TEST_CASE("conditions: analysis finds rules that can never fire and rules an earlier refusal shadows") {
  discount_policy p = test::company_discounts();
  const auto rule = [](std::string name, condition when, bool refuse = false) {
    return approval_rule{std::move(name), std::move(when), 0, "", {}, {}, refuse};
  };
  p.approval_rules = {
      // 0: refuses renewals above 40%.
      rule("renewals above 40%",
           all_of({compare("deal_type", comparison::equal, {"renewal"}), compare("discount", comparison::above, {"40%"})}),
           true),
      // 1: EMEA and APAC at once: never.
      rule("two regions", all_of({compare("region", comparison::equal, {"EMEA"}), compare("region", comparison::equal, {"apac"})})),
      // 2: above 40% and at most 30%: never.
      rule("empty band", all_of({compare("discount", comparison::above, {"40%"}), compare("discount", comparison::at_most, {"30%"})})),
      // 3: renewals above 50% in EMEA: inside rule 0, so always refused by it.
      rule("deep EMEA renewals",
           all_of({compare("deal_type", comparison::in, {"Renewal"}), compare("discount", comparison::at_least, {"50%"}),
                   compare("region", comparison::equal, {"EMEA"})})),
      // 4: renewals at 40% exactly and up: 40% itself is not refused, so not shadowed.
      rule("renewals from 40%",
           all_of({compare("deal_type", comparison::equal, {"renewal"}), compare("discount", comparison::at_least, {"40%"})})),
      // 5: above 40% and below 40.01%: a discount judged from lines can be 40.005%, so it may fire.
      rule("a sliver", all_of({compare("discount", comparison::above, {"40%"}), compare("discount", comparison::below, {"40.01%"})})),
      // 6: outside the scope (any): not analysed.
      rule("either", any_of({compare("region", comparison::equal, {"EMEA"}), compare("partner", comparison::equal, {"true"})})),
      // 7: partner true and not true: never.
      rule("partner both", all_of({compare("partner", comparison::equal, {"true"}), compare("partner", comparison::not_equal, {"true"})})),
      // 8: any of nothing: never.
      rule("nothing", any_of({})),
      // 9: region unset or not EMEA, with != only: may fire (an unset region meets it).
      rule("not EMEA", all_of({compare("region", comparison::not_equal, {"EMEA"}), compare("region", comparison::not_in, {"APAC"})})),
  };
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  using k = approval_finding_kind;
  CHECK(a.findings == std::vector<approval_finding>{{1, k::never_fires, 0},
                                                    {2, k::never_fires, 0},
                                                    {3, k::shadowed_by_refusal, 0},
                                                    {7, k::never_fires, 0},
                                                    {8, k::never_fires, 0}});
  CHECK(a.not_analysed == 1);
  CHECK_FALSE(a.capped);
  // The company example itself is sound.
  CHECK(analyze_approval_rules(*validate(test::company_discounts())).sound());
}

TEST_CASE("conditions: the analysis stops after max_pairs implication checks and says so") {
  // 500 refusing rules with falling thresholds: none implies an earlier one, so every
  // pair is checked: 124,750 pairs, past the cap of 100,000.
  discount_policy p;
  for (std::int64_t i = 0; i < 500; ++i)  // above 60%, above 59.9%, ...
    p.approval_rules.push_back({std::to_string(i),
                                compare("discount", comparison::above, {to_string(percent::from_basis_points(6000 - i * 10))}),
                                0, "", {}, {}, true});
  const auto v = validate(std::move(p));
  REQUIRE(v);
  const auto a = analyze_approval_rules(*v);
  CHECK(a.capped);
  CHECK(a.findings.empty());
}

TEST_CASE("conditions: a coded comparison holds exactly where the comparison itself does") {
  using namespace salesrules::detail;
  const fact_name names[] = {{"n", field_type::number}, {"p", field_type::percent}, {"m", field_type::money},
                             {"d", field_type::date},   {"b", field_type::boolean}, {"t", field_type::text}};
  const std::vector<std::vector<std::string>> values{
      {"10", "20", "15"}, {"10%", "20%", "12.5%"}, {"10 USD", "20 USD", "15 USD"},
      {"2026-01-10", "2026-01-20", "2026-01-15"}, {"true", "false", "true"}, {"EMEA", "APAC", "emea"}};
  compiled_conditions cc;
  for (std::size_t f = 0; f < std::size(names); ++f) {
    const std::string field(names[f].name);
    const auto& v = values[f];
    std::vector<condition> all{compare(field, comparison::equal, {v[0]}), compare(field, comparison::not_equal, {v[1]}),
                               compare(field, comparison::is_set)};
    if (names[f].type != field_type::boolean) {
      all.push_back(compare(field, comparison::in, {v[0], v[2]}));
      all.push_back(compare(field, comparison::not_in, {v[1], v[2]}));
    }
    if (names[f].type != field_type::boolean && names[f].type != field_type::text)
      for (const auto op : {comparison::at_least, comparison::above, comparison::at_most, comparison::below})
        all.push_back(compare(field, op, {v[0]}));
    if (names[f].type != field_type::boolean && names[f].type != field_type::text)
      all.push_back(compare(field, comparison::between, {v[2], v[1]}));
    for (const auto& c : all) REQUIRE(compile_condition(c, names, cc, ""));
  }
  code_slots(cc, std::size(names));
  // Each slot's facts: every named value, values a third and a half away from each,
  // far below and above, not set; money in another currency; texts named, in another
  // case, and not named.
  const auto facts_of = [&](std::size_t slot) {
    std::vector<fact> out(1);  // not set
    if (names[slot].type == field_type::text) {
      for (const char* t : {"EMEA", "apac", "Emea", "LATAM", "EMEA "}) {
        fact f;
        f.set = true;
        f.text = t;
        out.push_back(f);
      }
      return out;
    }
    // num / (den * scale), in the comparison's currency.
    const auto figure = [&out](const condition_node& n, int128 num, int128 den) {
      fact f;
      f.set = true;
      f.num = num;
      f.den = den * n.scale;
      f.cur = n.cur;
      out.push_back(f);
    };
    for (const condition_node& n : cc.nodes)
      if (n.kind == condition_kind::compare && n.slot == slot && n.op != comparison::is_set)
        for (const int128 at : {n.low, n.high})
          for (const auto& [num, den] : {std::pair<int128, int128>{at, 1}, {3 * at - 1, 3}, {3 * at + 1, 3}, {2 * at - 1, 2},
                                         {2 * at + 1, 2}, {at - 1000, 1}, {at + 1000, 1}})
            figure(n, num, den);
    // Figures about the slot's narrow_below, which place_number judges in 64 bits below
    // it and in 128 at and above it: each value exactly, a hair off, and 2^64 past it.
    if (const std::uint64_t nb = cc.coded[slot].narrow_below; nb > 0)
      for (const condition_node& n : cc.nodes)
        if (n.kind == condition_kind::compare && n.slot == slot && n.op != comparison::is_set)
          for (const int128 d : {static_cast<int128>(nb / static_cast<std::uint64_t>(n.scale)) - 1,
                                 static_cast<int128>(nb / static_cast<std::uint64_t>(n.scale)),
                                 static_cast<int128>(nb / static_cast<std::uint64_t>(n.scale)) + 1})
            for (const int128 num : {n.low * d - 1, n.low * d, n.low * d + 1, static_cast<int128>(nb) - 1,
                                     static_cast<int128>(nb), (static_cast<int128>(1) << 64) + n.low * d})
              figure(n, num, d);
    if (names[slot].type == field_type::money) {
      fact f;
      f.set = true;
      f.num = 1000;
      f.cur = currency{"EUR"};
      out.push_back(f);
    }
    return out;
  };
  std::size_t judged = 0;
  for (std::size_t slot = 0; slot < std::size(names); ++slot) {
    CAPTURE(slot);
    REQUIRE(cc.coded[slot].used);
    for (const fact& f : facts_of(slot))
      for (const condition_node& n : cc.nodes) {
        if (n.kind != condition_kind::compare || n.slot != slot) continue;
        REQUIRE(n.coded);
        bool ok = true;
        const bool holds = compare_fact(n, f, cc, ok);
        const std::uint8_t k = code_of(cc, slot, f);
        // A value that cannot be compared (money in another currency) has no code: it is
        // then judged by the comparison itself, as is `is set` on it.
        if (k == unread_code) {
          CHECK(f.cur != cc.coded[slot].cur);
        } else {
          CHECK(ok);
          CHECK((((n.codes >> k) & 1U) != 0) == holds);
        }
        if (!ok) CHECK(k == unread_code);
        ++judged;
      }
  }
  CHECK(judged > 400);
  // Every numeric slot has a 64-bit path (narrow_below above 1), so the figures about
  // narrow_below above were judged on both sides of it.
  for (std::size_t slot = 0; slot + 1 < std::size(names); ++slot) CHECK(cc.coded[slot].narrow_below > 1);

  // Past 61 texts or 30 numbers a slot stays uncoded, and is compared as before; at
  // 61 and 30 it is coded, "any other" text coded 61 and "above them all" 60.
  const auto limited = [&](int text_count, int number_count) {
    compiled_conditions many;
    std::vector<std::string> texts, numbers;
    for (int i = 0; i < text_count; ++i) texts.push_back("text number " + std::to_string(i));
    for (int i = 0; i < number_count; ++i) numbers.push_back(std::to_string(i));
    REQUIRE(compile_condition(compare("t", comparison::in, texts), names, many, ""));
    REQUIRE(compile_condition(compare("n", comparison::in, numbers), names, many, ""));
    code_slots(many, std::size(names));
    return many;
  };
  const auto over = limited(62, 31);
  CHECK_FALSE(over.coded[5].used);
  CHECK_FALSE(over.coded[0].used);
  CHECK_FALSE(over.nodes[0].coded);
  CHECK_FALSE(over.nodes[1].coded);
  const auto at = limited(61, 30);
  REQUIRE(at.coded[5].used);
  REQUIRE(at.coded[0].used);
  fact other;
  other.set = true;
  other.text = "Text Number 7";  // past eight bytes, another case: the eighth value
  CHECK(code_of(at, 5, other) == 7);
  CHECK(((at.nodes[0].codes >> 7) & 1U) != 0);
  other.text = "text number 61";
  CHECK(code_of(at, 5, other) == 61);
  CHECK(((at.nodes[0].codes >> 61) & 1U) == 0);
  fact big;
  big.set = true;
  big.num = 30'000'000;  // 30, above 0 to 29
  CHECK(code_of(at, 0, big) == 60);
  CHECK(((at.nodes[1].codes >> 60) & 1U) == 0);
  fact empty;
  empty.set = true;  // an empty text is not set
  CHECK(code_of(at, 5, empty) == unset_code);

  // A text slot with only "is set": coded with no value named, any text is "other".
  compiled_conditions only_set;
  REQUIRE(compile_condition(compare("n", comparison::above, {"12"}), names, only_set, ""));
  REQUIRE(compile_condition(compare("t", comparison::is_set), names, only_set, ""));
  code_slots(only_set, std::size(names));
  REQUIRE(only_set.coded[5].used);
  CHECK(only_set.coded[5].count == 0);
  other.text = "x";
  CHECK(code_of(only_set, 5, other) == 0);
  CHECK(((only_set.nodes[1].codes >> 0) & 1U) != 0);
  CHECK(((only_set.nodes[1].codes >> unset_code) & 1U) == 0);
  // Money in two currencies on one slot: uncoded.
  compiled_conditions two;
  REQUIRE(compile_condition(compare("m", comparison::above, {"10 USD"}), names, two, ""));
  REQUIRE(compile_condition(compare("m", comparison::above, {"10 EUR"}), names, two, ""));
  code_slots(two, std::size(names));
  CHECK_FALSE(two.coded[2].used);
  CHECK_FALSE(two.nodes[0].coded);
}

TEST_CASE("conditions: rules judged by the table decide as the same rules evaluated one by one, past 64 rules too") {
  // Policy A's rules are comparisons or conjunctions of them, judged at once by the
  // table (tabulate); policy B wraps each in not(not(...)), which no table takes, so
  // its rules are evaluated node by node. Random rules and requests, among them values
  // no rule names, unset fields, and a deal amount in another currency than a rule's.
  std::mt19937 rng(1515);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const std::vector<std::string> regions{"EMEA", "APAC", "NA"}, types{"new", "renewal", "expansion"};
  const auto atom = [&]() -> condition {
    switch (pick(9)) {
      case 0: return compare("region", comparison::equal, {regions[pick(3)]});
      case 1: return compare("region", comparison::in, {regions[pick(3)], regions[pick(3)]});
      case 2: return compare("region", comparison::not_equal, {regions[pick(3)]});
      case 3: return compare("deal_type", comparison::equal, {types[pick(3)]});
      case 4: return compare("partner", comparison::equal, {pick(2) != 0 ? "true" : "false"});
      case 5: return compare("discount", comparison::above, {std::to_string(5 * pick(9)) + "%"});
      case 6: return compare("deal_amount", comparison::at_least, {std::to_string(50'000 * pick(6)) + " USD"});
      case 7: return compare("term_months", comparison::at_most, {std::to_string(12 * pick(4))});
      default: return compare("region", comparison::is_set);
    }
  };
  discount_policy a;
  a.fields = {{"region", field_type::text}, {"deal_type", field_type::text}, {"partner", field_type::boolean}};
  a.reviewers = {"finance", "legal"};
  for (std::size_t i = 0; i < 70; ++i) {
    std::vector<condition> parts;
    for (std::size_t k = 1 + pick(3); k > 0; --k) parts.push_back(atom());
    approval_rule rule{"rule " + std::to_string(i), parts.size() == 1 ? parts.front() : all_of(parts),
                       static_cast<int>(pick(2)), pick(4) == 0 ? a.levels[pick(a.levels.size())] : "", {}, {},
                       pick(9) == 0};
    if (pick(3) == 0) rule.reviewers = {a.reviewers[pick(2)]};
    a.approval_rules.push_back(rule);
  }
  discount_policy b = a;
  for (auto& rule : b.approval_rules) rule.when = negate(negate(rule.when));
  const auto pa = validate(a);
  const auto pb = validate(b);
  REQUIRE(pa);
  REQUIRE(pb);

  std::size_t decided = 0, refused = 0, errors = 0, differ = 0, fired = 0;
  for (int n = 0; n < 1500; ++n) {
    discount_request r;
    r.discount = percent::from_whole(static_cast<std::int32_t>(pick(50)));
    r.term_months = static_cast<int>(12 * pick(5));
    const bool euros = pick(8) == 0;
    r.deal_amount = money(static_cast<std::int64_t>(25'000 * pick(14)) * 100, euros ? currency("EUR") : currency("USD"));
    if (pick(5) != 0) r.fields.set("region", std::string(pick(4) == 0 ? "latam" : regions[pick(3)]));
    if (pick(5) != 0) r.fields.set("deal_type", std::string(types[pick(3)]));
    if (pick(3) != 0) r.fields.set("partner", pick(2) == 0);
    const auto da = decide_discount_traced(r, *pa);
    const auto db = decide_discount_traced(r, *pb);
    if (da.has_value() != db.has_value()) {
      ++differ;
      continue;
    }
    if (!da) {
      ++errors;
      differ += !(da.error() == db.error());
      continue;
    }
    ++decided;
    refused += da->decision.refused;
    fired += da->trace.size();
    differ += !(da->decision == db->decision) || !(da->trace == db->trace);
  }
  CHECK(differ == 0);
  // Every kind of outcome was met: decisions, refusals, rules firing, and the amount in
  // euros refused by the first rule that compares it (at the same place in both).
  CHECK(decided > 1000);
  CHECK(refused > 100);
  CHECK(errors > 50);
  CHECK(fired > decided * 3);
}
