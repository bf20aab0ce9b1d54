// SPDX-License-Identifier: BSL-1.0
// salesrules/error.hpp - what went wrong, and where.
//
// Every fallible function returns expected<T, error>. An error names the kind of
// failure, the place, and a sentence a person can act on; when it is about one deal,
// also that deal's id, and its row when the deal came in a batch.
//
// The place (`where`) is always an RFC 6901 JSON pointer into the input of the
// failing function, as that input's JSON form (io/json.hpp) would be written:
// "/process/stages/2/name" in a policy, "/lines/0/list" in a discount request,
// "/amount" or "/stage_history/0/stage" in a deal. A key holding '~' or '/' is
// escaped as "~0" and "~1" (detail::pointer builds them). A function's separate
// arguments are read as the members of one object named as its parameters: "/quota",
// "/target". The empty pointer "" is the input as a whole: the one text a parser of
// values was handed (its `where` argument, "" by default, places the error
// elsewhere), a file or a record as a whole, or a total over many values that
// overflows. An error about a row of a CSV or JSON Lines export has the pointer of
// the deal's field that the bad cell feeds ("/amount", "/ratings/budget") and the
// cell's line and column besides.
#ifndef SALESRULES_ERROR_HPP
#define SALESRULES_ERROR_HPP

#include <salesrules/config.hpp>
#include <salesrules/expected.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <concepts>
#include <cstddef>
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
  std::string where;         // an RFC 6901 JSON pointer; "" for the whole value
  std::string message;       // what was wrong, in a sentence (the deal is not named in it)
  std::uint64_t line = 0;    // 1-based line of a file; 0 when not from a file
  std::uint64_t column = 0;  // 1-based column (CSV field, JSON Lines key) of a file; 0 when none
  std::string deal_id;       // the id of the deal the error is about; "" when none is
  // The deal's 1-based position in its batch, counted as `line` is: the n-th record of
  // an export (header aside, bad records included), deals[row - 1] of a range a
  // report was handed. 0 when the error is not about one deal of a batch.
  std::uint64_t row = 0;

  friend bool operator==(const error&, const error&) = default;
};
BOOST_DESCRIBE_STRUCT(error, (), (code, where, message, line, column, deal_id, row))

namespace detail {
// How many bytes of user input quoted() shows.
inline constexpr std::size_t quote_limit = 40;

// Quote a piece of user input for a message, cut to a readable length (never inside
// a UTF-8 sequence).
[[nodiscard]] std::string quoted(std::string_view text);
}  // namespace detail

// The place, the deal, then the message:
//   "line 4, column 6 (/amount): deal 'OPP-7': '12.345' has 3 decimals but USD allows 2"
//   "row 3 (/stage): deal 'OPP-9': unknown stage 'Qualify'"
//   "/scorecard/viable_at: must be below strong_at"
// A row is shown only when there is no line (a file's line says more).
[[nodiscard]] std::string to_string(const error& e) noexcept;

namespace detail {
[[nodiscard]] inline unexpected<error> fail(errc code, std::string where, std::string message) {
  return unexpected<error>(error{code, std::move(where), std::move(message)});
}

// Appends one reference token to a JSON pointer: '/', then the key with '~' written
// "~0" and '/' written "~1" (RFC 6901, section 3). An index is its decimal digits.
void append_segment(std::string& pointer, std::string_view key);
template <std::integral Index>
  requires(!std::same_as<Index, char> && !std::same_as<Index, bool>)
inline void append_segment(std::string& pointer, Index index) {
  pointer += '/';
  pointer += std::to_string(index);
}

// The pointer made of these keys and indices, each escaped:
// pointer("stage_history", 0, "stage") is "/stage_history/0/stage".
template <class... Segment>
[[nodiscard]] std::string pointer(const Segment&... segments) {
  std::string out;
  (append_segment(out, segments), ...);
  return out;
}

// Place an error found inside a part of a larger value: `prefix` is the pointer of
// that part ("/process", or one built with pointer()), put before the error's own.
[[nodiscard]] error within(std::string_view prefix, error e);
}  // namespace detail
}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/error.ipp>
#endif

#endif  // SALESRULES_ERROR_HPP
