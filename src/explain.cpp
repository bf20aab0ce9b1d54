// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/explain.hpp>

#include <salesrules/io/report_format.hpp>
#include <salesrules/names.hpp>

#include <string>
#include <string_view>

namespace salesrules::io {
namespace {

template <class E>
std::string list(const enum_set<E>& set) {
  std::string out;
  for (E e : set) {
    if (!out.empty()) out += ", ";
    out += words(name_of(e));
  }
  return out;
}

}  // namespace

std::string describe(const criterion& c) noexcept {
  if (c.valueless_by_exception()) return "a criterion with no kind";
  return visit_kind([](const auto& k) { return k.describe(); }, c);
}

std::string explain(const unmet_criterion& u, const validated_policy& policy) noexcept {
  const auto& stages = policy.process()->stages;
  if (u.stage >= stages.size()) return "a criterion of another policy (stage " + std::to_string(u.stage) + ")";
  const stage& s = stages[u.stage];
  const criterion* c = criterion_of(u, *policy.process());
  if (c == nullptr) return "a criterion of another policy (" + s.name + ")";
  const std::string side = u.side == gate_side::entry ? " entry: " : " exit: ";
  return s.name + side +
         visit_unmet([&](const auto& k, const auto& figures) { return k.explain(figures, policy); }, *c, u.what);
}

std::string explain(const score_result& r) noexcept {
  std::string out = to_string(r.total) + "/" + to_string(r.maximum) + ", " + words(name_of(r.tier)) + ": ";
  const std::string threshold = std::string(name_of(r.decided_by.which)) + " " + to_string(r.decided_by.value);
  out += (r.decided_by.met ? "at or above " : "below ") + threshold;
  if (!r.weakest.empty()) out += "; weakest: " + list(r.weakest);
  if (!r.unrated.empty()) out += "; not rated: " + list(r.unrated);
  return out;
}

std::string explain(const meddpicc_result& r) noexcept {
  std::string out = r.framework == qualification_framework::meddic ? "MEDDIC " : "MEDDPICC ";
  out += std::to_string(r.present.size()) + "/" + std::to_string(r.required()) + " (" + to_string(r.complete) + ")";
  if (!r.missing.empty()) out += "; missing: " + list(r.missing);
  return out;
}

}  // namespace salesrules::io
