# cmake -P core_check.cmake: install rtmem into a fresh prefix and build a
# program that uses Zephyr's <zephyr/sys/sys_heap.h> against the core alone,
# with pkg-config (rtmem-core) and with find_package(rtmem) + rtmem::core.
#   BUILD_DIR  rtmem build tree   WORK  scratch directory
#   CC         C compiler         SRC   this directory   CFLAGS  extra flags (-m32)
include(${CMAKE_CURRENT_LIST_DIR}/install_common.cmake)
rtmem_install_fresh(rtmem-core)
run(sh -c "${CC} ${CFLAGS} -Wall -Werror ${SRC}/heap_app.c -o ${WORK}/heap_app_pc $(pkg-config --cflags --libs rtmem-core)")
run(${CMAKE_COMMAND} -S ${SRC}/core_project -B ${WORK}/core_project -DCMAKE_C_COMPILER=${CC}
    "-DCMAKE_C_FLAGS=${CFLAGS}" -DCMAKE_PREFIX_PATH=${prefix} -DAPP_SOURCE=${SRC}/heap_app.c)
run(${CMAKE_COMMAND} --build ${WORK}/core_project)
foreach(app ${WORK}/heap_app_pc ${WORK}/core_project/heap_app)
  execute_process(COMMAND ${app} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "sys_heap ok, allocated yes, after free 0\n")
    message(FATAL_ERROR "${app}: exit ${rc}, output '${out}'")
  endif()
  message("${app}: output as expected")
endforeach()
