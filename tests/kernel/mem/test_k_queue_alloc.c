/*
 * Kernel allocations on behalf of a thread: k_queue_alloc_append/_prepend,
 * k_fifo_alloc_put, k_lifo_alloc_put. The container comes from the caller's
 * resource pool (the system heap in an ISR) and is freed when the item is
 * dequeued.
 */
#include "memtest.h"

K_HEAP_DEFINE(qpool, 512);

static size_t pool_used(struct k_heap *h)
{
	struct sys_memory_stats st;

	assert_int_equal(k_heap_runtime_stats_get(h, &st), 0);
	return st.allocated_bytes;
}

struct item {
	void *link; /* a plain item's first word belongs to the queue */
	int value;
};

/* contract: k_queue_alloc_append @retval -ENOMEM no resource pool / no room; 0 from the caller's pool */
static void alloc_append_uses_caller_pool(void **state)
{
	(void)state;
	struct k_queue q;
	struct item it = { (void *)0x5a5a5a50, 1 };

	k_queue_init(&q);
	k_thread_heap_assign(k_current_get(), NULL);
	assert_int_equal(k_queue_alloc_append(&q, &it), -ENOMEM); /* no pool */
	assert_int_equal(k_queue_alloc_prepend(&q, &it), -ENOMEM);
	assert_int_equal(k_queue_is_empty(&q), 1);

	k_thread_heap_assign(k_current_get(), &qpool);
	assert_int_equal(pool_used(&qpool), 0);
	assert_int_equal(k_queue_alloc_append(&q, &it), 0);
	assert_true(pool_used(&qpool) > 0); /* the container */
	assert_ptr_equal(it.link, (void *)0x5a5a5a50); /* the item is untouched */
	assert_ptr_equal(k_queue_peek_head(&q), &it);
	assert_ptr_equal(k_queue_peek_tail(&q), &it);
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &it);
	assert_int_equal(pool_used(&qpool), 0); /* freed on get */
	assert_int_equal(k_queue_is_empty(&q), 1);

	/* any alignment: the item is not linked through */
	static char bytes[8];

	assert_int_equal(k_queue_alloc_append(&q, &bytes[1]), 0);
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &bytes[1]);
	assert_int_equal(k_queue_alloc_append(NULL, &it), -EINVAL);
	assert_int_equal(pool_used(&qpool), 0);
	k_thread_heap_assign(k_current_get(), NULL);
}

/* Exhaust the pool: -ENOMEM, nothing queued by the failing call; draining frees all. */
static void alloc_append_pool_exhausted(void **state)
{
	(void)state;
	static struct item items[64];
	struct k_queue q;
	int n = 0;

	k_queue_init(&q);
	k_thread_heap_assign(k_current_get(), &qpool);
	while (n < 64 && k_queue_alloc_append(&q, &items[n]) == 0) {
		items[n].value = n;
		n++;
	}
	assert_true(n > 1);
	assert_true(n < 64); /* 512 bytes cannot hold 64 containers */
	assert_int_equal(k_queue_alloc_append(&q, &items[n]), -ENOMEM);
	assert_ptr_equal(k_queue_peek_tail(&q), &items[n - 1]);
	for (int i = 0; i < n; i++) {
		struct item *got = k_queue_get(&q, K_NO_WAIT);

		assert_ptr_equal(got, &items[i]);
	}
	assert_null(k_queue_get(&q, K_NO_WAIT));
	assert_int_equal(pool_used(&qpool), 0);
	assert_int_equal(k_queue_alloc_append(&q, &items[0]), 0); /* room again */
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &items[0]);
	k_thread_heap_assign(k_current_get(), NULL);
}

static struct k_queue isr_q;
static struct item isr_item;
static int isr_ret = 99;

static void isr_put(const void *arg)
{
	ARG_UNUSED(arg);
	isr_ret = k_queue_alloc_prepend(&isr_q, &isr_item);
}

/* In an ISR the container comes from the system heap, whatever the thread's pool. */
static void alloc_in_isr_uses_system_heap(void **state)
{
	(void)state;
	k_queue_init(&isr_q);
	k_thread_heap_assign(k_current_get(), NULL); /* the thread has no pool */
	size_t before = pool_used(&_system_heap);

	irq_offload(isr_put, NULL);
	assert_int_equal(isr_ret, 0);
	assert_true(pool_used(&_system_heap) > before);
	assert_ptr_equal(k_queue_get(&isr_q, K_NO_WAIT), &isr_item);
	assert_int_equal(pool_used(&_system_heap), before);
}

/* Plain and allocated items mix in one queue, in order; readers unwrap containers. */
static void mixed_items_keep_order(void **state)
{
	(void)state;
	struct k_fifo f;
	struct k_lifo l;
	struct item a = { NULL, 1 }, b = { NULL, 2 }, c = { NULL, 3 }, d = { NULL, 4 };

	k_thread_heap_assign(k_current_get(), &qpool);
	k_fifo_init(&f);
	k_fifo_put(&f, &a);
	assert_int_equal(k_fifo_alloc_put(&f, &b), 0);
	k_fifo_put(&f, &c);
	assert_int_equal(k_fifo_alloc_put(&f, &d), 0);
	assert_ptr_equal(k_fifo_peek_head(&f), &a);
	assert_ptr_equal(k_fifo_peek_tail(&f), &d);
	assert_ptr_equal(k_fifo_get(&f, K_NO_WAIT), &a);
	assert_ptr_equal(k_fifo_get(&f, K_NO_WAIT), &b);
	assert_ptr_equal(k_fifo_get(&f, K_NO_WAIT), &c);
	assert_ptr_equal(k_fifo_get(&f, K_NO_WAIT), &d);
	assert_null(k_fifo_get(&f, K_NO_WAIT));

	k_lifo_init(&l);
	assert_int_equal(k_lifo_alloc_put(&l, &a), 0);
	k_lifo_put(&l, &b);
	assert_int_equal(k_lifo_alloc_put(&l, &c), 0);
	assert_ptr_equal(k_lifo_get(&l, K_NO_WAIT), &c);
	assert_ptr_equal(k_lifo_get(&l, K_NO_WAIT), &b);
	assert_ptr_equal(k_lifo_get(&l, K_NO_WAIT), &a);
	assert_int_equal(pool_used(&qpool), 0);

	/* remove / unique_append see the item inside its container */
	struct k_queue q;

	k_queue_init(&q);
	k_queue_append(&q, &a);
	assert_int_equal(k_queue_alloc_append(&q, &b), 0);
	k_queue_append(&q, &c);
	assert_false(k_queue_unique_append(&q, &b));
	assert_true(k_queue_remove(&q, &b)); /* container freed */
	assert_int_equal(pool_used(&qpool), 0);
	assert_false(k_queue_remove(&q, &b));
	assert_int_equal(k_queue_alloc_append(&q, &d), 0);
	assert_true(k_queue_remove(&q, &d)); /* the tail */
	assert_ptr_equal(k_queue_peek_tail(&q), &c);
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &a);
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &c);
	assert_int_equal(pool_used(&qpool), 0);
	k_thread_heap_assign(k_current_get(), NULL);
}

static void *waiter_got;

static void waiter_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	waiter_got = k_queue_get(p1, K_FOREVER);
}

/* A waiting getter takes the item directly: nothing is allocated (Zephyr), so no pool is needed. */
static void alloc_append_hands_to_waiter(void **state)
{
	(void)state;
	struct k_queue q;
	struct item it = { NULL, 5 };

	k_queue_init(&q);
	k_thread_heap_assign(k_current_get(), NULL);
	kt_spawn(0, waiter_entry, &q, NULL, -1, K_NO_WAIT); /* runs at once and waits */
	assert_int_equal(k_queue_alloc_append(&q, &it), 0);
	kt_join_all(1);
	assert_ptr_equal(waiter_got, &it);
	assert_int_equal(k_queue_is_empty(&q), 1);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_append_uses_caller_pool),
		cmocka_unit_test(alloc_append_pool_exhausted),
		cmocka_unit_test(alloc_in_isr_uses_system_heap),
		cmocka_unit_test(mixed_items_keep_order),
		cmocka_unit_test(alloc_append_hands_to_waiter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
