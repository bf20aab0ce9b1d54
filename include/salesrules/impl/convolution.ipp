// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/convolution.ipp - the definitions behind detail/convolution.hpp (see config.hpp:
// included by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_CONVOLUTION_IPP
#define SALESRULES_IMPL_CONVOLUTION_IPP

#include <salesrules/detail/convolution.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>
#include <utility>
#include <vector>

namespace salesrules::detail {

// ---------------------------------------------------------------------------
// FFT

SALESRULES_INLINE void fft_twiddles::reserve(std::size_t n) {
  if (n <= size_) return;
  re_.assign(n, 0.0);
  im_.assign(n, 0.0);
  const std::size_t h = n / 2;
  double* wr = re_.data() + h;
  double* wi = im_.data() + h;
  if (h < 8) {
    for (std::size_t j = 0; j < h; ++j) {
      const double a = std::numbers::pi * static_cast<double>(j) / static_cast<double>(h);
      wr[j] = std::cos(a);
      wi[j] = -std::sin(a);
    }
  } else {
    const std::size_t q = h / 4;  // pi/4
    for (std::size_t j = 0; j <= q; ++j) {
      const double a = std::numbers::pi * static_cast<double>(j) / static_cast<double>(h);
      const double c = std::cos(a), s = std::sin(a);
      wr[j] = c;  // angle a
      wi[j] = -s;
      wr[2 * q - j] = s;  // pi/2 - a
      wi[2 * q - j] = -c;
      wr[2 * q + j] = -s;  // pi/2 + a
      wi[2 * q + j] = -c;
      if (j > 0) {
        wr[h - j] = -c;  // pi - a
        wi[h - j] = -s;
      }
    }
  }
  for (std::size_t half = h / 2; half >= 1; half /= 2)
    for (std::size_t j = 0; j < half; ++j) {
      re_[half + j] = re_[2 * half + 2 * j];
      im_[half + j] = im_[2 * half + 2 * j];
    }
  size_ = n;
}

// One stage's butterflies of a decimation-in-frequency transform over a block:
// (u, v) -> (u + v, (u - v) w).
SALESRULES_INLINE void fft_dif_block(double* __restrict ar, double* __restrict ai, double* __restrict br,
                                     double* __restrict bi, const double* __restrict wr, const double* __restrict wi,
                                     std::size_t half) noexcept {
  for (std::size_t j = 0; j < half; ++j) {
    const double ur = ar[j], ui = ai[j], vr = br[j], vi = bi[j];
    ar[j] = ur + vr;
    ai[j] = ui + vi;
    const double dr = ur - vr, di = ui - vi;
    br[j] = dr * wr[j] - di * wi[j];
    bi[j] = dr * wi[j] + di * wr[j];
  }
}

// Its inverse without the halving, decimation in time: (x, y) -> (x + y conj(w), x - y conj(w)).
SALESRULES_INLINE void fft_dit_block(double* __restrict ar, double* __restrict ai, double* __restrict br,
                                     double* __restrict bi, const double* __restrict wr, const double* __restrict wi,
                                     std::size_t half) noexcept {
  for (std::size_t j = 0; j < half; ++j) {
    const double vr = br[j] * wr[j] + bi[j] * wi[j];
    const double vi = bi[j] * wr[j] - br[j] * wi[j];
    const double ur = ar[j], ui = ai[j];
    ar[j] = ur + vr;
    ai[j] = ui + vi;
    br[j] = ur - vr;
    bi[j] = ui - vi;
  }
}

// The DFT of two points, which is its own inverse up to the factor 2.
SALESRULES_INLINE void fft_pair(double* re, double* im) noexcept {
  const double ur = re[0], ui = im[0], vr = re[1], vi = im[1];
  re[0] = ur + vr;
  im[0] = ui + vi;
  re[1] = ur - vr;
  im[1] = ui - vi;
}

// The DFT of n points (a power of two, at most w.size()) in place, its output in
// bit-reversed order: a convolution multiplies two such spectra entry by entry and
// transforms back with fft_inverse, so the order never needs restoring.
SALESRULES_INLINE void fft_forward(double* re, double* im, std::size_t n, const fft_twiddles& w) noexcept {
  for (std::size_t half = n / 2; half >= 4; half /= 2)
    for (std::size_t s = 0; s < n; s += 2 * half)
      fft_dif_block(re + s, im + s, re + s + half, im + s + half, w.re(half), w.im(half), half);
  if (n == 2) {
    fft_pair(re, im);
    return;
  }
  // The last two stages at once, on blocks of 4: their factors are 1 and -i.
  for (std::size_t s = 0; s < n; s += 4) {
    double* r = re + s;
    double* i = im + s;
    const double ar = r[0] + r[2], ai = i[0] + i[2], br = r[1] + r[3], bi = i[1] + i[3];
    const double cr = r[0] - r[2], ci = i[0] - i[2], dr = i[1] - i[3], di = r[3] - r[1];  // (x1 - x3)(-i)
    r[0] = ar + br;
    i[0] = ai + bi;
    r[1] = ar - br;
    i[1] = ai - bi;
    r[2] = cr + dr;
    i[2] = ci + di;
    r[3] = cr - dr;
    i[3] = ci - di;
  }
}

// n x the inverse DFT of a spectrum in bit-reversed order, output in natural order.
SALESRULES_INLINE void fft_inverse(double* re, double* im, std::size_t n, const fft_twiddles& w) noexcept {
  if (n == 2) {
    fft_pair(re, im);
    return;
  }
  // The first two stages at once, on blocks of 4: their factors are 1 and conj(-i) = i.
  for (std::size_t s = 0; s < n; s += 4) {
    double* r = re + s;
    double* i = im + s;
    const double ar = r[0] + r[1], ai = i[0] + i[1], cr = r[0] - r[1], ci = i[0] - i[1];
    const double br = r[2] + r[3], bi = i[2] + i[3], dr = r[2] - r[3], di = i[2] - i[3];
    // (d)(i) = (-di, dr)
    r[0] = ar + br;
    i[0] = ai + bi;
    r[2] = ar - br;
    i[2] = ai - bi;
    r[1] = cr - di;
    i[1] = ci + dr;
    r[3] = cr + di;
    i[3] = ci - dr;
  }
  for (std::size_t half = 4; half < n; half *= 2)
    for (std::size_t s = 0; s < n; s += 2 * half)
      fft_dit_block(re + s, im + s, re + s + half, im + s + half, w.re(half), w.im(half), half);
}

SALESRULES_INLINE void fft_convolve(const double* a, std::size_t la, const double* b, std::size_t lb, double* out,
                                    fft_workspace& ws) {
  std::size_t n = 2;
  while (n < la + lb - 1) n *= 2;
  ws.twiddles.reserve(n);
  ws.re.assign(n, 0.0);
  ws.im.assign(n, 0.0);
  std::copy_n(a, la, ws.re.begin());
  std::copy_n(b, lb, ws.im.begin());
  double* re = ws.re.data();
  double* im = ws.im.data();
  fft_forward(re, im, n, ws.twiddles);
  // With X = Z[k] and Y = conj(Z[-k]): A[k] = (X + Y) / 2, B[k] = (X - Y) / 2i, and
  // A[k] B[k] = (X^2 - Y^2) / 4i; the 1/n of the inverse is folded in here.
  const double scale = 0.25 / static_cast<double>(n);
  for (std::size_t j = 0; j < 2; ++j) {  // k = 0 and k = n/2 are their own partners
    const double c = re[j] * im[j] * 4 * scale;
    re[j] = c;
    im[j] = 0;
  }
  for (std::size_t m = 2; m < n; m *= 2) {
    for (std::size_t j = m, partner = 2 * m - 1; j < partner; ++j, --partner) {
      const double xr = re[j], xi = im[j], yr = re[partner], yi = -im[partner];
      const double pr = (xr * xr - xi * xi) - (yr * yr - yi * yi);
      const double pi = 2 * (xr * xi - yr * yi);
      // -i (pr + i pi) / 4
      re[j] = pi * scale;
      im[j] = -pr * scale;
      re[partner] = pi * scale;  // the conjugate: the result is real
      im[partner] = pr * scale;
    }
  }
  fft_inverse(re, im, n, ws.twiddles);
  std::copy_n(re, la + lb - 1, out);
}

// ---------------------------------------------------------------------------
// Direct convolution

// out[i] += s x a[i], i < n
SALESRULES_INLINE void axpy(double* __restrict out, const double* __restrict a, double s, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] += s * a[i];
}

SALESRULES_INLINE void direct_convolve(const double* a, std::size_t la, const double* b, std::size_t lb,
                                       double* out) noexcept {
  std::fill(out, out + la + lb - 1, 0.0);
  for (std::size_t j = 0; j < lb; ++j)
    if (b[j] != 0) axpy(out + j, a, b[j], la);
}

// ---------------------------------------------------------------------------
// The product tree

namespace convolution {

struct factor {
  std::int64_t first = 0;
  std::vector<double> chance;
  std::size_t nonzero = 0;
};

// Sets entries below `floor` to 0 (adding those above 0 to `dropped`), cuts the zero
// ends off and counts what is left.
SALESRULES_INLINE void settle(factor& f, double floor, double& dropped) {
  std::vector<double>& c = f.chance;
  std::size_t nonzero = 0;
  for (double& x : c) {
    if (x < floor) {
      if (x > 0) dropped += x;
      x = 0;
    } else {
      ++nonzero;
    }
  }
  f.nonzero = nonzero;
  if (nonzero == 0) {  // cannot happen with chances that add up to 1; kept whole
    c.assign(1, 0.0);
    return;
  }
  std::size_t lo = 0, hi = c.size();
  while (c[lo] == 0) ++lo;
  while (c[hi - 1] == 0) --hi;
  if (lo > 0 || hi < c.size()) {
    c.erase(c.begin() + static_cast<std::ptrdiff_t>(hi), c.end());
    c.erase(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(lo));
    f.first += static_cast<std::int64_t>(lo);
  }
}

SALESRULES_INLINE double largest(const std::vector<double>& c) noexcept {
  double m = 0;
  for (double x : c) m = std::max(m, x);
  return m;
}

SALESRULES_INLINE double norm2(const std::vector<double>& c) noexcept {
  double s = 0;
  for (double x : c) s += x * x;
  return std::sqrt(s);
}

SALESRULES_INLINE unsigned log2_of(std::size_t n) noexcept {
  unsigned l = 0;
  while ((std::size_t{1} << l) < n) ++l;
  return l;
}

// The product of two factors, by whichever convolution costs less: direct, about
// (nonzero entries of the sparser) x (length of the other) multiply-adds, or FFT,
// about 4 n log2 n for n points.
SALESRULES_INLINE factor merge(const factor& a, const factor& b, fft_workspace& ws, double& dropped) {
  const std::size_t la = a.chance.size(), lb = b.chance.size();
  factor out;
  out.first = a.first + b.first;
  out.chance.resize(la + lb - 1);
  const std::size_t n = std::size_t{1} << log2_of(la + lb - 1);
  const double direct_cost = static_cast<double>(std::min(a.nonzero * lb, b.nonzero * la));
  const double fft_cost = 4.0 * static_cast<double>(n) * std::max(1u, log2_of(n));
  double floor = 0;
  if (direct_cost <= fft_cost || n < 64) {
    if (a.nonzero * lb <= b.nonzero * la)
      direct_convolve(b.chance.data(), lb, a.chance.data(), la, out.chance.data());
    else
      direct_convolve(a.chance.data(), la, b.chance.data(), lb, out.chance.data());
    floor = floor_ratio * largest(out.chance);
  } else {
    fft_convolve(a.chance.data(), la, b.chance.data(), lb, out.chance.data(), ws);
    // The transform's error in an entry is bounded by a small multiple of eps x
    // log2 n x the larger factor's 2-norm, and measures about a tenth of eps x that
    // norm; an entry below an eighth of it is taken for noise (it may be negative).
    const double noise = std::numeric_limits<double>::epsilon() / 8 * std::max(norm2(a.chance), norm2(b.chance));
    floor = std::max(floor_ratio * largest(out.chance), noise);
  }
  settle(out, floor, dropped);
  return out;
}

}  // namespace convolution

SALESRULES_INLINE step_distribution convolve_terms(std::vector<split_term>& terms) {
  using convolution::factor;
  // A term's width in steps: min(0, steps) to max(0, steps + 1), or to steps when
  // the chance of steps + 1 is 0.
  auto lowest = [](const split_term& t) { return std::min<std::int64_t>(0, t.steps); };
  auto highest = [](const split_term& t) { return std::max<std::int64_t>(0, t.high > 0 ? t.steps + 1 : t.steps); };
  auto width = [&](const split_term& t) { return highest(t) - lowest(t) + 1; };
  // A canonical order (so the result does not depend on the order the terms come
  // in): by width, then by a key of the chances, then by the chances themselves.
  struct sort_key {
    std::uint64_t key;
    std::size_t index;
  };
  std::vector<sort_key> order(terms.size());
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const split_term& t = terms[i];
    const auto w = static_cast<std::uint64_t>(width(t));
    const auto none = static_cast<std::uint64_t>(t.none * 1048576.0);  // 20 bits each
    const auto high = static_cast<std::uint64_t>(t.high * 1048576.0);
    order[i] = {(std::min<std::uint64_t>(w, 1u << 22) << 42) | (static_cast<std::uint64_t>(t.steps < 0) << 41) |
                    (std::min<std::uint64_t>(none, 1048575) << 21) | std::min<std::uint64_t>(high, 1048575),
                i};
  }
  std::sort(order.begin(), order.end(), [&](const sort_key& x, const sort_key& y) {
    if (x.key != y.key) return x.key < y.key;
    const split_term& a = terms[x.index];
    const split_term& b = terms[y.index];
    if (a.steps != b.steps) return a.steps < b.steps;
    if (a.none != b.none) return a.none < b.none;
    if (a.high != b.high) return a.high < b.high;
    return a.low < b.low;
  });

  step_distribution result;
  fft_workspace ws;
  std::vector<factor> factors;
  auto term_factor = [&](const split_term& t) {
    factor f;
    f.first = lowest(t);
    f.chance.assign(static_cast<std::size_t>(width(t)), 0.0);
    f.chance[static_cast<std::size_t>(-f.first)] += t.none;
    f.chance[static_cast<std::size_t>(t.steps - f.first)] += t.low;
    if (t.high > 0) f.chance[static_cast<std::size_t>(t.steps + 1 - f.first)] += t.high;
    f.nonzero = 0;
    for (double x : f.chance) f.nonzero += x != 0;
    return f;
  };

  // Narrow terms are folded one by one into chunks of about 64 entries; wider ones
  // are factors of their own (sparse: two or three entries).
  constexpr std::int64_t narrow = 16;
  constexpr std::size_t chunk_size = 64;
  factor chunk;
  std::vector<double> spare;
  auto close_chunk = [&] {
    if (chunk.chance.empty()) return;
    convolution::settle(chunk, floor_ratio * convolution::largest(chunk.chance), result.dropped);
    factors.push_back(std::move(chunk));
    chunk = factor{};
  };
  // The smallest chance a chunk's entry can have fallen to; far below the floor it
  // would reach denormal numbers, so such entries are set to 0 first.
  double smallest = 1;
  for (const sort_key& o : order) {
    const split_term& t = terms[o.index];
    if (t.steps == 0 && t.high == 0) continue;  // certainly 0
    if (width(t) > narrow) {
      factors.push_back(term_factor(t));
      continue;
    }
    if (chunk.chance.empty()) {
      chunk = term_factor(t);
      smallest = 1;
      continue;
    }
    const std::int64_t lo = lowest(t);
    const std::size_t len = chunk.chance.size();
    spare.resize(len + static_cast<std::size_t>(width(t)) - 1);
    double* out = spare.data();
    const double* in = chunk.chance.data();
    const auto none_at = static_cast<std::size_t>(0 - lo), low_at = static_cast<std::size_t>(t.steps - lo);
    std::fill(out, out + none_at, 0.0);
    for (std::size_t i = 0; i < len; ++i) out[none_at + i] = t.none * in[i];
    std::fill(out + none_at + len, out + spare.size(), 0.0);
    axpy(out + low_at, in, t.low, len);
    if (t.high > 0) axpy(out + low_at + 1, in, t.high, len);
    smallest *= std::min(t.none, t.high > 0 ? std::min(t.low, t.high) : t.low);
    if (smallest < 1e-250) {
      for (double& x : spare)
        if (x < 1e-200) x = 0;
      smallest = 1e-200;
    }
    chunk.chance.swap(spare);
    chunk.first += lo;
    if (chunk.chance.size() >= chunk_size) close_chunk();
  }
  close_chunk();

  if (factors.empty()) {
    result.chance.assign(1, 1.0);
    return result;
  }
  // Huffman's order: the two shortest factors first (ties by age, so the result is
  // the same on every run).
  using entry = std::pair<std::size_t, std::size_t>;  // length, index
  std::priority_queue<entry, std::vector<entry>, std::greater<>> shortest;
  for (std::size_t i = 0; i < factors.size(); ++i) shortest.emplace(factors[i].chance.size(), i);
  while (shortest.size() > 1) {
    const std::size_t i = shortest.top().second;
    shortest.pop();
    const std::size_t j = shortest.top().second;
    shortest.pop();
    factors.push_back(convolution::merge(factors[i], factors[j], ws, result.dropped));
    factors[i] = factor{};
    factors[j] = factor{};
    shortest.emplace(factors.back().chance.size(), factors.size() - 1);
  }
  factor& last = factors[shortest.top().second];
  result.first = last.first;
  result.chance = std::move(last.chance);
  return result;
}

}  // namespace salesrules::detail

#endif  // SALESRULES_IMPL_CONVOLUTION_IPP
