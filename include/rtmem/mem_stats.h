/*
 * Memory statistics record shared by sys_heap, k_heap, libc malloc and slabs
 * (Zephyr's struct sys_memory_stats, same field order).
 */
#ifndef RTMEM_MEM_STATS_H_
#define RTMEM_MEM_STATS_H_

#include <stddef.h>

/** Snapshot of an allocator's usage, in bytes. */
struct sys_memory_stats {
	/** Bytes in free chunks (chunk bytes, including their headers). */
	size_t free_bytes;
	/** Bytes in allocated chunks (including headers, rounding and trailers). */
	size_t allocated_bytes;
	/** High-water mark of allocated_bytes since init or the last reset_max. */
	size_t max_allocated_bytes;
};

#endif /* RTMEM_MEM_STATS_H_ */
