# SPDX-License-Identifier: BSL-1.0
# Installs the salesrules build into a temporary prefix, then builds and runs the
# consumer project against it with find_package, and against the source tree with
# add_subdirectory, in the MODES asked for ('|'-separated: installed, shared, system,
# host). Any failing step fails the test.
cmake_minimum_required(VERSION 3.25)

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

# Configure, build and run the consumer project with an initial cache (which names
# the install prefix); ARGN are extra cache settings.
function(consumer name cache)
  set(build "${WORK_DIR}/${name}")
  step("configure the consumer: ${name}"
    ${CMAKE_COMMAND} -S "${consumer}" -B "${build}" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
      -C "${cache}" "-DSALESRULES_EXPECTED=${EXPECTED}"
      "-DSALESRULES_SOURCE_DIR=${SALESRULES_SOURCE_DIR}" ${ARGN})
  step("build the consumer: ${name}" ${CMAKE_COMMAND} --build "${build}")
  step("run the consumer: ${name}" "${build}/consumer")
  if(EXISTS "${build}/c_host")
    step("run the C API's host: ${name}" "${build}/c_host")
  endif()
  if(EXISTS "${build}/host_json")
    step("run the host with its own Boost.JSON: ${name}" "${build}/host_json")
  endif()
endfunction()

string(REPLACE "|" ";" modes "${MODES}")

# The build under test, installed (static salesrules::io, Boost.JSON embedded).
if("installed" IN_LIST modes)
  # With the C API when the build has it: find_package(... COMPONENTS io c), salesrules::c.
  set(with_c OFF)
  if(CC)
    set(with_c ON)
  endif()
  consumer("installed static" "${WORK_DIR}/initial-cache.cmake" -DSALESRULES_CONSUMER_MODE=find_package
    -DSALESRULES_CONSUMER_C=${with_c})
  consumer("installed, core only" "${WORK_DIR}/initial-cache.cmake" -DSALESRULES_CONSUMER_MODE=find_package -DSALESRULES_CONSUMER_CORE_ONLY=ON)
  # Built with SALESRULES_COMPILED: the installed salesrules::compiled, on its own.
  if(COMPILED)
    consumer("installed, compiled core only" "${WORK_DIR}/initial-cache.cmake"
      -DSALESRULES_CONSUMER_MODE=find_package -DSALESRULES_CONSUMER_CORE_ONLY=ON -DSALESRULES_CONSUMER_COMPILED=ON)
  endif()
endif()

# A shared salesrules::io, built and installed apart: it has a versioned soname,
# exports the io API and not its private helpers, and a host with a Boost.JSON of its
# own links it and agrees with it.
if("shared" IN_LIST modes)
  set(shared_build "${WORK_DIR}/shared-build")
  step("configure salesrules with BUILD_SHARED_LIBS"
    ${CMAKE_COMMAND} -S "${SALESRULES_SOURCE_DIR}" -B "${shared_build}" -G "${GENERATOR}"
      "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
      -C "${WORK_DIR}/initial-cache.cmake" "-DSALESRULES_EXPECTED=${EXPECTED}"
      -DBUILD_SHARED_LIBS=ON -DSALESRULES_INSTALL=ON -DSALESRULES_BUILD_TESTS=OFF
      -DSALESRULES_BUILD_EXAMPLES=OFF -DSALESRULES_BUILD_BENCHMARKS=OFF -DSALESRULES_BUILD_CLI=OFF)
  step("build the shared salesrules::io" ${CMAKE_COMMAND} --build "${shared_build}")
  step("install the shared build into ${WORK_DIR}/prefix-shared"
    ${CMAKE_COMMAND} --install "${shared_build}" --prefix "${WORK_DIR}/prefix-shared" --config "${BUILD_TYPE}")
  file(GLOB_RECURSE sonames "${WORK_DIR}/prefix-shared/*/libsalesrules_io.so.*")
  list(FILTER sonames INCLUDE REGEX "libsalesrules_io\\.so\\.0\\.1$")
  if(NOT sonames)
    message(FATAL_ERROR "no libsalesrules_io.so.0.1 (the soname carries major.minor) was installed")
  endif()
  list(GET sonames 0 so)
  execute_process(COMMAND "${NM}" -D -C --defined-only "${so}" OUTPUT_VARIABLE exported RESULT_VARIABLE rc)
  string(PREPEND exported "\n")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} could not list ${so}")
  endif()
  # The io API is exported; a private helper (inline in src/file_parts.hpp) is not;
  # Boost.JSON, compiled in (embedded), is, since io's users call it.
  if(NOT exported MATCHES "salesrules::io::load_policy")
    message(FATAL_ERROR "${so} does not export salesrules::io::load_policy")
  endif()
  if(exported MATCHES "find_part_start")
    message(FATAL_ERROR "${so} exports a private helper (find_part_start): is visibility hidden?")
  endif()
  if(NOT exported MATCHES "\n[0-9a-f]+ T boost::json::parse\\(")
    message(FATAL_ERROR "${so} does not provide the Boost.JSON it compiles in (boost::json::parse)")
  endif()
  message(STATUS "the shared library exports the io API and Boost.JSON, not private helpers: ok")
  file(WRITE "${WORK_DIR}/initial-cache-shared.cmake"
    "set(CMAKE_PREFIX_PATH \"${WORK_DIR}/prefix-shared;${extra_prefix}\" CACHE STRING \"\")\n")
  consumer("installed shared" "${WORK_DIR}/initial-cache-shared.cmake"
    -DSALESRULES_CONSUMER_MODE=find_package -DSALESRULES_CONSUMER_BOOST_JSON=own)
endif()

# From the source tree: Boost.JSON from the system library, shared with the host;
# left to the host's own copy; and the core alone, without io.
if("system" IN_LIST modes)
  consumer("subdirectory, Boost.JSON system" "${WORK_DIR}/initial-cache.cmake" -DSALESRULES_CONSUMER_MODE=subdirectory
    -DSALESRULES_BOOST_JSON=system -DSALESRULES_CONSUMER_BOOST_JSON=system)
endif()
if("host" IN_LIST modes)
  consumer("subdirectory, Boost.JSON host" "${WORK_DIR}/initial-cache.cmake" -DSALESRULES_CONSUMER_MODE=subdirectory
    -DSALESRULES_BOOST_JSON=host -DSALESRULES_CONSUMER_BOOST_JSON=own)
  consumer("subdirectory, core only" "${WORK_DIR}/initial-cache.cmake" -DSALESRULES_CONSUMER_MODE=subdirectory
    -DSALESRULES_BUILD_IO=OFF -DSALESRULES_CONSUMER_CORE_ONLY=ON)
endif()

# The C API installed: libsalesrules_c.so.1 (the soname carries the C ABI's version),
# and a C program built with nothing but what `pkg-config salesrules-c` says, run.
if(CC)
  file(GLOB c_libs "${WORK_DIR}/prefix/*/libsalesrules_c.so.1" "${WORK_DIR}/prefix/*/*/libsalesrules_c.so.1")
  if(NOT c_libs)
    message(FATAL_ERROR "no libsalesrules_c.so.1 was installed")
  endif()
  list(GET c_libs 0 c_lib)
  get_filename_component(c_libdir "${c_lib}" DIRECTORY)
  find_program(PKG_CONFIG NAMES pkg-config pkgconf REQUIRED)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env "PKG_CONFIG_PATH=${c_libdir}/pkgconfig"
      "${PKG_CONFIG}" --define-prefix --cflags --libs salesrules-c
    OUTPUT_VARIABLE c_flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR NOT c_flags MATCHES "-lsalesrules_c")
    message(FATAL_ERROR "pkg-config salesrules-c failed: '${c_flags}'")
  endif()
  separate_arguments(c_flags UNIX_COMMAND "${c_flags}")
  step("build a C host with pkg-config's flags for salesrules-c"
    "${CC}" -std=c99 -Wall -Wextra -Wpedantic -Werror "${SALESRULES_SOURCE_DIR}/examples/c_api/main.c" ${c_flags}
      -o "${WORK_DIR}/c_host")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env "LD_LIBRARY_PATH=${c_libdir}"
      "${WORK_DIR}/c_host" "${SALESRULES_SOURCE_DIR}/examples/data/policy.json"
    OUTPUT_VARIABLE c_out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT c_out MATCHES "discount 22%: Director")
    message(FATAL_ERROR "the C host against the installed library failed (${rc}):\n${c_out}")
  endif()
  message(STATUS "run the C host against the installed libsalesrules_c: ok")
endif()

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
