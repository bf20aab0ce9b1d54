// SPDX-License-Identifier: BSL-1.0
// salesrules/io/pipeline_report.hpp - the figures behind `salesrules pipeline`.
//
// Part of salesrules::io. The playbook's pipeline analyzer over a whole CRM export:
// deals and amounts (total and probability-weighted, in the reporting currency) by
// stage, forecast category and owner; the coverage of the current period against a
// quota and the quarter-phase target; the weekly hygiene findings counted by rule
// and severity, with the first few listed; MEDDPICC completion of the deals past
// Discovery against its target; the share of the open pipeline from outbound sources,
// per owner, against the handbook's 30%; and the troubleshooting table's diagnoses.
//
// The rows of each table add up exactly to its whole: the open deals' open_total and
// open_weighted (each currency's exact sum converted once, rounded half to even)
// for the category and owner rows and the open stages' rows; the closed deals' sum,
// taken the same way, for the closed stages' rows. A row is not rounded on its own:
// its exact value is cut to its floor and the minor units the floors lack of the
// whole go one each to the rows with the largest remainders, the earlier row on a
// tie (the largest-remainder method, as rollup() in forecast.hpp does).
//
// Deals in a currency the policy has no exchange rate for are not an error: they
// count wherever no amount is needed (every deal count, hygiene, MEDDPICC, win rates,
// diagnoses), and their amounts are kept apart per currency, in that currency, as
// `not_converted` parts (salesrules::unconverted) beside the figures they are not in.
// A row's `deals` counts all its deals; its total and weighted amount are those of
// its converted deals, and the rows' converted amounts add up to the converted whole
// as above.
//
// A pipeline_builder takes the deals one at a time, straight from an import, and
// keeps sums, not deals: its memory does not grow with the number of deals (only
// with the stages, categories, owners and the findings it lists), and taking a deal
// allocates nothing once each owner and currency has been seen. render() prints the
// report as text or Markdown (JSON is the CLI's, from the described structs).
#ifndef SALESRULES_IO_PIPELINE_REPORT_HPP
#define SALESRULES_IO_PIPELINE_REPORT_HPP

#include <salesrules/date.hpp>
#include <salesrules/diagnosis.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/hygiene.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/win_loss.hpp>

#include <boost/describe/class.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// What `salesrules pipeline` is asked: the day it is run, and optionally a quota and a period.
struct pipeline_options {
  date today{};
  std::optional<money> quota;           // in the reporting currency, positive; coverage is judged only with one
  std::optional<fiscal_period> period;  // the period of coverage and win rates: the fiscal quarter holding today unless set
  std::size_t listed_findings = 20;     // hygiene findings listed one by one, the first in file order
  // What the deals carry (deal_data.hpp): an import's `carried`. Stage entry criteria
  // that read anything else are unknown to hygiene, and counted as such.
  enum_set<deal_data> known = all_deal_data;
};
BOOST_DESCRIBE_STRUCT(pipeline_options, (), (today, quota, period, listed_findings, known))

// Deals in one stage: open deals in an open stage, closed ones in a closed stage.
struct stage_row {
  std::string stage;
  stage_kind kind{};
  std::uint64_t deals = 0;  // every deal in the stage, converted or not
  money total;               // of the deals whose currency has a rate, in the reporting currency
  money weighted;  // amount x probability: the full amount when won, nothing when lost or Omitted
  std::vector<unconverted> not_converted;  // the other deals, by currency

  friend bool operator==(const stage_row&, const stage_row&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_row, (), (stage, kind, deals, total, weighted, not_converted))

// Open deals in one forecast category (a rep's override counts).
struct category_row {
  forecast_category category{};
  std::uint64_t deals = 0;  // all of them; the amounts are the converted deals'
  money total;
  money weighted;
  std::vector<unconverted> not_converted;

  friend bool operator==(const category_row&, const category_row&) = default;
};
BOOST_DESCRIBE_STRUCT(category_row, (), (category, deals, total, weighted, not_converted))

// One owner's open deals.
struct owner_row {
  std::string owner;  // "(none)" for deals with no owner
  std::uint64_t deals = 0;  // all of them; the amounts are the converted deals'
  money total;
  money weighted;
  std::vector<unconverted> not_converted;

  friend bool operator==(const owner_row&, const owner_row&) = default;
};
BOOST_DESCRIBE_STRUCT(owner_row, (), (owner, deals, total, weighted, not_converted))

// Findings of one hygiene rule.
struct rule_count {
  hygiene_rule rule{};
  hygiene_severity severity{};
  std::uint64_t findings = 0;

  friend bool operator==(const rule_count&, const rule_count&) = default;
};
BOOST_DESCRIBE_STRUCT(rule_count, (), (rule, severity, findings))

// Findings of one severity.
struct severity_count {
  hygiene_severity severity{};
  std::uint64_t findings = 0;

  friend bool operator==(const severity_count&, const severity_count&) = default;
};
BOOST_DESCRIBE_STRUCT(severity_count, (), (severity, findings))

// One hygiene finding (see hygiene_rule for what `seen` and `threshold` hold).
struct listed_finding {
  std::uint64_t position = 0;  // the deal's place in the input, from 0
  std::string deal;            // its id
  hygiene_rule rule{};
  hygiene_severity severity{};
  std::int32_t seen = 0;
  std::int32_t threshold = 0;
  enum_set<meddpicc_field> missing;  // qualification_incomplete: the fields not filled in
  std::string note;                  // seen against threshold in words: "41 days without activity; stale at 30"

  friend bool operator==(const listed_finding&, const listed_finding&) = default;
};
BOOST_DESCRIBE_STRUCT(listed_finding, (), (position, deal, rule, severity, seen, threshold, missing, note))

// The weekly checks over the open deals, and the won deals' handoff.
struct hygiene_overview {
  std::uint64_t deals_checked = 0;  // the open deals
  std::uint64_t won_checked = 0;    // the won deals, for their handoff (0 unless the deals carry milestones)
  std::uint64_t deals_with_findings = 0;
  std::uint64_t findings = 0;
  std::vector<severity_count> by_severity;  // every severity, most urgent first
  std::vector<rule_count> by_rule;          // every rule, in hygiene_rule order
  std::vector<listed_finding> listed;       // the first listed_findings findings, in input order
  // Open deals whose stage's entry criteria could not all be judged: they read deal
  // data the export does not carry (`entry_lacks`). Unknown, not unmet.
  std::uint64_t entry_unknown = 0;
  enum_set<deal_data> entry_lacks;

  friend bool operator==(const hygiene_overview&, const hygiene_overview&) = default;
};
BOOST_DESCRIBE_STRUCT(hygiene_overview, (),
                      (deals_checked, won_checked, deals_with_findings, findings, by_severity, by_rule, listed,
                       entry_unknown, entry_lacks))

// Deals lacking one MEDDIC/MEDDPICC field.
struct field_count {
  meddpicc_field field{};
  std::uint64_t deals = 0;

  friend bool operator==(const field_count&, const field_count&) = default;
};
BOOST_DESCRIBE_STRUCT(field_count, (), (field, deals))

// The success criterion "MEDDPICC completion: 100% for deals past Discovery": of the
// open deals in a stage after hygiene's qualified_after, those with every field the
// framework requires.
struct meddpicc_completion {
  qualification_framework framework{};
  std::string qualified_after;   // the stage the deals are past
  std::uint64_t deals = 0;       // open deals past it
  std::uint64_t complete = 0;    // of them, every field filled in
  std::optional<percent> share;  // complete / deals, rounded down; none without deals
  percent target;                // win_loss.meddpicc_completion_target
  std::optional<bool> meets_target;     // the exact share reaches the target; none without deals
  std::vector<field_count> missing;     // the framework's fields: deals past qualified_after lacking each

  friend bool operator==(const meddpicc_completion&, const meddpicc_completion&) = default;
};
BOOST_DESCRIBE_STRUCT(meddpicc_completion, (),
                      (framework, qualified_after, deals, complete, share, target, meets_target, missing))

// One row of the troubleshooting table, judged (diagnosis.hpp's diagnosis, its texts held).
struct diagnosis_row {
  salesrules::problem problem{};
  diagnosis_status status{};
  std::optional<percent> value;
  std::optional<percent> threshold;
  std::uint64_t deals = 0;
  std::string root_cause;
  std::string remedy;

  friend bool operator==(const diagnosis_row&, const diagnosis_row&) = default;
};
BOOST_DESCRIBE_STRUCT(diagnosis_row, (), (problem, status, value, threshold, deals, root_cause, remedy))

// Open deals by where they came from: one owner's, or every owner's. A deal whose
// `source` is blank has no recorded source: it is unknown, counted in `unrecorded` and
// in no other figure here (neither outbound nor not).
struct source_row {
  std::string owner;                 // "(none)" for deals with no owner; "" in the whole's row
  std::uint64_t deals = 0;           // open deals that record a source, converted or not
  std::uint64_t outbound_deals = 0;  // of them, from a source the policy counts as outbound
  std::uint64_t unrecorded = 0;      // open deals that record none
  money total;                       // the amount of the converted deals that record a source
  money outbound;                    // of it, from outbound sources
  // The deals that record a source in a currency without a rate, by currency: `total`
  // their amount and `weighted` their outbound part.
  std::vector<unconverted> not_converted;
  std::optional<percent> share;      // outbound / total, rounded down; none when total is nothing
  std::optional<bool> meets_target;  // the exact ratio reaches the target; none when total is nothing

  friend bool operator==(const source_row&, const source_row&) = default;
};
BOOST_DESCRIBE_STRUCT(source_row, (),
                      (owner, deals, outbound_deals, unrecorded, total, outbound, not_converted, share, meets_target))

// The handbook's "generate 30% of their own pipeline through cold outbound", judged on
// the open pipeline's amount: for every owner and for the whole. The owners' totals
// and outbound amounts add up to the whole's exactly (apportioned, as the tables are).
struct outbound_pipeline {
  percent target;                    // coverage.outbound_share
  std::vector<std::string> sources;  // coverage.outbound_sources, the values counted as outbound
  source_row all;
  std::vector<source_row> by_owner;  // owners of open deals, by name, as by_owner

  friend bool operator==(const outbound_pipeline&, const outbound_pipeline&) = default;
};
BOOST_DESCRIBE_STRUCT(outbound_pipeline, (), (target, sources, all, by_owner))

// The pipeline analyzer's answer for a whole export.
struct pipeline_report {
  date today{};
  deal_counts deals;  // open, won, lost, disqualified
  money open_total;   // every open deal whose currency has a rate, Omitted ones included
  money open_weighted;
  std::vector<unconverted> open_not_converted;  // the other open deals, by currency
  std::vector<unconverted> not_converted;       // every deal of the report without a rate, open or closed
  // Every stage of the process, in its order; the open stages' amounts add up to
  // open_total and open_weighted exactly (apportioned, as the file's comment says).
  std::vector<stage_row> by_stage;
  std::vector<category_row> by_category;  // the five categories an open deal can be in, in enum order; add up to the open figures
  std::vector<owner_row> by_owner;        // owners of open deals, by name; add up to the open figures
  period_coverage coverage;               // of the period; judged only with a quota
  hygiene_overview hygiene;
  meddpicc_completion meddpicc;
  outbound_pipeline outbound;
  pipeline_figures figures;           // what the diagnoses are drawn from
  win_rate_figure win_rate;           // won and lost deals closed in the period
  win_rate_figure previous_win_rate;  // in the period before it
  // All seven problems, in the table's order. Forecast accuracy has no figure here
  // (a past forecast is not in the deals); coverage has one only with a quota.
  std::vector<diagnosis_row> diagnoses;

  friend bool operator==(const pipeline_report&, const pipeline_report&) = default;
};
BOOST_DESCRIBE_STRUCT(pipeline_report, (),
                      (today, deals, open_total, open_weighted, open_not_converted, not_converted, by_stage,
                       by_category, by_owner, coverage, hygiene, meddpicc, outbound, figures, win_rate,
                       previous_win_rate, diagnoses))

// Builds a pipeline_report from deals fed one at a time. It copies nothing of a deal
// but the id of a listed finding and the name of a new owner, so the caller may
// reuse one opportunity object for every deal. The report does not depend on the
// order deals come in, except for which findings are listed (the first in input
// order). The policy must outlive the builder.
class pipeline_builder {
 public:
  pipeline_builder(const validated_policy& policy, pipeline_options options) noexcept;
  pipeline_builder(pipeline_builder&&) noexcept;
  pipeline_builder& operator=(pipeline_builder&&) noexcept;
  ~pipeline_builder();

  // Takes one deal. Errors, naming the deal, with the deal left out of every figure: a
  // stage the policy does not know, an outcome its stage contradicts, an amount
  // without a currency, won deals' discounts summing past 64 bits. A currency without
  // an exchange rate is no error: the deal's amount is kept apart (not_converted). A
  // quota not in the reporting currency or not positive is an error ("quota") from
  // the first call on.
  [[nodiscard]] expected<void, error> add(const opportunity& deal) noexcept;

  // The report of the deals taken so far; the builder may take more afterwards.
  // Errors: the quota's, and sums beyond 64-bit minor units.
  [[nodiscard]] expected<pipeline_report, error> finish() const noexcept;

  // Takes in the deals `later` took (a builder over the same policy and options, fed
  // the part of an export after this one's), as if they had come after this builder's
  // own: the report is the one a single builder fed both parts in order gives, listed
  // findings included. `later` is left empty. Errors: the won deals' discounts
  // summing past 64 bits.
  [[nodiscard]] expected<void, error> merge(pipeline_builder& later) noexcept;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

// The report as text (aligned tables under headings, a one-line summary first) or
// Markdown; JSON is not rendered here and gives text. When some amounts have no rate,
// the summary names them, a note follows it, and each table with such a row gains a
// "not converted" column; otherwise nothing of that is printed.
[[nodiscard]] std::string render(const pipeline_report& r, output_format format) noexcept;

// "41 days without activity; stale at 30": a finding's numbers in words.
[[nodiscard]] std::string describe(const hygiene_finding& f) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_PIPELINE_REPORT_HPP
