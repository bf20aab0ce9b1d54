// SPDX-License-Identifier: BSL-1.0
// salesrules/io/account_plan.hpp - the account plan behind `salesrules account-plan`.
//
// Part of salesrules::io (compiled; link salesrules::io). The playbook's account
// plan template has five sections, and the plan follows them:
//   - overview: the account, its segments and owners, what the CRM knows of it
//     (industry, region, size), open pipeline and its weighted amount, won to date,
//     the current ARR and the whitespace (each with how it was computed, or why it is
//     unknown), and a table of its deals;
//   - relationship map: the people on its deals by role and influence, and the
//     gaps of each open deal (no economic buyer, no champion, single-threaded);
//   - goals: 90 days (close the open deals due within 90 days of today) and 12
//     months (the open pipeline due within 365 days), with their amounts;
//   - action plan: each open deal's next step with its owner and due date; a
//     missing, undated or overdue step is itself the action;
//   - risks: the weekly hygiene findings of each open deal (hygiene.hpp) and every
//     criterion it does not yet meet to move to its next stage (gate.hpp).
// Amounts summed over deals are exact per currency and converted once to the
// reporting currency; a deal's own amounts stay in its currency. A deal whose
// currency has no exchange rate counts in every count, and its amount is kept apart,
// in its currency (salesrules::unconverted), beside each sum it is not in.
#ifndef SALESRULES_IO_ACCOUNT_PLAN_HPP
#define SALESRULES_IO_ACCOUNT_PLAN_HPP

#include <salesrules/date.hpp>
#include <salesrules/deal_data.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/forecast.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/hygiene.hpp>
#include <salesrules/icp.hpp>
#include <salesrules/io/export.hpp>
#include <salesrules/io/table.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/probability.hpp>
#include <salesrules/stage.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// Which account the plan is for, and on which day.
struct account_plan_options {
  date today{};
  std::string account;  // matched ignoring ASCII case
  // What the deals carry (deal_data.hpp; an import's `carried`): hygiene's entry check
  // judges only criteria that read it.
  enum_set<deal_data> known = all_deal_data;
  // What the account could spend with us a year, in the reporting currency (0 or
  // more): the whitespace is this less the current ARR. Unset: the whitespace is unknown.
  std::optional<money> potential;
};
BOOST_DESCRIBE_STRUCT(account_plan_options, (), (today, account, known, potential))

// One row of the overview's deals table.
struct plan_deal {
  std::string id;
  std::string stage;
  deal_outcome outcome{};
  money amount;                    // in the deal's currency
  salesrules::probability probability;  // what it counts at: 100% won, 0% lost or omitted, else override or stage
  money weighted;                  // amount x probability, in the deal's currency
  date close_date{};                 // expected close; the closed date once closed
  std::string owner;

  friend bool operator==(const plan_deal&, const plan_deal&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_deal, (), (id, stage, outcome, amount, probability, weighted, close_date, owner))

// The template's "Current ARR": the annual recurring revenue of the account's won
// deals, each as its record gives it (opportunity::annual_recurring; the CSV's
// `recurring` column). A won deal whose record does not say is not guessed at: it is
// counted in `unrecorded`, and the ARR is then a floor. With no won deal it is 0;
// with won deals none of which says, it is unknown.
struct plan_arr {
  std::optional<money> amount;      // reporting currency (deals with a rate); none when unknown
  std::uint64_t recurring = 0;      // won deals with recurring revenue, in `amount`
  std::uint64_t one_off = 0;        // won deals that record none
  std::uint64_t unrecorded = 0;     // won deals that do not say
  std::vector<unconverted> not_converted;  // recurring amounts without a rate, by currency
  std::string how;                  // how it was computed, or why it is unknown, in words

  friend bool operator==(const plan_arr&, const plan_arr&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_arr, (), (amount, recurring, one_off, unrecorded, not_converted, how))

// The template's "Whitespace": what the account could still spend with us a year, the
// host's potential (account_plan_options::potential) less the current ARR, 0 when the
// ARR reaches it. Unknown without a potential, or when the ARR is not wholly known.
struct plan_whitespace {
  std::optional<money> potential;  // as given
  std::optional<money> amount;     // reporting currency; none when unknown
  std::string how;                 // how it was computed, or why it is unknown, in words

  friend bool operator==(const plan_whitespace&, const plan_whitespace&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_whitespace, (), (potential, amount, how))

struct account_overview {
  std::string account;                // as the first deal spells it
  std::vector<std::string> segments;  // distinct, in the deals table's order
  std::vector<std::string> owners;    // distinct deal owners, likewise
  account_profile profile;            // each field from the first deal in the table that records it
  std::uint64_t open_deals = 0;
  std::uint64_t won_deals = 0;
  std::uint64_t lost_deals = 0;  // lost or disqualified
  money open_pipeline;           // open amounts, reporting currency (deals with a rate)
  money weighted_pipeline;       // open amounts x probability, reporting currency (deals with a rate)
  std::vector<unconverted> open_not_converted;  // the other open deals, by currency
  money won_to_date;             // won amounts, reporting currency (deals with a rate)
  std::vector<unconverted> won_not_converted;   // the other won deals, by currency
  plan_arr current_arr;
  plan_whitespace whitespace;
  // Open deals by close date, then closed deals, most recently closed first (ties by id).
  std::vector<plan_deal> deals;

  friend bool operator==(const account_overview&, const account_overview&) = default;
};
BOOST_DESCRIBE_STRUCT(account_overview, (),
                      (account, segments, owners, profile, open_deals, won_deals, lost_deals, open_pipeline,
                       weighted_pipeline, open_not_converted, won_to_date, won_not_converted, current_arr,
                       whitespace, deals))

// A person on the account's deals. The same name (ignoring case) on several deals
// is one person: the first role and title recorded, the highest influence.
struct plan_contact {
  std::string name;
  std::string title;
  contact_role role = contact_role::unknown;
  influence_level influence = influence_level::unknown;
  std::vector<std::string> deals;  // ids of the deals naming the person

  friend bool operator==(const plan_contact&, const plan_contact&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_contact, (), (name, title, role, influence, deals))

// What an open deal's relationships lack. A deal has an economic buyer (or a
// champion) when a contact plays that role or its MEDDPICC field names one; it is
// single-threaded with fewer engaged contacts than hygiene().min_contacts.
enum class relationship_gap_kind : std::uint8_t { no_economic_buyer, no_champion, single_threaded };
BOOST_DESCRIBE_ENUM(relationship_gap_kind, no_economic_buyer, no_champion, single_threaded)

struct relationship_gap {
  std::string deal;
  relationship_gap_kind kind{};
  std::uint32_t contacts = 0;  // single_threaded: engaged contacts
  std::uint32_t required = 0;  // single_threaded: hygiene().min_contacts

  friend bool operator==(const relationship_gap&, const relationship_gap&) = default;
};
BOOST_DESCRIBE_STRUCT(relationship_gap, (), (deal, kind, contacts, required))

struct relationship_map {
  // Champions first, then economic buyers and the other roles in contact_role's
  // order, unknown roles last; higher influence first within a role, then by name.
  std::vector<plan_contact> contacts;
  std::vector<relationship_gap> gaps;  // by deal, in the deals table's order

  friend bool operator==(const relationship_map&, const relationship_map&) = default;
};
BOOST_DESCRIBE_STRUCT(relationship_map, (), (contacts, gaps))

// Close the open deals whose close date is on or before `by` (deals already past
// their close date included: they are still to be closed).
struct plan_goal {
  std::int32_t horizon_days = 0;  // 90 or 365
  date by{};                        // today + horizon_days
  std::uint64_t deals = 0;  // all of them, converted or not
  money amount;    // reporting currency (deals with a rate)
  money weighted;  // reporting currency (deals with a rate)
  std::vector<std::string> deal_ids;
  std::vector<unconverted> not_converted;  // the deals without a rate, by currency

  friend bool operator==(const plan_goal&, const plan_goal&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_goal, (), (horizon_days, by, deals, amount, weighted, deal_ids, not_converted))

struct account_goals {
  plan_goal ninety_day;
  plan_goal twelve_month;

  friend bool operator==(const account_goals&, const account_goals&) = default;
};
BOOST_DESCRIBE_STRUCT(account_goals, (), (ninety_day, twelve_month))

// The state of an open deal's next step, and so what the action is.
enum class action_status : std::uint8_t {
  planned,  // a dated step, not overdue: do it
  overdue,  // its date has passed: complete it or agree a new date
  undated,  // no due date: give it one
  missing,  // no next step: agree one, with a date and an owner (due today)
};
BOOST_DESCRIBE_ENUM(action_status, planned, overdue, undated, missing)

struct plan_action {
  std::string deal;
  action_status status{};
  std::string action;        // what to do, in words
  std::string step;          // the deal's next step as recorded; empty when missing
  std::string owner;         // the step's owner, else the deal's
  std::optional<date> due;   // the step's due date; today for a missing step
  std::int32_t days_overdue = 0;

  friend bool operator==(const plan_action&, const plan_action&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_action, (), (deal, status, action, step, owner, due, days_overdue))

enum class risk_source : std::uint8_t { hygiene, gate };
BOOST_DESCRIBE_ENUM(risk_source, hygiene, gate)

// One risk to an open deal: a hygiene finding, or a criterion of its next stage it
// does not meet (severity warning: it holds the deal where it is).
struct plan_risk {
  std::string deal;
  risk_source source{};
  hygiene_severity severity{};
  std::optional<hygiene_rule> rule;          // hygiene risks
  std::optional<criterion_kind> criterion;   // gate risks
  std::string next_stage;                    // gate risks: the stage the deal is to move to
  std::string risk;                          // what is wrong, in words
  std::string mitigation;                    // what to do about it

  friend bool operator==(const plan_risk&, const plan_risk&) = default;
};
BOOST_DESCRIBE_STRUCT(plan_risk, (), (deal, source, severity, rule, criterion, next_stage, risk, mitigation))

// The playbook's account plan for one account.
struct account_plan {
  date today{};
  account_overview overview;
  relationship_map relationships;
  account_goals goals;
  std::vector<plan_action> actions;  // by due date (undated last), then deal
  std::vector<plan_risk> risks;      // most severe first, then in the deals table's order

  friend bool operator==(const account_plan&, const account_plan&) = default;
};
BOOST_DESCRIBE_STRUCT(account_plan, (), (today, overview, relationships, goals, actions, risks))

// Keeps the deals of one account from a stream and builds its plan. The policy
// must outlive the builder.
class account_plan_builder {
 public:
  account_plan_builder(const validated_policy& policy, account_plan_options options) noexcept;

  // Keep a copy of the deal when it is with the account (the caller may reuse the
  // deal); remember the names of other accounts for the "did you mean" hint (the
  // first max_accounts_remembered distinct ones). An error, naming the deal, when a
  // kept deal's stage is not in the policy or contradicts its outcome.
  [[nodiscard]] expected<void, error> add(const opportunity& deal) noexcept;

  // The plan. No deal with the account is errc::unknown_name on "account", naming
  // the nearest account seen when one is a likely typo. A potential that is negative
  // or not in the reporting currency is an error on "potential". Other errors name the deal:
  // an amount without a currency, a host predicate that threw, overflow. A currency
  // without an exchange rate is no error: its amounts are kept apart.
  [[nodiscard]] expected<account_plan, error> finish() const noexcept;

  static constexpr std::size_t max_accounts_remembered = 10'000;

  // Takes in the deals `later` took (a builder over the same policy and options, fed
  // the part of an export after this one's), as if they had come after this builder's
  // own; `later` is left empty.
  void merge(account_plan_builder& later) noexcept;

 private:
  const validated_policy* policy_;
  account_plan_options options_;
  std::vector<opportunity> deals_;
  std::vector<std::string> accounts_;            // other accounts, first spelling
  std::unordered_set<std::string> account_keys_;  // the same, lower-cased
};

// The plan as Markdown (the template's headings and tables) or text (the same
// structure with underlined headings and aligned tables), opening with a one-line
// summary. JSON is not rendered here: asking for it gives text.
[[nodiscard]] std::string render(const account_plan& p, output_format f) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_ACCOUNT_PLAN_HPP
