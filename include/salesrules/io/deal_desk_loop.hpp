// SPDX-License-Identifier: BSL-1.0
// salesrules/io/deal_desk_loop.hpp - one JSON Lines request to a deal desk, one answer.
//
// Part of salesrules::io (compiled; link salesrules::io). A deal desk reads discount
// requests a line at a time and answers each with one JSON object:
//
//   {"id": "Q-1", "request": {"discount": "22%", "deal_amount": "300000.00 USD"}}
//   -> {"id":"Q-1","level":"Director","chain":["Account Executive","Manager","Director"],
//       "reviewers":[],"missing":["strategic_justification","reciprocal_commitment"],
//       "rep_may_approve":false}
//
// `request` is a discount_request in its JSON form (io/json.hpp). `id` may be any JSON
// value and is echoed first, unchanged, whenever the line is an object that has one.
// A line that cannot be answered gets {"id": ..., "error": "..."} instead, the error
// saying what was wrong and where: not JSON (line 1 and the column), not an object
// with a request, a request field of the wrong form (its JSON pointer), or a request
// the policy cannot decide (decide_discount's error).
#ifndef SALESRULES_IO_DEAL_DESK_LOOP_HPP
#define SALESRULES_IO_DEAL_DESK_LOOP_HPP

#include <salesrules/io/export.hpp>
#include <salesrules/policy.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The answer to one request line under `policy`'s discount matrix: the decision
// (level, approval chain, reviewers, missing evidence, whether the rep may approve)
// or an error. Never fails otherwise; the host may add members (a policy version).
[[nodiscard]] boost::json::object answer_request(std::string_view line, const validated_policy& policy) noexcept;

// `answer` as one line of JSON text, without the line feed. Strings in it that are
// not valid UTF-8 are repaired (U+FFFD), so the line is always valid JSON.
[[nodiscard]] std::string answer_text(const boost::json::object& answer) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_DEAL_DESK_LOOP_HPP
