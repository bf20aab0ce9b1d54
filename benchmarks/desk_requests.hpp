// SPDX-License-Identifier: BSL-1.0
// Deal-desk request lines for the desk benchmarks: varied as a real desk's are (a
// discount or quote lines, an amount, payment terms, evidence, now and then a line
// with an error), drawn from a fixed seed so every run reads the same text.
#ifndef SALESRULES_BENCHMARKS_DESK_REQUESTS_HPP
#define SALESRULES_BENCHMARKS_DESK_REQUESTS_HPP

#include <cstddef>
#include <cstdint>
#include <string>

namespace salesrules::bench {

// `count` JSON Lines requests, each ending in a line feed.
inline std::string desk_requests(std::size_t count, std::uint64_t seed = 7) {
  std::uint64_t state = seed;
  auto next = [&](std::uint64_t below) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % below;
  };
  static constexpr const char* evidence[] = {"documented_justification", "strategic_justification",
                                             "reciprocal_commitment", "executive_sponsor", "business_case"};
  std::string out;
  out.reserve(count * 160);
  for (std::size_t i = 0; i < count; ++i) {
    out += R"({"id": "Q-)" + std::to_string(i) + R"(", "request": {)";
    if (next(4) == 0) {  // two quote lines
      const auto list = 1'000 + next(200'000);
      const auto net = list - next(list / 2);
      out += R"("lines": [{"list": ")" + std::to_string(list) + R"(.00 USD", "net": ")" + std::to_string(net) +
             R"(.00 USD"}, {"list": "500.00 USD", "net": "450.00 USD"}])";
    } else {
      out += R"("discount": ")" + std::to_string(next(45)) + "." + std::to_string(next(10)) + R"(%")";
    }
    out += R"(, "deal_amount": ")" + std::to_string(5'000 + next(1'500'000)) + R"(.00 USD")";
    if (next(3) == 0) out += R"(, "payment_days": )" + std::to_string(15 * (1 + next(6)));
    if (next(3) == 0) out += R"(, "term_months": )" + std::to_string(12 * (1 + next(4)));
    if (next(8) == 0) out += R"(, "nonstandard_terms": true)";
    if (next(2) == 0) {
      out += R"(, "evidence": [")";
      out += evidence[next(5)];
      out += R"("])";
    }
    if (next(200) == 0) out += R"(, "discount_typo": 1)";  // refused: an unknown member
    out += "}}\n";
  }
  return out;
}

}  // namespace salesrules::bench

#endif  // SALESRULES_BENCHMARKS_DESK_REQUESTS_HPP
