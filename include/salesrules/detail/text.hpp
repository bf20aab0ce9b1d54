// SPDX-License-Identifier: BSL-1.0
// Small text helpers shared by the parsers and the matching rules.
#ifndef SALESRULES_DETAIL_TEXT_HPP
#define SALESRULES_DETAIL_TEXT_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/names.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules::detail {

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

[[nodiscard]] constexpr char ascii_lower(char c) noexcept { return fold_ascii(c); }


// A name prepared for measuring its distance to many others: the edits (insert,
// delete, replace one character, or swap two neighbours; ASCII case ignored) between
// it and another name, both cut to their first 64 bytes (plenty for a key). This is
// the restricted Damerau distance computed a column of the table at a time in one
// machine word (Hyyro's bit-parallel form of Myers' algorithm), so a comparison costs
// a few operations per character of the other name, whatever the two hold.
class typo_pattern {
 public:
  static constexpr std::size_t cap = 64;

  explicit typo_pattern(std::string_view name) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  // The distance to `other`, or a number above `limit` as soon as the distance is
  // sure to be above it (each character left can lower it by one at most).
  [[nodiscard]] std::size_t distance(std::string_view other, std::size_t limit = cap) const noexcept;

 private:
  static std::size_t byte(char c) noexcept { return static_cast<unsigned char>(ascii_lower(c)); }

  std::size_t size_;
  std::array<std::uint64_t, 256> match_{};  // for each byte, the positions of the name that hold it
};

// The edits between two names (typo_pattern's distance).
[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) noexcept {
  return typo_pattern(a).distance(b);
}

// The known name nearest to `given`, when one is near enough to be a likely typo:
// at most a third of its length away (and at least one edit allowed). Ties go to
// the first. For "did you mean" hints in errors.
//
// The search is bounded: `given` is prepared once; a name whose length alone puts it
// further away than the best found so far (or than it may be) is skipped unmeasured;
// a measurement stops once it is past that cut-off; the search ends at an exact match
// (ignoring case). Each name costs at most a few operations per byte.
template <class Names>
[[nodiscard]] std::optional<std::string_view> nearest_name(std::string_view given, const Names& known) noexcept {
  const typo_pattern pattern(given);
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const auto& name : known) {
    const std::string_view n(name);
    const std::size_t allowed = std::max<std::size_t>(1, std::max(n.size(), given.size()) / 3);
    const std::size_t limit = best ? std::min(allowed, best_distance - 1) : allowed;
    const std::size_t m = std::min(n.size(), typo_pattern::cap);
    if ((m > pattern.size() ? m - pattern.size() : pattern.size() - m) > limit) continue;
    const std::size_t d = pattern.distance(n, limit);
    if (d > limit) continue;
    best = n;
    best_distance = d;
    if (d == 0) break;
  }
  return best;
}

// "; did you mean 'x'?" when one of `known` is near `given` (nearest_name), else "".
template <class Names>
[[nodiscard]] std::string did_you_mean(std::string_view given, const Names& known) {
  std::string out;
  if (const auto near = nearest_name(given, known)) {
    out += "; did you mean ";
    out += quoted(*near);
    out += '?';
  }
  return out;
}

// The valid UTF-8 sequence at text[i] (i < text.size()): its length and code point,
// or length 0 when there is none (overlong forms, surrogates and code points past
// U+10FFFF are not valid). What the escaping of io/escape.hpp and the tables read.
struct utf8_unit {
  std::size_t length = 0;
  char32_t code = 0;
};

[[nodiscard]] constexpr utf8_unit utf8_at(std::string_view text, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return {1, c};
  const std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return {};
  char32_t code = c & (n == 2 ? 0x1FU : n == 3 ? 0x0FU : 0x07U);
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0U) != 0x80U) return {};
    code = (code << 6) | (b & 0x3FU);
  }
  const char32_t least = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
  if (code < least || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return {};
  return {n, code};
}

// An identifier as words: "meeting_held" -> "meeting held".
[[nodiscard]] inline std::string words(std::string_view identifier) {
  std::string out(identifier);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// True when the text holds nothing but spaces, tabs and line breaks.
[[nodiscard]] constexpr bool is_blank(std::string_view s) noexcept {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// The text without the spaces, tabs and line breaks around it.
[[nodiscard]] constexpr std::string_view trim_blanks(std::string_view s) noexcept {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A small whole number written with 1 to 3 digits, no leading zero, nothing else:
// "0", "7", "100"; not "07".
[[nodiscard]] constexpr std::optional<int> small_whole(std::string_view s) noexcept {
  if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A decimal number split into its parts: [-]digits[.digits], nothing else.
struct decimal_text {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;  // without trailing zeros
};

[[nodiscard]] constexpr std::optional<decimal_text> split_decimal(std::string_view s) noexcept {
  decimal_text d;
  if (!s.empty() && s.front() == '-') {
    d.negative = true;
    s.remove_prefix(1);
  }
  // One pass: the whole digits, then a point and at least one digit, then the end.
  std::size_t i = 0;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == 0) return std::nullopt;  // ".5" is not a number
  d.whole = s.substr(0, i);
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    std::size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == i + 1 || j != s.size()) return std::nullopt;  // nor is "12." or "1.2.3"
    d.fraction = s.substr(i + 1);
  }
  while (!d.fraction.empty() && d.fraction.back() == '0') d.fraction.remove_suffix(1);
  return d;
}

// The value of digits[.fraction] scaled by 10^scale, if it fits in [0, limit].
// The fraction must have at most `scale` digits (trailing zeros already removed).
[[nodiscard]] constexpr std::optional<std::uint64_t> scaled_value(const decimal_text& d, int scale,
                                                                  std::uint64_t limit) noexcept {
  // Up to 19 digits cannot pass 2^64: read them without a check a digit, then compare.
  if (d.whole.size() + static_cast<std::size_t>(scale) <= 19) {
    std::uint64_t v = 0;
    for (char c : d.whole) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    for (int i = 0; i < scale; ++i) {
      const auto at = static_cast<std::size_t>(i);
      v = v * 10 + (at < d.fraction.size() ? static_cast<std::uint64_t>(d.fraction[at] - '0') : 0);
    }
    if (v > limit) return std::nullopt;
    return v;
  }
  std::uint64_t v = 0;
  auto push = [&](char c) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (limit - digit) / 10) return false;
    v = v * 10 + digit;
    return true;
  };
  for (char c : d.whole)
    if (!push(c)) return std::nullopt;
  for (int i = 0; i < scale; ++i)
    if (!push(static_cast<std::size_t>(i) < d.fraction.size() ? d.fraction[static_cast<std::size_t>(i)]
                                                              : '0'))
      return std::nullopt;
  return v;
}

// "-1234" scaled down by `scale` decimals: "-12.34". Exact; no locale.
[[nodiscard]] std::string fixed_point(std::int64_t v, int scale);

}  // namespace salesrules::detail

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/text.ipp>
#endif

#endif  // SALESRULES_DETAIL_TEXT_HPP
