# rtmem_add_test(NAME <name> SOURCES <src...> [LIBS <lib...>] [LABELS <label...>] [TIMEOUT s])
# Builds a cmocka test program and registers it with CTest. Every test gets
# RTMEM_TEST_SCALE in its environment (long tests divide their operation
# counts by it under Valgrind) and runs through RTMEM_TEST_LAUNCHER if set.
find_package(PkgConfig)
find_path(CMOCKA_INCLUDE_DIR cmocka.h REQUIRED)
find_library(CMOCKA_LIBRARY cmocka REQUIRED)

function(rtmem_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ARGS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_include_directories(${T_NAME} PRIVATE ${CMOCKA_INCLUDE_DIR} ${PROJECT_SOURCE_DIR})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} ${CMOCKA_LIBRARY})
  add_test(NAME ${T_NAME} COMMAND ${RTMEM_TEST_LAUNCHER} $<TARGET_FILE:${T_NAME}> ${T_ARGS})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES
    ENVIRONMENT "RTMEM_TEST_SCALE=${RTMEM_TEST_SCALE}"
    TIMEOUT ${T_TIMEOUT}
    LABELS "${T_LABELS}")
endfunction()

# rtmem_add_run_check(NAME <test> PROG <target> RC <status> [ARGS ..] [ENVS ..]
#                     [EXPECT ..] [REJECT ..] [LABELS ..] [TIMEOUT s] [TWICE] [NO_LAUNCHER])
# Runs PROG (through RTMEM_TEST_LAUNCHER unless NO_LAUNCHER, with ENVS set)
# and checks its exit status, that stdout+stderr match every EXPECT regex and
# no REJECT regex, and with TWICE that two runs print the same (determinism).
# For programs whose exit status or output is the result: death tests, the
# application model, the demo. The work is done by cmake/run_check.cmake.
function(rtmem_add_run_check)
  cmake_parse_arguments(C "TWICE;NO_LAUNCHER" "NAME;PROG;RC;TIMEOUT" "ARGS;ENVS;EXPECT;REJECT;LABELS" ${ARGN})
  set(launcher "${RTMEM_TEST_LAUNCHER}")
  if(C_NO_LAUNCHER)
    set(launcher "")
  endif()
  if(NOT C_TIMEOUT)
    set(C_TIMEOUT 300)
  endif()
  # A ; would not survive add_test: lists travel joined with @@.
  foreach(v launcher C_ARGS C_ENVS C_EXPECT C_REJECT)
    string(REPLACE ";" "@@" ${v} "${${v}}")
  endforeach()
  add_test(NAME ${C_NAME}
    COMMAND ${CMAKE_COMMAND} -DPROG=$<TARGET_FILE:${C_PROG}> "-DARGS=${C_ARGS}" "-DLAUNCHER=${launcher}"
            "-DENVS=${C_ENVS}" -DEXPECT_RC=${C_RC} "-DEXPECT=${C_EXPECT}" "-DREJECT=${C_REJECT}"
            -DTWICE=${C_TWICE} -P ${PROJECT_SOURCE_DIR}/cmake/run_check.cmake)
  set_tests_properties(${C_NAME} PROPERTIES LABELS "${C_LABELS}" TIMEOUT ${C_TIMEOUT})
endfunction()
