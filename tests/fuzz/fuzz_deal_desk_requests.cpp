// SPDX-License-Identifier: BSL-1.0
// Fuzz target: JSON Lines requests to the deal desk.
//
// The input up to its first line feed is one request line, answered under a host's
// discount policy (amount, term, payment and rollout rules) built once. The desk
// keeps nothing from one line to the next, so one line an input loses no coverage
// and keeps each execution short. Every answer must have either
// a level or an error that says something, and must be valid JSON in valid UTF-8
// that reads back to the same answer (doubles to within an ulp or so); and a desk
// (io::desk, its memory kept across inputs) must write exactly that answer.
#include "fuzz_support.hpp"

#include <salesrules/io/deal_desk_loop.hpp>
#include <salesrules/io/json.hpp>

#include <boost/json/value.hpp>

#include <cmath>
#include <limits>

namespace fz = salesrules::fuzz;
namespace io = salesrules::io;

namespace {

// The sample policy of examples/data/policy.json, in short.
const salesrules::validated_policy& desk_policy() {
  static const salesrules::validated_policy p = *io::load_policy(R"({"discount": {"rules": [
    {"name": "legal", "when": "nonstandard_terms", "reviewers": ["legal"]},
    {"name": "finance", "when": "payment_days", "at_least": 31, "reviewers": ["finance"]},
    {"name": "big", "when": "deal_amount", "amount_at_least": "250000.00 USD", "at_least_level": "Director"},
    {"name": "long", "when": "term_months", "at_least": 36, "raise_levels": 1}]}})");
  return p;
}

// `a` and `b` alike, but for doubles, which need only agree to a few units in the last
// place: Boost.JSON 1.81 reads decimal numbers to within an ulp, not exactly, so a
// double written in its shortest form may read back one ulp away.
bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &p = a.get_array(), &q = b.get_array();
    if (p.size() != q.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (!same(p[i], q[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto &p = a.get_object(), &q = b.get_object();
    if (p.size() != q.size()) return false;
    for (const auto& kv : p) {
      const boost::json::value* other = q.if_contains(kv.key());
      if (other == nullptr || !same(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

void answer(std::string_view line) {
  const boost::json::object a = io::answer_request(line, desk_policy());
  const boost::json::value* error = a.if_contains("error");
  if (error != nullptr) {
    fz::check(error->is_string() && !error->get_string().empty(), "an error answer with an empty message");
    fz::check(!a.contains("level"), "an answer with both an error and a level");
  } else {
    fz::check(a.contains("level") && a.contains("chain"), "an answer with neither an error nor a level");
  }
  const std::string text = io::answer_text(a);
  fz::check(fz::is_valid_utf8(text), "an answer is not valid UTF-8");
  fz::check(text.find('\n') == std::string::npos, "an answer spans more than one line");
  auto back = io::parse_json(text);
  fz::check(back.has_value() && same(*back, boost::json::value(a)), "an answer does not read back as itself");
  // A desk, kept from one input to the next as a long-running one is, writes the
  // same answer itself.
  static io::desk desk;
  std::string written;
  const bool decided = desk.answer(line, desk_policy(), written);
  fz::check(written == text + "\n", "the desk's answer differs from answer_text(answer_request(...))");
  fz::check(decided == (error == nullptr), "the desk's decided flag disagrees with its answer");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fz::as_text(data, size);
  answer(text.substr(0, text.find('\n')));
  return 0;
}
