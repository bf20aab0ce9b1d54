// SPDX-License-Identifier: BSL-1.0
// A host with Boost.JSON of its own (its own compiled copy, or the system library)
// that also links salesrules::io: it builds, runs, and both copies agree.
#include <salesrules/io/json.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <string>

int main() {
  namespace io = salesrules::io;
  const std::string text = R"({"scorecard": {"viable_at": 19, "strong_at": 26}})";

  // The host parses with its Boost.JSON; salesrules reads the host's value.
  const boost::json::value host_value = boost::json::parse(text);
  auto from_host = io::from_json<salesrules::policy>(host_value);
  // salesrules parses the same text with the Boost.JSON it was built with.
  auto from_text = io::parse_policy(text);
  if (!from_host || !from_text) {
    std::cerr << "a policy did not load\n";
    return 2;
  }
  // A value made inside salesrules::io, serialised and destroyed by the host.
  auto parsed = io::parse_json(text);
  if (!parsed) return 3;
  const bool same_value = boost::json::serialize(*parsed) == boost::json::serialize(host_value);
  const bool same_policy = io::policy_json(*from_host) == io::policy_json(*from_text);
  const bool read_19 = from_host->scorecard.viable_at == 19 && from_text->scorecard.viable_at == 19;
  std::cout << "same value: " << same_value << ", same policy: " << same_policy << "\n";
  return same_value && same_policy && read_19 ? 0 : 1;
}
