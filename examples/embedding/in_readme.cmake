# Fails unless README.md contains examples/embedding/main.cpp word for word.
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md no longer shows ${EXAMPLE} as it is: copy the file into the README's example block")
endif()
