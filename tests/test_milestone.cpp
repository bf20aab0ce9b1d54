// SPDX-License-Identifier: BSL-1.0
#include <salesrules/milestone.hpp>

#include <salesrules/names.hpp>

#include <doctest/doctest.h>

using namespace salesrules;

TEST_CASE("milestone: a set remember the day when known") {
  using namespace std::chrono;
  milestone_set s;
  CHECK_FALSE(s.has(milestone::meeting_held));
  s.reach(milestone::meeting_held, 2026y / February / 3d);
  s.reach(milestone::demo_delivered);
  CHECK(s.has(milestone::meeting_held));
  CHECK(s.reached_on(milestone::meeting_held) == 2026y / February / 3d);
  CHECK(s.has(milestone::demo_delivered));
  CHECK_FALSE(s.reached_on(milestone::demo_delivered).has_value());
  CHECK(s.reached().size() == 2);
  s.clear(milestone::meeting_held);
  CHECK_FALSE(s.has(milestone::meeting_held));
  CHECK_FALSE(s.reached_on(milestone::meeting_held).has_value());
}

TEST_CASE("milestone: a value outside the enumeration cannot be reached") {
  milestone_set s;
  s.reach(static_cast<milestone>(200), std::chrono::year{2026} / 1 / 1);
  CHECK(s.reached().empty());
  CHECK_FALSE(s.reached_on(static_cast<milestone>(200)).has_value());
}

TEST_CASE("milestone: names come from the description") {
  CHECK(name_of(milestone::technical_fit_confirmed) == "technical_fit_confirmed");
  CHECK(from_name<milestone>("cs_handoff_done") == milestone::cs_handoff_done);
  CHECK(enum_set<milestone>::capacity == 17);
  // The workflow's milestones come after the table's, which keep their numbers.
  CHECK(static_cast<int>(milestone::cs_handoff_done) == 11);
  CHECK(from_name<milestone>("objections_documented") == milestone::objections_documented);
  CHECK(name_of(milestone::roi_justified) == "roi_justified");
}
