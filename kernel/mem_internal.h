/*
 * Private glue of the kernel memory objects (kheap.c, mempool.c,
 * mem_slab.c, mem_registry.c).
 */
#ifndef RTMEM_KERNEL_MEM_INTERNAL_H_
#define RTMEM_KERNEL_MEM_INTERNAL_H_

#include <stdbool.h>
#include <rtmem/k_heap.h>
#include <rtmem/k_mem_slab.h>
#include <rtmem/mem_registry.h>

/**
 * True when the initialised wait queue @a wq has no waiter: one compare (an
 * uninitialised, all-zero queue reads as "has waiters", so the caller's slow
 * path decides with sys_dlist_is_empty()). O(1).
 */
static inline bool z_mem_no_waiters(const _wait_q_t *wq)
{
	return wq->waitq.next == &wq->waitq;
}

/** True if @a h lives in the K_HEAP_DEFINE section. O(1). */
bool z_kheap_is_static(const struct k_heap *h);

/** True if @a slab lives in the K_MEM_SLAB_DEFINE section. O(1). */
bool z_mem_slab_is_static(const struct k_mem_slab *slab);

/** Aligned alloc with a rewind (k_malloc's owner word), K_NO_WAIT, under @a h's lock. */
void *z_kheap_aligned_alloc_rewind(struct k_heap *h, size_t align, size_t rewind, size_t bytes);

/** Link @a node (of @a obj, @a kind) into the runtime list unless it is there. O(objects). */
void z_mem_registry_add(struct mem_registry_node *node, void *obj, enum mem_registry_kind kind);

/**
 * @brief Report a memory-object contract violation and enter the fatal path
 *        (K_ERR_KERNEL_PANIC, as Zephyr's __ASSERT/k_panic in kheap.c/mem_slab.c
 *        and rtmem's sys_heap_fault). Call with no lock held.
 * @context  any
 * @post     returns only in an ISR in test mode (rtmem_fatal_test_mode)
 */
void z_mem_fault(const char *what, const void *obj, const char *obj_name, const void *ptr, const char *file,
		 int line);

#endif /* RTMEM_KERNEL_MEM_INTERNAL_H_ */
