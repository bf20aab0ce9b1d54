// SPDX-License-Identifier: BSL-1.0
#include <salesrules/names.hpp>

#include <salesrules/forecast_category.hpp>
#include <salesrules/rating.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

using namespace salesrules;

TEST_CASE("names: enumerator names both ways") {
  CHECK(name_of(scorecard_criterion::competition) == "competition");
  CHECK(from_name<scorecard_criterion>("need") == scorecard_criterion::need);
  CHECK_FALSE(from_name<scorecard_criterion>("Need").has_value());
  CHECK(name_of(static_cast<scorecard_criterion>(42)).empty());
}

TEST_CASE("names: forecast categories as JSON and CSV spell them") {
  CHECK(name_of(forecast_category::best_case) == "best_case");
  CHECK(from_name<forecast_category>("omitted") == forecast_category::omitted);
  static_assert(name_of(forecast_category::commit) == "commit");
}

TEST_CASE("names: a policy's names are the same name when equal ignoring ASCII case") {
  CHECK(same_name("Closed Won", "closed won"));
  CHECK(same_name("VP", "vp"));
  CHECK(same_name("", ""));
  CHECK_FALSE(same_name("Proposal", "Proposal "));  // no trimming
  CHECK_FALSE(same_name("Demo/Evaluation", "Demo-Evaluation"));
  // Only A-Z fold: the bytes beside them ('@' and '[', '`' and '{') and bytes of 0x80
  // and up compare exactly, on the eight-byte path and the byte path alike.
  for (const std::string_view tail : {"", "-and-some-more"}) {
    const auto with = [&](std::string_view head) { return std::string(head) + std::string(tail); };
    CHECK_FALSE(same_name(with("@"), with("`")));
    CHECK_FALSE(same_name(with("["), with("{")));
    CHECK_FALSE(same_name(with("\xC1"), with("\xE1")));  // not A/a in Latin-1, and not folded
    CHECK_FALSE(same_name(with("\xC3\x89"), with("\xC3\xA9")));  // UTF-8 E-acute and e-acute
    CHECK(same_name(with("ZEBRA"), with("zebra")));
    CHECK(same_name(with("Az"), with("aZ")));
  }
  static_assert(same_name("Negotiation", "NEGOTIATION"));
  static_assert(!same_name("Negotiation", "Negotiations"));
}

TEST_CASE("names: the eight-byte comparison agrees with a byte-by-byte one for every pair of bytes") {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  std::size_t wrong = 0;
  // The pair at each end of each word of a 16-byte name, and in the overlap of a
  // 12-byte one's two words, the other bytes equal but for case.
  for (const auto& [size, at] : {std::pair{16, 0}, std::pair{16, 7}, std::pair{16, 8}, std::pair{16, 15},
                                std::pair{12, 3}, std::pair{12, 5}, std::pair{12, 11}}) {
    std::string a(static_cast<std::size_t>(size), 'q'), b(static_cast<std::size_t>(size), 'Q');
    for (int x = 0; x < 256; ++x)
      for (int y = 0; y < 256; ++y) {
        a[static_cast<std::size_t>(at)] = static_cast<char>(x);
        b[static_cast<std::size_t>(at)] = static_cast<char>(y);
        const bool want = lower(static_cast<char>(x)) == lower(static_cast<char>(y));
        wrong += same_name(a, b) != want;
      }
  }
  CHECK(wrong == 0);
}

TEST_CASE("names: a name's key matches as same_name does, for names of every length up to 17") {
  // Pairs that differ in case only, in one byte, or in length, at each length.
  std::size_t wrong = 0, compared = 0;
  for (std::size_t n = 0; n <= 17; ++n) {
    std::string a, b;
    for (std::size_t i = 0; i < n; ++i) {
      a += static_cast<char>('a' + i);
      b += static_cast<char>('A' + i);
    }
    std::string other = a, longer = a + "x";
    if (n > 0) other[n - 1] = '#';
    const auto agree = [&](const std::string& x, const std::string& y) {
      ++compared;
      wrong += detail::same_keyed(x, detail::key_of(x), y, detail::key_of(y)) != same_name(x, y);
    };
    agree(a, b);
    agree(a, other);
    agree(b, other);
    agree(a, longer);
    agree(other, longer);
    if (n > 0) CHECK_FALSE(same_name(a, other));
    CHECK(same_name(a, b));
  }
  CHECK(compared == 90);
  CHECK(wrong == 0);
  CHECK(detail::key_of("EMEA") == detail::key_of("emea"));
  CHECK_FALSE(detail::key_of("EMEA") == detail::key_of("EMEA "));
  CHECK_FALSE(detail::key_of("abc") == detail::key_of("abd"));
}

TEST_CASE("names: the byte-for-byte quick test agrees with ==, for every length up to 33 and a change at every byte") {
  // A name spelled as declared is found by same_bytes before any key is made; a name
  // that differs anywhere, or in case only, or in length, must fall through to the key.
  std::size_t wrong = 0, compared = 0;
  for (std::size_t n = 0; n <= 33; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
    const auto agree = [&](const std::string& x, const std::string& y) {
      ++compared;
      wrong += detail::same_bytes(x, y) != (x == y);
    };
    agree(a, a);
    agree(a, a + "x");
    for (std::size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = static_cast<char>(b[at] - 'a' + 'A');  // the same name, another spelling
      agree(a, b);
    }
  }
  CHECK(compared == 2 * 34 + 33 * 34 / 2);
  CHECK(wrong == 0);
  CHECK(detail::same_bytes("product_family", "product_family"));
  CHECK_FALSE(detail::same_bytes("product_family", "Product_family"));
}
