// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/json.hpp>

#include <salesrules/discount.hpp>
#include <salesrules/io/document.hpp>

#include "json_syntax.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace salesrules::io {

namespace {
// A set of places as the names `name` gives them, in the policy's order.
template <class Index, class Name>
boost::json::value names_json(enum_set<Index> set, Name name) {
  boost::json::array out;
  for (const Index i : set) out.emplace_back(name(i));
  return out;
}
}  // namespace

boost::json::value to_json(reviewer_set reviewers, const validated<discount_policy>& p) noexcept {
  return names_json(reviewers, [&](reviewer_index r) { return reviewer_name(r, p); });
}

boost::json::value to_json(evidence_set evidence, const validated<discount_policy>& p) noexcept {
  return names_json(evidence, [&](evidence_index e) { return evidence_name(e, p); });
}

namespace detail {

std::string describe_found(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "the number " + boost::json::serialize(v);
    case boost::json::kind::double_: {
      if (!std::isfinite(v.get_double())) return "a number too large to read";
      std::array<char, 32> buf{};
      const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v.get_double());
      return "the number " + std::string(buf.data(), r.ptr);
    }
    case boost::json::kind::string:
      return "the string " + salesrules::detail::quoted(std::string_view(v.get_string().data(), v.get_string().size()));
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

error json_type_error(const json_path& at, std::string_view expected, const boost::json::value& v) {
  std::string message = "expected ";
  message += expected;
  message += ", found ";
  message += describe_found(v);
  if (v.is_double() && std::isfinite(v.get_double())) message += " (write decimals as strings, e.g. \"12.5%\", so they stay exact)";
  return error{errc::syntax, at.str(), std::move(message)};
}

error json_value_error(const json_path& at, error e) {
  e.where = at.str();
  return e;
}

error json_unknown_key(const json_path& at, std::string_view key, const std::vector<std::string_view>& known) {
  std::string message = "unknown key " + salesrules::detail::quoted(key);
  if (auto near = salesrules::detail::nearest_name(key, known)) {
    message += "; did you mean '";
    message += *near;
    message += "'?";
  } else {
    message += "; the keys here are";
    for (std::size_t i = 0; i < known.size(); ++i) {
      message += i == 0 ? " '" : ", '";
      message += known[i];
      message += '\'';
    }
  }
  return error{errc::unknown_name, at.str(), std::move(message)};
}

namespace {
// A JSON number with a fraction where an exact value is wanted.
error inexact_number(const json_path& at, const boost::json::value& v) {
  return error{errc::syntax, at.str(),
               "expected a value such as \"12.5\" (decimals are written as strings, to stay exact), found " +
                   describe_found(v)};
}

// A value of a comparison, as the text condition.hpp keeps.
read_result condition_value(const boost::json::value& v, std::string& out, const json_path& at) {
  if (v.is_string()) out.assign(v.get_string().data(), v.get_string().size());
  else if (v.is_int64()) out = std::to_string(v.get_int64());
  else if (v.is_uint64()) out = std::to_string(v.get_uint64());
  else if (v.is_bool()) out = v.get_bool() ? "true" : "false";
  else if (v.is_double()) return inexact_number(at, v);
  else return json_type_error(at, "a text, a whole number or true/false", v);
  return std::nullopt;
}
}  // namespace

read_result read_condition(const boost::json::value& v, condition& out, json_path& at) {
  constexpr std::string_view expected = "a condition such as {\"field\": \"region\", \"op\": \"=\", \"value\": \"EMEA\"}";
  if (!v.is_object()) return json_type_error(at, expected, v);
  const auto& o = v.get_object();
  condition c;
  const std::size_t mark = at.mark();
  for (const std::string_view group : {"all", "any", "not"}) {
    const boost::json::value* parts = o.if_contains(group);
    if (parts == nullptr) continue;
    if (o.size() != 1)
      return error{errc::invalid_policy, at.str(),
                   "a condition with \"" + std::string(group) + "\" has no other key"};
    at.push(group);
    if (group == "not") {
      c.kind = condition_kind::negate;
      c.parts.emplace_back();
      if (auto e = read_condition(*parts, c.parts.back(), at)) return e;
    } else {
      c.kind = group == "all" ? condition_kind::all : condition_kind::any;
      if (!parts->is_array()) return json_type_error(at, "an array of conditions", *parts);
      for (std::size_t i = 0; i < parts->get_array().size(); ++i) {
        const std::size_t item = at.mark();
        at.push(i);
        c.parts.emplace_back();
        if (auto e = read_condition(parts->get_array()[i], c.parts.back(), at)) return e;
        at.pop(item);
      }
    }
    at.pop(mark);
    out = std::move(c);
    return std::nullopt;
  }
  if (o.empty()) {  // {}: all of nothing, which always holds
    out = std::move(c);
    return std::nullopt;
  }
  c.kind = condition_kind::compare;
  bool has_field = false, has_op = false;
  for (const auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    at.push(key);
    if (key == "field") {
      std::string_view text;
      if (auto e = read_string(kv.value(), "a field's name", text, at)) return e;
      c.field.assign(text);
      has_field = true;
    } else if (key == "op") {
      std::string_view text;
      std::vector<std::string_view> symbols;
      for (std::uint8_t i = 0; i <= static_cast<std::uint8_t>(comparison::is_set); ++i)
        symbols.push_back(symbol(static_cast<comparison>(i)));
      std::string listed;
      for (std::size_t i = 0; i < symbols.size(); ++i) listed += (i ? ", '" : "'") + std::string(symbols[i]) + "'";
      if (auto e = read_string(kv.value(), "one of " + listed, text, at)) return e;
      const auto op = comparison_of(text);
      if (!op)
        return error{errc::unknown_name, at.str(),
                     "expected one of " + listed + ", found " + describe_found(kv.value()) +
                         salesrules::detail::did_you_mean(text, symbols)};
      c.op = *op;
      has_op = true;
    } else if (key == "value") {
      c.values.emplace_back();
      if (auto e = condition_value(kv.value(), c.values.back(), at)) return e;
    } else if (key == "values") {
      if (!kv.value().is_array()) return json_type_error(at, "an array of values", kv.value());
      for (std::size_t i = 0; i < kv.value().get_array().size(); ++i) {
        const std::size_t item = at.mark();
        at.push(i);
        c.values.emplace_back();
        if (auto e = condition_value(kv.value().get_array()[i], c.values.back(), at)) return e;
        at.pop(item);
      }
    } else {
      return json_unknown_key(at, key, {"field", "op", "value", "values", "all", "any", "not"});
    }
    at.pop(mark);
  }
  if (!has_field) return error{errc::missing, at.str(), "the comparison names no \"field\""};
  if (!has_op) return error{errc::missing, at.str(), "the comparison has no \"op\""};
  // One value is "value", several "values" (in, not in, between): the form the writer uses.
  const int taken = values_taken(c.op);
  const bool listed = taken == -1 || taken == 2;
  if (listed && o.contains("value"))
    return error{errc::invalid_policy, at.str() + "/value",
                 "'" + std::string(symbol(c.op)) + "' takes \"values\", an array"};
  if (!listed && o.contains("values"))
    return error{errc::invalid_policy, at.str() + "/values",
                 "'" + std::string(symbol(c.op)) + "' takes " + (taken == 0 ? "no value" : "one \"value\"")};
  out = std::move(c);
  return std::nullopt;
}

boost::json::value write_condition(const condition& c) {
  boost::json::object o;
  switch (c.kind) {
    case condition_kind::compare: {
      o["field"] = boost::json::string_view(c.field.data(), c.field.size());
      const auto op = symbol(c.op);
      o["op"] = boost::json::string_view(op.data(), op.size());
      const int taken = values_taken(c.op);
      if (taken == -1 || taken == 2) {
        boost::json::array values;
        for (const auto& v : c.values) values.emplace_back(boost::json::string_view(v.data(), v.size()));
        o["values"] = std::move(values);
      } else if (taken == 1 && !c.values.empty()) {
        o["value"] = boost::json::string_view(c.values.front().data(), c.values.front().size());
      }
      break;
    }
    case condition_kind::negate:
      o["not"] = c.parts.empty() ? boost::json::value(boost::json::object()) : write_condition(c.parts.front());
      break;
    case condition_kind::all:
    case condition_kind::any: {
      boost::json::array parts;
      for (const auto& p : c.parts) parts.push_back(write_condition(p));
      o[c.kind == condition_kind::all ? "all" : "any"] = std::move(parts);
      break;
    }
  }
  return o;
}

read_result read_custom_fields(const boost::json::value& v, custom_fields& out, json_path& at) {
  if (!v.is_object()) return json_type_error(at, "an object of field names and values", v);
  custom_fields result;
  for (const auto& kv : v.get_object()) {
    const std::string_view name(kv.key().data(), kv.key().size());
    const std::size_t mark = at.mark();
    at.push(name);
    if (salesrules::detail::is_blank(name) ||
        std::any_of(name.begin(), name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }))
      return error{errc::syntax, at.str(),
                   "a field's name must not be blank or hold control characters, found " +
                       salesrules::detail::quoted(name)};
    const auto& x = kv.value();
    field_value value;
    if (x.is_null()) {
    } else if (x.is_string()) {
      value = std::string(x.get_string().data(), x.get_string().size());
    } else if (x.is_bool()) {
      value = x.get_bool();
    } else if (x.is_int64() || x.is_uint64()) {
      constexpr std::int64_t limit = INT64_MAX / 1'000'000;
      const bool fits = x.is_int64() ? (x.get_int64() >= -limit && x.get_int64() <= limit) : x.get_uint64() <= limit;
      if (!fits) return error{errc::out_of_range, at.str(), "the number " + describe_found(x) + " is too large"};
      value = number::from_whole(x.is_int64() ? x.get_int64() : static_cast<std::int64_t>(x.get_uint64()));
    } else if (x.is_array()) {
      std::vector<std::string> texts;
      for (std::size_t i = 0; i < x.get_array().size(); ++i) {
        const std::size_t item = at.mark();
        at.push(i);
        std::string_view text;
        if (auto e = read_string(x.get_array()[i], "a text", text, at)) return e;
        texts.emplace_back(text);
        at.pop(item);
      }
      value = std::move(texts);
    } else if (x.is_double()) {
      return inexact_number(at, x);
    } else {
      return json_type_error(at, "a text, a whole number, true/false, an array of texts or null", x);
    }
    if (result.find(name) != nullptr)
      return error{errc::duplicate, at.str(), "field " + salesrules::detail::quoted(name) + " is given twice"};
    result.set(name, std::move(value));
    at.pop(mark);
  }
  out = std::move(result);
  return std::nullopt;
}

boost::json::value write_custom_fields(const custom_fields& f) {
  boost::json::object o;
  for (const auto& [name, value] : f) {
    boost::json::value& slot = o[boost::json::string_view(name.data(), name.size())];
    if (value.index() == 0) slot = nullptr;
    else if (const auto* b = std::get_if<bool>(&value)) slot = *b;
    else if (const auto* n = std::get_if<number>(&value); n && n->millionths() % 1'000'000 == 0)
      slot = n->millionths() / 1'000'000;
    else if (const auto* set = std::get_if<std::vector<std::string>>(&value)) {
      boost::json::array a;
      for (const auto& t : *set) a.emplace_back(boost::json::string_view(t.data(), t.size()));
      slot = std::move(a);
    } else {
      const std::string text = to_string(value);
      slot = boost::json::string_view(text.data(), text.size());
    }
  }
  return o;
}

namespace {
void write_pretty(std::string& out, const boost::json::value& v, int depth) {
  const auto indent = [&](int d) {
    out += '\n';
    out.append(static_cast<std::size_t>(d) * 2, ' ');
  };
  if (v.is_object() && !v.get_object().empty()) {
    out += '{';
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      out += boost::json::serialize(boost::json::value(kv.key()));
      out += ": ";
      write_pretty(out, kv.value(), depth + 1);
    }
    indent(depth);
    out += '}';
  } else if (v.is_array() && !v.get_array().empty()) {
    // Arrays of scalars stay on one line: ["legal", "finance"].
    bool scalars = true;
    for (const auto& item : v.get_array()) scalars = scalars && !item.is_object() && !item.is_array();
    if (scalars) {
      out += '[';
      for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        if (i != 0) out += ", ";
        out += boost::json::serialize(v.get_array()[i]);
      }
      out += ']';
      return;
    }
    out += '[';
    bool first = true;
    for (const auto& item : v.get_array()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      write_pretty(out, item, depth + 1);
    }
    indent(depth);
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}
// The length of the valid UTF-8 sequence at text[i], or 0 when there is none
// (overlong forms, surrogates and code points past U+10FFFF are not valid).
std::size_t sequence_at(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) return 0;
  if (n == 1) return 1;
  const auto c1 = static_cast<unsigned char>(text[i + 1]);
  const bool bad = c == 0xC0 || c == 0xC1 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||
                   (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90) || c > 0xF4;
  return bad ? 0 : n;
}

bool needs_repair(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_at(text, i);
    if (n == 0) return true;
    i += n;
  }
  return false;
}

// Text with every invalid UTF-8 sequence replaced by U+FFFD, so that what is written
// is JSON whatever bytes an export held.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = sequence_at(text, i);
    if (n != 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// `v` with its strings and keys made valid UTF-8.
void repair(boost::json::value& v) {
  if (v.is_string()) {
    const std::string_view text(v.get_string().data(), v.get_string().size());
    if (needs_repair(text)) v = boost::json::value(valid_utf8(text));
  } else if (v.is_array()) {
    for (auto& item : v.get_array()) repair(item);
  } else if (v.is_object()) {
    boost::json::object fixed;
    bool changed = false;
    for (auto& kv : v.get_object()) {
      repair(kv.value());
      const std::string_view key(kv.key().data(), kv.key().size());
      changed = changed || needs_repair(key);
      fixed[valid_utf8(key)] = kv.value();
    }
    if (changed) v = std::move(fixed);
  }
}

// Whether `v` holds a number beyond a double's range (1e400 reads as infinity, which
// no JSON text can hold); `at` is then its JSON pointer.
bool holds_infinity(const boost::json::value& v, json_path& at) {
  if (v.is_double()) return !std::isfinite(v.get_double());
  if (v.is_array()) {
    const auto& items = v.get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t mark = at.mark();
      at.push(i);
      if (holds_infinity(items[i], at)) return true;
      at.pop(mark);
    }
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      const std::size_t mark = at.mark();
      at.push(std::string_view(kv.key().data(), kv.key().size()));
      if (holds_infinity(kv.value(), at)) return true;
      at.pop(mark);
    }
  }
  return false;
}

// A parse handler that looks at nothing: a handler for one question derives from it
// and hides the calls it needs (basic_parser calls them by name, not virtually).
class ignoring_handler {
 public:
  using ec_type = boost::json::error_code;
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  bool on_document_begin(ec_type&) { return true; }
  bool on_document_end(ec_type&) { return true; }
  bool on_object_begin(ec_type&) { return true; }
  bool on_object_end(std::size_t, ec_type&) { return true; }
  bool on_array_begin(ec_type&) { return true; }
  bool on_array_end(std::size_t, ec_type&) { return true; }
  bool on_key_part(boost::json::string_view, std::size_t, ec_type&) { return true; }
  bool on_key(boost::json::string_view, std::size_t, ec_type&) { return true; }
  bool on_string_part(boost::json::string_view, std::size_t, ec_type&) { return true; }
  bool on_string(boost::json::string_view, std::size_t, ec_type&) { return true; }
  bool on_number_part(boost::json::string_view, ec_type&) { return true; }
  bool on_int64(std::int64_t, boost::json::string_view, ec_type&) { return true; }
  bool on_uint64(std::uint64_t, boost::json::string_view, ec_type&) { return true; }
  bool on_double(double, boost::json::string_view, ec_type&) { return true; }
  bool on_bool(bool, ec_type&) { return true; }
  bool on_null(ec_type&) { return true; }
  bool on_comment_part(boost::json::string_view, ec_type&) { return true; }
  bool on_comment(boost::json::string_view, ec_type&) { return true; }
};

// A parse handler that stops at the first key written twice in one object (a JSON
// value keeps only the last, which would lose the first without a word).
class duplicate_keys : public ignoring_handler {
 public:
  std::optional<std::string> duplicate;  // the key found twice, once the parse stops

  bool on_object_begin(ec_type&) {
    // One set per depth, cleared for the next object at that depth: sibling objects
    // (the lines of a quote) reuse its buckets.
    if (depth_ == seen_.size())
      seen_.emplace_back();
    else
      seen_[depth_].clear();
    ++depth_;
    return true;
  }
  bool on_object_end(std::size_t, ec_type&) {
    --depth_;
    return true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t, ec_type&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, ec_type& ec) {
    key_.append(s.data(), s.size());
    if (!seen_[depth_ - 1].insert(key_).second) {
      duplicate = std::move(key_);
      ec = boost::json::error::syntax;
      return false;
    }
    key_.clear();
    return true;
  }

 private:
  std::vector<std::unordered_set<std::string>> seen_;  // keys of the open object at each depth
  std::size_t depth_ = 0;
  std::string key_;
};

// A parse handler that records, for each object in document order, how many members
// its text gives. A parsed value keeps one member per key, so an object of the value
// smaller than its count had a key given twice; the counts cost no allocation once
// the vectors have grown, where duplicate_keys keeps a set of every key.
class member_counts : public ignoring_handler {
 public:
  member_counts(std::vector<std::size_t>& counts, std::vector<std::size_t>& open) : counts_(counts), open_(open) {
    counts_.clear();
    open_.clear();
  }
  bool on_object_begin(ec_type&) {
    open_.push_back(counts_.size());
    counts_.push_back(0);
    return true;
  }
  bool on_object_end(std::size_t n, ec_type&) {
    counts_[open_.back()] = n;
    open_.pop_back();
    return true;
  }

 private:
  std::vector<std::size_t>& counts_;  // members of each object, in the order the objects begin
  std::vector<std::size_t>& open_;    // where in counts_ each open object is
};

// Whether an object of `v` has fewer members than its text gave (`counts`, from
// member_counts): the objects are walked in the order they begin, a parent before its
// members, so every object before the first short one lines up with its count.
bool lost_members(const boost::json::value& v, const std::vector<std::size_t>& counts, std::size_t& next) {
  if (v.is_array()) {
    for (const auto& item : v.get_array())
      if (lost_members(item, counts, next)) return true;
  } else if (v.is_object()) {
    const auto& members = v.get_object();
    if (next >= counts.size() || members.size() != counts[next]) return true;
    ++next;
    for (const auto& kv : members)
      if (lost_members(kv.value(), counts, next)) return true;
  }
  return false;
}

// Whether `v` holds a number that read as infinity; holds_infinity then says where.
bool any_infinity(const boost::json::value& v) {
  if (v.is_double()) return !std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& item : v.get_array())
      if (any_infinity(item)) return true;
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (any_infinity(kv.value())) return true;
  }
  return false;
}

std::string hex_byte(unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out = "\\x";
  out += digits[c >> 4];
  out += digits[c & 0xFU];
  return out;
}
}  // namespace

}  // namespace detail

namespace json_syntax {

std::string problem(const boost::json::error_code& ec, std::string_view text, std::size_t at) {
  if (at < text.size()) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c == 0) return "a NUL byte, which JSON text cannot hold (is the file UTF-16 or binary?)";
    const std::size_t n = detail::sequence_at(text, at);
    if (n == 0) return "invalid UTF-8 (the byte " + detail::hex_byte(c) + ")";
    if (ec == boost::json::error::syntax) {
      if (c < 0x20 || c == 0x7F)
        return "the control character " + detail::hex_byte(c) + ", which must be escaped in a string";
      return "unexpected " + salesrules::detail::quoted(text.substr(at, n));
    }
  }
  if (ec == boost::json::error::incomplete) return "the text ends too soon";
  return ec.message();
}

expected<boost::json::value, error> parse(std::string_view text) noexcept { return parse_json(text); }

namespace {
// What `writer` was reset to, appended to `out`.
void drain(std::string& out, boost::json::serializer& writer) {
  char buffer[256];
  while (!writer.done()) {
    const auto part = writer.read(buffer, sizeof buffer);
    out.append(part.data(), part.size());
  }
}
}  // namespace

void append_string(std::string& out, std::string_view text, boost::json::serializer& writer) {
  std::string repaired;
  if (detail::needs_repair(text)) {
    repaired = detail::valid_utf8(text);
    text = repaired;
  }
  writer.reset(boost::json::string_view(text.data(), text.size()));
  drain(out, writer);
}

void append_value(std::string& out, const boost::json::value& v, boost::json::serializer& writer) {
  writer.reset(&v);
  drain(out, writer);
}

}  // namespace json_syntax

namespace json_syntax {

boost::json::parse_options options() noexcept {
  boost::json::parse_options o;
  o.max_depth = 64;
  return o;
}

reader::reader() : parser_({}, options()) {}

expected<boost::json::value, error> reader::parse(std::string_view text, boost::json::storage_ptr storage) noexcept {
  const boost::json::parse_options options = json_syntax::options();
  boost::json::stream_parser& parser = parser_;
  parser.reset(std::move(storage));
  // Whatever the outcome, the parser lets go of the caller's storage and of any part
  // of a value a failed parse left in it before this returns: the storage may be
  // gone by the next call.
  struct let_go {
    boost::json::stream_parser& parser;
    explicit let_go(boost::json::stream_parser& p) : parser(p) {}
    let_go(const let_go&) = delete;
    let_go& operator=(const let_go&) = delete;
    ~let_go() { parser.reset(); }
  } const guard{parser};
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte-order mark
  boost::system::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  bool trailing = false;
  std::optional<std::string> duplicate;  // a key found twice in one object
  if (!ec) {
    // write_some stops after a complete value; only white space may follow it.
    const auto rest = text.find_first_not_of(" \t\r\n", used);
    if (rest != std::string_view::npos) {
      used = rest;
      trailing = true;
    } else {
      parser.finish(ec);
      if (!ec) {
        // Valid JSON; one more pass counts each object's members, which the value
        // would hide a key given twice among. Only then are the keys themselves
        // compared, to name the one given twice.
        boost::json::value v = parser.release();
        boost::json::basic_parser<detail::member_counts> counting(options, counts_, open_);
        (void)counting.write_some(false, text.data(), text.size(), ec);
        std::size_t next = 0;
        bool twice = ec || detail::lost_members(v, counts_, next);
        if (twice) {
          boost::json::basic_parser<detail::duplicate_keys> keys(options);
          ec = {};
          used = keys.write_some(false, text.data(), text.size(), ec);
          // Only a key the comparison names is refused; were the counts ever to
          // disagree with the value otherwise, the value stands.
          twice = ec && keys.handler().duplicate.has_value();
          if (twice) duplicate = std::move(keys.handler().duplicate);
        }
        if (!twice) {
          if (detail::any_infinity(v)) {
            detail::json_path at;
            (void)detail::holds_infinity(v, at);
            return unexpected<error>(error{errc::out_of_range, at.str(),
                                           "a number too large to read (beyond about 1.8e308)"});
          }
          return v;
        }
      } else {
        used = text.size();
      }
    }
  }
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  for (std::size_t i = 0; i < used && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      ++column;  // a column is a character: the bytes that continue one do not count
    }
  }
  if (duplicate)
    return unexpected<error>(error{errc::duplicate, "",
                                   "the key " + salesrules::detail::quoted(*duplicate) +
                                       " appears twice in one object; give it once",
                                   line, column});
  std::string message = "not valid JSON: ";
  if (trailing) {
    message += "text after the value";
  } else if (ec == boost::json::error::too_deep) {
    message += "arrays and objects nest more than " + std::to_string(options.max_depth) + " deep";
  } else if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    message += "the text is empty";
  } else {
    message += json_syntax::problem(ec, text, used);
  }
  return unexpected<error>(error{errc::syntax, "", std::move(message), line, column});
}

}  // namespace json_syntax

expected<boost::json::value, error> parse_json(std::string_view text) noexcept {
  json_syntax::reader reader;
  return reader.parse(text);
}

std::string json_text(const boost::json::value& v, bool pretty) noexcept {
  boost::json::value valid = v;
  detail::repair(valid);
  if (!pretty) return boost::json::serialize(valid);
  std::string out;
  detail::write_pretty(out, valid, 0);
  return out;
}

expected<policy, error> parse_policy(std::string_view json) noexcept { return from_json_text<policy>(json); }

expected<validated_policy, error> load_policy(std::string_view json) noexcept {
  auto p = parse_policy(json);
  if (!p) return unexpected<error>(std::move(p.error()));
  return validate(std::move(*p));
}

expected<std::string, error> read_text_file(const std::filesystem::path& file) noexcept {
  return read_document(file);
}

expected<policy, error> read_policy_file(const std::filesystem::path& file, std::size_t limit) noexcept {
  auto text = read_document(file, limit);
  if (!text) return unexpected<error>(std::move(text.error()));
  return parse_policy(*text);
}

expected<validated_policy, error> load_policy_file(const std::filesystem::path& file, std::size_t limit) noexcept {
  auto p = read_policy_file(file, limit);
  if (!p) return unexpected<error>(std::move(p.error()));
  return validate(std::move(*p));
}

std::vector<std::string> policy_notes(const policy& p) noexcept {
  std::vector<std::string> notes;
  const auto& rules = p.discount.rules;
  if (rules.empty() || rules == default_escalation_rules()) return notes;
  notes.push_back("/discount/rules: " + std::to_string(rules.size()) +
                  (rules.size() == 1 ? " escalation rule" : " escalation rules") +
                  ", an older form that still reads; each is an approval rule on a condition (the first's: " +
                  json_text(to_json(as_condition(rules.front())), false) +
                  "), which `salesrules policy upgrade` writes under /discount/approval_rules");
  return notes;
}

std::string policy_json(const policy& p) noexcept { return json_text(to_json(p)) + "\n"; }

}  // namespace salesrules::io
