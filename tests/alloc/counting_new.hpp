// SPDX-License-Identifier: BSL-1.0
// Allocation counting for the no-allocation tests: counting_new.cpp replaces the
// global operator new of the program these tests build into.
#ifndef SALESRULES_TESTS_COUNTING_NEW_HPP
#define SALESRULES_TESTS_COUNTING_NEW_HPP

namespace salesrules::test {

// Calls of the global operator new so far.
long allocations() noexcept;

// Keep a value alive in the optimizer's eyes.
inline void keep(const void* p) noexcept { asm volatile("" : : "g"(p) : "memory"); }

// Allocations made while running f.
template <class F>
long count_allocations(F&& f) {
  const long before = allocations();
  f();
  return allocations() - before;
}

}  // namespace salesrules::test

#endif
