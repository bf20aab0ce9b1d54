// SPDX-License-Identifier: BSL-1.0
// A small pipeline of hand-made deals, one per situation the rules decide.
#ifndef SALESRULES_EXAMPLES_SAMPLE_PIPELINE_HPP
#define SALESRULES_EXAMPLES_SAMPLE_PIPELINE_HPP

#include <salesrules/opportunity.hpp>

#include <string>
#include <vector>

namespace sample {

struct planned_move {
  salesrules::opportunity deal;
  std::string next_stage;  // where the rep wants to take it
};

// The day the sample was taken. The library never reads a clock: "today" is data.
salesrules::date today();

std::vector<planned_move> pipeline();

}  // namespace sample

#endif
