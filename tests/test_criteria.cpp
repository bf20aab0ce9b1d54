// SPDX-License-Identifier: BSL-1.0
// One test case per kind of stage criterion (criteria/*.hpp): its JSON form, what
// validate() refuses of it, its test of a deal and what it reports when unmet, and its
// words. Gate-level behaviour (which lists a move checks) is in test_gate.cpp, which
// this file does not include: the context's functions come with policy.hpp.
#include <salesrules/criterion.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/policy.hpp>

#include <boost/json/serialize.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

using namespace salesrules;
using namespace salesrules::test;
using m = milestone;

namespace {

const date today = 2026y / std::chrono::March / 2d;

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return std::move(*v);
}

// The criterion's JSON text, and the criterion read back from it.
std::string json_of(const criterion& c) { return boost::json::serialize(io::to_json(c)); }
criterion read_back(std::string_view text) {
  auto c = io::from_json_text<criterion>(text);
  REQUIRE(c);
  return *c;
}

// Where validate() refuses a process whose Discovery exit ends with `c`, or "" when it accepts it.
std::string refused_at(const criterion& c) {
  sales_process p;
  p.stages[1].exit.push_back(c);
  const auto v = validate(std::move(p));
  return v ? std::string() : v.error().where;
}

// Whether `deal` meets `k` under `p`, and what the kind reports.
template <class Kind>
std::pair<bool, typename Kind::unmet> judge(const Kind& k, const opportunity& deal, const validated_policy& p,
                                            const move_details& move = {}) {
  criteria::context ctx(deal, p, today, move);
  typename Kind::unmet u{};
  const bool met = k.met(ctx, u);
  return {met, u};
}

}  // namespace

TEST_CASE("criteria: the kinds are the alternatives of criterion, in criterion_kind's order") {
  CHECK(kind_of(criterion{criteria::milestone_reached{}}) == criterion_kind::milestone_reached);
  CHECK(kind_of(criterion{criteria::holds{"x"}}) == criterion_kind::predicate);
  CHECK(kind_of(unmet_detail{criteria::contacts_at_least::unmet{}}) == criterion_kind::contacts_at_least);
  // A default criterion is the first kind, with its default milestone.
  CHECK(criterion{} == criterion{criteria::milestone_reached{m::meeting_scheduled}});
  // A kind not in the JSON list is refused with the names and the nearest one.
  const auto typo = io::from_json_text<criterion>(R"({"kind": "icp_fits"})");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().where == "/kind");
  CHECK(typo.error().message.ends_with("found the string 'icp_fits'; did you mean 'icp_fit'?"));
  // A key of another kind is refused where it stands, naming the keys this kind has.
  const auto wrong_key = io::from_json_text<criterion>(R"({"kind": "icp_fit", "at_least": 3})");
  REQUIRE_FALSE(wrong_key);
  CHECK(wrong_key.error().where == "/at_least");
  CHECK(wrong_key.error().message.starts_with("unknown key 'at_least'"));
  // With no "kind" a criterion keeps the default's, as any omitted key keeps its
  // default: a file that only names a milestone reads as it always did.
  CHECK(read_back(R"({"milestone": "demo_delivered"})") == criterion{criteria::milestone_reached{m::demo_delivered}});
}

TEST_CASE("criteria: a criterion left with no kind by a failed assignment is refused, not visited") {
  struct boom {
    operator criteria::holds() const { throw std::runtime_error("no memory"); }  // NOLINT: the test's point
  };
  sales_process p;
  p.stages[1].exit.push_back(criteria::holds{"x"});
  CHECK_THROWS(p.stages[1].exit.back().emplace<criteria::holds>(boom{}));
  REQUIRE(p.stages[1].exit.back().valueless_by_exception());
  const auto v = validate(std::move(p));
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/stages/1/exit/3/kind");
  CHECK(v.error().message == "a criterion with no kind");
}

TEST_CASE("criteria: milestone_reached") {
  const criteria::milestone_reached k{m::demo_delivered};
  CHECK(json_of(k) == R"({"kind":"milestone_reached","milestone":"demo_delivered"})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::milestone_reached{static_cast<milestone>(99)}) == "/stages/1/exit/3/milestone");
  CHECK(refused_at(k).empty());

  const auto p = rules();
  const auto [met, u] = judge(k, acme("Demo/Evaluation"), p);
  CHECK_FALSE(met);
  CHECK(u.milestone == m::demo_delivered);
  CHECK(judge(k, acme("Demo/Evaluation", {m::demo_delivered}), p).first);
  CHECK(k.describe() == "demo delivered");
  CHECK(k.explain(u, p) == "demo delivered");
  CHECK(k.advice(u, p) == "Reach the milestone: demo delivered.");
}

TEST_CASE("criteria: any_milestone_reached, the either-or exit") {
  const criteria::any_milestone_reached k{{m::proposal_accepted, m::objections_documented}};
  CHECK(json_of(k) == R"({"kind":"any_milestone_reached","milestones":["proposal_accepted","objections_documented"]})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::any_milestone_reached{}) == "/stages/1/exit/3/milestones");
  CHECK(refused_at(k).empty());
  const auto unknown = io::from_json_text<criterion>(R"({"kind":"any_milestone_reached","milestones":["signed"]})");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().where == "/milestones/0");

  const auto p = rules();
  const auto [met, u] = judge(k, acme("Proposal", {m::budget_approved}), p);
  CHECK_FALSE(met);
  CHECK(u.milestones == enum_set<milestone>{m::proposal_accepted, m::objections_documented});
  // Either one will do, and both as well.
  CHECK(judge(k, acme("Proposal", {m::proposal_accepted}), p).first);
  CHECK(judge(k, acme("Proposal", {m::objections_documented}), p).first);
  CHECK(judge(k, acme("Proposal", {m::proposal_accepted, m::objections_documented}), p).first);
  CHECK(k.describe() == "proposal accepted or objections documented");
  CHECK(k.advice(u, p) == "Reach one of the milestones: proposal accepted or objections documented.");
  const criteria::any_milestone_reached three{{m::demo_delivered, m::contract_agreed, m::kickoff_scheduled}};
  CHECK(three.describe() == "demo delivered, contract agreed or kickoff scheduled");
  CHECK(criteria::any_milestone_reached{{m::roi_justified}}.describe() == "roi justified");
}

TEST_CASE("criteria: score_at_least, in score points") {
  const criteria::score_at_least k{20};
  CHECK(json_of(k) == R"({"kind":"score_at_least","at_least":20})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::score_at_least{31}) == "/stages/1/exit/3/at_least");
  CHECK(refused_at(criteria::score_at_least{-1}) == "/stages/1/exit/3/at_least");
  CHECK(refused_at(criteria::score_at_least{30}).empty());

  const auto p = rules();
  auto deal = qualified(acme("Discovery"));  // 4, 4, 4, 3, 3, 3: 21 of 30
  CHECK(judge(k, deal, p).first);
  deal.ratings = {rating{4}, rating{3}, rating{3}, rating{3}, rating{3}, rating{3}};  // 19
  const auto [met, u] = judge(k, deal, p);
  CHECK_FALSE(met);
  CHECK(u == criteria::score_at_least::unmet{score_points::whole(20), score_points::whole(19)});
  CHECK(k.explain(u, p) == "a qualification score of at least 20 (the deal has 19)");
  CHECK(k.advice(u, p) == "Raise the qualification score: work on the weakest scorecard criteria.");
  // The unmet figures' JSON form is exact text, as the CLI shows it.
  CHECK(boost::json::serialize(io::to_json(u)) == R"({"required":"20","actual":"19"})");
}

TEST_CASE("criteria: tier_at_least follows the policy's scorecard") {
  const criteria::tier_at_least k{qualification_tier::strong};
  CHECK(json_of(k) == R"({"kind":"tier_at_least","tier":"strong"})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::tier_at_least{static_cast<qualification_tier>(9)}) == "/stages/1/exit/3/tier");

  const auto deal = qualified(acme("Discovery"));  // 21
  const auto playbook = rules();                   // strong at 25
  const auto [met, u] = judge(k, deal, playbook);
  CHECK_FALSE(met);
  CHECK(u == criteria::tier_at_least::unmet{score_points::whole(25), score_points::whole(21)});
  CHECK(k.explain(u, playbook) == "a strong qualification score (at least 25; the deal has 21)");
  CHECK(judge(k, deal, rules({.scorecard = {.strong_at = 21}})).first);
  CHECK(judge(criteria::tier_at_least{qualification_tier::viable}, deal, playbook).first);  // 21 >= 18
}

TEST_CASE("criteria: meddpicc_complete names the policy's framework") {
  const criteria::meddpicc_complete k;
  CHECK(json_of(k) == R"({"kind":"meddpicc_complete"})");
  CHECK(read_back(json_of(k)) == criterion{k});
  auto deal = qualified(acme("Discovery"));  // the six MEDDIC fields
  const auto meddic = rules();
  CHECK(judge(k, deal, meddic).first);
  const auto eight = rules({.meddpicc = {.framework = qualification_framework::meddpicc}});
  const auto [met, u] = judge(k, deal, eight);  // no paper process, no competition
  CHECK_FALSE(met);
  CHECK(k.explain(u, eight) == "all eight MEDDPICC fields");
  CHECK(k.explain(u, meddic) == "all six MEDDIC fields");
  CHECK(k.advice(u, eight) == "Complete the MEDDPICC fields.");
}

TEST_CASE("criteria: contacts_at_least, in contacts") {
  const criteria::contacts_at_least k{5};
  CHECK(json_of(k) == R"({"kind":"contacts_at_least","at_least":5})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::contacts_at_least{-1}) == "/stages/1/exit/3/at_least");
  const auto p = rules();
  auto deal = acme("Discovery");  // 4 contacts
  const auto [met, u] = judge(k, deal, p);
  CHECK_FALSE(met);
  CHECK(u == criteria::contacts_at_least::unmet{5, 4});
  CHECK(k.explain(u, p) == "at least 5 contacts (the deal has 4)");
  CHECK(k.advice(u, p) == "Engage 5 or more contacts on the deal.");
  CHECK(boost::json::serialize(io::to_json(u)) == R"({"required":5,"actual":4})");
  deal.contact_count = 5;
  CHECK(judge(k, deal, p).first);
}

TEST_CASE("criteria: economic_buyer_identified and champion_identified") {
  const auto p = rules();
  auto deal = qualified(acme("Discovery"));
  CHECK(judge(criteria::economic_buyer_identified{}, deal, p).first);
  CHECK(judge(criteria::champion_identified{}, deal, p).first);
  deal.meddpicc.economic_buyer = " ";
  deal.meddpicc.champion.clear();
  CHECK_FALSE(judge(criteria::economic_buyer_identified{}, deal, p).first);
  CHECK_FALSE(judge(criteria::champion_identified{}, deal, p).first);
  CHECK(json_of(criteria::champion_identified{}) == R"({"kind":"champion_identified"})");
  CHECK(read_back(R"({"kind":"economic_buyer_identified"})") == criterion{criteria::economic_buyer_identified{}});
  CHECK(criteria::economic_buyer_identified{}.advice({}, p) ==
        "Identify the economic buyer; ask the champion for an introduction.");
}

TEST_CASE("criteria: icp_fit") {
  const auto smb_only = rules({.icp = {.segments = {"SMB"}}});
  auto deal = acme("Prospect");  // Enterprise
  CHECK_FALSE(judge(criteria::icp_fit{}, deal, smb_only).first);
  deal.segment = "smb";
  CHECK(judge(criteria::icp_fit{}, deal, smb_only).first);
  CHECK(json_of(criteria::icp_fit{}) == R"({"kind":"icp_fit"})");
  CHECK(criteria::icp_fit{}.describe() == "the account fits the ideal customer profile");
}

TEST_CASE("criteria: bant_confirmed needs all four") {
  const auto p = rules();
  auto deal = acme("Discovery");
  deal.bant = {true, true, true, false};
  CHECK_FALSE(judge(criteria::bant_confirmed{}, deal, p).first);
  deal.bant.timeline = true;
  CHECK(judge(criteria::bant_confirmed{}, deal, p).first);
  CHECK(json_of(criteria::bant_confirmed{}) == R"({"kind":"bant_confirmed"})");
}

TEST_CASE("criteria: loss_reason_recorded reads the move, then the deal") {
  const auto p = rules();
  auto deal = acme("Proposal");
  CHECK_FALSE(judge(criteria::loss_reason_recorded{}, deal, p).first);
  CHECK_FALSE(judge(criteria::loss_reason_recorded{}, deal, p, {.loss_reason = "  "}).first);
  CHECK(judge(criteria::loss_reason_recorded{}, deal, p, {.loss_reason = "Price"}).first);
  deal.loss_reason = "Went with a competitor";
  CHECK(judge(criteria::loss_reason_recorded{}, deal, p).first);
  CHECK(json_of(criteria::loss_reason_recorded{}) == R"({"kind":"loss_reason_recorded"})");
}

TEST_CASE("criteria: holds asks a registered host predicate") {
  const criteria::holds k{"Legal_OK"};
  CHECK(json_of(k) == R"({"kind":"predicate","predicate":"Legal_OK"})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(k) == "/stages/1/exit/3/predicate");

  policy with;
  with.process.predicates.push_back({"legal_ok", [](const opportunity& o, date) { return o.account == "Globex"; }});
  const auto p = rules(with);
  auto deal = acme("Discovery");
  CHECK_FALSE(judge(k, deal, p).first);  // matched ignoring case, and it answers false
  deal.account = "Globex";
  CHECK(judge(k, deal, p).first);
  CHECK(k.describe() == "'Legal_OK'");
  // A long name is shown whole, not cut short as an error message quotes text.
  const std::string long_name = "security review passed by the regional data protection officer";
  CHECK(criteria::holds{long_name}.describe() == "'" + long_name + "'");

  // Not registered: false, and the context says why.
  const move_details none;
  criteria::context ctx(deal, p, today, none);
  criteria::holds::unmet u;
  CHECK_FALSE(criteria::holds{"missing"}.met(ctx, u));
  REQUIRE(ctx.failure());
  CHECK(ctx.failure()->code == errc::unknown_name);
}

TEST_CASE("criteria: days_in_stage_at_most counts the days since the deal entered its stage") {
  const criteria::days_in_stage_at_most k{30};
  CHECK(json_of(k) == R"({"kind":"days_in_stage_at_most","at_most":30})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(refused_at(criteria::days_in_stage_at_most{-1}) == "/stages/1/exit/3/at_most");
  CHECK(refused_at(criteria::days_in_stage_at_most{0}).empty());

  const auto p = rules();
  auto deal = acme("Proposal");  // created 2026-01-12; today is 2026-03-02
  deal.stage_history = {{"Discovery", 2026y / std::chrono::January / 20d},
                        {"proposal", 2026y / std::chrono::February / 1d},  // matched ignoring case
                        {"Negotiation", 2026y / std::chrono::February / 10d},
                        {"Proposal", 2026y / std::chrono::February / 20d}};  // back again: the last entry counts
  // 2026-02-20 to 2026-03-02: 8 days of February left, then 2 of March = 10 days.
  CHECK(judge(criteria::days_in_stage_at_most{10}, deal, p).first);
  const auto [met, u] = judge(criteria::days_in_stage_at_most{9}, deal, p);
  CHECK_FALSE(met);
  CHECK(u == criteria::days_in_stage_at_most::unmet{std::chrono::days(10), std::chrono::days(9)});
  const criteria::days_in_stage_at_most nine{9};
  CHECK(nine.explain(u, p) == "at most 9 days in the stage (the deal has been in it 10)");
  CHECK(nine.advice(u, p) ==
        "Re-qualify the deal or move it back: it has sat in its stage 10 days, past the 9 allowed.");
  CHECK(boost::json::serialize(io::to_json(u)) == R"({"in_stage":10,"at_most":9})");

  // No history for its stage: counted from its creation, 2026-01-12 to 2026-03-02 = 49 days.
  deal.stage_history.clear();
  CHECK(judge(criteria::days_in_stage_at_most{49}, deal, p).first);
  CHECK(judge(criteria::days_in_stage_at_most{48}, deal, p).second.in_stage == std::chrono::days(49));
  // Neither: the data does not show how long, so it is not held against the deal.
  deal.created_date = date{};
  CHECK(judge(criteria::days_in_stage_at_most{0}, deal, p).first);
}

TEST_CASE("criteria: field_condition is a condition on the deal's fields, in the condition language's JSON") {
  const criteria::field_condition k{compare("security_review", comparison::equal, {"true"})};
  CHECK(json_of(k) == R"({"kind":"field_condition","when":{"field":"security_review","op":"=","value":"true"}})");
  CHECK(read_back(json_of(k)) == criterion{k});
  CHECK(read_back(R"({"kind": "field_condition", "when": {"any": [{"field": "seats", "op": ">=", "value": 10}]}})") ==
        criterion{criteria::field_condition{any_of({compare("seats", comparison::at_least, {"10"})})}});
  // An undeclared field is refused where it stands, with the nearest name.
  CHECK(refused_at(k) == "/stages/1/exit/3/when/field");
  sales_process declared;
  declared.fields = {{"security_review", field_type::boolean}};
  declared.stages[1].exit.push_back(k);
  CHECK(validate(std::move(declared)).has_value());
  CHECK(refused_at(criteria::field_condition{compare("contact_count", comparison::at_least, {"2"})}).empty());
  // Its words: the condition as written.
  const auto p = rules();
  CHECK(k.describe() == "security_review = true");
  CHECK(k.advice({}, p) == "Bring the deal's fields in line with the company's rule for the stage: security_review = true.");
  // Judged outside a gate, with no compiled condition to read, it is not judged.
  const auto deal = acme("Proposal");
  const move_details none;
  criteria::context ctx(deal, p, today, none);
  criteria::field_condition::unmet u;
  CHECK_FALSE(k.met(ctx, u));
  REQUIRE(ctx.failure());
  CHECK(ctx.failure()->code == errc::invalid_policy);
}
