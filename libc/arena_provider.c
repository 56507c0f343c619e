/*
 * The rtmem_libc heap provider: one sys_heap over an arena, as Zephyr's common
 * libc malloc (CONFIG_COMMON_LIBC_MALLOC_ARENA_SIZE). Serialised by
 * rtmem_libc_lock()/rtmem_libc_unlock(), which the platform defines
 * (libc/host/lock_pthread.c on the host).
 *
 *   CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE  bytes of the static arena (.bss);
 *       0: malloc always fails with ENOMEM until rtmem_libc_arena_set()
 *       gives an arena, free is a no-op (as Zephyr with ARENA_SIZE 0).
 *
 * The heap is set up lazily by the first call (no init hook needed before
 * main); an arena can be given at run time with rtmem_libc_arena_set().
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "libc_heap.h"

#ifndef CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE
#define CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE 16384
#endif

/* Smallest arena rtmem_libc_arena_set() accepts: a heap that can hold one
 * 64-byte block after the alignment probe moved its start by 8. */
#define ARENA_MIN ((size_t)SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(64) + 16u)

#if CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE > 0
static uint8_t static_arena[CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE] __attribute__((aligned(16)));
_Static_assert(CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE >= SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(64) + 16,
	       "CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE too small for a heap");
#endif

static struct libc_heap lheap;
/* 0: not set up yet; 1: heap ready; 2: no arena (every allocation fails). */
static int state;

/* pre: lock held. */
static bool heap_ready(void)
{
	if (state == 0) {
#if CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE > 0
		libc_heap_init(&lheap, static_arena, sizeof(static_arena));
		state = 1;
#else
		state = 2;
#endif
	}
	return state == 1;
}

int rtmem_libc_arena_set(void *mem, size_t bytes)
{
	if ((mem == NULL && bytes != 0u) || (bytes != 0u && bytes < ARENA_MIN)) {
		return -EINVAL;
	}
	rtmem_libc_lock();
	if (bytes == 0u) {
		state = 2;
	} else {
		/* 16-align the start so the alignment probe needs at most 8 bytes */
		uintptr_t a = ((uintptr_t)mem + 15u) & ~(uintptr_t)15u;

		libc_heap_init(&lheap, (void *)a, bytes - (size_t)(a - (uintptr_t)mem));
		state = 1;
	}
	rtmem_libc_unlock();
	return 0;
}

void *rtmem_libc_heap_alloc(size_t align, size_t bytes, bool zero)
{
	void *p = NULL;

	rtmem_libc_lock();
	if (heap_ready()) {
		p = libc_heap_alloc(&lheap, align, bytes);
	}
	rtmem_libc_unlock();
	if (p != NULL && zero) {
		memset(p, 0, bytes);
	}
	return p;
}

void *rtmem_libc_heap_realloc(void *ptr, size_t bytes)
{
	void *p = NULL;

	rtmem_libc_lock();
	if (heap_ready()) {
		p = libc_heap_realloc(&lheap, ptr, bytes);
	}
	rtmem_libc_unlock();
	return p;
}

void rtmem_libc_heap_free(void *ptr)
{
	rtmem_libc_lock();
	if (heap_ready()) {
		sys_heap_free(&lheap.heap, ptr);
	}
	rtmem_libc_unlock();
}

size_t rtmem_libc_heap_usable_size(void *ptr)
{
	size_t n = 0u;

	rtmem_libc_lock();
	if (heap_ready()) {
		n = sys_heap_usable_size(&lheap.heap, ptr);
	}
	rtmem_libc_unlock();
	return n;
}

int rtmem_libc_heap_stats(struct sys_memory_stats *stats)
{
	int ret = 0;

	rtmem_libc_lock();
	if (heap_ready()) {
		ret = sys_heap_runtime_stats_get(&lheap.heap, stats);
	} else {
		memset(stats, 0, sizeof(*stats));
	}
	rtmem_libc_unlock();
	return ret;
}
