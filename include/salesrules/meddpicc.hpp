// SPDX-License-Identifier: BSL-1.0
// salesrules/meddpicc.hpp - MEDDIC and MEDDPICC completeness.
//
// MEDDIC is Metrics, Economic Buyer, Decision Criteria, Decision Process, Identify
// Pain and Champion; MEDDPICC adds Paper Process and Competition. The playbook
// requires every field for deals past Discovery. The policy chooses the framework;
// MEDDIC by default, as the playbook's stage table ("MEDDIC qualified") and its
// discovery step ("all six MEDDIC fields populated") have it. A field is present
// when it holds more than blanks.
#ifndef SALESRULES_MEDDPICC_HPP
#define SALESRULES_MEDDPICC_HPP

#include <salesrules/config.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace salesrules {

enum class meddpicc_field : std::uint8_t {
  metrics,
  economic_buyer,
  decision_criteria,
  decision_process,
  identify_pain,
  champion,
  paper_process,
  competition,
};
BOOST_DESCRIBE_ENUM(meddpicc_field, metrics, economic_buyer, decision_criteria, decision_process,
                    identify_pain, champion, paper_process, competition)

// What discovery found, as the rep wrote it.
struct meddpicc_fields {
  std::string metrics;            // measurable outcomes the customer wants
  std::string economic_buyer;     // who approves the purchase and controls the budget
  std::string decision_criteria;  // must-haves and nice-to-haves
  std::string decision_process;   // steps, stakeholders and timeline of the evaluation
  std::string identify_pain;      // the cost of inaction
  std::string champion;           // who advocates internally
  std::string paper_process;      // how the contract gets signed
  std::string competition;        // the alternatives under evaluation

  [[nodiscard]] const std::string& of(meddpicc_field f) const noexcept;
  friend bool operator==(const meddpicc_fields&, const meddpicc_fields&) = default;
};
BOOST_DESCRIBE_STRUCT(meddpicc_fields, (),
                      (metrics, economic_buyer, decision_criteria, decision_process, identify_pain, champion,
                       paper_process, competition))

enum class qualification_framework : std::uint8_t { meddic, meddpicc };
BOOST_DESCRIBE_ENUM(qualification_framework, meddic, meddpicc)

struct meddpicc_policy {
  qualification_framework framework = qualification_framework::meddic;

  friend constexpr bool operator==(const meddpicc_policy&, const meddpicc_policy&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(meddpicc_policy, (), (framework))

struct meddpicc_result {
  qualification_framework framework{};
  enum_set<meddpicc_field> present;  // of the framework's fields
  enum_set<meddpicc_field> missing;
  percent complete;                  // present / required, rounded down to a basis point

  [[nodiscard]] constexpr bool is_complete() const noexcept { return missing.empty(); }
  [[nodiscard]] constexpr std::size_t required() const noexcept { return present.size() + missing.size(); }

  friend constexpr bool operator==(const meddpicc_result&, const meddpicc_result&) noexcept = default;
};

// The fields a framework requires: six for MEDDIC, eight for MEDDPICC.
[[nodiscard]] constexpr enum_set<meddpicc_field> required_fields(qualification_framework f) noexcept {
  using enum meddpicc_field;
  enum_set<meddpicc_field> s{metrics, economic_buyer, decision_criteria, decision_process, identify_pain, champion};
  if (f == qualification_framework::meddpicc) {
    s.insert(paper_process);
    s.insert(competition);
  }
  return s;
}

[[nodiscard]] expected<validated<meddpicc_policy>, error> validate(meddpicc_policy p) noexcept;

// Which fields are present and missing, and the percentage complete. Allocates nothing.
[[nodiscard]] meddpicc_result check_meddpicc(const meddpicc_fields& fields,
                                             const validated<meddpicc_policy>& policy) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/meddpicc.ipp>
#endif

#endif  // SALESRULES_MEDDPICC_HPP
