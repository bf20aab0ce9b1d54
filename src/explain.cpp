// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/explain.hpp>

#include <salesrules/names.hpp>

#include <string>
#include <string_view>

namespace salesrules::io {
namespace {

// "meeting_held" -> "meeting held"
std::string words(std::string_view identifier) {
  std::string out(identifier);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

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
  switch (c.kind) {
    case criterion_kind::milestone_reached: return words(name_of(c.milestone));
    case criterion_kind::score_at_least:
      return "a qualification score of at least " + std::to_string(c.at_least);
    case criterion_kind::tier_at_least: return "a " + words(name_of(c.tier)) + " qualification score";
    case criterion_kind::meddpicc_complete: return "every MEDDIC/MEDDPICC field the policy requires";
    case criterion_kind::contacts_at_least: return "at least " + std::to_string(c.at_least) + " contacts";
    case criterion_kind::economic_buyer_identified: return "the economic buyer identified";
    case criterion_kind::champion_identified: return "a champion identified";
    case criterion_kind::icp_fit: return "the account fits the ideal customer profile";
    case criterion_kind::bant_confirmed: return "budget, authority, need and timeline confirmed";
    case criterion_kind::loss_reason_recorded: return "a loss reason";
    case criterion_kind::predicate: return "'" + c.predicate + "'";
  }
  return "an unknown criterion";
}

std::string explain(const unmet_criterion& u, const validated_policy& policy) noexcept {
  const auto& stages = policy.process()->stages;
  if (u.stage >= stages.size()) return "a criterion of another policy (stage " + std::to_string(u.stage) + ")";
  const stage& s = stages[u.stage];
  const auto& list = u.side == gate_side::entry ? s.entry : s.exit;
  if (u.index >= list.size()) return "a criterion of another policy (" + s.name + ")";
  std::string out = s.name + (u.side == gate_side::entry ? " entry: " : " exit: ");
  if (u.kind == criterion_kind::meddpicc_complete)
    return out + (policy.meddpicc()->framework == qualification_framework::meddic ? "all six MEDDIC fields"
                                                                                  : "all eight MEDDPICC fields");
  out += describe(list[u.index]);
  switch (u.kind) {
    case criterion_kind::tier_at_least:
      out += " (at least " + to_string(score_points::from_hundredths(u.required)) + "; the deal has " +
             to_string(score_points::from_hundredths(u.actual)) + ")";
      break;
    case criterion_kind::score_at_least:
      out += " (the deal has " + to_string(score_points::from_hundredths(static_cast<int>(u.actual))) + ")";
      break;
    case criterion_kind::contacts_at_least: out += " (the deal has " + std::to_string(u.actual) + ")"; break;
    default: break;
  }
  return out;
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
