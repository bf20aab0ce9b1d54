// SPDX-License-Identifier: BSL-1.0
#include "sample_pipeline.hpp"

#include <chrono>

namespace sample {

using namespace salesrules;
using namespace std::chrono;
using m = milestone;

namespace {
const currency usd{"USD"};
const currency eur{"EUR"};

opportunity deal(std::string id, std::string account, std::string owner, std::int64_t cents, currency cur,
                 std::string stage, date close, std::string segment) {
  opportunity o;
  o.id = std::move(id);
  o.account = std::move(account);
  o.owner = std::move(owner);
  o.amount = money(cents, cur);
  o.stage = std::move(stage);
  o.close_date = close;
  o.created_date = 2026y / January / 5d;
  o.last_activity_date = 2026y / February / 24d;
  o.contact_count = 3;
  o.next_step = next_step{"Follow-up call", 2026y / March / 9d, o.owner};
  o.segment = std::move(segment);
  return o;
}

meddpicc_fields discovered() {
  return {.metrics = "Cut onboarding time 40%",
          .economic_buyer = "CTO",
          .decision_criteria = "SSO and SOC2",
          .decision_process = "Security then legal",
          .identify_pain = "Manual provisioning",
          .champion = "VP Engineering"};
}
}  // namespace

date today() { return 2026y / March / 2d; }

std::vector<planned_move> pipeline() {
  std::vector<planned_move> out;

  // The playbook's example: Acme Corp, Enterprise Platform, Proposal (60%), $180,000.
  // Champion confirmed, economic buyer met; legal review of the MSA is the next step.
  auto acme = deal("OPP-0001", "Acme Corp", "Dana Reyes", 18'000'000, usd, "Proposal", 2026y / March / 28d,
                   "Enterprise");
  acme.meddpicc = discovered();
  acme.ratings = {rating{5}, rating{5}, rating{4}, rating{4}, rating{5}, rating{3}};
  acme.contact_count = 5;
  for (auto mm : {m::meeting_scheduled, m::meeting_held, m::technical_fit_confirmed, m::demo_delivered,
                  m::stakeholders_engaged, m::budget_approved, m::terms_discussed})
    acme.milestones.reach(mm);
  acme.next_step = next_step{"Legal review of MSA", 2026y / March / 15d, "Dana Reyes"};
  out.push_back({acme, "Negotiation"});

  // Discovery done well: MEDDIC complete, 21/30, technical fit confirmed.
  auto globex = deal("OPP-0002", "Globex GmbH", "Lena Vogel", 9'500'000, eur, "Discovery", 2026y / May / 15d,
                     "Mid-Market");
  globex.meddpicc = discovered();
  globex.ratings = {rating{4}, rating{4}, rating{4}, rating{3}, rating{3}, rating{3}};
  globex.milestones.reach(m::meeting_held);
  globex.milestones.reach(m::technical_fit_confirmed);
  out.push_back({globex, "Demo/Evaluation"});

  // Discovery rushed: no champion yet and a score of 16/30.
  auto initech = deal("OPP-0003", "Initech Labs", "Sam Okafor", 4'200'000, usd, "Discovery", 2026y / April / 30d,
                      "Mid-Market");
  initech.meddpicc = discovered();
  initech.meddpicc.champion.clear();
  initech.ratings = {rating{3}, rating{3}, rating{3}, rating{3}, rating{2}, rating{2}};
  initech.milestones.reach(m::meeting_held);
  initech.last_activity_date = 2026y / January / 20d;  // quiet for six weeks
  out.push_back({initech, "Demo/Evaluation"});

  // A new lead the rep wants to jump straight to a proposal.
  auto hooli = deal("OPP-0004", "Hooli Systems", "Priya Natarajan", 2'500'000, usd, "Prospect", 2026y / June / 30d,
                    "SMB");
  hooli.ratings = {rating{3}, rating{2}, rating{4}, rating{2}, rating{}, rating{}};
  hooli.contact_count = 1;
  hooli.next_step.reset();
  out.push_back({hooli, "Proposal"});

  // Lost on price: closing it needs the reason.
  auto umbrella = deal("OPP-0005", "Umbrella Corp", "Marcus Hill", 12'000'000, usd, "Negotiation",
                       2026y / March / 20d, "Enterprise");
  umbrella.meddpicc = discovered();
  umbrella.ratings = {rating{3}, rating{3}, rating{4}, rating{2}, rating{3}, rating{3}};
  umbrella.loss_reason = "Price";
  out.push_back({umbrella, "Closed Lost"});

  // Signed: ready to close as won.
  auto stark = deal("OPP-0006", "Stark Holdings", "Aiko Tanaka", 31'000'000, usd, "Negotiation", 2026y / March / 6d,
                    "Enterprise");
  stark.meddpicc = discovered();
  stark.ratings = {rating{5}, rating{5}, rating{5}, rating{4}, rating{5}, rating{4}};
  stark.milestones.reach(m::contract_agreed);
  stark.milestones.reach(m::contract_signed);
  out.push_back({stark, "Closed Won"});

  return out;
}

}  // namespace sample
