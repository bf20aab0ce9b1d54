// SPDX-License-Identifier: BSL-1.0
// salesrules/discount_request.hpp - what a rep asks the approval matrix for: a
// discount on a quote's lines (or stated directly), with the deal's terms and the
// host's custom fields. Decided by decide_discount (discount.hpp) under a
// validated discount_policy (discount_policy.hpp), whose approval rules read these
// fields by name.
#ifndef SALESRULES_DISCOUNT_REQUEST_HPP
#define SALESRULES_DISCOUNT_REQUEST_HPP

#include <salesrules/fields.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salesrules {

// One line of a quote: its list and net price, in one currency, and the line fields
// the policy declares (product family, say).
struct quote_line {
  money list;
  money net;
  custom_fields fields;
  friend bool operator==(const quote_line&, const quote_line&) = default;
};
BOOST_DESCRIBE_STRUCT(quote_line, (), (list, net, fields))

// What the rep asks for.
struct discount_request {
  std::vector<quote_line> lines;     // list and net per line; or, with no lines, `discount`
  std::optional<percent> discount;   // a discount stated directly
  std::optional<money> deal_amount;  // for amount rules; when unset, the lines' net total
  std::int32_t term_months = 12;
  std::int32_t payment_days = 30;
  bool nonstandard_terms = false;
  bool phased_rollout = false;
  std::vector<std::string> evidence;  // what the rep brings, by the policy's evidence names
  custom_fields fields;               // the request fields the policy declares (region, deal type)
  friend bool operator==(const discount_request&, const discount_request&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_request, (),
                      (lines, discount, deal_amount, term_months, payment_days, nonstandard_terms, phased_rollout,
                       evidence, fields))

}  // namespace salesrules

#endif  // SALESRULES_DISCOUNT_REQUEST_HPP
