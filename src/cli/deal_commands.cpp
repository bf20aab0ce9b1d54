// SPDX-License-Identifier: BSL-1.0
// score, advance, discount and discount test: one deal or request at a time; and
// policy defaults / policy check.
#include "common.hpp"

#include <salesrules/approval_analysis.hpp>
#include <salesrules/deal_condition_analysis.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/io/answers.hpp>
#include <salesrules/io/deal_desk_loop.hpp>
#include <salesrules/io/escape.hpp>
#include <salesrules/io/explain.hpp>
#include <salesrules/io/matrix_testing.hpp>
#include <salesrules/matrix_analysis.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/scorecard.hpp>

#include <boost/describe/enum_to_string.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>

namespace salesrules::cli {
namespace {

// A set's members by `name`, separated by ", ", or "none"; exact (for a table cell,
// which escapes).
template <class E, class Name>
std::string joined_names(enum_set<E> set, Name name) {
  std::string out;
  for (const E e : set) {
    if (!out.empty()) out += ", ";
    out += name(e);
  }
  return out.empty() ? "none" : out;
}

// A decision's reviewers and evidence by their names in `p`.
std::string reviewer_names(reviewer_set set, const validated<discount_policy>& p) {
  return joined_names(set, [&](reviewer_index r) { return reviewer_name(r, p); });
}
std::string evidence_names(evidence_set set, const validated<discount_policy>& p) {
  return joined_names(set, [&](evidence_index e) { return evidence_name(e, p); });
}

// --- score -----------------------------------------------------------------

struct score_options {
  common_options common;
  std::string deal;  // opportunity JSON file, or "-"
  std::optional<int> ratings[6];
};

// A deal read from --deal (JSON), or an empty one.
std::optional<opportunity> read_deal(const std::string& name, std::size_t limit) {
  if (name.empty()) return opportunity{};
  auto text = read_input("--deal", name, limit);
  if (!text) return std::nullopt;
  auto o = io::from_json_text<opportunity>(*text);
  if (!o) {
    report_error("deal " + name, o.error());
    return std::nullopt;
  }
  return std::move(*o);
}

int run_score(const score_options& so) {
  auto ctx = make_context(so.common);
  if (!ctx) return exit_bad_input;
  auto deal = read_deal(so.deal, ctx->document_limit);
  if (!deal) return exit_bad_input;
  static constexpr scorecard_criterion order[] = {scorecard_criterion::budget,   scorecard_criterion::authority,
                                                  scorecard_criterion::need,     scorecard_criterion::timeline,
                                                  scorecard_criterion::champion, scorecard_criterion::competition};
  for (std::size_t i = 0; i < 6; ++i) {
    if (!so.ratings[i]) continue;
    const char* name = boost::describe::enum_to_string(order[i], "?");
    auto r = rating::from_int(*so.ratings[i]);
    if (!r) {
      report_error(std::string("--") + name, r.error());
      return exit_bad_input;
    }
    detail::member_for(deal->ratings, order[i]) = *r;
  }
  const score_result r = score(deal->ratings, ctx->policy.scorecard());
  const meddpicc_result m = check_meddpicc(deal->meddpicc, ctx->policy.meddpicc());
  const auto& weights = ctx->policy.scorecard()->weights;
  if (ctx->format == io::output_format::json) {
    print_json("salesrules.score", io::score_answer(*deal, ctx->policy));
    return exit_ok;
  }
  std::string out;
  io::append_heading(out, deal->id.empty() ? std::string("Qualification score") : "Qualification score: " + deal->id,
                     ctx->format, 1);
  out += io::explain(r) + "\n\n";
  io::table t({{"criterion"}, {"rating", io::align::right}, {"weight", io::align::right}});
  for (const auto c : order) {
    const rating v = deal->ratings.of(c);
    t.add_row({boost::describe::enum_to_string(c, "?"), v.is_rated() ? std::to_string(v.value()) : "not rated",
               std::to_string(weights.of(c))});
  }
  out += t.render(ctx->format);
  out += "\n" + io::explain(m) + "\n";
  std::cout << out;
  return exit_ok;
}

// --- advance ---------------------------------------------------------------

struct advance_options {
  common_options common;
  std::string deal;
  std::string to;
  std::string loss_reason;
  bool disqualified = false;
};

int run_advance(const advance_options& ao) {
  auto ctx = make_context(ao.common);
  if (!ctx) return exit_bad_input;
  auto deal = read_deal(ao.deal, ctx->document_limit);
  if (!deal) return exit_bad_input;
  const move_details details{ao.loss_reason, ao.disqualified};
  auto check = check_move(*deal, ao.to, ctx->policy, ctx->today, details);
  if (!check) {
    report_error("advance", check.error());
    return check.error().code == errc::not_allowed ? exit_findings : exit_bad_input;
  }
  const auto& stages = ctx->policy.process()->stages;
  std::optional<opportunity> moved;
  if (check->allowed()) {
    auto a = advance(*deal, ao.to, ctx->policy, ctx->today, details);
    if (!a) {
      report_error("advance", a.error().why);
      return exit_bad_input;
    }
    moved = std::move(*a);
  }
  if (ctx->format == io::output_format::json) {
    print_json("salesrules.advance", io::advance_answer(*deal, *check, moved ? &*moved : nullptr, ctx->policy));
  } else {
    const auto data = [&](std::string_view text) { return io::escape(text, ctx->format); };
    std::string out;
    out += (deal->id.empty() ? std::string("The deal") : data(deal->id)) + ": " + data(stages[check->from].name) +
           " -> " + data(stages[check->to].name) + " (" + boost::describe::enum_to_string(check->kind, "?") + "): ";
    if (check->allowed()) {
      out += "allowed; probability now " + std::to_string(stages[check->to].probability.whole_percent()) + "%\n";
    } else {
      out += "refused, " + std::to_string(check->unmet.size()) +
             (check->unmet.size() == 1 ? " criterion unmet:\n" : " criteria unmet:\n");
      for (const auto& u : check->unmet)
        out += (ctx->format == io::output_format::markdown ? "- " : "  ") + data(io::explain(u, ctx->policy)) + "\n";
    }
    std::cout << out;
  }
  return check->allowed() ? exit_ok : exit_findings;
}

// --- discount --------------------------------------------------------------

struct discount_options {
  common_options common;
  std::string request;  // JSON file or "-"
  std::string discount;
  std::vector<std::string> lines;  // LIST:NET
  std::string deal_amount;
  std::optional<std::int32_t> term_months;
  std::optional<std::int32_t> payment_days;
  bool nonstandard_terms = false;
  bool phased_rollout = false;
  std::vector<std::string> evidence;
};

// The request from --request, then the flags over it.
std::optional<discount_request> build_request(const discount_options& o, const validated_policy& policy) {
  discount_request r;
  if (!o.request.empty()) {
    auto text = read_input("--request", o.request, document_limit(o.common));
    if (!text) return std::nullopt;
    auto parsed = io::from_json_text<discount_request>(*text);
    if (!parsed) {
      report_error("request " + o.request, parsed.error());
      return std::nullopt;
    }
    r = std::move(*parsed);
  }
  const auto fail = [](std::string_view what, const error& e) {
    report_error(what, e);
    return std::nullopt;
  };
  if (!o.discount.empty()) {
    auto p = parse_percent(o.discount);
    if (!p) return fail("--discount", p.error());
    r.discount = *p;
  }
  const currency reporting = policy.exchange()->reporting;
  for (const auto& line : o.lines) {
    const auto colon = line.find(':');
    if (colon == std::string::npos)
      return fail("--line", error{errc::syntax, "", "expected LIST:NET such as 12000:9600, found " +
                                                        detail::quoted(line)});
    auto list = parse_money(std::string_view(line).substr(0, colon), reporting);
    if (!list) return fail("--line", list.error());
    auto net = parse_money(std::string_view(line).substr(colon + 1), reporting);
    if (!net) return fail("--line", net.error());
    r.lines.push_back({*list, *net});
  }
  if (!o.deal_amount.empty()) {
    auto m = parse_money(o.deal_amount, reporting);
    if (!m) return fail("--deal-amount", m.error());
    r.deal_amount = *m;
  }
  if (o.term_months) r.term_months = *o.term_months;
  if (o.payment_days) r.payment_days = *o.payment_days;
  r.nonstandard_terms = r.nonstandard_terms || o.nonstandard_terms;
  r.phased_rollout = r.phased_rollout || o.phased_rollout;
  // Checked against the policy's names when decided (an unknown one: "--evidence").
  r.evidence.insert(r.evidence.end(), o.evidence.begin(), o.evidence.end());
  return r;
}

// A request the engine cannot judge: the error is reported under where its field came
// from, the flag that set it (the pointer then says no more) or the request file with
// the field's JSON pointer. Quote lines from --line follow the file's `file_lines` lines.
void report_request_error(error e, const discount_options& o, std::size_t file_lines, std::size_t file_evidence) {
  const std::string_view w = e.where;
  std::string flag;
  if (w.starts_with("/discount") && !o.discount.empty()) flag = "--discount";
  if (w == "/deal_amount" && !o.deal_amount.empty()) flag = "--deal-amount";
  if (w == "/term_months" && o.term_months) flag = "--term-months";
  if (w == "/payment_days" && o.payment_days) flag = "--payment-days";
  // A place in a list the file began and the options went on with: the option's own.
  const auto from_option = [w](std::string_view list, std::size_t in_file, std::size_t given) {
    std::size_t at = 0;
    if (!w.starts_with(list)) return std::optional<std::size_t>();
    const auto digits = w.substr(list.size());
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), at);
    if (ec != std::errc() || at < in_file || at - in_file >= given) return std::optional<std::size_t>();
    return std::optional<std::size_t>(at - in_file);
  };
  if (const auto line = from_option("/lines/", file_lines, o.lines.size())) flag = "--line " + o.lines[*line];
  if (const auto kind = from_option("/evidence/", file_evidence, o.evidence.size()))
    flag = "--evidence " + o.evidence[*kind];
  if (!flag.empty()) {
    e.where.clear();
    report_error(flag, e);
  } else {
    report_error(o.request.empty() ? "discount" : "request " + o.request, e);
  }
}

int run_discount(const discount_options& o) {
  auto ctx = make_context(o.common);
  if (!ctx) return exit_bad_input;
  auto request = build_request(o, ctx->policy);
  if (!request) return exit_bad_input;
  const auto& p = ctx->policy.discount();
  auto traced = decide_discount_traced(*request, p);
  if (!traced) {
    report_request_error(traced.error(), o, request->lines.size() - o.lines.size(),
                         request->evidence.size() - o.evidence.size());
    return exit_bad_input;
  }
  const discount_decision& d = traced->decision;
  const auto chain = approval_chain(d, p);
  if (ctx->format == io::output_format::json) {
    print_json("salesrules.discount", io::discount_answer(*request, *traced, ctx->policy));
    return d.refused ? exit_findings : exit_ok;
  }
  std::string out;
  io::append_heading(out, "Discount decision", ctx->format, 1);
  io::table t({{"item"}, {"value"}});
  t.add_row({"discount", to_string(d.discount.shown()) + " (" + boost::describe::enum_to_string(p->basis, "?") + ")"});
  t.add_row({"approval level", std::string(level_name(d.level, p))});
  std::string chain_text;
  for (const auto& level : chain) chain_text += (chain_text.empty() ? "" : " -> ") + level;
  t.add_row({"approval chain", chain_text});
  t.add_row({"reviewers", reviewer_names(d.reviewers, p)});
  t.add_row({"evidence required", evidence_names(d.required, p)});
  t.add_row({"evidence missing", evidence_names(d.missing, p)});
  t.add_row({"rep may approve alone", d.rep_may_approve ? "yes" : "no"});
  if (d.refused) t.add_row({"refused by", p->approval_rules[d.refused_by].name});
  out += t.render(ctx->format);
  out += '\n';
  io::append_heading(out, "Why", ctx->format, 2);
  for (const auto& s : traced->trace)
    out += (ctx->format == io::output_format::markdown ? "- " : "  ") + io::describe_step(s, p, ctx->format) + "\n";
  std::cout << out;
  return d.refused ? exit_findings : exit_ok;  // a refusal is a finding: status 1
}

struct matrix_test_options {
  common_options common;
  std::string policy_file;
  std::string cases_file;
};

// The approval rules' dimensions as JSON: per field its segments (a label, the rules
// that admit it, the level per discount row or null where refused) and its
// monotonicity breaks.
boost::json::array dimensions_json(const approval_analysis& a, const validated<discount_policy>& p) {
  boost::json::array out;
  for (const auto& d : a.dimensions) {
    boost::json::array segments;
    for (const auto& s : d.segments) {
      boost::json::array levels;
      for (const auto& l : s.levels) levels.push_back(l ? boost::json::value(level_name(*l, p)) : nullptr);
      segments.push_back({{"label", io::segment_label(s)}, {"rules", io::to_json(s.rules)}, {"levels", std::move(levels)}});
    }
    boost::json::array breaks;
    for (const auto& b : d.breaks) breaks.push_back({{"rule", b.rule}, {"at", to_string(b.at)}, {"above", b.above}});
    out.push_back({{"field", d.field},
                   {"type", name_of(d.type)},
                   {"analysed", d.analysed},
                   {"capped", d.capped},
                   {"table_capped", d.table_capped},
                   {"breaks_capped", d.breaks_capped},
                   {"segments", std::move(segments)},
                   {"breaks", std::move(breaks)}});
  }
  return out;
}

// The rows of the dimensions' tables by label: "0% to 10%", "over 10% to 20%", ...
boost::json::array rows_json(const approval_analysis& a) {
  boost::json::array out;
  for (const discount_row& row : a.discount_rows) out.emplace_back(io::row_label(row));
  return out;
}

int run_matrix_test(const matrix_test_options& o) {
  common_options with_policy = o.common;
  with_policy.policy_file = o.policy_file;
  auto ctx = make_context(with_policy);
  if (!ctx) return exit_bad_input;
  auto cases_text = read_input("cases", o.cases_file, ctx->document_limit);
  if (!cases_text) return exit_bad_input;
  std::istringstream in(std::move(*cases_text));
  const auto& p = ctx->policy.discount();
  auto cases = io::read_matrix_cases(in, *p);  // the policy's custom fields may be columns
  if (!cases) {
    report_error("cases " + o.cases_file, cases.error());
    return exit_bad_input;
  }
  const io::matrix_report report = io::check_matrix(*cases, p);
  const matrix_analysis analysis = analyze_matrix(p);
  const approval_analysis rules = analyze_approval_rules(p);  // the effective matrix on each field the rules compare
  if (ctx->format == io::output_format::json) {
    boost::json::array outcomes;
    for (const auto& c : report.outcomes)
      outcomes.push_back({{"name", c.name},
                          {"line", c.line},
                          {"passed", c.passed},
                          {"expected_level", c.expected_level},
                          {"actual_level", c.actual_level},
                          {"expected_reviewers", io::to_json(c.expected_reviewers)},
                          {"actual_reviewers", io::to_json(c.actual_reviewers)},
                          {"expected_missing", io::to_json(c.expected_missing)},
                          {"actual_missing", io::to_json(c.actual_missing)},
                          {"problem", c.problem ? boost::json::value(to_string(*c.problem)) : nullptr}});
    boost::json::object body;
    body["passed"] = report.passed();
    body["failed"] = report.failed();
    body["cases"] = std::move(outcomes);
    body["sound"] = analysis.sound();
    body["analysis"] = io::explain(analysis, p);
    body["effective_matrix"] = io::render_effective_matrix(analysis, p);
    body["discount_rows"] = rows_json(rules);
    body["dimensions"] = dimensions_json(rules, p);
    print_json("salesrules.discount-test", std::move(body));
  } else {
    // summary, diff, explain and the matrix are text lines with the cases' and the
    // policy's names escaped; Markdown shows them as they are, each in a code block
    // whose fence no backtick in a name can close.
    const bool md = ctx->format == io::output_format::markdown;
    std::string text = io::summary(report);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    text += '\n';
    if (!report.ok()) text += io::diff(report) + "\n";
    if (!analysis.sound()) text += io::explain(analysis, p) + "\n";
    std::string out;
    if (md) {
      while (text.ends_with("\n\n")) text.pop_back();
      out = io::markdown_fence(text);
    } else {
      out = text;
    }
    out += "\n";
    io::append_heading(out, "Effective matrix", ctx->format, 2);
    const std::string matrix = io::render_effective_matrix(analysis, p);
    out += md ? io::markdown_fence(matrix) : matrix;
    for (const auto& d : rules.dimensions) {
      out += "\n";
      io::append_heading(out, "Effective matrix by " + io::escape_text(d.field), ctx->format, 3);
      const std::string table = io::render_dimension_matrix(d, rules.discount_rows, p);
      out += md ? io::markdown_fence(table) : table;
    }
    std::cout << out;
  }
  return report.ok() ? exit_ok : exit_findings;
}

// --- policy ----------------------------------------------------------------

int run_policy_check(const std::string& file, const common_options& common) {
  auto read = io::read_policy_file(file, document_limit(common));
  // What the file holds in an older form (io::policy_notes), said before any finding.
  const std::vector<std::string> older = read ? io::policy_notes(*read) : std::vector<std::string>{};
  auto p = read ? validate(std::move(*read)) : expected<validated_policy, error>(unexpected<error>(std::move(read.error())));
  const bool json = common.format == "json";
  if (!p) {
    if (json) {
      print_json("salesrules.policy-check",
                 {{"file", file}, {"valid", false}, {"error", io::to_json(p.error())}});
    }
    report_error("policy " + file, with_limit_hint(p.error()));
    return exit_bad_input;
  }
  const auto& proc = *p->process();
  std::size_t open = 0;
  for (const auto& s : proc.stages) open += s.kind == stage_kind::open ? 1 : 0;
  const auto& dc = *p->discount();
  // The approval rules' analysis (approval_analysis.hpp): findings make the status 1.
  const approval_analysis rules = analyze_approval_rules(p->discount());
  const auto rule_name = [&](std::size_t i) {
    return "approval rule " + std::to_string(i) + " " + salesrules::detail::quoted(dc.approval_rules[i].name);
  };
  // The deal's conditions (deal_condition_analysis.hpp): hygiene scopes and stage gates.
  const deal_condition_analysis deals = analyze_deal_conditions(*p);
  const auto& scope_list = p->hygiene()->scopes;
  std::vector<std::string> notes;
  notes.reserve(older.size() + rules.findings.size() + deals.scopes.size() + deals.stage_conditions.size() + 4);
  notes.insert(notes.end(), older.begin(), older.end());
  for (const auto& f : rules.findings)
    switch (f.kind) {
      case approval_finding_kind::never_fires: notes.push_back(rule_name(f.rule) + " can never fire"); break;
      case approval_finding_kind::shadowed_by_refusal:
        notes.push_back(rule_name(f.rule) + " is shadowed: every request it fires for is refused by " + rule_name(f.by));
        break;
      case approval_finding_kind::shadowed_by_rule:
        notes.push_back(rule_name(f.rule) + " adds nothing: wherever it fires, " + rule_name(f.by) +
                        " fires first and asks as much");
        break;
    }
  for (const auto& d : rules.dimensions) {
    if (d.breaks_capped)
      notes.push_back(d.field + ": the search for larger values needing a lower level stopped; some may be missing");
  }
  for (const auto& d : rules.dimensions)
    for (const auto& b : d.breaks)
      notes.push_back(d.field + ": a larger value needs a lower level: " + rule_name(b.rule) + " no longer applies " +
                      (b.above ? "above " : "at ") + to_string(b.at) + ", and no rule asks as much there");
  const auto scope_name = [&](std::size_t k) {
    return "hygiene scope " + std::to_string(k) + " " + salesrules::detail::quoted(scope_list[k].name);
  };
  for (const auto& f : deals.scopes)
    notes.push_back(f.kind == scope_finding_kind::never_matches
                        ? scope_name(f.scope) + " can never match a deal"
                        : scope_name(f.scope) + " never counts: every deal it matches meets " + scope_name(f.by) +
                              " first");
  for (const auto& f : deals.stage_conditions)
    notes.push_back("stage " + salesrules::detail::quoted(proc.stages[f.stage].name) + " " +
                    (f.entry ? "entry" : "exit") + " criterion " + std::to_string(f.criterion) +
                    " is a condition that can never hold: no deal " + (f.entry ? "enters" : "leaves") +
                    " the stage unless stages may be skipped");
  if (rules.not_analysed > 0)
    notes.push_back(std::to_string(rules.not_analysed) +
                    " approval rules are outside the analysis (any, not, nesting or text sets) and may fire");
  if (deals.not_analysed > 0)
    notes.push_back(std::to_string(deals.not_analysed) +
                    " hygiene scopes and stage conditions are outside the analysis (any, not, nesting or text sets)"
                    " and may hold");
  if (rules.capped)
    notes.push_back("the analysis stopped after " + std::to_string(max_pairs) +
                    " pairs of rules, or left out a field's table or coverage past " + std::to_string(max_cells) +
                    " units of work");
  // Coverage by dimension: which rules admit each segment of each field the rules compare.
  std::vector<std::string> coverage;
  for (const auto& d : rules.dimensions) {
    std::string line = "coverage of " + d.field + " (" + std::string(name_of(d.type)) + "):";
    if (!d.analysed) line += " not computed, the rules compare it in two currencies";
    if (d.capped) line += " not computed, past " + std::to_string(max_cells) + " checks";
    for (std::size_t k = 0; k < d.segments.size(); ++k) {
      const auto& s = d.segments[k];
      line += (k ? "; " : " ") + io::segment_label(s) + ": ";
      if (s.rules.empty()) line += "no rule";
      for (std::size_t i = 0; i < s.rules.size(); ++i) line += (i ? ", " : "rule ") + std::to_string(s.rules[i]);
    }
    coverage.push_back(std::move(line));
  }
  const int status = rules.sound() && deals.sound() ? exit_ok : exit_findings;
  if (json) {
    print_json("salesrules.policy-check",
               {{"file", file},
                {"valid", true},
                {"approval_rules", io::to_json(rules.findings)},
                {"hygiene_scopes", io::to_json(deals.scopes)},
                {"stage_conditions", io::to_json(deals.stage_conditions)},
                {"discount_rows", rows_json(rules)},
                {"dimensions", dimensions_json(rules, p->discount())},
                {"not_analysed", rules.not_analysed + deals.not_analysed},
                {"capped", rules.capped},
                {"notes", io::to_json(older)}});
    return status;
  }
  std::cout << io::escape_text(file) << ": a valid policy: " << proc.stages.size() << " stages (" << open << " open), "
            << dc.levels.size() << " approval levels, " << dc.bands.size() << " discount bands, " << dc.rules.size()
            << " escalation rules, reporting in " << p->exchange()->reporting.code() << " with "
            << p->exchange()->rates.size() << " exchange rates";
  std::size_t stage_conditions = 0;
  for (const auto& s : proc.stages)
    for (const auto* list : {&s.entry, &s.exit})
      for (const auto& c : *list) stage_conditions += std::holds_alternative<criteria::field_condition>(c) ? 1 : 0;
  if (!dc.approval_rules.empty() || !dc.fields.empty() || !dc.line_fields.empty() || !dc.variables.empty() ||
      !proc.fields.empty() || stage_conditions != 0)
    std::cout << "; the company's own: " << dc.approval_rules.size() << " approval rules, " << dc.variables.size()
              << " approval variables, " << dc.fields.size() << " request fields, " << dc.line_fields.size()
              << " line fields, " << proc.fields.size() << " deal fields, " << stage_conditions
              << " stage conditions on fields";
  std::cout << '\n';
  for (const auto& n : notes) std::cout << io::escape_text(n) << '\n';
  for (const auto& n : coverage) std::cout << io::escape_text(n) << '\n';
  return status;
}

struct desk_command_options {
  std::string policy_file;
  std::string input = "-";
};

// Decisions for JSON Lines requests, the policy file reloaded when it changes:
// io::run_desk over stdin or a file, with the system's steady clock.
int run_desk_command(const desk_command_options& o) {
  int in = 0;
  if (o.input != "-") {
    in = ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      report_error("--input " + o.input, error{errc::missing, "", "cannot open the file"});
      return exit_bad_input;
    }
  }
  io::policy_file source(o.policy_file);
  io::desk_options options;
  options.now = [] { return std::chrono::steady_clock::now(); };
  options.on_load = [&source](std::uint64_t version) {
    if (version > 1)
      std::cerr << "salesrules desk: policy " << version << " loaded from " << io::printable(source.file().string()) << '\n';
  };
  options.on_problem = [&source](const error& e) {
    if (source.policy() != nullptr)
      std::cerr << "salesrules desk: keeping policy " << source.version() << ": " << io::printable(to_string(e)) << '\n';
  };
  const auto totals = io::run_desk(in, 1, source, options);
  if (in != 0) ::close(in);
  if (!totals) {
    report_error(source.policy() == nullptr ? "policy " + o.policy_file : std::string("desk"), totals.error());
    return exit_bad_input;
  }
  return totals->errors == 0 ? exit_ok : exit_findings;
}

}  // namespace

void register_deal_commands(CLI::App& app, int& status) {
  {
    auto o = std::make_shared<score_options>();
    auto* sub = app.add_subcommand("score", "The qualification scorecard of one deal");
    add_common_options(*sub, o->common);
    sub->add_option("--deal", o->deal, "The deal as JSON (a file, or - for stdin)");
    static constexpr const char* names[] = {"budget", "authority", "need", "timeline", "champion", "competition"};
    for (std::size_t i = 0; i < 6; ++i)
      sub->add_option(std::string("--") + names[i], o->ratings[i], std::string("Rating 1-5 for ") + names[i]);
    sub->callback([o, &status] { status = run_score(*o); });
  }
  {
    auto o = std::make_shared<advance_options>();
    auto* sub = app.add_subcommand("advance", "Check and make a stage move, listing every unmet criterion");
    add_common_options(*sub, o->common);
    sub->add_option("--deal", o->deal, "The deal as JSON (a file, or - for stdin)")->required();
    sub->add_option("--to", o->to, "The stage to move to")->required();
    sub->add_option("--loss-reason", o->loss_reason, "Why the deal was lost (moves to a lost stage)");
    sub->add_flag("--disqualified", o->disqualified, "Close as disqualified rather than lost");
    sub->callback([o, &status] { status = run_advance(*o); });
  }
  {
    auto o = std::make_shared<discount_options>();
    auto* sub = app.add_subcommand("discount", "Who must approve a discount, and why");
    add_common_options(*sub, o->common);
    sub->add_option("--request", o->request, "The request as JSON (a file, or - for stdin)");
    sub->add_option("--discount", o->discount, "The discount asked for, e.g. 22%");
    sub->add_option("--line", o->lines, "A quote line LIST:NET in the reporting currency (repeatable)");
    sub->add_option("--deal-amount", o->deal_amount, "The deal amount, in the reporting currency");
    sub->add_option("--term-months", o->term_months, "Contract term in months (default 12)");
    sub->add_option("--payment-days", o->payment_days, "Payment terms in days (default 30)");
    sub->add_flag("--nonstandard-terms", o->nonstandard_terms, "The contract has non-standard terms");
    sub->add_flag("--phased-rollout", o->phased_rollout, "The rollout is phased");
    sub->add_option("--evidence", o->evidence, "Evidence the rep brings, e.g. strategic_justification (repeatable)");
    sub->require_subcommand(0, 1);
    sub->callback([o, sub, &status] {
      if (sub->get_subcommands().empty()) status = run_discount(*o);
    });

    auto t = std::make_shared<matrix_test_options>();
    auto* test = sub->add_subcommand("test", "Run a golden-case file against a policy's approval matrix");
    add_common_options(*test, t->common, false);  // the policy is the POLICY argument
    test->add_option("POLICY", t->policy_file, "Policy JSON file")->required();
    test->add_option("CASES", t->cases_file, "Golden cases CSV")->required();
    test->callback([t, &status] { status = run_matrix_test(*t); });
  }
}

void register_desk_command(CLI::App& app, int& status) {
  auto o = std::make_shared<desk_command_options>();
  auto* sub = app.add_subcommand(
      "desk", "Decide JSON Lines discount requests, one answer line per request; the policy reloaded when it changes");
  sub->add_option("--policy", o->policy_file, "Policy JSON file, looked at again a few times a second")->required();
  sub->add_option("--input", o->input, "The requests (a file, or - for stdin, the default)");
  sub->callback([o, &status] { status = run_desk_command(*o); });
}

// `policy upgrade`: the file's escalation rules become approval rules (as_approval_rules),
// ahead of its own approval rules, as they applied before them. The file is validated
// first, so that an error points at its own places; the result is validated too, so
// what is printed loads.
int run_policy_upgrade(const std::string& file, const common_options& common) {
  auto read = io::read_policy_file(file, document_limit(common));
  if (!read) {
    report_error("policy " + file, with_limit_hint(read.error()));
    return exit_bad_input;
  }
  if (auto v = validate(*read); !v) {
    report_error("policy " + file, v.error());
    return exit_bad_input;
  }
  policy p = std::move(*read);
  auto& dc = p.discount;
  auto upgraded = as_approval_rules(dc.rules);
  upgraded.insert(upgraded.end(), std::make_move_iterator(dc.approval_rules.begin()),
                  std::make_move_iterator(dc.approval_rules.end()));
  dc.approval_rules = std::move(upgraded);
  dc.rules.clear();
  std::string text = io::policy_json(p);
  if (auto v = validate(std::move(p)); !v) {
    report_error("policy " + file + ", upgraded", v.error());
    return exit_bad_input;
  }
  std::cout << text;
  return exit_ok;
}

void register_policy_commands(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("policy", "Print the default policy, or check a policy file");
  sub->require_subcommand(1);
  auto* defaults = sub->add_subcommand("defaults", "Print the seeds' default policy as JSON");
  defaults->callback([&status] {
    std::cout << io::policy_json(policy{});
    status = exit_ok;
  });
  auto common = std::make_shared<common_options>();
  auto file = std::make_shared<std::string>();
  auto* upgrade = sub->add_subcommand(
      "upgrade", "Print a policy file with its escalation rules written as approval rules on conditions, deciding alike");
  upgrade->add_option("FILE", *file, "Policy JSON file")->required();
  add_document_limit(*upgrade, *common);
  upgrade->callback([file, common, &status] { status = run_policy_upgrade(*file, *common); });
  auto* check = sub->add_subcommand("check", "Validate a policy file: exit 0 when valid, 2 with the first error");
  check->add_option("FILE", *file, "Policy JSON file")->required();
  check->add_option("--format", common->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  add_document_limit(*check, *common);
  check->callback([file, common, &status] { status = run_policy_check(*file, *common); });
}

}  // namespace salesrules::cli
