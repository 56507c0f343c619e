# Fails if core/ includes anything beyond the freestanding set or tests a
# platform macro (run as: cmake -DCORE_DIR=<dir> -P freestanding_check.cmake).
# track.h is exempt from the include rule only: its Valgrind/ASan back-ends
# are host-only by design and compile in only with RTMEM_TRACK=valgrind|asan;
# with RTMEM_TRACK=none (the freestanding build) it includes nothing.
cmake_policy(SET CMP0057 NEW)
cmake_policy(SET CMP0007 NEW)
file(GLOB files ${CORE_DIR}/*.c ${CORE_DIR}/*.h)
set(allowed "stddef.h;stdint.h;stdbool.h;string.h;limits.h")
set(bad "")
foreach(f ${files})
  # REGEX keeps only the lines of interest (a '[' in other lines would break
  # CMake's list splitting).
  file(STRINGS ${f} lines REGEX "#[ \t]*include|__linux__|__ARM_ARCH|_WIN32|__APPLE__")
  get_filename_component(name ${f} NAME)
  foreach(l ${lines})
    if(l MATCHES "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>" AND NOT name STREQUAL "track.h")
      set(inc ${CMAKE_MATCH_1})
      if(NOT inc IN_LIST allowed AND NOT inc MATCHES "^rtmem/")
        list(APPEND bad "${name}: #include <${inc}>")
      endif()
    endif()
    if(l MATCHES "__linux__|__ARM_ARCH|_WIN32|__APPLE__")
      list(APPEND bad "${name}: platform macro: ${l}")
    endif()
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n" msg)
  message(FATAL_ERROR "core/ is not freestanding:\n${msg}")
endif()
message(STATUS "core/ freestanding: ${files}")
