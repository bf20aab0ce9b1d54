# SPDX-License-Identifier: BSL-1.0
# The build lists its sources by name rather than globbing them, so that a packager's
# build sees exactly what is listed. This fails when a file of a listed kind exists
# but is missing from its list (it would silently not be built or tested), or a
# listed file is gone. TESTS, HEADERS, IMPL, BENCHMARKS and FUZZ are '|'-separated lists;
# an empty BENCHMARKS or FUZZ means that part is not configured and is not checked.
cmake_minimum_required(VERSION 3.25)

function(check what dir pattern listed)
  string(REPLACE "|" ";" listed "${listed}")
  if(pattern MATCHES "^\\*\\*/")  # **/x: in every subfolder too
    string(SUBSTRING "${pattern}" 3 -1 pattern)
    file(GLOB_RECURSE present RELATIVE "${dir}" "${dir}/${pattern}")
  else()
    file(GLOB present RELATIVE "${dir}" "${dir}/${pattern}")
  endif()
  foreach(f IN LISTS present)
    if(NOT f IN_LIST listed)
      message(SEND_ERROR "${what}: ${f} exists but is not listed; add it to the list that builds it")
    endif()
  endforeach()
  foreach(f IN LISTS listed)
    if(NOT EXISTS "${dir}/${f}")
      message(SEND_ERROR "${what}: ${f} is listed but does not exist")
    endif()
  endforeach()
endfunction()

check("tests/CMakeLists.txt" "${SOURCE_DIR}/tests" "test_*.cpp" "${TESTS}")
check("tests/CMakeLists.txt (headers)" "${SOURCE_DIR}/include" "**/*.hpp" "${HEADERS}")
check("CMakeLists.txt (SALESRULES_IMPL_FILES)" "${SOURCE_DIR}/include/salesrules/impl" "*.ipp" "${IMPL}")
if(BENCHMARKS)
  check("benchmarks/CMakeLists.txt" "${SOURCE_DIR}/benchmarks" "bench_*.cpp" "${BENCHMARKS}")
endif()
if(FUZZ)
  check("tests/fuzz/CMakeLists.txt" "${SOURCE_DIR}/tests/fuzz" "fuzz_*.cpp" "${FUZZ}")
endif()
