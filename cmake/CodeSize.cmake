# Cortex-M4 code size of the heap core: .text bytes of init, alloc, aligned
# alloc, free and realloc (SPEC.md "Static figures").
#
# Two roles in one file:
#  - include()d from bench/CMakeLists.txt: defines the custom target
#    `code-size`, which runs this file in script mode;
#  - `cmake -P` (script mode): does the measurement.
#
# Method: compile the core's heap sources (core/*heap*.c without the
# validate/stats/stress/walk/listener/info files) with
#   arm-none-eabi-gcc -Os -mthumb -mcpu=cortex-m4 -ffreestanding
#                     -ffunction-sections -fdata-sections
# once per hardening level, link them with bench/codesize_main.c (a program
# calling exactly the five entry points) using --gc-sections, and sum the
# .text input sections that come from the core's objects in the link map: the
# five functions plus every helper they reach, nothing else. Calls into the
# excluded files stay unresolved, are listed, and are not counted. The result
# goes to <binary dir>/codesize.txt ("default <bytes>", "<LEVEL> <bytes>"),
# which `rtmem_bench --check` reads.

set(_codesize_levels NONE BASIC MODERATE FULL EXTREME)

if(NOT CMAKE_SCRIPT_MODE_FILE)
  find_program(RTMEM_ARM_GCC arm-none-eabi-gcc)
  add_custom_target(code-size
    COMMAND ${CMAKE_COMMAND}
            -DARM_GCC=${RTMEM_ARM_GCC}
            -DSRC_DIR=${PROJECT_SOURCE_DIR}
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/codesize
            -DOUT_FILE=${CMAKE_CURRENT_BINARY_DIR}/codesize.txt
            -DDEFAULT_LEVEL=${RTMEM_HARDENING}
            -P ${CMAKE_CURRENT_LIST_FILE}
    COMMENT "Cortex-M4 -Os code size of the heap core"
    VERBATIM)
  return()
endif()

# ---- script mode ------------------------------------------------------------
if(NOT ARM_GCC)
  message(FATAL_ERROR "code-size: arm-none-eabi-gcc not found (Debian: gcc-arm-none-eabi)")
endif()
if(NOT DEFAULT_LEVEL)
  set(DEFAULT_LEVEL MODERATE)
endif()

file(GLOB _srcs ${SRC_DIR}/core/*heap*.c)
list(FILTER _srcs EXCLUDE REGEX "(validate|stats|stress|walk|listener|info|print)[^/]*\\.c$")
if(NOT _srcs)
  message(FATAL_ERROR "code-size: no heap sources in ${SRC_DIR}/core")
endif()
set(_names "")
foreach(s ${_srcs})
  get_filename_component(n ${s} NAME)
  list(APPEND _names ${n})
endforeach()
string(REPLACE ";" ", " _names "${_names}")

set(_cflags -Os -mthumb -mcpu=cortex-m4 -ffreestanding -ffunction-sections -fdata-sections -fno-strict-aliasing
            -std=gnu11 -Wall -Wextra -Werror -I${SRC_DIR}/include -I${SRC_DIR}/core)

# Sums <kind> (text, rodata) input sections of objects under <dir>/core/ in a
# GNU ld map. Sets <out> to the total and <out>_fns to "size name" entries,
# largest first.
function(_codesize_sum_map map dir kind out)
  file(STRINGS ${map} _lines)
  set(_in_map FALSE)
  set(_pending "")
  set(_total 0)
  set(_fns "")
  foreach(l IN LISTS _lines)
    if(l MATCHES "^Linker script and memory map")
      set(_in_map TRUE)
      continue()
    endif()
    if(NOT _in_map)
      continue()
    endif()
    set(_sec "")
    if(l MATCHES "^ (\\.${kind}[^ ]*) +0x([0-9a-fA-F]+) +0x([0-9a-fA-F]+) (.+)$")
      set(_sec ${CMAKE_MATCH_1})
      set(_size ${CMAKE_MATCH_3})
      set(_file ${CMAKE_MATCH_4})
    elseif(_pending AND l MATCHES "^ +0x([0-9a-fA-F]+) +0x([0-9a-fA-F]+) (.+)$")
      set(_sec ${_pending})
      set(_size ${CMAKE_MATCH_2})
      set(_file ${CMAKE_MATCH_3})
    endif()
    set(_pending "")
    if(l MATCHES "^ (\\.${kind}[^ ]*)$")
      set(_pending ${CMAKE_MATCH_1})
    endif()
    if(_sec AND _file MATCHES "${dir}/core/")
      math(EXPR _bytes "0x${_size}")
      math(EXPR _total "${_total} + ${_bytes}")
      string(REGEX REPLACE "^\\.${kind}\\.?" "" _fn "${_sec}")
      if(_fn STREQUAL "")
        set(_fn "(.${kind})")
      endif()
      # Zero-padded key so that a plain sort orders by size.
      string(LENGTH "${_bytes}" _len)
      math(EXPR _pad "6 - ${_len}")
      string(REPEAT "0" ${_pad} _zeros)
      list(APPEND _fns "${_zeros}${_bytes} ${_fn}")
    endif()
  endforeach()
  list(SORT _fns ORDER DESCENDING)
  set(${out} ${_total} PARENT_SCOPE)
  set(${out}_fns ${_fns} PARENT_SCOPE)
endfunction()

set(_report "")
set(_default_fns "")
foreach(level ${_codesize_levels})
  set(dir ${WORK_DIR}/${level})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir}/core)
  set(_objs "")
  foreach(s ${_srcs} ${SRC_DIR}/bench/codesize_main.c)
    get_filename_component(n ${s} NAME_WE)
    if(s MATCHES "/core/")
      set(o ${dir}/core/${n}.o)
    else()
      set(o ${dir}/${n}.o)
    endif()
    set(_extra "")
    if(n STREQUAL "codesize_main")
      set(_extra -fno-builtin -fno-tree-loop-distribute-patterns)
    endif()
    execute_process(
      COMMAND ${ARM_GCC} ${_cflags} ${_extra} -DCONFIG_SYS_HEAP_HARDENING_${level}=1 -c ${s} -o ${o}
      RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "code-size: ${level}: compiling ${s} failed:\n${err}")
    endif()
    list(APPEND _objs ${o})
  endforeach()
  execute_process(
    COMMAND ${ARM_GCC} -mthumb -mcpu=cortex-m4 -nostdlib -nostartfiles -Wl,-e,main
            -Wl,--gc-sections -Wl,--unresolved-symbols=ignore-all -Wl,-Map=${dir}/codesize.map
            ${_objs} -lgcc -o ${dir}/codesize.elf
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "code-size: ${level}: link failed:\n${err}")
  endif()
  _codesize_sum_map(${dir}/codesize.map ${dir} text _size)
  _codesize_sum_map(${dir}/codesize.map ${dir} rodata _ro)
  set(_ro_${level} ${_ro})
  set(_size_${level} ${_size})
  if(level STREQUAL DEFAULT_LEVEL)
    set(_default_fns ${_size_fns})
    # Symbols the measured code calls in files that are not counted.
    get_filename_component(_bindir ${ARM_GCC} DIRECTORY)
    find_program(_arm_nm NAMES arm-none-eabi-nm HINTS ${_bindir})
    set(_undef "")
    if(_arm_nm)
      execute_process(COMMAND ${_arm_nm} -u ${dir}/codesize.elf OUTPUT_VARIABLE _undef)
      string(REGEX REPLACE "[ \t]*[Uw] " "" _undef "${_undef}")
      string(STRIP "${_undef}" _undef)
      string(REPLACE "\n" ", " _undef "${_undef}")
    endif()
  endif()
  string(APPEND _report "${level} ${_size}\n")
endforeach()

file(WRITE ${OUT_FILE} "default ${_size_${DEFAULT_LEVEL}}\ndefault_level_${DEFAULT_LEVEL} ${_size_${DEFAULT_LEVEL}}\n${_report}")

message("Cortex-M4 -Os .text (init, alloc, aligned alloc, free, realloc): ${_size_${DEFAULT_LEVEL}} bytes "
        "(target <= 1200; TLSF 1302, Zephyr 1702)  [hardening ${DEFAULT_LEVEL}, default]")
message("  sources: ${_names} (arm-none-eabi-gcc -Os -mthumb -mcpu=cortex-m4, --gc-sections)")
foreach(level ${_codesize_levels})
  set(_mark "")
  if(level STREQUAL DEFAULT_LEVEL)
    set(_mark "  <- default")
  endif()
  message("  hardening ${level}: ${_size_${level}} bytes .text (+ ${_ro_${level}} bytes .rodata)${_mark}")
endforeach()
message("  functions at ${DEFAULT_LEVEL} (bytes):")
foreach(f ${_default_fns})
  string(REGEX REPLACE "^0*([0-9]+) (.*)$" "    \\1 \\2" f "${f}")
  message("${f}")
endforeach()
if(_undef)
  message("  not counted (defined outside the measured files): ${_undef}")
endif()
message("  written to ${OUT_FILE}")
