// SPDX-License-Identifier: BSL-1.0
// UTF-16 text (with a byte-order mark: Excel's "Unicode text", some CRMs' exports)
// read as UTF-8, for the importer.
//
// Internal to salesrules::io. utf16_source is a streambuf over the raw stream that
// hands out UTF-8, a chunk at a time. Where the UTF-16 is broken (a lone surrogate, an
// odd byte at the end) it stops with an error saying where, in bytes of the original
// file, rather than passing replacement characters on as if they were the data.
#ifndef SALESRULES_SRC_UTF16_HPP
#define SALESRULES_SRC_UTF16_HPP

#include <salesrules/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

namespace salesrules::detail {

// What the first bytes of an input say about its encoding.
enum class byte_order_mark : std::uint8_t { none, utf16_le, utf16_be };

// Looks at the first two bytes of `in` without taking any unless they are a UTF-16
// byte-order mark, which it takes.
inline byte_order_mark take_utf16_mark(std::streambuf& in) {
  const auto first = in.sgetc();
  if (first != 0xFF && first != 0xFE) return byte_order_mark::none;
  in.sbumpc();
  const auto second = in.sgetc();
  if ((first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF)) {
    in.sbumpc();
    return first == 0xFF ? byte_order_mark::utf16_le : byte_order_mark::utf16_be;
  }
  in.sputbackc(static_cast<char>(first));  // the byte just taken is still in the buffer
  return byte_order_mark::none;
}

class utf16_source : public std::streambuf {
 public:
  utf16_source(std::streambuf& raw, bool big_endian) : raw_(&raw), big_(big_endian), in_(1 << 16), out_() {
    out_.reserve((1 << 16) * 3 / 2 + 8);
  }

  // Why reading stopped early, if it did.
  [[nodiscard]] const std::optional<error>& failure() const noexcept { return failure_; }

 protected:
  int_type underflow() override {
    if (gptr() != egptr()) return traits_type::to_int_type(*gptr());
    out_.clear();
    while (out_.empty()) {
      if (failure_ || done_) return traits_type::eof();
      fill();
    }
    setg(out_.data(), out_.data(), out_.data() + out_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  // Reads a chunk of UTF-16 and appends its UTF-8 to out_.
  void fill() {
    const std::size_t kept = kept_;  // a byte or a high surrogate carried from the last chunk
    const std::streamsize n = raw_->sgetn(in_.data() + kept, static_cast<std::streamsize>(in_.size() - kept));
    const std::size_t have = kept + static_cast<std::size_t>(n > 0 ? n : 0);
    if (n <= 0) done_ = true;
    std::size_t i = 0;
    for (; i + 1 < have; i += 2) {
      const auto unit = static_cast<char32_t>(big_ ? (byte(i) << 8) | byte(i + 1) : byte(i) | (byte(i + 1) << 8));
      if (unit >= 0xD800 && unit <= 0xDBFF) {  // a high surrogate: its pair follows
        if (i + 3 >= have) {
          if (done_) return stop(consumed_ + i, "a high surrogate at the end of the input has no low surrogate");
          break;
        }
        const auto low = static_cast<char32_t>(big_ ? (byte(i + 2) << 8) | byte(i + 3)
                                                    : byte(i + 2) | (byte(i + 3) << 8));
        if (low < 0xDC00 || low > 0xDFFF) return stop(consumed_ + i, "a high surrogate without its low surrogate");
        put(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
      if (unit >= 0xDC00 && unit <= 0xDFFF) return stop(consumed_ + i, "a low surrogate without a high one before it");
      put(unit);
    }
    if (done_ && i < have) return stop(consumed_ + i, "an odd byte at the end: UTF-16 comes in pairs of bytes");
    kept_ = have - i;
    for (std::size_t k = 0; k < kept_; ++k) in_[k] = in_[i + k];
    consumed_ += i;
  }

  [[nodiscard]] std::uint32_t byte(std::size_t i) const noexcept { return static_cast<unsigned char>(in_[i]); }

  void put(char32_t c) {
    if (c < 0x80) {
      out_.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out_.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out_.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out_.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out_.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out_.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out_.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out_.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out_.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out_.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }

  // Broken UTF-16 at `at` bytes after the byte-order mark: what was converted before it
  // is handed out, then the input ends.
  void stop(std::uint64_t at, const char* what) {
    failure_ = error{errc::syntax, "",
                     std::string("the UTF-16 input is broken at byte ") + std::to_string(at + 3) + ": " + what +
                         "; the input ends there"};
    done_ = true;
  }

  std::streambuf* raw_;
  bool big_;
  std::vector<char> in_;
  std::vector<char> out_;
  std::size_t kept_ = 0;
  std::uint64_t consumed_ = 0;  // UTF-16 bytes converted before in_'s first
  bool done_ = false;
  std::optional<error> failure_;
};

}  // namespace salesrules::detail

#endif  // SALESRULES_SRC_UTF16_HPP
