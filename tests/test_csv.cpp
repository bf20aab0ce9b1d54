// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/csv.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::string_view_literals;

namespace {

// What a reader yields, one record or error per entry.
struct lines : std::vector<std::string> {
  using vector::vector;
};

// A record as "line: [field][field]", an error as "error: " and its text.
std::string show(const csv_record& r) {
  std::string out = std::to_string(r.line) + ": ";
  for (std::string_view f : r.fields) {  // appended piece by piece: GCC 12 -O3 warns on "[" + s
    out += '[';
    out += f;
    out += ']';
  }
  return out;
}

// Everything a reader yields, records and errors, to the end of the input.
lines read_all(csv_reader& reader) {
  lines out;
  for (int guard = 0; guard < 100000; ++guard) {
    auto got = reader.next();
    if (!got.has_value()) {
      out.push_back("error: " + to_string(got.error()));
      continue;
    }
    if (!*got) return out;
    out.push_back(show(reader.record()));
  }
  out.push_back("the reader did not finish");
  return out;
}

lines read_text(std::string_view text, csv_options options = {}) {
  csv_reader reader(text, options);
  return read_all(reader);
}

lines read_stream(std::string_view text, csv_options options = {}) {
  std::istringstream in{std::string(text)};
  csv_reader reader(in, options);
  return read_all(reader);
}

// The same text read from memory, and from a stream in chunks of every size from
// 1 to 40 bytes, must give the same records and errors.
lines read_every_way(std::string_view text, csv_options options = {}) {
  const auto expected = read_text(text, options);
  for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
    options.chunk_bytes = chunk;
    CAPTURE(chunk);
    CHECK(read_stream(text, options) == expected);
  }
  return expected;
}


// Hands out `filler` bytes of 'x' and then `tail`, counting what it has handed out.
class generated_input : public std::streambuf {
 public:
  generated_input(std::size_t filler, std::string tail) : filler_(filler), tail_(std::move(tail)) {}
  std::size_t served() const { return served_; }

 protected:
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    std::size_t given = 0;
    const auto want = static_cast<std::size_t>(n);
    while (given < want && served_ < filler_ + tail_.size()) {
      s[given++] = served_ < filler_ ? 'x' : tail_[served_ - filler_];
      ++served_;
    }
    return static_cast<std::streamsize>(given);
  }
  int_type underflow() override { return traits_type::eof(); }

 private:
  std::size_t filler_;
  std::string tail_;
  std::size_t served_ = 0;
};

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

}  // namespace

// A failed comparison shows both lists, one entry to a line.
template <>
struct doctest::StringMaker<lines> {
  static String convert(const lines& v) {
    std::string out = "\n";
    for (const auto& e : v) out += "  " + e + "\n";
    return String(out.c_str());
  }
};

TEST_CASE("csv: plain records, one at a time, with the line each starts on") {
  CHECK(read_every_way("id,name\n1,Acme\n2,Globex\n") == lines{"1: [id][name]", "2: [1][Acme]", "3: [2][Globex]"});
  CHECK(read_every_way("").empty());
}

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks") {
  const std::string_view text = "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",e\nnext,1\n";
  CHECK(read_every_way(text) ==
        lines{"1: [a][b,c][say \"hi\"][two\nlines][e]", "3: [next][1]"});

  // Unquoted fields and quoted ones without doubled quotes point into the text;
  // a field with doubled quotes is unescaped elsewhere.
  csv_reader reader(text);
  auto got = reader.next();
  REQUIRE(got.has_value());
  REQUIRE(*got);
  const csv_record& r = reader.record();
  REQUIRE(r.size() == 5);
  auto inside = [&](std::string_view f) { return f.data() >= text.data() && f.data() < text.data() + text.size(); };
  CHECK(inside(r[0]));
  CHECK(r[1].data() == text.data() + 3);
  CHECK_FALSE(inside(r[2]));
  CHECK(inside(r[3]));
}

TEST_CASE("csv: CRLF line ends, CRLF kept inside quotes, and a last line without a line end") {
  CHECK(read_every_way("a,b\r\n\"x\r\ny\",z\r\nlast,row") == lines{"1: [a][b]", "2: [x\r\ny][z]", "4: [last][row]"});
  CHECK(read_every_way("a\r\n\"q\"") == lines{"1: [a]", "2: [q]"});
  CHECK(read_every_way("a,b\n") == lines{"1: [a][b]"});  // no record after the last line end
}

TEST_CASE("csv: a byte-order mark at the start is dropped, elsewhere it is data") {
  CHECK(read_every_way("\xEF\xBB\xBFid,name\n1,\xEF\xBB\xBFx\n") == lines{"1: [id][name]", "2: [1][\xEF\xBB\xBFx]"});
  CHECK(read_every_way("\xEF\xBB\xBF").empty());
  CHECK(read_every_way("\xEF\xBB") == lines{"1: [\xEF\xBB]"});  // not a whole mark

  csv_reader reader("\xEF\xBB\xBF" "a\n"sv);
  REQUIRE(reader.next().value_or(false));
  CHECK(reader.record()[0] == "a");
  CHECK(reader.offset() == 5);  // the mark counts as input
}

TEST_CASE("csv: empty fields, quoted or not") {
  CHECK(read_every_way(",,\n\"\",x,\n\"\"\n") == lines{"1: [][][]", "2: [][x][]", "3: []"});
  CHECK(read_every_way("a,") == lines{"1: [a][]"});
}

TEST_CASE("csv: blank lines are skipped but counted, or read as one empty field when asked") {
  const std::string_view text = "a\n\n\r\nb\n\n";
  CHECK(read_every_way(text) == lines{"1: [a]", "4: [b]"});
  CHECK(read_every_way(text, {.skip_blank_lines = false}) == lines{"1: [a]", "2: []", "3: []", "4: [b]", "5: []"});
  CHECK(read_every_way("a\n  \nb\n") == lines{"1: [a]", "2: [  ]", "3: [b]"});  // spaces are not blank
}

TEST_CASE("csv: a quote inside an unquoted field is an error, reading resumes at the next record") {
  CHECK(read_every_way("1,ab\"c,3\n2,x,y\n") ==
        lines{"error: line 1, column 2: a quote inside an unquoted field; quote the whole field and double each "
              "quote inside it",
              "2: [2][x][y]"});
}

TEST_CASE("csv: text after a closing quote is an error that quotes the text") {
  CHECK(read_every_way("1,\"ab\"c,3\n2,x\n") ==
        lines{"error: line 1, column 2: text after the closing quote of a quoted field: 'c'; a quoted field ends at "
              "a comma or a line end, and a quote inside it must be doubled",
              "2: [2][x]"});
  CHECK(read_every_way("1,\"He said \"hi\"\",3\n2\n") ==
        lines{"error: line 1, column 2: text after the closing quote of a quoted field: 'hi\"\"'; a quoted field ends "
              "at a comma or a line end, and a quote inside it must be doubled",
              "2: [2]"});
  CHECK(read_every_way("\"ab\"" + std::string(50, 'x') + "\n2\n") ==
        lines{"error: line 1, column 1: text after the closing quote of a quoted field: '" + std::string(40, 'x') +
              "...'; a quoted field ends at a comma or a line end, and a quote inside it must be doubled",
              "2: [2]"});
  auto e = csv_reader("\"a\"b"sv).next();
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == errc::syntax);
  CHECK(e.error().where.empty());
}

TEST_CASE("csv: a carriage return without a line feed is an error outside quotes, data inside") {
  const std::string message =
      ": a carriage return without a line feed; lines end in LF or CRLF, and a field holding a CR must be quoted";
  CHECK(read_every_way("a\rb\nc\n") == lines{"error: line 1, column 1" + message, "2: [c]"});
  CHECK(read_every_way("x,\"a\"\rb\nc") == lines{"error: line 1, column 2" + message, "2: [c]"});
  CHECK(read_every_way("a,b\r") == lines{"error: line 1, column 2" + message});
  CHECK(read_every_way("\"a\rb\"\n") == lines{"1: [a\rb]"});
}

TEST_CASE("csv: a NUL byte is an error, reported on its own line inside a multi-line field") {
  const std::string message = ": a NUL byte, which CSV text cannot hold (is the file UTF-16 without its byte-order mark, or binary?)";
  CHECK(read_every_way("a,b\0c\nd\n"sv) == lines{"error: line 1, column 2" + message, "2: [d]"});
  CHECK(read_every_way("\"x\ny\0\",1\nz\n"sv) == lines{"error: line 2, column 1" + message, "3: [z]"});
}

TEST_CASE("csv: an unclosed quote names the line it opened on, reading resumes on the line after it") {
  const std::string_view text = "id,note\n1,\"open\n2,b\n3,c\n";
  CHECK(read_every_way(text) ==
        lines{"1: [id][note]",
              "error: line 2, column 2: the quoted field opened on line 2 is never closed; the input ends inside it",
              "3: [2][b]", "4: [3][c]"});
  auto e = csv_reader("\"x"sv).next();
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error() == error{errc::syntax, "", "the quoted field opened on line 1 is never closed; the input ends inside it", 1, 1});
}

TEST_CASE("csv: after an error the rest of the record is read leniently, so a later multi-line field is skipped whole") {
  CHECK(read_every_way("1,a\"b,\"x\ny\",2\n3,c\n") ==
        lines{"error: line 1, column 2: a quote inside an unquoted field; quote the whole field and double each "
              "quote inside it",
              "3: [3][c]"});
  // Two faults in one record are one error; a bad record right after a bad record is its own.
  CHECK(read_every_way("a\"b,c\"d\ne\"f\ng\n").size() == 3);
  CHECK(read_every_way("a\"b,c\"d\ne\"f\ng\n").back() == "3: [g]");
  // A lenient skip that meets an unclosed quote resumes after the line the quote opened on.
  CHECK(read_every_way("a\"b,\"open\nc\n") ==
        lines{"error: line 1, column 1: a quote inside an unquoted field; quote the whole field and double each "
              "quote inside it",
              "2: [c]"});
}

TEST_CASE("csv: a record over the length limit is an error, reading resumes at the next line") {
  const csv_options limit8{.max_record_bytes = 8};
  const std::string message = ": the record is longer than the limit of 8 bytes (csv_options::max_record_bytes)";
  CHECK(read_every_way("12345678\n123456789\nok\n", limit8) ==
        lines{"1: [12345678]", "error: line 2, column 1" + message, "3: [ok]"});
  CHECK(read_every_way("1234,678\r\n1234,6789\r\nok", limit8) ==
        lines{"1: [1234][678]", "error: line 2, column 2" + message, "3: [ok]"});
  CHECK(read_every_way("\"a\nb\",123456789\nok\n", limit8) == lines{"error: line 1, column 2" + message, "3: [ok]"});
  CHECK(read_every_way("123456789", limit8) == lines{"error: line 1, column 1" + message});

  auto e = csv_reader("123456789"sv, limit8).next();
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == errc::out_of_range);
}

TEST_CASE("csv: a quoted field still open at the limit is reported where it opened, reading resumes on the next line") {
  const csv_options limit8{.max_record_bytes = 8};
  // The field may have been merely long: its inner lines come back, here as a stray-quote error.
  CHECK(read_every_way("x,\"abcdefghij\nk\",1\nnext\n", limit8) ==
        lines{"error: line 1, column 2: the quoted field opened on line 1 is still open after 8 bytes, the record "
              "limit (csv_options::max_record_bytes); is its closing quote missing?",
              "error: line 2, column 1: a quote inside an unquoted field; quote the whole field and double each "
              "quote inside it",
              "3: [next]"});
}

TEST_CASE("csv: a gigantic line fails after about the limit is read, in bounded memory, and reading goes on") {
  generated_input source(20'000'000, "\n1,2\n");
  std::istream in(&source);
  csv_reader reader(in, {.max_record_bytes = 1024, .chunk_bytes = 256});
  auto first = reader.next();
  REQUIRE_FALSE(first.has_value());
  CHECK(to_string(first.error()) ==
        "line 1, column 1: the record is longer than the limit of 1024 bytes (csv_options::max_record_bytes)");
  CHECK(source.served() <= 4096);

  auto second = reader.next();
  REQUIRE(second.has_value());
  REQUIRE(*second);
  CHECK(show(reader.record()) == "2: [1][2]");
  CHECK(reader.offset() == 20'000'005);
  CHECK(reader.next().value_or(true) == false);
}

TEST_CASE("csv: a failing stream is an error once, then the end") {
  failing_input source("a,b\nc,");
  std::istream in(&source);
  csv_reader reader(in, {.chunk_bytes = 2});
  CHECK(read_all(reader) == lines{"1: [a][b]", "error: line 2: reading the input failed after 6 bytes; the input ends there"});

  std::ifstream missing("/nonexistent/salesrules/pipeline.csv");
  csv_reader unopened(missing);
  CHECK(read_all(unopened) == lines{"error: the input stream cannot be read (was the file opened?)"});
}

TEST_CASE("csv: records split across chunk boundaries at every position") {
  // Each feature at least once, so that every byte of each is at a chunk boundary
  // for some chunk size: quotes, doubled quotes, CRLF in and out of quotes, a BOM,
  // blank lines, empty fields, errors and their resumption, an unclosed quote.
  const std::string_view text =
      "\xEF\xBB\xBFid,\"na,me\",note\r\n"
      "1,\"a \"\"b\"\" c\",\"x\r\ny\"\r\n"
      "\r\n"
      "2,,\"\"\n"
      "\n"
      "3,bad\"quote,z\n"
      "4,\"closed\"extra,\"p\nq\"\n"
      "5,\"\"\"\",\"\"\"\"\"\"\r\n"
      "6,last,\"never closed\n"
      "7,x,y";
  CHECK(read_every_way(text) ==
        lines{"1: [id][na,me][note]", "2: [1][a \"b\" c][x\r\ny]", "5: [2][][]",
              "error: line 7, column 2: a quote inside an unquoted field; quote the whole field and double each "
              "quote inside it",
              "error: line 8, column 2: text after the closing quote of a quoted field: 'extra'; a quoted field ends "
              "at a comma or a line end, and a quote inside it must be doubled",
              "10: [5][\"][\"\"]",
              "error: line 11, column 3: the quoted field opened on line 11 is never closed; the input ends inside it",
              "12: [7][x][y]"});
}

TEST_CASE("csv: fields stay valid until the next record, and a moved reader goes on") {
  std::istringstream in("a,\"b\"\"\"\nc,d\n");
  csv_reader reader(in, {.chunk_bytes = 3});
  REQUIRE(reader.next().value_or(false));
  const std::vector<std::string> first(reader.record().fields.begin(), reader.record().fields.end());
  CHECK(first == std::vector<std::string>{"a", "b\""});
  csv_reader moved = std::move(reader);
  REQUIRE(moved.next().value_or(false));
  CHECK(show(moved.record()) == "2: [c][d]");
  CHECK(moved.offset() == 12);
  CHECK(moved.next().value_or(true) == false);
  CHECK(moved.record().size() == 0);
}

TEST_CASE("csv: the header names the columns, lookups exact or ignoring ASCII case") {
  csv_reader reader("id,Amount,stage,Stage\n1,2,3,4\n"sv);
  auto header = read_csv_header(reader);
  REQUIRE(header.has_value());
  CHECK(header->size() == 4);
  CHECK(header->line() == 1);
  CHECK(header->name(1) == "Amount");
  CHECK(header->name(9).empty());

  CHECK(header->index_of("id").value_or(99) == 0);
  CHECK(header->index_of("Stage").value_or(99) == 3);
  CHECK(header->index_of("AMOUNT", column_match::ignore_ascii_case).value_or(99) == 1);

  auto missing = header->index_of("amount");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() ==
        error{errc::unknown_name, "/amount", "the header has no column 'amount'; 'Amount' differs only in case", 1, 0});
  auto absent = header->index_of("owner", column_match::ignore_ascii_case);
  REQUIRE_FALSE(absent.has_value());
  CHECK(to_string(absent.error()) == "line 1 (/owner): the header has no column 'owner'");
  auto ambiguous = header->index_of("STAGE", column_match::ignore_ascii_case);
  REQUIRE_FALSE(ambiguous.has_value());
  CHECK(ambiguous.error().code == errc::duplicate);
  CHECK(ambiguous.error().message == "'STAGE' matches columns 3 ('stage') and 4 ('Stage') when case is ignored");

  // The reader goes on with the data rows.
  REQUIRE(reader.next().value_or(false));
  CHECK(show(reader.record()) == "2: [1][2][3][4]");
}

TEST_CASE("csv: a header with a name twice, an empty input or a malformed first line is an error") {
  csv_reader twice("\xEF\xBB\xBF" "id,amount,stage,amount,,\n"sv);
  auto dup = read_csv_header(twice);
  REQUIRE_FALSE(dup.has_value());
  CHECK(dup.error() == error{errc::duplicate, "/amount", "column 'amount' appears twice, as columns 2 and 4", 1, 4});

  csv_reader several("b,a,b,a\n"sv);  // the first second occurrence is reported
  CHECK(read_csv_header(several).error().message == "column 'b' appears twice, as columns 1 and 3");

  csv_reader empty("\n\n"sv);
  auto none = read_csv_header(empty);
  REQUIRE_FALSE(none.has_value());
  CHECK(to_string(none.error()) == "line 1: the input is empty; its first line must name the columns");

  csv_reader bad("id,am\"ount\n"sv);
  auto broken = read_csv_header(bad);
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().column == 2);
}

TEST_CASE("csv: the header names the column of a reader error") {
  csv_reader reader("id,amount\n1,12\"5\n"sv);
  auto header = read_csv_header(reader);
  REQUIRE(header.has_value());
  auto row = reader.next();
  REQUIRE_FALSE(row.has_value());
  CHECK(to_string(header->with_column_name(row.error())) ==
        "line 2, column 2 (/amount): a quote inside an unquoted field; quote the whole field and double each quote "
        "inside it");
  error elsewhere{errc::syntax, "/policy", "x", 2, 2};
  CHECK(header->with_column_name(elsewhere).where == "/policy");
  CHECK(header->with_column_name(error{errc::syntax, "", "x", 2, 7}).where.empty());
}

TEST_CASE("csv: the writer quotes only when it must") {
  std::string out;
  for (std::string_view f : {"plain"sv, ""sv, "a,b"sv, "say \"hi\""sv, "two\nlines"sv, "cr\r"sv, "\xEF\xBB\xBFx"sv,
                             " spaced "sv}) {
    write_csv_field(out, f);
    out += '|';
  }
  CHECK(out == "plain||\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"|\"\xEF\xBB\xBFx\"| spaced |");

  std::string record;
  const std::vector<std::string_view> one_empty{""};
  write_csv_record(record, one_empty);
  const std::vector<std::string_view> three{"a", "", "b,c"};
  write_csv_record(record, three);
  CHECK(record == "\"\"\na,,\"b,c\"\n");
}

TEST_CASE("csv: random records written by the writer read back the same, whole and in random chunks") {
  std::mt19937 rng(20261122);
  // Bytes that matter to CSV, plus ordinary and non-ASCII ones (no NUL: it cannot be written).
  const std::vector<std::string_view> pieces{"a", "Z", " ", ",", "\"", "\n", "\r", "\r\n", "\xEF\xBB\xBF", "\xC3\xA9",
                                             "\x01", "Acme Corp", "\"\""};
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };

  for (int round = 0; round < 200; ++round) {
    std::vector<std::vector<std::string>> records(1 + pick(6));
    std::string text;
    for (auto& r : records) {
      r.resize(1 + pick(5));
      for (auto& f : r)
        for (std::size_t k = pick(4); k > 0; --k) f += pieces[pick(pieces.size() - 1)];
      const std::vector<std::string_view> views(r.begin(), r.end());
      write_csv_record(text, views);
    }
    if (pick(1) == 1) text.pop_back();  // sometimes no line end at the very end

    auto check = [&](csv_reader& reader) {
      std::size_t i = 0;
      for (;;) {
        auto got = reader.next();
        REQUIRE(got.has_value());
        if (!*got) break;
        REQUIRE(i < records.size());
        const std::vector<std::string> fields(reader.record().fields.begin(), reader.record().fields.end());
        CHECK(fields == records[i]);
        ++i;
      }
      CHECK(i == records.size());
      CHECK(reader.offset() == text.size());
    };
    CAPTURE(text);
    csv_reader whole(text);
    check(whole);
    std::istringstream in(text);
    csv_reader chunked(in, {.chunk_bytes = 1 + pick(16)});
    check(chunked);
  }
}

// The reader takes a row's plain fields sixty-four bytes at a time, then sixteen, then
// byte by byte: a quoted field, a stray quote, a CR or the line end may fall at any
// byte of a block, and a delimiter just before or after a block's edge.
TEST_CASE("csv: a quote, a CR, a stray quote or the line end at every byte of a long row") {
  for (std::size_t lead = 0; lead < 140; ++lead) {
    CAPTURE(lead);
    // `lead` bytes of short plain fields (the last may be empty), then the special case.
    std::string plain;
    std::string shown = "1: ";
    std::size_t fields = 0;
    while (plain.size() < lead) {
      const std::size_t n = std::min<std::size_t>((fields % 4) + 1, lead - plain.size() - (lead - plain.size() > 1));
      const std::string f(n, static_cast<char>('a' + fields % 26));
      plain += f;
      plain += ',';
      shown += "[" + f + "]";
      ++fields;
    }
    const std::string prefix = plain.substr(0, lead);  // the fields, with a comma last unless lead cut it
    const std::string tail = plain.substr(lead);
    CHECK(read_text(prefix + tail + "\"q,\"\"r\",end\n2\n") == lines{shown + "[q,\"r][end]", "2: [2]"});
    CHECK(read_text(prefix + tail + "z\r\n2\n") == lines{shown + "[z]", "2: [2]"});
    CHECK(read_text(prefix + tail + "last\n2\n") == lines{shown + "[last]", "2: [2]"});
    CHECK(read_text(prefix + tail + "last") == lines{shown + "[last]"});
    const lines stray = read_text(prefix + tail + "a\"b,c\n2\n");
    REQUIRE(stray.size() == 2);
    CHECK(stray[0].starts_with("error: line 1, column " + std::to_string(fields + 1) + ": a quote inside"));
    CHECK(stray[1] == "2: [2]");
  }
}
