// SPDX-License-Identifier: BSL-1.0
// Structured fuzzing of the range forecast: the fuzzer's bytes draw a small pipeline
// of one quarter (tests/properties/range_exact.hpp: up to 16 open deals in three
// currencies, credits, deals at 0% and 100%, won and Omitted deals, a quota,
// range_buckets up to 1,000,000), and forecast_range() is held to what
// range_forecast.hpp states: P10 <= P50 <= P90, the mean within its bound of the
// expected value, and every quantile, the quota chance and the mean within the stated
// bounds of an exact enumeration of every outcome. A violation is printed and traps.
#include "properties/range_exact.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto e = salesrules::props::entropy::from_bytes(data, size);
  const std::string bad = salesrules::props::property_range_forecast(e);
  if (!bad.empty()) {
    std::fprintf(stderr, "range forecast: %s\n", bad.c_str());
    __builtin_trap();
  }
  return 0;
}
