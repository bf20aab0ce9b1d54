// SPDX-License-Identifier: BSL-1.0
// salesrules/money_totals.hpp - sums of money in several currencies, kept exact.
//
// A multi-currency figure is summed per currency and each currency's sum converted
// once, when the figure is read, to the reporting currency (money_totals). A part in
// a currency the policy has no rate for is kept apart, in its own currency
// (unconverted), so no deal is dropped or guessed. The checks here say whether a
// currency has a rate, once per currency a loop over deals meets.
#ifndef SALESRULES_MONEY_TOTALS_HPP
#define SALESRULES_MONEY_TOTALS_HPP

#include <salesrules/config.hpp>
#include <salesrules/detail/int128.hpp>
#include <salesrules/error.hpp>
#include <salesrules/exchange.hpp>
#include <salesrules/expected.hpp>
#include <salesrules/fwd.hpp>
#include <salesrules/inline_vector.hpp>
#include <salesrules/money.hpp>
#include <salesrules/validated.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>

namespace salesrules {

// Exact sums of amounts in several currencies, converted to the reporting currency
// only when read. Each currency's sum is kept in 128 bits, so adding cannot overflow;
// reading can, and says so.
class money_totals {
 public:
  // Add `minor_units` x `weight` (weight in whole percent: 100 for the full amount).
  void add(const money& m, std::int64_t weight_percent = 100) noexcept;
  void add(const money_totals& other) noexcept;
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  // The sum in the reporting currency: each currency's exact sum converted once.
  [[nodiscard]] expected<money, error> in(const validated<exchange_policy>& x) const noexcept;

 private:
  struct entry {
    currency cur;
    detail::int128 hundredths;  // minor units x percent
  };
  inline_vector<entry, 3> entries_;
};

// One currency's part of a figure that the policy has no exchange rate for: kept apart,
// in that currency, so the converted figures stay exact and no deal is dropped or guessed.
// The reports (io/*_report.hpp) list these beside each figure they leave out of.
struct unconverted {
  salesrules::currency currency;
  std::uint64_t deals = 0;
  money total;     // in that currency
  money weighted;  // amount x probability, in that currency, rounded half to even
  friend bool operator==(const unconverted&, const unconverted&) = default;
};
BOOST_DESCRIBE_STRUCT(unconverted, (), (currency, deals, total, weighted))

namespace detail {

// Whether the policy converts `c`: the reporting currency, or one with a rate. Unlike
// rate_of() it builds no error, so asking allocates nothing.
// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
bool has_rate(currency c, const validated<exchange_policy>& x) noexcept;

// has_rate() for the currencies a stream of deals meets, each looked up once.
class rate_memo {
 public:
  explicit rate_memo(const validated<exchange_policy>& x) noexcept : x_(&x) {}
  // cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
  [[nodiscard]] bool operator()(currency c);

 private:
  const validated<exchange_policy>* x_;
  inline_vector<currency, 4> rated_;
  inline_vector<currency, 2> unrated_;
};

// An amount with no currency at all cannot be kept apart by currency: an error naming
// the deal, as a missing rate was before the reports kept such amounts apart.
std::optional<error> require_currency(const opportunity& o);

// Checks each currency a loop meets has a rate, the first time it meets it, so a
// missing rate is reported with the deal that brought it.
class rate_check {
 public:
  explicit rate_check(const validated<exchange_policy>& x) noexcept : x_(x) {}
  [[nodiscard]] std::optional<error> operator()(const opportunity& o);

 private:
  const validated<exchange_policy>& x_;
  inline_vector<currency, 4> known_;
};

}  // namespace detail
}  // namespace salesrules

#if SALESRULES_HEADER_ONLY
#include <salesrules/impl/money_totals.ipp>
#endif

#endif  // SALESRULES_MONEY_TOTALS_HPP
