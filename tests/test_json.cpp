// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/json.hpp>

#include <salesrules/concessions.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/opportunity.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <typeinfo>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono_literals;

namespace {
money usd(std::int64_t whole) { return money(whole * 100, currency{"USD"}); }

// A policy with a changed value in every section, so a round trip exercises every form.
policy custom_policy() {
  policy p;
  p.calendar = {.first_month = std::chrono::February, .naming = fiscal_year_naming::starting_year};
  p.scorecard = {.strong_at = 24, .viable_at = 20, .weights = {.budget = 2}};
  p.icp.segments = {"Mid-Market", "Enterprise"};
  p.icp.min_employees = 200;
  p.icp.min_revenue = usd(5'000'000);
  p.meddpicc.framework = qualification_framework::meddpicc;
  p.process.stages[1].exit.push_back(criteria::contacts_at_least{3});
  p.process.stages[2].exit.push_back(criteria::score_at_least{21});
  p.process.allow_skipping = true;
  p.forecast.bands.commit_at = probability{85};
  p.forecast.accuracy_target = percent::from_basis_points(750);
  p.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'083'400'000)}};
  p.coverage.mid.high = percent::from_whole(350);
  p.coverage.outbound_share = percent::from_whole(25);
  p.coverage.outbound_sources = {"SDR", "AE Sourced"};
  p.hygiene.stale_after_by_stage = {{"Negotiation", 14}};
  p.win_loss.cycle_targets.push_back({"SMB", 30});
  p.diagnosis.min_deals = 25;
  p.trades.report_unmatched_above = percent::from_basis_points(50);
  p.discount.rules.push_back({.name = "large deals to the Director",
                              .when = deal_dimension::deal_amount,
                              .amount_at_least = usd(250'000),
                              .at_least_level = "Director",
                              .reviewers = {"finance"}});
  p.discount.basis = discount_basis::largest_line;
  return p;
}

error policy_error(std::string_view json) {
  auto p = io::parse_policy(json);
  REQUIRE_FALSE(p);
  return p.error();
}
}  // namespace

TEST_CASE("json: a rule's reviewers are names the policy declares, checked when it loads") {
  // Reviewers are the policy's own names, so a misspelt one is found by validate(),
  // at its pointer, not by the parser.
  auto p = io::load_policy(R"({"discount": {"rules": [{"reviewers": ["legal", "finanse"]}]}})");
  REQUIRE_FALSE(p);
  CHECK(p.error().code == errc::unknown_name);
  CHECK(p.error().where == "/discount/rules/0/reviewers/1");
  CHECK(p.error().message == "unknown reviewer 'finanse'; did you mean 'finance'?");
  // Today's files keep loading: lower-case names, and the company's own reviewers.
  p = io::load_policy(R"({"discount": {"reviewers": ["finance", "legal", "Deal Desk"],
                                       "rules": [{"name": "x", "when": "nonstandard_terms",
                                                  "reviewers": ["Legal", "deal desk"]}]}})");
  REQUIRE(p);
  CHECK(p->discount()->rules[0].reviewers == std::vector<std::string>{"Legal", "deal desk"});
}

TEST_CASE("json: evidence kinds are the policy's own list, named by its bands and rules") {
  // Today's files, which name the playbook's kinds, keep loading: the list defaults to them.
  auto p = io::load_policy(R"({"discount": {"bands": [
      {"from": "0%", "to": "10%", "level": "Account Executive"},
      {"from": "10%", "to": "100%", "level": "VP", "evidence": ["business_case", "ROI_analysis"]}]}})");
  REQUIRE(p);
  CHECK(p->discount()->evidence == discount_policy{}.evidence);
  // A list of the company's own replaces it; a band that names a kind it lacks is
  // refused at its pointer, with the nearest name.
  p = io::load_policy(R"({"discount": {"evidence": ["security review", "customer reference"], "bands": [
      {"from": "0%", "to": "10%", "level": "Account Executive"},
      {"from": "10%", "to": "100%", "level": "VP", "evidence": ["security reveiw"]}]}})");
  REQUIRE_FALSE(p);
  CHECK(p.error().where == "/discount/bands/1/evidence/0");
  CHECK(p.error().message == "unknown evidence 'security reveiw'; did you mean 'security review'?");
  p = io::load_policy(R"({"discount": {"evidence": ["security review", "customer reference"], "bands": [
      {"from": "0%", "to": "10%", "level": "Account Executive"},
      {"from": "10%", "to": "100%", "level": "VP", "evidence": ["customer reference", "security review"]}]}})");
  REQUIRE(p);
  const auto& dp = p->discount();
  // A decision's evidence is written by the policy's names, in its order.
  discount_request r;
  r.discount = percent::from_whole(15);
  r.evidence = {"Customer Reference"};
  const auto d = decide_discount(r, dp);
  REQUIRE(d);
  CHECK(io::json_text(io::to_json(d->required, dp), false) == R"(["security review","customer reference"])");
  CHECK(io::json_text(io::to_json(d->missing, dp), false) == R"(["security review"])");
  // The list round-trips with the policy.
  const auto again = io::parse_policy(io::policy_json(p->data()));
  REQUIRE(again);
  CHECK(again->discount.evidence == std::vector<std::string>{"security review", "customer reference"});
}

TEST_CASE("json: the default policy round-trips and its text shows the seeds' numbers") {
  const std::string text = io::policy_json(policy{});
  CHECK(text.find("\"viable_at\": 18") != std::string::npos);
  CHECK(text.find("\"to\": \"20%\"") != std::string::npos);
  CHECK(text.find("\"levels\": [\"Account Executive\", \"Manager\", \"Director\", \"VP\"]") != std::string::npos);
  // A criterion shows only what its kind reads.
  CHECK(text.find("{\n            \"kind\": \"milestone_reached\",\n            \"milestone\": \"meeting_held\"\n"
                  "          }") != std::string::npos);
  auto back = io::parse_policy(text);
  REQUIRE(back);
  CHECK(*back == policy{});
}

TEST_CASE("json: a policy with every section changed round-trips exactly") {
  const policy p = custom_policy();
  REQUIRE(validate(p));
  auto back = io::parse_policy(io::policy_json(p));
  REQUIRE(back);
  CHECK(*back == p);
  CHECK(back->discount.rules.back().amount_at_least == usd(250'000));
  CHECK(back->exchange.rates[0].rate.billionths() == 1'083'400'000);
  CHECK(back->forecast.accuracy_target.basis_points() == 750);
}

TEST_CASE("json: omitted sections and keys keep the seeds' defaults, a present list replaces the default") {
  auto p = io::parse_policy(R"({"scorecard": {"viable_at": 20},
                                "discount": {"levels": ["Rep", "Manager"],
                                             "bands": [{"from": 0, "to": "15%", "level": "Rep"},
                                                       {"from": "15%", "to": 100, "level": "Manager"}],
                                             "rules": []}})");
  REQUIRE(p);
  CHECK(p->scorecard.viable_at == 20);
  CHECK(p->scorecard.strong_at == 25);
  CHECK(p->process == sales_process{});
  REQUIRE(p->discount.bands.size() == 2);
  CHECK(p->discount.bands[0].to == percent::from_whole(15));
  CHECK(p->discount.bands[1].to == percent::from_whole(100));
  CHECK(p->discount.rules.empty());
  CHECK(io::load_policy(R"({"scorecard": {"viable_at": 20}})").has_value());
  // A list is checked where it is: the policy's pointer before the section's own.
  const auto twice = io::load_policy(R"({"coverage": {"outbound_sources": ["Outbound", "outbound"]}})");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().where == "/coverage/outbound_sources/1");
  // The empty document is the default policy.
  auto empty = io::parse_policy("{}");
  REQUIRE(empty);
  CHECK(*empty == policy{});
}

TEST_CASE("json: an unknown key is an error at its pointer that suggests the nearest key") {
  const error e = policy_error(R"({"scorecard": {"viable": 20}})");
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/scorecard/viable");
  CHECK(e.message == "unknown key 'viable'; did you mean 'viable_at'?");

  const error deep = policy_error(R"({"discount": {"bands": [{}, {"levle": "VP"}]}})");
  CHECK(deep.where == "/discount/bands/1/levle");
  CHECK(deep.message == "unknown key 'levle'; did you mean 'level'?");

  // Nothing near: the known keys are listed instead.
  const error far = policy_error(R"({"trades": {"threshold": "5%"}})");
  CHECK(far.message == "unknown key 'threshold'; the keys here are 'report_unmatched_above'");

  // A key holding '/' or '~' is escaped in the pointer (RFC 6901).
  CHECK(policy_error(R"({"a/b~c": 1})").where == "/a~1b~0c");
}

TEST_CASE("json: a value of the wrong kind names what was expected and what was found") {
  struct row {
    const char* json;
    const char* where;
    errc code;
    const char* message;
  };
  const row rows[] = {
      {R"({"discount": {"bands": [{"to": 12.5}]}})", "/discount/bands/0/to", errc::syntax,
       "expected a percentage such as '12.5%', found the number 12.5 (write decimals as strings, e.g. \"12.5%\", "
       "so they stay exact)"},
      {R"({"scorecard": {"strong_at": "25"}})", "/scorecard/strong_at", errc::syntax,
       "expected a whole number, found the string '25'"},
      {R"({"diagnosis": {"min_deals": -1}})", "/diagnosis/min_deals", errc::out_of_range,
       "expected a whole number of zero or more from 0 to 4294967295, found the number -1"},
      {R"({"process": {"stages": [{"name": "A", "probability": 120}]}})", "/process/stages/0/probability",
       errc::out_of_range, "probability 120 is outside 0-100"},
      {R"({"discount": {"basis": "weigted"}})", "/discount/basis", errc::unknown_name,
       "expected one of 'weighted', 'largest_line', found the string 'weigted'; did you mean 'weighted'?"},
      {R"({"discount": {"rules": [{"amount_at_least": "250000"}]}})", "/discount/rules/0/amount_at_least",
       errc::syntax, "expected an amount and its currency such as '50000.00 USD', found the string '250000'"},
      {R"({"calendar": {"first_month": 13}})", "/calendar/first_month", errc::out_of_range,
       "expected a month from 1 to 12, found the number 13"},
      {R"({"exchange": {"reporting": "XYZ"}})", "/exchange/reporting", errc::unknown_currency, nullptr},
      {R"({"icp": {"segments": "SMB"}})", "/icp/segments", errc::syntax, "expected an array, found the string 'SMB'"},
      {R"([1, 2])", "", errc::syntax, "expected an object, found an array"},
  };
  for (const row& r : rows) {
    CAPTURE(r.json);
    const error e = policy_error(r.json);
    CHECK(e.where == r.where);
    CHECK(e.code == r.code);
    if (r.message != nullptr) CHECK(e.message == r.message);
  }
  // An amount with more decimals than its currency has is the money parser's error, placed.
  const error cents = policy_error(R"({"icp": {"min_revenue": "100.001 USD"}})");
  CHECK(cents.where == "/icp/min_revenue");
  CHECK(cents.message == "'100.001' has more decimals than USD allows (2)");
}

TEST_CASE("json: a syntax error names its line and column") {
  auto e = io::parse_json("{\n  \"scorecard\": {,\n}");
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::syntax);
  CHECK(e.error().line == 2);
  CHECK(e.error().column == 17);  // the comma: 2 spaces, 11 characters of key, ':', ' ', '{'
  CHECK(to_string(e.error()).starts_with("line 2, column 17: not valid JSON"));

  auto cut = io::parse_json("{\"a\": [1, 2");
  REQUIRE_FALSE(cut);
  CHECK(cut.error().message.find("ends too soon") != std::string::npos);

  // Nesting deeper than 64 levels is refused, not recursed into.
  auto deep = io::parse_json(std::string(100, '[') + std::string(100, ']'));
  CHECK_FALSE(deep);
}

TEST_CASE("json: a key given twice in one object is refused wherever it is, and only then") {
  // Each object's members are counted in the text and compared with the parsed value,
  // which keeps one member per key; the key is named, with its line and column.
  struct twice {
    const char* text;
    const char* key;
    std::uint64_t column;  // of the quote that closes the second key
  };
  for (const twice& t : {
           twice{R"({"a": 1, "a": 2})", "a", 12},
           twice{R"({"x": {"a": 1, "b": {}, "a": 2}})", "a", 27},
           twice{R"([{"a": 1}, {"a": 1, "a": 2}])", "a", 23},
           twice{R"({"": 1, "": 2})", "", 10},
           twice{R"({"a": 1, "\u0061": 2})", "a", 17},                   // the same key, escaped
           twice{R"({"k": {"p": {"q": 1}}, "k": 2, "z": {}})", "k", 26},  // the value dropped holds objects
           twice{"\xEF\xBB\xBF{\"a\": [], \"a\": []}", "a", 13},        // after a byte-order mark
       }) {
    CAPTURE(t.text);
    const auto e = io::parse_json(t.text);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::duplicate);
    CHECK(e.error().message == "the key '" + std::string(t.key) + "' appears twice in one object; give it once");
    CHECK(e.error().column == t.column);
  }
  // Keys alike in different objects, or differing only in case, are no duplicate.
  for (const char* fine : {R"({"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]})", R"({"a": 1, "A": 2, "a ": 3})",
                           R"([{}, {}, {"x": {}, "y": {}}])", R"({"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6,
                              "k7": 7, "k8": 8, "k9": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14,
                              "k15": 15, "k16": 16, "k17": 17, "k18": 18, "k19": 19, "k20": 20, "k21": 21})"}) {
    CAPTURE(fine);
    CHECK(io::parse_json(fine).has_value());
  }
}

TEST_CASE("json: a loaded policy goes through the checks a policy built in code does") {
  // Overlapping bands: the second starts at 9% where the first ends at 10%.
  auto v = io::load_policy(R"({"discount": {"levels": ["Rep", "Manager"],
                                            "bands": [{"from": 0, "to": 10, "level": "Rep"},
                                                      {"from": 9, "to": 100, "level": "Manager"}],
                                            "rules": []}})");
  REQUIRE_FALSE(v);
  CHECK(v.error().code == errc::invalid_policy);
  CHECK(v.error().where.starts_with("/discount/bands/1"));

  auto stage = io::load_policy(R"({"hygiene": {"qualified_after": "Qualification"}})");
  REQUIRE_FALSE(stage);
  CHECK(stage.error().where == "/hygiene/qualified_after");
}

TEST_CASE("json: policy files") {
  const auto dir = std::filesystem::temp_directory_path();
  const auto good = dir / "salesrules_test_policy.json";
  { std::ofstream(good) << R"({"scorecard": {"viable_at": 20}})"; }
  auto p = io::load_policy_file(good);
  REQUIRE(p);
  CHECK(p->scorecard()->viable_at == 20);

  const auto bad = dir / "salesrules_test_bad_policy.json";
  { std::ofstream(bad) << "{\n\"scorecard\": }"; }
  auto b = io::load_policy_file(bad);
  REQUIRE_FALSE(b);
  CHECK(b.error().where.empty());  // a syntax error has a line and column instead
  CHECK(b.error().line == 2);

  auto missing = io::load_policy_file(dir / "salesrules_no_such_policy.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "cannot open the file");
  std::filesystem::remove(good);
  std::filesystem::remove(bad);
}

TEST_CASE("json: an opportunity and a discount request round-trip through their described forms") {
  opportunity o;
  o.id = "OPP-7";
  o.account = "Acme";
  o.amount = usd(180'000);
  o.stage = "Proposal";
  o.probability_override = probability{55};
  o.close_date = 2026y / 12 / 15;
  o.next_step = salesrules::next_step{"Legal review of MSA", 2026y / 12 / 1d, "Dana"};
  o.contacts = {{"Kim", "CTO", contact_role::economic_buyer, influence_level::high}};
  o.ratings.budget = *rating::from_int(4);
  o.milestones.reach(milestone::meeting_held, 2026y / 10 / 2d);
  o.milestones.reach(milestone::demo_delivered);
  o.requested_discount = percent::from_basis_points(1250);
  const auto json = io::to_json(o);
  CHECK(json.at("amount").as_string() == "180000.00 USD");
  CHECK(json.at("ratings").at("budget").as_int64() == 4);
  CHECK(json.at("ratings").at("need").is_null());
  CHECK(json.at("milestones").at("meeting_held").as_string() == "2026-10-02");
  CHECK(json.at("requested_discount").as_string() == "12.5%");
  CHECK(io::to_json(opportunity{}).at("amount").is_null());  // an amount never set
  auto back = io::from_json<opportunity>(json);
  REQUIRE_MESSAGE(back, (back ? std::string() : to_string(back.error())));
  CHECK(*back == o);

  auto r = io::from_json_text<discount_request>(
      R"({"discount": "22%", "deal_amount": "300000 USD", "term_months": 36,
          "evidence": ["strategic_justification"]})");
  REQUIRE(r);
  CHECK(r->discount == percent::from_whole(22));
  CHECK(r->deal_amount == usd(300'000));
  CHECK(r->term_months == 36);
  CHECK(r->payment_days == 30);  // omitted: the default
  CHECK(r->evidence == std::vector<std::string>{"strategic_justification"});
  auto again = io::from_json<discount_request>(io::to_json(*r));
  REQUIRE(again);
  CHECK(*again == *r);
}

TEST_CASE("json: written text is valid UTF-8 whatever bytes the values held") {
  boost::json::object o;
  o["account"] = std::string("Caf\xE9 Ltd");         // Latin-1, as an Excel export writes it
  o[std::string("k\xFF")] = std::string("\xE2\x82");  // a cut sequence, in a key too
  o["ok"] = std::string("Müller \xE2\x82\xAC");      // valid: kept
  const std::string text = io::json_text(o, false);
  CHECK(text == "{\"account\":\"Caf\xEF\xBF\xBD Ltd\",\"k\xEF\xBF\xBD\":\"\xEF\xBF\xBD\xEF\xBF\xBD\","
                "\"ok\":\"Müller \xE2\x82\xAC\"}");
  CHECK(io::parse_json(text).has_value());
}

TEST_CASE("json: text after the value is an error where it starts, a byte-order mark is skipped") {
  auto e = io::parse_json("{}\n  garbage");
  REQUIRE_FALSE(e);
  CHECK(e.error().line == 2);
  CHECK(e.error().column == 3);
  CHECK(e.error().message == "not valid JSON: text after the value");
  CHECK(io::parse_json("{} \n").has_value());
  CHECK(io::parse_policy("\xEF\xBB\xBF{}").has_value());
  // A number beyond a double's range is refused where it stands, not called a decimal.
  const error huge = policy_error(R"({"scorecard": {"strong_at": 1e400}})");
  CHECK(huge.where == "/scorecard/strong_at");
  CHECK(huge.message == "a number too large to read (beyond about 1.8e308)");
}

TEST_CASE("json: a quoted value is never cut inside a UTF-8 sequence") {
  // 39 ASCII bytes then 'é' (2 bytes): the 40-byte cut would split it.
  const std::string text = std::string(39, 'a') + "\xC3\xA9" + "tail";
  CHECK(salesrules::detail::quoted(text) == "'" + std::string(39, 'a') + "...'");
}

namespace {
// Every described struct and enum a policy, an opportunity or a deal-desk request
// holds, reached from those roots through their members (optional, vector and
// enum_set unwrapped), each checked once.
template <class T>
struct element {
  using type = T;
};
template <class T>
struct element<std::optional<T>> : element<T> {};
template <class T, class A>
struct element<std::vector<T, A>> : element<T> {};
template <class E>
struct element<enum_set<E>> : element<E> {};

struct every_type {
  std::vector<std::string> seen;  // type names
  int structs = 0, enums = 0, members = 0, variants = 0;

  template <class T>
  bool first_time() {
    const std::string name = typeid(T).name();
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return false;
    seen.push_back(name);
    return true;
  }

  template <class T>
  void visit() {
    using U = typename element<T>::type;
    if constexpr (io::detail::described_struct<U>) {
      if (first_time<U>()) check_struct<U>();
    } else if constexpr (io::detail::described_enum<U>) {
      if (first_time<U>()) check_enum<U>();
    } else if constexpr (io::detail::kinded_variant<U>) {
      if (first_time<U>()) check_variant<U>();
    }
  }

  // A variant read by its "kind" (a criterion): each alternative is checked as a
  // struct, the kind as an enum, and the kind itself must be there and known.
  template <class V>
  void check_variant() {
    ++variants;
    CAPTURE(typeid(V).name());
    const auto not_object = io::from_json<V>(boost::json::value(boost::json::array{1}));
    REQUIRE_FALSE(not_object);
    CHECK(not_object.error().where == "");
    CHECK(not_object.error().message == "expected an object with a \"kind\", found an array");
    // With no "kind", the default's kind is kept, as an omitted key keeps its default.
    const auto no_kind = io::from_json<V>(boost::json::value(boost::json::object{}));
    REQUIRE(no_kind);
    CHECK(*no_kind == V{});
    const auto bad_kind = io::from_json<V>(boost::json::value(boost::json::object{{"kind", 7}}));
    REQUIRE_FALSE(bad_kind);
    CHECK(bad_kind.error().where == "/kind");
    CHECK(bad_kind.error().message.starts_with("expected one of '"));
    []<std::size_t... I>(every_type& self, std::index_sequence<I...>) {
      (self.visit<std::variant_alternative_t<I, V>>(), ...);
      (self.visit<std::remove_cvref_t<decltype(std::variant_alternative_t<I, V>::kind)>>(), ...);
    }(*this, std::make_index_sequence<std::variant_size_v<V>>{});
  }

  template <class T>
  void check_struct() {
    ++structs;
    CAPTURE(typeid(T).name());
    const auto not_object = io::from_json<T>(boost::json::value(boost::json::array{1}));
    REQUIRE_FALSE(not_object);
    CHECK(not_object.error().code == errc::syntax);
    CHECK(not_object.error().where == "");
    CHECK(not_object.error().message == "expected an object, found an array");

    const auto unknown = io::from_json<T>(boost::json::value(boost::json::object{{"no_such_key_here", 1}}));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().where == "/no_such_key_here");
    CHECK(unknown.error().message.starts_with("unknown key 'no_such_key_here'"));

    // Each member refuses an object holding a key no type knows, at its own pointer.
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      ++members;
      CAPTURE(d.name);
      const boost::json::object inner{{"\x01", 1}};
      const auto bad = io::from_json<T>(boost::json::value(boost::json::object{{d.name, inner}}));
      REQUIRE_FALSE(bad);
      CHECK(bad.error().where.starts_with(std::string("/") + d.name));
      CHECK_FALSE(bad.error().message.empty());
      visit<std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>>();
    });
  }

  template <class E>
  void check_enum() {
    ++enums;
    CAPTURE(typeid(E).name());
    std::string names;
    std::string first;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
      // Every name reads as its value and is written as itself.
      const auto back = io::from_json<E>(boost::json::value(d.name));
      REQUIRE(back);
      CHECK(*back == d.value);
      CHECK(io::to_json(d.value) == boost::json::value(d.name));
      names += names.empty() ? "'" : ", '";
      names += d.name;
      names += '\'';
      if (first.empty()) first = d.name;
    });
    const auto number = io::from_json<E>(boost::json::value(7));
    REQUIRE_FALSE(number);
    CHECK(number.error().code == errc::syntax);
    CHECK(number.error().message == std::string("expected one of ") + names + ", found the number 7");
    // A name with one letter too many is unknown, and the name it was meant to be is
    // suggested.
    const auto typo = io::from_json<E>(boost::json::value(first + "q"));
    REQUIRE_FALSE(typo);
    CHECK(typo.error().code == errc::unknown_name);
    CHECK(typo.error().message ==
          std::string("expected one of ") + names + ", found the string '" + first + "q'; did you mean '" + first +
              "'?");
  }
};
}  // namespace

TEST_CASE("json: every field of every type read from JSON refuses a wrong value at its pointer") {
  every_type all;
  all.visit<policy>();
  all.visit<opportunity>();
  all.visit<discount_request>();
  all.visit<trade_request>();
  // What the walk reached, so that a type dropped from the roots shows here.
  CHECK(all.structs >= 40);
  CHECK(all.enums >= 15);
  CHECK(all.variants == 1);
}

TEST_CASE("json: every error of a bad policy places itself with a JSON pointer, at any depth") {
  // Parse errors and validation errors alike, from the top of the document down to a
  // criterion of a stage, and a syntax error (no place, a line and a column instead).
  const char* const bad[] = {
      R"({"scorecrd": {}})",
      R"({"scorecard": {"viable_at": 26}})",
      R"({"discount": {"levels": ["Rep", "rep"]}})",
      R"({"discount": {"bands": [{"from": "0%", "to": "10%", "level": "Nobody"}]}})",
      R"({"exchange": {"rates": [{"from": "EUR", "rate": "0"}]}})",
      R"({"process": {"stages": [{"name": "A", "probability": 10, "entry": [{"kind": "score_at_least", "at_least": 31}]},
                                 {"name": "Won", "probability": 100, "kind": "won"}]}})",
      R"({"process": {"stages": [{"name": "A", "probability": 10}, {"name": "a", "probability": 20},
                                 {"name": "Won", "probability": 100, "kind": "won"}]}})",
      R"({"hygiene": {"stale_after_by_stage": [{"stage": "Discovery", "days": 10}, {"stage": "DISCOVERY", "days": 12}]}})",
      R"({"forecast": {"stage_categories": [{"stage": "Nowhere", "category": "commit"}]}})",
      R"({"win_loss": {"cycle_targets": [{"segment": "SMB", "days": 0}]}})",
      R"({"icp": {"industries": ["Software", " "]}})",
      "{\n  \"scorecard\": {,\n}",
  };
  for (const char* text : bad) {
    CAPTURE(text);
    const auto v = io::load_policy(text);
    REQUIRE_FALSE(v);
    const error& e = v.error();
    CAPTURE(to_string(e));
    if (e.line != 0) {
      CHECK(e.where.empty());
      continue;
    }
    REQUIRE_FALSE(e.where.empty());
    CHECK(e.where.front() == '/');
    CHECK(e.deal_id.empty());  // a policy error is about no deal
  }
  CHECK(io::load_policy(bad[5]).error().where == "/process/stages/0/entry/0/at_least");
  CHECK(io::load_policy(bad[6]).error().where == "/process/stages/1/name");
  CHECK(io::load_policy(bad[7]).error().where == "/hygiene/stale_after_by_stage/1/stage");
  CHECK(io::load_policy(bad[8]).error().where == "/forecast/stage_categories/0/stage");
  CHECK(io::load_policy(bad[10]).error().where == "/icp/industries/1");
}

TEST_CASE("json: a level position is a number, both ways, and one past 255 is refused") {
  const monotonicity_break b{deal_dimension::term_months, level_index{1}, 12, 36, level_index{3}, level_index{2}};
  const auto json = io::to_json(b);
  CHECK(json.at("base") == 1);
  CHECK(json.at("level_at_smaller") == 3);
  CHECK(json.at("level_at_larger") == 2);
  CHECK(*io::from_json<monotonicity_break>(json) == b);
  auto too_far = json;
  too_far.as_object()["base"] = 256;
  const auto refused = io::from_json<monotonicity_break>(too_far);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().where == "/base");
}

TEST_CASE("json: stage names in a policy match the process ignoring ASCII case, as lookups do") {
  // The stage map and hygiene's thresholds name stages in another case: they are the
  // process's stages, and the map covers every open stage.
  auto p = io::load_policy(R"({"forecast": {"stage_categories": [
                                 {"stage": "PROSPECT", "category": "upside"}, {"stage": "discovery", "category": "pipeline"},
                                 {"stage": "demo/evaluation", "category": "pipeline"}, {"stage": "Proposal", "category": "best_case"},
                                 {"stage": "negotiation", "category": "commit"}]},
                               "hygiene": {"qualified_after": "discovery",
                                           "stale_after_by_stage": [{"stage": "NEGOTIATION", "days": 7}]}})");
  REQUIRE_MESSAGE(p, to_string(p.error()));
  CHECK(p->forecast().category_of("Negotiation")->category == forecast_category::commit);
  CHECK(p->forecast().category_of("proposal")->category == forecast_category::best_case);
  CHECK(p->hygiene().stale_days_for("Negotiation") == 7);
  CHECK(p->hygiene().stale_days_for("negotiation") == 7);
}

TEST_CASE("json: escalation rules of the policy's own get one note naming their condition form") {
  // The defaults, written out or left out, are today's form: no note.
  const auto defaults = io::parse_policy(io::policy_json(policy{}));
  REQUIRE(defaults);
  CHECK(io::policy_notes(*defaults).empty());
  const auto left_out = io::parse_policy(R"({"discount": {"levels": ["AE", "Manager"]}})");
  REQUIRE(left_out);
  CHECK(io::policy_notes(*left_out).empty());
  const auto none = io::parse_policy(R"({"discount": {"rules": []}})");
  REQUIRE(none);
  CHECK(io::policy_notes(*none).empty());
  // Rules of its own: read as before, with one line naming the first one's condition.
  const auto own = io::parse_policy(R"({"discount": {"rules": [
      {"name": "big", "when": "deal_amount", "amount_at_least": "250000 USD", "raise_levels": 1},
      {"name": "long", "when": "multi_year", "reviewers": ["finance"]}]}})");
  REQUIRE(own);
  REQUIRE(own->discount.rules.size() == 2);
  CHECK(own->discount.rules[1].when == deal_dimension::multi_year);
  const auto notes = io::policy_notes(*own);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] ==
        "/discount/rules: 2 escalation rules, an older form that still reads; each is an approval rule on a condition "
        "(the first's: {\"field\":\"deal_amount\",\"op\":\">=\",\"value\":\"250000.00 USD\"}), which `salesrules policy "
        "upgrade` writes under /discount/approval_rules");
}
