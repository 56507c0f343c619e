# Shared by the install checks: install the build tree BUILD_DIR into a fresh
# prefix under WORK, then find the named pkg-config module there.
#   rtmem_install_fresh(<pc-module>)  sets prefix and pcdir, exports PKG_CONFIG_PATH
#   run(<command...>)                 runs a command, fails the check on non-zero exit
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

macro(rtmem_install_fresh module)
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  set(prefix ${WORK}/prefix)
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
  file(GLOB_RECURSE pcfile ${prefix}/*/${module}.pc)
  if(NOT pcfile)
    message(FATAL_ERROR "${module}.pc not installed")
  endif()
  get_filename_component(pcdir ${pcfile} DIRECTORY)
  set(ENV{PKG_CONFIG_PATH} ${pcdir})
endmacro()
