// SPDX-License-Identifier: BSL-1.0
#include <salesrules/detail/text.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

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

namespace {
// The table method the bit-parallel distance replaces, as the yardstick: row by row,
// the last three rows kept, ASCII case ignored, both names cut to 64 bytes.
std::size_t table_distance(std::string_view a, std::string_view b) {
  using salesrules::detail::ascii_lower;
  a = a.substr(0, std::min<std::size_t>(a.size(), 64));
  b = b.substr(0, std::min<std::size_t>(b.size(), 64));
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// "Stage 00042": 10,000 names of one length.
std::vector<std::string> numbered_names(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string digits = std::to_string(i);
    out.push_back("Stage " + std::string(5 - digits.size(), '0') + digits);
  }
  return out;
}
}  // namespace

TEST_CASE("text: the word-at-a-time edit distance agrees with the table method, and stops past its cut-off") {
  std::mt19937 rng(20261122);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  for (int t = 0; t < 20'000; ++t) {
    // Short names over 2 to 5 letters make many near misses; some pass 64 bytes.
    const std::size_t alphabet = 2 + pick(4), la = pick(t % 50 == 0 ? 90 : 12), lb = pick(t % 50 == 0 ? 90 : 12);
    std::string a, b;
    for (std::size_t i = 0; i < la; ++i) a += static_cast<char>((pick(2) ? 'a' : 'A') + pick(alphabet));
    for (std::size_t i = 0; i < lb; ++i) b += static_cast<char>('a' + pick(alphabet));
    CAPTURE(a);
    CAPTURE(b);
    const std::size_t want = table_distance(a, b);
    REQUIRE(edit_distance(a, b) == want);
    const std::size_t limit = pick(6);
    const std::size_t cut = salesrules::detail::typo_pattern(a).distance(b, limit);
    if (want <= limit)
      CHECK(cut == want);
    else
      CHECK(cut > limit);  // stopped early, or measured: either way past the cut-off
  }
  // Hand-worked: 64 bytes are compared, the 65th is not.
  const std::string long_a(64, 'x'), long_b = std::string(64, 'x') + "yyyy";
  CHECK(edit_distance(long_a, long_b) == 0);
  CHECK(edit_distance(std::string(63, 'x') + "Z", long_b) == 1);
}

TEST_CASE("text: the nearest of 10,000 names - the typo's own, ties to the first, case ignored, a cut-off kept") {
  const auto names = numbered_names(10'000);
  // One swap from "Stage 07342"; every other name is a digit further.
  CHECK(nearest_name("Stgae 07342", names) == std::optional<std::string_view>("Stage 07342"));
  // Case is ignored: "STAGE 09999" is 0 edits from the last name.
  CHECK(nearest_name("STAGE 09999", names) == std::optional<std::string_view>("Stage 09999"));
  // "Stage 0001" is one inserted digit from "Stage 00001", "Stage 00011", "Stage 00101",
  // "Stage 01001" and "Stage 00010" to "Stage 00019": the first in the list wins the tie.
  CHECK(nearest_name("Stage 0001", names) == std::optional<std::string_view>("Stage 00001"));
  const std::vector<std::string_view> tie{"Stagf 00003", "Stage 00004"};
  CHECK(nearest_name("Stage 00003", tie) == std::optional<std::string_view>("Stagf 00003"));
  // An exact match (ignoring case) later in the list beats earlier one-edit matches.
  const std::vector<std::string_view> exact{"Stagf 00003", "Stage 00004", "stage 00003"};
  CHECK(nearest_name("Stage 00003", exact) == std::optional<std::string_view>("stage 00003"));
  // The cut-off is a third of the longer name: 11 / 3 = 3 edits. "Stxxx 00042" is 3
  // replacements from "Stage 00042"; "Sxxxx " is 4 from every name's "Stage ".
  CHECK(nearest_name("Stxxx 00042", names) == std::optional<std::string_view>("Stage 00042"));
  CHECK_FALSE(nearest_name("Sxxxx 00042", names).has_value());
  // Lengths alone rule every name out: 21 bytes allow 7 edits, and 10 are missing.
  CHECK_FALSE(nearest_name("Stage 00001 of twenty", names).has_value());
}
