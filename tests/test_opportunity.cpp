// SPDX-License-Identifier: BSL-1.0
#include <salesrules/opportunity.hpp>

#include "deals.hpp"

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace salesrules;

TEST_CASE("opportunity: the described field list covers the CSV's columns") {
  std::vector<std::string> names;
  boost::mp11::mp_for_each<boost::describe::describe_members<opportunity, boost::describe::mod_public>>(
      [&](auto d) { names.emplace_back(d.name); });
  for (const char* column : {"id", "account", "owner", "amount", "stage", "close_date", "created_date",
                             "last_activity_date", "next_step", "segment", "outcome", "closed_date", "loss_reason",
                             "competitors", "contacts", "source", "annual_recurring"}) {
    CAPTURE(column);
    CHECK(std::find(names.begin(), names.end(), column) != names.end());
  }
  CHECK(names.size() == 29);  // the 28 columns and the custom fields
}

TEST_CASE("opportunity: engaged contacts are the larger of the count and the people named") {
  auto o = test::acme("Proposal");
  o.contact_count = 2;
  CHECK(contacts_engaged(o) == 2);
  o.contacts = {{"Ana", "CTO", contact_role::economic_buyer, influence_level::high},
                {"Raj", "VP Eng", contact_role::champion, influence_level::high},
                {"Lee", "Architect", contact_role::technical_evaluator, influence_level::medium}};
  CHECK(contacts_engaged(o) == 3);
  CHECK(is_open(o));
  o.outcome = deal_outcome::disqualified;
  CHECK_FALSE(is_open(o));
}
