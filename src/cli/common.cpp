// SPDX-License-Identifier: BSL-1.0
#include "common.hpp"

#include <salesrules/io/escape.hpp>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>
#include <iterator>

namespace salesrules::cli {

void add_common_options(CLI::App& app, common_options& o, bool with_policy, bool with_html) {
  if (with_policy) app.add_option("--policy", o.policy_file, "Policy JSON file (default: the seeds' policy)");
  app.add_option("--today", o.today, "The reporting date, YYYY-MM-DD (default: the system date)");
  if (with_html)
    app.add_option("--format", o.format, "Output: text, md, json or html (one self-contained page)")
        ->check(CLI::IsMember({"text", "md", "json", "html"}))
        ->capture_default_str();
  else
    app.add_option("--format", o.format, "Output: text, md or json")
        ->check(CLI::IsMember({"text", "md", "json"}))
        ->capture_default_str();
  add_document_limit(app, o);
}

void add_document_limit(CLI::App& app, common_options& o) {
  app.add_option("--max-document-mib", o.max_document_mib,
                 "The most a policy, column map, deal, request or golden-case file may hold, in MiB")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20))
      ->capture_default_str();
}

std::size_t document_limit(const common_options& o) noexcept {
  return static_cast<std::size_t>(o.max_document_mib) << 20;
}

error with_limit_hint(error e) {
  if (e.code == errc::too_large) e.message += "; --max-document-mib raises the limit";
  return e;
}

void add_currency_options(CLI::App& app, common_options& o) {
  app.add_option("--rate", o.rates,
                 "An exchange rate into the reporting currency, CODE=RATE such as EUR=1.0834 (repeatable; "
                 "over the policy's rate for that currency)");
  app.add_option("--currency", o.currency,
                 "The reporting currency, e.g. USD (a change drops the policy's rates, which were into its own)");
}

namespace {

// The policy's exchange section with --currency and --rate applied; a problem is
// printed, naming the flag, and gives false.
bool apply_currency_options(const common_options& o, exchange_policy& x) {
  const auto bad = [](std::string_view flag, const error& e) {
    report_error(flag, e);
    return false;
  };
  if (!o.currency.empty()) {
    auto c = currency::from_code(o.currency);
    if (!c) return bad("--currency", c.error());
    // The policy's rates are into its own reporting currency: they say nothing about another.
    if (*c != x.reporting) x.rates.clear();
    x.reporting = *c;
  }
  for (const std::string& given : o.rates) {
    const auto equals = given.find('=');
    if (equals == std::string::npos)
      return bad("--rate", error{errc::syntax, "", "expected CODE=RATE such as EUR=1.0834, found " + detail::quoted(given)});
    auto c = currency::from_code(std::string_view(given).substr(0, equals));
    if (!c) return bad("--rate", c.error());
    auto r = parse_rate(std::string_view(given).substr(equals + 1));
    if (!r) return bad("--rate", r.error());
    if (*c == x.reporting)
      return bad("--rate", error{errc::inconsistent, "",
                            std::string(c->code()) + " is the reporting currency; its rate is 1 and needs no --rate"});
    bool found = false;
    for (auto& cr : x.rates)
      if (cr.from == *c) {
        cr.rate = *r;
        found = true;
      }
    if (!found) x.rates.push_back({*c, *r});
  }
  return true;
}

}  // namespace

std::optional<context> make_context(const common_options& o) {
  auto read = o.policy_file.empty() ? expected<salesrules::policy, error>(salesrules::policy{})
                                    : io::read_policy_file(o.policy_file, document_limit(o));
  if (!read) {
    report_error("policy " + o.policy_file, with_limit_hint(std::move(read.error())));
    return std::nullopt;
  }
  if (!o.policy_file.empty())
    for (const auto& n : io::policy_notes(*read)) report_note("policy " + o.policy_file, n);
  if (!apply_currency_options(o, read->exchange)) return std::nullopt;
  auto loaded = validate(std::move(*read));
  if (!loaded) {
    report_error(o.policy_file.empty() ? "the default policy" : "policy " + o.policy_file, loaded.error());
    return std::nullopt;
  }
  date today{};
  if (o.today.empty()) {
    today = date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  } else {
    auto d = parse_date(o.today);
    if (!d) {
      report_error("--today", d.error());
      return std::nullopt;
    }
    today = *d;
  }
  // The reports look at the fiscal year holding today and the one before it: both must
  // lie in the years that dates are written in.
  const auto& cal = loaded->calendar();
  const fiscal_period year = period_of(today, period_kind::year, cal);
  const fiscal_period before = previous_period(year, cal);
  if (!in_date_range(year) || !in_date_range(before)) {
    const fiscal_period& out = in_date_range(year) ? before : year;
    report_error("--today", error{errc::out_of_range, "",
                                  "the reports need " + to_string(out) + ", which spans " + to_string(out.first_day) +
                                      " to " + to_string(out.last_day) +
                                      ", outside the years 0001-9999 that dates are written in"});
    return std::nullopt;
  }
  const auto format = o.format == "json"   ? io::output_format::json
                      : o.format == "md"   ? io::output_format::markdown
                      : o.format == "html" ? io::output_format::html
                                           : io::output_format::text;
  return context{std::move(*loaded), today, format, document_limit(o)};
}

void report_error(std::string_view what, const error& e) {
  std::string line = "salesrules: ";
  line += what;
  line += ": ";
  line += to_string(e);
  // Messages quote what the input held: no control bytes or broken UTF-8 reach the terminal.
  std::cerr << io::printable(line) << '\n';
}

void report_note(std::string_view what, std::string_view note) {
  std::string line = "salesrules: note: ";
  line += what;
  line += ": ";
  line += note;
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

std::optional<std::string> read_input(std::string_view label, const std::string& name, std::size_t limit) {
  auto text = name == "-" ? io::read_document(std::cin, limit) : io::read_document(name, limit);
  if (!text) {
    report_error(std::string(label) + " " + (name == "-" ? "stdin" : name), with_limit_hint(std::move(text.error())));
    return std::nullopt;
  }
  return std::move(*text);
}

}  // namespace salesrules::cli
