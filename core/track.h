/*
 * rtmem allocation-tracking seam (private to the allocator layers).
 *
 * Every allocator layer (sys_heap, slab, libc) reports the life of the blocks
 * it hands out through these macros, at its API boundary only, so that
 * external checkers see user blocks the way they see malloc blocks:
 *
 *   RTMEM_TRACK_HEAP_INIT(mem, bytes)   a region now belongs to an allocator;
 *                                       user code must not touch it. Every
 *                                       block tracked inside it before is
 *                                       forgotten (re-init discards a heap).
 *   RTMEM_TRACK_ALLOC(ptr, bytes)       [ptr, ptr+bytes) handed to the user
 *                                       (contents undefined); bytes is the
 *                                       REQUESTED size, so a write past the
 *                                       request is caught even inside the
 *                                       chunk's rounding
 *   RTMEM_TRACK_FREE(ptr, bytes)        the user block at ptr is gone; bytes
 *                                       is the block's usable size (>= the
 *                                       tracked size: all of it is poisoned)
 *   RTMEM_TRACK_RESIZE(ptr, old, new)   the user block at ptr now has new
 *                                       bytes; old is its usable size before
 *                                       the call (>= the tracked size, the
 *                                       back-end finds the exact one). With
 *                                       old == new == usable it "widens" the
 *                                       block to its whole usable size
 *                                       (sys_heap_usable_size, and before the
 *                                       copy of a moving realloc).
 *   RTMEM_TRACK_ENTER() / _LEAVE()      bracket the allocator's own access
 *                                       to its metadata inside a call
 *   RTMEM_NO_SANITIZE                   attribute for functions that touch
 *                                       metadata the checker keeps poisoned
 *
 * The macros are statements; arguments must not have side effects (a back-end
 * may evaluate one zero times). ptr == NULL is ignored by ALLOC, FREE and
 * RESIZE.
 *
 * Order the allocator must follow (both checkers depend on it):
 *   init      RTMEM_TRACK_HEAP_INIT, then the metadata writes, then
 *             RTMEM_TRACK_LEAVE: the ASan back-end unpoisons the region at
 *             HEAP_INIT and poisons it at that LEAVE (ASan's memset/memcpy
 *             interceptors check poison even when called from a
 *             RTMEM_NO_SANITIZE function, so no other call may memset or
 *             memcpy metadata of a tracked region: use plain stores)
 *   alloc     carve the chunk, then RTMEM_TRACK_ALLOC(ptr, requested bytes)
 *   usable    RTMEM_TRACK_RESIZE(ptr, usable, usable): the caller may now use
 *             every usable byte
 *   free      RTMEM_TRACK_FREE(ptr, usable bytes), then release the chunk
 *   realloc   in place (also when the chunk keeps its size):
 *                       RTMEM_TRACK_RESIZE(ptr, old usable, new request)
 *             moving:   new = carve; RTMEM_TRACK_ALLOC(new, request);
 *                       RTMEM_TRACK_RESIZE(old, old usable, old usable);
 *                       memcpy(new, old, min(old usable, request));
 *                       RTMEM_TRACK_FREE(old, old usable); release old
 *   public    RTMEM_TRACK_ENTER() first, RTMEM_TRACK_LEAVE() on every return
 *
 * Back-ends (chosen at build time, RTMEM_TRACK=none|valgrind|asan):
 *   none      every macro compiles to nothing (the default; zero cost;
 *             freestanding)
 *   valgrind  memcheck client requests (RTMEM_TRACK_VALGRIND): each heap
 *             region is an auto-free meta mempool whose user blocks are
 *             MALLOCLIKE blocks, so memcheck reports invalid reads/writes,
 *             uninitialised use and leaks ("definitely lost") of user blocks;
 *             errors are disabled between ENTER and LEAVE (the allocator reads
 *             its NOACCESS metadata: memcheck yields such bytes as defined
 *             and leaves their shadow alone, so nothing the allocator writes
 *             there changes what the user sees).
 *   asan      AddressSanitizer poison/unpoison (RTMEM_TRACK_ASAN): regions are
 *             poisoned except the requested bytes of live blocks; an access
 *             outside reads "use-after-poison". LeakSanitizer does not know
 *             blocks of custom allocators, so this back-end runs its own leak
 *             check at exit: live blocks (unpoisoned runs in registered
 *             regions) that no pointer reaches from readable-writable memory
 *             (globals, stacks, the malloc heap, other reachable blocks) are
 *             reported as "Direct leak of N byte(s)" with a "SUMMARY: rtmem:"
 *             line and exit status 23 (LeakSanitizer's). It obeys
 *             ASAN_OPTIONS=detect_leaks=0.
 *
 * heap.c carries no back-end specific conditionals: only this file does.
 */
#ifndef RTMEM_CORE_TRACK_H_
#define RTMEM_CORE_TRACK_H_

#if defined(RTMEM_TRACK_VALGRIND) && defined(RTMEM_TRACK_ASAN)
#error "rtmem: choose one tracking back-end (RTMEM_TRACK_VALGRIND or RTMEM_TRACK_ASAN)"
#endif

/* ------------------------------------------------------------------------ */
#if defined(RTMEM_TRACK_VALGRIND) || defined(RTMEM_TRACK_ASAN)

#include <stddef.h>
#include <stdint.h>

/*
 * Host-only back-ends keep a registry of the regions given to allocators: a
 * re-initialised region (or one overlapping an older one) makes the back-end
 * forget everything tracked in the older one. The registry is weak so that
 * every layer including this header shares one copy.
 */
#define RTMEM_TRACK_MAX_REGIONS 256
struct rtmem_track_region {
	uintptr_t start;
	uintptr_t end;
};
struct rtmem_track_registry {
	struct rtmem_track_region region[RTMEM_TRACK_MAX_REGIONS];
	unsigned int count;
	int exit_check_installed;
	struct rtmem_track_region pending; /* ASan: poisoned at the next LEAVE */
};
extern struct rtmem_track_registry rtmem_track_registry;
__attribute__((weak)) struct rtmem_track_registry rtmem_track_registry;

/* Registers [start, end) after calling forget() on every registered region it
 * overlaps (and on the oldest one when the registry is full). */
static inline void rtmem_track_region_replace(uintptr_t start, uintptr_t end,
					      void (*forget)(uintptr_t start, uintptr_t end))
{
	struct rtmem_track_registry *reg = &rtmem_track_registry;
	unsigned int i = 0;

	while (i < reg->count) {
		if (reg->region[i].start < end && start < reg->region[i].end) {
			forget(reg->region[i].start, reg->region[i].end);
			reg->region[i] = reg->region[--reg->count];
		} else {
			i++;
		}
	}
	if (reg->count == RTMEM_TRACK_MAX_REGIONS) {
		forget(reg->region[0].start, reg->region[0].end);
		reg->region[0] = reg->region[--reg->count];
	}
	reg->region[reg->count].start = start;
	reg->region[reg->count].end = end;
	reg->count++;
}

#endif

/* ------------------------------------------------------------------------ */
#if defined(RTMEM_TRACK_VALGRIND)

#include <valgrind/memcheck.h>

/*
 * Each region is the single superblock of a meta mempool anchored at its
 * start. Forgetting a region frees the superblock, which frees every
 * MALLOCLIKE block still inside it (AUTO_FREE) instead of leaving stale,
 * overlapping blocks that would abort memcheck's leak search. The registry
 * holds a pointer to each superblock, so a heap whose control structure is
 * gone is "still reachable", not a leak; its live blocks are leaks.
 */
static inline void rtmem_track_vg_forget(uintptr_t start, uintptr_t end)
{
	if (VALGRIND_MEMPOOL_EXISTS(start)) {
		VALGRIND_MEMPOOL_FREE(start, start);
		VALGRIND_DESTROY_MEMPOOL(start);
	}
	/* The old region is no allocator's any more: it may be reused as plain
	 * memory (or be a live stack frame again), so it becomes accessible. */
	VALGRIND_MAKE_MEM_DEFINED(start, end - start);
}

static inline void rtmem_track_vg_heap_init(void *mem, size_t bytes)
{
	uintptr_t start = (uintptr_t)mem;

	rtmem_track_region_replace(start, start + bytes, rtmem_track_vg_forget);
	VALGRIND_CREATE_MEMPOOL_EXT(mem, 0, 0,
				    VALGRIND_MEMPOOL_METAPOOL | VALGRIND_MEMPOOL_AUTO_FREE);
	VALGRIND_MEMPOOL_ALLOC(mem, mem, bytes);
	VALGRIND_MAKE_MEM_NOACCESS(mem, bytes);
}

/* memcheck needs the exact tracked size to resize: it is the addressable
 * prefix of [ptr, ptr + usable). The probe is a user-error request, so it runs
 * with reporting disabled whether or not the caller is inside ENTER/LEAVE. */
static inline void rtmem_track_vg_resize(void *ptr, size_t old_usable, size_t new_bytes)
{
	uintptr_t bad;
	size_t tracked = old_usable;

	if (ptr == NULL) {
		return;
	}
	VALGRIND_DISABLE_ERROR_REPORTING;
	bad = (uintptr_t)VALGRIND_CHECK_MEM_IS_ADDRESSABLE(ptr, old_usable);
	VALGRIND_ENABLE_ERROR_REPORTING;
	if (bad != 0U) {
		tracked = (size_t)(bad - (uintptr_t)ptr);
	}
	if (tracked != new_bytes) {
		VALGRIND_RESIZEINPLACE_BLOCK(ptr, tracked, new_bytes, 0);
	}
}

#define RTMEM_TRACK_HEAP_INIT(mem, bytes) rtmem_track_vg_heap_init((mem), (bytes))
#define RTMEM_TRACK_ALLOC(ptr, bytes)     VALGRIND_MALLOCLIKE_BLOCK((ptr), (bytes), 0, 0)
#define RTMEM_TRACK_FREE(ptr, bytes) \
	do { \
		void *rtmem_track_p_ = (ptr); \
		if (rtmem_track_p_ != NULL) { \
			VALGRIND_FREELIKE_BLOCK(rtmem_track_p_, 0); \
			VALGRIND_MAKE_MEM_NOACCESS(rtmem_track_p_, (bytes)); \
		} \
	} while (0)
#define RTMEM_TRACK_RESIZE(ptr, old_bytes, new_bytes) \
	rtmem_track_vg_resize((ptr), (old_bytes), (new_bytes))
#define RTMEM_TRACK_ENTER()               VALGRIND_DISABLE_ERROR_REPORTING
#define RTMEM_TRACK_LEAVE()               VALGRIND_ENABLE_ERROR_REPORTING
#define RTMEM_NO_SANITIZE

/* ------------------------------------------------------------------------ */
#elif defined(RTMEM_TRACK_ASAN)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RTMEM_TRACK_ASAN_ON_ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RTMEM_TRACK_ASAN_ON_ 1
#endif
#ifndef RTMEM_TRACK_ASAN_ON_
#error "rtmem: RTMEM_TRACK=asan needs -fsanitize=address (RTMEM_SANITIZE=ON)"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>

#define RTMEM_NO_SANITIZE __attribute__((no_sanitize("address")))

struct rtmem_track_asan_block {
	uintptr_t start;
	uintptr_t end;
	int reached;
};
struct rtmem_track_asan_scan {
	struct rtmem_track_asan_block *block;
	size_t count;
	size_t *work;
	size_t work_count;
};

void rtmem_track_asan_heap_init(void *mem, size_t bytes);
void rtmem_track_asan_leak_check(void);

/* Index of the block containing address v, or count. */
static inline size_t rtmem_track_asan_find(const struct rtmem_track_asan_scan *s, uintptr_t v)
{
	size_t lo = 0, hi = s->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2U;

		if (v < s->block[mid].start) {
			hi = mid;
		} else if (v >= s->block[mid].end) {
			lo = mid + 1U;
		} else {
			return mid;
		}
	}
	return s->count;
}

static inline RTMEM_NO_SANITIZE void
rtmem_track_asan_scan_range(struct rtmem_track_asan_scan *s, uintptr_t from, uintptr_t to)
{
	uintptr_t a = (from + sizeof(void *) - 1U) & ~(uintptr_t)(sizeof(void *) - 1U);

	for (; a + sizeof(void *) <= to; a += sizeof(void *)) {
		uintptr_t v = *(const volatile uintptr_t *)a;
		size_t i = rtmem_track_asan_find(s, v);

		if (i < s->count && !s->block[i].reached) {
			s->block[i].reached = 1;
			s->work[s->work_count++] = i;
		}
	}
}

/* Scan [from, to) minus the registered regions (their blocks are scanned only
 * once reached) and minus the scanner's own arrays. */
static inline void rtmem_track_asan_scan_root(struct rtmem_track_asan_scan *s, uintptr_t from,
					      uintptr_t to)
{
	const struct rtmem_track_registry *st = &rtmem_track_registry;
	uintptr_t skip[RTMEM_TRACK_MAX_REGIONS + 2][2];
	unsigned int n = 0, i;

	for (i = 0; i < st->count; i++) {
		skip[n][0] = st->region[i].start;
		skip[n++][1] = st->region[i].end;
	}
	skip[n][0] = (uintptr_t)s->block;
	skip[n++][1] = (uintptr_t)(s->block + s->count);
	skip[n][0] = (uintptr_t)s->work;
	skip[n++][1] = (uintptr_t)(s->work + s->count);

	while (from < to) {
		uintptr_t next_skip = to, skip_end = to;

		for (i = 0; i < n; i++) {
			if (skip[i][1] > from && skip[i][0] < next_skip) {
				next_skip = skip[i][0] > from ? skip[i][0] : from;
				skip_end = skip[i][1];
			}
		}
		if (next_skip > from) {
			rtmem_track_asan_scan_range(s, from, next_skip);
		}
		from = skip_end > next_skip ? skip_end : next_skip;
	}
}

static inline int rtmem_track_asan_cmp(const void *a, const void *b)
{
	const struct rtmem_track_asan_block *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

/* Live blocks are the maximal unpoisoned runs of a region whose first byte
 * (allocator metadata) is still poisoned; a region whose first byte is not
 * poisoned has been reused for something else (e.g. a returned stack frame). */
static inline size_t rtmem_track_asan_collect(struct rtmem_track_asan_block *out, size_t cap)
{
	const struct rtmem_track_registry *st = &rtmem_track_registry;
	size_t n = 0;
	unsigned int r;

	for (r = 0; r < st->count; r++) {
		uintptr_t a = st->region[r].start, end = st->region[r].end;

		if (!__asan_address_is_poisoned((const void *)a)) {
			continue;
		}
		while (a < end) {
			uintptr_t b;

			if (__asan_address_is_poisoned((const void *)a)) {
				a++;
				continue;
			}
			b = (uintptr_t)__asan_region_is_poisoned((void *)a, (size_t)(end - a));
			if (b == 0U) {
				b = end;
			}
			if (out != NULL && n < cap) {
				out[n].start = a;
				out[n].end = b;
				out[n].reached = 0;
			}
			n++;
			a = b;
		}
	}
	return n;
}

__attribute__((weak)) void rtmem_track_asan_leak_check(void)
{
	struct rtmem_track_asan_scan s = { 0 };
	size_t cap, i, leaked_bytes = 0, leaked_count = 0;
	char line[512], summary[160];
	const char *opts = getenv("ASAN_OPTIONS");
	uintptr_t stack_mark = (uintptr_t)&s;
	FILE *maps;

	if (opts != NULL && strstr(opts, "detect_leaks=0") != NULL) {
		return;
	}
	cap = rtmem_track_asan_collect(NULL, 0);
	if (cap == 0U) {
		return;
	}
	s.block = calloc(cap, sizeof(*s.block));
	s.work = calloc(cap, sizeof(*s.work));
	if (s.block == NULL || s.work == NULL) {
		free(s.block);
		free(s.work);
		return;
	}
	s.count = rtmem_track_asan_collect(s.block, cap);
	if (s.count > cap) {
		s.count = cap;
	}
	qsort(s.block, s.count, sizeof(*s.block), rtmem_track_asan_cmp);

	/* Roots: every readable and writable mapping (globals, thread stacks,
	 * the malloc heap), the main stack only above this frame; mappings over
	 * 64 MiB are ASan's shadow and reservations. */
	maps = fopen("/proc/self/maps", "r");
	if (maps == NULL) {
		free(s.block);
		free(s.work);
		return;
	}
	while (fgets(line, sizeof(line), maps) != NULL) {
		unsigned long lo, hi;
		char perms[8];

		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' ||
		    perms[1] != 'w' || hi - lo > (64UL << 20)) {
			continue;
		}
		if (stack_mark >= lo && stack_mark < hi) {
			lo = stack_mark;
		}
		rtmem_track_asan_scan_root(&s, (uintptr_t)lo, (uintptr_t)hi);
	}
	fclose(maps);
	while (s.work_count > 0U) {
		const struct rtmem_track_asan_block *b = &s.block[s.work[--s.work_count]];

		rtmem_track_asan_scan_range(&s, b->start, b->end);
	}

	for (i = 0; i < s.count; i++) {
		if (s.block[i].reached) {
			continue;
		}
		if (leaked_count == 0U) {
			fprintf(stderr, "=================================================================\n"
					"==%d==ERROR: rtmem: detected memory leaks (tracking seam, "
					"AddressSanitizer back-end)\n\n",
				(int)getpid());
		}
		leaked_count++;
		leaked_bytes += (size_t)(s.block[i].end - s.block[i].start);
		fprintf(stderr, "Direct leak of %zu byte(s) at %p in an rtmem heap region\n",
			(size_t)(s.block[i].end - s.block[i].start), (void *)s.block[i].start);
	}
	free(s.block);
	free(s.work);
	if (leaked_count != 0U) {
		snprintf(summary, sizeof(summary),
			 "SUMMARY: rtmem: %zu byte(s) leaked in %zu allocation(s).",
			 leaked_bytes, leaked_count);
		__sanitizer_report_error_summary(summary);
		fflush(NULL);
		_exit(23);
	}
}

/* Nothing to undo: the new region is poisoned as a whole, and the rest of an
 * old one may be a live stack frame now, whose shadow ASan owns. */
static inline void rtmem_track_asan_forget(uintptr_t start, uintptr_t end)
{
	(void)start;
	(void)end;
}

/* The region is unpoisoned now (a re-initialised region is still poisoned
 * from before, and ASan's memset/memcpy interceptors check poison even when
 * called from RTMEM_NO_SANITIZE code) and poisoned as a whole at the LEAVE of
 * the init call, once the allocator has written its metadata. */
__attribute__((weak)) void rtmem_track_asan_heap_init(void *mem, size_t bytes)
{
	uintptr_t start = (uintptr_t)mem;

	rtmem_track_region_replace(start, start + bytes, rtmem_track_asan_forget);
	ASAN_UNPOISON_MEMORY_REGION(mem, bytes);
	rtmem_track_registry.pending.start = start;
	rtmem_track_registry.pending.end = start + bytes;
	if (!rtmem_track_registry.exit_check_installed) {
		rtmem_track_registry.exit_check_installed = 1;
		atexit(rtmem_track_asan_leak_check);
	}
}

static inline void rtmem_track_asan_leave(void)
{
	struct rtmem_track_region *p = &rtmem_track_registry.pending;

	if (p->end != 0U) {
		ASAN_POISON_MEMORY_REGION((void *)p->start, (size_t)(p->end - p->start));
		p->start = 0U;
		p->end = 0U;
	}
}

#define RTMEM_TRACK_HEAP_INIT(mem, bytes) rtmem_track_asan_heap_init((mem), (bytes))
#define RTMEM_TRACK_ALLOC(ptr, bytes) \
	do { \
		void *rtmem_track_p_ = (ptr); \
		if (rtmem_track_p_ != NULL) { \
			ASAN_UNPOISON_MEMORY_REGION(rtmem_track_p_, (bytes)); \
		} \
	} while (0)
#define RTMEM_TRACK_FREE(ptr, bytes) \
	do { \
		void *rtmem_track_p_ = (ptr); \
		if (rtmem_track_p_ != NULL) { \
			ASAN_POISON_MEMORY_REGION(rtmem_track_p_, (bytes)); \
		} \
	} while (0)
#define RTMEM_TRACK_RESIZE(ptr, old_bytes, new_bytes) \
	do { \
		char *rtmem_track_p_ = (char *)(ptr); \
		size_t rtmem_track_old_ = (old_bytes), rtmem_track_new_ = (new_bytes); \
		if (rtmem_track_p_ != NULL) { \
			ASAN_UNPOISON_MEMORY_REGION(rtmem_track_p_, rtmem_track_new_); \
			if (rtmem_track_old_ > rtmem_track_new_) { \
				ASAN_POISON_MEMORY_REGION(rtmem_track_p_ + rtmem_track_new_, \
							  rtmem_track_old_ - rtmem_track_new_); \
			} \
		} \
	} while (0)
#define RTMEM_TRACK_ENTER() ((void)0)
#define RTMEM_TRACK_LEAVE() rtmem_track_asan_leave()

/* ------------------------------------------------------------------------ */
#else /* none */

#define RTMEM_TRACK_HEAP_INIT(mem, bytes)   ((void)(mem), (void)(bytes))
#define RTMEM_TRACK_ALLOC(ptr, bytes)       ((void)(ptr), (void)(bytes))
#define RTMEM_TRACK_FREE(ptr, bytes)        ((void)(ptr), (void)(bytes))
#define RTMEM_TRACK_RESIZE(ptr, old_bytes, new_bytes) \
	((void)(ptr), (void)(old_bytes), (void)(new_bytes))
#define RTMEM_TRACK_ENTER()                 ((void)0)
#define RTMEM_TRACK_LEAVE()                 ((void)0)
#define RTMEM_NO_SANITIZE

#endif

#endif /* RTMEM_CORE_TRACK_H_ */
