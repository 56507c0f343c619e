/*
 * glibc malloc: the general-purpose reference. It ignores the arena, so its
 * rows are marked "gp" and carry no fragmentation figures.
 */
#define _GNU_SOURCE
#include "bench.h"

#include <stdlib.h>

static void glibc_init(void *arena, size_t arena_bytes)
{
	(void)arena;
	(void)arena_bytes;
}

BENCH_WRAPPER static void *glibc_alloc(size_t bytes)
{
	return malloc(bytes);
}

/* posix_memalign, not aligned_alloc: C11 lets aligned_alloc reject sizes that
 * are not a multiple of the alignment (sanitizer runtimes do). */
BENCH_WRAPPER static void *glibc_aligned_alloc(size_t align, size_t bytes)
{
	void *p;

	if (align < sizeof(void *))
		align = sizeof(void *);
	return posix_memalign(&p, align, bytes) == 0 ? p : NULL;
}

BENCH_WRAPPER static void glibc_free(void *ptr)
{
	free(ptr);
}

BENCH_WRAPPER static void *glibc_realloc(void *ptr, size_t bytes)
{
	return realloc(ptr, bytes);
}

const struct bench_allocator bench_alloc_glibc = {
	.name = "glibc",
	.kind = "gp",
	.general_purpose = true,
	.init = glibc_init,
	.alloc = glibc_alloc,
	.aligned_alloc = glibc_aligned_alloc,
	.free = glibc_free,
	.realloc = glibc_realloc,
	BENCH_SYMS(glibc_alloc, glibc_free),
};
