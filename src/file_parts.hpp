// SPDX-License-Identifier: BSL-1.0
// A file read in parts by several threads: where the parts may start, and a stream over
// a byte range of the file.
//
// Internal to salesrules::io. A part of a CSV export must start where a record starts,
// which is a line end outside quotes. In RFC 4180 text every quote toggles between
// inside and outside a quoted field (a doubled quote toggles twice), so a line end is
// outside quotes exactly when an even number of quotes comes before it. find_part_start
// counts quotes and line ends from the start of the file up to a point, then takes the
// first line end after it with an even count. A malformed file (a stray quote in an
// unquoted field) can mislead the count; the import checks each part's start against
// where the part before it really ended and reads on from there if they differ.
#ifndef SALESRULES_SRC_FILE_PARTS_HPP
#define SALESRULES_SRC_FILE_PARTS_HPP

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <ios>
#include <optional>
#include <streambuf>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace salesrules::detail {

// An open file descriptor, closed on destruction.
class file_handle {
 public:
  file_handle() noexcept = default;
  explicit file_handle(const std::string& path) noexcept : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  file_handle(file_handle&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  file_handle& operator=(file_handle&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  file_handle(const file_handle&) = delete;
  file_handle& operator=(const file_handle&) = delete;
  ~file_handle() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] bool is_open() const noexcept { return fd_ >= 0; }

  // Up to n bytes at `offset`; fewer only at the end of the file. -1 on an error.
  std::ptrdiff_t read_at(char* to, std::size_t n, std::uint64_t offset) const noexcept {
    std::size_t done = 0;
    while (done < n) {
      const ssize_t got = ::pread(fd_, to + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        return -1;
      }
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return static_cast<std::ptrdiff_t>(done);
  }

 private:
  int fd_ = -1;
};

// Quotes and line ends in [0, `at`) of the file, and the first line end at or after
// `at` with an even count of quotes before it: the offset just after that line end,
// and the 1-based line that starts there. nullopt when there is none (or a read fails).
struct part_start {
  std::uint64_t offset = 0;
  std::uint64_t line = 1;
};
inline std::optional<part_start> find_part_start(const file_handle& file, std::uint64_t at, bool csv) {
  constexpr std::size_t chunk = std::size_t{1} << 20;
  std::vector<char> buffer(chunk);
  std::uint64_t quotes = 0, lines = 0, offset = 0;
  for (;;) {
    const std::ptrdiff_t got = file.read_at(buffer.data(), chunk, offset);
    if (got <= 0) return std::nullopt;
    const auto n = static_cast<std::size_t>(got);
    // Before `at`: counting only.
    std::size_t i = 0;
    const std::size_t counted = offset < at ? static_cast<std::size_t>(std::min<std::uint64_t>(at - offset, n)) : 0;
#if defined(__SSE2__)
    // Counted in byte lanes (a match is -1: subtracting it adds 1), summed into 64-bit
    // lanes before a byte can pass 255: no popcount, which x86-64's baseline lacks.
    const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    __m128i quote_sum = zero, line_sum = zero;
    while (i + 16 <= counted) {
      __m128i quote_bytes = zero, line_bytes = zero;
      for (int k = 0; k < 255 && i + 16 <= counted; ++k, i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buffer.data() + i));
        quote_bytes = _mm_sub_epi8(quote_bytes, _mm_cmpeq_epi8(v, quote));
        line_bytes = _mm_sub_epi8(line_bytes, _mm_cmpeq_epi8(v, lf));
      }
      quote_sum = _mm_add_epi64(quote_sum, _mm_sad_epu8(quote_bytes, zero));
      line_sum = _mm_add_epi64(line_sum, _mm_sad_epu8(line_bytes, zero));
    }
    const auto lanes = [](__m128i v) {
      return static_cast<std::uint64_t>(_mm_cvtsi128_si64(v)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)));
    };
    quotes += lanes(quote_sum);
    lines += lanes(line_sum);
#endif
    for (; i < counted; ++i) {
      quotes += buffer[i] == '"' ? 1 : 0;
      lines += buffer[i] == '\n' ? 1 : 0;
    }
    // From `at`: the first line end outside quotes.
    for (; i < n; ++i) {
      const char c = buffer[i];
      if (c == '"') ++quotes;
      if (c != '\n') continue;
      ++lines;
      if (!csv || quotes % 2 == 0) return part_start{offset + i + 1, lines + 1};
    }
    if (n < chunk) return std::nullopt;
    offset += n;
  }
}

// The bytes of a file from `begin` to its end, as a stream read with pread: each part
// of a parallel import has one, sharing nothing with the others.
class file_range_source : public std::streambuf {
 public:
  file_range_source(const file_handle& file, std::uint64_t begin) : file_(&file), next_(begin), buffer_(1 << 16) {}

 protected:
  int_type underflow() override {
    if (gptr() != egptr()) return traits_type::to_int_type(*gptr());
    const std::ptrdiff_t got = file_->read_at(buffer_.data(), buffer_.size(), next_);
    if (got < 0) throw std::ios_base::failure("cannot read the file");
    if (got == 0) return traits_type::eof();
    next_ += static_cast<std::uint64_t>(got);
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }
  // Large reads go straight into the caller's buffer.
  std::streamsize xsgetn(char* to, std::streamsize n) override {
    std::streamsize done = 0;
    const std::streamsize buffered = egptr() - gptr();
    if (buffered > 0) {
      done = std::min(buffered, n);
      std::copy(gptr(), gptr() + done, to);
      gbump(static_cast<int>(done));
    }
    if (done == n) return done;
    const std::ptrdiff_t got = file_->read_at(to + done, static_cast<std::size_t>(n - done), next_);
    if (got < 0) throw std::ios_base::failure("cannot read the file");
    next_ += static_cast<std::uint64_t>(got);
    return done + got;
  }

 private:
  const file_handle* file_;
  std::uint64_t next_;
  std::vector<char> buffer_;
};

}  // namespace salesrules::detail

#endif  // SALESRULES_SRC_FILE_PARTS_HPP
