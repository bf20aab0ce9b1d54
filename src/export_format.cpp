// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/export_format.hpp>

#include <salesrules/detail/text.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salesrules::io {
namespace {

using salesrules::detail::is_digit;
using salesrules::detail::quoted;

constexpr std::string_view format_setting = "--date-format, or \"date_format\" in the column map";
constexpr std::string_view comma_setting = "--decimal-comma, or \"decimal_comma\" in the column map";

bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// A run of 1-`most` digits at the front of `s`, consumed; -1 when there is none.
int take_number(std::string_view& s, std::size_t least, std::size_t most) noexcept {
  std::size_t n = 0;
  int v = 0;
  while (n < s.size() && n < most && is_digit(s[n])) v = v * 10 + (s[n++] - '0');
  if (n < least || (n < s.size() && is_digit(s[n]))) return -1;
  s.remove_prefix(n);
  return v;
}

// Three numbers separated by `sep`: the first of `first_digits`, the others 1-2 digits,
// or the last of four when `year_last`.
struct three_parts {
  int a = -1, b = -1, c = -1;
};
std::optional<three_parts> split_date(std::string_view s, char sep, bool year_first) noexcept {
  three_parts p;
  p.a = year_first ? take_number(s, 4, 4) : take_number(s, 1, 2);
  if (p.a < 0 || s.empty() || s.front() != sep) return std::nullopt;
  s.remove_prefix(1);
  p.b = take_number(s, 1, 2);
  if (p.b < 0 || s.empty() || s.front() != sep) return std::nullopt;
  s.remove_prefix(1);
  p.c = year_first ? take_number(s, 1, 2) : take_number(s, 4, 4);
  if (p.c < 0 || !s.empty()) return std::nullopt;
  return p;
}

std::string setting(std::string_view format) {
  return "read dates with the format " + std::string(format) + " (" + std::string(format_setting) + ")";
}

// "D/M/Y" and the like: the three parts' letters joined by the separator.
std::string joined(char x, char y, char z, char sep) { return std::string{x, sep, y, sep, z}; }

// What a date that the ISO form does not read looks like, as a hint; empty when nothing.
std::string date_hint(std::string_view text) {
  for (const char sep : {'/', '.', '-'}) {
    if (const auto p = split_date(text, sep, false)) {
      if (p->a > 12 && p->b >= 1 && p->b <= 12)
        return "it looks like a date with the day first: " + setting(joined('D', 'M', 'Y', sep));
      if (p->b > 12 && p->a >= 1 && p->a <= 12)
        return "it looks like a US date, month first: " + setting(joined('M', 'D', 'Y', sep));
      if (p->a >= 1 && p->a <= 12 && p->b >= 1 && p->b <= 12) {
        std::string hint = "the month and the day could come in either order: ";
        hint += setting(joined('M', 'D', 'Y', sep));
        hint += " or ";
        hint += joined('D', 'M', 'Y', sep);
        hint += ", whichever the export uses";
        return hint;
      }
    }
    if (const auto p = split_date(text, sep, true); p && sep != '-')
      return "it has the year first: " + setting(joined('Y', 'M', 'D', sep));
  }
  if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && text.size() <= 35) {
    std::string_view day = text.substr(0, 10);
    if (split_date(day, '-', true))
      return "it is a date and a time; the import reads the date alone (YYYY-MM-DD): export the day without the time";
  }
  if (text.size() == 5 && text.find_first_not_of("0123456789") == std::string_view::npos)
    return "it looks like a spreadsheet's day number (days since 1899-12-30), not a date: export the column as dates";
  return "";
}

// --- amounts ---------------------------------------------------------------------------

// A currency written beside an amount: a code, or a symbol.
enum class symbol : std::uint8_t { none, code, dollar, us_dollar, euro, pound, yen, rupee };

struct symbol_spelling {
  std::string_view text;
  symbol kind;
};
// Longest first, so that "US$" is not read as "US" and "$".
constexpr std::array<symbol_spelling, 6> symbols{{{"US$", symbol::us_dollar},
                                                  {"\xE2\x82\xAC", symbol::euro},
                                                  {"\xE2\x82\xB9", symbol::rupee},
                                                  {"\xC2\xA3", symbol::pound},
                                                  {"\xC2\xA5", symbol::yen},
                                                  {"$", symbol::dollar}}};

// Currencies a symbol may stand for; the first is the one it names alone, if it names one.
// cppcheck-suppress passedByValue ; a currency is four bytes, cheaper copied
bool symbol_allows(symbol s, currency c) noexcept {
  const std::string_view code = c.code();
  switch (s) {
    case symbol::dollar:
      for (std::string_view d : {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"})
        if (code == d) return true;
      return false;
    case symbol::us_dollar: return code == "USD";
    case symbol::euro: return code == "EUR";
    case symbol::pound: return code == "GBP";
    case symbol::yen: return code == "JPY" || code == "CNY";
    case symbol::rupee: return code == "INR";
    case symbol::code:
    case symbol::none: return false;
  }
  return false;
}
std::string_view symbol_names(symbol s) noexcept {
  switch (s) {
    case symbol::us_dollar: return "USD";
    case symbol::euro: return "EUR";
    case symbol::pound: return "GBP";
    case symbol::rupee: return "INR";
    default: return "";
  }
}

bool is_space_at(std::string_view s, std::size_t at, std::size_t& width) noexcept {
  if (at < s.size() && (s[at] == ' ' || s[at] == '\t')) return (width = 1), true;
  if (s.substr(at, 2) == "\xC2\xA0") return (width = 2), true;       // no-break space
  if (s.substr(at, 3) == "\xE2\x80\xAF") return (width = 3), true;   // narrow no-break space
  return false;
}
std::string_view trim_spaces(std::string_view s) noexcept {
  std::size_t w = 0;
  while (!s.empty() && is_space_at(s, 0, w)) s.remove_prefix(w);
  for (bool more = true; more && !s.empty();) {
    more = false;
    for (std::size_t width : {std::size_t{1}, std::size_t{2}, std::size_t{3}})
      if (s.size() >= width && is_space_at(s, s.size() - width, w) && w == width) {
        s.remove_suffix(width);
        more = true;
        break;
      }
  }
  return s;
}

struct marked_amount {
  std::string_view number;  // the digits with their separators
  bool negative = false;
  symbol mark = symbol::none;
  std::string_view code;  // when mark is symbol::code
};

// Takes a currency code or symbol from the front (or, failing that, the back) of the
// text, and a minus sign from either side of a leading one.
marked_amount split_mark(std::string_view s) noexcept {
  marked_amount m;
  s = trim_spaces(s);
  if (!s.empty() && s.front() == '-') {
    m.negative = true;
    s = trim_spaces(s.substr(1));
  }
  const auto take_front = [&]() {
    for (const auto& sp : symbols)
      if (s.starts_with(sp.text)) {
        m.mark = sp.kind;
        s.remove_prefix(sp.text.size());
        return;
      }
    if (s.size() >= 3 && is_letter(s[0]) && is_letter(s[1]) && is_letter(s[2]) && (s.size() == 3 || !is_letter(s[3]))) {
      m.mark = symbol::code;
      m.code = s.substr(0, 3);
      s.remove_prefix(3);
    }
  };
  take_front();
  if (m.mark != symbol::none) {
    s = trim_spaces(s);
    if (!m.negative && !s.empty() && s.front() == '-') {
      m.negative = true;
      s.remove_prefix(1);
    }
  } else {
    for (const auto& sp : symbols)
      if (s.ends_with(sp.text)) {
        m.mark = sp.kind;
        s.remove_suffix(sp.text.size());
        break;
      }
    const std::size_t n = s.size();
    if (m.mark == symbol::none && n >= 3 && is_letter(s[n - 1]) && is_letter(s[n - 2]) && is_letter(s[n - 3]) &&
        (n == 3 || !is_letter(s[n - 4]))) {
      m.mark = symbol::code;
      m.code = s.substr(n - 3);
      s.remove_suffix(3);
    }
    s = trim_spaces(s);
  }
  m.number = s;
  return m;
}

// The number with its grouping removed and a '.' for its decimal mark, or nullopt
// when the separators are not in exact groups of three with one separator throughout.
std::optional<std::string> plain_number(std::string_view s, bool decimal_comma) {
  const char decimal = decimal_comma ? ',' : '.';
  const std::size_t mark = s.find(decimal);
  const std::string_view whole = s.substr(0, mark);
  const std::string_view fraction = mark == std::string_view::npos ? std::string_view() : s.substr(mark + 1);
  std::string out;
  std::string_view separator;  // the grouping separator met first
  std::size_t group = 0;       // digits since the last separator
  bool grouped = false;
  for (std::size_t i = 0; i < whole.size();) {
    if (is_digit(whole[i])) {
      out += whole[i++];
      ++group;
      continue;
    }
    std::size_t width = 1;
    std::string_view here;
    if (!decimal_comma && whole[i] == ',') {
      here = whole.substr(i, 1);
    } else if (decimal_comma && (whole[i] == '.' || is_space_at(whole, i, width))) {
      here = whole.substr(i, width);
    } else {
      return std::nullopt;
    }
    if ((grouped ? group != 3 : (group < 1 || group > 3)) || (!separator.empty() && here != separator))
      return std::nullopt;
    separator = here;
    grouped = true;
    group = 0;
    i += here.size();
  }
  if (out.empty() || (grouped && group != 3)) return std::nullopt;
  if (mark != std::string_view::npos) {
    if (fraction.empty()) return std::nullopt;
    out += '.';
    for (char c : fraction) {
      if (!is_digit(c)) return std::nullopt;
      out += c;
    }
  }
  return out;
}

// Why a number did not read, as a hint about the decimal mark; empty when none.
std::string decimal_hint(std::string_view number, bool decimal_comma) {
  const std::size_t comma = number.rfind(','), point = number.rfind('.');
  if (!decimal_comma && comma != std::string_view::npos) {
    std::size_t after = 0;  // digits after the last comma
    while (comma + 1 + after < number.size() && is_digit(number[comma + 1 + after])) ++after;
    if ((point != std::string_view::npos && point < comma) || after != 3 || number.find(' ') != std::string_view::npos)
      return "it looks written with a decimal comma: read amounts with " + std::string(comma_setting);
  }
  if (decimal_comma && point != std::string_view::npos && comma == std::string_view::npos &&
      number.size() - point - 1 != 3)
    return "it has a decimal point, but amounts are read with a decimal comma";
  return "";
}

// The error `e` about `plain` (the text with its separators removed) said about the
// text as written.
error requoted(error e, std::string_view plain, std::string_view written) {
  const std::string from = quoted(plain);
  if (const std::size_t at = e.message.find(from); at != std::string::npos)
    e.message.replace(at, from.size(), quoted(written));
  return e;
}

bool is_plain_decimal(std::string_view s) noexcept {
  for (char c : s)
    if (!is_digit(c) && c != '.' && c != '-') return false;
  return true;
}

}  // namespace

expected<date_format, error> parse_date_format(std::string_view text, std::string_view where) noexcept {
  const auto bad = [&](const std::string& why) {
    return salesrules::detail::fail(errc::syntax, std::string(where),
                                    quoted(text) + " is not a date format such as YYYY-MM-DD, M/D/Y or D.M.Y" +
                                        (why.empty() ? "" : ": " + why));
  };
  std::string letters;  // the parts' letters in order
  char sep = 0;
  std::size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    if (part != 0) {
      if (i >= text.size()) return bad("");
      const char c = text[i];
      if (c != '-' && c != '/' && c != '.') return bad("the parts are separated by '-', '/' or '.'");
      if (sep != 0 && c != sep) return bad("one separator throughout");
      sep = c;
      ++i;
    }
    if (i >= text.size() || !is_letter(text[i])) return bad("");
    const char letter = upper(text[i]);
    std::size_t n = 0;
    while (i < text.size() && upper(text[i]) == letter) ++i, ++n;
    if (letter == 'Y' && n != 1 && n != 4) return bad("a year is Y or YYYY (four digits; YY does not say the century)");
    if ((letter == 'M' || letter == 'D') && n > 2) return bad("");
    if (letter != 'Y' && letter != 'M' && letter != 'D') return bad("");
    letters += letter;
  }
  if (i != text.size()) return bad("");
  date_format f;
  f.separator = sep;
  if (letters == "YMD")
    f.order = date_order::ymd;
  else if (letters == "MDY")
    f.order = date_order::mdy;
  else if (letters == "DMY")
    f.order = date_order::dmy;
  else
    return bad("the order is Y M D, M D Y or D M Y");
  return f;
}

std::string to_string(const date_format& f) noexcept {
  if (f == date_format{}) return "YYYY-MM-DD";
  const std::string s(1, f.separator);
  switch (f.order) {
    case date_order::ymd: return "Y" + s + "M" + s + "D";
    case date_order::mdy: return "M" + s + "D" + s + "Y";
    case date_order::dmy: return "D" + s + "M" + s + "Y";
  }
  return "YYYY-MM-DD";
}

expected<date, error> parse_export_date(std::string_view text, const date_format& f, std::string_view where) noexcept {
  if (f == date_format{}) {
    auto d = parse_date(text, where);
    if (!d && d.error().code == errc::syntax) {
      if (const std::string hint = date_hint(text); !hint.empty()) d.error().message += "; " + hint;
    }
    return d;
  }
  const auto p = split_date(text, f.separator, f.order == date_order::ymd);
  if (!p) {
    std::string message = quoted(text) + " is not a date in the form " + to_string(f);
    if (parse_date(text, where)) message += " (it is written YYYY-MM-DD, which the file's other dates are not said to be)";
    return salesrules::detail::fail(errc::syntax, std::string(where), std::move(message));
  }
  const int y = f.order == date_order::ymd ? p->a : p->c;
  const int m = f.order == date_order::ymd ? p->b : f.order == date_order::mdy ? p->a : p->b;
  const int d = f.order == date_order::ymd ? p->c : f.order == date_order::mdy ? p->b : p->a;
  if (y == 0 || m < 1 || m > 12)
    return salesrules::detail::fail(errc::out_of_range, std::string(where),
                                    quoted(text) + " has no such year or month (read as " + to_string(f) + ")");
  const date result{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                    std::chrono::day{static_cast<unsigned>(d)}};
  if (!result.ok())
    return salesrules::detail::fail(errc::out_of_range, std::string(where),
                                    quoted(text) + " is not a day of that month (read as " + to_string(f) + ")");
  return result;
}

expected<money, error> parse_export_amount(std::string_view text, currency row, currency fallback,
                                           bool decimal_comma, std::string_view where) noexcept {
  using salesrules::detail::fail;
  const auto no_currency = [&] {
    return fail(errc::missing, std::string(where), "the row gives no currency and the column map no default one");
  };
  // The interchange form: digits, a point and a sign.
  if (!decimal_comma && is_plain_decimal(text)) {
    const currency c = row.is_set() ? row : fallback;
    if (!c.is_set()) return no_currency();
    return parse_money(text, c, where);
  }
  const marked_amount m = split_mark(text);
  // The currency: the row's, checked against the amount's own mark; else the mark's.
  currency c = row;
  if (m.mark == symbol::code) {
    const auto named = currency::from_code(m.code, where);
    if (!named)
      return fail(errc::unknown_currency, std::string(where),
                  quoted(m.code) + " in " + quoted(text) + " is not an ISO 4217 currency code");
    if (row.is_set() && *named != row)
      return fail(errc::currency_mismatch, std::string(where),
                  quoted(text) + " is in " + std::string(named->code()) + " but the row's currency is " +
                      std::string(row.code()));
    c = *named;
  } else if (m.mark != symbol::none) {
    const currency wanted = row.is_set() ? row : fallback;
    if (wanted.is_set() && symbol_allows(m.mark, wanted)) {
      c = wanted;
    } else if (wanted.is_set() && row.is_set()) {
      return fail(errc::currency_mismatch, std::string(where),
                  "the currency symbol in " + quoted(text) + " does not stand for " + std::string(row.code()) +
                      ", the row's currency");
    } else if (!symbol_names(m.mark).empty()) {
      c = *currency::from_code(symbol_names(m.mark));
      if (fallback.is_set() && c != fallback)
        return fail(errc::currency_mismatch, std::string(where),
                    quoted(text) + " is in " + std::string(c.code()) + " but the column map's currency is " +
                        std::string(fallback.code()));
    } else {
      return fail(errc::missing, std::string(where),
                  quoted(text) + " names its currency only by a symbol several currencies use: give the row a "
                                 "currency (a currency column, or the column map's \"currency\")");
    }
  } else if (!c.is_set()) {
    c = fallback;
  }
  if (!c.is_set()) return no_currency();
  const auto plain = plain_number(m.number, decimal_comma);
  if (!plain) {
    std::string message = quoted(text) + " is not an amount such as " +
                          (decimal_comma ? "1234,56 or 1.234,56" : "1234.56 or 1,234.56");
    if (const std::string hint = decimal_hint(m.number, decimal_comma); !hint.empty()) message += "; " + hint;
    return fail(errc::syntax, std::string(where), std::move(message));
  }
  const std::string signed_plain = (m.negative ? "-" : "") + *plain;
  auto amount = parse_money(signed_plain, c, where);
  if (!amount) return unexpected<error>(requoted(std::move(amount.error()), signed_plain, text));
  return amount;
}

expected<percent, error> parse_export_percent(std::string_view text, bool decimal_comma,
                                              std::string_view where) noexcept {
  if (!decimal_comma && text.find(',') == std::string_view::npos && text.find(' ') == std::string_view::npos)
    return parse_percent(text, where);
  std::string_view s = trim_spaces(text);
  if (!s.empty() && s.back() == '%') s = trim_spaces(s.substr(0, s.size() - 1));
  std::string plain(s);
  if (decimal_comma) {
    if (plain.find('.') != std::string::npos)
      return salesrules::detail::fail(errc::syntax, std::string(where),
                                      quoted(text) + " has a decimal point, but percentages are read with a decimal comma");
    if (const std::size_t at = plain.find(','); at != std::string::npos) plain[at] = '.';
  } else if (plain.find(',') != std::string::npos) {
    return salesrules::detail::fail(errc::syntax, std::string(where),
                                    quoted(text) + " is not a percentage such as 12.5; it looks written with a decimal "
                                                   "comma: read it with " + std::string(comma_setting));
  }
  auto p = parse_percent(plain, where);
  if (!p) return unexpected<error>(requoted(std::move(p.error()), plain, text));
  return p;
}

}  // namespace salesrules::io

namespace salesrules::io {
namespace {

constexpr std::int32_t most_offset = 14 * 60;

// "05:30", "0800" or "05", what follows an offset's sign: the minutes, or -1.
std::int32_t offset_minutes(std::string_view s) noexcept {
  const auto two = [&](std::size_t at) {
    return is_digit(s[at]) && is_digit(s[at + 1]) ? (s[at] - '0') * 10 + (s[at + 1] - '0') : -1;
  };
  int h = -1, m = 0;
  if (s.size() == 2) h = two(0);
  else if (s.size() == 4) h = two(0), m = two(2);
  else if (s.size() == 5 && s[2] == ':') h = two(0), m = two(3);
  if (h < 0 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

// A signed offset ("+05:30", "-08:00", "Z", "UTC"), or nullopt.
std::optional<std::int32_t> read_offset(std::string_view s) noexcept {
  if (s == "Z" || s == "z" || s == "UTC" || s == "utc" || s == "GMT") return 0;
  if (s.size() < 3 || (s.front() != '+' && s.front() != '-')) return std::nullopt;
  const std::int32_t m = offset_minutes(s.substr(1));
  if (m < 0 || m > most_offset) return std::nullopt;
  return s.front() == '-' ? -m : m;
}

}  // namespace

expected<std::int32_t, error> parse_utc_offset(std::string_view text, std::string_view where) noexcept {
  if (const auto m = read_offset(text)) return *m;
  return salesrules::detail::fail(errc::syntax, std::string(where),
                                  quoted(text) + " is not a UTC offset: write it +HH:MM or -HH:MM, at most 14:00 "
                                                 "(+05:30, -08:00), or Z");
}

std::string format_utc_offset(std::int32_t minutes) noexcept {
  const std::int64_t a = minutes < 0 ? -std::int64_t{minutes} : std::int64_t{minutes};
  std::string hours = std::to_string(a / 60);
  if (hours.size() < 2) hours.insert(0, 1, '0');
  const auto m = static_cast<char>(a % 60);
  std::string out(1, minutes < 0 ? '-' : '+');
  out += hours;
  out += ':';
  out += static_cast<char>('0' + m / 10);
  out += static_cast<char>('0' + m % 10);
  return out;
}

expected<export_timestamp, error> parse_export_timestamp(std::string_view text, const date_format& f,
                                                        std::int32_t utc_offset, std::string_view where) noexcept {
  using salesrules::detail::fail;
  if (utc_offset < -most_offset || utc_offset > most_offset)
    return fail(errc::out_of_range, std::string(where),
                "the UTC offset " + format_utc_offset(utc_offset) + " is past 14:00 either way");
  // ISO dates, the form of every CRM's API and of most exports, are ten characters:
  // read at once, without searching for where the time starts.
  std::size_t cut = std::string_view::npos;
  std::optional<date> iso;
  if (f == date_format{} && text.size() >= 10 && (text.size() == 10 || text[10] == 'T' || text[10] == ' ')) {
    iso = salesrules::detail::read_iso_date(text.substr(0, 10));
    if (iso && text.size() > 10) cut = 10;
  }
  if (!iso) cut = text.find_first_of("Tt ");
  const std::string_view day_part = text.substr(0, cut);
  auto day = iso ? expected<date, error>(*iso) : parse_export_date(day_part, f, where);
  if (!day) {
    if (cut != std::string_view::npos) day.error().message = quoted(text) + ": " + day.error().message;
    return unexpected<error>(std::move(day.error()));
  }
  constexpr std::int64_t seconds_a_day = 86400;
  // The API form, read at once: HH:MM:SS after the date, then an optional fraction and
  // an optional Z, +HHMM or +HH:MM (Salesforce: 2026-01-05T09:12:44.000+0000).
  if (iso && text.size() >= 19 && text[13] == ':' && text[16] == ':') {
    const auto d2 = [&](std::size_t i) {
      const unsigned a = static_cast<unsigned>(text[i]) - '0', b = static_cast<unsigned>(text[i + 1]) - '0';
      return a <= 9 && b <= 9 ? static_cast<int>(a * 10 + b) : 99;
    };
    const int hh = d2(11), mm = d2(14), ss = d2(17);
    std::size_t i = 19;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && is_digit(text[i])) ++i;
    }
    std::string_view zone = text.substr(i);
    std::int32_t own = 0;
    bool zone_ok = zone.empty() || zone == "Z";
    if (!zone_ok && (zone.size() == 5 || (zone.size() == 6 && zone[3] == ':')) && (zone[0] == '+' || zone[0] == '-')) {
      const int zh = d2(i + 1), zm = d2(i + (zone.size() == 6 ? 4 : 3));
      zone_ok = zh <= 14 && zm <= 59 && zh * 60 + zm <= most_offset;
      own = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
    }
    if (hh <= 23 && mm <= 59 && ss <= 59 && zone_ok && (i == 19 || text[19] != '.' || i > 20)) {
      const std::int32_t written = salesrules::detail::day_number(*iso);
      const std::int64_t moment = written * seconds_a_day + std::int64_t{hh} * 3600 + std::int64_t{mm} * 60 + ss -
                                  std::int64_t{own} * 60;
      const std::int64_t local = moment + std::int64_t{utc_offset} * 60;
      if (local >= written * seconds_a_day && local < (written + 1) * seconds_a_day)
        return export_timestamp{*iso, moment, true};
    }
    // Anything else (another day at the offset, a malformed time) goes the long way.
  }
  if (cut == std::string_view::npos)
    return export_timestamp{*day, salesrules::detail::day_number(*day) * seconds_a_day - std::int64_t{utc_offset} * 60,
                            false};
  const auto bad = [&](std::string_view why) {
    return fail(errc::syntax, std::string(where),
                quoted(text) + " is not a date and time (" + std::string(why) +
                    "): write the time H:MM or H:MM:SS after 'T' or a space, and its UTC offset after it if it has one");
  };
  std::string_view s = text.substr(cut + 1);
  const int h = take_number(s, 1, 2);
  if (h < 0 || s.empty() || s.front() != ':') return bad("no hours and minutes");
  s.remove_prefix(1);
  const int m = take_number(s, 2, 2);
  if (m < 0) return bad("no minutes");
  int sec = 0;
  if (!s.empty() && s.front() == ':') {
    s.remove_prefix(1);
    sec = take_number(s, 2, 2);
    if (sec < 0) return bad("no seconds");
    if (!s.empty() && (s.front() == '.' || s.front() == ',')) {
      s.remove_prefix(1);
      if (s.empty() || !is_digit(s.front())) return bad("no digits after the seconds' point");
      while (!s.empty() && is_digit(s.front())) s.remove_prefix(1);
    }
  }
  int hour = h;
  if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() >= 2 && (upper(s[0]) == 'A' || upper(s[0]) == 'P') && upper(s[1]) == 'M' &&
      (s.size() == 2 || !is_letter(s[2]))) {
    if (h < 1 || h > 12) return bad("an hour of a 12-hour clock runs 1-12");
    hour = h % 12 + (upper(s[0]) == 'P' ? 12 : 0);
    s.remove_prefix(2);
    if (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
  if (hour > 23 || m > 59 || sec > 59) return bad("no such time of day");
  std::int32_t own = 0;
  if (!s.empty()) {
    const auto o = read_offset(s);
    if (!o) return bad("what follows the time is not a UTC offset");
    own = *o;
  }
  // The moment in UTC, then its day at the offset asked for.
  const std::int32_t written = salesrules::detail::day_number(*day);
  const std::int64_t moment =
      written * seconds_a_day + std::int64_t{hour} * 3600 + std::int64_t{m} * 60 + sec - std::int64_t{own} * 60;
  const std::int64_t local = moment + std::int64_t{utc_offset} * 60;
  const std::int64_t days = local >= 0 ? local / seconds_a_day : -((seconds_a_day - 1 - local) / seconds_a_day);
  // Most often the day as written (no offset, or one that keeps the day).
  if (days == written) return export_timestamp{*day, moment, true};
  const date result{std::chrono::sys_days{std::chrono::days{days}}};
  if (!result.ok() || static_cast<int>(result.year()) < 1 || static_cast<int>(result.year()) > 9999)
    return fail(errc::out_of_range, std::string(where), quoted(text) + " falls outside the years 0001-9999");
  return export_timestamp{result, moment, true};
}

}  // namespace salesrules::io
