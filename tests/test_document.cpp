// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/document.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace salesrules;

namespace {
// A file of `bytes` copies of 'x' in the temporary directory, removed by the caller.
std::filesystem::path file_of(const std::string& name, std::size_t bytes) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
  return path;
}
}  // namespace

TEST_CASE("document: a file at the limit is read whole, one byte more is refused before reading") {
  const auto at = file_of("salesrules_document_at.txt", 1000);
  const auto over = file_of("salesrules_document_over.txt", 1001);
  auto text = io::read_document(at, 1000);
  REQUIRE(text);
  CHECK(*text == std::string(1000, 'x'));
  auto refused = io::read_document(over, 1000);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::too_large);
  CHECK(refused.error().where.empty());  // the document as a whole; the caller names it
  CHECK(refused.error().message ==
        "the document is longer than 1000 bytes, the limit for a whole document; nothing of it was used");
  std::filesystem::remove(at);
  std::filesystem::remove(over);
}

TEST_CASE("document: a stream is read to its end within the limit and stops one byte past it") {
  std::istringstream fits(std::string(3 << 20, 'y'));
  auto text = io::read_document(fits, std::size_t{3} << 20);
  REQUIRE(text);
  CHECK(text->size() == std::size_t{3} << 20);

  // The stream holds far more than the limit: reading stops at limit + 1 bytes.
  std::istringstream endless(std::string(5 << 20, ' '));
  auto refused = io::read_document(endless, std::size_t{2} << 20);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == errc::too_large);
  CHECK(to_string(refused.error()) ==
        "the document is longer than 2 MiB, the limit for a whole document; nothing of it was used");
  CHECK(endless.tellg() == std::streampos((2 << 20) + 1));
}

TEST_CASE("document: the default limit is 64 MiB, and an empty stream is an empty document") {
  CHECK(io::default_document_limit == std::size_t{64} << 20);
  std::istringstream empty;
  auto text = io::read_document(empty);
  REQUIRE(text);
  CHECK(text->empty());
}

TEST_CASE("document: a directory and a missing file are refused") {
  const auto dir = std::filesystem::temp_directory_path();
  auto d = io::read_document(dir);
  REQUIRE_FALSE(d);
  CHECK(d.error().code == errc::missing);
  CHECK(d.error().message == "the path is a directory, not a file");
  CHECK(d.error().where.empty());
  auto m = io::read_document(dir / "salesrules_no_such_document.json");
  REQUIRE_FALSE(m);
  CHECK(m.error().message == "cannot open the file");
}

TEST_CASE("document: sizes in messages") {
  CHECK(io::format_size(1) == "1 byte");
  CHECK(io::format_size(1000) == "1000 bytes");
  CHECK(io::format_size(std::uint64_t{64} << 20) == "64 MiB");
  CHECK(io::format_size((std::uint64_t{3} << 20) / 2) == "1.5 MiB");
}
