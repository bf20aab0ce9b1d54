#include <salesrules/range_forecast.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace salesrules;
using namespace std::chrono;

template <>
struct doctest::StringMaker<money> {
  static doctest::String convert(const money& m) { return to_string(m).c_str(); }
};

namespace {

constexpr currency usd{"USD"};

validated_policy rules(policy p = {}) {
  auto v = validate(std::move(p));
  REQUIRE(v);
  return *v;
}

fiscal_period period(const validated_policy& p, std::string_view text = "FY2026-Q1") {
  auto v = parse_period(text, p.calendar());
  REQUIRE(v);
  return *v;
}

money dollars(std::int64_t whole) { return money(whole * 100, usd); }

// An open deal at a probability of its own (an override on a Discovery deal).
opportunity open_deal(std::string id, money amount, int percent, date close = 2026y / February / 14d) {
  opportunity o;
  o.id = std::move(id);
  o.amount = amount;
  o.stage = "Discovery";
  o.probability_override = *probability::from_percent(percent);
  o.close_date = close;
  return o;
}

opportunity won_deal(std::string id, money amount, date closed) {
  opportunity o;
  o.id = std::move(id);
  o.amount = amount;
  o.stage = "Closed Won";
  o.outcome = deal_outcome::won;
  o.close_date = closed;
  o.closed_date = closed;
  return o;
}

range_forecast forecast(std::span<const opportunity> deals, const validated_policy& p,
                        std::optional<money> quota = std::nullopt) {
  auto r = forecast_range(deals, period(p), p, quota);
  REQUIRE(r);
  return *r;
}

static_assert(noexcept(forecast_range(std::span<const opportunity>{}, fiscal_period{},
                                      std::declval<const validated_policy&>())));

// The exact distribution, by enumerating all 2^n outcomes: every probability is a whole
// percent, so each outcome's chance is an integer over 100^n (at most 100^12 < 2^80).
struct exact_distribution {
  std::map<std::int64_t, detail::int128> chance;  // total in steps -> numerator
  detail::int128 denominator = 1;

  // The smallest total t with P(total <= t) >= percent%.
  std::int64_t quantile(int percent) const {
    detail::int128 cumulative = 0;
    for (const auto& [t, c] : chance) {
      cumulative += c;
      if (cumulative * 100 >= denominator * percent) return t;
    }
    return chance.rbegin()->first;
  }
  // P(total >= t) in basis points, rounded down.
  std::int64_t at_least_bp(std::int64_t t) const {
    detail::int128 tail = 0;
    for (const auto& [u, c] : chance)
      if (u >= t) tail += c;
    return static_cast<std::int64_t>(tail * 10'000 / denominator);
  }
};

exact_distribution enumerate(const std::vector<std::pair<std::int64_t, int>>& steps_and_percent) {
  exact_distribution d;
  const std::size_t n = steps_and_percent.size();
  for (std::size_t i = 0; i < n; ++i) d.denominator *= 100;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    std::int64_t total = 0;
    detail::int128 c = 1;
    for (std::size_t i = 0; i < n; ++i) {
      const auto [steps, pct] = steps_and_percent[i];
      if (mask & (1u << i)) {
        total += steps;
        c *= pct;
      } else {
        c *= 100 - pct;
      }
    }
    d.chance[total] += c;
  }
  return d;
}

// A small deterministic generator, the same on every platform.
struct lcg {
  std::uint64_t state;
  std::uint32_t below(std::uint32_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>((state >> 33) % n);
  }
};

}  // namespace

TEST_CASE("range forecast: a hand-worked quarter of three open deals and one won") {
  // FY2026-Q1. Booked: $50,000 won on 2026-02-10. Open: A $100,000 at 60%, B $40,000 at
  // 20%, C $20,000 at 80%. Left out: an open deal closing in Q2 and a lost deal.
  // Resolution: ceil($160,000 / 100,000) = 160 cents; every amount is a whole number of
  // steps (62,500, 25,000, 12,500), 100,000 steps in all.
  //   outcome   chance               total      P(total <= t)
  //   -         .4 x .8 x .2 = .064       0     .064
  //   C         .4 x .8 x .8 = .256   20,000    .320
  //   B         .4 x .2 x .2 = .016   40,000    .336
  //   B C       .4 x .2 x .8 = .064   60,000    .400
  //   A         .6 x .8 x .2 = .096  100,000    .496
  //   A C       .6 x .8 x .8 = .384  120,000    .880
  //   A B       .6 x .2 x .2 = .024  140,000    .904
  //   A B C     .6 x .2 x .8 = .096  160,000   1.000
  // P10 = 50,000 + 20,000; P50 = 50,000 + 120,000; P90 = 50,000 + 140,000.
  // Expected = 50,000 + 60,000 + 8,000 + 16,000 = 134,000.
  // Quota 150,000: total >= 100,000 with .096 + .384 + .024 + .096 = .600 -> 6000 bp.
  // Quota 170,000: total >= 120,000 with .504 -> 5040 bp.
  const auto p = rules();
  auto lost = open_deal("L", dollars(70'000), 0);
  lost.stage = "Closed Lost";
  lost.outcome = deal_outcome::lost;
  lost.probability_override.reset();
  const std::vector<opportunity> deals{
      won_deal("W", dollars(50'000), 2026y / February / 10d),
      open_deal("A", dollars(100'000), 60),
      open_deal("B", dollars(40'000), 20, 2026y / January / 1d),
      open_deal("C", dollars(20'000), 80, 2026y / March / 31d),
      open_deal("Q2", dollars(500'000), 90, 2026y / April / 1d),
      lost,
  };
  const auto r = forecast(deals, p, dollars(150'000));
  CHECK(r.period == period(p));
  CHECK(r.booked == dollars(50'000));
  CHECK(r.expected_value == dollars(134'000));
  CHECK(r.p10 == dollars(70'000));
  CHECK(r.p50 == dollars(170'000));
  CHECK(r.p90 == dollars(190'000));
  CHECK(r.quota == dollars(150'000));
  CHECK(r.quota_chance == percent::from_whole(60));
  CHECK(r.resolution == money(160, usd));
  CHECK(r.steps == 100'000);
  CHECK(r.open_deals == 3);
  CHECK(r.won_deals == 1);
  CHECK(r.omitted_deals == 0);
  CHECK(r.distribution_mean == dollars(134'000));  // amounts are whole steps: no quantization error

  CHECK(forecast(deals, p, dollars(170'000)).quota_chance == percent::from_basis_points(5040));
  CHECK(forecast(deals, p, dollars(50'000)).quota_chance == percent::from_whole(100));
  // Quota 210,000: only A B C (160,000) reaches it: .096 -> 960 bp.
  CHECK(forecast(deals, p, dollars(210'000)).quota_chance == percent::from_basis_points(960));
  CHECK(forecast(deals, p, dollars(210'001)).quota_chance == percent());
}

TEST_CASE("range forecast: matches a brute-force enumeration of every outcome") {
  // Pipelines of 1-12 deals with amounts that are whole multiples of the resolution: the
  // magnitudes of the uncertain deals (0% < p < 100%) add up to exactly range_buckets (100)
  // steps, so the resolution is the step chosen and quantization is exact; deals at 0% or
  // 100% are exact and do not count towards the span. Some amounts are negative (credits).
  // Every quantile and the quota chance at every reachable total (and one minor unit either
  // side of it) must equal the exact figures.
  auto pol = policy{};
  pol.forecast.range_buckets = 100;
  const auto p = rules(pol);
  const int percents[] = {0, 1, 5, 10, 13, 20, 25, 33, 40, 50, 60, 67, 75, 80, 90, 99, 100};
  const std::int64_t step_choices[] = {1, 7, 160, 1000, 12'345};
  lcg rng{42};
  int checked = 0;
  for (int round = 0; round < 60; ++round) {
    const auto n = static_cast<std::size_t>(1 + round % 12);
    const std::int64_t step = step_choices[rng.below(5)];
    // Percentages first, at least one uncertain; then magnitudes in steps, each at least
    // 1, the uncertain ones adding up to 100.
    std::vector<int> pcts(n);
    std::vector<std::size_t> uncertain;
    for (std::size_t i = 0; i < n; ++i) {
      pcts[i] = percents[rng.below(17)];
      if (pcts[i] > 0 && pcts[i] < 100) uncertain.push_back(i);
    }
    if (uncertain.empty()) {
      pcts[0] = 50;
      uncertain.push_back(0);
    }
    std::vector<std::int64_t> k(n, 1);
    for (std::size_t i = 0; i < n; ++i)
      if (pcts[i] == 0 || pcts[i] == 100) k[i] = 1 + rng.below(20);
    for (std::size_t extra = 100 - uncertain.size(); extra > 0; --extra)
      ++k[uncertain[rng.below(static_cast<std::uint32_t>(uncertain.size()))]];
    std::vector<std::pair<std::int64_t, int>> terms;
    std::vector<opportunity> deals;
    const auto booked = money(static_cast<std::int64_t>(rng.below(1'000'000)), usd);
    deals.push_back(won_deal("W", booked, 2026y / March / 3d));
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t steps = rng.below(6) == 0 ? -k[i] : k[i];
      const int pct = pcts[i];
      terms.emplace_back(steps, pct);
      deals.push_back(open_deal(std::string("D") + std::to_string(i), money(steps * step, usd), pct));
    }
    const auto exact = enumerate(terms);
    const auto r = forecast(deals, p);
    CAPTURE(round);
    CAPTURE(step);
    REQUIRE(r.resolution == money(step, usd));
    CHECK(r.booked == booked);
    auto total = [&](std::int64_t steps) { return money(booked.minor_units() + steps * step, usd); };
    CHECK(r.p10 == total(exact.quantile(10)));
    CHECK(r.p50 == total(exact.quantile(50)));
    CHECK(r.p90 == total(exact.quantile(90)));
    for (const auto& outcome : exact.chance) {
      const std::int64_t t = outcome.first;
      for (std::int64_t nudge : {-1, 0, 1}) {
        const auto quota = money(total(t).minor_units() + nudge, usd);
        const auto with_quota = forecast_range(deals, period(p), p, quota);
        REQUIRE(with_quota);
        // The first total in steps that reaches the quota: ceil((t x step + nudge) / step).
        const std::int64_t x = t * step + nudge;
        const std::int64_t reach = x >= 0 ? (x + step - 1) / step : -((-x) / step);
        CAPTURE(t);
        CAPTURE(nudge);
        CHECK(with_quota->quota_chance == percent::from_basis_points(exact.at_least_bp(reach)));
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("range forecast: percentiles are ordered and the mean is the expected value within half a step a deal") {
  // Arbitrary amounts (not multiples of the resolution) in pipelines of up to 300 deals,
  // with the default 100,000 steps and with only 100: each deal's amount moves by at most
  // half a step, so |mean - expected| <= n x resolution / 2 (+1 for the two roundings to
  // a cent).
  lcg rng{7};
  for (std::uint32_t buckets : {100u, 100'000u}) {
    auto pol = policy{};
    pol.forecast.range_buckets = buckets;
    const auto p = rules(pol);
    for (int round = 0; round < 20; ++round) {
      std::vector<opportunity> deals;
      const std::size_t n = 1 + rng.below(300);
      for (std::size_t i = 0; i < n; ++i)
        deals.push_back(open_deal(std::string("D") + std::to_string(i), money(1 + rng.below(200'000'000), usd),
                                  static_cast<int>(rng.below(101))));
      const auto r = forecast(deals, p, dollars(1'000'000));
      CAPTURE(buckets);
      CAPTURE(round);
      CHECK(r.p10.minor_units() <= r.p50.minor_units());
      CHECK(r.p50.minor_units() <= r.p90.minor_units());
      CHECK(r.steps <= buckets + n / 2 + 1);
      const auto slack = static_cast<std::int64_t>(n) * r.resolution.minor_units() / 2 + 1;
      const auto gap = r.distribution_mean.minor_units() - r.expected_value.minor_units();
      CHECK(gap <= slack);
      CHECK(-gap <= slack);
      // The resolution is the smallest whole number of cents giving at most `buckets` steps
      // to the uncertain deals (0% < p < 100%).
      std::int64_t sum = 0;
      for (const auto& o : deals)
        if (o.probability_override && *o.probability_override > probability{0} &&
            *o.probability_override < probability{100})
          sum += o.amount.minor_units();
      const auto res = r.resolution.minor_units();
      CHECK(sum <= res * static_cast<std::int64_t>(buckets));
      CHECK((res == 1 || sum > (res - 1) * static_cast<std::int64_t>(buckets)));
    }
  }
}

TEST_CASE("range forecast: an empty period is its bookings, with the quota reached or not") {
  const auto p = rules();
  SUBCASE("no deals at all") {
    const auto r = forecast({}, p, dollars(1));
    CHECK(r.booked == dollars(0));
    CHECK(r.expected_value == dollars(0));
    CHECK(r.p10 == dollars(0));
    CHECK(r.p90 == dollars(0));
    CHECK(r.distribution_mean == dollars(0));
    CHECK(r.resolution == money(1, usd));
    CHECK(r.steps == 0);
    CHECK(r.open_deals == 0);
    CHECK(r.quota_chance == percent());
    CHECK(forecast({}, p, dollars(0)).quota_chance == percent::from_whole(100));
    CHECK_FALSE(forecast({}, p).quota_chance);
  }
  SUBCASE("won deals only") {
    // $30,000 closed on 2026-03-31 (in Q1, though its close date was in Q2) and $12,500
    // with no closed date but a close date in Q1: booked $42,500.
    auto late = won_deal("W1", dollars(30'000), 2026y / March / 31d);
    late.close_date = 2026y / April / 15d;
    auto undated = won_deal("W2", dollars(12'500), 2026y / January / 20d);
    undated.closed_date.reset();
    auto outside = won_deal("W3", dollars(99'000), 2026y / April / 1d);
    outside.close_date = 2026y / March / 1d;  // closed in Q2: the closed date decides
    const std::vector<opportunity> deals{late, undated, outside};
    const auto r = forecast(deals, p, dollars(42'500));
    CHECK(r.booked == dollars(42'500));
    CHECK(r.won_deals == 2);
    CHECK(r.expected_value == dollars(42'500));
    CHECK(r.p10 == dollars(42'500));
    CHECK(r.p50 == dollars(42'500));
    CHECK(r.p90 == dollars(42'500));
    CHECK(r.quota_chance == percent::from_whole(100));
    CHECK(forecast(deals, p, money(4'250'001, usd)).quota_chance == percent());
  }
}

TEST_CASE("range forecast: a single deal") {
  const auto p = rules();
  // $10,000 at 40%: P(0) = .6, so P10 = P50 = 0 and P90 = $10,000; quota $10,000: 40%.
  const std::vector<opportunity> one{open_deal("A", dollars(10'000), 40)};
  const auto r = forecast(one, p, dollars(10'000));
  CHECK(r.p10 == dollars(0));
  CHECK(r.p50 == dollars(0));
  CHECK(r.p90 == dollars(10'000));
  CHECK(r.expected_value == dollars(4'000));
  CHECK(r.distribution_mean == dollars(4'000));
  CHECK(r.quota_chance == percent::from_whole(40));
  CHECK(r.resolution == money(10, usd));  // 1,000,000 cents / 100,000 steps
}

TEST_CASE("range forecast: deals in other currencies are converted with the rate table") {
  // USD reporting, EUR at 1.0834 and GBP at 1.2641. EUR 10,000 at 50% is 1,083,400 cents;
  // GBP 5,000 at 80% is 632,050 cents. Resolution ceil(1,715,450 / 100,000) = 18 cents;
  // 1,083,400 / 18 = 60,188.9 -> 60,189 steps = 1,083,402 cents; 632,050 / 18 = 35,113.9 ->
  // 35,114 steps = 632,052 cents.
  //   none .5 x .2 = .1 (0); GBP .5 x .8 = .4 (632,052); EUR .1 (1,083,402); both .4 (1,715,454)
  //   P(<= t): .1, .5, .6, 1 -> P10 = 0, P50 = 632,052, P90 = 1,715,454, which is more
  //   than both deals can bring (1,083,400 + 632,050 = 1,715,450): P90 is held to 1,715,450.
  // Expected: EUR 5,000 -> 541,700 cents; GBP 4,000 -> 505,640 cents; 1,047,340 cents.
  // Mean of the steps: .4 x 632,052 + .1 x 1,083,402 + .4 x 1,715,454 = 1,047,342.6 -> 1,047,343.
  // Quota $10,000: totals 1,083,402 and 1,715,454 reach it: .5 -> 5000 bp.
  auto pol = policy{};
  pol.exchange.rates = {{currency{"EUR"}, exchange_rate::from_billionths(1'083'400'000)},
                        {currency{"GBP"}, exchange_rate::from_billionths(1'264'100'000)}};
  const auto p = rules(pol);
  const std::vector<opportunity> deals{open_deal("E", money(1'000'000, currency{"EUR"}), 50),
                                       open_deal("G", money(500'000, currency{"GBP"}), 80)};
  const auto r = forecast(deals, p, dollars(10'000));
  CHECK(r.resolution == money(18, usd));
  CHECK(r.p10 == money(0, usd));
  CHECK(r.p50 == money(632'052, usd));
  CHECK(r.p90 == money(1'715'450, usd));
  CHECK(r.expected_value == money(1'047'340, usd));
  CHECK(r.distribution_mean == money(1'047'343, usd));
  CHECK(r.quota_chance == percent::from_whole(50));

  SUBCASE("a currency without a rate is an error naming it and the deal") {
    auto no_gbp = pol;
    no_gbp.exchange.rates.pop_back();
    const auto e = forecast_range(deals, period(p), rules(no_gbp));
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::unknown_currency);
    CHECK(e.error().where == "GBP");
    CHECK(e.error().message.find("'G'") != std::string::npos);
    CHECK(e.error().message.find("GBP") != std::string::npos);
  }
  SUBCASE("a quota in another currency than the reporting one is an error") {
    const auto e = forecast_range(deals, period(p), p, money(1'000'000, currency{"EUR"}));
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::currency_mismatch);
    CHECK(e.error().where == "quota");
  }
}

TEST_CASE("range forecast: a deal whose category is Omitted is left out") {
  // A $90,000 deal at 90% that the rep omitted, and one in a stage the stage map omits,
  // change nothing: only B ($10,000 at 50%) is forecast.
  auto pol = policy{};
  pol.forecast.stage_categories = {{"Prospect", forecast_category::omitted},
                                   {"Discovery", forecast_category::pipeline},
                                   {"Demo/Evaluation", forecast_category::pipeline},
                                   {"Proposal", forecast_category::best_case},
                                   {"Negotiation", forecast_category::commit}};
  const auto p = rules(pol);
  auto omitted = open_deal("A", dollars(90'000), 90);
  omitted.forecast_override = forecast_override{forecast_category::omitted, "customer paused the project"};
  auto prospect = open_deal("P", dollars(40'000), 10);
  prospect.stage = "Prospect";
  const std::vector<opportunity> deals{omitted, prospect, open_deal("B", dollars(10'000), 50)};
  const auto r = forecast(deals, p, dollars(10'000));
  CHECK(r.open_deals == 1);
  CHECK(r.omitted_deals == 2);
  CHECK(r.expected_value == dollars(5'000));
  CHECK(r.p90 == dollars(10'000));
  CHECK(r.quota_chance == percent::from_whole(50));

  // A rep's override to another category keeps the deal in.
  omitted.forecast_override->category = forecast_category::commit;
  const std::vector<opportunity> kept{omitted, open_deal("B", dollars(10'000), 50)};
  CHECK(forecast(kept, p).open_deals == 2);
}

TEST_CASE("range forecast: an unknown stage or an outcome its stage contradicts is an error naming the deal") {
  const auto p = rules();
  auto odd = open_deal("OPP-7", dollars(1'000), 50);
  odd.stage = "Pilot";
  const std::vector<opportunity> deals{odd};
  const auto e = forecast_range(deals, period(p), p);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == errc::unknown_name);
  CHECK(e.error().where == "stage");
  CHECK(e.error().message.find("'OPP-7'") != std::string::npos);
  CHECK(e.error().message.find("'Pilot'") != std::string::npos);

  auto won_open = won_deal("OPP-8", dollars(1'000), 2026y / January / 5d);
  won_open.stage = "Proposal";
  const std::vector<opportunity> contradicting{won_open};
  const auto c = forecast_range(contradicting, period(p), p);
  REQUIRE_FALSE(c);
  CHECK(c.error().code == errc::inconsistent);
  CHECK(c.error().message.find("'OPP-8'") != std::string::npos);

  // Outside the period, nothing is looked at.
  odd.close_date = 2027y / January / 5d;
  const std::vector<opportunity> later{odd};
  CHECK(forecast_range(later, period(p), p));
}

TEST_CASE("range forecast: regression - stepping never reports an outcome that cannot happen") {
  // $1.50 at 50% beside a $5,000,000 deal at 0%: the 0% deal once widened the span, the
  // step became $1.00 (with 100 buckets), $1.50 rounded to $2.00 and P90 read $2.00 with a
  // 50% chance of a $1.60 quota. Now only uncertain deals set the step, and totals are held
  // within what the deals can exactly bring.
  auto pol = policy{};
  pol.forecast.range_buckets = 100;
  const auto p = rules(pol);
  const std::vector<opportunity> deals{open_deal("S", money(150, usd), 50), open_deal("Z", dollars(5'000'000), 0)};
  const auto r = forecast(deals, p, money(160, usd));
  CHECK(r.resolution == money(2, usd));  // ceil(150 / 100) cents
  CHECK(r.p90 == money(150, usd));
  CHECK(r.quota_chance == percent());
  // With a coarse step forced by other uncertain deals, the clamp still holds the extremes.
  const std::vector<opportunity> coarse{open_deal("S", money(150, usd), 50), open_deal("B", dollars(100), 50)};
  const auto c = forecast(coarse, p, money(10'151, usd));
  CHECK(c.p90.minor_units() <= 10'150);
  CHECK(c.quota_chance == percent());
}

TEST_CASE("range forecast: deals at 100% shift the range and deals at 0% add nothing") {
  // $20,000 at 100%, $10,000 at 0% and $10,000 at 50%: totals 20,000 or 30,000, half each.
  // Only the 50% deal is stepped: resolution 1,000,000 / 100,000 = 10 cents.
  const auto p = rules();
  const std::vector<opportunity> deals{open_deal("C", dollars(20'000), 100), open_deal("Z", dollars(10'000), 0),
                                       open_deal("H", dollars(10'000), 50)};
  const auto r = forecast(deals, p, dollars(25'000));
  CHECK(r.open_deals == 3);
  CHECK(r.resolution == money(10, usd));
  CHECK(r.p10 == dollars(20'000));
  CHECK(r.p50 == dollars(20'000));
  CHECK(r.p90 == dollars(30'000));
  CHECK(r.expected_value == dollars(25'000));
  CHECK(r.quota_chance == percent::from_whole(50));
  CHECK(forecast(deals, p, dollars(20'000)).quota_chance == percent::from_whole(100));
}
