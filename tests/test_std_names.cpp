// SPDX-License-Identifier: BSL-1.0
// The headers name their own helpers fully, so a host that includes standard headers
// first (<iomanip> brings std::quoted, which argument-dependent lookup would find for
// std::string arguments) still compiles them. This file compiling is most of the test.
#include <iomanip>
#include <sstream>

#include <salesrules/salesrules.hpp>
#include <salesrules/io/csv.hpp>
#include <salesrules/io/explain.hpp>
#include <salesrules/io/matrix_testing.hpp>

#include <doctest/doctest.h>

TEST_CASE("std names: std::quoted in scope does not change the library's messages") {
  namespace sr = salesrules;
  sr::discount_policy p;
  p.bands[1].level = "Manger";
  const auto v = sr::validate(p);
  REQUIRE_FALSE(v);
  CHECK(v.error().message.find("unknown level 'Manger'") != std::string::npos);
}
