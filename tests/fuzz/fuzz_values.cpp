// SPDX-License-Identifier: BSL-1.0
// Fuzz target: the value parsers every reader is built on - dates, money, percentages,
// probabilities and exchange rates.
//
// The first byte chooses the parser (and, for money, the currency: its minor digits
// are 0, 2, 3 or 4); the rest is the text. A value that parses is printed and must
// parse again to the same value; a date prints back as exactly the text it came from,
// there being one way to write each. Errors must say something.
#include "fuzz_support.hpp"

#include <salesrules/date.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/money.hpp>
#include <salesrules/percent.hpp>
#include <salesrules/probability.hpp>

#include <array>

namespace fz = salesrules::fuzz;
namespace sr = salesrules;

namespace {

template <class T>
bool refused(const sr::expected<T, sr::error>& r) {
  if (!r) fz::check_error(r.error());
  return !r;
}

void date_round_trip(std::string_view text) {
  const auto d = sr::parse_date(text);
  if (refused(d)) return;
  fz::check(d->ok(), "a parsed date is not a day");
  fz::check(sr::to_string(*d) == text, "a date does not print as it was written");
}

void money_round_trip(std::string_view text, std::uint8_t which) {
  static const std::array<sr::currency, 4> currencies{*sr::currency::from_code("USD"), *sr::currency::from_code("JPY"),
                                                      *sr::currency::from_code("BHD"), *sr::currency::from_code("CLF")};
  const sr::currency c = currencies[which & 3U];
  const auto m = sr::parse_money(text, c);
  if (refused(m)) return;
  fz::check(m->currency() == c, "an amount has another currency than it was read in");
  const auto again = sr::parse_money(sr::to_decimal_string(*m), c);
  fz::check(again.has_value() && *again == *m, "an amount does not read back as printed");
}

void percent_round_trip(std::string_view text) {
  const auto p = sr::parse_percent(text);
  if (refused(p)) return;
  const auto again = sr::parse_percent(sr::to_string(*p));
  fz::check(again.has_value() && *again == *p, "a percentage does not read back as printed");
}

void probability_round_trip(std::string_view text) {
  const auto p = sr::parse_probability(text);
  if (refused(p)) return;
  fz::check(p->whole_percent() <= 100, "a probability above 100%");
  const auto again = sr::parse_probability(std::to_string(p->whole_percent()));
  fz::check(again.has_value() && *again == *p, "a probability does not read back as printed");
}

void rate_round_trip(std::string_view text) {
  const auto r = sr::parse_rate(text);
  if (refused(r)) return;
  const auto again = sr::parse_rate(sr::to_string(*r));
  fz::check(again.has_value() && *again == *r, "an exchange rate does not read back as printed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t which = data[0];
  const std::string_view text = fz::as_text(data + 1, size - 1);
  switch ((which >> 2U) % 5U) {
    case 0: date_round_trip(text); break;
    case 1: money_round_trip(text, which); break;
    case 2: percent_round_trip(text); break;
    case 3: probability_round_trip(text); break;
    default: rate_round_trip(text); break;
  }
  return 0;
}
