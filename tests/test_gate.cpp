// SPDX-License-Identifier: BSL-1.0
#include <salesrules/gate.hpp>

#include <salesrules/io/explain.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using salesrules::test::acme;
using salesrules::test::qualified;
using m = milestone;
using k = criterion_kind;

namespace {
const date today = 2026y / March / 2d;

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

// The unmet list as (stage, side, kind, milestone) for comparison with hand-worked expectations.
struct brief {
  std::size_t stage;
  gate_side side;
  criterion_kind kind;
  milestone what;
  friend bool operator==(const brief&, const brief&) = default;
};
std::vector<brief> briefly(const unmet_list& unmet) {
  std::vector<brief> out;
  for (const auto& u : unmet) {
    const auto* reached = std::get_if<criteria::milestone_reached::unmet>(&u.what);
    out.push_back({u.stage, u.side, u.kind(), reached != nullptr ? reached->milestone : milestone{}});
  }
  return out;
}
// Errors are values; nothing is thrown out of a move check, even by a host predicate.
static_assert(noexcept(check_move(std::declval<const opportunity&>(), "x", std::declval<const validated_policy&>(),
                                  date{})));
static_assert(noexcept(advance(std::declval<const opportunity&>(), "x", std::declval<const validated_policy&>(), date{})));
static_assert(noexcept(validate(std::declval<policy>())));

constexpr std::size_t prospect = 0, discovery = 1, demo = 2, proposal = 3, negotiation = 4, won = 5, lost = 6;
}  // namespace

TEST_CASE("gate: a forward move needs the current exit and the target entry criteria") {
  const auto p = rules();
  const auto o = acme("Prospect", {m::meeting_scheduled});
  auto check = check_move(o, "Discovery", p, today);
  REQUIRE(check);
  CHECK(check->kind == move_kind::forward);
  CHECK(check->from == prospect);
  CHECK(check->to == discovery);
  CHECK_FALSE(check->allowed());
  CHECK(briefly(check->unmet) == std::vector<brief>{{discovery, gate_side::entry, k::milestone_reached, m::meeting_held}});

  auto held = o;
  held.milestones.reach(m::meeting_held);
  auto ok = check_move(held, "Discovery", p, today);
  REQUIRE(ok);
  CHECK(ok->allowed());
}

TEST_CASE("gate: every unmet criterion is returned, with its stage, not only the first") {
  // Discovery -> Demo with MEDDIC 5/6, a score of 16 and the timeline unconfirmed:
  // Discovery's three exit criteria and Demo's entry criterion all fail.
  auto o = qualified(acme("Discovery", {m::meeting_scheduled, m::meeting_held}));
  o.meddpicc.champion.clear();
  o.ratings = {rating{3}, rating{3}, rating{3}, rating{3}, rating{2}, rating{2}};
  o.bant.timeline = false;
  auto check = check_move(o, "Demo/Evaluation", rules(), today);
  REQUIRE(check);
  CHECK(briefly(check->unmet) == std::vector<brief>{{discovery, gate_side::exit, k::meddpicc_complete, {}},
                                                    {discovery, gate_side::exit, k::tier_at_least, {}},
                                                    {discovery, gate_side::exit, k::bant_confirmed, {}},
                                                    {demo, gate_side::entry, k::milestone_reached,
                                                     m::technical_fit_confirmed}});
  CHECK(check->unmet[2].index == 2);
  CHECK(std::get<criteria::tier_at_least::unmet>(check->unmet[1].what) ==
        criteria::tier_at_least::unmet{score_points::whole(18), score_points::whole(16)});
  CHECK(check->unmet[1].index == 1);
}

TEST_CASE("gate: the score criterion passes at exactly 18 and fails at 17") {
  auto o = qualified(acme("Discovery", {m::meeting_held, m::technical_fit_confirmed}));
  o.ratings = {rating{4}, rating{4}, rating{3}, rating{3}, rating{2}, rating{2}};  // 18
  CHECK(check_move(o, "Demo/Evaluation", rules(), today)->allowed());
  o.ratings.competition = rating{1};  // 17
  auto check = check_move(o, "Demo/Evaluation", rules(), today);
  REQUIRE(check->unmet.size() == 1);
  CHECK(check->unmet[0].kind() == k::tier_at_least);
  CHECK(std::get<criteria::tier_at_least::unmet>(check->unmet[0].what).actual == score_points::whole(17));
}

TEST_CASE("gate: the viable-score criterion follows the scorecard's viable_at") {
  // 4+4+3+3+3+2 = 19: enough for the playbook's 18, not for a host's 20.
  auto o = qualified(acme("Discovery", {m::meeting_held, m::technical_fit_confirmed}));
  o.ratings = {rating{4}, rating{4}, rating{3}, rating{3}, rating{3}, rating{2}};
  CHECK(check_move(o, "Demo/Evaluation", rules(), today)->allowed());
  auto raised = check_move(o, "Demo/Evaluation", rules({.scorecard = {.viable_at = 20}}), today);
  REQUIRE(raised);
  REQUIRE(raised->unmet.size() == 1);
  CHECK(raised->unmet[0].kind() == k::tier_at_least);
  CHECK(std::get<criteria::tier_at_least::unmet>(raised->unmet[0].what) ==
        criteria::tier_at_least::unmet{score_points::whole(20), score_points::whole(19)});
}

TEST_CASE("gate: a fixed score criterion and a strong-tier criterion") {
  policy p;
  p.process.stages[3].entry = {criteria::score_at_least{22}, criteria::tier_at_least{qualification_tier::strong}};
  auto o = qualified(acme("Demo/Evaluation", {m::demo_delivered, m::stakeholders_engaged, m::champion_feedback_positive}));  // 21/30
  auto check = check_move(o, "Proposal", rules(p), today);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 2);
  CHECK(check->unmet[0].kind() == k::score_at_least);
  CHECK(std::get<criteria::score_at_least::unmet>(check->unmet[0].what) ==
        criteria::score_at_least::unmet{score_points::whole(22), score_points::whole(21)});
  CHECK(check->unmet[1].kind() == k::tier_at_least);
  CHECK(std::get<criteria::tier_at_least::unmet>(check->unmet[1].what).required == score_points::whole(25));
  o.ratings = {rating{5}, rating{5}, rating{4}, rating{4}, rating{4}, rating{2}};  // 24: viable, not strong
  auto at24 = check_move(o, "Proposal", rules(p), today);
  REQUIRE(at24);
  REQUIRE(at24->unmet.size() == 1);
  CHECK(at24->unmet[0].kind() == k::tier_at_least);
  CHECK(std::get<criteria::tier_at_least::unmet>(at24->unmet[0].what).actual == score_points::whole(24));
  o.ratings = {rating{5}, rating{5}, rating{4}, rating{4}, rating{4}, rating{3}};  // 25
  CHECK(check_move(o, "Proposal", rules(p), today)->allowed());
}

TEST_CASE("gate: skipping stages needs the skipped stages' criteria unless the policy allows skipping") {
  const auto o = acme("Prospect");
  auto strict = check_move(o, "Proposal", rules(), today);
  REQUIRE(strict);
  CHECK(briefly(strict->unmet) ==
        std::vector<brief>{{prospect, gate_side::exit, k::milestone_reached, m::meeting_scheduled},
                           {discovery, gate_side::entry, k::milestone_reached, m::meeting_held},
                           {discovery, gate_side::exit, k::meddpicc_complete, {}},
                           {discovery, gate_side::exit, k::tier_at_least, {}},
                           {discovery, gate_side::exit, k::bant_confirmed, {}},
                           {demo, gate_side::entry, k::milestone_reached, m::technical_fit_confirmed},
                           {demo, gate_side::exit, k::milestone_reached, m::demo_delivered},
                           {demo, gate_side::exit, k::milestone_reached, m::stakeholders_engaged},
                           {demo, gate_side::exit, k::milestone_reached, m::champion_feedback_positive},
                           {proposal, gate_side::entry, k::milestone_reached, m::budget_approved}});

  policy lenient;
  lenient.process.allow_skipping = true;
  auto skip = check_move(o, "Proposal", rules(lenient), today);
  REQUIRE(skip);
  CHECK(briefly(skip->unmet) ==
        std::vector<brief>{{prospect, gate_side::exit, k::milestone_reached, m::meeting_scheduled},
                           {proposal, gate_side::entry, k::milestone_reached, m::budget_approved}});
}

TEST_CASE("gate: more unmet criteria than the inline capacity are all kept") {
  // Prospect -> Closed Won reaches fourteen unmet criteria: past the eight kept inline.
  // Prospect's exit 1, Discovery 1 + 3, Demo 1 + 3, Proposal 1 + 1, Negotiation 1 + 1,
  // Closed Won's entry 1.
  auto check = check_move(acme("Prospect"), "Closed Won", rules(), today);
  REQUIRE(check);
  CHECK(check->unmet.size() == 14);
  CHECK(check->unmet.back().stage == won);
  CHECK(std::get<criteria::milestone_reached::unmet>(check->unmet.back().what).milestone == m::contract_signed);
}

TEST_CASE("gate: advancing updates stage, probability and history") {
  auto o = acme("Proposal", {m::proposal_accepted, m::terms_discussed});
  o.probability_override = probability{70};
  auto next = advance(o, "Negotiation", rules(), today);
  REQUIRE(next);
  CHECK(next->stage == "Negotiation");
  CHECK_FALSE(next->probability_override.has_value());
  CHECK(*probability_of(*next, rules().process()) == probability{80});
  CHECK(next->stage_history == std::vector<stage_entry>{{"Negotiation", today}});
  CHECK(next->outcome == deal_outcome::open);
  CHECK(next->close_date == o.close_date);
  CHECK(o.stage == "Proposal");  // the input is a value, untouched
}

TEST_CASE("gate: a refused advance returns every unmet criterion and an error naming the move") {
  auto refused = advance(acme("Proposal"), "Negotiation", rules(), today);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().why.code == errc::criteria_unmet);
  CHECK(refused.error().why.message == "moving from 'Proposal' to 'Negotiation' needs 2 criteria the deal does not meet");
  CHECK(briefly(refused.error().unmet) ==
        std::vector<brief>{{proposal, gate_side::exit, k::any_milestone_reached, {}},
                           {negotiation, gate_side::entry, k::milestone_reached, m::terms_discussed}});
  CHECK(std::get<criteria::any_milestone_reached::unmet>(refused.error().unmet[0].what).milestones ==
        enum_set<milestone>{m::proposal_accepted, m::objections_documented});

  // The other way out of Proposal: objections documented for negotiation.
  CHECK(advance(acme("Proposal", {m::objections_documented, m::terms_discussed}), "Negotiation", rules(), today));
}

TEST_CASE("gate: winning closes the deal and records the close date change") {
  const auto o = acme("Negotiation", {m::contract_agreed, m::contract_signed});
  auto next = advance(o, "Closed Won", rules(), today);
  REQUIRE(next);
  CHECK(next->outcome == deal_outcome::won);
  CHECK(next->closed_date == today);
  CHECK(next->close_date == today);
  CHECK(next->close_date_history ==
        std::vector<close_date_change>{{today, 2026y / March / 28d, today}});
  CHECK(*probability_of(*next, rules().process()) == probability{100});

  // The won stage's exit criteria are what remains: payment terms and the CS handoff,
  // acknowledged by CS with the kickoff scheduled.
  auto remaining = check_exit(*next, rules(), today);
  REQUIRE(remaining);
  CHECK(briefly(remaining->unmet) ==
        std::vector<brief>{{won, gate_side::exit, k::milestone_reached, m::payment_terms_confirmed},
                           {won, gate_side::exit, k::milestone_reached, m::cs_handoff_done},
                           {won, gate_side::exit, k::milestone_reached, m::cs_acknowledged},
                           {won, gate_side::exit, k::milestone_reached, m::kickoff_scheduled}});
}

TEST_CASE("gate: Closed Lost is reachable from any open stage and needs a loss reason") {
  const auto p = rules();
  for (const char* from : {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation"}) {
    CAPTURE(from);
    auto without = check_move(acme(from), "Closed Lost", p, today);
    REQUIRE(without);
    CHECK(without->kind == move_kind::close_lost);
    CHECK(briefly(without->unmet) ==
          std::vector<brief>{{lost, gate_side::entry, k::loss_reason_recorded, {}}});

    auto next = advance(acme(from), "Closed Lost", p, today, {.loss_reason = "Price"});
    REQUIRE(next);
    CHECK(next->outcome == deal_outcome::lost);
    CHECK(next->loss_reason == "Price");
    CHECK(next->closed_date == today);
  }
  auto recorded = acme("Discovery");
  recorded.loss_reason = "No decision";
  CHECK(check_move(recorded, "Closed Lost", p, today)->allowed());

  auto dq = advance(acme("Discovery"), "Closed Lost", p, today, {.loss_reason = "Not a fit", .disqualified = true});
  REQUIRE(dq);
  CHECK(dq->outcome == deal_outcome::disqualified);
}

TEST_CASE("gate: losing a deal records the change of its close date") {
  auto next = advance(acme("Proposal"), "Closed Lost", rules(), today, {.loss_reason = "Lost to competitor"});
  REQUIRE(next);
  CHECK(next->close_date == today);
  CHECK(next->close_date_history == std::vector<close_date_change>{{today, 2026y / March / 28d, today}});
  CHECK(next->stage_history == std::vector<stage_entry>{{"Closed Lost", today}});
}

TEST_CASE("gate: regression - move details keep their own copy of the loss reason") {
  // A loss reason read into a temporary string (as an importer would) must outlive it.
  move_details details;
  details.loss_reason = std::string("Lost to ") + "competitor";
  auto next = advance(acme("Negotiation"), "Closed Lost", rules(), today, details);
  REQUIRE(next);
  CHECK(next->loss_reason == "Lost to competitor");
}

TEST_CASE("gate: an outcome that contradicts the stage is an error naming the outcome") {
  auto won_in_proposal = acme("Proposal");
  won_in_proposal.outcome = deal_outcome::won;
  auto e = check_move(won_in_proposal, "Negotiation", rules(), today);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::inconsistent);
  CHECK(e.error().where == "/outcome");
  CHECK(e.error().deal_id == won_in_proposal.id);
  CHECK(e.error().message == "the deal's outcome is won but its stage 'Proposal' is open");

  auto open_in_won = acme("Closed Won");  // outcome still open
  auto e2 = advance(open_in_won, "Negotiation", rules(), today);
  REQUIRE_FALSE(e2);
  CHECK(e2.error().why.code == errc::inconsistent);

  auto disqualified = acme("Closed Lost");
  disqualified.outcome = deal_outcome::disqualified;
  CHECK(check_move(disqualified, "Closed Lost", rules(), today).has_value());
}

TEST_CASE("gate: a loss reason or disqualification with a move to a stage that is not lost is an error") {
  auto e = check_move(acme("Proposal", {m::proposal_accepted, m::terms_discussed}), "Negotiation", rules(), today,
                      {.loss_reason = "Price"});
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::inconsistent);
  CHECK(e.error().where == "/loss_reason");
  auto d = check_move(acme("Proposal"), "Discovery", rules(), today, {.disqualified = true});
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/disqualified");
}

TEST_CASE("gate: moving back is allowed and recorded by default, refused when the policy says so") {
  const auto o = acme("Proposal");
  auto back = advance(o, "Discovery", rules(), today);
  REQUIRE(back);
  CHECK(back->stage == "Discovery");
  CHECK(back->stage_history.back() == stage_entry{"Discovery", today});
  CHECK(check_move(o, "Discovery", rules(), today)->kind == move_kind::backward);

  policy strict;
  strict.process.allow_backward = false;
  auto refused = check_move(o, "Discovery", rules(strict), today);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::not_allowed);
  CHECK(refused.error().message.find("allow_backward") != std::string::npos);
}

TEST_CASE("gate: reopening a closed deal follows the policy flag and the target's entry criteria") {
  auto closed = acme("Closed Won");
  closed.outcome = deal_outcome::won;
  closed.closed_date = today;
  auto refused = check_move(closed, "Negotiation", rules(), today);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::not_allowed);
  CHECK(refused.error().message.find("allow_reopen") != std::string::npos);

  policy reopen;
  reopen.process.allow_reopen = true;
  auto check = check_move(closed, "Negotiation", rules(reopen), today);
  REQUIRE(check);
  CHECK(check->kind == move_kind::reopen);
  CHECK(briefly(check->unmet) ==
        std::vector<brief>{{negotiation, gate_side::entry, k::milestone_reached, m::terms_discussed}});

  auto lost_deal = acme("Closed Lost", {m::meeting_held});
  lost_deal.outcome = deal_outcome::lost;
  lost_deal.loss_reason = "Timing";
  lost_deal.closed_date = today;
  auto reopened = advance(lost_deal, "Discovery", rules(reopen), today);
  REQUIRE(reopened);
  CHECK(reopened->outcome == deal_outcome::open);
  CHECK(reopened->loss_reason.empty());
  CHECK_FALSE(reopened->closed_date.has_value());

  closed.milestones.reach(m::terms_discussed);
  auto won_reopened = advance(closed, "Negotiation", rules(reopen), today);
  REQUIRE(won_reopened);
  CHECK(won_reopened->outcome == deal_outcome::open);
  CHECK_FALSE(won_reopened->closed_date.has_value());
}

TEST_CASE("gate: reopening a lost deal straight to won clears its loss reason") {
  policy reopen;
  reopen.process.allow_reopen = true;
  auto lost_deal = acme("Closed Lost", {m::contract_signed});
  lost_deal.outcome = deal_outcome::lost;
  lost_deal.loss_reason = "Timing";
  lost_deal.closed_date = 2026y / February / 1d;
  auto check = check_move(lost_deal, "Closed Won", rules(reopen), today);
  REQUIRE(check);
  CHECK(check->kind == move_kind::reopen);
  auto won_deal = advance(lost_deal, "Closed Won", rules(reopen), today);
  REQUIRE(won_deal);
  CHECK(won_deal->outcome == deal_outcome::won);
  CHECK(won_deal->loss_reason.empty());
  CHECK(won_deal->closed_date == today);

  // Won, then lost after all: the new reason is recorded.
  auto lost_again = advance(*won_deal, "Closed Lost", rules(reopen), today, {.loss_reason = "Champion left"});
  REQUIRE(lost_again);
  CHECK(lost_again->outcome == deal_outcome::lost);
  CHECK(lost_again->loss_reason == "Champion left");
  auto no_reason = check_move(*won_deal, "Closed Lost", rules(reopen), today);
  REQUIRE(no_reason);
  CHECK(briefly(no_reason->unmet) == std::vector<brief>{{lost, gate_side::entry, k::loss_reason_recorded, {}}});
}

TEST_CASE("gate: staying in the same stage changes nothing") {
  const auto o = acme("Proposal");
  auto check = check_move(o, "Proposal", rules(), today);
  REQUIRE(check);
  CHECK(check->kind == move_kind::stay);
  CHECK(check->allowed());
  auto same = advance(o, "Proposal", rules(), today);
  REQUIRE(same);
  CHECK(*same == o);
}

TEST_CASE("gate: unknown stages are errors naming the field") {
  auto from = check_move(acme("Qualification"), "Proposal", rules(), today);
  REQUIRE_FALSE(from);
  CHECK(from.error().code == errc::unknown_name);
  CHECK(from.error().where == "/stage");
  CHECK(from.error().deal_id == acme("Qualification").id);
  auto to = advance(acme("Proposal"), "Won", rules(), today);
  REQUIRE_FALSE(to);
  CHECK(to.error().why.code == errc::unknown_name);
  CHECK(to.error().why.where == "/target");
  CHECK(to.error().why.deal_id == acme("Proposal").id);
  CHECK(to.error().unmet.empty());
}

TEST_CASE("gate: stage names match ignoring ASCII case, and the moved deal takes the policy's spelling") {
  auto o = acme("proposal", {m::proposal_accepted, m::terms_discussed});
  const auto check = check_move(o, "NEGOTIATION", rules(), today);
  REQUIRE(check);
  CHECK(check->from == proposal);
  CHECK(check->to == negotiation);
  CHECK(check->allowed());
  auto next = advance(o, "negotiation", rules(), today);
  REQUIRE(next);
  CHECK(next->stage == "Negotiation");
  CHECK(next->stage_history.back().stage == "Negotiation");
  // A refusal names the stages as the policy writes them.
  auto refused = advance(acme("proposal"), "negotiation", rules(), today);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().why.message == "moving from 'Proposal' to 'Negotiation' needs 2 criteria the deal does not meet");
  CHECK(refused.error().why.where == "/target");
}

TEST_CASE("gate: a predicate is found by its name ignoring case, as the duplicate check compares names") {
  policy p;
  p.process.predicates = {{"Security_Review", [](const opportunity& o, date) { return o.account != "Acme Corp"; }}};
  p.process.stages[3].entry.push_back(criteria::holds{"security_review"});
  const auto o = acme("Demo/Evaluation", {m::demo_delivered, m::stakeholders_engaged, m::champion_feedback_positive, m::budget_approved});
  auto check = check_move(o, "Proposal", rules(p), today);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 1);  // the predicate ran, and said no
  CHECK(check->unmet[0].kind() == k::predicate);

  p.process.predicates.push_back({"SECURITY_REVIEW", [](const opportunity&, date) { return true; }});
  const auto twice = validate(p);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == errc::duplicate);
  CHECK(twice.error().where == "/process/predicates/1/name");
}

TEST_CASE("gate: host criteria - contacts, economic buyer, champion, BANT, ICP") {
  policy p;
  p.process.stages[3].entry = {criteria::contacts_at_least{3}, criteria::economic_buyer_identified{},
                               criteria::champion_identified{}, criteria::bant_confirmed{}};
  p.icp.segments = {"Mid-Market"};
  auto o = acme("Demo/Evaluation", {m::demo_delivered, m::stakeholders_engaged, m::champion_feedback_positive});
  o.contact_count = 2;
  auto check = check_move(o, "Proposal", rules(p), today);
  REQUIRE(check);
  CHECK(briefly(check->unmet) == std::vector<brief>{{proposal, gate_side::entry, k::contacts_at_least, {}},
                                                    {proposal, gate_side::entry, k::economic_buyer_identified, {}},
                                                    {proposal, gate_side::entry, k::champion_identified, {}},
                                                    {proposal, gate_side::entry, k::bant_confirmed, {}}});
  CHECK(std::get<criteria::contacts_at_least::unmet>(check->unmet[0].what) ==
        criteria::contacts_at_least::unmet{3, 2});

  o.contacts = {{"Ana", "CTO", contact_role::economic_buyer, influence_level::high},
                {"Raj", "VP Eng", contact_role::champion, influence_level::high},
                {"Lee", "Architect", contact_role::technical_evaluator, influence_level::medium}};
  o.meddpicc.economic_buyer = "CTO";
  o.meddpicc.champion = "VP Engineering";
  o.bant = {true, true, true, true};
  CHECK(check_move(o, "Proposal", rules(p), today)->allowed());

  // The default Prospect entry is ICP fit: entering Prospect again from Closed Lost on reopen.
  p.process.allow_reopen = true;
  auto lost_deal = acme("Closed Lost");  // segment Enterprise, outside this ICP
  lost_deal.outcome = deal_outcome::lost;
  auto icp = check_move(lost_deal, "Prospect", rules(p), today);
  REQUIRE(icp);
  CHECK(briefly(icp->unmet) == std::vector<brief>{{prospect, gate_side::entry, k::icp_fit, {}}});
}

TEST_CASE("gate: host predicates are criteria") {
  policy p;
  p.process.predicates = {
      {"security_review_passed", [](const opportunity& o, date) { return o.account != "Acme Corp"; }}};
  p.process.stages[3].entry.push_back(criteria::holds{"security_review_passed"});
  const auto o = acme("Demo/Evaluation", {m::demo_delivered, m::stakeholders_engaged, m::champion_feedback_positive, m::budget_approved});
  auto check = check_move(o, "Proposal", rules(p), today);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 1);
  CHECK(check->unmet[0].kind() == k::predicate);
  CHECK(check->unmet[0].index == 1);

  auto other = o;
  other.account = "Globex";
  auto passed = check_move(other, "Proposal", rules(p), today);
  REQUIRE(passed);
  CHECK(passed->unmet.empty());
  // A predicate that throws ends the program (tests/terminate shows it): the check is noexcept.
  const validated_policy checked = rules(p);
  static_assert(noexcept(check_move(o, "Proposal", checked, today)));
}

TEST_CASE("gate: a predicate sees the deal and today") {
  policy p;
  p.process.predicates = {{"closes_this_month", [](const opportunity& o, date d) {
                             return o.close_date.year() == d.year() && o.close_date.month() == d.month();
                           }}};
  p.process.stages[4].entry.push_back(criteria::holds{"closes_this_month"});
  const auto o = acme("Proposal", {m::proposal_accepted, m::terms_discussed});
  CHECK(check_move(o, "Negotiation", rules(p), 2026y / March / 2d)->allowed());
  CHECK_FALSE(check_move(o, "Negotiation", rules(p), 2026y / April / 2d)->allowed());
}

TEST_CASE("gate: a limit on the days in the stage refuses a rotting deal's move") {
  policy with;
  with.process.stages[3].exit.push_back(criteria::days_in_stage_at_most{14});  // Proposal
  const auto p = rules(with);
  auto deal = acme("Proposal", {m::proposal_accepted, m::terms_discussed});
  deal.stage_history = {{"Proposal", 2026y / February / 1d}};  // 29 days before 2026-03-02
  const auto refused = check_move(deal, "Negotiation", p, today);
  REQUIRE(refused);
  REQUIRE(refused->unmet.size() == 1);
  CHECK(refused->unmet[0].kind() == k::days_in_stage_at_most);
  CHECK(std::get<criteria::days_in_stage_at_most::unmet>(refused->unmet[0].what).in_stage == days(29));
  deal.stage_history.push_back({"Proposal", 2026y / February / 20d});  // moved back and forth since
  CHECK(check_move(deal, "Negotiation", p, today)->allowed());
}

TEST_CASE("gate: a field condition checks the company's own fields and the deal's built-in ones") {
  // Proposal's exit: Enterprise deals need the security review done, and every deal
  // at least 2 engaged contacts... written as data, with no host code.
  policy with;
  with.process.fields = {{"security_review", field_type::boolean}, {"seats", field_type::number}};
  const auto when = any_of({compare("segment", comparison::not_equal, {"Enterprise"}),
                            compare("security_review", comparison::equal, {"true"})});
  with.process.stages[3].exit.push_back(criteria::field_condition{when});
  with.process.stages[3].exit.push_back(
      criteria::field_condition{compare("seats", comparison::between, {"10", "500"})});
  const auto p = rules(with);
  auto deal = acme("Proposal", {m::proposal_accepted, m::terms_discussed});
  deal.segment = "Enterprise";
  deal.fields = {{"seats", number::from_whole(120)}};
  auto check = check_move(deal, "Negotiation", p, today);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 1);  // the review is not recorded
  CHECK(check->unmet[0].kind() == k::field_condition);
  CHECK(check->unmet[0].index == policy{}.process.stages[3].exit.size());  // the first one added
  CHECK(io::describe(*criterion_of(check->unmet[0], *p.process())) == "(segment != Enterprise or security_review = true)");
  deal.fields.set("Security_Review", std::string("yes"));  // text, read as its declared boolean
  CHECK(check_move(deal, "Negotiation", p, today)->allowed());
  deal.segment = "SMB";
  deal.fields.set("security_review", false);
  CHECK(check_move(deal, "Negotiation", p, today)->allowed());  // not Enterprise
  // 501 seats: the second condition fails; no seats at all fails it too.
  deal.fields.set("seats", std::string("501"));
  check = check_move(deal, "Negotiation", p, today);
  REQUIRE(check);
  REQUIRE(check->unmet.size() == 1);
  CHECK(check->unmet[0].index == with.process.stages[3].exit.size() - 1);
  deal.fields = {};
  CHECK_FALSE(check_move(deal, "Negotiation", p, today)->allowed());

  // A value that does not read in its declared type: the move cannot be judged, and
  // the error names the deal's field.
  deal.fields = {{"seats", std::string("lots")}};
  const auto bad = check_move(deal, "Negotiation", p, today);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where.ends_with("/fields/seats"));
  CHECK(bad.error().message.find("'seats' does not read as a number") != std::string::npos);
}

TEST_CASE("gate: a field condition's mistakes are refused at validate(), at their pointer") {
  const auto refused = [](condition when, std::vector<field_declaration> fields = {}) {
    policy with;
    with.process.fields = std::move(fields);
    with.process.stages[1].entry.push_back(criteria::field_condition{std::move(when)});
    const auto v = validate(std::move(with));
    REQUIRE_FALSE(v);
    return v.error();
  };
  auto e = refused(compare("segmnt", comparison::equal, {"SMB"}));
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/process/stages/1/entry/" + std::to_string(policy{}.process.stages[1].entry.size()) + "/when/field");
  CHECK(e.message == "no field 'segmnt' here; did you mean 'segment'?");
  e = refused(compare("amount", comparison::at_least, {"lots"}));
  CHECK(e.where.ends_with("/when/value"));
  e = refused(compare("region", comparison::equal, {"EMEA"}), {{"region", field_type::text}, {"Region", field_type::text}});
  CHECK(e.code == errc::duplicate);
  CHECK(e.where == "/process/fields/1/name");
  e = refused(compare("segment", comparison::is_set), {{"segment", field_type::text}});
  CHECK(e.message == "field 'segment' has the name of a built-in field");
}

TEST_CASE("gate: a field condition on money in another currency cannot be judged, and says so") {
  policy with;
  with.process.stages[1].exit.push_back(
      criteria::field_condition{compare("amount", comparison::at_least, {"100000 USD"})});
  const auto p = rules(with);
  auto deal = qualified(acme("Discovery", {m::meeting_held, m::technical_fit_confirmed}));
  deal.amount = money(15'000'000, currency("EUR"));  // 150,000 EUR: not comparable with USD
  const auto e = check_move(deal, "Demo/Evaluation", p, today);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::currency_mismatch);
  CHECK(e.error().where.ends_with("/amount"));
  CHECK(e.error().message.find("'amount' is not in USD, the currency the stage's condition compares it in") !=
        std::string::npos);
  deal.amount = money(10'000'000, currency("USD"));  // 100,000 USD: met
  CHECK(check_move(deal, "Demo/Evaluation", p, today)->allowed());
  deal.amount = money(9'999'999, currency("USD"));
  CHECK_FALSE(check_move(deal, "Demo/Evaluation", p, today)->allowed());
}

TEST_CASE("gate: check_entry judges the deal's own stage's entry, and leaves what the data lacks unjudged") {
  // The first stage's entry is "lead meets ICP": a new deal entering the pipeline.
  policy software;
  software.icp.industries = {"Software"};
  const auto p = rules(software);
  auto lead = acme("Prospect");
  lead.profile.industry = "Retail";
  const auto check = check_entry(lead, p, today);
  REQUIRE(check);
  CHECK(check->kind == move_kind::stay);
  CHECK(check->from == prospect);
  CHECK(check->to == prospect);
  CHECK(briefly(check->unmet) == std::vector<brief>{{prospect, gate_side::entry, k::icp_fit, {}}});
  CHECK(check->unknown == 0);
  // Without the account profile the industry is unknown: not judged, not unmet.
  const auto blind = check_entry(lead, p, today, enum_set<deal_data>{deal_data::milestones});
  REQUIRE(blind);
  CHECK(blind->unmet.empty());
  CHECK(blind->unknown == 1);
  // The default ICP takes every account: it reads nothing the data could lack.
  const auto open_icp = check_entry(lead, rules(), today, enum_set<deal_data>{});
  REQUIRE(open_icp);
  CHECK(open_icp->allowed());
  CHECK(open_icp->unknown == 0);
  lead.profile.industry = "Software";
  CHECK(check_entry(lead, p, today)->allowed());
  // A deal further on: Negotiation's entry, terms discussed.
  CHECK(briefly(check_entry(acme("Negotiation"), p, today)->unmet) ==
        std::vector<brief>{{negotiation, gate_side::entry, k::milestone_reached, m::terms_discussed}});
  CHECK(check_entry(acme("Negotiation", {m::terms_discussed}), p, today)->allowed());
  // A stage the policy lacks is an error naming the deal.
  const auto nowhere = check_entry(acme("Nowhere"), p, today);
  REQUIRE_FALSE(nowhere);
  CHECK(nowhere.error().code == errc::unknown_name);
  CHECK(nowhere.error().where == "/stage");
  CHECK(nowhere.error().deal_id == "OPP-0001");
}
