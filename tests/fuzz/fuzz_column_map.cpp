// SPDX-License-Identifier: BSL-1.0
// Fuzz target: the column map a host's export is read with.
//
// Any bytes either give a map or an error that says something. A map that parses is
// written back in the same JSON form and must parse to the same map.
#include "fuzz_support.hpp"

#include <salesrules/io/import.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace fz = salesrules::fuzz;
namespace io = salesrules::io;

namespace {

boost::json::object names(const std::vector<io::name_mapping>& mappings) {
  boost::json::object o;
  for (const auto& m : mappings) o[m.theirs] = m.ours;
  return o;
}

std::string written(const io::column_map& map) {
  boost::json::object o;
  o["columns"] = names(map.columns);
  o["stages"] = names(map.stages);
  boost::json::object outcomes;
  for (const auto& m : map.outcomes) outcomes[m.theirs] = boost::describe::enum_to_string(m.ours, "");
  o["outcomes"] = std::move(outcomes);
  if (map.currency.is_set()) o["currency"] = std::string(map.currency.code());
  if (map.delimiter) o["delimiter"] = *map.delimiter == '\t' ? std::string("tab") : std::string(1, *map.delimiter);
  if (map.dates) o["date_format"] = io::to_string(*map.dates);
  if (map.decimal_comma) o["decimal_comma"] = *map.decimal_comma;
  return boost::json::serialize(o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto map = io::parse_column_map(fz::as_text(data, size));
  if (!map) {
    fz::check_error(map.error());
    return 0;
  }
  const std::string text = written(*map);
  auto again = io::parse_column_map(text);
  if (!again) {
    std::fprintf(stderr, "%s\n%s\n", salesrules::to_string(again.error()).c_str(), text.c_str());
    fz::broken("a column map written back does not parse");
  }
  fz::check(*again == *map, "a column map written back parses to a different map");
  return 0;
}
