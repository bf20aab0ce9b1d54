# SPDX-License-Identifier: BSL-1.0
# Installs the salesrules build into a temporary prefix, then builds and runs the
# consumer project against it with find_package, and against the source tree with
# add_subdirectory. Any failing step fails the test.
function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

set(consumer "${SALESRULES_SOURCE_DIR}/tests/consumer")
# Where the build found its own dependencies (tl-expected, say), '|'-separated.
string(REPLACE "|" ";" extra_prefix "${EXTRA_PREFIX_PATH}")
file(REMOVE_RECURSE "${WORK_DIR}")
# An initial cache, because a list would be split on its way through step().
file(WRITE "${WORK_DIR}/initial-cache.cmake"
  "set(CMAKE_PREFIX_PATH \"${WORK_DIR}/prefix;${extra_prefix}\" CACHE STRING \"\")\n")
step("install into ${WORK_DIR}/prefix"
  ${CMAKE_COMMAND} --install "${SALESRULES_BINARY_DIR}" --prefix "${WORK_DIR}/prefix" --config "${BUILD_TYPE}")

foreach(mode IN ITEMS find_package subdirectory)
  set(build "${WORK_DIR}/${mode}")
  step("configure the ${mode} consumer"
    ${CMAKE_COMMAND} -S "${consumer}" -B "${build}" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
      -C "${WORK_DIR}/initial-cache.cmake" "-DSALESRULES_EXPECTED=${EXPECTED}"
      "-DSALESRULES_CONSUMER_MODE=${mode}" "-DSALESRULES_SOURCE_DIR=${SALESRULES_SOURCE_DIR}")
  step("build the ${mode} consumer" ${CMAKE_COMMAND} --build "${build}")
  step("run the ${mode} consumer" "${build}/consumer")
endforeach()

# The pkg-config files name the installed headers.
file(GLOB pc_files "${WORK_DIR}/prefix/*/pkgconfig/salesrules.pc" "${WORK_DIR}/prefix/*/*/pkgconfig/salesrules.pc")
if(NOT pc_files)
  message(FATAL_ERROR "no salesrules.pc was installed")
endif()

# The licence travels with the package: the text, and its SPDX name in the .pc files.
if(NOT EXISTS "${WORK_DIR}/prefix/share/doc/salesrules/LICENSE")
  message(FATAL_ERROR "the licence was not installed into share/doc/salesrules")
endif()
foreach(pc IN LISTS pc_files)
  file(READ "${pc}" text)
  if(NOT text MATCHES "\nLicense: BSL-1.0\n")
    message(FATAL_ERROR "${pc} does not name the licence")
  endif()
endforeach()
