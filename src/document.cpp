// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/document.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <istream>
#include <new>
#include <system_error>

namespace salesrules::io {
namespace {

error too_large(std::size_t limit) {
  return error{errc::too_large, "",
               "the document is longer than " + format_size(limit) +
                   ", the limit for a whole document; nothing of it was used"};
}

// Reads `in` in chunks into `text`, stopping one byte past `limit`.
expected<std::string, error> read_limited(std::istream& in, std::size_t limit, std::size_t expected_size) noexcept {
  std::string text;
  try {
    std::streambuf* source = in.rdbuf();
    if (source == nullptr || in.fail()) return salesrules::detail::fail(errc::missing, "", "cannot read the input");
    if (expected_size != 0) text.reserve(std::min(expected_size, limit) + 1);
    constexpr std::size_t chunk = std::size_t{1} << 16;
    for (;;) {
      const std::size_t have = text.size();
      if (have > limit) return unexpected<error>(too_large(limit));
      const std::size_t want = std::min(chunk, limit + 1 - have);
      text.resize(have + want);
      const std::streamsize got = source->sgetn(text.data() + have, static_cast<std::streamsize>(want));
      text.resize(have + static_cast<std::size_t>(std::max<std::streamsize>(got, 0)));
      if (got <= 0) break;
    }
  } catch (const std::bad_alloc&) {
    const std::size_t read = text.size();
    text = std::string();
    return salesrules::detail::fail(errc::no_memory, "",
                                    "memory ran out after reading " + format_size(read) + " of the document");
  } catch (...) {
    return salesrules::detail::fail(errc::missing, "", "cannot read the input");
  }
  return text;
}

}  // namespace

std::string format_size(std::uint64_t bytes) noexcept {
  constexpr std::uint64_t mib = std::uint64_t{1} << 20;
  if (bytes < mib) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  if (bytes % mib == 0) return std::to_string(bytes / mib) + " MiB";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / static_cast<double>(mib));
  return buf;
}

expected<std::string, error> read_document(const std::filesystem::path& file, std::size_t limit) noexcept {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status))
    return salesrules::detail::fail(errc::missing, "", "the path is a directory, not a file");
  std::size_t size = 0;
  if (std::filesystem::is_regular_file(status)) {
    const auto bytes = std::filesystem::file_size(file, ec);
    if (!ec && bytes > limit) return unexpected<error>(too_large(limit));
    if (!ec) size = static_cast<std::size_t>(bytes);
  }
  // A FIFO without a writer blocks here until one opens it, as cat does.
  std::ifstream in(file, std::ios::binary);
  if (!in) return salesrules::detail::fail(errc::missing, "", "cannot open the file");
  auto text = read_limited(in, limit, size);
  if (!text && text.error().code == errc::missing) text.error().message = "cannot read the file";
  return text;
}

expected<std::string, error> read_document(std::istream& in, std::size_t limit) noexcept {
  return read_limited(in, limit, 0);
}

}  // namespace salesrules::io
