// SPDX-License-Identifier: BSL-1.0
// salesrules/names.hpp - how names are matched: the names a policy defines, and
// enumerator names both ways from the Boost.Describe metadata.
//
// One rule for every name a policy defines - stages, approval levels, host
// predicates, segments (win/loss targets, the ICP), loss reasons and industries:
// two names are the same name when they are equal ignoring ASCII case. Lookups
// ("proposal" finds the stage "Proposal"), duplicate checks ("VP" and "vp" are one
// level, so a policy cannot define both) and cross-references between sections all
// follow it. Only A-Z and a-z fold; every other byte, spaces included, compares
// exactly (no Unicode folding, no trimming). What the library outputs is always the
// policy's own spelling, never the one a deal or a request used. Deal ids are not
// names and match exactly; currency codes are ISO 4217 codes, read in either case
// (money.hpp).
//
// Every public enum is described, so JSON, CSV and reports spell its values the
// same way ("best_case", "meeting_held") without hand-written tables.
#ifndef SALESRULES_NAMES_HPP
#define SALESRULES_NAMES_HPP

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

namespace salesrules {

// Whether `a` and `b` are the same policy-defined name: equal ignoring ASCII case.
// Allocation-free; compares eight bytes at a time.
[[nodiscard]] constexpr bool same_name(std::string_view a, std::string_view b) noexcept;

template <class E>
concept described_enum =
    std::is_enum_v<E> && boost::describe::has_describe_enumerators<E>::value;

// The enumerator's name as written in the source: "needs_qualification".
// A value outside the enumeration gives "".
template <described_enum E>
[[nodiscard]] constexpr std::string_view name_of(E e) noexcept {
  std::string_view name;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (d.value == e) name = d.name;
  });
  return name;
}

// The enumerator with this exact name, if there is one.
template <described_enum E>
[[nodiscard]] constexpr std::optional<E> from_name(std::string_view name) noexcept {
  std::optional<E> found;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (!found && name == d.name) found = d.value;
  });
  return found;
}

// ---------------------------------------------------------------------------
// Implementation

namespace detail {
[[nodiscard]] constexpr char fold_ascii(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Eight bytes with A-Z lowered: a byte's high bit is set past 'A' - 1 and past 'Z'
// by adding to its low seven bits (no carry leaves a byte); bytes of 0x80 and up
// are left alone.
[[nodiscard]] inline std::uint64_t fold_word(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t low = w & (0x7FU * ones);
  const std::uint64_t from_a = low + (0x80U - 'A') * ones;
  const std::uint64_t past_z = low + (0x80U - 'Z' - 1U) * ones;
  const std::uint64_t upper = from_a & ~past_z & ~w & (0x80U * ones);
  return w | (upper >> 2);
}

// A name's size and its first eight bytes folded, zero past its end, read once so
// that a name is matched against many by comparing two words: names of at most eight
// bytes are the same name exactly when their keys are equal, and names whose keys
// differ never are (longer names with equal keys are then compared whole).
// Trivial, so that a table of keys costs nothing until filled.
struct name_key {
  std::uint64_t head;
  std::size_t size;
  friend bool operator==(const name_key&, const name_key&) = default;
};
// sizeof(U) bytes from `p`, in one load.
template <class U>
[[nodiscard]] inline std::uint64_t load_bytes(const char* p) noexcept {
  U u;
  std::memcpy(&u, p, sizeof u);
  return u;
}
// The first eight bytes of `s` (all of them when fewer) as one word, zero past them, unfolded.
[[nodiscard]] inline std::uint64_t head_word(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t w = 0;
  // Read in whole loads: a short name copied into a word a byte at a time and read
  // back whole stalls on store forwarding. Under eight bytes, two overlapping loads
  // (the first and last four, or two, bytes) put each byte at its place.
  if (n >= 8) w = load_bytes<std::uint64_t>(p);
  else if constexpr (std::endian::native != std::endian::little)
    for (std::size_t i = 0; i < n; ++i) w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  else if (n >= 4) w = load_bytes<std::uint32_t>(p) | load_bytes<std::uint32_t>(p + n - 4) << (8 * (n - 4));
  else if (n >= 2) w = load_bytes<std::uint16_t>(p) | load_bytes<std::uint16_t>(p + n - 2) << (8 * (n - 2));
  else if (n == 1) w = static_cast<unsigned char>(p[0]);
  return w;
}
[[nodiscard]] inline name_key key_of(std::string_view name) noexcept {
  return {fold_word(head_word(name)), name.size()};
}
// Whether the bytes of `a` and `b` past `from` are alike by `alike` (on 64-bit words),
// for two names of size n >= 8, from < n: whole words, then the last eight bytes
// (overlapping the last whole word when n is not a multiple of 8). Pointers, not
// views: views passed here cost the company decision 21 instructions more. The
// callers pass the views' data with their size (clang-tidy's stringview-data check
// cannot see that, hence the NOLINTs).
template <class Alike>
[[nodiscard]] [[gnu::always_inline]] inline bool words_alike(const char* a, const char* b, std::size_t from,
                                                             std::size_t n, Alike alike) noexcept {
  const auto word = [&](std::size_t at) {
    return alike(load_bytes<std::uint64_t>(a + at), load_bytes<std::uint64_t>(b + at));
  };
  for (std::size_t i = from; i + 8 < n; i += 8)
    if (!word(i)) return false;
  return word(n - 8);
}
// Two words alike but for ASCII case.
struct fold_alike {
  bool operator()(std::uint64_t x, std::uint64_t y) const noexcept { return x == y || fold_word(x) == fold_word(y); }
};
// Whether `a` and `b` are the same bytes: a name written exactly as it is declared,
// matched without folding (same_keyed is the match; this is its quick yes).
[[nodiscard]] inline bool same_bytes(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n <= 8) return head_word(a) == head_word(b);
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage) : n is their size
  return words_alike(a.data(), b.data(), 0, n, [](std::uint64_t x, std::uint64_t y) { return x == y; });
}
// Whether `a` (whose key is `ka`) and `b` (key `kb`) are the same name. Equal keys
// have the sizes and the first eight bytes (folded) alike, so only the bytes past
// them are compared.
[[nodiscard]] inline bool same_keyed(std::string_view a, name_key ka, std::string_view b, name_key kb) noexcept {
  if (!(ka == kb)) return false;
  if (ka.size <= 8) return true;
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage) : ka.size is their size
  return words_alike(a.data(), b.data(), 8, ka.size, fold_alike{});
}
}  // namespace detail

constexpr bool same_name(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8 || std::is_constant_evaluated()) {
    for (std::size_t i = 0; i < n; ++i)
      if (detail::fold_ascii(a[i]) != detail::fold_ascii(b[i])) return false;
    return true;
  }
  // A name of 8 to 16 bytes, as most stage names are, is two words.
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage) : n is their size
  return detail::words_alike(a.data(), b.data(), 0, n, detail::fold_alike{});
}

}  // namespace salesrules

#endif  // SALESRULES_NAMES_HPP
