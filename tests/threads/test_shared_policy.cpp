// SPDX-License-Identifier: BSL-1.0
// One validated_policy shared by several threads that score, check and make stage
// moves, categorise and decide discounts at once: each thread's results equal the
// ones worked out on one thread. Built with -fsanitize=thread (.ci/tsan), this is the
// proof that deciding reads the policy only; in other builds it checks the results.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <salesrules/salesrules.hpp>

#include "../deals.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <thread>
#include <vector>

using namespace salesrules;
using namespace std::chrono;

namespace {

constexpr std::size_t threads = 4;
constexpr int rounds = 100;

// What one pass over the deals and requests gives: everything a host reads.
struct results {
  std::vector<int> score_hundredths;
  std::vector<std::size_t> unmet;
  std::vector<bool> advanced;
  std::vector<std::string> advanced_stage;
  std::vector<forecast_category> category;
  std::vector<int> discount_level;
  friend bool operator==(const results&, const results&) = default;
};

results decide_all(const std::vector<opportunity>& deals, const std::vector<discount_request>& requests,
                   const validated_policy& p, date today) {
  results r;
  for (const opportunity& o : deals) {
    r.score_hundredths.push_back(score(o.ratings, p.scorecard()).total.hundredths());
    const auto check = check_move(o, "Demo/Evaluation", p, today);
    r.unmet.push_back(check ? check->unmet.size() : 99);
    const auto moved = advance(o, "Demo/Evaluation", p, today);
    r.advanced.push_back(moved.has_value());
    r.advanced_stage.push_back(moved ? moved->stage : std::string());
    const auto c = categorize(o, p);
    r.category.push_back(c ? c->category : forecast_category::omitted);
  }
  for (const discount_request& q : requests) {
    const auto d = decide_discount(q, p.discount());
    r.discount_level.push_back(d ? static_cast<int>(d->level) : -1);
  }
  return r;
}

}  // namespace

TEST_CASE("threads: one validated_policy decides for several threads at once, as for one") {
  const auto p = *validate(policy{.icp = {.segments = {"Mid-Market", "Enterprise"}, .industries = {"Manufacturing"}}});
  const date today = 2026y / March / 2d;
  const currency usd{"USD"};

  std::vector<opportunity> deals;
  for (int i = 0; i < 40; ++i) {
    opportunity o = test::acme("Discovery", {milestone::meeting_held});
    o.id = "OPP-" + std::to_string(i);
    if (i % 2 == 0) o = test::qualified(std::move(o));
    if (i % 3 == 0) o.milestones.reach(milestone::technical_fit_confirmed);
    if (i % 5 == 0) o.stage = "Prospect";
    deals.push_back(std::move(o));
  }
  std::vector<discount_request> requests;
  for (std::int64_t off = 0; off <= 40; off += 4) {  // 0% to 40% off a $100,000 list
    discount_request q;
    q.lines = {{money(10'000'000, usd), money(10'000'000 - off * 100'000, usd)}};
    q.payment_days = off >= 20 ? 60 : 30;
    requests.push_back(std::move(q));
  }

  const results expected_results = decide_all(deals, requests, p, today);
  // The serial pass decided something of each kind, so equality below means something.
  CHECK(expected_results.score_hundredths.front() == 2100);
  CHECK(expected_results.discount_level.front() == 0);
  CHECK(expected_results.discount_level.back() > 0);
  std::size_t moves = 0;
  for (bool a : expected_results.advanced) moves += a ? 1 : 0;
  CHECK(moves > 0);
  CHECK(moves < deals.size());

  std::vector<std::vector<results>> seen(threads);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < rounds; ++i) seen[t].push_back(decide_all(deals, requests, p, today));
    });
  for (std::thread& t : pool) t.join();

  for (std::size_t t = 0; t < threads; ++t) {
    REQUIRE(seen[t].size() == static_cast<std::size_t>(rounds));
    for (const results& r : seen[t]) CHECK(r == expected_results);
  }
}
