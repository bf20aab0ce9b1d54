// SPDX-License-Identifier: BSL-1.0
// salesrules/detail/convolution.hpp - the distribution of a sum of independent
// small distributions over whole steps (the range forecast's engine).
//
// Each term is one deal: 0 steps with chance 1 - p, `steps` with chance p x (1 - f)
// and steps + 1 with chance p x f. Their sum's distribution is the product of the
// terms' generating polynomials, computed as a product tree: terms sorted by width,
// the narrow ones folded into chunks of about 64 entries one by one, then the two
// shortest factors merged until one is left (Huffman's order), each merge by a
// direct convolution when one factor is short or sparse and by an FFT of our own
// otherwise (iterative radix-2 with a radix-4 last stage, twiddles precomputed, two
// real inputs in one complex transform). Total work O(L log L log n) for L steps and
// n terms; the same terms in any order give the same result, bit for bit.
//
// Numbers. Every entry below `floor_ratio` (1e-16) of its factor's largest one, and
// after an FFT every entry below the transform's noise level, is set to 0 and the
// zero ends are cut off: the distribution keeps to where its chance lies, no
// denormal double is ever formed (entries stay above 1e-16 x 1/L or are 0), and the
// chance so removed is counted in `dropped`. The result's chances are each within
// the doubles' rounding of the exact ones plus what was dropped: measured against a
// long-double dynamic programme (tests/test_convolution.cpp) the cumulative chance is
// off by less than 1e-13 everywhere and the mean by less than 1e-9 of a step, and
// against every outcome enumerated (tests/test_range_forecast.cpp) the same.
#ifndef SALESRULES_DETAIL_CONVOLUTION_HPP
#define SALESRULES_DETAIL_CONVOLUTION_HPP

#include <salesrules/config.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace salesrules::detail {

// One term of the sum: 0 steps with chance `none`, `steps` with chance `low` and
// steps + 1 with chance `high` (none + low + high = 1, each at least 0).
struct split_term {
  std::int64_t steps = 0;
  double none = 1;
  double low = 0;
  double high = 0;
};

// chance[i] is P(total == first + i) in steps; `dropped` is the chance set to 0 on
// the way (tails and noise below the floors).
struct step_distribution {
  std::int64_t first = 0;
  std::vector<double> chance;
  double dropped = 0;
};

// Entries below this share of their factor's largest entry are set to 0.
inline constexpr double floor_ratio = 1e-16;

// ---------------------------------------------------------------------------
// FFT

// Twiddle factors for radix-2 transforms of up to size() points: for each half-length
// h (a power of two below size()), the h factors exp(-i pi j / h), j < h, stored at
// [h, 2h). The largest level is computed with sin and cos (an eighth of it, the rest
// by symmetry), each factor within an ulp or two; the smaller levels are read from it.
class fft_twiddles {
 public:
  // Makes room for transforms of `n` points (a power of two).
  void reserve(std::size_t n);
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const double* re(std::size_t half) const noexcept { return re_.data() + half; }
  [[nodiscard]] const double* im(std::size_t half) const noexcept { return im_.data() + half; }

 private:
  std::vector<double> re_, im_;
  std::size_t size_ = 0;
};

// Buffers for fft_convolve, kept between merges.
struct fft_workspace {
  fft_twiddles twiddles;
  std::vector<double> re, im;
};

// out[0, la + lb - 1) = the linear convolution of a and b, real sequences, by one
// forward and one inverse transform of n >= la + lb - 1 points: a rides in the real
// part and b in the imaginary part, and their spectra are told apart by symmetry
// (in bit-reversed order the partner of entry j in [2^m, 2^(m+1)) is 3 x 2^m - 1 - j).
void fft_convolve(const double* a, std::size_t la, const double* b, std::size_t lb, double* out, fft_workspace& ws);

// ---------------------------------------------------------------------------
// Direct convolution

// out[0, la + lb - 1) = a * b, skipping b's zero entries (give the sparser factor as b).
void direct_convolve(const double* a, std::size_t la, const double* b, std::size_t lb, double* out) noexcept;

// ---------------------------------------------------------------------------
// The product tree

// The distribution of the sum of the terms (none at all: certainly 0). The terms are
// sorted, so the result does not depend on the order they come in.
step_distribution convolve_terms(std::vector<split_term>& terms);

}  // namespace salesrules::detail

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/convolution.ipp>
#endif

#endif  // SALESRULES_DETAIL_CONVOLUTION_HPP
