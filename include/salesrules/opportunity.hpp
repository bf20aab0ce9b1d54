// SPDX-License-Identifier: BSL-1.0
// salesrules/opportunity.hpp - a deal, as a plain value.
//
// Everything the rules look at: who and what, the amount, the stage and its
// history, dates, the next step, contacts, the scorecard ratings, BANT and
// MEDDPICC, milestones, competitors, the requested discount and the outcome.
// The field names follow the opportunity CSV columns where there is one.
#ifndef SALESRULES_OPPORTUNITY_HPP
#define SALESRULES_OPPORTUNITY_HPP

#include <salesrules/bant.hpp>
#include <salesrules/config.hpp>
#include <salesrules/date.hpp>
#include <salesrules/error.hpp>
#include <salesrules/fields.hpp>
#include <salesrules/forecast_category.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/meddpicc.hpp>
#include <salesrules/milestone.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/rating.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace salesrules {

// Open until won or lost. Disqualified deals are closed without counting as lost:
// the playbook's win rate excludes them.
enum class deal_outcome : std::uint8_t { open, won, lost, disqualified };
BOOST_DESCRIBE_ENUM(deal_outcome, open, won, lost, disqualified)

// The part a person plays in the buying decision (the account plan's relationship map).
enum class contact_role : std::uint8_t {
  unknown,
  champion,
  economic_buyer,
  decision_maker,
  technical_evaluator,
  influencer,
  user,
  blocker,
};
BOOST_DESCRIBE_ENUM(contact_role, unknown, champion, economic_buyer, decision_maker, technical_evaluator,
                    influencer, user, blocker)

enum class influence_level : std::uint8_t { unknown, low, medium, high };
BOOST_DESCRIBE_ENUM(influence_level, unknown, low, medium, high)

struct contact {
  std::string name;
  std::string title;
  contact_role role = contact_role::unknown;
  influence_level influence = influence_level::unknown;

  friend bool operator==(const contact&, const contact&) = default;
};
BOOST_DESCRIBE_STRUCT(contact, (), (name, title, role, influence))

// "Legal review of MSA by 2026-03-15": the action, its due date and who owns it.
struct next_step {
  std::string action;
  std::optional<date> due;
  std::string owner;

  friend bool operator==(const next_step&, const next_step&) = default;
};
BOOST_DESCRIBE_STRUCT(next_step, (), (action, due, owner))

// The deal entered `stage` on `entered`.
struct stage_entry {
  std::string stage;
  date entered{};

  friend bool operator==(const stage_entry&, const stage_entry&) = default;
};
BOOST_DESCRIBE_STRUCT(stage_entry, (), (stage, entered))

// On `changed_on` the close date moved from `from` to `to`.
struct close_date_change {
  date changed_on{};
  date from{};
  date to{};

  friend bool operator==(const close_date_change&, const close_date_change&) = default;
};
BOOST_DESCRIBE_STRUCT(close_date_change, (), (changed_on, from, to))

// A rep's choice of forecast category over the one the rules would give, and why.
struct forecast_override {
  forecast_category category{};
  std::string reason;

  friend bool operator==(const forecast_override&, const forecast_override&) = default;
};
BOOST_DESCRIBE_STRUCT(forecast_override, (), (category, reason))

// A deal, its members in the order of the CSV's columns but for `outcome`, which
// sits with the stage: who and what it is, where it stands, its people, its
// qualification, then its history. Designated initializers follow this order:
//   opportunity{.id = "OPP-7", .account = "Acme", .amount = "240,000 USD"_money,
//               .stage = "Proposal", .close_date = 2026y / December / 18d}
// The fields every pipeline scan reads (amount to closed_date) sit together after
// the three names, in three cache lines of the 1,048-byte value.
struct opportunity {
  std::string id;
  std::string account;
  std::string owner;
  money amount;
  std::string stage;  // a stage name of the policy's sales process
  deal_outcome outcome = deal_outcome::open;
  std::optional<probability> probability_override;  // unset: the stage's probability
  std::optional<salesrules::forecast_override> forecast_override;
  date created_date{};
  date close_date{};  // expected close, or actual once closed
  std::optional<date> last_activity_date;
  std::optional<date> closed_date;
  std::optional<salesrules::next_step> next_step;
  std::uint32_t contact_count = 0;  // engaged contacts; may exceed the people in `contacts`
  std::vector<contact> contacts;    // the relationship map, as far as it is known
  qualification_ratings ratings;
  bant_confirmation bant;
  meddpicc_fields meddpicc;
  milestone_set milestones;
  std::vector<std::string> competitors;
  percent requested_discount;
  std::string segment;  // "SMB", "Mid-Market", "Enterprise", or the host's own
  std::string source;   // where the deal came from, as the CRM names it: "Outbound", "Inbound", "Partner"; "" unrecorded
  // The annual recurring revenue the deal brings once won (its annualised amount, in
  // any currency); zero for a one-off deal; unset when the record does not say.
  std::optional<money> annual_recurring;
  account_profile profile;
  std::string loss_reason;
  std::vector<stage_entry> stage_history;
  std::vector<close_date_change> close_date_history;
  custom_fields fields;  // the company's own, as the sales process declares them (stage.hpp)

  friend bool operator==(const opportunity&, const opportunity&) = default;
};
// Described in the CSV's order of columns, for JSON and CSV mapping.
BOOST_DESCRIBE_STRUCT(opportunity, (),
                      (id, account, owner, amount, stage, probability_override, forecast_override, created_date,
                       close_date, last_activity_date, closed_date, next_step, contact_count, contacts, ratings,
                       bant, meddpicc, milestones, competitors, requested_discount, segment, source,
                       annual_recurring, profile, outcome, loss_reason, stage_history, close_date_history, fields))

namespace detail {
// An error about one deal: it carries the deal's id (to_string shows it), and its place
// is a pointer into the deal.
[[nodiscard]] error about_deal(const opportunity& o, error e) noexcept;

// An error about `o`, one of the deals of the batch `deals`: its id, and its 1-based
// row in the batch.
[[nodiscard]] error about_deal(std::span<const opportunity> deals, const opportunity& o, error e) noexcept;
}  // namespace detail

// Engaged contacts: the larger of the recorded count and the people named.
[[nodiscard]] inline std::size_t contacts_engaged(const opportunity& o) noexcept {
  return std::max<std::size_t>(o.contact_count, o.contacts.size());
}

// The deal is still being worked.
[[nodiscard]] constexpr bool is_open(const opportunity& o) noexcept { return o.outcome == deal_outcome::open; }

}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/opportunity.ipp>
#endif

#endif  // SALESRULES_OPPORTUNITY_HPP
