// SPDX-License-Identifier: BSL-1.0
// Structured fuzzing of the invariants: the fuzzer's bytes drive the property
// generators (tests/properties/generators.hpp) to build valid policies, deals,
// discount requests and pipelines, and every decision is checked against the
// invariants of tests/properties/invariants.hpp. A violation is printed and traps.
#include "properties/invariants.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto e = salesrules::props::entropy::from_bytes(data, size);
  const std::string bad = salesrules::props::check_all(e);
  if (!bad.empty()) {
    std::fprintf(stderr, "invariant violated: %s\n", bad.c_str());
    __builtin_trap();
  }
  return 0;
}
