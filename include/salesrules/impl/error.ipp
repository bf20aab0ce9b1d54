// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/error.ipp - the definitions behind error.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_ERROR_IPP
#define SALESRULES_IMPL_ERROR_IPP

#include <salesrules/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace salesrules {

namespace detail {
SALESRULES_INLINE std::string quoted(std::string_view text) {
  std::size_t limit = quote_limit;
  if (text.size() > limit)
    while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0U) == 0x80U) --limit;
  std::string out = "'";
  out.append(text.substr(0, limit));
  if (text.size() > limit) out += "...";
  out += "'";
  return out;
}
}  // namespace detail

SALESRULES_INLINE std::string to_string(const error& e) noexcept {
  std::string out;
  if (e.line != 0 || e.row != 0) {
    out += e.line != 0 ? "line " + std::to_string(e.line) : "row " + std::to_string(e.row);
    if (e.line != 0 && e.column != 0) out += ", column " + std::to_string(e.column);
    out += e.where.empty() ? ": " : " (" + e.where + "): ";
  } else if (!e.where.empty()) {
    out += e.where + ": ";
  }
  if (!e.deal_id.empty()) out += "deal " + detail::quoted(e.deal_id) + ": ";
  out += e.message;
  return out;
}

namespace detail {
SALESRULES_INLINE void append_segment(std::string& pointer, std::string_view key) {
  pointer += '/';
  for (const char c : key) {
    if (c == '~')
      pointer += "~0";
    else if (c == '/')
      pointer += "~1";
    else
      pointer += c;
  }
}

SALESRULES_INLINE error within(std::string_view prefix, error e) {
  e.where.insert(0, prefix);
  return e;
}
}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_IMPL_ERROR_IPP
