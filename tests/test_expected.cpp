#include <salesrules/expected.hpp>

#include <salesrules/error.hpp>

#include <doctest/doctest.h>

#include <type_traits>

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
