// SPDX-License-Identifier: BSL-1.0
// salesrules/io/json.hpp - policies, requests and reports as JSON, through their descriptions.
//
// Part of salesrules::io (compiled; link salesrules::io). Every described struct and
// enum of the library converts to and from JSON with no table written by hand: a
// struct is an object keyed by its member names, an enum is its enumerator's name.
// The values with invariants have one text form each, the same in both directions:
//
//   money          "180000.00 USD"   decimal amount, a space, the ISO 4217 code; null: never set
//   currency       "EUR"
//   percent        "12.5%"           exact decimal text; a whole number (12) also reads
//   probability    60                whole percent 0-100
//   rating         4                 1-5, or null for not rated
//   exchange_rate  "1.0834"          up to nine decimals; a whole number also reads
//   date           "2026-03-15"; null: never set
//   month          10                1-12 (the fiscal year's first month)
//   enum_set<E>    ["legal", "finance"]
//   milestone_set  {"meeting_held": "2026-03-01", "demo_delivered": null}
//   optional<T>    null when unset
//   criterion      {"kind": "score_at_least", "at_least": 18}: its kind, then its members
//   condition      {"field": "region", "op": "in", "values": ["EMEA"]}, {"all": [...]} (condition.hpp)
//   custom_fields  {"region": "EMEA", "seats": 120, "partner": true} (fields.hpp)
//
// Decimals are strings on purpose: a JSON number such as 12.5 passes through binary
// floating point in most readers, and these values are exact. A non-integer number
// where a decimal string is wanted is an error saying so.
//
// Reading starts from the type's default value, so an omitted key keeps the default
// (the seeds' numbers, for a policy) and a present array replaces the default list
// whole. An unknown key is an error that suggests the nearest known key. Every error
// names the JSON pointer of the offending value ("/discount/bands/2/to"), what was
// expected and what was found; a syntax error gives the line and column instead.
//
// Longer than most headers (about 530 lines): the conversion is one generic reader
// and writer over any described type, templates a host instantiates for its own
// described types too, so their bodies stay here; what is not generic is in src/json.cpp.
#ifndef SALESRULES_IO_JSON_HPP
#define SALESRULES_IO_JSON_HPP

#include <salesrules/condition.hpp>
#include <salesrules/date.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/document.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rating.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The JSON form of `v`.
template <class T>
[[nodiscard]] boost::json::value to_json(const T& v) noexcept;

// A decision's reviewers by their names in `p`, in the policy's order: ["finance"].
[[nodiscard]] boost::json::value to_json(reviewer_set reviewers, const validated<discount_policy>& p) noexcept;
// A decision's evidence the same way: ["strategic_justification", "reciprocal_commitment"].
[[nodiscard]] boost::json::value to_json(evidence_set evidence, const validated<discount_policy>& p) noexcept;

// `T` read from a parsed JSON value, starting from T's defaults.
template <class T>
[[nodiscard]] expected<T, error> from_json(const boost::json::value& v) noexcept;

// `T` read from JSON text. A syntax error names the line and column.
template <class T>
[[nodiscard]] expected<T, error> from_json_text(std::string_view text) noexcept;

// JSON text parsed into a value, or a syntax error with its line and column. A key
// written twice in one object is an error too (errc::duplicate, at the second one):
// the value would keep only the last. So is a number beyond a double's range (1e400),
// naming its JSON pointer.
[[nodiscard]] expected<boost::json::value, error> parse_json(std::string_view text) noexcept;

// A message made safe to print on a terminal, in io/escape.hpp's notation (and
// implemented with it): control bytes and bytes of invalid UTF-8 as \xHH, C1 and
// bidirectional controls as \u{HHHH}. Backslashes are left as they are, since
// messages carry \xHH escapes of their own; escape_text() doubles them.
[[nodiscard]] std::string printable(std::string_view text) noexcept;

// `v` as text: indented by two spaces per level with one member per line when
// `pretty`, else on one line. Ends without a line feed.
[[nodiscard]] std::string json_text(const boost::json::value& v, bool pretty = true) noexcept;

// A whole policy from JSON; omitted sections and keys keep the seeds' defaults.
[[nodiscard]] expected<policy, error> parse_policy(std::string_view json) noexcept;
// The same, then validated by the checks a policy built in code goes through.
[[nodiscard]] expected<validated_policy, error> load_policy(std::string_view json) noexcept;
// A policy from a file, not yet validated (for a caller that changes it first): an
// unreadable file, or one longer than `limit` bytes, is an error about the document as
// a whole (see io/document.hpp). No error names the file: its place is within the
// document, and the caller, who knows what it called the file, prefixes that.
[[nodiscard]] expected<policy, error> read_policy_file(const std::filesystem::path& file,
                                                       std::size_t limit = default_document_limit) noexcept;
// The same, validated.
[[nodiscard]] expected<validated_policy, error> load_policy_file(const std::filesystem::path& file,
                                                                 std::size_t limit = default_document_limit) noexcept;
// What a policy holds in an older form that still reads, a line each naming the newer
// form; none for a policy in today's form. Today that is escalation rules other than
// the defaults ("rules" in "discount", {"when": "deal_amount", ...}): they decide as
// the approval rules as_approval_rules() makes of them, each on a condition.
[[nodiscard]] std::vector<std::string> policy_notes(const policy& p) noexcept;
// The policy as pretty JSON (what `salesrules policy defaults` prints). Predicates
// are code and are not written; a policy naming one needs the host to register it.
[[nodiscard]] std::string policy_json(const policy& p) noexcept;

// The text of a file, or an error about it (io/document.hpp); io::read_document with
// its default limit of 64 MiB.
[[nodiscard]] expected<std::string, error> read_text_file(const std::filesystem::path& file) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_enum_set : std::false_type {};
template <class E>
struct is_enum_set<enum_set<E>> : std::true_type {};

template <class T>
concept described_enum = std::is_enum_v<T> && boost::describe::has_describe_enumerators<T>::value;
template <class T>
concept described_struct = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;
// A variant whose alternatives each name their kind with a constant of one described
// enum (a criterion): read and written as the alternative's object with a "kind" key.
template <class K>
concept kinded = requires { K::kind; } && described_enum<std::remove_cvref_t<decltype(K::kind)>>;
template <class T>
struct is_kinded_variant : std::false_type {};
template <kinded... K>
struct is_kinded_variant<std::variant<K...>> : std::true_type {};
template <class T>
concept kinded_variant = is_kinded_variant<T>::value;

template <class T>
concept range_of_values = requires(const T& t) {
  t.begin();
  t.end();
};

// The JSON pointer of the value being read, grown and shrunk as the reader descends.
class json_path {
 public:
  void push(std::string_view key) { salesrules::detail::append_segment(text_, key); }
  void push(std::size_t index) { salesrules::detail::append_segment(text_, index); }
  [[nodiscard]] std::size_t mark() const noexcept { return text_.size(); }
  void pop(std::size_t mark) { text_.resize(mark); }
  [[nodiscard]] const std::string& str() const noexcept { return text_; }

 private:
  std::string text_;
};

// "a string 'abc'", "a number 12.5", "an object": what the reader found, for messages.
[[nodiscard]] std::string describe_found(const boost::json::value& v);
[[nodiscard]] error json_type_error(const json_path& at, std::string_view expected, const boost::json::value& v);
[[nodiscard]] error json_value_error(const json_path& at, error e);  // a leaf parser's error, placed at `at`
[[nodiscard]] error json_unknown_key(const json_path& at, std::string_view key,
                                     const std::vector<std::string_view>& known);

using read_result = std::optional<error>;

// The forms with a shape of their own (src/json.cpp): a condition ({"field", "op",
// "value"/"values"}, {"all": [...]}, {"any": [...]}, {"not": {...}}) and custom fields
// (an object of names and values: a string is text, a whole number a number, true
// or false a boolean, an array of strings a text set, null not set; the policy's
// declarations type the rest, as fields.hpp says).
read_result read_condition(const boost::json::value& v, condition& out, json_path& at);
read_result read_custom_fields(const boost::json::value& v, custom_fields& out, json_path& at);
boost::json::value write_condition(const condition& c);
boost::json::value write_custom_fields(const custom_fields& f);

template <class T>
read_result read_json(const boost::json::value& v, T& out, json_path& at);

inline read_result read_string(const boost::json::value& v, std::string_view expected, std::string_view& text,
                               const json_path& at) {
  if (!v.is_string()) return json_type_error(at, expected, v);
  const auto& s = v.get_string();
  text = std::string_view(s.data(), s.size());
  return std::nullopt;
}

template <std::integral I>
read_result read_integer(const boost::json::value& v, I& out, const json_path& at) {
  // The words for an error, built only for one.
  constexpr std::string_view expected = std::is_signed_v<I> ? "a whole number" : "a whole number of zero or more";
  if (v.is_int64()) {
    const std::int64_t n = v.get_int64();
    if (std::in_range<I>(n)) {
      out = static_cast<I>(n);
      return std::nullopt;
    }
  } else if (v.is_uint64()) {
    const std::uint64_t n = v.get_uint64();
    if (std::in_range<I>(n)) {
      out = static_cast<I>(n);
      return std::nullopt;
    }
  } else {
    return json_type_error(at, expected, v);
  }
  return error{errc::out_of_range, at.str(),
               "expected " + std::string(expected) + " from " + std::to_string(std::numeric_limits<I>::min()) + " to " +
                   std::to_string(std::numeric_limits<I>::max()) + ", found " + describe_found(v)};
}

// A decimal written as a string, or as a whole JSON number.
template <class Parse>
read_result read_decimal(const boost::json::value& v, std::string_view expected, const json_path& at, Parse parse) {
  std::string text;
  if (v.is_string()) text = std::string(v.get_string().data(), v.get_string().size());
  else if (v.is_int64()) text = std::to_string(v.get_int64());
  else if (v.is_uint64()) text = std::to_string(v.get_uint64());
  else return json_type_error(at, expected, v);
  return parse(std::string_view(text));
}

template <described_enum E>
read_result read_enum(const boost::json::value& v, E& out, const json_path& at) {
  // The names and the message are built only when the value is not a name of E.
  const auto refused = [&](std::string_view text) -> error {
    std::vector<std::string_view> names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) { names.emplace_back(d.name); });
    std::string expected = "one of";
    for (std::size_t i = 0; i < names.size(); ++i) expected += (i == 0 ? " '" : ", '") + std::string(names[i]) + "'";
    if (!v.is_string()) return json_type_error(at, expected, v);
    std::string message = "expected " + expected + ", found " + describe_found(v);
    if (auto near = salesrules::detail::nearest_name(text, names)) message += "; did you mean '" + std::string(*near) + "'?";
    return error{errc::unknown_name, at.str(), std::move(message)};
  };
  if (!v.is_string()) return refused({});
  const std::string_view text(v.get_string().data(), v.get_string().size());
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (!found && text == d.name) {
      out = d.value;
      found = true;
    }
  });
  if (found) return std::nullopt;
  return refused(text);
}

// `skip`, when given, is a key read by the caller (a variant's "kind").
template <described_struct T>
read_result read_struct(const boost::json::value& v, T& out, json_path& at, std::string_view skip = {}) {
  if (!v.is_object()) return json_type_error(at, "an object", v);
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  for (const auto& kv : v.get_object()) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (!skip.empty() && key == skip) continue;
    const std::size_t mark = at.mark();
    at.push(key);
    bool known = false;
    read_result failure;
    boost::mp11::mp_for_each<members>([&](auto d) {
      if (known || key != d.name) return;
      known = true;
      failure = read_json(kv.value(), out.*d.pointer, at);
    });
    if (!known) {
      std::vector<std::string_view> names;
      if (!skip.empty()) names.push_back(skip);
      boost::mp11::mp_for_each<members>([&](auto d) { names.emplace_back(d.name); });
      return json_unknown_key(at, key, names);
    }
    if (failure) return failure;
    at.pop(mark);
  }
  return std::nullopt;
}

// The alternative its "kind" names, read from the object's other keys.
template <kinded_variant V>
read_result read_kinded(const boost::json::value& v, V& out, json_path& at) {
  if (!v.is_object()) return json_type_error(at, "an object with a \"kind\"", v);
  // As for a struct, reading starts from `out`: with no "kind" the kind stays its
  // kind (a default criterion's is the first), and omitted members keep its values.
  using E = std::remove_cvref_t<decltype(std::variant_alternative_t<0, V>::kind)>;
  E kind = out.valueless_by_exception() ? std::variant_alternative_t<0, V>::kind
                                        : std::visit([](const auto& k) { return k.kind; }, out);
  if (const boost::json::value* named = v.get_object().if_contains("kind")) {
    const std::size_t mark = at.mark();
    at.push("kind");
    if (auto e = read_enum(*named, kind, at)) return e;
    at.pop(mark);
  }
  read_result failure;
  boost::mp11::mp_for_each<boost::mp11::mp_iota_c<std::variant_size_v<V>>>([&](auto i) {
    using K = std::variant_alternative_t<i, V>;
    if (K::kind != kind) return;
    K k = out.index() == i ? std::get<i>(out) : K{};
    failure = read_struct(v, k, at, "kind");
    if (!failure) out.template emplace<i>(std::move(k));
  });
  return failure;
}

template <class T>
read_result read_json(const boost::json::value& v, T& out, json_path& at) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) return json_type_error(at, "true or false", v);
    out = v.get_bool();
    return std::nullopt;
  } else if constexpr (std::is_integral_v<T>) {
    return read_integer(v, out, at);
  } else if constexpr (std::is_same_v<T, level_index> || std::is_same_v<T, band_index>) {  // a position
    std::underlying_type_t<T> position = 0;
    if (auto e = read_integer(v, position, at)) return e;
    out = T{position};
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, std::string>) {
    std::string_view text;
    if (auto e = read_string(v, "a string", text, at)) return e;
    out.assign(text);
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, std::chrono::month>) {
    unsigned m = 0;
    if (auto e = read_integer(v, m, at)) return json_type_error(at, "a month from 1 to 12", v);
    if (m < 1 || m > 12)
      return error{errc::out_of_range, at.str(), "expected a month from 1 to 12, found " + describe_found(v)};
    out = std::chrono::month{m};
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, date>) {
    if (v.is_null()) {  // a date never set
      out = date{};
      return std::nullopt;
    }
    std::string_view text;
    if (auto e = read_string(v, "a date 'YYYY-MM-DD'", text, at)) return e;
    auto d = parse_date(text, at.str());
    if (!d) return json_value_error(at, std::move(d.error()));
    out = *d;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, currency>) {
    std::string_view text;
    if (auto e = read_string(v, "an ISO 4217 currency code such as 'EUR'", text, at)) return e;
    auto c = currency::from_code(text, at.str());
    if (!c) return json_value_error(at, std::move(c.error()));
    out = *c;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, money>) {
    if (v.is_null()) {  // an amount never set
      out = money{};
      return std::nullopt;
    }
    std::string_view text;
    constexpr std::string_view expected = "an amount and its currency such as '50000.00 USD'";
    if (auto e = read_string(v, expected, text, at)) return e;
    const auto space = text.rfind(' ');
    if (space == std::string_view::npos)
      return error{errc::syntax, at.str(), "expected " + std::string(expected) + ", found " + describe_found(v)};
    auto c = currency::from_code(text.substr(space + 1), at.str());
    if (!c) return json_value_error(at, std::move(c.error()));
    auto m = parse_money(text.substr(0, space), *c, at.str());
    if (!m) return json_value_error(at, std::move(m.error()));
    out = *m;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, percent>) {
    return read_decimal(v, "a percentage such as '12.5%'", at, [&](std::string_view text) -> read_result {
      auto p = parse_percent(text, at.str());
      if (!p) return json_value_error(at, std::move(p.error()));
      out = *p;
      return std::nullopt;
    });
  } else if constexpr (std::is_same_v<T, exchange_rate>) {
    return read_decimal(v, "an exchange rate such as '1.0834'", at, [&](std::string_view text) -> read_result {
      auto r = parse_rate(text, at.str());
      if (!r) return json_value_error(at, std::move(r.error()));
      out = *r;
      return std::nullopt;
    });
  } else if constexpr (std::is_same_v<T, probability>) {
    int n = 0;
    if (auto e = read_integer(v, n, at)) return json_type_error(at, "a whole percent from 0 to 100", v);
    auto p = probability::from_percent(n, at.str());
    if (!p) return json_value_error(at, std::move(p.error()));
    out = *p;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, rating>) {
    if (v.is_null()) {
      out = rating::not_rated();
      return std::nullopt;
    }
    int n = 0;
    if (auto e = read_integer(v, n, at)) return json_type_error(at, "a rating from 1 to 5, or null", v);
    auto r = rating::from_int(n, at.str());
    if (!r) return json_value_error(at, std::move(r.error()));
    out = *r;
    return std::nullopt;
  } else if constexpr (is_optional<T>::value) {
    if (v.is_null()) {
      out.reset();
      return std::nullopt;
    }
    typename T::value_type inner{};
    if (out) inner = *out;
    if (auto e = read_json(v, inner, at)) return e;
    out = std::move(inner);
    return std::nullopt;
  } else if constexpr (is_vector<T>::value) {
    if (!v.is_array()) return json_type_error(at, "an array", v);
    T result;
    result.reserve(v.get_array().size());
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
      const std::size_t mark = at.mark();
      at.push(i);
      typename T::value_type item{};
      if (auto e = read_json(v.get_array()[i], item, at)) return e;
      result.push_back(std::move(item));
      at.pop(mark);
    }
    out = std::move(result);
    return std::nullopt;
  } else if constexpr (is_enum_set<T>::value) {
    if (!v.is_array()) return json_type_error(at, "an array of names", v);
    T result;
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
      const std::size_t mark = at.mark();
      at.push(i);
      typename std::remove_cvref_t<decltype(*result.begin())> item{};
      if (auto e = read_enum(v.get_array()[i], item, at)) return e;
      result.insert(item);
      at.pop(mark);
    }
    out = result;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, milestone_set>) {
    milestone_set result;
    if (v.is_array()) {
      enum_set<milestone> names;
      if (auto e = read_json(v, names, at)) return e;
      for (const milestone m : names) result.reach(m);
    } else if (v.is_object()) {
      for (const auto& kv : v.get_object()) {
        const std::size_t mark = at.mark();
        at.push(std::string_view(kv.key().data(), kv.key().size()));
        milestone m{};
        const boost::json::value key(kv.key());
        if (auto e = read_enum(key, m, at)) return e;
        std::optional<date> on;
        if (auto e = read_json(kv.value(), on, at)) return e;
        result.reach(m, on);
        at.pop(mark);
      }
    } else {
      return json_type_error(at, "an object of milestones and the days they were reached", v);
    }
    out = result;
    return std::nullopt;
  } else if constexpr (std::is_same_v<T, condition>) {
    return read_condition(v, out, at);
  } else if constexpr (std::is_same_v<T, custom_fields>) {
    return read_custom_fields(v, out, at);
  } else if constexpr (kinded_variant<T>) {
    return read_kinded(v, out, at);
  } else if constexpr (described_enum<T>) {
    return read_enum(v, out, at);
  } else if constexpr (described_struct<T>) {
    return read_struct(v, out, at);
  } else {
    static_assert(sizeof(T) == 0, "no JSON form for this type: describe it, or add its form to io/json.hpp");
  }
}

template <class T>
boost::json::value write_json(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return boost::json::value(v);
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>) return boost::json::value(static_cast<std::int64_t>(v));
    else return boost::json::value(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_same_v<T, level_index> || std::is_same_v<T, band_index>) {
    return boost::json::value(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
    return boost::json::value(boost::json::string_view(v.data(), v.size()));
  } else if constexpr (std::is_same_v<T, std::chrono::month>) {
    return boost::json::value(static_cast<std::uint64_t>(static_cast<unsigned>(v)));
  } else if constexpr (std::is_same_v<T, money>) {
    if (!v.currency().is_set()) return boost::json::value(nullptr);
    return write_json(salesrules::to_string(v));
  } else if constexpr (std::is_same_v<T, date>) {
    if (!v.ok()) return boost::json::value(nullptr);
    return write_json(salesrules::to_string(v));
  } else if constexpr (std::is_same_v<T, percent> || std::is_same_v<T, exchange_rate> ||
                       std::is_same_v<T, score_points>) {
    return write_json(salesrules::to_string(v));
  } else if constexpr (std::is_same_v<T, currency>) {
    return write_json(std::string(v.code()));
  } else if constexpr (std::is_same_v<T, probability>) {
    return boost::json::value(static_cast<std::int64_t>(v.whole_percent()));
  } else if constexpr (std::is_same_v<T, rating>) {
    if (!v.is_rated()) return boost::json::value(nullptr);
    return boost::json::value(static_cast<std::int64_t>(v.value()));
  } else if constexpr (is_optional<T>::value) {
    if (!v) return boost::json::value(nullptr);
    return write_json(*v);
  } else if constexpr (std::is_same_v<T, milestone_set>) {
    boost::json::object o;
    for (const milestone m : v.reached()) {
      const auto on = v.reached_on(m);
      o[boost::describe::enum_to_string(m, "")] = on ? write_json(*on) : boost::json::value(nullptr);
    }
    return o;
  } else if constexpr (std::is_same_v<T, condition>) {
    return write_condition(v);
  } else if constexpr (std::is_same_v<T, custom_fields>) {
    return write_custom_fields(v);
  } else if constexpr (kinded_variant<T>) {
    // The alternative's members after its kind: {"kind": "score_at_least", "at_least": 18}.
    if (v.valueless_by_exception()) return boost::json::value(nullptr);  // an assignment to it threw
    return std::visit(
        [](const auto& k) {
          boost::json::object o;
          o["kind"] = write_json(k.kind);
          boost::json::value members = write_json(k);
          for (auto& kv : members.as_object()) o[kv.key()] = std::move(kv.value());
          return boost::json::value(std::move(o));
        },
        v);
  } else if constexpr (std::is_same_v<T, std::chrono::days> || std::is_same_v<T, std::chrono::months>) {
    return boost::json::value(static_cast<std::int64_t>(v.count()));
  } else if constexpr (described_enum<T>) {
    return boost::json::value(boost::describe::enum_to_string(v, ""));
  } else if constexpr (described_struct<T>) {
    boost::json::object o;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto d) { o[d.name] = write_json(v.*d.pointer); });
    return o;
  } else if constexpr (range_of_values<T>) {
    boost::json::array a;
    for (const auto& item : v) a.push_back(write_json(item));
    return a;
  } else {
    static_assert(sizeof(T) == 0, "no JSON form for this type: describe it, or add its form to io/json.hpp");
  }
}

}  // namespace detail

template <class T>
boost::json::value to_json(const T& v) noexcept {
  return detail::write_json(v);
}

template <class T>
expected<T, error> from_json(const boost::json::value& v) noexcept {
  T out{};
  detail::json_path at;
  if (auto e = detail::read_json(v, out, at)) return unexpected<error>(std::move(*e));
  return out;
}

template <class T>
expected<T, error> from_json_text(std::string_view text) noexcept {
  auto v = parse_json(text);
  if (!v) return unexpected<error>(std::move(v.error()));
  return from_json<T>(*v);
}

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_JSON_HPP
