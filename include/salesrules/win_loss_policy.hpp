// SPDX-License-Identifier: BSL-1.0
// salesrules/win_loss_policy.hpp - targets for win/loss analysis, and the
// thresholds of the playbook's troubleshooting table.
//
// From the playbook: quota attainment 100%+ a quarter; win rate 25%+ overall and
// 35%+ for qualified pipeline; sales cycle under 60 days for mid-market and 90 for
// enterprise, from Discovery to Closed Won; MEDDPICC complete on 100% of deals past
// Discovery; "63% of losses happen before needs assessment" (Discovery); forecast
// accuracy below 70% and coverage below 3x are problems; discounts beyond the
// standard 10% on won deals erode margin. The shares that make single-threading,
// stalling at Discovery and losses to competitors a problem, the fewest deals a
// diagnosis is drawn from and the loss reasons that count as competitive are ours:
// the seeds give none.
#ifndef SALESRULES_WIN_LOSS_POLICY_HPP
#define SALESRULES_WIN_LOSS_POLICY_HPP

#include <salesrules/config.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace salesrules {

struct segment_days {
  std::string segment;
  std::int32_t days = 0;
  friend bool operator==(const segment_days&, const segment_days&) = default;
};
BOOST_DESCRIBE_STRUCT(segment_days, (), (segment, days))

// The success criteria's targets, and the stages win/loss analysis measures from.
struct win_loss_policy {
  percent quota_attainment_target = percent::from_whole(100);  // closed won / quota, at least
  percent win_rate_target = percent::from_whole(25);
  percent qualified_win_rate_target = percent::from_whole(35);
  percent meddpicc_completion_target = percent::from_whole(100);  // of open deals past hygiene's qualified_after
  std::vector<segment_days> cycle_targets{{"Mid-Market", 60}, {"Enterprise", 90}};  // under this many days
  std::string cycle_from_stage = "Discovery";        // cycle length counts from entering this stage
  std::string needs_assessment_stage = "Discovery";  // losses up to this stage are before needs assessment
  friend bool operator==(const win_loss_policy&, const win_loss_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(win_loss_policy, (),
                      (quota_attainment_target, win_rate_target, qualified_win_rate_target,
                       meddpicc_completion_target, cycle_targets, cycle_from_stage, needs_assessment_stage))

// The troubleshooting table's triggers.
struct diagnosis_policy {
  percent min_forecast_accuracy = percent::from_whole(70);  // accuracy = 100% - |forecast - actual| / actual
  percent min_coverage = percent::from_whole(300);           // total pipeline / quota
  percent max_won_discount = percent::from_whole(10);        // average discount on won deals
  percent max_single_threaded_share = percent::from_whole(30);    // of open deals (ours)
  // Of the open deals in Discovery (hygiene's qualified_after), those with no
  // activity for hygiene's stale threshold (ours).
  percent max_discovery_stall_share = percent::from_whole(30);
  // Of lost deals, those naming a competitor or giving a competitive loss reason (ours).
  percent max_competitor_loss_share = percent::from_whole(30);
  std::uint32_t min_deals = 10;  // fewer deals behind a figure: no diagnosis drawn from it (ours)
  // Loss reasons that mean a competitor won, matched ignoring case (ours; the
  // reason the pipeline generator writes).
  std::vector<std::string> competitor_loss_reasons{"Lost to competitor"};
  friend bool operator==(const diagnosis_policy&, const diagnosis_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(diagnosis_policy, (),
                      (min_forecast_accuracy, min_coverage, max_won_discount, max_single_threaded_share,
                       max_discovery_stall_share, max_competitor_loss_share, min_deals, competitor_loss_reasons))

// Win-rate and MEDDPICC targets 0-100%, the attainment target positive; cycle
// targets positive, one per segment, not blank; stage names not blank
// (validate(policy) checks them against the sales process).
[[nodiscard]] expected<validated<win_loss_policy>, error> validate(win_loss_policy p) noexcept;
// Shares and accuracy 0-100%, coverage positive, competitive loss reasons not blank.
[[nodiscard]] expected<validated<diagnosis_policy>, error> validate(diagnosis_policy p) noexcept;

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/win_loss_policy.ipp>
#endif

#endif  // SALESRULES_WIN_LOSS_POLICY_HPP
