/*
 * Tests of the libc malloc family (contracts in <rtmem/libc_malloc.h>).
 *
 * Built twice from this file:
 *   libc_malloc_api      rtmem_libc: rtmem_libc_* names over the arena provider
 *                        (Zephyr zero-size semantics), runs in every preset
 *   libc_preload_api     linked against librtmem_malloc.so, so the standard
 *                        names (and every malloc in the process, cmocka's too)
 *                        are served by the preload provider (glibc zero-size
 *                        semantics, regions, large mappings, fault reports)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <rtmem/libc_malloc.h>
#include <rtmem/sys_heap.h>

#ifdef TEST_PRELOAD
#include <malloc.h>
/* glibc's declarations carry alloc_size/dealloc attributes: GCC then flags the
 * deliberately impossible sizes and the use of a block after a realloc that
 * failed on purpose. Both are what these tests are about. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="
#if __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif
#endif
#define M(f) f
#define ZERO_SIZE_NONNULL 1
/* Largest block the provider can serve in these tests (it grows). */
#define BIG ((size_t)8 << 20)
void *valloc(size_t size);
void *pvalloc(size_t size);
void cfree(void *ptr);
#else
#define M(f) rtmem_libc_##f
#define ZERO_SIZE_NONNULL 0
#define BIG ((size_t)128 << 10)
#endif

/* ---- helpers --------------------------------------------------------------------------- */

static unsigned long scale(void)
{
	const char *s = getenv("RTMEM_TEST_SCALE");
	unsigned long v = s != NULL ? strtoul(s, NULL, 10) : 1u;

	return v == 0u ? 1u : v;
}

/* Hides a constant from the compiler: clang checks alloc_align arguments of
 * glibc's declarations, and these tests pass invalid ones on purpose. */
static size_t opaque(size_t v)
{
	volatile size_t x = v;

	return x;
}

static void fill(void *p, size_t n, unsigned int seed)
{
	for (size_t i = 0u; i < n; i++) {
		((unsigned char *)p)[i] = (unsigned char)(seed + i * 31u);
	}
}

static void check_fill(const void *p, size_t n, unsigned int seed)
{
	for (size_t i = 0u; i < n; i++) {
		if (((const unsigned char *)p)[i] != (unsigned char)(seed + i * 31u)) {
			fail_msg("byte %zu of %zu differs (seed %u)", i, n, seed);
		}
	}
}

static void assert_aligned(const void *p, size_t align)
{
	assert_non_null(p);
	assert_int_equal((uintptr_t)p & (align - 1u), 0);
}

static size_t allocated_now(void)
{
	struct sys_memory_stats st;

	assert_int_equal(malloc_runtime_stats_get(&st), 0);
	return st.allocated_bytes;
}

/* ---- malloc / free ------------------------------------------------------------------------ */

/* contract: malloc @post aligned to RTMEM_LIBC_ALIGN, usable >= size */
static void malloc_any_size_returns_aligned_usable_block(void **state)
{
	static const size_t sizes[] = { 1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 100, 127, 128,
					255, 256, 1000, 4095, 4096, 4097, 10000, 65536, 100000 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];

	(void)state;
	for (size_t i = 0u; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = M(malloc)(sizes[i]);
		assert_aligned(p[i], RTMEM_LIBC_ALIGN);
		assert_true(M(malloc_usable_size)(p[i]) >= sizes[i]);
		fill(p[i], sizes[i], (unsigned int)i);
	}
	for (size_t i = 0u; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		check_fill(p[i], sizes[i], (unsigned int)i);
		M(free)(p[i]);
	}
}

/* contract: overhead = header + rounding of header + request to RTMEM_LIBC_ALIGN
 * (plain allocations never take the aligned-allocation path, which wastes more) */
static void malloc_usable_size_is_request_rounded_to_grain(void **state)
{
	const size_t over = 8u + Z_HEAP_TRAILER_BYTES;

	(void)state;
	for (size_t n = 1u; n <= 600u; n++) {
		void *p = M(malloc)(n);
		size_t want = ((n + over + RTMEM_LIBC_ALIGN - 1u) & ~(size_t)(RTMEM_LIBC_ALIGN - 1u)) - over;
		size_t got = M(malloc_usable_size)(p);

		assert_non_null(p);
		/* a block may keep the remainder below the minimum chunk (16 bytes) */
		if (got < want || got > want + 8u) {
			fail_msg("malloc(%zu): usable %zu, expected %zu", n, got, want);
		}
		M(free)(p);
	}
}

/* contract: malloc @retval NULL size 0 (Zephyr mode) / unique pointer (glibc mode) */
static void malloc_zero_follows_zero_size_mode(void **state)
{
	void *p;

	(void)state;
	errno = 1234;
	p = M(malloc)(0);
	if (ZERO_SIZE_NONNULL) {
		void *q = M(malloc)(0);

		assert_non_null(p);
		assert_non_null(q);
		assert_ptr_not_equal(p, q);
		M(free)(q);
	} else {
		assert_null(p);
	}
	assert_int_equal(errno, 1234);
	M(free)(p);
}

/* contract: malloc @retval NULL errno = ENOMEM: no memory or size > PTRDIFF_MAX */
static void malloc_huge_returns_null_enomem(void **state)
{
	static const size_t sizes[] = { SIZE_MAX, SIZE_MAX - 15u, (size_t)PTRDIFF_MAX + 1u, (size_t)1 << 62,
					(size_t)1 << 47 };

	(void)state;
	for (size_t i = 0u; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		errno = 0;
		assert_null(M(malloc)(sizes[i]));
		assert_int_equal(errno, ENOMEM);
	}
}

/* contract: free NULL is a no-op */
static void free_null_is_noop(void **state)
{
	size_t before = allocated_now();

	(void)state;
	M(free)(NULL);
	assert_int_equal(allocated_now(), before);
}

/* ---- calloc ---------------------------------------------------------------------------------- */

/* contract: calloc @post all requested bytes are zero */
static void calloc_returns_zeroed_memory(void **state)
{
	static const size_t sizes[] = { 1, 16, 100, 4096, 70000 };

	(void)state;
	for (size_t i = 0u; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* dirty a block of the same size first, so reuse would show */
		void *d = M(malloc)(sizes[i]);
		unsigned char *p;

		assert_non_null(d);
		memset(d, 0xA5, sizes[i]);
		M(free)(d);
		p = M(calloc)(sizes[i], 1u);
		assert_aligned(p, RTMEM_LIBC_ALIGN);
		for (size_t j = 0u; j < sizes[i]; j++) {
			assert_int_equal(p[j], 0);
		}
		M(free)(p);
	}
}

/* contract: calloc @retval NULL errno = ENOMEM: nmemb * size overflows */
static void calloc_overflow_returns_null_enomem(void **state)
{
	(void)state;
	errno = 0;
	assert_null(M(calloc)(SIZE_MAX / 2u + 1u, 2u));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(M(calloc)(SIZE_MAX, SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(M(calloc)((size_t)1 << 32, (size_t)1 << 32));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(M(calloc)(1u, SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
}

/* contract: calloc @retval NULL product 0 (Zephyr mode) */
static void calloc_zero_follows_zero_size_mode(void **state)
{
	void *p;

	(void)state;
	errno = 77;
	p = M(calloc)(0u, 16u);
	if (ZERO_SIZE_NONNULL) {
		assert_non_null(p);
	} else {
		assert_null(p);
	}
	assert_int_equal(errno, 77);
	M(free)(p);
}

/* ---- realloc / reallocarray ---------------------------------------------------------------------- */

/* contract: realloc @post contents kept up to min(old, new) */
static void realloc_grow_and_shrink_preserves_contents(void **state)
{
	size_t n = 1u;
	unsigned char *p = M(malloc)(n);

	(void)state;
	assert_non_null(p);
	fill(p, n, 7u);
	while (n < BIG) {
		size_t m = n * 3u / 2u + 1u;

		p = M(realloc)(p, m);
		assert_aligned(p, RTMEM_LIBC_ALIGN);
		assert_true(M(malloc_usable_size)(p) >= m);
		check_fill(p, n, 7u);
		fill(p, m, 7u);
		n = m;
	}
	while (n > 1u) {
		size_t m = n / 3u;

		p = M(realloc)(p, m == 0u ? 1u : m);
		assert_aligned(p, RTMEM_LIBC_ALIGN);
		n = m == 0u ? 1u : m;
		check_fill(p, n, 7u);
	}
	M(free)(p);
}

/* contract: realloc ptr NULL = malloc; size 0 frees and returns NULL */
static void realloc_null_mallocs_and_zero_frees(void **state)
{
	size_t before = allocated_now();
	void *p;

	(void)state;
	p = M(realloc)(NULL, 100u);
	assert_aligned(p, RTMEM_LIBC_ALIGN);
	assert_true(allocated_now() > before);
	assert_null(M(realloc)(p, 0u));
	assert_int_equal(allocated_now(), before);
}

/* contract: realloc @retval NULL errno = ENOMEM: ptr untouched and still live */
static void realloc_failure_keeps_block(void **state)
{
	unsigned char *p = M(malloc)(200u);
	static const size_t sizes[] = { SIZE_MAX, (size_t)PTRDIFF_MAX + 1u, (size_t)1 << 47 };

	(void)state;
	assert_non_null(p);
	fill(p, 200u, 3u);
	for (size_t i = 0u; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		errno = 0;
		assert_null(M(realloc)(p, sizes[i]));
		assert_int_equal(errno, ENOMEM);
		check_fill(p, 200u, 3u);
	}
	M(free)(p);
}

/* contract: reallocarray @retval NULL errno = ENOMEM: product overflows (ptr untouched) */
static void reallocarray_overflow_returns_null_enomem(void **state)
{
	unsigned char *p = M(malloc)(64u);
	unsigned char *q;

	(void)state;
	assert_non_null(p);
	fill(p, 64u, 9u);
	errno = 0;
	assert_null(M(reallocarray)(p, SIZE_MAX / 4u, 8u));
	assert_int_equal(errno, ENOMEM);
	check_fill(p, 64u, 9u);
	q = M(reallocarray)(p, 100u, 8u);
	assert_aligned(q, RTMEM_LIBC_ALIGN);
	check_fill(q, 64u, 9u);
	assert_true(M(malloc_usable_size)(q) >= 800u);
	M(free)(q);
	q = M(reallocarray)(NULL, 3u, 5u);
	assert_non_null(q);
	M(free)(q);
}

/* ---- aligned allocation ------------------------------------------------------------------------- */

/* contract: aligned_alloc @post result a multiple of alignment */
static void aligned_alloc_power_of_two_is_aligned(void **state)
{
	(void)state;
	for (size_t a = 1u; a <= (ZERO_SIZE_NONNULL ? (size_t)1 << 20 : (size_t)4096); a <<= 1) {
		for (size_t n = 1u; n < 5000u; n = n * 7u + 3u) {
			void *p = M(aligned_alloc)(a, n);

			assert_aligned(p, a < RTMEM_LIBC_ALIGN ? RTMEM_LIBC_ALIGN : a);
			assert_true(M(malloc_usable_size)(p) >= n);
			fill(p, n, (unsigned int)a);
			check_fill(p, n, (unsigned int)a);
			M(free)(p);
		}
	}
}

/* contract: aligned_alloc @retval NULL errno = EINVAL: alignment 0 or not a power of two */
static void aligned_alloc_bad_alignment_returns_einval(void **state)
{
	static const size_t aligns[] = { 0, 3, 24, 48, 100, SIZE_MAX };

	(void)state;
	for (size_t i = 0u; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		errno = 0;
		assert_null(M(aligned_alloc)(aligns[i], 64u));
		assert_int_equal(errno, EINVAL);
	}
	errno = 0;
	assert_null(M(aligned_alloc)(opaque((size_t)1 << 62), 64u));
	assert_int_equal(errno, ENOMEM);
}

/* contract: posix_memalign @retval EINVAL / ENOMEM / 0; errno never modified; *memptr unchanged on error */
static void posix_memalign_checks_alignment_and_keeps_errno(void **state)
{
	static const size_t bad[] = { 0, 1, 2, 4, 3, 24, 12, (size_t)3 << 20 };
	void *sentinel = (void *)(uintptr_t)0x1234;
	void *p;

	(void)state;
	for (size_t i = 0u; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = sentinel;
		errno = 55;
		assert_int_equal(M(posix_memalign)(&p, bad[i], 32u), EINVAL);
		assert_ptr_equal(p, sentinel);
		assert_int_equal(errno, 55);
	}
	p = sentinel;
	errno = 55;
	assert_int_equal(M(posix_memalign)(&p, 64u, SIZE_MAX), ENOMEM);
	assert_ptr_equal(p, sentinel);
	assert_int_equal(errno, 55);
	for (size_t a = sizeof(void *); a <= 8192u; a <<= 1) {
		assert_int_equal(M(posix_memalign)(&p, a, 100u), 0);
		assert_aligned(p, a);
		assert_true(M(malloc_usable_size)(p) >= 100u);
		M(free)(p);
	}
	assert_int_equal(errno, 55);
}

/* contract: memalign rounds a non-power-of-two alignment up (glibc) */
static void memalign_rounds_alignment_up(void **state)
{
	void *p;

	(void)state;
	p = M(memalign)(opaque(24u), 10u);
	assert_aligned(p, 32u);
	M(free)(p);
	p = M(memalign)(opaque(1000u), 10u);
	assert_aligned(p, 1024u);
	M(free)(p);
	p = M(memalign)(opaque(0u), 10u);
	assert_aligned(p, RTMEM_LIBC_ALIGN);
	M(free)(p);
	errno = 0;
	assert_null(M(memalign)(opaque(SIZE_MAX), 10u));
	assert_int_equal(errno, ENOMEM);
}

/* contract: malloc_usable_size @retval 0 ptr NULL */
static void usable_size_null_is_zero(void **state)
{
	(void)state;
	assert_int_equal(M(malloc_usable_size)(NULL), 0);
}

/* ---- statistics ------------------------------------------------------------------------------- */

/* contract: malloc_runtime_stats_get @retval -EINVAL stats NULL; 0 and sums otherwise */
static void stats_track_allocation_and_free(void **state)
{
	struct sys_memory_stats a, b, c;
	void *p;

	(void)state;
	assert_int_equal(malloc_runtime_stats_get(NULL), -EINVAL);
	assert_int_equal(malloc_runtime_stats_get(&a), 0);
	p = M(malloc)(10000u);
	assert_non_null(p);
	assert_int_equal(malloc_runtime_stats_get(&b), 0);
	assert_true(b.allocated_bytes >= a.allocated_bytes + 10000u);
	assert_true(b.max_allocated_bytes >= b.allocated_bytes);
	M(free)(p);
	assert_int_equal(malloc_runtime_stats_get(&c), 0);
	assert_int_equal(c.allocated_bytes, a.allocated_bytes);
	assert_int_equal(c.free_bytes + c.allocated_bytes, b.free_bytes + b.allocated_bytes);
}

/* ---- threads ------------------------------------------------------------------------------------- */

#define HAMMER_THREADS 8
#define HAMMER_SLOTS 64
/* Occasional bigger blocks: up to 20000 bytes under the preload library, less
 * in rtmem_libc's 1 MiB arena (8 threads x 64 slots must always fit). */
#define HAMMER_BIG (ZERO_SIZE_NONNULL ? 20000u : 1500u)

struct tagged {
	uint32_t owner;
	uint32_t serial;
	size_t size;
};

/* Every block carries its owner thread, a serial and its size; the pattern
 * after the tag is checked before every free and realloc. */
static void tag_block(unsigned char *p, size_t n, uint32_t owner, uint32_t serial)
{
	struct tagged t = { owner, serial, n };

	memcpy(p, &t, sizeof(t));
	for (size_t i = sizeof(t); i < n; i++) {
		p[i] = (unsigned char)(owner * 13u + serial + i);
	}
}

static int check_block(const unsigned char *p, size_t keep, uint32_t owner)
{
	struct tagged t;

	memcpy(&t, p, sizeof(t));
	if (t.owner != owner) {
		return 0;
	}
	for (size_t i = sizeof(t); i < keep && i < t.size; i++) {
		if (p[i] != (unsigned char)(owner * 13u + t.serial + i)) {
			return 0;
		}
	}
	return 1;
}

static void *hammer(void *arg)
{
	uint32_t me = (uint32_t)(uintptr_t)arg;
	unsigned char *slot[HAMMER_SLOTS] = { 0 };
	size_t size[HAMMER_SLOTS] = { 0 };
	uint64_t rng = 0x9E3779B97F4A7C15ull * (me + 1u);
	unsigned long ops = 200000u / scale();
	uintptr_t bad = 0u;

	for (unsigned long op = 0u; op < ops; op++) {
		unsigned int i;
		size_t n;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		i = (unsigned int)(rng % HAMMER_SLOTS);
		n = sizeof(struct tagged) + (size_t)((rng >> 20) % ((rng >> 50) % 16u == 0u ? HAMMER_BIG : 300u));
		if (slot[i] == NULL) {
			slot[i] = (rng >> 40) % 2u ? M(malloc)(n) : M(calloc)(1u, n);
			if (slot[i] == NULL || ((uintptr_t)slot[i] & (RTMEM_LIBC_ALIGN - 1u)) != 0u) {
				bad++;
				continue;
			}
			size[i] = n;
			tag_block(slot[i], n, me, (uint32_t)op);
		} else if ((rng >> 33) % 4u == 0u) {
			unsigned char *q;

			if (!check_block(slot[i], size[i], me)) {
				bad++;
			}
			q = M(realloc)(slot[i], n);
			if (q == NULL || !check_block(q, n < size[i] ? n : size[i], me)) {
				bad++;
				continue;
			}
			slot[i] = q;
			size[i] = n;
			tag_block(q, n, me, (uint32_t)op);
		} else {
			if (!check_block(slot[i], size[i], me)) {
				bad++;
			}
			M(free)(slot[i]);
			slot[i] = NULL;
		}
	}
	for (unsigned int i = 0u; i < HAMMER_SLOTS; i++) {
		if (slot[i] != NULL && !check_block(slot[i], size[i], me)) {
			bad++;
		}
		M(free)(slot[i]);
	}
	return (void *)bad;
}

/* contract: thread safety — no block is ever handed to two threads, contents survive */
static void threads_hammering_keep_blocks_intact(void **state)
{
	pthread_t t[HAMMER_THREADS];
	size_t before = allocated_now();

	(void)state;
	for (uintptr_t i = 0u; i < HAMMER_THREADS; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(i + 1u)), 0);
	}
	for (unsigned int i = 0u; i < HAMMER_THREADS; i++) {
		void *bad;

		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_int_equal((uintptr_t)bad, 0);
	}
	/* The preload library also serves glibc's own thread bookkeeping (a
	 * cached thread's TLS vector stays allocated): allow a little. */
	if (ZERO_SIZE_NONNULL) {
		assert_true(allocated_now() <= before + 16384u);
	} else {
		assert_int_equal(allocated_now(), before);
	}
}

static volatile int spin_stop;

static void *spinner(void *arg)
{
	(void)arg;
	while (!spin_stop) {
		void *p = M(malloc)(100u);
		void *q = M(malloc)(3000u);

		M(free)(p);
		M(free)(q);
	}
	return NULL;
}

/* contract: fork safety — a child can allocate even if another thread was in malloc at fork */
static void fork_while_other_thread_allocates_child_can_malloc(void **state)
{
	pthread_t t[2];
	unsigned int forks = 60u / (unsigned int)scale() + 3u;

	(void)state;
	spin_stop = 0;
	assert_int_equal(pthread_create(&t[0], NULL, spinner, NULL), 0);
	assert_int_equal(pthread_create(&t[1], NULL, spinner, NULL), 0);
	for (unsigned int i = 0u; i < forks; i++) {
		int status = 0;
		int fds[2];
		char verdict = 'x';
		pid_t pid;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			void *p, *q;
			char ok;

			alarm(10); /* a deadlocked child dies of SIGALRM */
			p = M(malloc)(1000u);
			q = M(calloc)(10u, 1000u);
			ok = p != NULL && q != NULL ? 'y' : 'n';
			M(free)(p);
			M(free)(q);
			(void)write(fds[1], &ok, 1u);
			/* SIGKILL, not exit: the spinners' blocks are live in the child's
			 * copy of the heap, and Valgrind's exit-time leak check would
			 * count them as lost */
			raise(SIGKILL);
		}
		close(fds[1]);
		assert_int_equal(read(fds[0], &verdict, 1u), 1);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), SIGKILL);
		assert_int_equal(verdict, 'y');
	}
	spin_stop = 1;
	assert_int_equal(pthread_join(t[0], NULL), 0);
	assert_int_equal(pthread_join(t[1], NULL), 0);
}

#ifdef TEST_PRELOAD
/* ---- preload provider only ----------------------------------------------------------------------- */

/* contract: grows by adding regions (no arena limit) and gives them back */
static void preload_grows_to_several_regions_and_back(void **state)
{
	enum { N = 1200 };
	static void *blk[N];
	size_t regions0, large0, regions, large;
	size_t before = allocated_now();

	(void)state;
	rtmem_malloc_layout_get(&regions0, &large0);
	for (unsigned int i = 0u; i < N; i++) {
		blk[i] = malloc(100000u + i);
		assert_aligned(blk[i], 16u);
		fill(blk[i], 64u, i);
	}
	rtmem_malloc_layout_get(&regions, &large);
	assert_true(regions >= 3u);
	assert_int_equal(large, large0);
	for (unsigned int i = 0u; i < N; i++) {
		check_fill(blk[i], 64u, i);
		free(blk[i]);
	}
	rtmem_malloc_layout_get(&regions, &large);
	assert_true(regions <= regions0 + 1u);
	assert_int_equal(allocated_now(), before);
}

/* contract: large blocks get their own mapping; realloc resizes it. 33 MiB is
 * above the highest large threshold (32 MiB), whatever earlier tests freed. */
static void preload_large_blocks_map_and_resize(void **state)
{
	size_t r0, l0, r, l;
	unsigned char *p, *q;

	(void)state;
	rtmem_malloc_layout_get(&r0, &l0);
	p = calloc(1u, (size_t)33 << 20);
	assert_aligned(p, 16u);
	assert_int_equal(p[12345], 0);
	assert_int_equal(p[(size_t)33 << 19], 0);
	assert_true(malloc_usable_size(p) >= (size_t)33 << 20);
	rtmem_malloc_layout_get(&r, &l);
	assert_int_equal(l, l0 + 1u);
	fill(p, (size_t)1 << 20, 5u);
	q = realloc(p, (size_t)40 << 20);
	assert_non_null(q);
	assert_true(malloc_usable_size(q) >= (size_t)40 << 20);
	check_fill(q, (size_t)1 << 20, 5u);
	rtmem_malloc_layout_get(&r, &l);
	assert_int_equal(l, l0 + 1u);
	q = realloc(q, 1000u);
	assert_aligned(q, 16u);
	check_fill(q, 1000u, 5u);
	rtmem_malloc_layout_get(&r, &l);
	assert_int_equal(l, l0);
	free(q);
}

/* contract: valloc / pvalloc page-aligned, cfree frees */
static void preload_valloc_pvalloc_cfree(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = valloc(10u);
	void *q = pvalloc(10u);

	(void)state;
	assert_aligned(p, (size_t)page);
	assert_aligned(q, (size_t)page);
	assert_true(malloc_usable_size(q) >= (size_t)page);
	cfree(p);
	free(q);
	q = pvalloc(0u);
	assert_aligned(q, (size_t)page);
	free(q);
	errno = 0;
	assert_null(pvalloc(SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
}

/* Run fn in a child; require death by SIGABRT and `expect` on its stderr. */
static void expect_abort_report(void (*fn)(void), const char *expect)
{
	int fds[2];
	char buf[1024];
	size_t n = 0u;
	int status = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		(void)signal(SIGABRT, SIG_DFL);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	for (;;) {
		ssize_t r = read(fds[0], buf + n, sizeof(buf) - 1u - n);

		if (r <= 0) {
			break;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	if (strstr(buf, expect) == NULL || strstr(buf, "rtmem_malloc: ") == NULL) {
		fail_msg("report \"%s\" lacks \"%s\"", buf, expect);
	}
}

static void *volatile sink;

static void do_double_free(void)
{
	void *p = malloc(40u);

	sink = malloc(40u); /* keep p away from the end of the heap */
	free(p);
	free(p);
}

static void do_large_double_free(void)
{
	void *p = malloc((size_t)64 << 20); /* above any large threshold */

	free(p);
	free(p);
}

static void do_foreign_free(void)
{
	static long not_heap[8];

	free(&not_heap[2]);
}

static void do_interior_free(void)
{
	char *p = malloc((size_t)64 << 20);

	free(p + 64);
}

/* contract: free @ub double free / foreign pointer reported on stderr, then abort */
static void preload_misuse_is_reported_and_aborts(void **state)
{
	(void)state;
	expect_abort_report(do_double_free, "double free");
	expect_abort_report(do_large_double_free, "invalid pointer");
	expect_abort_report(do_foreign_free, "invalid pointer");
	expect_abort_report(do_interior_free, "not its start");
}

#else
/* ---- rtmem_libc (arena provider) only -------------------------------------------------------------- */

static struct {
	int count;
	struct sys_heap_fault_info last;
} faults;

/* Recording fault handler: overrides the core's weak default (trap). */
void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	faults.count++;
	faults.last = *info;
}

/* contract: free @ub double free reported through sys_heap_fault, heap unchanged */
static void arena_double_free_reported(void **state)
{
	void *p = rtmem_libc_malloc(40u);
	void *q = rtmem_libc_malloc(40u);
	size_t before;

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	rtmem_libc_free(p);
	before = allocated_now();
	faults.count = 0;
	rtmem_libc_free(p);
	assert_int_equal(faults.count, 1);
	assert_int_equal(faults.last.reason, SYS_HEAP_FAULT_DOUBLE_FREE);
	assert_ptr_equal(faults.last.ptr, p);
	assert_int_equal(allocated_now(), before);
	rtmem_libc_free(q);
}

/* contract: malloc @retval NULL errno = ENOMEM: arena exhausted; free makes room again */
static void arena_exhausted_returns_enomem_then_recovers(void **state)
{
	static unsigned char arena[16384] __attribute__((aligned(16)));
	void *blk[64];
	unsigned int n = 0u;

	(void)state;
	assert_int_equal(rtmem_libc_arena_set(arena, sizeof(arena)), 0);
	for (;;) {
		void *p;

		errno = 0;
		p = rtmem_libc_malloc(1000u);
		if (p == NULL) {
			assert_int_equal(errno, ENOMEM);
			break;
		}
		assert_true((uintptr_t)p >= (uintptr_t)arena && (uintptr_t)p < (uintptr_t)arena + sizeof(arena));
		assert_aligned(p, RTMEM_LIBC_ALIGN);
		assert_true(n < 64u);
		blk[n++] = p;
	}
	assert_true(n >= 12u);
	rtmem_libc_free(blk[0]);
	assert_non_null(blk[0] = rtmem_libc_malloc(1000u));
	errno = 0;
	assert_null(rtmem_libc_calloc(20u, 1000u));
	assert_int_equal(errno, ENOMEM);
	while (n > 0u) {
		rtmem_libc_free(blk[--n]);
	}
	assert_int_equal(allocated_now(), 0);
}

/* contract: rtmem_libc_arena_set @retval -EINVAL; bytes 0 makes every allocation fail */
static void arena_set_validates_and_zero_arena_fails(void **state)
{
	static unsigned char small[64];
	static unsigned char big[(size_t)1 << 20] __attribute__((aligned(16)));
	struct sys_memory_stats st;
	void *p;

	(void)state;
	assert_int_equal(rtmem_libc_arena_set(NULL, 4096u), -EINVAL);
	assert_int_equal(rtmem_libc_arena_set(small, sizeof(small)), -EINVAL);
	assert_int_equal(rtmem_libc_arena_set(NULL, 0u), 0);
	errno = 0;
	assert_null(rtmem_libc_malloc(1u));
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(malloc_runtime_stats_get(&st), 0);
	assert_int_equal(st.allocated_bytes + st.free_bytes, 0);
	/* unaligned start is fine */
	assert_int_equal(rtmem_libc_arena_set(big + 3, sizeof(big) - 3u), 0);
	p = rtmem_libc_malloc(1u);
	assert_aligned(p, RTMEM_LIBC_ALIGN);
	rtmem_libc_free(p);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(malloc_any_size_returns_aligned_usable_block),
		cmocka_unit_test(malloc_usable_size_is_request_rounded_to_grain),
		cmocka_unit_test(malloc_zero_follows_zero_size_mode),
		cmocka_unit_test(malloc_huge_returns_null_enomem),
		cmocka_unit_test(free_null_is_noop),
		cmocka_unit_test(calloc_returns_zeroed_memory),
		cmocka_unit_test(calloc_overflow_returns_null_enomem),
		cmocka_unit_test(calloc_zero_follows_zero_size_mode),
		cmocka_unit_test(realloc_grow_and_shrink_preserves_contents),
		cmocka_unit_test(realloc_null_mallocs_and_zero_frees),
		cmocka_unit_test(realloc_failure_keeps_block),
		cmocka_unit_test(reallocarray_overflow_returns_null_enomem),
		cmocka_unit_test(aligned_alloc_power_of_two_is_aligned),
		cmocka_unit_test(aligned_alloc_bad_alignment_returns_einval),
		cmocka_unit_test(posix_memalign_checks_alignment_and_keeps_errno),
		cmocka_unit_test(memalign_rounds_alignment_up),
		cmocka_unit_test(usable_size_null_is_zero),
		cmocka_unit_test(stats_track_allocation_and_free),
		cmocka_unit_test(threads_hammering_keep_blocks_intact),
		cmocka_unit_test(fork_while_other_thread_allocates_child_can_malloc),
#ifdef TEST_PRELOAD
		cmocka_unit_test(preload_grows_to_several_regions_and_back),
		cmocka_unit_test(preload_large_blocks_map_and_resize),
		cmocka_unit_test(preload_valloc_pvalloc_cfree),
		cmocka_unit_test(preload_misuse_is_reported_and_aborts),
#else
		cmocka_unit_test(arena_double_free_reported),
		cmocka_unit_test(arena_exhausted_returns_enomem_then_recovers),
		cmocka_unit_test(arena_set_validates_and_zero_arena_fails),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
