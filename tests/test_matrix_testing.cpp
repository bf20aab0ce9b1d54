// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/matrix_testing.hpp>

#include <salesrules/io/json.hpp>

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;

namespace {

constexpr currency usd{"USD"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }

discount_request at(percent d) {
  discount_request r;
  r.discount = d;
  return r;
}

// The playbook's matrix, worked by hand: bands (0,10] AE, (10,20] Manager with a
// documented justification, (20,30] Director with a strategic justification and a
// reciprocal commitment, (30,100] VP with an executive sponsor and a business case;
// non-standard terms add Legal, payment beyond 30 days adds Finance.
constexpr std::string_view default_cases =
    "case,discount,list,net,currency,deal_amount,term_months,payment_days,nonstandard_terms,evidence,"
    "expect_level,expect_reviewers,expect_missing\n"
    "10% exactly is the rep's,10,,,,,,,,,Account Executive,,none\n"
    "10.01% is the Manager's,10.01,,,,,,,,,Manager,,documented_justification\n"
    "20% with its justification,20%,,,,,,,,documented_justification,Manager,,none\n"
    "\"two lines, 22.5% weighted\",,80000;20000,60000;17500,USD,,,,,,Director,,"
    "strategic_justification;reciprocal_commitment\n"
    "30% exactly,30,,,,,,,,,Director,,\n"
    "30.01%,30.01,,,,,,,,Business_Case,VP,,executive_sponsor\n"
    "net 45 adds Finance,5,,,,,,45,,,Account Executive,finance,none\n"
    "net 30 does not,5,,,,,,30,,,Account Executive,none,\n"
    "non-standard terms add Legal,15,,,,,,60,yes,,Manager,legal;finance,\n"
    "everything off,,1000,0,USD,,36,,,,VP,,\n"
    "nothing off,,1000,1000,usd,250000,,,,,Account Executive,,none\n";

}  // namespace

TEST_CASE("matrix testing: golden cases worked by hand all pass on the default matrix") {
  const auto p = *validate(discount_policy{});
  const auto cases = read_matrix_cases(default_cases);
  REQUIRE(cases);
  REQUIRE(cases->size() == 11);
  CHECK((*cases)[3].name == "two lines, 22.5% weighted");
  CHECK((*cases)[3].line == 5);
  CHECK((*cases)[3].request.lines ==
        std::vector<quote_line>{{dollars(80'000), dollars(60'000)}, {dollars(20'000), dollars(17'500)}});
  CHECK((*cases)[5].request.evidence == std::vector<std::string>{"Business_Case"});  // checked as the policy's name
  CHECK((*cases)[4].expect_missing == std::nullopt);  // an empty cell leaves it unchecked
  CHECK((*cases)[0].expect_missing == std::vector<std::string>{});
  CHECK((*cases)[8].request.nonstandard_terms);
  CHECK((*cases)[8].request.payment_days == 60);
  CHECK((*cases)[9].request.term_months == 36);
  CHECK((*cases)[10].request.deal_amount == dollars(250'000));
  const auto report = check_matrix(*cases, p);
  CHECK_MESSAGE(report.ok(), diff(report));
  CHECK(report.passed() == 11);
  CHECK(diff(report).empty());
  const auto s = summary(report);
  CHECK(s.find("pass 'non-standard terms add Legal' (line 10): Manager, finance, legal\n") != std::string::npos);
  CHECK(s.ends_with("11 of 11 cases passed\n"));
}

TEST_CASE("matrix testing: a wrong expectation gives a readable diff, the other cases are still checked") {
  const auto p = *validate(discount_policy{});
  discount_request big = at(percent::from_whole(25));
  big.nonstandard_terms = true;
  discount_request broken;
  broken.lines = {{dollars(100), dollars(120)}};
  const std::vector<matrix_case> cases{
      {.name = "10% is the rep's", .request = at(percent::from_whole(10)), .expect_level = "Account Executive"},
      {.name = "25% with odd terms",
       .request = big,
       .expect_level = "VP",
       .expect_reviewers = {"finance", "legal"},
       .expect_missing = std::vector<std::string>{"strategic_justification"}},
      {.name = "a typo", .request = at(percent::from_whole(5)), .expect_level = "Manger"},
      {.name = "net above list", .request = broken, .expect_level = "Manager", .line = 9},
  };
  const auto report = check_matrix(cases, p);
  CHECK(report.failed() == 3);
  CHECK(report.passed() == 1);
  CHECK_FALSE(report.ok());
  REQUIRE(report.outcomes.size() == 4);
  CHECK(report.outcomes[1].actual_level == "Director");
  CHECK(report.outcomes[1].actual_reviewers == std::vector<std::string>{"legal"});
  CHECK(report.outcomes[2].problem->code == errc::unknown_name);
  CHECK(report.outcomes[3].problem->where == "/lines/0/net");
  CHECK(report.outcomes[3].problem->line == 9);
  CHECK(diff(report) ==
        "FAIL '25% with odd terms'\n"
        "  level:     expected VP, got Director\n"
        "  reviewers: expected finance, legal; got legal\n"
        "  missing:   expected strategic_justification; got strategic_justification, reciprocal_commitment\n"
        "FAIL 'a typo'\n"
        "  cannot be checked: /expect_level: 'Manger' is not a level of the policy (Account Executive, Manager, "
        "Director, VP)\n"
        "FAIL 'net above list' (line 9)\n"
        "  cannot be checked: /lines/0/net: the net price 120.00 USD is above the list price 100.00 USD\n"
        "3 of 4 cases failed\n");
}

TEST_CASE("matrix testing: evidence a case names is the policy's, checked when the case is") {
  discount_policy own;
  own.evidence = {"security review", "customer reference"};
  own.bands[1].evidence = {"Security Review"};
  own.bands[2].evidence = own.bands[3].evidence = {"security review", "customer reference"};
  const auto p = *validate(own);
  // 25% is the Director's: both kinds asked for, the security review brought.
  const auto cases = read_matrix_cases(
      "case,expect_level,discount,evidence,expect_missing\n"
      "brought one,Director,25,SECURITY REVIEW,customer reference\n"
      "a playbook name,Director,25,business_case,\n"
      "expects a typo,Director,25,,customer referral\n");
  REQUIRE(cases);  // read without the policy: the names are kept as written
  const auto report = check_matrix(*cases, p);
  REQUIRE(report.outcomes.size() == 3);
  CHECK(report.outcomes[0].passed);
  CHECK(report.outcomes[0].actual_missing == std::vector<std::string>{"customer reference"});
  REQUIRE(report.outcomes[1].problem);
  CHECK(report.outcomes[1].problem->where == "/evidence/0");
  CHECK(report.outcomes[1].problem->message.starts_with("unknown evidence 'business_case'"));
  REQUIRE(report.outcomes[2].problem);
  CHECK(report.outcomes[2].problem->where == "/expect_missing/0");
  CHECK(report.outcomes[2].problem->message ==
        "unknown evidence 'customer referral'; did you mean 'customer reference'? (the policy's: security review, "
        "customer reference)");
  // Read with the policy, the same file fails at the first unknown name, with its place.
  const auto strict = read_matrix_cases(
      "case,expect_level,discount,evidence\nbrought one,Director,25,security review\nplaybook,VP,31,business_case\n",
      *p);
  REQUIRE_FALSE(strict);
  CHECK(strict.error().where == "/evidence");
  CHECK(strict.error().line == 3);
  CHECK(strict.error().column == 4);
}

TEST_CASE("matrix testing: a golden file is read from a stream, CRLF and all") {
  std::istringstream in("case,expect_level,discount\r\nfifteen,Manager,15\r\n");
  const auto cases = read_matrix_cases(in);
  REQUIRE(cases);
  REQUIRE(cases->size() == 1);
  CHECK((*cases)[0].request.discount == percent::from_whole(15));
  CHECK(check_matrix(*cases, *validate(discount_policy{})).ok());
}

TEST_CASE("matrix testing: a malformed golden file names the line, the column and the fault") {
  struct bad {
    std::string_view text;
    errc code;
    std::string_view where;
    std::uint64_t line;
    std::uint64_t column;
    std::string_view says;
  };
  const bad cases[] = {
      {"case,expect_levle,discount\n", errc::unknown_name, "/expect_levle", 1, 2, "unknown column 'expect_levle'"},
      {"case,discount\n", errc::unknown_name, "/expect_level", 1, 0, "no 'expect_level' column"},
      {"case,expect_level,list\n", errc::unknown_name, "/net", 1, 0, "only one"},
      {"case,expect_level\n", errc::unknown_name, "/discount", 1, 0, "neither"},
      {"case,expect_level,discount,Discount\n", errc::duplicate, "/discount", 1, 4, "twice (columns 3 and 4)"},
      {"case,expect_level,discount\na,VP,5\nb,VP\n", errc::syntax, "", 3, 0, "2 fields, the header 3"},
      {"case,expect_level,discount\n,VP,5\n", errc::syntax, "/case", 2, 1, "no name"},
      {"case,expect_level,discount\na,,5\n", errc::syntax, "/expect_level", 2, 2, "no expected level"},
      {"case,expect_level,discount\na,VP,ten\n", errc::syntax, "/discount", 2, 3, "'ten'"},
      {"case,expect_level,discount\na,VP,\n", errc::syntax, "/discount", 2, 3, "neither a discount"},
      {"case,expect_level,discount,list,net,currency\na,VP,5,100,90,USD\n", errc::inconsistent, "/discount", 2, 3,
       "both"},
      {"case,expect_level,list,net\na,VP,100,90\n", errc::syntax, "/currency", 2, 0, "no currency"},
      {"case,expect_level,list,net,currency\na,VP,100,90,XYZ\n", errc::unknown_currency, "/currency", 2, 5, "XYZ"},
      {"case,expect_level,list,net,currency\na,VP,100;50,90,USD\n", errc::inconsistent, "/net", 2, 4,
       "2 list prices but 1 net prices"},
      {"case,expect_level,list,net,currency\na,VP,100.001,90,USD\n", errc::out_of_range, "/list", 2, 3, "100.001"},
      {"case,expect_level,discount,evidence\na,VP,5,business_case;roi\n", errc::unknown_name, "/evidence", 2, 4,
       "unknown evidence 'roi'"},
      {"case,expect_level,discount,payment_days\na,VP,5,-3\n", errc::out_of_range, "/payment_days", 2, 4, "'-3'"},
      {"case,expect_level,discount,term_months\na,VP,5,12m\n", errc::syntax, "/term_months", 2, 4, "whole number"},
      {"case,expect_level,discount,phased_rollout\na,VP,5,maybe\n", errc::syntax, "/phased_rollout", 2, 4, "maybe"},
      {"case,expect_level,discount\na,VP,\"5\n", errc::syntax, "/discount", 2, 3, "never closed"},  // the CSV reader's own error
      {"case,expect_level,list,net,currency\na,VP,100,9O,USD\n", errc::syntax, "/net", 2, 4, "9O"},
      {"case,expect_level,discount,deal_amount,currency\na,VP,5,1.234,USD\n", errc::out_of_range, "/deal_amount", 2, 4,
       "1.234"},
      {"case,expect_level,discount,deal_amount\na,VP,5,100\n", errc::syntax, "/currency", 2, 0, "no currency"},
      {"case,expect_level,discount,nonstandard_terms\na,VP,5,si\n", errc::syntax, "/nonstandard_terms", 2, 4, "si"},
      {"case,expect_level,discount,expect_missing\na,VP,5,roi\n", errc::unknown_name, "/expect_missing", 2, 4,
       "unknown evidence 'roi'"},
      {"case,expect_level,discount,term_months\na,VP,5,99999999999\n", errc::out_of_range, "/term_months", 2, 4,
       "99999999999"},
  };
  const auto p = *validate(discount_policy{});  // the names of its reviewers and evidence are checked on reading
  for (const auto& b : cases) {
    CAPTURE(b.text);
    const auto r = read_matrix_cases(b.text, *p);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == b.code);
    CHECK(r.error().where == b.where);
    CHECK(r.error().line == b.line);
    CHECK(r.error().column == b.column);
    CHECK(r.error().message.find(b.says) != std::string::npos);
  }
}

TEST_CASE("matrix testing: the effective matrix as a table a person reads") {
  discount_policy policy;
  policy.rules = {
      {"$1M", deal_dimension::deal_amount, 0, dollars(1'000'000), 2, "", {}, {}},
      {"$250k", deal_dimension::deal_amount, 0, dollars(250'000), 1, "", {}, {}},
  };
  const auto p = *validate(policy);
  const auto a = analyze_matrix(p);
  // AE + 1 = Manager, AE + 2 = Director; Manager + 2 = VP; Director + 2 is capped at VP.
  CHECK(render_effective_matrix(a, p) ==
        "discount          under 250000.00 USD  250000.00 USD and up  1000000.00 USD and up\n"
        "0% to 10%         Account Executive    Manager               Director\n"
        "over 10% to 20%   Manager              Director              VP\n"
        "over 20% to 30%   Director             VP                    VP\n"
        "over 30% to 100%  VP                   VP                    VP\n");
  CHECK(explain(a, p) == "the matrix is sound\n");
  const auto plain = *validate(discount_policy{});
  CHECK(render_effective_matrix(analyze_matrix(plain), plain) ==
        "discount          any deal amount\n"
        "0% to 10%         Account Executive\n"
        "over 10% to 20%   Manager\n"
        "over 20% to 30%   Director\n"
        "over 30% to 100%  VP\n");
}

TEST_CASE("matrix testing: the analysis's findings in sentences") {
  discount_policy policy;
  // Listed lowest threshold first: the $250k tier catches every $1M deal.
  policy.rules = {
      {"$250k", deal_dimension::deal_amount, 0, dollars(250'000), 1, "", {}, {}},
      {"$1M", deal_dimension::deal_amount, 0, dollars(1'000'000), 2, "", {}, {}},
      // A 24-month term adds a step; 36 months, listed first, adds none.
      {"36 months", deal_dimension::term_months, 36, std::nullopt, 0, "", {"finance"}, {}},
      {"24 months", deal_dimension::term_months, 24, std::nullopt, 1, "", {}, {}},
  };
  const auto p = *validate(policy);
  const auto text = explain(analyze_matrix(p), p);
  CHECK(text.find("rule 1 '$1M' can never apply: rule 0 '$250k', earlier in the same dimension, applies to "
                  "every deal it would\n") != std::string::npos);
  CHECK(text.find("from Account Executive: a term of 36 months needs Account Executive, but a term of 24 months "
                  "needs Manager, a higher level\n") != std::string::npos);
}

TEST_CASE("matrix testing: strictness the review asked for") {
  // A currency is checked even on a row with no amounts.
  auto r = read_matrix_cases("case,expect_level,discount,currency\na,VP,35,XYZ\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "/currency");
  CHECK(r.error().column == 4);
  // An empty price would pair the lines wrongly.
  r = read_matrix_cases("case,expect_level,list,net,currency\na,VP,100;;200,90;150;,USD\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "/list");
  CHECK(r.error().message.find("price 2 of the list is empty") != std::string::npos);
  // Level names match as validate() matches them, ASCII case aside.
  const auto cases = read_matrix_cases("case,expect_level,discount\nbig,vp,35\n");
  REQUIRE(cases);
  const auto report = check_matrix(*cases, *validate(discount_policy{}));
  CHECK(report.ok());
  CHECK(report.outcomes[0].actual_level == "VP");
}

TEST_CASE("matrix testing: a company's golden file has a column per custom field") {
  // The worked example's policy and golden file (examples/company_rules).
  const auto policy_text = read_text_file(SALESRULES_SOURCE_DIR "/examples/company_rules/policy.json");
  REQUIRE(policy_text);
  const auto raw = parse_policy(*policy_text);
  REQUIRE(raw);
  const auto p = validate(raw->discount);
  REQUIRE(p);
  const auto text = read_text_file(SALESRULES_SOURCE_DIR "/examples/company_rules/cases.csv");
  REQUIRE(text);
  const auto cases = read_matrix_cases(*text, raw->discount);
  REQUIRE_MESSAGE(cases, (cases ? std::string() : to_string(cases.error())));
  // The first case: request fields typed as declared, a line field per line.
  const auto& first = cases->front().request;
  CHECK(*first.fields.find("region") == field_value{std::string("EMEA")});
  CHECK(*first.fields.find("partner") == field_value{false});
  REQUIRE(first.lines.size() == 2);
  CHECK(*first.lines[1].fields.find("product_family") == field_value{std::string("Services")});
  const auto report = check_matrix(*cases, *p);
  CHECK_MESSAGE(report.ok(), diff(report));

  // Mistakes in the custom columns: named by line and column.
  const auto refused = [&](std::string_view csv) {
    auto r = read_matrix_cases(csv, raw->discount);
    REQUIRE_FALSE(r);
    return r.error();
  };
  auto e = refused("case,expect_level,discount,region,Region\na,VP,5,EMEA,APAC\n");
  CHECK(e.code == errc::duplicate);
  CHECK(e.where == "/region");
  CHECK(e.column == 5);
  CHECK(e.message == "column 'region' appears twice (columns 4 and 5)");
  e = refused("case,expect_level,discount,regoin\na,VP,5,EMEA\n");
  CHECK(e.code == errc::unknown_name);
  CHECK(e.message.find("region") != std::string::npos);
  e = refused("case,expect_level,discount,partner\na,VP,5,perhaps\n");
  CHECK(e.line == 2);
  CHECK(e.column == 4);
  // A reviewer that is none of the policy's, at its cell.
  e = refused("case,expect_level,discount,expect_reviewers\na,VP,5,finance;Services Directr\n");
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/expect_reviewers");
  CHECK(e.line == 2);
  CHECK(e.column == 4);
  CHECK(e.message == "unknown reviewer 'Services Directr'; did you mean 'Services Director'?");
  // Read without the policy, the case is checked against it: a problem, not a pass.
  const auto unread = read_matrix_cases(std::string_view("case,expect_level,discount,expect_reviewers\na,VP,45,accounting\n"));
  REQUIRE(unread);
  const auto unknown = check_matrix(*unread, *p);
  REQUIRE(unknown.outcomes.size() == 1);
  CHECK_FALSE(unknown.outcomes[0].passed);
  REQUIRE(unknown.outcomes[0].problem);
  CHECK(unknown.outcomes[0].problem->where == "/expect_reviewers/0");
  CHECK(unknown.outcomes[0].problem->line == 2);
  CHECK(unknown.outcomes[0].problem->message == "unknown reviewer 'accounting' (the policy's: finance, legal, Services Director)");
  // Without the policy, custom columns are not known at all.
  const auto plain = read_matrix_cases(std::string_view("case,expect_level,discount,region\na,VP,5,EMEA\n"));
  REQUIRE_FALSE(plain);
  CHECK(plain.error().where == "/region");
}
