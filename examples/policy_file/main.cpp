// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/json.hpp>   // salesrules::io, link salesrules::io
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) return std::puts("usage: policy_file POLICY.json"), 2;
  const auto policy = salesrules::io::load_policy_file(argv[1]);  // parse, then validate()
  if (!policy) return std::printf("%s: %s\n", argv[1], to_string(policy.error()).c_str()), 1;
  std::printf("%s: %zu stages, viable at %d/30\n", argv[1], policy->process()->stages.size(),
              policy->scorecard()->viable_at);
}
