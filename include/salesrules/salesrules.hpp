// SPDX-License-Identifier: BSL-1.0
// salesrules/salesrules.hpp - every public header of the rules.
#ifndef SALESRULES_SALESRULES_HPP
#define SALESRULES_SALESRULES_HPP

#include <salesrules/apportion.hpp>
#include <salesrules/approval_analysis.hpp>
#include <salesrules/bant.hpp>
#include <salesrules/calibration.hpp>
#include <salesrules/concessions.hpp>
#include <salesrules/condition.hpp>
#include <salesrules/config.hpp>
#include <salesrules/coverage.hpp>
#include <salesrules/coverage_policy.hpp>
#include <salesrules/date.hpp>
#include <salesrules/deal_desk.hpp>
#include <salesrules/diagnosis.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/discount_policy.hpp>
#include <salesrules/discount_request.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/forecast_calls.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/forecast_policy.hpp>
#include <salesrules/fwd.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/hygiene.hpp>
#include <salesrules/hygiene_policy.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/money.hpp>
#include <salesrules/money_totals.hpp>
#include <salesrules/names.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/proposal.hpp>
#include <salesrules/range_forecast.hpp>
#include <salesrules/rating.hpp>
#include <salesrules/rollup.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/success.hpp>
#include <salesrules/validated.hpp>
#include <salesrules/win_loss.hpp>
#include <salesrules/win_loss_policy.hpp>

#endif  // SALESRULES_SALESRULES_HPP
