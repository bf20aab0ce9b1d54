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
#include <optional>
#include <string>
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
  [[nodiscard]] policy data() const {
    return policy{*calendar_, *scorecard_, *icp_,     *meddpicc_, *process_,
                  *forecast_, *exchange_,  *coverage_, *hygiene_,  *win_loss_, *diagnosis_, *trades_, *discount_};
  }

  friend bool operator==(const validated_policy&, const validated_policy&) = default;

 private:
  friend expected<validated_policy, error> validate(policy p) noexcept;
  validated_policy(validated<fiscal_calendar> c, validated<scorecard_policy> s, validated<icp_policy> i,
                   validated<meddpicc_policy> m, validated<sales_process> pr, validated<forecast_policy> f,
                   validated<exchange_policy> x, validated<coverage_policy> cv, validated<hygiene_policy> h,
                   validated<win_loss_policy> w, validated<diagnosis_policy> d, validated<trade_policy> t,
                   validated<discount_policy> dc)
      : calendar_(std::move(c)), scorecard_(std::move(s)), icp_(std::move(i)), meddpicc_(std::move(m)),
        process_(std::move(pr)), forecast_(std::move(f)), exchange_(std::move(x)), coverage_(std::move(cv)),
        hygiene_(std::move(h)), win_loss_(std::move(w)), diagnosis_(std::move(d)), trades_(std::move(t)),
        discount_(std::move(dc)) {}

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
};

// Validate every section, then the names one section gives of another's (the
// stages the forecast, hygiene and win/loss sections name must be open stages of
// the sales process; a stage map must cover every open stage). The first error
// found is returned, its place prefixed with the section:
// "/process/stages/2/probability", "/hygiene/qualified_after".
[[nodiscard]] expected<validated_policy, error> validate(policy p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {
// An error unless `name` is an open stage of the process.
inline std::optional<error> open_stage_named(const validated<sales_process>& proc, const std::string& name,
                                             std::string where) {
  const auto i = find_stage(proc, name);
  if (!i)
    return error{errc::unknown_name, std::move(where), "no stage is named " + detail::quoted(name) + stage_hint(*proc, name)};
  if (proc->stages[*i].kind != stage_kind::open)
    return error{errc::invalid_policy, std::move(where), "stage " + detail::quoted(name) + " is not an open stage"};
  return std::nullopt;
}

inline std::optional<error> cross_check(const validated<sales_process>& proc, const validated<forecast_policy>& forecast,
                                        const hygiene_policy& hygiene, const win_loss_policy& win_loss) {
  const auto& map = forecast->stage_categories;
  for (std::size_t i = 0; i < map.size(); ++i)
    if (auto e = open_stage_named(proc, map[i].stage, "/forecast/stage_categories/" + std::to_string(i) + "/stage"))
      return e;
  if (!map.empty())  // each open stage looked up in the map's sorted index
    for (const auto& s : proc->stages)
      if (s.kind == stage_kind::open && forecast.category_of(s.name) == nullptr)
        return error{errc::invalid_policy, "/forecast/stage_categories",
                     "open stage " + detail::quoted(s.name) + " has no category in the stage map"};
  const auto& stale = hygiene.stale_after_by_stage;
  for (std::size_t i = 0; i < stale.size(); ++i)
    if (auto e = open_stage_named(proc, stale[i].stage, "/hygiene/stale_after_by_stage/" + std::to_string(i) + "/stage"))
      return e;
  if (auto e = open_stage_named(proc, hygiene.qualified_after, "/hygiene/qualified_after")) return e;
  if (auto e = open_stage_named(proc, win_loss.cycle_from_stage, "/win_loss/cycle_from_stage")) return e;
  if (auto e = open_stage_named(proc, win_loss.needs_assessment_stage, "/win_loss/needs_assessment_stage")) return e;
  return std::nullopt;
}
}  // namespace detail

inline expected<validated_policy, error> validate(policy p) noexcept {
  auto c = validate(p.calendar);
  if (!c) return unexpected<error>(detail::within("/calendar", std::move(c.error())));
  auto s = validate(p.scorecard);
  if (!s) return unexpected<error>(detail::within("/scorecard", std::move(s.error())));
  auto i = validate(std::move(p.icp));
  if (!i) return unexpected<error>(detail::within("/icp", std::move(i.error())));
  auto m = validate(p.meddpicc);
  if (!m) return unexpected<error>(detail::within("/meddpicc", std::move(m.error())));
  auto f = validate(std::move(p.forecast));
  if (!f) return unexpected<error>(detail::within("/forecast", std::move(f.error())));
  auto x = validate(std::move(p.exchange));
  if (!x) return unexpected<error>(detail::within("/exchange", std::move(x.error())));
  auto cv = validate(p.coverage);
  if (!cv) return unexpected<error>(detail::within("/coverage", std::move(cv.error())));
  auto h = validate(std::move(p.hygiene));
  if (!h) return unexpected<error>(detail::within("/hygiene", std::move(h.error())));
  auto w = validate(std::move(p.win_loss));
  if (!w) return unexpected<error>(detail::within("/win_loss", std::move(w.error())));
  auto d = validate(p.diagnosis);
  if (!d) return unexpected<error>(detail::within("/diagnosis", std::move(d.error())));
  auto t = validate(p.trades);
  if (!t) return unexpected<error>(detail::within("/trades", std::move(t.error())));
  auto dc = validate(std::move(p.discount));
  if (!dc) return unexpected<error>(detail::within("/discount", std::move(dc.error())));
  auto pr = validate(std::move(p.process));
  if (!pr) return unexpected<error>(detail::within("/process", std::move(pr.error())));
  if (auto e = detail::cross_check(*pr, *f, **h, **w)) return unexpected<error>(std::move(*e));
  return validated_policy(std::move(*c), std::move(*s), std::move(*i), std::move(*m), std::move(*pr), std::move(*f),
                          std::move(*x), std::move(*cv), std::move(*h), std::move(*w), std::move(*d), std::move(*t),
                          std::move(*dc));
}

}  // namespace salesrules

#endif  // SALESRULES_POLICY_HPP
