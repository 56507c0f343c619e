/*
 * The system heap (k_malloc family), resource pools and the kernel's
 * allocations on behalf of a thread (rtmem/k_heap.h).
 *
 * Every block carries its owning k_heap in the word just below the returned
 * pointer:
 *
 *   [ chunk header | struct k_heap *owner | user bytes ... ]
 *                    ^ heap block           ^ returned pointer
 *
 * Aligned requests use the core's rewind form, so the owner word sits just
 * below the aligned address with no waste (z_heap_aligned_alloc).
 */
#include <string.h>
#include "kernel_internal.h"
#include "mem_internal.h"
#include "../core/track.h"

#if CONFIG_HEAP_MEM_POOL_SIZE > 0
K_HEAP_DEFINE(_system_heap, K_HEAP_MEM_POOL_SIZE);
#define SYSTEM_HEAP (&_system_heap)
#else
#define SYSTEM_HEAP ((struct k_heap *)NULL)
#endif

/* Allocate @size bytes aligned to @align (0 or a power of two >= pointer
 * size checked by the caller) from @heap, with the owner word. Never blocks. */
static void *heap_owned_alloc(struct k_heap *heap, size_t align, size_t size)
{
	size_t total;

	if (heap == NULL || __builtin_add_overflow(size, sizeof(void *), &total)) {
		return NULL;
	}
	struct k_heap **mem;

	if (align <= sizeof(void *)) {
		mem = k_heap_alloc(heap, total, K_NO_WAIT);
	} else {
		mem = z_kheap_aligned_alloc_rewind(heap, align, sizeof(void *), total);
	}
	if (mem == NULL) {
		return NULL;
	}
	mem[0] = heap;
	return mem + 1;
}

static bool align_ok(size_t align)
{
	return (align & (align - 1u)) == 0u && (align % sizeof(void *)) == 0u;
}

void *k_aligned_alloc(size_t align, size_t size)
{
	if (!align_ok(align)) {
		z_mem_fault("k_aligned_alloc: alignment not a power of two multiple of sizeof(void *)", SYSTEM_HEAP,
			    "_system_heap", (void *)(uintptr_t)align, __FILE__, __LINE__);
		return NULL;
	}
	return heap_owned_alloc(SYSTEM_HEAP, align, size);
}

void *k_malloc(size_t size)
{
	return heap_owned_alloc(SYSTEM_HEAP, 0, size);
}

void *k_calloc(size_t nmemb, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(nmemb, size, &bytes)) {
		return NULL;
	}
	void *p = k_malloc(bytes);

	if (p != NULL) {
		memset(p, 0, bytes);
	}
	return p;
}

/* The owner of k_malloc-family block @ptr, or NULL after reporting a pointer that
 * is not one (hardening >= BASIC: the owner must be a registered k_heap; the
 * core then checks that the word below is a live block of it). Reading the
 * word below an arbitrary pointer is a validation read: not a user access. */
static RTMEM_NO_SANITIZE struct k_heap *owner_of(void *ptr, const char *what, int line)
{
	if ((uintptr_t)ptr % sizeof(void *) != 0u) {
		z_mem_fault(what, NULL, NULL, ptr, __FILE__, line);
		return NULL;
	}
	RTMEM_TRACK_ENTER();
	struct k_heap *owner = ((struct k_heap *const *)ptr)[-1];
	RTMEM_TRACK_LEAVE();

	if (RTMEM_HEAP_HARDENING >= 1 && !mem_registry_is_k_heap(owner)) {
		z_mem_fault(what, owner, NULL, ptr, __FILE__, line);
		return NULL;
	}
	return owner;
}

void k_free(void *ptr)
{
	if (ptr == NULL) {
		return;
	}
	struct k_heap *owner = owner_of(ptr, "k_free: pointer not from the k_malloc family", __LINE__);

	if (owner != NULL) {
		k_heap_free(owner, (struct k_heap **)ptr - 1);
	}
}

void *k_realloc(void *ptr, size_t size)
{
	if (size == 0u) {
		k_free(ptr);
		return NULL;
	}
	if (ptr == NULL) {
		return k_malloc(size);
	}
	size_t total;

	if (__builtin_add_overflow(size, sizeof(void *), &total)) {
		return NULL;
	}
	struct k_heap *owner = owner_of(ptr, "k_realloc: pointer not from the k_malloc family", __LINE__);

	if (owner == NULL) {
		return NULL;
	}
	struct k_heap **mem = k_heap_realloc(owner, (struct k_heap **)ptr - 1, total, K_NO_WAIT);

	if (mem == NULL) {
		return NULL;
	}
	mem[0] = owner; /* moved or not, the owner word stays the block's first word */
	return mem + 1;
}

/* ---- resource pools ---------------------------------------------------------------- */

void k_thread_system_pool_assign(struct k_thread *thread)
{
	thread->resource_pool = SYSTEM_HEAP;
}

void *z_thread_aligned_alloc(size_t align, size_t size)
{
	struct k_heap *heap;

	if (k_is_in_isr()) {
		heap = SYSTEM_HEAP;
	} else {
		heap = _current != NULL ? _current->resource_pool : NULL;
	}
	if (align != 0u && !align_ok(align)) {
		z_mem_fault("z_thread_aligned_alloc: bad alignment", heap, NULL, (void *)(uintptr_t)align, __FILE__,
			    __LINE__);
		return NULL;
	}
	return heap_owned_alloc(heap, align, size);
}

void *z_thread_malloc(size_t size)
{
	return z_thread_aligned_alloc(0, size);
}

/* ---- kernel objects allocated on behalf of a thread ------------------------------- */

int k_msgq_alloc_init(struct k_msgq *msgq, size_t msg_size, uint32_t max_msgs)
{
	size_t total;

	if (__builtin_mul_overflow(msg_size, (size_t)max_msgs, &total)) {
		return -EINVAL;
	}
	char *buf = z_thread_malloc(total);

	if (buf == NULL) {
		return -ENOMEM;
	}
	k_msgq_init(msgq, buf, msg_size, max_msgs);
	msgq->flags = K_MSGQ_FLAG_ALLOC;
	return 0;
}

int k_msgq_cleanup(struct k_msgq *msgq)
{
	unsigned int key = arch_irq_lock();

	if (z_waitq_head(&msgq->wait_q) != NULL) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	char *buf = (msgq->flags & K_MSGQ_FLAG_ALLOC) != 0u ? msgq->buffer_start : NULL;

	msgq->flags &= (uint8_t)~K_MSGQ_FLAG_ALLOC;
	arch_irq_unlock(key);
	k_free(buf);
	return 0;
}
