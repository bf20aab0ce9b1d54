# SPDX-License-Identifier: BSL-1.0
# Fails unless README.md contains the example word for word (the file's licence line
# aside: the README shows the program, not its SPDX header).
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(REGEX REPLACE "^// SPDX-License-Identifier: [^\n]*\n" "" example "${example}")
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md no longer shows ${EXAMPLE} as it is: copy the file into the README's example block")
endif()
