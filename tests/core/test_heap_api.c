/*
 * sys_heap API and semantics (zephyr-api.md §1.2) and rtmem's extensions:
 * one test per function and per @retval of include/rtmem/sys_heap.h.
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#define HEAP_BYTES 16384u
static _Alignas(64) uint8_t g_buf[HEAP_BYTES];
static struct sys_heap g_heap;

static int setup(void **state)
{
	(void)state;
	faults_reset();
	sys_heap_init(&g_heap, g_buf, sizeof(g_buf));
	return g_heap.heap == NULL;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(g_faults.count, 0);
	return 0;
}

/* Usable size of a plain allocation of n bytes, from the header contract. */
static size_t expected_usable(struct sys_heap *h, size_t n)
{
	size_t hdr = test_hdr_bytes(h), tr = Z_HEAP_TRAILER_BYTES;
	size_t chunk = (n + hdr + tr + 7u) & ~(size_t)7u;
	size_t min = hdr == 8u ? 16u : 8u;

	return (chunk < min ? min : chunk) - hdr - tr;
}

static size_t chunk_bytes_of(struct sys_heap *h, void *p)
{
	return t_chunk_bytes(h, p);
}

/* contract: sys_heap_init @post one free chunk, stats zero */
static void sys_heap_init_buffer_one_free_block(void **state)
{
	struct sys_memory_stats st;

	(void)state;
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_int_equal(st.max_allocated_bytes, 0);
	assert_true(st.free_bytes > HEAP_BYTES - 512u && st.free_bytes < HEAP_BYTES);
	assert_ptr_equal(g_heap.init_mem, g_buf);
	assert_int_equal(g_heap.init_bytes, HEAP_BYTES);
}

/* contract: sys_heap_alloc @retval NULL bytes == 0 (not a failure) */
static void sys_heap_alloc_zero_returns_null(void **state)
{
	(void)state;
	assert_null(sys_heap_alloc(&g_heap, 0));
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 0);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_alloc @retval NULL too large, no wrap; counted */
static void sys_heap_alloc_too_large_returns_null_counted(void **state)
{
	(void)state;
	assert_null(sys_heap_alloc(&g_heap, HEAP_BYTES));
	assert_null(sys_heap_alloc(&g_heap, SIZE_MAX));
	assert_null(sys_heap_alloc(&g_heap, SIZE_MAX - 3u));
	assert_null(sys_heap_alloc(&g_heap, SIZE_MAX / 2u + 1u));
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 4);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_alloc @post aligned, usable == ROUND_UP(bytes+hdr,8)-hdr */
static void sys_heap_alloc_usable_size_exact_and_aligned(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 300; n++) {
		uint8_t *p = sys_heap_alloc(&g_heap, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % (test_hdr_bytes(&g_heap) == 8u ? 8u : 4u), 0);
		assert_int_equal(sys_heap_usable_size(&g_heap, p), expected_usable(&g_heap, n));
		memset(p, 0xA5, sys_heap_usable_size(&g_heap, p));
		assert_heap_ok(&g_heap);
		sys_heap_free(&g_heap, p);
	}
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_alloc @retval NULL when full; free makes room again */
static void sys_heap_alloc_exhausted_returns_null_free_recovers(void **state)
{
	void *p[1024];
	size_t n = 0;
	struct sys_memory_stats st;

	(void)state;
	while (n < 1024 && (p[n] = sys_heap_alloc(&g_heap, 40)) != NULL) {
		n++;
	}
	assert_true(n > 100 && n < 1024);
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 1);
	assert_int_equal(sys_heap_largest_free_get(&g_heap) < 40, true);
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, p[n / 2]);
	p[n / 2] = sys_heap_alloc(&g_heap, 40);
	assert_non_null(p[n / 2]);
	for (size_t i = 0; i < n; i++) {
		sys_heap_free(&g_heap, p[i]);
	}
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
}

/* contract: placement: blocks >= 1/32 of the heap come from the top of their chunk */
static void sys_heap_alloc_large_block_placed_at_top(void **state)
{
	uint8_t *small = sys_heap_alloc(&g_heap, 64);
	uint8_t *large = sys_heap_alloc(&g_heap, HEAP_BYTES / 8u);

	(void)state;
	assert_true(large > small);
	assert_true(large + sys_heap_usable_size(&g_heap, large) + 64u >= g_buf + HEAP_BYTES);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1); /* the hole between them */
	sys_heap_free(&g_heap, large);
	sys_heap_free(&g_heap, small);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_free NULL is a no-op */
static void sys_heap_free_null_is_noop(void **state)
{
	(void)state;
	sys_heap_free(&g_heap, NULL);
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
}

/* contract: sys_heap_free @post coalesced with both neighbours */
static void sys_heap_free_coalesces_to_single_block(void **state)
{
	void *a, *b, *c;

	(void)state;
	a = sys_heap_alloc(&g_heap, 100);
	b = sys_heap_alloc(&g_heap, 100);
	c = sys_heap_alloc(&g_heap, 100);
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 2);
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, b); /* merges left and right */
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_aligned_alloc @post aligned, prefix and suffix returned */
static void sys_heap_aligned_alloc_8_to_4096_aligned(void **state)
{
	struct sys_memory_stats st;

	(void)state;
	for (size_t align = 8; align <= 4096; align <<= 1) {
		for (size_t n = 1; n < 600; n += 149) {
			uint8_t *p = sys_heap_aligned_alloc(&g_heap, align, n);

			assert_non_null(p);
			assert_int_equal((uintptr_t)p % align, 0);
			assert_true(sys_heap_usable_size(&g_heap, p) >= n);
			/* no waste beyond alignment: chunk is at most block + one unit of pad */
			assert_true(chunk_bytes_of(&g_heap, p) <= expected_usable(&g_heap, n) + test_hdr_bytes(&g_heap) +
								   Z_HEAP_TRAILER_BYTES + 8u);
			memset(p, 0x5A, n);
			assert_heap_ok(&g_heap);
			sys_heap_free(&g_heap, p);
			assert_heap_ok(&g_heap);
		}
	}
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
}

/* contract: sys_heap_aligned_alloc align 0 / <= header = plain alloc */
static void sys_heap_aligned_alloc_small_align_is_plain(void **state)
{
	void *p = sys_heap_aligned_alloc(&g_heap, 0, 10);
	void *q = sys_heap_aligned_alloc(&g_heap, 4, 10);

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal(sys_heap_usable_size(&g_heap, p), expected_usable(&g_heap, 10));
	sys_heap_free(&g_heap, p);
	sys_heap_free(&g_heap, q);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_aligned_alloc Zephyr packed form align|rewind */
static void sys_heap_aligned_alloc_packed_rewind_aligns_p_plus_rewind(void **state)
{
	(void)state;
	for (size_t align = 16; align <= 1024; align <<= 1) {
		size_t rew = sizeof(void *) == 8u ? 8u : 4u;
		uint8_t *p = sys_heap_aligned_alloc(&g_heap, align | rew, 50);

		assert_non_null(p);
		assert_int_equal(((uintptr_t)p + rew) % align, 0);
		assert_true(sys_heap_usable_size(&g_heap, p) >= 50);
		assert_heap_ok(&g_heap);
		sys_heap_free(&g_heap, p);
	}
	assert_heap_ok(&g_heap);
}

/* contract: z_heap_aligned_alloc (p + rewind) % align == 0, separate parameter */
static void z_heap_aligned_alloc_rewind_parameter_aligns(void **state)
{
	(void)state;
	for (size_t rew = 0; rew < 64; rew += sizeof(void *)) {
		uint8_t *p = z_heap_aligned_alloc(&g_heap, 64, rew, 33);

		assert_non_null(p);
		assert_int_equal(((uintptr_t)p + rew) % 64u, 0);
		assert_true(sys_heap_usable_size(&g_heap, p) >= 33);
		assert_heap_ok(&g_heap);
		sys_heap_free(&g_heap, p);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
}

/* contract: sys_heap_noalign_alloc ignores align */
static void sys_heap_noalign_alloc_ignores_align(void **state)
{
	void *p = sys_heap_noalign_alloc(&g_heap, 4096, 24);

	(void)state;
	assert_non_null(p);
	assert_int_equal(sys_heap_usable_size(&g_heap, p), expected_usable(&g_heap, 24));
	sys_heap_free(&g_heap, p);
	assert_null(sys_heap_noalign_alloc(&g_heap, 8, 0));
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc ptr NULL = alloc; bytes 0 = free + NULL */
static void sys_heap_realloc_null_allocates_zero_frees(void **state)
{
	void *p;

	(void)state;
	p = sys_heap_realloc(&g_heap, NULL, 32);
	assert_non_null(p);
	assert_null(sys_heap_realloc(&g_heap, p, 0));
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc in place: same chunk count -> same pointer */
static void sys_heap_realloc_same_units_same_pointer(void **state)
{
	uint8_t *p = sys_heap_alloc(&g_heap, 20);
	size_t u = sys_heap_usable_size(&g_heap, p);

	(void)state;
	assert_ptr_equal(sys_heap_realloc(&g_heap, p, u), p);
	assert_ptr_equal(sys_heap_realloc(&g_heap, p, 17), p);
	assert_int_equal(sys_heap_usable_size(&g_heap, p), u);
	sys_heap_free(&g_heap, p);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc shrink in place, tail freed and merged */
static void sys_heap_realloc_shrink_in_place_frees_tail(void **state)
{
	uint8_t *p = sys_heap_alloc(&g_heap, 400); /* below 1/32 of the heap: placed at the bottom */
	uint8_t *q;
	struct sys_memory_stats st;

	(void)state;
	memset(p, 7, 100);
	q = sys_heap_realloc(&g_heap, p, 100);
	assert_ptr_equal(q, p);
	assert_int_equal(sys_heap_usable_size(&g_heap, p), expected_usable(&g_heap, 100));
	for (int i = 0; i < 100; i++) {
		assert_int_equal(p[i], 7);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1); /* tail merged with the rest */
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, chunk_bytes_of(&g_heap, p));
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, p);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc grows into a free right neighbour in place */
static void sys_heap_realloc_grow_into_free_neighbour_in_place(void **state)
{
	uint8_t *a = sys_heap_alloc(&g_heap, 64);
	uint8_t *b = sys_heap_alloc(&g_heap, 200);
	uint8_t *c = sys_heap_alloc(&g_heap, 64);

	(void)state;
	memset(a, 3, 64);
	sys_heap_free(&g_heap, b);
	assert_ptr_equal(sys_heap_realloc(&g_heap, a, 150), a);
	assert_true(sys_heap_usable_size(&g_heap, a) >= 150);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(a[i], 3);
	}
	assert_heap_ok(&g_heap);
	/* exactly up to c: absorbs the whole neighbour */
	assert_ptr_equal(sys_heap_realloc(&g_heap, a, (size_t)(c - a) - test_hdr_bytes(&g_heap) -
						      Z_HEAP_TRAILER_BYTES), a);
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc moves when blocked: copies min(usable, bytes) */
static void sys_heap_realloc_blocked_moves_and_copies(void **state)
{
	uint8_t *a = sys_heap_alloc(&g_heap, 64);
	uint8_t *b = sys_heap_alloc(&g_heap, 64);
	uint8_t *n;

	(void)state;
	for (int i = 0; i < 64; i++) {
		a[i] = (uint8_t)i;
	}
	n = sys_heap_realloc(&g_heap, a, 500);
	assert_non_null(n);
	assert_ptr_not_equal(n, a);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(n[i], i);
	}
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, n);
	sys_heap_free(&g_heap, b);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc @retval NULL no memory, old block intact */
static void sys_heap_realloc_failure_keeps_old_block(void **state)
{
	uint8_t *a = sys_heap_alloc(&g_heap, 64);

	(void)state;
	memset(a, 9, 64);
	assert_null(sys_heap_realloc(&g_heap, a, HEAP_BYTES));
	assert_null(sys_heap_realloc(&g_heap, a, SIZE_MAX));
	for (int i = 0; i < 64; i++) {
		assert_int_equal(a[i], 9);
	}
	assert_int_equal(sys_heap_usable_size(&g_heap, a), expected_usable(&g_heap, 64));
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, a);
}

/* contract: sys_heap_aligned_realloc moves a block that is not aligned */
static void sys_heap_aligned_realloc_unaligned_ptr_moves(void **state)
{
	uint8_t *a = sys_heap_aligned_alloc(&g_heap, 256, 32);
	uint8_t *m = sys_heap_aligned_alloc(&g_heap, 8, 32);
	uint8_t *n;

	(void)state;
	if ((uintptr_t)m % 512u == 0u) { /* make sure m is not 512-aligned */
		sys_heap_free(&g_heap, a);
		a = m;
		m = sys_heap_alloc(&g_heap, 32);
	}
	memset(m, 1, 32);
	n = sys_heap_aligned_realloc(&g_heap, m, 512, 32);
	assert_non_null(n);
	assert_int_equal((uintptr_t)n % 512u, 0);
	assert_ptr_not_equal(n, m);
	assert_int_equal(n[31], 1);
	assert_ptr_equal(sys_heap_aligned_realloc(&g_heap, n, 512, 40), n); /* aligned: in place */
	sys_heap_free(&g_heap, n);
	sys_heap_free(&g_heap, a);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_usable_size @retval 0 for NULL */
static void sys_heap_usable_size_null_returns_zero(void **state)
{
	(void)state;
	assert_int_equal(sys_heap_usable_size(&g_heap, NULL), 0);
}

/* contract: runtime stats in chunk bytes: allocated == sum of used chunks */
static void sys_heap_runtime_stats_chunk_bytes_and_reset_max(void **state)
{
	struct sys_memory_stats st0, st;
	void *p[5];
	size_t sum = 0;

	(void)state;
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st0), 0);
	for (int i = 0; i < 5; i++) {
		p[i] = sys_heap_alloc(&g_heap, (size_t)(i * 37 + 1));
		sum += chunk_bytes_of(&g_heap, p[i]);
	}
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, sum);
	assert_int_equal(st.free_bytes + st.allocated_bytes, st0.free_bytes);
	assert_int_equal(st.max_allocated_bytes, sum);
	sys_heap_free(&g_heap, p[4]);
	sys_heap_free(&g_heap, p[3]);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.max_allocated_bytes, sum);
	assert_int_equal(sys_heap_runtime_stats_reset_max(&g_heap), 0);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.max_allocated_bytes, st.allocated_bytes);
	for (int i = 0; i < 3; i++) {
		sys_heap_free(&g_heap, p[i]);
	}
	assert_heap_ok(&g_heap);
}

/* contract: runtime stats @retval -EINVAL for NULL arguments */
static void sys_heap_runtime_stats_null_returns_einval(void **state)
{
	struct sys_memory_stats st;
	struct sys_heap_ext_stats ext;
	struct sys_heap none = { 0 };

	(void)state;
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, NULL), -EINVAL);
	assert_int_equal(sys_heap_runtime_stats_get(NULL, &st), -EINVAL);
	assert_int_equal(sys_heap_runtime_stats_get(&none, &st), -EINVAL);
	assert_int_equal(sys_heap_runtime_stats_reset_max(NULL), -EINVAL);
	assert_int_equal(sys_heap_runtime_stats_reset_max(&none), -EINVAL);
	assert_int_equal(sys_heap_ext_stats_get(&g_heap, NULL), -EINVAL);
	assert_int_equal(sys_heap_ext_stats_get(&none, &ext), -EINVAL);
}

/* contract: sys_heap_ext_stats_get consistent with the single getters */
static void sys_heap_ext_stats_get_matches_getters(void **state)
{
	struct sys_heap_ext_stats ext;
	struct sys_memory_stats st;
	void *a = sys_heap_alloc(&g_heap, 100);
	void *b = sys_heap_alloc(&g_heap, 100);
	void *c = sys_heap_alloc(&g_heap, 100);

	(void)state;
	sys_heap_free(&g_heap, b);
	assert_null(sys_heap_alloc(&g_heap, HEAP_BYTES * 2u));
	assert_int_equal(sys_heap_ext_stats_get(&g_heap, &ext), 0);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(ext.free_bytes, st.free_bytes);
	assert_int_equal(ext.allocated_bytes, st.allocated_bytes);
	assert_int_equal(ext.max_allocated_bytes, st.max_allocated_bytes);
	assert_int_equal(ext.largest_free_bytes, sys_heap_largest_free_get(&g_heap));
	assert_int_equal(ext.free_blocks, 2);
	assert_int_equal(ext.used_blocks, 2);
	assert_int_equal(ext.failed_allocs, 1);
	assert_int_equal(ext.faults, 0);
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
}

/* contract: sys_heap_largest_free_get is guaranteed allocatable; 0 when full */
static void sys_heap_largest_free_get_is_allocatable(void **state)
{
	void *p[600];
	size_t n = 0, largest;

	(void)state;
	largest = sys_heap_largest_free_get(&g_heap);
	assert_true(largest > HEAP_BYTES - 600u);
	p[n] = sys_heap_alloc(&g_heap, largest);
	assert_non_null(p[n]);
	assert_int_equal(sys_heap_largest_free_get(&g_heap), 0);
	sys_heap_free(&g_heap, p[n]);
	while (n < 600 && (p[n] = sys_heap_alloc(&g_heap, 24)) != NULL) {
		n++;
	}
	for (size_t i = 0; i < n; i += 3) {
		sys_heap_free(&g_heap, p[i]);
		p[i] = NULL;
	}
	largest = sys_heap_largest_free_get(&g_heap);
	assert_true(largest >= 24);
	void *q = sys_heap_alloc(&g_heap, largest);
	assert_non_null(q);
	sys_heap_free(&g_heap, q);
	for (size_t i = 0; i < n; i++) {
		sys_heap_free(&g_heap, p[i]);
	}
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_largest_free_get(NULL), 0);
}

/* contract: sys_heap_free_block_count counts holes */
static void sys_heap_free_block_count_counts_holes(void **state)
{
	void *p[10];

	(void)state;
	for (int i = 0; i < 10; i++) {
		p[i] = sys_heap_alloc(&g_heap, 50);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	for (int i = 0; i < 10; i += 2) {
		sys_heap_free(&g_heap, p[i]);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 6);
	for (int i = 1; i < 10; i += 2) {
		sys_heap_free(&g_heap, p[i]);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_int_equal(sys_heap_free_block_count(NULL), 0);
}

/* contract: sys_heap_failed_alloc_count counts NULL returns for lack of memory */
static void sys_heap_failed_alloc_count_counts_failures(void **state)
{
	(void)state;
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 0);
	assert_null(sys_heap_alloc(&g_heap, HEAP_BYTES));
	assert_null(sys_heap_aligned_alloc(&g_heap, 64, HEAP_BYTES - 100u));
	assert_null(sys_heap_alloc(&g_heap, 0)); /* not a failure */
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 2);
	assert_int_equal(sys_heap_failed_alloc_count(NULL), 0);
}

/* contract: sys_heap_validate / invariants @retval false for NULL / uninitialised */
static void sys_heap_validate_null_heap_returns_false(void **state)
{
	struct sys_heap none = { 0 };
	struct sys_heap_diag d;

	(void)state;
	assert_false(sys_heap_validate(NULL));
	assert_false(sys_heap_validate(&none));
	assert_int_equal(sys_heap_validate_ex(&none, &d), SYS_HEAP_DIAG_BAD_HEAP);
	assert_int_equal(d.code, SYS_HEAP_DIAG_BAD_HEAP);
	assert_false(sys_heap_invariants_hold(NULL));
	assert_false(sys_heap_invariants_hold(&none));
	assert_true(sys_heap_invariants_hold(&g_heap));
	assert_int_equal(sys_heap_validate_ex(&g_heap, &d), 0);
	assert_int_equal(d.code, SYS_HEAP_DIAG_OK);
}

/* ---- listeners ---- */
struct evt {
	uintptr_t id;
	void *mem;
	size_t bytes;
	char kind;
};
static struct evt g_evts[16];
static int g_nevts;

static void on_alloc(uintptr_t id, void *mem, size_t bytes)
{
	g_evts[g_nevts++] = (struct evt){ id, mem, bytes, 'A' };
}

static void on_free(uintptr_t id, void *mem, size_t bytes)
{
	g_evts[g_nevts++] = (struct evt){ id, mem, bytes, 'F' };
}

static void on_resize(uintptr_t id, void *old_end, void *new_end)
{
	(void)old_end;
	(void)new_end;
	g_evts[g_nevts++] = (struct evt){ id, NULL, 0, 'R' };
}

/* contract: listeners get alloc/free with chunk bytes; in-place realloc = free old + alloc new */
static void heap_listener_events_chunk_bytes_and_realloc(void **state)
{
	HEAP_LISTENER_ALLOC_DEFINE(la, HEAP_ID_FROM_POINTER(&g_heap), on_alloc);
	HEAP_LISTENER_FREE_DEFINE(lf, HEAP_ID_FROM_POINTER(&g_heap), on_free);
	HEAP_LISTENER_RESIZE_DEFINE(lr, HEAP_ID_FROM_POINTER(&g_heap), on_resize);
	HEAP_LISTENER_ALLOC_DEFINE(other, HEAP_ID_LIBC, on_alloc);
	uint8_t *p, *q;
	size_t old_chunk;

	(void)state;
	g_nevts = 0;
	heap_listener_register(&la);
	heap_listener_register(&lf);
	heap_listener_register(&lr);
	heap_listener_register(&other);
	p = sys_heap_alloc(&g_heap, 100);
	assert_int_equal(g_nevts, 1);
	assert_int_equal(g_evts[0].kind, 'A');
	assert_int_equal(g_evts[0].id, (uintptr_t)&g_heap);
	assert_ptr_equal(g_evts[0].mem, p);
	assert_int_equal(g_evts[0].bytes, chunk_bytes_of(&g_heap, p));
	old_chunk = chunk_bytes_of(&g_heap, p);

	q = sys_heap_realloc(&g_heap, p, 300); /* grows in place into the free rest */
	assert_ptr_equal(q, p);
	assert_int_equal(g_nevts, 3);
	assert_int_equal(g_evts[1].kind, 'F');
	assert_int_equal(g_evts[1].bytes, old_chunk);
	assert_ptr_equal(g_evts[1].mem, p);
	assert_int_equal(g_evts[2].kind, 'A');
	assert_int_equal(g_evts[2].bytes, chunk_bytes_of(&g_heap, p));

	sys_heap_free(&g_heap, p);
	assert_int_equal(g_nevts, 4);
	assert_int_equal(g_evts[3].kind, 'F');
	assert_ptr_equal(g_evts[3].mem, p);

	heap_listener_unregister(&la);
	heap_listener_unregister(&lf);
	heap_listener_unregister(&lr);
	heap_listener_unregister(&other);
	heap_listener_unregister(&other); /* not registered: no-op */
	p = sys_heap_alloc(&g_heap, 10);
	sys_heap_free(&g_heap, p);
	assert_int_equal(g_nevts, 4);

	/* HEAP_RESIZE is delivered by heap_listener_notify (libc), never by sys_heap */
	heap_listener_register(&lr);
	heap_listener_notify(HEAP_ID_FROM_POINTER(&g_heap), HEAP_RESIZE, g_buf, 64);
	heap_listener_unregister(&lr);
	assert_int_equal(g_nevts, 5);
	assert_int_equal(g_evts[4].kind, 'R');
}

/* ---- stress, walk ---- */
static void *stress_alloc(void *arg, size_t bytes)
{
	return sys_heap_alloc(arg, bytes);
}

static void stress_free(void *arg, void *p)
{
	sys_heap_free(arg, p);
	assert_true(sys_heap_invariants_hold(arg));
}

/* contract: sys_heap_stress frees all it allocated; result counts consistent */
static void sys_heap_stress_runs_and_frees_all(void **state)
{
	static void *scratch[256];
	struct z_heap_stress_result r;
	struct sys_memory_stats st;

	(void)state;
	sys_heap_stress(stress_alloc, stress_free, &g_heap, HEAP_BYTES, 20000, scratch, sizeof(scratch), 50, &r);
	assert_int_equal(r.total_allocs + r.total_frees >= 20000, true);
	assert_true(r.successful_allocs <= r.total_allocs);
	assert_int_equal(r.total_frees, r.successful_allocs);
	assert_true(r.successful_allocs > 1000);
	assert_true(r.accumulated_in_use_bytes > 0);
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
}

struct walk_sum {
	uint8_t *next;
	size_t used, free, used_n, free_n;
};

static void walk_cb(void *chunk, size_t bytes, bool used, void *arg)
{
	struct walk_sum *w = arg;

	if (w->next != NULL) {
		assert_ptr_equal(chunk, w->next); /* chunks tile the heap */
	}
	w->next = (uint8_t *)chunk + bytes;
	if (used) {
		w->used += bytes;
		w->used_n++;
	} else {
		w->free += bytes;
		w->free_n++;
	}
}

/* contract: sys_heap_walk tiles the heap; sums equal the statistics */
static void sys_heap_walk_sums_match_stats(void **state)
{
	struct walk_sum w = { 0 };
	struct sys_heap_ext_stats ext;
	void *p[8];

	(void)state;
	for (int i = 0; i < 8; i++) {
		p[i] = sys_heap_alloc(&g_heap, (size_t)(i + 1) * 30u);
	}
	sys_heap_free(&g_heap, p[2]);
	sys_heap_free(&g_heap, p[5]);
	sys_heap_walk(&g_heap, walk_cb, &w);
	assert_int_equal(sys_heap_ext_stats_get(&g_heap, &ext), 0);
	assert_int_equal(w.used, ext.allocated_bytes);
	assert_int_equal(w.free, ext.free_bytes);
	assert_int_equal(w.used_n, 6);
	assert_int_equal(w.free_n, ext.free_blocks);
	for (int i = 0; i < 8; i++) {
		if (i != 2 && i != 5) {
			sys_heap_free(&g_heap, p[i]);
		}
	}
}

/* ---- minimum sizes ---- */
static _Alignas(64) uint8_t g_min_buf[SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(1000) + 64];

static bool min_heap_serves(size_t n, size_t offset, size_t bytes)
{
	struct sys_heap h;
	bool ok;

	faults_reset();
	sys_heap_init(&h, g_min_buf + offset, bytes);
	ok = h.heap != NULL && sys_heap_alloc(&h, n) != NULL;
	if (h.heap != NULL) {
		assert_heap_ok(&h);
	}
	faults_reset();
	return ok;
}

#define CHECK_MIN_SIZE(n) \
	do { \
		size_t exact_ = SYS_HEAP_MIN_SIZE_FOR(n), any_ = SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(n); \
		_Static_assert(SYS_HEAP_MIN_SIZE_FOR(n) > (n), "constant expression"); \
		assert_true(min_heap_serves((n), 0, exact_)); \
		assert_false(min_heap_serves((n), 0, exact_ - 8u)); \
		for (size_t off_ = 0; off_ < 8; off_++) { \
			assert_true(min_heap_serves((n), off_, any_)); \
		} \
		assert_false(min_heap_serves((n), 1, any_ - 1u)); \
	} while (0)

/* contract: SYS_HEAP_MIN_SIZE_FOR(n) exact for 8-aligned buffers; _ANY_ALIGN at worst misalignment */
static void sys_heap_min_size_for_exact(void **state)
{
	(void)state;
	CHECK_MIN_SIZE(1);
	CHECK_MIN_SIZE(8);
	CHECK_MIN_SIZE(100);
	CHECK_MIN_SIZE(1000);
	assert_int_equal(Z_HEAP_MIN_SIZE, SYS_HEAP_MIN_SIZE_FOR(1));
	assert_int_equal(Z_HEAP_MIN_SIZE_FOR(77), SYS_HEAP_MIN_SIZE_FOR(77));
}

/* contract: header layout: 4-byte headers on 32-bit heaps < 2^15 units, else 8
 * (AUTO); 32-bit SMALL_ONLY: always 4, larger heaps INIT_TOO_LARGE; BIG_ONLY: always 8 */
static void sys_heap_layout_header_by_pointer_and_heap_size(void **state)
{
	static _Alignas(8) uint8_t big[300u * 1024u];
	struct sys_heap h;
	uint8_t *p, *q;

	(void)state;
	sys_heap_init(&h, big, 200u * 1024u); /* 25600 units */
	assert_int_equal(test_hdr_bytes(&h), Z_HEAP_HDR_K(15u));
	assert_int_equal(Z_HEAP_HDR_K(15u), sizeof(void *) == 4u && RTMEM_HEAP_LAYOUT != 2 ? 4u : 8u);
	p = sys_heap_alloc(&h, 1);
	assert_int_equal(sys_heap_usable_size(&h, p), Z_HEAP_HDR_K(15u) == 4u ? 4u : 8u);
	q = sys_heap_aligned_alloc(&h, 8, 12); /* on a 4-byte-header heap: pad form */
	assert_int_equal((uintptr_t)q % 8u, 0);
	assert_true(sys_heap_usable_size(&h, q) >= 12);
	q = sys_heap_realloc(&h, q, 200);
	assert_non_null(q);
	sys_heap_free(&h, q);
	sys_heap_free(&h, p);
	assert_heap_ok(&h);

	if (Z_HEAP_MAX_K < 16u) {
		sys_heap_init(&h, big, sizeof(big)); /* 38400 units: too many for SMALL_ONLY */
		assert_one_fault(SYS_HEAP_FAULT_INIT_TOO_LARGE, big);
		assert_null(h.heap);
		faults_reset();
		assert_int_equal(SYS_HEAP_MIN_SIZE_FOR(300u * 1024u), 0);
		return;
	}
	sys_heap_init(&h, big, sizeof(big)); /* 38400 units */
	assert_int_equal(test_hdr_bytes(&h), 8u);
	p = sys_heap_alloc(&h, 1);
	assert_int_equal(sys_heap_usable_size(&h, p), expected_usable(&h, 1));
	assert_int_equal((uintptr_t)p % 8u, 0);
	sys_heap_free(&h, p);
	assert_heap_ok(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(sys_heap_init_buffer_one_free_block),
		T(sys_heap_alloc_zero_returns_null),
		T(sys_heap_alloc_too_large_returns_null_counted),
		T(sys_heap_alloc_usable_size_exact_and_aligned),
		T(sys_heap_alloc_exhausted_returns_null_free_recovers),
		T(sys_heap_alloc_large_block_placed_at_top),
		T(sys_heap_free_null_is_noop),
		T(sys_heap_free_coalesces_to_single_block),
		T(sys_heap_aligned_alloc_8_to_4096_aligned),
		T(sys_heap_aligned_alloc_small_align_is_plain),
		T(sys_heap_aligned_alloc_packed_rewind_aligns_p_plus_rewind),
		T(z_heap_aligned_alloc_rewind_parameter_aligns),
		T(sys_heap_noalign_alloc_ignores_align),
		T(sys_heap_realloc_null_allocates_zero_frees),
		T(sys_heap_realloc_same_units_same_pointer),
		T(sys_heap_realloc_shrink_in_place_frees_tail),
		T(sys_heap_realloc_grow_into_free_neighbour_in_place),
		T(sys_heap_realloc_blocked_moves_and_copies),
		T(sys_heap_realloc_failure_keeps_old_block),
		T(sys_heap_aligned_realloc_unaligned_ptr_moves),
		T(sys_heap_usable_size_null_returns_zero),
		T(sys_heap_runtime_stats_chunk_bytes_and_reset_max),
		T(sys_heap_runtime_stats_null_returns_einval),
		T(sys_heap_ext_stats_get_matches_getters),
		T(sys_heap_largest_free_get_is_allocatable),
		T(sys_heap_free_block_count_counts_holes),
		T(sys_heap_failed_alloc_count_counts_failures),
		T(sys_heap_validate_null_heap_returns_false),
		T(heap_listener_events_chunk_bytes_and_realloc),
		T(sys_heap_stress_runs_and_frees_all),
		T(sys_heap_walk_sums_match_stats),
		T(sys_heap_min_size_for_exact),
		T(sys_heap_layout_header_by_pointer_and_heap_size),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
