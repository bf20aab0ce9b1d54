// SPDX-License-Identifier: BSL-1.0
// salesrules/io/explain.hpp - decisions in words, for a CRM to show a rep "why".
//
// Part of salesrules::io (compiled; link salesrules::io). The rules themselves
// return structured reasons; these functions only phrase them. The phrases hold the
// policy's names (stages, predicates) exactly as given, as JSON wants them: escape
// a phrase for its output format (io/escape.hpp) before printing it.
#ifndef SALESRULES_IO_EXPLAIN_HPP
#define SALESRULES_IO_EXPLAIN_HPP

#include <salesrules/gate.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>

#include <string>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// "meeting held", "a qualification score of at least 18", "at least 3 contacts"
[[nodiscard]] std::string describe(const criterion& c) noexcept;

// "Discovery exit: a qualification score of at least 18 (the deal has 16.5)"
[[nodiscard]] std::string explain(const unmet_criterion& u, const validated_policy& policy) noexcept;

// "24.5/30, viable: at or above viable_at 18, below strong_at 25; weakest: champion, competition"
[[nodiscard]] std::string explain(const score_result& r) noexcept;

// "MEDDIC 5/6 (83.33%); missing: champion"
[[nodiscard]] std::string explain(const meddpicc_result& r) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_EXPLAIN_HPP
