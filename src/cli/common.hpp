// SPDX-License-Identifier: BSL-1.0
// The parts every subcommand of the salesrules tool shares: the options, reading the
// policy and "today", printing, and the exit statuses.
#ifndef SALESRULES_CLI_COMMON_HPP
#define SALESRULES_CLI_COMMON_HPP

#include <salesrules/error.hpp>
#include <salesrules/io/document.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/policy.hpp>

#include <CLI/CLI.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules::cli {

// Exit statuses: all is well; the checks found problems; the input or the usage is bad.
inline constexpr int exit_ok = 0;
inline constexpr int exit_findings = 1;
inline constexpr int exit_bad_input = 2;

// The version of the JSON documents the tool writes; raised when a field changes
// meaning or goes away (new fields do not raise it). 2: an error's "where" is a JSON
// pointer (into the deal, for a bad row: "/ratings/budget", no longer "budget"); its
// "deal_id" and "row" are new.
inline constexpr int json_schema_version = 2;

// What every subcommand takes.
struct common_options {
  std::string policy_file;  // empty: the seeds' defaults
  std::string today;        // empty: the system date
  std::string format = "text";
  std::uint64_t max_document_mib = 64;  // --max-document-mib: the limit of every whole-document read
  std::vector<std::string> rates;       // --rate EUR=1.0834: over the policy's rate for that currency
  std::string currency;                 // --currency USD: the reporting currency
};

// Adds --policy (unless the subcommand names its policy otherwise), --today,
// --format and --max-document-mib to a subcommand.
void add_common_options(CLI::App& app, common_options& o, bool with_policy = true, bool with_html = false);
// Adds only --max-document-mib (for subcommands that take no other common option).
void add_document_limit(CLI::App& app, common_options& o);
// Adds --rate and --currency, which the reports over an export take.
void add_currency_options(CLI::App& app, common_options& o);

// The choices, checked: the policy loaded and validated, today parsed (or read from
// the system clock, the one place the tool reads it), the format known. A problem is
// printed to stderr and gives nullopt.
struct context {
  validated_policy policy;
  date today;
  io::output_format format;
  std::size_t document_limit = io::default_document_limit;  // bytes
};
[[nodiscard]] std::optional<context> make_context(const common_options& o);

// Prints "salesrules: <what>: <error>" to stderr: `what` says what was being read or
// done (a flag, "policy FILE"), the error where in it (to_string).
void report_error(std::string_view what, const error& e);
// "salesrules: note: <what>: <note>" on stderr: something to know that is not an error.
void report_note(std::string_view what, std::string_view note);

// A JSON document with the schema's name and version around `body`, printed with a
// final line feed.
void print_json(std::string_view schema, boost::json::object body);

// The limit of whole-document reads that --max-document-mib gives, in bytes.
[[nodiscard]] std::size_t document_limit(const common_options& o) noexcept;

// A whole-document read's error, with a hint when it passed the size limit.
[[nodiscard]] error with_limit_hint(error e);

// Text read from a file, or from stdin when the name is "-", within `limit` bytes; or
// nothing, the error printed after `label` and the name ("stdin" for "-"). An error
// past the limit names --max-document-mib.
[[nodiscard]] std::optional<std::string> read_input(std::string_view label, const std::string& name,
                                                    std::size_t limit);

void register_policy_commands(CLI::App& app, int& status);
void register_deal_commands(CLI::App& app, int& status);
void register_desk_command(CLI::App& app, int& status);
void register_report_commands(CLI::App& app, int& status);

}  // namespace salesrules::cli

#endif  // SALESRULES_CLI_COMMON_HPP
