// SPDX-License-Identifier: BSL-1.0
// fuzz_support.hpp - what the fuzz targets share: the invariant check, the input as
// a stream, a UTF-8 check, and the policy built once.
#ifndef SALESRULES_TESTS_FUZZ_SUPPORT_HPP
#define SALESRULES_TESTS_FUZZ_SUPPORT_HPP

#include <salesrules/error.hpp>
#include <salesrules/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <istream>
#include <streambuf>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace salesrules::fuzz {

// A broken invariant: say which, then stop the way libFuzzer and the replayer both
// report as a finding.
[[noreturn]] inline void broken(const char* what) noexcept {
  std::fputs("fuzz invariant broken: ", stderr);
  std::fputs(what, stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
  __builtin_trap();
}

inline void check(bool holds, const char* what) noexcept {
  if (!holds) broken(what);
}

// An error a person can act on says something, and places it with a JSON pointer.
inline void check_error(const error& e) noexcept {
  check(!e.message.empty(), "an error with an empty message");
  check(e.where.empty() || e.where.front() == '/', "an error whose place is not a JSON pointer");
}

// The fuzzer's bytes read as a stream, without copying them.
class memory_stream : private std::streambuf, public std::istream {
 public:
  explicit memory_stream(std::string_view bytes) : std::istream(static_cast<std::streambuf*>(this)) {
    char* begin = const_cast<char*>(bytes.data());  // the get area is only read from
    setg(begin, begin, begin + bytes.size());
  }
};

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points
// past U+10FFFF).
[[nodiscard]] inline bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return false;
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    if (c == 0xC0 || c == 0xC1 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||
        (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4)
      return false;
    i += n;
  }
  return true;
}

// The seeds' policy, validated once for the whole run.
[[nodiscard]] inline const validated_policy& default_policy() noexcept {
  static const validated_policy p = *validate(policy{});
  return p;
}

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace salesrules::fuzz

#endif  // SALESRULES_TESTS_FUZZ_SUPPORT_HPP
