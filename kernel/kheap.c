/*
 * k_heap: sys_heap + interrupt lock + wait queue (rtmem/k_heap.h).
 *
 * Fast path: mask, one sys_heap call, unmask. Only a failed attempt with a
 * timeout goes to the blocking loop, which follows kernel_internal.h: the
 * deadline is fixed once, every wake-up retries, and the thread sleeps again
 * for the time left to that deadline only. Every free (and every realloc
 * that releases memory) wakes ALL waiters.
 */
#include <string.h>
#include "kernel_internal.h"
#include <rtmem/k_heap.h>
#include "mem_internal.h"

/* ---- static heaps: the section array, initialised before main ------------------ */

extern struct k_heap __start_rtmem_k_heap[] __attribute__((weak));
extern struct k_heap __stop_rtmem_k_heap[] __attribute__((weak));

bool z_kheap_is_static(const struct k_heap *h)
{
	return h >= __start_rtmem_k_heap && h < __stop_rtmem_k_heap;
}

/* Zephyr initialises static heaps at PRE_KERNEL_1; here a constructor of the
 * first user priority does it, before main and before default-priority
 * constructors. Memory only: the kernel has not booted. */
__attribute__((constructor(101))) static void kheap_static_init(void)
{
	for (struct k_heap *h = __start_rtmem_k_heap; h < __stop_rtmem_k_heap; h++) {
		k_heap_init(h, h->heap.init_mem, h->heap.init_bytes);
	}
}

int k_heap_array_get(struct k_heap **heap)
{
	if (heap == NULL) {
		return -EINVAL;
	}
	size_t n = (size_t)(__stop_rtmem_k_heap - __start_rtmem_k_heap);

	*heap = n != 0u ? __start_rtmem_k_heap : NULL;
	return (int)n;
}

/* ---- init ------------------------------------------------------------------------- */

void k_heap_init(struct k_heap *h, void *mem, size_t bytes)
{
	__ASSERT(h != NULL, "k_heap_init(NULL)");
	if (h == NULL) {
		return;
	}
	z_waitq_init(&h->wait_q);
	h->lock.owner = 0U;
	sys_heap_init(&h->heap, mem, bytes);
	if (!z_kheap_is_static(h)) {
		z_mem_registry_add(&h->reg, h, MEM_REGISTRY_K_HEAP);
	}
}

/* ---- blocking ------------------------------------------------------------------------ */

enum kheap_op { OP_ALLOC, OP_ALIGNED, OP_REALLOC };

static void *attempt(struct k_heap *h, enum kheap_op op, void *ptr, size_t align, size_t bytes)
{
	switch (op) {
	case OP_ALLOC:
		return sys_heap_alloc(&h->heap, bytes);
	case OP_ALIGNED:
		return sys_heap_aligned_alloc(&h->heap, align, bytes);
	default:
		return sys_heap_realloc(&h->heap, ptr, bytes);
	}
}

/* Wake every waiter (they retry) and release the lock. */
static inline void wake_all_unlock(struct k_heap *h, unsigned int key)
{
	if (unlikely(!sys_dlist_is_empty(&h->wait_q.waitq)) && z_unpend_all(&h->wait_q)) {
		z_reschedule_irqlock(key);
	} else {
		arch_irq_unlock(key);
	}
}

/* The first attempt failed with interrupts masked by @key: wait and retry until
 * the deadline taken now (the same critical section as the call's entry). */
static __attribute__((noinline)) void *wait_and_retry(struct k_heap *h, enum kheap_op op, void *ptr, size_t align,
						       size_t bytes, k_timeout_t timeout, unsigned int key)
{
	k_timepoint_t end = sys_timepoint_calc(timeout);
	void *p = NULL;

	while (p == NULL) {
		if (z_pend_curr_irqlock(key, &h->wait_q, sys_timepoint_timeout(end)) != 0) {
			return NULL; /* deadline passed (or called from an ISR) */
		}
		key = arch_irq_lock();
		p = attempt(h, op, ptr, align, bytes);
	}
	if (op == OP_REALLOC && p != ptr) {
		wake_all_unlock(h, key); /* the move freed the old block */
	} else {
		arch_irq_unlock(key);
	}
	return p;
}

/* Zephyr asserts a non-K_NO_WAIT timeout from an ISR; after the fatal path
 * (test mode returns into the ISR) the call goes on as K_NO_WAIT. */
static k_timeout_t check_isr_timeout(k_timeout_t timeout)
{
	if (!K_TIMEOUT_EQ(timeout, K_NO_WAIT) && arch_is_in_isr()) {
		__ASSERT(false, "k_heap: a timeout other than K_NO_WAIT in an ISR");
		return K_NO_WAIT;
	}
	return timeout;
}

/* k_heap_alloc with a timeout: the first attempt, then wait_and_retry(). */
static __attribute__((noinline)) void *alloc_timed(struct k_heap *h, size_t bytes, k_timeout_t timeout)
{
	timeout = check_isr_timeout(timeout);
	unsigned int key = arch_irq_lock();
	void *p = sys_heap_alloc(&h->heap, bytes);

	if (p != NULL || K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return p;
	}
	return wait_and_retry(h, OP_ALLOC, NULL, 0, bytes, timeout, key);
}

void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout)
{
	/* sys_heap_alloc() returns 8-aligned blocks (4-aligned only on small
	 * 32-bit heaps, where that is sizeof(void *)): the pointer alignment
	 * k_heap_alloc promises, without the aligned path's cost. K_NO_WAIT
	 * (every ISR call, every k_malloc) is the straight-line path. */
	if (unlikely(!K_TIMEOUT_EQ(timeout, K_NO_WAIT))) {
		return alloc_timed(h, bytes, timeout);
	}
	unsigned int key = arch_irq_lock();
	void *p = sys_heap_alloc(&h->heap, bytes);

	arch_irq_unlock(key);
	return p;
}

void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout)
{
	timeout = check_isr_timeout(timeout);
	unsigned int key = arch_irq_lock();
	void *p = sys_heap_aligned_alloc(&h->heap, align, bytes);

	/* A bad align entered the fatal path inside the core: a thread never comes
	 * back here, an ISR (test mode) has K_NO_WAIT. */
	if (p != NULL || K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return p;
	}
	return wait_and_retry(h, OP_ALIGNED, NULL, align, bytes, timeout, key);
}

void *z_kheap_aligned_alloc_rewind(struct k_heap *h, size_t align, size_t rewind, size_t bytes)
{
	unsigned int key = arch_irq_lock();
	void *p = z_heap_aligned_alloc(&h->heap, align, rewind, bytes);

	arch_irq_unlock(key);
	return p;
}

void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout)
{
	size_t bytes;

	if (__builtin_mul_overflow(num, size, &bytes)) {
		return NULL;
	}
	void *p = k_heap_alloc(h, bytes, timeout);

	if (p != NULL) {
		memset(p, 0, bytes);
	}
	return p;
}

void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes, k_timeout_t timeout)
{
	if (ptr == NULL) {
		return k_heap_alloc(h, bytes, timeout);
	}
	if (bytes == 0u) {
		k_heap_free(h, ptr);
		return NULL;
	}
	timeout = check_isr_timeout(timeout);
	unsigned int key = arch_irq_lock();
	size_t before = 0;

	if (!sys_dlist_is_empty(&h->wait_q.waitq)) {
		struct sys_memory_stats st;

		(void)sys_heap_runtime_stats_get(&h->heap, &st);
		before = st.allocated_bytes;
	}
	void *p = sys_heap_realloc(&h->heap, ptr, bytes);

	/* A bad ptr (freed, foreign) entered the fatal path inside sys_heap_realloc:
	 * a thread never comes back here, an ISR (test mode) has K_NO_WAIT. */
	if (p != NULL || K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		if (p != NULL && before != 0u) {
			struct sys_memory_stats st;

			(void)sys_heap_runtime_stats_get(&h->heap, &st);
			if (st.allocated_bytes < before) {
				wake_all_unlock(h, key); /* shrink or move released memory */
				return p;
			}
		}
		arch_irq_unlock(key);
		return p;
	}
	return wait_and_retry(h, OP_REALLOC, ptr, 0, bytes, timeout, key);
}

/* k_heap_free with threads waiting: free, wake them all. */
static __attribute__((noinline)) void free_and_wake(struct k_heap *h, void *mem, unsigned int key)
{
	sys_heap_free(&h->heap, mem);
	wake_all_unlock(h, key);
}

void k_heap_free(struct k_heap *h, void *mem)
{
	unsigned int key = arch_irq_lock();

	/* Waiters are looked at before the free: sys_heap_free() never blocks, so
	 * none can arrive meanwhile. sys_heap_free(NULL) does nothing. */
	if (unlikely(!z_mem_no_waiters(&h->wait_q))) {
		free_and_wake(h, mem, key);
		return;
	}
	sys_heap_free(&h->heap, mem);
	arch_irq_unlock(key);
}

/* ---- statistics ---------------------------------------------------------------------- */

int k_heap_runtime_stats_get(struct k_heap *h, struct sys_memory_stats *stats)
{
	if (h == NULL || stats == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = sys_heap_runtime_stats_get(&h->heap, stats);

	arch_irq_unlock(key);
	return ret;
}

int k_heap_runtime_stats_reset_max(struct k_heap *h)
{
	if (h == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	int ret = sys_heap_runtime_stats_reset_max(&h->heap);

	arch_irq_unlock(key);
	return ret;
}
