# rtmem_mem_bench (bench/mem_bench.c): W6 on k_mem_slab and the slab core,
# k_heap vs sys_heap on W1-D2-large, W7 contention on a shared k_heap.
# An rtmem application (main runs as a k_thread). Included from
# bench/CMakeLists.txt; `rtmem_mem_bench --callgrind` adds instruction counts.
if(TARGET rtmem AND NOT TARGET rtmem_mem_bench)
  add_executable(rtmem_mem_bench ${CMAKE_CURRENT_LIST_DIR}/mem_bench.c)
  target_include_directories(rtmem_mem_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(rtmem_mem_bench PRIVATE rtmem)
endif()
