// SPDX-License-Identifier: BSL-1.0
// salesrules/names.hpp - enumerator names, both ways, from the Boost.Describe metadata.
//
// Every public enum is described, so JSON, CSV and reports spell its values the
// same way ("best_case", "meeting_held") without hand-written tables.
#ifndef SALESRULES_NAMES_HPP
#define SALESRULES_NAMES_HPP

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <optional>
#include <string_view>
#include <type_traits>

namespace salesrules {

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

}  // namespace salesrules

#endif  // SALESRULES_NAMES_HPP
