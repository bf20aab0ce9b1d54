#include <salesrules/io/table.hpp>

#include <algorithm>
#include <type_traits>
#include <utility>

namespace salesrules::io {

std::size_t display_width(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

void table::add_row(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

namespace {
// One line of the cell: line breaks (a CSV field may hold them) become spaces.
std::string one_line(std::string_view cell) {
  std::string out(cell);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

std::string markdown_cell(std::string_view cell) {
  std::string out;
  for (const char c : one_line(cell)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
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
  if (format == output_format::markdown) {
    out += '|';
    for (const auto& c : columns_) out += ' ' + markdown_cell(c.title) + " |";
    out += "\n|";
    for (const auto& c : columns_) out += c.align == align::right ? " ---: |" : " --- |";
    out += '\n';
    for (const auto& row : rows_) {
      out += '|';
      for (const auto& cell : row) out += ' ' + markdown_cell(cell) + " |";
      out += '\n';
    }
    return out;
  }
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i) width[i] = display_width(columns_[i].title);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows_.size());
  for (const auto& row : rows_) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < row.size(); ++i) {
      line.push_back(one_line(row[i]));
      width[i] = std::max(width[i], display_width(line.back()));
    }
  }
  const auto emit = [&](const auto& row_cells) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i != 0) out += "  ";
      if constexpr (std::is_same_v<std::decay_t<decltype(row_cells)>, std::vector<table_column>>)
        pad(out, row_cells[i].title, width[i], columns_[i].align);
      else
        pad(out, row_cells[i], width[i], columns_[i].align);
    }
    trim_right(out);
    out += '\n';
  };
  emit(columns_);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (i != 0) out += "  ";
    out.append(width[i], '-');
  }
  out += '\n';
  for (const auto& row : cells) emit(row);
  return out;
}

void append_heading(std::string& out, std::string_view title, output_format format, int level) {
  if (format == output_format::markdown) {
    out.append(static_cast<std::size_t>(std::max(level, 1)), '#');
    out += ' ';
    out += title;
    out += "\n\n";
    return;
  }
  out += title;
  out += '\n';
  out.append(display_width(title), level <= 1 ? '=' : '-');
  out += "\n\n";
}

}  // namespace salesrules::io
