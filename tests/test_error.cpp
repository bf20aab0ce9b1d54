// SPDX-License-Identifier: BSL-1.0
#include <salesrules/error.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("error: the place comes first, then the message") {
  CHECK(to_string(error{errc::syntax, "amount", "'12,5' is not a decimal amount", 4, 6}) ==
        "line 4, column 6 (amount): '12,5' is not a decimal amount");
  CHECK(to_string(error{errc::syntax, "", "bad", 4, 0}) == "line 4: bad");
  CHECK(to_string(error{errc::invalid_policy, "/scorecard/viable_at", "too high"}) == "/scorecard/viable_at: too high");
  CHECK(to_string(error{errc::invalid_policy, "", "no stages"}) == "no stages");
}

TEST_CASE("error: long input is cut in messages") {
  const std::string long_text(100, 'x');
  const auto q = detail::quoted(long_text);
  CHECK(q.size() == 45);
  CHECK(q.substr(q.size() - 4) == "...'");
}

