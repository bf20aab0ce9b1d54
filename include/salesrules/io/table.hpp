// SPDX-License-Identifier: BSL-1.0
// salesrules/io/table.hpp - the tables and headings every report is printed with.
//
// Part of salesrules::io. A report builds a table of strings and renders it as
// aligned text for a terminal or as a GitHub Markdown table; JSON output does not
// go through tables (see io/json.hpp).
#ifndef SALESRULES_IO_TABLE_HPP
#define SALESRULES_IO_TABLE_HPP

#include <salesrules/io/export.hpp>

#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// How a report is printed. `html` is a whole page (the reports' render() gives one;
// a table or heading alone gives its element).
enum class output_format : std::uint8_t { text, markdown, json, html };
BOOST_DESCRIBE_ENUM(output_format, text, markdown, json, html)

enum class align : std::uint8_t { left, right };
BOOST_DESCRIBE_ENUM(align, left, right)

struct table_column {
  std::string title;
  io::align align = align::left;  // numbers right, words left
};

// Rows of cells under titled columns.
class table {
 public:
  explicit table(std::vector<table_column> columns) : columns_(std::move(columns)) {}

  // A row; missing cells are blank and cells beyond the columns are dropped.
  void add_row(std::vector<std::string> cells);

  [[nodiscard]] std::size_t rows() const noexcept { return rows_.size(); }

  // Cells and titles are plain text, data or labels: the table escapes each for
  // the format (io/escape.hpp), so a cell stays one cell on one line.
  // Text: escape_text(), columns padded to their widest cell as the terminal shows
  // it (display_width) and separated by two spaces, the titles underlined with
  // dashes. Markdown: escape_markdown() for a cell, a pipe table with its alignment
  // row. HTML: escape_html() for a cell, a <table> in a box that scrolls sideways
  // on a narrow screen, numbers' cells of class "num", one element per line. All end
  // with a line feed. JSON is not a table format: asking for it renders text.
  [[nodiscard]] std::string render(output_format format) const;

 private:
  std::vector<table_column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Appends a heading: "## title" in Markdown (`level` hashes), <h2> in HTML (levels
// 1-6), and in text the title underlined with '=' (level 1) or '-' (deeper). A blank
// line follows in text and Markdown.
// The title is plain text and escaped for the format, like a cell.
void append_heading(std::string& out, std::string_view title, output_format format, int level = 2);

// The columns UTF-8 text takes on a terminal: two for an East Asian wide or
// fullwidth character, none for a combining mark or zero-width character, one for
// any other character (and for a byte that is not valid UTF-8).
[[nodiscard]] std::size_t display_width(std::string_view text) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_TABLE_HPP
