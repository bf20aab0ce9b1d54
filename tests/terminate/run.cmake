# SPDX-License-Identifier: BSL-1.0
# Runs PROGRAM and passes only if it ended in std::terminate after a throw: libstdc++
# says "terminate called after throwing" and the program aborts.
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "terminate called after throwing an instance of 'std::runtime_error'")
  message(FATAL_ERROR "expected std::terminate after the predicate's throw; got exit '${rc}':\n${out}\n${err}")
endif()
message(STATUS "ended in std::terminate, as documented (${rc})")
