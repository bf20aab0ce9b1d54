// SPDX-License-Identifier: BSL-1.0
// crm_hook: what a CRM calls each time a rep saves an opportunity. One call gives
// the panel beside the record: the qualification score, what the deal lacks to
// leave its stage, its forecast category, and its hygiene findings. The policy is
// the host's own: its thresholds, its MEDDPICC mode, and one check of its own code
// (a security review for enterprise deals) named from a stage's exit criteria.
#include <salesrules/salesrules.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/io/explain.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <cstdio>
#include <string>

namespace sr = salesrules;
using namespace sr::literals;  // "400,000 USD"_money
using namespace std::chrono;

// The host's policy, built once at start-up and shared by every save.
sr::expected<sr::validated_policy, sr::error> host_policy() {
  sr::policy p{.scorecard = {.strong_at = 24, .viable_at = 20},
               .meddpicc = {.framework = sr::qualification_framework::meddpicc},
               .hygiene = {.stale_after_days = 21, .min_contacts = 3}};
  p.process.predicates.push_back(
      {"security review done", [](const sr::opportunity& o, sr::date) {
         return o.segment != "Enterprise" || o.milestones.has(sr::milestone::technical_fit_confirmed);
       }});
  for (auto& s : p.process.stages)
    if (s.name == "Demo/Evaluation") s.exit.push_back(sr::criteria::holds{"security review done"});
  return sr::validate(std::move(p));
}

// What the CRM shows beside the record. Up to eight findings are held in place, so
// a save allocates nothing for them.
struct save_panel {
  sr::score_result score;
  sr::gate_check exit;  // what the deal lacks to leave its stage
  sr::category_decision category;
  sr::inline_vector<sr::hygiene_finding, 8> findings;
};

sr::expected<save_panel, sr::error> on_save(const sr::opportunity& deal, const sr::validated_policy& policy,
                                            sr::date today) {
  save_panel panel{.score = sr::score(deal.ratings, policy.scorecard())};
  auto exit = sr::check_exit(deal, policy, today);
  if (!exit) return sr::unexpected<sr::error>(exit.error());
  panel.exit = *exit;
  auto category = sr::categorize(deal, policy);
  if (!category) return sr::unexpected<sr::error>(category.error());
  panel.category = *category;
  auto checked = sr::check_hygiene(deal, 0, policy, today, panel.findings);
  if (!checked) return sr::unexpected<sr::error>(checked.error());
  return panel;
}

int main() {
  auto policy = host_policy();
  if (!policy) return std::printf("policy: %s\n", sr::to_string(policy.error()).c_str()), 2;
  const sr::date today = 2026y / November / 23d;

  sr::opportunity deal{.id = "OPP-2041",
                       .account = "Globex Systems",
                       .owner = "Priya Natarajan",
                       .amount = "240,000 USD"_money,
                       .stage = "Demo/Evaluation",
                       .created_date = 2026y / August / 3d,
                       .close_date = 2026y / December / 18d,
                       .last_activity_date = 2026y / October / 20d,
                       .contact_count = 2,
                       .segment = "Enterprise"};
  deal.ratings = {sr::rating{4}, sr::rating{3}, sr::rating{5}, sr::rating{4}, sr::rating{3}, sr::rating{3}};
  deal.meddpicc = {.metrics = "Cut onboarding time 40%", .economic_buyer = "CFO", .decision_criteria = "SSO and SOC2",
                   .decision_process = "Security then legal", .identify_pain = "Manual provisioning",
                   .champion = "VP Engineering"};
  deal.milestones.reach(sr::milestone::demo_delivered, 2026y / October / 14d);

  auto panel = on_save(deal, *policy, today);
  if (!panel) return std::printf("save: %s\n", sr::to_string(panel.error()).c_str()), 2;
  std::printf("%s %s, %s\n", deal.id.c_str(), deal.account.c_str(), sr::to_string(deal.amount).c_str());
  std::printf("score: %s\n", sr::io::explain(panel->score).c_str());
  std::printf("forecast: %s (%d%%)\n", boost::describe::enum_to_string(panel->category.category, "?"),
              panel->category.probability.whole_percent());
  std::printf("to leave %s:\n", deal.stage.c_str());
  for (const auto& u : panel->exit.unmet) std::printf("  - %s\n", sr::io::explain(u, *policy).c_str());
  std::printf("hygiene:\n");
  for (const auto& f : panel->findings)
    std::printf("  - %s (%s): seen %lld, threshold %lld\n", boost::describe::enum_to_string(f.rule, "?"),
                boost::describe::enum_to_string(f.severity, "?"), static_cast<long long>(f.seen),
                static_cast<long long>(f.threshold));
}
