// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/account_plan.hpp>

#include <salesrules/detail/name_index.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/io/explain.hpp>
#include <salesrules/io/escape.hpp>
#include <salesrules/io/not_converted.hpp>
#include <salesrules/io/report_format.hpp>
#include <salesrules/names.hpp>
#include <salesrules/scorecard.hpp>

#include "html_page.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace salesrules::io {
namespace {

std::string format_probability(probability p) { return std::to_string(p.whole_percent()) + "%"; }

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// Names kept once each, ignoring case, in the order first met, as first spelled; a
// hash lookup a name, however many there are.
class distinct_names {
 public:
  explicit distinct_names(std::vector<std::string>& list) : list_(list) {}

  void add(const std::string& name) {
    if (detail::is_blank(name) || !seen_.insert(name).second) return;
    list_.push_back(name);
  }

 private:
  std::vector<std::string>& list_;
  detail::iname_table<std::string_view> seen_;  // views of the deals' names
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = detail::ascii_lower(c);
  return out;
}

// Champions first, then the other roles in enumeration order, unknown last.
int role_rank(contact_role r) { return r == contact_role::unknown ? 100 : static_cast<int>(r); }

// ---------------------------------------------------------------------------
// Risks in words

std::string fields_list(enum_set<meddpicc_field> fields) {
  std::string out;
  for (meddpicc_field f : fields) {
    if (!out.empty()) out += ", ";
    out += words(name_of(f));
  }
  return out;
}

std::string hygiene_risk(const hygiene_finding& f, const opportunity& o) {
  const std::string seen = std::to_string(f.seen), threshold = std::to_string(f.threshold);
  switch (f.rule) {
    case hygiene_rule::stale:
      return std::string("No activity for ") + counted(static_cast<std::uint64_t>(f.seen), "day") + " (stale at " +
             threshold + ")";
    case hygiene_rule::close_date_past:
      return std::string("The close date ") + to_string(o.close_date) + " passed " +
             counted(static_cast<std::uint64_t>(f.seen), "day") + " ago";
    case hygiene_rule::close_date_beyond_horizon:
      return std::string("The close date ") + to_string(o.close_date) + " is " + seen + " days away, beyond the " +
             threshold + "-day horizon";
    case hygiene_rule::no_next_step: return "No next step";
    case hygiene_rule::next_step_undated: return "The next step has no due date";
    case hygiene_rule::next_step_unowned: return "The next step has no owner";
    case hygiene_rule::next_step_overdue:
      return std::string("The next step is ") + counted(static_cast<std::uint64_t>(f.seen), "day") + " overdue";
    case hygiene_rule::single_threaded:
      return std::string("Single-threaded: ") + counted(static_cast<std::uint64_t>(f.seen), "engaged contact") + ", " +
             threshold + " wanted";
    case hygiene_rule::qualification_incomplete:
      return std::string("Qualification incomplete: ") + seen + " of " + threshold + " fields; missing " +
             fields_list(f.missing);
    case hygiene_rule::score_below_viable:
      return std::string("Qualification score ") + to_string(score_points::from_hundredths(f.seen)) + ", below " +
             to_string(score_points::from_hundredths(f.threshold));
    case hygiene_rule::probability_inconsistent:
      return std::string("The rep's probability ") + seen + "% contradicts the stage (bound " + threshold + "%)";
    case hygiene_rule::entry_criteria_unmet:
      return std::string("In ") + o.stage + " without its entry: " + seen + " of " + threshold +
             " judged criteria unmet";
    case hygiene_rule::handoff_late:
      return std::string("CS handoff ") + counted(static_cast<std::uint64_t>(f.seen), "day") +
             " after the contract's signature (within " + counted(static_cast<std::uint64_t>(f.threshold), "day") +
             " wanted)";
  }
  return std::string(name_of(f.rule));
}

std::string hygiene_mitigation(const hygiene_finding& f) {
  switch (f.rule) {
    case hygiene_rule::stale: return "Re-engage the buyer this week, or take the deal out of the pipeline.";
    case hygiene_rule::close_date_past: return "Agree a realistic close date with the buyer and update the deal.";
    case hygiene_rule::close_date_beyond_horizon:
      return "Confirm the buyer's timeline; keep the deal out of the forecast until it is real.";
    case hygiene_rule::no_next_step: return "Agree a next step with the buyer, with a date and an owner.";
    case hygiene_rule::next_step_undated: return "Give the next step a date.";
    case hygiene_rule::next_step_unowned: return "Name who owns the next step.";
    case hygiene_rule::next_step_overdue: return "Complete the step or agree a new date with the buyer.";
    case hygiene_rule::single_threaded:
      return std::string("Multi-thread the deal: engage ") + std::to_string(f.threshold) +
             " or more contacts and add them to the relationship map.";
    case hygiene_rule::qualification_incomplete:
      return "Fill in the missing fields at the next call; ask the champion to introduce the economic buyer.";
    case hygiene_rule::score_below_viable:
      return "Re-qualify on the scorecard: work on the weakest criteria, or deprioritise the deal.";
    case hygiene_rule::probability_inconsistent:
      return "Move the deal to the stage its probability implies, or drop the override.";
    case hygiene_rule::entry_criteria_unmet:
      return "Record what the deal has reached, or move it back to the stage it qualifies for.";
    case hygiene_rule::handoff_late:
      return "Hand the account to Customer Success now, with the handoff template.";
  }
  return {};
}

std::string gate_mitigation(const unmet_criterion& u, const validated_policy& policy) {
  const criterion* c = criterion_of(u, *policy.process());  // the plan's own check: never null
  if (c == nullptr) return {};
  return visit_unmet([&](const auto& k, const auto& figures) { return k.advice(figures, policy); }, *c, u.what);
}

// The stage an open deal moves to next: the next open or won stage.
std::optional<std::size_t> next_stage_of(std::size_t at, const sales_process& p) {
  for (std::size_t k = at + 1; k < p.stages.size(); ++k)
    if (p.stages[k].kind != stage_kind::lost) return k;
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Rendering

void append_line(std::string& out, std::string_view line) {
  out += line;
  out += '\n';
}

std::string status_text(const plan_action& a) {
  switch (a.status) {
    case action_status::planned: return "planned";
    case action_status::overdue: return std::string("overdue ") + counted(static_cast<std::uint64_t>(a.days_overdue), "day");
    case action_status::undated: return "no due date";
    case action_status::missing: return "no next step";
  }
  return {};
}

std::string gap_text(const relationship_gap& g) {
  switch (g.kind) {
    case relationship_gap_kind::no_economic_buyer: return "no economic buyer identified";
    case relationship_gap_kind::no_champion: return "no champion identified";
    case relationship_gap_kind::single_threaded:
      return std::string("single-threaded: ") + counted(g.contacts, "engaged contact") + ", " +
             std::to_string(g.required) + " wanted";
  }
  return {};
}

std::string goal_line(const char* label, const plan_goal& g, output_format f) {
  std::string out = std::string("- ") + label + ": ";
  if (g.deals == 0)
    return out + "no open deal is due by " + to_string(g.by) + "; build pipeline with the account.";
  out += std::string("close ") + counted(g.deals, "deal") + " due by " + to_string(g.by) + ", " + format_money(g.amount) +
         " (weighted " + format_money(g.weighted);
  if (!g.not_converted.empty()) out += "; not converted: " + format_unconverted(g.not_converted);
  out += "): " + escape(joined(g.deal_ids), f);
  return out;
}

std::string or_not_recorded(const std::string& s, output_format f) {
  return detail::is_blank(s) ? "not recorded" : escape(s, f);
}

// The current ARR from the won deals (indices into `deals`), and the whitespace
// against `potential` (account_plan.hpp says how each is computed).
std::optional<error> read_arr(const std::vector<opportunity>& deals, const std::vector<std::size_t>& won,
                              const std::optional<money>& potential, const validated_policy& policy,
                              account_overview& ov) {
  const auto& x = policy.exchange();
  const currency reporting = x->reporting;
  plan_arr& arr = ov.current_arr;
  detail::group_sums sums;
  for (const std::size_t i : won) {
    const opportunity& o = deals[i];
    if (!o.annual_recurring) {
      ++arr.unrecorded;
    } else if (o.annual_recurring->minor_units() == 0) {
      ++arr.one_off;
    } else {
      if (o.annual_recurring->is_negative())
        return detail::about_deal(o, error{errc::out_of_range, "/annual_recurring",
                                           "the annual recurring amount " + to_string(*o.annual_recurring) +
                                               " is negative"});
      if (!o.annual_recurring->currency().is_set())
        return detail::about_deal(o, error{errc::missing, "/annual_recurring",
                                           "the annual recurring amount has no currency"});
      ++arr.recurring;
      sums.add(*o.annual_recurring, 100);
    }
  }
  const std::string won_deals = counted(won.size(), "won deal");
  if (won.empty()) {
    arr.amount = money(0, reporting);
    arr.how = "the account has no won deal";
  } else if (arr.unrecorded == won.size()) {
    arr.how = won.size() == 1 ? "the won deal does not say whether it recurs"
                              : "none of the " + won_deals + " says whether it recurs";
  } else {
    money total, weighted;
    if (auto e = sums.read_converted(x, total, weighted, arr.not_converted)) return e;
    arr.amount = total;
    arr.how = arr.recurring == 0   ? std::string("no won deal recurs")
              : arr.recurring == 1 ? "the annual recurring amount of 1 won deal"
                                   : "the annual recurring amounts of " + counted(arr.recurring, "won deal");
    if (arr.one_off != 0)
      arr.how += "; " + counted(arr.one_off, "one-off deal") + (arr.one_off == 1 ? " adds none" : " add none");
    if (arr.unrecorded != 0)
      arr.how += "; at least: " + counted(arr.unrecorded, "won deal") +
                 (arr.unrecorded == 1 ? " does" : " do") + " not say whether" +
                 (arr.unrecorded == 1 ? " it recurs" : " they recur");
    if (!arr.not_converted.empty()) arr.how += "; amounts without an exchange rate apart";
  }

  plan_whitespace& ws = ov.whitespace;
  ws.potential = potential;
  if (!potential) {
    ws.how = "no potential given";
  } else if (!arr.amount) {
    ws.how = "the current ARR is unknown";
  } else if (arr.unrecorded != 0 || !arr.not_converted.empty()) {
    ws.how = "the current ARR is only known in part";
  } else if (arr.amount->minor_units() >= potential->minor_units()) {
    ws.amount = money(0, reporting);
    ws.how = "the current ARR reaches the potential of " + format_money(*potential);
  } else {
    ws.amount = money(potential->minor_units() - arr.amount->minor_units(), reporting);
    ws.how = "the potential of " + format_money(*potential) + " less the current ARR";
  }
  return std::nullopt;
}

// "240,000.00 USD (how)", or "unknown (why)".
std::string figure_and_how(const std::optional<money>& amount, const std::string& how, output_format f) {
  return (amount ? format_money(*amount) : std::string("unknown")) + " (" + escape(how, f) + ")";
}

std::string summary_line(const account_plan& p, output_format f) {
  const account_overview& o = p.overview;
  std::size_t critical = 0;
  for (const auto& r : p.risks) critical += r.severity == hygiene_severity::critical ? 1 : 0;
  const std::string open_apart =
      o.open_not_converted.empty() ? "" : "; not converted: " + format_unconverted(o.open_not_converted);
  const std::string won_apart =
      o.won_not_converted.empty() ? "" : " (not converted: " + format_unconverted(o.won_not_converted) + ")";
  return escape(o.account, f) + " on " + to_string(p.today) + ": " + counted(o.open_deals, "open deal") + " worth " +
         format_money(o.open_pipeline) + " (weighted " + format_money(o.weighted_pipeline) + open_apart + "), " +
         format_money(o.won_to_date) + " won to date" + won_apart + "; " + counted(p.goals.ninety_day.deals, "deal") +
         " due within 90 days; " + counted(p.actions.size(), "action") + ", " + counted(p.risks.size(), "risk") +
         " (" + std::to_string(critical) + " critical).";
}

}  // namespace

// cppcheck-suppress passedByValue ; a sink: the options are moved into the builder
account_plan_builder::account_plan_builder(const validated_policy& policy, account_plan_options options) noexcept
    : policy_(&policy), options_(std::move(options)) {}

expected<void, error> account_plan_builder::add(const opportunity& deal) noexcept {
  if (same_name(deal.account, options_.account)) {
    if (auto at = deal_stage(deal, policy_->process()); !at) return unexpected<error>(std::move(at.error()));
    deals_.push_back(deal);
    return {};
  }
  if (accounts_.size() < max_accounts_remembered && !detail::is_blank(deal.account) &&
      account_keys_.insert(lower(deal.account)).second)
    accounts_.push_back(deal.account);
  return {};
}

void account_plan_builder::merge(account_plan_builder& later) noexcept {
  deals_.insert(deals_.end(), std::make_move_iterator(later.deals_.begin()),
                std::make_move_iterator(later.deals_.end()));
  for (auto& name : later.accounts_)
    if (accounts_.size() < max_accounts_remembered && account_keys_.insert(lower(name)).second)
      accounts_.push_back(std::move(name));
  later.deals_.clear();
  later.accounts_.clear();
  later.account_keys_.clear();
}

expected<account_plan, error> account_plan_builder::finish() const noexcept {
  if (deals_.empty()) {
    std::string message = std::string("no deal is with account ") + detail::quoted(options_.account);
    if (const auto near = detail::nearest_name(options_.account, accounts_))
      message += std::string("; did you mean ") + detail::quoted(*near) + "?";
    else
      message += std::string(" (") + counted(accounts_.size(), "other account") + " seen)";
    return detail::fail(errc::unknown_name, "/account", std::move(message));
  }
  const validated_policy& policy = *policy_;
  const sales_process& proc = *policy.process();
  const date today = options_.today;
  if (const auto& p = options_.potential) {
    if (p->currency() != policy.exchange()->reporting)
      return detail::fail(errc::currency_mismatch, "/potential",
                          "the potential " + to_string(*p) + " is not in the reporting currency " +
                              std::string(policy.exchange()->reporting.code()));
    if (p->is_negative()) return detail::fail(errc::out_of_range, "/potential", "the potential " + to_string(*p) + " is negative");
  }

  // The deals table's order: open deals by close date, then closed ones, latest first.
  std::vector<std::size_t> order(deals_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const opportunity& x = deals_[a];
    const opportunity& y = deals_[b];
    if (is_open(x) != is_open(y)) return is_open(x);
    const std::int32_t dx = detail::day_number(forecast_date(x)), dy = detail::day_number(forecast_date(y));
    if (dx != dy) return is_open(x) ? dx < dy : dx > dy;
    return x.id < y.id;
  });

  account_plan plan;
  plan.today = today;
  account_overview& ov = plan.overview;
  ov.account = deals_.front().account;
  detail::group_sums open_sums, won_sums;
  std::vector<std::size_t> open_deals;  // indices into deals_, in the table's order
  std::vector<std::size_t> won_deals;
  distinct_names segments(ov.segments), owners(ov.owners);

  for (const std::size_t i : order) {
    const opportunity& o = deals_[i];
    const auto decision = categorize(o, policy);
    if (!decision) return unexpected<error>(decision.error());
    const int weight = decision->category == forecast_category::omitted ? 0 : decision->probability.whole_percent();
    const auto weighted = weighted_amount(o, policy);
    if (!weighted) return unexpected<error>(weighted.error());
    if (o.outcome == deal_outcome::open || o.outcome == deal_outcome::won)
      if (auto e = detail::require_currency(o)) return unexpected<error>(std::move(*e));
    plan_deal row;
    row.id = o.id;
    row.stage = o.stage;
    row.outcome = o.outcome;
    row.amount = o.amount;
    row.probability = *probability::from_percent(weight);  // 0-100: a stage's or an override's
    row.weighted = *weighted;
    row.close_date = forecast_date(o);
    row.owner = o.owner;
    ov.deals.push_back(std::move(row));

    segments.add(o.segment);
    owners.add(o.owner);
    if (detail::is_blank(ov.profile.industry)) ov.profile.industry = o.profile.industry;
    if (detail::is_blank(ov.profile.region)) ov.profile.region = o.profile.region;
    if (!ov.profile.employees) ov.profile.employees = o.profile.employees;
    if (!ov.profile.annual_revenue) ov.profile.annual_revenue = o.profile.annual_revenue;

    switch (o.outcome) {
      case deal_outcome::open:
        ++ov.open_deals;
        open_sums.add(o.amount, weight);
        open_deals.push_back(i);
        break;
      case deal_outcome::won:
        ++ov.won_deals;
        won_sums.add(o.amount, 100);
        won_deals.push_back(i);
        break;
      case deal_outcome::lost:
      case deal_outcome::disqualified: ++ov.lost_deals; break;
    }
  }
  const auto& x = policy.exchange();
  // Sums converted where the currency has a rate, the rest kept apart.
  money won_weighted;
  if (auto e = open_sums.read_converted(x, ov.open_pipeline, ov.weighted_pipeline, ov.open_not_converted))
    return unexpected<error>(std::move(*e));
  if (auto e = won_sums.read_converted(x, ov.won_to_date, won_weighted, ov.won_not_converted))
    return unexpected<error>(std::move(*e));
  if (auto e = read_arr(deals_, won_deals, options_.potential, policy, ov)) return unexpected<error>(std::move(*e));

  // Relationship map: every deal's contacts; gaps of the open deals.
  relationship_map& map = plan.relationships;
  std::unordered_map<std::string, std::size_t> person;  // lower-cased name (or title) -> place in the map
  for (const std::size_t i : order) {
    const opportunity& o = deals_[i];
    for (const contact& c : o.contacts) {
      const std::string& key = detail::is_blank(c.name) ? c.title : c.name;
      if (detail::is_blank(key)) continue;
      const auto [at, inserted] = person.try_emplace(lower(key), map.contacts.size());
      if (inserted) map.contacts.push_back(plan_contact{c.name, c.title, c.role, c.influence, {}});
      plan_contact& pc = map.contacts[at->second];
      if (detail::is_blank(pc.title)) pc.title = c.title;
      if (pc.role == contact_role::unknown) pc.role = c.role;
      pc.influence = std::max(pc.influence, c.influence);
      if (pc.deals.empty() || pc.deals.back() != o.id) pc.deals.push_back(o.id);
    }
  }
  std::stable_sort(map.contacts.begin(), map.contacts.end(), [](const plan_contact& a, const plan_contact& b) {
    if (role_rank(a.role) != role_rank(b.role)) return role_rank(a.role) < role_rank(b.role);
    if (a.influence != b.influence) return a.influence > b.influence;
    return a.name < b.name;
  });
  const auto min_contacts = static_cast<std::uint32_t>(policy.hygiene()->min_contacts);
  for (const std::size_t i : open_deals) {
    const opportunity& o = deals_[i];
    const auto plays = [&](contact_role r) {
      return std::any_of(o.contacts.begin(), o.contacts.end(), [r](const contact& c) { return c.role == r; });
    };
    if (!plays(contact_role::economic_buyer) && detail::is_blank(o.meddpicc.economic_buyer))
      map.gaps.push_back(relationship_gap{o.id, relationship_gap_kind::no_economic_buyer, 0, 0});
    if (!plays(contact_role::champion) && detail::is_blank(o.meddpicc.champion))
      map.gaps.push_back(relationship_gap{o.id, relationship_gap_kind::no_champion, 0, 0});
    const std::size_t engaged = contacts_engaged(o);
    if (engaged < min_contacts)
      map.gaps.push_back(relationship_gap{o.id, relationship_gap_kind::single_threaded,
                                          static_cast<std::uint32_t>(engaged), min_contacts});
  }

  // Goals: the open deals due within 90 and 365 days (or already past due).
  for (auto [goal, days] : {std::pair{&plan.goals.ninety_day, 90}, std::pair{&plan.goals.twelve_month, 365}}) {
    goal->horizon_days = days;
    goal->by = add_days(today, days);
    detail::group_sums sums;
    for (const std::size_t i : open_deals) {
      const opportunity& o = deals_[i];
      if (days_between(o.close_date, goal->by) < 0) continue;
      const auto decision = categorize(o, policy);  // succeeded above
      const int weight =
          decision && decision->category != forecast_category::omitted ? decision->probability.whole_percent() : 0;
      ++goal->deals;
      sums.add(o.amount, weight);
      goal->deal_ids.push_back(o.id);
    }
    if (auto e = sums.read_converted(x, goal->amount, goal->weighted, goal->not_converted))
      return unexpected<error>(std::move(*e));
  }

  // Action plan: each open deal's next step, or what to do about it.
  for (const std::size_t i : open_deals) {
    const opportunity& o = deals_[i];
    plan_action a;
    a.deal = o.id;
    if (!o.next_step || detail::is_blank(o.next_step->action)) {
      a.status = action_status::missing;
      a.action = "Agree a next step with the buyer, with a date and an owner";
      a.owner = o.owner;
      a.due = today;
    } else {
      const next_step& n = *o.next_step;
      a.step = n.action;
      a.owner = detail::is_blank(n.owner) ? o.owner : n.owner;
      a.due = n.due;
      if (!n.due) {
        a.status = action_status::undated;
        a.action = std::string("Set a due date for: ") + n.action;
      } else if (days_between(*n.due, today) > 0) {
        a.status = action_status::overdue;
        a.days_overdue = days_between(*n.due, today);
        a.action = std::string("Complete or re-date: ") + n.action;
      } else {
        a.status = action_status::planned;
        a.action = n.action;
      }
    }
    plan.actions.push_back(std::move(a));
  }
  std::stable_sort(plan.actions.begin(), plan.actions.end(), [](const plan_action& a, const plan_action& b) {
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    return a.due && detail::day_number(*a.due) < detail::day_number(*b.due);
  });

  // Risks: hygiene findings, then every criterion the next stage needs and the deal lacks.
  std::vector<hygiene_finding> findings;
  for (const std::size_t i : open_deals) {
    const opportunity& o = deals_[i];
    findings.clear();
    if (auto n = check_hygiene(o, i, policy, today, findings, options_.known); !n) {
      n.error().row = 0;  // i counts the account's deals, not the caller's
      return unexpected<error>(std::move(n.error()));
    }
    for (const hygiene_finding& f : findings)
      plan.risks.push_back(plan_risk{o.id, risk_source::hygiene, f.severity, f.rule, std::nullopt, std::string(),
                                     hygiene_risk(f, o), hygiene_mitigation(f)});
    const auto at = find_stage(policy.process(), o.stage);  // add() checked the stage
    const auto next = at ? next_stage_of(*at, proc) : std::nullopt;
    if (!next) continue;
    const std::string& next_name = proc.stages[*next].name;
    auto check = check_move(o, next_name, policy, today);
    if (!check) return unexpected<error>(detail::about_deal(o, std::move(check.error())));
    for (const unmet_criterion& u : check->unmet) {
      // A criterion on data the deals do not carry is unknown, not a risk.
      if (const criterion* c = criterion_of(u, proc); c != nullptr && !(data_read_by(*c, policy) - options_.known).empty())
        continue;
      plan.risks.push_back(plan_risk{o.id, risk_source::gate, hygiene_severity::warning, std::nullopt, u.kind(),
                                     next_name, next_name + " needs " + explain(u, policy),
                                     gate_mitigation(u, policy)});
    }
  }
  // A won deal's one check: its CS handoff.
  for (const std::size_t i : won_deals) {
    const opportunity& o = deals_[i];
    findings.clear();
    if (auto n = check_hygiene(o, i, policy, today, findings, options_.known); !n) {
      n.error().row = 0;
      return unexpected<error>(std::move(n.error()));
    }
    for (const hygiene_finding& f : findings)
      plan.risks.push_back(plan_risk{o.id, risk_source::hygiene, f.severity, f.rule, std::nullopt, std::string(),
                                     hygiene_risk(f, o), hygiene_mitigation(f)});
  }
  std::stable_sort(plan.risks.begin(), plan.risks.end(),
                   [](const plan_risk& a, const plan_risk& b) { return a.severity > b.severity; });
  return plan;
}

namespace {
// The account's open deals in the reporting currency, each amount with its weighted
// part marked; the table below lists every deal, those in other currencies too.
std::string deals_chart(const account_overview& ov) {
  const currency reporting = ov.open_pipeline.currency();
  std::vector<web::chart_bar> bars;
  bars.reserve(ov.deals.size());
  std::uint64_t elsewhere = 0;
  for (const auto& d : ov.deals) {
    if (d.outcome != deal_outcome::open) continue;
    if (d.amount.currency() != reporting) {
      ++elsewhere;
      continue;
    }
    bars.push_back({d.id + " (" + d.stage + ")", d.amount.minor_units(), format_money(d.amount), to_string(d.amount),
                    {{"weighted", d.weighted.minor_units(), format_money(d.weighted), to_string(d.weighted)}}});
  }
  if (bars.empty()) return {};
  std::string caption = "Open deals in " + std::string(reporting.code()) + ": amount, weighted part marked";
  if (elsewhere != 0) caption += " (" + counted(elsewhere, "open deal") + " in other currencies in the table only)";
  return web::bar_chart("deals", caption, bars);
}
}  // namespace

std::string render(const account_plan& p, output_format f) noexcept {
  const account_overview& ov = p.overview;
  std::string out;
  const std::string title = std::string("Account Plan: ") + ov.account;
  append_heading(out, title, f, 1);
  append_line(out, summary_line(p, f));
  out += '\n';
  {
    const auto apart = merge_unconverted(ov.open_not_converted, ov.won_not_converted);
    if (apart) append_unconverted_note(out, *apart, ov.open_pipeline.currency(), f);
  }

  append_heading(out, "Account Overview", f);
  const account_profile& prof = ov.profile;
  append_line(out, std::string("- Segment: ") + (ov.segments.empty() ? "not recorded" : escape(joined(ov.segments), f)) +
                       " | Owners: " + (ov.owners.empty() ? "not recorded" : escape(joined(ov.owners), f)));
  append_line(out, std::string("- Industry: ") + or_not_recorded(prof.industry, f) +
                       " | Region: " + or_not_recorded(prof.region, f) + " | Revenue: " +
                       (prof.annual_revenue ? format_money(*prof.annual_revenue) : "not recorded") +
                       " | Employees: " + (prof.employees ? std::to_string(*prof.employees) : "not recorded"));
  append_line(out, std::string("- Open pipeline: ") + counted(ov.open_deals, "deal") + ", " +
                       format_money(ov.open_pipeline) + " | Weighted: " +
                       format_money(ov.weighted_pipeline) +
                       (ov.open_not_converted.empty()
                            ? std::string()
                            : " | Not converted: " + format_unconverted(ov.open_not_converted)));
  append_line(out, std::string("- Won to date: ") + counted(ov.won_deals, "deal") + ", " +
                       format_money(ov.won_to_date) +
                       (ov.won_not_converted.empty() ? std::string()
                                                     : " | Not converted: " + format_unconverted(ov.won_not_converted)) +
                       " | Lost or disqualified: " + counted(ov.lost_deals, "deal"));
  append_line(out, "- Current ARR: " + figure_and_how(ov.current_arr.amount, ov.current_arr.how, f) +
                       (ov.current_arr.not_converted.empty()
                            ? std::string()
                            : " | Not converted: " + format_unconverted(ov.current_arr.not_converted)) +
                       " | Whitespace: " + figure_and_how(ov.whitespace.amount, ov.whitespace.how, f));
  out += '\n';
  if (f == output_format::html) out += deals_chart(ov);
  table deals({{"Deal"}, {"Stage"}, {"Amount", align::right}, {"Probability", align::right},
               {"Weighted", align::right}, {"Close date"}, {"Owner"}});
  for (const auto& d : ov.deals)
    deals.add_row({d.id, d.stage, format_money(d.amount), format_probability(d.probability),
                   format_money(d.weighted), to_string(d.close_date), d.owner});
  out += deals.render(f);
  out += '\n';

  append_heading(out, "Relationship Map", f);
  if (p.relationships.contacts.empty()) {
    append_line(out, "No contacts recorded on the account's deals.");
  } else {
    table people({{"Name"}, {"Title"}, {"Role"}, {"Influence"}, {"Deals"}});
    for (const auto& c : p.relationships.contacts)
      people.add_row({c.name, c.title, words(name_of(c.role)), words(name_of(c.influence)), joined(c.deals)});
    out += people.render(f);
  }
  out += '\n';
  if (p.relationships.gaps.empty()) {
    append_line(out, "Gaps: none.");
  } else {
    append_line(out, "Gaps:");
    for (const auto& g : p.relationships.gaps) append_line(out, std::string("- ") + escape(g.deal, f) + ": " + gap_text(g));
  }
  out += '\n';

  append_heading(out, "Strategy", f);
  append_line(out, goal_line("90-day goals", p.goals.ninety_day, f));
  append_line(out, goal_line("12-month goals", p.goals.twelve_month, f));
  out += '\n';

  append_heading(out, "Action Plan", f);
  if (p.actions.empty()) {
    append_line(out, "No open deal: no actions.");
  } else {
    table actions({{"Deal"}, {"Action"}, {"Owner"}, {"Due Date"}, {"Status"}});
    for (const auto& a : p.actions)
      actions.add_row({a.deal, a.action, a.owner, a.due ? to_string(*a.due) : std::string("-"), status_text(a)});
    out += actions.render(f);
  }
  out += '\n';

  append_heading(out, "Risks", f);
  if (p.risks.empty()) append_line(out, "No risks found.");
  for (const auto& r : p.risks)
    append_line(out, std::string("- ") + escape(r.deal, f) + ", " + std::string(name_of(r.severity)) + ": " +
                         escape(r.risk, f) + ". " + escape(r.mitigation, f));
  return f == output_format::html ? web::document(title, out) : out;
}

}  // namespace salesrules::io
