// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/import.hpp>

#include <salesrules/io/csv.hpp>
#include <salesrules/names.hpp>
#include <salesrules/policy.hpp>

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::chrono;
using namespace std::string_view_literals;

namespace {

const validated_policy& seed_policy() {
  static const validated_policy p = *validate(policy{});
  return p;
}

constexpr std::string_view header =
    "id,account,owner,amount,currency,stage,probability,forecast_category,close_date,created_date,"
    "last_activity_date,next_step,next_step_date,next_step_owner,contacts,budget,authority,need,timeline,"
    "champion,competition,metrics,economic_buyer,decision_criteria,decision_process,identify_pain,"
    "champion_name,paper_process,competitors,discount_pct,segment,outcome,closed_date,loss_reason\n";

// The cells of the base row, in the header's order.
constexpr std::array<std::string_view, 34> base_cells{
    "OPP-1", "Acme Corp", "Dana Reyes", "180000.00", "USD", "Proposal", "60", "Best Case", "2026-03-28",
    "2026-01-12", "2026-02-24", "Legal review of MSA", "2026-03-15", "Dana Reyes", "5",
    "5", "5", "4", "4", "5", "3",  // budget .. competition
    "Cut onboarding time 40%", "CTO", "SSO and SOC2", "Security then legal", "Manual provisioning",
    "VP Engineering", "MSA + order form", "Globex; Initech", "12.5", "Enterprise", "open", "", ""};

using changes = std::vector<std::pair<std::string_view, std::string_view>>;

// The base row with some cells changed (by column name), as one CSV record.
std::string row(const changes& change = {}) {
  auto cells = base_cells;
  const auto names = io::opportunity_columns();
  for (const auto& [name, value] : change)
    for (std::size_t i = 0; i < cells.size(); ++i)  // the first layout: every column but `source` and `recurring`
      if (names[i] == name) cells[i] = value;
  std::string out;
  write_csv_record(out, cells);
  return out;
}

// The deal the base row describes, worked out by hand: 180000.00 USD is 18,000,000
// cents; Proposal's 60% and Best Case are what the stage gives, so no overrides;
// 12.5% is 1,250 basis points.
opportunity base_deal() {
  opportunity o;
  o.id = "OPP-1";
  o.account = "Acme Corp";
  o.owner = "Dana Reyes";
  o.amount = money(18'000'000, currency{"USD"});
  o.stage = "Proposal";
  o.close_date = 2026y / March / 28d;
  o.created_date = 2026y / January / 12d;
  o.last_activity_date = 2026y / February / 24d;
  o.next_step = next_step{"Legal review of MSA", 2026y / March / 15d, "Dana Reyes"};
  o.contact_count = 5;
  o.ratings = {rating{5}, rating{5}, rating{4}, rating{4}, rating{5}, rating{3}};
  o.meddpicc = {.metrics = "Cut onboarding time 40%",
                .economic_buyer = "CTO",
                .decision_criteria = "SSO and SOC2",
                .decision_process = "Security then legal",
                .identify_pain = "Manual provisioning",
                .champion = "VP Engineering",
                .paper_process = "MSA + order form",
                .competition = "Globex; Initech"};
  o.competitors = {"Globex", "Initech"};
  o.requested_discount = percent::from_basis_points(1250);
  o.segment = "Enterprise";
  return o;
}

// What reading gives, entry by entry: a good deal or a row error.
struct outcome_entry {
  std::optional<opportunity> deal;
  std::optional<error> fault;
};

// Most cases feed the base row (id OPP-1) several times, so duplicate ids are taken
// here unless a case asks otherwise; the cases named "import: duplicate ids" test them.
std::vector<outcome_entry> read_all(std::string_view text, io::import_options options = {},
                                    bool refuse_duplicates = false) {
  options.refuse_duplicate_ids = refuse_duplicates;
  std::istringstream in{std::string(text)};
  auto reader = io::opportunity_reader::open(in, seed_policy(), std::move(options));
  REQUIRE_MESSAGE(reader.has_value(), to_string(reader.error()));
  std::vector<outcome_entry> out;
  opportunity deal;  // one, reused: a good row must not keep anything of a bad one
  for (int guard = 0; guard < 10'000; ++guard) {
    auto got = reader->next(deal);
    if (!got.has_value()) {
      out.push_back({std::nullopt, got.error()});
      continue;
    }
    if (!*got) return out;
    out.push_back({deal, std::nullopt});
  }
  FAIL("the reader did not finish");
  return out;
}

// The open() error for `text`.
error open_error(std::string_view text, io::import_options options = {}) {
  std::istringstream in{std::string(text)};
  auto reader = io::opportunity_reader::open(in, seed_policy(), std::move(options));
  REQUIRE_FALSE(reader.has_value());
  return reader.error();
}

// Gives the bytes of `text` as asked and throws when asked for more than it has left,
// as a device that fails mid-read might.
class failing_input : public std::streambuf {
 public:
  explicit failing_input(std::string text) : text_(std::move(text)) {}

 protected:
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    const auto want = static_cast<std::size_t>(n);
    if (at_ + want > text_.size()) throw std::runtime_error("device gone");
    text_.copy(s, want, at_);
    at_ += want;
    return n;
  }
  int_type underflow() override { return traits_type::eof(); }

 private:
  std::string text_;
  std::size_t at_ = 0;
};

std::string show(const std::optional<date>& d) { return d ? to_string(*d) : std::string("-"); }
std::string show(const rating& r) { return std::to_string(r.value()); }

}  // namespace

namespace {
// Every imported field, for a failed comparison.
std::string describe(const opportunity& o) {
  {
    std::string s = "\n  id=" + o.id + " account=" + o.account + " owner=" + o.owner + " amount=" + to_string(o.amount) +
                    " stage=" + o.stage + " outcome=" + std::string(name_of(o.outcome)) + " probability=" +
                    (o.probability_override ? std::to_string(o.probability_override->whole_percent()) : "-") +
                    " category=" +
                    (o.forecast_override ? std::string(name_of(o.forecast_override->category)) + "/" +
                                               o.forecast_override->reason
                                         : "-") +
                    "\n  close=" + show(o.close_date) + " created=" + show(o.created_date) +
                    " activity=" + show(o.last_activity_date) + " closed=" + show(o.closed_date) + " next=" +
                    (o.next_step ? o.next_step->action + "/" + show(o.next_step->due) + "/" + o.next_step->owner : "-") +
                    "\n  contacts=" + std::to_string(o.contact_count) + "/" + std::to_string(o.contacts.size()) +
                    " ratings=" + show(o.ratings.budget) + show(o.ratings.authority) + show(o.ratings.need) +
                    show(o.ratings.timeline) + show(o.ratings.champion) + show(o.ratings.competition) +
                    " discount=" + to_string(o.requested_discount) + " segment=" + o.segment + " loss=" +
                    o.loss_reason + "\n  meddpicc=";
    for (auto f : {meddpicc_field::metrics, meddpicc_field::economic_buyer, meddpicc_field::decision_criteria,
                   meddpicc_field::decision_process, meddpicc_field::identify_pain, meddpicc_field::champion,
                   meddpicc_field::paper_process, meddpicc_field::competition}) {
      s += o.meddpicc.of(f);
      s += '|';
    }
    s += " competitors=";
    for (const auto& c : o.competitors) {
      s += c;
      s += '|';
    }
    s += " other=" + std::to_string(o.stage_history.size()) + std::to_string(o.close_date_history.size()) +
         (o.bant == bant_confirmation{} ? "" : " bant") + (o.milestones == milestone_set{} ? "" : " milestones") +
         (o.profile == account_profile{} ? "" : " profile");
    return s;
  }
}

std::string describe(const error& e) {
  return std::string(name_of(e.code)) + " [" + e.where + "] row " + std::to_string(e.row) + ": " + to_string(e);
}

// A value compared in a check and printed when the check fails. The wrapper is this
// file's own type: a StringMaker for opportunity itself would clash with the other
// test files' use of doctest's default one.
template <class T>
struct shown {
  const T& value;
  friend bool operator==(const shown& a, const shown& b) { return a.value == b.value; }
};
template <class T>
shown(const T&) -> shown<T>;
}  // namespace

template <class T>
struct doctest::StringMaker<shown<T>> {
  static String convert(const shown<T>& s) { return String(("\n  " + describe(s.value)).c_str()); }
};

TEST_CASE("import: every column of a row lands in the field it names") {
  const auto got = read_all(std::string(header) + row());
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].deal);
  CHECK(shown{*got[0].deal} == shown{base_deal()});
}

TEST_CASE("import: the source column, last in our order, renamed, or left off as in the first layout") {
  const std::string ours = std::string(header.substr(0, header.size() - 1)) + ",source\n";
  const std::string cells = row();
  std::string text = ours + cells.substr(0, cells.size() - 1) + ", Outbound \n";  // free text: kept as written
  text += cells.substr(0, cells.size() - 1) + ",\n";
  auto got = read_all(text);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].deal);
  auto want = base_deal();
  want.source = " Outbound ";
  CHECK(shown{*got[0].deal} == shown{want});
  REQUIRE(got[1].deal);
  CHECK(shown{*got[1].deal} == shown{base_deal()});

  // Salesforce's "Lead Source", renamed by the map and read from wherever it is.
  auto map = io::parse_column_map(R"({"columns": {"Lead Source": "source"}})");
  REQUIRE(map);
  got = read_all("Lead Source," + std::string(header) + "Partner Referral," + row(), {.map = *map});
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->source == "Partner Referral");

  // Not copied when the caller does not need its text: "*" says it is filled in.
  auto text_left = enum_set<io::free_text>::all();
  text_left.erase(io::free_text::source);
  got = read_all(ours + cells.substr(0, cells.size() - 1) + ",Outbound\n", {.copied_text = text_left});
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->source == "*");

  // JSON Lines: the key of the same name.
  got = read_all(R"({"id": "OPP-9", "amount": 5, "currency": "USD", "stage": "Prospect", "close_date": "2026-04-01",)"
                 R"( "created_date": "2026-03-01", "source": "Cold Outbound"})"
                 "\n",
                 {.format = io::input_format::json_lines});
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->source == "Cold Outbound");
}

TEST_CASE("import: the recurring column - yes, no, a checkbox's 1 and 0, or the annual amount") {
  // The base row: 180,000.00 USD.
  const std::string ours = std::string(header.substr(0, header.size() - 1)) + ",source,recurring\n";
  const std::string cells = row();
  const auto with = [&](std::string_view recurring) {
    return cells.substr(0, cells.size() - 1) + ",Outbound," + std::string(recurring) + "\n";
  };
  const auto got = read_all(ours + with("Yes") + with(" no ") + with("1") + with("0") + with("60000.00") +
                            with("\"60,000.00\"") + with("") + with("maybe") + with("-5") + with("12.345"));
  REQUIRE(got.size() == 10);
  const money usd_0 = money(0, currency{"USD"});
  const std::vector<std::optional<money>> want{money(18'000'000, currency{"USD"}), usd_0,
                                                money(18'000'000, currency{"USD"}), usd_0,
                                                money(6'000'000, currency{"USD"}), money(6'000'000, currency{"USD"}),
                                                std::nullopt};
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    REQUIRE(got[i].deal);
    CHECK(got[i].deal->annual_recurring == want[i]);
  }
  // Bad cells: located at the field, the row skipped.
  REQUIRE(got[7].fault);
  CHECK(*got[7].fault == error{errc::syntax, "/annual_recurring",
                               "'maybe' is neither yes, no nor an annual recurring amount", 9, 36, "OPP-1", 8});
  REQUIRE(got[8].fault);
  CHECK(got[8].fault->where == "/annual_recurring");
  CHECK(got[8].fault->message == "'-5' is negative; an annual recurring amount is 0 or more");
  REQUIRE(got[9].fault);
  CHECK(got[9].fault->where == "/annual_recurring");
  CHECK(got[9].fault->column == 36);

  // JSON Lines: true and false are yes and no.
  const auto lines = read_all(
      R"({"id": "J-1", "amount": 5, "currency": "USD", "stage": "Prospect", "close_date": "2026-04-01",)"
      R"( "created_date": "2026-03-01", "recurring": true})"
      "\n"
      R"({"id": "J-2", "amount": 5, "currency": "USD", "stage": "Prospect", "close_date": "2026-04-01",)"
      R"( "created_date": "2026-03-01", "recurring": false})"
      "\n",
      {.format = io::input_format::json_lines});
  REQUIRE(lines.size() == 2);
  REQUIRE(lines[0].deal);
  CHECK(lines[0].deal->annual_recurring == money(500, currency{"USD"}));
  REQUIRE(lines[1].deal);
  CHECK(lines[1].deal->annual_recurring == money(0, currency{"USD"}));
}

TEST_CASE("import: probability and forecast category become overrides only where they differ") {
  SUBCASE("the stage's own values, written differently, are no override") {
    const auto got = read_all(std::string(header) + row({{"probability", " 60% "}, {"forecast_category", "BEST case"}}));
    REQUIRE(got[0].deal);
    CHECK(shown{*got[0].deal} == shown{base_deal()});
  }
  SUBCASE("70% and Commit in Proposal (60%, Best Case) are both overrides") {
    const auto got = read_all(std::string(header) + row({{"probability", "70"}, {"forecast_category", "commit"}}));
    REQUIRE(got[0].deal);
    auto want = base_deal();
    want.probability_override = probability{70};
    want.forecast_override = forecast_override{forecast_category::commit, "set in the import"};
    CHECK(shown{*got[0].deal} == shown{want});
  }
  SUBCASE("a probability override moves the category the rules give: 90% is Commit, so Commit is no override") {
    const auto got = read_all(std::string(header) + row({{"probability", "90"}, {"forecast_category", "Commit"}}));
    REQUIRE(got[0].deal);
    auto want = base_deal();
    want.probability_override = probability{90};
    CHECK(shown{*got[0].deal} == shown{want});
  }
  SUBCASE("the enumerator spelling is read too, and Omitted on an open deal is a rep's override") {
    const auto got = read_all(std::string(header) + row({{"forecast_category", "omitted"}}) +
                              row({{"forecast_category", "best_case"}}));
    REQUIRE(got.size() == 2);
    auto want = base_deal();
    want.forecast_override = forecast_override{forecast_category::omitted, "set in the import"};
    REQUIRE(got[0].deal);
    CHECK(shown{*got[0].deal} == shown{want});
    REQUIRE(got[1].deal);
    CHECK(shown{*got[1].deal} == shown{base_deal()});
  }
  SUBCASE("Closed on an open deal is a contradiction") {
    const auto got = read_all(std::string(header) + row({{"forecast_category", "Closed"}}));
    REQUIRE(got[0].fault);
    CHECK(shown{*got[0].fault} == shown{error{errc::inconsistent, "/forecast_override/category",
                                 "'Closed' is the category of won deals, and this deal is open", 2, 8, "OPP-1", 1}});
  }
}

TEST_CASE("import: blank cells are unset values, and a closed deal takes its outcome from a blank") {
  const auto got = read_all(std::string(header) +
                            row({{"next_step", ""}, {"next_step_date", ""}, {"next_step_owner", ""},
                                 {"budget", ""}, {"competition", ""}, {"contacts", ""}, {"discount_pct", ""},
                                 {"last_activity_date", ""}, {"competitors", " ; ;"}, {"probability", ""},
                                 {"forecast_category", ""}}) +
                            row({{"next_step", ""}, {"next_step_date", ""}, {"next_step_owner", "Sam Okafor"}}) +
                            row({{"stage", "Closed Won"}, {"outcome", ""}, {"probability", "100"},
                                 {"forecast_category", "Closed"}, {"closed_date", "2026-03-20"}}) +
                            row({{"stage", "closed lost"}, {"outcome", "Disqualified"}, {"loss_reason", "No budget"},
                                 {"forecast_category", "Omitted"}}));
  REQUIRE(got.size() == 4);

  auto blank = base_deal();
  blank.next_step.reset();
  blank.ratings.budget = rating();
  blank.ratings.competition = rating();
  blank.contact_count = 0;
  blank.requested_discount = percent();
  blank.last_activity_date.reset();
  blank.competitors.clear();
  blank.meddpicc.competition = " ; ;";  // the text as written
  REQUIRE(got[0].deal);
  CHECK(shown{*got[0].deal} == shown{blank});

  auto owner_only = base_deal();
  owner_only.next_step = next_step{"", std::nullopt, "Sam Okafor"};
  REQUIRE(got[1].deal);
  CHECK(shown{*got[1].deal} == shown{owner_only});

  auto won = base_deal();
  won.stage = "Closed Won";
  won.outcome = deal_outcome::won;
  won.closed_date = 2026y / March / 20d;
  REQUIRE(got[2].deal);
  CHECK(shown{*got[2].deal} == shown{won});

  auto disqualified = base_deal();
  disqualified.stage = "Closed Lost";  // the policy's spelling
  disqualified.outcome = deal_outcome::disqualified;
  disqualified.loss_reason = "No budget";
  // 60 in a 0% stage is kept as an override, as the row says.
  disqualified.probability_override = probability{60};
  REQUIRE(got[3].deal);
  CHECK(shown{*got[3].deal} == shown{disqualified});
}

TEST_CASE("import: quoted commas, quotes and line breaks, CRLF line ends and a byte-order mark") {
  std::string text = "\xEF\xBB\xBF" + std::string(header) +
                     row({{"account", "Acme, Inc."}, {"next_step", "Ask \"why now\"\nthen price"}}) +
                     row({{"id", "OPP-2"}, {"amount", "1234.5"}, {"currency", "eur"}});
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  for (const std::string* input : {&text, &crlf}) {
    const bool windows = input == &crlf;
    CAPTURE(windows);
    const auto got = read_all(*input);
    REQUIRE(got.size() == 2);
    auto first = base_deal();
    first.account = "Acme, Inc.";
    // Inside quotes the line break is kept as written: LF, or CRLF.
    first.next_step->action = windows ? "Ask \"why now\"\r\nthen price" : "Ask \"why now\"\nthen price";
    REQUIRE(got[0].deal);
    CHECK(shown{*got[0].deal} == shown{first});
    auto second = base_deal();
    second.id = "OPP-2";
    second.amount = money(123'450, currency{"EUR"});  // 1234.5 EUR = 123,450 cents
    REQUIRE(got[1].deal);
    CHECK(shown{*got[1].deal} == shown{second});
  }
}

TEST_CASE("import: a column map renames a Salesforce-like export's columns, stages and outcomes") {
  const auto map = io::parse_column_map(R"({
      "columns": {"Opportunity ID": "id", "Account Name": "account", "Amount": "amount", "Stage": "stage",
                  "Close Date": "close_date", "Created Date": "created_date", "Won": "outcome"},
      "stages": {"Qualification": "Discovery", "Closed - Won": "Closed Won"},
      "outcomes": {"Yes": "won", "No": "open"},
      "currency": "USD"})");
  REQUIRE_MESSAGE(map.has_value(), to_string(map.error()));
  const std::string text =
      "Opportunity ID,Account Name,Amount,Stage,Close Date,Created Date,Won,Type\n"
      "0061x01,Acme Corp,25000,Qualification,2026-05-29,2026-02-02,No,New Business\n"
      "0061x02,Globex,7500.5,Closed - Won,2026-02-27,2026-01-05,Yes,Renewal\n"
      "0061x03,Initech,100,Negotiation,2026-06-30,2026-03-01,No,New Business\n"
      "0061x04,Hooli,100,Qualifcation,2026-06-30,2026-03-01,No,New Business\n";
  std::istringstream in(text);
  auto reader = io::opportunity_reader::open(in, seed_policy(), {.map = *map});
  REQUIRE_MESSAGE(reader.has_value(), to_string(reader.error()));
  CHECK(reader->ignored_columns() == std::vector<std::string>{"Type"});

  const auto plain = [](std::string id, std::string account, std::int64_t cents, std::string stage, date close,
                        date created) {
    opportunity o;
    o.id = std::move(id);
    o.account = std::move(account);
    o.amount = money(cents, currency{"USD"});
    o.stage = std::move(stage);
    o.close_date = close;
    o.created_date = created;
    return o;
  };
  opportunity deal;
  REQUIRE(reader->next(deal) == expected<bool, error>(true));
  // 25000 USD = 2,500,000 cents
  CHECK(shown{deal} == shown{plain("0061x01", "Acme Corp", 2'500'000, "Discovery", 2026y / May / 29d, 2026y / February / 2d)});
  REQUIRE(reader->next(deal) == expected<bool, error>(true));
  auto won = plain("0061x02", "Globex", 750'050, "Closed Won", 2026y / February / 27d, 2026y / January / 5d);
  won.outcome = deal_outcome::won;
  CHECK(shown{deal} == shown{won});
  REQUIRE(reader->next(deal) == expected<bool, error>(true));
  CHECK(shown{deal} == shown{plain("0061x03", "Initech", 10'000, "Negotiation", 2026y / June / 30d, 2026y / March / 1d)});
  // The suggestion names their word, which the map turns into ours.
  const auto bad = reader->next(deal);
  REQUIRE_FALSE(bad.has_value());
  CHECK(shown{bad.error()} == shown{error{errc::unknown_name, "/stage", "unknown stage 'Qualifcation'; did you mean 'Qualification'?",
                             5, 4, "0061x04", 4}});
  CHECK(reader->next(deal) == expected<bool, error>(false));
  CHECK(reader->rows() == 4);
  CHECK(reader->skipped() == 1);
  CHECK(reader->offset() == text.size());
  CHECK_FALSE(reader->failed());
}

TEST_CASE("import: header names match exactly, then ignoring ASCII case") {
  const auto got = read_all("ID,Amount,Currency,STAGE,Close_Date,created_date,Notes\n"
                            "OPP-9,10,JPY,prospect,2026-04-01,2026-03-01,hello\n");
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].deal);
  opportunity want{};  // {}: a date member is otherwise left uninitialized
  want.id = "OPP-9";
  want.amount = money(10, currency{"JPY"});  // JPY has no minor unit
  want.stage = "Prospect";
  want.close_date = 2026y / April / 1d;
  want.created_date = 2026y / March / 1d;
  CHECK(shown{*got[0].deal} == shown{want});
}

TEST_CASE("import: each kind of bad row is reported with its line, column, field, id and value, the rows around it are intact") {
  struct bad_case {
    const char* what;
    std::string bad_row;
    error want;
  };
  const std::vector<bad_case> cases{
      {"unknown stage, with the nearest one", row({{"stage", "Negotation"}}),
       {errc::unknown_name, "/stage", "unknown stage 'Negotation'; did you mean 'Negotiation'?", 3, 6, "OPP-1", 2}},
      {"unknown stage, nothing near", row({{"stage", "Pending"}}),
       {errc::unknown_name, "/stage",
        "unknown stage 'Pending' (the stages are Prospect, Discovery, Demo/Evaluation, Proposal, Negotiation, "
        "Closed Won, Closed Lost)",
        3, 6, "OPP-1", 2}},
      {"rating 7", row({{"budget", "7"}}), {errc::out_of_range, "/ratings/budget", "rating 7 is outside 1-5", 3, 16, "OPP-1", 2}},
      {"2026-02-30", row({{"close_date", "2026-02-30"}}),
       {errc::out_of_range, "/close_date", "'2026-02-30' is not a day of that month", 3, 9, "OPP-1", 2}},
      {"amount overflow", row({{"amount", "99999999999999999999"}}),
       {errc::overflow, "/amount", "'99999999999999999999' is too large for an amount (64-bit minor units)", 3, 4, "OPP-1", 2}},
      {"3 decimals in USD", row({{"amount", "12.345"}}),
       {errc::out_of_range, "/amount", "'12.345' has more decimals than USD allows (2)", 3, 4, "OPP-1", 2}},
      {"negative amount", row({{"amount", "-5"}}),
       {errc::out_of_range, "/amount", "'-5' is negative; a deal's amount is 0 or more", 3, 4, "OPP-1", 2}},
      {"too few fields", "OPP-X,Acme,Dana,100,USD\n",
       {errc::syntax, "/stage", "the row has 5 fields but the header has 34; it ends before column 'stage'", 3, 6, "", 2}},
      {"too many fields", row().insert(0, "extra,"),
       {errc::syntax, "", "the row has 35 fields but the header has 34", 3, 35, "", 2}},
      {"won in an open stage", row({{"outcome", "Won"}}),
       {errc::inconsistent, "/outcome", "outcome 'Won' contradicts stage 'Proposal', which is open", 3, 32, "OPP-1", 2}},
      {"open in a closed stage", row({{"stage", "Closed Won"}, {"outcome", "open"}}),
       {errc::inconsistent, "/outcome", "outcome 'open' contradicts stage 'Closed Won', which is won", 3, 32, "OPP-1", 2}},
      {"unknown outcome", row({{"outcome", "pending"}}),
       {errc::unknown_name, "/outcome", "'pending' is not an outcome (open, won, lost or disqualified)", 3, 32, "OPP-1", 2}},
      {"blank id", row({{"id", " "}}), {errc::missing, "/id", "the id is blank", 3, 1, "", 2}},
      {"blank close date", row({{"close_date", ""}}),
       {errc::missing, "/close_date", "the date is blank; a deal needs one", 3, 9, "OPP-1", 2}},
      {"unknown currency", row({{"currency", "USX"}}),
       {errc::unknown_currency, "/amount", "'USX' is not an ISO 4217 currency code", 3, 5, "OPP-1", 2}},
      {"no currency", row({{"currency", ""}}),
       {errc::missing, "/amount", "the row gives no currency and the column map no default one", 3, 5, "OPP-1", 2}},
      {"probability 101", row({{"probability", "101"}}),
       {errc::out_of_range, "/probability_override", "probability 101 is outside 0-100", 3, 7, "OPP-1", 2}},
      {"unknown category", row({{"forecast_category", "Maybe"}}),
       {errc::unknown_name, "/forecast_override/category",
        "'Maybe' is not a forecast category (Upside, Pipeline, Best Case, Commit, Closed or Omitted)", 3, 8, "OPP-1", 2}},
      {"contacts not a count", row({{"contacts", "3.5"}}),
       {errc::syntax, "/contact_count", "'3.5' is not a number of contacts (a whole number, 0 or more)", 3, 15, "OPP-1", 2}},
      {"discount over 100%", row({{"discount_pct", "120"}}),
       {errc::out_of_range, "/requested_discount", "'120' is not a discount of 0-100%", 3, 30, "OPP-1", 2}},
      {"a malformed record", "OPP-X,Ac\"me\n",
       {errc::syntax, "/account",
        "a quote inside an unquoted field; quote the whole field and double each quote inside it", 3, 2, "", 2}},
  };
  // The row after the bad one differs from it in every field the bad row sets, so a
  // leftover would show.
  const std::string after = row({{"id", "OPP-3"},
                                 {"account", "Globex"},
                                 {"stage", "Closed Lost"},
                                 {"probability", "0"},
                                 {"forecast_category", ""},
                                 {"budget", "1"},
                                 {"amount", "99.99"},
                                 {"close_date", "2026-01-31"},
                                 {"next_step", ""},
                                 {"next_step_date", ""},
                                 {"next_step_owner", ""},
                                 {"outcome", "lost"},
                                 {"loss_reason", "Price"},
                                 {"competitors", ""}});
  auto third = base_deal();
  third.id = "OPP-3";
  third.account = "Globex";
  third.stage = "Closed Lost";
  third.ratings.budget = rating{1};
  third.amount = money(9'999, currency{"USD"});  // 99.99 USD
  third.close_date = 2026y / January / 31d;
  third.next_step.reset();
  third.outcome = deal_outcome::lost;
  third.loss_reason = "Price";
  third.competitors.clear();
  third.meddpicc.competition.clear();

  for (const auto& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    const auto got = read_all(std::string(header) + row() + c.bad_row + after);
    REQUIRE(got.size() == 3);
    REQUIRE(got[0].deal);
    CHECK(shown{*got[0].deal} == shown{base_deal()});
    REQUIRE(got[1].fault);
    CHECK(shown{*got[1].fault} == shown{c.want});
    REQUIRE(got[2].deal);
    CHECK(shown{*got[2].deal} == shown{third});
  }
}

TEST_CASE("import: a good row after a bad one carries nothing of it, nor of what the caller left in the deal") {
  // The bad row fails at its last checked column (the category), after every other
  // field has been written into the deal.
  const std::string text = std::string(header) +
                           row({{"id", "OPP-BAD"}, {"account", "Leftover Ltd"}, {"probability", "75"},
                                {"competitors", "A;B;C;D"}, {"forecast_category", "Closed"}}) +
                           row({{"next_step", ""}, {"next_step_date", ""}, {"next_step_owner", ""},
                                {"competitors", ""}, {"forecast_category", ""}});
  std::istringstream in(text);
  auto reader = io::opportunity_reader::open(in, seed_policy());
  REQUIRE(reader.has_value());
  opportunity deal;
  deal.contacts = {contact{"Ann", "CTO", contact_role::economic_buyer, influence_level::high}};
  deal.stage_history = {stage_entry{"Prospect", 2026y / January / 2d}};
  deal.milestones.reach(milestone::meeting_held);
  deal.bant.budget = true;
  deal.profile.industry = "Retail";
  deal.forecast_override = forecast_override{forecast_category::commit, "rep"};
  CHECK_FALSE(reader->next(deal).has_value());
  REQUIRE(reader->next(deal) == expected<bool, error>(true));
  auto want = base_deal();
  want.next_step.reset();
  want.competitors.clear();
  want.meddpicc.competition.clear();
  CHECK(shown{deal} == shown{want});
}

TEST_CASE("import: strict mode fails at the first bad row, otherwise every bad row is listed") {
  const std::string text = std::string(header) + row() + row({{"budget", "7"}}) + row({{"id", "OPP-4"}}) +
                           row({{"close_date", "2026-02-30"}});
  {
    std::istringstream in(text);
    const auto strict = io::import_opportunities(in, seed_policy(), {}, true);
    REQUIRE_FALSE(strict.has_value());
    CHECK(shown{strict.error()} ==
          shown{error{errc::out_of_range, "/ratings/budget", "rating 7 is outside 1-5", 3, 16, "OPP-1", 2}});
  }
  std::istringstream in(text);
  const auto all = io::import_opportunities(in, seed_policy());
  REQUIRE(all.has_value());
  CHECK(all->rows == 4);
  REQUIRE(all->deals.size() == 2);
  CHECK(shown{all->deals[0]} == shown{base_deal()});
  auto fourth = base_deal();
  fourth.id = "OPP-4";
  CHECK(shown{all->deals[1]} == shown{fourth});
  REQUIRE(all->skipped.size() == 2);
  CHECK(all->skipped[0].line == 3);
  CHECK(shown{all->skipped[1]} ==
        shown{error{errc::out_of_range, "/close_date", "'2026-02-30' is not a day of that month", 5, 9, "OPP-1", 4}});
  CHECK(all->ignored_columns.empty());
}

TEST_CASE("import: a header we cannot read from is an error before any row") {
  SUBCASE("a required column missing, with the nearest column the file has") {
    const auto e = open_error("id,amout,currency,stage\n");
    CHECK(shown{e} == shown{error{errc::missing, "/amount", "the header has no column 'amount'; every deal needs one; did you mean 'amout'?",
                     1, 0}});
  }
  SUBCASE("a required column missing, which the map would have renamed") {
    io::import_options o;
    o.map.columns = {{"Opportunity ID", "id"}};
    const auto e = open_error("amount,currency,stage\n", o);
    CHECK(shown{e} == shown{error{errc::missing, "/id",
                     "the header has no column 'id' (nor 'Opportunity ID', which the column map renames to it); every "
                     "deal needs one",
                     1, 0}});
  }
  SUBCASE("two columns read as one") {
    const auto e = open_error("id,amount,currency,stage,Amount\n");
    CHECK(shown{e} == shown{error{errc::duplicate, "/amount", "columns 2 'amount' and 5 'Amount' are both read as 'amount'", 1, 5}});
  }
  SUBCASE("no currency anywhere") {
    const auto e = open_error("id,amount,stage\n");
    CHECK(e.code == errc::missing);
    CHECK(e.where == "/amount");  // the currency is part of the amount
  }
  SUBCASE("a map naming a column we do not have") {
    io::import_options o;
    o.map.columns = {{"Amount", "amout"}};
    const auto e = open_error(std::string(header), o);
    CHECK(shown{e} == shown{error{errc::unknown_name, "/columns/Amount",
                     "the column map renames 'Amount' to 'amout', which is not a column we read; did you mean 'amount'?",
                     0, 0}});
  }
  SUBCASE("a map naming a stage the policy does not have") {
    io::import_options o;
    o.map.stages = {{"Qualification", "Discovry"}};
    const auto e = open_error(std::string(header), o);
    CHECK(shown{e} == shown{error{errc::unknown_name, "/stages/Qualification",
                     "the column map renames stage 'Qualification' to 'Discovry', which is not a stage of the policy; "
                     "did you mean 'Discovery'?",
                     0, 0}});
  }
  SUBCASE("an empty input") {
    const auto e = open_error("");
    CHECK(e.code == errc::syntax);
    CHECK(e.line == 1);
  }
}

TEST_CASE("import: a stream that fails mid-read ends the input as a fatal error") {
  // The reader asks for 64 bytes or for as much as the record in hand holds, so the
  // request that fails comes inside the long last record, after the first row.
  const std::string text = std::string(header) + row() + "OPP-2," + std::string(10'000, 'x');
  failing_input source(text);
  std::istream in(&source);
  auto reader = io::opportunity_reader::open(in, seed_policy(), {.csv = {.chunk_bytes = 64}});
  REQUIRE(reader.has_value());
  opportunity deal;
  REQUIRE(reader->next(deal) == expected<bool, error>(true));
  const auto failure = reader->next(deal);
  REQUIRE_FALSE(failure.has_value());
  CHECK(failure.error().message.starts_with("reading the input failed after "));
  CHECK(reader->failed());
  CHECK(reader->next(deal) == expected<bool, error>(false));

  failing_input again(text);
  std::istream in2(&again);
  const auto all = io::import_opportunities(in2, seed_policy(), {.csv = {.chunk_bytes = 64}});
  REQUIRE_FALSE(all.has_value());
  CHECK(all.error().message == failure.error().message);
}

TEST_CASE("import: a JSON Lines stream that fails mid-read, or cannot be read at all, is a fatal error") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += R"({"id": "OPP-1", "amount": "5", "currency": "USD", "stage": "Prospect"})" "\n";
  failing_input source(text + "{");  // the last 64-byte request asks for more than there is
  std::istream in(&source);
  io::import_options options{
      .format = io::input_format::json_lines, .csv = {.chunk_bytes = 64}, .refuse_duplicate_ids = false};
  auto reader = io::opportunity_reader::open(in, seed_policy(), options);
  REQUIRE(reader.has_value());
  opportunity deal;
  std::uint64_t good = 0;
  for (;;) {
    auto got = reader->next(deal);
    if (!got.has_value()) {
      CHECK(got.error().message.starts_with("reading the input failed after "));
      break;
    }
    REQUIRE(*got);
    ++good;
  }
  CHECK(reader->failed());
  CHECK(good <= 200);
  CHECK(good >= 199);  // whole lines before the failing chunk
  CHECK(reader->next(deal) == expected<bool, error>(false));

  std::ifstream missing("/nonexistent/salesrules/pipeline.jsonl");
  const auto not_open = io::opportunity_reader::open(missing, seed_policy(), options);
  REQUIRE_FALSE(not_open.has_value());
  CHECK(not_open.error().message == "the input stream cannot be read (was the file opened?)");
}

// GCC 12's std::string::resize_and_overwrite hands its operation the new capacity
// when the string grows; the import once copied that many bytes, so a text longer
// than the reused string's room came out with the bytes after it in the file.
TEST_CASE("import: regression - a text that outgrows the reused deal's string is read exactly") {
  const std::string long_text(100, 'a');
  const auto got = read_all(std::string(header) + row({{"account", "A"}}) + row({{"account", "Acme Holdings Europe"}}) +
                            row({{"account", long_text}}));
  REQUIRE(got.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) REQUIRE(got[i].deal);
  CHECK(got[0].deal->account == "A");
  CHECK(got[1].deal->account == "Acme Holdings Europe");
  CHECK(got[2].deal->account == long_text);
  CHECK(got[2].deal->owner == "Dana Reyes");
}

TEST_CASE("import: column maps from JSON, and what they reject") {
  const auto map = io::parse_column_map(
      R"({"columns": {"Amount": "AMOUNT", "a/b~c": "id"}, "outcomes": {"Closed - No Decision": "Disqualified"},
          "currency": "eur"})");
  REQUIRE(map.has_value());
  CHECK(*map == io::column_map{.columns = {{"Amount", "amount"}, {"a/b~c", "id"}},
                               .outcomes = {{"Closed - No Decision", deal_outcome::disqualified}},
                               .currency = currency{"EUR"}});
  CHECK(*io::parse_column_map("{}") == io::column_map{});

  const auto fails = [](std::string_view json) {
    const auto m = io::parse_column_map(json);
    REQUIRE_FALSE(m.has_value());
    return m.error();
  };
  CHECK(shown{fails("{\"colums\": {}}")} ==
        shown{error{errc::unknown_name, "/colums",
              "the column map has no setting 'colums'; did you mean 'columns'? (it has columns, stages, outcomes, "
              "currency, delimiter, date_format and decimal_comma)"}});
  CHECK(shown{fails(R"({"columns": {"a/b": "amout"}})")} ==
        shown{error{errc::unknown_name, "/columns/a~1b", "'amout' is not a column we read; did you mean 'amount'?"}});
  CHECK(shown{fails(R"({"columns": {"Amount": 3}})")} ==
        shown{error{errc::syntax, "/columns/Amount", "the name 'Amount' maps to a string"}});
  CHECK(shown{fails(R"({"columns": []})")} ==
        shown{error{errc::syntax, "/columns", "columns is an object of names: {\"theirs\": \"ours\"}"}});
  CHECK(shown{fails(R"({"outcomes": {"W": "wonn"}})")} ==
        shown{error{errc::unknown_name, "/outcomes/W", "'wonn' is not an outcome (open, won, lost or disqualified)"}});
  CHECK(shown{fails(R"({"currency": "USX"})")} ==
        shown{error{errc::unknown_currency, "/currency", "'USX' is not an ISO 4217 currency code"}});
  CHECK(shown{fails(R"({"stages": {"Q": " "}})")} == shown{error{errc::syntax, "/stages/Q", "the stage name is blank"}});
  CHECK(fails("[1]").code == errc::syntax);
  CHECK(fails("{\"columns\": ").code == errc::syntax);
}

TEST_CASE("import: JSON Lines, one object a line, numbers read from their text") {
  const std::string text =
      "\xEF\xBB\xBF"
      R"({"id": "OPP-1", "account": "Acme Corp", "owner": "Dana Reyes", "amount": 180000.00, "currency": "USD",)"
      R"( "stage": "Proposal", "probability": 60, "forecast_category": "Best Case", "close_date": "2026-03-28",)"
      R"( "created_date": "2026-01-12", "last_activity_date": "2026-02-24", "next_step": "Legal review of MSA",)"
      R"( "next_step_date": "2026-03-15", "next_step_owner": "Dana Reyes", "contacts": 5, "budget": 5,)"
      R"( "authority": "5", "need": 4, "timeline": 4, "champion": 5, "competition": 3,)"
      R"( "metrics": "Cut onboarding time 40%", "economic_buyer": "CTO", "decision_criteria": "SSO and SOC2",)"
      R"( "decision_process": "Security then legal", "identify_pain": "Manual provisioning",)"
      R"( "champion_name": "VP Engineering", "paper_process": "MSA + order form", "competitors": "Globex; Initech",)"
      R"( "discount_pct": 12.50, "segment": "Enterprise", "outcome": "open", "closed_date": null, "loss_reason": null,)"
      R"( "notes": "ignored"})"
      "\r\n"
      "\n"
      "   \n"
      R"({"id": "OPP-2", "amount": 0.1, "currency": "USD", "stage": "Prospect", "close_date": "2026-04-01",)"
      R"( "created_date": "2026-03-01", "account": "Line\nbreak \"quoted\" \u00e9"})"
      "\n";
  const auto got = read_all(text, {.format = io::input_format::json_lines});
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].deal);
  CHECK(shown{*got[0].deal} == shown{base_deal()});
  opportunity second;
  second.id = "OPP-2";
  second.account = "Line\nbreak \"quoted\" \xC3\xA9";
  second.amount = money(10, currency{"USD"});  // 0.1 USD is 10 cents, exactly
  second.stage = "Prospect";
  second.close_date = 2026y / April / 1d;
  second.created_date = 2026y / March / 1d;
  REQUIRE(got[1].deal);
  CHECK(shown{*got[1].deal} == shown{second});
}

TEST_CASE("import: JSON Lines bad rows name the line, key and field, the lines around them are intact") {
  const std::string good = R"({"id": "OPP-1", "amount": "5", "currency": "USD", "stage": "Prospect"})";
  opportunity want{};  // {}: a date member is otherwise left uninitialized
  want.id = "OPP-1";
  want.amount = money(500, currency{"USD"});  // 5 USD = 500 cents
  want.stage = "Prospect";

  struct bad_case {
    const char* what;
    std::string line;
    error want;
  };
  const std::vector<bad_case> cases{
      {"not JSON", R"({"id": "OPP-2", "amount": )",
       {errc::syntax, "", "the line is not valid JSON at byte 27: the text ends too soon", 2, 0, "", 2}},
      {"a nested value", R"({"id": "OPP-2", "amount": {"value": 5}})",
       {errc::syntax, "/amount", "the value of 'amount' is an object or an array; values are strings, numbers, true, false or null",
        2, 2, "", 2}},
      {"an array", R"({"id": "OPP-2", "competitors": ["a"]})",
       {errc::syntax, "/competitors",
        "the value of 'competitors' is an object or an array; values are strings, numbers, true, false or null", 2, 2, "", 2}},
      {"a boolean for a text, which it would fill quietly",
       R"({"id": "OPP-2", "amount": 5, "currency": "USD", "stage": "Prospect", "close_date": "2026-04-01",)"
       R"( "created_date": "2026-03-01", "next_step": false})",
       {errc::syntax, "/next_step/action",
        "the value of 'next_step' is true or false, which only 'recurring' and yes/no fields take", 2, 7, "", 2}},
      {"not an object", R"(["OPP-2"])",
       {errc::syntax, "", "the line is not a JSON object; each line holds one deal as {\"id\": ...}", 2, 0, "", 2}},
      {"text after the object", good + " x",
       {errc::syntax, "", "text after the JSON object (at byte 72); one object a line", 2, 0, "", 2}},
      {"a required key missing", R"({"id": "OPP-2", "currency": "USD", "stage": "Prospect"})",
       {errc::missing, "/amount", "the row has no 'amount', which every deal needs", 2, 0, "OPP-2", 2}},
      {"3 decimals as a number", R"({"id": "OPP-2", "amount": 12.345, "currency": "USD", "stage": "Prospect"})",
       {errc::out_of_range, "/amount", "'12.345' has more decimals than USD allows (2)", 2, 2, "OPP-2", 2}},
      {"an exponent", R"({"id": "OPP-2", "amount": 1e5, "currency": "USD", "stage": "Prospect"})",
       {errc::syntax, "/amount", "'1e5' is not an amount such as 1234.56 or 1,234.56", 2, 2, "OPP-2", 2}},
      {"a key twice", R"({"id": "OPP-2", "amount": 1, "Amount": 2, "currency": "USD", "stage": "Prospect"})",
       {errc::duplicate, "/amount", "keys 'amount' and 'Amount' both give 'amount'", 2, 3, "", 2}},
      {"unknown stage", R"({"id": "OPP-2", "amount": 1, "currency": "USD", "stage": "Prospekt"})",
       {errc::unknown_name, "/stage", "unknown stage 'Prospekt'; did you mean 'Prospect'?", 2, 4, "OPP-2", 2}},
      {"rating 7", R"({"id": "OPP-2", "amount": 1, "currency": "USD", "stage": "Prospect", "need": 7})",
       {errc::out_of_range, "/ratings/need", "rating 7 is outside 1-5", 2, 5, "OPP-2", 2}},
  };
  for (const auto& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    const auto got = read_all(good + "\n" + c.line + "\n" + good, {.format = io::input_format::json_lines});
    REQUIRE(got.size() == 3);
    REQUIRE(got[0].deal);
    CHECK(shown{*got[0].deal} == shown{want});
    REQUIRE(got[1].fault);
    CHECK(shown{*got[1].fault} == shown{c.want});
    REQUIRE(got[2].deal);
    CHECK(shown{*got[2].deal} == shown{want});
  }
}

TEST_CASE("import: JSON Lines take the column map, strict mode and the line limit") {
  io::import_options options{.format = io::input_format::json_lines};
  options.map.columns = {{"Opportunity ID", "id"}, {"Stage", "stage"}};
  options.map.stages = {{"Qualification", "Discovery"}};
  options.map.currency = currency{"GBP"};
  options.csv.max_record_bytes = 200;
  const std::string text = R"({"Opportunity ID": "A-1", "amount": "10", "Stage": "Qualification", "Extra": 1})"
                           "\n" +
                           std::string(300, ' ') + "{}\n" +
                           R"({"Opportunity ID": "A-2", "amount": "-1", "Stage": "Qualification"})" "\n";
  std::istringstream in(text);
  const auto all = io::import_opportunities(in, seed_policy(), options);
  REQUIRE(all.has_value());
  REQUIRE(all->deals.size() == 1);
  opportunity want{};  // {}: a date member is otherwise left uninitialized
  want.id = "A-1";
  want.amount = money(1'000, currency{"GBP"});  // 10 GBP = 1,000 pence
  want.stage = "Discovery";
  CHECK(shown{all->deals[0]} == shown{want});
  CHECK(all->rows == 3);
  REQUIRE(all->skipped.size() == 2);
  CHECK(shown{all->skipped[0]} ==
        shown{error{errc::out_of_range, "", "the line is longer than the limit of 200 bytes (csv_options::max_record_bytes)",
              2, 0, "", 2}});
  CHECK(shown{all->skipped[1]} ==
        shown{error{errc::out_of_range, "/amount", "'-1' is negative; a deal's amount is 0 or more", 3, 2, "A-2", 3}});
  CHECK(all->ignored_columns == std::vector<std::string>{"Extra"});

  std::istringstream again(text);
  const auto strict = io::import_opportunities(again, seed_policy(), options, true);
  REQUIRE_FALSE(strict.has_value());
  CHECK(strict.error().line == 2);
}

TEST_CASE("import: JSON Lines read in small chunks - an overlong line is dropped unread, a last line needs no line end") {
  io::import_options options{.format = io::input_format::json_lines};
  options.map.currency = currency{"USD"};
  options.csv.max_record_bytes = 64;
  options.csv.chunk_bytes = 16;  // the long line never fits the buffer whole
  const std::string text = R"({"id": "B-1", "amount": "5", "stage": "Discovery"})"
                           "\n" +
                           std::string(500, 'x') + "\n" + R"({"id": "B-2", "amount": "7", "stage": "Proposal"})";
  std::istringstream in(text);
  const auto all = io::import_opportunities(in, seed_policy(), options);
  REQUIRE(all.has_value());
  REQUIRE(all->deals.size() == 2);
  CHECK(all->deals[0].id == "B-1");
  CHECK(all->deals[1].id == "B-2");
  CHECK(all->deals[1].amount == money(700, currency{"USD"}));
  CHECK(all->rows == 3);
  REQUIRE(all->skipped.size() == 1);
  CHECK(shown{all->skipped[0]} ==
        shown{error{errc::out_of_range, "", "the line is longer than the limit of 64 bytes (csv_options::max_record_bytes)",
                    2, 0, "", 2}});
}

TEST_CASE("import: a column map built in code that renames a name twice, or to no outcome, is refused at open") {
  const auto refused = [](io::column_map map) {
    io::import_options options;
    options.map = std::move(map);
    std::istringstream in("id,stage\n");
    auto reader = io::opportunity_reader::open(in, seed_policy(), options);
    REQUIRE_FALSE(reader.has_value());
    return reader.error();
  };
  CHECK(shown{refused({.columns = {{"Amt", "amount"}, {"Amt", "id"}}})} ==
        shown{error{errc::duplicate, "/columns/Amt", "the column map renames 'Amt' twice"}});
  CHECK(shown{refused({.stages = {{"Qual", "Discovery"}, {"Qual", "proposal"}}})} ==
        shown{error{errc::duplicate, "/stages/Qual", "the column map renames stage 'Qual' twice"}});
  CHECK(shown{refused({.outcomes = {{"Gone", static_cast<deal_outcome>(9)}}})} ==
        shown{error{errc::out_of_range, "/outcomes/Gone", "the column map renames outcome 'Gone' to a value that is no outcome"}});
}

TEST_CASE("import: the bundled 300-row sample imports with no row skipped") {
  std::ifstream file(SALESRULES_SOURCE_DIR "/examples/data/pipeline.csv", std::ios::binary);
  REQUIRE(file.is_open());
  const auto all = io::import_opportunities(file, seed_policy());
  REQUIRE_MESSAGE(all.has_value(), to_string(all.error()));
  if (!all->skipped.empty()) MESSAGE(to_string(all->skipped.front()));
  CHECK(all->skipped.empty());
  CHECK(all->rows == 300);
  CHECK(all->deals.size() == 300);
  CHECK(all->ignored_columns.empty());
  // The first row, by hand: OPP-0000001, 275903.36 USD in Prospect, open, created 2026-10-30.
  REQUIRE_FALSE(all->deals.empty());
  const opportunity& first = all->deals.front();
  CHECK(first.id == "OPP-0000001");
  CHECK(first.amount == money(27'590'336, currency{"USD"}));
  CHECK(first.stage == "Prospect");
  CHECK(first.created_date == 2026y / October / 30d);
  CHECK(first.competitors == std::vector<std::string>{"Hooli"});
}

TEST_CASE("import: duplicate ids - the later row is refused with both lines, the rows around it are kept") {
  // Lines: 1 header, 2 OPP-1, 3 OPP-2, 4 OPP-1 again (refused), 5 opp-1 (ids are case-sensitive: taken),
  // 6 OPP-2 again with another amount (refused: the first row stands).
  const std::string text = std::string(header) + row() + row({{"id", "OPP-2"}}) + row({{"amount", "5.00"}}) +
                           row({{"id", "opp-1"}}) + row({{"id", "OPP-2"}, {"amount", "7.00"}});
  const auto got = read_all(text, {}, true);
  REQUIRE(got.size() == 5);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->amount == money(18'000'000, currency{"USD"}));
  REQUIRE(got[1].deal);
  REQUIRE(got[2].fault);
  CHECK(shown{*got[2].fault} ==
        shown{error{errc::duplicate, "/id", "duplicate id 'OPP-1', first on line 2", 4, 1, "OPP-1", 3}});
  REQUIRE(got[3].deal);
  CHECK(got[3].deal->id == "opp-1");
  REQUIRE(got[4].fault);
  CHECK(got[4].fault->message == "duplicate id 'OPP-2', first on line 3");
  CHECK(got[4].fault->line == 6);

  // Without the check every row is taken.
  const auto all = read_all(text, {}, false);
  REQUIRE(all.size() == 5);
  for (const auto& e : all) CHECK(e.deal);
}

TEST_CASE("import: duplicate ids - a refused row does not claim its id, and JSON Lines are checked the same") {
  // Line 2 is bad (an unknown stage): its id stays free for line 3, and line 4 repeats line 3.
  const std::string text = std::string(header) + row({{"stage", "Nowhere"}}) + row() + row();
  const auto got = read_all(text, {}, true);
  REQUIRE(got.size() == 3);
  CHECK(got[0].fault);
  CHECK(got[1].deal);
  REQUIRE(got[2].fault);
  CHECK(got[2].fault->message == "duplicate id 'OPP-1', first on line 3");

  const std::string line = R"({"id": "Q-7", "amount": "5", "currency": "USD", "stage": "Prospect"})";
  const auto json = read_all(line + "\n\n" + line + "\n", {.format = io::input_format::json_lines}, true);
  REQUIRE(json.size() == 2);
  CHECK(json[0].deal);
  REQUIRE(json[1].fault);
  CHECK(shown{*json[1].fault} ==
        shown{error{errc::duplicate, "/id", "duplicate id 'Q-7', first on line 1", 3, 1, "Q-7", 2}});
}

TEST_CASE("import: duplicate ids - 200,000 distinct ids are all taken and each repeat is found") {
  std::string text = "id,amount,currency,stage\n";
  for (int i = 0; i < 200'000; ++i) text += "D-" + std::to_string(i) + ",1,USD,Prospect\n";
  // Every 1000th id again, at the end: lines 200,002 onwards; D-k was on line k + 2.
  for (int i = 0; i < 200'000; i += 1000) text += "D-" + std::to_string(i) + ",1,USD,Prospect\n";
  std::istringstream in(text);
  auto reader = io::opportunity_reader::open(in, seed_policy());
  REQUIRE(reader);
  opportunity deal;
  std::uint64_t good = 0, refused = 0;
  for (;;) {
    auto got = reader->next(deal);
    if (!got) {
      const std::uint64_t k = refused * 1000;
      CHECK(got.error().message == "duplicate id 'D-" + std::to_string(k) + "', first on line " + std::to_string(k + 2));
      ++refused;
      continue;
    }
    if (!*got) break;
    ++good;
  }
  CHECK(good == 200'000);
  CHECK(refused == 200);
  CHECK(reader->skipped() == 200);
}

TEST_CASE("import: a European spreadsheet's export reads with its delimiter, dates and decimal comma") {
  // Semicolons between fields, D.M.Y dates, "1.234,50" amounts and "12,5" discounts.
  const std::string text =
      "id;amount;currency;stage;close_date;created_date;discount_pct\n"
      "EU-1;1.234,50;EUR;Proposal;28.03.2026;12.01.2026;12,5\n"
      "EU-2;\"2 000,00 \xE2\x82\xAC\";;Prospect;1.4.2026;2.1.2026;\n";
  io::import_options options;
  options.csv.delimiter = ';';
  options.dates = io::date_format{io::date_order::dmy, '.'};
  options.decimal_comma = true;
  options.map.currency = currency{"EUR"};
  const auto got = read_all(text, options, true);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->amount == money(123'450, currency{"EUR"}));
  CHECK(got[0].deal->close_date == 2026y / March / 28d);
  CHECK(got[0].deal->created_date == 2026y / January / 12d);
  CHECK(got[0].deal->requested_discount == percent::from_basis_points(1250));
  REQUIRE(got[1].deal);
  CHECK(got[1].deal->amount == money(200'000, currency{"EUR"}));
  CHECK(got[1].deal->close_date == 2026y / April / 1d);

  // The same settings from the column map.
  auto map = io::parse_column_map(R"({"delimiter": ";", "date_format": "DD.MM.YYYY", "decimal_comma": true,
                                      "currency": "EUR"})");
  REQUIRE(map);
  const auto mapped = read_all(text, {.map = *map}, true);
  REQUIRE(mapped.size() == 2);
  REQUIRE(mapped[0].deal);
  CHECK(shown{*mapped[0].deal} == shown{*got[0].deal});
  REQUIRE(mapped[1].deal);
  CHECK(shown{*mapped[1].deal} == shown{*got[1].deal});
}

TEST_CASE("import: without the settings, a locale's export is refused with a hint naming the setting") {
  const std::string semicolons = "id;amount;currency;stage\nEU-1;5;EUR;Prospect\n";
  std::istringstream in(semicolons);
  auto reader = io::opportunity_reader::open(in, seed_policy());
  REQUIRE_FALSE(reader);
  CHECK(reader.error().message ==
        "the header has no column 'id'; every deal needs one; the header is a single column "
        "'id;amount;currency;stage', which looks separated by semicolons: read it with the delimiter ';' "
        "(--delimiter, or \"delimiter\" in the column map)");

  // A US date and an amount with a decimal comma, each in a row of its own.
  const std::string rows = "id,amount,currency,stage,close_date,created_date\n"
                           "US-1,5,USD,Prospect,3/28/2026,2026-01-12\n"
                           "EU-1,\"12,50\",EUR,Prospect,2026-03-28,2026-01-12\n";
  const auto got = read_all(rows, {}, true);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].fault);
  CHECK(shown{*got[0].fault} ==
        shown{error{errc::syntax, "/close_date",
                    "'3/28/2026' is not a date in the form YYYY-MM-DD; it looks like a US date, month first: read "
                    "dates with the format M/D/Y (--date-format, or \"date_format\" in the column map)",
                    2, 5, "US-1", 1}});
  REQUIRE(got[1].fault);
  CHECK(got[1].fault->column == 2);
  CHECK(got[1].fault->message.ends_with("it looks written with a decimal comma: read amounts with --decimal-comma, "
                                        "or \"decimal_comma\" in the column map"));
}

TEST_CASE("import: a US export with amounts in dollars and month-first dates") {
  const std::string text = "id,amount,currency,stage,close_date,created_date\n"
                           "US-1,\"$1,234.50\",USD,Proposal,3/28/2026,1/12/2026\n"
                           "US-2,\"USD 12,000\",,Prospect,12/1/2026,11/30/2026\n";
  io::import_options options;
  options.dates = io::date_format{io::date_order::mdy, '/'};
  options.map.currency = currency{"USD"};
  const auto got = read_all(text, options, true);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->amount == money(123'450, currency{"USD"}));
  CHECK(got[0].deal->close_date == 2026y / March / 28d);
  REQUIRE(got[1].deal);
  CHECK(got[1].deal->amount == money(1'200'000, currency{"USD"}));
  CHECK(got[1].deal->created_date == 2026y / November / 30d);
}

namespace {
// `text` (ASCII and two-byte UTF-8 only) as UTF-16 with a byte-order mark.
std::string utf16(std::string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    unsigned unit = c;
    if (c >= 0xC0) unit = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[++i]) & 0x3Fu);
    const char lo = static_cast<char>(unit & 0xFF), hi = static_cast<char>(unit >> 8);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  }
  return out;
}
}  // namespace

TEST_CASE("import: UTF-16 with a byte-order mark (Excel's Unicode text) reads as its UTF-8 would") {
  const std::string text = "id\taccount\tamount\tcurrency\tstage\n"
                           "U-1\tSoci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale\t100\tEUR\tProspect\n"
                           "U-2\tM\xC3\xBCller AG\t200\tEUR\tDiscovery\n";
  io::import_options options;
  options.csv.delimiter = '\t';
  const auto want = read_all(text, options, true);
  REQUIRE(want.size() == 2);
  REQUIRE(want[0].deal);
  CHECK(want[0].deal->account == "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale");
  for (const bool big : {false, true}) {
    CAPTURE(big);
    options.csv.chunk_bytes = 7;  // odd chunks: pairs and characters split between reads
    const auto got = read_all(utf16(text, big), options, true);
    REQUIRE(got.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
      REQUIRE(got[i].deal);
      CHECK(shown{*got[i].deal} == shown{*want[i].deal});
    }
  }
}

TEST_CASE("import: broken UTF-16 ends the input with an error saying where, after the rows before it") {
  std::string text = utf16("id,amount,currency,stage\nU-1,100,EUR,Prospect\nU-2,200,EUR,Prospect\n", false);
  const std::size_t at = text.size();  // a lone low surrogate here
  text += std::string("\x00\xDC", 2) + utf16("U-3,300,EUR,Prospect\n", false).substr(2);
  std::istringstream in(text);
  auto reader = io::opportunity_reader::open(in, seed_policy());
  REQUIRE(reader);
  opportunity deal;
  std::vector<std::string> ids;
  std::optional<error> failure;
  for (;;) {
    auto got = reader->next(deal);
    if (!got) {
      failure = got.error();
      if (reader->failed()) break;
      continue;
    }
    if (!*got) break;
    ids.push_back(deal.id);
  }
  CHECK(ids == std::vector<std::string>{"U-1", "U-2"});
  REQUIRE(failure);
  CHECK(reader->failed());
  CHECK(failure->message == "the UTF-16 input is broken at byte " + std::to_string(at + 1) +
                                ": a low surrogate without a high one before it; the input ends there");
}

TEST_CASE("import: the column map's format settings are checked where they are written") {
  const auto refused = [](std::string_view json) {
    auto m = io::parse_column_map(json);
    REQUIRE_FALSE(m);
    return m.error();
  };
  CHECK(refused(R"({"delimiter": "\""})").where == "/delimiter");
  CHECK(refused(R"({"delimiter": ";;"})").message ==
        "';;' is not a delimiter: give one character such as ';' or '|', or \"tab\"");
  CHECK(refused(R"({"date_format": "YY-MM-DD"})").where == "/date_format");
  CHECK(refused(R"({"decimal_comma": "yes"})").message == "decimal_comma is true or false");
  auto tab = io::parse_column_map(R"({"delimiter": "tab"})");
  REQUIRE(tab);
  CHECK(tab->delimiter == '\t');

  // JSON Lines have no delimiter and no decimal comma to choose.
  std::istringstream in("{}\n");
  auto reader = io::opportunity_reader::open(in, seed_policy(),
                                             {.format = io::input_format::json_lines, .decimal_comma = true});
  REQUIRE_FALSE(reader);
  CHECK(reader.error().code == errc::inconsistent);
}

namespace {
std::string padded(std::string_view prefix, std::size_t i, std::size_t width = 5) {
  const std::string digits = std::to_string(i);
  std::string out(prefix);  // piece by piece: GCC 12 at -O3 warns (-Wrestrict) on a chain of +
  out.append(width > digits.size() ? width - digits.size() : 0, '0');
  out += digits;
  return out;
}
}  // namespace

TEST_CASE("import: a column map of 20,000 renames is checked whole - a name renamed twice is refused where it repeats") {
  io::column_map map;
  for (std::size_t i = 0; i < 20'000; ++i) {
    map.columns.push_back({padded("Their column ", i), "account"});
    map.stages.push_back({padded("Their stage ", i), "discovery"});  // matched to Discovery ignoring case
  }
  map.columns.push_back({"Amt", "amount"});
  map.columns.push_back({"AMT", "id"});  // another spelling, not a repeat: exact beats ignoring case
  map.stages.push_back({"Won it", "Closed Won"});
  map.outcomes.push_back({"Yes", deal_outcome::won});
  {
    io::import_options options;
    options.map = map;
    const auto got = read_all("AMT,amt,currency,stage,THEIR COLUMN 19999\n"
                              "OPP-1,12.5,USD,their stage 13579,Acme Corp\n"
                              "OPP-2,7,USD,WON IT,Globex\n",
                              options);
    REQUIRE(got.size() == 2);
    REQUIRE(got[0].deal);
    CHECK(got[0].deal->id == "OPP-1");
    CHECK(got[0].deal->amount == money(1'250, currency{"USD"}));  // "amt" is Amt's, the first of its spellings
    CHECK(got[0].deal->stage == "Discovery");
    CHECK(got[0].deal->account == "Acme Corp");
    REQUIRE(got[1].deal);
    CHECK(got[1].deal->stage == "Closed Won");
    CHECK(got[1].deal->outcome == deal_outcome::won);
  }
  auto twice = map;
  twice.columns.insert(twice.columns.begin() + 15'000, {"Their column 12345", "owner"});
  CHECK(shown{open_error("id,stage\n", {.map = twice})} ==
        shown{error{errc::duplicate, "/columns/Their column 12345", "the column map renames 'Their column 12345' twice"}});
  auto stage_twice = map;
  stage_twice.stages.push_back({"Their stage 00007", "Proposal"});
  CHECK(shown{open_error("id,stage\n", {.map = stage_twice})} ==
        shown{error{errc::duplicate, "/stages/Their stage 00007", "the column map renames stage 'Their stage 00007' twice"}});
  // A bad target is found before a later repeat, as the map is read in order.
  auto bad_target = twice;
  bad_target.columns[10'000].ours = "acount";
  CHECK(shown{open_error("id,stage\n", {.map = bad_target})} ==
        shown{error{errc::unknown_name, "/columns/Their column 10000",
                    "the column map renames 'Their column 10000' to 'acount', which is not a column we read; did you "
                    "mean 'account'?"}});
}

TEST_CASE("import: JSON Lines of 6,000 distinct keys a line - unknown keys listed once each up to 4,096, repeats still refused") {
  std::string keys;
  for (std::size_t i = 0; i < 6'000; ++i) {
    keys += ", \"";
    keys += padded("k", i);
    keys += "\": 1";
  }
  const std::string line = R"({"id": "OPP-1", "amount": "5", "currency": "USD", "stage": "Prospect")" + keys + "}";
  const std::string bad = R"({"id": "OPP-2", "amount": "5", "currency": "USD", "stage": "Prospect")" + keys +
                          R"(, "AMOUNT": "6"})";
  const std::string text = line + "\n" + line + "\n" + bad + "\n" + line + "\n";
  std::istringstream in(text);
  const auto all = io::import_opportunities(
      in, seed_policy(), {.format = io::input_format::json_lines, .refuse_duplicate_ids = false});
  REQUIRE(all.has_value());
  CHECK(all->deals.size() == 3);
  REQUIRE(all->skipped.size() == 1);
  // The key after 6,004 others that gives 'amount' again.
  CHECK(shown{all->skipped[0]} ==
        shown{error{errc::duplicate, "/amount", "keys 'amount' and 'AMOUNT' both give 'amount'", 3, 6'005, "", 3}});
  REQUIRE(all->ignored_columns.size() == 4'096);
  CHECK(all->ignored_columns.front() == "k00000");
  CHECK(all->ignored_columns.back() == "k04095");
}

TEST_CASE("import: unknown stages get a hint once per value, within a budget, then the list of stages") {
  // 100 short stages "S00" to "S99" and 9,900 long ones; each value "T07", "U07", ...
  // is one replacement from a short stage and too short for any long one.
  policy p;
  std::vector<stage> closed(p.process.stages.end() - 2, p.process.stages.end());
  p.process.stages.resize(5);
  for (std::size_t i = 0; i < 100; ++i) p.process.stages.push_back({padded("S", i, 2), probability{80}, stage_kind::open, {}, {}});
  for (std::size_t i = 0; i < 9'900; ++i)
    p.process.stages.push_back({padded("A stage with a long name, number ", i), probability{80}, stage_kind::open, {}, {}});
  p.process.stages.insert(p.process.stages.end(), closed.begin(), closed.end());
  const auto rules = validate(std::move(p));
  REQUIRE(rules);
  const std::size_t spellings = (*rules).process()->stages.size();
  REQUIRE(spellings == 10'007);
  // 2^24 comparisons in all: 1,676 searches of 10,007 names (16,771,732), not 1,677.
  const std::size_t searches = (std::size_t{1} << 24) / spellings;
  REQUIRE(searches == 1'676);
  std::string text = "id,amount,currency,stage\n";
  std::vector<std::string> values;
  for (char letter = 'A'; letter <= 'Z' && values.size() < 2'000; ++letter)
    for (std::size_t i = 0; letter != 'S' && i < 100 && values.size() < 2'000; ++i) values.push_back(letter + padded("", i, 2));
  for (std::size_t k = 0; k < values.size(); ++k) text += "OPP-" + std::to_string(k) + ",1,USD," + values[k] + "\n";
  text += "OPP-again,1,USD," + values[0] + "\n";  // remembered: its hint costs nothing
  std::istringstream in(text);
  auto reader = io::opportunity_reader::open(in, *rules);
  REQUIRE(reader.has_value());
  opportunity deal;
  std::size_t hinted = 0, listed = 0;
  for (std::size_t k = 0; k <= values.size(); ++k) {
    const auto got = reader->next(deal);
    REQUIRE_FALSE(got.has_value());
    const std::string& m = got.error().message;
    const std::string& value = k < values.size() ? values[k] : values[0];
    const std::string hint = "unknown stage '" + value + "'; did you mean 'S" + value.substr(1) + "'?";
    if (k < searches || k == values.size()) {
      hinted += m == hint ? 1 : 0;
    } else {
      listed += m == "unknown stage '" + value +
                         "' (the stages are Prospect, Discovery, Demo/Evaluation, Proposal, Negotiation, S00, S01, S02, "
                         "S03, S04, S05, S06, S07, S08, S09, S10, S11, S12, S13, S14 and 9987 more)"
                    ? 1
                    : 0;
    }
  }
  CHECK(hinted == searches + 1);
  CHECK(listed == values.size() - searches);
  CHECK(reader->next(deal) == expected<bool, error>(false));
}

namespace {
// A sink that keeps the ids of the deals it is given, in order.
struct id_sink final : io::deal_sink {
  std::vector<std::string> ids;
  expected<void, error> add(const opportunity& d) noexcept override {
    ids.push_back(d.id);
    return {};
  }
  expected<void, error> merge(io::deal_sink& later) noexcept override {
    auto& other = static_cast<id_sink&>(later).ids;
    ids.insert(ids.end(), other.begin(), other.end());
    other.clear();
    return {};
  }
};

struct file_read {
  io::file_import seen;
  std::vector<std::string> ids;
  std::optional<error> failure;
};

file_read read_file_in_parts(const std::filesystem::path& path, unsigned threads, io::file_import_options options = {}) {
  options.threads = threads;
  options.min_part_bytes = 64;  // parts of a few rows, so that every boundary case comes up
  std::unique_ptr<io::deal_sink> merged;
  auto got = io::import_file(path.string(), seed_policy(), options, [] { return std::make_unique<id_sink>(); }, merged);
  file_read r;
  if (!got) {
    r.failure = got.error();
    return r;
  }
  r.seen = std::move(*got);
  r.ids = static_cast<id_sink&>(*merged).ids;
  return r;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("import: a file read in parts gives the deals, errors and lines of one read, whatever the parts") {
  // 300 rows: quoted fields with line breaks and doubled quotes, bad rows, blank lines,
  // and ids that repeat both nearby and across the file.
  std::string text = "id,account,amount,currency,stage\n";
  for (int i = 0; i < 300; ++i) {
    const std::string id = "P-" + std::to_string(i % 7 == 3 ? i - 150 : i);  // some repeat an earlier id
    std::string account = i % 5 == 0 ? "\"Line one\nline two, \"\"quoted\"\"\"" : "Acme " + std::to_string(i);
    const std::string stage = i % 11 == 4 ? "Nowhere" : "Prospect";
    text += id + "," + account + "," + std::to_string(100 + i) + ",USD," + stage + "\n";
    if (i % 37 == 0) text += "\n";
  }
  const auto path = std::filesystem::temp_directory_path() / "salesrules_parts.csv";
  write_file(path, text);
  const file_read one = read_file_in_parts(path, 1);
  REQUIRE_FALSE(one.failure);
  CHECK(one.seen.parts == 1);
  CHECK(one.seen.rows == 300);
  CHECK(one.seen.skipped > 0);
  for (const unsigned threads : {2U, 3U, 4U, 8U}) {
    CAPTURE(threads);
    const file_read many = read_file_in_parts(path, threads);
    REQUIRE_FALSE(many.failure);
    CHECK(many.seen.parts == threads);
    CHECK(many.ids == one.ids);
    CHECK(many.seen.rows == one.seen.rows);
    CHECK(many.seen.skipped == one.seen.skipped);
    REQUIRE(many.seen.errors.size() == one.seen.errors.size());
    for (std::size_t i = 0; i < one.seen.errors.size(); ++i) CHECK(shown{many.seen.errors[i]} == shown{one.seen.errors[i]});
  }
  std::filesystem::remove(path);
}

TEST_CASE("import: a part start misled by a stray quote is found out, and the part before reads on") {
  // A stray quote in an unquoted field (a bad row, read past leniently) puts the quote
  // count off by one: every later part start, counted from it, falls inside a quoted
  // field that holds a line break (every third row has one).
  std::string text = "id,account,amount,currency,stage\n";
  for (int i = 0; i < 200; ++i) {
    const std::string account = i == 10 ? "Acme \"Big Corp" : i % 3 == 0 ? "\"Two\nlines\"" : "Acme";
    text += "Q-" + std::to_string(i) + "," + account + "," + std::to_string(i + 1) + ",USD,Prospect\n";
  }
  const auto path = std::filesystem::temp_directory_path() / "salesrules_parts_stray.csv";
  write_file(path, text);
  const file_read one = read_file_in_parts(path, 1);
  REQUIRE_FALSE(one.failure);
  REQUIRE(one.seen.errors.size() == 1);
  CHECK(one.seen.errors[0].line == 16);  // Q-10: after the header and rows 0-9, of which 0, 3, 6 and 9 take two lines
  for (const unsigned threads : {2U, 4U}) {
    CAPTURE(threads);
    const file_read many = read_file_in_parts(path, threads);
    REQUIRE_FALSE(many.failure);
    CHECK(many.ids == one.ids);
    CHECK(many.seen.rows == one.seen.rows);
    REQUIRE(many.seen.errors.size() == 1);
    CHECK(shown{many.seen.errors[0]} == shown{one.seen.errors[0]});
    CHECK(many.seen.parts_read_again > 0);  // the misled parts were not used
  }
  std::filesystem::remove(path);
}

TEST_CASE("import: a file read in parts refuses a repeated id at its later row, even parts apart") {
  std::string text = "id,amount,currency,stage\n";
  for (int i = 0; i < 400; ++i) text += "R-" + std::to_string(i) + ",1,USD,Prospect\n";
  text += "R-5,2,USD,Prospect\nR-399,3,USD,Prospect\n";  // lines 402 and 403 repeat lines 7 and 401
  const auto path = std::filesystem::temp_directory_path() / "salesrules_parts_repeat.csv";
  write_file(path, text);
  const file_read many = read_file_in_parts(path, 3);
  REQUIRE_FALSE(many.failure);
  CHECK(many.seen.parts == 3);
  CHECK(many.ids.size() == 400);
  REQUIRE(many.seen.errors.size() == 2);
  CHECK(many.seen.errors[0].message == "duplicate id 'R-5', first on line 7");
  CHECK(many.seen.errors[0].line == 402);
  CHECK(many.seen.errors[1].message == "duplicate id 'R-399', first on line 401");
  CHECK(many.seen.parts_read_again >= 1);
  std::filesystem::remove(path);
}

TEST_CASE("import: a file read in parts under strict stops at the first bad row in file order") {
  std::string text = "id,amount,currency,stage\n";
  for (int i = 0; i < 300; ++i) text += "S-" + std::to_string(i) + "," + (i == 120 || i == 250 ? "x" : "1") + ",USD,Prospect\n";
  const auto path = std::filesystem::temp_directory_path() / "salesrules_parts_strict.csv";
  write_file(path, text);
  io::file_import_options options;
  options.strict = true;
  for (const unsigned threads : {1U, 2U, 4U}) {
    CAPTURE(threads);
    const file_read r = read_file_in_parts(path, threads, options);
    REQUIRE(r.failure);
    CHECK(r.failure->line == 122);
  }
  std::filesystem::remove(path);
}

TEST_CASE("import: JSON Lines read in parts give what one read gives") {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += R"({"id": "J-)" + std::to_string(i % 9 == 2 ? 1 : i) + R"(", "amount": ")" + std::to_string(i) +
            R"(", "currency": "USD", "stage": ")" + (i % 13 == 5 ? "Nowhere" : "Prospect") + R"(", "note\nkey": 1})" + "\n";
  }
  const auto path = std::filesystem::temp_directory_path() / "salesrules_parts.jsonl";
  write_file(path, text);
  io::file_import_options options;
  options.import.format = io::input_format::json_lines;
  const file_read one = read_file_in_parts(path, 1, options);
  REQUIRE_FALSE(one.failure);
  const file_read many = read_file_in_parts(path, 3, options);
  REQUIRE_FALSE(many.failure);
  CHECK(many.ids == one.ids);
  CHECK(many.seen.rows == 300);
  REQUIRE(many.seen.errors.size() == one.seen.errors.size());
  for (std::size_t i = 0; i < one.seen.errors.size(); ++i) CHECK(shown{many.seen.errors[i]} == shown{one.seen.errors[i]});
  CHECK(many.seen.ignored_columns == one.seen.ignored_columns);
  std::filesystem::remove(path);
}

TEST_CASE("import: text not copied reads as \"*\" where filled in and \"\" where blank, and the same rows are refused") {
  io::import_options only_owner;
  only_owner.copied_text = enum_set<io::free_text>{io::free_text::owner};
  const auto got = read_all(std::string(header) + row() +
                                row({{"account", "  "}, {"segment", ""}, {"competitors", " ; "}, {"metrics", ""}}) +
                                row({{"close_date", "2026-02-30"}, {"account", "Initech"}}),
                            only_owner);
  REQUIRE(got.size() == 3);
  REQUIRE(got[0].deal);
  opportunity expected = base_deal();
  expected.account = "*";
  expected.segment = "*";
  expected.next_step = next_step{"*", 2026y / March / 15d, "*"};
  expected.meddpicc = {.metrics = "*",
                       .economic_buyer = "*",
                       .decision_criteria = "*",
                       .decision_process = "*",
                       .identify_pain = "*",
                       .champion = "*",
                       .paper_process = "*",
                       .competition = "*"};
  expected.competitors = {"*"};  // one mark for two names
  CHECK(shown{*got[0].deal} == shown{expected});
  REQUIRE(got[1].deal);
  CHECK(got[1].deal->account.empty());
  CHECK(got[1].deal->segment.empty());
  CHECK(got[1].deal->competitors.empty());  // only separators: no name
  CHECK(got[1].deal->meddpicc.metrics.empty());
  CHECK(got[1].deal->meddpicc.competition == "*");  // " ; " is not blank text
  CHECK(got[1].deal->owner == "Dana Reyes");
  // A bad row is refused just as when everything is copied.
  REQUIRE(got[2].fault);
  CHECK(got[2].fault->code == read_all(std::string(header) + row({{"close_date", "2026-02-30"}}))[0].fault->code);

  // Everything copied (the default) keeps the text.
  const auto all = read_all(std::string(header) + row());
  REQUIRE(all[0].deal);
  CHECK(all[0].deal->competitors == std::vector<std::string>{"Globex", "Initech"});
}

// Cells the reader takes on its quick path (plain digits) and cells it leaves to the
// general parsers, side by side: both give the values worked out here, and the same
// errors.
TEST_CASE("import: amounts, discounts, dates and ratings near the quick path's edges") {
  struct amount_case {
    std::string_view text, currency;
    std::int64_t minor_units;  // -1: refused
  };
  const std::vector<amount_case> amounts{
      {"0", "USD", 0},
      {"5", "USD", 500},
      {"1234.5", "USD", 123'450},
      {"1234.56", "USD", 123'456},
      {"1.500", "USD", 150},  // a trailing zero past the cents is still 1.50
      {"1.505", "USD", -1},
      {"0001.10", "USD", 110},
      {"999999999999999.99", "USD", 99'999'999'999'999'999},
      {"9999999999999999.99", "USD", 999'999'999'999'999'999},  // 18 digits: the quick path's longest
      {"99999999999999999.99", "USD", -1},                        // 19: the general path, too large
      {"99999999999999999999", "USD", -1},
      {"99999999999999.9999", "CLF", 999'999'999'999'999'999},   // four decimals: 14 whole digits
      {"999999999999999.9999", "CLF", -1},
      {"92233720368547758.08", "USD", -1},                       // 2^63 cents
      {"1200", "JPY", 1200},
      {"1200.0", "JPY", 1200},
      {"1200.5", "JPY", -1},
      {"1.234", "BHD", 1234},
      {"12.", "USD", -1},
      {".5", "USD", -1},
      {"1.2.3", "USD", -1},
      {"-0", "USD", 0},
      {"-1", "USD", -1},
  };
  for (const auto& c : amounts) {
    CAPTURE(c.text);
    const auto got = read_all(std::string(header) + row({{"amount", c.text}, {"currency", c.currency}}));
    REQUIRE(got.size() == 1);
    if (c.minor_units < 0) {
      REQUIRE(got[0].fault);
      CHECK(got[0].fault->where == "/amount");
    } else {
      REQUIRE(got[0].deal);
      CHECK(got[0].deal->amount.minor_units() == c.minor_units);
      CHECK(got[0].deal->amount.currency().code() == c.currency);
    }
  }

  const std::vector<std::pair<std::string_view, std::int64_t>> discounts{
      {"0", 0},     {"0.0", 0},   {"0.5", 50},    {"12.25", 1225}, {"100", 10'000}, {"100.00", 10'000},
      {"99999999999999999999999", -1},
      {"100.01", -1}, {"12.345", -1}, {"12.340", 1234}, {"1000", -1}, {"12.", -1},    {"12%", 1200}};
  for (const auto& [text, basis_points] : discounts) {
    CAPTURE(text);
    const auto got = read_all(std::string(header) + row({{"discount_pct", text}}));
    REQUIRE(got.size() == 1);
    if (basis_points < 0) {
      REQUIRE(got[0].fault);
      CHECK(got[0].fault->where == "/requested_discount");
    } else {
      REQUIRE(got[0].deal);
      CHECK(got[0].deal->requested_discount.basis_points() == basis_points);
    }
  }

  for (const std::string_view text : {"2026-02-29", "1900-02-29", "2026-04-31", "2026-12-32", "2026-12-00",
                                      "0000-01-01", "2026-13-01", "2026-1-01", "2026-00-10", "2026-0a-10",
                                      "2026/01/10", "20260-1-10"}) {
    CAPTURE(text);
    const auto got = read_all(std::string(header) + row({{"close_date", text}}));
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].fault);
    CHECK(got[0].fault->where == "/close_date");
  }
  const auto leap = read_all(std::string(header) + row({{"close_date", "2024-02-29"}, {"created_date", "0001-01-01"},
                                                        {"last_activity_date", "2000-02-29"},
                                                        {"closed_date", "9999-12-31"}, {"outcome", ""}}));
  REQUIRE(leap[0].deal);
  CHECK(leap[0].deal->close_date == 2024y / February / 29d);
  CHECK(leap[0].deal->created_date == 1y / January / 1d);
  CHECK(leap[0].deal->last_activity_date == 2000y / February / 29d);
  CHECK(leap[0].deal->closed_date == 9999y / December / 31d);

  for (const std::string_view text : {"0", "6", "05", "4.0", "+3"}) {
    CAPTURE(text);
    const auto got = read_all(std::string(header) + row({{"budget", text}}));
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].fault);
    CHECK(got[0].fault->where == "/ratings/budget");
  }
  const auto rated = read_all(std::string(header) + row({{"budget", " 1 "}, {"need", ""}}));
  REQUIRE(rated[0].deal);
  CHECK(rated[0].deal->ratings.budget.value() == 1);
  CHECK_FALSE(rated[0].deal->ratings.need.is_rated());
}

TEST_CASE("import: a bad row's error has the deal's field as a pointer, the deal's id and its row") {
  // Row 1 is good, row 2 has a bad rating, row 3 a bad stage in another case than the
  // policy's (that is no error: names match ignoring case), row 4 is not a row at all.
  const std::string text = std::string(header) + row() + row({{"id", "OPP-2"}, {"budget", "7"}}) +
                           row({{"id", "OPP-3"}, {"stage", "NEGOTIATION"}}) + "OPP-4,Acme\n" +
                           row({{"id", "OPP-5"}, {"currency", "USX"}});
  const auto got = read_all(text);
  REQUIRE(got.size() == 5);
  REQUIRE(got[1].fault);
  CHECK(shown{*got[1].fault} ==
        shown{error{errc::out_of_range, "/ratings/budget", "rating 7 is outside 1-5", 3, 16, "OPP-2", 2}});
  REQUIRE(got[2].deal);
  CHECK(got[2].deal->stage == "Negotiation");  // the policy's spelling
  REQUIRE(got[3].fault);
  CHECK(got[3].fault->row == 4);
  CHECK(got[3].fault->where == "/owner");  // the record ends before the owner's field, 3 of 34
  CHECK(got[3].fault->deal_id.empty());     // a record that is no row names no deal
  REQUIRE(got[4].fault);
  CHECK(shown{*got[4].fault} ==
        shown{error{errc::unknown_currency, "/amount", "'USX' is not an ISO 4217 currency code", 6, 5, "OPP-5", 5}});
  for (const auto& e : got)
    if (e.fault) CHECK(e.fault->where.starts_with('/'));
  CHECK(to_string(*got[1].fault) == "line 3, column 16 (/ratings/budget): deal 'OPP-2': rating 7 is outside 1-5");

  // JSON Lines: the same places, the key's number as the column.
  const auto lines = read_all(
      "{\"id\": \"J-1\", \"amount\": \"5\", \"currency\": \"USD\", \"stage\": \"prospect\"}\n"
      "{\"id\": \"J-2\", \"amount\": \"5\", \"currency\": \"USD\", \"stage\": \"Prospect\", \"contacts\": \"x\"}\n",
      {.format = io::input_format::json_lines});
  REQUIRE(lines.size() == 2);
  REQUIRE(lines[0].deal);
  CHECK(lines[0].deal->stage == "Prospect");
  REQUIRE(lines[1].fault);
  CHECK(lines[1].fault->where == "/contact_count");
  CHECK(lines[1].fault->deal_id == "J-2");
  CHECK(lines[1].fault->row == 2);
  CHECK(lines[1].fault->column == 5);
}

TEST_CASE("import: a column map's stage that the policy lacks is placed at its escaped key") {
  const auto map = io::parse_column_map(R"({"stages": {"Won/Closed~1": "Closed Wonn"}})");
  REQUIRE(map);
  const error e = open_error(std::string(header), {.map = *map});
  CHECK(e.code == errc::unknown_name);
  CHECK(e.where == "/stages/Won~1Closed~01");
  // Another case than the policy's is the policy's stage.
  const auto cased = io::parse_column_map(R"({"stages": {"Won": "closed won"}})");
  REQUIRE(cased);
  const auto got = read_all(std::string(header) +
                                row({{"stage", "Won"}, {"outcome", ""}, {"probability", ""}, {"forecast_category", ""}}),
                            {.map = *cased});
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].deal);
  CHECK(got[0].deal->stage == "Closed Won");
}

TEST_CASE("import: columns of the custom fields the sales process declares are read in their types") {
  policy with;
  with.process.fields = {{"region", field_type::text}, {"seats", field_type::number},
                         {"security_review", field_type::boolean}, {"renewal_date", field_type::date}};
  const auto p = validate(std::move(with));
  REQUIRE(p);
  // "Region" matches ignoring case; "Security Review" through the column map; "Partner" is
  // declared nowhere and stays ignored, as unknown columns do.
  const std::string text = "id,amount,currency,stage,Region,seats,Security Review,renewal_date,Partner\n"
                           "OPP-1,1000,USD,Discovery,EMEA,120,yes,2027-01-31,Globex\n"
                           "OPP-2,2000,USD,Discovery,, 15.5 ,,,\n"
                           "OPP-3,3000,USD,Discovery,APAC,many,no,,\n"
                           "OPP-4,4000,USD,Discovery,APAC,1,no,2027-02-30,\n";
  import_options o;
  o.map.columns = {{"Security Review", "security_review"}};
  std::istringstream in(text);
  const auto r = import_opportunities(in, *p, o);
  REQUIRE(r);
  REQUIRE(r->deals.size() == 2);
  CHECK(r->deals[0].fields == custom_fields{{"region", std::string("EMEA")},
                                            {"seats", number::from_whole(120)},
                                            {"security_review", true},
                                            {"renewal_date", date{2027y / January / 31d}}});
  // Blank cells leave a field unset; nothing of the row before stays.
  CHECK(r->deals[1].fields == custom_fields{{"seats", number::from_millionths(15'500'000)}});
  CHECK(r->ignored_columns == std::vector<std::string>{"Partner"});
  REQUIRE(r->skipped.size() == 2);
  CHECK(r->skipped[0].where == "/fields/seats");
  CHECK(r->skipped[0].line == 4);
  CHECK(r->skipped[0].column == 6);
  CHECK(r->skipped[0].deal_id == "OPP-3");
  CHECK(r->skipped[0].message == "'many' is not a number such as 12.5");
  CHECK(r->skipped[1].where == "/fields/renewal_date");
  CHECK(r->skipped[1].code == errc::out_of_range);
  CHECK(r->skipped[1].column == 8);

  // Two columns for one field: refused at the header.
  std::istringstream twice("id,amount,currency,stage,region,REGION\n");
  const auto dup = import_opportunities(twice, *p);
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == errc::duplicate);
  CHECK(dup.error().where == "/fields/region");
  CHECK(dup.error().column == 6);
  // A map may rename to a declared field, but not to a name that is neither ours nor declared.
  import_options typo;
  typo.map.columns = {{"Territory", "regoin"}};
  std::istringstream any("id,amount,currency,stage\n");
  const auto bad_map = import_opportunities(any, *p, typo);
  REQUIRE_FALSE(bad_map);
  CHECK(bad_map.error().where == "/columns/Territory");

  // JSON Lines: the same names as keys.
  import_options lines;
  lines.format = input_format::json_lines;
  std::istringstream json(R"({"id": "J-1", "amount": "10.00", "currency": "EUR", "stage": "Discovery", "seats": "7", "region": "LATAM"})"
                          "\n"
                          R"({"id": "J-2", "amount": "10.00", "currency": "EUR", "stage": "Discovery", "security_review": "perhaps"})"
                          "\n");
  const auto j = import_opportunities(json, *p, lines);
  REQUIRE(j);
  REQUIRE(j->deals.size() == 1);
  CHECK(j->deals[0].fields == custom_fields{{"region", std::string("LATAM")}, {"seats", number::from_whole(7)}});
  REQUIRE(j->skipped.size() == 1);
  CHECK(j->skipped[0].where == "/fields/security_review");
  CHECK(j->skipped[0].column == 5);
}

TEST_CASE("import: what an export carries follows its columns, never milestones, BANT or the profile") {
  const auto carried_by = [](const std::string& text, io::import_options options = {}) {
    std::istringstream in(text);
    const auto all = io::import_opportunities(in, seed_policy(), options);
    REQUIRE_MESSAGE(all.has_value(), to_string(all.error()));
    return all->carried;
  };
  using d = deal_data;
  // The bare minimum: nothing a rule could judge beyond the deal's own fields.
  CHECK(carried_by("id,amount,currency,stage,close_date,created_date\n"
                   "OPP-1,100,USD,Prospect,2026-06-30,2026-03-01\n")
            .empty());
  // One rating column carries the scorecard, one MEDDPICC column the framework's fields.
  CHECK(carried_by("id,amount,currency,stage,close_date,created_date,budget,metrics,contacts,loss_reason\n"
                   "OPP-1,100,USD,Prospect,2026-06-30,2026-03-01,3,Cut costs,4,\n") ==
        enum_set<d>{d::ratings, d::meddpicc, d::contacts, d::loss_reason});
  // JSON Lines: the keys met so far.
  CHECK(carried_by(R"({"id": "A", "amount": 1, "currency": "USD", "stage": "Prospect", "close_date": "2026-06-30", "created_date": "2026-03-01"})"
                   "\n"
                   R"({"id": "B", "amount": 1, "currency": "USD", "stage": "Prospect", "close_date": "2026-06-30", "created_date": "2026-03-01", "champion": 4})"
                   "\n",
                   {.format = io::input_format::json_lines}) == enum_set<d>{d::ratings});
}

// --- rows of cells --------------------------------------------------------------------

TEST_CASE("import: rows of cells read as the same CSV's records do") {
  const auto names = io::opportunity_columns();
  const std::vector<std::string_view> columns(names.begin(), names.begin() + base_cells.size());
  auto reader = io::opportunity_reader::for_rows(columns, seed_policy());
  REQUIRE_MESSAGE(reader.has_value(), to_string(reader.error()));
  CHECK(reader->carried() == io::export_can_carry);  // the same columns as the CSV header
  opportunity deal;
  REQUIRE(reader->next(base_cells, deal).has_value());
  CHECK(deal == base_deal());

  // The same as a CSV file gives: a second row with a cell changed.
  auto second = base_cells;
  second[0] = "OPP-2";
  second[3] = "2500.50";  // 250,050 cents
  second[6] = "";          // the stage's 60%
  REQUIRE(reader->next(second, deal).has_value());
  CHECK(deal.id == "OPP-2");
  CHECK(deal.amount == money(250'050, currency{"USD"}));
  CHECK(!deal.probability_override.has_value());

  // A bad cell: the deal's field, the column, the row; line 0 (no file); skipped.
  auto bad = base_cells;
  bad[0] = "OPP-3";
  bad[3] = "12.345";
  auto e = reader->next(bad, deal);
  REQUIRE(!e.has_value());
  CHECK(e.error().where == "/amount");
  CHECK(e.error().column == 4);
  CHECK(e.error().row == 3);
  CHECK(e.error().line == 0);
  CHECK(e.error().deal_id == "OPP-3");
  CHECK(to_string(e.error()).starts_with("row 3 (/amount): deal 'OPP-3': "));

  // Cells that do not match the columns in number; an id given twice.
  e = reader->next(std::span(base_cells).first(5), deal);
  REQUIRE(!e.has_value());
  CHECK(e.error().code == errc::syntax);
  CHECK(e.error().row == 4);
  e = reader->next(base_cells, deal);
  REQUIRE(!e.has_value());
  CHECK(e.error().code == errc::duplicate);
  CHECK(e.error().message == "duplicate id 'OPP-1', first in row 1");
  CHECK(reader->rows() == 5);
  CHECK(reader->skipped() == 3);
  // The stream's next() has nothing to read.
  auto end = reader->next(deal);
  REQUIRE(end.has_value());
  CHECK(!*end);
}

TEST_CASE("import: rows of cells take the column map, and refuse what open() refuses") {
  // Their names, renamed by the map; a custom order; a missing currency from the map.
  io::import_options options;
  options.map.columns = {{"Opportunity ID", "id"}, {"Value", "amount"}, {"Phase", "stage"}};
  options.map.stages = {{"Qualify", "Discovery"}};
  options.map.currency = currency{"EUR"};
  const std::array<std::string_view, 5> columns{"Phase", "Value", "Opportunity ID", "Close", "close_date"};
  auto reader = io::opportunity_reader::for_rows(columns, seed_policy(), options);
  REQUIRE_MESSAGE(reader.has_value(), to_string(reader.error()));
  CHECK(reader->ignored_columns() == std::vector<std::string>{"Close"});
  opportunity deal;
  const std::array<std::string_view, 5> cells{"Qualify", "1234.50", "D-1", "x", "2026-12-01"};
  REQUIRE(reader->next(cells, deal).has_value());
  CHECK(deal.stage == "Discovery");
  CHECK(deal.amount == money(123'450, currency{"EUR"}));  // 1234.50 EUR in cents
  CHECK(deal.close_date == 2026y / December / 1d);

  // No stage column; a column read twice; JSON Lines; a stream reader given cells.
  const std::array<std::string_view, 2> no_stage{"id", "amount"};
  auto missing = io::opportunity_reader::for_rows(no_stage, seed_policy());
  REQUIRE(!missing.has_value());
  CHECK(missing.error().where == "/stage");
  CHECK(missing.error().line == 0);
  const std::array<std::string_view, 4> twice{"id", "amount", "stage", "ID"};
  auto duplicated = io::opportunity_reader::for_rows(twice, seed_policy(), options);
  REQUIRE(!duplicated.has_value());
  CHECK(duplicated.error().code == errc::duplicate);
  io::import_options lines;
  lines.format = io::input_format::json_lines;
  auto json = io::opportunity_reader::for_rows(columns, seed_policy(), lines);
  REQUIRE(!json.has_value());
  CHECK(json.error().where == "/format");
  std::istringstream in{std::string(header) + row()};
  auto stream = io::opportunity_reader::open(in, seed_policy());
  REQUIRE(stream.has_value());
  auto refused = stream->next(base_cells, deal);
  REQUIRE(!refused.has_value());
  CHECK(refused.error().code == errc::inconsistent);
}
