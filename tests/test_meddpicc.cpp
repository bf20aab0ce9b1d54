// SPDX-License-Identifier: BSL-1.0
#include <salesrules/engagement.hpp>
#include <salesrules/meddpicc.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

using namespace salesrules;
using f = meddpicc_field;

namespace {
validated<meddpicc_policy> framework(qualification_framework fw) {
  auto v = validate(meddpicc_policy{fw});
  REQUIRE(v);
  return *v;
}
const meddpicc_fields five_of_six{.metrics = "Cut onboarding time 40%",
                                  .economic_buyer = "CTO",
                                  .decision_criteria = "SSO and SOC2",
                                  .decision_process = "Security then legal",
                                  .identify_pain = "Manual provisioning",
                                  .champion = " \t"};
}  // namespace

TEST_CASE("meddpicc: MEDDIC needs six fields, blanks do not count") {
  const auto r = check_meddpicc(five_of_six, framework(qualification_framework::meddic));
  CHECK(r.required() == 6);
  CHECK(r.present.size() == 5);
  CHECK(r.missing == enum_set<f>{f::champion});
  CHECK(r.complete == percent::from_basis_points(8333));  // 5/6 = 83.33%, rounded down
  CHECK_FALSE(r.is_complete());
}

TEST_CASE("meddpicc: MEDDPICC adds paper process and competition") {
  const auto r = check_meddpicc(five_of_six, framework(qualification_framework::meddpicc));
  CHECK(r.required() == 8);
  CHECK(r.missing == enum_set<f>{f::champion, f::paper_process, f::competition});
  CHECK(r.complete == percent::from_basis_points(6250));  // 5/8

  meddpicc_fields all = five_of_six;
  all.champion = "VP Engineering";
  all.paper_process = "MSA + order form";
  all.competition = "Globex";
  const auto full = check_meddpicc(all, framework(qualification_framework::meddpicc));
  CHECK(full.is_complete());
  CHECK(full.complete == percent::from_whole(100));
}

TEST_CASE("meddpicc: MEDDIC ignores the two extra fields") {
  meddpicc_fields m = five_of_six;
  m.champion = "VP Engineering";
  const auto r = check_meddpicc(m, framework(qualification_framework::meddic));
  CHECK(r.is_complete());
  CHECK_FALSE(r.present.contains(f::paper_process));
}

TEST_CASE("meddpicc: an unknown framework value is rejected") {
  auto v = validate(meddpicc_policy{static_cast<qualification_framework>(9)});
  REQUIRE_FALSE(v);
  CHECK(v.error().where == "/framework");
}

TEST_CASE("meddpicc: an SE or SA is requested only with all eight MEDDPICC fields") {
  // The playbook's "AE completes MEDDPICC qualification before requesting SE or SA
  // engagement": MEDDIC's six are not enough, whatever framework the gates use.
  auto o = salesrules::test::qualified(salesrules::test::acme("Discovery"));
  auto se = check_engagement_request(o, engagement_role::sales_engineer);
  CHECK_FALSE(se.allowed());
  CHECK(se.role == engagement_role::sales_engineer);
  CHECK(se.qualification.framework == qualification_framework::meddpicc);
  CHECK(se.qualification.missing == enum_set<meddpicc_field>{meddpicc_field::paper_process, meddpicc_field::competition});
  CHECK(se.qualification.complete == percent::from_basis_points(7500));  // 6 of 8
  o.meddpicc.paper_process = "Procurement portal";
  CHECK_FALSE(check_engagement_request(o, engagement_role::solutions_architect).allowed());
  o.meddpicc.competition = "  ";  // blanks are not an answer
  CHECK_FALSE(check_engagement_request(o, engagement_role::solutions_architect).allowed());
  o.meddpicc.competition = "Hooli";
  const auto sa = check_engagement_request(o, engagement_role::solutions_architect);
  CHECK(sa.allowed());
  CHECK(sa.role == engagement_role::solutions_architect);
  CHECK(sa.qualification.present.size() == 8);
}
