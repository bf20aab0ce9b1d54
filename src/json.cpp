#include <salesrules/io/json.hpp>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <array>
#include <charconv>
#include <fstream>
#include <sstream>

namespace salesrules::io {

namespace detail {

std::string describe_found(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "the number " + boost::json::serialize(v);
    case boost::json::kind::double_: {
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
  if (v.is_double()) message += " (write decimals as strings, e.g. \"12.5%\", so they stay exact)";
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
}  // namespace

}  // namespace detail

expected<boost::json::value, error> parse_json(std::string_view text) noexcept {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) {
    parser.finish(ec);
    if (!ec) return parser.release();
    used = text.size();
  }
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  for (std::size_t i = 0; i < used && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  std::string message = "not valid JSON: " + ec.message();
  if (used >= text.size()) message = "not valid JSON: the text ends too soon (" + ec.message() + ")";
  return unexpected<error>(error{errc::syntax, "", std::move(message), line, column});
}

std::string json_text(const boost::json::value& v, bool pretty) noexcept {
  if (!pretty) return boost::json::serialize(v);
  std::string out;
  detail::write_pretty(out, v, 0);
  return out;
}

expected<policy, error> parse_policy(std::string_view json) noexcept { return from_json_text<policy>(json); }

expected<validated_policy, error> load_policy(std::string_view json) noexcept {
  auto p = parse_policy(json);
  if (!p) return unexpected<error>(std::move(p.error()));
  return validate(std::move(*p));
}

expected<std::string, error> read_text_file(const std::filesystem::path& file) noexcept {
  std::ifstream in(file, std::ios::binary);
  if (!in) return salesrules::detail::fail(errc::missing, file.string(), "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return salesrules::detail::fail(errc::missing, file.string(), "cannot read the file");
  return std::move(text).str();
}

expected<validated_policy, error> load_policy_file(const std::filesystem::path& file) noexcept {
  auto text = read_text_file(file);
  if (!text) return unexpected<error>(std::move(text.error()));
  auto p = load_policy(*text);
  if (!p && p.error().where.empty() && p.error().line != 0) p.error().where = file.string();
  return p;
}

std::string policy_json(const policy& p) noexcept { return json_text(to_json(p)) + "\n"; }

}  // namespace salesrules::io
