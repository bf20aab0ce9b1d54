// SPDX-License-Identifier: BSL-1.0
// pipeline, forecast, win-loss and account-plan: reports from a CRM export. Each
// streams the file through the importer into its report's builder, so memory
// follows what the report keeps, not the size of the file.
#include "common.hpp"

#include <salesrules/io/account_plan.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/history.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/io/report_format.hpp>
#include <salesrules/io/win_loss_report.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <limits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <type_traits>

namespace salesrules::cli {
namespace {

// How the export is read: every report takes these.
struct import_cli_options {
  std::string file;     // the export, or "-" for stdin
  std::string columns;  // column map JSON file
  bool json_lines = false;
  bool strict = false;
  bool quiet = false;
  unsigned threads = 0;     // --threads: parts of the file read at once; 0, one a core
  std::string delimiter;    // --delimiter: ';', tab, ...
  std::string date_format;  // --date-format: M/D/Y, D.M.Y, ...
  bool decimal_comma = false;
  std::string history;          // --history: the CRM's stage and close-date history, joined by id
  std::string history_columns;  // --history-columns: the history's own column map
  std::string utc_offset;       // --utc-offset: where a timestamp's date is taken
};

void add_import_options(CLI::App& app, import_cli_options& o) {
  app.add_option("FILE", o.file, "The opportunity export: CSV, or JSON Lines with --jsonl (- for stdin)")->required();
  app.add_option("--columns", o.columns, "Column map JSON: the export's column, stage and outcome names");
  app.add_flag("--jsonl", o.json_lines, "The export is JSON Lines, one deal a line");
  app.add_flag("--strict", o.strict,
               "Stop at the first bad row (status 2) instead of skipping it, and refuse amounts without an "
               "exchange rate (status 2) instead of reporting them apart");
  app.add_flag("--quiet", o.quiet, "No progress line and no list of skipped rows");
  app.add_option("--threads", o.threads, "Parts of the file read at once (default 0: one for each core); the "
                                         "report is the same for any number")
      ->check(CLI::Range(0U, 256U));
  app.add_option("--delimiter", o.delimiter, "CSV: the character between fields, e.g. ';' or tab (default ',')");
  app.add_option("--date-format", o.date_format, "How the export writes dates: M/D/Y, D.M.Y, D/M/Y, Y/M/D "
                                                 "(default YYYY-MM-DD)");
  app.add_flag("--decimal-comma", o.decimal_comma, "CSV: amounts and percentages with a decimal comma (1.234,50)");
  app.add_option("--history", o.history,
                 "The CRM's history export, joined to the deals by id: Salesforce OpportunityHistory rows "
                 "(OpportunityId, StageName, CloseDate, CreatedDate) or a changes log (deal_id, field_key, "
                 "old_value, new_value, log_time)");
  app.add_option("--history-columns", o.history_columns,
                 "Column map JSON for the history file (default: the --columns map's stages, delimiter and "
                 "date format)");
  app.add_option("--utc-offset", o.utc_offset,
                 "Take the dates of timestamps (CreatedDate, log_time, HubSpot's 'Date entered') at this UTC "
                 "offset, +HH:MM or -HH:MM (default +00:00: UTC)");
}

// What the history import saw (--history).
struct history_tally {
  std::string file;
  io::history_shape shape = io::history_shape::rows;
  std::uint64_t rows = 0;
  std::uint64_t skipped = 0;
  std::uint64_t deals = 0;          // ids with a history
  std::uint64_t unknown_deals = 0;  // ids the deals export does not have
  std::vector<error> errors;        // bad rows', then unknown deals', the first max_errors_kept
  std::vector<std::string> ignored_columns;
};

// What the import saw, for the report's footer and its JSON.
struct import_tally {
  std::uint64_t rows = 0;
  std::uint64_t skipped = 0;
  std::vector<error> errors;  // the first max_errors_kept bad rows
  std::vector<std::string> ignored_columns;
  std::optional<history_tally> history;
  static constexpr std::size_t max_errors_kept = 100;
  static constexpr std::size_t max_errors_printed = 20;
};

boost::json::object tally_json(const import_cli_options& o, const import_tally& t) {
  boost::json::object out{{"file", o.file},
                          {"rows", t.rows},
                          {"imported", t.rows - t.skipped},
                          {"skipped", t.skipped},
                          {"errors", io::to_json(t.errors)},
                          {"ignored_columns", io::to_json(t.ignored_columns)}};
  if (t.history) {
    const history_tally& h = *t.history;
    out["history"] = boost::json::object{{"file", h.file},
                                         {"shape", io::to_json(h.shape)},
                                         {"rows", h.rows},
                                         {"skipped", h.skipped},
                                         {"deals", h.deals},
                                         {"unknown_deals", h.unknown_deals},
                                         {"errors", io::to_json(h.errors)},
                                         {"ignored_columns", io::to_json(h.ignored_columns)}};
  }
  return out;
}

// A line on stderr, redrawn at most twice a second, while a long import runs on a terminal.
class progress_line {
 public:
  progress_line(bool enabled, std::uint64_t total_bytes) : enabled_(enabled), total_(total_bytes) {}
  void update(std::uint64_t rows, std::uint64_t bytes) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\rsalesrules: %s rows, %llu of %llu MB", io::format_count(rows).c_str(),
                 static_cast<unsigned long long>(bytes >> 20), static_cast<unsigned long long>(total_ >> 20));
    std::fflush(stderr);
  }
  void clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool enabled_;
  std::uint64_t total_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// A report builder as the import's sink: each part of the file gets one, merged in
// file order.
template <class Builder>
class builder_sink final : public io::deal_sink {
 public:
  explicit builder_sink(Builder b) : builder(std::move(b)) {}
  expected<void, error> add(const opportunity& deal) noexcept override { return builder.add(deal); }
  expected<void, error> merge(io::deal_sink& later) noexcept override {
    auto& other = static_cast<builder_sink&>(later).builder;
    if constexpr (std::is_void_v<decltype(builder.merge(other))>) {
      builder.merge(other);
      return {};
    } else {
      return builder.merge(other);
    }
  }
  Builder builder;
};

// The column map in `file` (given by `flag`), or nothing with the error printed.
std::optional<io::column_map> read_column_map(std::string_view flag, const std::string& file, const context& ctx) {
  auto text = read_input(flag, file, ctx.document_limit);
  if (!text) return std::nullopt;
  auto map = io::parse_column_map(*text);
  if (!map) {
    report_error("column map " + file, map.error());
    return std::nullopt;
  }
  return std::move(*map);
}

// What the export carries, for the reports' checks (deal_data.hpp): a CSV file's
// header says. JSON Lines and standard input are taken to carry what our columns can
// (io::export_can_carry).
enum_set<deal_data> carried_by(const import_cli_options& o, const context& ctx, const io::import_options& import,
                               bool history) {
  enum_set<deal_data> known = io::export_can_carry;
  if (import.format == io::input_format::csv && o.file != "-") {
    std::ifstream in(o.file, std::ios::binary);
    // A header that does not read is the import's to report.
    if (auto reader = io::opportunity_reader::open(in, ctx.policy, import)) known = reader->carried();
  }
  if (history) known.insert(deal_data::stage_history);
  return known;
}

// Reads the export into builders from `make` (one a part of the file, merged), and
// leaves the merged one in `out`. Bad rows are listed on stderr and skipped, or end
// the run with --strict. When `known` is given, it is set to what the export carries
// before the first builder is made. Returns the exit status when the run cannot go on.
template <class Builder, class Make>
std::optional<int> stream_deals(const import_cli_options& o, const context& ctx, import_tally& tally, Make make,
                                Builder*& out, std::unique_ptr<io::deal_sink>& holder,
                                enum_set<io::free_text> copied = enum_set<io::free_text>::all(),
                                enum_set<deal_data>* known = nullptr) {
  io::file_import_options options;
  options.import.copied_text = copied;
  options.import.format = o.json_lines ? io::input_format::json_lines : io::input_format::csv;
  options.threads = o.threads;
  options.strict = o.strict;
  options.errors_kept = import_tally::max_errors_kept;
  io::import_options& import = options.import;
  if (!o.columns.empty()) {
    auto map = read_column_map("--columns", o.columns, ctx);
    if (!map) return exit_bad_input;
    import.map = std::move(*map);
  }
  // The export's format: a flag given on the command line wins over the column map.
  if (!o.delimiter.empty()) {
    auto c = io::parse_delimiter(o.delimiter);
    if (!c) {
      report_error("--delimiter", c.error());
      return exit_bad_input;
    }
    import.map.delimiter = *c;
  }
  if (!o.date_format.empty()) {
    auto f = io::parse_date_format(o.date_format);
    if (!f) {
      report_error("--date-format", f.error());
      return exit_bad_input;
    }
    import.map.dates = *f;
  }
  if (o.decimal_comma) import.map.decimal_comma = true;

  if (!o.utc_offset.empty()) {
    auto offset = io::parse_utc_offset(o.utc_offset);
    if (!offset) {
      report_error("--utc-offset", offset.error());
      return exit_bad_input;
    }
    import.utc_offset = *offset;
  }
  // The history, read whole before the deals (it is joined to them as they come).
  std::optional<io::history_import> history;
  if (!o.history.empty()) {
    io::history_options h;
    h.map = import.map;
    h.map.columns.clear();  // the deals' column names are not the history's
    h.errors_kept = import_tally::max_errors_kept;
    h.strict = o.strict;
    if (!o.history_columns.empty()) {
      auto map = read_column_map("--history-columns", o.history_columns, ctx);
      if (!map) return exit_bad_input;
      h.map = std::move(*map);
      // The flags are for both files, over either map.
      if (!o.delimiter.empty()) h.map.delimiter = import.map.delimiter;
      if (!o.date_format.empty()) h.map.dates = import.map.dates;
    }
    h.utc_offset = import.utc_offset;
    auto read = io::read_history_file(o.history, ctx.policy, h);
    if (!read) {
      report_error("--history " + o.history, read.error());
      return exit_bad_input;
    }
    history.emplace(std::move(*read));
    options.history = &history->histories;
  } else if (!o.history_columns.empty()) {
    report_error("--history-columns", error{errc::missing, "", "it applies to the --history file, and none is given"});
    return exit_bad_input;
  }

  if (known != nullptr) *known = carried_by(o, ctx, import, options.history != nullptr);

  std::uint64_t size = 0;
  if (o.file != "-") {
    std::error_code ec;
    size = std::filesystem::is_regular_file(o.file, ec) ? std::filesystem::file_size(o.file, ec) : 0;
  }
  progress_line progress(!o.quiet && size != 0 && ::isatty(STDERR_FILENO) != 0, size);
  const std::function<std::unique_ptr<io::deal_sink>()> make_sink = [&] {
    return std::make_unique<builder_sink<Builder>>(make());
  };
  const auto tick = [&](std::uint64_t rows, std::uint64_t bytes) { progress.update(rows, bytes); };
  auto read = o.file == "-" ? io::import_stream(std::cin, ctx.policy, options, make_sink, holder, tick)
                            : io::import_file(o.file, ctx.policy, options, make_sink, holder, tick);
  progress.clear();
  if (!read) {
    // The column map's own entries (a stage the policy lacks) are its sections'
    // pointers, and name no line and no deal; anything else is about the export.
    const error& e = read.error();
    const auto in_section = [&](std::string_view s) { return e.where.starts_with(s); };
    const bool in_map = !o.columns.empty() && e.line == 0 && e.deal_id.empty() &&
                        (in_section("/columns/") || in_section("/stages/") || in_section("/outcomes/"));
    report_error(in_map ? "column map " + o.columns : o.file, read.error());
    return exit_bad_input;
  }
  out = &static_cast<builder_sink<Builder>&>(*holder).builder;
  tally.rows = read->rows;
  tally.skipped = read->skipped;
  tally.errors = std::move(read->errors);
  tally.ignored_columns = std::move(read->ignored_columns);
  if (!o.quiet)
    for (std::size_t i = 0; i < tally.errors.size() && i < import_tally::max_errors_printed; ++i)
      report_error(o.file + ": skipped", tally.errors[i]);
  if (history) {
    history_tally h{o.history,
                    history->shape,
                    history->rows,
                    history->skipped,
                    history->histories.deals(),
                    0,
                    std::move(history->errors),
                    std::move(history->ignored_columns)};
    const std::size_t room = import_tally::max_errors_kept - std::min(h.errors.size(), import_tally::max_errors_kept);
    auto unknown = history->histories.unmatched(room, h.unknown_deals);
    for (auto& e : unknown) h.errors.push_back(std::move(e));
    if (!o.quiet)
      for (std::size_t i = 0; i < h.errors.size() && i < import_tally::max_errors_printed; ++i)
        report_error(o.history + ": skipped", h.errors[i]);
    // Under --strict a bad history row has ended the run already; a deal the export
    // lacks is known only now.
    if (o.strict && h.unknown_deals != 0) {
      report_error(o.history, h.errors.front());
      return exit_bad_input;
    }
    if (h.skipped != 0 || h.unknown_deals != 0)
      std::cerr << "salesrules: "
                << io::printable(o.history + ": " + io::format_count(h.rows) + " history rows read, " +
                                 io::format_count(h.skipped) + " skipped; " + io::counted(h.unknown_deals, "deal") +
                                 " of the history not in " + o.file)
                << '\n';
    tally.history = std::move(h);
  }
  if (tally.skipped != 0) {
    std::string line = o.file + ": " + io::format_count(tally.rows) +
                       (tally.rows == 1 ? " row read, " : " rows read, ") + io::format_count(tally.skipped) +
                       " skipped";
    if (tally.skipped > import_tally::max_errors_printed && !o.quiet)
      line += " (the first " + std::to_string(import_tally::max_errors_printed) + " are listed above)";
    std::cerr << "salesrules: " << io::printable(line) << '\n';
  }
  return std::nullopt;
}

// The deals of a report whose amounts it keeps apart for want of an exchange rate, by
// currency: every deal with an amount in one of its figures.
expected<std::vector<unconverted>, error> not_converted(const io::pipeline_report& r) { return r.not_converted; }
expected<std::vector<unconverted>, error> not_converted(const io::forecast_report& r) {
  return r.calls.pipeline_not_converted;  // won and open deals of the period; coverage's are among them
}
expected<std::vector<unconverted>, error> not_converted(const io::win_loss_summary& r) { return r.won_not_converted; }
expected<std::vector<unconverted>, error> not_converted(const io::account_plan& p) {
  return io::merge_unconverted(p.overview.open_not_converted, p.overview.won_not_converted);
}

// "salesrules: FILE: no exchange rate into USD for EUR (12 deals, 1,234,567.00 EUR) and
// GBP (...): their amounts are reported apart as not converted; give the rates with
// --rate EUR=... --rate GBP=... or in the policy's "exchange" section". Under --strict
// the middle says that the run stops there.
void report_missing_rates(const import_cli_options& o, const context& ctx, const std::vector<unconverted>& apart) {
  std::string named, rates;
  std::uint64_t deals = 0;
  for (std::size_t i = 0; i < apart.size(); ++i) {
    const unconverted& u = apart[i];
    if (i != 0) named += i + 1 == apart.size() ? " and " : ", ";
    named += std::string(u.currency.code()) + " (" + io::counted(u.deals, "deal") + ", " + io::format_money(u.total) + ")";
    rates += std::string(i == 0 ? "" : " ") + "--rate " + std::string(u.currency.code()) + "=...";
    deals += u.deals;
  }
  const std::string middle = o.strict ? "--strict stops here"
                             : deals == 1 ? "its amount is reported apart as not converted"
                                          : "their amounts are reported apart as not converted";
  const std::string line = "salesrules: " + o.file + ": no exchange rate into " +
                           std::string(ctx.policy.exchange()->reporting.code()) + " for " + named + ": " + middle +
                           "; give the rates with " + rates + " or in the policy's \"exchange\" section";
  std::cerr << io::printable(line) << '\n';
}

// Prints a finished report in the chosen format. Returns exit_findings when some of its
// amounts have no exchange rate (said once on stderr), else exit_ok; under --strict
// such amounts are an error (exit_bad_input) and nothing is printed.
template <class Report>
int print_report(std::string_view schema, const context& ctx, const import_cli_options& o,
                 const import_tally& tally, const Report& report) {
  const auto apart = not_converted(report);
  if (!apart) {
    report_error(o.file, apart.error());
    return exit_bad_input;
  }
  if (!apart->empty() && o.strict) {
    report_missing_rates(o, ctx, *apart);
    return exit_bad_input;
  }
  if (ctx.format == io::output_format::json) {
    print_json(schema, {{"today", io::to_json(ctx.today)},
                        {"import", tally_json(o, tally)},
                        {"report", io::to_json(report)}});
  } else {
    std::string page = io::render(report, ctx.format);
    if (tally.skipped != 0) {
      const std::string note = io::format_count(tally.skipped) + " of " + io::format_count(tally.rows) +
                               " rows were skipped as malformed; see the messages on stderr.";
      if (ctx.format == io::output_format::html) {
        // Inside the page, after the report: the end of <main> is the page's last.
        const std::size_t end = page.rfind("</main>");
        if (end != std::string::npos) page.insert(end, "<p class=\"note\">" + note + "</p>\n");
      } else {
        page += '\n' + (ctx.format == io::output_format::markdown ? "> " + note : note) + '\n';
      }
    }
    std::cout << page;
  }
  if (apart->empty()) return exit_ok;
  report_missing_rates(o, ctx, *apart);
  return exit_findings;
}

// An amount in the reporting currency ("5000000" or "5000000.00") given by `flag`,
// naming it `what`; none when not given. `zero` allows 0, else it must be positive.
std::optional<std::optional<money>> read_amount(std::string_view flag, std::string_view what, bool zero,
                                                const std::string& text, const context& ctx) {
  if (text.empty()) return std::optional<money>();
  auto m = parse_money(text, ctx.policy.exchange()->reporting);
  if (!m) {
    report_error(flag, m.error());
    return std::nullopt;
  }
  if (m->is_negative() || (!zero && m->minor_units() == 0)) {
    report_error(flag, error{errc::out_of_range, "", "the " + std::string(what) + " must be " +
                                                                      (zero ? "0 or more" : "positive") + ", not " +
                                                                      to_string(*m)});
    return std::nullopt;
  }
  return std::optional<money>(*m);
}

// --quota: positive. --potential: 0 or more.
std::optional<std::optional<money>> read_quota(const std::string& text, const context& ctx) {
  return read_amount("--quota", "quota", false, text, ctx);
}
std::optional<std::optional<money>> read_potential(const std::string& text, const context& ctx) {
  return read_amount("--potential", "potential", true, text, ctx);
}

std::optional<fiscal_period> read_period(const std::string& text, const context& ctx) {
  auto p = io::parse_period(text, *ctx.policy.calendar());
  if (!p) {
    report_error("--period", p.error());
    return std::nullopt;
  }
  // The reports compare a period with the one before it.
  if (const auto before = previous_period(*p, ctx.policy.calendar()); !in_date_range(before)) {
    report_error("--period", error{errc::out_of_range, "",
                                   "the reports compare " + to_string(*p) + " with " + to_string(before) +
                                       ", which spans " + to_string(before.first_day) + " to " +
                                       to_string(before.last_day) +
                                       ", outside the years 0001-9999 that dates are written in"});
    return std::nullopt;
  }
  return *p;
}

// --- pipeline ----------------------------------------------------------------

struct pipeline_cli {
  common_options common;
  import_cli_options import;
  std::string quota;
  std::string period;
  std::size_t listed = 20;
  std::vector<std::string> fail_on;
};

// Whether the report holds what --fail-on names: a hygiene rule or severity with
// findings, or "diagnoses" with a triggered diagnosis.
expected<bool, error> fails_on(const io::pipeline_report& r, const std::vector<std::string>& names) {
  bool found = false;
  for (const auto& name : names) {
    if (name == "diagnoses") {
      for (const auto& d : r.diagnoses) found = found || d.status == diagnosis_status::triggered;
      continue;
    }
    if (auto rule = io::from_json<hygiene_rule>(boost::json::value(name))) {
      for (const auto& c : r.hygiene.by_rule) found = found || (c.rule == *rule && c.findings != 0);
      continue;
    }
    if (auto sev = io::from_json<hygiene_severity>(boost::json::value(name))) {
      for (const auto& c : r.hygiene.by_severity) found = found || (c.severity == *sev && c.findings != 0);
      continue;
    }
    return detail::fail(errc::unknown_name, "",
                        detail::quoted(name) + " is not a hygiene rule, a severity or 'diagnoses'");
  }
  return found;
}

int run_pipeline(const pipeline_cli& o) {
  auto ctx = make_context(o.common);
  if (!ctx) return exit_bad_input;
  auto quota = read_quota(o.quota, *ctx);
  if (!quota) return exit_bad_input;
  io::pipeline_options options{.today = ctx->today, .quota = *quota, .listed_findings = o.listed};
  if (!o.period.empty()) {
    auto period = read_period(o.period, *ctx);
    if (!period) return exit_bad_input;
    options.period = *period;
  }
  // --fail-on names are checked before the file is read.
  if (auto names = fails_on(io::pipeline_report{}, o.fail_on); !names) {
    report_error("--fail-on", names.error());
    return exit_bad_input;
  }
  import_tally tally;
  io::pipeline_builder* builder = nullptr;
  std::unique_ptr<io::deal_sink> holder;
  // The report reads the owners, loss reasons and sources; other text only for being filled in.
  const enum_set<io::free_text> text{io::free_text::owner, io::free_text::loss_reason, io::free_text::source};
  if (auto status = stream_deals(o.import, *ctx, tally, [&] { return io::pipeline_builder(ctx->policy, options); },
                                 builder, holder, text, &options.known))
    return *status;
  auto report = builder->finish();
  if (!report) {
    report_error("pipeline", report.error());
    return exit_bad_input;
  }
  const int printed = print_report("salesrules.pipeline", *ctx, o.import, tally, *report);
  if (printed == exit_bad_input) return printed;
  auto failing = fails_on(*report, o.fail_on);
  return failing && *failing ? exit_findings : printed;
}

// --- forecast ----------------------------------------------------------------

struct forecast_cli {
  common_options common;
  import_cli_options import;
  std::string quota;
  std::string period;
};

int run_forecast(const forecast_cli& o) {
  auto ctx = make_context(o.common);
  if (!ctx) return exit_bad_input;
  auto quota = read_quota(o.quota, *ctx);
  if (!quota) return exit_bad_input;
  auto period = read_period(o.period, *ctx);
  if (!period) return exit_bad_input;
  import_tally tally;
  io::forecast_builder* builder = nullptr;
  std::unique_ptr<io::deal_sink> holder;
  // The forecast reads no free text.
  if (auto status = stream_deals(
          o.import, *ctx, tally,
          [&] { return io::forecast_builder(ctx->policy, {.today = ctx->today, .period = *period, .quota = *quota}); },
          builder, holder, enum_set<io::free_text>{}))
    return *status;
  auto report = builder->finish();
  if (!report) {
    report_error("forecast", report.error());
    return exit_bad_input;
  }
  return print_report("salesrules.forecast", *ctx, o.import, tally, *report);
}

// --- win-loss ----------------------------------------------------------------

struct win_loss_cli {
  common_options common;
  import_cli_options import;
  std::string period;
};

int run_win_loss(const win_loss_cli& o) {
  auto ctx = make_context(o.common);
  if (!ctx) return exit_bad_input;
  io::win_loss_options options{.today = ctx->today};
  if (!o.period.empty()) {
    auto period = read_period(o.period, *ctx);
    if (!period) return exit_bad_input;
    options.period = *period;
  }
  import_tally tally;
  io::win_loss_builder* builder = nullptr;
  std::unique_ptr<io::deal_sink> holder;
  // The analysis reads segments, loss reasons and competitors.
  const enum_set<io::free_text> text{io::free_text::segment, io::free_text::loss_reason, io::free_text::competitors};
  if (auto status = stream_deals(o.import, *ctx, tally, [&] { return io::win_loss_builder(ctx->policy, options); },
                                 builder, holder, text))
    return *status;
  auto report = builder->finish();
  if (!report) {
    report_error("win-loss", report.error());
    return exit_bad_input;
  }
  return print_report("salesrules.win-loss", *ctx, o.import, tally, *report);
}

// --- account-plan ------------------------------------------------------------

struct account_plan_cli {
  common_options common;
  import_cli_options import;
  std::string account;
  std::string potential;
};

int run_account_plan(const account_plan_cli& o) {
  auto ctx = make_context(o.common);
  if (!ctx) return exit_bad_input;
  auto potential = read_potential(o.potential, *ctx);
  if (!potential) return exit_bad_input;
  import_tally tally;
  io::account_plan_builder* builder = nullptr;
  std::unique_ptr<io::deal_sink> holder;
  io::account_plan_options options{.today = ctx->today, .account = o.account, .potential = *potential};
  if (auto status = stream_deals(
          o.import, *ctx, tally, [&] { return io::account_plan_builder(ctx->policy, options); }, builder, holder,
          enum_set<io::free_text>::all(), &options.known))
    return *status;
  auto plan = builder->finish();
  if (!plan) {
    report_error("account-plan", plan.error());
    return exit_bad_input;
  }
  return print_report("salesrules.account-plan", *ctx, o.import, tally, *plan);
}

}  // namespace

void register_report_commands(CLI::App& app, int& status) {
  {
    auto o = std::make_shared<pipeline_cli>();
    auto* sub = app.add_subcommand("pipeline", "The pipeline analyzer: stages, categories, coverage, hygiene, "
                                               "MEDDPICC completion and diagnoses");
    add_import_options(*sub, o->import);
    add_common_options(*sub, o->common, true, true);
    add_currency_options(*sub, o->common);
    sub->add_option("--quota", o->quota, "The period's quota in the reporting currency, for coverage");
    sub->add_option("--period", o->period, "The period: 2026-Q4, 2026 or 2026-11 (default: today's quarter)");
    sub->add_option("--list", o->listed, "Hygiene findings listed one by one")
        ->check(CLI::Validator(
            [](const std::string& text) {
              std::size_t n = 0;
              const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
              if (text.empty() || end != text.data() + text.size() || text.front() == '-')
                return "a whole number of 0 or more, not " + salesrules::detail::quoted(text);
              if (ec == std::errc::result_out_of_range)
                return salesrules::detail::quoted(text) + " is too large (at most " +
                       std::to_string(std::numeric_limits<std::size_t>::max()) + ")";
              return std::string();
            },
            "N"))
        ->capture_default_str();
    sub->add_option("--fail-on", o->fail_on,
                    "Exit 1 when the report holds these: hygiene rules (stale, ...), severities "
                    "(critical, warning, notice) or 'diagnoses'")
        ->delimiter(',');
    sub->callback([o, &status] { status = run_pipeline(*o); });
  }
  {
    auto o = std::make_shared<forecast_cli>();
    auto* sub = app.add_subcommand("forecast", "The forecast calculator: calls, weighted pipeline, range forecast "
                                               "and coverage for a period");
    add_import_options(*sub, o->import);
    add_common_options(*sub, o->common, true, true);
    add_currency_options(*sub, o->common);
    sub->add_option("--period", o->period, "The period: 2026-Q4, 2026 or 2026-11")->required();
    sub->add_option("--quota", o->quota, "The period's quota in the reporting currency");
    sub->callback([o, &status] { status = run_forecast(*o); });
  }
  {
    auto o = std::make_shared<win_loss_cli>();
    auto* sub = app.add_subcommand("win-loss", "The win/loss analyzer: win rates, deal size, cycle length, "
                                               "conversion, losses and calibration");
    add_import_options(*sub, o->import);
    add_common_options(*sub, o->common, true, true);
    add_currency_options(*sub, o->common);
    sub->add_option("--period", o->period, "Only deals closed in this period: 2026-Q4, 2026 or 2026-11");
    sub->callback([o, &status] { status = run_win_loss(*o); });
  }
  {
    auto o = std::make_shared<account_plan_cli>();
    auto* sub = app.add_subcommand("account-plan", "The account planner: a plan in the playbook's template from "
                                                   "one account's deals");
    add_import_options(*sub, o->import);
    add_common_options(*sub, o->common, true, true);
    add_currency_options(*sub, o->common);
    sub->add_option("--account", o->account, "The account's name (ASCII case ignored)")->required();
    sub->add_option("--potential", o->potential,
                    "What the account could spend a year, in the reporting currency: the whitespace is this less "
                    "the current ARR");
    sub->callback([o, &status] { status = run_account_plan(*o); });
  }
}

}  // namespace salesrules::cli
