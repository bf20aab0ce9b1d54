// SPDX-License-Identifier: BSL-1.0
// libsalesrules_c: the C API (include/salesrules/c/salesrules.h) over salesrules and
// salesrules::io. Every entry point catches what its own code may throw (only
// std::bad_alloc is expected) and turns it into a status, so no exception crosses into
// C; the engine's functions are noexcept, so memory running out inside them ends the
// process (std::terminate), as it does for a C++ host.
#define SALESRULES_C_BUILDING 1
#include <salesrules/c/salesrules.h>

#include <salesrules/discount.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/io/answers.hpp>
#include <salesrules/io/deal_desk_loop.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/scorecard.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/object.hpp>

#include <cstdlib>
#include <cstring>
#include <istream>
#include <memory>
#include <new>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

struct salesrules_error {
  salesrules_status code = SALESRULES_E_INTERNAL;
  std::string pointer;
  std::string message;
  std::string text;
  std::string deal;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

struct salesrules_policy {
  salesrules::validated_policy policy;
};

namespace {

namespace sr = salesrules;

static_assert(static_cast<int>(sr::errc::syntax) + 1 == SALESRULES_E_SYNTAX);
static_assert(static_cast<int>(sr::errc::no_memory) + 1 == SALESRULES_E_NO_MEMORY);
static_assert(static_cast<int>(sr::errc::too_large) + 1 == SALESRULES_E_TOO_LARGE);
static_assert(static_cast<int>(sr::qualification_tier::strong) == SALESRULES_STRONG);

constexpr const char* criterion_names[6] = {"budget", "authority", "need", "timeline", "champion", "competition"};

// A status and, when the caller asked for one, an error object. Building the object
// may itself run out of memory: the caller then gets the status alone.
salesrules_status fail(salesrules_error** out, salesrules_status code, const sr::error* e = nullptr,
                       std::string_view message = {}) noexcept {
  if (out == nullptr) return code;
  *out = nullptr;
  try {
    auto made = std::make_unique<salesrules_error>();
    made->code = code;
    if (e != nullptr) {
      made->pointer = e->where;
      made->message = e->message;
      made->text = sr::to_string(*e);
      made->deal = e->deal_id;
      made->line = e->line;
      made->column = e->column;
    } else {
      made->message = message;
      made->text = message;
    }
    *out = made.release();
  } catch (...) {
    *out = nullptr;  // no memory for the error: the status alone says what failed
  }
  return code;
}

salesrules_status fail(salesrules_error** out, const sr::error& e) noexcept {
  return fail(out, static_cast<salesrules_status>(static_cast<int>(e.code) + 1), &e);
}

// Runs `body` (which returns a status) with every exception turned into one.
template <class Body>
salesrules_status guarded(salesrules_error** error, Body body) noexcept {
  if (error != nullptr) *error = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error, SALESRULES_E_NO_MEMORY, nullptr, "memory ran out");
  } catch (...) {
    return fail(error, SALESRULES_E_INTERNAL, nullptr, "an unexpected failure inside salesrules");
  }
}

salesrules_status null_argument(salesrules_error** error, std::string_view name) {
  return fail(error, SALESRULES_E_ARGUMENT, nullptr, std::string(name) + " is NULL");
}

// The text of a (pointer, length) argument; NULL is the empty text only with length 0.
std::optional<std::string_view> text_of(const char* p, std::size_t n) noexcept {
  if (p == nullptr) return n == 0 ? std::optional<std::string_view>(std::string_view()) : std::nullopt;
  return std::string_view(p, n);
}

// `json` as NUL-terminated text the caller frees with salesrules_string_free.
salesrules_status hand_out(const boost::json::object& json, char** out, std::size_t* length,
                           salesrules_error** error) {
  const std::string text = sr::io::answer_text(json);
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return fail(error, SALESRULES_E_NO_MEMORY, nullptr, "memory ran out");
  std::memcpy(copy, text.data(), text.size() + 1);
  *out = copy;
  if (length != nullptr) *length = text.size();
  return SALESRULES_OK;
}

// Clears the outputs first, so a failure returns none.
void clear(char** out, std::size_t* length) noexcept {
  if (out != nullptr) *out = nullptr;
  if (length != nullptr) *length = 0;
}

// An answer to hand out, or the error of its input.
using answer_or = sr::expected<boost::json::object, sr::error>;

// A call that reads one JSON text and answers in JSON: the outputs cleared, the
// arguments checked, then `answer_of(text)` handed out, or its error.
template <class AnswerOf>
salesrules_status answer_call(const salesrules_policy* policy, const char* input, std::size_t input_length,
                              std::string_view input_name, char** answer, std::size_t* length,
                              salesrules_error** error, AnswerOf answer_of) noexcept {
  return guarded(error, [&] {
    clear(answer, length);
    if (policy == nullptr) return null_argument(error, "policy");
    if (answer == nullptr) return null_argument(error, "answer");
    const auto text = text_of(input, input_length);
    if (!text) return null_argument(error, input_name);
    answer_or made = answer_of(*text);
    if (!made) return fail(error, made.error());
    return hand_out(*made, answer, length, error);
  });
}

// A deal read from its JSON text.
sr::expected<sr::opportunity, sr::error> read_deal(std::string_view text) {
  return sr::io::from_json_text<sr::opportunity>(text);
}

// Reads input from memory without copying it.
class memory_buffer : public std::streambuf {
 public:
  memory_buffer(const char* p, std::size_t n) {
    char* begin = const_cast<char*>(p);  // NOLINT(cppcoreguidelines-pro-type-const-cast): the get area is only read
    setg(begin, begin, begin + n);
  }
};

// What the batch reports are asked, read from the options object.
struct batch_options {
  sr::date today{};
  std::optional<sr::money> quota;
  std::optional<sr::fiscal_period> period;
  std::size_t listed_findings = 20;
  bool strict = false;
  sr::io::column_map map;

  friend bool operator==(const batch_options&, const batch_options&) = default;
};

sr::expected<batch_options, sr::error> read_options(std::string_view text, const sr::validated_policy& policy,
                                                    bool listed_findings, bool strict) {
  using sr::detail::fail;
  batch_options o;
  auto parsed = sr::io::parse_json(text.empty() ? std::string_view("{}") : text);
  if (!parsed) return sr::unexpected<sr::error>(parsed.error());
  if (!parsed->is_object()) return fail(sr::errc::syntax, "", "the options must be a JSON object");
  const auto& obj = parsed->get_object();
  const auto string_at = [&](std::string_view key) -> sr::expected<std::optional<std::string_view>, sr::error> {
    const auto* v = obj.if_contains(key);
    if (v == nullptr) return std::optional<std::string_view>();
    if (!v->is_string()) return fail(sr::errc::syntax, "/" + std::string(key), "expected a string");
    return std::optional<std::string_view>(std::string_view(v->get_string().data(), v->get_string().size()));
  };
  for (const auto& kv : obj) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (key != "today" && key != "quota" && key != "period" && key != "column_map" &&
        (key != "listed_findings" || !listed_findings) && (key != "strict" || !strict))
      return fail(sr::errc::unknown_name, sr::detail::pointer(key), sr::detail::quoted(key) + " is not an option");
  }
  auto today = string_at("today");
  if (!today) return sr::unexpected<sr::error>(today.error());
  if (!*today) return fail(sr::errc::missing, "/today", "the options need \"today\" (YYYY-MM-DD)");
  auto day = sr::parse_date(**today, "/today");
  if (!day) return sr::unexpected<sr::error>(day.error());
  o.today = *day;
  auto quota = string_at("quota");
  if (!quota) return sr::unexpected<sr::error>(quota.error());
  if (*quota) {
    auto m = sr::parse_money(**quota, policy.exchange()->reporting, "/quota");
    if (!m) return sr::unexpected<sr::error>(m.error());
    // Refused here, not by the first deal a report takes.
    if (m->minor_units() <= 0) return fail(sr::errc::out_of_range, "/quota", "the quota must be positive");
    o.quota = *m;
  }
  auto period = string_at("period");
  if (!period) return sr::unexpected<sr::error>(period.error());
  if (*period) {
    auto p = sr::io::parse_period(**period, *policy.calendar());
    if (!p) return sr::unexpected<sr::error>(sr::detail::within("/period", p.error()));
    // The reports compare a period with the one before it.
    if (!sr::in_date_range(sr::previous_period(*p, policy.calendar())))
      return fail(sr::errc::out_of_range, "/period",
                  "the period before " + sr::to_string(*p) + " starts before the year 0001");
    o.period = *p;
  }
  if (const auto* v = obj.if_contains("listed_findings")) {
    if (!v->is_uint64() && !(v->is_int64() && v->get_int64() >= 0))
      return fail(sr::errc::syntax, "/listed_findings", "expected a whole number of zero or more");
    o.listed_findings = static_cast<std::size_t>(v->to_number<std::uint64_t>());
  }
  if (const auto* v = obj.if_contains("strict")) {
    if (!v->is_bool()) return fail(sr::errc::syntax, "/strict", "expected true or false");
    o.strict = v->get_bool();
  }
  if (const auto* v = obj.if_contains("column_map")) {
    auto map = sr::io::parse_column_map(sr::io::json_text(*v, false));
    if (!map) return sr::unexpected<sr::error>(sr::detail::within("/column_map", map.error()));
    o.map = std::move(*map);
  }
  return o;
}

// A pipeline or forecast report being built: its builder, what the import saw, and
// the answer as the tool writes it: {"today", "import": {"rows", "imported",
// "skipped", "errors", "ignored_columns"}, "report"}.
class report_state {
 public:
  report_state(const sr::validated_policy& policy, salesrules_report_kind kind, batch_options options,
               sr::enum_set<sr::deal_data> known)
      : policy_(&policy), kind_(kind), options_(std::move(options)), builder_(make_builder(known)) {}

  // The free text a report reads (the rest is read only for being filled in).
  static sr::enum_set<sr::io::free_text> text_read(salesrules_report_kind kind) {
    if (kind == SALESRULES_FORECAST) return {};
    return {sr::io::free_text::owner, sr::io::free_text::loss_reason, sr::io::free_text::source};
  }

  [[nodiscard]] const batch_options& options() const { return options_; }

  // One good deal; an error here ends a batch (a stage the policy lacks, say).
  sr::expected<void, sr::error> add(const sr::opportunity& deal) {
    return std::visit([&](auto& b) { return b.add(deal); }, builder_);
  }

  // A bad row: listed, the first so many of them, as the tool lists them. Its row is
  // renumbered by `row_offset`, for a report whose rows do not start at the reader's.
  void skipped(sr::error e, std::int64_t row_offset = 0) {
    if (errors_.size() >= errors_kept) return;
    if (e.row != 0) e.row = static_cast<std::uint64_t>(static_cast<std::int64_t>(e.row) + row_offset);
    errors_.push_back(std::move(e));
  }

  // Whether `later` was started alike: the same policy, kind and options.
  [[nodiscard]] bool alike(const report_state& later) const {
    return policy_ == later.policy_ && kind_ == later.kind_ && options_ == later.options_;
  }

  // Takes in `later`'s deals and bad rows (renumbered to follow this report's
  // `rows_before` rows), leaving it empty. The two must be alike.
  sr::expected<void, sr::error> merge(report_state& later, std::uint64_t rows_before) {
    if (auto* pipeline = std::get_if<sr::io::pipeline_builder>(&builder_)) {
      if (auto merged = pipeline->merge(std::get<sr::io::pipeline_builder>(later.builder_)); !merged) return merged;
    } else {
      std::get<sr::io::forecast_builder>(builder_).merge(std::get<sr::io::forecast_builder>(later.builder_));
    }
    for (auto& e : later.errors_) skipped(std::move(e), static_cast<std::int64_t>(rows_before));
    later.errors_.clear();
    return {};
  }

  // The answer, with the import's counts given.
  sr::expected<boost::json::object, sr::error> answer(std::uint64_t rows, std::uint64_t skipped,
                                                      const std::vector<std::string>& ignored) const {
    boost::json::value figures;
    if (const auto* pipeline = std::get_if<sr::io::pipeline_builder>(&builder_)) {
      auto r = pipeline->finish();
      if (!r) return sr::unexpected<sr::error>(r.error());
      figures = sr::io::to_json(*r);
    } else {
      auto r = std::get<sr::io::forecast_builder>(builder_).finish();
      if (!r) return sr::unexpected<sr::error>(r.error());
      figures = sr::io::to_json(*r);
    }
    return boost::json::object{{"today", sr::io::to_json(options_.today)},
                               {"import",
                                {{"rows", rows},
                                 {"imported", rows - skipped},
                                 {"skipped", skipped},
                                 {"errors", sr::io::to_json(errors_)},
                                 {"ignored_columns", sr::io::to_json(ignored)}}},
                               {"report", std::move(figures)}};
  }

 private:
  static constexpr std::size_t errors_kept = sr::io::file_import_options{}.errors_kept;  // as the tool keeps

  std::variant<sr::io::pipeline_builder, sr::io::forecast_builder> make_builder(sr::enum_set<sr::deal_data> known) const {
    if (kind_ == SALESRULES_PIPELINE)
      return sr::io::pipeline_builder(*policy_, {.today = options_.today,
                                                 .quota = options_.quota,
                                                 .period = options_.period,
                                                 .listed_findings = options_.listed_findings,
                                                 .known = known});
    const sr::fiscal_period period =
        options_.period ? *options_.period : sr::period_of(options_.today, sr::period_kind::quarter, policy_->calendar());
    return sr::io::forecast_builder(*policy_, {.today = options_.today, .period = period, .quota = options_.quota});
  }

  const sr::validated_policy* policy_;
  salesrules_report_kind kind_;
  batch_options options_;
  std::variant<sr::io::pipeline_builder, sr::io::forecast_builder> builder_;
  std::vector<sr::error> errors_;
};

// The import options of a report's input.
sr::io::import_options import_for(salesrules_report_kind kind, const batch_options& o, sr::io::input_format format) {
  return {.map = o.map, .format = format, .copied_text = report_state::text_read(kind)};
}

// A whole batch given as text: every good deal to the report, the answer handed out.
salesrules_status run_report(const salesrules_policy* policy, salesrules_report_kind kind, const char* deals,
                             std::size_t deals_length, salesrules_input_format format, const char* options,
                             std::size_t options_length, char** report, std::size_t* length,
                             salesrules_error** error) {
  clear(report, length);
  if (policy == nullptr) return null_argument(error, "policy");
  if (report == nullptr) return null_argument(error, "report");
  const auto input = text_of(deals, deals_length);
  if (!input) return null_argument(error, "deals");
  const auto option_text = text_of(options, options_length);
  if (!option_text) return null_argument(error, "options");
  if (format != SALESRULES_CSV && format != SALESRULES_JSON_LINES)
    return fail(error, SALESRULES_E_ARGUMENT, nullptr, "format is neither SALESRULES_CSV nor SALESRULES_JSON_LINES");
  auto o = read_options(*option_text, policy->policy, kind == SALESRULES_PIPELINE, true);
  if (!o) return fail(error, o.error());

  memory_buffer buffer(input->data(), input->size());
  std::istream in(&buffer);
  auto reader = sr::io::opportunity_reader::open(
      in, policy->policy,
      import_for(kind, *o, format == SALESRULES_CSV ? sr::io::input_format::csv : sr::io::input_format::json_lines));
  if (!reader) return fail(error, reader.error());
  // A CSV header says what the deals carry; JSON Lines' keys come row by row.
  const bool strict = o->strict;
  report_state state(policy->policy, kind, std::move(*o),
                     format == SALESRULES_CSV ? reader->carried() : sr::io::export_can_carry);
  sr::opportunity deal;
  for (;;) {
    auto got = reader->next(deal);
    if (!got) {
      if (strict || reader->failed()) return fail(error, got.error());
      state.skipped(std::move(got.error()));
      continue;
    }
    if (!*got) break;
    if (auto added = state.add(deal); !added) return fail(error, added.error());
  }
  auto answer = state.answer(reader->rows(), reader->skipped(), reader->ignored_columns());
  if (!answer) return fail(error, answer.error());
  return hand_out(*answer, report, length, error);
}

}  // namespace

// A report built row by row (salesrules_report_start).
struct salesrules_report {
  salesrules_report(salesrules::io::opportunity_reader r, report_state s, std::vector<std::string> column_names)
      : reader(std::move(r)), state(std::move(s)), columns(std::move(column_names)) {}

  salesrules::io::opportunity_reader reader;
  report_state state;
  std::vector<std::string> columns;  // as given, for a merge to check
  std::vector<std::string_view> cells;  // the row being read, reused
  salesrules::opportunity deal;          // the deal being read, reused
  // Rows and bad rows beyond the reader's own counts: those taken in from later parts,
  // less those handed to an earlier part in a merge.
  std::int64_t rows_moved = 0;
  std::int64_t skipped_moved = 0;
  std::uint64_t refused = 0;  // rows that read but the report refused

  [[nodiscard]] std::uint64_t rows() const {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(reader.rows()) + rows_moved);
  }
  [[nodiscard]] std::uint64_t skipped() const {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(reader.skipped() + refused) + skipped_moved);
  }
};

extern "C" {

uint32_t salesrules_abi_version(void) { return SALESRULES_C_ABI_VERSION; }

const char* salesrules_version(void) { return SALESRULES_VERSION_TEXT; }

salesrules_status salesrules_error_code(const salesrules_error* e) { return e != nullptr ? e->code : SALESRULES_E_ARGUMENT; }
const char* salesrules_error_pointer(const salesrules_error* e) { return e != nullptr ? e->pointer.c_str() : ""; }
const char* salesrules_error_message(const salesrules_error* e) { return e != nullptr ? e->message.c_str() : ""; }
const char* salesrules_error_text(const salesrules_error* e) { return e != nullptr ? e->text.c_str() : ""; }
const char* salesrules_error_deal(const salesrules_error* e) { return e != nullptr ? e->deal.c_str() : ""; }
uint64_t salesrules_error_line(const salesrules_error* e) { return e != nullptr ? e->line : 0; }
uint64_t salesrules_error_column(const salesrules_error* e) { return e != nullptr ? e->column : 0; }
void salesrules_error_free(salesrules_error* e) { delete e; }

void salesrules_string_free(char* text) { std::free(text); }

salesrules_status salesrules_policy_load(const char* json, size_t length, salesrules_policy** policy,
                                         salesrules_error** error) {
  return guarded(error, [&] {
    if (policy == nullptr) return null_argument(error, "policy");
    *policy = nullptr;
    const auto text = text_of(json, length);
    if (!text) return null_argument(error, "json");
    auto loaded = sr::io::load_policy(*text);
    if (!loaded) return fail(error, loaded.error());
    *policy = new salesrules_policy{std::move(*loaded)};
    return SALESRULES_OK;
  });
}

void salesrules_policy_free(salesrules_policy* policy) { delete policy; }

salesrules_status salesrules_score(const salesrules_policy* policy, const char* deal, size_t deal_length, char** answer,
                                   size_t* length, salesrules_error** error) {
  return answer_call(policy, deal, deal_length, "deal", answer, length, error, [&](std::string_view text) -> answer_or {
    auto o = read_deal(text);
    if (!o) return sr::unexpected<sr::error>(o.error());
    return sr::io::score_answer(*o, policy->policy);
  });
}

salesrules_status salesrules_category(const salesrules_policy* policy, const char* deal, size_t deal_length,
                                      char** answer, size_t* length, salesrules_error** error) {
  return answer_call(policy, deal, deal_length, "deal", answer, length, error, [&](std::string_view text) -> answer_or {
    auto o = read_deal(text);
    if (!o) return sr::unexpected<sr::error>(o.error());
    auto decided = sr::categorize(*o, policy->policy);
    if (!decided) return sr::unexpected<sr::error>(decided.error());
    return sr::io::category_answer(*o, *decided);
  });
}

salesrules_status salesrules_advance_check(const salesrules_policy* policy, const char* deal, size_t deal_length,
                                           const char* to, const char* today, const char* loss_reason,
                                           int disqualified, char** answer, size_t* length, salesrules_error** error) {
  if (to == nullptr || today == nullptr) {
    clear(answer, length);
    return guarded(error, [&] { return null_argument(error, to == nullptr ? "to" : "today"); });
  }
  return answer_call(policy, deal, deal_length, "deal", answer, length, error, [&](std::string_view text) -> answer_or {
    auto day = sr::parse_date(today, "/today");
    if (!day) return sr::unexpected<sr::error>(day.error());
    auto o = read_deal(text);
    if (!o) return sr::unexpected<sr::error>(o.error());
    const sr::move_details details{loss_reason != nullptr ? loss_reason : "", disqualified != 0};
    auto check = sr::check_move(*o, to, policy->policy, *day, details);
    if (!check) return sr::unexpected<sr::error>(check.error());
    std::optional<sr::opportunity> moved;
    if (check->allowed()) {
      auto a = sr::advance(*o, to, policy->policy, *day, details);
      if (!a) return sr::unexpected<sr::error>(a.error().why);
      moved = std::move(*a);
    }
    return sr::io::advance_answer(*o, *check, moved ? &*moved : nullptr, policy->policy);
  });
}

salesrules_status salesrules_decide_discount(const salesrules_policy* policy, const char* request,
                                             size_t request_length, char** answer, size_t* length,
                                             salesrules_error** error) {
  return answer_call(policy, request, request_length, "request", answer, length, error,
                     [&](std::string_view text) -> answer_or {
                       auto r = sr::io::from_json_text<sr::discount_request>(text);
                       if (!r) return sr::unexpected<sr::error>(r.error());
                       auto decided = sr::decide_discount_traced(*r, policy->policy.discount());
                       if (!decided) return sr::unexpected<sr::error>(decided.error());
                       return sr::io::discount_answer(*r, *decided, policy->policy);
                     });
}

salesrules_status salesrules_pipeline_report(const salesrules_policy* policy, const char* deals, size_t deals_length,
                                             salesrules_input_format format, const char* options,
                                             size_t options_length, char** report, size_t* length,
                                             salesrules_error** error) {
  return guarded(error, [&] {
    return run_report(policy, SALESRULES_PIPELINE, deals, deals_length, format, options, options_length, report, length,
                      error);
  });
}

salesrules_status salesrules_forecast_report(const salesrules_policy* policy, const char* deals, size_t deals_length,
                                             salesrules_input_format format, const char* options,
                                             size_t options_length, char** report, size_t* length,
                                             salesrules_error** error) {
  return guarded(error, [&] {
    return run_report(policy, SALESRULES_FORECAST, deals, deals_length, format, options, options_length, report, length,
                      error);
  });
}

salesrules_status salesrules_report_start(const salesrules_policy* policy, salesrules_report_kind kind,
                                          const char* options, size_t options_length, const char* const* columns,
                                          size_t column_count, salesrules_report** report, salesrules_error** error) {
  return guarded(error, [&] {
    if (report == nullptr) return null_argument(error, "report");
    *report = nullptr;
    if (policy == nullptr) return null_argument(error, "policy");
    if (columns == nullptr && column_count != 0) return null_argument(error, "columns");
    if (kind != SALESRULES_PIPELINE && kind != SALESRULES_FORECAST)
      return fail(error, SALESRULES_E_ARGUMENT, nullptr, "kind is neither SALESRULES_PIPELINE nor SALESRULES_FORECAST");
    const auto option_text = text_of(options, options_length);
    if (!option_text) return null_argument(error, "options");
    auto o = read_options(*option_text, policy->policy, kind == SALESRULES_PIPELINE, false);
    if (!o) return fail(error, o.error());
    std::vector<std::string> names;
    names.reserve(column_count);
    for (std::size_t i = 0; i < column_count; ++i) {
      if (columns[i] == nullptr) return null_argument(error, "a column name");
      names.emplace_back(columns[i]);
    }
    const std::vector<std::string_view> views(names.begin(), names.end());
    auto reader = sr::io::opportunity_reader::for_rows(views, policy->policy,
                                                       import_for(kind, *o, sr::io::input_format::csv));
    if (!reader) return fail(error, reader.error());
    const auto known = reader->carried();
    *report = new salesrules_report(std::move(*reader), report_state(policy->policy, kind, std::move(*o), known),
                                    std::move(names));
    return SALESRULES_OK;
  });
}

salesrules_status salesrules_report_add_row(salesrules_report* report, const char* const* cells, const size_t* lengths,
                                            size_t cell_count, salesrules_error** error) {
  return guarded(error, [&] {
    if (report == nullptr) return null_argument(error, "report");
    if (cells == nullptr && cell_count != 0) return null_argument(error, "cells");
    const std::size_t count = cell_count;
    report->cells.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const char* cell = cells[i];
      report->cells[i] = cell == nullptr ? std::string_view()
                         : lengths != nullptr ? std::string_view(cell, lengths[i])
                                              : std::string_view(cell);
    }
    if (auto got = report->reader.next(report->cells, report->deal); !got) {
      got.error().row = report->rows();  // counted in this report's rows
      report->state.skipped(got.error());
      return fail(error, got.error());
    }
    if (auto added = report->state.add(report->deal); !added) {
      ++report->refused;
      added.error().row = report->rows();
      report->state.skipped(added.error());
      return fail(error, added.error());
    }
    return SALESRULES_OK;
  });
}

salesrules_status salesrules_report_merge(salesrules_report* report, salesrules_report* later,
                                          salesrules_error** error) {
  return guarded(error, [&] {
    if (report == nullptr) return null_argument(error, "report");
    if (later == nullptr) return null_argument(error, "later");
    if (report == later) return fail(error, SALESRULES_E_ARGUMENT, nullptr, "a report cannot merge itself");
    if (!report->state.alike(later->state) || report->columns != later->columns)
      return fail(error, sr::error{sr::errc::inconsistent, "",
                                   "the reports were started with another policy, kind, options or columns; "
                                   "only parts of one report merge"});
    if (auto merged = report->state.merge(later->state, report->rows()); !merged) return fail(error, merged.error());
    report->rows_moved += static_cast<std::int64_t>(later->rows());
    report->skipped_moved += static_cast<std::int64_t>(later->skipped());
    // What `later` counts from now on starts at 0.
    later->rows_moved = -static_cast<std::int64_t>(later->reader.rows());
    later->skipped_moved = -static_cast<std::int64_t>(later->reader.skipped() + later->refused);
    return SALESRULES_OK;
  });
}

salesrules_status salesrules_report_json(const salesrules_report* report, char** json, size_t* length,
                                         salesrules_error** error) {
  return guarded(error, [&] {
    clear(json, length);
    if (report == nullptr) return null_argument(error, "report");
    if (json == nullptr) return null_argument(error, "json");
    auto answer = report->state.answer(report->rows(), report->skipped(), report->reader.ignored_columns());
    if (!answer) return fail(error, answer.error());
    return hand_out(*answer, json, length, error);
  });
}

void salesrules_report_free(salesrules_report* report) { delete report; }

salesrules_status salesrules_score_ratings(const salesrules_policy* policy, const uint8_t ratings[6],
                                           salesrules_score_result* result, salesrules_error** error) {
  return guarded(error, [&] {
    if (result != nullptr) *result = {};
    if (policy == nullptr) return null_argument(error, "policy");
    if (ratings == nullptr) return null_argument(error, "ratings");
    if (result == nullptr) return null_argument(error, "result");
    sr::qualification_ratings r;
    sr::rating* const members[6] = {&r.budget, &r.authority, &r.need, &r.timeline, &r.champion, &r.competition};
    for (std::size_t i = 0; i < 6; ++i) {
      if (ratings[i] == 0) continue;  // not rated
      auto one = sr::rating::from_int(ratings[i]);
      if (!one) {  // the pointer is built only for an error: a score allocates nothing
        one.error().where = sr::detail::pointer("ratings", criterion_names[i]);
        return fail(error, one.error());
      }
      *members[i] = *one;
    }
    const sr::score_result s = sr::score(r, policy->policy.scorecard());
    salesrules_score_result out{};
    out.total_hundredths = s.total.hundredths();
    out.maximum_hundredths = s.maximum.hundredths();
    out.tier = static_cast<salesrules_tier>(s.tier);
    for (const auto c : s.weakest) out.weakest |= 1U << static_cast<unsigned>(c);
    for (const auto c : s.unrated) out.unrated |= 1U << static_cast<unsigned>(c);
    *result = out;
    return SALESRULES_OK;
  });
}

salesrules_discount_query salesrules_discount_query_default(void) {
  salesrules_discount_query q{};
  q.deal_amount_minor = -1;
  q.term_months = 12;
  q.payment_days = 30;
  return q;
}

salesrules_status salesrules_decide_discount_query(const salesrules_policy* policy,
                                                   const salesrules_discount_query* query,
                                                   salesrules_discount_result* result, salesrules_error** error) {
  return guarded(error, [&] {
    if (result != nullptr) *result = {};
    if (policy == nullptr) return null_argument(error, "policy");
    if (query == nullptr) return null_argument(error, "query");
    if (result == nullptr) return null_argument(error, "result");
    sr::discount_request r;
    r.discount = sr::percent::from_basis_points(query->discount_basis_points);
    if (query->deal_amount_minor >= 0) {
      const std::string_view code(query->currency, strnlen(query->currency, sizeof query->currency));
      auto c = sr::currency::from_code(code, "/deal_amount");
      if (!c) return fail(error, c.error());
      r.deal_amount = sr::money(query->deal_amount_minor, *c);
    } else if (query->deal_amount_minor != -1) {
      return fail(error, sr::error{sr::errc::out_of_range, "/deal_amount",
                                   "the amount is below 0 (-1, for no amount, is the only negative allowed)"});
    }
    r.term_months = query->term_months;
    r.payment_days = query->payment_days;
    r.nonstandard_terms = query->nonstandard_terms != 0;
    r.phased_rollout = query->phased_rollout != 0;
    const auto& p = policy->policy.discount();
    auto decided = sr::decide_discount(r, p);
    if (!decided) return fail(error, decided.error());
    salesrules_discount_result out{};
    out.level = static_cast<uint32_t>(decided->level);
    const std::string_view level = sr::level_name(decided->level, p);  // a view of the policy's std::string
    out.level_name = level.empty() ? "" : level.data();
    for (const auto i : decided->reviewers) out.reviewers |= std::uint64_t{1} << static_cast<unsigned>(i);
    for (const auto i : decided->missing) out.missing |= std::uint64_t{1} << static_cast<unsigned>(i);
    out.rep_may_approve = decided->rep_may_approve ? 1 : 0;
    out.refused = decided->refused ? 1 : 0;
    *result = out;
    return SALESRULES_OK;
  });
}

}  // extern "C"
