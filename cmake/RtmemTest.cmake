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
