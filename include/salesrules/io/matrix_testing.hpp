// SPDX-License-Identifier: BSL-1.0
// salesrules/io/matrix_testing.hpp - test a custom approval matrix.
//
// Part of salesrules::io (compiled; link salesrules::io). A RevOps team that writes
// its own discount_policy states what it expects in a table - this request needs
// that level and those reviewers - and checks the table against the policy:
//
//   const sr::io::matrix_case cases[] = {
//       {.name = "10% is the rep's", .request = at(10), .expect_level = "Account Executive"},
//       {.name = "net 60 adds Finance", .request = net60, .expect_level = "Manager",
//        .expect_reviewers = {"finance"}},
//   };
//   const auto report = sr::io::check_matrix(cases, policy);
//   CHECK_MESSAGE(report.ok(), sr::io::diff(report));   // doctest prints the diff on failure
//
// The same cases can live in a CSV file (golden cases, read_matrix_cases below), and
// the effective matrix - discount bands against deal-amount tiers - prints as a table
// a person reads at a glance.
#ifndef SALESRULES_IO_MATRIX_TESTING_HPP
#define SALESRULES_IO_MATRIX_TESTING_HPP

#include <salesrules/approval_analysis.hpp>
#include <salesrules/discount.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/matrix_analysis.hpp>

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// One expected decision.
struct matrix_case {
  std::string name;
  discount_request request;
  std::string expect_level;                          // one of the policy's level names (ASCII case aside), or "refused"
  std::vector<std::string> expect_reviewers;                // exactly these extra reviewers, by the policy's names
  std::optional<std::vector<std::string>> expect_missing;  // when set, exactly this evidence missing, by name
  std::uint64_t line = 0;                                   // its line in a golden file; 0 for cases in code
};

// What became of one case.
struct case_outcome {
  std::string name;
  std::uint64_t line = 0;
  bool passed = false;
  std::string expected_level;
  std::string actual_level;  // the policy's name for it; empty when the request could not be decided
  std::vector<std::string> expected_reviewers;  // as the case names them
  std::vector<std::string> actual_reviewers;    // the policy's names, in its order
  std::optional<std::vector<std::string>> expected_missing;  // as the case names them
  std::vector<std::string> actual_missing;                   // the policy's names, in its order
  // Why the case could not be checked: the request cannot be decided (the decision's
  // error), or the expected level, a reviewer or missing evidence is not one of the policy's.
  std::optional<error> problem;
};

struct matrix_report {
  std::vector<case_outcome> outcomes;  // one per case, in the cases' order

  [[nodiscard]] std::size_t failed() const noexcept;
  [[nodiscard]] std::size_t passed() const noexcept { return outcomes.size() - failed(); }
  [[nodiscard]] bool ok() const noexcept { return failed() == 0; }
};

// Decides every case's request with `p` and compares level, reviewers and (where the
// case states it) missing evidence. A case whose request cannot be decided fails with
// the decision's error as its problem; the other cases are still checked.
[[nodiscard]] matrix_report check_matrix(std::span<const matrix_case> cases,
                                         const validated<discount_policy>& p) noexcept;

// The failed cases, each with what was expected against what the policy decided, in
// lines such as
//
//   FAIL '25% on $1.2M' (line 7)
//     level:     expected VP, got Director
//     reviewers: expected finance, legal; got legal
//
// followed by "2 of 9 cases failed". Empty when every case passed. Like summary(),
// explain() and render_effective_matrix(), it is text for a terminal: the cases' and
// the policy's names in it are escaped as io::escape_text() writes them.
[[nodiscard]] std::string diff(const matrix_report& r) noexcept;

// A line per case ("pass" or "FAIL", its name and its line) and a total: the
// pass/fail report of a golden-case run.
[[nodiscard]] std::string summary(const matrix_report& r) noexcept;

// Golden cases from CSV (RFC 4180, as io/csv.hpp reads it), one case a row, columns
// found by name in the header row, in any order:
//
//   case              the case's name (required)
//   expect_level      the level name it must need (required)
//   expect_reviewers  the reviewers it must add, exactly: the policy's names
//                     separated by ';' (finance;legal); empty or "none" for none
//   expect_missing    the evidence that must be missing, exactly: the policy's
//                     names separated by ';'; "none" for none; an empty cell (or
//                     no such column) leaves it unchecked
//   discount          a discount stated directly (22.5 or 22.5%), or instead:
//   list, net         list and net prices, one per quote line, separated by ';'
//                     (80000;20000 and 60000;17500), in `currency`; no item empty
//   currency          the ISO 4217 code of list, net and deal_amount (checked
//                     whenever it is given)
//   deal_amount       the deal amount (empty: the net total of the lines)
//   term_months       12 when empty or absent
//   payment_days      30 when empty or absent
//   nonstandard_terms, phased_rollout
//                     true/false, yes/no or 1/0; false when empty or absent
//   evidence          the evidence the rep brings: the policy's names separated by ';'
//
// Levels, reviewers and evidence are the policy's names (by default
// documented_justification, business_case, ...), ASCII case aside. A golden file is
// a test, so it is read strictly: the first malformed row fails the read with an
// error naming the line, the column and what was wrong; an unknown column fails it
// too.
//
// Given the policy, the header may also name the custom fields it declares
// (discount_policy::fields and line_fields, matched as names are): a request field's
// cell is its value, read in its declared type ("EMEA", "250000 USD", "true"); a line
// field's cell holds one value a quote line, separated by ';' as list and net are
// (Software;Services). An empty cell leaves the field unset. A value that does not
// read is an error at its line and column, placed at "/fields/<name>" or
// "/lines/<i>/fields/<name>".
//
// An expect_level of "refused" (when no level has that name) expects the request to be
// refused by an approval rule; a refused decision shows as "refused" in the report.
[[nodiscard]] expected<std::vector<matrix_case>, error> read_matrix_cases(std::istream& in) noexcept;
[[nodiscard]] expected<std::vector<matrix_case>, error> read_matrix_cases(std::string_view text) noexcept;
[[nodiscard]] expected<std::vector<matrix_case>, error> read_matrix_cases(std::istream& in,
                                                                         const discount_policy& p) noexcept;
[[nodiscard]] expected<std::vector<matrix_case>, error> read_matrix_cases(std::string_view text,
                                                                         const discount_policy& p) noexcept;

// The effective matrix of an analysis as aligned text: a row per discount band, a
// column per deal-amount tier, each cell the level needed there (other dimensions at
// their quietest: standard terms, a 12-month term, net 30):
//
//   discount           under 250000.00 USD  250000.00 USD and up
//   0% to 10%          Account Executive    Manager
//   over 10% to 20%    Manager              Director
[[nodiscard]] std::string render_effective_matrix(const matrix_analysis& a,
                                                  const validated<discount_policy>& p) noexcept;

// A segment of a dimension of the approval rules (approval_analysis.hpp) in words:
// "EMEA", "true", "15%", "< 500", ">= 500", "> 15% and <= 30%", "any value", "any
// other value", "not set". Texts are as the rules wrote them, not escaped.
[[nodiscard]] std::string segment_label(const dimension_segment& s) noexcept;

// The approval rules' effective matrix on one dimension as aligned text, headed by
// the field's name: a row per discount row of the analysis (`rows`: its
// discount_rows), a column per segment, each cell the level needed there or "refused"
// (approval_analysis.hpp says how it is decided):
//
//   deal_type          renewal            any other value    not set
//   over 30% to 40%    VP                 VP                 VP
//   over 40% to 100%   refused            VP                 VP
//
// A dimension left without levels (capped, or in two currencies) says so in one line.
// row_label() gives a row's label: "0% to 10%", "over 10% to 20%", "from 15% to 20%",
// "over 10% to under 15%", "15%".
[[nodiscard]] std::string row_label(const discount_row& r);
[[nodiscard]] std::string render_dimension_matrix(const rule_dimension& d, std::span<const discount_row> rows,
                                                  const validated<discount_policy>& p) noexcept;

// The analysis's findings as sentences, one a line, naming the bands and rules
// concerned; "the matrix is sound" when there are none.
[[nodiscard]] std::string explain(const matrix_analysis& a, const validated<discount_policy>& p) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_MATRIX_TESTING_HPP
