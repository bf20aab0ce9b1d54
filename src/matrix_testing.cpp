// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/matrix_testing.hpp>

#include <salesrules/approval_analysis.hpp>
#include <salesrules/io/csv.hpp>
#include <salesrules/io/escape.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <istream>
#include <string>
#include <string_view>
#include <utility>

namespace salesrules::io {
namespace {

template <class Range>
std::string joined(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Whether two lists name the same reviewers, each once (ASCII case aside).
bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const auto within = [](const std::vector<std::string>& x, const std::vector<std::string>& y) {
    return std::all_of(x.begin(), x.end(), [&](const std::string& n) {
      return std::any_of(y.begin(), y.end(), [&](const std::string& m) { return same_name(n, m); });
    });
  };
  return within(a, b) && within(b, a);
}

// The case's name as a text line shows it (io/escape.hpp): golden files are data.
std::string where_from(const case_outcome& o) {
  std::string out = io::escape_text(detail::quoted(o.name));
  if (o.line != 0) out += " (line " + std::to_string(o.line) + ")";
  return out;
}

// ---------------------------------------------------------------------------
// Reading golden cases

enum class column : std::uint8_t {
  name,
  expect_level,
  expect_reviewers,
  expect_missing,
  discount,
  list,
  net,
  currency,
  deal_amount,
  term_months,
  payment_days,
  nonstandard_terms,
  phased_rollout,
  evidence,
};
constexpr std::array<std::string_view, 14> column_names{
    "case",     "expect_level", "expect_reviewers", "expect_missing", "discount",          "list",           "net",
    "currency", "deal_amount",  "term_months",      "payment_days",   "nonstandard_terms", "phased_rollout", "evidence"};
constexpr std::size_t absent = static_cast<std::size_t>(-1);

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "Business Case", "business-case" -> "business_case"
std::string normalized(std::string_view s) {
  std::string out;
  for (char c : trim(s)) out += (c == ' ' || c == '-') ? '_' : detail::ascii_lower(c);
  return out;
}

// Calls f on each non-empty item of a ';'-separated list, trimmed.
template <class F>
std::optional<error> each_item(std::string_view cell, F f) {
  while (true) {
    const auto semi = cell.find(';');
    const auto item = trim(cell.substr(0, semi));
    if (!item.empty())
      if (auto e = f(item)) return e;
    if (semi == std::string_view::npos) return std::nullopt;
    cell.remove_prefix(semi + 1);
  }
}

// A list of the policy's own names (reviewers, evidence), as given: checked when the case is.
std::vector<std::string> name_list(std::string_view cell) {
  std::vector<std::string> out;
  if (normalized(cell) == "none") return out;
  (void)each_item(cell, [&](std::string_view item) -> std::optional<error> {
    out.emplace_back(item);
    return std::nullopt;
  });
  return out;
}

std::string names(const std::vector<std::string>& list) {
  return list.empty() ? std::string("none") : io::escape_text(joined(list));
}

expected<bool, error> parse_flag(std::string_view cell) {
  const auto v = normalized(cell);
  if (v.empty() || v == "false" || v == "no" || v == "0") return false;
  if (v == "true" || v == "yes" || v == "1") return true;
  return detail::fail(errc::syntax, "", detail::quoted(cell) + " is not true/false, yes/no or 1/0");
}

expected<std::int32_t, error> parse_count(std::string_view cell, std::int32_t if_empty) {
  cell = trim(cell);
  if (cell.empty()) return if_empty;
  std::int32_t v = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc() && v < 0))
    return detail::fail(errc::out_of_range, "", detail::quoted(cell) + " is not a count of 0 or more");
  if (ec != std::errc() || end != cell.data() + cell.size())
    return detail::fail(errc::syntax, "", detail::quoted(cell) + " is not a whole number");
  return v;
}

// One price per quote line; an empty item would pair the lines wrongly, so it is an error.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
expected<std::vector<money>, error> parse_prices(std::string_view cell, currency cur) {
  std::vector<money> out;
  for (std::size_t n = 1;; ++n) {
    const auto semi = cell.find(';');
    const auto item = trim(cell.substr(0, semi));
    if (item.empty())
      return detail::fail(errc::syntax, "", "price " + std::to_string(n) + " of the list is empty");
    auto m = parse_money(item, cur);
    if (!m) return unexpected<error>(m.error());
    out.push_back(*m);
    if (semi == std::string_view::npos) return out;
    cell.remove_prefix(semi + 1);
  }
}

class case_reader {
 public:
  case_reader(csv_reader& reader, const discount_policy* policy) : reader_(reader), policy_(policy) {}

  expected<std::vector<matrix_case>, error> read() {
    auto header = read_csv_header(reader_);
    if (!header) return unexpected<error>(header.error());
    header_ = std::move(*header);
    if (auto e = map_columns()) return unexpected<error>(std::move(*e));
    std::vector<matrix_case> cases;
    while (true) {
      auto more = reader_.next();
      if (!more) return unexpected<error>(in_case(more.error()));
      if (!*more) return cases;
      auto c = read_case(reader_.record());
      if (!c) return unexpected<error>(std::move(c.error()));
      cases.push_back(std::move(*c));
    }
  }

 private:
  std::optional<error> map_columns() {
    at_.fill(absent);
    for (std::size_t i = 0; i < header_.size(); ++i) {
      const auto name = normalized(header_.name(i));
      const auto* it = std::find(column_names.begin(), column_names.end(), name);
      if (it == column_names.end()) {
        // A custom field the policy declares, on the request or (one value a line) on its lines.
        if (const auto custom = declared_field(header_.name(i))) {
          for (const auto& seen : custom_)
            if (seen.field == custom->first)
              return error{errc::duplicate, detail::pointer(custom->first->name),
                           "column " + detail::quoted(custom->first->name) + " appears twice (columns " +
                               std::to_string(seen.index + 1) + " and " + std::to_string(i + 1) + ")",
                           header_.line(), i + 1};
          custom_.push_back({i, custom->first, custom->second});
          continue;
        }
        std::string known = joined(column_names);
        if (policy_ != nullptr)
          for (const auto* list : {&policy_->fields, &policy_->line_fields})
            for (const auto& f : *list) known += ", " + f.name;
        return error{errc::unknown_name, detail::pointer(header_.name(i)),
                     "unknown column " + detail::quoted(header_.name(i)) + "; the columns are " + known,
                     header_.line(), i + 1};
      }
      auto& slot = at_[static_cast<std::size_t>(it - column_names.begin())];
      if (slot != absent)
        return error{errc::duplicate, detail::pointer(name),
                     "column " + detail::quoted(name) + " appears twice (columns " + std::to_string(slot + 1) + " and " +
                         std::to_string(i + 1) + ")",
                     header_.line(), i + 1};
      slot = i;
    }
    for (column required : {column::name, column::expect_level})
      if (!has(required))
        return error{errc::unknown_name, detail::pointer(column_names[static_cast<std::size_t>(required)]),
                     "the header has no " + detail::quoted(column_names[static_cast<std::size_t>(required)]) + " column",
                     header_.line(), 0};
    if (has(column::list) != has(column::net))
      return error{errc::unknown_name, has(column::list) ? "/net" : "/list",
                   "list and net prices come as a pair of columns; the header has only one", header_.line(), 0};
    if (!has(column::discount) && !has(column::list))
      return error{errc::unknown_name, "/discount",
                   "the header has neither a \"discount\" column nor \"list\" and \"net\" columns", header_.line(), 0};
    return std::nullopt;
  }

  [[nodiscard]] bool has(column c) const { return at_[static_cast<std::size_t>(c)] != absent; }

  // The declaration a header names among the policy's request fields (false) or line
  // fields (true), as names.hpp matches names; a field's column given twice is refused
  // as any column is.
  [[nodiscard]] std::optional<std::pair<const field_declaration*, bool>> declared_field(std::string_view header) const {
    if (policy_ == nullptr) return std::nullopt;
    const auto name = trim(header);
    for (const bool on_lines : {false, true})
      for (const auto& f : on_lines ? policy_->line_fields : policy_->fields)
        if (same_name(f.name, name)) return std::pair{&f, on_lines};
    return std::nullopt;
  }

  // The custom columns of `rec` into `r`: typed as declared, a line field one value a
  // line (separated by ';', as list and net are).
  std::optional<error> read_custom(const csv_record& rec, discount_request& r) const {
    for (const auto& col : custom_) {
      const auto placed = [&](error e) {
        e.line = rec.line;
        e.column = col.index + 1;
        return e;
      };
      const std::string_view text = trim(rec[col.index]);
      if (!col.on_lines) {
        std::string at = "/fields";
        detail::append_segment(at, col.field->name);
        auto v = typed_value(text, col.field->type, at);
        if (!v) return placed(std::move(v.error()));
        if (v->index() != 0) r.fields.set(col.field->name, std::move(*v));
        continue;
      }
      if (text.empty()) continue;
      std::vector<std::string_view> items;
      for (std::string_view rest = text;;) {
        const auto semi = rest.find(';');
        items.push_back(trim(rest.substr(0, semi)));
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
      if (items.size() != r.lines.size())
        return placed(error{errc::inconsistent, "/lines",
                            std::to_string(items.size()) + " values of " + detail::quoted(col.field->name) + " but " +
                                std::to_string(r.lines.size()) + " quote lines; give one a line"});
      for (std::size_t i = 0; i < items.size(); ++i) {
        std::string at = "/lines/" + std::to_string(i) + "/fields";
        detail::append_segment(at, col.field->name);
        auto v = typed_value(items[i], col.field->type, at);
        if (!v) return placed(std::move(v.error()));
        if (v->index() != 0) r.lines[i].fields.set(col.field->name, std::move(*v));
      }
    }
    return std::nullopt;
  }

  // The error `e` placed at column `c` of `rec`: the case read as an object keyed by
  // our column names ("/expect_level"), with the cell's line and column.
  error at(error e, const csv_record& rec, column c) const {
    const auto i = at_[static_cast<std::size_t>(c)];
    e.where = detail::pointer(column_names[static_cast<std::size_t>(c)]);
    e.line = rec.line;
    e.column = i == absent ? 0 : i + 1;
    return e;
  }

  // A malformed record's error: at our column for its field, if it has one.
  error in_case(error e) const {
    for (std::size_t c = 0; c < at_.size() && e.column != 0; ++c)
      if (at_[c] != absent && at_[c] + 1 == e.column) e.where = detail::pointer(column_names[c]);
    return e;
  }

  expected<matrix_case, error> read_case(const csv_record& rec) const {
    if (rec.size() != header_.size())
      return error_at(rec, "the row has " + std::to_string(rec.size()) + " fields, the header " +
                               std::to_string(header_.size()));
    const auto cell = [&](column c) -> std::string_view {
      const auto i = at_[static_cast<std::size_t>(c)];
      return i == absent ? std::string_view() : rec[i];
    };
    const auto fail_at = [&](error e, column c) { return unexpected<error>(at(std::move(e), rec, c)); };
    const auto blank = [&](column c) { return trim(cell(c)).empty(); };

    matrix_case m;
    m.line = rec.line;
    m.name = std::string(trim(cell(column::name)));
    if (m.name.empty())
      return fail_at(error{errc::syntax, "", "the case has no name"}, column::name);
    m.expect_level = std::string(trim(cell(column::expect_level)));
    if (m.expect_level.empty())
      return fail_at(error{errc::syntax, "", "the case names no expected level"}, column::expect_level);
    m.expect_reviewers = name_list(cell(column::expect_reviewers));
    if (!blank(column::expect_missing)) m.expect_missing = name_list(cell(column::expect_missing));
    discount_request& r = m.request;
    r.evidence = name_list(cell(column::evidence));
    if (policy_ != nullptr) {  // the policy's names are known: a name that is none of them is an error here
      const auto unknown = [](auto known) -> std::optional<error> {
        if (known) return std::nullopt;
        known.error().where.clear();
        return std::move(known.error());
      };
      if (auto e = unknown(detail::reviewers_of(*policy_, m.expect_reviewers, "")))
        return fail_at(std::move(*e), column::expect_reviewers);
      if (auto e = m.expect_missing ? unknown(detail::evidence_of(*policy_, *m.expect_missing, "")) : std::nullopt)
        return fail_at(std::move(*e), column::expect_missing);
      if (auto e = unknown(detail::evidence_of(*policy_, r.evidence, ""))) return fail_at(std::move(*e), column::evidence);
    }
    const bool priced = !blank(column::list) || !blank(column::net);
    if (!blank(column::discount) && priced)
      return fail_at(error{errc::inconsistent, "", "the row has both a discount and list and net prices; give one"},
                     column::discount);
    if (blank(column::discount) && !priced)
      return fail_at(error{errc::syntax, "", "the row has neither a discount nor list and net prices"},
                     has(column::discount) ? column::discount : column::list);
    std::optional<currency> cur;
    if (!blank(column::currency)) {  // checked even when the row has no amounts
      auto c = currency::from_code(trim(cell(column::currency)));
      if (!c) return fail_at(c.error(), column::currency);
      cur = *c;
    }
    if ((priced || !blank(column::deal_amount)) && !cur)
      return fail_at(error{errc::syntax, "", "the row has amounts but no currency"}, column::currency);
    if (priced) {
      auto list = parse_prices(cell(column::list), *cur);
      if (!list) return fail_at(list.error(), column::list);
      auto net = parse_prices(cell(column::net), *cur);
      if (!net) return fail_at(net.error(), column::net);
      if (list->size() != net->size())
        return fail_at(error{errc::inconsistent, "",
                             std::to_string(list->size()) + " list prices but " + std::to_string(net->size()) +
                                 " net prices; each quote line needs both"},
                       column::net);
      for (std::size_t i = 0; i < list->size(); ++i) r.lines.push_back({(*list)[i], (*net)[i]});
    } else {
      auto d = parse_percent(trim(cell(column::discount)));
      if (!d) return fail_at(d.error(), column::discount);
      r.discount = *d;
    }
    if (!blank(column::deal_amount)) {
      auto a = parse_money(trim(cell(column::deal_amount)), *cur);
      if (!a) return fail_at(a.error(), column::deal_amount);
      r.deal_amount = *a;
    }
    auto term = parse_count(cell(column::term_months), 12);
    if (!term) return fail_at(term.error(), column::term_months);
    r.term_months = *term;
    auto days = parse_count(cell(column::payment_days), 30);
    if (!days) return fail_at(days.error(), column::payment_days);
    r.payment_days = *days;
    auto nonstandard = parse_flag(cell(column::nonstandard_terms));
    if (!nonstandard) return fail_at(nonstandard.error(), column::nonstandard_terms);
    r.nonstandard_terms = *nonstandard;
    auto phased = parse_flag(cell(column::phased_rollout));
    if (!phased) return fail_at(phased.error(), column::phased_rollout);
    r.phased_rollout = *phased;
    if (auto e = read_custom(rec, r)) return unexpected<error>(std::move(*e));
    return m;
  }

  [[nodiscard]] unexpected<error> error_at(const csv_record& rec, std::string message) const {
    return unexpected<error>(error{errc::syntax, "", std::move(message), rec.line, 0});
  }

  struct custom_column {
    std::size_t index;
    const field_declaration* field;
    bool on_lines;
  };
  csv_reader& reader_;
  const discount_policy* policy_;
  csv_header header_;
  std::array<std::size_t, column_names.size()> at_{};
  std::vector<custom_column> custom_;
};

// ---------------------------------------------------------------------------
// Rendering

std::string band_label(const discount_band& b, bool first) {
  return (first ? "" : "over ") + to_string(b.from) + " to " + to_string(b.to);
}

std::string rule_label(const validated<discount_policy>& p, std::size_t i) {
  return "rule " + std::to_string(i) + " " + io::escape_text(detail::quoted(p->rules[i].name));
}

// A level's name as a text line shows it.
std::string level_text(const validated<discount_policy>& p, level_index level) {
  return io::escape_text(level_name(level, p));
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
std::string dimension_value(deal_dimension d, std::int64_t v, currency amount_currency) {
  switch (d) {
    case deal_dimension::deal_amount: return "a deal of " + to_string(money(v, amount_currency));
    case deal_dimension::term_months: return "a term of " + std::to_string(v) + " months";
    case deal_dimension::payment_days: return "payment in " + std::to_string(v) + " days";
    default: return std::string(name_of(d)) + " " + std::to_string(v);
  }
}

// Rows of cells as aligned text, two spaces between columns, one line a row.
std::string aligned(const std::vector<std::vector<std::string>>& cells) {
  std::vector<std::size_t> width;
  for (const auto& row : cells)
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (width.size() <= j) width.push_back(0);
      width[j] = std::max(width[j], io::display_width(row[j]));
    }
  std::string out;
  for (const auto& row : cells) {
    std::string line;
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (j != 0) line.append(2, ' ');
      line += row[j];
      if (j + 1 < row.size()) line.append(width[j] - io::display_width(row[j]), ' ');
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------

std::size_t matrix_report::failed() const noexcept {
  return static_cast<std::size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const case_outcome& o) { return !o.passed; }));
}

matrix_report check_matrix(std::span<const matrix_case> cases, const validated<discount_policy>& p) noexcept {
  matrix_report report;
  report.outcomes.reserve(cases.size());
  for (const auto& c : cases) {
    case_outcome& o = report.outcomes.emplace_back();
    o.name = c.name;
    o.line = c.line;
    o.expected_level = c.expect_level;
    o.expected_reviewers = c.expect_reviewers;
    o.expected_missing = c.expect_missing;
    const auto expected_level = detail::find_level(*p, c.expect_level);  // as validate() names levels
    const bool expect_refused = !expected_level && same_name(c.expect_level, "refused");
    if (!expected_level && !expect_refused) {
      o.problem = error{errc::unknown_name, "/expect_level",
                        detail::quoted(c.expect_level) + " is not a level of the policy (" + joined(p->levels) + ")",
                        c.line, 0};
      continue;
    }
    auto expected_reviewers = detail::reviewers_of(*p, c.expect_reviewers, "/expect_reviewers");
    if (!expected_reviewers) {
      o.problem = std::move(expected_reviewers.error());
      o.problem->message += " (the policy's: " + joined(p->reviewers) + ")";
      o.problem->line = c.line;
      continue;
    }
    auto expected_missing = detail::evidence_of(*p, c.expect_missing.value_or(std::vector<std::string>{}), "/expect_missing");
    if (!expected_missing) {
      o.problem = std::move(expected_missing.error());
      o.problem->message += " (the policy's: " + joined(p->evidence) + ")";
      o.problem->line = c.line;
      continue;
    }
    const auto d = decide_discount(c.request, p);
    if (!d) {
      o.problem = d.error();
      o.problem->line = c.line;
      continue;
    }
    // A refused decision shows as "refused"; its level is that of the rules before the refusal.
    o.actual_level = d->refused ? std::string("refused") : std::string(level_name(d->level, p));
    for (const reviewer_index r : d->reviewers) o.actual_reviewers.emplace_back(reviewer_name(r, p));
    for (const evidence_index e : d->missing) o.actual_missing.emplace_back(evidence_name(e, p));
    const bool level_as_expected = expect_refused ? d->refused : !d->refused && d->level == level_index{*expected_level};
    o.passed = level_as_expected && d->reviewers == *expected_reviewers &&
               (!o.expected_missing || d->missing == *expected_missing);
  }
  return report;
}

std::string diff(const matrix_report& r) noexcept {
  std::string out;
  for (const auto& o : r.outcomes) {
    if (o.passed) continue;
    out += "FAIL " + where_from(o) + "\n";
    if (o.problem) {
      out += "  cannot be checked: " +
             io::escape_text((o.problem->where.empty() ? "" : o.problem->where + ": ") + o.problem->message) + "\n";
      continue;
    }
    if (!same_name(o.actual_level, o.expected_level))
      out += "  level:     expected " + io::escape_text(o.expected_level) + ", got " + io::escape_text(o.actual_level) +
             "\n";
    if (!same_names(o.actual_reviewers, o.expected_reviewers))
      out += "  reviewers: expected " + names(o.expected_reviewers) + "; got " + names(o.actual_reviewers) + "\n";
    if (o.expected_missing && !same_names(*o.expected_missing, o.actual_missing))
      out += "  missing:   expected " + names(*o.expected_missing) + "; got " + names(o.actual_missing) + "\n";
  }
  if (!out.empty())
    out += std::to_string(r.failed()) + " of " + std::to_string(r.outcomes.size()) + " cases failed\n";
  return out;
}

std::string summary(const matrix_report& r) noexcept {
  std::string out;
  for (const auto& o : r.outcomes) {
    out += o.passed ? "pass " : "FAIL ";
    out += where_from(o);
    if (o.passed)
      out += ": " + io::escape_text(o.actual_level) + (o.actual_reviewers.empty() ? "" : ", " + names(o.actual_reviewers));
    out += "\n";
  }
  out += std::to_string(r.passed()) + " of " + std::to_string(r.outcomes.size()) + " cases passed\n";
  return out;
}

expected<std::vector<matrix_case>, error> read_matrix_cases(std::istream& in) noexcept {
  csv_reader reader(in);
  return case_reader(reader, nullptr).read();
}

expected<std::vector<matrix_case>, error> read_matrix_cases(std::string_view text) noexcept {
  csv_reader reader(text);
  return case_reader(reader, nullptr).read();
}

expected<std::vector<matrix_case>, error> read_matrix_cases(std::istream& in, const discount_policy& p) noexcept {
  csv_reader reader(in);
  return case_reader(reader, &p).read();
}

expected<std::vector<matrix_case>, error> read_matrix_cases(std::string_view text, const discount_policy& p) noexcept {
  csv_reader reader(text);
  return case_reader(reader, &p).read();
}

std::string render_effective_matrix(const matrix_analysis& a, const validated<discount_policy>& p) noexcept {
  const auto& cols = a.table.columns;
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> head{"discount"};
  if (cols.size() <= 1) {
    head.emplace_back("any deal amount");
  } else {
    for (std::size_t j = 0; j < cols.size(); ++j)
      head.push_back(j == 0 ? "under " + to_string(cols[1]) : to_string(cols[j]) + " and up");
  }
  cells.push_back(std::move(head));
  for (std::size_t i = 0; i < a.table.levels.size() && i < p->bands.size(); ++i) {
    std::vector<std::string> row{band_label(p->bands[i], i == 0)};
    for (auto level : a.table.levels[i]) row.push_back(level_text(p, level));
    cells.push_back(std::move(row));
  }
  std::string out = aligned(cells);
  // Approval rules judge fields the table has no axis for: each has its own table.
  if (!p->approval_rules.empty())
    out += "and " + std::to_string(p->approval_rules.size()) +
           " approval rules on other fields, drawn by field (render_dimension_matrix)\n";
  return out;
}

std::string segment_label(const dimension_segment& s) noexcept {
  const auto value = [](const field_value& v) { return to_string(v); };
  switch (s.kind) {
    case segment_kind::value: return value(s.low);
    case segment_kind::other_values: return "any other value";
    case segment_kind::not_set: return "not set";
    case segment_kind::range: break;
  }
  const bool low = s.low.index() != 0, high = s.high.index() != 0;
  std::string out;
  if (low) out += (s.low_included ? ">= " : "> ") + value(s.low);
  if (low && high) out += " and ";
  if (high) out += (s.high_included ? "<= " : "< ") + value(s.high);
  return low || high ? out : "any value";
}

std::string row_label(const discount_row& r) {
  if (r.low == r.high) return to_string(r.low);
  std::string out = r.low.basis_points() == 0 && r.low_included ? "0%" : (r.low_included ? "from " : "over ") + to_string(r.low);
  return out + (r.high_included ? " to " : " to under ") + to_string(r.high);
}

std::string render_dimension_matrix(const rule_dimension& d, std::span<const discount_row> rows,
                                    const validated<discount_policy>& p) noexcept {
  if (!d.analysed) return io::escape_text(d.field) + ": not drawn, the rules compare it in two currencies\n";
  if (d.capped)
    return io::escape_text(d.field) + ": not drawn, its coverage would take more than " + std::to_string(max_cells) +
           " checks\n";
  if (d.table_capped)
    return io::escape_text(d.field) + ": not drawn, the table would take more than " + std::to_string(max_cells) +
           " rule evaluations\n";
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> head{io::escape_text(d.field)};
  for (const auto& s : d.segments) head.push_back(io::escape_text(segment_label(s)));
  cells.push_back(std::move(head));
  for (std::size_t b = 0; b < rows.size(); ++b) {
    std::vector<std::string> row{row_label(rows[b])};
    for (const auto& s : d.segments) {
      if (b >= s.levels.size()) return io::escape_text(d.field) + ": not drawn\n";  // rows of another analysis
      row.push_back(s.levels[b] ? level_text(p, *s.levels[b]) : std::string("refused"));
    }
    cells.push_back(std::move(row));
  }
  return aligned(cells);
}

std::string explain(const matrix_analysis& a, const validated<discount_policy>& p) noexcept {
  std::string out;
  if (!a.covers_every_discount) out += "the bands do not cover every discount from 0% to 100%\n";
  if (!a.larger_discount_never_lower) out += "a larger discount falls in a band with a lower level\n";
  const currency amount_currency = a.table.columns.empty() ? currency{} : a.table.columns.front().currency();
  for (const auto& b : a.breaks)
    out += "from " + level_text(p, b.base) + ": " + dimension_value(b.dimension, b.larger, amount_currency) +
           " needs " + level_text(p, b.level_at_larger) + ", but " +
           dimension_value(b.dimension, b.smaller, amount_currency) + " needs " + level_text(p, b.level_at_smaller) +
           ", a higher level\n";
  for (const auto& s : a.shadowed)
    out += rule_label(p, s.rule) + " can never apply: " + rule_label(p, s.by) +
           ", earlier in the same dimension, applies to every deal it would\n";
  if (out.empty()) out = "the matrix is sound\n";
  return out;
}

}  // namespace salesrules::io
