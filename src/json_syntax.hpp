// SPDX-License-Identifier: BSL-1.0
// JSON syntax errors described for people, shared by the JSON reader (json.cpp) and
// the JSON Lines import (import.cpp). Internal to salesrules::io.
#ifndef SALESRULES_SRC_JSON_SYNTAX_HPP
#define SALESRULES_SRC_JSON_SYNTAX_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules::io::json_syntax {

// What is wrong where a JSON parser stopped with `ec` at byte `at` of `text`: a NUL
// byte, invalid UTF-8 (naming the byte), a control character, an unexpected
// character (quoted), or the text ending too soon.
[[nodiscard]] std::string problem(const boost::json::error_code& ec, std::string_view text, std::size_t at);

// io::parse_json, for a file that cannot include json.hpp: its io::detail would hide
// salesrules::detail there.
[[nodiscard]] expected<boost::json::value, error> parse(std::string_view text) noexcept;

// `text` as a JSON string appended to `out`, as boost::json::serialize writes it
// once invalid UTF-8 is repaired (U+FFFD), as io::json_text does.
void append_string(std::string& out, std::string_view text, boost::json::serializer& writer);
// A parsed value (its strings valid UTF-8, as a parser leaves them) appended to `out`
// as boost::json::serialize writes it.
void append_value(std::string& out, const boost::json::value& v, boost::json::serializer& writer);

// The options io::parse_json parses with (nesting at most 64 deep).
[[nodiscard]] boost::json::parse_options options() noexcept;

// io::parse_json that keeps its parser and working memory from one text to the next,
// for a loop over many small texts (JSON Lines); the value is made with `storage`.
class reader {
 public:
  reader();
  [[nodiscard]] expected<boost::json::value, error> parse(std::string_view text,
                                                          boost::json::storage_ptr storage = {}) noexcept;

 private:
  boost::json::stream_parser parser_;
  std::vector<std::size_t> counts_, open_;  // each object's members, counted in a second pass
};

}  // namespace salesrules::io::json_syntax

#endif  // SALESRULES_SRC_JSON_SYNTAX_HPP
