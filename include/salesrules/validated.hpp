// SPDX-License-Identifier: BSL-1.0
// salesrules/validated.hpp - a policy that has passed its checks.
//
// Policies are plain aggregates so hosts can write them with designated
// initializers. Decision functions, though, accept only validated<Policy>, which
// only the library's validate() functions can make: an invalid policy cannot reach
// a decision unnoticed. A policy whose decisions run hot may specialize validated<>
// to keep a form prepared for them beside the data (see discount_policy.hpp).
#ifndef SALESRULES_VALIDATED_HPP
#define SALESRULES_VALIDATED_HPP

#include <utility>

namespace salesrules {

namespace detail {
struct validated_access;
}

template <class Policy>
class validated {
 public:
  [[nodiscard]] constexpr const Policy& get() const noexcept { return value_; }
  [[nodiscard]] constexpr const Policy& operator*() const noexcept { return value_; }
  [[nodiscard]] constexpr const Policy* operator->() const noexcept { return &value_; }

  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

 private:
  constexpr explicit validated(Policy p) : value_(std::move(p)) {}
  friend struct detail::validated_access;
  Policy value_;
};

namespace detail {
// Only validate() implementations call this, after every check has passed.
struct validated_access {
  template <class Policy, class... Derived>
  [[nodiscard]] static constexpr validated<Policy> make(Policy p, Derived&&... derived) {
    return validated<Policy>(std::move(p), std::forward<Derived>(derived)...);
  }
  // The form a validated policy keeps for the library's own use, where it has one
  // (a discount policy's compiled bands and rules).
  template <class Validated>
  [[nodiscard]] static constexpr const auto& compiled(const Validated& v) noexcept {
    return v.compiled_;
  }
};
}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_VALIDATED_HPP
