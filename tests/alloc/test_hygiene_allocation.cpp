// The hygiene checks allocate nothing of their own: into a reserved container a
// whole pipeline allocates nothing, and into a growing one every allocation is the
// container's. This program replaces the global operator new to count
// allocations, so it is a test executable of its own.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <salesrules/hygiene.hpp>

#include "../deals.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

namespace {
std::atomic<long> allocations{0};

// Keep a value alive in the optimizer's eyes.
void keep(const void* p) { asm volatile("" : : "g"(p) : "memory"); }
}  // namespace

// Kept out of line: inlined into their callers, GCC 12 at -O2 and above takes
// malloc/free behind operator new/delete for a mismatch (-Wmismatched-new-delete).
[[gnu::noinline]] void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) { return operator new(n); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace salesrules;
using namespace std::chrono;

namespace {
const date today = 2026y / March / 2d;

// Allocations made while running f.
template <class F>
long count(F&& f) {
  const long before = allocations.load();
  f();
  return allocations.load() - before;
}

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
    }
    out.push_back(std::move(o));
  }
  return out;
}
}  // namespace

TEST_CASE("hygiene allocation: the counter sees allocations (so a zero below means something)") {
  CHECK(count([] {
          std::string s(200, 'x');
          keep(s.data());
        }) >= 1);
}

TEST_CASE("hygiene allocation: a pipeline into a reserved vector allocates nothing") {
  const auto p = *validate(policy{.hygiene = {.stale_after_by_stage = {{"Negotiation", 14}}}});
  const auto deals = messy_pipeline(1000);
  std::vector<hygiene_finding> out;
  out.reserve(deals.size() * enum_set<hygiene_rule>::capacity);
  std::size_t found = 0;
  CHECK(count([&] { found = check_hygiene(deals, p, today, out).value_or(0); }) == 0);
  CHECK(found == out.size());
  CHECK(found > 1000);  // the pipeline really is messy
  const auto s = summarize(out);
  for (auto rule : enum_set<hygiene_rule>::all()) {
    CAPTURE(name_of(rule));
    CHECK(s.of(rule) > 0);  // every rule fired, so every path ran
  }

  // Reused for another pass: cleared, not shrunk, so again nothing.
  out.clear();
  CHECK(count([&] { found = check_hygiene(deals, p, today, out).value_or(0); }) == 0);
  CHECK(found == out.size());
}

TEST_CASE("hygiene allocation: one deal at a time allocates nothing") {
  const auto p = *validate(policy{});
  const auto deals = messy_pipeline(50);
  std::vector<hygiene_finding> out;
  out.reserve(deals.size() * enum_set<hygiene_rule>::capacity);
  CHECK(count([&] {
          for (std::size_t i = 0; i < deals.size(); ++i) {
            const auto n = check_hygiene(deals[i], i, p, today, out);
            keep(&n);
          }
        }) == 0);
  CHECK(!out.empty());
}

TEST_CASE("hygiene allocation: into a growing vector, every allocation is the vector's own") {
  const auto p = *validate(policy{});
  const auto deals = messy_pipeline(1000);
  std::vector<hygiene_finding, counting_allocator<hygiene_finding>> out;
  container_allocations = 0;
  const long all = count([&] {
    const auto n = check_hygiene(deals, p, today, out);
    keep(&n);
  });
  CHECK(container_allocations > 0);
  CHECK(all == container_allocations);
}
