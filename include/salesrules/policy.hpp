// SPDX-License-Identifier: BSL-1.0
// salesrules/policy.hpp - the whole policy a host hands the library.
//
// A policy is plain data: each section defaults to the seeds' numbers and can be
// set with designated initializers,
//
//   salesrules::policy p{.scorecard = {.strong_at = 24, .viable_at = 20}};
//
// and validate() turns it into a validated_policy, the only form the decisions
// that need several sections (the stage gates) accept. Each section is also
// available validated on its own, for the functions that need only it.
#ifndef SALESRULES_POLICY_HPP
#define SALESRULES_POLICY_HPP

#include <salesrules/concessions.hpp>
#include <salesrules/config.hpp>
#include <salesrules/coverage_policy.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast_policy.hpp>
#include <salesrules/hygiene_policy.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/validated.hpp>
#include <salesrules/win_loss_policy.hpp>

#include <boost/describe/class.hpp>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules {

struct policy {
  fiscal_calendar calendar{};
  scorecard_policy scorecard{};
  icp_policy icp{};
  meddpicc_policy meddpicc{};
  sales_process process{};
  forecast_policy forecast{};
  exchange_policy exchange{};
  coverage_policy coverage{};
  hygiene_policy hygiene{};
  win_loss_policy win_loss{};
  diagnosis_policy diagnosis{};
  trade_policy trades{};
  discount_policy discount{};

  friend bool operator==(const policy&, const policy&) = default;
};
BOOST_DESCRIBE_STRUCT(policy, (),
                      (calendar, scorecard, icp, meddpicc, process, forecast, exchange, coverage, hygiene, win_loss,
                       diagnosis, trades, discount))

// A policy whose every section has passed validation.
//
// Threads: a validated_policy is immutable once made (it has no setters, caches or
// counters), and every decision takes it by const reference, so any number of threads
// may score, gate, move, categorise and decide discounts on one of them at once, with
// no lock (tests/threads, run under ThreadSanitizer by .ci/tsan). Host predicates it
// holds are called from those threads too, and must themselves be safe to call so.
class validated_policy {
 public:
  [[nodiscard]] const validated<fiscal_calendar>& calendar() const noexcept { return calendar_; }
  [[nodiscard]] const validated<scorecard_policy>& scorecard() const noexcept { return scorecard_; }
  [[nodiscard]] const validated<icp_policy>& icp() const noexcept { return icp_; }
  [[nodiscard]] const validated<meddpicc_policy>& meddpicc() const noexcept { return meddpicc_; }
  [[nodiscard]] const validated<sales_process>& process() const noexcept { return process_; }
  [[nodiscard]] const validated<forecast_policy>& forecast() const noexcept { return forecast_; }
  [[nodiscard]] const validated<exchange_policy>& exchange() const noexcept { return exchange_; }
  [[nodiscard]] const validated<coverage_policy>& coverage() const noexcept { return coverage_; }
  [[nodiscard]] const validated<hygiene_policy>& hygiene() const noexcept { return hygiene_; }
  [[nodiscard]] const validated<win_loss_policy>& win_loss() const noexcept { return win_loss_; }
  [[nodiscard]] const validated<diagnosis_policy>& diagnosis() const noexcept { return diagnosis_; }
  [[nodiscard]] const validated<trade_policy>& trades() const noexcept { return trades_; }
  [[nodiscard]] const validated<discount_policy>& discount() const noexcept { return discount_; }

  // The plain data again, to save or to change and validate anew. This copies the
  // host's predicates, so an exception from copying one of them propagates.
  [[nodiscard]] policy data() const;

  friend bool operator==(const validated_policy&, const validated_policy&) = default;

 private:
  friend expected<validated_policy, error> validate(policy p) noexcept;
  validated_policy(validated<fiscal_calendar> c, validated<scorecard_policy> s, validated<icp_policy> i,
                   validated<meddpicc_policy> m, validated<sales_process> pr, validated<forecast_policy> f,
                   validated<exchange_policy> x, validated<coverage_policy> cv, validated<hygiene_policy> h,
                   validated<win_loss_policy> w, validated<diagnosis_policy> d, validated<trade_policy> t,
                   validated<discount_policy> dc, detail::deal_conditions scopes);
  friend struct detail::validated_access;

  validated<fiscal_calendar> calendar_;
  validated<scorecard_policy> scorecard_;
  validated<icp_policy> icp_;
  validated<meddpicc_policy> meddpicc_;
  validated<sales_process> process_;
  validated<forecast_policy> forecast_;
  validated<exchange_policy> exchange_;
  validated<coverage_policy> coverage_;
  validated<hygiene_policy> hygiene_;
  validated<win_loss_policy> win_loss_;
  validated<diagnosis_policy> diagnosis_;
  validated<trade_policy> trades_;
  validated<discount_policy> discount_;
  detail::deal_conditions compiled_;  // the hygiene scopes' conditions, compiled against the process's deal fields
};

// Validate every section, then the names one section gives of another's (the
// stages the forecast, hygiene and win/loss sections name must be open stages of
// the sales process; a stage map must cover every open stage). The first error
// found is returned, its place prefixed with the section:
// "/process/stages/2/probability", "/hygiene/qualified_after".
[[nodiscard]] expected<validated_policy, error> validate(policy p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/criteria_context.ipp>
#include <salesrules/impl/policy.ipp>
#endif

#endif  // SALESRULES_POLICY_HPP
