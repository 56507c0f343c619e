/*
 * k_heap: static definition, capacity, blocking with deadlines, wake-all,
 * ISR rules, calloc/realloc/free contracts, faults, statistics.
 */
#include "memtest.h"

K_HEAP_DEFINE(one_byte_heap, 1);
K_HEAP_DEFINE(heap_2048, 2048);
K_HEAP_DEFINE(wait_heap, 4096);
K_HEAP_DEFINE_NOCACHE(nocache_heap, 512);

static struct k_heap rt_heap;
static char rt_mem[4096] __aligned(8);

static void rt_reset(void)
{
	k_heap_init(&rt_heap, rt_mem, sizeof(rt_mem));
}

/* contract: K_HEAP_DEFINE — usable before main, exactly one 1-byte block */
static void k_heap_define_1_serves_exactly_one_byte(void **state)
{
	(void)state;
	char *p = k_heap_alloc(&one_byte_heap, 1, K_NO_WAIT);

	assert_non_null(p);
	assert_null(k_heap_alloc(&one_byte_heap, 1, K_NO_WAIT));
	char *lo = one_byte_heap.heap.init_mem;

	assert_true(p >= lo && p + sys_heap_usable_size(&one_byte_heap.heap, p) <= lo + one_byte_heap.heap.init_bytes);
	*p = 0x5a;
	k_heap_free(&one_byte_heap, p);
	assert_true(sys_heap_validate(&one_byte_heap.heap));
}

/* The same size over a buffer with guard bytes on both sides: nothing outside is written. */
static void k_heap_min_size_heap_never_writes_outside(void **state)
{
	(void)state;
	static unsigned char area[64 + Z_KHEAP_BYTES(1) + 64] __aligned(8);
	static struct k_heap h;

	memset(area, 0xC3, sizeof(area));
	k_heap_init(&h, area + 64, Z_KHEAP_BYTES(1));
	char *p = k_heap_alloc(&h, 1, K_NO_WAIT);

	assert_non_null(p);
	*p = 1;
	assert_null(k_heap_alloc(&h, 1, K_NO_WAIT));
	k_heap_free(&h, p);
	p = k_heap_alloc(&h, 1, K_NO_WAIT);
	assert_non_null(p);
	k_heap_free(&h, p);
	for (size_t i = 0; i < 64; i++) {
		assert_int_equal(area[i], 0xC3);
		assert_int_equal(area[64 + Z_KHEAP_BYTES(1) + i], 0xC3);
	}
	assert_int_equal(mem_registry_remove(&h), 0);
}

/* Declared size != usable capacity (metadata in the buffer), as Zephyr. */
static void k_heap_2048_declared_serves_1536_not_2048(void **state)
{
	(void)state;
	assert_null(k_heap_alloc(&heap_2048, 2048, K_NO_WAIT));
	assert_null(k_heap_alloc(&heap_2048, 2049, K_NO_WAIT));
	void *p = k_heap_alloc(&heap_2048, 1536, K_NO_WAIT);

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % sizeof(void *), 0);
	k_heap_free(&heap_2048, p);
}

/* contract: k_heap_alloc @retval NULL — K_NO_WAIT fails at once; bytes 0 is NULL */
static void k_heap_alloc_no_wait_fails_at_once(void **state)
{
	(void)state;
	rt_reset();
	int64_t t0 = mt_now();

	assert_null(k_heap_alloc(&rt_heap, 8192, K_NO_WAIT));
	assert_null(k_heap_alloc(&rt_heap, 0, K_NO_WAIT));
	assert_int_equal(mt_now(), t0);
}

/* contract: k_heap_alloc @retval NULL after exactly the timeout */
static void k_heap_alloc_timeout_returns_null_after_exactly_timeout(void **state)
{
	(void)state;
	rt_reset();
	int64_t t0 = mt_now();

	assert_null(k_heap_alloc(&rt_heap, 8192, K_MSEC(25)));
	assert_int_equal(mt_now() - t0, 25);
	t0 = mt_now();
	assert_null(k_heap_aligned_alloc(&rt_heap, 64, 8192, K_MSEC(7)));
	assert_int_equal(mt_now() - t0, 7);
	/* bytes == 0 never fits: waits the whole timeout, as Zephyr */
	t0 = mt_now();
	assert_null(k_heap_alloc(&rt_heap, 0, K_MSEC(3)));
	assert_int_equal(mt_now() - t0, 3);
}

static void *big_block;

static void waiter_entry(void *p1, void *p2, void *p3)
{
	struct k_heap *h = p1;
	size_t bytes = (size_t)(uintptr_t)p2;
	int id = (int)(intptr_t)p3;
	void *p = k_heap_alloc(h, bytes, K_FOREVER);

	kt_log_add(id);
	kt_log_add(p != NULL ? 1 : 0);
	k_heap_free(h, p);
}

/* A free from another thread wakes the waiter. */
static void k_heap_free_wakes_waiter(void **state)
{
	(void)state;
	rt_reset();
	kt_log_reset();
	big_block = k_heap_alloc(&rt_heap, 3000, K_NO_WAIT);
	assert_non_null(big_block);
	kt_spawn(0, waiter_entry, &rt_heap, (void *)(uintptr_t)3000, -1, K_NO_WAIT);
	assert_int_equal(kt_log_n, 0); /* it is waiting */
	k_heap_free(&rt_heap, big_block); /* wakes it; it runs at once (higher priority) */
	kt_log_expect(0, 1);
	kt_join_all(1);
	assert_true(sys_heap_validate(&rt_heap.heap));
}

struct timed_req {
	size_t bytes;
	int32_t timeout_ms;
	int id;
	void *got;
	int64_t at;
};

static void timed_entry(void *p1, void *p2, void *p3)
{
	struct timed_req *r = p1;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int64_t t0 = mt_now();

	r->got = k_heap_alloc(&wait_heap, r->bytes, K_MSEC(r->timeout_ms));
	r->at = mt_now() - t0;
	kt_log_add(r->id);
}

/* Wake-all: waiters retry in priority order; the ones that still do not fit
 * sleep again only for the time left to their original deadline. */
static void k_heap_waiters_woken_in_priority_order_keep_deadline(void **state)
{
	(void)state;
	void *blocks[128];
	int n = 0;

	kt_log_reset();
	while (n < 128 && (blocks[n] = k_heap_alloc(&wait_heap, 64, K_NO_WAIT)) != NULL) {
		n++;
	}
	assert_true(n > 10 && n < 128);
	struct timed_req r[3] = {
		{ .bytes = 64, .timeout_ms = 100, .id = 10 },   /* prio -1 */
		{ .bytes = 64, .timeout_ms = 100, .id = 11 },   /* prio -3: gets the block */
		{ .bytes = 1000, .timeout_ms = 100, .id = 12 }, /* prio -2: never fits */
	};

	kt_spawn(0, timed_entry, &r[0], NULL, -1, K_NO_WAIT);
	kt_spawn(1, timed_entry, &r[1], NULL, -3, K_NO_WAIT);
	kt_spawn(2, timed_entry, &r[2], NULL, -2, K_NO_WAIT);
	assert_int_equal(kt_log_n, 0);
	k_msleep(30);
	k_heap_free(&wait_heap, blocks[--n]);
	/* -3 ran first and got it; -2 and -1 retried, failed and sleep again */
	kt_log_expect(11);
	assert_non_null(r[1].got);
	assert_int_equal(r[1].at, 30);
	kt_join_all(3);
	assert_null(r[0].got);
	assert_null(r[2].got);
	assert_int_equal(r[0].at, 100); /* not 130: the original deadline */
	assert_int_equal(r[2].at, 100);
	k_heap_free(&wait_heap, r[1].got);
	while (n > 0) {
		k_heap_free(&wait_heap, blocks[--n]);
	}
	assert_true(sys_heap_validate(&wait_heap.heap));
}

static void *isr_result;

static void isr_alloc_timeout(const void *arg)
{
	isr_result = k_heap_alloc((struct k_heap *)arg, 16, K_MSEC(10));
}

static void isr_alloc_no_wait(const void *arg)
{
	isr_result = k_heap_alloc((struct k_heap *)arg, 16, K_NO_WAIT);
}

/* contract: k_heap_alloc @context ISR only with K_NO_WAIT */
static void k_heap_alloc_in_isr_with_timeout_is_fatal_no_wait_works(void **state)
{
	(void)state;
	rt_reset();
	mt_fatal_reset();
	isr_result = NULL;
	irq_offload(isr_alloc_no_wait, &rt_heap);
	assert_int_equal(mt_fatal_count, 0);
	assert_non_null(isr_result);
	k_heap_free(&rt_heap, isr_result);

	irq_offload(isr_alloc_timeout, &rt_heap);
	assert_int_equal(mt_fatal_count, 1);
	assert_int_equal(mt_fatal_reason, K_ERR_KERNEL_PANIC);
	assert_non_null(isr_result); /* then served as K_NO_WAIT */
	k_heap_free(&rt_heap, isr_result);
}

/* contract: k_heap_calloc @retval NULL on overflow, at once */
static void k_heap_calloc_overflow_null_at_once_and_zeroes(void **state)
{
	(void)state;
	rt_reset();
	int64_t t0 = mt_now();

	assert_null(k_heap_calloc(&rt_heap, SIZE_MAX / 2, 3, K_MSEC(50)));
	assert_int_equal(mt_now(), t0);
	unsigned char *p = k_heap_alloc(&rt_heap, 100, K_NO_WAIT);

	memset(p, 0xff, 100);
	k_heap_free(&rt_heap, p);
	p = k_heap_calloc(&rt_heap, 10, 10, K_NO_WAIT);
	assert_non_null(p);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(p[i], 0);
	}
	k_heap_free(&rt_heap, p);
}

/* contract: k_heap_realloc — every @retval */
static void k_heap_realloc_cases(void **state)
{
	(void)state;
	rt_reset();
	char *p = k_heap_realloc(&rt_heap, NULL, 40, K_NO_WAIT); /* = alloc */

	assert_non_null(p);
	memset(p, 'a', 40);
	char *q = k_heap_realloc(&rt_heap, p, 400, K_NO_WAIT);

	assert_non_null(q);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(q[i], 'a');
	}
	q = k_heap_realloc(&rt_heap, q, 20, K_NO_WAIT); /* shrink in place */
	assert_non_null(q);
	assert_int_equal(q[19], 'a');
	int64_t t0 = mt_now();

	assert_null(k_heap_realloc(&rt_heap, q, 100000, K_MSEC(5))); /* no room: old block intact */
	assert_int_equal(mt_now() - t0, 5);
	assert_int_equal(q[0], 'a');
	assert_null(k_heap_realloc(&rt_heap, q, 0, K_NO_WAIT)); /* frees */
	struct sys_memory_stats st;

	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_true(sys_heap_validate(&rt_heap.heap));
}

/* A moving realloc releases memory: the waiters are woken. */
static void k_heap_realloc_releasing_memory_wakes_waiters(void **state)
{
	(void)state;
	rt_reset();
	kt_log_reset();
	char *a = k_heap_alloc(&rt_heap, 2500, K_NO_WAIT);
	char *b = k_heap_alloc(&rt_heap, 800, K_NO_WAIT);

	assert_non_null(a);
	assert_non_null(b);
	kt_spawn(0, waiter_entry, &rt_heap, (void *)(uintptr_t)2000, -1, K_NO_WAIT);
	assert_int_equal(kt_log_n, 0);
	a = k_heap_realloc(&rt_heap, a, 100, K_NO_WAIT); /* shrinks: ~2400 bytes released */
	assert_non_null(a);
	kt_log_expect(0, 1);
	kt_join_all(1);
	k_heap_free(&rt_heap, a);
	k_heap_free(&rt_heap, b);
}

static void realloc_waiter(void *p1, void *p2, void *p3)
{
	void **slot = p2;

	ARG_UNUSED(p3);
	*slot = k_heap_realloc(p1, *slot, 2500, K_FOREVER);
	kt_log_add(*slot != NULL ? 1 : 0);
}

/* k_heap_realloc waits like k_heap_alloc: a free lets it grow. */
static void k_heap_realloc_waits_for_a_free(void **state)
{
	(void)state;
	rt_reset();
	kt_log_reset();
	static void *slot;
	char *big = k_heap_alloc(&rt_heap, 2000, K_NO_WAIT);

	slot = k_heap_alloc(&rt_heap, 100, K_NO_WAIT);
	assert_non_null(big);
	memset(slot, 'z', 100);
	kt_spawn(0, realloc_waiter, &rt_heap, &slot, -1, K_NO_WAIT);
	assert_int_equal(kt_log_n, 0); /* waiting */
	k_heap_free(&rt_heap, big);
	kt_log_expect(1);
	kt_join_all(1);
	assert_int_equal(((char *)slot)[99], 'z');
	k_heap_free(&rt_heap, slot);
	assert_true(sys_heap_validate(&rt_heap.heap));
}

static void free_null_and_stats(void **state)
{
	(void)state;
	rt_reset();
	k_heap_free(&rt_heap, NULL); /* no-op */
	struct sys_memory_stats st;

	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	size_t total = st.free_bytes;
	void *p = k_heap_alloc(&rt_heap, 100, K_NO_WAIT);

	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &st), 0);
	assert_true(st.allocated_bytes >= 100);
	assert_int_equal(st.allocated_bytes + st.free_bytes, total);
	assert_int_equal(st.max_allocated_bytes, st.allocated_bytes);
	k_heap_free(&rt_heap, p);
	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_true(st.max_allocated_bytes >= 100);
	assert_int_equal(k_heap_runtime_stats_reset_max(&rt_heap), 0);
	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &st), 0);
	assert_int_equal(st.max_allocated_bytes, 0);
	/* contract: @retval -EINVAL */
	assert_int_equal(k_heap_runtime_stats_get(NULL, &st), -EINVAL);
	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, NULL), -EINVAL);
	assert_int_equal(k_heap_runtime_stats_reset_max(NULL), -EINVAL);
	assert_int_equal(sys_heap_runtime_stats_get(&rt_heap.heap, &st), 0);
}

static void double_free_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	k_heap_free(p1, p2);
	kt_log_add(1);
}

/* contract: k_heap_free double free -> fatal path, heap unchanged and usable */
static void k_heap_double_free_is_fatal_and_heap_stays_usable(void **state)
{
	(void)state;
	rt_reset();
	void *p = k_heap_alloc(&rt_heap, 64, K_NO_WAIT);
	void *keep = k_heap_alloc(&rt_heap, 64, K_NO_WAIT);

	k_heap_free(&rt_heap, p);
	struct sys_memory_stats before, after;

	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &before), 0);
	mt_run_faulting(double_free_entry, &rt_heap, p);
	assert_int_equal(k_heap_runtime_stats_get(&rt_heap, &after), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_true(sys_heap_validate(&rt_heap.heap));
	/* interior pointer */
	mt_run_faulting(double_free_entry, &rt_heap, (char *)keep + 8);
	/* foreign pointer (a static) */
	static long foreign[8];

	mt_run_faulting(double_free_entry, &rt_heap, &foreign[4]);
	p = k_heap_alloc(&rt_heap, 64, K_NO_WAIT); /* the heap (and its lock) still work */
	assert_non_null(p);
	k_heap_free(&rt_heap, p);
	k_heap_free(&rt_heap, keep);
	assert_true(sys_heap_validate(&rt_heap.heap));
}

static void bad_align_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)k_heap_aligned_alloc(p1, (size_t)(uintptr_t)p2, 16, K_MSEC(10));
	kt_log_add(1);
}

/* contract: k_heap_aligned_alloc non-power-of-two -> fatal path; alignments honoured */
static void k_heap_aligned_alloc_alignments(void **state)
{
	(void)state;
	rt_reset();
	for (size_t a = 1; a <= 1024; a <<= 1) {
		void *p = k_heap_aligned_alloc(&rt_heap, a, 33, K_NO_WAIT);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % a, 0);
		k_heap_free(&rt_heap, p);
	}
	mt_run_faulting(bad_align_entry, &rt_heap, (void *)(uintptr_t)3);
	mt_run_faulting(bad_align_entry, &rt_heap, (void *)(uintptr_t)6); /* 4 | 2: an invalid packed rewind */
	assert_true(sys_heap_validate(&rt_heap.heap));
}

static void init_small_entry(void *p1, void *p2, void *p3)
{
	static char tiny[8] __aligned(8);

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_heap_init(p1, tiny, sizeof(tiny));
	kt_log_add(1);
}

/* contract: k_heap_init @retval — a buffer below Z_HEAP_MIN_SIZE is a fault; allocs then fail */
static void k_heap_init_too_small_is_fatal_then_allocs_fail(void **state)
{
	(void)state;
	static struct k_heap h;

	mt_run_faulting(init_small_entry, &h, NULL);
	assert_null(k_heap_alloc(&h, 1, K_NO_WAIT));
	(void)mem_registry_remove(&h);
}

static void realloc_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	(void)k_heap_realloc(p1, p2, 100, K_MSEC(5));
	kt_log_add(1);
}

/* contract: k_heap_realloc @retval NULL after the fatal path (freed block) */
static void k_heap_realloc_of_freed_block_is_fatal(void **state)
{
	(void)state;
	rt_reset();
	void *p = k_heap_alloc(&rt_heap, 64, K_NO_WAIT);

	k_heap_free(&rt_heap, p);
	mt_run_faulting(realloc_entry, &rt_heap, p);
	assert_true(sys_heap_validate(&rt_heap.heap));
	p = k_heap_alloc(&rt_heap, 64, K_NO_WAIT);
	assert_non_null(p);
	k_heap_free(&rt_heap, p);
}

static void k_heap_array_get_lists_static_heaps(void **state)
{
	(void)state;
	struct k_heap *arr = NULL;
	int n = k_heap_array_get(&arr);

	assert_int_equal(k_heap_array_get(NULL), -EINVAL);
	assert_true(n >= 4);
	int seen = 0;

	for (int i = 0; i < n; i++) {
		if (&arr[i] == &one_byte_heap || &arr[i] == &heap_2048 || &arr[i] == &wait_heap ||
		    &arr[i] == &nocache_heap) {
			seen++;
		}
		assert_true(sys_heap_validate(&arr[i].heap));
	}
	assert_int_equal(seen, 4);
	void *p = k_heap_alloc(&nocache_heap, 100, K_NO_WAIT);

	assert_non_null(p);
	k_heap_free(&nocache_heap, p);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_heap_define_1_serves_exactly_one_byte),
		cmocka_unit_test(k_heap_min_size_heap_never_writes_outside),
		cmocka_unit_test(k_heap_2048_declared_serves_1536_not_2048),
		cmocka_unit_test(k_heap_alloc_no_wait_fails_at_once),
		cmocka_unit_test(k_heap_alloc_timeout_returns_null_after_exactly_timeout),
		cmocka_unit_test(k_heap_free_wakes_waiter),
		cmocka_unit_test(k_heap_waiters_woken_in_priority_order_keep_deadline),
		cmocka_unit_test(k_heap_alloc_in_isr_with_timeout_is_fatal_no_wait_works),
		cmocka_unit_test(k_heap_calloc_overflow_null_at_once_and_zeroes),
		cmocka_unit_test(k_heap_realloc_cases),
		cmocka_unit_test(k_heap_realloc_releasing_memory_wakes_waiters),
		cmocka_unit_test(k_heap_realloc_waits_for_a_free),
		cmocka_unit_test(free_null_and_stats),
		cmocka_unit_test(k_heap_double_free_is_fatal_and_heap_stays_usable),
		cmocka_unit_test(k_heap_aligned_alloc_alignments),
		cmocka_unit_test(k_heap_array_get_lists_static_heaps),
		cmocka_unit_test(k_heap_init_too_small_is_fatal_then_allocs_fail),
		cmocka_unit_test(k_heap_realloc_of_freed_block_is_fatal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
