// SPDX-License-Identifier: BSL-1.0
// salesrules/error.hpp - what went wrong, and where.
//
// Every fallible function returns expected<T, error>. An error names the kind of
// failure, the place (a field name, a JSON pointer such as "/process/stages/2/name",
// or a CSV column, plus line and column numbers when the input came from a file)
// and a sentence a person can act on.
#ifndef SALESRULES_ERROR_HPP
#define SALESRULES_ERROR_HPP

#include <salesrules/expected.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules {

// The kind of failure. Hosts branch on this; the message is for people.
enum class errc : std::uint8_t {
  syntax,             // text is not in the required form ("2026-2-3", "12,50")
  out_of_range,       // well-formed but outside the allowed values (rating 7, 2026-02-30)
  overflow,           // an amount or a sum beyond 64-bit minor units
  currency_mismatch,  // arithmetic or comparison across two currencies
  unknown_currency,   // not an ISO 4217 code this library knows
  unknown_name,       // a stage, predicate or field that is not defined
  duplicate,          // a name defined twice
  invalid_policy,     // policy settings that contradict each other
  not_allowed,        // a move the policy forbids
  criteria_unmet,     // a stage move refused because criteria are not met
  inconsistent,       // fields of one record contradict each other (outcome won, stage open)
  missing,            // a field the question needs is absent (no deal amount for an amount rule)
  no_memory,          // memory ran out while reading input (the tool says so rather than misreading it)
  too_large,          // an input past a size limit (a whole document over its limit)
};
BOOST_DESCRIBE_ENUM(errc, syntax, out_of_range, overflow, currency_mismatch, unknown_currency,
                    unknown_name, duplicate, invalid_policy, not_allowed, criteria_unmet,
                    inconsistent, missing, no_memory, too_large)

struct error {
  errc code{};
  std::string where;         // field, JSON pointer or column name
  std::string message;       // what was wrong, in a sentence
  std::uint64_t line = 0;    // 1-based line of a file; 0 when not from a file
  std::uint64_t column = 0;  // 1-based column of a file; 0 when none

  friend bool operator==(const error&, const error&) = default;
};
BOOST_DESCRIBE_STRUCT(error, (), (code, where, message, line, column))

// "line 4, column 6 (amount): '12.345' has 3 decimals but USD allows 2"
[[nodiscard]] inline std::string to_string(const error& e) noexcept {
  std::string out;
  if (e.line != 0) {
    out += "line " + std::to_string(e.line);
    if (e.column != 0) out += ", column " + std::to_string(e.column);
    out += e.where.empty() ? ": " : " (" + e.where + "): ";
  } else if (!e.where.empty()) {
    out += e.where + ": ";
  }
  out += e.message;
  return out;
}

namespace detail {
[[nodiscard]] inline unexpected<error> fail(errc code, std::string where, std::string message) {
  return unexpected<error>(error{code, std::move(where), std::move(message)});
}

// How many bytes of user input quoted() shows.
inline constexpr std::size_t quote_limit = 40;

// Quote a piece of user input for a message, cut to a readable length (never inside
// a UTF-8 sequence).
[[nodiscard]] inline std::string quoted(std::string_view text) {
  std::size_t limit = quote_limit;
  if (text.size() > limit)
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0U) == 0x80U) --limit;
  std::string out = "'";
  out.append(text.substr(0, limit));
  if (text.size() > limit) out += "...";
  out += "'";
  return out;
}

// Prefix the place of an error with the path of the section it came from.
[[nodiscard]] inline error within(std::string_view prefix, error e) {
  e.where.insert(0, prefix);
  return e;
}
}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_ERROR_HPP
