// SPDX-License-Identifier: BSL-1.0
#include <salesrules/inline_vector.hpp>

#include <doctest/doctest.h>

#include <vector>

using salesrules::inline_vector;

TEST_CASE("inline vector: elements stay in order across the move to the heap") {
  inline_vector<int, 3> v;
  CHECK(v.empty());
  for (int i = 1; i <= 3; ++i) v.push_back(i);
  const int* inline_data = v.data();
  CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 2, 3});
  v.push_back(4);
  v.push_back(5);
  CHECK(v.data() != inline_data);
  CHECK(v.size() == 5);
  CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(v.front() == 1);
  CHECK(v.back() == 5);
  CHECK(v[3] == 4);
}

TEST_CASE("inline vector: elements filled in place, and dropped again") {
  inline_vector<int, 2> v;
  v.emplace_back() = 1;
  v.emplace_back() = 2;
  v.pop_back();
  v.emplace_back() = 3;
  v.emplace_back() = 4;  // spills to the heap
  v.pop_back();
  CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 3});
  v.emplace_back() = 5;
  CHECK(std::vector<int>(v.begin(), v.end()) == std::vector<int>{1, 3, 5});
}

TEST_CASE("inline vector: copies are independent and compare by elements") {
  inline_vector<int, 2> a;
  a.push_back(7);
  auto b = a;
  b.push_back(8);
  b.push_back(9);
  CHECK(a.size() == 1);
  CHECK(b.size() == 3);
  CHECK_FALSE(a == b);
  inline_vector<int, 2> c;
  c.push_back(7);
  CHECK(a == c);
  b.clear();
  CHECK(b.empty());
  b.push_back(7);
  CHECK(b == a);
}
