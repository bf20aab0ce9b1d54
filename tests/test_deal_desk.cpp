// SPDX-License-Identifier: BSL-1.0
#include <salesrules/deal_desk.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrules;

namespace {

constexpr currency usd{"USD"};
money dollars(std::int64_t whole) { return money(whole * 100, usd); }

// 25% off a $100,000 deal: the Director's band, which asks for a strategic
// justification (supplied) and a reciprocal commitment (not ticked).
discount_request director_request() {
  discount_request r;
  r.lines = {{dollars(100'000), dollars(75'000)}};
  r.evidence = {"strategic_justification"};
  return r;
}

// The names of the evidence a decision still misses.
std::vector<std::string> missing(const discount_decision& d, const validated<discount_policy>& p) {
  std::vector<std::string> out;
  for (const evidence_index e : d.missing) out.emplace_back(evidence_name(e, p));
  return out;
}
const std::vector<std::string> only_commitment{"reciprocal_commitment"};

trade_request ledger(money discount_value, money get_value, commitment_kind kind = commitment_kind::multi_year_term) {
  trade_request t;
  t.deal_amount = dollars(75'000);
  t.gives = {{concession_kind::discount, discount_value, "25% off", {0}}};
  t.gets = {{kind, get_value, ""}};
  return t;
}

}  // namespace

TEST_CASE("deal desk: a discount covered by its gets supplies the reciprocal commitment") {
  const auto dp = *validate(discount_policy{});
  const auto tp = *validate(trade_policy{});
  // Without a ledger the rep still owes the commitment.
  const auto alone = decide_discount(director_request(), dp);
  CHECK(missing(*alone, dp) == only_commitment);
  // $25,000 off traded for a three-year term worth $30,000: covered.
  const auto d = decide_deal(director_request(), ledger(dollars(25'000), dollars(30'000)), dp, tp);
  REQUIRE(d);
  CHECK(d->commitment_from_ledger);
  CHECK(d->decision.level == level_index{2});  // Director
  CHECK(d->decision.missing.empty());
  CHECK(d->trades.balanced());
  CHECK(d->trades.net == dollars(5'000));
}

TEST_CASE("deal desk: an undervalued or missing trade supplies nothing and is reported") {
  const auto dp = *validate(discount_policy{});
  const auto tp = *validate(trade_policy{});
  // $25,000 off for a case study worth $10,000: $15,000 short.
  const auto d = decide_deal(director_request(), ledger(dollars(25'000), dollars(10'000), commitment_kind::case_study),
                             dp, tp);
  REQUIRE(d);
  CHECK_FALSE(d->commitment_from_ledger);
  CHECK(missing(d->decision, dp) == only_commitment);
  REQUIRE(d->trades.findings.size() == 1);
  CHECK(d->trades.findings[0].gap == trade_gap::undervalued);
  CHECK(d->trades.findings[0].shortfall == dollars(15'000));
  // A ledger with no discount among its gives says nothing about the discount.
  trade_request services;
  services.deal_amount = dollars(75'000);
  services.gives = {{concession_kind::extra_services, dollars(2'000), "training", {0}}};
  services.gets = {{commitment_kind::case_study, dollars(5'000), ""}};
  const auto s = decide_deal(director_request(), services, dp, tp);
  REQUIRE(s);
  CHECK_FALSE(s->commitment_from_ledger);
  CHECK(missing(s->decision, dp) == only_commitment);
}

TEST_CASE("deal desk: the host's threshold hides a small shortfall from the report, not from the evidence") {
  const auto dp = *validate(discount_policy{});
  const auto tp = *validate(trade_policy{.report_unmatched_above = percent::from_whole(50)});
  // $25,000 is 33.34% of the $75,000 deal: under the 50% threshold, so not listed,
  // but still short, so the commitment is not counted.
  const auto d = decide_deal(director_request(), ledger(dollars(25'000), dollars(10'000)), dp, tp);
  REQUIRE(d);
  CHECK(d->trades.findings.empty());
  CHECK(d->trades.below_threshold == 1);
  CHECK_FALSE(d->commitment_from_ledger);
  CHECK(missing(d->decision, dp) == only_commitment);
}

TEST_CASE("deal desk: the ledger's commitment is the policy's evidence of that name, when it lists one") {
  const auto tp = *validate(trade_policy{});
  const auto covered = ledger(dollars(25'000), dollars(30'000));
  // A list that spells the name otherwise (ASCII case aside) still has it.
  discount_policy spelt;
  spelt.evidence[2] = "Reciprocal_Commitment";
  spelt.bands[2].evidence = {"strategic_justification", "Reciprocal_Commitment"};
  const auto sp = *validate(spelt);
  auto d = decide_deal(director_request(), covered, sp, tp);
  REQUIRE(d);
  CHECK(d->commitment_from_ledger);
  CHECK(d->decision.missing.empty());
  // A policy without the kind does not ask for it: the ledger still shows the trade,
  // and the decision is the request's own (here a customer reference still missing).
  discount_policy own;
  own.evidence = {"strategic_justification", "customer reference"};
  own.bands[1].evidence = {"strategic_justification"};
  own.bands[2].evidence = {"strategic_justification", "customer reference"};
  own.bands[3].evidence = {"strategic_justification", "customer reference"};
  const auto op = *validate(own);
  d = decide_deal(director_request(), covered, op, tp);
  REQUIRE(d);
  CHECK(d->commitment_from_ledger);
  CHECK(missing(d->decision, op) == std::vector<std::string>{"customer reference"});
  CHECK(d->decision == *decide_discount(director_request(), op));
}

TEST_CASE("deal desk: errors of the ledger are placed under trades/") {
  const auto dp = *validate(discount_policy{});
  const auto tp = *validate(trade_policy{});
  auto t = ledger(dollars(25'000), dollars(30'000));
  t.gives[0].traded_for = {3};
  const auto d = decide_deal(director_request(), t, dp, tp);
  REQUIRE_FALSE(d);
  CHECK(d.error().where == "/trades/gives/0/traded_for/0");
  auto bad = director_request();
  bad.lines[0].net = dollars(120'000);
  const auto e = decide_deal(bad, ledger(dollars(25'000), dollars(30'000)), dp, tp);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "/lines/0/net");
}
