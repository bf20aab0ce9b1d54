// SPDX-License-Identifier: BSL-1.0
// The hygiene checks allocate nothing of their own: into a reserved container a
// whole pipeline allocates nothing, and into a growing one every allocation is the
// container's (allocations counted by counting_new.cpp).
#include <salesrules/hygiene.hpp>
#include <salesrules/policy.hpp>

#include "../deals.hpp"
#include "counting_new.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salesrules;
using namespace std::chrono;

namespace {
const date today = 2026y / March / 2d;

// An allocator that counts what it allocates, to tell the container's growth
// from anything else.
long container_allocations = 0;
template <class T>
struct counting_allocator {
  using value_type = T;
  counting_allocator() = default;
  template <class U>
  counting_allocator(const counting_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    ++container_allocations;
    return std::allocator<T>{}.allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept { std::allocator<T>{}.deallocate(p, n); }
  friend bool operator==(const counting_allocator&, const counting_allocator&) = default;
};

// Deals that between them break every rule, in every open stage, with a few closed ones.
std::vector<opportunity> messy_pipeline(std::size_t n) {
  static const char* const stages[] = {"Prospect", "Discovery", "Demo/Evaluation", "Proposal", "Negotiation"};
  std::vector<opportunity> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto o = test::qualified(test::acme(stages[i % 5]));
    const auto k = static_cast<std::int32_t>(i % 50);
    o.id = "OPP-" + std::to_string(100000 + i);
    o.last_activity_date = add_days(today, -k);
    o.close_date = add_days(today, 20 * k - 100);
    if (i % 7 != 0) o.next_step = next_step{"Send ROI summary to CTO", std::nullopt, ""};
    if (o.next_step && i % 3 == 0) o.next_step->due = add_days(today, 5 - k);
    if (o.next_step && i % 4 == 0) o.next_step->owner = "Dana Reyes";
    o.contact_count = static_cast<std::uint32_t>(i % 5);
    if (i % 6 == 0) o.meddpicc.champion.clear();
    if (i % 8 == 0) o.ratings.need = o.ratings.timeline = rating{1};  // 16/30
    if (i % 9 == 0) o.probability_override = probability{5};
    if (i % 11 == 0) {
      o.stage = "Closed Won";
      o.outcome = deal_outcome::won;
      o.closed_date = add_days(today, -k);  // signed then, no CS handoff: late from two days on
      o.milestones.reach(milestone::contract_signed);
    }
    out.push_back(std::move(o));
  }
  return out;
}
}  // namespace

TEST_CASE("hygiene allocation: a pipeline into a reserved vector allocates nothing") {
  const auto p = *validate(policy{.hygiene = {.stale_after_by_stage = {{"Negotiation", 14}}}});
  const auto deals = messy_pipeline(1000);
  std::vector<hygiene_finding> out;
  out.reserve(deals.size() * enum_set<hygiene_rule>::capacity);
  std::size_t found = 0;
  CHECK(test::count_allocations([&] { found = check_hygiene(deals, p, today, out).value_or(0); }) == 0);
  CHECK(found == out.size());
  CHECK(found > 1000);  // the pipeline really is messy
  const auto s = summarize(out);
  for (auto rule : enum_set<hygiene_rule>::all()) {
    CAPTURE(name_of(rule));
    CHECK(s.of(rule) > 0);  // every rule fired, so every path ran
  }

  // Reused for another pass: cleared, not shrunk, so again nothing.
  out.clear();
  CHECK(test::count_allocations([&] { found = check_hygiene(deals, p, today, out).value_or(0); }) == 0);
  CHECK(found == out.size());
}

TEST_CASE("hygiene allocation: scoped thresholds cost no allocation") {
  policy with;
  with.process.fields = {{"seats", field_type::number}};
  with.hygiene.scopes = {{"SMB", compare("segment", comparison::equal, {"SMB"}), 14, std::nullopt, std::nullopt},
                         {"large", compare("seats", comparison::at_least, {"500"}), std::nullopt, 5, 180}};
  const auto p = *validate(std::move(with));
  auto deals = messy_pipeline(1000);
  for (std::size_t i = 0; i < deals.size(); ++i) {
    if (i % 3 == 0) deals[i].segment = "SMB";
    if (i % 5 == 0) deals[i].fields = {{"seats", number::from_whole(static_cast<std::int64_t>(i))}};
  }
  std::vector<hygiene_finding> out;
  out.reserve(deals.size() * enum_set<hygiene_rule>::capacity);
  std::size_t found = 0;
  CHECK(test::count_allocations([&] { found = check_hygiene(deals, p, today, out).value_or(0); }) == 0);
  CHECK(found == out.size());
  CHECK(found > 1000);
}

TEST_CASE("hygiene allocation: one deal at a time allocates nothing") {
  const auto p = *validate(policy{});
  const auto deals = messy_pipeline(50);
  std::vector<hygiene_finding> out;
  out.reserve(deals.size() * enum_set<hygiene_rule>::capacity);
  CHECK(test::count_allocations([&] {
          for (std::size_t i = 0; i < deals.size(); ++i) {
            const auto n = check_hygiene(deals[i], i, p, today, out);
            test::keep(&n);
          }
        }) == 0);
  CHECK(!out.empty());
}

TEST_CASE("hygiene allocation: into a growing vector, every allocation is the vector's own") {
  const auto p = *validate(policy{});
  const auto deals = messy_pipeline(1000);
  std::vector<hygiene_finding, counting_allocator<hygiene_finding>> out;
  container_allocations = 0;
  const long all = test::count_allocations([&] {
    const auto n = check_hygiene(deals, p, today, out);
    test::keep(&n);
  });
  CHECK(container_allocations > 0);
  CHECK(all == container_allocations);
}
