// SPDX-License-Identifier: BSL-1.0
// salesrules/inline_vector.hpp - a list that keeps its first N elements inline.
//
// Decisions return lists (unmet criteria, findings) without allocating in the
// common case: up to N elements live inside the object; past N the whole list
// moves to the heap. Elements are contiguous either way. (Boost.Container's
// small_vector does the same job, but GCC 12 at -O3 reports false
// -Wstringop-overread warnings inside it wherever a result is moved, which would
// break hosts that build with -Werror.)
#ifndef SALESRULES_INLINE_VECTOR_HPP
#define SALESRULES_INLINE_VECTOR_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace salesrules {

template <class T, std::size_t N>
class inline_vector {
  static_assert(N > 0, "inline_vector keeps at least one element inline");
  static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>,
                "inline_vector holds small plain values");

 public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = T*;
  using const_iterator = const T*;
  static constexpr std::size_t inline_capacity = N;

  // The inline slots stay unwritten until used; "= default" would zero them all
  // whenever an inline_vector is value-initialised.
  inline_vector() noexcept {}  // NOLINT(modernize-use-equals-default)
  inline_vector(const inline_vector& o) : size_(o.size_), heap_(o.heap_) {
    if (heap_.empty()) std::copy_n(o.inline_.data(), size_, inline_.data());
  }
  inline_vector(inline_vector&& o) noexcept : size_(o.size_), heap_(std::move(o.heap_)) {
    if (heap_.empty()) std::copy_n(o.inline_.data(), size_, inline_.data());
    o.size_ = 0;
    o.heap_.clear();
  }
  inline_vector& operator=(const inline_vector& o) {
    if (this != &o) *this = inline_vector(o);
    return *this;
  }
  inline_vector& operator=(inline_vector&& o) noexcept {
    if (this == &o) return *this;
    size_ = o.size_;
    heap_ = std::move(o.heap_);
    if (heap_.empty()) std::copy_n(o.inline_.data(), size_, inline_.data());
    o.size_ = 0;
    o.heap_.clear();
    return *this;
  }
  ~inline_vector() = default;

  // Allocates only when the list grows past N elements.
  void push_back(const T& value) {
    if (heap_.empty() && size_ < N) {
      inline_[size_++] = value;
      return;
    }
    if (heap_.empty()) heap_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
    heap_.push_back(value);
    ++size_;
  }
  // A new value-initialized element at the end, to be filled in place.
  T& emplace_back() {
    if (heap_.empty() && size_ < N) return inline_[size_++] = T{};
    if (heap_.empty()) heap_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
    T& added = heap_.emplace_back();
    ++size_;  // only once the element exists
    return added;
  }
  // Remove the last element (the list must not be empty).
  void pop_back() noexcept {
    --size_;
    if (!heap_.empty()) heap_.pop_back();
  }
  void clear() noexcept {
    size_ = 0;
    heap_.clear();
  }

  [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
  [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] constexpr const T* data() const noexcept { return heap_.empty() ? inline_.data() : heap_.data(); }
  [[nodiscard]] constexpr const T* begin() const noexcept { return data(); }
  [[nodiscard]] constexpr const T* end() const noexcept { return data() + size_; }
  [[nodiscard]] constexpr const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  [[nodiscard]] constexpr const T& front() const noexcept { return data()[0]; }
  [[nodiscard]] constexpr const T& back() const noexcept { return data()[size_ - 1]; }
  [[nodiscard]] constexpr T* data() noexcept { return heap_.empty() ? inline_.data() : heap_.data(); }
  [[nodiscard]] constexpr T* begin() noexcept { return data(); }
  [[nodiscard]] constexpr T* end() noexcept { return data() + size_; }
  [[nodiscard]] constexpr T& operator[](std::size_t i) noexcept { return data()[i]; }

  friend constexpr bool operator==(const inline_vector& a, const inline_vector& b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::array<T, N> inline_;  // only the first size_ slots are written (unless on the heap)
  std::size_t size_ = 0;
  std::vector<T> heap_;  // empty until the list outgrows the inline storage
};

}  // namespace salesrules

#endif  // SALESRULES_INLINE_VECTOR_HPP
