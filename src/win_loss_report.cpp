// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/win_loss_report.hpp>

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/name_index.hpp>
#include <salesrules/io/escape.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/report_format.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/names.hpp>

#include "html_page.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesrules::io {
namespace {

std::string format_optional_money(const std::optional<money>& m) { return m ? format_money(*m) : "-"; }

std::string format_optional_percent(const std::optional<percent>& p) { return p ? to_string(*p) : "-"; }

std::string format_probability(probability p) { return std::to_string(p.whole_percent()) + "%"; }

std::string format_optional_days(const std::optional<std::int32_t>& d) { return d ? std::to_string(*d) : "-"; }

std::string met_word(const std::optional<bool>& met) { return !met ? "-" : *met ? "met" : "missed"; }

std::string problem_title(problem p) {
  switch (p) {
    case problem::stalling_at_discovery: return "Deals stalling at Discovery";
    case problem::low_forecast_accuracy: return "Low forecast accuracy";
    case problem::falling_win_rate: return "Falling win rate";
    case problem::single_threaded: return "Single-threaded deals";
    case problem::discount_erosion: return "Discounts eroding margin";
    case problem::low_coverage: return "Low pipeline coverage";
    case problem::competitive_losses: return "Losses to competitors";
  }
  return std::string(name_of(p));
}

std::string status_word(diagnosis_status s, std::uint32_t min_deals) {
  switch (s) {
    case diagnosis_status::triggered: return "problem";
    case diagnosis_status::clear: return "clear";
    case diagnosis_status::no_figure: return "no figure";
    case diagnosis_status::too_few_deals: return std::string("fewer than ") + std::to_string(min_deals) + " deals";
  }
  return std::string(name_of(s));
}

// The fields analyze_win_loss, calibrate and measure_pipeline read of a closed deal,
// set in `s` (a slot of the batch: only these fields are ever set in one, so the rest
// stay as a new opportunity has them, and its strings keep their buffers).
// The amount is none of them (the builder takes won amounts as deals come): a zero
// in the reporting currency keeps the batch's own money figures, which are not used,
// from needing a rate.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
void slim_copy(opportunity& s, const opportunity& o, currency reporting) {
  s.amount = money(0, reporting);
  s.outcome = o.outcome;
  s.created_date = o.created_date;
  s.close_date = o.close_date;
  s.closed_date = o.closed_date;
  s.stage = o.stage;
  s.id = o.id;
  s.segment = o.segment;
  s.ratings = o.ratings;
  s.competitors = o.competitors;
  s.requested_discount = o.requested_discount;
  s.loss_reason = o.loss_reason;
  s.stage_history = o.stage_history;
}

target_check check_against(const win_rate_figure& w, percent target) {
  // The rate is rounded down to a whole basis point, so it reaches a whole-basis-point
  // target exactly when the exact fraction does.
  target_check c{target, std::nullopt};
  if (w.rate) c.met = *w.rate >= target;
  return c;
}

win_rate_figure finished(win_rate_figure w) {
  detail::finish_rate(w);
  return w;
}

void append_line(std::string& out, const std::string& line) {
  out += line;
  out += '\n';
}

void append_paragraph_end(std::string& out) { out += '\n'; }

std::string summary_line(const win_loss_summary& r) {
  const win_loss_report& a = r.analysis;
  std::string s = std::string("Win/loss as of ") + to_string(r.today);
  if (r.period) s += std::string(", deals closed in ") + to_string(*r.period);
  s += std::string(": ") + format_count(a.deals.won + a.deals.lost + a.deals.disqualified) + " closed deals (" +
       format_count(a.deals.won) + " won, " + format_count(a.deals.lost) + " lost, " +
       format_count(a.deals.disqualified) + " disqualified); win rate " + format_optional_percent(a.win_rate.rate) +
       " (target " + to_string(r.win_rate_check.target) + ", " + met_word(r.win_rate_check.met) + "); qualified " +
       format_optional_percent(a.qualified_win_rate.rate) + " (target " + to_string(r.qualified_win_rate_check.target) +
       ", " + met_word(r.qualified_win_rate_check.met) + "); average won deal " + format_optional_money(a.average_won);
  if (!r.won_not_converted.empty()) s += " (won deals not converted: " + format_unconverted(r.won_not_converted) + ")";
  s += ".";
  return s;
}

void render_win_rates(std::string& out, const win_loss_summary& r, output_format f) {
  append_heading(out, "Win rates", f);
  table t({{"deals"}, {"won", align::right}, {"lost", align::right}, {"win rate", align::right},
           {"target", align::right}, {"verdict"}});
  const auto row = [&](const char* name, const win_rate_figure& w, const target_check& c) {
    t.add_row({name, format_count(w.won), format_count(w.lost), format_optional_percent(w.rate),
               to_string(c.target), met_word(c.met)});
  };
  row("All", r.analysis.win_rate, r.win_rate_check);
  row("Qualified (viable score or better)", r.analysis.qualified_win_rate, r.qualified_win_rate_check);
  out += t.render(f);
  append_paragraph_end(out);
  if (!r.by_quarter.empty()) {
    append_heading(out, "Win rate by quarter", f, 3);
    if (f == output_format::html) {
      const web::chart_mark target{"target", r.win_rate_check.target.basis_points(),
                                      to_string(r.win_rate_check.target), to_string(r.win_rate_check.target)};
      std::vector<web::chart_bar> bars;
      bars.reserve(r.by_quarter.size());
      for (const auto& q : r.by_quarter) {
        const auto& w = q.figure;
        bars.push_back({to_string(q.quarter), w.rate ? w.rate->basis_points() : 0,
                        w.rate ? to_string(*w.rate) + " (" + format_count(w.won) + " won, " + format_count(w.lost) +
                                     " lost)"
                               : std::string("no won or lost deal"),
                        w.rate ? to_string(*w.rate) : std::string(), {target}});
      }
      out += web::bar_chart("win-rate-by-quarter", "Win rate by quarter of the close date, against the target",
                            bars, 10'000);
    }
    table q({{"quarter"}, {"won", align::right}, {"lost", align::right}, {"win rate", align::right}});
    for (const auto& row_q : r.by_quarter)
      q.add_row({format_period(row_q.quarter), format_count(row_q.figure.won), format_count(row_q.figure.lost),
                 format_optional_percent(row_q.figure.rate)});
    out += q.render(f);
    append_paragraph_end(out);
  }
  append_line(out, std::string("Disqualified deals count in neither. Open deals read: ") + format_count(r.analysis.deals.open) +
                       (r.period ? std::string("; closed outside ") + to_string(*r.period) + ": " +
                                       format_count(r.closed_outside_period)
                                 : std::string()) +
                       ".");
  append_paragraph_end(out);
}

void render_deal_size(std::string& out, const win_loss_summary& r, output_format f) {
  append_heading(out, "Won deals", f);
  table t({{"figure"}, {"amount", align::right}});
  t.add_row({"Won in total", format_money(r.analysis.won_total)});
  t.add_row({"Average won deal", format_optional_money(r.analysis.average_won)});
  t.add_row({"Median won deal", format_optional_money(r.analysis.median_won)});
  if (!r.won_not_converted.empty()) t.add_row({"Won, not converted", format_unconverted(r.won_not_converted)});
  out += t.render(f);
  append_paragraph_end(out);
  if (!r.won_not_converted.empty()) {
    std::uint64_t apart = 0;
    for (const auto& u : r.won_not_converted) apart += u.deals;
    const std::uint64_t converted = r.analysis.deals.won - std::min(apart, r.analysis.deals.won);
    append_line(out, "The total, average and median are over the " + counted(converted, "won deal") +
                         " with an exchange rate.");
    append_paragraph_end(out);
  }
}

void render_cycles(std::string& out, const win_loss_summary& r, output_format f) {
  const std::string& from_stage = r.cycle_from_stage;
  append_heading(out, "Sales cycle by segment", f);
  table t({{"segment"}, {"won", align::right}, {"lost", align::right}, {"win rate", align::right},
           {"days created to closed", align::right}, {std::string("days ") + from_stage + " to won", align::right},
           {"target days", align::right}, {"verdict"}});
  const auto row = [&](const std::string& name, const win_rate_figure& w, const cycle_figure& created,
                       const cycle_figure& staged) {
    t.add_row({name, format_count(w.won), format_count(w.lost), format_optional_percent(w.rate),
               format_optional_days(created.average_days), format_optional_days(staged.average_days),
               format_optional_days(staged.target_days),
               !staged.under_target ? "-" : *staged.under_target ? "under target" : "over target"});
  };
  for (const auto& s : r.analysis.segments)
    row(s.segment.empty() ? std::string("(none)") : s.segment, s.win_rate, s.created_to_closed,
        s.from_stage_to_won);
  row("All segments", r.analysis.win_rate, r.analysis.created_to_closed, r.analysis.from_stage_to_won);
  out += t.render(f);
  append_paragraph_end(out);
  append_line(out, std::string("Average days over won deals, rounded down; the target is the segment's, from ") +
                       escape(from_stage, f) + " to won.");
  append_paragraph_end(out);
}

void render_funnel(std::string& out, const win_loss_summary& r, output_format f) {
  const std::string& needs_stage = r.needs_assessment_stage;
  append_heading(out, "Stage conversion and where deals are lost", f);
  table t({{"stage"}, {"entered", align::right}, {"advanced", align::right}, {"conversion", align::right},
           {"lost here", align::right}});
  const win_loss_report& a = r.analysis;
  const bool any_entered =
      std::any_of(a.conversion.begin(), a.conversion.end(), [](const stage_conversion& c) { return c.entered != 0; });
  if (f == output_format::html && any_entered) {  // without stage history there is nothing to draw
    std::vector<web::chart_bar> bars;
    bars.reserve(a.conversion.size());
    for (const auto& c : a.conversion) {
      const auto entered = static_cast<std::int64_t>(std::min<std::uint64_t>(c.entered, std::numeric_limits<std::int64_t>::max()));
      bars.push_back({c.stage, entered,
                      format_count(c.entered) + " entered, " + format_count(c.advanced) + " advanced" +
                          (c.rate ? " (" + to_string(*c.rate) + ")" : std::string()),
                      std::to_string(c.entered), {}});
    }
    out += web::bar_chart("conversion", "Closed deals that reached each stage", bars);
  }
  for (std::size_t i = 0; i < a.conversion.size(); ++i) {
    const auto& c = a.conversion[i];
    const std::uint64_t lost_here = i < a.lost_at.size() ? a.lost_at[i].lost : 0;
    t.add_row({c.stage, format_count(c.entered), format_count(c.advanced), format_optional_percent(c.rate),
               format_count(lost_here)});
  }
  out += t.render(f);
  append_paragraph_end(out);
  append_line(out, std::string("Lost at or before ") + escape(needs_stage, f) + " (before needs assessment): " +
                       format_optional_percent(a.lost_by_needs_assessment) +
                       " of lost deals whose stage is known; lost with no open stage in their history: " +
                       format_count(a.lost_stage_unknown) + ".");
  append_paragraph_end(out);
}

void render_reasons(std::string& out, const win_loss_summary& r, output_format f) {
  append_heading(out, "Why deals are lost", f);
  const win_loss_report& a = r.analysis;
  if (a.deals.lost == 0) {
    append_line(out, "No deal was lost.");
    append_paragraph_end(out);
    return;
  }
  table reasons({{"loss reason"}, {"lost deals", align::right}});
  for (const auto& n : a.loss_reasons) reasons.add_row({n.name, format_count(n.deals)});
  if (a.lost_without_reason != 0) reasons.add_row({"(no reason given)", format_count(a.lost_without_reason)});
  out += reasons.render(f);
  append_paragraph_end(out);
  if (a.competitors.empty()) {
    append_line(out, "No lost deal names a competitor.");
  } else {
    table comp({{"competitor"}, {"lost deals", align::right}});
    for (const auto& n : a.competitors) comp.add_row({n.name, format_count(n.deals)});
    out += comp.render(f);
  }
  append_paragraph_end(out);
}

void render_calibration(std::string& out, const win_loss_summary& r, output_format f) {
  append_heading(out, "Stage probability calibration", f);
  const calibration_report& c = r.calibration;
  table t({{"stage"}, {"configured", align::right}, {"reached", align::right}, {"won", align::right},
           {"observed", align::right}, {"suggested", align::right}});
  for (const auto& s : c.stages)
    t.add_row({s.stage, format_probability(s.configured), format_count(s.reached), format_count(s.won),
               s.evidence == calibration_evidence::sufficient ? format_optional_percent(s.observed)
                                                              : std::string("too few deals"),
               format_probability(s.suggested)});
  out += t.render(f);
  append_paragraph_end(out);
  append_line(out, std::string("Observed: won / closed deals that reached the stage; a stage reached by fewer than ") +
                       std::to_string(c.min_deals) +
                       " closed deals keeps its configured probability. Lost deals with no stage recorded, left out: " +
                       format_count(c.lost_stage_unknown) + ".");
  append_paragraph_end(out);
}

void render_diagnoses(std::string& out, const win_loss_summary& r, output_format f) {
  append_heading(out, "Diagnoses", f);
  const win_rate_trend& t = r.trend;
  append_line(out, std::string("Win rate ") + to_string(t.period) + ": " + format_optional_percent(t.current.rate) + " (" +
                       format_count(t.current.won) + " won, " + format_count(t.current.lost) + " lost); " +
                       to_string(t.previous_period) + ": " + format_optional_percent(t.previous.rate) + " (" +
                       format_count(t.previous.won) + " won, " + format_count(t.previous.lost) + " lost).");
  append_paragraph_end(out);
  table d({{"problem"}, {"status"}, {"figure", align::right}, {"threshold", align::right},
           {"deals", align::right}});
  for (const auto& x : r.diagnoses)
    d.add_row({problem_title(x.problem), status_word(x.status, r.diagnosis_min_deals), format_optional_percent(x.value),
               format_optional_percent(x.threshold), format_count(x.deals)});
  out += d.render(f);
  append_paragraph_end(out);
  bool any = false;
  for (const auto& x : r.diagnoses) {
    if (x.status != diagnosis_status::triggered) continue;
    any = true;
    append_line(out, std::string("- ") + problem_title(x.problem) + ": " + escape(x.root_cause, f) +
                         " Remedy: " + escape(x.remedy, f));
  }
  if (!any) append_line(out, "No problem found.");
  append_paragraph_end(out);
}

}  // namespace

// What the builder keeps between deals (see the header's "Memory").
struct win_loss_builder::state {
  state(const validated_policy& policy, win_loss_options options)
      : policy_(&policy),
        options_(std::move(options)),
        rated_(policy.exchange()),
        tally_(policy.process()->stages.size()) {
    trend_period_ = options_.period ? *options_.period
                                    : period_of(options_.today, period_kind::quarter, policy.calendar());
    previous_period_ = previous_period(trend_period_, policy.calendar());
    // The quarters of by_quarter, newest first until reversed.
    fiscal_period q = period_of(trend_period_.last_day, period_kind::quarter, policy.calendar());
    quarters_.reserve(win_rate_quarters);
    while (in_date_range(q)) {
      quarters_.push_back({q, {}});
      if (quarters_.size() == win_rate_quarters) break;
      q = previous_period(q, policy.calendar());
    }
    std::reverse(quarters_.begin(), quarters_.end());
    batch_.reserve(batch_size);
  }

  expected<void, error> flush() noexcept;

  const validated_policy* policy_;
  win_loss_options options_;
  fiscal_period trend_period_;
  fiscal_period previous_period_;
  std::uint64_t read_ = 0;
  std::uint64_t open_ = 0;
  std::uint64_t outside_ = 0;
  win_rate_figure trend_current_;
  win_rate_figure trend_previous_;
  std::vector<quarter_win_rate> quarters_;  // by_quarter's, their rates unset

  // Closed deals not yet analysed: the first batched_ of batch_. The rest are kept from
  // earlier batches, so that a deal's texts reuse their buffers instead of allocating.
  std::vector<opportunity> batch_;
  std::size_t batched_ = 0;
  win_loss_report totals_;          // counts and sums of the batches analysed
  // Where each loss reason, competitor and segment of totals_ is (ignoring case), so
  // that a batch merges by lookup, not by a scan of every name so far.
  // Numbered as the lists themselves.
  salesrules::detail::iname_table<std::string> reason_at_, competitor_at_, segment_at_;
  std::uint64_t lost_early_ = 0;    // lost at or before needs_assessment_stage
  salesrules::detail::rate_memo rated_;  // which currencies have a rate
  salesrules::detail::group_sums won_;    // every won deal in scope, per currency
  std::vector<salesrules::detail::int128> won_exact_;  // each won amount with a rate, exactly (see win_loss.hpp)
  salesrules::detail::int128 won_exact_sum_ = 0;
  salesrules::detail::calibration_tally tally_;
  pipeline_figures figures_;
};

win_loss_builder::win_loss_builder(const validated_policy& policy, win_loss_options options) noexcept
    : s_(std::make_unique<state>(policy, std::move(options))) {}
win_loss_builder::win_loss_builder(win_loss_builder&&) noexcept = default;
win_loss_builder& win_loss_builder::operator=(win_loss_builder&&) noexcept = default;
win_loss_builder::~win_loss_builder() = default;

expected<void, error> win_loss_builder::add(const opportunity& deal) noexcept {
  state& s = *s_;
  if (auto at = deal_stage(deal, s.policy_->process()); !at) return unexpected<error>(std::move(at.error()));
  ++s.read_;
  if (is_open(deal)) {
    ++s.open_;
    return {};
  }
  const date closed = forecast_date(deal);
  if (deal.outcome == deal_outcome::won || deal.outcome == deal_outcome::lost) {
    const bool won = deal.outcome == deal_outcome::won;
    if (contains(s.trend_period_, closed)) detail::count_outcome(s.trend_current_, won);
    if (contains(s.previous_period_, closed)) detail::count_outcome(s.trend_previous_, won);
    for (auto& q : s.quarters_)
      if (contains(q.quarter, closed)) {
        detail::count_outcome(q.figure, won);
        break;
      }
  }
  if (s.options_.period && !contains(*s.options_.period, closed)) {
    ++s.outside_;
    return {};
  }
  if (deal.outcome == deal_outcome::won) {
    if (auto e = detail::require_currency(deal)) return unexpected<error>(std::move(*e));
    if (s.rated_(deal.amount.currency())) {
      const auto exact = detail::exact_in_reporting(deal, s.policy_->exchange());
      if (!exact) return unexpected<error>(exact.error());
      detail::int128 sum = 0;
      if (__builtin_add_overflow(s.won_exact_sum_, *exact, &sum))
        return unexpected<error>(detail::about_deal(
            deal, error{errc::overflow, "/amount", "the won amounts overflow 128 bits"}));
      s.won_exact_.push_back(*exact);
      s.won_exact_sum_ = sum;
    }
    s.won_.add(deal.amount, 100);
  }
  if (s.batched_ == s.batch_.size()) s.batch_.emplace_back();
  slim_copy(s.batch_[s.batched_++], deal, s.policy_->exchange()->reporting);
  if (s.batched_ >= batch_size) return s.flush();
  return {};
}

namespace {

void add_cycle_totals(cycle_figure& into, const cycle_figure& from) {
  into.deals += from.deals;
  into.total_days += from.total_days;
}

// The names of a list of the running totals, numbered as the list, ignoring case.
using name_places = salesrules::detail::iname_table<std::string>;

void add_names(std::vector<ranked_name>& into, name_places& at, const std::vector<ranked_name>& from) {
  for (const auto& n : from) {
    const auto [place, added] = at.insert(n.name);
    if (added)
      into.push_back(n);
    else
      into[place].deals += n.deals;
  }
}

// The running totals' name lists, each with its index.
struct totals_index {
  name_places& reasons;
  name_places& competitors;
  name_places& segments;
};

// Adds the counts and sums of one batch's report to the running totals; rates,
// averages and rankings are left for the end.
void add_report(win_loss_report& into, totals_index at, const win_loss_report& from) {
  into.deals.won += from.deals.won;
  into.deals.lost += from.deals.lost;
  into.deals.disqualified += from.deals.disqualified;
  into.win_rate.won += from.win_rate.won;
  into.win_rate.lost += from.win_rate.lost;
  into.qualified_win_rate.won += from.qualified_win_rate.won;
  into.qualified_win_rate.lost += from.qualified_win_rate.lost;
  add_cycle_totals(into.created_to_closed, from.created_to_closed);
  add_cycle_totals(into.from_stage_to_won, from.from_stage_to_won);
  for (const auto& s : from.segments) {
    const auto [place, added] = at.segments.insert(s.segment);
    if (added) {
      into.segments.push_back(s);
      continue;
    }
    segment_win_loss* it = &into.segments[place];
    it->win_rate.won += s.win_rate.won;
    it->win_rate.lost += s.win_rate.lost;
    add_cycle_totals(it->created_to_closed, s.created_to_closed);
    add_cycle_totals(it->from_stage_to_won, s.from_stage_to_won);
  }
  if (into.conversion.empty()) {
    into.conversion = from.conversion;
    into.lost_at = from.lost_at;
  } else {
    for (std::size_t i = 0; i < into.conversion.size() && i < from.conversion.size(); ++i) {
      into.conversion[i].entered += from.conversion[i].entered;
      into.conversion[i].advanced += from.conversion[i].advanced;
    }
    for (std::size_t i = 0; i < into.lost_at.size() && i < from.lost_at.size(); ++i)
      into.lost_at[i].lost += from.lost_at[i].lost;
  }
  into.lost_stage_unknown += from.lost_stage_unknown;
  add_names(into.loss_reasons, at.reasons, from.loss_reasons);
  into.lost_without_reason += from.lost_without_reason;
  add_names(into.competitors, at.competitors, from.competitors);
}

void finish_cycle_totals(cycle_figure& c) {
  c.average_days.reset();
  c.under_target.reset();
  detail::finish_cycle(c);
}

}  // namespace

expected<void, error> win_loss_builder::state::flush() noexcept {
  if (batched_ == 0) return {};
  const validated_policy& policy = *policy_;
  const std::span<const opportunity> batch(batch_.data(), batched_);
  // A deal's place in the batch is no row of the caller's: the error keeps its id only.
  const auto unbatched = [](error e) {
    e.row = 0;
    return unexpected<error>(std::move(e));
  };
  const auto report = analyze_win_loss(batch, policy);
  if (!report) return unbatched(report.error());
  for (const opportunity& o : batch)
    if (auto e = detail::calibration_count(tally_, o, policy.process())) return unbatched(detail::about_deal(o, *e));
  const auto figures = measure_pipeline(batch, policy, options_.today);
  if (!figures) return unbatched(figures.error());
  if (__builtin_add_overflow(figures_.won_discount_total, figures->won_discount_total, &figures_.won_discount_total))
    return detail::fail(errc::overflow, "", "the won deals' discounts sum past 64 bits");
  figures_.won_deals += figures->won_deals;
  figures_.lost_deals += figures->lost_deals;
  figures_.lost_to_competitors += figures->lost_to_competitors;

  // Lost deals lost at or before the needs-assessment stage: the open stages come
  // first in a validated process, so lost_at's slots are the stages' own indices.
  const std::size_t needs = find_stage(policy.process(), policy.win_loss()->needs_assessment_stage).value_or(0);
  for (std::size_t i = 0; i <= needs && i < report->lost_at.size(); ++i) lost_early_ += report->lost_at[i].lost;
  add_report(totals_, {reason_at_, competitor_at_, segment_at_}, *report);
  batched_ = 0;
  return {};
}

expected<void, error> win_loss_builder::merge(win_loss_builder& later) noexcept {
  state& s = *s_;
  state& l = *later.s_;
  if (auto flushed = s.flush(); !flushed) return flushed;
  if (auto flushed = l.flush(); !flushed) return flushed;
  if (!s.figures_.add(l.figures_))
    return detail::fail(errc::overflow, "", "the won deals' discounts sum past 64 bits");
  if (__builtin_add_overflow(s.won_exact_sum_, l.won_exact_sum_, &s.won_exact_sum_))
    return detail::fail(errc::overflow, "", "the won amounts overflow 128 bits");
  s.read_ += l.read_;
  s.open_ += l.open_;
  s.outside_ += l.outside_;
  s.trend_current_.won += l.trend_current_.won;
  s.trend_current_.lost += l.trend_current_.lost;
  s.trend_previous_.won += l.trend_previous_.won;
  s.trend_previous_.lost += l.trend_previous_.lost;
  for (std::size_t i = 0; i < s.quarters_.size() && i < l.quarters_.size(); ++i) {
    s.quarters_[i].figure.won += l.quarters_[i].figure.won;
    s.quarters_[i].figure.lost += l.quarters_[i].figure.lost;
  }
  if (!l.totals_.conversion.empty())
    add_report(s.totals_, {s.reason_at_, s.competitor_at_, s.segment_at_}, l.totals_);
  s.lost_early_ += l.lost_early_;
  s.won_.add(l.won_);
  s.won_exact_.insert(s.won_exact_.end(), l.won_exact_.begin(), l.won_exact_.end());
  for (std::size_t i = 0; i < s.tally_.lost_in.size(); ++i) s.tally_.lost_in[i] += l.tally_.lost_in[i];
  for (std::size_t i = 0; i < s.tally_.won_in.size(); ++i) s.tally_.won_in[i] += l.tally_.won_in[i];
  s.tally_.won += l.tally_.won;
  s.tally_.lost += l.tally_.lost;
  s.tally_.lost_stage_unknown += l.tally_.lost_stage_unknown;
  s.tally_.disqualified += l.tally_.disqualified;
  later.s_ = std::make_unique<state>(*l.policy_, l.options_);
  return {};
}

expected<win_loss_summary, error> win_loss_builder::finish() noexcept {
  state& s = *s_;
  if (auto flushed = s.flush(); !flushed) return unexpected<error>(std::move(flushed.error()));
  const validated_policy& policy = *s.policy_;
  const auto& x = policy.exchange();

  win_loss_summary r;
  r.today = s.options_.today;
  r.period = s.options_.period;
  r.deals_read = s.read_;
  r.closed_outside_period = s.outside_;

  // The running totals finished as analyze_win_loss finishes its own.
  win_loss_report& a = r.analysis;
  a = s.totals_;
  if (a.conversion.empty()) {  // no batch: the empty report lists the stages all the same
    auto empty = analyze_win_loss({}, policy);
    if (!empty) return unexpected<error>(std::move(empty.error()));
    a = std::move(*empty);
  }
  a.deals.open = s.open_;
  detail::finish_rate(a.win_rate);
  detail::finish_rate(a.qualified_win_rate);
  for (auto& c : a.conversion) c.rate = detail::share_down(c.advanced, c.entered);
  std::uint64_t lost_known = 0;
  for (const auto& l : a.lost_at) lost_known += l.lost;
  a.lost_by_needs_assessment = detail::share_up(s.lost_early_, lost_known);
  detail::rank(a.loss_reasons);
  detail::rank(a.competitors);
  finish_cycle_totals(a.created_to_closed);
  finish_cycle_totals(a.from_stage_to_won);
  for (auto& seg : a.segments) {
    detail::finish_rate(seg.win_rate);
    finish_cycle_totals(seg.created_to_closed);
    finish_cycle_totals(seg.from_stage_to_won);
  }
  std::sort(a.segments.begin(), a.segments.end(),
            [](const segment_win_loss& p, const segment_win_loss& q) { return p.segment < q.segment; });
  a.won_total = money(0, x->reporting);
  a.average_won.reset();
  a.median_won.reset();
  salesrules::detail::group_sums won_rated;
  if (auto e = s.won_.split(x, won_rated, r.won_not_converted)) return unexpected<error>(std::move(*e));
  if (!s.won_exact_.empty()) {
    money weighted;  // the same as the total: won deals count in full
    if (auto e = won_rated.read(x, a.won_total, weighted)) return unexpected<error>(std::move(*e));
    std::vector<detail::int128> sorted = s.won_exact_;
    auto average = detail::exact_to_money(s.won_exact_sum_, static_cast<detail::int128>(sorted.size()), x->reporting);
    if (!average) return unexpected<error>(std::move(average.error()));
    a.average_won = *average;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t mid = sorted.size() / 2;
    detail::int128 middle = sorted[mid], count = 1;
    if (sorted.size() % 2 == 0) {
      count = 2;
      if (__builtin_add_overflow(middle, sorted[mid - 1], &middle))
        return detail::fail(errc::overflow, "", "the median's two middle amounts overflow 128 bits");
    }
    auto median = detail::exact_to_money(middle, count, x->reporting);
    if (!median) return unexpected<error>(std::move(median.error()));
    a.median_won = *median;
  }

  const win_loss_policy& wl = *policy.win_loss();
  r.cycle_from_stage = wl.cycle_from_stage;
  r.needs_assessment_stage = wl.needs_assessment_stage;
  r.diagnosis_min_deals = policy.diagnosis()->min_deals;
  r.win_rate_check = check_against(a.win_rate, wl.win_rate_target);
  r.qualified_win_rate_check = check_against(a.qualified_win_rate, wl.qualified_win_rate_target);
  r.calibration = detail::calibration_report_of(s.tally_, *policy.process(), policy.forecast()->calibration_min_deals,
                                                std::nullopt);
  r.trend =
      win_rate_trend{s.trend_period_, finished(s.trend_current_), s.previous_period_, finished(s.trend_previous_)};
  r.by_quarter = s.quarters_;
  for (auto& q : r.by_quarter) q.figure = finished(q.figure);

  diagnosis_inputs in;
  in.pipeline = s.figures_;
  in.win_rate = r.trend.current;
  in.previous_win_rate = r.trend.previous;
  const auto judged = diagnose(in, policy);
  if (!judged) return unexpected<error>(judged.error());
  for (const problem p : {problem::falling_win_rate, problem::discount_erosion, problem::competitive_losses})
    if (const diagnosis* d = judged->of(p))
      r.diagnoses.push_back(win_loss_diagnosis{d->problem, d->status, d->value, d->threshold, d->deals,
                                               std::string(d->root_cause), std::string(d->remedy)});
  return r;
}

std::string render(const win_loss_summary& r, output_format f) noexcept {
  std::string out;
  const std::string title =
      r.period ? std::string("Win/loss report, ") + to_string(*r.period) : std::string("Win/loss report");
  append_heading(out, title, f, 1);
  append_line(out, summary_line(r));
  append_paragraph_end(out);
  append_unconverted_note(out, r.won_not_converted, r.analysis.won_total.currency(), f);
  render_win_rates(out, r, f);
  render_deal_size(out, r, f);
  render_cycles(out, r, f);
  render_funnel(out, r, f);
  render_reasons(out, r, f);
  render_calibration(out, r, f);
  render_diagnoses(out, r, f);
  while (out.size() > 1 && out.back() == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return f == output_format::html ? web::document(title, out) : out;
}

}  // namespace salesrules::io
