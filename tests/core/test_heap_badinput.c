/*
 * Bad input (RELIABILITY.md, the classes that belong to the core), one test
 * per class. Built against the core at every hardening level; expectations
 * come from RTMEM_HEAP_HARDENING: at NONE the contract violations are
 * undefined behaviour and their tests are skipped, at EXTREME corruption is
 * caught by the full validation at entry (reason VALIDATE).
 */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#define HEAP_BYTES 8192u
static _Alignas(64) uint8_t g_buf[HEAP_BYTES];
static _Alignas(64) uint8_t g_buf2[HEAP_BYTES];
static struct sys_heap g_heap, g_other;
static uint64_t g_static_var;
static size_t g_expected_faults; /* faults reported on g_heap so far in this test */

static int setup(void **state)
{
	(void)state;
	faults_reset();
	g_expected_faults = 0;
	sys_heap_init(&g_heap, g_buf, sizeof(g_buf));
	sys_heap_init(&g_other, g_buf2, sizeof(g_buf2));
	return g_heap.heap == NULL || g_other.heap == NULL;
}

/* Discard both heaps: re-init forgets any block a case left behind. */
static int teardown(void **state)
{
	(void)state;
	sys_heap_init(&g_heap, g_buf, sizeof(g_buf));
	sys_heap_init(&g_other, g_buf2, sizeof(g_buf2));
	return 0;
}

static size_t fault_counter(struct sys_heap *h)
{
	struct sys_heap_ext_stats ext;

	assert_int_equal(sys_heap_ext_stats_get(h, &ext), 0);
	return ext.faults;
}

/* A pointer violation: reported with @a reason (BASIC+), heap unchanged and
 * valid afterwards, fault counted. */
static void expect_fault_then_ok(enum sys_heap_fault_reason reason, const void *ptr)
{
	assert_one_fault(reason, ptr);
	assert_int_equal(fault_counter(&g_heap), ++g_expected_faults);
	faults_reset();
	assert_heap_ok(&g_heap);
}

#define SKIP_BELOW(level) \
	do { \
		if (RTMEM_HEAP_HARDENING < (level)) { \
			skip(); \
		} \
	} while (0)

/* contract: sys_heap_free NULL is a no-op (all levels) */
static void sys_heap_free_null_noop(void **state)
{
	(void)state;
	sys_heap_free(&g_heap, NULL);
	assert_int_equal(g_faults.count, 0);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_free DOUBLE_FREE (BASIC+) */
static void sys_heap_free_double_free_faults(void **state)
{
	void *a, *b, *c;

	(void)state;
	SKIP_BELOW(1);
	a = sys_heap_alloc(&g_heap, 40);
	b = sys_heap_alloc(&g_heap, 40);
	c = sys_heap_alloc(&g_heap, 40);
	sys_heap_free(&g_heap, b);
	sys_heap_free(&g_heap, b);
	expect_fault_then_ok(SYS_HEAP_FAULT_DOUBLE_FREE, b);
	/* freed and merged into its left neighbour: still a double free */
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
	assert_int_equal(g_faults.count, 0);
	sys_heap_free(&g_heap, c);
	assert_one_fault(SYS_HEAP_FAULT_DOUBLE_FREE, c);
	faults_reset();
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_free FOREIGN_POINTER: another heap's block (wrong heap) */
static void sys_heap_free_block_of_other_heap_faults(void **state)
{
	void *mine;
	void *theirs;

	(void)state;
	SKIP_BELOW(1);
	mine = sys_heap_alloc(&g_heap, 32);
	theirs = sys_heap_alloc(&g_other, 32);
	sys_heap_free(&g_heap, theirs);
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, theirs);
	assert_heap_ok(&g_other);
	assert_int_equal(sys_heap_usable_size(&g_other, theirs) >= 32, true);
	sys_heap_free(&g_other, theirs);
	sys_heap_free(&g_heap, mine);
	assert_int_equal(g_faults.count, 0);
}

/* contract: sys_heap_free FOREIGN_POINTER: stack and static objects */
static void sys_heap_free_stack_and_static_faults(void **state)
{
	uint64_t on_stack = 0;

	(void)state;
	SKIP_BELOW(1);
	sys_heap_free(&g_heap, &on_stack);
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, &on_stack);
	sys_heap_free(&g_heap, &g_static_var);
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, &g_static_var);
	sys_heap_free(&g_heap, g_buf); /* the control block itself */
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, g_buf);
	sys_heap_free(&g_heap, g_buf + HEAP_BYTES - 4u); /* the end marker */
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, g_buf + HEAP_BYTES - 4u);
}

/* contract: sys_heap_free BAD_POINTER: interior and misaligned pointers */
static void sys_heap_free_interior_and_misaligned_fault(void **state)
{
	uint8_t *p;
	uint8_t *q;

	(void)state;
	SKIP_BELOW(1);
	p = sys_heap_alloc(&g_heap, 256);
	q = sys_heap_alloc(&g_heap, 64);
	memset(p, 0, 256);
	sys_heap_free(&g_heap, p + 64); /* interior, zeroed data as "header" */
	expect_fault_then_ok(SYS_HEAP_FAULT_BAD_POINTER, p + 64);
	memset(p, 0xFF, 256);
	sys_heap_free(&g_heap, p + 128); /* interior, all-ones data */
	expect_fault_then_ok(SYS_HEAP_FAULT_BAD_POINTER, p + 128);
	sys_heap_free(&g_heap, p + 1); /* misaligned */
	expect_fault_then_ok(SYS_HEAP_FAULT_BAD_POINTER, p + 1);
	sys_heap_free(&g_heap, q + 2);
	expect_fault_then_ok(SYS_HEAP_FAULT_BAD_POINTER, q + 2);
	sys_heap_free(&g_heap, p);
	sys_heap_free(&g_heap, q);
	assert_int_equal(g_faults.count, 0);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_realloc / usable_size of a freed block: USE_AFTER_FREE, NULL / 0 */
static void sys_heap_realloc_freed_block_faults(void **state)
{
	void *a;
	void *b;

	(void)state;
	SKIP_BELOW(1);
	a = sys_heap_alloc(&g_heap, 40);
	b = sys_heap_alloc(&g_heap, 40);
	sys_heap_free(&g_heap, a);
	assert_null(sys_heap_realloc(&g_heap, a, 80));
	expect_fault_then_ok(SYS_HEAP_FAULT_USE_AFTER_FREE, a);
	assert_int_equal(sys_heap_usable_size(&g_heap, a), 0);
	expect_fault_then_ok(SYS_HEAP_FAULT_USE_AFTER_FREE, a);
	assert_null(sys_heap_realloc(&g_heap, &g_static_var, 80));
	expect_fault_then_ok(SYS_HEAP_FAULT_FOREIGN_POINTER, &g_static_var);
	sys_heap_free(&g_heap, b);
}

/* contract: sys_heap_alloc(0) NULL, no fault, not counted (all levels) */
static void sys_heap_alloc_zero_null_no_fault(void **state)
{
	(void)state;
	assert_null(sys_heap_alloc(&g_heap, 0));
	assert_null(sys_heap_aligned_alloc(&g_heap, 64, 0));
	assert_int_equal(g_faults.count, 0);
	assert_int_equal(sys_heap_failed_alloc_count(&g_heap), 0);
}

/* contract: SIZE_MAX and size + header overflow: NULL, no wrap (all levels) */
static void sys_heap_alloc_size_max_and_overflow_null(void **state)
{
	void *p;

	(void)state;
	for (size_t d = 0; d < 32; d++) {
		assert_null(sys_heap_alloc(&g_heap, SIZE_MAX - d));
		assert_null(sys_heap_aligned_alloc(&g_heap, 64, SIZE_MAX - d));
		assert_null(sys_heap_aligned_alloc(&g_heap, 64u << 20, 8));
	}
	p = sys_heap_alloc(&g_heap, 8);
	assert_null(sys_heap_realloc(&g_heap, p, SIZE_MAX - 4u));
	assert_int_equal(g_faults.count, 0);
	sys_heap_free(&g_heap, p);
	assert_heap_ok(&g_heap);
}

/* contract: aligned alloc BAD_ALIGN for non-power-of-two (all levels); oversized: NULL */
static void sys_heap_aligned_alloc_bad_and_oversized_align(void **state)
{
	void *p;

	(void)state;
	assert_null(sys_heap_aligned_alloc(&g_heap, 3, 16));
	assert_one_fault(SYS_HEAP_FAULT_BAD_ALIGN, NULL);
	faults_reset();
	assert_null(sys_heap_aligned_alloc(&g_heap, 6, 16)); /* packed form with rewind 2: invalid */
	assert_one_fault(SYS_HEAP_FAULT_BAD_ALIGN, NULL);
	faults_reset();
	assert_null(z_heap_aligned_alloc(&g_heap, 64, 64, 16)); /* rewind >= align */
	assert_one_fault(SYS_HEAP_FAULT_BAD_ALIGN, NULL);
	faults_reset();
	p = sys_heap_alloc(&g_heap, 16);
	assert_null(sys_heap_aligned_realloc(&g_heap, p, 48, 16));
	assert_one_fault(SYS_HEAP_FAULT_BAD_ALIGN, p);
	faults_reset();
	assert_null(sys_heap_aligned_alloc(&g_heap, (size_t)1 << 20, 16)); /* larger than the heap */
	assert_int_equal(g_faults.count, 0);
	sys_heap_free(&g_heap, p);
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap_init INIT_TOO_SMALL / misaligned accepted / INIT_TOO_LARGE */
static void sys_heap_init_bad_buffers(void **state)
{
	struct sys_heap h;
	uint8_t *p;

	(void)state;
	sys_heap_init(&h, g_buf2, 16);
	assert_one_fault(SYS_HEAP_FAULT_INIT_TOO_SMALL, g_buf2);
	assert_null(h.heap);
	assert_null(sys_heap_alloc(&h, 1));
	faults_reset();
	sys_heap_init(&h, g_buf2 + 3, 4); /* rounds to nothing */
	assert_one_fault(SYS_HEAP_FAULT_INIT_TOO_SMALL, NULL);
	faults_reset();

	sys_heap_init(&h, g_buf2 + 3, 1000); /* misaligned: rounded, works */
	assert_int_equal(g_faults.count, 0);
	assert_non_null(h.heap);
	assert_int_equal((uintptr_t)h.heap % 8u, 0);
	p = sys_heap_alloc(&h, 100);
	assert_non_null(p);
	assert_true(p >= g_buf2 + 3 && p + 100 <= g_buf2 + 1003);
	assert_heap_ok(&h);

	sys_heap_init(&h, g_buf2, SIZE_MAX - 2u); /* wraps the address space */
	assert_one_fault(SYS_HEAP_FAULT_INIT_TOO_LARGE, NULL);
	assert_null(h.heap);
	faults_reset();
	if (sizeof(void *) == 8u) {
		/* 2^31 units: rejected before the buffer is touched */
		sys_heap_init(&h, g_buf2, (size_t)1 << (sizeof(size_t) * 8u - 30u)); /* 2^34 */
		assert_one_fault(SYS_HEAP_FAULT_INIT_TOO_LARGE, NULL);
		faults_reset();
	}
	/* after a failed init every call fails cleanly */
	assert_null(sys_heap_alloc(&h, 8));
	assert_null(sys_heap_aligned_alloc(&h, 64, 8));
	assert_false(sys_heap_validate(&h));
	if (RTMEM_HEAP_HARDENING >= 1) {
		sys_heap_free(&h, p);
		assert_one_fault(SYS_HEAP_FAULT_FOREIGN_POINTER, p);
		faults_reset();
	}
}

/* contract: overflow into the next block: CANARY at FULL, CORRUPT_HEADER at BASIC/MODERATE */
static void sys_heap_free_after_overflow_faults(void **state)
{
	uint8_t *a;
	uint8_t *b;
	size_t u;
	uint8_t saved;

	(void)state;
	SKIP_BELOW(1);
	a = sys_heap_alloc(&g_heap, 40);
	b = sys_heap_alloc(&g_heap, 40);
	u = sys_heap_usable_size(&g_heap, a);
	saved = t_peek8(a + u);
	t_poke8(a + u, saved ^ 0x5Au); /* one byte past the usable end */
	sys_heap_free(&g_heap, a);
	assert_one_fault(RTMEM_HEAP_HARDENING >= 4 ? SYS_HEAP_FAULT_VALIDATE :
			 RTMEM_HEAP_HARDENING >= 3 ? SYS_HEAP_FAULT_CANARY :
						     SYS_HEAP_FAULT_CORRUPT_HEADER,
			 RTMEM_HEAP_HARDENING >= 4 ? NULL : a);
	faults_reset();
	t_poke8(a + u, saved);
	assert_heap_ok(&g_heap); /* the failed free changed nothing */
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, b);
	assert_int_equal(g_faults.count, 0);
	assert_heap_ok(&g_heap);
}

/* contract: corrupted free-list link: CORRUPT_FREE_LIST at MODERATE (alloc and free paths) */
static void sys_heap_corrupt_free_list_link_faults(void **state)
{
	uint8_t *a;
	uint8_t *b;
	uint8_t *c;
	uint8_t *d;
	chunkid_t cb;
	uint32_t saved;
	enum sys_heap_fault_reason want = RTMEM_HEAP_HARDENING >= 4 ? SYS_HEAP_FAULT_VALIDATE :
								      SYS_HEAP_FAULT_CORRUPT_FREE_LIST;

	(void)state;
	SKIP_BELOW(2);
	a = sys_heap_alloc(&g_heap, 40);
	b = sys_heap_alloc(&g_heap, 40);
	c = sys_heap_alloc(&g_heap, 40);
	d = sys_heap_alloc(&g_heap, 40);
	sys_heap_free(&g_heap, b); /* b: a free chunk between used a and c */
	cb = t_chunk_of(&g_heap, b);
	saved = t_cf_get(&g_heap, cb, FREE_NEXT);
	t_cf_set(&g_heap, cb, FREE_NEXT, cb + 1u); /* points into the middle of b */
	/* free path: freeing a merges with b, whose link is checked first */
	sys_heap_free(&g_heap, a);
	assert_one_fault(want, RTMEM_HEAP_HARDENING >= 4 ? NULL : b);
	faults_reset();
	/* alloc path: b is the head of its class: taken by an alloc of its size */
	assert_null(sys_heap_alloc(&g_heap, 40));
	assert_one_fault(want, NULL);
	faults_reset();
	t_cf_set(&g_heap, cb, FREE_NEXT, saved);
	assert_heap_ok(&g_heap);
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
	sys_heap_free(&g_heap, d);
	assert_int_equal(g_faults.count, 0);
	assert_heap_ok(&g_heap);
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
}

/* contract: realloc that would grow in place into a free neighbour with a
 * corrupted free-list link: CORRUPT_FREE_LIST at MODERATE+, realloc returns
 * NULL (not the old, too small block) and the block stays intact */
static void sys_heap_realloc_in_place_fault_returns_null(void **state)
{
	uint8_t *a;
	uint8_t *b;
	uint8_t *c;
	uint8_t *r;
	chunkid_t cb;
	uint32_t saved;
	size_t usable;

	(void)state;
	SKIP_BELOW(2);
	a = sys_heap_alloc(&g_heap, 16);
	b = sys_heap_alloc(&g_heap, 100);
	c = sys_heap_alloc(&g_heap, 16);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	usable = sys_heap_usable_size(&g_heap, a);
	memset(a, 0x11, usable);
	sys_heap_free(&g_heap, b); /* a's right neighbour: free and large enough */
	cb = t_chunk_of(&g_heap, b);
	saved = t_cf_get(&g_heap, cb, FREE_NEXT);
	t_cf_set(&g_heap, cb, FREE_NEXT, cb + 1u); /* use after free clobbers its link */
	r = sys_heap_realloc(&g_heap, a, 64);
	assert_null(r);
	assert_one_fault(RTMEM_HEAP_HARDENING >= 4 ? SYS_HEAP_FAULT_VALIDATE : SYS_HEAP_FAULT_CORRUPT_FREE_LIST,
			 RTMEM_HEAP_HARDENING >= 4 ? NULL : b);
	faults_reset();
	t_cf_set(&g_heap, cb, FREE_NEXT, saved);
	assert_heap_ok(&g_heap); /* the failed realloc changed nothing */
	assert_int_equal(sys_heap_usable_size(&g_heap, a), usable);
	for (size_t i = 0; i < usable; i++) {
		assert_int_equal(a[i], 0x11);
	}
	r = sys_heap_realloc(&g_heap, a, 64); /* repaired: grows in place */
	assert_ptr_equal(r, a);
	assert_true(sys_heap_usable_size(&g_heap, r) >= 64u);
	sys_heap_free(&g_heap, r);
	sys_heap_free(&g_heap, c);
	assert_int_equal(g_faults.count, 0);
	assert_heap_ok(&g_heap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(sys_heap_free_null_noop),
		T(sys_heap_free_double_free_faults),
		T(sys_heap_free_block_of_other_heap_faults),
		T(sys_heap_free_stack_and_static_faults),
		T(sys_heap_free_interior_and_misaligned_fault),
		T(sys_heap_realloc_freed_block_faults),
		T(sys_heap_alloc_zero_null_no_fault),
		T(sys_heap_alloc_size_max_and_overflow_null),
		T(sys_heap_aligned_alloc_bad_and_oversized_align),
		T(sys_heap_init_bad_buffers),
		T(sys_heap_free_after_overflow_faults),
		T(sys_heap_corrupt_free_list_link_faults),
		T(sys_heap_realloc_in_place_fault_returns_null),
#undef T
	};

	printf("hardening level %d\n", RTMEM_HEAP_HARDENING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
