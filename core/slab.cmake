# Slab core (rtmem/sys_slab.h): the fixed-block free list under k_mem_slab.
# Included from core/CMakeLists.txt; freestanding like the rest of the core.
target_sources(rtmem_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/slab_core.c)
