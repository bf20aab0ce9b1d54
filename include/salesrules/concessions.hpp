// salesrules/concessions.hpp - the trade ledger: no give without a get.
#ifndef SALESRULES_CONCESSIONS_HPP
#define SALESRULES_CONCESSIONS_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <string>

namespace salesrules {

// The playbook's "never concede without a reciprocal commitment": every give is
// reported when it has no get, unless its value is at most this share of the deal.
struct trade_policy {
  percent report_unmatched_above = percent();  // 0%: every unmatched give is reported
  friend constexpr bool operator==(const trade_policy&, const trade_policy&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(trade_policy, (), (report_unmatched_above))

// The threshold is 0-100%.
[[nodiscard]] expected<validated<trade_policy>, error> validate(trade_policy p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline expected<validated<trade_policy>, error> validate(trade_policy p) noexcept {
  if (p.report_unmatched_above < percent() || p.report_unmatched_above > percent::from_whole(100))
    return detail::fail(errc::out_of_range, "/report_unmatched_above", "outside 0-100%");
  return detail::validated_access::make(p);
}

}  // namespace salesrules

#endif  // SALESRULES_CONCESSIONS_HPP
