// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/csv.hpp>

#include <salesrules/detail/text.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <istream>
#include <limits>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace salesrules::io {
// The parser's vocabulary. Named, not anonymous, because csv_reader::state (a member
// of a public class) holds these types.
namespace csv_parts {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

// How much of a piece of stray text an error message quotes.
constexpr std::size_t quote_limit = detail::quote_limit;
// Bytes that end a run of ordinary bytes, outside and inside quotes.
constexpr std::array<bool, 256> stops(std::string_view bytes) {
  std::array<bool, 256> table{};
  for (char c : bytes) table[static_cast<unsigned char>(c)] = true;
  return table;
}
// Outside quotes, the delimiter ends a run too: each reader builds its own table.
constexpr std::array<bool, 256> unquoted_stops(char delimiter) {
  auto table = stops(std::string_view("\n\r\"\0", 4));
  table[static_cast<unsigned char>(delimiter)] = true;
  return table;
}
constexpr auto quoted_stops = stops(std::string_view("\"\n\0", 3));

[[nodiscard]] inline bool is_stop(const std::array<bool, 256>& table, char c) noexcept {
  return table[static_cast<unsigned char>(c)];
}

// The first byte in [p, stop) that ends a run outside quotes, or stop. Sixteen bytes
// at a time where SSE2 is available (every x86-64): most fields are shorter than that,
// so a field usually costs one load and a handful of compares instead of a loop.
[[nodiscard]] inline const char* find_unquoted_stop(const char* p, const char* stop, char delimiter,
                                                    const std::array<bool, 256>& table) noexcept {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(delimiter), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
  while (stop - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)),
                                      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)),
                                                   _mm_cmpeq_epi8(v, nul)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p != stop && !is_stop(table, *p)) ++p;
  return p;
}

// The same inside quotes, where only a quote, a LF (to count lines) or a NUL matter.
[[nodiscard]] inline const char* find_quoted_stop(const char* p, const char* stop) noexcept {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
  while (stop - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, quote)), _mm_cmpeq_epi8(v, nul));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
#endif
  while (p != stop && !is_stop(quoted_stops, *p)) ++p;
  return p;
}

[[nodiscard]] inline std::size_t distance(const char* from, const char* to) noexcept {
  return static_cast<std::size_t>(to - from);
}

// Takes the unquoted fields from p on that end in the delimiter, adding them to
// `fields`, and returns the start of the first field it leaves: one that is quoted,
// holds a line end, a CR, a quote or a NUL, or lies in the last 15 bytes before stop.
// Sixteen bytes are classified at once and their stops taken bit by bit, so a row of
// short fields costs a few instructions a field. A field left is read as before.
[[nodiscard]] inline const char* take_plain_fields(const char* p, const char* stop, char delimiter,
                                                   std::vector<std::string_view>& fields) {
#if defined(__SSE2__)
  if (p == stop || *p == '"') return p;
  const __m128i comma = _mm_set1_epi8(delimiter), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
  const char* run = p;  // the field being taken
  // A block's delimiters and its other stops (LF, CR, quote, NUL), a bit a byte.
  const auto classify = [&](const char* at, std::uint64_t& delimiters, std::uint64_t& others, unsigned shift) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    delimiters |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)))} << shift;
    others |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(
                  _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, nul)))))}
              << shift;
  };
  // Takes the block's delimiters before its first other stop as field ends; true when
  // there is such a stop, whose field is left to the caller.
  const auto take = [&](const char* block, std::uint64_t delimiters, std::uint64_t others) {
    if (others != 0) delimiters &= (others & (0 - others)) - 1;
    for (; delimiters != 0; delimiters &= delimiters - 1) {
      const char* const at = block + __builtin_ctzll(delimiters);
      fields.emplace_back(run, distance(run, at));
      run = at + 1;
    }
    return others != 0;
  };
  // Sixty-four bytes at a time first: a row's fields cost one unpredictable exit from
  // the loop over a block's stops, so fewer, larger blocks mean fewer mispredictions.
  // Then sixteen, and the last few bytes are left to the caller.
  const char* block = p;
  for (; stop - block >= 64; block += 64) {
    std::uint64_t delimiters = 0, others = 0;
    for (unsigned i = 0; i < 4; ++i) classify(block + std::ptrdiff_t{16} * i, delimiters, others, 16 * i);
    if (take(block, delimiters, others)) return run;
  }
  for (; stop - block >= 16; block += 16) {
    std::uint64_t delimiters = 0, others = 0;
    classify(block, delimiters, others, 0);
    if (take(block, delimiters, others)) return run;
  }
  return run;
#else
  static_cast<void>(stop);
  static_cast<void>(delimiter);
  static_cast<void>(fields);
  return p;
#endif
}


enum class fault_kind : std::uint8_t {
  stray_quote,        // a quote inside an unquoted field
  text_after_quote,   // bytes between a closing quote and the next comma or line end
  lone_cr,            // a CR outside quotes not followed by LF
  nul,                // a NUL byte
  unclosed_quote,     // the input ends inside a quoted field
  too_long,           // the record passes the length limit outside quotes
  too_long_in_quote,  // the record passes the length limit inside a quoted field
};

// Where reading goes on after a fault.
enum class resume_kind : std::uint8_t {
  lenient,       // read the rest of the record leniently and drop it
  at,            // at a known offset
  discard_from,  // at the first line end after an offset, reading and dropping in chunks
};

struct fault {
  fault_kind kind{};
  std::uint64_t line = 0;    // reported line
  std::uint64_t column = 0;  // reported field number
  std::size_t at = 0;        // offset of the offending byte from the record start
  resume_kind how{};
  std::size_t resume_offset = 0;  // from the record start
  std::uint64_t resume_line = 0;  // physical line at resume_offset
};

enum class parsed : std::uint8_t { record, blank, end, need_more, fault };

}  // namespace csv_parts

using namespace csv_parts;

struct csv_reader::state {
  std::istream* in = nullptr;
  csv_options options;
  std::array<bool, 256> stops_outside{};  // what ends a run outside quotes: the delimiter among them
  std::optional<error> bad_options;       // a delimiter that cannot separate fields
  std::size_t window = 0;  // bytes a record may span, its line end included

  std::vector<char> buffer;       // stream input, compacted as records are consumed
  const char* base = nullptr;     // buffer.data() or the caller's text
  std::size_t pos = 0;            // start of the unconsumed input, from base
  std::size_t end = 0;            // end of the available input, from base
  std::uint64_t base_offset = 0;  // offset of base in the whole input
  std::uint64_t line = 1;         // physical line at pos
  bool eof = false;               // nothing will follow end
  bool started = false;           // the byte-order mark has been looked for
  bool io_failed = false;
  bool not_readable = false;  // the stream had failed before the first read
  bool io_reported = false;
  bool resume_pending = false;
  fault last;  // the fault to resume after

  // The record being parsed: fields, and the unescaped text of fields with doubled quotes.
  struct escaped_field {
    std::size_t index, offset, size;
  };
  std::vector<std::string_view> fields;
  std::vector<char> scratch;
  std::vector<escaped_field> escaped;
  csv_record current;

  // What parse found: the record's size with its line end and the line after it, or a fault.
  std::size_t parsed_size = 0;
  std::uint64_t next_line = 0;
  fault found;

  // cppcheck-suppress passedByValue ; csv_options is two sizes and a flag, cheaper copied
  explicit state(csv_options o) noexcept
      : options(o),
        stops_outside(unquoted_stops(o.delimiter)),
        bad_options(check_delimiter(o.delimiter)),
        line(std::max<std::uint64_t>(o.first_line, 1)) {
    options.chunk_bytes = std::max<std::size_t>(options.chunk_bytes, 1);
    const std::size_t max = options.max_record_bytes;
    window = max > std::numeric_limits<std::size_t>::max() - 2 ? max : max + 2;
  }

  parsed parse(bool lenient) noexcept;
  bool refill() noexcept;
  void start() noexcept;
  void resume() noexcept;
  void advance(std::size_t size, std::uint64_t next) noexcept {
    pos += size;
    line = next;
  }
  [[nodiscard]] error describe(const fault& f) const;
};

// Parses the record at pos without consuming it. Strict mode reports every fault;
// lenient mode (used to skip the rest of a bad record) takes stray quotes, CRs and
// NULs as data and reports only an unclosed quote or an overlong record.
parsed csv_reader::state::parse(bool lenient) noexcept {
  fields.clear();
  scratch.clear();
  escaped.clear();

  const char delimiter = options.delimiter;
  const char* const begin = base + pos;
  const std::size_t available = end - pos;
  const bool limited = available > window;  // the record may not reach past stop
  const char* const stop = limited ? begin + window : begin + available;
  const bool final = eof && !limited;  // stop is the end of the input
  std::uint64_t ln = line;
  const char* p = begin;

  auto fail = [&](fault_kind kind, std::uint64_t at_line, const char* at, resume_kind how,
                  const char* resume_at, std::uint64_t resume_line) {
    found = fault{kind, at_line, fields.size() + 1, distance(begin, at), how, distance(begin, resume_at), resume_line};
    return parsed::fault;
  };
  // The available bytes end inside the record.
  auto ran_out = [&](std::size_t column) {
    if (!limited) return parsed::need_more;
    found = fault{fault_kind::too_long, line, column, distance(begin, p), resume_kind::discard_from,
                  distance(begin, p), ln};
    return parsed::fault;
  };
  auto finish = [&](const char* content_end, const char* after, std::uint64_t after_line) {
    if (distance(begin, content_end) > options.max_record_bytes) {
      found = fault{fault_kind::too_long, line, fields.size(), distance(begin, content_end), resume_kind::at,
                    distance(begin, after), after_line};
      return parsed::fault;
    }
    for (const escaped_field& e : escaped)
      fields[e.index] = std::string_view(scratch.data() + e.offset, e.size);
    parsed_size = distance(begin, after);
    next_line = after_line;
    return parsed::record;
  };

  // Nothing left, or a blank line.
  if (p == stop) return final ? parsed::end : parsed::need_more;
  if (*p == '\n' || (*p == '\r' && p + 1 != stop && p[1] == '\n')) {
    parsed_size = *p == '\n' ? 1 : 2;
    next_line = ln + 1;
    return parsed::blank;
  }
  if (*p == '\r' && p + 1 == stop && !final) return parsed::need_more;

  for (;;) {
    p = take_plain_fields(p, stop, delimiter, fields);
    const std::size_t column = fields.size() + 1;
    const char* run = p;  // start of an unquoted field's bytes
    if (p != stop && *p == '"') {
      const char* const open = p;
      const std::uint64_t open_line = ln;
      const char* q = p + 1;
      const char* uncopied = q;  // bytes not yet copied to scratch (doubled quotes only)
      bool has_doubled = false;
      std::size_t scratch_from = 0;
      for (;;) {
        q = find_quoted_stop(q, stop);
        if (q == stop) {
          if (final)
            return fail(fault_kind::unclosed_quote, open_line, open, resume_kind::discard_from, open + 1, open_line);
          if (!limited) return parsed::need_more;
          return fail(fault_kind::too_long_in_quote, open_line, open, resume_kind::discard_from, open + 1, open_line);
        }
        if (*q == '\n') {
          ++ln;
          ++q;
          continue;
        }
        if (*q == '\0') {
          if (!lenient) return fail(fault_kind::nul, ln, q, resume_kind::lenient, begin, line);
          ++q;
          continue;
        }
        // A quote: the first of a doubled pair, or the closing one.
        if (q + 1 == stop && !final) {
          if (!limited) return parsed::need_more;
          return fail(fault_kind::too_long_in_quote, open_line, open, resume_kind::discard_from, open + 1, open_line);
        }
        if (q + 1 == stop || q[1] != '"') break;
        if (!has_doubled) {
          has_doubled = true;
          scratch_from = scratch.size();
        }
        scratch.insert(scratch.end(), uncopied, q + 1);
        q += 2;
        uncopied = q;
      }
      if (has_doubled) {
        scratch.insert(scratch.end(), uncopied, q);
        escaped.push_back({fields.size(), scratch_from, scratch.size() - scratch_from});
        fields.emplace_back();
      } else {
        fields.emplace_back(open + 1, distance(open + 1, q));
      }
      p = q + 1;
      if (p == stop) {
        if (final) return finish(p, p, ln);
        return ran_out(column);
      }
      if (*p == delimiter) {
        ++p;
        continue;
      }
      if (*p == '\n') return finish(p, p + 1, ln + 1);
      if (*p == '\r') {
        if (p + 1 == stop && !final) return ran_out(column);
        if (p + 1 != stop && p[1] == '\n') return finish(p, p + 2, ln + 1);
      }
      if (!lenient) {
        fields.pop_back();  // the fault belongs to this field
        // The message quotes the stray text (up to quote_limit bytes), so wait for it.
        const std::array<char, 3> separators{delimiter, '\n', '\r'};
        if (!final && !limited && distance(p, stop) <= quote_limit &&
            std::find_first_of(p, stop, separators.begin(), separators.end()) == stop)
          return parsed::need_more;
        return fail(*p == '\r' ? fault_kind::lone_cr : fault_kind::text_after_quote, ln, p, resume_kind::lenient,
                    begin, line);
      }
      // Lenient: the rest of this field is data, like an unquoted field's.
      fields.pop_back();
      run = open;
    }

    for (;;) {
      p = find_unquoted_stop(p, stop, delimiter, stops_outside);
      if (p == stop) {
        if (!final) return ran_out(column);
        fields.emplace_back(run, distance(run, p));
        return finish(p, p, ln);
      }
      const char c = *p;
      if (c == delimiter) {
        fields.emplace_back(run, distance(run, p));
        ++p;
        break;
      }
      if (c == '\n') {
        fields.emplace_back(run, distance(run, p));
        return finish(p, p + 1, ln + 1);
      }
      if (c == '\r') {
        if (p + 1 == stop && !final) return ran_out(column);
        if (p + 1 != stop && p[1] == '\n') {
          fields.emplace_back(run, distance(run, p));
          return finish(p, p + 2, ln + 1);
        }
      }
      if (!lenient) {
        const fault_kind kind = c == '"' ? fault_kind::stray_quote : c == '\r' ? fault_kind::lone_cr : fault_kind::nul;
        return fail(kind, ln, p, resume_kind::lenient, begin, line);
      }
      ++p;
    }
  }
}

// Reads more of the stream after the unconsumed bytes, which move to the front of the
// buffer. Reads a chunk, or as much as the pending record already holds (up to the
// record limit) so that a long record is parsed a bounded number of times.
bool csv_reader::state::refill() noexcept {
  if (eof) return false;
  const std::size_t live = end - pos;
  if (pos != 0) {
    if (live != 0) std::memmove(buffer.data(), buffer.data() + pos, live);
    base_offset += pos;
    pos = 0;
    end = live;
  }
  const std::size_t room = window > live ? window - live : 0;
  const std::size_t want = std::max(options.chunk_bytes, std::min(live, room));
  if (buffer.size() < live + want) buffer.resize(live + want);
  base = buffer.data();

  std::streamsize got = 0;
  try {
    std::streambuf* source = in->rdbuf();
    if (source == nullptr || (base_offset == 0 && live == 0 && in->fail()))
      io_failed = not_readable = true;
    else
      got = source->sgetn(buffer.data() + live, static_cast<std::streamsize>(want));
  } catch (...) {
    io_failed = true;
  }
  got = std::max<std::streamsize>(got, 0);
  end = live + static_cast<std::size_t>(got);
  if (io_failed || static_cast<std::size_t>(got) < want) eof = true;
  return got > 0;
}

// Drops a UTF-8 byte-order mark at the very start.
void csv_reader::state::start() noexcept {
  started = true;
  if (options.first_line > 1) return;  // a part of a file: the mark can only be at its start
  while (end - pos < byte_order_mark.size() && refill()) {
  }
  if (end - pos >= byte_order_mark.size() &&
      std::string_view(base + pos, byte_order_mark.size()) == byte_order_mark)
    pos += byte_order_mark.size();
}

// Moves past the record of the last fault, as the header describes.
void csv_reader::state::resume() noexcept {
  resume_pending = false;
  fault f = last;
  if (f.how == resume_kind::lenient) {
    for (;;) {
      const parsed r = parse(true);
      if (r == parsed::need_more) {
        refill();
        if (io_failed) return;
        continue;
      }
      if (r == parsed::record || r == parsed::blank) {
        advance(parsed_size, next_line);
        return;
      }
      if (r == parsed::end) return;  // not reached: the record was there
      f = found;  // an unclosed quote or an overlong record: resume as for that
      break;
    }
  }
  advance(f.resume_offset, f.resume_line);
  if (f.how == resume_kind::at) return;
  for (;;) {
    const void* nl = std::memchr(base + pos, '\n', end - pos);
    if (nl != nullptr) {
      advance(distance(base + pos, static_cast<const char*>(nl)) + 1, line + 1);
      return;
    }
    pos = end;
    if (!refill()) return;
  }
}

error csv_reader::state::describe(const fault& f) const {
  const std::string limit = std::to_string(options.max_record_bytes);
  std::string message;
  errc code = errc::syntax;
  switch (f.kind) {
    case fault_kind::stray_quote:
      message = "a quote inside an unquoted field; quote the whole field and double each quote inside it";
      break;
    case fault_kind::text_after_quote: {
      const char* from = base + pos + f.at;
      const char* to = from;
      const char* const last_byte = base + end;
      while (to != last_byte && *to != options.delimiter && *to != '\n' && *to != '\r') ++to;
      message = "text after the closing quote of a quoted field: " +
                detail::quoted(std::string_view(from, distance(from, to))) +
                "; a quoted field ends at a " + std::string(delimiter_name(options.delimiter)) +
                " or a line end, and a quote inside it must be doubled";
      break;
    }
    case fault_kind::lone_cr:
      message = "a carriage return without a line feed; lines end in LF or CRLF, and a field holding a CR must be quoted";
      break;
    case fault_kind::nul:
      message = "a NUL byte, which CSV text cannot hold (is the file UTF-16 without its byte-order mark, or binary?)";
      break;
    case fault_kind::unclosed_quote:
      message = "the quoted field opened on line " + std::to_string(f.line) +
                " is never closed; the input ends inside it";
      break;
    case fault_kind::too_long:
      code = errc::out_of_range;
      message = "the record is longer than the limit of " + limit + " bytes (csv_options::max_record_bytes)";
      break;
    case fault_kind::too_long_in_quote:
      code = errc::out_of_range;
      message = "the quoted field opened on line " + std::to_string(f.line) + " is still open after " + limit +
                " bytes, the record limit (csv_options::max_record_bytes); is its closing quote missing?";
      break;
  }
  return error{code, "", std::move(message), f.line, f.column};
}

// cppcheck-suppress passedByValue ; csv_options is two sizes and a flag, cheaper copied
csv_reader::csv_reader(std::istream& in, csv_options options) noexcept : state_(std::make_unique<state>(options)) {
  state_->in = &in;
  state_->buffer.resize(state_->options.chunk_bytes);
  state_->base = state_->buffer.data();
}

// cppcheck-suppress passedByValue ; csv_options is two sizes and a flag, cheaper copied
csv_reader::csv_reader(std::string_view text, csv_options options) noexcept
    : state_(std::make_unique<state>(options)) {
  state_->base = text.data();
  state_->end = text.size();
  state_->eof = true;
}

csv_reader::csv_reader(csv_reader&&) noexcept = default;
csv_reader& csv_reader::operator=(csv_reader&&) noexcept = default;
csv_reader::~csv_reader() = default;

expected<bool, error> csv_reader::next() noexcept {
  if (!state_) return false;
  state& s = *state_;
  s.current = {};
  if (s.bad_options) return unexpected<error>(*s.bad_options);
  if (!s.started) s.start();
  if (s.resume_pending) s.resume();
  for (;;) {
    if (s.io_failed) {
      const std::uint64_t read = s.base_offset + s.end;
      s.pos = s.end;
      if (s.io_reported) return false;
      s.io_reported = true;
      return unexpected<error>(error{errc::syntax, "",
                                     s.not_readable ? "the input stream cannot be read (was the file opened?)"
                                                    : "reading the input failed after " + std::to_string(read) +
                                                          " bytes; the input ends there",
                                     s.not_readable ? 0 : s.line, 0});
    }
    switch (s.parse(false)) {
      case parsed::need_more: s.refill(); break;
      case parsed::end: return false;
      case parsed::blank:
        if (s.options.skip_blank_lines) {
          s.advance(s.parsed_size, s.next_line);
          break;
        }
        s.fields.assign(1, std::string_view());
        [[fallthrough]];
      case parsed::record:
        s.current = csv_record{s.fields, s.line};
        s.advance(s.parsed_size, s.next_line);
        return true;
      case parsed::fault:
        s.last = s.found;
        s.resume_pending = true;
        return unexpected<error>(s.describe(s.found));
    }
  }
}

const csv_record& csv_reader::record() const noexcept {
  static const csv_record none;
  return state_ ? state_->current : none;
}

std::uint64_t csv_reader::offset() const noexcept { return state_ ? state_->base_offset + state_->pos : 0; }

// ---------------------------------------------------------------------------------------
// The header row.

expected<csv_header, error> csv_header::from(const csv_record& record) noexcept {
  csv_header h;
  h.line_ = record.line;
  h.names_.assign(record.fields.begin(), record.fields.end());
  // Sorted by name (ties in column order), equal non-empty neighbours are duplicates;
  // report the pair whose second column comes first.
  std::vector<std::size_t> order(h.names_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return h.names_[a] < h.names_[b]; });
  std::size_t first = 0, second = 0;  // 1-based; 0 while none is found
  for (std::size_t k = 1; k < order.size(); ++k) {
    const std::size_t a = order[k - 1], b = order[k];
    if (h.names_[b].empty() || h.names_[a] != h.names_[b]) continue;
    if (second == 0 || b + 1 < second) {
      first = a + 1;
      second = b + 1;
    }
    while (k + 1 < order.size() && h.names_[order[k + 1]] == h.names_[b]) ++k;  // later ones come after b
  }
  if (second != 0) {
    const std::string& n = h.names_[first - 1];
    return unexpected<error>(error{errc::duplicate, detail::pointer(n),
                                   "column " + detail::quoted(n) + " appears twice, as columns " +
                                       std::to_string(first) + " and " + std::to_string(second),
                                   record.line, second});
  }
  return h;
}

std::string_view csv_header::name(std::size_t index) const noexcept {
  return index < names_.size() ? std::string_view(names_[index]) : std::string_view();
}

expected<std::size_t, error> csv_header::index_of(std::string_view wanted, column_match match) const noexcept {
  std::size_t found = names_.size();
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const bool same = match == column_match::exact ? names_[i] == wanted : same_name(names_[i], wanted);
    if (!same) continue;
    if (found == names_.size()) {
      found = i;
      if (match == column_match::exact) break;  // from() has ruled out exact duplicates
      continue;
    }
    return unexpected<error>(error{errc::duplicate, detail::pointer(wanted),
                                   detail::quoted(wanted) + " matches columns " + std::to_string(found + 1) + " (" +
                                       detail::quoted(names_[found]) + ") and " + std::to_string(i + 1) + " (" +
                                       detail::quoted(names_[i]) + ") when case is ignored",
                                   line_, 0});
  }
  if (found != names_.size()) return found;

  std::string message = "the header has no column " + detail::quoted(wanted);
  if (match == column_match::exact) {
    for (const std::string& n : names_) {
      if (!same_name(n, wanted)) continue;
      message += "; " + detail::quoted(n) + " differs only in case";
      break;
    }
  }
  return unexpected<error>(error{errc::unknown_name, detail::pointer(wanted), std::move(message), line_, 0});
}

error csv_header::with_column_name(error e) const noexcept {
  if (e.where.empty() && e.column != 0 && e.column <= names_.size()) e.where = detail::pointer(names_[e.column - 1]);
  return e;
}

expected<csv_header, error> read_csv_header(csv_reader& reader) noexcept {
  auto got = reader.next();
  if (!got.has_value()) return unexpected<error>(got.error());
  if (!*got)
    return unexpected<error>(
        error{errc::syntax, "", "the input is empty; its first line must name the columns", 1, 0});
  return csv_header::from(reader.record());
}

// ---------------------------------------------------------------------------------------
// Delimiters.

std::optional<error> check_delimiter(char c) noexcept {
  if (c == '"' || c == '\n' || c == '\r' || c == '\0')
    return error{errc::out_of_range, "/delimiter",
                 "a delimiter cannot be a quote, a line end or a NUL byte: it would make records ambiguous"};
  return std::nullopt;
}

std::string_view delimiter_name(char c) noexcept {
  switch (c) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "vertical bar";
    default: return "delimiter";
  }
}

expected<char, error> parse_delimiter(std::string_view text, std::string_view where) noexcept {
  char c = 0;
  if (text.size() == 1)
    c = text.front();
  else if (text == "tab" || text == "\\t" || text == "TAB")
    c = '\t';
  else
    return detail::fail(errc::syntax, std::string(where),
                        detail::quoted(text) + " is not a delimiter: give one character such as ';' or '|', or \"tab\"");
  if (auto e = check_delimiter(c)) {
    e->where = std::string(where);
    return unexpected<error>(std::move(*e));
  }
  return c;
}

// ---------------------------------------------------------------------------------------
// Writing.

void write_csv_field(std::string& out, std::string_view field) noexcept {
  const bool quote =
      field.find_first_of(std::string_view(",\"\r\n", 4)) != std::string_view::npos || field.starts_with(byte_order_mark);
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void write_csv_record(std::string& out, std::span<const std::string_view> fields) noexcept {
  if (fields.size() == 1 && fields[0].empty()) {
    out += "\"\"\n";
    return;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) out += ',';
    write_csv_field(out, fields[i]);
  }
  out += '\n';
}

}  // namespace salesrules::io
