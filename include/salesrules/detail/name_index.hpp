// Names counted, merged and checked for repeats in time that grows with how many
// there are, not with its square: a hash, an equality and an order that ignore ASCII
// case (the hash and equality are transparent, so a std::string_view finds a
// std::string key without a copy), and each name's first earlier repeat, found by
// sorting rather than by comparing every pair.
#ifndef SALESRULES_DETAIL_NAME_INDEX_HPP
#define SALESRULES_DETAIL_NAME_INDEX_HPP

#include <salesrules/detail/text.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace salesrules::detail {

// FNV-1a over the lower-cased bytes, then a final mix so that the low bits, which
// pick the bucket, depend on every byte.
struct iname_hash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : s) {
      h ^= static_cast<unsigned char>(ascii_lower(c));
      h *= 1099511628211ULL;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
  }
};

struct iname_equal {
  using is_transparent = void;
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept { return iequals(a, b); }
};

// Byte order of the lower-cased names: names equal ignoring ASCII case are equivalent.
struct iname_less {
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
      const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
      const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
};

// Names (ignoring ASCII case) to V; a name keeps the spelling it was first added with.
template <class V>
using iname_map = std::unordered_map<std::string, V, iname_hash, iname_equal>;

constexpr std::size_t no_repeat = static_cast<std::size_t>(-1);

// For each of n names (name(i) gives the i-th as a std::string_view), the position
// of the first earlier name equivalent to it under `less`, or no_repeat. Sorting
// makes it O(n log n): in a run of equivalent names, every name after the first
// (in list order) repeats the first.
template <class Name, class Less = iname_less>
[[nodiscard]] std::vector<std::size_t> earlier_repeats(std::size_t n, Name name, Less less = {}) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return less(std::string_view(name(a)), std::string_view(name(b)));
  });
  std::vector<std::size_t> first(n, no_repeat);
  for (std::size_t k = 1; k < n; ++k) {
    const std::size_t prev = order[k - 1], at = order[k];
    if (!less(std::string_view(name(prev)), std::string_view(name(at))))
      first[at] = first[prev] == no_repeat ? prev : first[prev];
  }
  return first;
}

// Lists of names shorter than this are scanned rather than searched.
constexpr std::size_t scanned_names = 8;

// The positions of n names (name(i) gives the i-th) in exact byte order of the
// names, for find_sorted. The names must be unique.
template <class Name>
[[nodiscard]] std::vector<std::uint32_t> sorted_positions(std::size_t n, Name name) {
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::string_view(name(a)) < std::string_view(name(b));
  });
  return order;
}

// The position of the name equal to `wanted`: a scan of a short list, else a binary
// search of `sorted` (sorted_positions of the same names); no_repeat when none is.
template <class Name>
[[nodiscard]] std::size_t find_sorted(const std::vector<std::uint32_t>& sorted, Name name,
                                      std::string_view wanted) noexcept {
  if (sorted.size() < scanned_names) {
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (std::string_view(name(i)) == wanted) return i;
    return no_repeat;
  }
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), wanted, [&](std::uint32_t i, std::string_view w) {
    return std::string_view(name(i)) < w;
  });
  return it != sorted.end() && std::string_view(name(*it)) == wanted ? *it : no_repeat;
}

}  // namespace salesrules::detail

#endif  // SALESRULES_DETAIL_NAME_INDEX_HPP
