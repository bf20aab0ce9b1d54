// SPDX-License-Identifier: BSL-1.0
// salesrules/io/import.hpp - opportunities from a CRM export: CSV or JSON Lines.
//
// Part of salesrules::io (compiled; link salesrules::io). Reads the opportunity CSV of
// the design brief (one header row, then one deal a row), or JSON Lines with the same
// names as keys, and turns each row into an `opportunity` checked against a policy.
// A host's export names things its own way; a column_map renames its columns, stage
// names and outcome words to ours.
//
// Reading is a pull loop over one reused opportunity, so a file of any size is read
// in memory that does not grow with it but for the ids it keeps to refuse a deal
// given twice (see import_options):
//
//   auto reader = io::opportunity_reader::open(file, policy);   // reads the header
//   if (!reader) return report(reader.error());                   // a missing column...
//   opportunity deal;
//   for (;;) {
//     auto got = reader->next(deal);
//     if (!got) { report(got.error()); if (reader->failed()) break; continue; }  // a bad row
//     if (!*got) break;                                                          // the end
//     use(deal);
//   }
//
// The columns, and what each row must hold (a bad value is an error for that row: see
// opportunity_reader::next for where it is placed):
//   id                 required, not blank; kept as written; a second row with the
//                      same id is an error (import_options::refuse_duplicate_ids)
//   account, owner, segment, next_step, next_step_owner, loss_reason, and the
//   MEDDPICC text  metrics, economic_buyer, decision_criteria, decision_process,
//                  identify_pain, champion_name (-> meddpicc.champion), paper_process
//                      text, kept byte for byte
//   amount             required; an exact decimal in the row's currency, not negative
//   currency           an ISO 4217 code, any case; blank takes the column map's currency
//   stage              required; a stage of the policy's process after the map's
//                      renames (exactly, else ignoring ASCII case), matched as
//                      names.hpp says (ignoring ASCII case); the deal gets the
//                      policy's spelling
//   probability        0-100 ("60" or "60%"); an override only where it differs from
//                      the stage's probability
//   forecast_category  Upside, Pipeline, Best Case, Commit, Closed or Omitted (or
//                      best_case...), any case; an override ("set in the import") only
//                      where it differs from the category the rules give; Closed on an
//                      open deal is an error
//   close_date, created_date              YYYY-MM-DD; a blank cell is an error
//   last_activity_date, closed_date, next_step_date   YYYY-MM-DD or blank
//   contacts           a whole number (the engaged-contact count); blank is 0
//   budget, authority, need, timeline, champion, competition   ratings 1-5, blank
//                      for not rated
//   competitors        names separated by ';' (blanks around them dropped); the text
//                      as written also fills meddpicc.competition
//   discount_pct       the requested discount, 0-100%, at most two decimals; blank 0
//   outcome            open, won, lost or disqualified, any case, after the map's
//                      renames; blank takes the kind of the stage (a won stage gives
//                      won). An outcome that contradicts the stage is an error.
//   Date entered <stage> (<pipeline>), Date exited <stage> (<pipeline>)
//                      HubSpot's stage dates (CSV; the pipeline is optional; the stage
//                      goes through the map's stage renames): timestamps or dates
//                      (parse_export_timestamp, at import_options::utc_offset) that make
//                      the deal's stage_history, its stages in the order entered. A
//                      date for a stage the policy lacks (unrenamed) is an error, as is
//                      a stage exited before it was entered.
// Values other than text are read with blanks and tabs around them trimmed. A column
// the file does not have leaves its field at the opportunity's default (dates: an
// unset `date{}`); the fields no column feeds (contacts, BANT, milestones, profile,
// the close-date history, and the stage history but for HubSpot's columns) are reset
// on every row (file_import_options::history fills both histories from a history export). Columns the file has and we do not use are
// ignored and listed by ignored_columns().
//
// Column names match exactly after the map's renames, else ignoring ASCII case.
#ifndef SALESRULES_IO_IMPORT_HPP
#define SALESRULES_IO_IMPORT_HPP

#include <salesrules/deal_data.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/csv.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/export_format.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// What the input is: the opportunity CSV, or one JSON object a line with the same
// names as keys.
enum class input_format : std::uint8_t { csv, json_lines };
BOOST_DESCRIBE_ENUM(input_format, csv, json_lines)

// A name in a host's export and the name we use for the same thing.
struct name_mapping {
  std::string theirs;
  std::string ours;

  friend bool operator==(const name_mapping&, const name_mapping&) = default;
};
BOOST_DESCRIBE_STRUCT(name_mapping, (), (theirs, ours))

// A host's word for an outcome ("Won", "Closed - No Decision") and the outcome it means.
struct outcome_mapping {
  std::string theirs;
  deal_outcome ours = deal_outcome::open;

  friend bool operator==(const outcome_mapping&, const outcome_mapping&) = default;
};
BOOST_DESCRIBE_STRUCT(outcome_mapping, (), (theirs, ours))

// How a host's export maps onto ours. Every member may be left empty. A rename's
// `theirs` matches exactly, else ignoring ASCII case; an entry naming a column the
// file lacks is not an error (one map may serve several exports).
struct column_map {
  std::vector<name_mapping> columns;      // their column -> one of opportunity_columns()
  std::vector<name_mapping> stages;       // their stage -> a stage of the policy's process
  std::vector<outcome_mapping> outcomes;  // their outcome word -> ours
  salesrules::currency currency;          // for amounts without a currency; unset: none
  // How the export is written, where it is not the interchange form; each, when set,
  // takes the place of import_options' own (io/export_format.hpp).
  std::optional<char> delimiter;     // CSV: the byte between fields (';', '\t', '|')
  std::optional<date_format> dates;  // e.g. M/D/Y
  std::optional<bool> decimal_comma;  // CSV: 1.234,50 and 12,5%

  friend bool operator==(const column_map&, const column_map&) = default;
};
BOOST_DESCRIBE_STRUCT(column_map, (), (columns, stages, outcomes, currency, delimiter, dates, decimal_comma))

// The columns we read, in the interchange CSV's order: "id", "account", ... "loss_reason",
// "source", "recurring".
[[nodiscard]] std::span<const std::string_view> opportunity_columns() noexcept;

// A column map from JSON:
//   {"columns": {"Opportunity ID": "id", "Amount": "amount"},
//    "stages": {"Qualification": "Discovery"},
//    "outcomes": {"Won": "won"},
//    "currency": "USD",
//    "delimiter": ";", "date_format": "D.M.Y", "decimal_comma": true}
// Every key is optional. The delimiter is one character (or "tab"), not a quote or a
// line end. Errors name the JSON pointer of the bad entry: not JSON, an
// unknown key (with the nearest known one), a value of the wrong type, a column that
// is not one of ours, an outcome that is not open/won/lost/disqualified, an unknown
// currency. Stage names are checked against a policy when a reader opens.
[[nodiscard]] expected<column_map, error> parse_column_map(std::string_view json) noexcept;

// The free-text fields of a deal, for import_options::copied_text.
enum class free_text : std::uint8_t { account, owner, segment, next_step, meddpicc, competitors, loss_reason, source };
BOOST_DESCRIBE_ENUM(free_text, account, owner, segment, next_step, meddpicc, competitors, loss_reason, source)

// How to read an export.
struct import_options {
  column_map map;
  input_format format = input_format::csv;
  csv_options csv;  // the delimiter, record limit and chunk size; for JSON Lines, the line limit and chunk size
  date_format dates;           // how the export writes dates (io/export_format.hpp); ISO unless set
  bool decimal_comma = false;  // CSV: amounts and percentages with a decimal comma (1.234,50; 12,5%)
  // Minutes east of UTC at which the dates of timestamps are taken (HubSpot's "Date
  // entered" columns): see parse_export_timestamp. Within 14 hours; open() refuses
  // another ("/utc_offset").
  std::int32_t utc_offset = 0;
  // A good row whose id an earlier good row has is an error ("duplicate id 'OPP-1',
  // first on line 2") and skipped, so no deal counts twice. Ids compare byte for byte
  // (CRM ids are case-sensitive). The reader keeps every id it took: about 30 bytes a
  // row (30 MB for a million); false reads in constant memory and takes every row.
  bool refuse_duplicate_ids = true;
  // The free text copied into each deal: all of it unless the caller needs less. A
  // field left out is "" where the export leaves it blank and "*" where it holds text
  // (competitors: one "*" for any number of names), which is all the rules that only
  // ask whether it is filled in look at (hygiene's next step, MEDDPICC completion, a
  // lost deal naming a competitor), without copying it. The id is always copied, and
  // every field is checked as before, so the same rows are refused either way.
  enum_set<free_text> copied_text = enum_set<free_text>::all();
};
BOOST_DESCRIBE_STRUCT(import_options, (),
                      (map, format, csv, dates, decimal_comma, utc_offset, refuse_duplicate_ids, copied_text))

// Reads deals one at a time into the caller's opportunity: once its strings and lists
// have grown to fit, reading allocates nothing a row (bad rows aside, and custom
// fields: each row's are set afresh, so a field's name or text value longer than a
// string's inline buffer, 15 bytes here, is allocated again). Columns named as the
// custom deal fields the policy's sales process declares (or renamed to one by the
// map) are read into opportunity::fields in the declared types.
class opportunity_reader {
 public:
  // Starts reading `in` (which, like `policy`, must outlive the reader). For CSV it
  // reads the header. Fatal errors: a header that cannot be read, a column read twice
  // (two file columns that match one of ours) or a required column missing (id,
  // amount, stage; currency unless the map gives one), placed at the deal's field and
  // the header's line; a map renaming a column to one we do not have or a stage to one
  // the policy does not have, placed at the entry's pointer in the column map's JSON
  // form ("/stages/Qualification", as parse_column_map reads it); a delimiter or a
  // decimal comma asked of JSON Lines ("/format").
  [[nodiscard]] static expected<opportunity_reader, error> open(std::istream& in, const validated_policy& policy,
                                                              import_options options = {}) noexcept;

  // A reader of a later part of the same export, `in` starting where a record starts,
  // on line `first_line` of the whole: read with this reader's columns (no header is
  // read), map and settings. Both must outlive it. Fails for a UTF-16 input, whose
  // parts do not start where the bytes of the file say.
  [[nodiscard]] expected<opportunity_reader, error> part(std::istream& in, std::uint64_t first_line) const noexcept;

  opportunity_reader(opportunity_reader&&) noexcept;
  opportunity_reader& operator=(opportunity_reader&&) noexcept;
  ~opportunity_reader();

  // true: `out` holds the next good row, every field of it from that row. false: the
  // end of the input. An error: that row is bad and skipped (`out` may hold parts of
  // it, but no later good row keeps any of them), and the next call goes on after it; or the stream failed (failed() is then true, and
  // the next call returns false). A row error has the row's line; its 1-based row
  // among the records this reader read (good and bad; a part's reader counts from its
  // own start); the 1-based field number (CSV) or key number (JSON Lines) as `column`;
  // as `where`, the pointer of the deal's field that the bad value feeds ("/amount",
  // "/ratings/budget"; the currency column's is "/amount"), or "" when the record as a
  // whole is bad (a wrong number of fields, a line that is not JSON); the row's id as
  // `deal_id` when it has one; and a message naming the bad value.
  [[nodiscard]] expected<bool, error> next(opportunity& out) noexcept;

  // A reader of deals a host hands over as rows of cells rather than as text: a
  // database's rows, a data frame's columns. `columns` name the cells as a CSV
  // header names its fields, and are read with the same map and the same rules (a
  // column read twice, or no id, amount or stage column, are open()'s errors, with
  // line 0). Each row is then read by next(cells, out). `options.format` must be csv;
  // its delimiter and record limit play no part. Ids given twice are refused as in a
  // file.
  [[nodiscard]] static expected<opportunity_reader, error> for_rows(std::span<const std::string_view> columns,
                                                                  const validated_policy& policy,
                                                                  import_options options = {}) noexcept;

  // The next row of a reader made by for_rows: `cells` in the order of its columns,
  // each value as a CSV field holds it once unquoted ("" for a blank). `out` then
  // holds the deal, every field of it from this row; or the row is bad, counted and
  // skipped, and the error is next()'s for a row but with line 0 and the row's
  // 1-based number as `row`. A row whose cells do not match the columns in number is
  // such an error; a reader made by open() refuses every row.
  [[nodiscard]] expected<void, error> next(std::span<const std::string_view> cells, opportunity& out) noexcept;

  [[nodiscard]] std::uint64_t offset() const noexcept;   // bytes consumed, for progress lines
  [[nodiscard]] std::uint64_t rows() const noexcept;     // rows seen, good and bad (not the header)
  [[nodiscard]] std::uint64_t skipped() const noexcept;  // bad rows
  [[nodiscard]] bool failed() const noexcept;            // a stream failure ended the input early
  // The file's columns (JSON: keys met so far) that no column of ours takes, as written.
  [[nodiscard]] const std::vector<std::string>& ignored_columns() const noexcept;
  // The parts of a deal its columns (JSON: keys met so far) carry (deal_data.hpp):
  // ratings, MEDDPICC, contacts and the loss reason when a column of theirs is there,
  // the stage history with HubSpot's stage-date columns; never milestones, BANT's
  // answers or the account profile, which have no column. What a report's checks may
  // judge (pipeline_options::known).
  [[nodiscard]] enum_set<deal_data> carried() const noexcept;

 private:
  struct state;
  // A state with the options checked and the map prepared, before any input.
  static expected<std::unique_ptr<state>, error> prepared(const validated_policy& policy,
                                                          import_options options) noexcept;
  friend struct reader_access;  // import_file's use of a reader's ids (src/import.cpp)
  explicit opportunity_reader(std::unique_ptr<state> s) noexcept;
  std::unique_ptr<state> state_;
};

// What a deal from an export can carry with every column of ours present: never
// milestones, BANT's answers or the account profile, which no column has. What a
// report may judge of an export it cannot ask first (JSON Lines, whose keys are known
// only as records come, or a stream that cannot be read twice).
inline constexpr enum_set<deal_data> export_can_carry{deal_data::ratings, deal_data::meddpicc, deal_data::contacts,
                                                      deal_data::loss_reason};

// A whole export: its good deals in file order and the error of every bad row.
struct import_result {
  std::vector<opportunity> deals;
  std::vector<error> skipped;
  std::uint64_t rows = 0;                    // good and bad
  std::vector<std::string> ignored_columns;  // as opportunity_reader::ignored_columns()
  enum_set<deal_data> carried;               // as opportunity_reader::carried()
};
BOOST_DESCRIBE_STRUCT(import_result, (), (deals, skipped, rows, ignored_columns, carried))

// ---------------------------------------------------------------------------
// Reading a whole export, a file in parts at once.

// What an import hands its good deals to. import_file makes one sink for each part of
// a file it reads at once (each fed by one thread), then merges them in file order,
// so a sink whose merge is exact gives the same answer however many parts there were.
class deal_sink {
 public:
  deal_sink() = default;
  deal_sink(const deal_sink&) = delete;
  deal_sink& operator=(const deal_sink&) = delete;
  virtual ~deal_sink() = default;
  // One good deal of this sink's part, in file order. An error ends the import.
  [[nodiscard]] virtual expected<void, error> add(const opportunity& deal) noexcept = 0;
  // The deals of `later`, a sink of a part after this one's (made by the same factory),
  // taken in as if they had come after this part's own.
  [[nodiscard]] virtual expected<void, error> merge(deal_sink& later) noexcept = 0;
};

class deal_histories;  // io/history.hpp

// How import_file reads.
struct file_import_options {
  import_options import;
  // When set (it must outlive the import), each good deal gets its stage and close-date
  // history from here before a sink sees it (deal_histories::fill), and the id of every
  // row, good or bad, that gives one counts as met for deal_histories::unmatched() (a
  // record too malformed to give its id cannot).
  const deal_histories* history = nullptr;
  unsigned threads = 1;            // parts read at once; 0: one for each core
  bool strict = false;             // the first bad row, in file order, ends the import
  std::size_t errors_kept = 100;   // the errors of the first so many bad rows are kept
  std::uint64_t min_part_bytes = std::uint64_t{4} << 20;  // no part smaller than this
};

// What import_file saw.
struct file_import {
  std::uint64_t rows = 0;                    // good and bad
  std::uint64_t skipped = 0;                 // bad rows
  std::vector<error> errors;                 // the first errors_kept bad rows', in file order
  std::vector<std::string> ignored_columns;  // as opportunity_reader::ignored_columns()
  // As opportunity_reader::carried(), for every part; the stage history also when
  // options.history joined one.
  enum_set<deal_data> carried;
  unsigned parts = 1;                        // parts read at once
  unsigned parts_read_again = 0;             // parts read a second time (see import_file)
};

// Reads the export in `file`, handing its good deals to sinks from `make_sink` (called
// on the calling thread), and leaves their merge in `merged`. A regular file big enough
// to give each of options.threads parts min_part_bytes is read in that many parts at
// once, each by its own thread; anything else (a FIFO, a device, a small file, UTF-16)
// is read in one part. The answer is the same however many parts there are: rows,
// errors and sinks are merged in file order, lines are counted from the start of the
// file, and a duplicate id is refused at its later row whichever parts hold the two.
//
// A part starts after the line end found from its share of the file by counting quotes
// (an even count is outside quotes). Where a malformed file misleads the count, the
// part before it reads on past that point to the next part start it meets, and the
// misled part is not used; a part that repeats an id an earlier part took is read
// again knowing those ids. Both are counted in parts_read_again and cost time, never
// correctness. `progress(rows, bytes)`, when given, is called now and then on the
// calling thread with the rows and bytes read so far. Fails as import_opportunities
// does (a file that cannot be opened is errc::missing), on a sink's error, and under
// `strict` on the first bad row in file order. Errors' rows count from the start of
// the file whatever the part; a sink's error about the deal just read gets its row.
[[nodiscard]] expected<file_import, error> import_file(
    const std::string& file, const validated_policy& policy, const file_import_options& options,
    const std::function<std::unique_ptr<deal_sink>()>& make_sink, std::unique_ptr<deal_sink>& merged,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) noexcept;

// The same over a stream (standard input, say), in one part.
[[nodiscard]] expected<file_import, error> import_stream(
    std::istream& in, const validated_policy& policy, const file_import_options& options,
    const std::function<std::unique_ptr<deal_sink>()>& make_sink, std::unique_ptr<deal_sink>& merged,
    const std::function<void(std::uint64_t, std::uint64_t)>& progress = {}) noexcept;

// Reads all of `in`. Fails on what fails open(), on a stream failure, and, when
// `strict`, on the first bad row (its error).
[[nodiscard]] expected<import_result, error> import_opportunities(std::istream& in, const validated_policy& policy,
                                                                  const import_options& options = {},
                                                                  bool strict = false) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_IMPORT_HPP
