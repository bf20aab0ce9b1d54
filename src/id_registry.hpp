// SPDX-License-Identifier: BSL-1.0
// The ids an import has taken and the line of each, to find a deal given twice.
//
// Internal to salesrules::io. A million ids cost about 30 MB: each id's bytes with its
// line (as varints) in 2 MiB blocks, and an open-addressing table of 8-byte slots (a
// hash tag and the entry's place), kept at most half full. Ids compare byte for byte:
// CRM ids are case-sensitive (Salesforce's 15-character ids differ only in case).
#ifndef SALESRULES_SRC_ID_REGISTRY_HPP
#define SALESRULES_SRC_ID_REGISTRY_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace salesrules::detail {

class id_registry {
 public:
  id_registry() = default;
  // Growing places entries by their stored hash bits up to 2^tag_index_bits slots and
  // reads their ids again past that; tests lower it to reach both ways with few ids.
  explicit id_registry(unsigned tag_index_bits) noexcept : tag_index_bits_(std::min(tag_index_bits, tag_bits)) {}

  // The line `id` was first taken on, or nullopt after taking it now on `line`.
  // Allocates as the registry grows (std::bad_alloc when memory runs out).
  std::optional<std::uint64_t> first_or_take(std::string_view id, std::uint64_t line) {
    return first_or_take(id, line, hash(id));
  }

  // The hash of `id`, with the cache line of its first slot asked for, so that a
  // first_or_take(id, line, hash) after other work finds it loaded: in a registry of a
  // million ids that slot is a cache miss.
  [[nodiscard]] std::uint64_t prefetch(std::string_view id) const noexcept {
    const std::uint64_t h = hash(id);
    prefetch_hash(h);
    return h;
  }
  // The same for a hash another registry's prefetch() gave (they hash alike).
  void prefetch_hash(std::uint64_t h) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(h)]);
  }

  // first_or_take with the hash prefetch() gave for `id`.
  std::optional<std::uint64_t> first_or_take(std::string_view id, std::uint64_t line, std::uint64_t h) {
    if ((count_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t mask = slots_.size() - 1;
    for (std::uint64_t i = home(h);; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = (tag(h) << place_bits) | (append(id, line) + 1);
        ++count_;
        return std::nullopt;
      }
      if ((slot >> place_bits) == tag(h)) {
        const entry e = read((slot & place_mask) - 1);
        if (e.id == id) return e.line;
      }
    }
  }

  // The line `id` was first taken on, if it was.
  [[nodiscard]] std::optional<std::uint64_t> find(std::string_view id) const noexcept { return find(id, hash(id)); }
  // find with the hash prefetch() gave for `id`.
  [[nodiscard]] std::optional<std::uint64_t> find(std::string_view id, std::uint64_t h) const noexcept {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t mask = slots_.size() - 1;
    for (std::uint64_t i = home(h);; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if ((slot >> place_bits) == tag(h)) {
        const entry e = read((slot & place_mask) - 1);
        if (e.id == id) return e.line;
      }
    }
  }

  // Whether `other` took an id this registry took. Reads other's ids in order and looks
  // each up here a few ids behind the prefetch of its slot, so that the cache misses of
  // a large registry overlap instead of following one another.
  [[nodiscard]] bool shares_an_id_with(const id_registry& other) const noexcept {
    bool shared = false;
    pipelined(other, [&](std::string_view id, std::uint64_t, std::uint64_t h) {
      shared = shared || find(id, h).has_value();
    });
    return shared;
  }

  // Takes every id of `other` with its line, in the order taken there (first_or_take of
  // each, pipelined as above).
  void take_all_of(const id_registry& other) {
    pipelined(other, [&](std::string_view id, std::uint64_t line, std::uint64_t h) {
      static_cast<void>(first_or_take(id, line, h));
    });
  }

  // Every id taken, with its line, in the order taken.
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      const std::size_t used = b + 1 == blocks_.size() ? used_ : filled_[b];
      for (std::size_t at = 0; at < used;) {
        const entry e = read((static_cast<std::uint64_t>(b) << offset_bits) | at);
        f(e.id, e.line);
        at += e.size;
      }
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return count_; }

 private:
  static constexpr unsigned offset_bits = 21;  // 2 MiB blocks: any id under the 1 MiB record limit fits one
  static constexpr std::size_t block_bytes = std::size_t{1} << offset_bits;
  static constexpr unsigned place_bits = 40;  // block and offset: 2^19 blocks, 1 TiB of ids
  static constexpr std::uint64_t place_mask = (std::uint64_t{1} << place_bits) - 1;

  struct entry {
    std::string_view id;
    std::uint64_t line;
    std::size_t size;  // bytes the entry takes in its block
  };

  // Eight bytes at a time, each word multiplied in and folded (ids are short: two or
  // three words), then mixed so that both the low bits (the slot) and the high ones
  // (the tag) vary.
  static std::uint64_t hash(std::string_view id) noexcept {
    constexpr std::uint64_t k = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h = id.size() * k;
    std::size_t i = 0;
    for (; i + 8 <= id.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, id.data() + i, 8);
      h = (h ^ w) * k;
      h ^= h >> 29;
    }
    if (i < id.size()) {
      std::uint64_t w = 0;
      std::memcpy(&w, id.data() + i, id.size() - i);
      h = (h ^ w) * k;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }
  // A slot holds the hash's top 24 bits beside the entry's place + 1 (never 0, so a
  // slot in use is never 0). The table is indexed by the hash's top bits too: up to
  // 2^24 slots, growing finds each entry's new slot from its tag, without reading its
  // id again.
  static constexpr unsigned tag_bits = 64 - place_bits;
  static std::uint64_t tag(std::uint64_t h) noexcept { return h >> place_bits; }
  [[nodiscard]] std::uint64_t home(std::uint64_t h) const noexcept { return h >> shift_; }

  static std::size_t put_varint(unsigned char* to, std::uint64_t v) noexcept {
    std::size_t n = 0;
    while (v >= 0x80) {
      to[n++] = static_cast<unsigned char>(v | 0x80);
      v >>= 7;
    }
    to[n++] = static_cast<unsigned char>(v);
    return n;
  }
  static std::uint64_t get_varint(const unsigned char* from, std::size_t& n) noexcept {
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      const unsigned char c = from[n++];
      v |= static_cast<std::uint64_t>(c & 0x7F) << shift;
      if ((c & 0x80) == 0) return v;
    }
  }

  // f(id, line, hash) for each id of `other` in the order taken, each one's slot here
  // prefetched `ahead` ids before f sees it.
  template <class F>
  void pipelined(const id_registry& other, F&& f) const {
    constexpr std::size_t ahead = 16;
    struct pending {
      std::string_view id;
      std::uint64_t line = 0, hash = 0;
    };
    std::array<pending, ahead> ring{};
    std::size_t seen = 0;
    other.for_each([&](std::string_view id, std::uint64_t line) {
      pending& p = ring[seen % ahead];
      if (seen >= ahead) f(p.id, p.line, p.hash);
      p = {id, line, hash(id)};
      prefetch_hash(p.hash);
      ++seen;
    });
    for (std::size_t i = seen > ahead ? seen - ahead : 0; i < seen; ++i) {
      const pending& p = ring[i % ahead];
      f(p.id, p.line, p.hash);
    }
  }

  // The entry's place: its block in the high bits, its offset in the low.
  std::uint64_t append(std::string_view id, std::uint64_t line) {
    const std::size_t need = id.size() + 20;  // two varints of at most 10 bytes
    if (blocks_.empty() || used_ + need > block_bytes) {
      if (!blocks_.empty()) filled_.push_back(used_);
      blocks_.push_back(std::make_unique_for_overwrite<unsigned char[]>(block_bytes));
      used_ = 0;
    }
    unsigned char* at = blocks_.back().get() + used_;
    std::size_t n = put_varint(at, line);
    n += put_varint(at + n, id.size());
    if (!id.empty()) std::memcpy(at + n, id.data(), id.size());
    const std::uint64_t place = (static_cast<std::uint64_t>(blocks_.size() - 1) << offset_bits) | used_;
    used_ += n + id.size();
    return place;
  }

  [[nodiscard]] entry read(std::uint64_t place) const noexcept {
    const unsigned char* at = blocks_[place >> offset_bits].get() + (place & (block_bytes - 1));
    std::size_t n = 0;
    const std::uint64_t line = get_varint(at, n);
    const auto size = static_cast<std::size_t>(get_varint(at, n));
    return {std::string_view(reinterpret_cast<const char*>(at + n), size), line, n + size};
  }

  void grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    const std::uint64_t mask = slots_.size() - 1;
    const unsigned index_bits = 64 - shift_;
    for (const std::uint64_t slot : old) {
      if (slot == 0) continue;
      std::uint64_t i = index_bits <= tag_index_bits_ ? (slot >> place_bits) >> (tag_bits - index_bits)
                                               : home(hash(read((slot & place_mask) - 1).id));
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<std::uint64_t> slots_;
  unsigned shift_ = 64;  // 64 less log2 of the slot count
  unsigned tag_index_bits_ = tag_bits;  // up to 2^this slots, growing reads no id
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  std::vector<std::size_t> filled_;  // bytes used in each full block
  std::size_t used_ = 0;             // bytes used in the last block
  std::size_t count_ = 0;
};

}  // namespace salesrules::detail

#endif  // SALESRULES_SRC_ID_REGISTRY_HPP
