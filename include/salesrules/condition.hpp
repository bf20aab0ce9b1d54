// SPDX-License-Identifier: BSL-1.0
// salesrules/condition.hpp - one condition language for the rules a company writes as
// data: a field compared with values, combined with all / any / not.
//
//   {"field": "region", "op": "in", "values": ["EMEA", "APAC"]}
//   {"all": [{"field": "deal_type", "op": "=", "value": "renewal"},
//            {"field": "discount", "op": ">", "value": "40%"}]}
//   {"not": {"field": "partner", "op": "is set"}}
//
// A field is a built-in one of the record the rule looks at (reached by name through
// its Boost.Describe description, so every scalar member of a discount_request or an
// opportunity is there without a table: "term_months", "segment", "close_date"), a
// figure the rule's owner computes (a request's judged "discount"), an approval
// variable (discount_policy.hpp), or a custom field the policy declares
// (fields.hpp). Values are written as text and read in the field's type when the
// policy is validated: "40%" for a percent, "250000 USD" for money, "2026-03-31" for
// a date, "true" for a boolean.
//
//   op        holds when the field's value                 types
//   =  !=     equals / does not equal the value            all; a text set: contains
//   in        is one of the values                         text, number, percent, money, date; a text set: shares one
//   not in    is none of the values                        as in
//   >= > <= <  compares so with the value                   number, percent, money, date
//   between   lies in [low, high], both included            number, percent, money, date
//   is set    is set (a text set: is not empty)             all
//
// Texts compare as names do (names.hpp: ASCII case ignored). Money compares only in
// the value's own currency: a field in another currency is an error of the decision,
// never a silent false. A field that is not set fails every comparison but != and
// not in, which hold (so "not (region = EMEA)" and "region != EMEA" agree).
//
// validate() compiles a policy's conditions (detail::compile_condition) into a flat
// array of nodes with each field resolved to a slot and each value parsed; evaluating
// one allocates nothing.
#ifndef SALESRULES_CONDITION_HPP
#define SALESRULES_CONDITION_HPP

#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/integer_sequence.hpp>
#include <boost/mp11/list.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace salesrules {

enum class comparison : std::uint8_t { equal, not_equal, in, not_in, at_least, above, at_most, below, between, is_set };
BOOST_DESCRIBE_ENUM(comparison, equal, not_equal, in, not_in, at_least, above, at_most, below, between, is_set)

// "=", "!=", "in", "not in", ">=", ">", "<=", "<", "between", "is set".
[[nodiscard]] constexpr std::string_view symbol(comparison op) noexcept {
  constexpr std::string_view symbols[] = {"=", "!=", "in", "not in", ">=", ">", "<=", "<", "between", "is set"};
  const auto i = static_cast<std::size_t>(op);
  return i < std::size(symbols) ? symbols[i] : std::string_view();
}
[[nodiscard]] constexpr std::optional<comparison> comparison_of(std::string_view text) noexcept {
  for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(comparison::is_set); ++i)
    if (symbol(static_cast<comparison>(i)) == text) return static_cast<comparison>(i);
  return std::nullopt;
}
// How many values a comparison takes: 0 (is set), 2 (between), 1 or more (in, not
// in; -1 here), else 1.
[[nodiscard]] constexpr int values_taken(comparison op) noexcept {
  switch (op) {
    case comparison::is_set: return 0;
    case comparison::between: return 2;
    case comparison::in:
    case comparison::not_in: return -1;
    default: return 1;
  }
}

enum class condition_kind : std::uint8_t { compare, all, any, negate };
BOOST_DESCRIBE_ENUM(condition_kind, compare, all, any, negate)

// A condition as the policy writes it. The default one is "all of nothing", which
// always holds. Build them with compare(), all_of(), any_of() and negate().
struct condition {
  condition_kind kind = condition_kind::all;
  std::string field;                // compare: the field's name
  comparison op = comparison::equal;  // compare
  std::vector<std::string> values;  // compare: the values, as text
  std::vector<condition> parts;     // all, any: the parts; negate: the one negated
  friend bool operator==(const condition&, const condition&) = default;
};

[[nodiscard]] inline condition compare(std::string field, comparison op, std::vector<std::string> values = {}) {
  return condition{condition_kind::compare, std::move(field), op, std::move(values), {}};
}
[[nodiscard]] inline condition all_of(std::vector<condition> parts) {
  return condition{condition_kind::all, {}, comparison::equal, {}, std::move(parts)};
}
[[nodiscard]] inline condition any_of(std::vector<condition> parts) {
  return condition{condition_kind::any, {}, comparison::equal, {}, std::move(parts)};
}
[[nodiscard]] inline condition negate(condition c) {
  condition n{condition_kind::negate, {}, comparison::equal, {}, {}};
  n.parts.push_back(std::move(c));
  return n;
}

// "region in [EMEA, APAC] and not (partner is set)": the condition in words, for
// traces and analyses.
[[nodiscard]] std::string to_string(const condition& c) noexcept;

namespace detail {

// A field a condition may name: its name and type, in the order of slots.
struct fact_name {
  std::string_view name;
  field_type type = field_type::text;
  std::uint8_t member = 0;  // for a described member: its place among its type's described members
};

// One fact of a record, as conditions compare it. A number is num / den (exact: a
// percent judged from a quote is off / of), money is minor units of `cur`, a date its
// day count, a boolean 0 or 1.
struct fact {
  bool set = false;
  bool bad = false;  // a value that cannot be read in its declared type (an error of the decision)
  int128 num = 0;
  int128 den = 1;
  currency cur;
  std::string_view text;
  std::span<const std::string> texts;
};

// One node of a compiled condition, in prefix order; `end` is the index past its subtree.
struct condition_node {
  condition_kind kind = condition_kind::all;
  comparison op = comparison::equal;
  field_type type = field_type::text;
  bool coded = false;  // a comparison on a coded slot (code_slots): `codes` holds where it holds
  std::uint16_t slot = 0;
  std::uint32_t end = 0;
  std::uint32_t first_text = 0;  // a text comparison's values in compiled_conditions::texts; a numeric
  std::uint32_t text_count = 0;  // in / not in's in compiled_conditions::numbers
  int128 low = 0;  // numeric values as numerators over `scale`
  int128 high = 0;
  std::int64_t scale = 1;
  currency cur;
  std::uint64_t codes = 0;  // coded: bit k set when the comparison holds for a value coded k
};

// Every condition of one policy section, compiled into one store; a condition is its
// root's index.
struct compiled_conditions {
  std::vector<condition_node> nodes;
  std::vector<std::string> texts;  // the values of text comparisons
  std::vector<name_key> text_keys;  // their keys (names.hpp), as a request's text is matched
  std::vector<int128> numbers;     // the values of numeric in / not in, over their node's scale
  // Coded slots (code_slots): coded[slot] says how a record's value there is placed
  // among the values the slot's comparisons name; each comparison on it then carries
  // the codes of the places where it holds.
  struct slot_code {
    std::uint32_t first = 0;  // a text slot's values: places in code_texts; a numeric
    std::uint32_t count = 0;  // one's: in code_numbers, ascending
    bool used = false;        // the slot is coded (even with no value named)
    bool text = false;        // a text slot
    std::int64_t scale = 1;   // a numeric slot's scale and currency
    currency cur;
    // A figure num/den with both below this is placed in 64 bits: its products by the
    // scale and by the values (code_narrow) cannot pass 2^63 - 1. 0: never.
    std::uint64_t narrow_below = 0;
  };
  std::vector<slot_code> coded;
  std::vector<std::uint16_t> coded_slots;  // the slots coded, ascending
  std::vector<std::uint32_t> code_texts;
  std::vector<name_key> code_keys;  // the keys of code_texts' values, alike
  std::vector<std::uint64_t> code_heads;  // and their first eight bytes, unfolded (head_word)
  std::vector<int128> code_numbers;
  std::vector<std::int64_t> code_narrow;  // code_numbers in 64 bits (0 where one does not fit)
};

// A coded value: a text is the index of the slot's value it is, or the count of them
// when it is none; a number below the k-th value (from 0) is 2k, at it 2k + 1, above
// them all twice their count. Two codes are kept aside.
inline constexpr std::uint8_t unset_code = 63;   // the record has no value there
inline constexpr std::uint8_t unread_code = 62;  // its value cannot be compared (bad, or money in another currency)
inline constexpr std::size_t max_coded_texts = 61;
inline constexpr std::size_t max_coded_numbers = 30;
inline constexpr std::size_t max_coded_slots = 128;

// Codes the slots below `slots` (at most max_coded_slots) whose comparisons name at most
// max_coded_texts texts or max_coded_numbers numbers (numbers of one scale and
// currency): a record's value is then placed once among its slot's values, and each
// comparison on the slot is a test of one bit. Text sets are not coded.
void code_slots(compiled_conditions& c, std::size_t slots);

// The code of `f`, the value of coded slot `slot`.
[[nodiscard]] std::uint8_t code_of(const compiled_conditions& c, std::size_t slot, const fact& f) noexcept;
// The same for a value at hand: the set number num / den (den > 0) of a numeric slot,
// in the slot's currency; the set text `text` (not empty) of a text slot.
[[nodiscard]] std::uint8_t code_of_number(const compiled_conditions& c, std::size_t slot, int128 num,
                                          int128 den) noexcept;
// code_of_number(c, slot, num, 1), without the products by 1.
[[nodiscard]] std::uint8_t code_of_whole(const compiled_conditions& c, std::size_t slot, int128 num) noexcept;
[[nodiscard]] std::uint8_t code_of_text(const compiled_conditions& c, std::size_t slot, std::string_view text) noexcept;

// Compiles `c` into `out` with fields resolved against `facts` (a field's slot is its
// index there); its root's index, or an error at `where` (a JSON pointer in the
// condition's JSON form): an unknown field (with the nearest name), an operator the
// field's type does not take, the wrong number of values, a value that does not read
// in the field's type, a between whose low is above its high, money values in two
// currencies, a negate without exactly one part, nesting past 32 levels or a store
// past 65,536 nodes.
[[nodiscard]] expected<std::uint32_t, error> compile_condition(const condition& c, std::span<const fact_name> facts,
                                                               compiled_conditions& out, std::string_view where) noexcept;

template <class T>
struct is_optional_member : std::false_type {};
template <class T>
struct is_optional_member<std::optional<T>> : std::true_type {};

// The field type of a member's type, or nothing for a type conditions do not read.
template <class T>
constexpr std::optional<field_type> member_type() noexcept {
  if constexpr (std::is_same_v<T, bool>) return field_type::boolean;
  else if constexpr (std::is_integral_v<T>) return field_type::number;
  else if constexpr (std::is_same_v<T, std::string> || described_enum<T>) return field_type::text;  // an enum: its name
  else if constexpr (std::is_same_v<T, money>) return field_type::money;
  else if constexpr (std::is_same_v<T, percent>) return field_type::percent;
  else if constexpr (std::is_same_v<T, date>) return field_type::date;
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) return field_type::text_set;
  else if constexpr (is_optional_member<T>::value) return member_type<typename T::value_type>();
  else return std::nullopt;
}

// The fact a member's value makes.
template <class T>
fact member_fact(const T& v) noexcept {
  fact f;
  f.set = true;
  if constexpr (std::is_same_v<T, bool>) f.num = v ? 1 : 0;
  else if constexpr (std::is_integral_v<T>) f.num = static_cast<int128>(v) * 1'000'000;  // as a number: millionths
  else if constexpr (std::is_same_v<T, std::string>) f.text = v;
  else if constexpr (std::is_same_v<T, money>) {
    f.set = v.currency().is_set();
    f.num = v.minor_units();
    f.cur = v.currency();
  } else if constexpr (std::is_same_v<T, percent>) {
    f.num = v.basis_points();
    f.den = 10'000;
  } else if constexpr (std::is_same_v<T, date>) {
    f.set = v.ok();
    if (f.set) f.num = std::chrono::sys_days(v).time_since_epoch().count();
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) f.texts = v;
  else if constexpr (described_enum<T>) f.text = name_of(v);
  else if constexpr (is_optional_member<T>::value) {
    if (!v) return fact{};
    return member_fact(*v);
  }
  return f;
}

// The fact a custom field's value makes, read as `type` (text is parsed, as_declared
// does; a value that will not read is `bad`).
[[nodiscard]] fact value_fact(const field_value& v, field_type type) noexcept;

// The described members of T that conditions can read, as fact names, in order.
template <class T>
void described_facts(std::vector<fact_name>& out) {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<boost::mp11::mp_iota_c<boost::mp11::mp_size<members>::value>>([&](auto i) {
    using D = boost::mp11::mp_at_c<members, i>;
    using M = std::remove_cvref_t<decltype(std::declval<const T&>().*D::pointer)>;
    if constexpr (member_type<M>().has_value()) {
      for (const auto& f : out)
        if (f.name == D::name) return;  // a computed figure of that name stands for it
      out.push_back({D::name, *member_type<M>(), static_cast<std::uint8_t>(i)});
    }
  });
}

// The fact of T's described member at `member` (a place described_facts gave), found
// by a jump rather than by its name.
template <class T>
fact described_fact(const T& record, std::size_t member) noexcept {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  return boost::mp11::mp_with_index<boost::mp11::mp_size<members>::value>(member, [&](auto i) -> fact {
    using D = boost::mp11::mp_at_c<members, i>;
    using M = std::remove_cvref_t<decltype(record.*D::pointer)>;
    if constexpr (member_type<M>().has_value()) return member_fact(record.*D::pointer);
    else return fact{};
  });
}

// The code (code_of) of T's described member at `member`, the value of coded slot
// `slot`: a whole number or a boolean placed as it is, anything else through its fact.
template <class T>
std::uint8_t described_code(const compiled_conditions& c, std::size_t slot, const T& record,
                            std::size_t member) noexcept {
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  return boost::mp11::mp_with_index<boost::mp11::mp_size<members>::value>(member, [&](auto i) -> std::uint8_t {
    using D = boost::mp11::mp_at_c<members, i>;
    using M = std::remove_cvref_t<decltype(record.*D::pointer)>;
    if constexpr (std::is_same_v<M, bool>) return code_of_whole(c, slot, (record.*D::pointer) ? 1 : 0);
    else if constexpr (std::is_integral_v<M>)
      return code_of_whole(c, slot, static_cast<int128>(record.*D::pointer) * 1'000'000);  // as member_fact
    else if constexpr (member_type<M>().has_value()) return code_of(c, slot, member_fact(record.*D::pointer));
    else return unset_code;
  });
}

// The outcome of evaluating a condition: holds, or the node whose fact could not be
// judged (a money value in another currency, a text that does not read in its type).
struct condition_result {
  bool holds = false;
  std::uint32_t failed = UINT32_MAX;
};

// Whether the comparison at `node` holds for `f`; false with `ok` cleared when it
// cannot be judged.
[[nodiscard]] bool compare_fact(const condition_node& node, const fact& f, const compiled_conditions& c,
                                bool& ok) noexcept;

// Whether the numeric comparison at `node` (not is set) holds for the set value num /
// den (den > 0), in the node's currency: the fast path for a figure already at hand.
[[nodiscard]] bool compare_scaled(const condition_node& node, int128 num, int128 den,
                                  const compiled_conditions& c) noexcept;

// Whether the text comparison at `node` (type text) holds for a set text value
// `text` (not empty): the fast path for a text field, with no fact built.
[[nodiscard]] bool compare_text(const condition_node& node, std::string_view text, const compiled_conditions& c) noexcept;
// The same for a text whose key (names.hpp) is already at hand.
[[nodiscard]] bool compare_text(const condition_node& node, std::string_view text, name_key key,
                                const compiled_conditions& c) noexcept;

// The comparison at `node` for a custom field's value `v` (null: not set) of the
// node's type: a text or a boolean held as such is compared directly, anything else
// through its fact.
[[nodiscard]] bool compare_value(const condition_node& node, const field_value* v, const compiled_conditions& c,
                                 bool& ok) noexcept;

// Evaluates the condition rooted at `root`. `facts.test(node, c, ok)` judges one
// comparison (a provider may read a field straight from its record; the general way
// is compare_fact on the slot's fact), clearing `ok` when it cannot be judged.
template <class Facts>
condition_result evaluate(const compiled_conditions& c, std::uint32_t root, const Facts& facts) noexcept {
  const condition_node& n = c.nodes[root];
  switch (n.kind) {
    case condition_kind::compare: {
      bool ok = true;
      const bool holds = facts.test(n, c, ok);
      if (!ok) return {false, root};
      return {holds};
    }
    case condition_kind::negate: {
      const auto r = evaluate(c, root + 1, facts);
      if (r.failed != UINT32_MAX) return r;
      return {!r.holds};
    }
    case condition_kind::all:
    case condition_kind::any: {
      const bool any = n.kind == condition_kind::any;
      for (std::uint32_t i = root + 1; i < n.end; i = c.nodes[i].end) {
        // A comparison, as most parts are, judged here rather than by a call.
        const condition_node& part = c.nodes[i];
        bool holds = false;
        if (part.kind == condition_kind::compare) {
          bool ok = true;
          holds = facts.test(part, c, ok);
          if (!ok) return {false, i};
        } else {
          const auto r = evaluate(c, i, facts);
          if (r.failed != UINT32_MAX) return r;
          holds = r.holds;
        }
        if (holds == any) return {any};
      }
      return {!any};
    }
  }
  return {};
}

}  // namespace detail
}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/condition.ipp>
#endif

#endif  // SALESRULES_CONDITION_HPP
