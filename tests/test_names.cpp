// SPDX-License-Identifier: BSL-1.0
#include <salesrules/names.hpp>

#include <salesrules/forecast_category.hpp>
#include <salesrules/rating.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("names: enumerator names both ways") {
  CHECK(name_of(scorecard_criterion::competition) == "competition");
  CHECK(from_name<scorecard_criterion>("need") == scorecard_criterion::need);
  CHECK_FALSE(from_name<scorecard_criterion>("Need").has_value());
  CHECK(name_of(static_cast<scorecard_criterion>(42)).empty());
}

TEST_CASE("names: forecast categories as JSON and CSV spell them") {
  CHECK(name_of(forecast_category::best_case) == "best_case");
  CHECK(from_name<forecast_category>("omitted") == forecast_category::omitted);
  static_assert(name_of(forecast_category::commit) == "commit");
}
