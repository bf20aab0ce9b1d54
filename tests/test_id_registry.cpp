// SPDX-License-Identifier: BSL-1.0
// The importer's registry of ids (src/id_registry.hpp): every id taken once, a repeat
// answered with the first line, across growth by stored hash bits and by reading ids
// again.
#include "../src/id_registry.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using salesrules::detail::id_registry;

namespace {

std::string id_at(std::size_t i) {
  std::string id = "OPP-";
  id += std::to_string(i * 7919 % 1'000'003);
  id += i % 3 == 0 ? "" : "-x";  // lengths vary across the 8-byte hash words
  return id;
}

void take_and_check(id_registry& ids, std::size_t n) {
  std::size_t taken = 0;
  for (std::size_t i = 0; i < n; ++i) taken += ids.first_or_take(id_at(i), i + 2).has_value() ? 0 : 1;
  REQUIRE(taken == n);
  CHECK(ids.size() == n);
  for (std::size_t i = 0; i < n; i += 97) {
    CAPTURE(i);
    const auto first = ids.first_or_take(id_at(i), n + 5);
    REQUIRE(first.has_value());
    CHECK(*first == i + 2);
    CHECK(ids.find(id_at(i)) == std::optional<std::uint64_t>(i + 2));
  }
  CHECK(ids.size() == n);
  CHECK_FALSE(ids.find("OPP-none").has_value());
  CHECK_FALSE(ids.find("").has_value());
  std::size_t seen = 0, out_of_order = 0;
  ids.for_each([&](std::string_view id, std::uint64_t line) {  // in the order taken
    out_of_order += line == seen + 2 && id == id_at(seen) ? 0 : 1;
    ++seen;
  });
  CHECK(seen == n);
  CHECK(out_of_order == 0);
}

}  // namespace

TEST_CASE("id registry: 100,000 ids across growth by stored hash bits") {
  id_registry ids;
  take_and_check(ids, 100'000);
}

TEST_CASE("id registry: growth past the stored bits reads the ids again and finds the same") {
  id_registry ids(11);  // 2,048 slots from the bits, then from the ids
  take_and_check(ids, 100'000);
}

TEST_CASE("id registry: the empty id and prefetched hashes") {
  id_registry ids;
  CHECK_FALSE(ids.find("A").has_value());
  const auto h = ids.prefetch("A");
  CHECK_FALSE(ids.first_or_take("A", 2, h).has_value());
  CHECK(ids.first_or_take("A", 3) == std::optional<std::uint64_t>(2));
  CHECK_FALSE(ids.first_or_take("", 4).has_value());
  CHECK(ids.first_or_take("", 5) == std::optional<std::uint64_t>(4));
}

TEST_CASE("id registry: one registry against another, pipelined") {
  // Two parts of a file: ids 0-2,999 and 3,000-5,999, then one id of the first part in the second.
  id_registry first, second;
  for (std::size_t i = 0; i < 3000; ++i) REQUIRE_FALSE(first.first_or_take(id_at(i), i + 2).has_value());
  for (std::size_t i = 3000; i < 6000; ++i) REQUIRE_FALSE(second.first_or_take(id_at(i), i + 2).has_value());
  CHECK_FALSE(first.shares_an_id_with(second));
  CHECK_FALSE(second.shares_an_id_with(first));
  CHECK_FALSE(first.shares_an_id_with(id_registry()));
  // Fewer ids than the pipeline is deep, and a shared one among them.
  id_registry few;
  REQUIRE_FALSE(few.first_or_take("OPP-elsewhere", 9000).has_value());
  CHECK_FALSE(first.shares_an_id_with(few));
  REQUIRE_FALSE(few.first_or_take(id_at(1234), 9001).has_value());
  CHECK(first.shares_an_id_with(few));
  // The shared id as the very last of many, past the pipeline's end.
  REQUIRE_FALSE(second.first_or_take(id_at(2999), 9002).has_value());
  CHECK(first.shares_an_id_with(second));

  // Taking all of the second: its ids with their lines, the first's kept where both have one.
  first.take_all_of(second);
  CHECK(first.size() == 6000);
  CHECK(first.find(id_at(2999)) == std::optional<std::uint64_t>(3001));
  for (std::size_t i = 3000; i < 6000; i += 37) {
    CAPTURE(i);
    CHECK(first.find(id_at(i)) == std::optional<std::uint64_t>(i + 2));
  }
}
