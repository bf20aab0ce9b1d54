// A stand-in for <tl/expected.hpp>, for one test only: it proves salesrules'
// public headers compile as C++20 when SALESRULES_USE_TL_EXPECTED=1, on a machine
// where the real tl-expected package is not installed. It has only the members the
// library uses, and is never installed or used by anything else.
#ifndef SALESRULES_TEST_TL_EXPECTED_STANDIN
#define SALESRULES_TEST_TL_EXPECTED_STANDIN

#include <type_traits>
#include <utility>
#include <variant>

namespace tl {

template <class E>
class unexpected {
 public:
  constexpr explicit unexpected(const E& e) : e_(e) {}
  constexpr explicit unexpected(E&& e) : e_(std::move(e)) {}
  constexpr E& value() & { return e_; }
  constexpr E&& value() && { return std::move(e_); }

 private:
  E e_;
};
template <class E>
unexpected(E) -> unexpected<E>;

template <class T, class E>
class expected {
 public:
  template <class U = T, std::enable_if_t<std::is_convertible_v<U&&, T>, int> = 0>
  constexpr expected(U&& v) : v_(std::in_place_index<0>, std::forward<U>(v)) {}
  template <class... A>
  constexpr explicit expected(std::in_place_t, A&&... a) : v_(std::in_place_index<0>, std::forward<A>(a)...) {}
  template <class G>
  constexpr expected(unexpected<G> u) : v_(std::in_place_index<1>, std::move(u).value()) {}
  template <class G>
  constexpr expected& operator=(unexpected<G> u) {
    v_.template emplace<1>(std::move(u).value());
    return *this;
  }

  constexpr bool has_value() const noexcept { return v_.index() == 0; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr T& operator*() & noexcept { return *std::get_if<0>(&v_); }
  constexpr const T& operator*() const& noexcept { return *std::get_if<0>(&v_); }
  constexpr T* operator->() noexcept { return std::get_if<0>(&v_); }
  constexpr const T* operator->() const noexcept { return std::get_if<0>(&v_); }
  constexpr E& error() & noexcept { return *std::get_if<1>(&v_); }
  constexpr const E& error() const& noexcept { return *std::get_if<1>(&v_); }
  template <class U>
  constexpr T value_or(U&& u) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(u));
  }

 private:
  std::variant<T, E> v_;
};

}  // namespace tl

#endif
