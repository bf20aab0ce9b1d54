// SPDX-License-Identifier: BSL-1.0
#include <salesrules/bant.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("bant: each item must be confirmed") {
  CHECK(check_bant({}).unconfirmed == enum_set<bant_item>::all());
  CHECK_FALSE(check_bant({}).confirmed());
  const auto partly = check_bant({.budget = true, .need = true});
  CHECK(partly.unconfirmed == enum_set<bant_item>{bant_item::authority, bant_item::timeline});
  CHECK(check_bant({true, true, true, true}).confirmed());
}
