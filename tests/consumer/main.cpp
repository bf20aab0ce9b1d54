// SPDX-License-Identifier: BSL-1.0
// Scores a deal and checks a move through the installed (or added) library; built
// with SALESRULES_CONSUMER_CORE_ONLY, through the core alone (no io), header-only or
// compiled (SALESRULES_CONSUMER_COMPILED).
#ifndef SALESRULES_CONSUMER_CORE_ONLY
#include <salesrules/io/explain.hpp>
#include <iostream>
#endif
#include <salesrules/salesrules.hpp>

#include <chrono>

// Linking salesrules::compiled puts its users in compiled mode.
#ifdef SALESRULES_CONSUMER_COMPILED
static_assert(SALESRULES_HEADER_ONLY == 0);
#endif

int main() {
  using namespace std::chrono;
  namespace sr = salesrules;
  auto rules = sr::validate(sr::policy{});
  if (!rules) return 2;
  sr::opportunity deal;
  deal.stage = "Discovery";
  deal.ratings = {sr::rating{5}, sr::rating{4}, sr::rating{4}, sr::rating{4}, sr::rating{4}, sr::rating{4}};
  const auto s = sr::score(deal.ratings, rules->scorecard());
  auto check = sr::check_move(deal, "Demo/Evaluation", *rules, 2026y / March / 2d);
  if (!check) return 3;
#ifndef SALESRULES_CONSUMER_CORE_ONLY
  std::cout << sr::io::explain(s) << "\n";
  for (const auto& u : check->unmet) std::cout << sr::io::explain(u, *rules) << "\n";
#endif
  // 25/30 is strong; the move lacks MEDDIC, BANT and technical fit.
  return s.tier == sr::qualification_tier::strong && check->unmet.size() == 3 ? 0 : 1;
}
