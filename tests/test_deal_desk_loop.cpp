// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/deal_desk_loop.hpp>

#include <salesrules/io/json.hpp>

#include <doctest/doctest.h>

#include <boost/json/object.hpp>

#include <string>

namespace sr = salesrules;
namespace io = salesrules::io;

namespace {
const sr::validated_policy& seeds() {
  static const sr::validated_policy p = *sr::validate(sr::policy{});
  return p;
}
std::string answer(std::string_view line) { return io::answer_text(io::answer_request(line, seeds())); }
}  // namespace

TEST_CASE("deal desk loop: 22% is the Director's band, the chain runs up to the Director") {
  // The seeds' bands, each including its top: 0-10% AE, 10-20% Manager, 20-30%
  // Director (strategic justification and a reciprocal commitment), 30%+ VP. 22% lies
  // in the Director's.
  CHECK(answer(R"({"id": "Q-1", "request": {"discount": "22%", "deal_amount": "100000.00 USD"}})") ==
        R"({"id":"Q-1","level":"Director","chain":["Account Executive","Manager","Director"],"reviewers":[],)"
        R"("missing":["strategic_justification","reciprocal_commitment"],"rep_may_approve":false})");
}

TEST_CASE("deal desk loop: quote lines are judged on their weighted discount, payment beyond net 30 adds Finance") {
  // (1000.00 - 849.99) + (500.00 - 500.00) = 150.01 off 1500.00 of list: 10.0007%,
  // just past the top of the rep's band (0-10%, 10% included), so the Manager's.
  // Net 45 is beyond net 30: Finance reviews.
  CHECK(answer(R"({"id": 7, "request": {"lines": [{"list": "1000.00 USD", "net": "849.99 USD"},)"
               R"( {"list": "500.00 USD", "net": "500.00 USD"}], "payment_days": 45}})") ==
        R"({"id":7,"level":"Manager","chain":["Account Executive","Manager"],"reviewers":["finance"],)"
        R"("missing":["documented_justification"],"rep_may_approve":false})");
}

TEST_CASE("deal desk loop: a small discount with nothing else the rep approves, and any id comes back as it was") {
  // 5% is within the rep's 0-10%; no rule applies, nothing is required.
  CHECK(answer(R"({"id": [1, {"a": null}], "request": {"discount": "5%"}})") ==
        R"({"id":[1,{"a":null}],"level":"Account Executive","chain":["Account Executive"],"reviewers":[],)"
        R"("missing":[],"rep_may_approve":true})");
}

TEST_CASE("deal desk loop: a line that is not JSON gets an error with its line and column") {
  const auto a = io::answer_request("not json", seeds());
  REQUIRE(a.contains("error"));
  CHECK(!a.contains("id"));
  CHECK(std::string(a.at("error").as_string()).starts_with("line 1, column 1: not valid JSON"));
}

TEST_CASE("deal desk loop: an object without a request, or not an object, is told the shape") {
  CHECK(answer(R"({"id": "Q-9"})") == R"({"id":"Q-9","error":"expected {\"id\": ..., \"request\": {...}}"})");
  CHECK(answer("[1, 2]") == R"({"error":"expected {\"id\": ..., \"request\": {...}}"})");
}

TEST_CASE("deal desk loop: a bad request field names its JSON pointer, a refused request says why") {
  const std::string typed = answer(R"({"id": "Q-5", "request": {"discount": 12.5}})");
  CHECK(typed.starts_with(R"({"id":"Q-5","error":"/request/discount: )"));
  CHECK(answer(R"({"id": "Q-4", "request": {"discount": "-5%"}})") ==
        R"({"id":"Q-4","error":"/request/discount: the discount -5% is outside 0-100%"})");
}

TEST_CASE("deal desk loop: an answer holding bytes that are not UTF-8 is still valid JSON") {
  boost::json::object a;
  a["id"] = "Q\xff";
  CHECK(io::answer_text(a) == "{\"id\":\"Q\xEF\xBF\xBD\"}");  // U+FFFD in place of the stray byte
}

TEST_CASE("deal desk loop: regression: an id of 1e400 was echoed as Infinity, which is not JSON") {
  // Found by fuzz_deal_desk_requests (regressions/.../id_beyond_double_range.jsonl):
  // 1e400 read as an infinite double and was written back as `Infinity`.
  CHECK(answer(R"({"id": 1e400, "request": {"discount": "5%"}})") ==
        R"x({"error":"/id: a number too large to read (beyond about 1.8e308)"})x");
  CHECK(answer(R"({"id": "Q-1", "request": {"lines": [], "discount": -1e999}})") ==
        R"x({"error":"/request/discount: a number too large to read (beyond about 1.8e308)"})x");
}
