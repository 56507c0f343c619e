/*
 * The chapter's C-library and system-heap calls: malloc, calloc, realloc,
 * free, k_aligned_alloc, k_malloc, k_free.
 *
 * On a Cortex-M build rtmem_libc defines malloc and friends itself (one heap
 * over a static arena, as Zephyr's common libc). On the Linux host glibc
 * keeps malloc, so this example's prelude routes the chapter's malloc calls
 * to rtmem_libc's functions: the checks then see the chapter's calls served
 * by rtmem's C-library heap (malloc_runtime_stats_get) on the host as well.
 */
#include <stdlib.h>
#include <rtmem/libc_malloc.h>
#include "example.h"

/* prelude: the C library's names served by rtmem_libc (host only; see above) */
#define malloc(size) rtmem_libc_malloc(size)
#define calloc(n, size) rtmem_libc_calloc(n, size)
#define realloc(ptr, size) rtmem_libc_realloc(ptr, size)
#define free(ptr) rtmem_libc_free(ptr)

static size_t libc_used(void)
{
	struct sys_memory_stats s;

	EXPECT(malloc_runtime_stats_get(&s) == 0);
	return s.allocated_bytes;
}

/* harness: observations made between the chapter's lines */
static size_t libc_peak_seen;

static void observe(const void *p, size_t align)
{
	EXPECT(p != NULL && ((uintptr_t)p % align) == 0);
	libc_peak_seen = MAX(libc_peak_seen, libc_used());
}

static void expect_zeroed(const int *array, int n)
{
	observe(array, RTMEM_LIBC_ALIGN);
	for (int i = 0; i < n; i++) {
		EXPECT(array[i] == 0);
	}
}

/* chapter-wrap: the chapter's statements below need a function */
static void malloc_family_example(void)
{
	// Standard malloc/free with system heap
	void *ptr = malloc(512);
	if (ptr != NULL) {
		// Use allocated memory
		observe(ptr, RTMEM_LIBC_ALIGN); /* harness */
		free(ptr);
	}
	// Calloc for zero-initialized arrays
	int *array = calloc(100, sizeof(int));
	expect_zeroed(array, 100); /* harness */
	free(array);
	// Realloc for dynamic resizing
	char *buffer = malloc(256);
	memset(buffer, 'r', 256); /* harness: contents must survive the realloc */
	buffer = realloc(buffer, 512); // Expand to 512 bytes
	observe(buffer, RTMEM_LIBC_ALIGN); /* harness */
	EXPECT(buffer[0] == 'r' && buffer[255] == 'r' && rtmem_libc_malloc_usable_size(buffer) >= 512); /* harness */
	free(buffer);
	// Aligned allocation
	void *aligned_ptr = k_aligned_alloc(64, 1024); // 64-byte aligned, 1KB
	observe(aligned_ptr, 64); /* harness */
	k_free(aligned_ptr);
	// Thread-aware allocation
	void *thread_ptr = k_malloc(256); // Uses thread's resource pool
	observe(thread_ptr, sizeof(void *)); /* harness */
	k_free(thread_ptr);
}

int main(void)
{
	size_t libc_before = libc_used();
	size_t sys_before = example_system_heap_used();

	malloc_family_example();

	EXPECT(libc_peak_seen >= libc_before + 512); /* the C-library calls went to rtmem's heap */
	/* nothing leaks: both heaps are back to where they started */
	EXPECT(libc_used() == libc_before);
	EXPECT(example_system_heap_used() == sys_before);
	return example_passed("malloc_family");
}
