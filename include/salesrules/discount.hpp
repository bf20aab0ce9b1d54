// SPDX-License-Identifier: BSL-1.0
// salesrules/discount.hpp - who must approve a discount, and with what evidence.
//
// The playbook's discount guidelines are the default approval matrix:
//
//   discount      approver            evidence
//   0-10%         Account Executive   none
//   over 10-20%   Manager             documented justification
//   over 20-30%   Director            strategic justification, a reciprocal commitment
//   over 30%      VP                  an executive sponsor, a documented business case
//
// Bands are half-open, (from, to], so 10% exactly is the AE's and 10.01% the
// Manager's; the first band also holds its lower edge (0%). Hosts add dimensions as
// data (escalation rules on deal amount, term, payment terms, non-standard terms,
// multi-year and phased-rollout structures). A decision is made in this order:
//
//   1. the discount (from list and net prices, exactly) picks its band: the band's
//      level and evidence;
//   2. escalation rules, in list order; within one dimension only the first rule
//      whose condition holds applies (a tier table lists its highest threshold
//      first); each applied rule raises the level by its steps (capped at the top
//      level), then lifts it to its floor level if below, and adds its reviewers and
//      evidence.
//
// Defaults beyond the discount bands: non-standard contract terms go to Legal (the
// role card: "non-standard terms and risk go to legal-counsel"); payment terms
// beyond net 30 go to Finance (Finance owns payment terms in the playbook's
// integration table; the 30 days are ours).
#ifndef SALESRULES_DISCOUNT_HPP
#define SALESRULES_DISCOUNT_HPP

#include <salesrules/detail/int128.hpp>
#include <salesrules/detail/text.hpp>
#include <salesrules/enum_set.hpp>
#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/money.hpp>
#include <salesrules/names.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

namespace salesrules {

// What an approver may ask to see.
enum class evidence : std::uint8_t {
  documented_justification,
  strategic_justification,
  reciprocal_commitment,  // the "quid pro quo": something the customer gives back
  executive_sponsor,
  business_case,
  roi_analysis,
};
BOOST_DESCRIBE_ENUM(evidence, documented_justification, strategic_justification, reciprocal_commitment,
                    executive_sponsor, business_case, roi_analysis)

// Reviews beside the approval chain.
enum class reviewer : std::uint8_t { finance, legal };
BOOST_DESCRIBE_ENUM(reviewer, finance, legal)

// Which figure of a multi-line quote the bands judge: the amount-weighted discount
// (sum of (list - net) / sum of list) or the largest discount on any line.
enum class discount_basis : std::uint8_t { weighted, largest_line };
BOOST_DESCRIBE_ENUM(discount_basis, weighted, largest_line)

// What an escalation rule looks at.
enum class deal_dimension : std::uint8_t {
  deal_amount,        // the deal amount, at least `amount_at_least`
  term_months,        // the term, at least `at_least` months
  payment_days,       // payment terms, at least `at_least` days
  nonstandard_terms,  // any deviation from the standard contract
  multi_year,         // a term longer than 12 months
  phased_rollout,     // a rollout in phases
};
BOOST_DESCRIBE_ENUM(deal_dimension, deal_amount, term_months, payment_days, nonstandard_terms, multi_year,
                    phased_rollout)

// Discounts in (from, to] (the first band also holds `from`) need `level` and `evidence`.
struct discount_band {
  percent from;
  percent to;
  std::string level;
  enum_set<salesrules::evidence> evidence;
  friend bool operator==(const discount_band&, const discount_band&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_band, (), (from, to, level, evidence))

struct escalation_rule {
  std::string name;  // shown in traces and analyses
  deal_dimension when{};
  std::int64_t at_least = 0;            // months or days
  std::optional<money> amount_at_least;  // for deal_amount
  int raise_levels = 0;                  // steps up the chain, capped at the top
  std::string at_least_level;            // a floor level; empty for none
  enum_set<reviewer> reviewers;
  enum_set<salesrules::evidence> evidence;
  friend bool operator==(const escalation_rule&, const escalation_rule&) = default;
};
BOOST_DESCRIBE_STRUCT(escalation_rule, (),
                      (name, when, at_least, amount_at_least, raise_levels, at_least_level, reviewers, evidence))

[[nodiscard]] std::vector<discount_band> default_discount_bands() noexcept;
[[nodiscard]] std::vector<escalation_rule> default_escalation_rules() noexcept;

struct discount_policy {
  std::vector<std::string> levels{"Account Executive", "Manager", "Director", "VP"};  // lowest first
  std::vector<discount_band> bands = default_discount_bands();
  std::vector<escalation_rule> rules = default_escalation_rules();
  discount_basis basis = discount_basis::weighted;
  friend bool operator==(const discount_policy&, const discount_policy&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_policy, (), (levels, bands, rules, basis))

namespace detail {
// The policy prepared for decisions: levels as indices, band edges as basis points.
struct compiled_band {
  std::int64_t to_bp;
  std::uint8_t level;
  enum_set<salesrules::evidence> evidence;
};
struct compiled_rule {
  deal_dimension when;
  std::int64_t at_least;  // months, days, or minor units of `cur`
  currency cur;
  std::uint8_t raise;
  std::uint8_t floor;  // level index; 0 is no floor
  enum_set<reviewer> reviewers;
  enum_set<salesrules::evidence> evidence;
};
constexpr std::size_t deal_dimensions = 6;
// Up to this many rules a decision scans them; a longer list is indexed.
constexpr std::size_t scanned_rules = 16;

struct compiled_discount {
  std::vector<compiled_band> bands;
  std::vector<compiled_rule> rules;
  std::uint8_t top = 0;  // the highest level's index
  // For a list of more than scanned_rules rules, per dimension, the rules that can be
  // the first of their dimension to hold: a yes/no dimension's first rule; a numeric
  // one's rules with a threshold below every earlier one's, so their thresholds fall
  // and the first to hold at a value is found by binary search.
  std::array<std::vector<std::uint32_t>, deal_dimensions> first_candidates;
  bool indexed = false;
};

// The level after `rule` applies to a deal at `level`: raised by its steps, capped
// at the top, then lifted to its floor. The one place this is computed.
constexpr std::uint8_t apply_rule(std::uint8_t level, const compiled_rule& rule, std::uint8_t top) noexcept {
  const auto raised = static_cast<std::uint8_t>(std::min<int>(level + rule.raise, top));
  return std::max(raised, rule.floor);
}
}  // namespace detail

// A validated discount policy also keeps the form decisions read.
template <>
class validated<discount_policy> {
 public:
  [[nodiscard]] const discount_policy& get() const noexcept { return value_; }
  [[nodiscard]] const discount_policy& operator*() const noexcept { return value_; }
  [[nodiscard]] const discount_policy* operator->() const noexcept { return &value_; }
  friend bool operator==(const validated& a, const validated& b) { return a.value_ == b.value_; }

 private:
  // The compiled form is the library's own (detail::validated_access::compiled).
  validated(discount_policy p, detail::compiled_discount c) : value_(std::move(p)), compiled_(std::move(c)) {}
  friend struct detail::validated_access;
  discount_policy value_;
  detail::compiled_discount compiled_;
};

// Rejects, naming the band or rule: no levels, blank or repeated level names; no
// bands; a first band not starting at 0% or a last not ending at 100%; a gap or an
// overlap between neighbours; a band that is empty or inverted; percentages outside
// 0-100%; a level name the list does not have; a band that maps a larger discount to
// a lower level than the band before; a deal-amount rule without an amount or in
// another currency than the other amount rules, a negative threshold, a raise below
// 0 or beyond the chain, an unknown floor level.
[[nodiscard]] expected<validated<discount_policy>, error> validate(discount_policy p) noexcept;

// One line of a quote: its list and net price, in one currency.
struct quote_line {
  money list;
  money net;
  friend bool operator==(const quote_line&, const quote_line&) = default;
};
BOOST_DESCRIBE_STRUCT(quote_line, (), (list, net))

// What the rep asks for.
struct discount_request {
  std::vector<quote_line> lines;     // list and net per line; or, with no lines, `discount`
  std::optional<percent> discount;   // a discount stated directly
  std::optional<money> deal_amount;  // for amount rules; when unset, the lines' net total
  std::int32_t term_months = 12;
  std::int32_t payment_days = 30;
  bool nonstandard_terms = false;
  bool phased_rollout = false;
  enum_set<salesrules::evidence> evidence;  // what the rep brings
  friend bool operator==(const discount_request&, const discount_request&) = default;
};
BOOST_DESCRIBE_STRUCT(discount_request, (),
                      (lines, discount, deal_amount, term_months, payment_days, nonstandard_terms, phased_rollout,
                       evidence))

// A discount as an exact fraction off / of (of > 0), and rounded for show. 128 bits,
// since `of` sums a quote's list prices (each up to 2^63 minor units).
struct exact_discount {
  int128 off = 0;
  int128 of = 1;
  // Rounded up to a basis point: never shown smaller than it is.
  [[nodiscard]] percent shown() const noexcept;
  friend constexpr bool operator==(const exact_discount&, const exact_discount&) noexcept = default;
};

// An approval level by its place in discount_policy::levels (level_index{0} is the
// first, the rep's own), and a discount band by its place in discount_policy::bands.
// A decision holds these rather than names so that deciding allocates nothing;
// level_name() gives the name. They compare (a higher level is a more senior one)
// but are neither integers nor each other: static_cast<std::size_t>(i) is the
// position. validate() allows at most 64 levels and 255 bands.
enum class level_index : std::uint8_t {};
enum class band_index : std::uint8_t {};

struct discount_decision {
  exact_discount discount;      // the figure the bands judged (the policy's basis)
  exact_discount weighted;      // the amount-weighted discount
  exact_discount largest_line;  // the largest discount on a line
  band_index band{};            // the band that matched
  level_index level{};          // the approval level required
  enum_set<reviewer> reviewers;
  enum_set<salesrules::evidence> required;
  enum_set<salesrules::evidence> missing;  // required and not supplied
  bool rep_may_approve = false;            // the first level, no reviewers, nothing missing
  friend constexpr bool operator==(const discount_decision&, const discount_decision&) noexcept = default;
};

// Decide a request. Allocates nothing. Errors, naming the field: no lines and no
// discount, or both; a line whose list price is not positive, whose net price is
// negative or above its list price, with no currency or in another currency than the
// first line; a discount outside 0-100%; a term or payment terms below 0; a deal
// amount below 0, with no currency, or in another currency than an amount rule's; no
// deal amount (neither stated nor totalled from lines) when an amount rule looks at it.
[[nodiscard]] expected<discount_decision, error> decide_discount(const discount_request& r,
                                                                 const validated<discount_policy>& p) noexcept;

// One step of a decision, with the numbers it saw.
enum class decision_step_kind : std::uint8_t { band, rule };
BOOST_DESCRIBE_ENUM(decision_step_kind, band, rule)

struct decision_step {
  decision_step_kind kind{};
  std::size_t index = 0;   // the band's or rule's place in the policy
  std::int64_t seen = 0;   // the discount (basis points, rounded up), months, days or minor units
  std::int64_t threshold = 0;  // the band's upper edge or the rule's threshold
  level_index level_before{};
  level_index level_after{};
  enum_set<reviewer> reviewers_added;
  enum_set<salesrules::evidence> evidence_added;
  friend constexpr bool operator==(const decision_step&, const decision_step&) noexcept = default;
};

struct traced_decision {
  discount_decision decision;
  std::vector<decision_step> trace;  // the band, then every rule that applied, in order
};

// decide_discount, with the trace of every rule that fired (this allocates).
[[nodiscard]] expected<traced_decision, error> decide_discount_traced(const discount_request& r,
                                                                      const validated<discount_policy>& p) noexcept;

// The name of a level of `p` ("" for an index past its levels, which no decision of
// `p` holds).
[[nodiscard]] inline std::string_view level_name(level_index level, const validated<discount_policy>& p) noexcept {
  const auto at = static_cast<std::size_t>(level);
  return at < p->levels.size() ? std::string_view(p->levels[at]) : std::string_view();
}

// The approvers from the rep's level up to the required one, lowest first.
[[nodiscard]] inline std::span<const std::string> approval_chain(const discount_decision& d,
                                                                 const validated<discount_policy>& p) noexcept {
  return std::span<const std::string>(p->levels).first(
      std::min<std::size_t>(static_cast<std::size_t>(d.level) + 1u, p->levels.size()));
}

// Whether a changed request needs approving again: only when a rule's outcome is
// now stricter than in the decision approved before.
enum class stricter : std::uint8_t { level, reviewers, evidence };
BOOST_DESCRIBE_ENUM(stricter, level, reviewers, evidence)

struct reapproval {
  bool needed = false;
  enum_set<stricter> why;
  level_index level_before{};
  level_index level_after{};
  enum_set<reviewer> new_reviewers;
  enum_set<salesrules::evidence> new_evidence;  // now required, not required before
  discount_decision decision;                   // the changed request's own decision
  friend constexpr bool operator==(const reapproval&, const reapproval&) noexcept = default;
};

[[nodiscard]] expected<reapproval, error> check_reapproval(const discount_decision& approved,
                                                           const discount_request& changed,
                                                           const validated<discount_policy>& p) noexcept;

// ---------------------------------------------------------------------------
// Implementation

inline std::vector<discount_band> default_discount_bands() noexcept {
  using e = evidence;
  return {
      {percent::from_whole(0), percent::from_whole(10), "Account Executive", {}},
      {percent::from_whole(10), percent::from_whole(20), "Manager", {e::documented_justification}},
      {percent::from_whole(20), percent::from_whole(30), "Director", {e::strategic_justification, e::reciprocal_commitment}},
      {percent::from_whole(30), percent::from_whole(100), "VP", {e::executive_sponsor, e::business_case}},
  };
}

inline std::vector<escalation_rule> default_escalation_rules() noexcept {
  return {
      {"non-standard terms to Legal", deal_dimension::nonstandard_terms, 0, std::nullopt, 0, "", {reviewer::legal}, {}},
      {"payment beyond net 30 to Finance", deal_dimension::payment_days, 31, std::nullopt, 0, "", {reviewer::finance}, {}},
  };
}

namespace detail {
// off / of as a percentage rounded up to a basis point.
inline percent shown_discount(int128 off, int128 of) noexcept {
  // Most quotes fit 64 bits, where division is far cheaper than in 128.
  // off * 10000 + of - 1 must fit: of > 0 and off <= (INT64_MAX - of + 1) / 10000.
  if (off >= 0 && of > 0 && of <= INT64_MAX && off <= (INT64_MAX - of + 1) / 10000) {
    const auto o = static_cast<std::int64_t>(of);
    return percent::from_basis_points((static_cast<std::int64_t>(off) * 10000 + o - 1) / o);
  }
  const int128 bp = ceil_div(off * 10000, of);
  return percent::from_basis_points(bp > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(bp));
}
}  // namespace detail

inline percent exact_discount::shown() const noexcept { return detail::shown_discount(off, of); }

namespace detail {
inline std::optional<std::uint8_t> find_level(const discount_policy& p, const std::string& name) noexcept {
  for (std::size_t i = 0; i < p.levels.size(); ++i)
    if (same_name(p.levels[i], name)) return static_cast<std::uint8_t>(i);
  return std::nullopt;
}
}  // namespace detail

inline expected<validated<discount_policy>, error> validate(discount_policy p) noexcept {
  using detail::fail;
  if (p.levels.empty()) return fail(errc::invalid_policy, "/levels", "there are no approval levels");
  if (p.levels.size() > 64) return fail(errc::out_of_range, "/levels", "more than 64 approval levels");
  for (std::size_t i = 0; i < p.levels.size(); ++i) {
    const auto at = "/levels/" + std::to_string(i);
    if (detail::is_blank(p.levels[i])) return fail(errc::invalid_policy, at, "the level's name is blank");
    for (std::size_t j = 0; j < i; ++j)
      if (same_name(p.levels[j], p.levels[i]))
        return fail(errc::duplicate, at, "level " + detail::quoted(p.levels[i]) + " is listed twice");
  }
  if (p.bands.empty()) return fail(errc::invalid_policy, "/bands", "there are no discount bands");
  if (p.bands.size() > 255) return fail(errc::out_of_range, "/bands", "more than 255 bands");
  detail::compiled_discount c;
  c.top = static_cast<std::uint8_t>(p.levels.size() - 1);
  const percent zero, hundred = percent::from_whole(100);
  for (std::size_t i = 0; i < p.bands.size(); ++i) {
    const auto& b = p.bands[i];
    const auto at = "/bands/" + std::to_string(i);
    const auto span = "band " + std::to_string(i) + " (" + to_string(b.from) + " to " + to_string(b.to) + ")";
    if (b.from < zero || b.from > hundred) return fail(errc::out_of_range, at + "/from", span + " starts outside 0-100%");
    if (b.to < zero || b.to > hundred) return fail(errc::out_of_range, at + "/to", span + " ends outside 0-100%");
    if (!(b.from < b.to)) return fail(errc::invalid_policy, at + "/to", span + " is empty or inverted");
    if (i == 0 && b.from != zero)
      return fail(errc::invalid_policy, at + "/from", span + " leaves discounts below " + to_string(b.from) + " uncovered");
    if (i > 0) {
      const auto& prev = p.bands[i - 1];
      if (b.from > prev.to)
        return fail(errc::invalid_policy, at + "/from",
                    "gap: no band covers " + to_string(prev.to) + " to " + to_string(b.from) + ", between band " +
                        std::to_string(i - 1) + " and " + span);
      if (b.from < prev.to)
        return fail(errc::invalid_policy, at + "/from",
                    "overlap: " + span + " starts inside band " + std::to_string(i - 1) + ", which ends at " +
                        to_string(prev.to));
    }
    const auto level = detail::find_level(p, b.level);
    if (!level) return fail(errc::unknown_name, at + "/level", span + " names unknown level " + detail::quoted(b.level));
    if (i > 0 && *level < c.bands.back().level)
      return fail(errc::invalid_policy, at + "/level",
                  span + " needs " + detail::quoted(b.level) + ", a lower level than the smaller discounts of band " +
                      std::to_string(i - 1) + " (" + detail::quoted(p.bands[i - 1].level) + ")");
    c.bands.push_back({b.to.basis_points(), *level, b.evidence});
  }
  if (p.bands.back().to != hundred)
    return fail(errc::invalid_policy, "/bands/" + std::to_string(p.bands.size() - 1) + "/to",
                "discounts above " + to_string(p.bands.back().to) + " are covered by no band");
  currency amount_currency;  // of the first deal-amount rule
  for (std::size_t i = 0; i < p.rules.size(); ++i) {
    const auto& r = p.rules[i];
    const auto at = "/rules/" + std::to_string(i);
    if (name_of(r.when).empty()) return fail(errc::out_of_range, at + "/when", "not a deal dimension");
    detail::compiled_rule cr{r.when, r.at_least, currency{}, 0, 0, r.reviewers, r.evidence};
    if (r.when == deal_dimension::deal_amount) {
      if (!r.amount_at_least || !r.amount_at_least->currency().is_set())
        return fail(errc::invalid_policy, at + "/amount_at_least", "a deal-amount rule needs an amount with a currency");
      if (r.amount_at_least->is_negative())
        return fail(errc::out_of_range, at + "/amount_at_least", "the amount is negative");
      cr.at_least = r.amount_at_least->minor_units();
      cr.cur = r.amount_at_least->currency();
      // Earlier amount rules all share the first one's currency (else this loop had stopped).
      if (!amount_currency.is_set()) amount_currency = cr.cur;
      if (amount_currency != cr.cur)
        return fail(errc::currency_mismatch, at + "/amount_at_least",
                    "deal-amount rules must share one currency; this one is in " + std::string(cr.cur.code()) +
                        ", an earlier one in " + std::string(amount_currency.code()));
    } else if (r.at_least < 0) {
      return fail(errc::out_of_range, at + "/at_least", "the threshold is negative");
    }
    if (r.raise_levels < 0 || r.raise_levels > c.top)
      return fail(errc::out_of_range, at + "/raise_levels",
                  "raise_levels " + std::to_string(r.raise_levels) + " is outside 0-" + std::to_string(c.top));
    cr.raise = static_cast<std::uint8_t>(r.raise_levels);
    if (!detail::is_blank(r.at_least_level)) {
      const auto floor = detail::find_level(p, r.at_least_level);
      if (!floor) return fail(errc::unknown_name, at + "/at_least_level", "unknown level " + detail::quoted(r.at_least_level));
      cr.floor = *floor;
    }
    c.rules.push_back(cr);
  }
  if (name_of(p.basis).empty()) return fail(errc::out_of_range, "/basis", "neither weighted nor largest_line");
  if (c.rules.size() > detail::scanned_rules) {
    c.indexed = true;
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      auto& candidates = c.first_candidates[static_cast<std::size_t>(c.rules[i].when)];
      const bool numeric = c.rules[i].when == deal_dimension::deal_amount ||
                           c.rules[i].when == deal_dimension::term_months ||
                           c.rules[i].when == deal_dimension::payment_days;
      if (candidates.empty() || (numeric && c.rules[i].at_least < c.rules[candidates.back()].at_least))
        candidates.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return detail::validated_access::make(std::move(p), std::move(c));
}

namespace detail {

// Why line i of a request cannot be judged (the cold path of decide_into).
[[gnu::cold]] inline error line_error(const discount_request& r, std::size_t i) {
  const auto& l = r.lines[i];
  const currency cur = r.lines.front().list.currency();
  const auto at = "/lines/" + std::to_string(i);
  if (!l.list.currency().is_set()) return error{errc::unknown_currency, at + "/list", "the list price has no currency"};
  if (!l.net.currency().is_set()) return error{errc::unknown_currency, at + "/net", "the net price has no currency"};
  if (l.list.currency() != cur || l.net.currency() != cur)
    return error{errc::currency_mismatch, at, "the line is not in " + std::string(cur.code()) + " like the first"};
  if (l.list.minor_units() <= 0) return error{errc::out_of_range, at + "/list", "the list price is not positive"};
  if (l.net.is_negative()) return error{errc::out_of_range, at + "/net", "the net price is negative"};
  return error{errc::out_of_range, at + "/net",
               "the net price " + to_string(l.net) + " is above the list price " + to_string(l.list)};
}

// No trace is kept for decide_discount; decide_discount_traced keeps every step.
struct no_trace {
  void add(const decision_step&) noexcept {}
};
struct vector_trace {
  std::vector<decision_step>& steps;
  void add(const decision_step& s) { steps.push_back(s); }
};

// Why the request's other fields cannot be judged (the cold path of decide_into).
[[gnu::cold]] inline error request_error(const discount_request& r) {
  if (r.term_months < 0)
    return error{errc::out_of_range, "/term_months", "the term of " + std::to_string(r.term_months) + " months is below 0"};
  if (r.payment_days < 0)
    return error{errc::out_of_range, "/payment_days",
                 "payment terms of " + std::to_string(r.payment_days) + " days are below 0"};
  // Otherwise the amount is set (decide_into calls this only for a bad request).
  const money amount = r.deal_amount.value_or(money{});
  if (!amount.currency().is_set())
    return error{errc::unknown_currency, "/deal_amount", "the deal amount has no currency"};
  return error{errc::out_of_range, "/deal_amount", "the deal amount " + to_string(amount) + " is below 0"};
}

// The quote's totals in 128 bits, for the rare quote whose totals pass 64 bits.
[[gnu::cold]] inline void wide_totals(const discount_request& r, int128& list, int128& off, int128& net) noexcept {
  list = off = net = 0;
  for (const auto& l : r.lines) {
    list += l.list.minor_units();
    off += l.list.minor_units() - l.net.minor_units();
    net += l.net.minor_units();
  }
}

// The first band whose upper edge the discount off / of does not exceed.
template <class Int>
std::size_t band_of(const compiled_discount& c, Int off, Int of) noexcept {
  std::size_t band = 0;
  // off / of > to_bp / 10000, cross-multiplied; from 64-bit operands each product
  // is one widening multiplication.
  while (band + 1 < c.bands.size() &&
         static_cast<int128>(off) * 10000 > static_cast<int128>(c.bands[band].to_bp) * of)
    ++band;
  return band;
}

// Whether rule i, which looks at the deal amount, can judge `amount`.
inline bool amount_judged(const money& amount, const compiled_discount& c, std::size_t i) noexcept {
  return amount.currency().is_set() && amount.currency() == c.rules[i].cur;
}

// Why it cannot (the cold path of decide_into): no amount, or one in another currency.
[[gnu::cold]] inline error amount_error(const money& amount, const validated<discount_policy>& p, std::size_t i) {
  if (!amount.currency().is_set())
    return error{errc::missing, "/deal_amount",
                 "the request states no deal amount and has no quote lines to total, and rule " +
                     detail::quoted(p->rules[i].name) + " looks at the deal amount"};
  return error{errc::currency_mismatch, "/deal_amount",
               "the deal amount " + to_string(amount) + " is not in " +
                   std::string(validated_access::compiled(p).rules[i].cur.code()) + ", the currency of rule " +
                   detail::quoted(p->rules[i].name)};
}

// Rule i applies to `d`, which saw `seen` of the request (as in decide_into's scan).
template <class Trace>
void apply_to(discount_decision& d, const compiled_discount& c, std::size_t i, std::int64_t seen, Trace& trace) {
  const compiled_rule& rule = c.rules[i];
  const level_index before = d.level;
  d.level = level_index{apply_rule(static_cast<std::uint8_t>(d.level), rule, c.top)};
  const auto new_reviewers = rule.reviewers - d.reviewers;
  const auto new_evidence = rule.evidence - d.required;
  d.reviewers |= rule.reviewers;
  d.required |= rule.evidence;
  trace.add(decision_step{decision_step_kind::rule, i, seen, rule.at_least, before, d.level, new_reviewers,
                          new_evidence});
}

// The rules of a long list: the first rule of each dimension that holds, looked up
// among its candidates (compiled_discount::first_candidates), then applied in list
// order, as the scan of decide_into applies them.
template <class Trace>
std::optional<error> indexed_rules(discount_decision& d, const discount_request& r,
                                   const validated<discount_policy>& p, const money& amount, Trace& trace) {
  const compiled_discount& c = validated_access::compiled(p);
  std::array<std::uint32_t, deal_dimensions> fired{};
  std::array<std::int64_t, deal_dimensions> seen_by{};
  std::size_t count = 0;
  for (std::size_t k = 0; k < deal_dimensions; ++k) {
    const auto& candidates = c.first_candidates[k];
    if (candidates.empty()) continue;
    std::int64_t seen = 0;
    bool yes = false;  // for the yes/no dimensions: whether their condition holds
    switch (static_cast<deal_dimension>(k)) {
      case deal_dimension::deal_amount:
        if (!amount_judged(amount, c, candidates.front())) return amount_error(amount, p, candidates.front());
        seen = amount.minor_units();
        break;
      case deal_dimension::term_months: seen = r.term_months; break;
      case deal_dimension::payment_days: seen = r.payment_days; break;
      case deal_dimension::nonstandard_terms: seen = r.nonstandard_terms; yes = r.nonstandard_terms; break;
      case deal_dimension::multi_year: seen = r.term_months; yes = r.term_months > 12; break;
      case deal_dimension::phased_rollout: seen = r.phased_rollout; yes = r.phased_rollout; break;
    }
    const auto when = static_cast<deal_dimension>(k);
    const bool numeric = when == deal_dimension::deal_amount || when == deal_dimension::term_months ||
                         when == deal_dimension::payment_days;
    if (!numeric) {
      if (yes) {
        seen_by[count] = seen;
        fired[count++] = candidates.front();
      }
      continue;
    }
    // Thresholds fall along the candidates: the first at most `seen` is the first rule that holds.
    const auto it = std::partition_point(candidates.begin(), candidates.end(),
                                         [&](std::uint32_t i) { return c.rules[i].at_least > seen; });
    if (it != candidates.end()) {
      seen_by[count] = seen;
      fired[count++] = *it;
    }
  }
  for (std::size_t k = 1; k < count; ++k)  // into list order: an insertion sort of at most six
    for (std::size_t j = k; j > 0 && fired[j - 1] > fired[j]; --j) {
      std::swap(fired[j - 1], fired[j]);
      std::swap(seen_by[j - 1], seen_by[j]);
    }
  for (std::size_t k = 0; k < count; ++k) apply_to(d, c, fired[k], seen_by[k], trace);
  return std::nullopt;
}

// Decide `r` into `d`, which the caller owns (so nothing is copied on the way out);
// an error naming the field when the request cannot be judged.
template <class Trace>
std::optional<error> decide_into(discount_decision& d, const discount_request& r, const validated<discount_policy>& p,
                                 Trace& trace) noexcept {
  const compiled_discount& c = validated_access::compiled(p);
  if (r.term_months < 0 || r.payment_days < 0 ||
      (r.deal_amount && (r.deal_amount->is_negative() || !r.deal_amount->currency().is_set())))
    return request_error(r);
  // Sums in 64 bits, which hold any real quote, so that they stay in registers
  // (128-bit sums spilled and stalled on store forwarding in the profiles); a quote
  // whose sums overflow 64 bits is summed again in 128.
  std::int64_t l_off = 0, l_of = 1;  // the largest line discount: one line's figures
  std::int64_t list64 = 0, off64 = 0, net64 = 0;
  bool wide = false;
  if (r.lines.empty()) {
    if (!r.discount) return error{errc::missing, "/lines", "the request has neither quote lines nor a discount"};
    if (*r.discount < percent() || *r.discount > percent::from_whole(100))
      return error{errc::out_of_range, "/discount", "the discount " + to_string(*r.discount) + " is outside 0-100%"};
    off64 = l_off = r.discount->basis_points();
    list64 = l_of = 10000;
  } else {
    if (r.discount)
      return error{errc::inconsistent, "/discount", "the request has both quote lines and a discount; give one"};
    if (!r.lines.front().list.currency().is_set()) return line_error(r, 0);
    // Currencies compared as 32-bit words read from the lines: a local currency was
    // rebuilt a byte at a time and read back whole, which stalled on store forwarding.
    const auto same = [first = std::bit_cast<std::uint32_t>(r.lines.front().list.currency())](currency of) {
      return std::bit_cast<std::uint32_t>(of) == first;
    };
    for (std::size_t i = 0; i < r.lines.size(); ++i) {
      const auto& l = r.lines[i];
      const std::int64_t list = l.list.minor_units(), net = l.net.minor_units();
      if (!same(l.list.currency()) || !same(l.net.currency()) || list <= 0 || net < 0 || net > list)
        return line_error(r, i);
      const std::int64_t off = list - net;  // 0 <= off <= list: no overflow
      // off / list > l_off / l_of, cross-multiplied.
      if (static_cast<int128>(off) * l_of > static_cast<int128>(l_off) * list) {
        l_off = off;
        l_of = list;
      }
      wide |= __builtin_add_overflow(list64, list, &list64);
      wide |= __builtin_add_overflow(off64, off, &off64);
      wide |= __builtin_add_overflow(net64, net, &net64);
    }
  }
  int128 w_off = off64, w_of = list64;
  if (wide) [[unlikely]] {
    int128 net_sum = 0;
    wide_totals(r, w_of, w_off, net_sum);
    if (net_sum > INT64_MAX) return error{errc::overflow, "/lines", "the net total overflows 64-bit minor units"};
    net64 = static_cast<std::int64_t>(net_sum);
  }
  const money net_total = r.lines.empty() ? money() : money(net64, r.lines.front().list.currency());
  const bool by_line = p->basis == discount_basis::largest_line;
  const int128 off = by_line ? l_off : w_off, of = by_line ? l_of : w_of;
  d.discount.off = off;
  d.discount.of = of;
  d.weighted.off = w_off;
  d.weighted.of = w_of;
  d.largest_line.off = l_off;
  d.largest_line.of = l_of;

  // 1. The band: the first whose upper edge the discount does not exceed.
  const std::size_t band = by_line ? band_of(c, l_off, l_of) : wide ? band_of(c, w_off, w_of) : band_of(c, off64, list64);
  d.band = band_index{static_cast<std::uint8_t>(band)};
  d.level = level_index{c.bands[band].level};
  d.required = c.bands[band].evidence;
  if constexpr (!std::is_same_v<Trace, no_trace>)  // the division only when a trace is kept
    trace.add(decision_step{decision_step_kind::band, band, shown_discount(off, of).basis_points(), c.bands[band].to_bp,
                            level_index{}, d.level, {}, d.required});

  // 2. Escalation rules, the first per dimension.
  const money amount = r.deal_amount ? *r.deal_amount : net_total;
  if (c.indexed) {
    if (auto e = indexed_rules(d, r, p, amount, trace)) return e;
  } else {
    enum_set<deal_dimension> done;
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      const compiled_rule& rule = c.rules[i];
      if (done.contains(rule.when)) continue;
      std::int64_t seen = 0;
      bool holds = false;
      switch (rule.when) {
        case deal_dimension::deal_amount:
          if (!amount_judged(amount, c, i)) return amount_error(amount, p, i);
          seen = amount.minor_units();
          holds = seen >= rule.at_least;
          break;
        case deal_dimension::term_months: seen = r.term_months; holds = seen >= rule.at_least; break;
        case deal_dimension::payment_days: seen = r.payment_days; holds = seen >= rule.at_least; break;
        case deal_dimension::nonstandard_terms: seen = r.nonstandard_terms; holds = r.nonstandard_terms; break;
        case deal_dimension::multi_year: seen = r.term_months; holds = r.term_months > 12; break;
        case deal_dimension::phased_rollout: seen = r.phased_rollout; holds = r.phased_rollout; break;
      }
      if (!holds) continue;
      done.insert(rule.when);
      apply_to(d, c, i, seen, trace);
    }
  }
  d.missing = d.required - r.evidence;
  d.rep_may_approve = d.level == level_index{} && d.reviewers.empty() && d.missing.empty();
  return std::nullopt;
}

}  // namespace detail

inline expected<discount_decision, error> decide_discount(const discount_request& r,
                                                          const validated<discount_policy>& p) noexcept {
  // Built in place and returned by name: the decision is never copied.
  expected<discount_decision, error> out(in_place);
  detail::no_trace none;
  if (auto e = detail::decide_into(*out, r, p, none)) out = unexpected<error>(std::move(*e));
  return out;
}

inline expected<traced_decision, error> decide_discount_traced(const discount_request& r,
                                                               const validated<discount_policy>& p) noexcept {
  expected<traced_decision, error> out(in_place);
  detail::vector_trace trace{out->trace};
  if (auto e = detail::decide_into(out->decision, r, p, trace)) out = unexpected<error>(std::move(*e));
  return out;
}

inline expected<reapproval, error> check_reapproval(const discount_decision& approved, const discount_request& changed,
                                                    const validated<discount_policy>& p) noexcept {
  const auto now = decide_discount(changed, p);
  if (!now) return unexpected<error>(now.error());
  reapproval r;
  r.decision = *now;
  r.level_before = approved.level;
  r.level_after = now->level;
  if (now->level > approved.level) r.why.insert(stricter::level);
  r.new_reviewers = now->reviewers - approved.reviewers;
  if (!r.new_reviewers.empty()) r.why.insert(stricter::reviewers);
  r.new_evidence = now->required - approved.required;
  if (!r.new_evidence.empty()) r.why.insert(stricter::evidence);
  r.needed = !r.why.empty();
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_DISCOUNT_HPP
