// SPDX-License-Identifier: BSL-1.0
// salesrules/criteria/field_condition.hpp - a condition on the deal's fields, the
// company's own or the built-in ones.
//
// {"kind": "field_condition", "when": {"field": "security_review", "op": "=", "value": true}}:
// the deal meets `when`, written in the condition language of condition.hpp. It names
// a deal's described members (amount, segment, contact_count, close_date, ...) or the
// custom fields the sales process declares (sales_process::fields), so a company adds
// a check of its own to a stage as data, with no host code. validate() compiles each
// one and refuses an unknown field (with the nearest name), an operator the field's
// type does not take or a value that does not read, at the condition's JSON pointer.
// A deal whose custom value does not read in its declared type, or whose amount is in
// another currency than the condition's, cannot be judged: the move is an error
// naming the field.
#ifndef SALESRULES_CRITERIA_FIELD_CONDITION_HPP
#define SALESRULES_CRITERIA_FIELD_CONDITION_HPP

#include <salesrules/condition.hpp>
#include <salesrules/criteria/context.hpp>
#include <salesrules/criteria/kind.hpp>
#include <salesrules/deal_data.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules::criteria {

struct field_condition {
  static constexpr criterion_kind kind = criterion_kind::field_condition;
  condition when;

  struct unmet {
    friend constexpr bool operator==(const unmet&, const unmet&) noexcept = default;
    BOOST_DESCRIBE_CLASS(unmet, (), (), (), ())
  };

  // Checked, and compiled, by validate(sales_process), which knows the declared fields.
  // What deal data it reads: the fields it names, which the company's export carries as
  // columns or leaves unset (an unset field is judged as unset).
  [[nodiscard]] enum_set<deal_data> reads(const validated_policy&) const noexcept { return {}; }
  [[nodiscard]] bool met(context& ctx, unmet&) const noexcept { return ctx.condition_holds(); }
  [[nodiscard]] std::string describe() const { return to_string(when); }
  [[nodiscard]] std::string explain(const unmet&, const validated_policy&) const { return describe(); }
  [[nodiscard]] std::string advice(const unmet&, const validated_policy&) const {
    return "Bring the deal's fields in line with the company's rule for the stage: " + describe() + ".";
  }
  friend bool operator==(const field_condition&, const field_condition&) = default;
};
BOOST_DESCRIBE_STRUCT(field_condition, (), (when))

}  // namespace salesrules::criteria

#endif  // SALESRULES_CRITERIA_FIELD_CONDITION_HPP
