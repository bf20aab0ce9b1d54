// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/escape.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/io/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace salesrules::io {
namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

using salesrules::detail::utf8_at;
using salesrules::detail::utf8_unit;

// Code points a terminal or a browser acts on rather than shows: C1 controls,
// bidirectional controls, line and paragraph separators. (C0 and DEL are bytes.)
constexpr bool hidden(char32_t c) noexcept {
  return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

void append_byte(std::string& out, unsigned char c) {
  out += "\\x";
  out += hex_digits[c >> 4];
  out += hex_digits[c & 0xFU];
}

void append_code_point(std::string& out, char32_t c, std::string_view prefix, std::string_view suffix,
                       std::size_t min_digits) {
  out += prefix;
  std::size_t digits = min_digits;
  while (digits < 8 && (c >> (4 * digits)) != 0) ++digits;
  for (std::size_t k = digits; k-- > 0;) out += hex_digits[(c >> (4 * k)) & 0xFU];
  out += suffix;
}

// Walks `data` unit by unit: bytes and code points that need the notation are
// written in it, and every other unit is handed to `plain`, which writes it.
template <class Plain, class Hide = bool (*)(char32_t) noexcept>
void escape_units(std::string& out, std::string_view data, Plain plain, Hide hide = hidden) {
  out.reserve(out.size() + data.size());
  for (std::size_t i = 0; i < data.size();) {
    const utf8_unit u = utf8_at(data, i);
    const auto c = static_cast<unsigned char>(data[i]);
    if (u.length == 0 || c < 0x20 || c == 0x7F) {
      append_byte(out, c);
      ++i;
    } else if (hide(u.code)) {
      append_code_point(out, u.code, "\\u{", "}", 4);
      i += u.length;
    } else {
      plain(data.substr(i, u.length));
      i += u.length;
    }
  }
}

}  // namespace

std::string escape_text(std::string_view data) noexcept {
  std::string out;
  escape_units(out, data, [&](std::string_view unit) {
    if (unit == "\\") out += '\\';
    out += unit;
  });
  return out;
}

// Messages keep their backslashes: they carry \xHH escapes of their own (a JSON
// syntax error names the byte it stopped at so), which must not be doubled.
std::string printable(std::string_view text) noexcept {
  std::string out;
  escape_units(out, text, [&](std::string_view unit) { out += unit; });
  return out;
}

std::string escape_markdown(std::string_view data, markdown_place place) noexcept {
  std::string out;
  if (place == markdown_place::line_start && !data.empty()) {
    // What could open a block: a space (four make indented code), a list marker, a
    // rule or setext underline (-, +, =), a quote (>), an ordered list's number.
    // (Further along a line '>' is inert: without '<' no tag or autolink opens.)
    const char first = data.front();
    if (first == ' ') {
      out += "&#32;";
      data.remove_prefix(1);
    } else if (first == '-' || first == '+' || first == '=' || first == '>') {
      out += '\\';
    } else if (first >= '0' && first <= '9') {
      std::size_t digits = 0;
      while (digits < data.size() && digits < 10 && data[digits] >= '0' && data[digits] <= '9') ++digits;
      if (digits <= 9 && digits < data.size() && (data[digits] == '.' || data[digits] == ')')) {
        out.append(data.substr(0, digits));
        out += '\\';
        data.remove_prefix(digits);
      }
    }
  }
  escape_units(out, data, [&](std::string_view unit) {
    switch (unit.front()) {
      case '<': out += "&lt;"; return;
      case '&': out += "&amp;"; return;
      case '\\': out += "\\\\\\\\"; return;  // escape_text's "\\", each backslash escaped
      case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#': out += '\\'; break;
      default: break;
    }
    out += unit;
  });
  return out;
}

std::string escape_html(std::string_view data) noexcept {
  std::string out;
  // A page's line that starts "- " is a list item (src/html_page.cpp): data never starts one.
  if (data.starts_with('-')) {
    out += "&#45;";
    data.remove_prefix(1);
  }
  constexpr auto hidden_in_html = [](char32_t c) noexcept {
    return hidden(c) || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFEU) == 0xFFFEU;
  };
  escape_units(
      out, data,
      [&](std::string_view unit) {
        switch (unit.front()) {
          case '&': out += "&amp;"; return;
          case '<': out += "&lt;"; return;
          case '>': out += "&gt;"; return;
          case '"': out += "&quot;"; return;
          case '\'': out += "&#39;"; return;
          case '\\': out += "\\\\"; return;
          default: out += unit; return;
        }
      },
      hidden_in_html);
  return out;
}

std::string escape(std::string_view data, output_format format) noexcept {
  switch (format) {
    case output_format::markdown: return escape_markdown(data);
    case output_format::html: return escape_html(data);
    case output_format::text:
    case output_format::json: break;
  }
  return escape_text(data);
}

std::string markdown_fence(std::string_view text) noexcept {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence;
  out += '\n';
  out += text;
  if (!text.empty() && text.back() != '\n') out += '\n';
  out += fence;
  out += '\n';
  return out;
}

std::string terminal_safe_json(std::string_view json) noexcept {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size();) {
    const utf8_unit u = utf8_at(json, i);
    if (u.length > 1 && hidden(u.code)) {
      append_code_point(out, u.code, "\\u", "", 4);
      i += u.length;
    } else {
      const std::size_t n = std::max<std::size_t>(u.length, 1);
      out.append(json.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace salesrules::io
