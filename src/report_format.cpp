// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/report_format.hpp>

#include <salesrules/date.hpp>
#include <salesrules/detail/text.hpp>

namespace salesrules::io {

std::string group_thousands(std::string_view decimal) noexcept {
  const std::size_t sign = !decimal.empty() && decimal[0] == '-' ? 1 : 0;
  std::size_t end = sign;
  while (end < decimal.size() && detail::is_digit(decimal[end])) ++end;
  const std::size_t digits = end - sign;
  if (digits == 0 || (end < decimal.size() && decimal[end] != '.')) return std::string(decimal);
  std::string out(decimal.substr(0, sign));
  for (std::size_t i = 0; i < digits; ++i) {
    if (i != 0 && (digits - i) % 3 == 0) out += ',';
    out += decimal[sign + i];
  }
  out += decimal.substr(end);
  return out;
}

std::string format_amount(const money& m) noexcept { return group_thousands(to_decimal_string(m)); }

std::string format_money(const money& m) noexcept {
  std::string out = format_amount(m);
  if (m.currency().is_set()) {
    out += ' ';
    out += m.currency().code();
  }
  return out;
}

std::string format_count(std::uint64_t n) noexcept { return group_thousands(std::to_string(n)); }

std::string counted(std::uint64_t n, std::string_view noun) noexcept {
  std::string out = format_count(n);
  out += ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

std::string format_percent(percent p) noexcept {
  std::string number = to_string(p);
  number.pop_back();  // the '%'
  return group_thousands(number) + "%";
}

std::string format_multiple(percent p) noexcept {
  // Hundredths of the multiple are whole percents: cut the basis points toward zero.
  std::string s = detail::fixed_point(p.basis_points() / 100, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return group_thousands(s) + "x";
}

std::string format_period(const fiscal_period& p) noexcept {
  std::string out = to_string(p);
  out += " (";
  out += to_string(p.first_day);
  out += " to ";
  out += to_string(p.last_day);
  out += ')';
  return out;
}

std::string words(std::string_view identifier) noexcept { return detail::words(identifier); }

}  // namespace salesrules::io
