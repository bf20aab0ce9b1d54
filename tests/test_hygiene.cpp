// SPDX-License-Identifier: BSL-1.0
#include <salesrules/deal_condition_analysis.hpp>
#include <salesrules/hygiene.hpp>

#include <salesrules/inline_vector.hpp>
#include <salesrules/policy.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;
using salesrules::test::acme;
using salesrules::test::qualified;
using r = hygiene_rule;
using sev = hygiene_severity;

// Findings read as "deal 0 stale (critical) 31 vs 30" when a check fails.
namespace doctest {
template <>
struct StringMaker<hygiene_finding> {
  static String convert(const hygiene_finding& f) {
    std::string s = "deal " + std::to_string(f.deal) + " " + std::string(name_of(f.rule)) + " (" +
                    std::string(name_of(f.severity)) + ") " + std::to_string(f.seen) + " vs " +
                    std::to_string(f.threshold);
    for (auto m : f.missing) s += " -" + std::string(name_of(m));
    return String(s.c_str());
  }
};
template <>
struct StringMaker<std::vector<hygiene_finding>> {
  static String convert(const std::vector<hygiene_finding>& v) {
    String s = "[";
    for (const auto& f : v) s += StringMaker<hygiene_finding>::convert(f) + "; ";
    return s + "]";
  }
};
}  // namespace doctest

namespace {
const date today = 2026y / March / 2d;

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

// A deal that passes every check: MEDDIC complete, 21/30, active three days ago,
// closing in a month, a dated and owned next step, four contacts, and the entry
// milestone of every open stage reached (so any stage's entry holds).
opportunity tidy(std::string stage = "Demo/Evaluation") {
  auto o = qualified(acme(std::move(stage), {milestone::meeting_held, milestone::technical_fit_confirmed,
                                             milestone::budget_approved, milestone::terms_discussed}));
  o.last_activity_date = add_days(today, -3);
  o.close_date = add_days(today, 30);
  o.next_step = next_step{"Legal review of MSA", add_days(today, 7), "Dana Reyes"};
  return o;
}

std::vector<hygiene_finding> findings_of(const opportunity& o, const validated_policy& p, std::size_t index = 0) {
  std::vector<hygiene_finding> out;
  const auto n = check_hygiene(o, index, p, today, out);
  REQUIRE(n);
  CHECK(*n == out.size());
  return out;
}
std::vector<hygiene_finding> findings_of(const opportunity& o) { return findings_of(o, rules()); }

hygiene_finding finding(hygiene_rule rule, hygiene_severity s, std::int32_t seen, std::int32_t threshold,
                        enum_set<meddpicc_field> missing = {}, std::size_t deal = 0) {
  return {deal, rule, s, seen, threshold, missing};
}

using findings = std::vector<hygiene_finding>;

static_assert(noexcept(check_hygiene(std::declval<const opportunity&>(), 0, std::declval<const validated_policy&>(),
                                     date{}, std::declval<findings&>())));
static_assert(noexcept(check_hygiene(std::span<const opportunity>{}, std::declval<const validated_policy&>(), date{},
                                     std::declval<findings&>())));
static_assert(hygiene_sink<findings>);
static_assert(hygiene_sink<inline_vector<hygiene_finding, 4>>);
static_assert(!hygiene_sink<std::vector<int>>);
}  // namespace

TEST_CASE("hygiene: a well-kept deal has no findings in any open stage") {
  const auto p = rules();
  for (const char* stage : {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation"}) {
    CAPTURE(stage);
    CHECK(findings_of(tidy(stage), p).empty());
  }
}

TEST_CASE("hygiene: no activity for 30 days is stale, 29 is not") {
  auto o = tidy();
  o.last_activity_date = add_days(today, -29);
  CHECK(findings_of(o).empty());
  o.last_activity_date = add_days(today, -30);
  CHECK(findings_of(o) == findings{finding(r::stale, sev::critical, 30, 30)});
  o.last_activity_date = add_days(today, -31);
  CHECK(findings_of(o) == findings{finding(r::stale, sev::critical, 31, 30)});
}

TEST_CASE("hygiene: a deal with no recorded activity counts from its creation") {
  auto o = tidy();
  o.last_activity_date.reset();
  o.created_date = 2026y / January / 16d;  // 16 days of January, 28 of February, 1 of March: 45 days
  CHECK(findings_of(o) == findings{finding(r::stale, sev::critical, 45, 30)});
  o.created_date = add_days(today, -29);
  CHECK(findings_of(o).empty());
}

TEST_CASE("hygiene: a stage's own stale days replace the default for that stage only") {
  const auto p = rules(policy{.hygiene = {.stale_after_by_stage = {{"Negotiation", 14}, {"Prospect", 60}}}});
  auto o = tidy("Negotiation");
  o.last_activity_date = add_days(today, -13);
  CHECK(findings_of(o, p).empty());
  o.last_activity_date = add_days(today, -14);
  CHECK(findings_of(o, p) == findings{finding(r::stale, sev::critical, 14, 14)});

  auto proposal = tidy("Proposal");  // no number of its own: 30
  proposal.last_activity_date = add_days(today, -29);
  CHECK(findings_of(proposal, p).empty());
  proposal.last_activity_date = add_days(today, -30);
  CHECK(findings_of(proposal, p) == findings{finding(r::stale, sev::critical, 30, 30)});

  auto prospect = tidy("Prospect");  // a longer leash
  prospect.created_date = add_days(today, -100);
  prospect.last_activity_date = add_days(today, -59);
  CHECK(findings_of(prospect, p).empty());
  prospect.last_activity_date = add_days(today, -61);
  CHECK(findings_of(prospect, p) == findings{finding(r::stale, sev::critical, 61, 60)});
}

TEST_CASE("hygiene: a close date of yesterday is past, today is not") {
  auto o = tidy();
  o.close_date = today;
  CHECK(findings_of(o).empty());
  o.close_date = add_days(today, -1);
  CHECK(findings_of(o) == findings{finding(r::close_date_past, sev::critical, 1, 0)});
  o.close_date = 2026y / February / 1d;  // 28 days to 1 March, then one more
  CHECK(findings_of(o) == findings{finding(r::close_date_past, sev::critical, 29, 0)});
}

TEST_CASE("hygiene: a close date 365 days out is within the horizon, 366 is beyond it") {
  auto o = tidy();
  o.close_date = 2027y / March / 2d;  // 2026-03-02 + 365 days (no 29 February between)
  CHECK(findings_of(o).empty());
  o.close_date = 2027y / March / 3d;
  CHECK(findings_of(o) == findings{finding(r::close_date_beyond_horizon, sev::notice, 366, 365)});

  const auto p = rules(policy{.hygiene = {.close_horizon_days = 90}});
  o.close_date = add_days(today, 90);
  CHECK(findings_of(o, p).empty());
  o.close_date = add_days(today, 91);
  CHECK(findings_of(o, p) == findings{finding(r::close_date_beyond_horizon, sev::notice, 91, 90)});
}

TEST_CASE("hygiene: a next step needs an action, a due date and an owner") {
  auto o = tidy();
  o.next_step.reset();
  CHECK(findings_of(o) == findings{finding(r::no_next_step, sev::warning, 0, 0)});

  o.next_step = next_step{" ", add_days(today, 7), "Dana Reyes"};  // a blank action is no step
  CHECK(findings_of(o) == findings{finding(r::no_next_step, sev::warning, 0, 0)});
  o.next_step = next_step{"", std::nullopt, ""};  // and its missing date and owner are not reported again
  CHECK(findings_of(o) == findings{finding(r::no_next_step, sev::warning, 0, 0)});

  o.next_step = next_step{"Send ROI summary to CTO", std::nullopt, "Dana Reyes"};
  CHECK(findings_of(o) == findings{finding(r::next_step_undated, sev::notice, 0, 0)});
  o.next_step = next_step{"Send ROI summary to CTO", add_days(today, 7), "  "};
  CHECK(findings_of(o) == findings{finding(r::next_step_unowned, sev::notice, 0, 0)});
  o.next_step = next_step{"Send ROI summary to CTO", std::nullopt, ""};
  CHECK(findings_of(o) ==
        findings{finding(r::next_step_undated, sev::notice, 0, 0), finding(r::next_step_unowned, sev::notice, 0, 0)});
}

TEST_CASE("hygiene: a next step due yesterday is overdue, due today is not") {
  auto o = tidy();
  o.next_step->due = today;
  CHECK(findings_of(o).empty());
  o.next_step->due = add_days(today, -1);
  CHECK(findings_of(o) == findings{finding(r::next_step_overdue, sev::warning, 1, 0)});
  o.next_step->due = 2026y / February / 20d;
  CHECK(findings_of(o) == findings{finding(r::next_step_overdue, sev::warning, 10, 0)});
}

TEST_CASE("hygiene: two engaged contacts are single-threaded, three are not") {
  auto o = tidy("Prospect");
  o.contact_count = 3;
  CHECK(findings_of(o).empty());
  o.contact_count = 2;
  CHECK(findings_of(o) == findings{finding(r::single_threaded, sev::warning, 2, 3)});
  o.contact_count = 0;
  CHECK(findings_of(o) == findings{finding(r::single_threaded, sev::warning, 0, 3)});

  // Named contacts count when the recorded number is lower.
  o.contacts = {{"Ada", "CTO", contact_role::economic_buyer, influence_level::high},
                {"Ben", "VP Engineering", contact_role::champion, influence_level::high},
                {"Cy", "Security lead", contact_role::technical_evaluator, influence_level::medium}};
  CHECK(findings_of(o).empty());

  const auto p = rules(policy{.hygiene = {.min_contacts = 5}});
  CHECK(findings_of(o, p) == findings{finding(r::single_threaded, sev::warning, 3, 5)});
}

TEST_CASE("hygiene: MEDDIC is required past Discovery, not in it") {
  auto o = tidy("Discovery");
  o.meddpicc.champion.clear();
  o.meddpicc.metrics = "   ";  // blanks are not an answer
  CHECK(findings_of(o).empty());

  o.stage = "Demo/Evaluation";
  CHECK(findings_of(o) == findings{finding(r::qualification_incomplete, sev::critical, 4, 6,
                                           {meddpicc_field::metrics, meddpicc_field::champion})});
  o.stage = "Negotiation";
  CHECK(findings_of(o) == findings{finding(r::qualification_incomplete, sev::critical, 4, 6,
                                           {meddpicc_field::metrics, meddpicc_field::champion})});
}

TEST_CASE("hygiene: under MEDDPICC the paper process and competition are required too") {
  const auto p = rules(policy{.meddpicc = {.framework = qualification_framework::meddpicc}});
  auto o = tidy("Proposal");
  CHECK(findings_of(o, p) == findings{finding(r::qualification_incomplete, sev::critical, 6, 8,
                                              {meddpicc_field::paper_process, meddpicc_field::competition})});
  o.meddpicc.paper_process = "MSA and order form";
  o.meddpicc.competition = "Globex";
  CHECK(findings_of(o, p).empty());
}

TEST_CASE("hygiene: qualified_after moves the line the qualification rules start from") {
  const auto p = rules(policy{.hygiene = {.qualified_after = "Demo/Evaluation"}});
  auto o = tidy("Demo/Evaluation");
  o.meddpicc.champion.clear();
  CHECK(findings_of(o, p).empty());
  o.stage = "Proposal";
  CHECK(findings_of(o, p) ==
        findings{finding(r::qualification_incomplete, sev::critical, 5, 6, {meddpicc_field::champion})});
}

TEST_CASE("hygiene: a score below viable_at past Discovery, 18 is viable, 17 is not") {
  auto o = tidy("Discovery");
  o.ratings = {rating{3}, rating{3}, rating{3}, rating{3}, rating{3}, rating{2}};  // 17
  CHECK(findings_of(o).empty());
  o.stage = "Demo/Evaluation";
  CHECK(findings_of(o) == findings{finding(r::score_below_viable, sev::warning, 1700, 1800)});
  o.ratings.competition = rating{3};  // 18
  CHECK(findings_of(o).empty());

  // The threshold follows the scorecard: raised to 22, the tidy deal's 21 falls short.
  const auto p = rules(policy{.scorecard = {.strong_at = 26, .viable_at = 22}});
  CHECK(findings_of(tidy("Proposal"), p) == findings{finding(r::score_below_viable, sev::warning, 2100, 2200)});
}

TEST_CASE("hygiene: a weighted score is compared in hundredths of a point") {
  // Weights 3,1,1,1,1,1 on ratings 2,3,3,3,3,3: 30 * (6 + 15) / (8 * 5) = 15.75.
  const auto p = rules(policy{.scorecard = {.weights = {3, 1, 1, 1, 1, 1}}});
  auto o = tidy("Proposal");
  o.ratings = {rating{2}, rating{3}, rating{3}, rating{3}, rating{3}, rating{3}};
  CHECK(findings_of(o, p) == findings{finding(r::score_below_viable, sev::warning, 1575, 1800)});
}

TEST_CASE("hygiene: a probability override must lie between its stage's and the next stage's") {
  auto o = tidy("Demo/Evaluation");  // 40%; the next stage, Proposal, is 60%
  o.probability_override = probability{40};
  CHECK(findings_of(o).empty());
  o.probability_override = probability{60};
  CHECK(findings_of(o).empty());
  o.probability_override = probability{39};
  CHECK(findings_of(o) == findings{finding(r::probability_inconsistent, sev::warning, 39, 40)});
  o.probability_override = probability{61};
  CHECK(findings_of(o) == findings{finding(r::probability_inconsistent, sev::warning, 61, 60)});

  // The last open stage may go as high as the won stage.
  auto n = tidy("Negotiation");
  n.probability_override = probability{100};
  CHECK(findings_of(n).empty());
  n.probability_override = probability{75};
  CHECK(findings_of(n) == findings{finding(r::probability_inconsistent, sev::warning, 75, 80)});

  auto prospect = tidy("Prospect");
  prospect.probability_override = probability{5};
  CHECK(findings_of(prospect) == findings{finding(r::probability_inconsistent, sev::warning, 5, 10)});
}

TEST_CASE("hygiene: a neglected deal gets every finding, in rule order, with the facts") {
  // Proposal since January; nothing done since 2026-01-20, closing 2026-02-13, next step
  // due 2026-02-23 with no owner, two contacts, MEDDIC without economic buyer and
  // champion, rated 3,3,3,2,2,2 = 15, and the rep says 55% where Proposal is 60%.
  auto o = qualified(acme("Proposal"));
  o.last_activity_date = 2026y / January / 20d;
  o.close_date = 2026y / February / 13d;
  o.next_step = next_step{"Chase the CFO", 2026y / February / 23d, ""};
  o.contact_count = 2;
  o.meddpicc.economic_buyer.clear();
  o.meddpicc.champion.clear();
  o.ratings = {rating{3}, rating{3}, rating{3}, rating{2}, rating{2}, rating{2}};
  o.probability_override = probability{55};
  const auto out = findings_of(o, rules(), 7);
  CHECK(out == findings{
                   finding(r::stale, sev::critical, 41, 30, {}, 7),  // 11 of January, 28 of February, 2 of March
                   finding(r::close_date_past, sev::critical, 17, 0, {}, 7),  // 15 of February, 2 of March
                   finding(r::next_step_unowned, sev::notice, 0, 0, {}, 7),
                   finding(r::next_step_overdue, sev::warning, 7, 0, {}, 7),  // 5 of February, 2 of March
                   finding(r::single_threaded, sev::warning, 2, 3, {}, 7),
                   finding(r::qualification_incomplete, sev::critical, 4, 6,
                           {meddpicc_field::economic_buyer, meddpicc_field::champion}, 7),
                   finding(r::score_below_viable, sev::warning, 1500, 1800, {}, 7),
                   finding(r::probability_inconsistent, sev::warning, 55, 60, {}, 7),
                   // Proposal's entry: the budget was never approved, 1 of its 1 criterion.
                   finding(r::entry_criteria_unmet, sev::warning, 1, 1, {}, 7),
               });
}

TEST_CASE("hygiene: a deal that fails its stage's entry is flagged, on the data the deals carry") {
  // Negotiation's entry asks for terms discussed, a champion and BANT here.
  policy with;
  with.process.stages[4].entry = {criteria::milestone_reached{milestone::terms_discussed},
                                  criteria::champion_identified{}, criteria::bant_confirmed{}};
  const auto p = rules(with);
  auto o = tidy("Negotiation");  // terms discussed, champion named, BANT confirmed
  CHECK(findings_of(o, p).empty());
  o.milestones.clear(milestone::terms_discussed);
  o.bant.need = false;
  CHECK(findings_of(o, p) == findings{finding(r::entry_criteria_unmet, sev::warning, 2, 3)});

  // An export without milestones or BANT: those two are unknown, not unmet; the
  // champion is judged, and named.
  const enum_set<deal_data> csv{deal_data::ratings, deal_data::meddpicc, deal_data::contacts};
  findings out;
  REQUIRE(check_hygiene(o, 0, p, today, out, csv));
  CHECK(out.empty());
  o.meddpicc.champion.clear();
  out.clear();
  REQUIRE(check_hygiene(o, 0, p, today, out, csv));
  CHECK(std::ranges::count(out, r::entry_criteria_unmet, &hygiene_finding::rule) == 1);
  CHECK(out.back() == finding(r::entry_criteria_unmet, sev::warning, 1, 1));

  // The first stage's entry is "lead meets ICP": a new deal outside it is flagged.
  policy icp;
  icp.icp.industries = {"Software"};
  auto lead = tidy("Prospect");
  lead.profile.industry = "Retail";
  CHECK(findings_of(lead, rules(icp)) == findings{finding(r::entry_criteria_unmet, sev::warning, 1, 1)});
  lead.profile.industry = "software";
  CHECK(findings_of(lead, rules(icp)).empty());
}

TEST_CASE("hygiene: a won deal's CS handoff within a day of the signature") {
  const auto p = rules();
  auto won = acme("Closed Won", {milestone::contract_signed});
  won.outcome = deal_outcome::won;
  won.milestones.reach(milestone::contract_signed, 2026y / February / 20d);
  won.closed_date = 2026y / February / 23d;  // the signature's own day comes first
  // Handed over the next day: within the 24 hours as far as whole days tell.
  won.milestones.reach(milestone::cs_handoff_done, 2026y / February / 21d);
  CHECK(findings_of(won).empty());
  // Two days after: late, by 2 days against 1.
  won.milestones.reach(milestone::cs_handoff_done, 2026y / February / 22d);
  CHECK(findings_of(won) == findings{finding(r::handoff_late, sev::warning, 2, 1)});
  // Done on a day nobody recorded: not judged.
  won.milestones.reach(milestone::cs_handoff_done);
  CHECK(findings_of(won).empty());
  // Not done: counted to today (2026-03-02), 10 days after the signature.
  won.milestones.clear(milestone::cs_handoff_done);
  CHECK(findings_of(won) == findings{finding(r::handoff_late, sev::warning, 10, 1)});
  // No signature day: the closed date stands in (7 days to today).
  won.milestones.reach(milestone::contract_signed);
  CHECK(findings_of(won) == findings{finding(r::handoff_late, sev::warning, 7, 1)});
  // The company's own limit, and the deals' data without milestones: nothing judged.
  policy slow;
  slow.hygiene.handoff_within_days = 7;
  CHECK(findings_of(won, rules(slow)).empty());
  findings out;
  REQUIRE(check_hygiene(won, 0, p, today, out, enum_set<deal_data>{deal_data::ratings}));
  CHECK(out.empty());
  // A negative limit is refused at its pointer.
  policy bad;
  bad.hygiene.handoff_within_days = -1;
  const auto refused = validate(bad);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().where == "/hygiene/handoff_within_days");
}

TEST_CASE("hygiene: the deals' data decides which rules are judged") {
  // A deal that breaks the contacts, MEDDIC and score rules, from a source that carries
  // none of them: nothing to say. With them: each rule speaks.
  auto o = tidy("Proposal");
  o.contact_count = 1;
  o.meddpicc.metrics.clear();
  o.ratings = {rating{2}, rating{2}, rating{2}, rating{2}, rating{2}, rating{2}};
  const auto p = rules();
  findings out;
  REQUIRE(check_hygiene(o, 0, p, today, out, enum_set<deal_data>{deal_data::milestones}));
  CHECK(out.empty());
  CHECK(findings_of(o, p) == findings{finding(r::single_threaded, sev::warning, 1, 3),
                                      finding(r::qualification_incomplete, sev::critical, 5, 6,
                                              {meddpicc_field::metrics}),
                                      finding(r::score_below_viable, sev::warning, 1200, 1800)});
}

TEST_CASE("hygiene: lost and disqualified deals produce no findings, a won one only its handoff") {
  const auto p = rules();
  for (auto [stage, outcome] : {std::pair{"Closed Won", deal_outcome::won},
                                std::pair{"Closed Lost", deal_outcome::lost},
                                std::pair{"Closed Lost", deal_outcome::disqualified}}) {
    CAPTURE(stage);
    auto o = acme(stage);  // no activity, no next step, no MEDDIC, a past close date
    o.outcome = outcome;
    o.contact_count = 0;
    o.close_date = add_days(today, -90);
    o.closed_date = o.close_date;  // closed 90 days ago, no handoff: a won one has no signature on record
    findings out;
    const auto n = check_hygiene(o, 0, p, today, out);
    REQUIRE(n);
    CHECK(*n == 0);
    CHECK(out.empty());
    // With the signature on record only the won deal has a finding: its handoff.
    o.milestones.reach(milestone::contract_signed);
    REQUIRE(check_hygiene(o, 0, p, today, out));
    CHECK(out == (outcome == deal_outcome::won ? findings{finding(r::handoff_late, sev::warning, 90, 1)} : findings{}));
  }
}

TEST_CASE("hygiene: a range skips closed deals and labels findings with each deal's position") {
  auto won = acme("Closed Won");
  won.outcome = deal_outcome::won;
  auto lost = acme("Closed Lost");
  lost.outcome = deal_outcome::lost;
  lost.stage = "No Such Stage";  // closed deals are not looked at, not even their stage
  auto stale = tidy("Proposal");
  stale.last_activity_date = add_days(today, -40);
  auto thin = tidy("Prospect");
  thin.contact_count = 1;
  thin.next_step.reset();
  const std::vector<opportunity> deals{won, tidy(), stale, lost, thin};

  findings out;
  const auto n = check_hygiene(deals, rules(), today, out);
  REQUIRE(n);
  CHECK(*n == 3);
  CHECK(out == findings{finding(r::stale, sev::critical, 40, 30, {}, 2),
                        finding(r::no_next_step, sev::warning, 0, 0, {}, 4),
                        finding(r::single_threaded, sev::warning, 1, 3, {}, 4)});
}

TEST_CASE("hygiene: findings are appended to what the container holds, and it can be reused") {
  auto o = tidy();
  o.contact_count = 1;
  const auto p = rules();
  findings out{finding(r::stale, sev::critical, 99, 30, {}, 42)};
  auto n = check_hygiene(o, 3, p, today, out);
  REQUIRE(n);
  CHECK(*n == 1);
  CHECK(out == findings{finding(r::stale, sev::critical, 99, 30, {}, 42),
                        finding(r::single_threaded, sev::warning, 1, 3, {}, 3)});
  out.clear();
  n = check_hygiene(o, 4, p, today, out);
  REQUIRE(n);
  CHECK(out == findings{finding(r::single_threaded, sev::warning, 1, 3, {}, 4)});
}

TEST_CASE("hygiene: any container with push_back receives the findings") {
  auto o = tidy();
  o.contact_count = 1;
  o.next_step.reset();
  inline_vector<hygiene_finding, 4> small;
  const auto n = check_hygiene(o, 0, rules(), today, small);
  REQUIRE(n);
  CHECK(*n == 2);
  REQUIRE(small.size() == 2);
  CHECK(small[0].rule == r::no_next_step);
  CHECK(small[1].rule == r::single_threaded);

  // A sink that keeps only a count.
  struct counter {
    std::size_t seen = 0;
    void push_back(const hygiene_finding&) noexcept { ++seen; }
  } c;
  REQUIRE(check_hygiene(o, 0, rules(), today, c));
  CHECK(c.seen == 2);
}

TEST_CASE("hygiene: an unknown stage stops the range with an error naming the deal") {
  auto first = tidy();
  first.contact_count = 2;
  auto bad = tidy();
  bad.id = "OPP-0042";
  bad.stage = "Qualification";
  auto after = tidy();
  after.contact_count = 1;
  const std::vector<opportunity> deals{first, bad, after};

  findings out;
  const auto n = check_hygiene(deals, rules(), today, out);
  REQUIRE_FALSE(n);
  CHECK(n.error().code == errc::unknown_name);
  CHECK(n.error().where == "/stage");
  CHECK(n.error().deal_id == "OPP-0042");
  CHECK(n.error().row == 2);  // deals[1]
  CHECK(n.error().message ==
        "unknown stage 'Qualification'; the stages are Prospect, Discovery, "
        "Demo/Evaluation, Proposal, Negotiation, Closed Won, Closed Lost");
  // The deal before it was checked; the one after it was not.
  CHECK(out == findings{finding(r::single_threaded, sev::warning, 2, 3, {}, 0)});

  // One deal at a time: the same error, nothing appended.
  findings none;
  const auto one = check_hygiene(bad, 9, rules(), today, none);
  REQUIRE_FALSE(one);
  CHECK(one.error().code == errc::unknown_name);
  CHECK(one.error().row == 10);  // the index the caller gave, 9, is row 10
  CHECK(none.empty());
}

TEST_CASE("hygiene: an open deal in a closed stage is an inconsistency, not a clean bill") {
  auto o = tidy("Closed Won");
  o.id = "OPP-0007";
  findings out;
  const auto n = check_hygiene(o, 0, rules(), today, out);
  REQUIRE_FALSE(n);
  CHECK(n.error().code == errc::inconsistent);
  CHECK(n.error().where == "/outcome");
  CHECK(n.error().deal_id == "OPP-0007");
  CHECK(n.error().message == "it is open but its stage 'Closed Won' is a closed stage");
  CHECK(to_string(n.error()) ==
        "row 1 (/outcome): deal 'OPP-0007': it is open but its stage 'Closed Won' is a closed stage");
  CHECK(out.empty());
}

TEST_CASE("hygiene: an empty range has nothing to report") {
  findings out;
  const auto n = check_hygiene(std::span<const opportunity>{}, rules(), today, out);
  REQUIRE(n);
  CHECK(*n == 0);
  CHECK(summarize(out) == hygiene_summary{});
}

TEST_CASE("hygiene: each rule has the documented severity") {
  CHECK(severity_of(r::stale) == sev::critical);
  CHECK(severity_of(r::close_date_past) == sev::critical);
  CHECK(severity_of(r::qualification_incomplete) == sev::critical);
  CHECK(severity_of(r::no_next_step) == sev::warning);
  CHECK(severity_of(r::next_step_overdue) == sev::warning);
  CHECK(severity_of(r::single_threaded) == sev::warning);
  CHECK(severity_of(r::score_below_viable) == sev::warning);
  CHECK(severity_of(r::probability_inconsistent) == sev::warning);
  CHECK(severity_of(r::next_step_undated) == sev::notice);
  CHECK(severity_of(r::next_step_unowned) == sev::notice);
  CHECK(severity_of(r::close_date_beyond_horizon) == sev::notice);
  CHECK(sev::notice < sev::warning);
  CHECK(sev::warning < sev::critical);
}

TEST_CASE("hygiene: rules and severities have their described names") {
  CHECK(name_of(r::stale) == "stale");
  CHECK(name_of(r::close_date_beyond_horizon) == "close_date_beyond_horizon");
  CHECK(name_of(r::probability_inconsistent) == "probability_inconsistent");
  CHECK(from_name<hygiene_rule>("single_threaded") == r::single_threaded);
  CHECK(name_of(sev::critical) == "critical");
  CHECK(enum_set<hygiene_rule>::capacity == 13);
  CHECK(name_of(r::entry_criteria_unmet) == "entry_criteria_unmet");
  CHECK(severity_of(r::handoff_late) == sev::warning);
}

TEST_CASE("hygiene: the summary counts findings by rule and severity, and the deals they fall on") {
  const findings out{finding(r::stale, sev::critical, 40, 30, {}, 2),
                     finding(r::single_threaded, sev::warning, 1, 3, {}, 2),
                     finding(r::single_threaded, sev::warning, 2, 3, {}, 5),
                     finding(r::next_step_unowned, sev::notice, 0, 0, {}, 9)};
  const auto s = summarize(out);
  CHECK(s.findings == 4);
  CHECK(s.deals == 3);
  CHECK(s.of(r::stale) == 1);
  CHECK(s.of(r::single_threaded) == 2);
  CHECK(s.of(r::next_step_unowned) == 1);
  CHECK(s.of(r::close_date_past) == 0);
  CHECK(s.of(sev::critical) == 1);
  CHECK(s.of(sev::warning) == 2);
  CHECK(s.of(sev::notice) == 1);
  static_assert(summarize(std::span<const hygiene_finding>{}).findings == 0);
}

TEST_CASE("hygiene: the inlined day count agrees with std::chrono on every day from 1600 to 2400") {
  static_assert(detail::day_number(1970y / January / 1d) == 0);
  static_assert(detail::day_number(2000y / February / 29d) == 11016);
  static_assert(detail::day_number(1969y / December / 31d) == -1);
  const sys_days first = sys_days(1600y / January / 1d), final_day = sys_days(2400y / December / 31d);
  std::size_t wrong = 0;
  for (sys_days d = first; d <= final_day; d += days{1})
    if (detail::day_number(year_month_day(d)) != d.time_since_epoch().count()) ++wrong;
  CHECK(wrong == 0);
  CHECK(detail::day_number(0001y / January / 1d) == sys_days(0001y / January / 1d).time_since_epoch().count());
  CHECK(detail::day_number(9999y / December / 31d) == sys_days(9999y / December / 31d).time_since_epoch().count());
}

TEST_CASE("hygiene: the score test agrees with score() for every rating and several weightings") {
  // check_open_deal compares 600 * sum with viable_at * weight_sum instead of calling
  // score(); the two must agree on the finding and on the total reported.
  for (const scorecard_weights w : {scorecard_weights{}, scorecard_weights{3, 1, 1, 1, 1, 1},
                                    scorecard_weights{0, 2, 5, 0, 7, 1}, scorecard_weights{1000, 1, 1, 1, 1, 999}}) {
    for (int viable : {0, 17, 18, 29}) {
      const auto p = rules(policy{.scorecard = {.strong_at = 30, .viable_at = viable, .weights = w}});
      auto o = tidy("Proposal");
      std::size_t disagreements = 0;
      for (int i = 0; i < 7776; ++i) {  // 6^6: every criterion from not rated to 5
        int k = i;
        auto next = [&] {
          const int v = k % 6;
          k /= 6;
          return v == 0 ? rating::not_rated() : *rating::from_int(v);
        };
        o.ratings = {next(), next(), next(), next(), next(), next()};
        const auto s = score(o.ratings, p.scorecard());
        findings out;
        REQUIRE(check_hygiene(o, 0, p, today, out));
        const bool below = s.tier == qualification_tier::needs_qualification;
        const bool reported = !out.empty();
        if (below != reported || (reported && (out[0].rule != r::score_below_viable ||
                                                out[0].seen != s.total.hundredths() ||
                                                out[0].threshold != viable * 100)))
          ++disagreements;
      }
      CAPTURE(viable);
      CHECK(disagreements == 0);
    }
  }
}

TEST_CASE("hygiene: a scope gives the deals its condition picks their own thresholds") {
  // SMB deals are stale at 14 days; deals of 500 seats or more need 5 contacts and may
  // close at most 180 days out; the first scope a deal meets is the one that counts.
  policy with;
  with.process.fields = {{"seats", field_type::number}};
  with.hygiene.stale_after_by_stage = {{"Proposal", 45}};
  with.hygiene.scopes = {{"SMB moves fast", compare("segment", comparison::equal, {"SMB"}), 14, std::nullopt, std::nullopt},
                         {"large rollouts", compare("seats", comparison::at_least, {"500"}), std::nullopt, 5, 180}};
  const auto p = rules(with);

  auto o = tidy();  // Enterprise, 4 contacts, active 3 days ago, closing in 30 days
  o.segment = "SMB";
  o.last_activity_date = add_days(today, -13);
  CHECK(findings_of(o, p).empty());
  o.last_activity_date = add_days(today, -14);
  CHECK(findings_of(o, p) == findings{finding(r::stale, sev::critical, 14, 14)});
  o.stage = "Proposal";  // the scope's 14 before the stage's own 45
  CHECK(findings_of(o, p) == findings{finding(r::stale, sev::critical, 14, 14)});
  o.segment = "Mid-Market";  // no scope: the stage's 45
  CHECK(findings_of(o, p).empty());
  o.stage = "Demo/Evaluation";  // no scope, no stage number: 30
  o.last_activity_date = add_days(today, -29);
  CHECK(findings_of(o, p).empty());

  auto big = tidy();
  big.fields = {{"seats", number::from_whole(500)}};
  big.close_date = add_days(today, 181);
  CHECK(findings_of(big, p) == findings{finding(r::close_date_beyond_horizon, sev::notice, 181, 180),
                                        finding(r::single_threaded, sev::warning, 4, 5)});
  big.fields = {{"seats", std::string("499.999999")}};  // held as text, read as its declared number
  CHECK(findings_of(big, p).empty());
  big.segment = "smb";  // both scopes hold: the first, which sets only the stale days
  big.fields = {{"seats", number::from_whole(900)}};
  CHECK(findings_of(big, p).empty());

  // A value that does not read in its declared type: the deal cannot be checked.
  big.segment = "Enterprise";
  big.fields = {{"seats", std::string("a lot")}};
  std::vector<hygiene_finding> out;
  const auto e = check_hygiene(big, 6, p, today, out);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/fields/seats");
  CHECK(e.error().row == 7);
  CHECK(e.error().message == "'seats' does not read as a number, which the sales process declares");
  CHECK(out.empty());
}

TEST_CASE("hygiene: a scope's mistakes are refused at validate(), at their pointer") {
  const auto refused = [](hygiene_scope s) {
    policy with;
    with.hygiene.scopes = {std::move(s)};
    const auto v = validate(std::move(with));
    REQUIRE_FALSE(v);
    return v.error();
  };
  auto e = refused({"x", compare("segmnet", comparison::equal, {"SMB"}), 14, std::nullopt, std::nullopt});
  CHECK(e.where == "/hygiene/scopes/0/where/field");
  CHECK(e.message == "no field 'segmnet' here; did you mean 'segment'?");
  e = refused({"x", compare("segment", comparison::equal, {"SMB"}), 0, std::nullopt, std::nullopt});
  CHECK(e.where == "/hygiene/scopes/0/stale_after_days");
  e = refused({"x", compare("segment", comparison::equal, {"SMB"}), std::nullopt, std::nullopt, std::nullopt});
  CHECK(e.message == "scope 'x' sets no threshold");
  e = refused({" ", compare("segment", comparison::equal, {"SMB"}), 14, std::nullopt, std::nullopt});
  CHECK(e.where == "/hygiene/scopes/0/name");
}

TEST_CASE("policy analysis: scopes that can never match or never count, stage conditions that can never hold") {
  using c = comparison;
  using k = scope_finding_kind;
  policy with;
  with.process.fields = {{"seats", field_type::number}, {"security_review", field_type::boolean}};
  with.hygiene.scopes = {
      {"large", compare("seats", c::at_least, {"100"}), 20, std::nullopt, std::nullopt},
      // 0: seats >= 100 comes first, so a deal of 500 seats or more is "large".
      {"very large", compare("seats", c::at_least, {"500"}), std::nullopt, 5, std::nullopt},
      // no number is both below 50 and above 60
      {"odd", all_of({compare("seats", c::below, {"50"}), compare("seats", c::above, {"60"})}), 10, std::nullopt,
       std::nullopt},
      // 99.5 seats is not "large": this one counts for 50 <= seats < 100
      {"mid", compare("seats", c::between, {"50", "99.5"}), 25, std::nullopt, std::nullopt},
      // SMB deals of 100+ seats are "large" first, but an SMB deal of 10 seats is not
      {"SMB", compare("segment", c::equal, {"SMB"}), 14, std::nullopt, std::nullopt},
      // every SMB deal met "SMB" above, whatever its seats
      {"SMB mid", all_of({compare("segment", c::equal, {"smb"}), compare("seats", c::at_least, {"50"})}), 12,
       std::nullopt, std::nullopt},
      // outside the analysis: counted, never reported
      {"either", any_of({compare("segment", c::equal, {"Enterprise"}), compare("seats", c::above, {"1000"})}), 40,
       std::nullopt, std::nullopt},
  };
  // Proposal's entry: its criteria before, then a review that is both true and false.
  auto& proposal = with.process.stages[3].entry;
  const std::size_t at = proposal.size();
  proposal.push_back(criteria::field_condition{all_of(
      {compare("security_review", c::equal, {"true"}), compare("security_review", c::equal, {"false"})})});
  proposal.push_back(criteria::field_condition{compare("seats", c::is_set)});  // may hold
  // Negotiation's exit, after contract_agreed: an amount both at least and below 10,000 USD.
  with.process.stages[4].exit.push_back(criteria::field_condition{
      all_of({compare("amount", c::at_least, {"10000 USD"}), compare("amount", c::below, {"10000 USD"})})});
  const auto v = validate(std::move(with));
  REQUIRE(v);
  const auto a = analyze_deal_conditions(*v);
  CHECK(a.scopes == std::vector<scope_finding>{{1, k::shadowed, 0}, {2, k::never_matches, 0}, {5, k::shadowed, 4}});
  REQUIRE(a.stage_conditions.size() == 2);
  CHECK(a.stage_conditions[0] == stage_condition_finding{3, true, at});
  CHECK(a.stage_conditions[1] == stage_condition_finding{4, false, 1});
  CHECK(a.not_analysed == 1);
  CHECK_FALSE(a.sound());

  // The most scopes a policy may have, 256, none implying another: 32,640 pairs, within
  // max_pairs, so the scopes' analysis is never cut short.
  policy many;
  many.process.fields = {{"seats", field_type::number}};
  for (int i = 0; i < 256; ++i)
    many.hygiene.scopes.push_back(
        {std::to_string(i), compare("seats", c::equal, {std::to_string(i)}), 10, std::nullopt, std::nullopt});
  const auto vm = validate(std::move(many));
  REQUIRE(vm);
  const auto all = analyze_deal_conditions(*vm);
  CHECK(all.sound());
  CHECK(all.not_analysed == 0);

  // The playbook's policy has no conditions on deals.
  const auto plain = analyze_deal_conditions(rules());
  CHECK(plain.sound());
  CHECK(plain.not_analysed == 0);
}
