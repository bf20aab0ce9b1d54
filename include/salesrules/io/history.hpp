// SPDX-License-Identifier: BSL-1.0
// salesrules/io/history.hpp - deals' stage and close-date history from a CRM's history
// export, joined to the deals by id.
//
// Part of salesrules::io (compiled; link salesrules::io). The opportunity CSV has one
// row a deal and no history; CRMs export the history apart, in one of two shapes:
//
//   rows    one row a change of the deal, each the deal as it stood after it
//           (Salesforce's OpportunityHistory, or its Opportunity History report):
//             OpportunityId,StageName,Amount,CloseDate,Probability,ForecastCategory,CreatedDate
//             006A1,Discovery,120000,2026-03-31,20,Pipeline,2026-01-05T14:02:11.000+0000
//           A row whose stage differs from the deal's row before enters that stage; a
//           row whose close date differs moves the close date (from the one before).
//   changes one row a change of one field (Pipedrive's deal changes log, and most
//           others' "deal updates" exports):
//             deal_id,field_key,old_value,new_value,log_time
//             318,stage_id,Discovery,Demo/Evaluation,2026-02-11 09:30:00
//           The fields stage (also stage_id, stagename, dealstage) and close_date (also
//           closedate, expected_close_date) are read; rows of other fields are counted
//           and passed over, but for status (Pipedrive keeps won and lost apart from
//           the stages): won or lost, or a word the map's outcomes rename to one,
//           enters the process's first stage of that kind. The first stage change's old
//           value, when it names a stage, is the stage the deal was created in (entered
//           on its created_date).
//
// The shape is told by the columns: field and new_value make it `changes`. Our names
// for the columns, and the names we know them by without a column map (compared
// ignoring case, spaces and underscores; a map's renames come first):
//   id          OpportunityId, Opportunity ID, deal_id, Deal ID, item_id; Id when none
//               of those is there (Salesforce's own export has the row's Id beside
//               OpportunityId)
//   stage       StageName, Stage
//   close_date  CloseDate
//   changed_at  CreatedDate, Edit Date, log_time, Update time, time, timestamp
//   field       field_key
//   old_value, new_value
// id and changed_at are required, and stage or close_date (rows), field and new_value
// (changes). Other columns (Amount, Probability...) are listed as ignored.
//
// Values: stages go through the map's stage renames and must be stages of the policy's
// process (the stage ids of Pipedrive are mapped to names this way: "3" -> "Discovery");
// dates are read in the map's or the options' date format; changed_at is a date or a
// date and time (parse_export_timestamp), whose date is taken at options.utc_offset.
//
// Errors, each for one row, which is skipped while the rest are kept: a malformed
// record, a blank id, a stage the policy does not have, a bad date or time, and time
// going backwards (a deal's row dated before its row above: a deal's rows must run
// oldest first, as the CRMs export them; a date without a time is its whole day, so it
// is before a timed change only on an earlier day), a history of 2^32 changes. Each has the line, the 1-based column, as
// `where` the pointer of the history file's column ("/StageName"), and the deal's id.
// After the deals are read, unmatched() gives an error for each deal of the history
// that the deals export does not have, at the line of its first row.
#ifndef SALESRULES_IO_HISTORY_HPP
#define SALESRULES_IO_HISTORY_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/csv.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/export_format.hpp>
#include <salesrules/io/import.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>

#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// What a history export holds a row: a deal's state after a change, or one field's change.
enum class history_shape : std::uint8_t { rows, changes };
BOOST_DESCRIBE_ENUM(history_shape, rows, changes)

// How to read a history export.
struct history_options {
  column_map map;  // columns renamed to ours (above), stages renamed, the delimiter and date format
  csv_options csv;
  date_format dates;               // unless the map sets one
  std::int32_t utc_offset = 0;     // minutes east of UTC at which a time's date is taken; within 14 hours
  bool strict = false;             // the first bad row ends the read
  std::size_t errors_kept = 100;   // the errors of the first so many bad rows are kept
};

// The histories read, by deal id. Filling deals from it is safe from several threads
// at once (import_file's parts do).
class deal_histories {
 public:
  deal_histories();
  deal_histories(deal_histories&&) noexcept;
  deal_histories& operator=(deal_histories&&) noexcept;
  ~deal_histories();

  // Sets `deal`'s stage_history and close_date_history from its history, when the
  // history has its id (true), and marks the id as met. A deal without one keeps its own.
  // Stage names are the policy's spelling. The created stage of a change log is entered
  // on the deal's created_date, when that is set and not after the first change.
  // The entries are assigned over the deal's own, so a reused deal allocates nothing
  // once its lists and strings have grown to fit (running out of memory here
  // terminates, as it does in a deal's import).
  bool fill(opportunity& deal) const noexcept;
  // Marks `id` as met without a deal to fill (a bad row of the deals export: its
  // history is then not reported as a deal the export lacks).
  void meet(std::string_view id) const noexcept;

  [[nodiscard]] std::size_t deals() const noexcept;        // ids with a history
  [[nodiscard]] std::uint64_t changes() const noexcept;    // stage entries and close-date moves kept
  // An error for every id with a history that no fill() met, at its first row (line,
  // id column and its pointer), in file order: the first `keep` of them, and how many
  // there are.
  [[nodiscard]] std::vector<error> unmatched(std::size_t keep, std::uint64_t& count) const;

 private:
  struct state;
  friend struct history_access;
  std::unique_ptr<state> state_;
};

// What read_history saw.
struct history_import {
  deal_histories histories;
  history_shape shape = history_shape::rows;
  std::uint64_t rows = 0;        // good and bad (not the header)
  std::uint64_t skipped = 0;     // bad rows
  std::uint64_t other_fields = 0;  // change-log rows of fields we do not read
  std::vector<error> errors;     // the first errors_kept bad rows', in file order
  std::vector<std::string> ignored_columns;
};

// Reads a history export. Fails on a header without the columns its shape needs (or
// with one of ours twice), a map renaming a stage to one the policy lacks, a UTC
// offset past 14 hours ("/utc_offset"), a stream failure, running out of memory
// (errc::no_memory), and under `strict` on the first bad row.
[[nodiscard]] expected<history_import, error> read_history(std::istream& in, const validated_policy& policy,
                                                         const history_options& options = {}) noexcept;

// The same from a file (errc::missing when it cannot be opened).
[[nodiscard]] expected<history_import, error> read_history_file(const std::string& file,
                                                              const validated_policy& policy,
                                                              const history_options& options = {}) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_HISTORY_HPP
