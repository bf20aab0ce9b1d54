// SPDX-License-Identifier: BSL-1.0
// salesrules/fwd.hpp - the library's main types declared, not defined: for a host's
// header that names them in its own declarations (a function taking
// `const salesrules::opportunity&`, a member `const validated_policy*`) without
// paying for the headers that define them. Include the concept's own header (or
// salesrules.hpp) where the types are used.
#ifndef SALESRULES_FWD_HPP
#define SALESRULES_FWD_HPP

#include <cstdint>

namespace salesrules {

// Values (money.hpp, percent.hpp, probability.hpp, rating.hpp, error.hpp).
class currency;
class money;
class percent;
class probability;
class rating;
struct error;
enum class errc : std::uint8_t;

// A policy, and a checked one (policy.hpp, validated.hpp).
struct policy;
class validated_policy;
template <class Policy>
class validated;

// Deals (opportunity.hpp) and what the rules say of them.
struct opportunity;
enum class deal_outcome : std::uint8_t;
struct qualification_ratings;  // rating.hpp
struct score_result;           // scorecard.hpp
struct meddpicc_result;        // meddpicc.hpp
struct bant_result;            // bant.hpp
enum class forecast_category : std::uint8_t;  // forecast_category.hpp
struct category_decision;      // forecast.hpp

// Sections of a policy.
struct scorecard_policy;   // scorecard.hpp
struct meddpicc_policy;    // meddpicc.hpp
struct sales_process;      // stage.hpp
struct stage;              // stage.hpp
struct exchange_policy;    // exchange.hpp
struct fiscal_calendar;    // fiscal_calendar.hpp
struct discount_policy;    // discount_policy.hpp
struct icp_policy;         // icp.hpp

// Stage moves (gate.hpp).
struct gate_check;
struct unmet_criterion;
struct move_error;

// Discounts (discount.hpp).
struct discount_request;
struct discount_decision;
struct traced_decision;
enum class level_index : std::uint8_t;
enum class band_index : std::uint8_t;

// Reports over many deals.
struct rollup_table;       // rollup.hpp
struct hygiene_summary;    // hygiene.hpp
struct win_loss_report;    // win_loss.hpp

}  // namespace salesrules

#endif  // SALESRULES_FWD_HPP
