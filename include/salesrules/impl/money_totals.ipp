// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/money_totals.ipp - the definitions behind money_totals.hpp (see config.hpp: included
// by the header when header-only, compiled once into salesrules::compiled otherwise).
#ifndef SALESRULES_IMPL_MONEY_TOTALS_IPP
#define SALESRULES_IMPL_MONEY_TOTALS_IPP

#include <salesrules/money_totals.hpp>
#include <salesrules/opportunity.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace salesrules {

SALESRULES_INLINE void money_totals::add(const money& m, std::int64_t weight_percent) noexcept {
  const detail::int128 v = static_cast<detail::int128>(m.minor_units()) * weight_percent;
  for (auto& e : entries_)
    if (e.cur == m.currency()) {
      e.hundredths += v;
      return;
    }
  entries_.push_back(entry{m.currency(), v});
}

SALESRULES_INLINE void money_totals::add(const money_totals& other) noexcept {
  for (const auto& o : other.entries_) {
    bool found = false;
    for (auto& e : entries_)
      if (e.cur == o.cur) {
        e.hundredths += o.hundredths;
        found = true;
        break;
      }
    if (!found) entries_.push_back(o);
  }
}

SALESRULES_INLINE expected<money, error> money_totals::in(const validated<exchange_policy>& x) const noexcept {
  detail::int128 sum = 0;
  for (const auto& e : entries_) {
    const auto rate = rate_of(e.cur, x);
    if (!rate) return unexpected<error>(rate.error());
    const auto v = detail::convert_units(e.hundredths, e.cur, *rate, x->reporting, 2);
    if (!v || __builtin_add_overflow(sum, *v, &sum))
      return detail::fail(errc::overflow, "", "a total overflows 128 bits");
  }
  if (sum > INT64_MAX || sum < INT64_MIN)
    return detail::fail(errc::overflow, "",
                        "a total overflows 64-bit minor units of " + std::string(x->reporting.code()));
  return money(static_cast<std::int64_t>(sum), x->reporting);
}

namespace detail {

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE bool has_rate(currency c, const validated<exchange_policy>& x) noexcept {
  if (c == x->reporting) return true;
  return std::any_of(x->rates.begin(), x->rates.end(), [c](const currency_rate& r) { return r.from == c; });
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
SALESRULES_INLINE bool rate_memo::operator()(currency c) {
  for (currency k : rated_)
    if (k == c) return true;
  for (currency k : unrated_)
    if (k == c) return false;
  const bool rated = has_rate(c, *x_);
  if (rated)
    rated_.push_back(c);
  else
    unrated_.push_back(c);
  return rated;
}

SALESRULES_INLINE std::optional<error> require_currency(const opportunity& o) {
  if (o.amount.currency().is_set()) return std::nullopt;
  return about_deal(o, error{errc::unknown_currency, "/amount", "the amount has no currency"});
}

SALESRULES_INLINE std::optional<error> rate_check::operator()(const opportunity& o) {
  const currency c = o.amount.currency();
  for (currency k : known_)
    if (k == c) return std::nullopt;
  if (auto r = rate_of(c, x_); !r) return about_deal(o, within("/amount", r.error()));
  known_.push_back(c);
  return std::nullopt;
}

}  // namespace detail
}  // namespace salesrules

#endif  // SALESRULES_IMPL_MONEY_TOTALS_IPP
