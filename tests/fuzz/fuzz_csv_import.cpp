// SPDX-License-Identifier: BSL-1.0
// Fuzz target: the opportunity importer over arbitrary bytes.
//
// The first byte chooses how to read the rest: bit 0 JSON Lines instead of CSV,
// bits 1-2 the stream chunk size (4 KiB holds a whole input, as the default 64 KiB
// would, without allocating 64 KiB per run; 1, 7 and 64 make records and quotes
// straddle chunk edges), bit 3
// a small record limit. Every row is read to the end under the default policy.
// Invariants: rows() counts every good and bad row, every error says something, a
// good row's JSON is valid UTF-8, and the end stays the end.
#include "fuzz_support.hpp"

#include <salesrules/io/import.hpp>
#include <salesrules/io/json.hpp>

#include <array>

namespace fz = salesrules::fuzz;
namespace io = salesrules::io;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t how = data[0];
  const std::string_view text = fz::as_text(data + 1, size - 1);

  static constexpr std::array<std::size_t, 4> chunks{4096, 1, 7, 64};
  io::import_options options;
  options.format = (how & 1U) != 0 ? io::input_format::json_lines : io::input_format::csv;
  options.csv.chunk_bytes = chunks[(how >> 1U) & 3U];
  if ((how & 8U) != 0) options.csv.max_record_bytes = 256;

  fz::memory_stream in(text);
  auto reader = io::opportunity_reader::open(in, fz::default_policy(), options);
  if (!reader) {
    fz::check_error(reader.error());
    return 0;
  }
  salesrules::opportunity deal;
  std::uint64_t good = 0;
  std::uint64_t bad = 0;
  for (;;) {
    auto got = reader->next(deal);
    if (!got) {
      fz::check_error(got.error());
      if (reader->failed()) break;
      ++bad;
      continue;
    }
    if (!*got) break;
    // The first good row is written as JSON, as the tool's reports write it (the
    // rows of one input are alike; writing every one would halve the speed).
    if (good++ == 0)
      fz::check(fz::is_valid_utf8(io::json_text(io::to_json(deal), false)), "a good row's JSON is not valid UTF-8");
  }
  fz::check(reader->rows() == good + bad, "rows() is not good + skipped rows");
  fz::check(reader->skipped() == bad, "skipped() is not the count of bad rows");
  auto after = reader->next(deal);
  fz::check(after.has_value() && !*after, "a read after the end is not the end");
  return 0;
}
