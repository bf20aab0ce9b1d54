// SPDX-License-Identifier: BSL-1.0
// Names counted, merged and checked for repeats in time that grows with how many
// there are, not with its square: a hash, an equality and an order that ignore ASCII
// case, a table that numbers names by hash, each name's first earlier repeat found
// by sorting rather than by comparing every pair, and lookups in a sorted list.
#ifndef SALESRULES_DETAIL_NAME_INDEX_HPP
#define SALESRULES_DETAIL_NAME_INDEX_HPP

#include <salesrules/detail/text.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules::detail {

// FNV-1a over the lower-cased bytes, then a final mix so that the low bits, which
// pick the bucket, depend on every byte.
struct iname_hash {
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

// names.hpp's rule for a policy's names.
struct iname_equal {
  [[nodiscard]] bool operator()(std::string_view a, std::string_view b) const noexcept { return same_name(a, b); }
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

// Names numbered 0, 1, 2, ... in the order first added, found by hash: an open-
// addressing table of numbers (linear probing, at most half full) with each name's
// hash kept beside it, so that a lookup reads a name's bytes only when the hashes
// agree: about two cache misses a lookup, however many names. Name is
// std::string_view (the names must outlive the table) or std::string (kept here).
// Hash and Equal must agree (equal names, equal hashes).
template <class Name, class Hash, class Equal>
class name_table {
 public:
  // The number of `name`, and whether it was added (as the next number) just now.
  std::pair<std::size_t, bool> insert(std::string_view name) {
    if (2 * (names_.size() + 1) > slots_.size()) grow();
    const std::uint64_t h = Hash{}(name);
    std::size_t at = slot_of(h);
    for (; slots_[at] != 0; at = (at + 1) & (slots_.size() - 1)) {
      const std::size_t n = slots_[at] - 1;
      if (hashes_[n] == h && Equal{}(std::string_view(names_[n]), name)) return {n, false};
    }
    slots_[at] = static_cast<std::uint32_t>(names_.size() + 1);
    names_.emplace_back(name);
    hashes_.push_back(h);
    return {names_.size() - 1, true};
  }

  // The number of `name`, or no number (the table's size) when it was never added.
  [[nodiscard]] std::size_t find(std::string_view name) const noexcept {
    if (names_.empty()) return names_.size();
    const std::uint64_t h = Hash{}(name);
    for (std::size_t at = slot_of(h); slots_[at] != 0; at = (at + 1) & (slots_.size() - 1)) {
      const std::size_t n = slots_[at] - 1;
      if (hashes_[n] == h && Equal{}(std::string_view(names_[n]), name)) return n;
    }
    return names_.size();
  }

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] bool empty() const noexcept { return names_.empty(); }
  [[nodiscard]] const Name& name(std::size_t n) const noexcept { return names_[n]; }

 private:
  [[nodiscard]] std::size_t slot_of(std::uint64_t h) const noexcept {
    return static_cast<std::size_t>(h) & (slots_.size() - 1);
  }

  void grow() {
    std::vector<std::uint32_t> slots(std::max<std::size_t>(16, slots_.size() * 2), 0);
    slots_.swap(slots);
    for (std::size_t n = 0; n < names_.size(); ++n) {
      std::size_t at = slot_of(hashes_[n]);
      while (slots_[at] != 0) at = (at + 1) & (slots_.size() - 1);
      slots_[at] = static_cast<std::uint32_t>(n + 1);
    }
  }

  std::vector<Name> names_;
  std::vector<std::uint64_t> hashes_;  // each name's hash, by number
  std::vector<std::uint32_t> slots_;   // number + 1, or 0 for an empty slot; a power of two long
};

// Names numbered by their first spelling, ignoring ASCII case.
template <class Name>
using iname_table = name_table<Name, iname_hash, iname_equal>;

// Names numbered exactly.
struct exact_hash {
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class Name>
using exact_name_table = name_table<Name, exact_hash, std::equal_to<>>;

constexpr std::size_t no_repeat = static_cast<std::size_t>(-1);

// For each of n names (name(i) gives the i-th as a std::string_view), the position
// of the first earlier name equivalent to it under `less`, or no_repeat. Sorting
// makes it O(n log n): in a run of equivalent names, every name after the first
// (in list order) repeats the first.
template <class Name, class Less = iname_less>
[[nodiscard]] std::vector<std::size_t> earlier_repeats(std::size_t n, Name name, Less less = {}) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  // Equivalent names keep list order by their positions (std::sort, not stable_sort,
  // whose buffer Clang flags as deprecated in GCC 12's libstdc++).
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::string_view x(name(a)), y(name(b));
    if (less(x, y)) return true;
    if (less(y, x)) return false;
    return a < b;
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

// The positions of n names (name(i) gives the i-th) in iname_less order, for
// find_sorted. The names must be unique ignoring ASCII case.
template <class Name>
[[nodiscard]] std::vector<std::uint32_t> sorted_positions(std::size_t n, Name name) {
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return iname_less{}(std::string_view(name(a)), std::string_view(name(b)));
  });
  return order;
}

// The position of the name that is `wanted` under names.hpp's rule (ignoring ASCII
// case): a scan of a short list, else a binary search of `sorted` (sorted_positions
// of the same names); no_repeat when none is.
template <class Name>
[[nodiscard]] std::size_t find_sorted(const std::vector<std::uint32_t>& sorted, Name name,
                                      std::string_view wanted) noexcept {
  if (sorted.size() < scanned_names) {
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (same_name(std::string_view(name(i)), wanted)) return i;
    return no_repeat;
  }
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), wanted, [&](std::uint32_t i, std::string_view w) {
    return iname_less{}(std::string_view(name(i)), w);
  });
  return it != sorted.end() && same_name(std::string_view(name(*it)), wanted) ? *it : no_repeat;
}

}  // namespace salesrules::detail

#endif  // SALESRULES_DETAIL_NAME_INDEX_HPP
