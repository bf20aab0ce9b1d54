// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/meddpicc.ipp - the definitions behind meddpicc.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_MEDDPICC_IPP
#define SALESRULES_IMPL_MEDDPICC_IPP

#include <salesrules/meddpicc.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>

#include <cstdint>
#include <string>

namespace salesrules {

SALESRULES_INLINE const std::string& meddpicc_fields::of(meddpicc_field f) const noexcept {
  switch (f) {
    case meddpicc_field::metrics: return metrics;
    case meddpicc_field::economic_buyer: return economic_buyer;
    case meddpicc_field::decision_criteria: return decision_criteria;
    case meddpicc_field::decision_process: return decision_process;
    case meddpicc_field::identify_pain: return identify_pain;
    case meddpicc_field::champion: return champion;
    case meddpicc_field::paper_process: return paper_process;
    case meddpicc_field::competition: break;
  }
  return competition;
}

SALESRULES_INLINE expected<validated<meddpicc_policy>, error> validate(meddpicc_policy p) noexcept {
  if (p.framework != qualification_framework::meddic && p.framework != qualification_framework::meddpicc)
    return detail::fail(errc::out_of_range, "/framework", "framework is neither meddic nor meddpicc");
  return detail::validated_access::make(p);
}

SALESRULES_INLINE meddpicc_result check_meddpicc(const meddpicc_fields& fields,
                                                 const validated<meddpicc_policy>& policy) noexcept {
  meddpicc_result r;
  r.framework = policy->framework;
  std::int64_t present = 0, required = 0;
  for (auto f : required_fields(r.framework)) {
    ++required;
    if (detail::is_blank(fields.of(f))) {
      r.missing.insert(f);
    } else {
      r.present.insert(f);
      ++present;
    }
  }
  r.complete = percent::from_basis_points(present * 10000 / required);
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_MEDDPICC_IPP
