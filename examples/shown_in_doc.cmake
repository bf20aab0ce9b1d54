# SPDX-License-Identifier: BSL-1.0
# Fails unless the page DOC (README.md or a page of docs/) contains the program EXAMPLE
# word for word (the file's licence line aside: the page shows the program, not its
# SPDX header).
file(READ "${DOC}" doc)
file(READ "${EXAMPLE}" example)
string(REGEX REPLACE "^// SPDX-License-Identifier: [^\n]*\n" "" example "${example}")
string(FIND "${doc}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} no longer shows ${EXAMPLE} as it is: copy the file into the page's example block")
endif()
