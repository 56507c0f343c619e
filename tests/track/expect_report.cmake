# Runs a command and checks how it ended (CTest helper of the tracking-seam
# self-test). Usage:
#   cmake -DEXPECT=report|clean -DCMD=<command>[@@<arg>...] [-DREGEX=<re>[@@<re>...]]
#         -P expect_report.cmake
# report: the command must exit non-zero AND its output must match every REGEX
#         (the checker found the bug and said so).
# clean:  the command must exit 0 and its output must match no REGEX.
string(REPLACE "@@" ";" cmd "${CMD}")
string(REPLACE "@@" ";" REGEX "${REGEX}")
if(NOT cmd)
  message(FATAL_ERROR "expect_report: no command given")
endif()

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
message("${all}")
message("expect_report: exit status ${rc}")

if(EXPECT STREQUAL "report")
  if(rc EQUAL 0)
    message(FATAL_ERROR "expect_report: the bug was NOT reported (exit status 0)")
  endif()
  foreach(re IN LISTS REGEX)
    if(NOT all MATCHES "${re}")
      message(FATAL_ERROR "expect_report: output lacks the report line /${re}/")
    endif()
  endforeach()
  message("expect_report: reported as expected")
elseif(EXPECT STREQUAL "clean")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "expect_report: clean program failed (exit status ${rc})")
  endif()
  foreach(re IN LISTS REGEX)
    if(all MATCHES "${re}")
      message(FATAL_ERROR "expect_report: clean program reported /${re}/")
    endif()
  endforeach()
else()
  message(FATAL_ERROR "expect_report: EXPECT must be report or clean")
endif()
