// Scoring and gate checks allocate nothing. This program replaces the global
// operator new to count allocations, so it is a test executable of its own.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <salesrules/salesrules.hpp>

#include "../deals.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

namespace {
std::atomic<long> allocations{0};

// Keep a value alive in the optimizer's eyes.
void keep(const void* p) { asm volatile("" : : "g"(p) : "memory"); }
}  // namespace

void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace salesrules;
using namespace std::chrono;

namespace {
// Allocations made while running f.
template <class F>
long count(F&& f) {
  const long before = allocations.load();
  f();
  return allocations.load() - before;
}
}  // namespace

TEST_CASE("allocation: the counter sees allocations (so a zero below means something)") {
  CHECK(count([] {
          std::string s(200, 'x');
          keep(s.data());
        }) >= 1);
}

TEST_CASE("allocation: scoring, MEDDPICC, BANT and ICP checks allocate nothing") {
  const auto p = *validate(policy{.icp = {.segments = {"Mid-Market", "Enterprise"}, .industries = {"Manufacturing"}}});
  const auto o = test::qualified(test::acme("Discovery", {milestone::meeting_held}));
  int sink = 0;
  CHECK(count([&] { sink += score(o.ratings, p.scorecard()).total.hundredths(); }) == 0);
  CHECK(count([&] { sink += static_cast<int>(check_meddpicc(o.meddpicc, p.meddpicc()).present.size()); }) == 0);
  CHECK(count([&] { sink += check_bant(o.bant).confirmed() ? 1 : 0; }) == 0);
  CHECK(count([&] { sink += check_icp(o.segment, o.profile, p.icp()).fits() ? 1 : 0; }) == 0);
  CHECK(count([&] { sink += probability_of(o, p.process())->whole_percent(); }) == 0);
  CHECK(sink != 0);
}

TEST_CASE("allocation: a gate check allocates nothing, allowed or refused") {
  const auto p = *validate(policy{});
  const date today = 2026y / March / 2d;
  const auto allowed = test::qualified(test::acme("Discovery", {milestone::meeting_held, milestone::technical_fit_confirmed}));
  const auto refused = test::acme("Prospect");
  std::size_t unmet = 0;
  CHECK(count([&] { unmet += check_move(allowed, "Demo/Evaluation", p, today)->unmet.size(); }) == 0);
  CHECK(count([&] { unmet += check_move(refused, "Proposal", p, today)->unmet.size(); }) == 0);
  CHECK(count([&] { unmet += check_exit(refused, p, today)->unmet.size(); }) == 0);
  CHECK(unmet == 8 + 1);
}
