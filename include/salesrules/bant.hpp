// SPDX-License-Identifier: BSL-1.0
// salesrules/bant.hpp - Budget, Authority, Need, Timeline.
//
// The playbook's first workflow step: "Confirm budget, authority, need, and
// timeline before advancing." Each is confirmed by the rep, explicitly.
#ifndef SALESRULES_BANT_HPP
#define SALESRULES_BANT_HPP

#include <salesrules/enum_set.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>

namespace salesrules {

enum class bant_item : std::uint8_t { budget, authority, need, timeline };
BOOST_DESCRIBE_ENUM(bant_item, budget, authority, need, timeline)

// Which BANT items the rep has confirmed on a deal.
struct bant_confirmation {
  bool budget = false;
  bool authority = false;
  bool need = false;
  bool timeline = false;

  friend constexpr bool operator==(const bant_confirmation&, const bant_confirmation&) noexcept = default;
};
BOOST_DESCRIBE_STRUCT(bant_confirmation, (), (budget, authority, need, timeline))

struct bant_result {
  enum_set<bant_item> unconfirmed;
  [[nodiscard]] constexpr bool confirmed() const noexcept { return unconfirmed.empty(); }

  friend constexpr bool operator==(const bant_result&, const bant_result&) noexcept = default;
};

// Which of the four are not yet confirmed.
[[nodiscard]] constexpr bant_result check_bant(const bant_confirmation& b) noexcept {
  bant_result r;
  if (!b.budget) r.unconfirmed.insert(bant_item::budget);
  if (!b.authority) r.unconfirmed.insert(bant_item::authority);
  if (!b.need) r.unconfirmed.insert(bant_item::need);
  if (!b.timeline) r.unconfirmed.insert(bant_item::timeline);
  return r;
}

}  // namespace salesrules

#endif  // SALESRULES_BANT_HPP
