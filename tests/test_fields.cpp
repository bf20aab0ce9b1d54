// SPDX-License-Identifier: BSL-1.0
// Custom fields one by one: each type's text form, typing against declarations, the
// conditions' edge cases (values held as text, line figures, aggregates, currencies),
// the JSON form's mistakes, and the approval analysis's implication rules case by case.
#include <salesrules/fields.hpp>

#include <salesrules/io/json.hpp>
#include <salesrules/salesrules.hpp>

#include "company_policy.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace salesrules;
using namespace salesrules::literals;
using namespace std::chrono_literals;

namespace {

using texts = std::vector<std::string>;

field_value typed(std::string_view text, field_type t) {
  auto v = typed_value(text, t, "/x");
  REQUIRE_MESSAGE(v, (v ? std::string() : to_string(v.error())));
  return *v;
}

error typing_error(std::string_view text, field_type t) {
  auto v = typed_value(text, t, "/x");
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/x");
  return v.error();
}

}  // namespace

TEST_CASE("fields: numbers are exact to six decimals and print in their shortest form") {
  CHECK(parse_number("12.5")->millionths() == 12'500'000);
  CHECK(parse_number("-3")->millionths() == -3'000'000);
  CHECK(parse_number("0.000001")->millionths() == 1);
  CHECK(to_string(number::from_millionths(12'500'000)) == "12.5");
  CHECK(to_string(number::from_whole(-3)) == "-3");
  CHECK(to_string(number::from_millionths(1)) == "0.000001");
  CHECK(to_string(number{}) == "0");
  auto e = parse_number("1.0000001", "/seats");
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::out_of_range);
  CHECK(e.error().message == "'1.0000001' has more than six decimals");
  e = parse_number("9999999999999", "/seats");  // 10^13 millionths past 2^63
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::overflow);
  CHECK(e.error().where == "/seats");
  e = parse_number("twelve");
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::syntax);
}

TEST_CASE("fields: every type reads its text form, and says what it expected when it cannot") {
  CHECK(typed("", field_type::number).index() == 0);  // empty: not set
  CHECK(typed("EMEA", field_type::text) == field_value{std::string("EMEA")});
  CHECK(typed("120", field_type::number) == field_value{number::from_whole(120)});
  CHECK(typed("12.5%", field_type::percent) == field_value{percent::from_basis_points(1250)});
  CHECK(typed("50000.00 USD", field_type::money) == field_value{"50000 USD"_money});
  CHECK(typed("2026-03-15", field_type::date) == field_value{date{2026y / 3 / 15d}});
  CHECK(typed("Yes", field_type::boolean) == field_value{true});
  CHECK(typed("1", field_type::boolean) == field_value{true});
  CHECK(typed("NO", field_type::boolean) == field_value{false});
  CHECK(typed("0", field_type::boolean) == field_value{false});
  // A set: ';' between items, spaces around them dropped, empty items skipped.
  CHECK(typed(" new logo ;Strategic;; ", field_type::text_set) == field_value{texts{"new logo", "Strategic"}});
  CHECK(typed(";", field_type::text_set) == field_value{texts{}});

  CHECK(typing_error("perhaps", field_type::boolean).message == "'perhaps' is not true or false (nor yes/no, 1/0)");
  CHECK(typing_error("50000", field_type::money).message ==
        "'50000' is not an amount and its currency such as '50000.00 USD'");
  CHECK(typing_error("50000 XYZW", field_type::money).code == errc::unknown_currency);
  CHECK(typing_error("2026-02-30", field_type::date).code == errc::out_of_range);
  CHECK(typing_error("a lot", field_type::number).code == errc::syntax);
  CHECK(typing_error("half", field_type::percent).code == errc::syntax);
  CHECK(typing_error("1", static_cast<field_type>(42)).message == "not a field type");
}

TEST_CASE("fields: a value is taken as declared, or refused naming both types") {
  const auto as = [](const field_value& v, field_type t) {
    auto r = as_declared(v, t, "/fields/margin");
    REQUIRE_MESSAGE(r, (r ? std::string() : to_string(r.error())));
    return *r;
  };
  CHECK(as(field_value{}, field_type::money).index() == 0);
  CHECK(as(field_value{true}, field_type::boolean) == field_value{true});
  CHECK(as(field_value{std::string("7.25")}, field_type::percent) == field_value{percent::from_basis_points(725)});
  // A number of at most two decimals serves a percent: 12.5 is 12.5%.
  CHECK(as(field_value{number::from_millionths(12'500'000)}, field_type::percent) ==
        field_value{percent::from_basis_points(1250)});
  const auto refused = [](const field_value& v, field_type t) {
    auto r = as_declared(v, t, "/fields/margin");
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "/fields/margin");
    return r.error().message;
  };
  CHECK(refused(field_value{number::from_millionths(12'505'000)}, field_type::percent) ==
        "expected a percentage, found a number");
  CHECK(refused(field_value{true}, field_type::money) == "expected a money amount, found true or false");
  CHECK(refused(field_value{"1 USD"_money}, field_type::date) == "expected a date, found a money amount");
  CHECK(refused(field_value{date{2026y / 1 / 1d}}, field_type::number) == "expected a number, found a date");
  CHECK(refused(field_value{texts{"a"}}, field_type::text) == "expected a text, found a list of texts");
  CHECK(refused(field_value{percent::from_whole(1)}, field_type::boolean) == "expected true or false, found a percentage");
  CHECK(refused(field_value{number::from_whole(1)}, field_type::text_set) == "expected a list of texts, found a number");
}

TEST_CASE("fields: type_fields types a record in place, or changes nothing and names the field") {
  const std::vector<field_declaration> declared = {
      {"region", field_type::text}, {"seats", field_type::number}, {"tags", field_type::text_set}};
  custom_fields f = {{"Seats", std::string("120")}, {"tags", std::string("a; b")}, {"region", std::string("EMEA")}};
  REQUIRE(type_fields(f, declared, "/fields"));
  // Names take the declaration's spelling; the order is the record's.
  CHECK(f == custom_fields{{"seats", number::from_whole(120)}, {"tags", texts{"a", "b"}}, {"region", std::string("EMEA")}});

  custom_fields bad = {{"seats", std::string("12")}, {"regoin", std::string("EMEA")}};
  const custom_fields before = bad;
  auto e = type_fields(bad, declared, "/fields");
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/fields/regoin");
  CHECK(e.error().message == "field 'regoin' is not declared by the policy; did you mean 'region'?");
  CHECK(bad == before);
  bad = {{"seats", std::string("many")}};
  e = type_fields(bad, declared, "/lines/2/fields");
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/lines/2/fields/seats");
  CHECK(bad == custom_fields{{"seats", std::string("many")}});
}

TEST_CASE("fields: every value's text form, and set() replaces a value under the same name") {
  CHECK(to_string(field_value{}).empty());
  CHECK(to_string(field_value{std::string("EMEA")}) == "EMEA");
  CHECK(to_string(field_value{number::from_millionths(-2'500'000)}) == "-2.5");
  CHECK(to_string(field_value{percent::from_basis_points(1250)}) == to_string(percent::from_basis_points(1250)));
  CHECK(to_string(field_value{"120000 USD"_money}) == to_string("120000 USD"_money));
  CHECK(to_string(field_value{date{2026y / 3 / 15d}}) == "2026-03-15");
  CHECK(to_string(field_value{false}) == "false");
  CHECK(to_string(field_value{texts{"a", "b c", "d"}}) == "a;b c;d");
  // The text of each type reads back as the same value.
  for (const auto& [v, t] : std::vector<std::pair<field_value, field_type>>{
           {number::from_millionths(-2'500'000), field_type::number},
           {percent::from_basis_points(1250), field_type::percent},
           {"120000.50 EUR"_money, field_type::money},
           {true, field_type::boolean},
           {texts{"a", "b c"}, field_type::text_set}})
    CHECK(typed(to_string(v), t) == v);

  custom_fields f;
  f.set("Region", std::string("EMEA"));
  f.set("region", std::string("APAC"));
  REQUIRE(f.size() == 1);
  CHECK(*f.find("REGION") == field_value{std::string("APAC")});
  CHECK(f.items()[0].name == "Region");
  CHECK(f.find("segment") == nullptr);
  f.clear();
  CHECK(f.empty());
}

TEST_CASE("fields: declarations are refused when blank, of no type, or past 64") {
  std::vector<field_declaration> d = {{"region", field_type::text}, {" ", field_type::text}};
  auto e = check_declarations(d, {});
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/1/name");
  CHECK(e.error().message == "the field's name is blank");
  d = {{"region", static_cast<field_type>(9)}};
  e = check_declarations(d, {});
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/0/type");
  d.clear();
  for (int i = 0; i < 65; ++i) {
    std::string name = "field ";
    name += std::to_string(i);
    d.push_back({std::move(name), field_type::text});
  }
  e = check_declarations(d, {});
  REQUIRE_FALSE(e);
  CHECK(e.error().message == "more than 64 custom fields");
  d.pop_back();
  CHECK(check_declarations(d, {}).has_value());
}

namespace {

// A policy with every type of request field and one rule on `when`, which refuses (so
// that the bands, which judge the discount, cannot blur whether it held).
expected<validated<discount_policy>, error> one_rule(condition when) {
  discount_policy p;
  p.fields = {{"margin", field_type::percent}, {"floor", field_type::money}, {"seats", field_type::number},
              {"signed", field_type::date}};
  p.line_fields = {{"hours", field_type::number}, {"family", field_type::text}};
  p.approval_rules = {{"the rule", std::move(when), 0, "", {}, {}, true}};
  return validate(std::move(p));
}

// Whether the rule held for the request.
bool raised(const condition& when, const discount_request& r) {
  const auto p = one_rule(when);
  REQUIRE_MESSAGE(p, (p ? std::string() : to_string(p.error())));
  const auto d = decide_discount(r, *p);
  REQUIRE_MESSAGE(d, (d ? std::string() : to_string(d.error())));
  return d->refused;
}

}  // namespace

TEST_CASE("conditions: values held as text are read in their declared type when compared") {
  const auto five = percent::from_whole(5);
  CHECK(raised(compare("margin", comparison::below, {"12.5%"}), test::stated(five, {{"margin", std::string("12.49%")}})));
  CHECK_FALSE(raised(compare("margin", comparison::below, {"12.5%"}), test::stated(five, {{"margin", std::string("12.5")}})));
  CHECK(raised(compare("floor", comparison::at_least, {"1000 USD"}), test::stated(five, {{"floor", std::string("1000.00 USD")}})));
  CHECK_FALSE(raised(compare("floor", comparison::at_least, {"1000 USD"}), test::stated(five, {{"floor", std::string("999.99 USD")}})));
  CHECK(raised(compare("seats", comparison::equal, {"12"}), test::stated(five, {{"seats", std::string("12.000")}})));
  CHECK(raised(compare("seats", comparison::not_equal, {"12"}), test::stated(five, {{"seats", number::from_whole(13)}})));
  CHECK(raised(compare("seats", comparison::at_most, {"12"}), test::stated(five, {{"seats", number::from_whole(12)}})));
  CHECK_FALSE(raised(compare("seats", comparison::above, {"12"}), test::stated(five, {{"seats", number::from_whole(12)}})));
  CHECK(raised(compare("signed", comparison::at_least, {"2026-12-01"}), test::stated(five, {{"signed", date{2026y / 12 / 1d}}})));

  // Held as text that does not read: an error at the field, whatever the rule asks.
  const auto p = one_rule(compare("floor", comparison::at_least, {"1000 USD"}));
  REQUIRE(p);
  auto d = decide_discount(test::stated(five, {{"floor", std::string("a thousand")}}), *p);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/fields/floor");
  CHECK(d.error().message == "'floor' does not read as a money amount, which the policy declares");
  // In another currency than the rule's: refused, naming both.
  d = decide_discount(test::stated(five, {{"floor", std::string("5000 EUR")}}), *p);
  REQUIRE_FALSE(d);
  CHECK(d.error().code == errc::currency_mismatch);
  CHECK(d.error().message == "'floor' is in EUR, and approval rule 'the rule' compares it with USD");

  condition two_under_not;
  two_under_not.kind = condition_kind::negate;
  two_under_not.parts = {compare("seats", comparison::is_set), compare("margin", comparison::is_set)};
  const auto bad_not = one_rule(two_under_not);
  REQUIRE_FALSE(bad_not);
  CHECK(bad_not.error().where == "/approval_rules/0/when/not");
  CHECK(bad_not.error().message == "'not' takes exactly one condition");
}

TEST_CASE("conditions: the quote's own figures, and a variable over the lines a condition picks") {
  // Lines: 10,000 at 8,000 (20%), 5,000 at 4,750 (5%), 2,000 at 2,000 (0%). List
  // 17,000, net 14,750: 2,250 off 17,000 is 13.24%; the largest line discount 20%.
  discount_request r;
  r.lines = {{"10000 USD"_money, "8000 USD"_money, {{"hours", number::from_whole(40)}, {"family", std::string("Services")}}},
             {"5000 USD"_money, "4750 USD"_money, {{"family", std::string("Software")}}},
             {"2000 USD"_money, "2000 USD"_money, {{"hours", std::string("8")}}}};
  CHECK(raised(compare("list_total", comparison::equal, {"17000 USD"}), r));
  CHECK(raised(compare("net_total", comparison::between, {"14750 USD", "14750.01 USD"}), r));
  CHECK(raised(compare("line_count", comparison::equal, {"3"}), r));
  CHECK(raised(compare("largest_line_discount", comparison::at_least, {"20%"}), r));
  CHECK_FALSE(raised(compare("largest_line_discount", comparison::above, {"20%"}), r));
  CHECK(raised(compare("discount", comparison::above, {"13.23%"}), r));
  CHECK_FALSE(raised(compare("discount", comparison::above, {"13.24%"}), r));  // 13.235...% is below 13.24%
  CHECK(raised(compare("deal_amount", comparison::equal, {"14750 USD"}), r));  // the net total when not stated

  const auto by_variable = [&](approval_variable v, condition when) {
    discount_policy p;
    p.line_fields = {{"hours", field_type::number}, {"family", field_type::text}};
    p.variables = {std::move(v)};
    p.approval_rules = {{"the rule", std::move(when), 0, "", {}, {}, true}};
    const auto valid = validate(std::move(p));
    REQUIRE_MESSAGE(valid, (valid ? std::string() : to_string(valid.error())));
    const auto d = decide_discount(r, *valid);
    REQUIRE_MESSAGE(d, (d ? std::string() : to_string(d.error())));
    return d->refused;
  };
  const auto with_hours = compare("hours", comparison::is_set);  // lines 0 and 2
  // Lines 0 and 2: list 12,000, net 10,000; 2,000 off 12,000 is 16.67%; the largest 20%.
  CHECK(by_variable({"x", line_aggregate::sum_list, with_hours}, compare("x", comparison::equal, {"12000 USD"})));
  CHECK(by_variable({"x", line_aggregate::sum_net, with_hours}, compare("x", comparison::equal, {"10000 USD"})));
  CHECK(by_variable({"x", line_aggregate::discount, with_hours}, compare("x", comparison::above, {"16.66%"})));
  CHECK_FALSE(by_variable({"x", line_aggregate::discount, with_hours}, compare("x", comparison::above, {"16.67%"})));
  CHECK(by_variable({"x", line_aggregate::max_line_discount, with_hours}, compare("x", comparison::equal, {"20%"})));
  CHECK(by_variable({"x", line_aggregate::count, with_hours}, compare("x", comparison::equal, {"2"})));
  // A line's own figures: its discount and its prices, through the line's description.
  CHECK(by_variable({"x", line_aggregate::count, compare("discount", comparison::at_least, {"5%"})},
                    compare("x", comparison::equal, {"2"})));
  CHECK(by_variable({"x", line_aggregate::sum_list, compare("net", comparison::below, {"5000 USD"})},
                    compare("x", comparison::equal, {"7000 USD"})));
  CHECK(by_variable({"x", line_aggregate::count, compare("hours", comparison::above, {"10"})},
                    compare("x", comparison::equal, {"1"})));
  // Over no line a sum is not set (so fails every comparison but != and not in); a count is 0.
  const auto none = compare("family", comparison::equal, {"Hardware"});
  CHECK_FALSE(by_variable({"x", line_aggregate::sum_net, none}, compare("x", comparison::at_least, {"0 USD"})));
  CHECK(by_variable({"x", line_aggregate::sum_net, none}, compare("x", comparison::not_equal, {"0 USD"})));
  CHECK(by_variable({"x", line_aggregate::count, none}, compare("x", comparison::equal, {"0"})));

  // A line's field that does not read, in a variable's condition: an error at the line.
  discount_policy p;
  p.line_fields = {{"hours", field_type::number}};
  p.variables = {{"x", line_aggregate::count, compare("hours", comparison::above, {"10"})}};
  p.approval_rules = {{"the rule", compare("x", comparison::above, {"0"}), 1, "", {}, {}, false}};
  const auto valid = validate(std::move(p));
  REQUIRE(valid);
  discount_request bad;
  bad.lines = {{"100 USD"_money, "90 USD"_money, {}}, {"100 USD"_money, "90 USD"_money, {{"hours", std::string("ten")}}}};
  const auto d = decide_discount(bad, *valid);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/lines/1/fields/hours");
  CHECK(d.error().message == "'hours' does not read as a number, which the policy declares");
}

TEST_CASE("conditions: the JSON form, and its mistakes at their pointer") {
  auto c = io::from_json_text<condition>(R"({"field": "seats", "op": "in", "values": ["5", 7, true]})");
  REQUIRE(c);
  CHECK(*c == compare("seats", comparison::in, {"5", "7", "true"}));
  c = io::from_json_text<condition>("{}");
  REQUIRE(c);
  CHECK(*c == condition{});  // all of nothing
  c = io::from_json_text<condition>(R"({"not": {"field": "partner", "op": "is set"}})");
  REQUIRE(c);
  CHECK(*c == negate(compare("partner", comparison::is_set)));
  c = io::from_json_text<condition>(R"({"any": [{"field": "a", "op": "=", "value": 18446744073709551615}]})");
  REQUIRE(c);
  CHECK(c->parts.at(0).values.at(0) == "18446744073709551615");

  const auto refused = [](std::string_view text) {
    auto r = io::from_json_text<condition>(text);
    REQUIRE_FALSE(r);
    return r.error();
  };
  auto e = refused(R"({"field": "margin", "op": ">", "value": 12.5})");
  CHECK(e.where == "/value");
  CHECK(e.message == "expected a value such as \"12.5\" (decimals are written as strings, to stay exact), found the number 12.5");
  e = refused(R"({"field": "margin", "op": ">", "value": null})");
  CHECK(e.where == "/value");
  e = refused(R"({"field": "margin", "op": "between", "value": "1"})");
  CHECK(e.where == "/value");
  CHECK(e.message == "'between' takes \"values\", an array");
  e = refused(R"({"field": "margin", "op": "=", "values": ["1"]})");
  CHECK(e.where == "/values");
  CHECK(e.message == "'=' takes one \"value\"");
  e = refused(R"({"field": "margin", "op": "is set", "values": []})");
  CHECK(e.message == "'is set' takes no value");
  e = refused(R"({"field": "margin", "op": "=>", "value": "1"})");
  CHECK(e.where == "/op");
  CHECK(e.code == errc::unknown_name);
  e = refused(R"({"op": "=", "value": "1"})");
  CHECK(e.code == errc::missing);
  e = refused(R"({"field": "x", "value": "1"})");
  CHECK(e.message == "the comparison has no \"op\"");
  e = refused(R"({"all": [{"field": "x", "op": "=", "valeu": "1"}]})");
  CHECK(e.where == "/all/0/valeu");
  CHECK(e.message == "unknown key 'valeu'; did you mean 'value'?");

  // Custom field values in JSON: decimals are text, too.
  auto f = io::from_json_text<custom_fields>(R"({"seats": 120, "margin": "12.5", "tags": ["a"], "gone": null})");
  REQUIRE(f);
  CHECK(*f == custom_fields{{"seats", number::from_whole(120)}, {"margin", std::string("12.5")},
                            {"tags", texts{"a"}}, {"gone", field_value{}}});
  auto fe = io::from_json_text<custom_fields>(R"({"margin": 12.5})");
  REQUIRE_FALSE(fe);
  CHECK(fe.error().where == "/margin");
  fe = io::from_json_text<custom_fields>(R"({"tags": ["a", 1]})");
  REQUIRE_FALSE(fe);
  CHECK(fe.error().where == "/tags/1");
  fe = io::from_json_text<custom_fields>(R"({"deal": {"x": 1}})");
  REQUIRE_FALSE(fe);
  CHECK(fe.error().where == "/deal");
  fe = io::from_json_text<custom_fields>(R"({"seats": 9300000000000})");
  REQUIRE_FALSE(fe);
  CHECK(fe.error().code == errc::out_of_range);
}

namespace {

// The analysis's finding for rule 1 when rule 0 refuses: shadowed or not.
bool shadows(condition refusing, condition later) {
  discount_policy p;
  p.fields = {{"region", field_type::text}, {"seats", field_type::number}, {"partner", field_type::boolean},
              {"floor", field_type::money}};
  p.approval_rules = {{"refusing", std::move(refusing), 0, "", {}, {}, true}, {"later", std::move(later), 1, "", {}, {}, false}};
  const auto v = validate(std::move(p));
  REQUIRE_MESSAGE(v, (v ? std::string() : to_string(v.error())));
  const auto a = analyze_approval_rules(*v);
  return a.findings == std::vector<approval_finding>{{1, approval_finding_kind::shadowed_by_refusal, 0}};
}

bool never_fires(condition when) {
  discount_policy p;
  p.fields = {{"region", field_type::text}, {"seats", field_type::number}, {"partner", field_type::boolean},
              {"floor", field_type::money}};
  p.approval_rules = {{"only", std::move(when), 1, "", {}, {}, false}};
  const auto v = validate(std::move(p));
  REQUIRE_MESSAGE(v, (v ? std::string() : to_string(v.error())));
  const auto a = analyze_approval_rules(*v);
  return a.findings == std::vector<approval_finding>{{0, approval_finding_kind::never_fires, 0}};
}

condition seats(comparison op, std::vector<std::string> v) { return compare("seats", op, std::move(v)); }
condition region(comparison op, std::vector<std::string> v) { return compare("region", op, std::move(v)); }

}  // namespace

TEST_CASE("analysis: a later rule is shadowed only when every request it holds for is refused") {
  using enum comparison;
  // Numbers: intervals, points and exclusions.
  CHECK(shadows(seats(at_least, {"10"}), seats(above, {"10"})));
  CHECK(shadows(seats(above, {"10"}), seats(at_least, {"11"})));          // 11 > 10
  CHECK_FALSE(shadows(seats(above, {"10"}), seats(at_least, {"10"})));    // 10 itself is not refused
  CHECK(shadows(seats(at_most, {"10"}), seats(below, {"10"})));
  CHECK_FALSE(shadows(seats(below, {"10"}), seats(at_most, {"10"})));
  CHECK(shadows(seats(between, {"1", "10"}), seats(in, {"1", "5", "10"})));
  CHECK_FALSE(shadows(seats(between, {"1", "10"}), seats(in, {"1", "11"})));
  CHECK(shadows(seats(in, {"1", "2", "3"}), seats(equal, {"2"})));
  CHECK_FALSE(shadows(seats(in, {"1", "2"}), seats(at_least, {"1"})));     // finitely many against a continuum
  CHECK(shadows(seats(is_set, {}), seats(between, {"3", "4"})));
  CHECK_FALSE(shadows(seats(is_set, {}), seats(not_equal, {"3"})));        // an unset count meets != 3
  CHECK(shadows(seats(not_equal, {"3"}), seats(above, {"3"})));            // nothing above 3 is 3
  CHECK_FALSE(shadows(seats(not_equal, {"3"}), seats(at_least, {"3"})));
  CHECK(shadows(seats(not_equal, {"3"}), seats(not_in, {"3", "4"})));
  CHECK(shadows(all_of({seats(at_least, {"1"}), seats(not_equal, {"5"})}), all_of({seats(between, {"6", "9"})})));
  // A point of the later rule that the earlier one excludes is not refused.
  CHECK_FALSE(shadows(all_of({seats(at_least, {"1"}), seats(not_in, {"5"})}), seats(in, {"4", "5"})));
  CHECK(shadows(all_of({seats(at_least, {"1"}), seats(not_in, {"5"})}), all_of({seats(in, {"4", "5"}), seats(not_equal, {"5"})})));
  // Texts: allowed values and exclusions, names compared as names are.
  CHECK(shadows(region(in, {"EMEA", "APAC"}), region(equal, {"emea"})));
  CHECK_FALSE(shadows(region(in, {"EMEA", "APAC"}), region(in, {"EMEA", "LATAM"})));
  CHECK(shadows(region(not_equal, {"EMEA"}), region(not_in, {"EMEA", "APAC"})));
  CHECK_FALSE(shadows(region(not_in, {"EMEA", "APAC"}), region(not_equal, {"EMEA"})));
  CHECK_FALSE(shadows(region(equal, {"EMEA"}), region(not_equal, {"APAC"})));  // != allows many
  CHECK(shadows(region(not_equal, {"APAC"}), all_of({region(in, {"EMEA", "APAC"}), region(not_equal, {"APAC"})})));
  CHECK(shadows(region(is_set, {}), region(equal, {"EMEA"})));
  // Booleans have two values.
  CHECK(shadows(compare("partner", not_equal, {"false"}), compare("partner", equal, {"true"})));
  CHECK(shadows(compare("partner", not_equal, {"true"}),
                all_of({compare("partner", is_set, {}), compare("partner", not_equal, {"true"})})));
  CHECK_FALSE(shadows(compare("partner", is_set, {}), compare("partner", not_equal, {"true"})));  // unset meets !=
  // Money: in one currency only; another currency never implies.
  CHECK(shadows(compare("floor", at_least, {"100 USD"}), compare("floor", above, {"200 USD"})));
  CHECK_FALSE(shadows(compare("floor", at_least, {"100 USD"}), compare("floor", above, {"200 EUR"})));
  // Several fields: the later rule must ask at least what the earlier one asks, of each.
  CHECK(shadows(all_of({region(equal, {"EMEA"}), seats(above, {"10"})}),
                all_of({seats(above, {"20"}), region(equal, {"EMEA"}), compare("partner", equal, {"true"})})));
  CHECK_FALSE(shadows(all_of({region(equal, {"EMEA"}), seats(above, {"10"})}), seats(above, {"20"})));
  // Outside the scope: never called shadowed.
  CHECK_FALSE(shadows(any_of({region(equal, {"EMEA"})}), region(equal, {"EMEA"})));
  CHECK_FALSE(shadows(region(equal, {"EMEA"}), all_of({region(equal, {"EMEA"}), any_of({seats(above, {"1"})})})));
}

TEST_CASE("analysis: rules that no request can meet") {
  using enum comparison;
  CHECK(never_fires(all_of({seats(above, {"10"}), seats(below, {"10"})})));
  CHECK(never_fires(all_of({seats(above, {"10"}), seats(at_most, {"10"})})));
  CHECK_FALSE(never_fires(all_of({seats(at_least, {"10"}), seats(at_most, {"10"})})));  // 10 itself
  CHECK(never_fires(all_of({seats(at_least, {"10"}), seats(at_most, {"10"}), seats(not_equal, {"10"})})));
  CHECK(never_fires(all_of({seats(in, {"1", "2"}), seats(in, {"3", "4"})})));
  CHECK_FALSE(never_fires(all_of({seats(in, {"1", "2"}), seats(in, {"2", "4"})})));
  CHECK(never_fires(all_of({seats(in, {"1", "2"}), seats(not_in, {"1", "2"})})));
  CHECK(never_fires(all_of({seats(between, {"1", "5"}), seats(above, {"5"})})));
  CHECK(never_fires(all_of({region(equal, {"EMEA"}), region(not_equal, {"emea"})})));
  CHECK(never_fires(all_of({region(in, {"EMEA", "APAC"}), region(in, {"LATAM"})})));
  CHECK_FALSE(never_fires(all_of({region(in, {"EMEA", "APAC"}), region(in, {"apac", "LATAM"})})));
  CHECK_FALSE(never_fires(all_of({region(not_equal, {"EMEA"}), region(not_equal, {"APAC"})})));
  CHECK(never_fires(all_of({compare("partner", not_equal, {"true"}), compare("partner", not_equal, {"false"}),
                            compare("partner", is_set, {})})));
  CHECK_FALSE(never_fires(all_of({compare("partner", not_equal, {"true"}), compare("partner", not_equal, {"false"})})));
  // Money in two currencies at once is beyond the analysis: not called never.
  CHECK_FALSE(never_fires(all_of({compare("floor", above, {"10 USD"}), compare("floor", below, {"5 EUR"})})));
}
