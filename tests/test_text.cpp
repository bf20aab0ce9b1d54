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

TEST_CASE("text: utf8_at reads one code point, or refuses a sequence that is not valid UTF-8") {
  using salesrules::detail::utf8_at;
  CHECK(utf8_at("a", 0).length == 1);
  CHECK(utf8_at("\xC3\xA9", 0).length == 2);
  CHECK(utf8_at("\xC3\xA9", 0).code == 0xE9);
  CHECK(utf8_at("\xE2\x80\xAE", 0).code == 0x202E);
  CHECK(utf8_at("\xF0\x9F\x98\x80", 0).code == 0x1F600);
  CHECK(utf8_at("\xF4\x8F\xBF\xBF", 0).code == 0x10FFFF);
  CHECK(utf8_at("\xC0\xAF", 0).length == 0);          // overlong '/'
  CHECK(utf8_at("\xE0\x80\xAF", 0).length == 0);      // overlong again
  CHECK(utf8_at("\xED\xA0\x80", 0).length == 0);      // a surrogate
  CHECK(utf8_at("\xF4\x90\x80\x80", 0).length == 0);  // past U+10FFFF
  CHECK(utf8_at("\xE2\x80", 0).length == 0);          // cut short
  CHECK(utf8_at("\xC3" "A", 0).length == 0);              // not a continuation byte
  CHECK(utf8_at("\x9B", 0).length == 0);               // a lone continuation byte
}
