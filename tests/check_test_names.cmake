# SPDX-License-Identifier: BSL-1.0
# Refuses doctest case names holding ';'. doctest_discover_tests() keeps the names
# in a CMake list, so such a name is cut in two, neither piece matches the case, and
# ctest reports the pieces passed without running anything.
#   cmake -DPROGRAMS=<exe^^exe...> -P check_test_names.cmake
string(REPLACE "^^" ";" PROGRAMS "${PROGRAMS}")
set(problems "")
foreach(program IN LISTS PROGRAMS)
  execute_process(COMMAND "${program}" --list-test-cases --no-version=true
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(APPEND problems "${program} --list-test-cases failed (${status}): ${err}\n")
    continue()
  endif()
  # One list item a line, each ';' held as a marker meanwhile.
  string(REPLACE ";" "<semicolon>" out "${out}")
  string(REPLACE "\n" ";" lines "${out}")
  foreach(line IN LISTS lines)
    if(line MATCHES "<semicolon>")
      string(REPLACE "<semicolon>" ";" line "${line}")
      string(APPEND problems "${program}: never runs under ctest: ${line}\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "${problems}")
endif()
