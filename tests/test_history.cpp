// SPDX-License-Identifier: BSL-1.0
// The history import (io/history.hpp) and the timestamps it reads (io/export_format.hpp),
// checked against the bundled examples under examples/data/history/, worked by hand.
#include <salesrules/io/history.hpp>

#include <salesrules/io/export_format.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/win_loss.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <utility>
#include <string>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace salesrules::literals;
using namespace std::chrono;

namespace {

const validated_policy& seed_policy() {
  static const validated_policy p = *validate(policy{});
  return p;
}

const std::string dir = SALESRULES_SOURCE_DIR "/examples/data/history/";

date on(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

// Every deal of the import, kept.
struct keep_sink final : deal_sink {
  std::vector<opportunity> deals;
  expected<void, error> add(const opportunity& d) noexcept override {
    deals.push_back(d);
    return {};
  }
  expected<void, error> merge(deal_sink& later) noexcept override {
    auto& other = static_cast<keep_sink&>(later).deals;
    for (auto& d : other) deals.push_back(std::move(d));
    other.clear();
    return {};
  }
};

struct joined {
  file_import seen;
  std::vector<opportunity> deals;
};

// The example deals with `histories` joined, read in parts of a few rows each.
joined read_deals(const deal_histories& histories, unsigned threads = 1) {
  file_import_options options;
  options.history = &histories;
  options.threads = threads;
  options.min_part_bytes = 64;
  std::unique_ptr<deal_sink> merged;
  auto got = import_file(dir + "deals.csv", seed_policy(), options, [] { return std::make_unique<keep_sink>(); },
                         merged);
  REQUIRE(got.has_value());
  return {std::move(*got), std::move(static_cast<keep_sink&>(*merged).deals)};
}

history_import history_of(const std::string& text, history_options options = {}) {
  std::istringstream in(text);
  auto got = read_history(in, seed_policy(), options);
  REQUIRE(got.has_value());
  return std::move(*got);
}

}  // namespace

TEST_CASE("timestamps: the date at the offset asked for, of the moment the text names") {
  const date_format iso;
  // UTC by default; Salesforce writes +0000 after milliseconds.
  CHECK(parse_export_timestamp("2026-01-05T09:12:44.000+0000", iso, 0)->day == on(2026, 1, 5));
  CHECK(parse_export_timestamp("2026-01-05 23:59:59", iso, 0)->day == on(2026, 1, 5));
  // 03:00 UTC on March 1st is still February 28th eight hours west.
  CHECK(parse_export_timestamp("2026-03-01T03:00:00Z", iso, -8 * 60)->day == on(2026, 2, 28));
  CHECK(parse_export_timestamp("2026-03-01T08:00:00Z", iso, -8 * 60)->day == on(2026, 3, 1));
  // A time with its own offset goes to UTC first: 01:00 at +02:00 is 23:00 UTC the day before.
  CHECK(parse_export_timestamp("2026-03-01T01:00:00+02:00", iso, 0)->day == on(2026, 2, 28));
  CHECK(parse_export_timestamp("2026-03-01T01:00:00+02:00", iso, 120)->day == on(2026, 3, 1));
  // 20:00 UTC on Dec 31st is New Year's Day at +05:30; the year turns.
  CHECK(parse_export_timestamp("2026-12-31T20:00:00Z", iso, 330)->day == on(2027, 1, 1));
  // Both offsets at their widest: 23:59 at -14:00 is 13:59 UTC two days on, at +14:00.
  CHECK(parse_export_timestamp("2026-03-01T23:59-14:00", iso, 14 * 60)->day == on(2026, 3, 3));
  // A US export's 12-hour clock, in its date format.
  const date_format us{date_order::mdy, '/'};
  CHECK(parse_export_timestamp("3/28/2026 2:15 PM", us, 0)->day == on(2026, 3, 28));
  CHECK(parse_export_timestamp("3/28/2026 12:15 AM", us, 60)->day == on(2026, 3, 28));
  CHECK(parse_export_timestamp("3/28/2026 11:15 PM", us, 60)->day == on(2026, 3, 29));
  // A date alone is that day at any offset.
  CHECK(parse_export_timestamp("2026-03-01", iso, -600)->day == on(2026, 3, 1));

  // The moments order changes: seconds since 1970 in UTC.
  CHECK(parse_export_timestamp("1970-01-01T00:01:00Z", iso, 0)->utc_seconds == 60);
  CHECK(parse_export_timestamp("1970-01-02T00:00:00+01:00", iso, 0)->utc_seconds == 86400 - 3600);
  CHECK(parse_export_timestamp("1970-01-02", iso, 60)->utc_seconds == 86400 - 3600);

  const auto fails = [&](std::string_view text, errc code, std::string_view says, const date_format& f = {}) {
    const auto got = parse_export_timestamp(text, f, 0, "/CreatedDate");
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().code == code);
    CHECK(got.error().where == "/CreatedDate");
    CHECK(got.error().message.find(says) != std::string::npos);
  };
  fails("2026-02-30T10:00:00Z", errc::out_of_range, "2026-02-30");
  fails("2026-03-01T25:00:00Z", errc::syntax, "no such time of day");
  fails("2026-03-01T10:60", errc::syntax, "no such time of day");
  fails("2026-03-01T10", errc::syntax, "no hours and minutes");
  fails("2026-03-01T10:00:00 CET", errc::syntax, "not a UTC offset");
  fails("2026-03-01T10:00:00+15:00", errc::syntax, "not a UTC offset");
  fails("3/1/2026 13:00 PM", errc::syntax, "12-hour clock", date_format{date_order::mdy, '/'});
  fails("3/28/2026 10:00", errc::syntax, "M/D/Y");
}

TEST_CASE("utc offsets: read as people write them, within 14 hours") {
  CHECK(parse_utc_offset("+05:30") == expected<std::int32_t, error>(330));
  CHECK(parse_utc_offset("-08:00") == expected<std::int32_t, error>(-480));
  CHECK(parse_utc_offset("+0530") == expected<std::int32_t, error>(330));
  CHECK(parse_utc_offset("-03") == expected<std::int32_t, error>(-180));
  CHECK(parse_utc_offset("Z") == expected<std::int32_t, error>(0));
  CHECK(parse_utc_offset("+14:00") == expected<std::int32_t, error>(840));
  for (const std::string_view bad : {"+14:01", "5:30", "+5:30", "+05:60", "05:30", "+05:30:00", "", "UTC+1"}) {
    const auto got = parse_utc_offset(bad, "--utc-offset");
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().code == errc::syntax);
    CHECK(got.error().where == "--utc-offset");
  }
  CHECK(format_utc_offset(330) == "+05:30");
  CHECK(format_utc_offset(-480) == "-08:00");
  CHECK(format_utc_offset(0) == "+00:00");
}

TEST_CASE("history: Salesforce's OpportunityHistory rows become stage entries and close-date moves") {
  auto got = read_history_file(dir + "salesforce_opportunity_history.csv", seed_policy());
  REQUIRE(got.has_value());
  CHECK(got->shape == history_shape::rows);
  CHECK(got->rows == 29);
  CHECK(got->skipped == 0);
  CHECK(got->histories.deals() == 6);
  CHECK(got->ignored_columns == std::vector<std::string>{"Amount", "Probability", "ForecastCategory"});
  // Of the 29 rows, 26 enter a stage (deals 1-6: 6, 5, 3, 8, 3 and 1) and 5 move the
  // close date (deal 1 once, 2 once, 4 twice, 5 once); three rows only move it, and
  // two of deal 4's do both.
  CHECK(got->histories.changes() == 26 + 5);

  const joined j = read_deals(got->histories);
  REQUIRE(j.deals.size() == 6);
  const opportunity& moved_back = j.deals[3];
  REQUIRE(moved_back.id == "0068d00000Hx04AAA");
  CHECK(moved_back.stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 1, 15)},
                                                             {"Discovery", on(2026, 2, 1)},
                                                             {"Demo/Evaluation", on(2026, 2, 20)},
                                                             {"Discovery", on(2026, 3, 1)},
                                                             {"Demo/Evaluation", on(2026, 3, 10)},
                                                             {"Proposal", on(2026, 3, 25)},
                                                             {"Negotiation", on(2026, 4, 10)},
                                                             {"Closed Won", on(2026, 4, 30)}});
  CHECK(moved_back.close_date_history ==
        std::vector<close_date_change>{{on(2026, 3, 1), on(2026, 3, 31), on(2026, 4, 15)},
                                       {on(2026, 4, 10), on(2026, 4, 15), on(2026, 4, 30)}});
  const opportunity& won = j.deals[0];
  CHECK(won.stage_history.size() == 6);
  CHECK(won.close_date_history ==
        std::vector<close_date_change>{{on(2026, 2, 20), on(2026, 3, 15), on(2026, 3, 31)}});
  CHECK(j.deals[5].stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 6, 10)}});
  CHECK(j.deals[5].close_date_history.empty());

  std::uint64_t unknown = 99;
  CHECK(got->histories.unmatched(10, unknown).empty());
  CHECK(unknown == 0);
}

TEST_CASE("history: the same deals from Pipedrive's changes log, stage ids mapped, give the same histories") {
  auto map = parse_column_map(R"({"stages": {"1": "Prospect", "2": "Discovery", "3": "Demo/Evaluation",
                                             "4": "Proposal", "5": "Negotiation"}})");
  REQUIRE(map.has_value());
  history_options options;
  options.map = *map;
  auto changes = read_history_file(dir + "pipedrive_deal_changes.csv", seed_policy(), options);
  REQUIRE(changes.has_value());
  CHECK(changes->shape == history_shape::changes);
  CHECK(changes->rows == 27);
  CHECK(changes->skipped == 0);
  CHECK(changes->other_fields == 2);  // value and lost_reason
  CHECK(changes->histories.deals() == 5);  // the sixth deal never changed

  auto rows = read_history_file(dir + "salesforce_opportunity_history.csv", seed_policy());
  REQUIRE(rows.has_value());
  const joined from_changes = read_deals(changes->histories);
  const joined from_rows = read_deals(rows->histories);
  REQUIRE(from_changes.deals.size() == 6);
  // The created stage comes from the first change's old value, entered on created_date.
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(from_changes.deals[i].stage_history == from_rows.deals[i].stage_history);
    CHECK(from_changes.deals[i].close_date_history == from_rows.deals[i].close_date_history);
  }
  CHECK(from_changes.deals[5].stage_history.empty());
}

TEST_CASE("history: win/loss from the joined export, worked by hand") {
  auto got = read_history_file(dir + "salesforce_opportunity_history.csv", seed_policy());
  REQUIRE(got.has_value());
  for (const unsigned threads : {1U, 3U}) {
    CAPTURE(threads);
    const joined j = read_deals(got->histories, threads);
    const auto r = analyze_win_loss(j.deals, seed_policy());
    REQUIRE(r.has_value());
    // Closed: 1 and 4 won, 2 lost at Proposal, 3 lost at Discovery. Deal 4 entered
    // Discovery twice and counts once.
    const std::vector<stage_conversion> conversion{{"Prospect", 4, 4, percent::from_basis_points(10000)},
                                                   {"Discovery", 4, 3, percent::from_basis_points(7500)},
                                                   {"Demo/Evaluation", 3, 3, percent::from_basis_points(10000)},
                                                   {"Proposal", 3, 2, percent::from_basis_points(6666)},
                                                   {"Negotiation", 2, 2, percent::from_basis_points(10000)}};
    CHECK(r->conversion == conversion);
    const std::vector<stage_loss> lost_at{
        {"Prospect", 0}, {"Discovery", 1}, {"Demo/Evaluation", 0}, {"Proposal", 1}, {"Negotiation", 0}};
    CHECK(r->lost_at == lost_at);
    CHECK(r->lost_stage_unknown == 0);
    CHECK(r->lost_by_needs_assessment == percent::from_basis_points(5000));
    // Discovery to won: deal 1 Jan 20 -> Mar 28, 67 days; deal 4 Feb 1 (its first
    // entry) -> Apr 30, 88 days. 155 in all, 77 on average, rounded down.
    CHECK(r->from_stage_to_won.deals == 2);
    CHECK(r->from_stage_to_won.total_days == 155);
    CHECK(r->from_stage_to_won.average_days == 77);
  }
}

TEST_CASE("history: a time after 21:30 UTC moves the date at +02:30, and only then") {
  const std::string text =
      "OpportunityId,StageName,CreatedDate\n"
      "A,Prospect,2026-03-01T10:00:00Z\n"
      "A,Discovery,2026-03-09T21:29:00Z\n"
      "A,Demo/Evaluation,2026-03-10T21:30:00Z\n";
  history_options options;
  options.utc_offset = 150;
  const history_import h = history_of(text, options);
  opportunity deal;
  deal.id = "A";
  REQUIRE(h.histories.fill(deal));
  CHECK(deal.stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 3, 1)},
                                                       {"Discovery", on(2026, 3, 9)},
                                                       {"Demo/Evaluation", on(2026, 3, 11)}});
}

TEST_CASE("history: bad rows are skipped with their place, and the rest kept") {
  const std::string text =
      "OpportunityId,StageName,CloseDate,CreatedDate\n"           // line 1
      "A,Prospect,2026-03-31,2026-01-05T09:00:00Z\n"              // 2
      "A,Qualify,2026-03-31,2026-01-06T09:00:00Z\n"               // 3: no such stage
      "A,Discovery,2026-02-30,2026-01-07T09:00:00Z\n"             // 4: no such day
      ",Discovery,2026-03-31,2026-01-08T09:00:00Z\n"              // 5: no id
      "A,Discovery,2026-03-31,2026-01-04T09:00:00Z\n"             // 6: before line 2
      "A,Discovery,2026-03-31\n"                                  // 7: a field short
      "A,Discovery,2026-04-30,2026-01-20T09:00:00Z\n"             // 8
      "B,discovery,2026-05-31,not a time\n"                       // 9
      "B,discovery,2026-05-31,2026-02-01\n";                      // 10: a date alone, any case
  const history_import h = history_of(text);
  CHECK(h.rows == 9);
  CHECK(h.skipped == 6);
  REQUIRE(h.errors.size() == 6);
  const auto is = [](const error& e, std::uint64_t line, std::uint64_t column, std::string_view where, errc code,
                     std::string_view id) {
    CAPTURE(to_string(e));
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(e.where == where);
    CHECK(e.code == code);
    CHECK(e.deal_id == id);
  };
  is(h.errors[0], 3, 2, "/StageName", errc::unknown_name, "A");
  CHECK(h.errors[0].message.find("'Qualify'") != std::string::npos);
  is(h.errors[1], 4, 3, "/CloseDate", errc::out_of_range, "A");
  is(h.errors[2], 5, 1, "/OpportunityId", errc::missing, "");
  is(h.errors[3], 6, 4, "/CreatedDate", errc::inconsistent, "A");
  CHECK(h.errors[3].message.find("line 2") != std::string::npos);
  is(h.errors[4], 7, 0, "", errc::syntax, "");
  is(h.errors[5], 9, 4, "/CreatedDate", errc::syntax, "B");

  opportunity a;
  a.id = "A";
  REQUIRE(h.histories.fill(a));
  CHECK(a.stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 1, 5)}, {"Discovery", on(2026, 1, 20)}});
  CHECK(a.close_date_history ==
        std::vector<close_date_change>{{on(2026, 1, 20), on(2026, 3, 31), on(2026, 4, 30)}});
  opportunity b;
  b.id = "B";
  REQUIRE(h.histories.fill(b));
  CHECK(b.stage_history == std::vector<stage_entry>{{"Discovery", on(2026, 2, 1)}});

  // Strict: the first bad row ends the read, with its error.
  history_options strict;
  strict.strict = true;
  std::istringstream in(text);
  const auto stopped = read_history(in, seed_policy(), strict);
  REQUIRE_FALSE(stopped.has_value());
  CHECK(stopped.error().line == 3);
}

TEST_CASE("history: deals the export lacks are reported at their first row, and deals without history keep theirs") {
  const std::string text =
      "deal_id,field_key,old_value,new_value,log_time\n"
      "GONE-1,stage_id,Prospect,Discovery,2026-02-01 10:00\n"
      "KEPT,stage,Prospect,Discovery,2026-02-02 10:00\n"
      "GONE-2,close_date,2026-03-31,2026-04-30,2026-02-03 10:00\n"
      "GONE-1,stage_id,Discovery,Proposal,2026-02-04 10:00\n"
      "ONLY-NOTES,note,,Called,2026-02-05 10:00\n";
  const history_import h = history_of(text);
  CHECK(h.histories.deals() == 3);  // a deal with only fields we do not read has no history
  CHECK(h.other_fields == 1);
  opportunity kept;
  kept.id = "KEPT";
  kept.created_date = on(2026, 1, 10);
  REQUIRE(h.histories.fill(kept));
  CHECK(kept.stage_history ==
        std::vector<stage_entry>{{"Prospect", on(2026, 1, 10)}, {"Discovery", on(2026, 2, 2)}});
  opportunity other;
  other.id = "OTHER";
  other.stage_history = {{"Prospect", on(2026, 1, 1)}};
  CHECK_FALSE(h.histories.fill(other));
  CHECK(other.stage_history.size() == 1);

  std::uint64_t count = 0;
  const auto unknown = h.histories.unmatched(1, count);
  CHECK(count == 2);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].deal_id == "GONE-1");
  CHECK(unknown[0].line == 2);
  CHECK(unknown[0].column == 1);
  CHECK(unknown[0].code == errc::unknown_name);
  h.histories.meet("GONE-2");
  CHECK(h.histories.unmatched(5, count).size() == 1);
  CHECK(count == 1);
}

TEST_CASE("history: a header without what its shape needs, or with a column twice, is refused") {
  const auto refused = [](const std::string& text, errc code, std::string_view says) {
    std::istringstream in(text);
    const auto got = read_history(in, seed_policy());
    REQUIRE_FALSE(got.has_value());
    CAPTURE(to_string(got.error()));
    CHECK(got.error().code == code);
    CHECK(got.error().message.find(says) != std::string::npos);
  };
  refused("StageName,CreatedDate\nProspect,2026-01-01\n", errc::missing, "deal id");
  refused("OpportunityId,StageName\nA,Prospect\n", errc::missing, "time of change");
  refused("OpportunityId,Amount,CreatedDate\nA,1,2026-01-01\n", errc::missing, "stage");
  refused("deal_id,old_value,new_value,log_time\nA,,x,2026-01-01\n", errc::missing, "field");
  refused("OpportunityId,Opportunity ID,StageName,CreatedDate\n", errc::duplicate, "both the history's id");
  refused("", errc::syntax, "empty");

  // A map's renames come first, and must name a history column.
  column_map map;
  map.columns = {{"Edit Date", "changed_at"}, {"Opp", "id"}};
  history_options options;
  options.map = map;
  const history_import h = history_of("Opp,Stage,Edit Date\nA,Proposal,2026-01-01\n", options);
  CHECK(h.rows == 1);
  CHECK(h.skipped == 0);
  options.map.columns = {{"Edit Date", "edited"}};
  std::istringstream in("Opp,Stage,Edit Date\n");
  const auto bad = read_history(in, seed_policy(), options);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().where == "/columns/Edit Date");
  // And its stage renames, stages of the policy.
  options.map.columns.clear();
  options.map.stages = {{"7", "Signed"}};
  std::istringstream in2("id,stage,changed_at\n");
  const auto stage = read_history(in2, seed_policy(), options);
  REQUIRE_FALSE(stage.has_value());
  CHECK(stage.error().where == "/stages/7");
}

namespace {
std::vector<opportunity> hubspot_deals(std::int32_t utc_offset = 0) {
  std::ifstream map_file(dir + "hubspot_columns.json");
  const std::string map_text((std::istreambuf_iterator<char>(map_file)), std::istreambuf_iterator<char>());
  auto map = parse_column_map(map_text);
  REQUIRE(map.has_value());
  import_options options;
  options.map = *map;
  options.utc_offset = utc_offset;
  std::ifstream in(dir + "hubspot_deals.csv", std::ios::binary);
  auto got = import_opportunities(in, seed_policy(), options, true);
  REQUIRE(got.has_value());
  CHECK(got->ignored_columns == std::vector<std::string>{"Pipeline"});
  return std::move(got->deals);
}
}  // namespace

TEST_CASE("history: HubSpot's 'Date entered' columns give the stage history, in the order entered") {
  const auto deals = hubspot_deals();
  REQUIRE(deals.size() == 4);
  CHECK(deals[0].stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 1, 5)},
                                                           {"Discovery", on(2026, 1, 20)},
                                                           {"Demo/Evaluation", on(2026, 2, 10)},
                                                           {"Proposal", on(2026, 3, 1)},
                                                           {"Negotiation", on(2026, 3, 15)},
                                                           {"Closed Won", on(2026, 3, 28)}});
  CHECK(deals[2].stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 2, 1)},
                                                           {"Discovery", on(2026, 2, 12)},
                                                           {"Closed Lost", on(2026, 3, 5)}});
  CHECK(deals[3].stage_history.front() == stage_entry{"Prospect", on(2026, 4, 1)});
  // 23:30 UTC is the next day an hour east.
  CHECK(hubspot_deals(60)[3].stage_history.front() == stage_entry{"Prospect", on(2026, 4, 2)});

  // Win/loss over the three closed deals: Discovery entered by all three, left for
  // Demo/Evaluation by two; Proposal by two, left for Negotiation by one.
  const auto r = analyze_win_loss(deals, seed_policy());
  REQUIRE(r.has_value());
  REQUIRE(r->conversion.size() == 5);
  CHECK(r->conversion[1] == stage_conversion{"Discovery", 3, 2, percent::from_basis_points(6666)});
  CHECK(r->conversion[3] == stage_conversion{"Proposal", 2, 1, percent::from_basis_points(5000)});
  CHECK(r->from_stage_to_won.total_days == 67);
}

TEST_CASE("history: HubSpot columns with a date for an unknown stage, a bad date or a stage left early") {
  const std::string head =
      "id,amount,currency,stage,created_date,close_date,Date entered Prospect (Sales Pipeline),"
      "Date exited Prospect (Sales Pipeline),Date entered Discovery,Date entered Closing Soon (Sales Pipeline)\n";
  const auto read = [&](const std::string& rows) {
    std::istringstream in(head + rows);
    auto got = import_opportunities(in, seed_policy());
    REQUIRE(got.has_value());
    return std::move(*got);
  };
  const auto r = read(
      "A,100,USD,Discovery,2026-01-01,2026-06-30,2026-01-02,2026-01-09,2026-01-09T10:00:00Z,\n"   // line 2: good
      "B,100,USD,Discovery,2026-01-01,2026-06-30,2026-01-02,,2026-01-09,2026-01-10\n"             // 3: unknown stage
      "C,100,USD,Discovery,2026-01-01,2026-06-30,2026-01-32,,,\n"                                // 4: no such day
      "D,100,USD,Discovery,2026-01-01,2026-06-30,2026-01-05 10:00,2026-01-05 09:59,,\n");        // 5: left early
  REQUIRE(r.deals.size() == 1);
  CHECK(r.deals[0].stage_history ==
        std::vector<stage_entry>{{"Prospect", on(2026, 1, 2)}, {"Discovery", on(2026, 1, 9)}});
  REQUIRE(r.skipped.size() == 3);
  const auto is = [](const error& e, std::uint64_t line, std::uint64_t column, errc code, std::string_view id) {
    CAPTURE(to_string(e));
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(e.where == "/stage_history");
    CHECK(e.code == code);
    CHECK(e.deal_id == id);
  };
  is(r.skipped[0], 3, 10, errc::unknown_name, "B");
  CHECK(r.skipped[0].message.find("Closing Soon") != std::string::npos);
  is(r.skipped[1], 4, 7, errc::out_of_range, "C");
  is(r.skipped[2], 5, 8, errc::inconsistent, "D");
}

TEST_CASE("history: the forecast's close-date slippage, worked by hand, the same in any number of parts") {
  auto got = read_history_file(dir + "salesforce_opportunity_history.csv", seed_policy());
  REQUIRE(got.has_value());
  const auto q1 = parse_period("2026-Q1", *seed_policy().calendar());
  REQUIRE(q1.has_value());
  const forecast_options options{on(2026, 3, 20), *q1, std::nullopt};
  const auto slippage_of = [&](const std::vector<opportunity>& deals, std::size_t parts) {
    // The deals split into `parts` builders, merged in order, as an import in parts does.
    std::vector<forecast_builder> builders;
    for (std::size_t p = 0; p < parts; ++p) builders.emplace_back(seed_policy(), options);
    for (std::size_t i = 0; i < deals.size(); ++i) REQUIRE(builders[i * parts / deals.size()].add(deals[i]));
    for (std::size_t p = 1; p < parts; ++p) builders[0].merge(builders[p]);
    auto r = builders[0].finish();
    REQUIRE(r.has_value());
    return r->slippage;
  };
  const joined j = read_deals(got->histories);
  // Of Q1: deal 1 (closed Mar 28) and 3 (closed Mar 5); moved out of it: deal 2 (Mar 31
  // to Apr 30 on Mar 25) and 4 (Mar 31 to Apr 15 on Mar 1). Pushes: deal 1 once, 16
  // days; 2 once, 30; 4 twice, 15 and 15. Deal 3's close date never moved.
  for (const std::size_t parts : {1U, 2U, 3U}) {
    CAPTURE(parts);
    const slippage_figures s = slippage_of(j.deals, parts);
    CHECK(s.deals == 4);
    CHECK(s.with_changes == 3);
    CHECK(s.pushed == 3);
    CHECK(s.pushes == 4);
    CHECK(s.days_pushed == 76);
    CHECK(s.largest_push == 30);
    CHECK(s.left_period == 2);
    const std::vector<slipped_deal> listed{{"0068d00000Hx02AAA", 1, 30, 30, true, on(2026, 4, 30)},
                                           {"0068d00000Hx04AAA", 2, 30, 15, true, on(2026, 4, 30)},
                                           {"0068d00000Hx01AAA", 1, 16, 16, false, on(2026, 3, 31)}};
    CHECK(s.most_pushed == listed);
  }
  // Without the history, the two deals of Q1 cannot be judged, and the two that left
  // it are not known to have been in it.
  deal_histories none;
  const slippage_figures unknown = slippage_of(read_deals(none).deals, 1);
  CHECK(unknown.deals == 2);
  CHECK(unknown.with_changes == 0);
  CHECK(unknown.pushes == 0);
}

TEST_CASE("timestamps: random date-times in every written form agree with std::chrono's reckoning") {
  std::mt19937_64 rng(2026);
  const auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto two = [](int v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; };
  for (int n = 0; n < 20000; ++n) {
    const date d = sys_days{days{between(-719162 + 366, 2932896 - 366)}};  // 0002-01-01 .. 9998-12-31
    const int h = between(0, 23), m = between(0, 59), s = between(0, 59);
    const int own = between(-14 * 60, 14 * 60), at = between(-14 * 60, 14 * 60);
    std::string text = to_string(d) + (n % 3 == 0 ? " " : "T") + two(h) + ":" + two(m) + ":" + two(s);
    if (n % 4 == 0) text += ".123";
    switch (n % 5) {
      case 0: break;  // no offset: UTC
      case 1: text += "Z"; break;
      default:  // +HHMM or +HH:MM, appended piece by piece (GCC 12 at -O3 misreads "-" + string&&)
        text += own < 0 ? '-' : '+';
        text += two(std::abs(own) / 60);
        if (n % 5 != 2) text += ':';
        text += two(std::abs(own) % 60);
        break;
    }
    const int own_used = n % 5 >= 2 ? own : 0;
    const sys_seconds moment = sys_days(d) + hours(h) + minutes(m) + seconds(s) - minutes(own_used);
    const date want = floor<days>(moment + minutes(at));
    const auto got = parse_export_timestamp(text, date_format{}, at);
    CAPTURE(text);
    CAPTURE(at);
    REQUIRE(got.has_value());
    CHECK(got->day == want);
    CHECK(got->utc_seconds == moment.time_since_epoch().count());
  }
}

TEST_CASE("timestamps: the slow path's forms, and offsets at their limits") {
  const date_format iso;
  CHECK(parse_export_timestamp("2026-03-01T23:30:00z", iso, 60)->day == on(2026, 3, 2));
  CHECK(parse_export_timestamp("2026-03-01 23:30 UTC", iso, 60)->day == on(2026, 3, 2));
  CHECK(parse_export_timestamp("2026-03-01 23:30 GMT", iso, 0)->day == on(2026, 3, 1));
  CHECK(parse_export_timestamp("2026-03-01 23:30 +01:00", iso, 0)->day == on(2026, 3, 1));
  CHECK(parse_export_timestamp("2026-03-01T00:30:00,5+01:00", iso, 0)->day == on(2026, 2, 28));
  CHECK(parse_export_timestamp("2026-03-01T00:30:00,5+01:00", iso, 0)->utc_seconds ==
        parse_export_timestamp("2026-02-28T23:30:00Z", iso, 0)->utc_seconds);
  const date_format us{date_order::mdy, '/'};
  CHECK(parse_export_timestamp("3/1/2026 12:30 PM", us, -13 * 60)->day == on(2026, 2, 28));  // 12:30 is noon's half hour
  CHECK(parse_export_timestamp("3/1/2026 12:30 AM", us, -60)->day == on(2026, 2, 28));       // 00:30
  const date_format de{date_order::dmy, '.'};
  CHECK(parse_export_timestamp("1.3.2026 00:30 +01:00", de, 0)->day == on(2026, 2, 28));
  CHECK(parse_export_timestamp("2026-03-01", iso, 0)->has_time == false);
  CHECK(parse_export_timestamp("2026-03-01 10:00", iso, 0)->has_time);
  // The first and last days that dates are written in.
  CHECK(parse_export_timestamp("0001-01-01T10:00:00Z", iso, 0)->day == on(1, 1, 1));
  CHECK(parse_export_timestamp("9999-12-31T10:00:00Z", iso, 0)->day == on(9999, 12, 31));
  for (const auto& [text, offset] : {std::pair<std::string_view, int>{"0001-01-01T01:00:00Z", -120},
                                     {"9999-12-31T23:00:00Z", 120}}) {
    const auto got = parse_export_timestamp(text, iso, offset);
    REQUIRE_FALSE(got.has_value());
    CHECK(got.error().code == errc::out_of_range);
  }
  const auto past = parse_export_timestamp("2026-03-01", iso, 900);
  REQUIRE_FALSE(past.has_value());
  CHECK(past.error().message.find("+15:00") != std::string::npos);
  CHECK(format_utc_offset(-840) == "-14:00");
  CHECK(format_utc_offset(6000) == "+100:00");
  CHECK(format_utc_offset(std::numeric_limits<std::int32_t>::min()) == "-35791394:08");
}

TEST_CASE("history: a UTC offset past 14 hours is refused before anything is read") {
  history_options options;
  options.utc_offset = 15 * 60;
  std::istringstream in("id,stage,changed_at\nA,Prospect,2026-01-01\n");
  const auto got = read_history(in, seed_policy(), options);
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().where == "/utc_offset");
  import_options import;
  import.utc_offset = -15 * 60;
  std::istringstream deals("id,amount,currency,stage\n");
  const auto reader = opportunity_reader::open(deals, seed_policy(), import);
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error().where == "/utc_offset");
}

TEST_CASE("history: Salesforce's own export has the row's Id beside OpportunityId, which is the deal") {
  const history_import h = history_of(
      "Id,OpportunityId,StageName,CreatedDate\n"
      "008A1,006X,Prospect,2026-01-05T10:00:00.000+0000\n"
      "008A2,006X,Discovery,2026-01-06T10:00:00.000+0000\n");
  CHECK(h.skipped == 0);
  CHECK(h.ignored_columns == std::vector<std::string>{"Id"});
  opportunity deal;
  deal.id = "006X";
  REQUIRE(h.histories.fill(deal));
  CHECK(deal.stage_history.size() == 2);
  // In either order, and "Id" alone is the deal's.
  CHECK(history_of("OpportunityId,Id,StageName,CreatedDate\n006X,008A1,Prospect,2026-01-05\n").ignored_columns ==
        std::vector<std::string>{"Id"});
  deal.id = "008A1";
  CHECK(history_of("Id,StageName,CreatedDate\n008A1,Prospect,2026-01-05\n").histories.fill(deal));
}

TEST_CASE("history: a changes log's created stage, whatever changed first, entered on created_date when it can be") {
  const history_import h = history_of(
      "deal_id,field_key,old_value,new_value,log_time\n"
      "A,expected_close_date,2026-03-31,2026-04-30,2026-02-01 10:00\n"
      "A,stage_id,Prospect,Discovery,2026-02-02 10:00\n"
      "A,stage_id,Discovery,Proposal,2026-02-03 10:00\n");
  opportunity deal;
  deal.id = "A";
  deal.created_date = on(2026, 1, 10);
  REQUIRE(h.histories.fill(deal));
  CHECK(deal.stage_history == std::vector<stage_entry>{{"Prospect", on(2026, 1, 10)},
                                                       {"Discovery", on(2026, 2, 2)},
                                                       {"Proposal", on(2026, 2, 3)}});
  CHECK(deal.close_date_history ==
        std::vector<close_date_change>{{on(2026, 2, 1), on(2026, 3, 31), on(2026, 4, 30)}});
  // Without a created date, or with one after the first change, the created stage has no day: left out.
  deal.created_date = date{};
  REQUIRE(h.histories.fill(deal));
  CHECK(deal.stage_history.size() == 2);
  deal.created_date = on(2026, 2, 5);
  REQUIRE(h.histories.fill(deal));
  CHECK(deal.stage_history.front() == stage_entry{"Discovery", on(2026, 2, 2)});
}

TEST_CASE("history: a date alone is its whole day, so it follows a timed change of the same day") {
  const history_import h = history_of(
      "deal_id,field_key,old_value,new_value,log_time\n"
      "A,stage,,Prospect,2026-02-02 15:00\n"
      "A,stage,Prospect,Discovery,2026-02-02\n"
      "A,stage,Discovery,Proposal,2026-02-02 09:00\n"
      "A,stage,Proposal,Negotiation,2026-02-01\n");
  CHECK(h.skipped == 1);
  REQUIRE(h.errors.size() == 1);
  CHECK(h.errors[0].line == 5);
  CHECK(h.errors[0].code == errc::inconsistent);
}

TEST_CASE("history: the import in parts meets the ids of bad rows, and reads HubSpot's columns alike") {
  const auto path = std::filesystem::temp_directory_path() / "salesrules_history_parts.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "id,amount,currency,stage,close_date,created_date\n";
    for (int i = 0; i < 40; ++i)
      out << "D" << i << "," << (i == 17 ? "12.345" : "100") << ",USD,Discovery,2026-06-30,2026-01-01\n";
  }
  const history_import h = history_of("OpportunityId,StageName,CreatedDate\nD17,Prospect,2026-01-01\n"
                                      "D3,Prospect,2026-01-01\nGONE,Prospect,2026-01-01\n");
  file_import_options options;
  options.history = &h.histories;
  options.threads = 3;
  options.min_part_bytes = 64;
  std::unique_ptr<deal_sink> merged;
  auto got = import_file(path.string(), seed_policy(), options, [] { return std::make_unique<keep_sink>(); }, merged);
  REQUIRE(got.has_value());
  CHECK(got->skipped == 1);  // D17's amount has three decimals
  std::uint64_t count = 0;
  const auto unknown = h.histories.unmatched(5, count);
  CHECK(count == 1);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].deal_id == "GONE");
  CHECK(unknown[0].where == "/OpportunityId");
  std::filesystem::remove(path);

  // HubSpot's columns, read in parts of a few rows, give each deal the history one read gives.
  std::ifstream map_file(dir + "hubspot_columns.json");
  const std::string map_text((std::istreambuf_iterator<char>(map_file)), std::istreambuf_iterator<char>());
  file_import_options hubspot;
  hubspot.import.map = *parse_column_map(map_text);
  hubspot.threads = 3;
  hubspot.min_part_bytes = 64;
  std::unique_ptr<deal_sink> parts;
  auto read = import_file(dir + "hubspot_deals.csv", seed_policy(), hubspot,
                          [] { return std::make_unique<keep_sink>(); }, parts);
  REQUIRE(read.has_value());
  CHECK(read->parts > 1);
  const auto& deals = static_cast<keep_sink&>(*parts).deals;
  const auto whole = hubspot_deals();
  REQUIRE(deals.size() == whole.size());
  for (std::size_t i = 0; i < deals.size(); ++i) CHECK(deals[i].stage_history == whole[i].stage_history);
}

TEST_CASE("history: a hostile deal id in the slippage table is escaped like every other cell") {
  const auto q1 = parse_period("2026-Q1", *seed_policy().calendar());
  REQUIRE(q1.has_value());
  forecast_builder b(seed_policy(), forecast_options{on(2026, 3, 20), *q1, std::nullopt});
  opportunity deal;
  deal.id = "OPP-\x1b[31mred\n|pipe|";
  deal.amount = "1,000 USD"_money;
  deal.stage = "Discovery";
  deal.created_date = on(2026, 1, 2);
  deal.close_date = on(2026, 3, 31);
  deal.close_date_history = {{on(2026, 2, 1), on(2026, 3, 1), on(2026, 3, 31)}};
  REQUIRE(b.add(deal));
  const auto r = b.finish();
  REQUIRE(r.has_value());
  REQUIRE(r->slippage.most_pushed.size() == 1);
  for (const auto f : {output_format::text, output_format::markdown}) {
    const std::string out = render(*r, f);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find("OPP-") != std::string::npos);
    CHECK(out.find("red\n") == std::string::npos);
  }
}
