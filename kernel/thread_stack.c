/*
 * Thread stacks: usage queries and stacks allocated at run time.
 *
 * Usage: stacks are painted 0xAA at creation (CONFIG_INIT_STACKS); the
 * unused part is the run of 0xAA bytes from the lowest usable address
 * (stacks grow down), as Zephyr's z_stack_space_get(). The figures cover
 * thread->stack_info, the whole usable stack (host: declared size rounded
 * to a page + CONFIG_RTMEM_HOST_STACK_RESERVE; the guard page below it is
 * not part of it).
 *
 * k_thread_stack_alloc(): two sources, as Zephyr's CONFIG_DYNAMIC_THREAD:
 *   pool  CONFIG_DYNAMIC_THREAD_POOL_SIZE objects of
 *         K_THREAD_STACK_LEN(CONFIG_DYNAMIC_THREAD_STACK_SIZE), one bit each;
 *   heap  (CONFIG_DYNAMIC_THREAD_ALLOC) a page-aligned block of
 *         K_THREAD_STACK_LEN(size) from the caller's resource pool
 *         (z_thread_aligned_alloc: k_thread_heap_assign(); system heap in an ISR).
 * CONFIG_DYNAMIC_THREAD_PREFER_ALLOC tries the heap first, otherwise the pool
 * comes first (CONFIG_DYNAMIC_THREAD_PREFER_POOL, the default). Heap stacks
 * are remembered in a table of CONFIG_DYNAMIC_THREAD_ALLOC_MAX entries so
 * that k_thread_stack_free() can tell them from foreign pointers.
 */
#include <errno.h>
#include <string.h>
#include "kernel_internal.h"

#ifndef CONFIG_DYNAMIC_THREAD_ALLOC
#define CONFIG_DYNAMIC_THREAD_ALLOC 1
#endif
#ifndef CONFIG_DYNAMIC_THREAD_PREFER_ALLOC
#define CONFIG_DYNAMIC_THREAD_PREFER_ALLOC 0
#endif
/** Heap-allocated stacks alive at once (table size). */
#ifndef CONFIG_DYNAMIC_THREAD_ALLOC_MAX
#define CONFIG_DYNAMIC_THREAD_ALLOC_MAX 32
#endif

/* ---- usage ------------------------------------------------------------------------ */

/* Reads another thread's live stack: not a bug for the sanitizer (redzones of its frames). */
__attribute__((no_sanitize("address"))) size_t z_stack_unused_bytes(const void *start, size_t size)
{
	const volatile unsigned char *p = start;
	size_t n = 0;

	arch_stack_inspect_prepare(start, size);
	while (n < size && p[n] == 0xAAU) {
		n++;
	}
	return n;
}

static bool thread_alive(const struct k_thread *thread)
{
	return thread != NULL && thread->stack_info.size != 0U && (thread->base.thread_state & _THREAD_DEAD) == 0U;
}

int z_impl_k_thread_stack_space_get(const struct k_thread *thread, size_t *unused_ptr)
{
	if (unused_ptr == NULL) {
		return -EFAULT;
	}
	if (!thread_alive(thread)) {
		return -EINVAL;
	}
	*unused_ptr = z_stack_unused_bytes((const void *)thread->stack_info.start, thread->stack_info.size);
	return 0;
}

int z_user_k_thread_stack_space_get(const struct k_thread *thread, size_t *unused_ptr);

int(k_thread_stack_space_get)(const struct k_thread *thread, size_t *unused_ptr)
{
	if (arch_is_user_context()) {
		/* a system call: another user thread's stack needs supervisor rights */
		return z_user_k_thread_stack_space_get(thread, unused_ptr);
	}
	return z_impl_k_thread_stack_space_get(thread, unused_ptr);
}

size_t k_thread_stack_unused_get(const struct k_thread *thread)
{
	size_t unused = 0;

	return (k_thread_stack_space_get)(thread, &unused) == 0 ? unused : 0U;
}

size_t k_thread_stack_size_get(const struct k_thread *thread)
{
	return thread != NULL ? thread->stack_info.size : 0U;
}

/* ---- run-time stacks ----------------------------------------------------------------- */

#if CONFIG_DYNAMIC_THREAD_POOL_SIZE > 0
K_THREAD_STACK_ARRAY_DEFINE(z_dynamic_stack_pool, CONFIG_DYNAMIC_THREAD_POOL_SIZE, CONFIG_DYNAMIC_THREAD_STACK_SIZE);
static bool pool_used[CONFIG_DYNAMIC_THREAD_POOL_SIZE];
#endif
static k_thread_stack_t *heap_stacks[CONFIG_DYNAMIC_THREAD_ALLOC_MAX];

static k_thread_stack_t *pool_alloc(size_t size)
{
#if CONFIG_DYNAMIC_THREAD_POOL_SIZE > 0
	if (size > CONFIG_DYNAMIC_THREAD_STACK_SIZE) {
		return NULL;
	}
	for (size_t i = 0; i < CONFIG_DYNAMIC_THREAD_POOL_SIZE; i++) {
		if (!pool_used[i]) {
			pool_used[i] = true;
			return z_dynamic_stack_pool[i];
		}
	}
#else
	ARG_UNUSED(size);
#endif
	return NULL;
}

static k_thread_stack_t *heap_alloc(size_t size)
{
	if (!IS_ENABLED(CONFIG_DYNAMIC_THREAD_ALLOC) || size > SIZE_MAX / 2) {
		return NULL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(heap_stacks); i++) {
		if (heap_stacks[i] == NULL) {
			k_thread_stack_t *s = z_thread_aligned_alloc(Z_THREAD_STACK_OBJ_ALIGN_FOR(size), K_THREAD_STACK_LEN(size));

			heap_stacks[i] = s;
			return s;
		}
	}
	return NULL;
}

k_thread_stack_t *k_thread_stack_alloc(size_t size, int flags)
{
	if (size == 0U || (flags & ~(int)K_USER) != 0) {
		return NULL;
	}
	unsigned int key = arch_irq_lock();
	k_thread_stack_t *s;

	if (IS_ENABLED(CONFIG_DYNAMIC_THREAD_PREFER_ALLOC)) {
		s = heap_alloc(size);
		if (s == NULL) {
			s = pool_alloc(size);
		}
	} else {
		s = pool_alloc(size);
		if (s == NULL) {
			s = heap_alloc(size);
		}
	}
	arch_irq_unlock(key);
	return s;
}

static bool stack_in_use(const k_thread_stack_t *stack)
{
	sys_dnode_t *n;

	z_dlist_lazy_init(&_kernel.threads);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, n) {
		const struct k_thread *t = CONTAINER_OF(n, struct k_thread, all_node);

		if (t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE == (uintptr_t)stack) {
			return true;
		}
	}
	return false;
}

int k_thread_stack_free(k_thread_stack_t *stack)
{
	if (stack == NULL) {
		return -EINVAL;
	}
	z_reap_dead();
	unsigned int key = arch_irq_lock();

	if (stack_in_use(stack)) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
#if CONFIG_DYNAMIC_THREAD_POOL_SIZE > 0
	for (size_t i = 0; i < CONFIG_DYNAMIC_THREAD_POOL_SIZE; i++) {
		if (stack == z_dynamic_stack_pool[i]) {
			int ret = pool_used[i] ? 0 : -EINVAL;

			pool_used[i] = false;
			arch_irq_unlock(key);
			return ret;
		}
	}
#endif
	for (size_t i = 0; i < ARRAY_SIZE(heap_stacks); i++) {
		if (heap_stacks[i] == stack) {
			heap_stacks[i] = NULL;
			arch_irq_unlock(key);
			k_free(stack);
			return 0;
		}
	}
	arch_irq_unlock(key);
	return -EINVAL;
}
