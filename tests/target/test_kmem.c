/* Kernel memory objects on the target: k_heap blocking (a waiter woken by a free), slabs and their hand-off. */
#include <string.h>
#include "ttest.h"

#define STACK 2048
K_THREAD_STACK_DEFINE(stack_a, STACK);
K_THREAD_STACK_DEFINE(stack_b, STACK);
static struct k_thread thread_a, thread_b;

K_HEAP_DEFINE(kh, 2048);
K_MEM_SLAB_DEFINE(slab, 64, 4, 8);

/* ---- k_heap ---- */

static void *waiter_got;
static volatile int64_t waiter_woke_at;

static void heap_waiter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	waiter_got = k_heap_alloc(&kh, (size_t)(uintptr_t)p1, K_MSEC(1000));
	waiter_woke_at = k_uptime_ticks();
}

static void test_k_heap_static_and_basic(void)
{
	void *a = k_heap_alloc(&kh, 100, K_NO_WAIT);

	TT_CHECK(a != NULL); /* K_HEAP_DEFINE object initialised by its constructor */
	k_heap_free(&kh, a);
	TT_CHECK(k_heap_alloc(&kh, 4096, K_NO_WAIT) == NULL);
	int64_t t0 = k_uptime_ticks();

	TT_CHECK(k_heap_alloc(&kh, 4096, K_MSEC(10)) == NULL);
	TT_CHECK(k_uptime_ticks() - t0 >= (int64_t)k_ms_to_ticks_ceil64(10));
}

static void test_k_heap_blocking(void)
{
	void *big = k_heap_alloc(&kh, 1500, K_NO_WAIT);

	TT_CHECK(big != NULL);
	waiter_got = NULL;
	waiter_woke_at = 0;
	/* higher priority than main: it runs at once and blocks */
	k_thread_create(&thread_a, stack_a, STACK, heap_waiter, (void *)1000, NULL, NULL, K_PRIO_COOP(2),
			0, K_NO_WAIT);
	k_msleep(20);
	TT_CHECK(waiter_got == NULL); /* still waiting */
	int64_t freed_at = k_uptime_ticks();

	k_heap_free(&kh, big);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
	TT_CHECK(waiter_got != NULL);
	TT_CHECK(waiter_woke_at >= freed_at && waiter_woke_at - freed_at <= 5);
	k_heap_free(&kh, waiter_got);

	/* the waiter times out when nobody frees */
	big = k_heap_alloc(&kh, 1500, K_NO_WAIT);
	k_thread_create(&thread_a, stack_a, STACK, heap_waiter, (void *)1000, NULL, NULL, K_PRIO_PREEMPT(1), 0,
			K_NO_WAIT);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(3000)) == 0);
	TT_CHECK(waiter_got == NULL);
	k_heap_free(&kh, big);
}

/* ---- slabs ---- */

static void *slab_got;
static volatile int slab_ret = 1;

static void slab_waiter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	slab_ret = k_mem_slab_alloc(&slab, &slab_got, K_MSEC(1000));
}

static void test_slab_basic(void)
{
	void *b[4];

	TT_CHECK(k_mem_slab_num_free_get(&slab) == 4);
	for (int i = 0; i < 4; i++) {
		TT_CHECK(k_mem_slab_alloc(&slab, &b[i], K_NO_WAIT) == 0);
		TT_CHECK(((uintptr_t)b[i] % 8U) == 0U);
		memset(b[i], i, 64);
	}
	void *x;

	TT_CHECK(k_mem_slab_alloc(&slab, &x, K_NO_WAIT) == -ENOMEM);
	TT_CHECK(k_mem_slab_num_used_get(&slab) == 4);
	for (int i = 0; i < 4; i++) {
		k_mem_slab_free(&slab, b[i]);
	}
	TT_CHECK(k_mem_slab_num_free_get(&slab) == 4);
	TT_CHECK(k_mem_slab_max_used_get(&slab) == 4);
}

static void test_slab_hand_off(void)
{
	void *b[4];

	for (int i = 0; i < 4; i++) {
		TT_CHECK(k_mem_slab_alloc(&slab, &b[i], K_NO_WAIT) == 0);
	}
	slab_got = NULL;
	slab_ret = 1;
	k_thread_create(&thread_b, stack_b, STACK, slab_waiter, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0, K_NO_WAIT);
	k_msleep(5); /* the waiter blocks */
	TT_CHECK(slab_ret == 1);
	k_mem_slab_free(&slab, b[2]);
	k_msleep(1);
	TT_CHECK(slab_ret == 0);
	TT_CHECK(slab_got == b[2]); /* the freed block went straight to the waiter */
	TT_CHECK(k_mem_slab_num_free_get(&slab) == 0);
	TT_CHECK(k_thread_join(&thread_b, K_MSEC(1000)) == 0);
	k_mem_slab_free(&slab, slab_got);
	for (int i = 0; i < 4; i++) {
		if (i != 2) {
			k_mem_slab_free(&slab, b[i]);
		}
	}
	TT_CHECK(k_mem_slab_num_free_get(&slab) == 4);
}

int main(void)
{
	TT_RUN(test_k_heap_static_and_basic);
	TT_RUN(test_k_heap_blocking);
	TT_RUN(test_slab_basic);
	TT_RUN(test_slab_hand_off);
	return tt_done();
}
