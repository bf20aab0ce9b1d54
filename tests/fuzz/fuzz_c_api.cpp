// SPDX-License-Identifier: BSL-1.0
// Fuzz target: the C API (salesrules/c/salesrules.h), called as a host calls it.
//
// The low four bits of the first byte pick the call ('@' is 0, 'A' 1 ... 'O' 15, so a
// seed can start with a letter); the rest of the input is its argument:
//    0 score                 a deal's JSON
//    1 category              a deal's JSON
//    2 advance_check         the stage to move to, a line feed, a deal's JSON; a tab in the
//                            first line starts the loss reason; bit 0x10 of the first byte
//                            ('P' to '_') marks the move disqualified
//    3 decide_discount       a discount request's JSON
//    4 policy_load           a policy's JSON; a policy that loads then scores a deal and
//                            decides a request and a query
//    5 to 8                  the pipeline report of CSV, of JSON Lines, then the forecast
//                            report of CSV, of JSON Lines; fixed options. With bit 0x10
//                            ('U', 'W'), the CSV's records also go row by row, as cells,
//                            to two reports (salesrules_report_*) merged: every row is
//                            counted, and the bad ones are the rows whose call failed
//    9 to 12                 the same with the options on the first line, the deals after it
//   13 score_ratings         the six ratings as raw bytes (missing ones 0)
//   14 decide_discount_query the query struct's raw bytes over the default query
//   15 pipeline_report       the options; the deals a fixed two-row CSV
// Text goes in as a pointer and a length, copied into a buffer of exactly that length
// with no NUL after it, so ASan sees any read past its end. Every call but 4's uses one
// host policy, loaded once through the API.
//
// Every call must keep the header's rules: SALESRULES_OK with its output and a NULL
// error; or a failure that is one of salesrules_status's values, with its outputs
// cleared (NULL, 0, a zeroed struct) and an error whose code is the status, whose text
// and message say something and whose place is a JSON pointer. Outputs start non-NULL,
// so a call that leaves one untouched is caught. SALESRULES_E_ARGUMENT (every argument
// here is given) and SALESRULES_E_INTERNAL (a failure that should not happen) are
// findings. An answer is a JSON object in valid UTF-8 whose length is its strlen; a
// report's import counts add up. Everything returned is freed, so the leak check
// passes only if the library frees its own.
#include "fuzz_support.hpp"

#include <salesrules/c/salesrules.h>
#include <salesrules/io/csv.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fz = salesrules::fuzz;

namespace {

// The sample policy (examples/data/policy.json) with its discount matrix written out:
// four levels, four bands with their evidence, and the sample's rules.
constexpr std::string_view host_policy_json = R"({
  "exchange": {"reporting": "USD", "rates": [{"from": "EUR", "rate": "1.08"}, {"from": "GBP", "rate": "1.27"}]},
  "scorecard": {"strong_at": 25, "viable_at": 20},
  "hygiene": {"stale_after_by_stage": [{"stage": "Negotiation", "days": 14}]},
  "discount": {
    "levels": ["Account Executive", "Manager", "Director", "VP"],
    "bands": [
      {"from": "0%", "to": "10%", "level": "Account Executive"},
      {"from": "10%", "to": "20%", "level": "Manager", "evidence": ["documented_justification"]},
      {"from": "20%", "to": "30%", "level": "Director", "evidence": ["strategic_justification", "reciprocal_commitment"]},
      {"from": "30%", "to": "100%", "level": "VP", "evidence": ["executive_sponsor", "business_case"]}
    ],
    "rules": [
      {"name": "non-standard terms to Legal", "when": "nonstandard_terms", "reviewers": ["legal"]},
      {"name": "payment beyond net 30 to Finance", "when": "payment_days", "at_least": 31, "reviewers": ["finance"]},
      {"name": "deals of 250k and more to the Director", "when": "deal_amount",
       "amount_at_least": "250000.00 USD", "at_least_level": "Director"},
      {"name": "three years and more: one level up", "when": "term_months", "at_least": 36, "raise_levels": 1}
    ]
  }
})";
constexpr const char* host_levels[] = {"Account Executive", "Manager", "Director", "VP"};

// The day of the stage moves, the reports' fixed options, and what the calls with a
// policy from the input decide.
constexpr const char* today = "2026-11-22";
constexpr std::string_view fixed_options = R"({"today":"2026-11-22","quota":"2500000","period":"2026-Q4"})";
constexpr std::string_view fixed_deals =
    "id,amount,currency,stage,close_date,created_date\n"
    "OPP-1,1000,USD,Proposal,2026-12-01,2026-10-01\n"
    "OPP-2,2000,EUR,Negotiation,2026-12-15,2026-09-01\n";
constexpr std::string_view fixed_deal =
    R"({"id": "OPP-1", "amount": "1000 USD", "stage": "Proposal", "ratings": {"budget": 4, "need": 5}})";
constexpr std::string_view fixed_request = R"({"discount": "22%", "deal_amount": "300000.00 USD"})";

// What the output pointers hold before a call: not NULL, so one the call leaves alone
// is caught.
char unset_byte = 0;
char* const unset_text = &unset_byte;
salesrules_error* const unset_error = reinterpret_cast<salesrules_error*>(&unset_byte);
salesrules_policy* const unset_policy = reinterpret_cast<salesrules_policy*>(&unset_byte);

const salesrules_policy* host_policy() {
  static const salesrules_policy* const p = [] {
    salesrules_policy* loaded = nullptr;
    salesrules_error* e = nullptr;
    if (salesrules_policy_load(host_policy_json.data(), host_policy_json.size(), &loaded, &e) != SALESRULES_OK) {
      std::fprintf(stderr, "%s\n", salesrules_error_text(e));
      fz::broken("the host policy does not load");
    }
    return loaded;
  }();
  return p;
}

// An argument as a host holds it: exactly the bytes of `text`, with no NUL after them.
std::vector<char> argument(std::string_view text) { return std::vector<char>(text.begin(), text.end()); }

bool is_failure(salesrules_status s) {
  return (s >= SALESRULES_E_SYNTAX && s <= SALESRULES_E_TOO_LARGE) || s == SALESRULES_E_ARGUMENT ||
         s == SALESRULES_E_INTERNAL;
}

// Checks a call's status and error by the header's rules and frees the error; true
// for SALESRULES_OK.
bool settled(salesrules_status s, salesrules_error* e) {
  if (s == SALESRULES_OK) {
    fz::check(e == nullptr, "SALESRULES_OK with an error (or *error left unset)");
    return true;
  }
  fz::check(is_failure(s), "a status that is not one of salesrules_status's values");
  fz::check(e != nullptr && e != unset_error, "a failure without an error");
  if (s == SALESRULES_E_ARGUMENT || s == SALESRULES_E_INTERNAL) {
    std::fprintf(stderr, "status %d: %s\n", static_cast<int>(s), salesrules_error_text(e));
    fz::broken(s == SALESRULES_E_ARGUMENT ? "SALESRULES_E_ARGUMENT though every argument is given"
                                          : "SALESRULES_E_INTERNAL: a failure inside the library");
  }
  fz::check(salesrules_error_code(e) == s, "an error whose code is not the call's status");
  const char* text = salesrules_error_text(e);
  const char* message = salesrules_error_message(e);
  const char* pointer = salesrules_error_pointer(e);
  fz::check(text != nullptr && *text != '\0', "an error with an empty text");
  fz::check(message != nullptr && *message != '\0', "an error with an empty message");
  fz::check(pointer != nullptr && (*pointer == '\0' || *pointer == '/'), "an error whose place is not a JSON pointer");
  fz::check(salesrules_error_deal(e) != nullptr, "an error whose deal is NULL");
  salesrules_error_free(e);
  return false;
}

// A count in a report's "import": a whole number of zero or more.
std::uint64_t count_of(const boost::json::object& import, std::string_view key) {
  const boost::json::value* v = import.if_contains(key);
  fz::check(v != nullptr && (v->is_uint64() || (v->is_int64() && v->get_int64() >= 0)),
            "a report's import count is missing or negative");
  return v->is_uint64() ? v->get_uint64() : static_cast<std::uint64_t>(v->get_int64());
}

// What every report says of its import: rows = imported + skipped, and one error
// listed per skipped row, up to the 100 kept.
void check_import(const boost::json::object& answer) {
  const boost::json::value* import = answer.if_contains("import");
  fz::check(import != nullptr && import->is_object(), "a report without its import");
  const auto& i = import->get_object();
  const std::uint64_t rows = count_of(i, "rows"), imported = count_of(i, "imported"), skipped = count_of(i, "skipped");
  fz::check(skipped <= rows && imported + skipped == rows, "a report's import counts do not add up");
  const boost::json::value* errors = i.if_contains("errors");
  fz::check(errors != nullptr && errors->is_array(), "a report's import without its errors");
  fz::check(errors->get_array().size() == std::min<std::uint64_t>(skipped, 100),
            "a report's import lists another number of errors than it skipped rows");
}

enum class answer_kind { one, report };

// Runs a call that answers in JSON, `call(&answer, &length, &error)`, and checks it.
template <class Call>
void json_call(answer_kind kind, Call call) {
  char* answer = unset_text;
  std::size_t length = static_cast<std::size_t>(-1);
  salesrules_error* e = unset_error;
  const salesrules_status s = call(&answer, &length, &e);
  if (!settled(s, e)) {
    fz::check(answer == nullptr && length == 0, "a failure with an answer");
    return;
  }
  fz::check(answer != nullptr && answer != unset_text, "SALESRULES_OK without an answer");
  const std::string_view text(answer, std::strlen(answer));
  fz::check(length == text.size(), "an answer's length is not its strlen");
  fz::check(fz::is_valid_utf8(text), "an answer is not valid UTF-8");
  boost::json::error_code ec;
  boost::json::parse_options deep;
  deep.max_depth = 1000;  // our own output: the default limit guards against hostile input
  const boost::json::value v = boost::json::parse(text, ec, {}, deep);
  if (ec || !v.is_object()) {
    std::fprintf(stderr, "%s\n%s\n", ec.message().c_str(), answer);
    fz::broken("an answer is not a JSON object");
  }
  if (kind == answer_kind::report) check_import(v.get_object());
  salesrules_string_free(answer);
}

void score_ratings(const salesrules_policy* policy, const std::vector<std::uint8_t>& ratings, bool host) {
  salesrules_score_result r;
  std::memset(&r, 0x5A, sizeof r);  // the call must overwrite every member
  salesrules_error* e = unset_error;
  const salesrules_status s = salesrules_score_ratings(policy, ratings.data(), &r, &e);
  if (!settled(s, e)) {
    fz::check(r.total_hundredths == 0 && r.maximum_hundredths == 0 && r.tier == SALESRULES_NEEDS_QUALIFICATION &&
                  r.weakest == 0 && r.unrated == 0,
              "a failed score with a result");
    return;
  }
  fz::check(r.maximum_hundredths > 0 && r.maximum_hundredths <= 3000, "a score's maximum is not on the /30 scale");
  fz::check(r.total_hundredths >= 0 && r.total_hundredths <= r.maximum_hundredths, "a score past its maximum");
  fz::check(r.tier == SALESRULES_NEEDS_QUALIFICATION || r.tier == SALESRULES_VIABLE || r.tier == SALESRULES_STRONG,
            "a score's tier is not a salesrules_tier");
  fz::check((r.weakest | r.unrated) <= 0x3FU, "a score names a criterion past the sixth");
  std::uint32_t zero = 0;
  for (unsigned i = 0; i < 6; ++i)
    if (ratings[i] == 0) zero |= 1U << i;
  fz::check(r.unrated == zero, "a score's unrated criteria are not the ones rated 0");
  if (host) {  // strong from 25, viable from 20
    const salesrules_tier tier = r.total_hundredths >= 2500   ? SALESRULES_STRONG
                                 : r.total_hundredths >= 2000 ? SALESRULES_VIABLE
                                                              : SALESRULES_NEEDS_QUALIFICATION;
    fz::check(r.tier == tier, "a score's tier disagrees with the policy's thresholds");
  }
}

void decide_query(const salesrules_policy* policy, const salesrules_discount_query& query, bool host) {
  salesrules_discount_result r;
  std::memset(&r, 0x5A, sizeof r);  // the call must overwrite every member
  salesrules_error* e = unset_error;
  const salesrules_status s = salesrules_decide_discount_query(policy, &query, &r, &e);
  if (!settled(s, e)) {
    fz::check(r.level == 0 && r.level_name == nullptr && r.reviewers == 0 && r.missing == 0 &&
                  r.rep_may_approve == 0 && r.refused == 0,
              "a failed discount decision with a result");
    return;
  }
  fz::check(r.level_name != nullptr, "a discount decision without its level's name");
  fz::check((r.rep_may_approve == 0 || r.rep_may_approve == 1) && (r.refused == 0 || r.refused == 1),
            "a discount decision's flag is neither 0 nor 1");
  if (host)
    fz::check(r.level < 4 && std::strcmp(r.level_name, host_levels[r.level]) == 0,
              "a discount decision's level is not the policy's level of that index");
}

void score(const salesrules_policy* policy, std::string_view deal) {
  const auto arg = argument(deal);
  json_call(answer_kind::one, [&](char** a, std::size_t* n, salesrules_error** e) {
    return salesrules_score(policy, arg.data(), arg.size(), a, n, e);
  });
}

void decide(const salesrules_policy* policy, std::string_view request) {
  const auto arg = argument(request);
  json_call(answer_kind::one, [&](char** a, std::size_t* n, salesrules_error** e) {
    return salesrules_decide_discount(policy, arg.data(), arg.size(), a, n, e);
  });
}

// A policy from the input: loaded, then used for the one-deal calls and freed.
void load(std::string_view json) {
  const auto arg = argument(json);
  salesrules_policy* p = unset_policy;
  salesrules_error* e = unset_error;
  const salesrules_status s = salesrules_policy_load(arg.data(), arg.size(), &p, &e);
  if (!settled(s, e)) {
    fz::check(p == nullptr, "a failed load with a policy");
    return;
  }
  fz::check(p != nullptr && p != unset_policy, "a load without a policy");
  score(p, fixed_deal);
  decide(p, fixed_request);
  score_ratings(p, {4, 3, 5, 4, 3, 0}, false);
  salesrules_discount_query q = salesrules_discount_query_default();
  q.discount_basis_points = 2200;
  decide_query(p, q, false);
  salesrules_policy_free(p);
}

void advance(std::string_view rest, bool disqualified) {
  const std::size_t end = std::min(rest.find('\n'), rest.size());
  const std::string_view line = rest.substr(0, end);
  const std::size_t tab = line.find('\t');
  const std::string to(line.substr(0, tab));
  const std::string reason(tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1));
  const auto deal = argument(rest.substr(std::min(end + 1, rest.size())));
  json_call(answer_kind::one, [&](char** a, std::size_t* n, salesrules_error** e) {
    return salesrules_advance_check(host_policy(), deal.data(), deal.size(), to.c_str(), today,
                                    tab == std::string_view::npos ? nullptr : reason.c_str(), disqualified ? 1 : 0, a,
                                    n, e);
  });
}

void report(bool forecast, salesrules_input_format format, std::string_view deals, std::string_view options) {
  const auto d = argument(deals);
  const auto o = argument(options);
  json_call(answer_kind::report, [&](char** a, std::size_t* n, salesrules_error** e) {
    return forecast ? salesrules_forecast_report(host_policy(), d.data(), d.size(), format, o.data(), o.size(), a, n, e)
                    : salesrules_pipeline_report(host_policy(), d.data(), d.size(), format, o.data(), o.size(), a, n, e);
  });
}

// The records of `csv` (its first the column names) as rows of cells to two reports,
// the second half merged into the first. Each cell is copied into a buffer of its own
// length, so a read past a cell's end is caught.
void rows_report(bool forecast, std::string_view csv) {
  salesrules::io::csv_reader reader(csv);
  std::vector<std::vector<std::string>> records;
  for (int guard = 0; guard < 10'000; ++guard) {
    auto got = reader.next();
    if (!got || !*got) break;
    const auto& r = reader.record();
    records.emplace_back(r.fields.begin(), r.fields.end());
  }
  if (records.empty()) return;
  std::vector<const char*> names;
  for (const auto& name : records[0]) names.push_back(name.c_str());
  const auto kind = forecast ? SALESRULES_FORECAST : SALESRULES_PIPELINE;
  const auto o = argument(fixed_options);
  salesrules_report* parts[2] = {nullptr, nullptr};
  for (auto*& part : parts) {
    salesrules_error* e = unset_error;
    part = reinterpret_cast<salesrules_report*>(unset_text);
    const salesrules_status s =
        salesrules_report_start(host_policy(), kind, o.data(), o.size(), names.data(), names.size(), &part, &e);
    if (!settled(s, e)) {
      fz::check(part == nullptr, "a report that did not start was handed out");
      salesrules_report_free(parts[0] == part ? nullptr : parts[0]);
      return;
    }
    fz::check(part != nullptr, "SALESRULES_OK without a report");
  }
  std::uint64_t bad = 0;
  const std::size_t half = 1 + (records.size() - 1) / 2;
  for (std::size_t i = 1; i < records.size(); ++i) {
    std::vector<std::vector<char>> cells;
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    for (const auto& cell : records[i]) cells.push_back(argument(cell));
    for (const auto& cell : cells) {
      pointers.push_back(cell.data());
      lengths.push_back(cell.size());
    }
    salesrules_error* e = unset_error;  // a record of another length than the header is a bad row
    const salesrules_status s =
        salesrules_report_add_row(parts[i < half ? 0 : 1], pointers.data(), lengths.data(), pointers.size(), &e);
    if (!settled(s, e)) ++bad;
  }
  salesrules_error* e = unset_error;
  const salesrules_status merged = salesrules_report_merge(parts[0], parts[1], &e);  // before `e` is read
  fz::check(settled(merged, e), "two reports alike did not merge");
  bool answered = false;
  std::uint64_t rows = 0, skipped = 0;
  json_call(answer_kind::report, [&](char** a, std::size_t* n, salesrules_error** err) {
    const salesrules_status s = salesrules_report_json(parts[0], a, n, err);
    if (s == SALESRULES_OK) {  // a report whose sums overflow answers with an error, and has no counts to check
      const auto v = boost::json::parse(std::string_view(*a, *n));
      rows = v.at("import").at("rows").to_number<std::uint64_t>();
      skipped = v.at("import").at("skipped").to_number<std::uint64_t>();
      answered = true;
    }
    return s;
  });
  fz::check(!answered || (rows == records.size() - 1 && skipped == bad), "rows given row by row are miscounted");
  salesrules_report_free(parts[0]);
  salesrules_report_free(parts[1]);
}

// Options on the first line, the deals after it.
void report_with_options(bool forecast, salesrules_input_format format, std::string_view rest) {
  const std::size_t end = std::min(rest.find('\n'), rest.size());
  report(forecast, format, rest.substr(std::min(end + 1, rest.size())), rest.substr(0, end));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned selector = data[0] & 0x0FU;
  const bool flag = (data[0] & 0x10U) != 0;
  const std::uint8_t* bytes = data + 1;
  const std::size_t n = size - 1;
  const std::string_view rest = fz::as_text(bytes, n);
  const salesrules_policy* host = host_policy();
  switch (selector) {
    case 0: score(host, rest); break;
    case 1: {
      const auto deal = argument(rest);
      json_call(answer_kind::one, [&](char** a, std::size_t* len, salesrules_error** e) {
        return salesrules_category(host, deal.data(), deal.size(), a, len, e);
      });
      break;
    }
    case 2: advance(rest, flag); break;
    case 3: decide(host, rest); break;
    case 4: load(rest); break;
    case 5:
      report(false, SALESRULES_CSV, rest, fixed_options);
      if (flag) rows_report(false, rest);
      break;
    case 6: report(false, SALESRULES_JSON_LINES, rest, fixed_options); break;
    case 7:
      report(true, SALESRULES_CSV, rest, fixed_options);
      if (flag) rows_report(true, rest);
      break;
    case 8: report(true, SALESRULES_JSON_LINES, rest, fixed_options); break;
    case 9: report_with_options(false, SALESRULES_CSV, rest); break;
    case 10: report_with_options(false, SALESRULES_JSON_LINES, rest); break;
    case 11: report_with_options(true, SALESRULES_CSV, rest); break;
    case 12: report_with_options(true, SALESRULES_JSON_LINES, rest); break;
    case 13: {
      std::vector<std::uint8_t> ratings(6, 0);  // exactly six, so ASan sees a seventh read
      std::copy_n(bytes, std::min<std::size_t>(n, 6), ratings.begin());
      score_ratings(host, ratings, true);
      break;
    }
    case 14: {
      const auto query = std::make_unique<salesrules_discount_query>(salesrules_discount_query_default());
      std::memcpy(query.get(), bytes, std::min(n, sizeof *query));
      decide_query(host, *query, true);
      break;
    }
    default: report(false, SALESRULES_CSV, fixed_deals, rest); break;
  }
  return 0;
}
