// SPDX-License-Identifier: BSL-1.0
// salesrules/io/document.hpp - reading a whole document (a policy, a column map, a deal,
// a request, golden cases) into memory, within a size limit.
//
// Part of salesrules::io (compiled; link salesrules::io). Exports are streamed row by
// row (io/import.hpp); everything else is read whole before it is parsed, so a file
// that never ends (/dev/zero, `yes | ...`) or one far larger than any real policy must
// stop at a limit rather than take all the memory there is. Regular files are checked
// against the limit before a byte is read; FIFOs, character devices and streams such as
// stdin are read as streams and stop one byte past the limit (a FIFO with no writer
// waits for one, as `cat` does). A directory is refused. Should memory run out while
// the document is read, the error says so (errc::no_memory) and how far it got, rather
// than letting a parser report the truncated text as malformed.
#ifndef SALESRULES_IO_DOCUMENT_HPP
#define SALESRULES_IO_DOCUMENT_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/io/export.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The size limit of a whole-document read unless the caller sets one: 64 MiB, far
// beyond any real policy, column map or request.
inline constexpr std::size_t default_document_limit = std::size_t{64} << 20;

// The text of `file`. Errors are about the document as a whole (`where` is "", and the
// caller, who named the file, says which): a directory, a file that cannot be opened
// or read (errc::missing), a document longer than `limit` bytes (errc::too_large),
// memory running out (errc::no_memory).
[[nodiscard]] expected<std::string, error> read_document(const std::filesystem::path& file,
                                                         std::size_t limit = default_document_limit) noexcept;

// The rest of `in` (stdin, say), with the same limit and errors.
[[nodiscard]] expected<std::string, error> read_document(std::istream& in,
                                                         std::size_t limit = default_document_limit) noexcept;

// "64 MiB", "1.5 MiB" or "300 bytes": a size for messages.
[[nodiscard]] std::string format_size(std::uint64_t bytes) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_DOCUMENT_HPP
