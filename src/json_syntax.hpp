// SPDX-License-Identifier: BSL-1.0
// JSON syntax errors described for people, shared by the JSON reader (json.cpp) and
// the JSON Lines import (import.cpp). Internal to salesrules::io.
#ifndef SALESRULES_SRC_JSON_SYNTAX_HPP
#define SALESRULES_SRC_JSON_SYNTAX_HPP

#include <salesrules/error.hpp>
#include <salesrules/expected.hpp>

#include <boost/json/error.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace salesrules::io::json_syntax {

// What is wrong where a JSON parser stopped with `ec` at byte `at` of `text`: a NUL
// byte, invalid UTF-8 (naming the byte), a control character, an unexpected
// character (quoted), or the text ending too soon.
[[nodiscard]] std::string problem(const boost::json::error_code& ec, std::string_view text, std::size_t at);

// io::parse_json, for a file that cannot include json.hpp: its io::detail would hide
// salesrules::detail there.
[[nodiscard]] expected<boost::json::value, error> parse(std::string_view text) noexcept;

}  // namespace salesrules::io::json_syntax

#endif  // SALESRULES_SRC_JSON_SYNTAX_HPP
