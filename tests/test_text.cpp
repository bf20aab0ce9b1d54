#include <salesrules/detail/text.hpp>

#include <doctest/doctest.h>

#include <array>
#include <string_view>

using salesrules::detail::edit_distance;
using salesrules::detail::nearest_name;

TEST_CASE("text: edit distance counts inserts, deletes and replacements, ignoring ASCII case") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("bands", "bands") == 0);
  CHECK(edit_distance("Bands", "bands") == 0);
  CHECK(edit_distance("band", "bands") == 1);
  CHECK(edit_distance("bnads", "bands") == 1);  // a swap of neighbours is one edit
  CHECK(edit_distance("levle", "level") == 1);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("text: the nearest name is suggested only when it is a likely typo") {
  constexpr std::array<std::string_view, 4> keys{"strong_at", "viable_at", "weights", "stages"};
  CHECK(nearest_name("viable", keys) == std::optional<std::string_view>("viable_at"));
  CHECK(nearest_name("weigths", keys) == std::optional<std::string_view>("weights"));
  CHECK(nearest_name("stage", keys) == std::optional<std::string_view>("stages"));
  CHECK_FALSE(nearest_name("currency", keys).has_value());
  CHECK_FALSE(nearest_name("x", keys).has_value());
}
