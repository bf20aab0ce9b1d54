// SPDX-License-Identifier: BSL-1.0
#include <salesrules/fwd.hpp>

// A host's header: its declarations name the library's types with fwd.hpp alone.
namespace host {
bool worth_a_review(const salesrules::opportunity& deal, const salesrules::validated_policy& rules);
salesrules::forecast_category category_of(const salesrules::opportunity& deal,
                                          const salesrules::validated_policy& rules);
}  // namespace host

// The definitions: had fwd.hpp declared a name as another kind of entity, or an enum
// with another underlying type, this file would not compile.
#include <salesrules/salesrules.hpp>

#include <doctest/doctest.h>

#include <type_traits>

namespace host {
bool worth_a_review(const salesrules::opportunity& deal, const salesrules::validated_policy& rules) {
  return salesrules::score(deal.ratings, rules.scorecard()).tier != salesrules::qualification_tier::strong;
}
salesrules::forecast_category category_of(const salesrules::opportunity& deal,
                                          const salesrules::validated_policy& rules) {
  const auto d = salesrules::categorize(deal, rules);
  return d ? d->category : salesrules::forecast_category::omitted;
}
}  // namespace host

static_assert(std::is_same_v<std::underlying_type_t<salesrules::level_index>, std::uint8_t>);
static_assert(std::is_class_v<salesrules::validated<salesrules::discount_policy>>);

TEST_CASE("fwd: functions declared with the forward declarations take the library's types") {
  auto rules = salesrules::validate(salesrules::policy{});
  REQUIRE(rules);
  salesrules::opportunity deal;
  deal.stage = "Prospect";
  // Unrated: not strong, so worth a review.
  CHECK(host::worth_a_review(deal, *rules));
  deal.ratings = {salesrules::rating{5}, salesrules::rating{5}, salesrules::rating{5},
                  salesrules::rating{5}, salesrules::rating{5}, salesrules::rating{5}};
  CHECK_FALSE(host::worth_a_review(deal, *rules));
  // Prospect's 10% is below Pipeline's 20%: Upside.
  CHECK(host::category_of(deal, *rules) == salesrules::forecast_category::upside);
}
