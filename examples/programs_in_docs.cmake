# SPDX-License-Identifier: BSL-1.0
cmake_minimum_required(VERSION 3.25)
# Fails if a page shows a program that is not one of the compiled examples.
#
#   cmake -DROOT=<project> -DEXAMPLES="a.cpp|b.cpp" [-DDOCS="README.md|docs/x.md"] -P programs_in_docs.cmake
#
# The pages are DOCS (paths relative to ROOT), or else README.md and every docs/*.md.
# A fenced block (any language) holds a program when it has `int main` or doctest's
# DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN; such a block must be, word for word, the text of
# one of EXAMPLES (its SPDX line aside), so that what a page shows is what is compiled.
# Blocks that are no program (output, commands, a CMake or JSON snippet) are not checked.
if(DEFINED DOCS)
  string(REPLACE "|" ";" pages "${DOCS}")
else()
  file(GLOB pages RELATIVE "${ROOT}" "${ROOT}/docs/*.md")
  list(SORT pages)
  list(PREPEND pages README.md)
endif()

set(texts)  # the examples' texts, read once; kept by index, since a text holds semicolons
set(count 0)
string(REPLACE "|" ";" examples "${EXAMPLES}")
foreach(example IN LISTS examples)
  file(READ "${example}" text)
  string(REGEX REPLACE "^// SPDX-License-Identifier: [^\n]*\n" "" text "${text}")
  set(example_${count} "${text}")
  math(EXPR count "${count} + 1")
endforeach()

set(failures 0)
set(programs 0)
foreach(page IN LISTS pages)
  file(READ "${ROOT}/${page}" text)
  set(text "\n${text}")  # so that a fence on the first line also follows a line feed
  set(pos 0)
  while(TRUE)
    # The opening fence: three backticks at the start of a line, to the line's end.
    string(SUBSTRING "${text}" ${pos} -1 rest)
    string(FIND "${rest}" "\n```" open)
    if(open EQUAL -1)
      break()
    endif()
    math(EXPR fence "${pos} + ${open} + 1")
    string(SUBSTRING "${text}" ${fence} -1 rest)
    string(FIND "${rest}" "\n" eol)
    if(eol EQUAL -1)
      break()  # a fence on the last line opens nothing
    endif()
    math(EXPR body "${fence} + ${eol} + 1")
    # The block runs to the closing fence (an empty block has it at once).
    string(SUBSTRING "${text}" ${body} -1 rest)
    if(rest MATCHES "^```")
      set(block "")
      set(pos ${body})
    else()
      string(FIND "${rest}" "\n```" close)
      if(close EQUAL -1)
        set(close_missing TRUE)
        string(LENGTH "${rest}" close)
      else()
        set(close_missing FALSE)
      endif()
      math(EXPR length "${close} + 1")
      string(SUBSTRING "${rest}" 0 ${length} block)
      math(EXPR pos "${body} + ${close} + 1")
    endif()
    # Step past the closing fence's line.
    string(SUBSTRING "${text}" ${pos} -1 rest)
    string(FIND "${rest}" "\n" eol)
    if(eol EQUAL -1)
      string(LENGTH "${text}" pos)
    else()
      math(EXPR pos "${pos} + ${eol}")
    endif()

    # The page's line of the opening fence, for the message.
    string(SUBSTRING "${text}" 0 ${fence} before)
    string(REGEX MATCHALL "\n" newlines "${before}")
    list(LENGTH newlines line)
    if(close_missing)
      message(SEND_ERROR "${page}: the block at line ${line} is never closed")
      math(EXPR failures "${failures} + 1")
      break()
    endif()

    string(FIND "${block}" "int main" has_main)
    string(FIND "${block}" "DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN" has_doctest_main)
    if(has_main EQUAL -1 AND has_doctest_main EQUAL -1)
      continue()
    endif()
    math(EXPR programs "${programs} + 1")
    set(backed FALSE)
    if(count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        if(block STREQUAL example_${i})
          set(backed TRUE)
          break()
        endif()
      endforeach()
    endif()
    if(NOT backed)
      message(SEND_ERROR "${page}: the program in the block at line ${line} is not an example: make it a file "
        "under examples/, compile and run it in examples/CMakeLists.txt and show it with salesrules_shown_in()")
      math(EXPR failures "${failures} + 1")
    endif()
  endwhile()
endforeach()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} program(s) shown in the docs are not compiled examples")
endif()
message(STATUS "${programs} programs in the docs, each a compiled example")
