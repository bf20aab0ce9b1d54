// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/forecast_report.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/forecast_calls.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/report_format.hpp>
#include <salesrules/names.hpp>
#include <salesrules/stage.hpp>

#include "coverage_tally.hpp"
#include "html_page.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <tuple>
#include <new>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace salesrules::io {

namespace detail {

void coverage_tally::add(const opportunity& o, const category_decision& d, const fiscal_period& period) noexcept {
  if (!contains(period, forecast_date(o))) return;
  if (d.category == forecast_category::closed) won_.add(o.amount, 100);
  if (o.outcome != deal_outcome::open || d.category == forecast_category::omitted) return;
  open_.add(o.amount, salesrules::detail::forecast_weight(d));
}

std::optional<error> check_quota(const std::optional<money>& quota, const validated_policy& policy) noexcept {
  if (!quota) return std::nullopt;
  const currency reporting = policy.exchange()->reporting;
  if (quota->currency() != reporting)
    return error{errc::currency_mismatch, "/quota",
                 "the quota is " + to_string(*quota) + " but the reporting currency is " +
                     std::string(reporting.code()) + "; give the quota in " + std::string(reporting.code())};
  if (quota->minor_units() <= 0)
    return error{errc::out_of_range, "/quota", "the quota must be positive, not " + to_string(*quota)};
  return std::nullopt;
}

expected<period_coverage, error> coverage_tally::finish(const fiscal_period& period, const std::optional<money>& quota,
                                                        date today, const validated_policy& policy) const noexcept {
  if (auto e = check_quota(quota, policy)) return unexpected<error>(std::move(*e));
  period_coverage c;
  c.period = period;
  c.open_deals = open_.count();
  c.won_deals = won_.count();
  money won_weighted;
  salesrules::detail::group_sums open, won;
  if (auto e = open_.split(policy.exchange(), open, c.pipeline_not_converted)) return unexpected<error>(std::move(*e));
  if (auto e = won_.split(policy.exchange(), won, c.won_not_converted)) return unexpected<error>(std::move(*e));
  if (auto e = open.read(policy.exchange(), c.pipeline, c.weighted)) return unexpected<error>(std::move(*e));
  if (auto e = won.read(policy.exchange(), c.closed_won, won_weighted)) return unexpected<error>(std::move(*e));

  // As coverage() places today.
  if (days_between(today, period.first_day) > 0)
    c.phase = quarter_phase::early;
  else if (days_between(period.last_day, today) > 0)
    c.phase = quarter_phase::late;
  else
    c.phase = phase_of(today, policy.calendar());
  const coverage_policy& targets = *policy.coverage();
  c.target = c.phase == quarter_phase::early ? targets.early : c.phase == quarter_phase::mid ? targets.mid : targets.late;
  c.weighted_target = targets.weighted;

  if (!quota) return c;
  c.quota = quota;
  const auto left = subtract(*quota, c.closed_won);
  if (!left) return unexpected<error>(left.error());
  c.remaining = left->is_negative() ? money(0, quota->currency()) : *left;
  c.total = salesrules::detail::check_against(c.pipeline, *quota, c.target);
  c.weighted_check = salesrules::detail::check_against(c.weighted, *c.remaining, c.weighted_target);
  return c;
}

std::string format_target(const coverage_target& t) noexcept {
  if (!t.high) return format_multiple(t.low) + " or more";
  if (*t.high == t.low) return format_multiple(t.low);
  return format_multiple(t.low) + "-" + format_multiple(*t.high);
}

namespace {
std::string phase_words(quarter_phase p) { return words(name_of(p)) + " quarter"; }

// "1.2x: below the target of 3x or more"; `no_ratio` says why there is none.
std::string judged(const std::optional<coverage_check>& check, const coverage_target& target,
                   std::string_view no_ratio) {
  const std::string goal = "the target of " + format_target(target);
  if (!check) return "no quota given; " + goal;
  if (!check->ratio || !check->verdict) return std::string(no_ratio) + "; " + goal;
  return format_multiple(*check->ratio) + ": " + std::string(name_of(*check->verdict)) + " " + goal;
}

// A ratio's bar with its target's ends as marks; none without a ratio.
void add_ratio_bar(std::vector<web::chart_bar>& bars, std::string label, const std::optional<coverage_check>& check,
                   const coverage_target& target) {
  if (!check || !check->ratio) return;
  std::vector<web::chart_mark> marks;
  if (target.high && *target.high != target.low) {
    marks.push_back({"target from", target.low.basis_points(), format_multiple(target.low), to_string(target.low)});
    marks.push_back({"target to", target.high->basis_points(), format_multiple(*target.high), to_string(*target.high)});
  } else {
    marks.push_back({"target", target.low.basis_points(), format_target(target), to_string(target.low)});
  }
  bars.push_back({std::move(label), check->ratio->basis_points(), format_multiple(*check->ratio),
                  to_string(*check->ratio), std::move(marks)});
}

// The two coverage ratios against their targets, when there is a quota.
std::string coverage_chart(const period_coverage& c) {
  std::vector<web::chart_bar> bars;
  add_ratio_bar(bars, "pipeline / quota", c.total, c.target);
  add_ratio_bar(bars, "weighted / remaining quota", c.weighted_check, c.weighted_target);
  if (bars.empty()) return {};
  return web::bar_chart("coverage", "Coverage against the target of the " + phase_words(c.phase), bars);
}
}  // namespace

void append_coverage(std::string& out, const period_coverage& c, output_format format) noexcept {
  const bool apart = !c.pipeline_not_converted.empty() || !c.won_not_converted.empty();
  // The ratios are of the converted amounts; the rows say so when some are not.
  const std::string of_converted = apart ? " (converted amounts only)" : "";
  if (format == output_format::html) out += coverage_chart(c);
  table t({{"figure"}, {"value"}});
  t.add_row({"period", format_period(c.period)});
  t.add_row({"phase", phase_words(c.phase)});
  t.add_row({"pipeline (" + counted(c.open_deals, "open deal") + ")", format_money(c.pipeline)});
  t.add_row({"weighted pipeline", format_money(c.weighted)});
  if (!c.pipeline_not_converted.empty()) {
    t.add_row({"pipeline not converted", format_unconverted(c.pipeline_not_converted)});
    t.add_row({"weighted not converted", format_unconverted(c.pipeline_not_converted, true)});
  }
  t.add_row({"closed won (" + counted(c.won_deals, "deal") + ")", format_money(c.closed_won)});
  if (!c.won_not_converted.empty()) t.add_row({"closed won not converted", format_unconverted(c.won_not_converted)});
  if (c.quota) t.add_row({"quota", format_money(*c.quota)});
  if (c.remaining) t.add_row({"remaining quota", format_money(*c.remaining)});
  t.add_row({"pipeline / quota" + of_converted, judged(c.total, c.target, "no ratio")});
  t.add_row({"weighted / remaining quota" + of_converted,
             judged(c.weighted_check, c.weighted_target, "no ratio: closed won has reached the quota")});
  out += t.render(format);
}

}  // namespace detail

// ---------------------------------------------------------------------------
// The builder

namespace {
constexpr std::size_t most_pushed_listed = 10;  // slippage_figures::most_pushed
}  // namespace

// The calls are summed as forecast_calls() sums them, per category and currency; the
// range forecast keeps 16 bytes for each uncertain deal whose currency has a rate.
// Nothing else of a deal stays.
struct forecast_builder::state {
  state(const validated_policy& p, forecast_options o)
      : policy(p),
        options(std::move(o)),
        quota_error(detail::check_quota(options.quota, p)),
        rated(p.exchange()),
        range(p) {}

  const validated_policy& policy;
  forecast_options options;
  std::optional<error> quota_error;
  salesrules::detail::rate_memo rated;
  std::array<std::uint64_t, 6> deals{};  // per category, as forecast_calls() counts them
  // Per category (Omitted: none) and currency: amounts, and amount x probability for
  // the weighted call.
  std::array<salesrules::detail::group_sums, 6> sums;
  range_builder range;
  detail::coverage_tally tally;
  slippage_figures slip = [] {
    slippage_figures f;
    f.most_pushed.reserve(2 * most_pushed_listed);  // a merge's two lists
    return f;
  }();
};

namespace {

// Most days pushed first, then by id, then by every other figure: an order that does
// not depend on the deals' order, even among deals given the same id twice.
bool pushed_more(const slipped_deal& a, const slipped_deal& b) {
  if (a.days_pushed != b.days_pushed) return a.days_pushed > b.days_pushed;
  if (a.deal != b.deal) return a.deal < b.deal;
  return std::tuple(a.pushes, a.largest_push, a.left_period, salesrules::detail::day_number(a.close_date)) <
         std::tuple(b.pushes, b.largest_push, b.left_period, salesrules::detail::day_number(b.close_date));
}

void keep_most_pushed(std::vector<slipped_deal>& list) {
  std::ranges::sort(list, pushed_more);
  if (list.size() > most_pushed_listed) list.resize(most_pushed_listed);
}

// The deal's slippage, when it is of the period or was moved out of it. The list has
// room for twice the deals it keeps (the state reserves it), so it grows by no
// allocation but the id's copy.
void tally_slippage(slippage_figures& f, const opportunity& deal, const fiscal_period& period, bool of_period) {
  const deal_slippage d = salesrules::slippage_of(deal, period);
  if (!of_period && !d.left_period) return;
  ++f.deals;
  if (deal.close_date_history.empty()) return;
  ++f.with_changes;
  if (d.pushes != 0) ++f.pushed;
  f.pushes += d.pushes;
  f.days_pushed += d.days_pushed;
  f.largest_push = std::max(f.largest_push, d.largest_push);
  if (d.left_period) ++f.left_period;
  if (d.pushes == 0 && !d.left_period) return;
  const slipped_deal entry{deal.id, d.pushes, d.days_pushed, d.largest_push, d.left_period, deal.close_date};
  if (f.most_pushed.size() == most_pushed_listed && !pushed_more(entry, f.most_pushed.back())) return;
  f.most_pushed.push_back(entry);
  keep_most_pushed(f.most_pushed);
}
}  // namespace

forecast_builder::forecast_builder(const validated_policy& policy, forecast_options options) noexcept
    : s_(std::make_unique<state>(policy, std::move(options))) {}
forecast_builder::forecast_builder(forecast_builder&&) noexcept = default;
forecast_builder& forecast_builder::operator=(forecast_builder&&) noexcept = default;
forecast_builder::~forecast_builder() = default;

std::size_t forecast_builder::kept() const noexcept { return s_->range.uncertain(); }

void forecast_builder::merge(forecast_builder& later) noexcept {
  state& s = *s_;
  state& l = *later.s_;
  for (std::size_t i = 0; i < s.deals.size(); ++i) {
    s.deals[i] += l.deals[i];
    s.sums[i].add(l.sums[i]);
  }
  s.range.merge(l.range);
  s.tally.merge(l.tally);
  slippage_figures& f = s.slip;
  const slippage_figures& g = l.slip;
  f.deals += g.deals;
  f.with_changes += g.with_changes;
  f.pushed += g.pushed;
  f.pushes += g.pushes;
  f.days_pushed += g.days_pushed;
  f.largest_push = std::max(f.largest_push, g.largest_push);
  f.left_period += g.left_period;
  // Within the room reserved: ten and ten.
  for (slipped_deal& d : l.slip.most_pushed) f.most_pushed.push_back(std::move(d));
  keep_most_pushed(f.most_pushed);
  later.s_ = std::make_unique<state>(l.policy, l.options);
}

expected<void, error> forecast_builder::add(const opportunity& deal) noexcept {
  state& s = *s_;
  if (s.quota_error) return unexpected<error>(*s.quota_error);
  const sales_process& proc = *s.policy.process();
  const auto at = find_stage(s.policy.process(), deal.stage);
  if (!at) return unexpected<error>(salesrules::detail::stage_of(deal, s.policy.process()).error());
  const auto decision = salesrules::detail::categorize_in(deal, proc.stages[*at], s.policy);
  if (!decision) return unexpected<error>(decision.error());
  // Slippage counts the deals taken: those of the period once every check has passed,
  // and those moved out of it.
  if (!contains(s.options.period, forecast_date(deal))) {
    tally_slippage(s.slip, deal, s.options.period, false);
    return {};
  }
  if (auto e = salesrules::detail::require_currency(deal)) return unexpected<error>(std::move(*e));
  const bool omitted = decision->category == forecast_category::omitted;
  // A deal without a rate stays out of the range; its amount is listed apart (finish()).
  const bool rated = s.rated(deal.amount.currency());
  std::optional<error> refused;
  if (deal.outcome == deal_outcome::won && rated)
    refused = s.range.add_won(deal.amount);
  else if (deal.outcome == deal_outcome::open && omitted)
    s.range.add_omitted();
  else if (deal.outcome == deal_outcome::open && rated)
    refused = s.range.add_open(deal.amount, decision->probability);
  if (refused) return unexpected<error>(salesrules::detail::about_deal(deal, std::move(*refused)));
  const auto c = static_cast<std::size_t>(decision->category);
  ++s.deals[c];
  if (!omitted) s.sums[c].add(deal.amount, salesrules::detail::forecast_weight(*decision));
  s.tally.add(deal, *decision, s.options.period);
  tally_slippage(s.slip, deal, s.options.period, true);
  return {};
}

expected<forecast_report, error> forecast_builder::finish() const noexcept {
  const state& s = *s_;
  if (s.quota_error) return unexpected<error>(*s.quota_error);
  // Each call is the exact per-currency sum of its categories, converted once; the
  // currencies without a rate are listed apart. The weighted call is the pipeline
  // level's weighted sum: closed won at 100% and the open deals at their probability.
  const auto& x = s.policy.exchange();
  call_figures calls;
  money ignored;
  using fc = forecast_category;
  const auto level = [&](std::initializer_list<forecast_category> cats, money& total, money& weighted,
                         std::vector<unconverted>& apart) -> std::optional<error> {
    salesrules::detail::group_sums sum;
    for (auto c : cats) sum.add(s.sums[static_cast<std::size_t>(c)]);
    return sum.read_converted(x, total, weighted, apart);
  };
  for (auto e : {level({fc::closed}, calls.closed, ignored, calls.closed_not_converted),
                 level({fc::closed, fc::commit}, calls.commit, ignored, calls.commit_not_converted),
                 level({fc::closed, fc::commit, fc::best_case}, calls.best_case, ignored, calls.best_case_not_converted),
                 level({fc::closed, fc::commit, fc::best_case, fc::pipeline, fc::upside}, calls.pipeline,
                       calls.weighted, calls.pipeline_not_converted)})
    if (e) return unexpected<error>(std::move(*e));
  auto range = s.range.finish(s.options.period, s.options.quota);
  if (!range) return unexpected<error>(range.error());
  auto coverage = s.tally.finish(s.options.period, s.options.quota, s.options.today, s.policy);
  if (!coverage) return unexpected<error>(coverage.error());

  forecast_report r;
  r.period = s.options.period;
  r.today = s.options.today;
  r.calls = std::move(calls);
  for (std::size_t i = 0; i < s.deals.size(); ++i) r.deals.push_back({static_cast<forecast_category>(i), s.deals[i]});
  r.range = std::move(*range);
  r.range_not_converted = r.calls.pipeline_not_converted;
  r.coverage = std::move(*coverage);
  r.slippage = s.slip;
  return r;
}

// ---------------------------------------------------------------------------
// Periods

expected<fiscal_period, error> parse_period(std::string_view text, const fiscal_calendar& calendar) noexcept {
  const auto cal = validate(calendar);
  if (!cal) return unexpected<error>(salesrules::detail::within("/calendar", cal.error()));
  const auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (!salesrules::detail::is_digit(text[i])) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  // "2026-11": a calendar month, which is one fiscal month whatever the calendar.
  if (text.size() == 7 && text[4] == '-' && digits(0, 4) >= 0 && digits(5, 2) >= 0) {
    const int y = digits(0, 4), m = digits(5, 2);
    if (y < 1 || m < 1 || m > 12)
      return salesrules::detail::fail(errc::out_of_range, "",
                                      salesrules::detail::quoted(text) + " has no such year or month");
    const date first{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)}, std::chrono::day{1}};
    return period_of(first, period_kind::month, *cal);
  }
  auto p = salesrules::parse_period(text, *cal);
  if (!p && p.error().code == errc::syntax)
    p.error().message = salesrules::detail::quoted(text) +
                        " is not a period such as 2026-Q4 (a fiscal quarter), 2026 (a fiscal year), 2026-11 (a "
                        "calendar month) or FY2026-M03 (a fiscal month)";
  return p;
}

// ---------------------------------------------------------------------------
// Text and Markdown

namespace {

// A figure as a chart's mark.
web::chart_mark mark_of(std::string label, const money& m) {
  return {std::move(label), m.minor_units(), format_money(m), to_string(m)};
}

// The calls stacked, each level the one before plus its category's part, against the
// quota and beside the weighted call.
std::string calls_chart(const forecast_report& r) {
  const auto& c = r.calls;
  const auto span = [](std::string label, const money& from, const money& to) {
    return web::chart_span{std::move(label), from.minor_units(), to.minor_units(), format_money(to), to_string(to)};
  };
  const std::vector<web::chart_span> spans{span("closed won", money(0, c.closed.currency()), c.closed),
                                              span("commit", c.closed, c.commit),
                                              span("best case", c.commit, c.best_case),
                                              span("pipeline", c.best_case, c.pipeline)};
  std::vector<web::chart_mark> marks{mark_of("weighted", c.weighted)};
  if (r.range.quota) marks.push_back(mark_of("quota", *r.range.quota));
  return web::track_chart("calls", "The calls, each level holding the one before (converted amounts)", spans,
                             marks);
}

// The range forecast's distribution with its percentiles, the expected value and the quota.
std::string range_chart(const forecast_report& r) {
  const auto& g = r.range;
  std::vector<web::chart_bin> bins;
  bins.reserve(g.distribution.size());
  for (const auto& b : g.distribution)
    bins.push_back({b.from.minor_units(), b.to.minor_units(), b.chance.basis_points(),
                    format_percent(b.chance) + ": " + format_money(b.from) + " to " + format_money(b.to),
                    to_string(b.chance)});
  std::vector<web::chart_mark> marks{mark_of("P10", g.p10), mark_of("P50", g.p50), mark_of("P90", g.p90),
                                     mark_of("expected value", g.expected_value)};
  if (g.quota) marks.push_back(mark_of("quota", *g.quota));
  return web::histogram_chart("range",
                              "The chance of each total for the period, booked deals included (converted amounts)",
                              bins, marks);
}

// The deals pushed the most days.
std::string slippage_chart(const slippage_figures& sl) {
  std::vector<web::chart_bar> bars;
  bars.reserve(sl.most_pushed.size());
  for (const auto& d : sl.most_pushed)
    bars.push_back({d.deal, d.days_pushed,
                    counted(static_cast<std::uint64_t>(d.days_pushed), "day") + " in " +
                        format_count(d.pushes) + (d.pushes == 1 ? " push" : " pushes"),
                    std::to_string(d.days_pushed),
                    {}});
  return web::bar_chart("slippage", "Days pushed, the deals pushed the most", bars);
}

}  // namespace

std::string render(const forecast_report& r, output_format format) noexcept {
  const auto& c = r.calls;
  const auto& g = r.range;
  std::string out;
  const bool html = format == output_format::html;
  const std::string title = "Forecast " + to_string(r.period);
  append_heading(out, title, format, 1);

  std::string summary = format_period(r.period) + " as of " + to_string(r.today) + ": commit " +
                        format_money(c.commit) + ", best case " + format_money(c.best_case) + ", weighted " +
                        format_money(c.weighted) + ", P50 " + format_money(g.p50);
  if (!c.pipeline_not_converted.empty())
    summary += " (not converted: " + format_unconverted(c.pipeline_not_converted) + ")";
  if (g.quota && g.quota_chance)
    summary += "; " + format_percent(*g.quota_chance) + " chance of reaching the quota of " + format_money(*g.quota);
  out += summary;
  out += "\n\n";
  append_unconverted_note(out, c.pipeline_not_converted, c.pipeline.currency(), format);

  append_heading(out, "Calls", format);
  if (html) out += calls_chart(r);
  // The pipeline level holds every deal the others do: a part apart anywhere is in it.
  const bool apart = !c.pipeline_not_converted.empty();
  std::vector<table_column> columns{{"call"}, {"amount", align::right}};
  if (apart) columns.push_back({"not converted", align::right});
  table calls(std::move(columns));
  calls.add_row({"closed won", format_money(c.closed), format_unconverted(c.closed_not_converted)});
  calls.add_row({"commit", format_money(c.commit), format_unconverted(c.commit_not_converted)});
  calls.add_row({"best case", format_money(c.best_case), format_unconverted(c.best_case_not_converted)});
  calls.add_row({"pipeline", format_money(c.pipeline), format_unconverted(c.pipeline_not_converted)});
  calls.add_row({"weighted", format_money(c.weighted), format_unconverted(c.pipeline_not_converted, true)});
  out += calls.render(format);
  out += '\n';

  append_heading(out, "Deals by category", format);
  table deals({{"category"}, {"deals", align::right}});
  for (const auto& d : r.deals) deals.add_row({words(name_of(d.category)), format_count(d.deals)});
  out += deals.render(format);
  out += '\n';

  append_heading(out, "Range", format);
  if (html) out += range_chart(r);
  table range({{"figure"}, {"value", align::right}});
  range.add_row({"booked (closed won)", format_money(g.booked)});
  range.add_row({"P10", format_money(g.p10)});
  range.add_row({"P50", format_money(g.p50)});
  range.add_row({"P90", format_money(g.p90)});
  range.add_row({"P10/P50/P90 error at most", format_money(g.quantile_error_bound)});
  range.add_row({"expected value", format_money(g.expected_value)});
  if (g.quota && g.quota_chance) range.add_row({"chance of reaching the quota", format_percent(*g.quota_chance)});
  if (!r.range_not_converted.empty())
    range.add_row({"left out, not converted", format_unconverted(r.range_not_converted)});
  out += range.render(format);
  out += '\n';

  append_heading(out, "Coverage", format);
  detail::append_coverage(out, r.coverage, format);

  append_heading(out, "Close-date slippage", format);
  const slippage_figures& sl = r.slippage;
  if (sl.with_changes == 0) {
    out += "No deal of the period has a close-date change in the export: none was pushed, or the export carries no "
           "close-date history (a CRM's history export gives one: --history).\n";
    return html ? web::document(title, out) : out;
  }
  out += "Close-date changes are recorded for " + format_count(sl.with_changes) + " of " +
         counted(sl.deals, "deal") + " of the period (or moved out of it): " + format_count(sl.pushed) + " pushed, " +
         counted(sl.pushes, "time") + ", " + counted(static_cast<std::uint64_t>(sl.days_pushed), "day") +
         " in all (the longest push " + counted(static_cast<std::uint64_t>(sl.largest_push), "day") + "); " +
         format_count(sl.left_period) + " moved out of " + to_string(r.period) + ".";
  if (sl.with_changes != sl.deals)
    out += " " + counted(sl.deals - sl.with_changes, "other deal") +
           " without one: not pushed, or the export carries no close-date history for it.";
  out += "\n\n";
  if (!sl.most_pushed.empty()) {
    table pushed({{"deal"}, {"pushes", align::right}, {"days pushed", align::right}, {"longest", align::right},
                  {"close date", align::right}, {"left the period"}});
    for (const auto& d : sl.most_pushed)
      pushed.add_row({d.deal, format_count(d.pushes), format_count(static_cast<std::uint64_t>(d.days_pushed)),
                      format_count(static_cast<std::uint64_t>(d.largest_push)),
                      to_string(d.close_date), d.left_period ? "yes" : "no"});
    if (html) out += slippage_chart(sl);
    out += pushed.render(format);
  }
  return html ? web::document(title, out) : out;
}

}  // namespace salesrules::io
