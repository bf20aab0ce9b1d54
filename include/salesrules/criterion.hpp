// SPDX-License-Identifier: BSL-1.0
// salesrules/criterion.hpp - one condition of a stage's entry or exit.
//
// A criterion is a std::variant with one type per kind, each in its own header under
// criteria/ with everything about that kind: its data, the check validate() makes of
// it, its test of a deal (`met`), what an unmet one reports (its `unmet` type, in the
// kind's own units: score points, contacts, a milestone), its explanation and advice
// in words, and its JSON form (its described members beside "kind"). Adding a kind
// is its header, its line in criteria/kind.hpp, its #include and its type below, its
// line in tests/CMakeLists.txt's header list, and its test case in test_criteria.cpp.
//
//   stage.entry = {criteria::milestone_reached{milestone::meeting_held},
//                  criteria::score_at_least{18}};
//
// The alternatives are in the order of criterion_kind, so a criterion's kind is its
// index (kind_of), and an unmet_detail, built from the same list, holds the `unmet`
// type of the same kind at the same index.
#ifndef SALESRULES_CRITERION_HPP
#define SALESRULES_CRITERION_HPP

#include <salesrules/criteria/any_milestone_reached.hpp>
#include <salesrules/criteria/bant_confirmed.hpp>
#include <salesrules/criteria/champion_identified.hpp>
#include <salesrules/criteria/contacts_at_least.hpp>
#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/days_in_stage_at_most.hpp>
#include <salesrules/criteria/economic_buyer_identified.hpp>
#include <salesrules/criteria/field_condition.hpp>
#include <salesrules/criteria/holds.hpp>
#include <salesrules/criteria/icp_fit.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/criteria/loss_reason_recorded.hpp>
#include <salesrules/criteria/meddpicc_complete.hpp>
#include <salesrules/criteria/milestone_reached.hpp>
#include <salesrules/criteria/score_at_least.hpp>
#include <salesrules/criteria/tier_at_least.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/enum_set.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace salesrules {

using criterion =
    std::variant<criteria::milestone_reached, criteria::score_at_least, criteria::tier_at_least,
                 criteria::meddpicc_complete, criteria::contacts_at_least, criteria::economic_buyer_identified,
                 criteria::champion_identified, criteria::icp_fit, criteria::bant_confirmed,
                 criteria::loss_reason_recorded, criteria::holds, criteria::days_in_stage_at_most,
                 criteria::field_condition, criteria::any_milestone_reached>;

namespace detail {
template <class V>
struct unmet_of;
template <class... K>
struct unmet_of<std::variant<K...>> {
  using type = std::variant<typename K::unmet...>;
};

template <std::size_t... I>
consteval bool kinds_in_order(std::index_sequence<I...>) {
  return ((std::variant_alternative_t<I, criterion>::kind == static_cast<criterion_kind>(I)) && ...);
}
}  // namespace detail

// What an unmet criterion reports: the `unmet` type of its kind, at the kind's index.
using unmet_detail = detail::unmet_of<criterion>::type;

static_assert(std::variant_size_v<criterion> ==
                  boost::mp11::mp_size<boost::describe::describe_enumerators<criterion_kind>>::value,
              "one alternative of criterion per criterion_kind");
static_assert(detail::kinds_in_order(std::make_index_sequence<std::variant_size_v<criterion>>{}),
              "criterion's alternatives are in criterion_kind's order");

// std::visit for a criterion or an unmet_detail known to hold a value, without its
// bad_variant_access: a dispatch on the index, so that the noexcept functions that
// visit (validate, the gate, the explanations) can throw nothing. The caller rules
// out valueless_by_exception(); validate() refuses a valueless criterion, so a
// validated policy holds none.
template <class F, class V>
decltype(auto) visit_kind(F&& f, V& v) {
  constexpr std::size_t n = std::variant_size_v<std::remove_const_t<V>>;
  return boost::mp11::mp_with_index<n>(v.index(), [&](auto i) -> decltype(auto) { return f(*std::get_if<i>(&v)); });
}

// f(kind, its figures): a criterion and the unmet_detail a move check reported for it,
// of the same kind (the caller has checked kind_of on both).
template <class F>
decltype(auto) visit_unmet(F&& f, const criterion& c, const unmet_detail& what) {
  return visit_kind(
      [&](const auto& k) -> decltype(auto) {
        using kind = std::remove_cvref_t<decltype(k)>;
        return f(k, *std::get_if<typename kind::unmet>(&what));
      },
      c);
}

// The deal data `c` reads under `p` (deal_data.hpp): a check told that its deals lack
// one of them counts `c` as unknown rather than judging it.
[[nodiscard]] inline enum_set<deal_data> data_read_by(const criterion& c, const validated_policy& p) noexcept {
  if (c.valueless_by_exception()) return {};
  return visit_kind([&](const auto& k) { return k.reads(p); }, c);
}

[[nodiscard]] constexpr criterion_kind kind_of(const criterion& c) noexcept {
  return static_cast<criterion_kind>(c.index());
}
[[nodiscard]] constexpr criterion_kind kind_of(const unmet_detail& u) noexcept {
  return static_cast<criterion_kind>(u.index());
}

}  // namespace salesrules

#endif  // SALESRULES_CRITERION_HPP
