// SPDX-License-Identifier: BSL-1.0
#include <salesrules/error.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("error: the place comes first, then the message") {
  CHECK(to_string(error{errc::syntax, "/amount", "'12,5' is not a decimal amount", 4, 6}) ==
        "line 4, column 6 (/amount): '12,5' is not a decimal amount");
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


TEST_CASE("error: the deal's id and row are fields, and to_string names the deal") {
  const error from_file{errc::syntax, "/amount", "'12,5' is not a decimal amount", 4, 6, "OPP-7", 3};
  CHECK(to_string(from_file) == "line 4, column 6 (/amount): deal 'OPP-7': '12,5' is not a decimal amount");
  // From a range a host handed over: the row, as there is no line.
  const error from_batch{errc::unknown_name, "/stage", "unknown stage 'Qualify'", 0, 0, "OPP-9", 3};
  CHECK(to_string(from_batch) == "row 3 (/stage): deal 'OPP-9': unknown stage 'Qualify'");
  // One deal on its own: the id without a row.
  const error alone{errc::inconsistent, "/outcome", "it is won in stage 'Negotiation', which is open", 0, 0, "OPP-1"};
  CHECK(to_string(alone) == "/outcome: deal 'OPP-1': it is won in stage 'Negotiation', which is open");
  CHECK(alone.message.find("OPP-1") == std::string::npos);
}

TEST_CASE("error: pointers escape '~' as ~0 and '/' as ~1, and indices are digits") {
  CHECK(detail::pointer("stage_history", 0, "stage") == "/stage_history/0/stage");
  CHECK(detail::pointer("columns", "Amount (USD/EUR)") == "/columns/Amount (USD~1EUR)");
  CHECK(detail::pointer("a~b") == "/a~0b");
  // '~' is escaped before '/' is, so "~/" is "~0~1", never "~01".
  CHECK(detail::pointer("~/") == "/~0~1");
  CHECK(detail::pointer("") == "/");  // the empty key is a key too
  CHECK(detail::pointer().empty());  // no segment: the whole value
  std::string p = "/rules";
  detail::append_segment(p, std::size_t{12});
  detail::append_segment(p, "at_least");
  CHECK(p == "/rules/12/at_least");
  CHECK(detail::within("/process", error{errc::invalid_policy, "/stages/2/name", "blank"}).where ==
        "/process/stages/2/name");
}
