// SPDX-License-Identifier: BSL-1.0
// Fuzz target: the JSON policy loader.
//
// Any bytes either load as a validated policy or give an error that says something.
// A policy that loads is analysed (its approval rules), written back (policy_json, what `salesrules policy` prints)
// and must load again to the same policy: save and load are inverses.
#include "fuzz_support.hpp"

#include <salesrules/approval_analysis.hpp>
#include <salesrules/deal_condition_analysis.hpp>
#include <salesrules/io/json.hpp>

namespace fz = salesrules::fuzz;
namespace io = salesrules::io;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto loaded = io::load_policy(fz::as_text(data, size));
  if (!loaded) {
    fz::check_error(loaded.error());
    return 0;
  }
  // The approval rules' analysis runs on whatever loaded, and stays within its cap.
  const auto analysis = salesrules::analyze_approval_rules(loaded->discount());
  fz::check(analysis.findings.size() + analysis.not_analysed <= loaded->discount()->approval_rules.size(),
            "the analysis reports more rules than there are");
  const auto deals = salesrules::analyze_deal_conditions(*loaded);
  fz::check(deals.scopes.size() <= loaded->hygiene()->scopes.size(), "the analysis reports more scopes than there are");
  for (const auto& f : deals.scopes)
    fz::check(f.kind != salesrules::scope_finding_kind::shadowed || f.by < f.scope, "a scope shadowed by a later one");
  const salesrules::policy first = loaded->data();
  const std::string saved = io::policy_json(first);
  fz::check(fz::is_valid_utf8(saved), "a saved policy is not valid UTF-8");
  auto again = io::load_policy(saved);
  if (!again) {
    std::fprintf(stderr, "%s\n%s\n", salesrules::to_string(again.error()).c_str(), saved.c_str());
    fz::broken("a saved policy does not load again");
  }
  fz::check(again->data() == first, "a saved policy loads to a different policy");
  return 0;
}
