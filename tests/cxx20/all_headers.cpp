// SPDX-License-Identifier: BSL-1.0
// Every public header, compiled as C++20 with salesrules::expected = tl::expected.
#include <salesrules/salesrules.hpp>
#include <salesrules/io/csv.hpp>
#include <salesrules/io/explain.hpp>
#include <salesrules/io/matrix_testing.hpp>

#include <chrono>

// Instantiate the main entry points so their bodies are checked, not only parsed.
int main() {
  using namespace std::chrono;
  namespace sr = salesrules;
  auto p = sr::validate(sr::policy{});
  if (!p) return 1;
  sr::opportunity o;
  o.stage = "Prospect";
  const auto s = sr::score(o.ratings, p->scorecard());
  auto check = sr::check_move(o, "Discovery", *p, 2026y / March / 2d);
  auto moved = sr::advance(o, "Discovery", *p, 2026y / March / 2d);
  auto m = sr::parse_money("12.50", sr::currency{"USD"});
  return static_cast<int>(s.total.hundredths()) + (check ? 0 : 1) + (moved ? 0 : 1) + (m ? 0 : 1);
}
