// SPDX-License-Identifier: BSL-1.0
// salesrules/fields.hpp - the host's own fields: typed values carried by a deal, a
// discount request or a quote line under names the policy declares.
//
// Every CRM has custom fields (region, product family, deal type, partner involved).
// A policy declares each one it uses with a type; a value of the wrong type is an
// error naming the field, and a condition (condition.hpp) naming a field the policy
// does not declare is an error at validate() with the nearest declared name.
//
//   type       C++ value                  text form (JSON, CSV)
//   text       std::string                any text; compared as names are (names.hpp)
//   number     number                     "12.5", "-3", up to six decimals, exact
//   percent    percent                    "12.5%" or "12.5"
//   money      money                      "120000.00 USD"
//   date       date                       "2026-03-15"
//   boolean    bool                       true/false ("true", "false", "yes", "no", "1", "0" in CSV)
//   text_set   std::vector<std::string>   a JSON array of texts; "A;B" in CSV
//
// A value written as text (as CSV cells and JSON strings are) is read into its
// declared type where the type is known: typed_value() and type_fields() here (the
// golden-case reader uses them), and, for a value still held as text, the decisions
// themselves, which check every field's value against its declaration. So a host may
// pass a number, percent, money, date or boolean as text; a text set it passes as a
// list (a JSON array), or types first with type_fields(), which reads "A;B".
#ifndef SALESRULES_FIELDS_HPP
#define SALESRULES_FIELDS_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace salesrules {

// The enumerators are named as the JSON spells the types; those that share a type's
// name (date) are scoped, so -Wshadow's notice is quieted here only.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
enum class field_type : std::uint8_t { text, number, percent, money, date, boolean, text_set };
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
BOOST_DESCRIBE_ENUM(field_type, text, number, percent, money, date, boolean, text_set)

// An exact decimal with up to six places (a seat count, a margin in points, a score):
// millionths in 64 bits, so about +-9.2 * 10^12.
class number {
 public:
  constexpr number() noexcept = default;
  [[nodiscard]] static constexpr number from_millionths(std::int64_t m) noexcept { return number(m); }
  // n whole; |n| <= 9,223,372 * 10^6 (the caller's to respect).
  [[nodiscard]] static constexpr number from_whole(std::int64_t n) noexcept { return number(n * 1'000'000); }
  [[nodiscard]] constexpr std::int64_t millionths() const noexcept { return m_; }
  friend constexpr auto operator<=>(const number&, const number&) noexcept = default;

 private:
  constexpr explicit number(std::int64_t m) noexcept : m_(m) {}
  std::int64_t m_ = 0;
};

// "12.5", "-3", "0.000001": exact; more than six decimals that are not zeros, or a
// value past the range, is an error.
[[nodiscard]] expected<number, error> parse_number(std::string_view text, std::string_view where = "") noexcept;
// The shortest exact form: "12.5", "-3".
[[nodiscard]] std::string to_string(number n) noexcept;

// A value of a field; monostate is "not set" (an empty CSV cell, a JSON null).
using field_value = std::variant<std::monostate, std::string, number, percent, money, date, bool, std::vector<std::string>>;

// The type a value holds (text for monostate, which has none).
[[nodiscard]] field_type type_of(const field_value& v) noexcept;

struct field_declaration {
  std::string name;
  field_type type = field_type::text;
  friend bool operator==(const field_declaration&, const field_declaration&) = default;
};
BOOST_DESCRIBE_STRUCT(field_declaration, (), (name, type))

// A declaration list as validate() accepts it: names neither blank nor repeated (as
// names.hpp compares them), no name of the record's own members (`builtin`, e.g.
// "amount" on a deal), at most 64 fields. The error's place is "/<index>/name".
[[nodiscard]] expected<void, error> check_declarations(std::span<const field_declaration> fields,
                                                       std::span<const std::string_view> builtin) noexcept;

// The host's fields of one record, by name: a small list, searched in order.
struct custom_field {
  std::string name;
  field_value value;
  friend bool operator==(const custom_field&, const custom_field&) = default;
};
BOOST_DESCRIBE_STRUCT(custom_field, (), (name, value))

class custom_fields {
 public:
  custom_fields() = default;
  custom_fields(std::initializer_list<custom_field> fields) : items_(fields) {}

  // The value under `name` (names compared as names.hpp says), or null.
  [[nodiscard]] const field_value* find(std::string_view name) const noexcept;
  // Sets `name` to `v`, replacing a value already under that name.
  void set(std::string_view name, field_value v);
  void clear() noexcept { items_.clear(); }

  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
  [[nodiscard]] auto end() const noexcept { return items_.end(); }
  [[nodiscard]] const std::vector<custom_field>& items() const noexcept { return items_; }
  friend bool operator==(const custom_fields&, const custom_fields&) = default;

 private:
  std::vector<custom_field> items_;
};

// The value `text` written for a field of type `type`: "" is not set; a text is kept;
// the other types parse their text form (table above), with an error at `where`
// naming what was expected.
[[nodiscard]] expected<field_value, error> typed_value(std::string_view text, field_type type,
                                                       std::string_view where = "") noexcept;

// `v` as its declared `type`: a value already of the type, or not set, is kept; text
// is read as typed_value reads it; a number of at most two decimals serves a percent
// field (12.5 is 12.5%); anything else is an error at `where` ("expected a money
// amount, found a boolean").
[[nodiscard]] expected<field_value, error> as_declared(const field_value& v, field_type type,
                                                       std::string_view where = "") noexcept;

// Every field of `fields` typed as `declared` says, in place; an undeclared name is
// an error at "<where>/<name>" suggesting the nearest declared one. Nothing is
// changed when an error is returned.
[[nodiscard]] expected<void, error> type_fields(custom_fields& fields, std::span<const field_declaration> declared,
                                                std::string_view where = "") noexcept;

// The text form of a value (the table above; a set joined by ';'), "" when not set.
[[nodiscard]] std::string to_string(const field_value& v) noexcept;

namespace detail {
// "a money amount": a type in words, for messages.
[[nodiscard]] constexpr std::string_view type_words(field_type t) noexcept {
  switch (t) {
    case field_type::text: return "a text";
    case field_type::number: return "a number";
    case field_type::percent: return "a percentage";
    case field_type::money: return "a money amount";
    case field_type::date: return "a date";
    case field_type::boolean: return "true or false";
    case field_type::text_set: return "a list of texts";
  }
  return "a value";
}
// "120000.00 USD": an amount, a space, a currency code.
[[nodiscard]] expected<money, error> money_text(std::string_view text, std::string_view where) noexcept;
}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/fields.ipp>
#endif

#endif  // SALESRULES_FIELDS_HPP
