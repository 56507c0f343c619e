/*
 * System heap (k_malloc family), resource pools, allocations on behalf of a
 * thread (z_thread_malloc, k_msgq_alloc_init).
 */
#include "memtest.h"

K_HEAP_DEFINE(pool_a, 2048);
K_HEAP_DEFINE(pool_b, 2048);

static struct k_heap *owner_word(void *p)
{
	return ((struct k_heap **)p)[-1];
}

/* contract: k_malloc @retval non-NULL for 0; NULL for SIZE_MAX */
static void k_malloc_zero_non_null_size_max_null(void **state)
{
	(void)state;
	void *p = k_malloc(0);

	assert_non_null(p);
	assert_ptr_equal(owner_word(p), &_system_heap);
	k_free(p);
	assert_null(k_malloc(SIZE_MAX));
	assert_null(k_malloc(SIZE_MAX - sizeof(void *) + 1));
	p = k_malloc(100);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % sizeof(void *), 0);
	memset(p, 1, 100);
	k_free(p);
	assert_null(k_malloc(K_HEAP_MEM_POOL_SIZE)); /* metadata lives in the heap */
	k_free(NULL); /* no-op */
	assert_true(sys_heap_validate(&_system_heap.heap));
}

/* contract: k_calloc @retval NULL on overflow; zeroed */
static void k_calloc_overflow_and_zero(void **state)
{
	(void)state;
	assert_null(k_calloc(SIZE_MAX / 4, 8));
	unsigned char *p = k_malloc(64);

	memset(p, 0xee, 64);
	k_free(p);
	p = k_calloc(8, 8);
	assert_non_null(p);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(p[i], 0);
	}
	k_free(p);
}

/* contract: k_aligned_alloc — alignment honoured, owner word just below, no waste */
static void k_aligned_alloc_alignments(void **state)
{
	(void)state;
	struct sys_memory_stats st;

	for (size_t a = sizeof(void *); a <= 4096; a <<= 1) {
		void *p = k_aligned_alloc(a, 24);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % a, 0);
		assert_ptr_equal(owner_word(p), &_system_heap);
		k_free(p);
	}
	/* the chapter's call */
	void *p = k_aligned_alloc(64, 1024);

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 64, 0);
	k_free(p);
	assert_int_equal(k_heap_runtime_stats_get(&_system_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
}

static void bad_align_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)k_aligned_alloc((size_t)(uintptr_t)p1, 16);
	kt_log_add(1);
}

/* contract: k_aligned_alloc @retval NULL after the fatal path for a bad alignment */
static void k_aligned_alloc_bad_alignment_is_fatal(void **state)
{
	(void)state;
	mt_run_faulting(bad_align_entry, (void *)(uintptr_t)24, NULL);
	mt_run_faulting(bad_align_entry, (void *)(uintptr_t)2, NULL); /* power of two below sizeof(void *) */
}

static void k_free_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_free(p1);
	kt_log_add(1);
}

/* contract: k_free of a pointer not from the family -> fatal path, nothing freed */
static void k_free_foreign_pointer_is_fatal(void **state)
{
	(void)state;
	static void *words[8];
	struct sys_memory_stats before, after;
	void *keep = k_malloc(32);

	assert_int_equal(k_heap_runtime_stats_get(&_system_heap, &before), 0);
	mt_run_faulting(k_free_entry, &words[4], NULL); /* a static */
	words[3] = &words[0];                         /* owner word = garbage pointer */
	mt_run_faulting(k_free_entry, &words[4], NULL);
	mt_run_faulting(k_free_entry, (char *)keep + 1, NULL); /* misaligned */
	void *kh = k_heap_alloc(&pool_a, 64, K_NO_WAIT);    /* k_heap block, not k_malloc */

	mt_run_faulting(k_free_entry, kh, NULL);
	assert_int_equal(k_heap_runtime_stats_get(&_system_heap, &after), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	/* a double k_free: the core's double-free check via the owner */
	void *p = k_malloc(16);

	k_free(p);
	mt_run_faulting(k_free_entry, p, NULL);
	k_heap_free(&pool_a, kh);
	k_free(keep);
	assert_true(sys_heap_validate(&_system_heap.heap));
	assert_true(sys_heap_validate(&pool_a.heap));
}

static void k_realloc_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)k_realloc(p1, 64);
	kt_log_add(1);
}

/* contract: k_realloc @retval NULL after the fatal path — not from the family */
static void k_realloc_foreign_pointer_is_fatal(void **state)
{
	(void)state;
	static void *words[4];

	mt_run_faulting(k_realloc_entry, &words[2], NULL);
}

/* contract: k_realloc — every @retval; the owner word is kept */
static void k_realloc_keeps_owner(void **state)
{
	(void)state;
	char *p = k_realloc(NULL, 10); /* = k_malloc */

	assert_non_null(p);
	memcpy(p, "0123456789", 10);
	p = k_realloc(p, 1000); /* moves */
	assert_non_null(p);
	assert_memory_equal(p, "0123456789", 10);
	assert_ptr_equal(owner_word(p), &_system_heap);
	p = k_realloc(p, 5);
	assert_ptr_equal(owner_word(p), &_system_heap);
	assert_null(k_realloc(p, SIZE_MAX)); /* overflow: block intact */
	assert_null(k_realloc(p, 1u << 20)); /* no room: block intact */
	assert_memory_equal(p, "01234", 5);
	assert_null(k_realloc(p, 0)); /* frees */
	struct sys_memory_stats st;

	assert_int_equal(k_heap_runtime_stats_get(&_system_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	/* a block of a resource pool is reallocated in its own heap */
	k_thread_heap_assign(k_current_get(), &pool_b);
	p = z_thread_malloc(32);
	k_thread_heap_assign(k_current_get(), NULL);
	assert_ptr_equal(owner_word(p), &pool_b);
	p = k_realloc(p, 600);
	assert_non_null(p);
	assert_ptr_equal(owner_word(p), &pool_b);
	k_free(p);
	assert_int_equal(k_heap_runtime_stats_get(&pool_b, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
}

static void *child_got;
static struct k_heap *child_pool;

static void child_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	child_pool = k_current_get()->resource_pool;
	child_got = z_thread_malloc(40);
}

static void *isr_got;

static void isr_entry(const void *arg)
{
	ARG_UNUSED(arg);
	isr_got = z_thread_malloc(24);
}

/* Resource pools: assignment, inheritance, ISR -> system heap, no pool -> NULL. */
static void resource_pools(void **state)
{
	(void)state;
	struct k_thread *self = k_current_get();

	k_thread_heap_assign(self, NULL);
	assert_null(z_thread_malloc(16)); /* no pool */
	assert_null(z_thread_aligned_alloc(64, 16));

	k_thread_resource_pool_assign(self, &pool_a); /* the chapter's spelling */
	assert_ptr_equal(self->resource_pool, &pool_a);
	void *p = z_thread_aligned_alloc(64, 100);

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 64, 0);
	assert_ptr_equal(owner_word(p), &pool_a);
	k_free(p);
	p = z_thread_aligned_alloc(1024, 100); /* page-like alignment, as k_thread_stack_alloc asks */
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 1024, 0);
	assert_ptr_equal(owner_word(p), &pool_a);
	k_free(p);

	kt_spawn(0, child_entry, NULL, NULL, -1, K_NO_WAIT); /* inherits pool_a */
	kt_join_all(1);
	assert_ptr_equal(child_pool, &pool_a);
	assert_non_null(child_got);
	assert_ptr_equal(owner_word(child_got), &pool_a);
	k_free(child_got);

	irq_offload(isr_entry, NULL); /* ISR: the system heap */
	assert_non_null(isr_got);
	assert_ptr_equal(owner_word(isr_got), &_system_heap);
	k_free(isr_got);

	k_thread_system_pool_assign(self);
	assert_ptr_equal(self->resource_pool, &_system_heap);
	k_thread_heap_assign(self, NULL);
}

static void msgq_reader(void *p1, void *p2, void *p3)
{
	int v;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)k_msgq_get(p1, &v, K_FOREVER);
}

/* k_msgq_alloc_init draws from the caller's pool; cleanup frees it. */
static void k_msgq_alloc_init_uses_resource_pool(void **state)
{
	(void)state;
	struct k_msgq q;
	struct sys_memory_stats st;
	int v = 7, out = 0;

	k_thread_heap_assign(k_current_get(), NULL);
	assert_int_equal(k_msgq_alloc_init(&q, sizeof(int), 8), -ENOMEM);
	k_thread_heap_assign(k_current_get(), &pool_b);
	assert_int_equal(k_msgq_alloc_init(&q, SIZE_MAX / 2, 4), -EINVAL);
	assert_int_equal(k_msgq_alloc_init(&q, sizeof(int), 8), 0);
	assert_int_equal(k_heap_runtime_stats_get(&pool_b, &st), 0);
	assert_true(st.allocated_bytes >= 8 * sizeof(int));
	assert_int_equal(k_msgq_put(&q, &v, K_NO_WAIT), 0);
	assert_int_equal(k_msgq_get(&q, &out, K_NO_WAIT), 0);
	assert_int_equal(out, 7);
	/* contract: k_msgq_cleanup @retval -EBUSY while a thread waits */
	kt_spawn(0, msgq_reader, &q, NULL, -1, K_NO_WAIT);
	assert_int_equal(k_msgq_cleanup(&q), -EBUSY);
	assert_int_equal(k_msgq_put(&q, &v, K_NO_WAIT), 0); /* the reader takes it and ends */
	kt_join_all(1);
	assert_int_equal(k_msgq_cleanup(&q), 0);
	assert_int_equal(k_msgq_cleanup(&q), 0); /* nothing left to free */
	/* no room in the pool */
	assert_int_equal(k_msgq_alloc_init(&q, 1024, 4), -ENOMEM);
	assert_int_equal(k_heap_runtime_stats_get(&pool_b, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	k_thread_heap_assign(k_current_get(), NULL);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_malloc_zero_non_null_size_max_null),
		cmocka_unit_test(k_calloc_overflow_and_zero),
		cmocka_unit_test(k_aligned_alloc_alignments),
		cmocka_unit_test(k_aligned_alloc_bad_alignment_is_fatal),
		cmocka_unit_test(k_free_foreign_pointer_is_fatal),
		cmocka_unit_test(k_realloc_foreign_pointer_is_fatal),
		cmocka_unit_test(k_realloc_keeps_owner),
		cmocka_unit_test(resource_pools),
		cmocka_unit_test(k_msgq_alloc_init_uses_resource_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
