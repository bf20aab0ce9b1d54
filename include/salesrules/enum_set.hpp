// SPDX-License-Identifier: BSL-1.0
// salesrules/enum_set.hpp - a set of enumerators of a described enum, as a bit mask;
// or of places 0-31 of an index enum (is_index_enum), whose names a policy holds.
//
// Results use it to list criteria (the weakest scorecard criteria, the missing
// MEDDPICC fields, the failed ICP criteria) without allocating. Iteration visits
// the members in enumerator order.
#ifndef SALESRULES_ENUM_SET_HPP
#define SALESRULES_ENUM_SET_HPP

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <type_traits>

namespace salesrules {

// An enum with no enumerators that is a strong index into a policy's list of names
// (reviewer_index): its sets hold the places 0-31, and the policy names them.
template <class E>
inline constexpr bool is_index_enum = false;

namespace detail {
// The enumerators of E, described in order, must be 0, 1, 2, ...: a set is indexed by value.
template <class E>
consteval bool dense_enum() {
  if constexpr (is_index_enum<E>) {
    return true;
  } else {
    std::size_t i = 0;
    bool ok = true;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
      if (static_cast<std::size_t>(d.value) != i++) ok = false;
    });
    return ok;
  }
}
template <class E>
consteval std::size_t enum_capacity() {
  if constexpr (is_index_enum<E>) return 32;
  else return boost::mp11::mp_size<boost::describe::describe_enumerators<E>>::value;
}
}  // namespace detail

template <class E>
class enum_set {
  static_assert(std::is_enum_v<E>, "enum_set holds enumerators of a described enum, or places of an index enum");

 public:
  // The number of enumerators E has (32 for an index enum).
  static constexpr std::size_t capacity = detail::enum_capacity<E>();
  static_assert(capacity <= 32, "enum_set holds at most 32 enumerators");
  static_assert(detail::dense_enum<E>(), "enum_set needs enumerators numbered 0, 1, 2, ... in order");

  constexpr enum_set() noexcept = default;
  constexpr enum_set(std::initializer_list<E> members) noexcept {
    for (E e : members) insert(e);
  }
  [[nodiscard]] static constexpr enum_set all() noexcept {
    enum_set s;
    s.bits_ = capacity == 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << capacity) - 1U;
    return s;
  }

  constexpr void insert(E e) noexcept { bits_ |= bit(e); }
  constexpr void erase(E e) noexcept { bits_ &= ~bit(e); }
  [[nodiscard]] constexpr bool contains(E e) const noexcept { return (bits_ & bit(e)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr std::size_t size() const noexcept {
    return static_cast<std::size_t>(std::popcount(bits_));
  }

  class iterator {
   public:
    using value_type = E;
    using difference_type = std::ptrdiff_t;
    constexpr iterator() noexcept = default;
    constexpr E operator*() const noexcept { return static_cast<E>(std::countr_zero(rest_)); }
    constexpr iterator& operator++() noexcept {
      rest_ &= rest_ - 1U;
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend constexpr bool operator==(iterator, iterator) noexcept = default;

   private:
    friend class enum_set;
    constexpr explicit iterator(std::uint32_t rest) noexcept : rest_(rest) {}
    std::uint32_t rest_ = 0;
  };
  [[nodiscard]] constexpr iterator begin() const noexcept { return iterator(bits_); }
  [[nodiscard]] constexpr iterator end() const noexcept { return iterator(0); }

  friend constexpr bool operator==(enum_set, enum_set) noexcept = default;

  // Union, intersection and difference (members of a not in b).
  [[nodiscard]] friend constexpr enum_set operator|(enum_set a, enum_set b) noexcept { return from_bits(a.bits_ | b.bits_); }
  [[nodiscard]] friend constexpr enum_set operator&(enum_set a, enum_set b) noexcept { return from_bits(a.bits_ & b.bits_); }
  [[nodiscard]] friend constexpr enum_set operator-(enum_set a, enum_set b) noexcept { return from_bits(a.bits_ & ~b.bits_); }
  constexpr enum_set& operator|=(enum_set b) noexcept { return *this = *this | b; }
  constexpr enum_set& operator&=(enum_set b) noexcept { return *this = *this & b; }
  constexpr enum_set& operator-=(enum_set b) noexcept { return *this = *this - b; }

 private:
  static constexpr enum_set from_bits(std::uint32_t bits) noexcept {
    enum_set s;
    s.bits_ = bits;
    return s;
  }
  // A value outside the enumeration has no bit: it is never a member.
  static constexpr std::uint32_t bit(E e) noexcept {
    const auto i = static_cast<std::uint32_t>(e);
    return i < capacity ? std::uint32_t{1} << i : 0;
  }
  std::uint32_t bits_ = 0;
};

}  // namespace salesrules

#endif  // SALESRULES_ENUM_SET_HPP
