// SPDX-License-Identifier: BSL-1.0
// deal_desk: a long-running approval service. It reads discount requests as JSON
// Lines on stdin and writes one decision per request as JSON Lines on stdout:
//
//   {"id": "Q-1", "request": {"discount": "22%", "deal_amount": "300000.00 USD"}}
//   {"id":"Q-1","level":"Director","chain":[...],"reviewers":[],...,"policy":1}
//
// The policy file named on the command line is looked at again between two requests,
// at most four times a second, and read again when it changed (its modification time
// or size): no request is dropped or decided by half a policy. A policy that fails to
// load or validate is reported on stderr and the last good one stays in force. A bad
// request gets an error line and the loop goes on. All of that is the library's
// io::run_desk (io/deal_desk_loop.hpp), which `salesrules desk` runs too; this
// program gives it the clock and says on stderr what happened to the policy.
#include <salesrules/io/deal_desk_loop.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <iostream>

namespace sr = salesrules;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: deal_desk POLICY.json < requests.jsonl\n";
    return 2;
  }
  // A reader that closes the pipe becomes a failed write, said on stderr, not a signal.
  (void)std::signal(SIGPIPE, SIG_IGN);
  sr::io::policy_file source(argv[1]);
  sr::io::desk_options options;
  options.now = [] { return std::chrono::steady_clock::now(); };
  options.on_load = [&](std::uint64_t version) {
    std::cerr << "deal_desk: policy " << version << " loaded from " << source.file().string() << '\n';
  };
  options.on_problem = [&](const sr::error& e) {
    if (source.policy() != nullptr)  // without one, run_desk fails with the error
      std::cerr << "deal_desk: keeping policy " << source.version() << ": " << sr::to_string(e) << '\n';
  };
  const auto totals = sr::io::run_desk(0, 1, source, options);
  if (!totals) {
    std::cerr << "deal_desk: " << sr::to_string(totals.error()) << '\n';
    return 2;
  }
  return 0;
}
