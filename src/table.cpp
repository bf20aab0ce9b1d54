// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/table.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/io/escape.hpp>

#include <algorithm>
#include <utility>

namespace salesrules::io {

namespace {
// East Asian wide and fullwidth characters: two columns on a terminal.
constexpr bool wide(char32_t c) noexcept {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

// Combining marks and zero-width characters: no column of their own.
constexpr bool zero_width(char32_t c) noexcept {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x200B && c <= 0x200D) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xFE20 && c <= 0xFE2F) || c == 0xFEFF;
}
}  // namespace

std::size_t display_width(std::string_view text) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto u = salesrules::detail::utf8_at(text, i);
    if (u.length == 0) {  // a stray byte: escape_text() writes it as \xHH, but count it if it is here
      ++n;
      ++i;
      continue;
    }
    n += wide(u.code) ? 2 : zero_width(u.code) ? 0 : 1;
    i += u.length;
  }
  return n;
}

void table::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

namespace {
// A cell as it is shown: data escaped for the format, on one line.
std::string shown(std::string_view cell, output_format format) {
  return format == output_format::markdown ? escape_markdown(cell, markdown_place::inline_only) : escape(cell, format);
}

void append_cell(std::string& out, std::string_view tag, std::string_view cell, align a) {
  out += '<';
  out += tag;
  if (a == align::right) out += " class=\"num\"";
  out += '>';
  out += escape_html(cell);
  out += "</";
  out += tag;
  out += '>';
}

void pad(std::string& out, std::string_view cell, std::size_t width, align a) {
  const std::size_t fill = width - std::min(width, display_width(cell));
  if (a == align::right) out.append(fill, ' ');
  out += cell;
  if (a == align::left) out.append(fill, ' ');
}

void trim_right(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
}
}  // namespace

std::string table::render(output_format format) const {
  std::string out;
  if (format == output_format::html) {
    out += "<div class=\"table\"><table>\n<thead><tr>";
    for (const auto& c : columns_) append_cell(out, "th", c.title, c.align);
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows_) {
      out += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) append_cell(out, "td", row[i], columns_[i].align);
      out += "</tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
    return out;
  }
  if (format == output_format::markdown) {
    out += '|';
    for (const auto& c : columns_) out += ' ' + shown(c.title, format) + " |";
    out += "\n|";
    for (const auto& c : columns_) out += c.align == align::right ? " ---: |" : " --- |";
    out += '\n';
    for (const auto& row : rows_) {
      out += '|';
      for (const auto& cell : row) out += ' ' + shown(cell, format) + " |";
      out += '\n';
    }
    return out;
  }
  // Widths are measured on the escaped text, as the terminal will show it.
  std::vector<std::size_t> width(columns_.size());
  std::vector<std::string> titles;
  titles.reserve(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    titles.push_back(shown(columns_[i].title, format));
    width[i] = display_width(titles.back());
  }
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows_.size());
  for (const auto& row : rows_) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < row.size(); ++i) {
      line.push_back(shown(row[i], format));
      width[i] = std::max(width[i], display_width(line.back()));
    }
  }
  const auto emit = [&](const std::vector<std::string>& row_cells) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i != 0) out += "  ";
      pad(out, row_cells[i], width[i], columns_[i].align);
    }
    trim_right(out);
    out += '\n';
  };
  emit(titles);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (i != 0) out += "  ";
    out.append(width[i], '-');
  }
  out += '\n';
  for (const auto& row : cells) emit(row);
  return out;
}

void append_heading(std::string& out, std::string_view title, output_format format, int level) {
  if (format == output_format::html) {
    const char digit = static_cast<char>('0' + std::clamp(level, 1, 6));
    out += "<h";
    out += digit;
    out += '>';
    out += escape_html(title);
    out += "</h";
    out += digit;
    out += ">\n";
    return;
  }
  if (format == output_format::markdown) {
    out.append(static_cast<std::size_t>(std::max(level, 1)), '#');
    out += ' ';
    out += escape_markdown(title, markdown_place::inline_only);
    out += "\n\n";
    return;
  }
  const std::string shown_title = escape_text(title);
  out += shown_title;
  out += '\n';
  out.append(display_width(shown_title), level <= 1 ? '=' : '-');
  out += "\n\n";
}

}  // namespace salesrules::io
