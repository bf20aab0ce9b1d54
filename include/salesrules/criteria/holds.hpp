// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/holds.hpp - a host's own test of the deal, by name.
//
// {"kind": "predicate", "predicate": "legal_ok"}: the host function registered under
// that name in the process's predicates (stage.hpp's named_predicate) answers true.
// The name matches as names.hpp says, ignoring ASCII case; validate() refuses a
// criterion naming a predicate that is not registered.
#ifndef SALESRULES_CRITERIA_HOLDS_HPP
#define SALESRULES_CRITERIA_HOLDS_HPP

#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/error.hpp>
#include <salesrules/names.hpp>

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace salesrules {
struct sales_process;

namespace criteria {

struct holds {
  static constexpr criterion_kind kind = criterion_kind::predicate;
  std::string predicate;  // the registered name

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // A template only so that its body sees the whole sales_process, which stage.hpp
  // defines after including this header.
  template <class Process = sales_process>
  [[nodiscard]] std::optional<error> check(const Process& p, std::string_view at) const {
    for (const auto& np : p.predicates)
      if (same_name(np.name, predicate)) return std::nullopt;
    return error{errc::unknown_name, std::string(at) + "/predicate",
                 "predicate " + detail::quoted(predicate) + " is not registered in the policy's predicates"};
  }
  // What deal data it reads: nothing an import could lack, as far as the library
  // knows; the host's predicate reads what it reads.
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return ctx.holds(predicate); }
  // The whole name, quoted: a long name is not cut short, as an error message's would be.
  [[nodiscard]] std::string describe() const { return "'" + predicate + "'"; }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Meet the company's own check for the stage.";
  }
  friend bool operator==(const holds&, const holds&) = default;
};
BOOST_DESCRIBE_STRUCT(holds, (), (predicate))

}  // namespace criteria
}  // namespace salesrules

#endif  // SALESRULES_CRITERIA_HOLDS_HPP
