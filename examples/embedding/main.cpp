// SPDX-License-Identifier: BSL-1.0
#include <salesrules/salesrules.hpp>
#include <salesrules/io/explain.hpp>
#include <cstdio>

int main() {
  namespace sr = salesrules;
  using namespace std::chrono;
  auto rules = sr::validate(sr::policy{.scorecard = {.viable_at = 20}});  // your thresholds
  if (!rules) return std::puts(sr::to_string(rules.error()).c_str()), 2;

  sr::opportunity deal{.id = "OPP-0001", .account = "Acme Corp", .stage = "Discovery"};
  deal.ratings = {sr::rating{4}, sr::rating{4}, sr::rating{3}, sr::rating{3}, sr::rating{3}, sr::rating{2}};
  deal.milestones.reach(sr::milestone::technical_fit_confirmed);

  const auto score = sr::score(deal.ratings, rules->scorecard());     // 19/30: needs qualification
  std::printf("%s\n", sr::io::explain(score).c_str());
  auto moved = sr::advance(deal, "Demo/Evaluation", *rules, 2026y / March / 2d);
  if (!moved)                                                           // every unmet criterion
    for (const auto& u : moved.error().unmet) std::printf("- %s\n", sr::io::explain(u, *rules).c_str());
}
