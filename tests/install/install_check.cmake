# cmake -P install_check.cmake: install rtmem into a fresh prefix, build the
# Zephyr-style app.c against it with pkg-config and with find_package(rtmem),
# run both and compare their output with expected_output.txt.
#   BUILD_DIR  rtmem build tree     WORK  scratch directory
#   CC         C compiler           SRC   this directory
#   LAUNCHER   @@-joined command to run the apps under (optional)
string(REPLACE "@@" ";" LAUNCHER "${LAUNCHER}")
include(${CMAKE_CURRENT_LIST_DIR}/install_common.cmake)
rtmem_install_fresh(rtmem)

# 1. cc app.c $(pkg-config --cflags --libs rtmem)
run(sh -c "${CC} ${SRC}/app.c -o ${WORK}/app_pc $(pkg-config --cflags --libs rtmem)")

# 2. find_package(rtmem) + rtmem::rtmem
run(${CMAKE_COMMAND} -S ${SRC}/project -B ${WORK}/project -DCMAKE_C_COMPILER=${CC}
    -DCMAKE_PREFIX_PATH=${prefix} -DAPP_SOURCE=${SRC}/app.c)
run(${CMAKE_COMMAND} --build ${WORK}/project)

file(READ ${SRC}/expected_output.txt expected)
foreach(app ${WORK}/app_pc ${WORK}/project/app)
  execute_process(COMMAND ${LAUNCHER} ${app} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${app} exited with ${rc}\n${out}\n${err}")
  endif()
  if(NOT out STREQUAL expected)
    message(FATAL_ERROR "${app} output differs from expected_output.txt:\n${out}")
  endif()
  message("${app}: output as expected")
endforeach()
