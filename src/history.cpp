// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/history.hpp>

#include "id_registry.hpp"

#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>
#include <salesrules/stage.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <utility>

namespace salesrules::io {
namespace {

using salesrules::detail::quoted;

enum hcol : std::uint8_t { h_id, h_stage, h_close_date, h_changed_at, h_field, h_old_value, h_new_value, h_count };
constexpr std::array<std::string_view, h_count> our_names = {"id",        "stage",     "close_date", "changed_at",
                                                             "field",     "old_value", "new_value"};

// The names a column is known by without a map, as canonically() compares them.
struct alias {
  std::string_view name;
  hcol ours;
  bool generic = false;  // a name a more specific one takes the place of
};
constexpr std::array<alias, 18> aliases = {{
    // A Salesforce export of OpportunityHistory has the history row's own Id beside
    // OpportunityId: a specific name wins over the generic one.
    {"id", h_id, true},
    {"opportunityid", h_id},
    {"dealid", h_id},
    {"itemid", h_id},
    {"stage", h_stage},
    {"stagename", h_stage},
    {"closedate", h_close_date},
    {"changedat", h_changed_at},
    {"createddate", h_changed_at},
    {"editdate", h_changed_at},
    {"logtime", h_changed_at},
    {"updatetime", h_changed_at},
    {"time", h_changed_at},
    {"timestamp", h_changed_at},
    {"field", h_field},
    {"fieldkey", h_field},
    {"oldvalue", h_old_value},
    {"newvalue", h_new_value},
}};

// A change log's field names for the stage and the close date, as canonically() compares them.
constexpr std::array<std::string_view, 4> stage_fields = {"stage", "stageid", "stagename", "dealstage"};
constexpr std::array<std::string_view, 3> close_fields = {"closedate", "expectedclosedate", "closedateexpected"};

// Whether `s` is `name` once reduced to its lower-case ASCII letters and digits
// ("Opportunity ID" and "opportunity_id" are both "opportunityid"), without building
// the reduced text.
bool canonically(std::string_view s, std::string_view name) noexcept {
  std::size_t at = 0;
  for (const char c : s) {
    char l = 0;
    if (c >= 'A' && c <= 'Z') l = static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) l = c;
    else continue;
    if (at == name.size() || name[at] != l) return false;
    ++at;
  }
  return at == name.size();
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint16_t no_stage = std::numeric_limits<std::uint16_t>::max();

}  // namespace

// One stage entered, or one close-date move, in a list per deal threaded through one array.
struct history_change {
  std::int32_t day = 0;   // day_number of the change
  std::int32_t from = 0;  // close date moves: day numbers
  std::int32_t to = 0;
  std::uint32_t next = none;
  std::uint16_t stage = no_stage;  // a stage entered; no_stage: a close-date move
};

struct history_deal {
  std::uint64_t first_line = 0;
  std::uint64_t last_line = 0;
  std::uint64_t first_column = 0;  // the id's column
  std::int64_t last_moment = std::numeric_limits<std::int64_t>::min();
  bool last_had_time = true;
  std::uint32_t head = none, tail = none;
  std::int32_t last_close = std::numeric_limits<std::int32_t>::min();  // rows: the close date of the row above
  std::uint16_t last_stage = no_stage;     // rows: the stage of the row above
  std::uint16_t created_stage = no_stage;  // changes: the first change's old stage
};

struct deal_histories::state {
  const validated_policy* policy = nullptr;
  detail::id_registry index;  // id -> its place in `deals`
  std::vector<history_deal> deals;  // in the order of their first rows
  std::vector<history_change> changes;
  std::unique_ptr<std::atomic<bool>[]> met;
  std::string id_pointer;  // the id column's, "/OpportunityId"
};

deal_histories::deal_histories() : state_(std::make_unique<state>()) {}
deal_histories::deal_histories(deal_histories&&) noexcept = default;
deal_histories& deal_histories::operator=(deal_histories&&) noexcept = default;
deal_histories::~deal_histories() = default;

std::size_t deal_histories::deals() const noexcept { return state_ ? state_->deals.size() : 0; }
std::uint64_t deal_histories::changes() const noexcept { return state_ ? state_->changes.size() : 0; }

bool deal_histories::fill(opportunity& deal) const noexcept {
  if (!state_ || state_->deals.empty()) return false;
  const auto at = state_->index.find(deal.id);
  if (!at) return false;
  const history_deal& d = state_->deals[*at];
  state_->met[*at].store(true, std::memory_order_relaxed);
  const auto& stages = state_->policy->process()->stages;
  const auto on = [](std::int32_t n) { return date{std::chrono::sys_days{std::chrono::days{n}}}; };
  // The entries are assigned over the deal's own, so that a reused deal's strings keep
  // their buffers: no allocation once they have grown to fit.
  std::size_t entries = 0, moves = 0;
  const bool created = d.created_stage != no_stage && deal.created_date.ok() && d.head != none &&
                       salesrules::detail::day_number(deal.created_date) <= state_->changes[d.head].day;
  entries += created ? 1 : 0;
  for (std::uint32_t i = d.head; i != none; i = state_->changes[i].next)
    (state_->changes[i].stage != no_stage ? entries : moves) += 1;
  deal.stage_history.resize(entries);
  deal.close_date_history.resize(moves);
  std::size_t e = 0, m = 0;
  if (created) {
    deal.stage_history[e].stage = stages[d.created_stage].name;
    deal.stage_history[e++].entered = deal.created_date;
  }
  for (std::uint32_t i = d.head; i != none; i = state_->changes[i].next) {
    const history_change& c = state_->changes[i];
    if (c.stage != no_stage) {
      deal.stage_history[e].stage = stages[c.stage].name;
      deal.stage_history[e++].entered = on(c.day);
    } else {
      deal.close_date_history[m++] = close_date_change{on(c.day), on(c.from), on(c.to)};
    }
  }
  return true;
}

void deal_histories::meet(std::string_view id) const noexcept {
  if (!state_ || state_->deals.empty()) return;
  if (const auto at = state_->index.find(id)) state_->met[*at].store(true, std::memory_order_relaxed);
}

std::vector<error> deal_histories::unmatched(std::size_t keep, std::uint64_t& count) const {
  std::vector<error> out;
  count = 0;
  if (!state_) return out;
  // The registry holds the ids in the order taken, which is the deals' order.
  state_->index.for_each([&](std::string_view id, std::uint64_t i) {
    if (state_->met[i].load(std::memory_order_relaxed)) return;
    ++count;
    if (out.size() < keep) {
      const history_deal& d = state_->deals[i];
      out.push_back(error{errc::unknown_name, state_->id_pointer,
                          "the history has a deal that the deals export does not have", d.first_line, d.first_column,
                          std::string(id)});
    }
  });
  return out;
}

struct history_access {
  using state = deal_histories::state;
  static state& of(deal_histories& h) { return *h.state_; }
};

namespace {

class history_reader {
 public:
  history_reader(const validated_policy& policy, const history_options& options, history_access::state& into)
      : policy_(policy),
        options_(options),
        into_(into),
        dates_(options.map.dates.value_or(options.dates)),
        iso_dates_(dates_ == date_format{}) {}

  std::optional<error> prepare() {
    const auto& process = policy_.process();
    if (process->stages.size() >= no_stage)
      return error{errc::out_of_range, "", "the policy has more stages than a history can name"};
    for (const name_mapping& m : options_.map.stages) {
      const auto found = salesrules::find_stage(process, m.ours);
      if (!found)
        return error{errc::unknown_name, detail::pointer("stages", m.theirs),
                     "the column map renames stage " + quoted(m.theirs) + " to " + quoted(m.ours) +
                         ", which is not a stage of the policy" + detail::stage_hint(*process, m.ours)};
      renames_.emplace_back(m.theirs, *found);
    }
    for (std::size_t i = process->stages.size(); i-- > 0;) {
      const stage_kind k = process->stages[i].kind;
      if (k != stage_kind::open) closing_stage_[k == stage_kind::won ? 0 : 1] = static_cast<std::uint16_t>(i);
    }
    return std::nullopt;
  }

  // Binds the header's columns; fails when one of ours is there twice or a needed one is missing.
  std::optional<error> bind(const csv_header& header, history_import& out) {
    column_.fill(npos);
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string_view name = header.name(i);
      std::size_t ours = npos;
      for (const name_mapping& m : options_.map.columns)
        if (m.theirs == name || same_name(m.theirs, name)) {
          for (std::size_t k = 0; k < h_count; ++k)
            if (same_name(our_names[k], m.ours)) ours = k;
          if (ours == npos)
            return error{errc::unknown_name, detail::pointer("columns", m.theirs),
                         "the column map renames " + quoted(m.theirs) + " to " + quoted(m.ours) +
                             ", which is not a history column" + detail::did_you_mean(m.ours, our_names)};
          break;
        }
      bool generic = false;
      if (ours == npos) {
        for (const alias& a : aliases)
          if (canonically(name, a.name)) ours = a.ours, generic = a.generic;
      }
      if (ours == npos) {
        out.ignored_columns.emplace_back(name);
        continue;
      }
      if (column_[ours] != npos && generic != generic_[ours]) {
        // The generic name and a specific one: the specific one is the column.
        if (generic) {
          out.ignored_columns.emplace_back(name);
          continue;
        }
        out.ignored_columns.emplace_back(header.name(column_[ours]));
        column_[ours] = npos;
      }
      if (column_[ours] != npos)
        return error{errc::duplicate, detail::pointer(name),
                     "columns " + std::to_string(column_[ours] + 1) + " (" + quoted(header.name(column_[ours])) +
                         ") and " + std::to_string(i + 1) + " (" + quoted(name) + ") are both the history's " +
                         std::string(our_names[ours]),
                     header.line(), i + 1};
      column_[ours] = i;
      generic_[ours] = generic;
    }
    const auto missing = [&](std::string_view what) {
      return error{errc::missing, "", "the history has no " + std::string(what) + " column", header.line()};
    };
    if (column_[h_id] == npos) return missing("deal id (id, OpportunityId or deal_id)");
    if (column_[h_changed_at] == npos) return missing("time of change (changed_at, CreatedDate or log_time)");
    out.shape = column_[h_field] != npos || column_[h_new_value] != npos ? history_shape::changes : history_shape::rows;
    if (out.shape == history_shape::changes) {
      if (column_[h_field] == npos) return missing("field (field or field_key)");
      if (column_[h_new_value] == npos) return missing("new_value");
    } else if (column_[h_stage] == npos && column_[h_close_date] == npos) {
      return missing("stage (stage or StageName) or close date (close_date or CloseDate)");
    }
    header_ = &header;
    into_.id_pointer = detail::pointer(header.name(column_[h_id]));
    return std::nullopt;
  }

  // Takes one record; an error for a bad one, which then leaves nothing behind.
  std::optional<error> take(const csv_record& r, history_import& out) {
    line_ = r.line;
    id_ = {};
    if (r.size() != header_->size())
      return placed(npos, errc::syntax,
                    "the row has " + std::to_string(r.size()) + " fields; the header has " +
                        std::to_string(header_->size()));
    id_ = trim(r[column_[h_id]]);
    if (id_.empty()) return placed(h_id, errc::missing, "the deal id is blank");
    // A deal not the row above's: its slot in the index is loaded while the row is read.
    const bool same_deal = last_deal_ != none && id_ == last_id_;
    const std::uint64_t hash = same_deal ? 0 : into_.index.prefetch(id_);
    const auto when = parse_export_timestamp(trim(r[column_[h_changed_at]]), dates_, options_.utc_offset);
    if (!when) return placed(h_changed_at, when.error());
    const std::int32_t day = local_day(when->utc_seconds);

    // What the row changes, checked before anything is kept.
    std::uint16_t entered = no_stage, created = no_stage;
    std::optional<std::int32_t> close_to, close_from;
    bool other = false;
    if (out.shape == history_shape::rows) {
      if (column_[h_stage] != npos) {
        if (const auto s = trim(r[column_[h_stage]]); !s.empty()) {
          const auto st = stage_of(s);
          if (!st) return unknown_stage(h_stage, s);
          entered = *st;
        }
      }
      if (column_[h_close_date] != npos) {
        if (const auto s = trim(r[column_[h_close_date]]); !s.empty()) {
          const auto d = read_date(s);
          if (!d) return placed(h_close_date, d.error());
          close_to = salesrules::detail::day_number(*d);
        }
      }
    } else {
      const std::string_view field = r[column_[h_field]];
      const auto is = [&](const auto& names) {
        return std::ranges::any_of(names, [&](std::string_view n) { return canonically(field, n); });
      };
      const std::string_view new_value = trim(r[column_[h_new_value]]);
      const std::string_view old_value = column_[h_old_value] != npos ? trim(r[column_[h_old_value]]) : "";
      if (is(stage_fields)) {
        if (new_value.empty()) return placed(h_new_value, errc::missing, "the new stage is blank");
        const auto st = stage_of(new_value);
        if (!st) return unknown_stage(h_new_value, new_value);
        entered = *st;
        if (!old_value.empty()) {
          const auto was = stage_of(old_value);
          if (!was) return unknown_stage(h_old_value, old_value);
          created = *was;
        }
      } else if (is(close_fields)) {
        if (!new_value.empty()) {
          const auto d = read_date(new_value);
          if (!d) return placed(h_new_value, d.error());
          close_to = salesrules::detail::day_number(*d);
        }
        if (!old_value.empty()) {
          const auto d = read_date(old_value);
          if (!d) return placed(h_old_value, d.error());
          close_from = salesrules::detail::day_number(*d);
        }
      } else if (canonically(field, "status")) {
        // Pipedrive keeps won and lost out of the stages: a status of won or lost
        // enters the process's first stage of that kind; open, deleted and the like
        // are not stage changes.
        const auto kind = closing_kind(new_value);
        if (kind && closing_stage_[*kind == deal_outcome::won ? 0 : 1] != no_stage)
          entered = closing_stage_[*kind == deal_outcome::won ? 0 : 1];
        else
          other = true;
      } else {
        other = true;
      }
    }

    // The deal, found or new; time must not go backwards within it. Exports list a
    // deal's rows together, most of them: the row above's deal is tried first.
    std::optional<std::uint64_t> at;
    if (same_deal) at = last_deal_;
    else at = into_.index.find(id_, hash);
    if (at) {
      const history_deal& d = into_.deals[*at];
      // A date without a time is that whole day: it is before another change only on
      // an earlier day.
      const bool earlier = when->has_time && d.last_had_time
                               ? when->utc_seconds < d.last_moment
                               : local_day(when->utc_seconds) < local_day(d.last_moment);
      if (earlier)
        return placed(h_changed_at, errc::inconsistent,
                      quoted(r[column_[h_changed_at]]) + " is before the deal's change on line " +
                          std::to_string(d.last_line) + ": a deal's history must run oldest first");
    }
    if (other) {
      ++out.other_fields;
      if (!at) return std::nullopt;  // a deal known only by fields we do not read has no history
    }
    if (!at) {
      if (into_.deals.size() >= none) return placed(h_id, errc::too_large, "the history has too many deals");
      at = into_.deals.size();
      (void)into_.index.first_or_take(id_, *at, hash);
      history_deal d;
      d.first_line = line_;
      d.first_column = column_[h_id] + 1;
      into_.deals.push_back(d);
    }
    if (last_deal_ != *at) {
      last_deal_ = static_cast<std::uint32_t>(*at);
      last_id_.assign(id_);
    }
    history_deal& d = into_.deals[*at];
    d.last_moment = when->utc_seconds;
    d.last_had_time = when->has_time;
    d.last_line = line_;
    if (other) return std::nullopt;
    // The first stage change's old value: the stage the deal was created in.
    if (out.shape == history_shape::changes && created != no_stage && d.last_stage == no_stage)
      d.created_stage = created;
    if (entered != no_stage && (out.shape == history_shape::changes || entered != d.last_stage)) {
      if (!append(d, history_change{day, 0, 0, none, entered})) return too_many();
      d.last_stage = entered;
    }
    if (close_to) {
      if (out.shape == history_shape::rows) {
        if (d.last_close != std::numeric_limits<std::int32_t>::min() && d.last_close != *close_to)
          if (!append(d, history_change{day, d.last_close, *close_to, none, no_stage})) return too_many();
        d.last_close = *close_to;
      } else if (close_from && *close_from != *close_to) {
        if (!append(d, history_change{day, *close_from, *close_to, none, no_stage})) return too_many();
      }
    }
    return std::nullopt;
  }

  // The day number of a moment at the offset (a date alone's moment is its midnight
  // there, so both give its day).
  std::int32_t local_day(std::int64_t utc_seconds) const {
    const std::int64_t local = utc_seconds + std::int64_t{options_.utc_offset} * 60;
    return static_cast<std::int32_t>(local >= 0 ? local / 86400 : -((86399 - local) / 86400));
  }

  error too_many() const {
    return placed(npos, errc::too_large, "the history has more changes than it can hold (4,294,967,295)");
  }

  // An error about the whole row (`c` npos) or the cell of our column `c`.
  error placed(std::size_t c, error e) const {
    e.line = line_;
    e.column = c == npos ? 0 : column_[c] + 1;
    e.where = c == npos ? std::string() : detail::pointer(header_->name(column_[c]));
    e.deal_id = id_;
    return e;
  }
  error placed(std::size_t c, errc code, std::string message) const {
    return placed(c, error{code, "", std::move(message)});
  }

 private:
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  // false when the history has as many changes as an index can number.
  [[nodiscard]] bool append(history_deal& d, const history_change& c) {
    if (into_.changes.size() >= none) return false;
    const auto i = static_cast<std::uint32_t>(into_.changes.size());
    into_.changes.push_back(c);
    if (d.tail != none) into_.changes[d.tail].next = i;
    else d.head = i;
    d.tail = i;
    return true;
  }

  // The stage a cell names: the map's renames exactly, the policy's stages (ignoring
  // ASCII case), then the renames ignoring case; the answers for the spellings met
  // first are kept, so a file of millions of rows looks each spelling up once.
  std::optional<std::uint16_t> stage_of(std::string_view given) {
    for (const auto& [text, stage] : seen_)
      if (text == given) return stage;
    std::optional<std::size_t> found;
    for (const auto& [theirs, ours] : renames_)
      if (theirs == given) found = ours;
    if (!found) found = salesrules::find_stage(policy_.process(), given);
    if (!found)
      for (const auto& [theirs, ours] : renames_)
        if (same_name(theirs, given)) found = ours;
    if (!found) return std::nullopt;
    const auto s = static_cast<std::uint16_t>(*found);
    if (seen_.size() < 64) seen_.emplace_back(std::string(given), s);
    return s;
  }

  // A date in the export's format; ISO dates without building an error first.
  expected<date, error> read_date(std::string_view text) const {
    if (iso_dates_)
      if (const auto d = salesrules::detail::read_iso_date(text)) return *d;
    return parse_export_date(text, dates_);
  }

  // won or lost, as written or through the map's outcome renames.
  std::optional<deal_outcome> closing_kind(std::string_view given) const {
    std::optional<deal_outcome> o;
    for (const outcome_mapping& m : options_.map.outcomes)
      if (!o && (m.theirs == given || same_name(m.theirs, given))) o = m.ours;
    if (!o && same_name(given, "won")) o = deal_outcome::won;
    if (!o && same_name(given, "lost")) o = deal_outcome::lost;
    if (o && *o != deal_outcome::won && *o != deal_outcome::lost) o.reset();
    return o;
  }

  error unknown_stage(std::size_t c, std::string_view given) const {
    return placed(c, errc::unknown_name,
                  "unknown stage " + quoted(given) + detail::stage_hint(*policy_.process(), given) +
                      " (a CRM's stage ids or names are renamed to the policy's by the column map's \"stages\")");
  }

  const validated_policy& policy_;
  const history_options& options_;
  history_access::state& into_;
  date_format dates_;
  std::array<std::size_t, h_count> column_{};
  std::array<bool, h_count> generic_{};
  const csv_header* header_ = nullptr;
  std::vector<std::pair<std::string, std::size_t>> renames_;
  std::vector<std::pair<std::string, std::uint16_t>> seen_;
  std::array<std::uint16_t, 2> closing_stage_{no_stage, no_stage};  // the first won and lost stages
  std::uint64_t line_ = 0;
  std::string_view id_;
  bool iso_dates_ = false;
  std::string last_id_;  // the deal of the last row kept, and its place
  std::uint32_t last_deal_ = none;
};

}  // namespace

expected<history_import, error> read_history(std::istream& in, const validated_policy& policy,
                                             const history_options& options) noexcept {
  try {
    history_import out;
    history_access::state& into = history_access::of(out.histories);
    into.policy = &policy;
    if (options.utc_offset < -14 * 60 || options.utc_offset > 14 * 60)
      return unexpected<error>(error{errc::out_of_range, "/utc_offset",
                                     "the UTC offset is " + std::to_string(options.utc_offset) +
                                         " minutes; it must be within 14 hours (840 minutes) either way"});
    history_reader reader(policy, options, into);
    if (auto e = reader.prepare()) return unexpected<error>(std::move(*e));
    csv_options csv = options.csv;
    if (options.map.delimiter) csv.delimiter = *options.map.delimiter;
    csv_reader records(in, csv);
    auto header = read_csv_header(records);
    if (!header) return unexpected<error>(std::move(header.error()));
    if (auto e = reader.bind(*header, out)) return unexpected<error>(std::move(*e));
    for (;;) {
      auto got = records.next();
      if (got && !*got) break;
      ++out.rows;
      std::optional<error> bad;
      if (!got) {
        if (got.error().code == errc::no_memory || in.bad()) return unexpected<error>(std::move(got.error()));
        bad = header->with_column_name(std::move(got.error()));
      } else {
        bad = reader.take(records.record(), out);
      }
      if (!bad) continue;
      if (options.strict) return unexpected<error>(std::move(*bad));
      ++out.skipped;
      if (out.errors.size() < options.errors_kept) out.errors.push_back(std::move(*bad));
    }
    if (in.bad())
      return unexpected<error>(error{errc::missing, "",
                                     "the history could not be read to its end (" + std::to_string(out.rows) +
                                         " rows were read)"});
    into.met = std::make_unique<std::atomic<bool>[]>(into.deals.size());
    for (std::size_t i = 0; i < into.deals.size(); ++i) into.met[i].store(false, std::memory_order_relaxed);
    return out;
  } catch (const std::bad_alloc&) {
    return unexpected<error>(error{errc::no_memory, "", "memory ran out while reading the history"});
  }
}

expected<history_import, error> read_history_file(const std::string& file, const validated_policy& policy,
                                                  const history_options& options) noexcept {
  try {
    std::ifstream in(file, std::ios::binary);
    if (!in) return unexpected<error>(error{errc::missing, "", "cannot open " + quoted(file)});
    return read_history(in, policy, options);
  } catch (const std::bad_alloc&) {
    return unexpected<error>(error{errc::no_memory, "", "memory ran out while reading the history"});
  }
}

}  // namespace salesrules::io
