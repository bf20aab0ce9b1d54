// SPDX-License-Identifier: BSL-1.0
#include <salesrules/discount.hpp>

#include "discount_matrix.hpp"
#include "numbered.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

using namespace salesrules;
using namespace salesrules::test;
namespace e = salesrules::test::playbook_evidence;

TEST_CASE("discount: the playbook's bands at every edge (9.99 / 10 / 10.01%, and so on)") {
  const auto p = matrix();
  struct row {
    std::int64_t bp;
    const char* level;
    names required;
  };
  for (const row& x : {row{0, "Account Executive", {}}, row{999, "Account Executive", {}},
                       row{1000, "Account Executive", {}}, row{1001, "Manager", {"documented_justification"}},
                       row{2000, "Manager", {"documented_justification"}},
                       row{2001, "Director", {"strategic_justification", "reciprocal_commitment"}},
                       row{3000, "Director", {"strategic_justification", "reciprocal_commitment"}},
                       row{3001, "VP", {"executive_sponsor", "business_case"}},
                       row{10000, "VP", {"executive_sponsor", "business_case"}}}) {
    CAPTURE(x.bp);
    const auto d = decide_discount(at(x.bp), p);
    REQUIRE(d);
    CHECK(level_of(*d, p) == x.level);
    CHECK(evidence_names(d->required, p) == x.required);
    CHECK(evidence_names(d->missing, p) == x.required);  // nothing brought
    CHECK(d->reviewers.empty());
    CHECK(d->rep_may_approve == (x.bp <= 1000));
  }
}

TEST_CASE("discount: evidence supplied is no longer missing, and the chain runs up to the level") {
  const auto p = matrix();
  auto r = at(2500);  // Director
  r.evidence = {"Strategic_Justification"};  // the policy's name, ASCII case aside
  const auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(evidence_names(d->missing, p) == names{"reciprocal_commitment"});
  const auto chain = approval_chain(*d, p);
  CHECK(std::vector<std::string>(chain.begin(), chain.end()) ==
        std::vector<std::string>{"Account Executive", "Manager", "Director"});
  CHECK_FALSE(d->rep_may_approve);
}

TEST_CASE("discount: a request brings the policy's own evidence by name, and an unknown name is an error") {
  discount_policy own;
  own.evidence = {"security review", "customer reference", "Pricing \"exception\" form"};
  own.bands[1].evidence = {"security review"};
  own.bands[2].evidence = {"security review", "customer reference"};
  own.bands[3].evidence = {"security review", "customer reference", "pricing \"exception\" form"};
  const auto p = matrix(own);
  // 25% is the Director's: both kinds asked for; the rep brings the review, in capitals.
  auto r = at(2500);
  r.evidence = {"SECURITY REVIEW"};
  auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(evidence_names(d->required, p) == names{"security review", "customer reference"});
  CHECK(evidence_names(d->missing, p) == names{"customer reference"});
  // Brought twice, and brought when not asked: neither is a fault.
  r = at(500);
  r.evidence = {"customer reference", "Customer Reference", "security review"};
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->missing.empty());
  CHECK(d->rep_may_approve);
  // A name of a listed one's size that shares its first eight bytes is compared whole:
  // a difference in its last byte, and in a middle word of a longer name.
  r.evidence = {"security reviex"};
  auto e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/evidence/0");
  CHECK(e.error().message == "unknown evidence 'security reviex'; did you mean 'security review'?");
  r.evidence = {"customer reference", "pricing \"exceptiOX\" form"};  // bytes 16-17 of 24: the O is the o, ASCII case aside; the X is not the n
  e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/evidence/1");
  r.evidence = {"pricing \"ex\u00e9ption\" form"};  // not ASCII: compared as bytes
  CHECK_FALSE(decide_discount(r, p));
  // A playbook name is not this policy's, and the error names its place in the list.
  r.evidence = {"security review", "business_case"};
  e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/evidence/1");
  CHECK(e.error().message.starts_with("unknown evidence 'business_case'"));
  // Every place of the list is reached, the last too.
  r = at(3500);
  r.evidence = {"PRICING \"EXCEPTION\" FORM"};
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(evidence_names(d->missing, p) == names{"security review", "customer reference"});
}

namespace {
template <class A, class B>
constexpr bool comparable = requires(A a, B b) { a == b; };
}  // namespace

TEST_CASE("discount: a decision's level and band are positions of their own kind, named through the policy") {
  const auto p = matrix();
  const auto d = decide_discount(at(2500), p);  // 25%: the third band, Director
  REQUIRE(d);
  CHECK(d->level == level_index{2});
  CHECK(d->band == band_index{2});
  CHECK(level_name(d->level, p) == "Director");
  CHECK(level_name(level_index{0}, p) == "Account Executive");
  CHECK(level_name(level_index{4}, p).empty());  // past the four levels: no decision holds it
  CHECK(level_index{1} < level_index{3});       // a higher position is a more senior level
  // Neither an integer nor the other kind: these do not compile.
  static_assert(!std::is_convertible_v<int, level_index> && !std::is_convertible_v<level_index, std::size_t>);
  static_assert(!comparable<level_index, band_index> && !comparable<level_index, int>);
  static_assert(comparable<level_index, level_index>);
}

TEST_CASE("discount: derived from list and net prices exactly, shown rounded up") {
  const auto p = matrix();
  discount_request r;
  r.lines = {{dollars(1'000), dollars(900)}};  // exactly 10%
  auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(level_of(*d, p) == "Account Executive");
  CHECK(d->weighted.shown() == percent::from_whole(10));
  r.lines = {{dollars(1'000), money(89'999, usd)}};  // 100.01 off 1000: 10.001%, over the edge
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(level_of(*d, p) == "Manager");
  CHECK(d->weighted.shown() == percent::from_basis_points(1001));  // 10.001% shown as 10.01%
  CHECK(d->discount == exact_discount{10001, 100000});
  r.lines = {{money(300, usd), money(200, usd)}};  // 1/3 off: 33.333...%
  d = decide_discount(r, p);
  CHECK(d->weighted.shown() == percent::from_basis_points(3334));
  CHECK(level_of(*d, p) == "VP");
}

TEST_CASE("discount: a multi-line quote is judged on the policy's basis") {
  // A: 10,000 list, 6,500 net (35%); B: 90,000 list, 90,000 net (0%).
  // Weighted: 3,500 / 100,000 = 3.5% (AE); largest line: 35% (VP).
  discount_request r;
  r.lines = {{dollars(10'000), dollars(6'500)}, {dollars(90'000), dollars(90'000)}};
  const auto weighted = matrix();
  const auto d = decide_discount(r, weighted);
  REQUIRE(d);
  CHECK(level_of(*d, weighted) == "Account Executive");
  CHECK(d->weighted.shown() == percent::from_basis_points(350));
  CHECK(d->largest_line.shown() == percent::from_whole(35));
  const auto largest = matrix({.basis = discount_basis::largest_line});
  CHECK(level_of(*decide_discount(r, largest), largest) == "VP");
}

TEST_CASE("discount: non-standard terms go to Legal, payment beyond net 30 to Finance") {
  const auto p = matrix();
  auto r = at(500);
  r.nonstandard_terms = true;
  auto d = decide_discount(r, p);
  CHECK(d->reviewers == reviewer_set{legal});
  CHECK(level_of(*d, p) == "Account Executive");
  CHECK_FALSE(d->rep_may_approve);
  r = at(500);
  r.payment_days = 30;
  CHECK(decide_discount(r, p)->reviewers.empty());
  r.payment_days = 31;
  CHECK(decide_discount(r, p)->reviewers == reviewer_set{finance});
}

TEST_CASE("discount: reviewers are the policy's own names, found whatever their case") {
  discount_policy own;
  own.reviewers = {"Deal Desk", "Legal", "Finance"};
  own.rules = {{"redlines", deal_dimension::nonstandard_terms, 0, {}, 0, "", {"legal", "DEAL DESK"}, {}},
               {"net 45", deal_dimension::payment_days, 46, {}, 0, "", {"finance"}, {}}};
  const auto p = matrix(own);
  auto r = at(500);
  r.nonstandard_terms = true;
  r.payment_days = 60;
  const auto d = decide_discount(r, p);
  REQUIRE(d);
  // In the policy's order, with its spelling.
  std::vector<std::string_view> names;
  for (const reviewer_index i : d->reviewers) names.push_back(reviewer_name(i, p));
  CHECK(names == std::vector<std::string_view>{"Deal Desk", "Legal", "Finance"});
  CHECK(reviewer_name(reviewer_index{3}, p).empty());  // past the list
  CHECK_FALSE(d->rep_may_approve);

  // Mistakes, at their pointer: an unknown name (with the nearest), a blank or repeated
  // reviewer, more than 32.
  const auto refused = [](discount_policy q) {
    const auto v = validate(std::move(q));
    REQUIRE_FALSE(v);
    return v.error();
  };
  auto bad = own;
  bad.rules[1].reviewers = {"finance", "Deal Dsk"};
  auto err = refused(bad);
  CHECK(err.code == errc::unknown_name);
  CHECK(err.where == "/rules/1/reviewers/1");
  CHECK(err.message == "unknown reviewer 'Deal Dsk'; did you mean 'Deal Desk'?");
  bad = own;
  bad.approval_rules = {{"x", compare("discount", comparison::above, {"5%"}), 0, "", {"Procurement"}, {}, false}};
  err = refused(bad);
  CHECK(err.where == "/approval_rules/0/reviewers/0");
  CHECK(err.message == "unknown reviewer 'Procurement'");
  bad = own;
  bad.reviewers.emplace_back("deal desk");
  err = refused(bad);
  CHECK(err.code == errc::duplicate);
  CHECK(err.where == "/reviewers/3");
  bad.reviewers.back() = " ";
  CHECK(refused(bad).where == "/reviewers/3");
  bad = own;
  bad.reviewers.clear();
  for (std::size_t i = 0; i < 33; ++i) bad.reviewers.push_back(test::numbered("R", i));
  CHECK(refused(bad).where == "/reviewers");
  bad.reviewers.pop_back();  // 32 is allowed, and a rule may add the last of them
  bad.rules = {{"redlines", deal_dimension::nonstandard_terms, 0, {}, 0, "", {"R31"}, {}}};
  const auto most = matrix(bad);
  const auto last = decide_discount(r, most);
  REQUIRE(last);
  CHECK(last->reviewers == reviewer_set{reviewer_index{31}});
  // The playbook's rules name the default reviewers: a policy that drops them must
  // drop those rules too.
  discount_policy none;
  none.reviewers.clear();
  CHECK(refused(none).where == "/rules/0/reviewers/0");
}

TEST_CASE("discount: deal-amount tiers raise the level, first match per dimension, capped at the top") {
  discount_policy tiers;
  tiers.rules.push_back({"$1M deals", deal_dimension::deal_amount, 0, dollars(1'000'000), 2, "", {}, {}});
  tiers.rules.push_back({"$250k deals", deal_dimension::deal_amount, 0, dollars(250'000), 1, "", {}, {}});
  const auto p = matrix(tiers);
  auto r = at(500);
  r.deal_amount = money(24'999'999, usd);  // $249,999.99: no tier
  CHECK(level_of(*decide_discount(r, p), p) == "Account Executive");
  r.deal_amount = dollars(250'000);
  CHECK(level_of(*decide_discount(r, p), p) == "Manager");
  r.deal_amount = money(99'999'999, usd);
  CHECK(level_of(*decide_discount(r, p), p) == "Manager");
  r.deal_amount = dollars(1'000'000);  // only the first tier applies: +2, not +3
  CHECK(level_of(*decide_discount(r, p), p) == "Director");
  auto big = at(2500);  // Director, +2, capped at VP
  big.deal_amount = dollars(1'000'000);
  CHECK(level_of(*decide_discount(big, p), p) == "VP");
}

TEST_CASE("discount: a floor level and extra evidence for multi-year and phased structures") {
  discount_policy structures;
  structures.rules.push_back({"multi-year to Director", deal_dimension::multi_year, 0, std::nullopt, 0, "Director",
                              {"finance"}, {"business_case"}});
  structures.rules.push_back({"phased rollout needs an ROI", deal_dimension::phased_rollout, 0, std::nullopt, 0, "",
                              {}, {"roi_analysis"}});
  structures.rules.push_back({"three years and more", deal_dimension::term_months, 36, std::nullopt, 1, "", {}, {}});
  const auto p = matrix(structures);
  auto r = at(500);
  r.term_months = 12;
  CHECK(level_of(*decide_discount(r, p), p) == "Account Executive");
  r.term_months = 13;
  auto d = decide_discount(r, p);
  CHECK(level_of(*d, p) == "Director");
  CHECK(d->reviewers == reviewer_set{finance});
  CHECK(evidence_names(d->required, p) == names{"business_case"});
  r.term_months = 36;  // floor Director, then +1
  CHECK(level_of(*decide_discount(r, p), p) == "VP");
  r = at(500);
  r.phased_rollout = true;
  CHECK(evidence_names(decide_discount(r, p)->missing, p) == names{"roi_analysis"});
}

TEST_CASE("discount: the trace names every rule that fired, with the numbers it saw") {
  discount_policy tiers;
  tiers.rules.push_back({"$1M deals", deal_dimension::deal_amount, 0, dollars(1'000'000), 2, "", {}, {}});
  const auto p = matrix(tiers);
  auto r = at(2500);
  r.deal_amount = dollars(1'200'000);
  r.payment_days = 45;
  const auto t = decide_discount_traced(r, p);
  REQUIRE(t);
  CHECK(t->decision == *decide_discount(r, p));
  // Each figure in its unit: the band's discount and edge as percent, the payment
  // terms as days, the deal amount as money.
  using std::chrono::days;
  CHECK(t->trace == std::vector<decision_step>{
                        {decision_step_kind::band, 2, percent::from_whole(25), percent::from_whole(30), level_index{0},
                         level_index{2}, {}, {e::strategic_justification, e::reciprocal_commitment}},
                        {decision_step_kind::rule, 1, days(45), days(31), level_index{2}, level_index{2},
                         {finance}, {}},
                        {decision_step_kind::rule, 2, dollars(1'200'000), dollars(1'000'000), level_index{2},
                         level_index{3}, {}, {}},
                    });
  // A term and a multi-year rule see months; yes/no rules see true and have no threshold.
  discount_policy terms;
  terms.rules = {{"3 years", deal_dimension::term_months, 36, {}, 1, "", {}, {}},
                 {"multi-year", deal_dimension::multi_year, 0, {}, 0, "", {"legal"}, {}},
                 {"phased", deal_dimension::phased_rollout, 0, {}, 0, "", {}, {"roi_analysis"}},
                 {"redlines", deal_dimension::nonstandard_terms, 0, {}, 0, "", {"legal"}, {}}};
  auto long_deal = at(500);
  long_deal.term_months = 36;
  long_deal.phased_rollout = true;
  long_deal.nonstandard_terms = true;
  const auto steps = decide_discount_traced(long_deal, matrix(terms));
  REQUIRE(steps);
  REQUIRE(steps->trace.size() == 5);
  CHECK(steps->trace[1].seen == step_figure{std::chrono::months(36)});
  CHECK(steps->trace[1].threshold == step_figure{std::chrono::months(36)});
  CHECK(steps->trace[2].seen == step_figure{std::chrono::months(36)});
  CHECK(std::holds_alternative<std::monostate>(steps->trace[2].threshold));
  CHECK(steps->trace[3].seen == step_figure{true});
  CHECK(std::holds_alternative<std::monostate>(steps->trace[3].threshold));
  CHECK(steps->trace[4].index == 3);  // non-standard terms
  CHECK(steps->trace[4].seen == step_figure{true});
  CHECK(std::holds_alternative<std::monostate>(steps->trace[4].threshold));
}

TEST_CASE("discount: re-approval only when a rule's outcome is stricter") {
  const auto p = matrix();
  const auto approved = *decide_discount(at(1500), p);  // Manager
  auto same_band = check_reapproval(approved, at(1800), p);
  REQUIRE(same_band);
  CHECK_FALSE(same_band->needed);
  CHECK_FALSE(check_reapproval(approved, at(500), p)->needed);  // less is never stricter
  auto deeper = check_reapproval(approved, at(2200), p);
  CHECK(deeper->needed);
  CHECK(deeper->why == enum_set<stricter>{stricter::level, stricter::evidence});
  CHECK(deeper->level_before == level_index{1});
  CHECK(deeper->level_after == level_index{2});
  CHECK(evidence_names(deeper->new_evidence, p) == names{"strategic_justification", "reciprocal_commitment"});
  auto slower = at(1500);
  slower.payment_days = 60;
  auto to_finance = check_reapproval(approved, slower, p);
  CHECK(to_finance->needed);
  CHECK(to_finance->why == enum_set<stricter>{stricter::reviewers});
  CHECK(to_finance->new_reviewers == reviewer_set{finance});
}

TEST_CASE("discount: requests that cannot be judged are errors naming the field") {
  const auto p = matrix();
  struct row {
    discount_request r;
    const char* where;
    errc code;
  };
  discount_request mixed;
  mixed.lines = {{dollars(10), dollars(9)}, {money(1000, eur), money(900, eur)}};
  discount_request over;
  over.lines = {{dollars(10), dollars(11)}};
  discount_request free_list;
  free_list.lines = {{dollars(0), dollars(0)}};
  discount_request negative;
  negative.lines = {{dollars(10), money(-1, usd)}};
  discount_request too_much;
  too_much.discount = percent::from_whole(101);
  discount_request both;
  both.lines = {{dollars(100), dollars(100)}};
  both.discount = percent::from_whole(50);
  discount_request no_currency;
  no_currency.lines = {{money(1000, currency{}), money(900, currency{})}};
  discount_request bare_amount = at(500);
  bare_amount.deal_amount = money();
  discount_request negative_amount = at(500);
  negative_amount.deal_amount = dollars(-1);
  discount_request negative_term = at(500);
  negative_term.term_months = -1;
  discount_request negative_days = at(500);
  negative_days.payment_days = -30;
  for (const row& x : {row{discount_request{}, "/lines", errc::missing},
                       row{both, "/discount", errc::inconsistent}, row{no_currency, "/lines/0/list", errc::unknown_currency},
                       row{bare_amount, "/deal_amount", errc::unknown_currency},
                       row{negative_amount, "/deal_amount", errc::out_of_range},
                       row{negative_term, "/term_months", errc::out_of_range},
                       row{negative_days, "/payment_days", errc::out_of_range},
                       row{mixed, "/lines/1", errc::currency_mismatch}, row{over, "/lines/0/net", errc::out_of_range},
                       row{free_list, "/lines/0/list", errc::out_of_range},
                       row{negative, "/lines/0/net", errc::out_of_range},
                       row{too_much, "/discount", errc::out_of_range}}) {
    CAPTURE(x.where);
    auto d = decide_discount(x.r, p);
    REQUIRE_FALSE(d);
    CHECK(d.error().where == x.where);
    CHECK(d.error().code == x.code);
  }
  discount_policy tiers;
  tiers.rules.push_back({"$1M deals", deal_dimension::deal_amount, 0, dollars(1'000'000), 1, "", {}, {}});
  auto euros = at(500);
  euros.deal_amount = money(100, eur);
  auto d = decide_discount(euros, matrix(tiers));
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/deal_amount");
  CHECK(d.error().code == errc::currency_mismatch);
  // A discount stated alone has no amount to judge: an error, not a rule quietly skipped.
  auto unsized = at(500);
  unsized.deal_amount.reset();
  d = decide_discount(unsized, matrix(tiers));
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/deal_amount");
  CHECK(d.error().code == errc::missing);
  CHECK(d.error().message.find("rule '$1M deals' looks at the deal amount") != std::string::npos);
}

TEST_CASE("discount: a huge quote is shown rounded up, without overflow (review)") {
  const currency idr{"IDR"};
  // 0.085% off 10^18 minor units: 8.5e14 * 10000 passes 64 bits with the list added.
  discount_request r;
  r.lines = {{money(1'000'000'000'000'000'000, idr), money(1'000'000'000'000'000'000 - 850'000'000'000'000, idr)}};
  const auto d = decide_discount(r, matrix());
  REQUIRE(d);
  CHECK(d->weighted.shown() == percent::from_basis_points(9));  // 8.5 bp, rounded up
  CHECK(d->level == level_index{0});
}

TEST_CASE("discount: quote sums past 64 bits are summed again in 128, and the bands' edges hold on either side of 2^49") {
  const auto p = matrix();
  const auto line = [](std::int64_t list, std::int64_t net) { return quote_line{money(list, usd), money(net, usd)}; };
  // Three lines of 4e18 list and 1e18 net: the list sum, 1.2e19, passes 64 bits (the
  // off sum, 9e18, does not); 75% off, the VP's band.
  discount_request r;
  r.deal_amount = dollars(50'000);
  r.lines = {line(4'000'000'000'000'000'000, 1'000'000'000'000'000'000),
             line(4'000'000'000'000'000'000, 1'000'000'000'000'000'000),
             line(4'000'000'000'000'000'000, 1'000'000'000'000'000'000)};
  auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->weighted.of == int128{12'000'000'000'000'000'000ULL});
  CHECK(d->weighted.off == int128{9'000'000'000'000'000'000ULL});
  CHECK(level_of(*d, p) == "VP");
  // A list total of 2^64 + 2, whose low 64 bits (2) are small: 2^64 off it, the last
  // band, judged on the whole 128-bit figures.
  const std::int64_t third = 6'148'914'691'236'517'206;  // (2^64 + 2) / 3
  const std::vector<quote_line> kept = r.lines;
  r.lines = {line(third, 2), line(third, 0), line(third, 0)};
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->weighted.of == (int128{1} << 64) + 2);
  CHECK(d->weighted.off == int128{1} << 64);
  CHECK(d->band == band_index{3});
  CHECK(level_of(*d, p) == "VP");
  r.lines = kept;
  // Nets of 4e18 too: no discount, but the net total passes 64 bits and is refused.
  for (auto& l : r.lines) l.net = l.list;
  const auto e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::overflow);
  CHECK(e.error().where == "/lines");
  // Exactly 10% off a list just under 2^49 minor units (64-bit products) and just over
  // (128-bit): the Account Executive's band, inclusive at its edge; one minor unit more
  // off, the Manager's.
  for (const std::int64_t list : {std::int64_t{562'949'953'421'300}, std::int64_t{562'949'953'421'320}}) {  // 2^49 - 12, + 8
    CAPTURE(list);
    r.lines = {line(list, list - list / 10)};
    d = decide_discount(r, p);
    REQUIRE(d);
    CHECK(d->band == band_index{0});
    r.lines = {line(list, list - list / 10 - 1)};
    d = decide_discount(r, p);
    REQUIRE(d);
    CHECK(d->band == band_index{1});
    // All of it off: the last band, which ends at 100% and so ends the walk.
    r.lines = {line(list, 0)};
    d = decide_discount(r, p);
    REQUIRE(d);
    CHECK(d->band == band_index{3});
  }
  // A matrix of one band, 0-100%: every discount is in it, none past it.
  discount_policy one;
  one.bands = {{percent::from_whole(0), percent::from_whole(100), "Account Executive", {}}};
  const auto single = validate(std::move(one));
  REQUIRE(single);
  for (const std::int64_t net : {std::int64_t{100}, std::int64_t{37}, std::int64_t{0}}) {
    r.lines = {line(100, net)};
    d = decide_discount(r, *single);
    REQUIRE(d);
    CHECK(d->band == band_index{0});
  }
}

TEST_CASE("discount: the largest line is found exactly on either side of 2^32 minor units, in the decision and in a variable") {
  const auto p = matrix();
  const auto line = [](std::int64_t list, std::int64_t off) { return quote_line{money(list, usd), money(list - off, usd)}; };
  const std::int64_t two32 = std::int64_t{1} << 32;
  // 2^30 off 2^32 - 1, 2^30 off 2^32 - 2 (deeper: the same off, a smaller list), and
  // 2^30 + 1 off 2^32 + 1 (deeper still: its products pass 64 bits). Every order.
  std::vector<quote_line> lines{line(two32 - 1, std::int64_t{1} << 30), line(two32 - 2, std::int64_t{1} << 30),
                                line(two32 + 1, (std::int64_t{1} << 30) + 1)};
  const auto largest = [&](std::vector<quote_line> ls) {
    discount_request r;
    r.lines = std::move(ls);
    const auto d = decide_discount(r, p);
    REQUIRE(d);
    return d->largest_line;
  };
  const auto by_list = [](const quote_line& a, const quote_line& b) { return a.list.minor_units() < b.list.minor_units(); };
  std::sort(lines.begin(), lines.end(), by_list);
  int orders = 0;
  do {
    ++orders;
    const auto l = largest(lines);
    CHECK(l.off == (std::int64_t{1} << 30) + 1);
    CHECK(l.of == two32 + 1);
  } while (std::next_permutation(lines.begin(), lines.end(), by_list));
  CHECK(orders == 6);
  // Below 2^32 only (64-bit products): the smaller list wins, in either order.
  for (const bool swapped : {false, true}) {
    std::vector<quote_line> two{line(two32 - 1, std::int64_t{1} << 30), line(two32 - 2, std::int64_t{1} << 30)};
    if (swapped) std::swap(two[0], two[1]);
    const auto l = largest(two);
    CHECK(l.off == std::int64_t{1} << 30);
    CHECK(l.of == two32 - 2);
  }
  // Lists just under 2^32 whose products pass 2^63 (unsigned, not signed, arithmetic):
  // 4e9 and 4e9 + 1 minor units, the second a hair deeper.
  CHECK(largest({line(4'000'000'000, 3'999'999'999), line(4'000'000'001, 4'000'000'000)}).of == 4'000'000'001);
  CHECK(largest({line(4'000'000'001, 4'000'000'000), line(4'000'000'000, 3'999'999'999)}).of == 4'000'000'001);
  // Lists of 6e9, past 2^32, where a 64-bit product would pass 2^64 on one side only:
  // 50% off, then 51.67% off (deeper).
  CHECK(largest({line(6'000'000'000, 3'000'000'000), line(6'000'000'001, 3'100'000'000)}).off == 3'100'000'000);
  CHECK(largest({line(6'000'000'001, 3'100'000'000), line(6'000'000'000, 3'000'000'000)}).off == 3'100'000'000);
  // A max-line variable over lines near 2^40 (products near 2^80): 50%, 60% and 55% off;
  // the rule sees exactly 60%.
  discount_policy company;
  company.variables = {{"deepest", line_aggregate::max_line_discount, compare("discount", comparison::at_least, {"0%"})}};
  company.approval_rules = {{"at 60%", compare("deepest", comparison::equal, {"60%"}), 0, "", {}, {}, true}};
  const auto valid = validate(std::move(company));
  REQUIRE(valid);
  const std::int64_t big = std::int64_t{5} << 38;  // 60% of it is whole
  discount_request r;
  r.lines = {line(std::int64_t{1} << 40, std::int64_t{1} << 39), line(big, big / 5 * 3),
             line(std::int64_t{2} << 40, (std::int64_t{2} << 40) / 20 * 11)};
  for (int turn = 0; turn < 3; ++turn) {
    CAPTURE(turn);
    const auto d = decide_discount(r, *valid);
    REQUIRE(d);
    CHECK(d->refused);
    CHECK(d->largest_line.off == big / 5 * 3);
    CHECK(d->largest_line.of == big);
    std::rotate(r.lines.begin(), r.lines.begin() + 1, r.lines.end());
  }
}

TEST_CASE("discount: evidence names of any length, several of one length, matched exactly or by case") {
  discount_policy own;
  const std::string long63(63, 'a'), long70 = std::string(69, 'a') + "b", long71 = std::string(70, 'a') + "c";
  // Two of 8 bytes, two of 3, and three of 63 or more (compared in one group).
  own.evidence = {"security", "sign-off", "roi", "nda", long63, long70, long71};
  for (auto& b : own.bands) b.evidence.clear();
  own.bands[3].evidence = {"security", "sign-off", "roi", "nda", long63, long70, long71};
  const auto p = matrix(own);
  auto r = at(3500);
  // Each brought exactly, the second of each length too: nothing missing.
  r.evidence = {"sign-off", "security", "nda", "roi", long71, long70, long63};
  auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->missing.empty());
  // By case, the long ones too; one left out is missing.
  std::string upper71 = long71;
  for (char& ch : upper71) ch = static_cast<char>(ch - 'a' + 'A');
  r.evidence = {"SIGN-OFF", "Security", "NDA", upper71, long63};
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(evidence_names(d->missing, p) == names{"roi", long70});
  // A long name differing only in its last byte, and one of a length no kind has.
  r.evidence = {"roi", std::string(69, 'a') + "c"};
  auto e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/evidence/1");
  r.evidence = {std::string(64, 'a')};
  e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/evidence/0");
  r.evidence = {"nda", "nd"};
  e = decide_discount(r, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/evidence/1");
}

TEST_CASE("discount: a yes/no rule holds on its own test, whatever threshold it was given") {
  discount_policy flags;
  // Thresholds given where they mean nothing: multi-year is still more than 12 months,
  // non-standard terms and a phased rollout still yes.
  flags.rules.push_back({"multi-year", deal_dimension::multi_year, 40, std::nullopt, 0, "", {"finance"}, {}});
  flags.rules.push_back({"legal", deal_dimension::nonstandard_terms, 7, std::nullopt, 0, "", {"legal"}, {}});
  flags.rules.push_back({"phased", deal_dimension::phased_rollout, 3, std::nullopt, 1, "", {}, {}});
  const auto p = matrix(flags);
  auto r = at(500);
  r.term_months = 12;
  auto d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->reviewers.empty());
  CHECK(level_of(*d, p) == "Account Executive");
  r.term_months = 13;
  r.nonstandard_terms = true;
  r.phased_rollout = true;
  d = decide_discount(r, p);
  REQUIRE(d);
  CHECK(d->reviewers == reviewer_set{finance, legal});
  CHECK(level_of(*d, p) == "Manager");
}

namespace {
// The decision's rules as documented, by scanning the list: from the band's level,
// in list order, the first rule of each dimension that holds. The yardstick for the
// looked-up rules of long lists.
struct scanned {
  std::uint8_t level = 0;
  reviewer_set reviewers;
  std::set<std::string> required;
  std::vector<std::size_t> fired;
};

scanned scan_rules(const discount_policy& p, const discount_request& r, std::uint8_t band_level) {
  scanned out{band_level, {}, {}, {}};
  const auto top = static_cast<int>(p.levels.size()) - 1;
  enum_set<deal_dimension> done;
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const escalation_rule& rule = p.rules[i];
    if (done.contains(rule.when)) continue;
    bool holds = false;
    switch (rule.when) {
      case deal_dimension::deal_amount:
        holds = r.deal_amount->minor_units() >= rule.amount_at_least->minor_units();
        break;
      case deal_dimension::term_months: holds = r.term_months >= rule.at_least; break;
      case deal_dimension::payment_days: holds = r.payment_days >= rule.at_least; break;
      case deal_dimension::nonstandard_terms: holds = r.nonstandard_terms; break;
      case deal_dimension::multi_year: holds = r.term_months > 12; break;
      case deal_dimension::phased_rollout: holds = r.phased_rollout; break;
    }
    if (!holds) continue;
    done.insert(rule.when);
    int level = std::min(out.level + rule.raise_levels, top);
    for (std::size_t l = 0; l < p.levels.size(); ++l)
      if (p.levels[l] == rule.at_least_level) level = std::max(level, static_cast<int>(l));
    out.level = static_cast<std::uint8_t>(level);
    for (const auto& name : rule.reviewers) out.reviewers.insert(name == "finance" ? finance : legal);
    out.required.insert(rule.evidence.begin(), rule.evidence.end());
    out.fired.push_back(i);
  }
  return out;
}
}  // namespace

TEST_CASE("discount: a long rule list is looked up, and decides as scanning it would") {
  std::mt19937 rng(2026);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const deal_dimension dims[] = {deal_dimension::deal_amount,  deal_dimension::term_months,
                                 deal_dimension::payment_days, deal_dimension::nonstandard_terms,
                                 deal_dimension::multi_year,   deal_dimension::phased_rollout};
  std::size_t compared = 0;
  for (int t = 0; t < 300; ++t) {
    CAPTURE(t);
    discount_policy p;  // the playbook's levels and bands
    p.rules.clear();
    const int rules = 17 + pick(200);  // past the 16 that are scanned
    for (int k = 0; k < rules; ++k) {
      std::string name(1, 'r');  // piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "r" + std::to_string(k)
      name += std::to_string(k);
      escalation_rule rule{std::move(name), dims[pick(6)], pick(10) * 6, std::nullopt, pick(3), "",
                           {}, {}};
      if (rule.when == deal_dimension::deal_amount) rule.amount_at_least = dollars(pick(20) * 25'000);
      if (pick(4) == 0) rule.at_least_level = p.levels[static_cast<std::size_t>(pick(4))];
      if (pick(3) == 0) rule.reviewers.emplace_back(pick(2) == 0 ? "finance" : "legal");
      if (pick(3) == 0) rule.evidence.push_back(p.evidence[static_cast<std::size_t>(pick(6))]);
      p.rules.push_back(std::move(rule));
    }
    const auto v = matrix(p);
    for (int q = 0; q < 50; ++q) {
      discount_request r;
      r.discount = percent::from_basis_points(pick(10'001));
      r.deal_amount = dollars(pick(24) * 25'000 - pick(2));  // at, and a cent under, each threshold
      if (r.deal_amount->is_negative()) r.deal_amount = dollars(0);
      r.term_months = pick(60);
      r.payment_days = pick(60);
      r.nonstandard_terms = pick(2) == 0;
      r.phased_rollout = pick(2) == 0;
      const auto got = decide_discount_traced(r, v);
      REQUIRE(got);
      const auto want = scan_rules(p, r, detail::validated_access::compiled(v).bands[static_cast<std::size_t>(got->decision.band)].level);
      CHECK(got->decision.level == level_index{want.level});
      CHECK(got->decision.reviewers == want.reviewers);
      auto required = want.required;
      const auto& band = p.bands[static_cast<std::size_t>(got->decision.band)];
      required.insert(band.evidence.begin(), band.evidence.end());
      const names got_required = evidence_names(got->decision.required, v);
      CHECK(std::set<std::string>(got_required.begin(), got_required.end()) == required);
      std::vector<std::size_t> fired;
      for (const auto& step : got->trace)
        if (step.kind == decision_step_kind::rule) fired.push_back(step.index);
      CHECK(fired == want.fired);
      CHECK(decide_discount(r, v)->level == level_index{want.level});
      ++compared;
    }
  }
  CHECK(compared == 15'000);
  // A long list that looks at the deal amount still needs one, in its currency.
  discount_policy p;
  for (int k = 0; k < 20; ++k)
    p.rules.push_back({"tier " + std::to_string(k), deal_dimension::deal_amount, 0, dollars(100'000 * (20 - k)), 1, "", {}, {}});
  const auto v = matrix(p);
  discount_request none;
  none.discount = percent::from_whole(5);
  CHECK(decide_discount(none, v).error().message ==
        "the request states no deal amount and has no quote lines to total, and rule 'tier 0' looks at the deal amount");
  none.deal_amount = money(100, eur);
  CHECK(decide_discount(none, v).error().message ==
        "the deal amount 1.00 EUR is not in USD, the currency of rule 'tier 0'");
}
