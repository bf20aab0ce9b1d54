// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/answers.hpp>

#include <salesrules/criterion.hpp>

#include <salesrules/io/escape.hpp>
#include <salesrules/io/explain.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/scorecard.hpp>

#include <boost/describe/enum_to_string.hpp>


namespace salesrules::io {

boost::json::object score_answer(const opportunity& deal, const validated_policy& policy) noexcept {
  static constexpr scorecard_criterion order[] = {scorecard_criterion::budget,   scorecard_criterion::authority,
                                                  scorecard_criterion::need,     scorecard_criterion::timeline,
                                                  scorecard_criterion::champion, scorecard_criterion::competition};
  const score_result r = score(deal.ratings, policy.scorecard());
  const meddpicc_result m = check_meddpicc(deal.meddpicc, policy.meddpicc());
  boost::json::object ratings;
  for (const auto c : order) ratings[boost::describe::enum_to_string(c, "?")] = to_json(deal.ratings.of(c));
  boost::json::object body;
  if (!deal.id.empty()) body["deal"] = deal.id;
  body["total"] = to_string(r.total);
  body["maximum"] = to_string(r.maximum);
  body["tier"] = to_json(r.tier);
  body["decided_by"] = {{"threshold", to_json(r.decided_by.which)},
                        {"value", to_string(r.decided_by.value)},
                        {"met", r.decided_by.met}};
  body["weakest"] = to_json(r.weakest);
  body["unrated"] = to_json(r.unrated);
  body["ratings"] = std::move(ratings);
  body["meddpicc"] = {{"framework", to_json(m.framework)}, {"present", to_json(m.present)}, {"missing", to_json(m.missing)}};
  return body;
}

boost::json::object advance_answer(const opportunity& deal, const gate_check& check, const opportunity* moved,
                                   const validated_policy& policy) noexcept {
  const auto& stages = policy.process()->stages;
  boost::json::array unmet;
  for (const auto& u : check.unmet) {
    boost::json::object item{{"stage", stages[u.stage].name},
                             {"side", to_json(u.side)},
                             {"index", u.index},
                             {"kind", to_json(u.kind())},
                             {"explanation", explain(u, policy)}};
    // The kind's own figures: a milestone, or the required and actual score ("18",
    // exact points of 30) or contacts.
    if (!u.what.valueless_by_exception())
      visit_kind(
          [&](const auto& what) {
            boost::json::value figures = to_json(what);
            if (auto* members = figures.if_object())
              for (auto& kv : *members) item[kv.key()] = std::move(kv.value());
          },
          u.what);
    unmet.push_back(std::move(item));
  }
  boost::json::object body;
  body["deal"] = deal.id;
  body["from"] = stages[check.from].name;
  body["to"] = stages[check.to].name;
  body["kind"] = to_json(check.kind);
  body["allowed"] = check.allowed();
  body["unmet"] = std::move(unmet);
  body["deal_after"] = moved != nullptr ? to_json(*moved) : boost::json::value(nullptr);
  return body;
}

boost::json::object category_answer(const opportunity& deal, const category_decision& d) noexcept {
  boost::json::object body;
  if (!deal.id.empty()) body["deal"] = deal.id;
  body["category"] = to_json(d.category);
  body["computed"] = to_json(d.computed);
  body["source"] = to_json(d.source);
  body["probability"] = to_json(d.probability);
  return body;
}

std::string describe_step(const decision_step& s, const validated<discount_policy>& p, output_format format) noexcept {
  const auto data = [format](std::string_view text) {
    return format == output_format::json ? std::string(text) : escape(text, format);
  };
  // The names joined, then escaped as one.
  const auto names = [&](auto set, auto name) {
    std::string out;
    for (const auto e : set) {
      if (!out.empty()) out += ", ";
      out += name(e, p);
    }
    return data(out);
  };
  std::string out;
  if (s.kind == decision_step_kind::band) {
    const auto& b = p->bands[s.index];
    out = "band (" + to_string(b.from) + ", " + to_string(b.to) + "]: " + to_string(std::get<percent>(s.seen)) +
          " -> " + data(level_name(s.level_after, p));
  } else {
    const bool own = s.kind == decision_step_kind::approval_rule;
    const std::string& name = own ? p->approval_rules[s.index].name : p->rules[s.index].name;
    out = (own ? "approval rule " : "rule ") + data(salesrules::detail::quoted(name)) + ": " + data(level_name(s.level_before, p)) +
          " -> " + data(level_name(s.level_after, p));
    if (own && p->approval_rules[s.index].refuse) out += "; refuses the request";
  }
  if (!s.reviewers_added.empty())
    out += "; reviewers + " + names(s.reviewers_added, [](reviewer_index r, const auto& q) { return reviewer_name(r, q); });
  if (!s.evidence_added.empty())
    out += "; evidence + " + names(s.evidence_added, [](evidence_index e, const auto& q) { return evidence_name(e, q); });
  return out;
}

boost::json::object discount_answer(const discount_request& request, const traced_decision& decided,
                                    const validated_policy& policy) noexcept {
  const auto& p = policy.discount();
  const discount_decision& d = decided.decision;
  boost::json::array chain;
  for (const auto& level : approval_chain(d, p)) chain.emplace_back(level);
  boost::json::array trace;
  for (const auto& s : decided.trace)
    trace.push_back({{"kind", to_json(s.kind)},
                     {"name", s.kind == decision_step_kind::rule            ? p->rules[s.index].name
                              : s.kind == decision_step_kind::approval_rule ? p->approval_rules[s.index].name
                                                                             : std::string()},
                     {"index", s.index},
                     {"level_before", level_name(s.level_before, p)},
                     {"level_after", level_name(s.level_after, p)},
                     {"reviewers_added", to_json(s.reviewers_added, p)},
                     {"evidence_added", to_json(s.evidence_added, p)},
                     {"explanation", describe_step(s, p, output_format::json)}});
  boost::json::object body;
  body["request"] = to_json(request);
  body["discount"] = to_string(d.discount.shown());
  body["basis"] = to_json(p->basis);
  body["level"] = level_name(d.level, p);
  body["approval_chain"] = std::move(chain);
  body["reviewers"] = to_json(d.reviewers, p);
  body["evidence_required"] = to_json(d.required, p);
  body["evidence_missing"] = to_json(d.missing, p);
  body["rep_may_approve"] = d.rep_may_approve;
  if (d.refused) body["refused_by"] = p->approval_rules[d.refused_by].name;
  body["trace"] = std::move(trace);
  return body;
}

}  // namespace salesrules::io
