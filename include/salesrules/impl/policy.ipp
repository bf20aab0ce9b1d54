// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/policy.ipp - the definitions behind policy.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_POLICY_IPP
#define SALESRULES_IMPL_POLICY_IPP

#include <salesrules/policy.hpp>

#include <salesrules/detail/text.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace salesrules {

SALESRULES_INLINE policy validated_policy::data() const {
  return policy{*calendar_, *scorecard_, *icp_,     *meddpicc_, *process_,
                *forecast_, *exchange_,  *coverage_, *hygiene_,  *win_loss_, *diagnosis_, *trades_, *discount_};
}

SALESRULES_INLINE validated_policy::validated_policy(
    validated<fiscal_calendar> c, validated<scorecard_policy> s, validated<icp_policy> i, validated<meddpicc_policy> m,
    validated<sales_process> pr, validated<forecast_policy> f, validated<exchange_policy> x,
    validated<coverage_policy> cv, validated<hygiene_policy> h, validated<win_loss_policy> w,
    validated<diagnosis_policy> d, validated<trade_policy> t, validated<discount_policy> dc,
    detail::deal_conditions scopes)
    : calendar_(std::move(c)), scorecard_(std::move(s)), icp_(std::move(i)), meddpicc_(std::move(m)),
      process_(std::move(pr)), forecast_(std::move(f)), exchange_(std::move(x)), coverage_(std::move(cv)),
      hygiene_(std::move(h)), win_loss_(std::move(w)), diagnosis_(std::move(d)), trades_(std::move(t)),
      discount_(std::move(dc)), compiled_(std::move(scopes)) {}

namespace detail {
// An error unless `name` is an open stage of the process.
SALESRULES_INLINE std::optional<error> open_stage_named(const validated<sales_process>& proc, const std::string& name,
                                                        std::string where) {
  const auto i = find_stage(proc, name);
  if (!i)
    return error{errc::unknown_name, std::move(where), "no stage is named " + detail::quoted(name) + stage_hint(*proc, name)};
  if (proc->stages[*i].kind != stage_kind::open)
    return error{errc::invalid_policy, std::move(where), "stage " + detail::quoted(name) + " is not an open stage"};
  return std::nullopt;
}

SALESRULES_INLINE std::optional<error> cross_check(const validated<sales_process>& proc,
                                                   const validated<forecast_policy>& forecast,
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

SALESRULES_INLINE expected<validated_policy, error> validate(policy p) noexcept {
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
  // The hygiene scopes' conditions name the deal's fields, which the process declares.
  detail::deal_conditions scopes;
  if (!(*h)->scopes.empty()) {
    const auto facts = detail::deal_fact_names(**pr, scopes.compiled);
    for (std::size_t k = 0; k < (*h)->scopes.size(); ++k) {
      auto root = detail::compile_condition((*h)->scopes[k].where, facts, scopes.compiled.conditions,
                                            detail::pointer("hygiene", "scopes", k, "where"));
      if (!root) return unexpected<error>(std::move(root.error()));
      scopes.roots.push_back(*root);
    }
  }
  return validated_policy(std::move(*c), std::move(*s), std::move(*i), std::move(*m), std::move(*pr), std::move(*f),
                          std::move(*x), std::move(*cv), std::move(*h), std::move(*w), std::move(*d), std::move(*t),
                          std::move(*dc), std::move(scopes));
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_POLICY_IPP
