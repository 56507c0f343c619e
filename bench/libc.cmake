# bench-libc: wall time and peak RSS of the real-program runs (python3,
# sqlite3, git, perl) under glibc, librtmem_malloc.so, jemalloc and mimalloc.
# Included from bench/CMakeLists.txt; needs the preload library (not built
# with RTMEM_SANITIZE). Results: build/<preset>/bench/libc_results.csv.
if(TARGET rtmem_malloc)
  add_custom_target(bench-libc
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/libc_bench.sh $<TARGET_FILE:rtmem_malloc>
            ${PROJECT_SOURCE_DIR}/tests/libc ${CMAKE_CURRENT_BINARY_DIR}/libc_results.csv 5
    DEPENDS rtmem_malloc
    USES_TERMINAL
    VERBATIM)
endif()
