// SPDX-License-Identifier: BSL-1.0
#include <salesrules/detail/convolution.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

using namespace salesrules::detail;

namespace {

// A small deterministic generator, the same on every platform.
struct lcg {
  std::uint64_t state;
  std::uint64_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 11;
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-42; }  // [0, 1)
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

std::vector<double> chances(lcg& rng, std::size_t n) {
  std::vector<double> v(n);
  double sum = 0;
  for (double& x : v) sum += x = rng.unit();
  for (double& x : v) x /= sum;
  return v;
}

// A deal of `steps` + f steps won with `percent`.
split_term term(std::int64_t steps, double f, int percent) {
  const double p = percent / 100.0;
  return {steps, (100 - percent) / 100.0, p * (1 - f), f > 0 ? p * f : 0.0};
}

// The exact distribution by dynamic programming in long double, deal by deal.
struct reference {
  std::int64_t first = 0;
  std::vector<long double> chance;
};

reference long_double_dp(const std::vector<split_term>& terms) {
  std::int64_t lo = 0, hi = 0;
  for (const auto& t : terms) {
    lo += std::min<std::int64_t>(0, t.steps);
    hi += std::max<std::int64_t>(0, t.steps + 1);
  }
  reference r{lo, std::vector<long double>(static_cast<std::size_t>(hi - lo + 1), 0.0L)};
  std::vector<long double> next;
  r.chance[static_cast<std::size_t>(-lo)] = 1;
  for (const auto& t : terms) {
    next.assign(r.chance.size(), 0.0L);
    for (std::size_t i = 0; i < r.chance.size(); ++i) {
      if (r.chance[i] == 0) continue;
      const auto at = static_cast<std::int64_t>(i);
      next[i] += r.chance[i] * t.none;
      next[static_cast<std::size_t>(at + t.steps)] += r.chance[i] * t.low;
      if (t.high > 0) next[static_cast<std::size_t>(at + t.steps + 1)] += r.chance[i] * t.high;
    }
    r.chance.swap(next);
  }
  return r;
}

struct errors {
  long double cumulative = 0;  // the largest |P(<= t) - exact P(<= t)|
  long double mean = 0;        // |mean - the terms' mean|, in steps
  long double total = 0;       // |sum of chances - 1|
};

errors compare(const step_distribution& d, const std::vector<split_term>& terms) {
  const reference r = long_double_dp(terms);
  errors e;
  long double got = 0, want = 0, mean = 0, exact_mean = 0;
  for (std::size_t i = 0; i < r.chance.size(); ++i) {
    const std::int64_t at = r.first + static_cast<std::int64_t>(i);
    const std::int64_t j = at - d.first;
    const long double c = j >= 0 && j < static_cast<std::int64_t>(d.chance.size()) ? d.chance[static_cast<std::size_t>(j)] : 0.0L;
    got += c;
    want += r.chance[i];
    mean += static_cast<long double>(at) * c;
    e.cumulative = std::max(e.cumulative, std::fabs(got - want));
  }
  for (const auto& t : terms)
    exact_mean += static_cast<long double>(t.steps) * t.low + static_cast<long double>(t.steps + 1) * t.high;
  e.mean = std::fabs(mean - exact_mean);
  e.total = std::fabs(got - 1);
  return e;
}

}  // namespace

TEST_CASE("convolution: twiddle factors are within two ulps of exp(-i pi j / h)") {
  fft_twiddles w;
  w.reserve(1 << 14);
  CHECK(w.size() == 1 << 14);
  long double worst = 0;
  for (std::size_t h = 1; h < w.size(); h *= 2)
    for (std::size_t j = 0; j < h; ++j) {
      const long double a = std::numbers::pi_v<long double> * static_cast<long double>(j) / static_cast<long double>(h);
      worst = std::max({worst, std::fabs(w.re(h)[j] - std::cos(a)), std::fabs(w.im(h)[j] + std::sin(a))});
    }
  CHECK(worst <= 2 * DBL_EPSILON);
  w.reserve(16);  // smaller: kept
  CHECK(w.size() == 1 << 14);
}

TEST_CASE("convolution: the FFT product equals the direct product") {
  lcg rng{11};
  fft_workspace ws;
  const std::pair<std::size_t, std::size_t> sizes[] = {{1, 1}, {2, 1}, {3, 5}, {64, 64}, {100, 1000}, {1000, 1000}, {4097, 3}, {5000, 7000}};
  for (const auto& [la, lb] : sizes) {
    const auto a = chances(rng, la), b = chances(rng, lb);
    std::vector<double> direct(la + lb - 1), fft(la + lb - 1);
    direct_convolve(a.data(), la, b.data(), lb, direct.data());
    fft_convolve(a.data(), la, b.data(), lb, fft.data(), ws);
    double worst = 0;
    for (std::size_t i = 0; i < direct.size(); ++i) worst = std::max(worst, std::fabs(direct[i] - fft[i]));
    CAPTURE(la);
    CAPTURE(lb);
    CHECK(worst <= 1e-16);
  }
}

TEST_CASE("convolution: the product tree matches a long-double dynamic programme") {
  // Narrow deals folded into chunks, wide ones merged sparse, and large factors by FFT:
  // the cumulative chance within 1e-13 of the exact one everywhere, the mean kept to
  // 1e-9 of a step, and what the floors dropped under 1e-13 (as measured: about 1e-15).
  lcg rng{5};
  for (const auto& [n, widest] : {std::pair{300, 100}, std::pair{2'000, 8}, std::pair{60, 3'000}, std::pair{12, 40'000}}) {
    std::vector<split_term> terms;
    for (int i = 0; i < n; ++i) {
      std::int64_t steps = rng.below(widest);
      if (rng.below(10) == 0) steps = -steps - 1;
      terms.push_back(term(steps, rng.below(4) == 0 ? 0.0 : rng.unit(), static_cast<int>(1 + rng.below(99))));
    }
    auto copy = terms;
    const auto d = convolve_terms(copy);
    const auto e = compare(d, terms);
    CAPTURE(n);
    CAPTURE(widest);
    CHECK(e.cumulative <= 1e-13L);
    CHECK(e.mean <= 1e-9L);
    CHECK(e.total <= 1e-13L);
    CHECK(d.dropped <= 1e-13);
    CHECK(d.chance.front() > 0);
    CHECK(d.chance.back() > 0);
  }
}

TEST_CASE("convolution: terms in any order give the same distribution, bit for bit") {
  lcg rng{3};
  std::vector<split_term> terms;
  for (int i = 0; i < 500; ++i)
    terms.push_back(term(rng.below(50), rng.unit(), static_cast<int>(1 + rng.below(99))));
  terms.push_back(terms[7]);  // a repeated term
  auto forward = terms;
  auto backward = std::vector<split_term>(terms.rbegin(), terms.rend());
  const auto a = convolve_terms(forward), b = convolve_terms(backward);
  CHECK(a.first == b.first);
  CHECK(a.chance == b.chance);
}

TEST_CASE("convolution: no entry is ever a denormal number") {
  // 500 deals each with a 1e-30 chance of their upper step: the chance of all of them
  // together would be 1e-15000. Entries that small are dropped on the way (a few
  // 1e-30-sized chances in all), never computed as denormal doubles.
  std::vector<split_term> terms;
  for (int i = 0; i < 500; ++i) terms.push_back({1 + i % 3, 0.5, 0.5 - 1e-30, 1e-30});
  auto copy = terms;
  const auto d = convolve_terms(copy);
  for (double x : d.chance) CHECK(std::fpclassify(x) != FP_SUBNORMAL);
  double sum = 0;
  for (double x : d.chance) sum += x;
  CHECK(std::fabs(sum - 1) <= 1e-13);
  CHECK(compare(d, terms).cumulative <= 1e-13L);
}

TEST_CASE("convolution: no terms, or only certain zeros, is a certain 0") {
  std::vector<split_term> none;
  const auto d = convolve_terms(none);
  CHECK(d.first == 0);
  CHECK(d.chance == std::vector<double>{1.0});
  std::vector<split_term> zeros{{0, 0.5, 0.5, 0.0}, {0, 0.9, 0.1, 0.0}};
  const auto z = convolve_terms(zeros);
  CHECK(z.first == 0);
  CHECK(z.chance == std::vector<double>{1.0});
  // A credit of -0.25 steps (-1 + .75) at 40%: -1 with .4 x .25 = .1, 0 with .6 + .3.
  std::vector<split_term> credit{term(-1, 0.75, 40)};
  const auto c = convolve_terms(credit);
  CHECK(c.first == -1);
  REQUIRE(c.chance.size() == 2);
  CHECK(c.chance[0] == doctest::Approx(0.1));
  CHECK(c.chance[1] == doctest::Approx(0.9));
}
