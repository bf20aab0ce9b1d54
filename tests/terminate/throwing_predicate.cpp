// SPDX-License-Identifier: BSL-1.0
// A host predicate that throws ends the program: check_move is noexcept and does not
// catch (so that the library builds with -fno-exceptions). ctest expects this
// program to fail; it returns 0 only if the throw were swallowed.
#include <salesrules/gate.hpp>
#include <salesrules/policy.hpp>

#include <chrono>
#include <stdexcept>

int main() {
  using namespace salesrules;
  using namespace std::chrono;
  policy p;
  p.process.predicates = {{"flaky", [](const opportunity&, date) -> bool { throw std::runtime_error("CRM timeout"); }}};
  p.process.stages[1].entry.push_back(criteria::holds{"flaky"});
  const auto v = validate(std::move(p));
  if (!v) return 2;
  opportunity o;
  o.stage = v->process()->stages[0].name;
  const auto check = check_move(o, v->process()->stages[1].name, *v, 2026y / March / 2d);
  return check ? 0 : 3;
}
