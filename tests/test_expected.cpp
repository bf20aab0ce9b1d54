// SPDX-License-Identifier: BSL-1.0
#include <salesrules/expected.hpp>

#include <salesrules/error.hpp>

#include <doctest/doctest.h>

#include <string>
#include <type_traits>
#include <utility>

using namespace salesrules;

TEST_CASE("expected: the configured type is the one the library returns") {
  expected<int, error> ok = 3;
  expected<int, error> bad = unexpected<error>(error{errc::overflow, "x", "y"});
  CHECK(ok.value_or(0) == 3);
  CHECK(bad.value_or(0) == 0);
  CHECK(bad.error().code == errc::overflow);
#if SALESRULES_USE_TL_EXPECTED
  CHECK(std::is_same_v<expected<int, error>, tl::expected<int, error>>);
#else
  CHECK(std::is_same_v<expected<int, error>, std::expected<int, error>>);
#endif
}

namespace {
struct pair_of_texts {
  std::string first;
  std::string second;
};

// The portable subset, as docs/building.md lists it, and nothing else: built in place,
// filled through operator* and ->, failed by assigning an unexpected.
expected<pair_of_texts, error> split_at_comma(const std::string& s) {
  expected<pair_of_texts, error> out(in_place);
  const auto comma = s.find(',');
  if (comma == std::string::npos) {
    out = unexpected<error>(error{errc::syntax, "/text", "no comma in '" + s + "'"});
    return out;
  }
  out->first = s.substr(0, comma);
  (*out).second = s.substr(comma + 1);
  return out;
}
}  // namespace

TEST_CASE("expected: the subset both std::expected and tl::expected provide is enough") {
  const auto good = split_at_comma("won,lost");
  REQUIRE(good.has_value());
  CHECK(static_cast<bool>(good));
  CHECK(good->first == "won");
  CHECK((*good).second == "lost");

  const auto bad = split_at_comma("won");
  CHECK_FALSE(bad.has_value());
  CHECK_FALSE(static_cast<bool>(bad));
  CHECK(bad.error().code == errc::syntax);
  CHECK(bad.error().where == "/text");
  CHECK(bad.error().message == "no comma in 'won'");
  CHECK(bad.value_or(pair_of_texts{"a", "b"}).second == "b");

  // in_place is the tag of whichever type salesrules::expected is.
  const expected<std::string, error> three(in_place, 3, 'x');
  CHECK(*three == "xxx");
  CHECK(std::is_same_v<std::remove_cvref_t<decltype(in_place)>, in_place_t>);
}
