/*
 * rtmem's sys_heap (core/): the allocator under test. One heap instance over
 * the benchmark arena; each wrapper is the thin call the application makes.
 */
#include "bench.h"

#include <rtmem/sys_heap.h>

static struct sys_heap heap;

static void rtmem_init(void *arena, size_t arena_bytes)
{
	sys_heap_init(&heap, arena, arena_bytes);
}

BENCH_WRAPPER static void *rtmem_alloc(size_t bytes)
{
	return sys_heap_alloc(&heap, bytes);
}

BENCH_WRAPPER static void *rtmem_aligned_alloc(size_t align, size_t bytes)
{
	return sys_heap_aligned_alloc(&heap, align, bytes);
}

BENCH_WRAPPER static void rtmem_free(void *ptr)
{
	sys_heap_free(&heap, ptr);
}

BENCH_WRAPPER static void *rtmem_realloc(void *ptr, size_t bytes)
{
	return sys_heap_realloc(&heap, ptr, bytes);
}

/* rtmem extension: largest request guaranteed to succeed now (W3's last phase). */
static size_t rtmem_largest_free(void)
{
	return sys_heap_largest_free_get(&heap);
}

const struct bench_allocator bench_alloc_rtmem = {
	.name = "rtmem",
	.kind = "heap",
	.init = rtmem_init,
	.alloc = rtmem_alloc,
	.aligned_alloc = rtmem_aligned_alloc,
	.free = rtmem_free,
	.realloc = rtmem_realloc,
	.largest_free = rtmem_largest_free,
	BENCH_SYMS(rtmem_alloc, rtmem_free),
};
