# Memory-domain benchmark (bench/domain_bench.c): included by bench/CMakeLists.txt.
# `domain_bench` prints CSV rows domain,<row>,<metric>,<value>: the cost of a
# context switch between user threads with 0, 2 and 8 partitions changing.
if(TARGET rtmem AND RTMEM_ARCH STREQUAL "posix" AND NOT TARGET domain_bench)
  add_executable(domain_bench ${CMAKE_CURRENT_LIST_DIR}/domain_bench.c)
  target_link_libraries(domain_bench PRIVATE rtmem)
  if(RTMEM_BUILD_TESTS)
    add_test(NAME bench_domain_smoke COMMAND domain_bench)
    set_tests_properties(bench_domain_smoke PROPERTIES LABELS bench TIMEOUT 300)
  endif()
endif()
