// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/import.hpp>

#include <salesrules/date.hpp>
#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/io/export_format.hpp>
#include <salesrules/io/history.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rating.hpp>
#include <salesrules/stage.hpp>

#include "file_parts.hpp"
#include "id_registry.hpp"
#include "json_syntax.hpp"
#include "utf16.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <version>

namespace salesrules::io {
namespace {

// Our columns, in the interchange CSV's order.
enum class col : std::uint8_t {
  id,
  account,
  owner,
  amount,
  currency,
  stage,
  probability,
  forecast_category,
  close_date,
  created_date,
  last_activity_date,
  next_step,
  next_step_date,
  next_step_owner,
  contacts,
  budget,
  authority,
  need,
  timeline,
  champion,
  competition,
  metrics,
  economic_buyer,
  decision_criteria,
  decision_process,
  identify_pain,
  champion_name,
  paper_process,
  competitors,
  discount_pct,
  segment,
  outcome,
  closed_date,
  loss_reason,
  source,
  recurring,
};
constexpr std::size_t column_count = 36;
// The interchange CSV's columns before `source` and `recurring` were added: a file of
// that layout (or with `source` only) is still read as fast as one of ours.
constexpr std::size_t columns_of_first_layout = 34;

constexpr std::array<std::string_view, column_count> column_names{
    "id",           "account",          "owner",          "amount",
    "currency",     "stage",            "probability",    "forecast_category",
    "close_date",   "created_date",     "last_activity_date", "next_step",
    "next_step_date", "next_step_owner", "contacts",      "budget",
    "authority",    "need",             "timeline",       "champion",
    "competition",  "metrics",          "economic_buyer", "decision_criteria",
    "decision_process", "identify_pain", "champion_name", "paper_process",
    "competitors",  "discount_pct",     "segment",        "outcome",
    "closed_date",  "loss_reason",      "source",         "recurring"};

// The pointer of the deal's field each column feeds (error::where of a bad cell): the
// currency is part of the amount, the competitors also fill meddpicc.competition.
constexpr std::array<std::string_view, column_count> field_pointers{
    "/id",
    "/account",
    "/owner",
    "/amount",
    "/amount",
    "/stage",
    "/probability_override",
    "/forecast_override/category",
    "/close_date",
    "/created_date",
    "/last_activity_date",
    "/next_step/action",
    "/next_step/due",
    "/next_step/owner",
    "/contact_count",
    "/ratings/budget",
    "/ratings/authority",
    "/ratings/need",
    "/ratings/timeline",
    "/ratings/champion",
    "/ratings/competition",
    "/meddpicc/metrics",
    "/meddpicc/economic_buyer",
    "/meddpicc/decision_criteria",
    "/meddpicc/decision_process",
    "/meddpicc/identify_pain",
    "/meddpicc/champion",
    "/meddpicc/paper_process",
    "/competitors",
    "/requested_discount",
    "/segment",
    "/outcome",
    "/closed_date",
    "/loss_reason",
    "/source",
    "/annual_recurring"};
// One pointer per column, none left empty by a missing initializer.
static_assert(std::ranges::all_of(field_pointers, [](std::string_view p) { return p.starts_with('/'); }));

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

constexpr std::size_t at(col c) noexcept { return static_cast<std::size_t>(c); }

// Our column called `name`: exactly, else ignoring ASCII case; npos when none.
std::size_t our_column(std::string_view name) noexcept {
  for (std::size_t i = 0; i < column_count; ++i)
    if (column_names[i] == name) return i;
  for (std::size_t i = 0; i < column_count; ++i)
    if (same_name(column_names[i], name)) return i;
  return npos;
}

// Blanks and tabs around a value that is not free text.
inline std::string_view trim(std::string_view s) noexcept {
  if (s.empty() || (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t')) return s;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of a cell written as digits with at most `decimals` decimals, scaled by
// 10^decimals ("70765.11" with 2 decimals is 7076511) and at most `limit`, read with
// the parsers' own pieces but without building an error; nothing otherwise, and the
// general parser reads the cell, to accept or to explain it.
[[nodiscard]] inline std::optional<std::int64_t> plain_scaled(std::string_view t, int decimals,
                                                             std::uint64_t limit) noexcept {
  const auto d = detail::split_decimal(t);
  if (!d || d->negative || d->fraction.size() > static_cast<std::size_t>(decimals)) return std::nullopt;
  const auto v = detail::scaled_value(*d, decimals, limit);
  if (!v) return std::nullopt;
  return static_cast<std::int64_t>(*v);
}

// s = v, for the short texts of a row: a few fixed-size moves instead of
// std::string::assign's general path (which allows for `v` inside `s` and calls
// memmove). `v` never points into `s` here. Allocates only when `s` has to grow.
// The operation copies v.size() bytes whatever size it is handed: when the string
// grows, GCC 12 hands it the new capacity instead of the size asked for.
// Built as C++20 (with tl::expected), the library has no resize_and_overwrite and
// takes the plain assign.
inline void set_text(std::string& s, std::string_view v) {
#if !defined(__cpp_lib_string_resize_and_overwrite)
  s.assign(v);
#else
  s.resize_and_overwrite(v.size(), [v](char* to, std::size_t) noexcept {
    const std::size_t n = v.size();
    const char* const from = v.data();
    if (n >= 8 && n <= 16) {
      std::memcpy(to, from, 8);
      std::memcpy(to + n - 8, from + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(to, from, 4);
      std::memcpy(to + n - 4, from + n - 4, 4);
    } else if (n > 0 && n < 4) {
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    } else if (n > 16) {
      std::memcpy(to, from, n);
    }
    return n;
  });
#endif
}

// A count of contacts: digits only, up to 2^32 - 1.
std::optional<std::uint32_t> whole_count(std::string_view s) noexcept {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!detail::is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

constexpr std::array<std::pair<forecast_category, std::string_view>, 6> category_words{{
    {forecast_category::upside, "Upside"},
    {forecast_category::pipeline, "Pipeline"},
    {forecast_category::best_case, "Best Case"},
    {forecast_category::commit, "Commit"},
    {forecast_category::closed, "Closed"},
    {forecast_category::omitted, "Omitted"},
}};

// "Best Case", "best case" or "best_case".
std::optional<forecast_category> category_named(std::string_view s) noexcept {
  for (const auto& [category, word] : category_words)
    if (same_name(word, s) || same_name(name_of(category), s)) return category;
  return std::nullopt;
}

constexpr std::array<deal_outcome, 4> outcomes{deal_outcome::open, deal_outcome::won, deal_outcome::lost,
                                               deal_outcome::disqualified};

std::optional<deal_outcome> outcome_named(std::string_view s) noexcept {
  for (deal_outcome o : outcomes)  // as written most often, then ignoring case
    if (name_of(o) == s) return o;
  for (deal_outcome o : outcomes)
    if (same_name(name_of(o), s)) return o;
  return std::nullopt;
}

deal_outcome outcome_of_kind(stage_kind k) noexcept {
  return k == stage_kind::won ? deal_outcome::won : k == stage_kind::lost ? deal_outcome::lost : deal_outcome::open;
}

constexpr std::array<std::pair<col, rating qualification_ratings::*>, 6> rating_columns{{
    {col::budget, &qualification_ratings::budget},
    {col::authority, &qualification_ratings::authority},
    {col::need, &qualification_ratings::need},
    {col::timeline, &qualification_ratings::timeline},
    {col::champion, &qualification_ratings::champion},
    {col::competition, &qualification_ratings::competition},
}};

constexpr std::array<std::pair<col, std::string meddpicc_fields::*>, 7> meddpicc_columns{{
    {col::metrics, &meddpicc_fields::metrics},
    {col::economic_buyer, &meddpicc_fields::economic_buyer},
    {col::decision_criteria, &meddpicc_fields::decision_criteria},
    {col::decision_process, &meddpicc_fields::decision_process},
    {col::identify_pain, &meddpicc_fields::identify_pain},
    {col::champion_name, &meddpicc_fields::champion},
    {col::paper_process, &meddpicc_fields::paper_process},
}};

// One row's values by our column, and where each came from.
// The most custom fields a sales process declares (fields.hpp's check_declarations).
constexpr std::size_t max_custom = 64;

struct row_fields {
  std::array<std::string_view, column_count> value{};
  std::array<std::uint32_t, column_count> column{};  // 1-based field number in the row; 0: absent
  std::vector<std::string_view> names;               // the row's field names, by field number - 1
  // The same for the custom fields the sales process declares, by their place there.
  std::array<std::string_view, max_custom> custom_value{};
  std::array<std::uint32_t, max_custom> custom_column{};
};

// ---------------------------------------------------------------------------------------
// JSON Lines: lines from a stream, and one line's object as keys and value texts.

// Splits a stream into lines, in chunks, with a limit on a line's length.
class line_source {
 public:
  enum class got : std::uint8_t { line, end, too_long, failed };

  line_source(std::istream& in, const csv_options& o) noexcept
      : in_(&in),
        max_(o.max_record_bytes),
        chunk_(std::max<std::size_t>(o.chunk_bytes, 1)),
        line_(std::max<std::uint64_t>(o.first_line, 1) - 1),
        started_(o.first_line > 1) {}  // a part of a file: no byte-order mark to look for

  // The next line (without its LF or CRLF) and its 1-based number.
  got next(std::string_view& text, std::uint64_t& number) noexcept {
    if (!started_) start();
    if (discarding_) discard();
    for (;;) {
      if (failed_) return got::failed;
      const std::size_t live = end_ - pos_;
      const char* const begin = buffer_.data() + pos_;
      const void* nl = scanned_ < live ? std::memchr(begin + scanned_, '\n', live - scanned_) : nullptr;
      if (nl != nullptr) {
        const auto size = static_cast<std::size_t>(static_cast<const char*>(nl) - begin);
        text = std::string_view(begin, size);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        number = ++line_;
        pos_ += size + 1;
        scanned_ = 0;
        return text.size() > max_ ? got::too_long : got::line;
      }
      scanned_ = live;
      if (live > max_ + 1) {  // room for the CR of a CRLF
        number = ++line_;
        pos_ = end_;
        scanned_ = 0;
        discarding_ = true;
        return got::too_long;
      }
      if (eof_) {
        if (live == 0) return got::end;
        text = std::string_view(begin, live);
        if (text.back() == '\r') text.remove_suffix(1);
        number = ++line_;
        pos_ = end_;
        scanned_ = 0;
        return got::line;
      }
      refill();
    }
  }

  [[nodiscard]] std::uint64_t offset() const noexcept { return base_offset_ + pos_; }
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }

 private:
  void start() noexcept {
    started_ = true;
    while (end_ - pos_ < 3 && refill()) {
    }
    if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }

  // Drops the rest of an overlong line, a chunk at a time.
  void discard() noexcept {
    discarding_ = false;
    for (;;) {
      const void* nl = std::memchr(buffer_.data() + pos_, '\n', end_ - pos_);
      if (nl != nullptr) {
        pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
        return;
      }
      pos_ = end_;
      if (!refill()) return;
    }
  }

  bool refill() noexcept {
    if (eof_) return false;
    const std::size_t live = end_ - pos_;
    if (pos_ != 0) {
      if (live != 0) std::memmove(buffer_.data(), buffer_.data() + pos_, live);
      base_offset_ += pos_;
      pos_ = 0;
      end_ = live;
    }
    if (buffer_.size() < live + chunk_) buffer_.resize(live + chunk_);
    std::streamsize n = 0;
    try {
      std::streambuf* source = in_->rdbuf();
      if (source == nullptr)
        failed_ = true;
      else
        n = source->sgetn(buffer_.data() + live, static_cast<std::streamsize>(chunk_));
    } catch (...) {
      failed_ = true;
    }
    n = std::max<std::streamsize>(n, 0);
    end_ = live + static_cast<std::size_t>(n);
    if (failed_ || static_cast<std::size_t>(n) < chunk_) eof_ = true;
    return n > 0;
  }

  std::istream* in_;
  std::size_t max_;
  std::size_t chunk_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::size_t scanned_ = 0;  // bytes after pos_ known to hold no LF
  std::uint64_t base_offset_ = 0;
  std::uint64_t line_ = 0;
  bool started_ = false, eof_ = false, failed_ = false, discarding_ = false;
};

enum class value_kind : std::uint8_t { text, null, nested, boolean };

// Receives one JSON object from Boost.JSON's parser as keys and the text of their
// values, back to back in one reused string. Numbers keep their source text.
class flat_object {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  struct entry {
    std::size_t key_at = 0, key_size = 0, value_at = 0, value_size = 0;
    value_kind kind = value_kind::text;
  };

  std::string text;
  std::vector<entry> entries;
  bool not_object = false;  // the line holds something other than an object
  bool bad_value = false;   // the last entry's value is nested

  [[nodiscard]] std::string_view key(const entry& e) const noexcept { return {text.data() + e.key_at, e.key_size}; }
  [[nodiscard]] std::string_view value(const entry& e) const noexcept {
    return {text.data() + e.value_at, e.value_size};
  }

  using ec_type = boost::json::error_code;

  bool on_document_begin(ec_type&) {
    text.clear();
    entries.clear();
    depth_ = 0;
    not_object = bad_value = open_ = false;
    return true;
  }
  bool on_document_end(ec_type&) { return true; }
  bool on_object_begin(ec_type& ec) {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    return reject(value_kind::nested, ec);
  }
  bool on_object_end(std::size_t, ec_type&) {
    depth_ = 0;
    return true;
  }
  bool on_array_begin(ec_type& ec) { return reject(value_kind::nested, ec); }
  bool on_array_end(std::size_t, ec_type&) { return true; }
  bool on_key_part(boost::json::string_view s, std::size_t, ec_type&) {
    if (!open_) {
      open_ = true;
      entries.push_back({text.size(), 0, 0, 0, value_kind::text});
    }
    text.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t n, ec_type& ec) {
    on_key_part(s, n, ec);
    open_ = false;
    entries.back().key_size = text.size() - entries.back().key_at;
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, ec_type& ec) {
    if (depth_ == 0) return reject(value_kind::text, ec);
    if (!open_) {
      open_ = true;
      entries.back().value_at = text.size();
    }
    text.append(s.data(), s.size());
    return true;
  }
  bool on_string(boost::json::string_view s, std::size_t n, ec_type& ec) {
    if (!on_string_part(s, n, ec)) return false;
    open_ = false;
    entries.back().value_size = text.size() - entries.back().value_at;
    return true;
  }
  bool on_number_part(boost::json::string_view s, ec_type& ec) {
    if (depth_ == 0) return reject(value_kind::text, ec);
    if (!open_) {
      open_ = true;
      entries.back().value_at = text.size();
    }
    text.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t, boost::json::string_view s, ec_type& ec) { return number(s, ec); }
  bool on_uint64(std::uint64_t, boost::json::string_view s, ec_type& ec) { return number(s, ec); }
  bool on_double(double, boost::json::string_view s, ec_type& ec) { return number(s, ec); }
  // true and false are kept as that text, marked: `recurring` and the custom yes/no
  // fields read them, read_object() refuses them for any other column.
  bool on_bool(bool b, ec_type& ec) {
    if (depth_ == 0) return reject(value_kind::text, ec);
    const std::string_view word = b ? "true" : "false";
    entries.back().value_at = text.size();
    text.append(word);
    entries.back().value_size = word.size();
    entries.back().kind = value_kind::boolean;
    return true;
  }
  bool on_null(ec_type& ec) {
    if (depth_ == 0) return reject(value_kind::text, ec);
    entries.back().value_at = text.size();
    entries.back().kind = value_kind::null;
    return true;
  }
  bool on_comment_part(boost::json::string_view, ec_type&) { return true; }
  bool on_comment(boost::json::string_view, ec_type&) { return true; }

 private:
  bool number(boost::json::string_view s, ec_type& ec) {
    if (!on_number_part(s, ec)) return false;
    open_ = false;
    entries.back().value_size = text.size() - entries.back().value_at;
    return true;
  }
  // Stops the parse: at the top level, the line is not an object; inside, the value
  // of the last key is one we do not take.
  bool reject(value_kind kind, ec_type& ec) {
    if (depth_ == 0) {
      not_object = true;
    } else {
      bad_value = true;
      entries.back().kind = kind;
    }
    ec = boost::json::error::syntax;
    return false;
  }

  int depth_ = 0;
  bool open_ = false;  // a key, string or number is arriving in parts
};

// A column map's renames of one kind, found by hash: exactly, else ignoring case (the
// first of a name's spellings in the map wins). The names are views of the map.
template <class V>
class renames {
 public:
  // False when `theirs` is renamed already (exactly).
  bool add(std::string_view theirs, V ours) {
    if (!exact_.insert(theirs).second) return false;
    exact_ours_.push_back(ours);
    if (folded_.insert(theirs).second) folded_ours_.push_back(ours);
    return true;
  }

  [[nodiscard]] const V* exactly(std::string_view name) const noexcept {
    const std::size_t n = exact_.find(name);
    return n == exact_.size() ? nullptr : &exact_ours_[n];
  }
  [[nodiscard]] const V* ignoring_case(std::string_view name) const noexcept {
    const std::size_t n = folded_.find(name);
    return n == folded_.size() ? nullptr : &folded_ours_[n];
  }
  [[nodiscard]] bool empty() const noexcept { return exact_.empty(); }

 private:
  detail::exact_name_table<std::string_view> exact_;
  std::vector<V> exact_ours_;
  detail::iname_table<std::string_view> folded_;
  std::vector<V> folded_ours_;
};

constexpr std::size_t key_memory = 4096;  // JSON keys remembered; more are resolved each time

struct json_source {
  json_source(std::istream& in, const csv_options& o) : lines(in, o), parser(boost::json::parse_options{}) {}
  line_source lines;
  boost::json::basic_parser<flat_object> parser;
  // What each JSON key stands for, remembered across lines (exports repeat their keys,
  // in the same order): numbered in the order first met, with our column beside it.
  detail::exact_name_table<std::string> keys;
  std::vector<std::size_t> ours;
};

// "Did you mean" hints for unknown stages: remembered for this many distinct values,
// and worked out against at most this many stage names in all (a search costs one
// comparison a name); past that, a message lists the stages instead.
constexpr std::size_t hint_memory = 4096;
constexpr std::uint64_t hint_budget = std::uint64_t{1} << 24;

}  // namespace

// ---------------------------------------------------------------------------------------
// The reader.

struct opportunity_reader::state {
  const validated_policy* policy = nullptr;
  import_options options;
  input_format format = input_format::csv;

  // The map, resolved against our columns and the policy's stages, and indexed by
  // their name (exactly, then ignoring case: the first rename of a name wins). The
  // views are of options.map, which the state keeps unchanged.
  renames<std::size_t> column_renames;
  std::array<std::string_view, column_count> first_rename{};  // the first rename to each of our columns
  renames<std::size_t> stage_renames;
  renames<deal_outcome> outcome_renames;
  std::vector<std::string_view> stage_spellings;  // what a stage cell may say, for suggestions
  detail::exact_name_table<std::string> hinted;    // unknown stages whose hint is worked out
  std::vector<std::string> hints;                   // their hints, by number
  std::uint64_t hint_work_left = hint_budget;

  // How the export writes dates and decimals: the map's settings, else the options'.
  date_format dates;
  bool decimal_comma = false;

  std::vector<std::string> ignored;
  detail::id_registry ids;  // the ids of the rows taken, when duplicates are refused
  const detail::id_registry* earlier = nullptr;  // ids taken by the parts of the file before this one
  detail::exact_name_table<std::string> ignored_seen;  // the same names (JSON keys), to list each once
  std::uint64_t rows = 0, skipped = 0;
  bool failed = false, finished = false;
  // The CSV header is our columns in our order, the latest ones perhaps left off (a
  // file of the layout before them): the first `columns_in_order` of them, or 0.
  std::size_t columns_in_order = 0;

  row_fields fields;
  // HubSpot's "Date entered <stage> (<pipeline>)" and "Date exited ..." columns (CSV).
  struct stage_date_column {
    std::uint32_t column = 0;  // 1-based
    std::optional<std::size_t> stage;  // none: a stage the policy does not have
    bool exited = false;
  };
  std::vector<stage_date_column> stage_dates;
  std::vector<std::string_view> stage_date_values;  // the row's cells of those columns
  struct stage_date_read {
    std::int64_t moment = 0;
    date day{};
    bool ok = false;  // a date of a known stage that reads
  };
  std::vector<stage_date_read> stage_date_reads;  // the row's cells, read
  struct stage_moment {
    std::int64_t moment = 0;
    date day{};
    std::size_t stage = 0;
  };
  std::vector<stage_moment> entered_scratch;  // reused, so a row allocates nothing for them
  // Parts of an opportunity set aside while a row has none, so that their strings
  // keep their buffers for the next row that has one.
  salesrules::next_step spare_step;
  std::string spare_reason;
  std::vector<std::string> spare_names;
  // The last currency code read, as written, and its currency: most rows repeat it.
  // The currencies of the last rows, by code: exports mix a few, row after row.
  struct known_currency {
    std::array<char, 3> code{};
    salesrules::currency currency;
  };
  std::array<known_currency, 4> recent_currencies{};
  std::size_t next_recent = 0;  // the entry the next new code replaces

  // A UTF-16 input (found by its byte-order mark), read through a converter to UTF-8.
  std::unique_ptr<detail::utf16_source> utf16;
  std::unique_ptr<std::istream> utf16_stream;
  bool utf16_reported = false;

  // CSV
  std::optional<csv_reader> csv;
  csv_header header;
  // JSON Lines
  std::unique_ptr<json_source> json;
  enum_set<deal_data> carried;  // CSV: from the header; JSON Lines: the keys met so far
  [[nodiscard]] enum_set<deal_data> carried_by_columns() const noexcept;

  std::optional<error> prepare_map();
  std::size_t resolve(std::string_view file_name) const noexcept;
  std::size_t custom_column(std::string_view name) const noexcept;
  std::optional<error> convert_custom(std::uint64_t line, opportunity& o);
  bool bind_stage_date(std::string_view name, std::size_t index);
  std::optional<error> convert_stage_dates(std::uint64_t line, opportunity& o);
  std::optional<error> bind_columns();
  std::string delimiter_hint() const;
  std::optional<std::size_t> find_stage(std::string_view given) const noexcept;
  std::optional<deal_outcome> find_outcome(std::string_view given) const noexcept;
  std::string_view name_for(std::size_t our) const noexcept;
  std::string stage_hint(std::string_view given);
  error row_error(col c, std::uint64_t line, errc code, std::string message) const;
  error placed(col c, std::uint64_t line, error e) const;
  std::optional<error> read_recurring(opportunity& o, std::string_view text, currency row_currency,
                                      std::uint64_t line) const;
  error in_record(error e) const;
  std::optional<error> convert(std::uint64_t line, opportunity& o);
  void text_into(free_text kind, std::string& to, std::string_view v) const;
  std::optional<error> take_id(std::uint64_t line, const opportunity& o, std::uint64_t hash);
  expected<bool, error> next_csv(opportunity& out);
  expected<bool, error> take_record(const csv_record& r, opportunity& out);
  bool rows_of_cells = false;  // made by for_rows: no stream, rows handed over
  expected<bool, error> next_json(opportunity& out);
  std::optional<error> read_object(std::string_view text, std::uint64_t line);
};

// Checks the map and indexes it; each rename costs a hash lookup or two, so a map of
// any size is checked in time that grows with it, not with its square.
std::optional<error> opportunity_reader::state::prepare_map() {
  const column_map& map = options.map;
  for (const name_mapping& m : map.columns) {
    std::size_t our = our_column(m.ours);
    if (our == npos) our = custom_column(m.ours);  // a custom field the sales process declares
    if (our == npos)
      return error{errc::unknown_name, detail::pointer("columns", m.theirs),
                   "the column map renames " + detail::quoted(m.theirs) + " to " + detail::quoted(m.ours) +
                       ", which is not a column we read" + detail::did_you_mean(m.ours, column_names)};
    if (!column_renames.add(m.theirs, our))
      return error{errc::duplicate, detail::pointer("columns", m.theirs),
                   "the column map renames " + detail::quoted(m.theirs) + " twice"};
    if (our < column_count && first_rename[our].empty()) first_rename[our] = m.theirs;
  }
  const auto& process = policy->process();
  for (const name_mapping& m : map.stages) {
    const auto found = salesrules::find_stage(process, m.ours);  // names.hpp: ignoring ASCII case
    if (!found)
      return error{errc::unknown_name, detail::pointer("stages", m.theirs),
                   "the column map renames stage " + detail::quoted(m.theirs) + " to " + detail::quoted(m.ours) +
                       ", which is not a stage of the policy" + detail::stage_hint(*process, m.ours)};
    if (!stage_renames.add(m.theirs, *found))
      return error{errc::duplicate, detail::pointer("stages", m.theirs),
                   "the column map renames stage " + detail::quoted(m.theirs) + " twice"};
  }
  for (const outcome_mapping& m : map.outcomes) {
    if (name_of(m.ours).empty())
      return error{errc::out_of_range, detail::pointer("outcomes", m.theirs),
                   "the column map renames outcome " + detail::quoted(m.theirs) + " to a value that is no outcome"};
    outcome_renames.add(m.theirs, m.ours);
  }
  for (const auto& s : process->stages) stage_spellings.push_back(s.name);
  for (const name_mapping& m : map.stages) stage_spellings.push_back(m.theirs);
  return std::nullopt;
}

// Our column for a column of the file: the map's rename (exact, else ignoring case),
// else the name itself; then ours, exact, else ignoring case.
std::size_t opportunity_reader::state::resolve(std::string_view file_name) const noexcept {
  if (!column_renames.empty()) {
    if (const std::size_t* our = column_renames.exactly(file_name)) return *our;
    if (const std::size_t* our = column_renames.ignoring_case(file_name)) return *our;
  }
  if (const std::size_t our = our_column(file_name); our != npos) return our;
  return custom_column(file_name);
}

// column_count + k for the process's custom field k named `name` (ignoring ASCII case), else npos.
std::size_t opportunity_reader::state::custom_column(std::string_view name) const noexcept {
  const auto& declared = policy->process()->fields;
  for (std::size_t k = 0; k < declared.size(); ++k)
    if (same_name(declared[k].name, name)) return column_count + k;
  return npos;
}

// When the header reads as one column holding another likely delimiter: which, as a hint.
std::string opportunity_reader::state::delimiter_hint() const {
  if (header.size() != 1) return "";
  const std::string_view only = header.name(0);
  for (const char c : {';', '\t', '|', ','}) {
    if (c == options.csv.delimiter || only.find(c) == std::string_view::npos) continue;
    const std::string shown = c == '\t' ? "tab" : std::string(1, c);
    return "; the header is a single column " + detail::quoted(only) + ", which looks separated by " +
           std::string(delimiter_name(c)) + "s: read it with the delimiter " + detail::quoted(shown) +
           " (--delimiter, or \"delimiter\" in the column map)";
  }
  return "";
}

std::optional<error> opportunity_reader::state::bind_columns() {
  std::array<std::size_t, column_count> slot;
  slot.fill(npos);
  std::array<std::size_t, max_custom> custom_slot;
  custom_slot.fill(npos);
  const auto& declared = policy->process()->fields;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = header.name(i);
    const std::size_t our = resolve(name);
    if (our == npos) {
      if (!bind_stage_date(name, i)) ignored.emplace_back(name);
      continue;
    }
    if (our >= column_count) {  // a custom field
      const std::size_t k = our - column_count;
      if (custom_slot[k] != npos)
        return error{errc::duplicate, detail::pointer("fields", declared[k].name),
                     "columns " + std::to_string(custom_slot[k] + 1) + " " + detail::quoted(header.name(custom_slot[k])) +
                         " and " + std::to_string(i + 1) + " " + detail::quoted(name) + " are both read as field " +
                         detail::quoted(declared[k].name),
                     header.line(), i + 1};
      custom_slot[k] = i;
      continue;
    }
    if (slot[our] != npos)
      return error{errc::duplicate, std::string(field_pointers[our]),
                   "columns " + std::to_string(slot[our] + 1) + " " + detail::quoted(header.name(slot[our])) +
                       " and " + std::to_string(i + 1) + " " + detail::quoted(name) + " are both read as " +
                       detail::quoted(column_names[our]),
                   header.line(), i + 1};
    slot[our] = i;
  }
  for (col c : {col::id, col::amount, col::stage}) {
    if (slot[at(c)] != npos) continue;
    std::string message = "the header has no column " + detail::quoted(column_names[at(c)]);
    if (!first_rename[at(c)].empty())
      message += " (nor " + detail::quoted(first_rename[at(c)]) + ", which the column map renames to it)";
    message += "; every deal needs one";
    const std::string hint = delimiter_hint();
    message += hint.empty() ? detail::did_you_mean(column_names[at(c)], ignored) : hint;
    return error{errc::missing, std::string(field_pointers[at(c)]), std::move(message), header.line(), 0};
  }
  if (slot[at(col::currency)] == npos && !options.map.currency.is_set())
    return error{errc::missing, std::string(field_pointers[at(col::currency)]),
                 "the header has no column 'currency' and the column map gives no currency, so amounts cannot be read",
                 header.line(), 0};
  stage_date_values.resize(stage_dates.size());
  stage_date_reads.resize(stage_dates.size());
  bool in_order = header.size() >= columns_of_first_layout && header.size() <= column_count;
  for (std::size_t c = 0; c < column_count; ++c) {
    fields.column[c] = slot[c] == npos ? 0 : static_cast<std::uint32_t>(slot[c] + 1);
    in_order = in_order && fields.column[c] == (c < header.size() ? c + 1 : 0);
  }
  columns_in_order = in_order ? header.size() : 0;
  fields.value.fill(std::string_view());  // the columns left off stay blank
  for (std::size_t k = 0; k < declared.size(); ++k)
    fields.custom_column[k] = custom_slot[k] == npos ? 0 : static_cast<std::uint32_t>(custom_slot[k] + 1);
  for (std::size_t i = 0; i < header.size(); ++i) fields.names.push_back(header.name(i));
  carried = carried_by_columns();
  return std::nullopt;
}

// Binds a column of HubSpot's "Date entered <stage> (<pipeline>)" or "Date exited ..."
// (any case; the pipeline is optional): false for any other name.
bool opportunity_reader::state::bind_stage_date(std::string_view name, std::size_t index) {
  const auto starts = [&](std::string_view prefix) {
    return name.size() > prefix.size() && same_name(name.substr(0, prefix.size()), prefix);
  };
  const bool exited = starts("date exited ");
  if (!exited && !starts("date entered ")) return false;
  std::string_view stage = trim(name.substr(exited ? 12 : 13));
  std::optional<std::size_t> found = find_stage(stage);
  if (!found && stage.ends_with(')')) {
    if (const std::size_t open = stage.rfind(" ("); open != std::string_view::npos)
      found = find_stage(trim(stage.substr(0, open)));
  }
  stage_dates.push_back({static_cast<std::uint32_t>(index + 1), found, exited});
  return true;
}

// The stage history of HubSpot's date columns: each stage entered, in the order of the
// moments entered (a stage entered again keeps only its last entry there). A date is
// a timestamp whose date is taken at options.utc_offset. An error: a date that does
// not read, a stage the policy does not have with a date, a stage left before it was
// entered.
std::optional<error> opportunity_reader::state::convert_stage_dates(std::uint64_t line, opportunity& o) {
  entered_scratch.clear();
  const auto fail = [&](const stage_date_column& c, errc code, std::string message) {
    error e{code, "/stage_history", std::move(message), line, c.column, {}, rows};
    if (const std::string_view id = fields.value[at(col::id)]; !detail::is_blank(id)) e.deal_id = id;
    return e;
  };
  // Each cell read once: an exit is compared with its stage's entry, wherever it is.
  for (std::size_t i = 0; i < stage_dates.size(); ++i) {
    const std::string_view cell = trim(stage_date_values[i]);
    stage_date_read& r = stage_date_reads[i];
    r.ok = false;
    if (cell.empty() || !stage_dates[i].stage) continue;
    if (const auto when = parse_export_timestamp(cell, dates, options.utc_offset)) r = {when->utc_seconds, when->day, true};
  }
  for (std::size_t i = 0; i < stage_dates.size(); ++i) {
    const stage_date_column& c = stage_dates[i];
    const std::string_view cell = trim(stage_date_values[i]);
    if (cell.empty()) continue;
    if (!c.stage)
      return fail(c, errc::unknown_name,
                  "column " + detail::quoted(header.name(c.column - 1)) +
                      " has a date for a stage the policy does not have; rename it to one of the policy's "
                      "stages in the column map's \"stages\"");
    const stage_date_read& when = stage_date_reads[i];
    if (!when.ok) {  // read again for its error
      const auto bad = parse_export_timestamp(cell, dates, options.utc_offset);
      return fail(c, bad.error().code, bad.error().message);
    }
    if (!c.exited) {
      entered_scratch.push_back({when.moment, when.day, *c.stage});
      continue;
    }
    // A stage left: not before it was entered, where the row says when that was.
    for (std::size_t j = 0; j < stage_dates.size(); ++j) {
      const stage_date_column& e = stage_dates[j];
      if (e.exited || e.stage != c.stage || !stage_date_reads[j].ok) continue;
      if (stage_date_reads[j].moment > when.moment)
        return fail(c, errc::inconsistent,
                    detail::quoted(cell) + " is before the deal entered the stage (" +
                        detail::quoted(trim(stage_date_values[j])) + ", column " + std::to_string(e.column) + ")");
    }
  }
  // Stages entered at the same moment keep the process's order.
  std::ranges::sort(entered_scratch, [](const stage_moment& a, const stage_moment& b) {
    return a.moment != b.moment ? a.moment < b.moment : a.stage < b.stage;
  });
  const auto& stages = policy->process()->stages;
  for (const stage_moment& m : entered_scratch) o.stage_history.push_back(stage_entry{stages[m.stage].name, m.day});
  return std::nullopt;
}

// The stage a cell names: the map's renames of that exact spelling first, then the
// policy's stages (names.hpp: ignoring ASCII case), then the renames ignoring case.
std::optional<std::size_t> opportunity_reader::state::find_stage(std::string_view given) const noexcept {
  if (!stage_renames.empty())
    if (const std::size_t* i = stage_renames.exactly(given)) return *i;
  if (const auto i = salesrules::find_stage(policy->process(), given)) return i;
  if (!stage_renames.empty())
    if (const std::size_t* i = stage_renames.ignoring_case(given)) return *i;
  return std::nullopt;
}

std::optional<deal_outcome> opportunity_reader::state::find_outcome(std::string_view given) const noexcept {
  if (!outcome_renames.empty()) {
    if (const deal_outcome* o = outcome_renames.exactly(given)) return *o;
    if (const deal_outcome* o = outcome_renames.ignoring_case(given)) return *o;
  }
  return outcome_named(given);
}

// The name a file would give our column: the first rename to it, else ours.
std::string_view opportunity_reader::state::name_for(std::size_t our) const noexcept {
  return first_rename[our].empty() ? column_names[our] : first_rename[our];
}

// "; did you mean 'Negotiation'?" for an unknown stage, or "": worked out once per
// distinct value (hint_memory of them) and within hint_budget name comparisons in
// all, so that a file of unknown stages costs no more than the budget however many
// rows and stages it has.
std::string opportunity_reader::state::stage_hint(std::string_view given) {
  if (const std::size_t n = hinted.find(given); n != hinted.size()) return hints[n];
  if (hint_work_left < stage_spellings.size()) return {};
  hint_work_left -= stage_spellings.size();
  std::string hint = detail::did_you_mean(given, stage_spellings);
  if (hinted.size() < hint_memory) {
    hinted.insert(given);
    hints.push_back(hint);
  }
  return hint;
}

// The `recurring` cell: blank, the record does not say; yes or no (true/false, y/n,
// 1/0: a checkbox's values, never amounts), the whole amount recurs each year or none
// of it does; else the annualised recurring amount, written as the amount is.
std::optional<error> opportunity_reader::state::read_recurring(opportunity& o, std::string_view text,
                                                               // cppcheck-suppress passedByValue ; 4 bytes, copied
                                                               currency row_currency, std::uint64_t line) const {
  o.annual_recurring.reset();
  if (text.empty()) return std::nullopt;
  const auto one_of = [&](std::initializer_list<std::string_view> words) {
    return std::ranges::any_of(words, [&](std::string_view w) { return same_name(text, w); });
  };
  if (one_of({"yes", "y", "true", "1"})) {
    o.annual_recurring = o.amount;
  } else if (one_of({"no", "n", "false", "0"})) {
    o.annual_recurring = money(0, o.amount.currency());
  } else {
    auto amount = parse_export_amount(text, row_currency, options.map.currency, decimal_comma);
    if (!amount) {
      if (std::ranges::none_of(text, detail::is_digit))  // not meant as an amount
        return row_error(col::recurring, line, errc::syntax,
                         detail::quoted(text) + " is neither yes, no nor an annual recurring amount");
      return placed(col::recurring, line, std::move(amount.error()));
    }
    if (amount->is_negative())
      return row_error(col::recurring, line, errc::out_of_range,
                       detail::quoted(text) + " is negative; an annual recurring amount is 0 or more");
    o.annual_recurring = *amount;
  }
  return std::nullopt;
}

// An error about the cell of column `c` in the row on `line`, the row counted last:
// the deal's field it feeds, the field's number in the row, and the row's id when
// it has one.
error opportunity_reader::state::row_error(col c, std::uint64_t line, errc code, std::string message) const {
  return placed(c, line, error{code, "", std::move(message)});
}

error opportunity_reader::state::placed(col c, std::uint64_t line, error e) const {
  e.where = field_pointers[at(c)];
  e.line = line;
  e.column = fields.column[at(c)];
  e.row = rows;
  if (const std::string_view id = fields.value[at(col::id)]; !detail::is_blank(id)) e.deal_id = id;
  return e;
}

// An error about the record counted last as a whole, or about its field e.column: the
// deal's field that one feeds, if any.
error opportunity_reader::state::in_record(error e) const {
  e.where.clear();
  for (std::size_t c = 0; c < column_count && e.column != 0; ++c)
    if (fields.column[c] == e.column) e.where = field_pointers[c];
  e.row = rows;
  return e;
}

// A free-text field of the deal: the text, or only whether there is any (see
// import_options::copied_text).
inline void opportunity_reader::state::text_into(free_text kind, std::string& to, std::string_view v) const {
  if (options.copied_text.contains(kind)) {
    set_text(to, v);
    return;
  }
  // The mark is a short string's own bytes: no allocation, no general assign, and no
  // write at all when the field is as it was in the row before (the string is reused).
  // A field that starts with a printable byte is filled without a look at the rest.
  const bool filled = !v.empty() && (static_cast<unsigned char>(v.front()) > ' ' || !detail::is_blank(v));
  if (to.size() == (filled ? 1U : 0U) && (!filled || to[0] == '*')) return;
  to.resize(filled ? 1 : 0);
  if (filled) to[0] = '*';
}

// The parts of a deal that the columns bound now carry. Milestones, BANT's answers and
// the account profile have no column.
enum_set<deal_data> opportunity_reader::state::carried_by_columns() const noexcept {
  const auto any = [&](std::initializer_list<col> cs) {
    return std::ranges::any_of(cs, [&](col c) { return fields.column[at(c)] != 0; });
  };
  enum_set<deal_data> c;
  if (any({col::budget, col::authority, col::need, col::timeline, col::champion, col::competition}))
    c.insert(deal_data::ratings);
  if (any({col::metrics, col::economic_buyer, col::decision_criteria, col::decision_process, col::identify_pain,
           col::champion_name, col::paper_process, col::competitors}))
    c.insert(deal_data::meddpicc);
  if (any({col::contacts})) c.insert(deal_data::contacts);
  if (any({col::loss_reason})) c.insert(deal_data::loss_reason);
  if (!stage_dates.empty()) c.insert(deal_data::stage_history);
  return c;
}

// Fills every field of `o` from the row in `fields`, or says what is wrong with it.
std::optional<error> opportunity_reader::state::convert(std::uint64_t line, opportunity& o) {
  if (json) carried = carried | carried_by_columns();
  const auto value = [&](col c) { return fields.value[at(c)]; };
  const auto trimmed = [&](col c) { return trim(fields.value[at(c)]); };
  const auto present = [&](col c) { return fields.column[at(c)] != 0; };

  for (col c : {col::id, col::amount, col::stage}) {
    if (present(c)) continue;
    std::string message = "the row has no " + detail::quoted(name_for(at(c))) + ", which every deal needs";
    // A JSON line may hold it misspelt: name the nearest key that is not ours.
    std::vector<std::string_view> unread;
    for (const std::string_view name : fields.names)
      if (resolve(name) == npos) unread.push_back(name);
    if (const auto near = detail::nearest_name(name_for(at(c)), unread))
      message += "; it has " + detail::quoted(*near) + ", which is not a name we read";
    return row_error(c, line, errc::missing, std::move(message));
  }

  if (detail::is_blank(value(col::id))) return row_error(col::id, line, errc::missing, "the id is blank");
  set_text(o.id, value(col::id));

  salesrules::currency row_currency;  // the currency cell's; unset when blank
  if (const auto code = trimmed(col::currency); !code.empty()) {
    const known_currency* known = nullptr;
    if (code.size() == 3)
      for (const known_currency& k : recent_currencies)
        if (k.currency.is_set() && std::memcmp(code.data(), k.code.data(), 3) == 0) known = &k;
    if (known != nullptr) {
      row_currency = known->currency;
    } else {
      const auto c = currency::from_code(code);
      if (!c) return placed(col::currency, line, c.error());
      row_currency = *c;
      known_currency& slot = recent_currencies[next_recent];
      next_recent = (next_recent + 1) % recent_currencies.size();
      std::memcpy(slot.code.data(), code.data(), 3);
      slot.currency = *c;
    }
  } else if (!options.map.currency.is_set()) {
    return row_error(present(col::currency) ? col::currency : col::amount, line, errc::missing,
                     "the row gives no currency and the column map no default one");
  }
  const auto amount_text = trimmed(col::amount);
  const salesrules::currency amount_currency = row_currency.is_set() ? row_currency : options.map.currency;
  if (const auto units = decimal_comma || !amount_currency.is_set()
                             ? std::nullopt
                             : plain_scaled(amount_text, amount_currency.minor_digits(),
                                            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
    o.amount = money(*units, amount_currency);
  } else {
    const auto amount = parse_export_amount(amount_text, row_currency, options.map.currency, decimal_comma);
    if (!amount) return placed(col::amount, line, amount.error());
    if (amount->is_negative())
      return row_error(col::amount, line, errc::out_of_range,
                       detail::quoted(amount_text) + " is negative; a deal's amount is 0 or more");
    o.amount = *amount;
  }
  if (auto e = read_recurring(o, trimmed(col::recurring), row_currency, line)) return e;

  const auto stage_text = trimmed(col::stage);
  if (stage_text.empty()) return row_error(col::stage, line, errc::missing, "the stage is blank");
  const auto stage_at = find_stage(stage_text);
  if (!stage_at) {
    std::string message = "unknown stage " + detail::quoted(stage_text);
    const std::string hint = stage_hint(stage_text);
    if (!hint.empty())
      message += hint;
    else
      message += " (the stages are " + detail::stage_list(*policy->process()) + ")";
    return row_error(col::stage, line, errc::unknown_name, std::move(message));
  }
  const stage& st = policy->process()->stages[*stage_at];
  set_text(o.stage, st.name);

  const auto outcome_text = trimmed(col::outcome);
  deal_outcome outcome = outcome_of_kind(st.kind);
  if (!outcome_text.empty()) {
    const auto named = find_outcome(outcome_text);
    if (!named)
      return row_error(col::outcome, line, errc::unknown_name,
                       detail::quoted(outcome_text) + " is not an outcome (open, won, lost or disqualified)");
    outcome = *named;
    if (!detail::outcome_fits(outcome, st.kind))
      return row_error(col::outcome, line, errc::inconsistent,
                       "outcome " + detail::quoted(outcome_text) + " contradicts stage " + detail::quoted(st.name) +
                           ", which is " + std::string(detail::kind_word(st.kind)));
  }
  o.outcome = outcome;

  o.probability_override.reset();
  if (const auto text = trimmed(col::probability); !text.empty()) {
    const auto p = parse_probability(text);
    if (!p) return placed(col::probability, line, p.error());
    if (*p != st.probability) o.probability_override = *p;
  }

  const bool iso_dates = dates == date_format{};
  // A date a deal always has: blank is an error; a file without the column leaves it unset.
  const auto required_date = [&](col c, date& out) -> std::optional<error> {
    out = date{};
    if (!present(c)) return std::nullopt;
    const auto text = trimmed(c);
    if (text.empty()) return row_error(c, line, errc::missing, "the date is blank; a deal needs one");
    if (const auto plain = iso_dates ? detail::read_iso_date(text) : std::nullopt) {
      out = *plain;
      return std::nullopt;
    }
    const auto d = parse_export_date(text, dates);
    if (!d) return placed(c, line, d.error());
    out = *d;
    return std::nullopt;
  };
  const auto optional_date = [&](col c, std::optional<date>& out) -> std::optional<error> {
    out.reset();
    const auto text = trimmed(c);
    if (text.empty()) return std::nullopt;
    if (const auto plain = iso_dates ? detail::read_iso_date(text) : std::nullopt) {
      out = *plain;
      return std::nullopt;
    }
    const auto d = parse_export_date(text, dates);
    if (!d) return placed(c, line, d.error());
    out = *d;
    return std::nullopt;
  };
  if (auto e = required_date(col::close_date, o.close_date)) return e;
  if (auto e = required_date(col::created_date, o.created_date)) return e;
  if (auto e = optional_date(col::last_activity_date, o.last_activity_date)) return e;
  if (auto e = optional_date(col::closed_date, o.closed_date)) return e;

  const bool has_step = !detail::is_blank(value(col::next_step)) || !detail::is_blank(value(col::next_step_date)) ||
                        !detail::is_blank(value(col::next_step_owner));
  if (has_step) {
    if (!o.next_step) o.next_step.emplace(std::move(spare_step));
    if (auto e = optional_date(col::next_step_date, o.next_step->due)) return e;
    text_into(free_text::next_step, o.next_step->action, value(col::next_step));
    text_into(free_text::next_step, o.next_step->owner, value(col::next_step_owner));
  } else if (o.next_step) {
    spare_step = std::move(*o.next_step);
    o.next_step.reset();
  }

  o.contact_count = 0;
  if (const auto text = trimmed(col::contacts); !text.empty()) {
    const auto n = whole_count(text);
    if (!n)
      return row_error(col::contacts, line, errc::syntax,
                       detail::quoted(text) + " is not a number of contacts (a whole number, 0 or more)");
    o.contact_count = *n;
  }

  for (const auto& [c, member] : rating_columns) {
    const auto text = trimmed(c);
    if (const auto plain = detail::read_rating(text)) {
      o.ratings.*member = *plain;
      continue;
    }
    const auto r = parse_rating(text);
    if (!r) return placed(c, line, r.error());
    o.ratings.*member = *r;
  }

  for (const auto& [c, member] : meddpicc_columns) text_into(free_text::meddpicc, o.meddpicc.*member, value(c));
  const std::string_view competitors = value(col::competitors);
  text_into(free_text::meddpicc, o.meddpicc.competition, competitors);
  const bool names = options.copied_text.contains(free_text::competitors);
  std::size_t count = 0;
  for (std::size_t from = 0; from <= competitors.size() && (names || count == 0);) {
    const std::size_t semicolon = std::min(competitors.find(';', from), competitors.size());
    const std::string_view name = trim(competitors.substr(from, semicolon - from));
    from = semicolon + 1;
    if (name.empty()) continue;
    const std::string_view kept = names ? name : std::string_view("*");
    if (count < o.competitors.size()) {
      set_text(o.competitors[count], kept);
    } else if (!spare_names.empty()) {
      o.competitors.push_back(std::move(spare_names.back()));
      spare_names.pop_back();
      set_text(o.competitors.back(), kept);
    } else {
      o.competitors.emplace_back(kept);
    }
    ++count;
  }
  while (o.competitors.size() > count) {
    spare_names.push_back(std::move(o.competitors.back()));
    o.competitors.pop_back();
  }

  o.requested_discount = percent();
  const auto discount_text = trimmed(col::discount_pct);
  if (const auto bp = decimal_comma ? std::nullopt : plain_scaled(discount_text, 2, 10'000)) {
    o.requested_discount = percent::from_basis_points(*bp);
  } else if (!discount_text.empty()) {
    const auto p = parse_export_percent(discount_text, decimal_comma);
    if (!p) return placed(col::discount_pct, line, p.error());
    if (*p < percent() || *p > percent::from_whole(100))
      return row_error(col::discount_pct, line, errc::out_of_range,
                       detail::quoted(discount_text) + " is not a discount of 0-100%");
    o.requested_discount = *p;
  }

  text_into(free_text::account, o.account, value(col::account));
  text_into(free_text::owner, o.owner, value(col::owner));
  text_into(free_text::segment, o.segment, value(col::segment));
  text_into(free_text::loss_reason, o.loss_reason, value(col::loss_reason));
  text_into(free_text::source, o.source, value(col::source));

  // The fields no column feeds.
  o.contacts.clear();
  o.bant = {};
  o.milestones = {};
  o.profile.industry.clear();
  o.profile.region.clear();
  o.profile.employees.reset();
  o.profile.annual_revenue.reset();
  o.stage_history.clear();
  o.close_date_history.clear();
  if (!stage_dates.empty())
    if (auto e = convert_stage_dates(line, o)) return e;

  // Last: the category the rules give needs the stage, outcome and probability.
  if (o.forecast_override) {
    spare_reason = std::move(o.forecast_override->reason);
    o.forecast_override.reset();
  }
  if (const auto text = trimmed(col::forecast_category); !text.empty()) {
    const auto category = category_named(text);
    if (!category)
      return row_error(col::forecast_category, line, errc::unknown_name,
                       detail::quoted(text) +
                           " is not a forecast category (Upside, Pipeline, Best Case, Commit, Closed or Omitted)");
    const auto decision = detail::categorize_in(o, st, *policy);
    if (!decision) return placed(col::forecast_category, line, decision.error());
    if (*category != decision->computed) {
      if (*category == forecast_category::closed && outcome == deal_outcome::open)
        return row_error(col::forecast_category, line, errc::inconsistent,
                         detail::quoted(text) + " is the category of won deals, and this deal is open");
      o.forecast_override.emplace(salesrules::forecast_override{*category, std::move(spare_reason)});
      o.forecast_override->reason.assign("set in the import");
    }
  }
  return convert_custom(line, o);
}

// The custom fields the sales process declares, each read in its type from its column
// ("" leaves it unset); an error at "/fields/<name>" and its column. Every row sets all
// of them, so no value of an earlier row stays.
std::optional<error> opportunity_reader::state::convert_custom(std::uint64_t line, opportunity& o) {
  o.fields.clear();
  const auto& declared = policy->process()->fields;
  for (std::size_t k = 0; k < declared.size(); ++k) {
    if (fields.custom_column[k] == 0) continue;
    const std::string_view cell = trim(fields.custom_value[k]);
    if (cell.empty()) continue;
    auto v = typed_value(cell, declared[k].type, detail::pointer("fields", declared[k].name));
    if (!v) {
      error e = std::move(v.error());
      e.line = line;
      e.column = fields.custom_column[k];
      e.row = rows;
      if (const std::string_view id = fields.value[at(col::id)]; !detail::is_blank(id)) e.deal_id = id;
      return e;
    }
    o.fields.set(declared[k].name, std::move(*v));
  }
  return std::nullopt;
}

// A good row's id, remembered (with the hash ids.prefetch gave); the row is refused
// when an earlier row took it. Only when duplicate ids are refused.
std::optional<error> opportunity_reader::state::take_id(std::uint64_t line, const opportunity& o,
                                                       std::uint64_t hash) {
  // Rows of cells have no lines: their ids are placed by row.
  auto first = earlier == nullptr ? std::nullopt : earlier->find(o.id, hash);
  if (!first) first = ids.first_or_take(o.id, rows_of_cells ? rows : line, hash);
  if (!first) return std::nullopt;
  return row_error(col::id, line, errc::duplicate,
                   "duplicate id " + detail::quoted(o.id) + (rows_of_cells ? ", first in row " : ", first on line ") +
                       std::to_string(*first));
}

expected<bool, error> opportunity_reader::state::next_csv(opportunity& out) {
  if (finished || !csv) return false;
  auto got = csv->next();
  if (!got.has_value()) {
    // Malformed records have a field number; a failed stream has none.
    if (got.error().column == 0) {
      failed = finished = true;
      return unexpected<error>(std::move(got.error()));
    }
    ++rows;
    ++skipped;
    return unexpected<error>(in_record(std::move(got.error())));
  }
  if (!*got) {
    finished = true;
    return false;
  }
  return take_record(csv->record(), out);
}

// One record of the header's columns (a CSV record, or a row of cells), counted.
expected<bool, error> opportunity_reader::state::take_record(const csv_record& r, opportunity& out) {
  ++rows;
  if (r.size() != header.size()) {
    ++skipped;
    // Its fields do not line up with the header, so no cell is taken for the deal's id.
    std::string message = "the row has " + std::to_string(r.size()) + " fields but the header has " +
                          std::to_string(header.size());
    if (r.size() < header.size())
      return unexpected<error>(in_record(error{errc::syntax, "",
                                               message + "; it ends before column " +
                                                   detail::quoted(header.name(r.size())),
                                               r.line, r.size() + 1}));
    return unexpected<error>(in_record(error{errc::syntax, "", std::move(message), r.line, header.size() + 1}));
  }
  for (std::size_t i = 0; i < stage_dates.size(); ++i) stage_date_values[i] = r[stage_dates[i].column - 1];
  if (columns_in_order != 0) {  // the interchange layout: the record is the row
    std::copy_n(r.fields.begin(), columns_in_order, fields.value.begin());
  } else {
    for (std::size_t c = 0; c < column_count; ++c) {
      const std::uint32_t n = fields.column[c];
      fields.value[c] = n != 0 ? r[n - 1] : std::string_view();
    }
    for (std::size_t k = 0; k < policy->process()->fields.size(); ++k) {
      const std::uint32_t n = fields.custom_column[k];
      fields.custom_value[k] = n != 0 ? r[n - 1] : std::string_view();
    }
  }
  // The id's slot in the registry is loaded while the row is converted.
  std::optional<std::uint64_t> id_hash;
  if (options.refuse_duplicate_ids) {
    id_hash = ids.prefetch(fields.value[at(col::id)]);
    if (earlier != nullptr) earlier->prefetch_hash(*id_hash);
  }
  auto e = convert(r.line, out);
  if (!e && id_hash) e = take_id(r.line, out, *id_hash);
  if (e) {
    ++skipped;
    return unexpected<error>(std::move(*e));
  }
  return true;
}

// Parses one line's object into `fields`; an error when it is not a flat JSON object
// or names one of our columns twice.
std::optional<error> opportunity_reader::state::read_object(std::string_view text, std::uint64_t line) {
  auto& parser = json->parser;
  parser.reset();
  boost::json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  const flat_object& object = parser.handler();
  if (object.bad_value) {
    const auto& e = object.entries.back();
    const std::size_t our = resolve(object.key(e));
    return error{errc::syntax, our == npos ? std::string() : std::string(field_pointers[our]),
                 "the value of " + detail::quoted(object.key(e)) +
                     " is an object or an array; values are strings, numbers, true, false or null",
                 line, object.entries.size()};
  }
  if (object.not_object)
    return error{errc::syntax, "", "the line is not a JSON object; each line holds one deal as {\"id\": ...}", line, 0};
  if (ec)
    return error{errc::syntax, "",
                 "the line is not valid JSON at byte " + std::to_string(used + 1) + ": " +
                     json_syntax::problem(ec, text, used),
                 line, 0};
  if (!detail::is_blank(text.substr(used)))
    return error{errc::syntax, "",
                 "text after the JSON object (at byte " + std::to_string(used + 1) + "); one object a line", line, 0};

  fields.value.fill(std::string_view());
  fields.column.fill(0);
  fields.custom_value.fill(std::string_view());
  fields.custom_column.fill(0);
  fields.names.clear();
  for (std::size_t i = 0; i < object.entries.size(); ++i) {
    const auto& e = object.entries[i];
    const std::string_view key = object.key(e);
    fields.names.push_back(key);
    std::size_t our = npos;
    const auto& keys = json->keys;
    if (i < keys.size() && keys.name(i) == key) {
      our = json->ours[i];
    } else if (const std::size_t n = keys.find(key); n != keys.size()) {
      our = json->ours[n];
    } else {
      our = resolve(key);
      if (keys.size() < key_memory) {
        json->keys.insert(key);
        json->ours.push_back(our);
      }
      if (our == npos && ignored.size() < key_memory && ignored_seen.insert(key).second) ignored.emplace_back(key);
    }
    if (our == npos) continue;
    if (e.kind == value_kind::boolean &&
        !(our == at(col::recurring) ||
          (our >= column_count && policy->process()->fields[our - column_count].type == field_type::boolean)))
      return error{errc::syntax,
                   our >= column_count ? detail::pointer("fields", policy->process()->fields[our - column_count].name)
                                       : std::string(field_pointers[our]),
                   "the value of " + detail::quoted(key) +
                       " is true or false, which only 'recurring' and yes/no fields take",
                   line, i + 1};
    if (our >= column_count) {  // a custom field
      const std::size_t k = our - column_count;
      const auto& name = policy->process()->fields[k].name;
      if (fields.custom_column[k] != 0)
        return error{errc::duplicate, detail::pointer("fields", name),
                     "keys " + detail::quoted(fields.names[fields.custom_column[k] - 1]) + " and " + detail::quoted(key) +
                         " both give field " + detail::quoted(name),
                     line, i + 1};
      fields.custom_column[k] = static_cast<std::uint32_t>(i + 1);
      fields.custom_value[k] = object.value(e);
      continue;
    }
    if (fields.column[our] != 0)
      return error{errc::duplicate, std::string(field_pointers[our]),
                   "keys " + detail::quoted(fields.names[fields.column[our] - 1]) + " and " + detail::quoted(key) +
                       " both give " + detail::quoted(column_names[our]),
                   line, i + 1};
    fields.column[our] = static_cast<std::uint32_t>(i + 1);
    fields.value[our] = object.value(e);
  }
  return std::nullopt;
}

expected<bool, error> opportunity_reader::state::next_json(opportunity& out) {
  if (finished) return false;
  for (;;) {
    std::string_view text;
    std::uint64_t line = 0;
    switch (json->lines.next(text, line)) {
      case line_source::got::end: finished = true; return false;
      case line_source::got::failed:
        failed = finished = true;
        return unexpected<error>(error{errc::syntax, "",
                                       "reading the input failed after " + std::to_string(json->lines.offset()) +
                                           " bytes; the input ends there",
                                       json->lines.line(), 0});
      case line_source::got::too_long:
        ++rows;
        ++skipped;
        return unexpected<error>(error{errc::out_of_range, "",
                                       "the line is longer than the limit of " +
                                           std::to_string(options.csv.max_record_bytes) +
                                           " bytes (csv_options::max_record_bytes)",
                                       line, 0, {}, rows});
      case line_source::got::line: break;
    }
    if (detail::is_blank(text)) continue;
    ++rows;
    if (auto e = read_object(text, line)) {
      ++skipped;
      e->row = rows;
      return unexpected<error>(std::move(*e));
    }
    auto e = convert(line, out);
    if (!e && options.refuse_duplicate_ids) e = take_id(line, out, ids.prefetch(out.id));
    if (e) {
      ++skipped;
      return unexpected<error>(std::move(*e));
    }
    return true;
  }
}

opportunity_reader::opportunity_reader(std::unique_ptr<state> s) noexcept : state_(std::move(s)) {}
opportunity_reader::opportunity_reader(opportunity_reader&&) noexcept = default;
opportunity_reader& opportunity_reader::operator=(opportunity_reader&&) noexcept = default;
opportunity_reader::~opportunity_reader() = default;

expected<std::unique_ptr<opportunity_reader::state>, error> opportunity_reader::prepared(
    const validated_policy& policy, import_options options) noexcept {
  auto s = std::make_unique<state>();
  s->policy = &policy;
  s->format = options.format;
  s->options = std::move(options);
  if (auto e = s->prepare_map()) return unexpected<error>(std::move(*e));
  if (s->options.utc_offset < -14 * 60 || s->options.utc_offset > 14 * 60)
    return detail::fail(errc::out_of_range, "/utc_offset",
                        "the UTC offset is " + std::to_string(s->options.utc_offset) +
                            " minutes; it must be within 14 hours (840 minutes) either way");
  const column_map& map = s->options.map;
  s->dates = map.dates.value_or(s->options.dates);
  s->decimal_comma = map.decimal_comma.value_or(s->options.decimal_comma);
  s->options.csv.delimiter = map.delimiter.value_or(s->options.csv.delimiter);
  if (auto e = check_delimiter(s->options.csv.delimiter))
    return unexpected<error>(detail::within(map.delimiter ? "/map" : "/csv", std::move(*e)));
  if (s->format == input_format::json_lines && (s->decimal_comma || s->options.csv.delimiter != ','))
    return detail::fail(errc::inconsistent, "/format",
                        "JSON Lines have no delimiter to choose and write numbers with a decimal point; "
                        "the delimiter and the decimal comma are for CSV exports");
  return s;
}

expected<opportunity_reader, error> opportunity_reader::open(std::istream& in, const validated_policy& policy,
                                                             import_options options) noexcept {
  auto ready = prepared(policy, std::move(options));
  if (!ready) return unexpected<error>(std::move(ready.error()));
  auto& s = *ready;
  std::istream* source = &in;
  if (in.rdbuf() != nullptr && !in.fail()) {
    detail::byte_order_mark mark = detail::byte_order_mark::none;
    try {
      mark = detail::take_utf16_mark(*in.rdbuf());
    } catch (...) {
      return detail::fail(errc::syntax, "", "the input stream cannot be read");
    }
    if (mark != detail::byte_order_mark::none) {
      s->utf16 = std::make_unique<detail::utf16_source>(*in.rdbuf(), mark == detail::byte_order_mark::utf16_be);
      s->utf16_stream = std::make_unique<std::istream>(s->utf16.get());
      source = s->utf16_stream.get();
    }
  }
  if (s->format == input_format::json_lines) {
    if (in.rdbuf() == nullptr || in.fail())
      return detail::fail(errc::syntax, "", "the input stream cannot be read (was the file opened?)");
    s->json = std::make_unique<json_source>(*source, s->options.csv);
  } else {
    auto header = read_csv_header(s->csv.emplace(*source, s->options.csv));
    if (!header) return unexpected<error>(std::move(header.error()));
    s->header = std::move(*header);
    if (auto e = s->bind_columns()) return unexpected<error>(std::move(*e));
  }
  return opportunity_reader(std::move(s));
}

expected<opportunity_reader, error> opportunity_reader::for_rows(std::span<const std::string_view> columns,
                                                                 const validated_policy& policy,
                                                                 import_options options) noexcept {
  if (options.format != input_format::csv)
    return detail::fail(errc::inconsistent, "/format", "rows of cells are read as a CSV file's records are: the format must be csv");
  auto ready = prepared(policy, std::move(options));
  if (!ready) return unexpected<error>(std::move(ready.error()));
  auto& s = *ready;
  s->rows_of_cells = true;
  auto header = csv_header::from(csv_record{columns, 0});
  if (!header) return unexpected<error>(std::move(header.error()));
  s->header = std::move(*header);
  if (auto e = s->bind_columns()) return unexpected<error>(std::move(*e));
  return opportunity_reader(std::move(s));
}

expected<void, error> opportunity_reader::next(std::span<const std::string_view> cells, opportunity& out) noexcept {
  if (!state_ || !state_->rows_of_cells)
    return detail::fail(errc::inconsistent, "", "this reader reads a stream; rows of cells are for a reader made by for_rows");
  auto taken = state_->take_record(csv_record{cells, 0}, out);
  if (!taken) return unexpected<error>(std::move(taken.error()));
  return {};
}

expected<opportunity_reader, error> opportunity_reader::part(std::istream& in,
                                                             std::uint64_t first_line) const noexcept {
  if (!state_) return detail::fail(errc::missing, "", "the reader has no input");
  const state& first = *state_;
  if (first.utf16) return detail::fail(errc::inconsistent, "", "a UTF-16 input is read in one part");
  auto s = std::make_unique<state>();
  s->policy = first.policy;
  s->format = first.format;
  s->options = first.options;
  s->options.csv.first_line = std::max<std::uint64_t>(first_line, 2);
  if (auto e = s->prepare_map()) return unexpected<error>(std::move(*e));
  s->dates = first.dates;
  s->decimal_comma = first.decimal_comma;
  if (s->format == input_format::json_lines) {
    s->json = std::make_unique<json_source>(in, s->options.csv);
  } else {
    s->csv.emplace(in, s->options.csv);
    s->header = first.header;
    if (auto e = s->bind_columns()) return unexpected<error>(std::move(*e));
  }
  return opportunity_reader(std::move(s));
}

expected<bool, error> opportunity_reader::next(opportunity& out) noexcept {
  if (!state_) return false;
  state& s = *state_;
  auto got = s.format == input_format::csv ? s.next_csv(out) : s.next_json(out);
  // Broken UTF-16 ends the converted text early: that is a failure, not the end.
  if (s.utf16 && s.utf16->failure() && !s.utf16_reported && (!got.has_value() ? s.failed : !*got)) {
    s.utf16_reported = s.failed = s.finished = true;
    return unexpected<error>(*s.utf16->failure());
  }
  return got;
}

std::uint64_t opportunity_reader::offset() const noexcept {
  if (!state_) return 0;
  if (const auto& c = state_->csv) return c->offset();
  return state_->json ? state_->json->lines.offset() : 0;
}
std::uint64_t opportunity_reader::rows() const noexcept { return state_ ? state_->rows : 0; }
std::uint64_t opportunity_reader::skipped() const noexcept { return state_ ? state_->skipped : 0; }
bool opportunity_reader::failed() const noexcept { return state_ && state_->failed; }

enum_set<deal_data> opportunity_reader::carried() const noexcept { return state_ ? state_->carried : enum_set<deal_data>{}; }

const std::vector<std::string>& opportunity_reader::ignored_columns() const noexcept {
  static const std::vector<std::string> none;
  return state_ ? state_->ignored : none;
}

// ---------------------------------------------------------------------------------------

std::span<const std::string_view> opportunity_columns() noexcept { return column_names; }

expected<column_map, error> parse_column_map(std::string_view json) noexcept {
  using detail::fail;
  auto parsed = json_syntax::parse(json);
  if (!parsed) return unexpected<error>(std::move(parsed.error()));
  const boost::json::value& root = *parsed;
  const boost::json::object* top = root.if_object();
  if (top == nullptr) return fail(errc::syntax, "", "the column map is a JSON object such as {\"columns\": {...}}");

  const auto text = [](const boost::json::string& s) { return std::string_view(s.data(), s.size()); };
  // The object under `section`, each of whose values must be a string.
  const auto renames = [&](const boost::json::value& v, std::string_view section,
                           auto&& add) -> std::optional<error> {
    const boost::json::object* o = v.if_object();
    if (o == nullptr)
      return error{errc::syntax, detail::pointer(section),
                   std::string(section) + " is an object of names: {\"theirs\": \"ours\"}"};
    for (const auto& kv : *o) {
      const std::string_view theirs(kv.key().data(), kv.key().size());
      const boost::json::string* ours = kv.value().if_string();
      if (ours == nullptr)
        return error{errc::syntax, detail::pointer(section, theirs), "the name " + detail::quoted(theirs) + " maps to a string"};
      if (auto e = add(theirs, text(*ours))) return e;
    }
    return std::nullopt;
  };

  column_map map;
  static constexpr std::array<std::string_view, 7> sections{"columns",   "stages",      "outcomes",     "currency",
                                                             "delimiter", "date_format", "decimal_comma"};
  for (const auto& kv : *top) {
    const std::string_view key(kv.key().data(), kv.key().size());
    std::optional<error> e;
    if (key == "columns") {
      e = renames(kv.value(), key, [&](std::string_view theirs, std::string_view ours) -> std::optional<error> {
        const std::size_t our = our_column(ours);
        if (our == npos)
          return error{errc::unknown_name, detail::pointer("columns", theirs),
                       detail::quoted(ours) + " is not a column we read" + detail::did_you_mean(ours, column_names)};
        map.columns.push_back({std::string(theirs), std::string(column_names[our])});
        return std::nullopt;
      });
    } else if (key == "stages") {
      e = renames(kv.value(), key, [&](std::string_view theirs, std::string_view ours) -> std::optional<error> {
        if (detail::is_blank(ours)) return error{errc::syntax, detail::pointer("stages", theirs), "the stage name is blank"};
        map.stages.push_back({std::string(theirs), std::string(ours)});
        return std::nullopt;
      });
    } else if (key == "outcomes") {
      e = renames(kv.value(), key, [&](std::string_view theirs, std::string_view ours) -> std::optional<error> {
        const auto o = outcome_named(ours);
        if (!o)
          return error{errc::unknown_name, detail::pointer("outcomes", theirs),
                       detail::quoted(ours) + " is not an outcome (open, won, lost or disqualified)"};
        map.outcomes.push_back({std::string(theirs), *o});
        return std::nullopt;
      });
    } else if (key == "currency") {
      const boost::json::string* code = kv.value().if_string();
      if (code == nullptr) return fail(errc::syntax, "/currency", "the currency is a string such as \"USD\"");
      const auto c = currency::from_code(text(*code), "/currency");
      if (!c) return unexpected<error>(c.error());
      map.currency = *c;
    } else if (key == "delimiter" || key == "date_format") {
      const boost::json::string* given = kv.value().if_string();
      const std::string at = detail::pointer(key);
      if (given == nullptr)
        return fail(errc::syntax, at,
                    key == "delimiter" ? "the delimiter is a string such as \";\" or \"tab\""
                                       : "the date format is a string such as \"M/D/Y\"");
      if (key == "delimiter") {
        const auto c = parse_delimiter(text(*given), at);
        if (!c) return unexpected<error>(c.error());
        map.delimiter = *c;
      } else {
        const auto f = parse_date_format(text(*given), at);
        if (!f) return unexpected<error>(f.error());
        map.dates = *f;
      }
    } else if (key == "decimal_comma") {
      if (!kv.value().is_bool()) return fail(errc::syntax, "/decimal_comma", "decimal_comma is true or false");
      map.decimal_comma = kv.value().get_bool();
    } else {
      return fail(errc::unknown_name, detail::pointer(key),
                  "the column map has no setting " + detail::quoted(key) + detail::did_you_mean(key, sections) +
                      " (it has columns, stages, outcomes, currency, delimiter, date_format and decimal_comma)");
    }
    if (e) return unexpected<error>(std::move(*e));
  }
  return map;
}

// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// A whole export, a file in parts at once.

// What import_file needs of a reader beyond its public face: the ids it took.
struct reader_access {
  static detail::id_registry& ids(opportunity_reader& r) noexcept { return r.state_->ids; }
  static void set_earlier(opportunity_reader& r, const detail::id_registry* earlier) noexcept {
    r.state_->earlier = earlier;
  }
  static bool is_utf16(const opportunity_reader& r) noexcept { return r.state_ && r.state_->utf16 != nullptr; }
};

namespace {

constexpr std::size_t no_part = std::numeric_limits<std::size_t>::max();

// One part of the file as one thread reads it.
struct part_run {
  std::uint64_t begin = 0;  // its first byte in the file
  std::uint64_t first_line = 1;
  bool exists = false;  // a start was found for it
  std::unique_ptr<detail::file_range_source> source;
  std::unique_ptr<std::istream> stream;
  std::optional<opportunity_reader> reader;
  std::unique_ptr<deal_sink> sink;
  std::uint64_t rows = 0, skipped = 0;
  std::vector<error> errors;    // the first errors_kept
  std::optional<error> fatal;   // what ended it early: a failed read, a sink, a bad row under strict
  std::size_t stopped_at = no_part;  // the part whose start it reached; no_part: the end of the input
  std::atomic<std::uint64_t> bytes{0}, rows_so_far{0};
};

// Where the parts after part `i` start, as far as part i needs to know: a part's start
// is found by its own thread, and a part before it waits for the answer only once it
// has read up to where the search began.
struct part_starts {
  std::vector<std::uint64_t> search_from;  // the share of the file each search starts at
  std::vector<std::shared_future<std::optional<detail::part_start>>> found;
};

// Reads part `at` to the end of the input or to the start of a later part it lands on
// exactly, feeding its sink; it stops there and records that part in `stopped_at`.
void run_part(std::vector<std::unique_ptr<part_run>>& parts, std::size_t at, const part_starts& starts,
              const file_import_options& options, const std::function<void()>& tick) {
  part_run& p = *parts[at];
  opportunity_reader& reader = *p.reader;
  opportunity deal;
  std::size_t next = at + 1;
  for (std::uint64_t n = 0;; ++n) {
    const std::uint64_t here = p.begin + reader.offset();
    // The parts whose start lies behind: passed over (this part read through them).
    while (next < parts.size()) {
      if (here < starts.search_from[next]) break;
      const auto& start = starts.found[next].get();
      if (!start || here > start->offset) {
        ++next;
        continue;
      }
      if (here == start->offset) p.stopped_at = next;
      break;
    }
    if (p.stopped_at != no_part) break;
    if ((n & 0x3FFF) == 0) {
      p.bytes.store(reader.offset(), std::memory_order_relaxed);
      p.rows_so_far.store(reader.rows(), std::memory_order_relaxed);
      if (tick) tick();
    }
    auto got = reader.next(deal);
    if (!got.has_value()) {
      if (options.history) options.history->meet(got.error().deal_id);
      if (options.strict || reader.failed()) {
        p.fatal = std::move(got.error());
        break;
      }
      if (p.errors.size() < options.errors_kept) p.errors.push_back(std::move(got.error()));
      continue;
    }
    if (!*got) break;
    if (options.history) (void)options.history->fill(deal);
    if (auto taken = p.sink->add(deal); !taken) {
      p.fatal = std::move(taken.error());
      // About the deal just read (a sink may also fail on one it kept from before): its
      // row in this part; gather() counts the parts before it.
      if (p.fatal->deal_id == deal.id) p.fatal->row = reader.rows();
      break;
    }
  }
  p.rows = reader.rows();
  p.skipped = reader.skipped();
  p.bytes.store(reader.offset(), std::memory_order_relaxed);
  p.rows_so_far.store(p.rows, std::memory_order_relaxed);
}

// Opens part `at`'s reader at `start` over its own stream of the file.
std::optional<error> open_part(part_run& p, const detail::file_handle& file, const opportunity_reader& first,
                               const detail::part_start& start) {
  p.begin = start.offset;
  p.first_line = start.line;
  p.source = std::make_unique<detail::file_range_source>(file, start.offset);
  p.stream = std::make_unique<std::istream>(p.source.get());
  auto reader = first.part(*p.stream, start.line);
  if (!reader) return reader.error();
  p.reader.emplace(std::move(*reader));
  return std::nullopt;
}

// The parts' findings in file order, and their sinks merged; parts that repeat an
// earlier part's ids read again first.
expected<file_import, error> gather(std::vector<std::unique_ptr<part_run>>& parts, const detail::file_handle* file,
                                    const part_starts& starts, const file_import_options& options,
                                    const std::function<std::unique_ptr<deal_sink>()>& make_sink,
                                    std::unique_ptr<deal_sink>& merged) {
  std::vector<std::size_t> chain;
  for (std::size_t i = 0; i != no_part; i = parts[i]->stopped_at) chain.push_back(i);
  file_import result;
  result.parts = static_cast<unsigned>(std::count_if(parts.begin(), parts.end(), [](const auto& p) { return p->exists; }));
  result.parts_read_again = static_cast<unsigned>(result.parts - chain.size());
  if (options.history != nullptr) result.carried.insert(deal_data::stage_history);

  std::unordered_set<std::string_view> ignored;  // the names listed so far
  const bool check_ids = options.import.refuse_duplicate_ids && chain.size() > 1;
  detail::id_registry* taken = check_ids ? &reader_access::ids(*parts[0]->reader) : nullptr;
  for (std::size_t k = 0; k < chain.size(); ++k) {
    part_run& p = *parts[chain[k]];
    if (k != 0 && check_ids && !p.fatal) {
      // A part that repeats an id of an earlier part is read again knowing the earlier ids.
      if (taken->shares_an_id_with(reader_access::ids(*p.reader))) {
        ++result.parts_read_again;
        const std::size_t stop = p.stopped_at;
        const detail::part_start start{p.begin, p.first_line};
        if (auto e = open_part(p, *file, *parts[0]->reader, start)) return unexpected<error>(std::move(*e));
        reader_access::set_earlier(*p.reader, taken);
        p.sink = make_sink();
        p.errors.clear();
        p.stopped_at = no_part;
        run_part(parts, chain[k], starts, options, {});
        if (p.stopped_at != stop && !p.fatal)
          return detail::fail(errc::inconsistent, "", "a part of the file read again ended elsewhere");
      }
    }
    // Rows are counted within each part: those of the parts before it come first.
    const auto in_file = [&](error& e) {
      if (e.row != 0) e.row += result.rows;
    };
    if (p.fatal) {
      in_file(*p.fatal);
      return unexpected<error>(std::move(*p.fatal));
    }
    for (auto& e : p.errors) {
      in_file(e);
      if (result.errors.size() < options.errors_kept) result.errors.push_back(std::move(e));
    }
    result.rows += p.rows;
    result.skipped += p.skipped;
    result.carried = result.carried | p.reader->carried();
    for (const auto& name : p.reader->ignored_columns())
      if (result.ignored_columns.size() < key_memory && ignored.insert(name).second)
        result.ignored_columns.push_back(name);
    if (k == 0) {
      merged = std::move(p.sink);
    } else {
      if (auto joined = merged->merge(*p.sink); !joined) return unexpected<error>(std::move(joined.error()));
      if (check_ids && k + 1 < chain.size()) taken->take_all_of(reader_access::ids(*p.reader));
    }
  }
  return result;
}

// The whole of one stream, in one part.
expected<file_import, error> import_one_part(std::istream& in, const validated_policy& policy,
                                             const file_import_options& options,
                                             const std::function<std::unique_ptr<deal_sink>()>& make_sink,
                                             std::unique_ptr<deal_sink>& merged,
                                             const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  std::vector<std::unique_ptr<part_run>> parts;
  parts.push_back(std::make_unique<part_run>());
  part_run& p = *parts[0];
  p.exists = true;
  auto reader = opportunity_reader::open(in, policy, options.import);
  if (!reader) return unexpected<error>(std::move(reader.error()));
  p.reader.emplace(std::move(*reader));
  p.sink = make_sink();
  const part_starts none{{0}, {{}}};
  const std::function<void()> tick = [&] {
    if (progress) progress(p.rows_so_far.load(), p.bytes.load());
  };
  run_part(parts, 0, none, options, tick);
  return gather(parts, nullptr, none, options, make_sink, merged);
}

}  // namespace

expected<file_import, error> import_stream(std::istream& in, const validated_policy& policy,
                                           const file_import_options& options,
                                           const std::function<std::unique_ptr<deal_sink>()>& make_sink,
                                           std::unique_ptr<deal_sink>& merged,
                                           const std::function<void(std::uint64_t, std::uint64_t)>& progress) noexcept {
  return import_one_part(in, policy, options, make_sink, merged, progress);
}

expected<file_import, error> import_file(const std::string& file, const validated_policy& policy,
                                         const file_import_options& options,
                                         const std::function<std::unique_ptr<deal_sink>()>& make_sink,
                                         std::unique_ptr<deal_sink>& merged,
                                         const std::function<void(std::uint64_t, std::uint64_t)>& progress) noexcept {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status))
    return detail::fail(errc::missing, "", "the path is a directory, not a file");
  const std::uint64_t size = std::filesystem::is_regular_file(status) ? std::filesystem::file_size(file, ec) : 0;
  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  const std::uint64_t min_part = std::max<std::uint64_t>(options.min_part_bytes, 1);
  if (ec || size / min_part < 2) threads = 1;
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, std::max<std::uint64_t>(size / min_part, 1)));
  if (threads <= 1) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return detail::fail(errc::missing, "", "cannot open the file");
    return import_one_part(in, policy, options, make_sink, merged, progress);
  }

  detail::file_handle handle(file);
  if (!handle.is_open()) return detail::fail(errc::missing, "", "cannot open the file");
  std::vector<std::unique_ptr<part_run>> parts;
  parts.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) parts.push_back(std::make_unique<part_run>());
  part_run& first = *parts[0];
  first.exists = true;
  first.source = std::make_unique<detail::file_range_source>(handle, 0);
  first.stream = std::make_unique<std::istream>(first.source.get());
  auto reader = opportunity_reader::open(*first.stream, policy, options.import);
  if (!reader) return unexpected<error>(std::move(reader.error()));
  first.reader.emplace(std::move(*reader));
  first.sink = make_sink();
  if (reader_access::is_utf16(*first.reader)) {  // its parts' bytes are not the file's: read it whole
    parts.resize(1);
    const part_starts none{{0}, {{}}};
    run_part(parts, 0, none, options, [&] {
      if (progress) progress(first.rows_so_far.load(), first.bytes.load());
    });
    return gather(parts, &handle, none, options, make_sink, merged);
  }

  const bool csv = options.import.format == input_format::csv;
  part_starts starts;
  std::vector<std::promise<std::optional<detail::part_start>>> promises(threads);
  for (unsigned i = 0; i < threads; ++i) {
    starts.search_from.push_back(size / threads * i);
    starts.found.push_back(promises[i].get_future().share());
  }
  promises[0].set_value(detail::part_start{0, 1});
  for (unsigned i = 1; i < threads; ++i) parts[i]->sink = make_sink();

  std::vector<std::thread> workers;
  try {
    for (unsigned i = 1; i < threads; ++i)
      workers.emplace_back([&, i] {
        part_run& p = *parts[i];
        std::optional<detail::part_start> start;
        try {
          start = detail::find_part_start(handle, starts.search_from[i], csv);
        } catch (...) {
          start.reset();
        }
        // A start at or before an earlier search point would overlap that part: none.
        if (start && start->offset >= size) start.reset();
        promises[i].set_value(start);
        if (!start) return;
        p.exists = true;
        if (auto e = open_part(p, handle, *first.reader, *start)) {
          p.fatal = std::move(*e);
          return;
        }
        run_part(parts, i, starts, options, {});
      });
  } catch (...) {
    for (auto& w : workers) w.join();
    return detail::fail(errc::no_memory, "", "a thread to read a part of the file could not start");
  }
  run_part(parts, 0, starts, options, [&] {
    if (!progress) return;
    std::uint64_t rows = 0, bytes = 0;
    for (const auto& p : parts) {
      rows += p->rows_so_far.load(std::memory_order_relaxed);
      bytes += p->bytes.load(std::memory_order_relaxed);
    }
    progress(rows, bytes);
  });
  for (auto& w : workers) w.join();
  return gather(parts, &handle, starts, options, make_sink, merged);
}

expected<import_result, error> import_opportunities(std::istream& in, const validated_policy& policy,
                                                    const import_options& options, bool strict) noexcept {
  auto reader = opportunity_reader::open(in, policy, options);
  if (!reader) return unexpected<error>(std::move(reader.error()));
  import_result result;
  opportunity deal;
  for (;;) {
    auto got = reader->next(deal);
    if (!got.has_value()) {
      if (strict || reader->failed()) return unexpected<error>(std::move(got.error()));
      result.skipped.push_back(std::move(got.error()));
      continue;
    }
    if (!*got) break;
    result.deals.push_back(std::move(deal));
    deal = opportunity{};
  }
  result.rows = reader->rows();
  result.ignored_columns = reader->ignored_columns();
  result.carried = reader->carried();
  return result;
}

}  // namespace salesrules::io
