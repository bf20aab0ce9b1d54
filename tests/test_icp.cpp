// SPDX-License-Identifier: BSL-1.0
#include <salesrules/icp.hpp>

#include <doctest/doctest.h>

using namespace salesrules;
using i = icp_criterion;

namespace {
const currency usd{"USD"}, eur{"EUR"};
money musd(std::int64_t whole) { return money(whole * 100, usd); }

validated<icp_policy> manufacturing_icp() {
  auto v = validate(icp_policy{.segments = {"Mid-Market", "Enterprise"},
                               .industries = {"Manufacturing"},
                               .regions = {"EMEA", "NA"},
                               .min_employees = 200,
                               .max_employees = 5000,
                               .min_revenue = musd(50'000'000),
                               .max_revenue = musd(1'000'000'000)});
  REQUIRE(v);
  return *v;
}
}  // namespace

TEST_CASE("icp: an account inside every criterion fits, names ignoring case") {
  const account_profile a{"manufacturing", "emea", 1200, musd(300'000'000)};
  const auto r = check_icp("mid-market", a, manufacturing_icp());
  CHECK(r.fits());
  CHECK(r.failed.empty());
}

TEST_CASE("icp: range bounds are inclusive") {
  const auto p = manufacturing_icp();
  CHECK(check_icp("Enterprise", {"Manufacturing", "NA", 200, musd(50'000'000)}, p).fits());
  CHECK(check_icp("Enterprise", {"Manufacturing", "NA", 5000, musd(1'000'000'000)}, p).fits());
  CHECK(check_icp("Enterprise", {"Manufacturing", "NA", 199, musd(50'000'000)}, p).failed == enum_set<i>{i::employees});
  CHECK(check_icp("Enterprise", {"Manufacturing", "NA", 5001, money(100'000'000'001, usd)}, p).failed ==
        enum_set<i>{i::employees, i::revenue});
}

TEST_CASE("icp: every failed criterion is returned, not only the first") {
  const account_profile a{"Retail", "APAC", 50, musd(5'000'000)};
  const auto r = check_icp("SMB", a, manufacturing_icp());
  CHECK_FALSE(r.fits());
  CHECK(r.failed == enum_set<i>::all());
  CHECK(r.unknown.empty());
}

TEST_CASE("icp: missing data fails a criterion that is set, and says so") {
  const account_profile a{"Manufacturing", "", std::nullopt, money(300'000'000'00, eur)};
  const auto r = check_icp("Enterprise", a, manufacturing_icp());
  CHECK(r.failed == enum_set<i>{i::region, i::employees, i::revenue});
  CHECK(r.unknown == enum_set<i>{i::region, i::employees, i::revenue});
}

TEST_CASE("icp: the default profile accepts every account") {
  auto p = validate(icp_policy{});
  REQUIRE(p);
  CHECK(check_icp("", account_profile{}, *p).fits());
}

TEST_CASE("icp: invalid profiles are rejected with the field") {
  auto inverted = validate(icp_policy{.min_employees = 500, .max_employees = 100});
  REQUIRE_FALSE(inverted);
  CHECK(inverted.error().where == "/min_employees");
  CHECK(inverted.error().code == errc::invalid_policy);

  auto mixed = validate(icp_policy{.min_revenue = musd(1), .max_revenue = money(100, eur)});
  REQUIRE_FALSE(mixed);
  CHECK(mixed.error().where == "/max_revenue");
  CHECK(mixed.error().code == errc::currency_mismatch);

  auto blank = validate(icp_policy{.industries = {"Manufacturing", "  "}});
  REQUIRE_FALSE(blank);
  CHECK(blank.error().where == "/industries/1");

  CHECK(validate(icp_policy{.min_employees = -1}).error().where == "/min_employees");
  auto negative = validate(icp_policy{.min_revenue = money(-500, usd)});
  REQUIRE_FALSE(negative);
  CHECK(negative.error().where == "/min_revenue");
  CHECK(negative.error().code == errc::out_of_range);
  CHECK(validate(icp_policy{.max_revenue = money()}).error().code == errc::unknown_currency);
}
