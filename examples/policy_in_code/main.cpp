// SPDX-License-Identifier: BSL-1.0
#include <salesrules/salesrules.hpp>
#include <cstdio>

namespace sr = salesrules;

int main() {
  sr::policy p{.calendar = {.first_month = std::chrono::February},          // FY starts in February
               .scorecard = {.strong_at = 24, .viable_at = 20,
                             .weights = {.budget = 2, .authority = 2}},         // budget and authority count double
               .meddpicc = {.framework = sr::qualification_framework::meddpicc}};
  p.icp.segments = {"Mid-Market", "Enterprise"};                              // what "meets ICP" means
  p.process.allow_skipping = true;                                            // skipped stages' criteria not needed
  p.process.stages[3].entry.push_back(sr::criteria::bant_confirmed{});        // BANT before a proposal
  p.process.predicates = {{"security_review_passed",                          // your own test, by name
                           [](const sr::opportunity& o, sr::date) { return o.milestones.has(sr::milestone::technical_fit_confirmed); }}};
  p.process.stages[4].entry.push_back(sr::criteria::holds{"security_review_passed"});
  const auto rules = sr::validate(p);
  std::printf("%s\n", rules ? "valid" : sr::to_string(rules.error()).c_str());

  p.process.stages[2].probability = sr::probability{15};                      // a mistake: below Discovery's 20%
  const auto broken = sr::validate(p);                                        // only a validated policy decides
  std::printf("%s\n", broken ? "valid" : sr::to_string(broken.error()).c_str());
}
