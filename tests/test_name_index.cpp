// SPDX-License-Identifier: BSL-1.0
#include <salesrules/detail/name_index.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using namespace salesrules::detail;

namespace {
std::string upper(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}
}  // namespace

TEST_CASE("name index: 100,000 names numbered in the order first added, by first spelling, ignoring case") {
  iname_table<std::string> table;
  for (std::size_t i = 0; i < 100'000; ++i) {
    const auto [n, added] = table.insert("Name " + std::to_string(i));
    REQUIRE(added);
    REQUIRE(n == i);
  }
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < 100'000; ++i) {
    const auto [n, added] = table.insert(upper("Name " + std::to_string(i)));
    wrong += added || n != i || table.find("name " + std::to_string(i)) != i;
  }
  CHECK(wrong == 0);
  CHECK(table.size() == 100'000);
  CHECK(table.name(99'999) == "Name 99999");  // the first spelling
  CHECK(table.find("Name 100000") == table.size());
  CHECK(table.find("") == table.size());
  CHECK(table.insert("").second);  // the empty name is a name like any other
  CHECK(table.find("") == 100'000);
  const iname_table<std::string_view> none;
  CHECK(none.find("x") == 0);
}

TEST_CASE("name index: exact tables tell spellings apart") {
  exact_name_table<std::string_view> table;
  CHECK(table.insert("Amt") == std::pair<std::size_t, bool>{0, true});
  CHECK(table.insert("AMT") == std::pair<std::size_t, bool>{1, true});
  CHECK(table.insert("Amt") == std::pair<std::size_t, bool>{0, false});
  CHECK(table.find("amt") == 2);
}

TEST_CASE("name index: each name's first earlier repeat, ignoring case or exactly") {
  const std::vector<std::string> names{"b", "A", "B", "a", "c", "b", "A"};
  const auto name = [&](std::size_t i) -> const std::string& { return names[i]; };
  constexpr std::size_t none = no_repeat;
  CHECK(earlier_repeats(names.size(), name) == std::vector<std::size_t>{none, none, 0, 1, none, 0, 1});
  CHECK(earlier_repeats(names.size(), name, std::less<>()) ==
        std::vector<std::size_t>{none, none, none, none, none, 0, 1});
  CHECK(earlier_repeats(0, name).empty());
}

TEST_CASE("name index: a sorted list is searched, a short one scanned, both ignoring ASCII case") {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < 1'000; ++i) names.push_back(std::to_string((i * 7919) % 1'000));
  const auto name = [&](std::size_t i) -> const std::string& { return names[i]; };
  const auto sorted = sorted_positions(names.size(), name);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < names.size(); ++i) wrong += find_sorted(sorted, name, names[i]) != i;
  CHECK(wrong == 0);
  CHECK(find_sorted(sorted, name, "1000") == no_repeat);
  const std::vector<std::string> few{"Negotiation", "Proposal"};
  const auto few_name = [&](std::size_t i) -> const std::string& { return few[i]; };
  const auto few_sorted = sorted_positions(few.size(), few_name);
  CHECK(find_sorted(few_sorted, few_name, "Proposal") == 1);
  CHECK(find_sorted(few_sorted, few_name, "proposal") == 1);
  CHECK(find_sorted(few_sorted, few_name, "Proposals") == no_repeat);
  std::vector<std::string> cased;
  for (std::size_t i = 0; i < 100; ++i) cased.push_back((i % 2 == 0 ? "Stage-" : "STAGE-") + std::to_string(i));
  const auto cased_name = [&](std::size_t i) -> const std::string& { return cased[i]; };
  const auto cased_sorted = sorted_positions(cased.size(), cased_name);
  std::size_t missed = 0;
  for (std::size_t i = 0; i < cased.size(); ++i) missed += find_sorted(cased_sorted, cased_name, "stage-" + std::to_string(i)) != i;
  CHECK(missed == 0);
}
