# SPDX-License-Identifier: BSL-1.0
# salesrules_developer: warnings and sanitizers for salesrules' own tests, examples,
# benchmarks and tools. It is never installed or exported, so none of it reaches a
# project that uses salesrules.
add_library(salesrules_developer INTERFACE)
target_compile_options(salesrules_developer INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>
  $<$<AND:$<BOOL:${SALESRULES_WARNINGS_AS_ERRORS}>,$<CXX_COMPILER_ID:GNU,Clang>>:-Werror>
  # GCC 12 warns when a designated initializer leaves members to their defaults,
  # which is exactly how policies are meant to be written; GCC 13 no longer does.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-missing-field-initializers>
  # GCC 12 at -O3 also says a std::variant's alternative "may be used uninitialized"
  # inside libstdc++'s own move constructor when a criterion is pushed into a vector:
  # it cannot see that the variant's index guards the read. Nothing of ours is read
  # uninitialized: the coverage build runs the same code under AddressSanitizer.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-maybe-uninitialized>
  # Clang 19 gives the same warning its own name, and warns as GCC 12 does of
  # aggregates (report rows in the tests) that leave trailing members to their defaults.
  $<$<CXX_COMPILER_ID:Clang>:-Wno-missing-designated-field-initializers -Wno-missing-field-initializers>
  # With GCC 12's libstdc++ in C++23, Clang flags std::stable_sort's own use of the
  # deprecated std::get_temporary_buffer inside <bits/stl_tempbuf.h>; libstdc++ 13
  # silences it there. Our code calls nothing deprecated.
  $<$<CXX_COMPILER_ID:Clang>:-Wno-deprecated-declarations>)
# SALESRULES_SANITIZE: ON is address and undefined. The coverage build takes
# AddressSanitizer alone, because GCC's UBSan checks would be counted as branches of
# our code; the clang build takes UBSan alone; the tsan build takes thread.
set(SALESRULES_SANITIZERS "")
set(SALESRULES_SANITIZE_ADDRESS OFF)
if(SALESRULES_SANITIZE)
  set(SALESRULES_SANITIZERS "address,undefined")  # ON, TRUE, 1, ...
  if(SALESRULES_SANITIZE MATCHES "^(address|undefined|address,undefined|thread)$")
    set(SALESRULES_SANITIZERS "${SALESRULES_SANITIZE}")
  endif()
  if(SALESRULES_SANITIZERS MATCHES "address")
    set(SALESRULES_SANITIZE_ADDRESS ON)
  endif()
  target_compile_options(salesrules_developer INTERFACE
    -fsanitize=${SALESRULES_SANITIZERS} -fno-sanitize-recover=all -fno-omit-frame-pointer
    # libstdc++'s own checks: reading an empty optional or a vector out of bounds aborts.
    -D_GLIBCXX_ASSERTIONS)
  target_link_options(salesrules_developer INTERFACE -fsanitize=${SALESRULES_SANITIZERS})
  message(STATUS "salesrules: own targets built with -fsanitize=${SALESRULES_SANITIZERS}")
endif()
if(SALESRULES_COVERAGE)
  # gcov counters for gcovr (.ci/coverage); -O0 keeps lines and branches as written.
  target_compile_options(salesrules_developer INTERFACE --coverage -O0)
  target_link_options(salesrules_developer INTERFACE --coverage)
endif()
