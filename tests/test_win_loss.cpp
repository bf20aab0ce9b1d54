// SPDX-License-Identifier: BSL-1.0
#include <salesrules/win_loss.hpp>

#include "deals.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;

namespace {

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

// USD reporting; EUR at 1.10 and JPY at 0.0067.
policy with_rates() {
  policy p;
  p.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'100'000'000)},
                      {currency{"JPY"}, exchange_rate::from_billionths(6'700'000)}};
  return p;
}

money usd(std::int64_t cents) { return money(cents, currency{"USD"}); }

struct step {
  const char* stage;
  date entered;
};

// A deal with the given outcome, amount, segment, dates and stage history; its stage
// is Closed Won or Closed Lost when closed, else the last stage of its history.
opportunity deal(std::string id, deal_outcome out, money amount = usd(100'00), std::string segment = "Mid-Market",
                 date created = 2026y / January / 1d, date closed = 2026y / March / 1d,
                 std::initializer_list<step> history = {}) {
  opportunity o;
  o.id = std::move(id);
  o.amount = amount;
  o.segment = std::move(segment);
  o.outcome = out;
  o.created_date = created;
  o.close_date = closed;
  if (out != deal_outcome::open) o.closed_date = closed;
  for (const auto& s : history) o.stage_history.push_back(stage_entry{s.stage, s.entered});
  switch (out) {
    case deal_outcome::won: o.stage = "Closed Won"; break;
    case deal_outcome::lost:
    case deal_outcome::disqualified:
      o.stage = "Closed Lost";
      o.loss_reason = "Price";
      break;
    case deal_outcome::open: o.stage = history.size() == 0 ? "Prospect" : o.stage_history.back().stage; break;
  }
  return o;
}

opportunity rated(opportunity o, std::initializer_list<int> r) {
  std::vector<rating> v;
  for (int x : r) v.push_back(*rating::from_int(x));
  o.ratings = {v[0], v[1], v[2], v[3], v[4], v[5]};
  return o;
}

constexpr auto won = deal_outcome::won;
constexpr auto lost = deal_outcome::lost;
constexpr auto disqualified = deal_outcome::disqualified;
constexpr auto open = deal_outcome::open;

static_assert(noexcept(analyze_win_loss(std::span<const opportunity>{}, std::declval<const validated_policy&>())));

}  // namespace

TEST_CASE("win/loss: the win rate is won / (won + lost), leaving out disqualified and open deals") {
  // 3 won, 5 lost, 2 disqualified, 1 open: 3 / 8 = 37.5%.
  std::vector<opportunity> deals;
  const auto add = [&](char prefix, int n, deal_outcome out) {
    for (int i = 0; i < n; ++i) deals.push_back(deal(std::string{prefix, static_cast<char>('0' + i)}, out));
  };
  add('W', 3, won);
  add('L', 5, lost);
  add('D', 2, disqualified);
  deals.push_back(deal("O", open));
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  CHECK(r->deals == deal_counts{1, 3, 5, 2});
  CHECK(r->win_rate == win_rate_figure{3, 5, percent::from_basis_points(3750)});
}

TEST_CASE("win/loss: rates are rounded down to a basis point") {
  // 2 won, 1 lost: 66.666...% is 6666 basis points, not 6667.
  const std::vector<opportunity> deals{deal("A", won), deal("B", won), deal("C", lost)};
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  CHECK(r->win_rate.rate == percent::from_basis_points(6666));
}

TEST_CASE("win/loss: the qualified win rate counts deals scoring viable or better") {
  // Scores: 25 strong, 21 viable, 18 viable (the threshold), 17 and 12 not qualified.
  const std::vector<opportunity> deals{
      rated(deal("strong-won", won), {5, 5, 5, 4, 3, 3}),       // 25
      rated(deal("viable-won", won), {4, 4, 4, 3, 3, 3}),       // 21
      rated(deal("edge-lost", lost), {3, 3, 3, 3, 3, 3}),       // 18
      rated(deal("below-lost", lost), {3, 3, 3, 3, 3, 2}),      // 17
      rated(deal("weak-won", won), {2, 2, 2, 2, 2, 2}),         // 12
  };
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  // Overall 3 won / 5 = 60%; qualified: 2 won, 1 lost (the 18) = 66.66%.
  CHECK(r->win_rate == win_rate_figure{3, 2, percent::from_whole(60)});
  CHECK(r->qualified_win_rate == win_rate_figure{2, 1, percent::from_basis_points(6666)});

  SUBCASE("the qualified tier follows the scorecard: viable_at 20 leaves the 18 out") {
    const auto raised = analyze_win_loss(deals, rules(policy{.scorecard = {.strong_at = 25, .viable_at = 20}}));
    REQUIRE(raised);
    CHECK(raised->qualified_win_rate == win_rate_figure{2, 0, percent::from_whole(100)});
  }
}

TEST_CASE("win/loss: average and median won deal size are exact and rounded half to even once") {
  SUBCASE("odd count: the middle deal") {
    // 100.00 + 200.01 + 300.00 = 600.01; average 200.00333... -> 200.00; median 200.01.
    const std::vector<opportunity> deals{deal("A", won, usd(300'00)), deal("B", won, usd(100'00)),
                                         deal("C", won, usd(200'01)), deal("L", lost, usd(999'00))};
    const auto r = analyze_win_loss(deals, rules());
    REQUIRE(r);
    CHECK(r->won_total == usd(600'01));
    CHECK(r->average_won == usd(200'00));
    CHECK(r->median_won == usd(200'01));
  }
  SUBCASE("even count: the mean of the middle two") {
    // 100.00, 200.01, 300.00, 400.00: total 1000.01, average 250.0025 -> 250.00;
    // median (200.01 + 300.00) / 2 = 250.005 -> 250.00 (half to even).
    const std::vector<opportunity> deals{deal("A", won, usd(400'00)), deal("B", won, usd(100'00)),
                                         deal("C", won, usd(300'00)), deal("D", won, usd(200'01))};
    const auto r = analyze_win_loss(deals, rules());
    REQUIRE(r);
    CHECK(r->won_total == usd(1000'01));
    CHECK(r->average_won == usd(250'00));
    CHECK(r->median_won == usd(250'00));
  }
  SUBCASE("halves go to the even cent") {
    // 0.01 and 0.04: 2.5 cents -> 2. 0.03 and 0.04: 3.5 cents -> 4.
    const std::vector<opportunity> low{deal("A", won, usd(1)), deal("B", won, usd(4))};
    const auto a = analyze_win_loss(low, rules());
    REQUIRE(a);
    CHECK(a->average_won == usd(2));
    CHECK(a->median_won == usd(2));
    const std::vector<opportunity> high{deal("A", won, usd(3)), deal("B", won, usd(4))};
    const auto b = analyze_win_loss(high, rules());
    REQUIRE(b);
    CHECK(b->average_won == usd(4));
    CHECK(b->median_won == usd(4));
  }
  SUBCASE("a single won deal is its own average and median") {
    const std::vector<opportunity> one{deal("A", won, usd(180'000'00))};
    const auto r = analyze_win_loss(one, rules());
    REQUIRE(r);
    CHECK(r->average_won == usd(180'000'00));
    CHECK(r->median_won == usd(180'000'00));
  }
}

TEST_CASE("win/loss: deals in other currencies are converted exactly through the rate table") {
  // EUR 100.00 at 1.10 = USD 110.00; JPY 1000 at 0.0067 = USD 6.70; USD 50.00.
  // Total 166.70; average 55.5666... -> 55.57; median 50.00.
  const std::vector<opportunity> deals{deal("EUR", won, money(100'00, currency{"EUR"})),
                                       deal("JPY", won, money(1000, currency{"JPY"})), deal("USD", won, usd(50'00))};
  const auto r = analyze_win_loss(deals, rules(with_rates()));
  REQUIRE(r);
  CHECK(r->won_total == usd(166'70));
  CHECK(r->average_won == usd(55'57));
  CHECK(r->median_won == usd(50'00));

  SUBCASE("each figure is rounded once, not once per deal") {
    // Three deals of JPY 1 are 0.67 cents each. Rounding each deal would give 1 + 1 + 1
    // = 3 cents; the exact sum is 2.01 cents -> 2. The average is 0.67 -> 1 cent.
    const std::vector<opportunity> yen{deal("Y1", won, money(1, currency{"JPY"})),
                                       deal("Y2", won, money(1, currency{"JPY"})),
                                       deal("Y3", won, money(1, currency{"JPY"}))};
    const auto y = analyze_win_loss(yen, rules(with_rates()));
    REQUIRE(y);
    CHECK(y->won_total == usd(2));
    CHECK(y->average_won == usd(1));
    CHECK(y->median_won == usd(1));
  }
}

TEST_CASE("win/loss: a won deal in a currency without a rate is an error naming the currency and the deal") {
  const std::vector<opportunity> deals{deal("OPP-GBP", won, money(100'00, currency{"GBP"}))};
  const auto r = analyze_win_loss(deals, rules(with_rates()));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::unknown_currency);
  CHECK(r.error().where == "/amount");
  CHECK(r.error().deal_id == "OPP-GBP");
  CHECK(r.error().message.find("GBP into USD") != std::string::npos);

  // A lost deal's amount is not summed: it needs no rate.
  const std::vector<opportunity> lost_only{deal("OPP-GBP", lost, money(100'00, currency{"GBP"}))};
  CHECK(analyze_win_loss(lost_only, rules(with_rates())));
}

TEST_CASE("win/loss: an unknown stage is an error naming the deal") {
  auto o = deal("OPP-7", lost);
  o.stage = "Closing";
  const auto r = analyze_win_loss(std::span(&o, 1), rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::unknown_name);
  CHECK(r.error().where == "/stage");
  CHECK(r.error().deal_id == "OPP-7");
  CHECK(r.error().row == 1);
  CHECK(r.error().message.starts_with("unknown stage 'Closing'"));

  const auto h = deal("OPP-8", lost, usd(1), "SMB", 2026y / January / 1d, 2026y / March / 1d,
                      {{"Prospect", 2026y / January / 1d}, {"Qualify", 2026y / January / 5d}});
  const auto hr = analyze_win_loss(std::span(&h, 1), rules());
  REQUIRE_FALSE(hr);
  CHECK(hr.error().where == "/stage_history/1/stage");
  CHECK(hr.error().deal_id == "OPP-8");
  CHECK(hr.error().message.starts_with("unknown stage 'Qualify'"));
}

TEST_CASE("win/loss: a won deal closed before it was created is an error") {
  const auto o = deal("OPP-9", won, usd(1), "SMB", 2026y / March / 2d, 2026y / March / 1d);
  const auto r = analyze_win_loss(std::span(&o, 1), rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::inconsistent);
  CHECK(r.error().where == "/closed_date");
  CHECK(r.error().deal_id == "OPP-9");
  CHECK(r.error().message == "closed on 2026-03-01, before it was created on 2026-03-02");
}

TEST_CASE("win/loss: a lost deal closed before it was created is an error too") {
  const auto o = deal("OPP-8", lost, usd(1), "SMB", 2026y / March / 2d, 2026y / March / 1d);
  const auto r = analyze_win_loss(std::span(&o, 1), rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().where == "/closed_date");
}

TEST_CASE("win/loss: an outcome that contradicts the stage is an error, as everywhere else") {
  auto o = deal("OPP-7", won);
  o.stage = "Negotiation";  // won, but still in an open stage
  const auto r = analyze_win_loss(std::span(&o, 1), rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::inconsistent);
  CHECK(r.error().where == "/outcome");
  CHECK(r.error().deal_id == "OPP-7");
  CHECK(r.error().message == "it is won in stage 'Negotiation', which is open");
}

TEST_CASE("win/loss: an empty pipeline gives counts of zero and no figures") {
  const auto r = analyze_win_loss({}, rules());
  REQUIRE(r);
  CHECK(r->deals == deal_counts{});
  CHECK(r->win_rate == win_rate_figure{});
  CHECK(r->qualified_win_rate == win_rate_figure{});
  CHECK(r->won_total == usd(0));
  CHECK_FALSE(r->average_won);
  CHECK_FALSE(r->median_won);
  CHECK(r->created_to_closed == cycle_figure{});
  CHECK(r->from_stage_to_won == cycle_figure{});
  CHECK(r->segments.empty());
  REQUIRE(r->conversion.size() == 5);  // the five open stages
  for (const auto& c : r->conversion) CHECK(c == stage_conversion{c.stage, 0, 0, std::nullopt});
  CHECK(r->lost_at.size() == 5);
  CHECK_FALSE(r->lost_by_needs_assessment);
  CHECK(r->loss_reasons.empty());
  CHECK(r->competitors.empty());
}

TEST_CASE("win/loss: an all-lost pipeline has a 0% win rate and no deal size or cycle") {
  const std::vector<opportunity> deals{deal("L1", lost), deal("L2", lost, usd(5), "Enterprise")};
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  CHECK(r->win_rate == win_rate_figure{0, 2, percent{}});
  CHECK(r->won_total == usd(0));
  CHECK_FALSE(r->average_won);
  CHECK_FALSE(r->median_won);
  CHECK(r->created_to_closed == cycle_figure{});
  REQUIRE(r->segments.size() == 2);
  // Enterprise has a target but no won deal: no average, no verdict.
  CHECK(r->segments[0].segment == "Enterprise");
  CHECK(r->segments[0].created_to_closed == cycle_figure{0, 0, std::nullopt, 90, std::nullopt});
  CHECK(r->segments[0].win_rate == win_rate_figure{0, 1, percent{}});
}

TEST_CASE("win/loss: cycle length by segment, created to closed and from Discovery to Closed Won") {
  const date jan1 = 2026y / January / 1d;
  const std::vector<opportunity> deals{
      // Mid-Market. A: created Jan 1, won Mar 1: 31 + 28 = 59 days; Discovery Jan 11 -> won Mar 1: 49 days.
      deal("A", won, usd(1), "Mid-Market", jan1, 2026y / March / 1d,
           {{"Prospect", jan1}, {"Discovery", 2026y / January / 11d}, {"Closed Won", 2026y / March / 1d}}),
      // B (spelled in lower case, counted with Mid-Market): created Jan 1, won Mar 2: 60 days.
      // Discovery first entered Jan 5 (re-entered Jan 25) -> won Mar 2: 56 days.
      deal("B", won, usd(1), "mid-market", jan1, 2026y / March / 2d,
           {{"Discovery", 2026y / January / 5d},
            {"Demo/Evaluation", 2026y / January / 20d},
            {"Discovery", 2026y / January / 25d},
            {"Closed Won", 2026y / March / 2d}}),
      deal("C", lost, usd(1), "Mid-Market"),
      // Enterprise, a single deal: Jan 1 -> Apr 1 = 90 days; no Discovery in its history.
      deal("E", won, usd(1), "Enterprise", jan1, 2026y / April / 1d, {{"Proposal", 2026y / February / 1d}}),
      // SMB, a single deal with no target: Jan 1 -> Jan 11 = 10 days; Discovery Jan 3 and
      // no won entry in the history, so up to the closed date: 8 days.
      deal("S", won, usd(1), "SMB", jan1, 2026y / January / 11d, {{"Discovery", 2026y / January / 3d}}),
      // Startup, a single lost deal: a 0% win rate and no cycle.
      deal("X", lost, usd(1), "Startup"),
  };
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);

  // Overall: (59 + 60 + 90 + 10) / 4 = 54.75 -> 54 days; from Discovery (49 + 56 + 8) / 3 = 37.67 -> 37.
  CHECK(r->created_to_closed == cycle_figure{4, 219, 54, std::nullopt, std::nullopt});
  CHECK(r->from_stage_to_won == cycle_figure{3, 113, 37, std::nullopt, std::nullopt});

  REQUIRE(r->segments.size() == 4);  // sorted by name
  const auto& ent = r->segments[0];
  const auto& mid = r->segments[1];
  const auto& smb = r->segments[2];
  const auto& startup = r->segments[3];
  CHECK(ent.segment == "Enterprise");
  CHECK(mid.segment == "Mid-Market");
  CHECK(smb.segment == "SMB");
  CHECK(startup.segment == "Startup");

  // Mid-Market: (59 + 60) / 2 = 59.5, shown as 59, under 60. From Discovery (49 + 56) / 2 = 52.5 -> 52.
  CHECK(mid.created_to_closed == cycle_figure{2, 119, 59, 60, true});
  CHECK(mid.from_stage_to_won == cycle_figure{2, 105, 52, 60, true});
  CHECK(mid.win_rate == win_rate_figure{2, 1, percent::from_basis_points(6666)});
  // Enterprise: 90 days is not under 90.
  CHECK(ent.created_to_closed == cycle_figure{1, 90, 90, 90, false});
  CHECK(ent.from_stage_to_won == cycle_figure{0, 0, std::nullopt, 90, std::nullopt});
  // SMB has no target.
  CHECK(smb.created_to_closed == cycle_figure{1, 10, 10, std::nullopt, std::nullopt});
  CHECK(smb.from_stage_to_won == cycle_figure{1, 8, 8, std::nullopt, std::nullopt});
  CHECK(startup.win_rate == win_rate_figure{0, 1, percent{}});
  CHECK(startup.created_to_closed == cycle_figure{});

  SUBCASE("the cycle's start stage is the policy's") {
    policy p;
    p.win_loss.cycle_from_stage = "Demo/Evaluation";
    const auto d = analyze_win_loss(deals, rules(p));
    REQUIRE(d);
    // Only B entered Demo/Evaluation: Jan 20 -> Mar 2 = 11 + 28 + 2 = 41 days.
    CHECK(d->from_stage_to_won == cycle_figure{1, 41, 41, std::nullopt, std::nullopt});
  }
  SUBCASE("a target of one's own") {
    policy p;
    p.win_loss.cycle_targets = {{"SMB", 11}};
    const auto d = analyze_win_loss(deals, rules(p));
    REQUIRE(d);
    CHECK(d->segments[2].created_to_closed == cycle_figure{1, 10, 10, 11, true});
    CHECK(d->segments[1].created_to_closed.target_days == std::nullopt);
  }
}

TEST_CASE("win/loss: a won deal that entered the cycle's stage after it was won is an error") {
  // Closed on March 1 with no won entry in its history, but entered Discovery on March 5.
  const auto o = deal("OPP-5", won, usd(1), "SMB", 2026y / January / 1d, 2026y / March / 1d,
                      {{"Prospect", 2026y / January / 1d}, {"Discovery", 2026y / March / 5d}});
  const auto r = analyze_win_loss(std::span(&o, 1), rules());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::inconsistent);
  CHECK(r.error().where == "/stage_history/1/entered");
  CHECK(r.error().deal_id == "OPP-5");
  CHECK(r.error().message == "entered 'Discovery' on 2026-03-05, after it was won on 2026-03-01");
}

TEST_CASE("win/loss: stage conversion and the stage at which deals were lost, from the stage history") {
  const date d = 2026y / January / 1d;
  const std::vector<opportunity> deals{
      deal("W1", won, usd(1), "SMB", d, add_days(d, 40),
           {{"Prospect", d}, {"Discovery", d}, {"Demo/Evaluation", d}, {"Proposal", d}, {"Negotiation", d},
            {"Closed Won", d}}),
      deal("W2", won, usd(1), "SMB", d, add_days(d, 40), {{"Discovery", d}, {"Closed Won", d}}),
      // Lost in Discovery.
      deal("L1", lost, usd(1), "SMB", d, d, {{"Prospect", d}, {"Discovery", d}, {"Closed Lost", d}}),
      // Reached Demo, fell back to Discovery, lost there.
      deal("L2", lost, usd(1), "SMB", d, d,
           {{"Prospect", d}, {"Discovery", d}, {"Demo/Evaluation", d}, {"Discovery", d}, {"Closed Lost", d}}),
      // Lost in Proposal.
      deal("L3", lost, usd(1), "SMB", d, d,
           {{"Prospect", d}, {"Discovery", d}, {"Demo/Evaluation", d}, {"Proposal", d}, {"Closed Lost", d}}),
      // No history: lost at an unknown stage.
      deal("L4", lost, usd(1), "SMB", d, d),
      // Disqualified from Prospect: in the funnel, not among the losses.
      deal("Q1", disqualified, usd(1), "SMB", d, d, {{"Prospect", d}, {"Closed Lost", d}}),
      // Open: its story is not over, so it is left out of the funnel.
      deal("O1", open, usd(1), "SMB", d, d, {{"Prospect", d}, {"Discovery", d}}),
  };
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  // Prospect: entered W1 L1 L2 L3 Q1 = 5, advanced W1 L1 L2 L3 = 4 -> 80%.
  // Discovery: entered W1 W2 L1 L2 L3 = 5, advanced W1 W2 L2 L3 = 4 -> 80%
  //   (L2 went on to Demo after its first entry; L1 went only to Closed Lost).
  // Demo/Evaluation: entered W1 L2 L3 = 3, advanced W1 L3 = 2 -> 66.66% (L2 went back).
  // Proposal: W1 L3 = 2, advanced W1 = 1 -> 50%. Negotiation: W1 -> 100%.
  CHECK(r->conversion == std::vector<stage_conversion>{
                             {"Prospect", 5, 4, percent::from_whole(80)},
                             {"Discovery", 5, 4, percent::from_whole(80)},
                             {"Demo/Evaluation", 3, 2, percent::from_basis_points(6666)},
                             {"Proposal", 2, 1, percent::from_whole(50)},
                             {"Negotiation", 1, 1, percent::from_whole(100)},
                         });
  // Lost at: Discovery L1 L2, Proposal L3; L4 unknown.
  CHECK(r->lost_at == std::vector<stage_loss>{
                          {"Prospect", 0}, {"Discovery", 2}, {"Demo/Evaluation", 0}, {"Proposal", 1}, {"Negotiation", 0}});
  CHECK(r->lost_stage_unknown == 1);
  // At or before Discovery: 2 of the 3 with a known stage = 66.66...% -> 66.67% (rounded up).
  CHECK(r->lost_by_needs_assessment == percent::from_basis_points(6667));

  SUBCASE("the needs-assessment stage is the policy's") {
    policy p;
    p.win_loss.needs_assessment_stage = "Prospect";
    const auto q = analyze_win_loss(deals, rules(p));
    REQUIRE(q);
    CHECK(q->lost_by_needs_assessment == percent{});  // none lost in Prospect: 0 of 3
  }
}

TEST_CASE("win/loss: loss reasons and competitors are ranked by the lost deals naming them") {
  auto l1 = deal("L1", lost);
  l1.loss_reason = "Price";
  l1.competitors = {"Globex", "Initech"};
  auto l2 = deal("L2", lost);
  l2.loss_reason = "price";                 // the same reason, counted with "Price"
  l2.competitors = {"Globex", "globex"};    // one deal names Globex once
  auto l3 = deal("L3", lost);
  l3.loss_reason = "Lost to competitor";
  l3.competitors = {"Hooli"};
  auto l4 = deal("L4", lost);
  l4.loss_reason = "  ";                    // blank: no reason
  l4.competitors = {"Initech", " "};        // a blank competitor is nobody
  auto w = deal("W", won);
  w.competitors = {"Vandelay"};             // won against: not a loss
  const std::vector<opportunity> deals{l1, l2, l3, l4, w};
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  CHECK(r->loss_reasons == std::vector<ranked_name>{{"Price", 2}, {"Lost to competitor", 1}});
  CHECK(r->lost_without_reason == 1);
  // Globex and Initech tie at 2: by name.
  CHECK(r->competitors == std::vector<ranked_name>{{"Globex", 2}, {"Initech", 2}, {"Hooli", 1}});
}

namespace {
std::string numbered(std::string_view prefix, std::size_t i) {
  const std::string digits = std::to_string(i);
  return std::string(prefix) + " " + std::string(5 - digits.size(), '0') + digits;
}
}  // namespace

TEST_CASE("win/loss: 5,000 competitors named in one deal count once for it, as first spelled") {
  auto a = deal("A", lost);
  for (std::size_t i = 0; i < 5'000; ++i) a.competitors.push_back(numbered("Rival", i));
  for (std::size_t i = 0; i < 5'000; ++i) a.competitors.push_back(numbered("RIVAL", i));  // again, in capitals
  a.competitors.emplace_back("   ");
  auto b = deal("B", lost);
  for (std::size_t i = 0; i < 2'500; ++i) b.competitors.push_back(numbered("rival", i));
  const std::vector<opportunity> deals{a, b};
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  // Rival 00000-02499 are named by both deals, 02500-04999 by A alone; each as A spelt it.
  REQUIRE(r->competitors.size() == 5'000);
  CHECK(r->competitors[0] == ranked_name{"Rival 00000", 2});
  CHECK(r->competitors[2'499] == ranked_name{"Rival 02499", 2});
  CHECK(r->competitors[2'500] == ranked_name{"Rival 02500", 1});
  CHECK(r->competitors[4'999] == ranked_name{"Rival 04999", 1});
  std::uint64_t mentions = 0;
  for (const auto& c : r->competitors) mentions += c.deals;
  CHECK(mentions == 7'500);
}

TEST_CASE("win/loss: 25,000 distinct loss reasons and segments each count alone, other spellings together") {
  std::vector<opportunity> deals;
  for (std::size_t i = 0; i < 25'000; ++i) {
    auto& o = deals.emplace_back(deal(numbered("L", i), lost, usd(100'00), numbered("Segment", i)));
    o.loss_reason = numbered("Reason", i);
  }
  auto again = deal("L-again", lost, usd(100'00), "SEGMENT 00007");
  again.loss_reason = "reason 00007";
  deals.push_back(again);
  auto won_deal = deal("W", won, usd(100'00), "segment 24999");
  deals.push_back(won_deal);
  const auto r = analyze_win_loss(deals, rules());
  REQUIRE(r);
  // Reason 00007 twice; every other once, by name.
  REQUIRE(r->loss_reasons.size() == 25'000);
  CHECK(r->loss_reasons[0] == ranked_name{"Reason 00007", 2});
  CHECK(r->loss_reasons[1] == ranked_name{"Reason 00000", 1});
  CHECK(r->loss_reasons[7] == ranked_name{"Reason 00006", 1});
  CHECK(r->loss_reasons[8] == ranked_name{"Reason 00008", 1});
  CHECK(r->loss_reasons[24'999] == ranked_name{"Reason 24999", 1});
  // Segments sorted by name, as first spelt: Segment 00007 lost twice, 24999 won once and lost once.
  REQUIRE(r->segments.size() == 25'000);
  CHECK(r->segments[0].segment == "Segment 00000");
  CHECK(r->segments[7].segment == "Segment 00007");
  CHECK(r->segments[7].win_rate.lost == 2);
  CHECK(r->segments[24'999].segment == "Segment 24999");
  CHECK(r->segments[24'999].win_rate.won == 1);
  CHECK(r->segments[24'999].win_rate.lost == 1);
  CHECK(r->segments[24'999].win_rate.rate == percent::from_whole(50));
}
