# cmake -P install_check.cmake: install rtmem into a fresh prefix, build the
# Zephyr-style app.c against it with pkg-config and with find_package(rtmem),
# run both and compare their output with expected_output.txt.
#   BUILD_DIR  rtmem build tree     WORK  scratch directory
#   CC         C compiler           SRC   this directory
#   LAUNCHER   @@-joined command to run the apps under (optional)
string(REPLACE "@@" ";" LAUNCHER "${LAUNCHER}")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(prefix ${WORK}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB_RECURSE pcfile ${prefix}/*/rtmem.pc)
if(NOT pcfile)
  message(FATAL_ERROR "rtmem.pc not installed")
endif()
get_filename_component(pcdir ${pcfile} DIRECTORY)

# 1. cc app.c $(pkg-config --cflags --libs rtmem)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
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
