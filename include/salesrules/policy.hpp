// salesrules/policy.hpp - the whole policy a host hands the library.
//
// A policy is plain data: each section defaults to the seeds' numbers and can be
// set with designated initializers,
//
//   salesrules::policy p{.scorecard = {.strong_at = 24, .viable_at = 20}};
//
// and validate() turns it into a validated_policy, the only form the decisions
// that need several sections (the stage gates) accept. Each section is also
// available validated on its own, for the functions that need only it.
#ifndef SALESRULES_POLICY_HPP
#define SALESRULES_POLICY_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <utility>

namespace salesrules {

struct policy {
  fiscal_calendar calendar{};
  scorecard_policy scorecard{};
  icp_policy icp{};
  meddpicc_policy meddpicc{};
  sales_process process{};

  friend bool operator==(const policy&, const policy&) = default;
};
BOOST_DESCRIBE_STRUCT(policy, (), (calendar, scorecard, icp, meddpicc, process))

// A policy whose every section has passed validation.
class validated_policy {
 public:
  [[nodiscard]] const validated<fiscal_calendar>& calendar() const noexcept { return calendar_; }
  [[nodiscard]] const validated<scorecard_policy>& scorecard() const noexcept { return scorecard_; }
  [[nodiscard]] const validated<icp_policy>& icp() const noexcept { return icp_; }
  [[nodiscard]] const validated<meddpicc_policy>& meddpicc() const noexcept { return meddpicc_; }
  [[nodiscard]] const validated<sales_process>& process() const noexcept { return process_; }

  // The plain data again, to save or to change and validate anew. This copies the
  // host's predicates, so an exception from copying one of them propagates.
  [[nodiscard]] policy data() const {
    return policy{*calendar_, *scorecard_, *icp_, *meddpicc_, *process_};
  }

  friend bool operator==(const validated_policy&, const validated_policy&) = default;

 private:
  friend expected<validated_policy, error> validate(policy p) noexcept;
  validated_policy(validated<fiscal_calendar> c, validated<scorecard_policy> s, validated<icp_policy> i,
                   validated<meddpicc_policy> m, validated<sales_process> pr)
      : calendar_(std::move(c)), scorecard_(std::move(s)), icp_(std::move(i)), meddpicc_(std::move(m)),
        process_(std::move(pr)) {}

  validated<fiscal_calendar> calendar_;
  validated<scorecard_policy> scorecard_;
  validated<icp_policy> icp_;
  validated<meddpicc_policy> meddpicc_;
  validated<sales_process> process_;
};

// Validate every section; the first error found is returned, its place prefixed
// with the section: "/process/stages/2/probability".
[[nodiscard]] expected<validated_policy, error> validate(policy p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline expected<validated_policy, error> validate(policy p) noexcept {
  auto c = validate(p.calendar);
  if (!c) return unexpected<error>(detail::within("/calendar", std::move(c.error())));
  auto s = validate(p.scorecard);
  if (!s) return unexpected<error>(detail::within("/scorecard", std::move(s.error())));
  auto i = validate(std::move(p.icp));
  if (!i) return unexpected<error>(detail::within("/icp", std::move(i.error())));
  auto m = validate(p.meddpicc);
  if (!m) return unexpected<error>(detail::within("/meddpicc", std::move(m.error())));
  auto pr = validate(std::move(p.process));
  if (!pr) return unexpected<error>(detail::within("/process", std::move(pr.error())));
  return validated_policy(std::move(*c), std::move(*s), std::move(*i), std::move(*m), std::move(*pr));
}

}  // namespace salesrules

#endif  // SALESRULES_POLICY_HPP
