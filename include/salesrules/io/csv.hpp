// SPDX-License-Identifier: BSL-1.0
// salesrules/io/csv.hpp - a streaming RFC 4180 CSV reader, its header row, and a tiny writer.
//
// Part of salesrules::io (compiled; link salesrules::io). This is the bottom layer of
// the opportunity import: it turns bytes into records of fields and says exactly where
// a file breaks the format. It knows nothing about opportunities.
//
// What it accepts:
// - Fields separated by commas (or csv_options::delimiter); a field may be quoted, and a
//   quoted field may hold delimiters, line breaks (LF or CRLF, kept as they are) and quotes written twice ("").
// - Records ended by LF or CRLF; the last record may have no line end.
// - A UTF-8 byte-order mark at the very start of the input, which is dropped.
// - Any other bytes, passed through unchecked (UTF-8 is not validated), except:
//
// What it rejects, each as an error with a line and a column:
// - a quote inside an unquoted field, and text between a closing quote and the next
//   comma or line end;
// - a carriage return that is not followed by a line feed, outside quotes;
// - a NUL byte anywhere (CSV is text; NULs usually mean UTF-16 or a binary file);
// - a quoted field still open at the end of the input (the error names the line it
//   opened on);
// - a record longer than csv_options::max_record_bytes (1 MiB unless set), counted from
//   its first byte to its line end. The reader stops reading at the limit, so a 1 GB
//   line fails after about 1 MiB and the reader's memory stays near that size.
//
// Places: `line` is the 1-based physical line of the input (a record spanning lines
// starts on one line and ends on another; blank lines count). For a record, it is the
// line the record starts on. For an error, it is the line of the offending byte, except
// that an unclosed quote is reported on the line where it opened and an overlong record
// on the line where it starts. `column` is the 1-based number of the field, not a byte
// offset. Reader errors leave `where` empty for the caller to place:
// csv_header::with_column_name places one at the field in the record read as an object
// keyed by the header's names ("/Close Date", "/a~1b" for a column named "a/b"); the
// opportunity import places it at the deal field the column feeds instead.
//
// Blank lines (nothing between two line ends) are skipped by default; their lines
// still count. With skip_blank_lines = false each is a record of one empty field,
// which is what RFC 4180 strictly says it is. A line holding only spaces is not blank.
//
// Resuming after an error. next() returns the error of a malformed record and, on the
// following call, goes on with the input after it:
// - after a malformed record whose quotes balance (a stray quote, text after a closing
//   quote, a lone CR, a NUL), at the next line end outside quotes, reading the rest of
//   the record leniently: a quote opens a quoted section only at the start of a field,
//   and stray quotes, CRs and NULs are taken as data. A multi-line quoted field later
//   in the same record is therefore skipped whole, not split into bogus records;
// - after a quoted field that never closes (at the end of the input, or still open at
//   the length limit), at the start of the line after the one the quote opened on.
//   Such a quote would otherwise swallow every record after it, so the reader gives
//   those lines back; if the field was merely very long, its inner lines come back as
//   records (and are usually rejected by whoever checks the column count);
// - after an overlong record outside quotes, at the next line end, reading and
//   discarding in chunks (constant memory);
// - after a failed stream read, nowhere: the input ends there.
// Every resumption point lies strictly after the start of the bad record, so a loop
// that skips errors always finishes.
//
// Memory: a stream is read in chunks of csv_options::chunk_bytes (64 KiB unless set),
// more at once only while a single record outgrows a chunk. The buffer, the field list
// and the scratch space for unescaped quoted fields are reused, so once they have grown
// to fit the largest record, reading allocates nothing per record.
#ifndef SALESRULES_IO_CSV_HPP
#define SALESRULES_IO_CSV_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/export.hpp>

#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// How a csv_reader reads. The defaults suit the opportunity import.
struct csv_options {
  std::size_t max_record_bytes = std::size_t{1} << 20;  // a longer record is an error
  std::size_t chunk_bytes = std::size_t{1} << 16;       // bytes asked of a stream at a time (0 reads 1)
  bool skip_blank_lines = true;                         // false: a blank line is a record of one ""
  char delimiter = ',';  // between fields: ';' for European spreadsheets, '\t' for "Unicode text"
  // The line the input starts on: 1 for a whole file (whose byte-order mark is then
  // dropped), later for a part of one read on its own.
  std::uint64_t first_line = 1;
};

// Whether `c` can separate fields: any byte but a quote, CR, LF or NUL (a reader
// given one of those fails its first next() with this error).
[[nodiscard]] std::optional<error> check_delimiter(char c) noexcept;
// "comma", "semicolon", "tab", "vertical bar", or "delimiter", for messages.
[[nodiscard]] std::string_view delimiter_name(char c) noexcept;
// A delimiter as a person writes it: one character, or "tab" (also "\t").
[[nodiscard]] expected<char, error> parse_delimiter(std::string_view text,
                                                    std::string_view where = "") noexcept;

// One record: its fields and where it starts. The views point into the reader (its
// buffer, or the caller's text, or its scratch space for fields with doubled quotes)
// and stay valid until the reader's next call to next().
struct csv_record {
  std::span<const std::string_view> fields;
  std::uint64_t line = 0;  // 1-based physical line the record starts on

  [[nodiscard]] std::size_t size() const noexcept { return fields.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return fields[i]; }
};

// Reads records one at a time from a stream (in chunks) or from text in memory.
class csv_reader {
 public:
  // Reads from `in`, which must outlive the reader. Stream failures become errors.
  explicit csv_reader(std::istream& in, csv_options options = {}) noexcept;
  // Reads `text`, which must outlive the reader; unquoted fields point into it.
  explicit csv_reader(std::string_view text, csv_options options = {}) noexcept;

  csv_reader(csv_reader&&) noexcept;
  csv_reader& operator=(csv_reader&&) noexcept;
  ~csv_reader();

  // The next record: true when record() holds it, false at the end of the input. An
  // error describes a malformed record; the next call resumes after it (see above).
  [[nodiscard]] expected<bool, error> next() noexcept;

  // The record found by the last call to next() that returned true; empty otherwise.
  [[nodiscard]] const csv_record& record() const noexcept;

  // Bytes of input consumed so far, the byte-order mark included: for progress lines.
  [[nodiscard]] std::uint64_t offset() const noexcept;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

// How csv_header::index_of compares names.
enum class column_match : std::uint8_t {
  exact,             // byte for byte
  ignore_ascii_case  // "Amount" finds "amount"; other bytes compare exactly
};
BOOST_DESCRIBE_ENUM(column_match, exact, ignore_ascii_case)

// The column names of a CSV input, from its first record.
class csv_header {
 public:
  csv_header() = default;

  // The names of `record`, as they are (no trimming). Fails with errc::duplicate when a
  // non-empty name appears twice, naming it and both columns.
  [[nodiscard]] static expected<csv_header, error> from(const csv_record& record) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] std::string_view name(std::size_t index) const noexcept;  // 0-based; "" past the end
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }

  // The 0-based index of the column called `name`. Fails with errc::unknown_name when no
  // column matches (pointing out a name that differs only in case), and with
  // errc::duplicate when several match ignoring case.
  [[nodiscard]] expected<std::size_t, error> index_of(std::string_view name,
                                                      column_match match = column_match::exact) const noexcept;

  // `e` with `where` set to the pointer of its column ("/" and the escaped name), when
  // it has a column and no `where`.
  [[nodiscard]] error with_column_name(error e) const noexcept;

 private:
  std::vector<std::string> names_;
  std::uint64_t line_ = 0;
};

// Reads the next record of `reader` as the header. Fails on a malformed first record
// (the reader's error) and on an empty input.
[[nodiscard]] expected<csv_header, error> read_csv_header(csv_reader& reader) noexcept;

// Appends `field` to `out` as RFC 4180 wants it: as it is, or in quotes with its quotes
// doubled when it holds a comma, a quote, a CR or a LF, or starts with a UTF-8
// byte-order mark (which a reader would drop). A NUL cannot be written readably.
void write_csv_field(std::string& out, std::string_view field) noexcept;

// Appends `fields` separated by commas, then a LF. A record of one empty field is
// written as "" so that it does not read back as a blank line; a record of no fields
// is a blank line and does not read back at all.
void write_csv_record(std::string& out, std::span<const std::string_view> fields) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_CSV_HPP
