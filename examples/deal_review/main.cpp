// SPDX-License-Identifier: BSL-1.0
// deal_review: score and gate every deal of a sample pipeline, as a CRM would on
// save, first under the playbook's default policy, then under a host's own
// (minimum score 20, BANT confirmed before a proposal).
#include "sample_pipeline.hpp"

#include <salesrules/io/explain.hpp>
#include <salesrules/salesrules.hpp>

#include <cstdio>
#include <string>

namespace sr = salesrules;

namespace {

void review(const char* title, const sr::validated_policy& rules) {
  std::printf("== %s\n\n", title);
  for (const auto& [deal, target] : sample::pipeline()) {
    const auto s = sr::score(deal.ratings, rules.scorecard());
    const auto med = sr::check_meddpicc(deal.meddpicc, rules.meddpicc());
    const auto prob = sr::probability_of(deal, rules.process());
    std::printf("%s  %-15s %-16s %3d%%  %14s\n", deal.id.c_str(), deal.account.c_str(), deal.stage.c_str(),
                prob ? prob->whole_percent() : -1, sr::to_string(deal.amount).c_str());
    std::printf("  score      %s\n", sr::io::explain(s).c_str());
    std::printf("  discovery  %s\n", sr::io::explain(med).c_str());

    auto moved = sr::advance(deal, target, rules, sample::today());
    if (moved) {
      std::printf("  move to %s: allowed (now %d%%, %s)\n\n", target.c_str(),
                  sr::probability_of(*moved, rules.process())->whole_percent(),
                  std::string(sr::name_of(moved->outcome)).c_str());
      continue;
    }
    std::printf("  move to %s: refused - %s\n", target.c_str(), moved.error().why.message.c_str());
    for (const auto& u : moved.error().unmet) std::printf("    - %s\n", sr::io::explain(u, rules).c_str());
    std::printf("\n");
  }
}

}  // namespace

int main() {
  std::printf("salesrules deal review, %s\n\n", sr::to_string(sample::today()).c_str());

  auto playbook = sr::validate(sr::policy{});
  if (!playbook) {
    std::fprintf(stderr, "default policy: %s\n", sr::to_string(playbook.error()).c_str());
    return 2;
  }
  review("the playbook's policy", *playbook);

  // A host's own: the troubleshooting table's minimum of 20 before leaving
  // Discovery (the Discovery gate follows viable_at), and BANT confirmed before a
  // proposal.
  sr::policy own;
  own.scorecard.viable_at = 20;
  own.process.stages[3].entry.push_back(sr::criteria::bant_confirmed{});
  auto strict = sr::validate(own);
  if (!strict) {
    std::fprintf(stderr, "host policy: %s\n", sr::to_string(strict.error()).c_str());
    return 2;
  }
  review("a host's policy: score 20 to leave Discovery, BANT before Proposal", *strict);
  return 0;
}
