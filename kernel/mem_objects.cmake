# Kernel memory objects: k_heap, system heap (k_malloc) and resource pools,
# k_mem_slab, the memory-object registry. Included from kernel/CMakeLists.txt
# after the rtmem_kernel_obj / rtmem_kernel / rtmem targets exist.
set(RTMEM_HEAP_MEM_POOL_SIZE "16384" CACHE STRING
    "Bytes of the system heap served by k_malloc (CONFIG_HEAP_MEM_POOL_SIZE); 0 = none")
target_sources(rtmem_kernel_obj PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/kheap.c
  ${CMAKE_CURRENT_LIST_DIR}/mempool.c
  ${CMAKE_CURRENT_LIST_DIR}/mem_slab.c
  ${CMAKE_CURRENT_LIST_DIR}/mem_registry.c)
# The size is also visible to applications (K_HEAP_MEM_POOL_SIZE).
target_compile_definitions(rtmem_kernel_obj PUBLIC CONFIG_HEAP_MEM_POOL_SIZE=${RTMEM_HEAP_MEM_POOL_SIZE})
foreach(t rtmem rtmem_kernel)
  target_compile_definitions(${t} INTERFACE CONFIG_HEAP_MEM_POOL_SIZE=${RTMEM_HEAP_MEM_POOL_SIZE})
endforeach()
