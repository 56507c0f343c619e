# Kernel benchmark (bench/kernel_bench.c): included by bench/CMakeLists.txt.
# `kernel_bench [iterations]` prints CSV rows kernel,<row>,<metric>,<value>.
if(TARGET rtmem AND NOT TARGET kernel_bench)
  add_executable(kernel_bench ${CMAKE_CURRENT_LIST_DIR}/kernel_bench.c)
  target_link_libraries(kernel_bench PRIVATE rtmem)
endif()
