// SPDX-License-Identifier: BSL-1.0
// salesrules/io/answers.hpp - one deal's or one request's answers, as JSON objects.
//
// Part of salesrules::io (compiled; link salesrules::io). What `salesrules score`,
// `advance` and `discount` print with --format json (the tool adds "schema" and
// "version" in front), and what the C API (salesrules/c/salesrules.h) returns: one
// object per question, built from the library's own results, with the policy's
// spelling of every name. Scores, amounts and discounts are strings, exactly as the
// library writes them ("21.50", "22%"), so no reader loses a digit to a double;
// ratings, counts and whole-percent probabilities are numbers.
#ifndef SALESRULES_IO_ANSWERS_HPP
#define SALESRULES_IO_ANSWERS_HPP

#include <salesrules/discount.hpp>
#include <salesrules/discount_request.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <boost/json/object.hpp>

#include <string>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The qualification score of `deal` under the policy's scorecard, and its MEDDPICC
// completion:
//   {"deal": "OPP-7", "total": "21.50", "maximum": "30", "tier": "viable",
//    "decided_by": {"threshold": "viable_at", "value": "20", "met": true},
//    "weakest": [...], "unrated": [...], "ratings": {"budget": 4, ...},
//    "meddpicc": {"framework": ..., "present": [...], "missing": [...]}}
// "deal" only when the deal has an id; an unrated criterion's rating is null.
[[nodiscard]] boost::json::object score_answer(const opportunity& deal, const validated_policy& policy) noexcept;

// The check of a stage move, and the deal after it when it is allowed:
//   {"deal": id, "from": stage, "to": stage, "kind": "forward", "allowed": false,
//    "unmet": [{"stage", "side", "index", "kind", "explanation", and the kind's own
//               figures}], "deal_after": the moved deal's JSON, or null}
[[nodiscard]] boost::json::object advance_answer(const opportunity& deal, const gate_check& check,
                                                 const opportunity* moved, const validated_policy& policy) noexcept;

// The deal's forecast category and why:
//   {"deal": id, "category": "commit", "computed": "best_case", "source": "rep_override",
//    "probability": 60}
// "deal" only when the deal has an id.
[[nodiscard]] boost::json::object category_answer(const opportunity& deal, const category_decision& d) noexcept;

// A discount decision under the policy's matrix, with every step of its trace:
//   {"request": the request's JSON, "discount": "22%", "basis": ..., "level": name,
//    "approval_chain": [...], "reviewers": [...], "evidence_required": [...],
//    "evidence_missing": [...], "rep_may_approve": false, "refused_by": name (only when
//    refused), "trace": [{"kind", "name", "index", "level_before", "level_after",
//    "reviewers_added", "evidence_added", "explanation"}]}
[[nodiscard]] boost::json::object discount_answer(const discount_request& request, const traced_decision& decided,
                                                  const validated_policy& policy) noexcept;

// One step of a decision's trace in words: "band (15%, 25%]: 22% -> Director" or
// "approval rule 'EMEA services': Manager -> Director; reviewers + Services Director".
// The policy's names are escaped for `format` (exact for JSON).
[[nodiscard]] std::string describe_step(const decision_step& step, const validated<discount_policy>& policy,
                                        output_format format) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_ANSWERS_HPP
