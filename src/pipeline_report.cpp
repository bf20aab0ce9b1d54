// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/pipeline_report.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/io/escape.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/report_format.hpp>
#include <salesrules/names.hpp>
#include <salesrules/scorecard.hpp>

#include "coverage_tally.hpp"
#include "html_page.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace salesrules::io {

namespace {

using salesrules::detail::group_sums;

constexpr std::size_t rule_count_max = enum_set<hygiene_rule>::capacity;
constexpr std::size_t severity_count_max = enum_set<hygiene_severity>::capacity;
constexpr std::size_t field_count_max = enum_set<meddpicc_field>::capacity;
constexpr std::size_t category_count_max = enum_set<forecast_category>::capacity;
// A deal breaks at most one rule of each kind; room for all of them keeps the
// scratch list off the heap.
using finding_scratch = inline_vector<hygiene_finding, rule_count_max>;

// Owner names looked up by view: a deal's owner is found without copying it.
struct name_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

std::string days(std::int32_t n) { return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days"); }

}  // namespace

std::string describe(const hygiene_finding& f) noexcept {
  switch (f.rule) {
    case hygiene_rule::stale: return days(f.seen) + " without activity; stale at " + std::to_string(f.threshold);
    case hygiene_rule::close_date_past: return "close date " + days(f.seen) + " past";
    case hygiene_rule::close_date_beyond_horizon:
      return "closes in " + days(f.seen) + "; the horizon is " + days(f.threshold);
    case hygiene_rule::no_next_step: return "no next step";
    case hygiene_rule::next_step_undated: return "next step without a date";
    case hygiene_rule::next_step_unowned: return "next step without an owner";
    case hygiene_rule::next_step_overdue: return "next step " + days(f.seen) + " overdue";
    case hygiene_rule::single_threaded:
      return std::to_string(f.seen) + (f.seen == 1 ? " contact" : " contacts") + "; at least " +
             std::to_string(f.threshold);
    case hygiene_rule::qualification_incomplete: {
      std::string out = std::to_string(f.seen) + " of " + std::to_string(f.threshold) + " fields";
      std::string list;
      for (const meddpicc_field m : f.missing) {
        list += list.empty() ? "" : ", ";
        list += words(name_of(m));
      }
      if (!list.empty()) out += "; missing " + list;
      return out;
    }
    case hygiene_rule::score_below_viable:
      return "score " + to_string(score_points::from_hundredths(f.seen)) + " of 30; viable at " +
             to_string(score_points::from_hundredths(f.threshold));
    case hygiene_rule::probability_inconsistent:
      return "override " + std::to_string(f.seen) + "%" +
             (f.seen < f.threshold ? ", below the stage's " : ", above the next stage's ") +
             std::to_string(f.threshold) + "%";
    case hygiene_rule::entry_criteria_unmet:
      return std::to_string(f.seen) + " of " + std::to_string(f.threshold) + " judged entry criteria unmet";
    case hygiene_rule::handoff_late:
      return "CS handoff " + days(f.seen) + " after the signature; within " + days(f.threshold);
  }
  return "seen " + std::to_string(f.seen) + ", threshold " + std::to_string(f.threshold);
}

// ---------------------------------------------------------------------------
// The builder

struct pipeline_builder::state {
  state(const validated_policy& p, pipeline_options o)
      : policy(p),
        options(std::move(o)),
        period(options.period.value_or(period_of(options.today, period_kind::quarter, p.calendar()))),
        previous(previous_period(period, p.calendar())),
        quota_error(detail::check_quota(options.quota, p)),
        // validate(policy) makes sure qualified_after names an open stage.
        qualified_after(find_stage(p.process(), p.hygiene()->qualified_after).value_or(p.process()->stages.size())),
        discovery_stale(stale_days_for(*p.hygiene(), p.hygiene()->qualified_after)),
        min_contacts(static_cast<std::size_t>(p.hygiene()->min_contacts)),
        stages(p.process()->stages.size()),
        entry_unknown_in(p.process()->stages.size()) {
    listed.reserve(std::min<std::size_t>(options.listed_findings, 1024));
    // Whether each stage's entry list reads data the deals lack, once for all deals.
    const auto& list = p.process()->stages;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (list[i].kind != stage_kind::open) continue;  // entry_unknown counts open deals
      for (const criterion& c : list[i].entry)
        if (const auto lacks = data_read_by(c, p) - options.known; !lacks.empty()) {
          entry_unknown_in[i] = 1;
          entry_lacks = entry_lacks | lacks;
        }
    }
  }

  // One owner's open deals: all of them, and those that record a source, whose
  // weighted sum is their outbound part (weight 100 when outbound, else 0).
  struct owner_sums {
    group_sums all;
    group_sums sourced;
    std::uint64_t outbound_deals = 0;
    std::uint64_t unrecorded = 0;
    void add(const owner_sums& o) noexcept {
      all.add(o.all);
      sourced.add(o.sourced);
      outbound_deals += o.outbound_deals;
      unrecorded += o.unrecorded;
    }
  };

  void tally(const opportunity& o, std::uint64_t position);

  void count_open(const opportunity& o, std::size_t stage, const category_decision& d, std::uint64_t position);
  void count_closed(const opportunity& o, std::int64_t discounts);
  owner_sums& owner(const std::string& name);

  const validated_policy& policy;
  pipeline_options options;
  fiscal_period period;
  fiscal_period previous;
  std::optional<error> quota_error;
  std::size_t qualified_after;
  std::int32_t discovery_stale;
  std::size_t min_contacts;

  std::uint64_t position = 0;
  deal_counts counts;
  group_sums open;
  std::vector<group_sums> stages;
  std::array<group_sums, category_count_max> categories;
  std::unordered_map<std::string, std::uint32_t, name_hash, std::equal_to<>> owner_ids;
  std::vector<owner_sums> owners;
  detail::coverage_tally coverage;

  finding_scratch scratch;
  std::array<std::uint64_t, rule_count_max> by_rule{};
  std::array<std::uint64_t, severity_count_max> by_severity{};
  std::uint64_t findings = 0;
  std::uint64_t deals_with_findings = 0;
  std::vector<listed_finding> listed;
  std::vector<std::uint8_t> entry_unknown_in;  // per stage: its entry reads data the deals lack
  std::uint64_t entry_unknown = 0;
  enum_set<deal_data> entry_lacks;  // what those entry lists read and the deals lack
  std::uint64_t won_checked = 0;

  std::uint64_t past_qualified = 0;
  std::uint64_t complete = 0;
  std::array<std::uint64_t, field_count_max> missing{};

  pipeline_figures figures;
  win_rate_figure now;
  win_rate_figure before;
};

pipeline_builder::state::owner_sums& pipeline_builder::state::owner(const std::string& name) {
  auto it = owner_ids.find(std::string_view(name));
  if (it == owner_ids.end()) {
    it = owner_ids.emplace(name, static_cast<std::uint32_t>(owners.size())).first;
    owners.emplace_back();
  }
  return owners[it->second];
}

// An open deal whose hygiene findings are in `scratch`.
void pipeline_builder::state::count_open(const opportunity& o, std::size_t stage, const category_decision& d,
                                         std::uint64_t at) {
  const int weight = salesrules::detail::forecast_weight(d);
  ++counts.open;
  open.add(o.amount, weight);
  categories[static_cast<std::size_t>(d.category)].add(o.amount, weight);
  owner_sums& by = owner(o.owner);
  by.all.add(o.amount, weight);
  if (salesrules::detail::is_blank(o.source)) {
    ++by.unrecorded;
  } else {
    const bool outbound = is_outbound(o.source, *policy.coverage());
    by.sourced.add(o.amount, outbound ? 100 : 0);
    by.outbound_deals += outbound ? 1 : 0;
  }

  // measure_pipeline()'s figures of an open deal.
  ++figures.open_deals;
  if (options.known.contains(deal_data::contacts) && contacts_engaged(o) < min_contacts) ++figures.single_threaded;
  if (stage == qualified_after) {
    ++figures.open_in_discovery;
    if (days_between(o.last_activity_date.value_or(o.created_date), options.today) >= discovery_stale)
      ++figures.stalled_in_discovery;
  }

  if (entry_unknown_in[stage] != 0) ++entry_unknown;
  bool incomplete = false;
  for (const hygiene_finding& f : scratch)
    if (f.rule == hygiene_rule::qualification_incomplete) {
      incomplete = true;
      for (const meddpicc_field m : f.missing) ++missing[static_cast<std::size_t>(m)];
    }
  tally(o, at);
  // check_hygiene's qualification test covers exactly the open stages after qualified_after.
  if (stage > qualified_after && options.known.contains(deal_data::meddpicc)) {
    ++past_qualified;
    if (!incomplete) ++complete;
  }
}

// The hygiene findings of a deal, in `scratch`, counted and listed.
void pipeline_builder::state::tally(const opportunity& o, std::uint64_t at) {
  for (const hygiene_finding& f : scratch) {
    ++findings;
    ++by_rule[static_cast<std::size_t>(f.rule)];
    ++by_severity[static_cast<std::size_t>(f.severity)];
    if (listed.size() < options.listed_findings)
      listed.push_back({at, o.id, f.rule, f.severity, f.seen, f.threshold, f.missing, describe(f)});
  }
  if (!scratch.empty()) ++deals_with_findings;
}

void pipeline_builder::state::count_closed(const opportunity& o, std::int64_t discounts) {
  const date closed_on = forecast_date(o);
  win_rate_figure* rate = contains(period, closed_on) ? &now : contains(previous, closed_on) ? &before : nullptr;
  switch (o.outcome) {
    case deal_outcome::won:
      ++counts.won;
      ++figures.won_deals;
      figures.won_discount_total = discounts;
      if (rate) ++rate->won;
      break;
    case deal_outcome::lost: {
      ++counts.lost;
      ++figures.lost_deals;
      if (salesrules::detail::lost_to_competitor(o, *policy.diagnosis())) ++figures.lost_to_competitors;
      if (rate) ++rate->lost;
      break;
    }
    default: ++counts.disqualified; break;
  }
}

pipeline_builder::pipeline_builder(const validated_policy& policy, pipeline_options options) noexcept
    : s_(std::make_unique<state>(policy, std::move(options))) {}
pipeline_builder::pipeline_builder(pipeline_builder&&) noexcept = default;
pipeline_builder& pipeline_builder::operator=(pipeline_builder&&) noexcept = default;
pipeline_builder::~pipeline_builder() = default;

expected<void, error> pipeline_builder::add(const opportunity& deal) noexcept {
  state& s = *s_;
  if (s.quota_error) return unexpected<error>(*s.quota_error);
  const validated_policy& policy = s.policy;
  const sales_process& proc = *policy.process();
  const auto at = find_stage(policy.process(), deal.stage);
  if (!at) return unexpected<error>(salesrules::detail::stage_of(deal, policy.process()).error());
  const auto decision = salesrules::detail::categorize_in(deal, proc.stages[*at], policy);
  if (!decision) return unexpected<error>(decision.error());
  if (auto e = salesrules::detail::require_currency(deal)) return unexpected<error>(std::move(*e));
  std::int64_t discounts = s.figures.won_discount_total;
  if (deal.outcome == deal_outcome::won &&
      __builtin_add_overflow(discounts, deal.requested_discount.basis_points(), &discounts))
    return unexpected<error>(salesrules::detail::about_deal(
        deal, error{errc::overflow, "/requested_discount", "the won deals' discounts sum past 64 bits"}));
  s.scratch.clear();
  if (is_open(deal) || deal.outcome == deal_outcome::won) {
    const auto checked = check_hygiene(deal, s.position, policy, s.options.today, s.scratch, s.options.known);
    if (!checked) return unexpected<error>(checked.error());
  }

  // Every check has passed: the deal counts from here on.
  const std::uint64_t position = s.position++;
  s.stages[*at].add(deal.amount, salesrules::detail::forecast_weight(*decision));
  s.coverage.add(deal, *decision, s.period);
  if (is_open(deal)) {
    s.count_open(deal, *at, *decision, position);
  } else {
    s.count_closed(deal, discounts);
    if (deal.outcome == deal_outcome::won && s.options.known.contains(deal_data::milestones)) {
      ++s.won_checked;
      s.tally(deal, position);
    }
  }
  return {};
}

expected<void, error> pipeline_builder::merge(pipeline_builder& later) noexcept {
  state& s = *s_;
  state& l = *later.s_;
  if (!s.figures.add(l.figures))
    return salesrules::detail::fail(errc::overflow, "", "the won deals' discounts sum past 64 bits");
  // Findings are listed in input order: the later part's positions follow this part's.
  for (const listed_finding& f : l.listed) {
    if (s.listed.size() >= s.options.listed_findings) break;
    s.listed.push_back(f);
    s.listed.back().position += s.position;
  }
  s.position += l.position;
  s.counts.open += l.counts.open;
  s.counts.won += l.counts.won;
  s.counts.lost += l.counts.lost;
  s.counts.disqualified += l.counts.disqualified;
  s.open.add(l.open);
  for (std::size_t i = 0; i < s.stages.size(); ++i) s.stages[i].add(l.stages[i]);
  for (std::size_t i = 0; i < s.categories.size(); ++i) s.categories[i].add(l.categories[i]);
  // Owners by name; an owner new to this builder comes after the ones it has.
  std::vector<std::pair<std::uint32_t, std::string_view>> owners;
  owners.reserve(l.owner_ids.size());
  for (const auto& [name, id] : l.owner_ids) owners.emplace_back(id, name);
  std::sort(owners.begin(), owners.end());
  for (const auto& [id, name] : owners) s.owner(std::string(name)).add(l.owners[id]);
  s.coverage.merge(l.coverage);
  for (std::size_t i = 0; i < s.by_rule.size(); ++i) s.by_rule[i] += l.by_rule[i];
  for (std::size_t i = 0; i < s.by_severity.size(); ++i) s.by_severity[i] += l.by_severity[i];
  s.findings += l.findings;
  s.deals_with_findings += l.deals_with_findings;
  s.entry_unknown += l.entry_unknown;
  s.won_checked += l.won_checked;
  s.past_qualified += l.past_qualified;
  s.complete += l.complete;
  for (std::size_t i = 0; i < s.missing.size(); ++i) s.missing[i] += l.missing[i];
  s.now.won += l.now.won;
  s.now.lost += l.now.lost;
  s.before.won += l.before.won;
  s.before.lost += l.before.lost;
  later.s_ = std::make_unique<state>(l.policy, l.options);
  return {};
}

namespace {

// Rows of one table, in its order, and the group each is read from: counts copied
// (every deal), the amounts without a rate listed apart, and the converted amounts
// apportioned to add up to the sum of the groups' converted parts (read_rows).
template <class Row>
std::optional<error> read_table(std::span<Row* const> rows, std::span<const group_sums* const> groups,
                                const validated<exchange_policy>& x) {
  std::vector<group_sums> rated(rows.size());
  std::vector<const group_sums*> parts(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i]->deals = groups[i]->count();
    if (auto e = groups[i]->split(x, rated[i], rows[i]->not_converted)) return e;
    parts[i] = &rated[i];
  }
  money total, weighted;
  std::vector<salesrules::detail::row_figures> figures(rows.size());
  if (auto e = salesrules::detail::read_rows(std::span<const group_sums* const>(parts), x, total, weighted, figures))
    return e;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i]->total = figures[i].total;
    rows[i]->weighted = figures[i].weighted;
  }
  return std::nullopt;
}

std::optional<percent> share_down(std::uint64_t num, std::uint64_t den) {
  if (den == 0) return std::nullopt;
  return percent::from_basis_points(
      static_cast<std::int64_t>(static_cast<salesrules::detail::int128>(num) * 10'000 / den));
}

// A row's share, cut to a basis point, and its verdict against the target, both from
// the exact amounts of `sums` (its converted currencies, each at its exact rate: not
// the rounded and apportioned figures shown). False when a product leaves 127 bits.
bool judge(source_row& row, const group_sums& sums, percent target, const validated<exchange_policy>& x) {
  using salesrules::detail::int128;
  const currency to = x->reporting;
  const int128 den = salesrules::detail::split_denominator(to, 2);
  int128 total = 0, outbound = 0;
  const auto add = [&](int128& sum, const salesrules::detail::split_units& v) {
    int128 value = 0;
    return !__builtin_mul_overflow(v.floor, den, &value) && !__builtin_add_overflow(value, v.fraction, &value) &&
           !__builtin_add_overflow(sum, value, &sum);
  };
  for (const auto& e : sums.entries) {
    if (!salesrules::detail::has_rate(e.cur, x)) continue;  // kept apart, in no share
    const auto rate = rate_of(e.cur, x);
    if (!rate) continue;
    const auto t = salesrules::detail::convert_units_split(e.total, e.cur, *rate, to, 2);
    const auto w = salesrules::detail::convert_units_split(e.weighted, e.cur, *rate, to, 2);
    if (!t || !w || !add(total, *t) || !add(outbound, *w)) return false;
  }
  if (total <= 0) return true;
  outbound = std::max<int128>(outbound, 0);
  int128 scaled = 0, bar = 0;
  if (__builtin_mul_overflow(outbound, 10'000, &scaled) ||
      __builtin_mul_overflow(static_cast<int128>(target.basis_points()), total, &bar))
    return false;
  row.share = percent::from_basis_points(static_cast<std::int64_t>(std::min<int128>(scaled / total, INT64_MAX)));
  row.meets_target = scaled >= bar;
  return true;
}

// The outbound share of the open pipeline: a row per owner (`owners`: the owners by
// name, and where their sums are), apportioned to add up to the whole.
template <class Owners, class Sums>
std::optional<error> read_outbound(pipeline_report& r, const std::vector<Sums>& sums, const Owners& owners,
                                   const validated_policy& policy) {
  outbound_pipeline& ob = r.outbound;
  ob.target = policy.coverage()->outbound_share;
  ob.sources = policy.coverage()->outbound_sources;
  const auto& x = policy.exchange();
  std::vector<owner_row> read(owners.size());
  std::vector<owner_row*> rows;
  std::vector<const group_sums*> groups;
  group_sums every;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    rows.push_back(&read[i]);
    groups.push_back(&sums[owners[i].second].sourced);
    every.add(sums[owners[i].second].sourced);
  }
  if (auto e = read_table<owner_row>(rows, groups, x)) return e;
  ob.by_owner.resize(owners.size());
  source_row& all = ob.all;
  for (std::size_t i = 0; i < owners.size(); ++i) {
    const auto& from = sums[owners[i].second];
    source_row& row = ob.by_owner[i];
    row.owner = r.by_owner[i].owner;
    row.deals = read[i].deals;
    row.outbound_deals = from.outbound_deals;
    row.unrecorded = from.unrecorded;
    row.total = read[i].total;
    row.outbound = read[i].weighted;
    row.not_converted = std::move(read[i].not_converted);
    if (!judge(row, from.sourced, ob.target, x)) return error{errc::overflow, "", "an outbound share leaves 128 bits"};
    all.deals += row.deals;
    all.outbound_deals += row.outbound_deals;
    all.unrecorded += row.unrecorded;
  }
  if (auto e = every.read_converted(x, all.total, all.outbound, all.not_converted)) return e;
  if (!judge(all, every, ob.target, x)) return error{errc::overflow, "", "the outbound share leaves 128 bits"};
  return std::nullopt;
}

win_rate_figure with_rate(win_rate_figure w) {
  w.rate = share_down(w.won, w.won + w.lost);
  return w;
}

}  // namespace

expected<pipeline_report, error> pipeline_builder::finish() const noexcept {
  const state& s = *s_;
  if (s.quota_error) return unexpected<error>(*s.quota_error);
  const validated_policy& policy = s.policy;
  const auto& x = policy.exchange();
  const sales_process& proc = *policy.process();

  pipeline_report r;
  r.today = s.options.today;
  r.deals = s.counts;
  {
    group_sums every, every_rated;
    if (auto e = s.open.read_converted(x, r.open_total, r.open_weighted, r.open_not_converted))
      return unexpected<error>(std::move(*e));
    for (const group_sums& g : s.stages) every.add(g);
    if (auto e = every.split(x, every_rated, r.not_converted)) return unexpected<error>(std::move(*e));
  }

  // Open stages hold the open deals and add up to the report's whole; closed stages
  // the closed deals, adding up to their own.
  r.by_stage.resize(proc.stages.size());
  for (std::size_t i = 0; i < proc.stages.size(); ++i) {
    r.by_stage[i].stage = proc.stages[i].name;
    r.by_stage[i].kind = proc.stages[i].kind;
  }
  for (const bool open : {true, false}) {
    std::vector<stage_row*> rows;
    std::vector<const group_sums*> groups;
    for (std::size_t i = 0; i < proc.stages.size(); ++i) {
      stage_row& row = r.by_stage[i];
      if ((row.kind == stage_kind::open) != open) continue;
      rows.push_back(&row);
      groups.push_back(&s.stages[i]);
    }
    if (auto e = read_table<stage_row>(rows, groups, x)) return unexpected<error>(std::move(*e));
  }
  {
    using fc = forecast_category;
    std::vector<category_row*> rows;
    std::vector<const group_sums*> groups;
    r.by_category.resize(5);
    std::size_t i = 0;
    for (const fc c : {fc::upside, fc::pipeline, fc::best_case, fc::commit, fc::omitted}) {
      r.by_category[i].category = c;
      rows.push_back(&r.by_category[i++]);
      groups.push_back(&s.categories[static_cast<std::size_t>(c)]);
    }
    if (auto e = read_table<category_row>(rows, groups, x)) return unexpected<error>(std::move(*e));
  }
  {
    std::vector<std::pair<std::string_view, std::uint32_t>> owners(s.owner_ids.begin(), s.owner_ids.end());
    std::sort(owners.begin(), owners.end());
    r.by_owner.resize(owners.size());
    std::vector<owner_row*> rows;
    std::vector<const group_sums*> groups;
    for (std::size_t i = 0; i < owners.size(); ++i) {
      const auto& [name, id] = owners[i];
      r.by_owner[i].owner = salesrules::detail::is_blank(name) ? "(none)" : std::string(name);
      rows.push_back(&r.by_owner[i]);
      groups.push_back(&s.owners[id].all);
    }
    if (auto e = read_table<owner_row>(rows, groups, x)) return unexpected<error>(std::move(*e));
    if (auto e = read_outbound(r, s.owners, owners, policy)) return unexpected<error>(std::move(*e));
  }

  auto coverage = s.coverage.finish(s.period, s.options.quota, s.options.today, policy);
  if (!coverage) return unexpected<error>(coverage.error());
  r.coverage = std::move(*coverage);

  hygiene_overview& h = r.hygiene;
  h.deals_checked = s.counts.open;
  h.won_checked = s.won_checked;
  h.deals_with_findings = s.deals_with_findings;
  h.entry_unknown = s.entry_unknown;
  h.entry_lacks = s.entry_lacks;
  h.findings = s.findings;
  for (const auto v : {hygiene_severity::critical, hygiene_severity::warning, hygiene_severity::notice})
    h.by_severity.push_back({v, s.by_severity[static_cast<std::size_t>(v)]});
  for (std::size_t i = 0; i < rule_count_max; ++i) {
    const auto rule = static_cast<hygiene_rule>(i);
    h.by_rule.push_back({rule, severity_of(rule), s.by_rule[i]});
  }
  h.listed = s.listed;

  meddpicc_completion& m = r.meddpicc;
  m.framework = policy.meddpicc()->framework;
  m.qualified_after = policy.hygiene()->qualified_after;
  m.deals = s.past_qualified;
  m.complete = s.complete;
  m.share = share_down(m.complete, m.deals);
  m.target = policy.win_loss()->meddpicc_completion_target;
  if (m.deals != 0)
    m.meets_target = static_cast<salesrules::detail::int128>(m.complete) * 10'000 >=
                     static_cast<salesrules::detail::int128>(m.target.basis_points()) * m.deals;
  for (const meddpicc_field f : required_fields(m.framework))
    m.missing.push_back({f, s.missing[static_cast<std::size_t>(f)]});

  r.figures = s.figures;
  r.win_rate = with_rate(s.now);
  r.previous_win_rate = with_rate(s.before);
  diagnosis_inputs in;
  in.pipeline = r.figures;
  in.win_rate = r.win_rate;
  in.previous_win_rate = r.previous_win_rate;
  if (r.coverage.quota) in.coverage = coverage_figures{r.coverage.pipeline, *r.coverage.quota, r.coverage.open_deals};
  const auto diagnosed = diagnose(in, policy);
  if (!diagnosed) return unexpected<error>(diagnosed.error());
  for (const diagnosis& d : diagnosed->checks)
    r.diagnoses.push_back({d.problem, d.status, d.value, d.threshold, d.deals, std::string(d.root_cause),
                           std::string(d.remedy)});
  return r;
}

// ---------------------------------------------------------------------------
// Text and Markdown

namespace {

// A table of rows with amounts; a "not converted" column only when a row has a part
// without a rate.
template <class Row>
table money_table(std::string_view first, const std::vector<Row>& rows) {
  std::vector<table_column> columns{
      {std::string(first)}, {"deals", align::right}, {"total", align::right}, {"weighted", align::right}};
  if (std::any_of(rows.begin(), rows.end(), [](const Row& row) { return !row.not_converted.empty(); }))
    columns.push_back({"not converted", align::right});
  return table(std::move(columns));
}

template <class Row>
void add_money_row(table& t, std::string name, const Row& row) {
  t.add_row({std::move(name), format_count(row.deals), format_money(row.total), format_money(row.weighted),
             format_unconverted(row.not_converted)});
}

std::string figure_of(problem p, const std::optional<percent>& v) {
  if (!v) return "-";
  return p == problem::low_coverage ? format_multiple(*v) : format_percent(*v);
}

// "31.2%", or "12.0% (below)" the target; "-" without an amount that records a source.
std::string share_against(const source_row& row) {
  if (!row.share) return "-";
  return format_percent(*row.share) + (row.meets_target == false ? " (below)" : "");
}

// The outbound share against the target, overall and for each owner; a row without a
// recorded amount has no share and no bar.
std::string outbound_chart(const outbound_pipeline& ob) {
  std::vector<web::chart_bar> bars;
  bars.reserve(ob.by_owner.size() + 1);
  const web::chart_mark target{"target", ob.target.basis_points(), format_percent(ob.target), to_string(ob.target)};
  const auto add = [&](const source_row& row, std::string label) {
    if (row.share)
      bars.push_back({std::move(label), row.share->basis_points(), format_percent(*row.share), to_string(*row.share),
                      {target}});
  };
  add(ob.all, "every owner");
  for (const auto& row : ob.by_owner) add(row, row.owner);
  if (bars.empty()) return {};
  return web::bar_chart("outbound", "Outbound share of the open pipeline that records its source", bars, 10'000);
}

// The outbound share of the open pipeline, overall and by owner.
void append_outbound(std::string& out, const outbound_pipeline& ob, output_format format) {
  append_heading(out, "Outbound pipeline", format);
  if (format == output_format::html) out += outbound_chart(ob);
  std::string sources;
  for (const std::string& name : ob.sources) {
    sources += sources.empty() ? "" : ", ";
    sources += escape(name, format);
  }
  const source_row& all = ob.all;
  if (all.share && all.meets_target) {
    out += format_percent(*all.share) + " of the open pipeline that records its source is outbound (" +
           format_money(all.outbound) + " of " + format_money(all.total) + ", " + format_count(all.outbound_deals) +
           " of " + counted(all.deals, "deal") + "), " + (*all.meets_target ? "meeting" : "below") +
           " the target of " + format_percent(ob.target) + "\n";
  } else {
    out += all.deals == 0 ? "No open deal records its source: the outbound share is unknown\n"
                          : "No converted amount records its source: the outbound share is unknown\n";
  }
  if (!all.not_converted.empty())
    out += "Not converted, so in no share: " + format_unconverted(all.not_converted) + "\n";
  if (all.unrecorded != 0)
    out += counted(all.unrecorded, "open deal") + (all.unrecorded == 1 ? " records" : " record") +
           " no source (unknown, in no share)\n";
  out += "Outbound sources: " + (sources.empty() ? std::string("none") : sources) + "\n\n";
  if (ob.by_owner.empty()) return;
  const bool unconverted = std::any_of(ob.by_owner.begin(), ob.by_owner.end(),
                                       [](const source_row& row) { return !row.not_converted.empty(); });
  std::vector<table_column> columns{{"owner"},
                                    {"deals", align::right},
                                    {"outbound deals", align::right},
                                    {"no source", align::right},
                                    {"total", align::right},
                                    {"outbound", align::right},
                                    {"share", align::right}};
  if (unconverted) columns.push_back({"not converted", align::right});
  table owners(std::move(columns));
  for (const source_row& row : ob.by_owner)
    owners.add_row({row.owner, format_count(row.deals), format_count(row.outbound_deals), format_count(row.unrecorded),
                    format_money(row.total), format_money(row.outbound), share_against(row),
                    format_unconverted(row.not_converted)});
  out += owners.render(format);
  out += '\n';
}

// The open stages' amounts as bars, in process order: the funnel.
// A table row's converted amount as a bar: "1,000.00 USD, 3 deals".
template <class Row>
web::chart_bar amount_bar(std::string label, const Row& row) {
  return {std::move(label), row.total.minor_units(), format_money(row.total) + ", " + counted(row.deals, "deal"),
          to_string(row.total), {}};
}

std::string funnel_chart(const pipeline_report& r) {
  std::vector<web::chart_bar> bars;
  bars.reserve(r.by_stage.size());
  for (const auto& row : r.by_stage)
    if (row.kind == stage_kind::open) bars.push_back(amount_bar(row.stage, row));
  return web::bar_chart("funnel", "Open pipeline by stage (converted amounts)", bars);
}

std::string category_chart(const pipeline_report& r) {
  std::vector<web::chart_bar> bars;
  bars.reserve(r.by_category.size());
  for (const auto& row : r.by_category) bars.push_back(amount_bar(words(name_of(row.category)), row));
  return web::bar_chart("categories", "Open pipeline by forecast category (converted amounts)", bars);
}

std::string framework_name(qualification_framework f) {
  return f == qualification_framework::meddic ? "MEDDIC" : "MEDDPICC";
}

}  // namespace

std::string render(const pipeline_report& r, output_format format) noexcept {
  std::string out;
  append_heading(out, "Pipeline as of " + to_string(r.today), format, 1);
  out += counted(r.deals.open, "open deal") + ", " + format_money(r.open_total) + ", weighted " +
         format_money(r.open_weighted);
  if (!r.open_not_converted.empty()) out += " (not converted: " + format_unconverted(r.open_not_converted) + ")";
  out += "; closed: " + format_count(r.deals.won) + " won, " + format_count(r.deals.lost) + " lost, " +
         format_count(r.deals.disqualified) + " disqualified\n\n";
  append_unconverted_note(out, r.not_converted, r.open_total.currency(), format);

  const bool html = format == output_format::html;
  append_heading(out, "By stage", format);
  if (html) out += funnel_chart(r);
  table stages = money_table("stage", r.by_stage);
  for (const auto& row : r.by_stage) add_money_row(stages, row.stage, row);
  out += stages.render(format);
  out += '\n';

  append_heading(out, "By forecast category (open deals)", format);
  if (html) out += category_chart(r);
  table categories = money_table("category", r.by_category);
  for (const auto& row : r.by_category) add_money_row(categories, words(name_of(row.category)), row);
  out += categories.render(format);
  out += '\n';

  append_heading(out, "By owner (open deals)", format);
  table owners = money_table("owner", r.by_owner);
  for (const auto& row : r.by_owner) add_money_row(owners, row.owner, row);
  out += owners.render(format);
  out += '\n';

  append_heading(out, "Coverage " + to_string(r.coverage.period), format);
  detail::append_coverage(out, r.coverage, format);
  out += '\n';

  const hygiene_overview& h = r.hygiene;
  append_heading(out, "Hygiene", format);
  out += counted(h.findings, "finding") + " on " + format_count(h.deals_with_findings) + " of " +
         counted(h.deals_checked, "open deal");
  if (h.won_checked != 0) out += " and " + counted(h.won_checked, "won deal");
  out += "\n";
  if (h.entry_unknown != 0) {
    std::string lacking;
    for (const deal_data d : h.entry_lacks) {
      lacking += lacking.empty() ? "" : ", ";
      lacking += words(name_of(d));
    }
    out += counted(h.entry_unknown, "open deal") + " not judged on their stage's entry criteria, which read what "
           "the export lacks: " + lacking + " (unknown, not unmet)\n";
  }
  out += "\n";
  table severities({{"severity"}, {"findings", align::right}});
  for (const auto& c : h.by_severity) severities.add_row({std::string(name_of(c.severity)), format_count(c.findings)});
  out += severities.render(format);
  out += '\n';
  table rules({{"rule"}, {"severity"}, {"findings", align::right}});
  for (const auto& c : h.by_rule)
    rules.add_row({words(name_of(c.rule)), std::string(name_of(c.severity)), format_count(c.findings)});
  out += rules.render(format);
  out += '\n';
  if (!h.listed.empty()) {
    append_heading(out, "First " + counted(h.listed.size(), "finding"), format, 3);
    table listed({{"deal"}, {"rule"}, {"severity"}, {"finding"}});
    for (const auto& f : h.listed)
      listed.add_row({f.deal, words(name_of(f.rule)), std::string(name_of(f.severity)), f.note});
    out += listed.render(format);
    if (h.findings > h.listed.size()) out += "\n" + format_count(h.findings - h.listed.size()) + " more not listed\n";
    out += '\n';
  }

  const meddpicc_completion& m = r.meddpicc;
  append_heading(out, framework_name(m.framework) + " completion", format);
  out += framework_name(m.framework) + " complete on " + format_count(m.complete) + " of " +
         counted(m.deals, "open deal") + " past " + escape(m.qualified_after, format);
  if (m.share && m.meets_target)
    out += ": " + format_percent(*m.share) + (*m.meets_target ? ", meeting" : ", below") + " the target of " +
           format_percent(m.target);
  out += "\n\n";
  if (m.deals != 0) {
    table fields({{"field"}, {"deals missing it", align::right}});
    for (const auto& f : m.missing) fields.add_row({words(name_of(f.field)), format_count(f.deals)});
    out += fields.render(format);
    out += '\n';
  }

  append_outbound(out, r.outbound, format);

  append_heading(out, "Diagnoses", format);
  table diagnoses({{"problem"}, {"status"}, {"figure", align::right}, {"threshold", align::right},
                   {"deals", align::right}});
  for (const auto& d : r.diagnoses)
    diagnoses.add_row({words(name_of(d.problem)), words(name_of(d.status)), figure_of(d.problem, d.value),
                       figure_of(d.problem, d.threshold), format_count(d.deals)});
  out += diagnoses.render(format);
  bool first = true;
  for (const auto& d : r.diagnoses) {
    if (d.status != diagnosis_status::triggered) continue;
    out += first ? "\n" : "";
    first = false;
    out += "- " + words(name_of(d.problem)) + ": " + escape(d.root_cause, format) + " Remedy: " +
           escape(d.remedy, format) + "\n";
  }
  if (html) return web::document("Pipeline as of " + to_string(r.today), out);
  return out;
}

}  // namespace salesrules::io
