/*
 * O(1) statistics: Zephyr's runtime stats plus rtmem's extensions. All values
 * come from counters maintained by heap.c or from the class bitmaps.
 */
#include "heap.h"

RTMEM_NO_SANITIZE static size_t free_units(const struct z_heap *h)
{
	return (size_t)(h->end_chunk - h->ctrl_units - h->allocated_units);
}

RTMEM_NO_SANITIZE int sys_heap_runtime_stats_get(struct sys_heap *heap, struct sys_memory_stats *stats)
{
	if (heap == NULL || heap->heap == NULL || stats == NULL) {
		return -EINVAL;
	}
	RTMEM_TRACK_ENTER();
	stats->free_bytes = free_units(heap->heap) * CHUNK_UNIT;
	stats->allocated_bytes = (size_t)heap->heap->allocated_units * CHUNK_UNIT;
	stats->max_allocated_bytes = (size_t)heap->heap->max_allocated_units * CHUNK_UNIT;
	RTMEM_TRACK_LEAVE();
	return 0;
}

RTMEM_NO_SANITIZE int sys_heap_runtime_stats_reset_max(struct sys_heap *heap)
{
	if (heap == NULL || heap->heap == NULL) {
		return -EINVAL;
	}
	RTMEM_TRACK_ENTER();
	heap->heap->max_allocated_units = heap->heap->allocated_units;
	RTMEM_TRACK_LEAVE();
	return 0;
}

RTMEM_NO_SANITIZE size_t sys_heap_largest_free_get(struct sys_heap *heap)
{
	const struct z_heap *h;
	uint32_t w, idx;
	size_t usable;

	if (heap == NULL || heap->heap == NULL) {
		return 0u;
	}
	h = heap->heap;
	RTMEM_TRACK_ENTER();
	if (h->summary == 0u) {
		RTMEM_TRACK_LEAVE();
		return 0u;
	}
	w = log2_u32(h->summary);
	idx = w * 32u + log2_u32(bitmap_of(h)[w]);
	usable = chunk_usable(h, chunk_size(h, head_get(h, idx)));
	RTMEM_TRACK_LEAVE();
	return usable;
}

/* Read one counter of the control block (0 for a NULL/uninitialised heap). */
RTMEM_NO_SANITIZE static size_t counter_get(struct sys_heap *heap, size_t offset)
{
	size_t v;

	if (heap == NULL || heap->heap == NULL) {
		return 0u;
	}
	RTMEM_TRACK_ENTER();
	v = *(const uint32_t *)(const void *)((const uint8_t *)heap->heap + offset);
	RTMEM_TRACK_LEAVE();
	return v;
}

size_t sys_heap_free_block_count(struct sys_heap *heap)
{
	return counter_get(heap, offsetof(struct z_heap, free_blocks));
}

size_t sys_heap_failed_alloc_count(struct sys_heap *heap)
{
	return counter_get(heap, offsetof(struct z_heap, failed_allocs));
}

int sys_heap_ext_stats_get(struct sys_heap *heap, struct sys_heap_ext_stats *stats)
{
	struct sys_memory_stats s;

	if (stats == NULL || sys_heap_runtime_stats_get(heap, &s) != 0) {
		return -EINVAL;
	}
	stats->free_bytes = s.free_bytes;
	stats->allocated_bytes = s.allocated_bytes;
	stats->max_allocated_bytes = s.max_allocated_bytes;
	stats->largest_free_bytes = sys_heap_largest_free_get(heap);
	stats->free_blocks = counter_get(heap, offsetof(struct z_heap, free_blocks));
	stats->used_blocks = counter_get(heap, offsetof(struct z_heap, used_blocks));
	stats->failed_allocs = counter_get(heap, offsetof(struct z_heap, failed_allocs));
	stats->faults = counter_get(heap, offsetof(struct z_heap, faults));
	return 0;
}
