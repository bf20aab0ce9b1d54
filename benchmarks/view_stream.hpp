// SPDX-License-Identifier: BSL-1.0
// An input stream over text it does not own, for the benchmarks that read from a
// stream without copying the text first. (std::ispanstream does this in C++23; the
// benchmarks also build as C++20, in the tl::expected build.)
#ifndef SALESRULES_BENCH_VIEW_STREAM_HPP
#define SALESRULES_BENCH_VIEW_STREAM_HPP

#include <istream>
#include <streambuf>
#include <string_view>

namespace salesrules::bench {

class view_istream : public std::istream {
 public:
  explicit view_istream(std::string_view text) : std::istream(nullptr), buffer_(text) { rdbuf(&buffer_); }

 private:
  struct view_buffer : std::streambuf {
    explicit view_buffer(std::string_view text) {
      // The get area only ever reads: the cast is what std::streambuf's interface asks.
      char* const first = const_cast<char*>(text.data());
      setg(first, first, first + text.size());
    }
  };
  view_buffer buffer_;
};

}  // namespace salesrules::bench

#endif  // SALESRULES_BENCH_VIEW_STREAM_HPP
