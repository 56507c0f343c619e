/*
 * Private helpers of the libc providers: RTMEM_LIBC_ALIGN-aligned blocks from
 * a sys_heap without the cost of an aligned allocation per block.
 *
 * sys_heap returns chunk start + 8-byte header, in 8-byte units, so a plain
 * sys_heap_alloc is only 8-aligned. If every chunk has a size that is a
 * multiple of RTMEM_LIBC_ALIGN and the first chunk's payload is aligned, every
 * payload stays aligned: splits cut at multiples of the grain, merges add
 * multiples, and only the last chunk before the end marker may have an odd
 * size (nothing ever starts after it). So:
 *
 *   - libc_heap_init() places the heap so that the first payload is aligned
 *     (probe with a 1-byte allocation, move the buffer start by 8 if needed);
 *     if no placement works (4-byte headers on small 32-bit heaps) the heap
 *     runs in "slow" mode: every block is an aligned allocation;
 *   - libc_heap_round() grows a request so that header + request (+ trailer)
 *     is a multiple of RTMEM_LIBC_ALIGN.
 *
 *   | hdr | payload (aligned) ... | hdr | payload (aligned) ... | ... | end |
 *   ^ chunk sizes: multiples of RTMEM_LIBC_ALIGN
 */
#ifndef RTMEM_LIBC_HEAP_H_
#define RTMEM_LIBC_HEAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/libc_malloc.h>
#include <rtmem/sys_heap.h>

/* Bytes of chunk overhead around a payload: header + FULL hardening trailer. */
#define LIBC_HEAP_OVERHEAD ((size_t)8u + (size_t)Z_HEAP_TRAILER_BYTES)

/** A sys_heap plus its alignment mode. */
struct libc_heap {
	/** The heap (not synchronised: the provider serialises). */
	struct sys_heap heap;
	/** Plain allocations of rounded requests are RTMEM_LIBC_ALIGN-aligned. */
	bool fast;
};

static inline bool libc_aligned(const void *p)
{
	return ((uintptr_t)p & (RTMEM_LIBC_ALIGN - 1u)) == 0u;
}

/* Request size whose chunk is a multiple of the grain. pre: bytes <= PTRDIFF_MAX. */
static inline size_t libc_heap_round(size_t bytes)
{
	return ((bytes + LIBC_HEAP_OVERHEAD + RTMEM_LIBC_ALIGN - 1u) & ~(size_t)(RTMEM_LIBC_ALIGN - 1u)) -
	       LIBC_HEAP_OVERHEAD;
}

/* Make [mem, mem + bytes) a heap whose payloads are aligned. pre: mem
 * 16-aligned, bytes >= SYS_HEAP_MIN_SIZE_FOR(64) + 16 (caller checks).
 * The core carves small blocks from the bottom of a free chunk and large ones
 * (>= 1/32 of the heap) from its top, so both ends of the initial free chunk
 * must sit on the grain: try start offsets 0/8 and lengths L/L-8 (the control
 * block's size depends on the heap size, so the combinations are probed, not
 * computed) and check a small and a large allocation. */
static inline void libc_heap_init(struct libc_heap *lh, void *mem, size_t bytes)
{
	size_t len0 = (bytes - 16u) & ~(size_t)7u;

	for (unsigned int k = 0u; k < 4u; k++) {
		size_t shift = (k & 1u) * 8u, len = len0 - (k >> 1) * 8u;
		void *small, *big;

		sys_heap_init(&lh->heap, (uint8_t *)mem + shift, len);
		small = sys_heap_alloc(&lh->heap, 1u);
		big = sys_heap_alloc(&lh->heap, libc_heap_round(len / 8u));
		lh->fast = small != NULL && big != NULL && libc_aligned(small) && libc_aligned(big);
		sys_heap_free(&lh->heap, small);
		sys_heap_free(&lh->heap, big);
		if (lh->fast) {
			return;
		}
	}
}

/* pre: 1 <= bytes <= PTRDIFF_MAX; align a power of two >= RTMEM_LIBC_ALIGN. */
static inline void *libc_heap_alloc(struct libc_heap *lh, size_t align, size_t bytes)
{
	void *p;

	if (lh->fast) {
		bytes = libc_heap_round(bytes);
		if (align <= RTMEM_LIBC_ALIGN) {
			p = sys_heap_alloc(&lh->heap, bytes);
			if (__builtin_expect(p == NULL || libc_aligned(p), 1)) {
				return p;
			}
			/* never expected: keep the contract even if the layout changes */
			sys_heap_free(&lh->heap, p);
			lh->fast = false;
		}
	}
	return sys_heap_aligned_alloc(&lh->heap, align, bytes);
}

/* pre: ptr a live block of lh; 1 <= bytes <= PTRDIFF_MAX. NULL: no room (ptr intact). */
static inline void *libc_heap_realloc(struct libc_heap *lh, void *ptr, size_t bytes)
{
	if (lh->fast) {
		return sys_heap_aligned_realloc(&lh->heap, ptr, 0u, libc_heap_round(bytes));
	}
	return sys_heap_aligned_realloc(&lh->heap, ptr, RTMEM_LIBC_ALIGN, bytes);
}

#endif /* RTMEM_LIBC_HEAP_H_ */
