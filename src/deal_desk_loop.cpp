// SPDX-License-Identifier: BSL-1.0
// The per-line work of a deal desk: parse, decide, answer.
#include <salesrules/io/deal_desk_loop.hpp>

#include <salesrules/discount.hpp>
#include <salesrules/io/json.hpp>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <utility>

namespace salesrules::io {

boost::json::object answer_request(std::string_view line, const validated_policy& policy) noexcept {
  boost::json::object out;
  auto parsed = parse_json(line);
  if (!parsed) {
    out["error"] = to_string(parsed.error());
    return out;
  }
  const boost::json::object* fields = parsed->if_object();
  if (fields != nullptr) {
    if (const boost::json::value* id = fields->if_contains("id")) out["id"] = *id;
  }
  const boost::json::value* request_json = fields != nullptr ? fields->if_contains("request") : nullptr;
  if (request_json == nullptr) {
    out["error"] = "expected {\"id\": ..., \"request\": {...}}";
    return out;
  }
  // Errors about the request are placed in the line: /request/...
  auto request = from_json<discount_request>(*request_json);
  if (!request) {
    out["error"] = to_string(salesrules::detail::within("/request", std::move(request.error())));
    return out;
  }
  const auto& discounts = policy.discount();
  auto decided = decide_discount(*request, discounts);
  if (!decided) {
    out["error"] = to_string(salesrules::detail::within("/request", std::move(decided.error())));
    return out;
  }
  boost::json::array chain;
  for (const auto& level : approval_chain(*decided, discounts)) chain.emplace_back(level);
  out["level"] = level_name(decided->level, discounts);
  out["chain"] = std::move(chain);
  out["reviewers"] = to_json(decided->reviewers);
  out["missing"] = to_json(decided->missing);
  out["rep_may_approve"] = decided->rep_may_approve;
  return out;
}

std::string answer_text(const boost::json::object& answer) noexcept {
  return json_text(boost::json::value(answer), false);
}

}  // namespace salesrules::io
