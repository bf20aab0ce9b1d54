// SPDX-License-Identifier: BSL-1.0
// salesrules/forecast_category.hpp - the forecast categories a deal can be in.
//
// The playbook's four open categories by probability (Commit 90%+, Best Case
// 60-90%, Pipeline 20-60%, Upside below 20%), plus Closed for won deals and
// Omitted for lost or excluded ones, as the big CRMs have them.
#ifndef SALESRULES_FORECAST_CATEGORY_HPP
#define SALESRULES_FORECAST_CATEGORY_HPP

#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

enum class forecast_category : std::uint8_t { upside, pipeline, best_case, commit, closed, omitted };
BOOST_DESCRIBE_ENUM(forecast_category, upside, pipeline, best_case, commit, closed, omitted)

}  // namespace salesrules

#endif  // SALESRULES_FORECAST_CATEGORY_HPP
