// SPDX-License-Identifier: BSL-1.0
// salesrules/io/escape.hpp - data made safe to print, one function per output format.
//
// Part of salesrules::io. Everything a report prints that came from outside (a CRM
// export, a policy, golden cases, the command line) goes through these before it
// reaches a terminal, a Markdown document or an HTML page; the labels a report writes
// itself do not need to. JSON output is not escaped here: it keeps the data exact.
//
// The notation, the same in text and Markdown:
//   \xHH      a C0 control byte (U+0000-U+001F, line feed and tab included), DEL,
//             or a byte that is not part of valid UTF-8
//   \u{HHHH}  a C1 control (U+0080-U+009F), a bidirectional control (U+061C,
//             U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) or a line or paragraph
//             separator (U+2028, U+2029): hex digits, upper case, at least four
//   \\        a backslash in the data, so that the notation is never ambiguous: what
//             is printed reads back to the exact bytes of the data
// Everything else, valid UTF-8 included, passes as it is.
#ifndef SALESRULES_IO_ESCAPE_HPP
#define SALESRULES_IO_ESCAPE_HPP

#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>

#include <boost/describe/enum.hpp>

#include <cstdint>
#include <string>
#include <string_view>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// A piece of data as one line of text for a terminal, in the notation above.
[[nodiscard]] std::string escape_text(std::string_view data) noexcept;

// Where a piece of data lands in a Markdown document.
enum class markdown_place : std::uint8_t {
  line_start,  // it may begin a line (a paragraph, a list item): block syntax is defused
  inline_only  // it follows other text on its line, or fills a table cell
};
BOOST_DESCRIBE_ENUM(markdown_place, line_start, inline_only)

// A piece of data as one line of Markdown that shows what escape_text() shows:
// `<` and `&` as entities (no HTML tag, autolink or entity reaches the page);
// \ ` * _ [ ] | ~ # escaped with a backslash (no emphasis, code, link, image, table
// cell or heading); and, at a line start, a leading -, +, = or >, the '.' or ')'
// after leading digits and a leading space escaped too (no list, rule, setext
// heading, quote or indented code).
[[nodiscard]] std::string escape_markdown(std::string_view data,
                                          markdown_place place = markdown_place::line_start) noexcept;

// A piece of data as HTML text or a quoted attribute value (HTML's, and inline SVG's
// within it) that shows what escape_text() shows: the notation above, then & < > " '
// as character references, so no tag, attribute or entity of the data's reaches the
// page. Unicode noncharacters (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF), which an HTML parser
// reports as errors, are written in the \u{HHHH} notation too, and a leading '-' as
// &#45;, so that data at the start of a report's line never makes it a list item.
[[nodiscard]] std::string escape_html(std::string_view data) noexcept;

// escape_text(), escape_markdown() or escape_html() as the format asks; JSON, which
// the tables render as text, gets escape_text().
[[nodiscard]] std::string escape(std::string_view data, output_format format) noexcept;

// `text` as a Markdown fenced code block, its fence of backticks one longer than the
// longest run of backticks in the text (three at least), so that no line of it can
// close the block. The text is shown as it is: make its data safe with escape_text()
// first. A line feed is added at the end when the text lacks one.
[[nodiscard]] std::string markdown_fence(std::string_view text) noexcept;

// JSON text with every C1 control, bidirectional control and line or paragraph
// separator written as a \uXXXX escape: the same JSON value, safe to print. (Those
// code points can only be inside strings; the JSON serializer escapes C0 itself.)
[[nodiscard]] std::string terminal_safe_json(std::string_view json) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_ESCAPE_HPP
