// SPDX-License-Identifier: BSL-1.0
#include <salesrules/calibration.hpp>

#include "numbered.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;

namespace {

validated_policy rules(std::uint32_t min_deals) {
  policy p;
  p.forecast.calibration_min_deals = min_deals;
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

opportunity closed(std::string id, deal_outcome outcome, std::string segment,
                   std::initializer_list<const char*> history = {}) {
  opportunity o;
  o.id = std::move(id);
  o.amount = money(5'000'000, currency{"USD"});
  o.outcome = outcome;
  o.stage = outcome == deal_outcome::won ? "Closed Won" : "Closed Lost";
  if (outcome != deal_outcome::won) o.loss_reason = "Price";
  o.segment = std::move(segment);
  date d = 2025y / September / 1d;
  for (const char* s : history) {
    o.stage_history.push_back({s, d});
    d = add_days(d, 10);
  }
  o.close_date = d;
  o.closed_date = d;
  return o;
}

constexpr auto won = deal_outcome::won;
constexpr auto lost = deal_outcome::lost;

// Three won deals, seven lost, one disqualified, one open:
//   W1 Enterprise won                 W2, W3 Mid-Market won
//   L1 MM   Prospect, Discovery, lost                      -> lost in Discovery
//   L2 Ent  Prospect ... Proposal, lost                    -> lost in Proposal
//   L3 MM   Prospect, lost                                 -> lost in Prospect
//   L4 Ent  Prospect ... Proposal, back to Discovery, lost -> lost in Discovery (the last open stage)
//   L5 MM   no history                                     -> stage unknown
//   L6 Ent  only Closed Lost                               -> stage unknown
//   L7 MM   Prospect ... Negotiation, lost                 -> lost in Negotiation
//   D1 MM   disqualified                                   -> left out
//   O1 MM   open, in a stage the policy does not know      -> not looked at
std::vector<opportunity> history() {
  auto open = closed("O1", deal_outcome::open, "Mid-Market");
  open.stage = "Pilot";
  auto dq = closed("D1", lost, "Mid-Market", {"Prospect", "Discovery", "Closed Lost"});
  dq.outcome = deal_outcome::disqualified;
  return {
      closed("W1", won, "Enterprise", {"Prospect", "Discovery", "Closed Won"}),
      closed("W2", won, "Mid-Market"),
      closed("W3", won, "Mid-Market", {"Negotiation", "Closed Won"}),
      closed("L1", lost, "Mid-Market", {"Prospect", "Discovery", "Closed Lost"}),
      closed("L2", lost, "Enterprise", {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Closed Lost"}),
      closed("L3", lost, "Mid-Market", {"Prospect", "Closed Lost"}),
      closed("L4", lost, "Enterprise",
             {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Discovery", "Closed Lost"}),
      closed("L5", lost, "Mid-Market"),
      closed("L6", lost, "Enterprise", {"Closed Lost"}),
      closed("L7", lost, "Mid-Market",
             {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation", "Closed Lost"}),
      dq,
      open,
  };
}

// (reached, won, observed basis points or -1, suggested percent) of each row.
struct row {
  std::uint64_t reached;
  std::uint64_t won;
  std::int64_t observed_bp;
  int suggested;
  friend bool operator==(const row&, const row&) = default;
  friend std::ostream& operator<<(std::ostream& os, const row& r) {
    return os << '{' << r.reached << ", " << r.won << ", " << r.observed_bp << ", " << r.suggested << '}';
  }
};
// So that a failed CHECK on two row lists prints both.
std::ostream& operator<<(std::ostream& os, const std::vector<row>& rs) {
  for (const auto& r : rs) os << r << ' ';
  return os;
}
std::vector<row> rows(const calibration_report& r) {
  std::vector<row> out;
  for (const auto& s : r.stages) {
    CHECK((s.evidence == calibration_evidence::sufficient) == s.observed.has_value());
    out.push_back({s.reached, s.won, s.observed ? s.observed->basis_points() : -1, s.suggested.whole_percent()});
  }
  return out;
}

// The suggestion never falls along the open stages and validate() takes it.
void check_accepted(const calibration_report& r, const validated_policy& p) {
  auto table = suggested_stages(r, p.process());
  REQUIRE(table);
  for (std::size_t i = 1; i < table->size(); ++i)
    if ((*table)[i].kind == stage_kind::open) CHECK((*table)[i - 1].probability <= (*table)[i].probability);
  auto data = p.data();
  data.process.stages = *table;
  CHECK(validate(std::move(data)));
}

static_assert(noexcept(calibrate(std::span<const opportunity>{}, std::declval<const validated_policy&>())));

}  // namespace

TEST_CASE("calibration: hand-worked counts on a dozen deals") {
  // Won 3. Lost, by the stage lost in: Prospect 1 (L3), Discovery 2 (L1, L4), Proposal 1
  // (L2), Negotiation 1 (L7). A stage was reached by the won deals and the deals lost in it
  // or later:
  //   Prospect     3 + 5 = 8   3/8 = 37.50%  -> 38 (half to even)
  //   Discovery    3 + 4 = 7   3/7 = 42.86%  -> 43
  //   Demo         3 + 2 = 5   3/5 = 60%     -> 60
  //   Proposal     3 + 2 = 5   60%           -> 60
  //   Negotiation  3 + 1 = 4   75%           -> 75
  //   Closed Won   3           (fewer than 4: insufficient) -> 100
  const auto p = rules(4);
  const auto deals = history();
  const auto r = calibrate(deals, p);
  REQUIRE(r);
  CHECK_FALSE(r->segment);
  CHECK(r->won == 3);
  CHECK(r->lost == 5);
  CHECK(r->lost_stage_unknown == 2);
  CHECK(r->disqualified == 1);
  CHECK(r->min_deals == 4);
  REQUIRE(r->stages.size() == 6);
  CHECK(r->stages[0].stage == "Prospect");
  CHECK(r->stages[0].configured == probability{10});
  CHECK(r->stages[5].stage == "Closed Won");
  CHECK(r->stages[5].kind == stage_kind::won);
  CHECK(rows(*r) == std::vector<row>{{8, 3, 3750, 38},
                                     {7, 3, 4286, 43},
                                     {5, 3, 6000, 60},
                                     {5, 3, 6000, 60},
                                     {4, 3, 7500, 75},
                                     {3, 3, -1, 100}});
  check_accepted(*r, p);
}

TEST_CASE("calibration: a stage with too few deals is insufficient and keeps its configured probability") {
  const auto deals = history();
  SUBCASE("at 5, Negotiation (4) and Closed Won (3) fall short") {
    const auto p = rules(5);
    const auto r = calibrate(deals, p);
    REQUIRE(r);
    CHECK(r->stages[4].evidence == calibration_evidence::insufficient);
    CHECK(rows(*r) == std::vector<row>{{8, 3, 3750, 38},
                                       {7, 3, 4286, 43},
                                       {5, 3, 6000, 60},
                                       {5, 3, 6000, 60},
                                       {4, 3, -1, 80},
                                       {3, 3, -1, 100}});
    check_accepted(*r, p);
  }
  SUBCASE("at the default 30, every stage keeps its configured probability") {
    const auto p = rules(30);
    const auto r = calibrate(deals, p);
    REQUIRE(r);
    CHECK(rows(*r) == std::vector<row>{{8, 3, -1, 10},
                                       {7, 3, -1, 20},
                                       {5, 3, -1, 40},
                                       {5, 3, -1, 60},
                                       {4, 3, -1, 80},
                                       {3, 3, -1, 100}});
  }
}

TEST_CASE("calibration: by segment") {
  // Mid-Market: won W2, W3; lost in Prospect L3, Discovery L1, Negotiation L7; L5 unknown;
  // D1 disqualified. Reached: Prospect 2 + 3 = 5 (40%), Discovery 2 + 2 = 4 (50%), Demo,
  // Proposal and Negotiation 2 + 1 = 3 (insufficient at 4: 40, 60, 80 kept).
  // Pooling: Discovery's 50% is above Demo's fixed 40%, so both are 40; Prospect's 40% fits.
  // Enterprise: won W1; lost in Discovery L4, Proposal L2; L6 unknown. Reached: Prospect 3,
  // Discovery 3, Demo 2, Proposal 2, Negotiation 1, Closed Won 1: all short of 4.
  const auto p = rules(4);
  const auto deals = history();
  const auto mm = calibrate(deals, p, "Mid-Market");
  REQUIRE(mm);
  CHECK(mm->segment == "Mid-Market");
  CHECK(mm->won == 2);
  CHECK(mm->lost == 3);
  CHECK(mm->lost_stage_unknown == 1);
  CHECK(mm->disqualified == 1);
  CHECK(rows(*mm) == std::vector<row>{{5, 2, 4000, 40},
                                      {4, 2, 5000, 40},
                                      {3, 2, -1, 40},
                                      {3, 2, -1, 60},
                                      {3, 2, -1, 80},
                                      {2, 2, -1, 100}});
  check_accepted(*mm, p);

  const auto all = calibrate_segments(deals, p);
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].segment == "Enterprise");
  CHECK((*all)[1] == *mm);
  const auto& ent = (*all)[0];
  CHECK(ent.won == 1);
  CHECK(ent.lost == 2);
  CHECK(ent.lost_stage_unknown == 1);
  CHECK(ent.disqualified == 0);
  CHECK(rows(ent) == std::vector<row>{{3, 1, -1, 10},
                                      {3, 1, -1, 20},
                                      {2, 1, -1, 40},
                                      {2, 1, -1, 60},
                                      {1, 1, -1, 80},
                                      {1, 1, -1, 100}});

  // With a threshold of 1, Enterprise's rates: 1/3 = 33.33%, 1/3, 1/2, 1/2, 1/1.
  const auto p1 = rules(1);
  const auto ent1 = calibrate(deals, p1, "Enterprise");
  REQUIRE(ent1);
  CHECK(rows(*ent1) == std::vector<row>{{3, 1, 3333, 33},
                                        {3, 1, 3333, 33},
                                        {2, 1, 5000, 50},
                                        {2, 1, 5000, 50},
                                        {1, 1, 10000, 100},
                                        {1, 1, 10000, 100}});
  check_accepted(*ent1, p1);

  // The segments add up to the whole.
  const auto whole = calibrate(deals, p);
  REQUIRE(whole);
  for (std::size_t i = 0; i < whole->stages.size(); ++i)
    CHECK(whole->stages[i].reached == ent.stages[i].reached + mm->stages[i].reached);
  CHECK(calibrate(deals, p, "SMB")->stages[0].reached == 0);
}

TEST_CASE("calibration: the suggestion pools rates that rise above an insufficient stage") {
  // Won 9; lost 6 in Prospect, 2 in Discovery, 1 in Demo. Threshold 10:
  //   Prospect 18 (50%), Discovery 12 (75%), Demo 10 (90%), Proposal 9 and Negotiation 9
  //   insufficient (60% and 80% kept).
  // Demo's 90% and Discovery's 75% are above Proposal's fixed 60%: both pool to 60%.
  std::vector<opportunity> deals;
  for (int i = 0; i < 9; ++i) deals.push_back(closed(test::numbered("W", static_cast<std::size_t>(i)), won, "SMB"));
  for (int i = 0; i < 6; ++i) deals.push_back(closed(test::numbered("P", static_cast<std::size_t>(i)), lost, "SMB", {"Prospect"}));
  for (int i = 0; i < 2; ++i) deals.push_back(closed(test::numbered("D", static_cast<std::size_t>(i)), lost, "SMB", {"Prospect", "Discovery"}));
  deals.push_back(closed("E", lost, "SMB", {"Prospect", "Discovery", "Demo/Evaluation"}));
  const auto p = rules(10);
  const auto r = calibrate(deals, p);
  REQUIRE(r);
  CHECK(rows(*r) == std::vector<row>{{18, 9, 5000, 50},
                                     {12, 9, 7500, 60},
                                     {10, 9, 9000, 60},
                                     {9, 9, -1, 60},
                                     {9, 9, -1, 80},
                                     {9, 9, -1, 100}});
  check_accepted(*r, p);
}

TEST_CASE("calibration: no closed deals leaves every stage insufficient and as configured") {
  const auto p = rules(1);
  const auto r = calibrate({}, p);
  REQUIRE(r);
  CHECK(r->won == 0);
  CHECK(rows(*r) == std::vector<row>{{0, 0, -1, 10}, {0, 0, -1, 20}, {0, 0, -1, 40},
                                     {0, 0, -1, 60}, {0, 0, -1, 80}, {0, 0, -1, 100}});
  const auto none = calibrate_segments({}, p);
  REQUIRE(none);
  CHECK(none->empty());
  // All lost before any open stage was recorded: nothing to place.
  const std::vector<opportunity> unplaced{closed("L", lost, "SMB")};
  const auto u = calibrate(unplaced, p);
  REQUIRE(u);
  CHECK(u->lost_stage_unknown == 1);
  CHECK(u->lost == 0);
  CHECK(u->stages[0].reached == 0);
}

TEST_CASE("calibration: errors name the deal") {
  const auto p = rules(1);
  auto unknown = closed("OPP-9", lost, "SMB", {"Prospect"});
  unknown.stage = "Lost (old)";
  const std::vector<opportunity> a{unknown};
  const auto e = calibrate(a, p);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "/stage");
  CHECK(e.error().deal_id == "OPP-9");

  const std::vector<opportunity> b{closed("OPP-10", lost, "SMB", {"Prospect", "Pilot"})};
  const auto h = calibrate_segments(b, p);
  REQUIRE_FALSE(h);
  CHECK(h.error().code == errc::unknown_name);
  CHECK(h.error().where == "/stage_history/1/stage");
  CHECK(h.error().deal_id == "OPP-10");
  CHECK(h.error().row == 1);
  CHECK(h.error().message.find("'Pilot'") != std::string::npos);

  auto contradicting = closed("OPP-11", won, "SMB");
  contradicting.stage = "Closed Lost";
  const std::vector<opportunity> c{contradicting};
  const auto w = calibrate(c, p, "SMB");
  REQUIRE_FALSE(w);
  CHECK(w.error().code == errc::inconsistent);
  CHECK(w.error().deal_id == "OPP-11");
  CHECK(w.error().where == "/outcome");
}

TEST_CASE("calibration: a suggestion applies only to the process it came from") {
  const auto p = rules(1);
  const auto r = calibrate({}, p);
  REQUIRE(r);
  policy other;
  other.process.stages.erase(other.process.stages.begin());  // no Prospect
  auto q = validate(std::move(other));
  REQUIRE(q);
  const auto s = suggested_stages(*r, q->process());
  REQUIRE_FALSE(s);
  CHECK(s.error().code == errc::inconsistent);
}
