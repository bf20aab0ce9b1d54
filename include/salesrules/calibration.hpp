// SPDX-License-Identifier: BSL-1.0
// salesrules/calibration.hpp - do the stage probabilities match what closed deals did?
//
// The playbook gives each stage a probability (Prospect 10% ... Negotiation 80%). Closed
// history says how often deals that reached a stage were won. A deal reached a stage:
//   - when won: every open stage (and its own won stage);
//   - when lost: the stage it was lost in and every open stage before it. The stage it was
//     lost in is the last open stage in its stage history (by position in the history, so
//     a deal moved back from Proposal to Discovery and lost there was lost in Discovery).
//     A lost deal whose history holds no open stage cannot be placed: it is counted as
//     "stage unknown" and left out of every stage;
//   - disqualified deals are left out, as the playbook's win rate leaves them out.
// The observed win rate of a stage is won / reached. A stage reached by fewer than the
// policy's forecast.calibration_min_deals closed deals (30 by default) is insufficient:
// it shows its counts but no rate.
//
// The suggested table gives every open stage a whole-percent probability that
// validate() accepts, i.e. never falling along the stages. Insufficient stages keep
// their configured probability; the others are fitted to the observed rates by pooling
// adjacent violators, each stage weighted by how many deals reached it, with the
// insufficient stages held fixed; the pooled rates are rounded half to even to whole
// percents. Won stages stay at 100%.
#ifndef SALESRULES_CALIBRATION_HPP
#define SALESRULES_CALIBRATION_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/stage.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

// Whether enough closed deals reached a stage for its observed rate to be reported.
enum class calibration_evidence : std::uint8_t { sufficient, insufficient };
BOOST_DESCRIBE_ENUM(calibration_evidence, sufficient, insufficient)

// One open or won stage: how many closed deals reached it, how many of them were won,
// and the probability configured and suggested for it.
struct stage_calibration {
  std::string stage;
  stage_kind kind{};
  probability configured;
  std::uint64_t reached = 0;  // closed deals (won or lost, stage known) that reached the stage
  std::uint64_t won = 0;      // of those, the won ones
  calibration_evidence evidence{};
  std::optional<percent> observed;  // won / reached in basis points, rounded half to even; only when sufficient
  probability suggested;            // for the suggested stage table

  friend bool operator==(const stage_calibration&, const stage_calibration&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_calibration, (), (stage, kind, configured, reached, won, evidence, observed, suggested))

struct calibration_report {
  std::optional<std::string> segment;  // the segment reported on; none for every segment together
  std::uint64_t won = 0;                 // won deals counted
  std::uint64_t lost = 0;                // lost deals counted (their stage known)
  std::uint64_t lost_stage_unknown = 0;  // lost deals with no open stage in their history: left out
  std::uint64_t disqualified = 0;        // left out
  std::uint32_t min_deals = 0;           // the policy's threshold for a sufficient stage
  std::vector<stage_calibration> stages;  // the open stages, then the won ones, in the process's order

  friend bool operator==(const calibration_report&, const calibration_report&) = default;
};
BOOST_DESCRIBE_STRUCT(calibration_report, (), (segment, won, lost, lost_stage_unknown, disqualified, min_deals, stages))

// Calibration from every closed deal in `deals` (open ones are ignored). Errors, naming the
// deal: a closed deal whose stage, or a stage in whose history, is unknown; an outcome its
// stage contradicts (won in a lost stage, lost in an open one).
[[nodiscard]] expected<calibration_report, error> calibrate(std::span<const opportunity> deals,
                                                            const validated_policy& policy) noexcept;

// The same, from the closed deals of one segment (compared exactly, as the host spells it).
[[nodiscard]] expected<calibration_report, error> calibrate(std::span<const opportunity> deals,
                                                            const validated_policy& policy,
                                                            std::string_view segment) noexcept;

// One report per segment that has closed deals, in order of the segment names.
[[nodiscard]] expected<std::vector<calibration_report>, error> calibrate_segments(
    std::span<const opportunity> deals, const validated_policy& policy) noexcept;

// The process's stages with each open stage at its suggested probability: a stage table to
// put in a policy. An error when the report's stages are not the process's own.
[[nodiscard]] expected<std::vector<stage>, error> suggested_stages(const calibration_report& report,
                                                                   const validated<sales_process>& process) noexcept;

// ---------------------------------------------------------------------------
// Implementation

namespace detail {

// Closed deals of one group, by where they count.
struct calibration_tally {
  std::vector<std::uint64_t> lost_in;  // per stage index: lost deals lost in that (open) stage
  std::vector<std::uint64_t> won_in;   // per stage index: deals won in that (won) stage
  std::uint64_t won = 0, lost = 0, lost_stage_unknown = 0, disqualified = 0;

  explicit calibration_tally(std::size_t stages) : lost_in(stages, 0), won_in(stages, 0) {}
};

// Count a closed deal in `t`; open deals are not counted.
std::optional<error> calibration_count(calibration_tally& t, const opportunity& o,
                                       const validated<sales_process>& proc);

// A block of adjacent open stages sharing one suggested rate: won / reached, or a fixed
// whole percent when the block holds an insufficient stage.
struct calibration_block {
  int128 won;
  int128 reached;
  bool fixed;
  std::size_t last;  // the last stage of the block (rows index)
};
constexpr bool calibration_above(const calibration_block& a, const calibration_block& b) noexcept {
  return a.won * b.reached > b.won * a.reached;
}

calibration_report calibration_report_of(const calibration_tally& t, const sales_process& proc, std::uint32_t min_deals,
                                         std::optional<std::string> segment);

}  // namespace detail

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/calibration.ipp>
#endif

#endif  // SALESRULES_CALIBRATION_HPP
