#include "common.hpp"

#include <salesrules/io/escape.hpp>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>
#include <iterator>

namespace salesrules::cli {

void add_common_options(CLI::App& app, common_options& o, bool with_policy) {
  if (with_policy) app.add_option("--policy", o.policy_file, "Policy JSON file (default: the seeds' policy)");
  app.add_option("--today", o.today, "The reporting date, YYYY-MM-DD (default: the system date)");
  app.add_option("--format", o.format, "Output: text, md or json")
      ->check(CLI::IsMember({"text", "md", "json"}))
      ->capture_default_str();
}

std::optional<context> make_context(const common_options& o) {
  auto loaded = o.policy_file.empty() ? validate(salesrules::policy{}) : io::load_policy_file(o.policy_file);
  if (!loaded) {
    report_error(o.policy_file.empty() ? "the default policy" : "policy " + o.policy_file, loaded.error());
    return std::nullopt;
  }
  date today{};
  if (o.today.empty()) {
    today = date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  } else {
    auto d = parse_date(o.today, "--today");
    if (!d) {
      report_error("--today", d.error());
      return std::nullopt;
    }
    today = *d;
  }
  const auto format = o.format == "json" ? io::output_format::json
                      : o.format == "md" ? io::output_format::markdown
                                         : io::output_format::text;
  return context{std::move(*loaded), today, format};
}

void report_error(std::string_view what, const error& e) {
  // The place may already be in the error (a --flag, a file name): say it once, and
  // before a line and column rather than after them.
  const bool placed = !e.where.empty() && what.size() >= e.where.size() &&
                      what.substr(what.size() - e.where.size()) == e.where;
  std::string line = "salesrules: ";
  if (placed && e.line != 0) {
    error unplaced = e;
    unplaced.where.clear();
    line += std::string(what) + ": " + to_string(unplaced);
  } else {
    if (!placed) line += std::string(what) + ": ";
    line += to_string(e);
  }
  // Messages quote what the input held: no control bytes or broken UTF-8 reach the terminal.
  std::cerr << io::printable(line) << '\n';
}

void print_json(std::string_view schema, boost::json::object body) {
  boost::json::object doc;
  doc["schema"] = schema;
  doc["version"] = json_schema_version;
  for (auto& kv : body) doc[kv.key()] = std::move(kv.value());
  // C1 and bidirectional controls as \uXXXX: the same JSON, safe on a terminal.
  std::cout << io::terminal_safe_json(io::json_text(doc)) << '\n';
}

expected<std::string, error> read_input(const std::string& name) {
  if (name != "-") return io::read_text_file(name);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (std::cin.bad()) return detail::fail(errc::missing, "stdin", "cannot read standard input");
  return text;
}

}  // namespace salesrules::cli
