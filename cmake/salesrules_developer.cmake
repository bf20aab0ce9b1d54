# salesrules_developer: warnings and sanitizers for salesrules' own tests, examples,
# benchmarks and tools. It is never installed or exported, so none of it reaches a
# project that uses salesrules.
add_library(salesrules_developer INTERFACE)
target_compile_options(salesrules_developer INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow>
  $<$<AND:$<BOOL:${SALESRULES_WARNINGS_AS_ERRORS}>,$<CXX_COMPILER_ID:GNU,Clang>>:-Werror>
  # GCC 12 warns when a designated initializer leaves members to their defaults,
  # which is exactly how policies are meant to be written; GCC 13 no longer does.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-missing-field-initializers>)
if(SALESRULES_SANITIZE)
  target_compile_options(salesrules_developer INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(salesrules_developer INTERFACE -fsanitize=address,undefined)
endif()
