/*
 * k_heap — the synchronised, blocking heap — and the system heap (k_malloc
 * family), resource pools and the kernel's allocations on behalf of a
 * thread. Zephyr semantics (kernel/kheap.c, kernel/mempool.c), see
 * ../shared/reference/zephyr-api.md §1.3-§1.4.
 *
 * What it is. A k_heap is a sys_heap (rtmem/sys_heap.h: O(1) alloc/free,
 * metadata inside the buffer, so a 2048-byte heap cannot satisfy a 2048-byte
 * request) plus an interrupt lock and a wait queue. A request that does not
 * fit waits up to its timeout; every free wakes ALL waiters, each retries and
 * the ones that still do not fit sleep again for the time left to their
 * ORIGINAL deadline (no FIFO hand-off: waiters run in priority order, and a
 * newcomer may take the memory first). k_mem_slab, by contrast, hands a block
 * to one waiter.
 *
 * Locking. On one CPU a k_spinlock is interrupt masking plus an owner record.
 * k_heap masks interrupts directly (arch_irq_lock): a contract violation found
 * inside the locked region (double free, foreign pointer, bad alignment)
 * enters the fatal path, which aborts the calling thread; an owner record
 * would stay set and make the heap unusable for everyone else, masking does
 * not (the next thread runs with its own interrupt state). The `lock` member
 * is kept for layout compatibility; K_SPINLOCK(&h->lock) around direct
 * sys_heap calls still excludes k_heap calls (both mask interrupts).
 *
 * Overhead over sys_heap: one inline lock/unlock pair per call, plus one
 * compare (empty wait queue) per free; the timeout, waiting and wake-up
 * paths are out of line. Measured on the host (W1-D2-large,
 * bench/mem_bench.c, callgrind): 1.10 x sys_heap's instructions (~28 per
 * alloc + free pair; it was 1.34 x with an out-of-line posix interrupt lock).
 *
 * The system heap: a hidden k_heap of K_HEAP_MEM_POOL_SIZE bytes
 * (CONFIG_HEAP_MEM_POOL_SIZE, CMake RTMEM_HEAP_MEM_POOL_SIZE). Every k_malloc
 * block carries a hidden `struct k_heap *` owner just below the returned
 * pointer (one word per block), so k_free() finds the heap, and blocks from a
 * thread's resource pool (z_thread_malloc) are freed with k_free() too.
 * k_free() checks the owner against the registry of k_heaps (rtmem/
 * mem_registry.h) at hardening >= BASIC: a pointer not from the k_malloc
 * family is reported through the fatal path instead of corrupting memory.
 *
 * rtmem extensions: k_heap_runtime_stats_get() / _reset_max() (the seed
 * chapter's name; takes the heap's lock and forwards to sys_heap),
 * k_thread_resource_pool_assign() (the chapter's name of
 * k_thread_heap_assign()).
 */
#ifndef RTMEM_K_HEAP_H_
#define RTMEM_K_HEAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zephyr/toolchain.h>
#include <zephyr/sys/util.h>
#include <rtmem/sys_heap.h>
#include <rtmem/mem_stats.h>
#include <rtmem/mem_registry.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>
#include <rtmem/k_spinlock.h>
#include <rtmem/k_thread.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Size of the system heap (k_malloc) in bytes; 0 = k_malloc always returns NULL.
 *  Cost: this many bytes of RAM. CMake: -DRTMEM_HEAP_MEM_POOL_SIZE=<bytes>. */
#ifndef CONFIG_HEAP_MEM_POOL_SIZE
#define CONFIG_HEAP_MEM_POOL_SIZE 16384
#endif
/** Zephyr's derived size of the system heap (no per-subsystem minimums in rtmem). */
#define K_HEAP_MEM_POOL_SIZE CONFIG_HEAP_MEM_POOL_SIZE

/** A synchronised heap. Define with K_HEAP_DEFINE() or initialise with k_heap_init(). */
struct k_heap {
	/** The allocator (state in the buffer). */
	struct sys_heap heap;
	/** Threads waiting for memory, by priority then arrival. */
	_wait_q_t wait_q;
	/** Zephyr layout; k_heap masks interrupts itself (see the file comment). */
	struct k_spinlock lock;
	/** Registry link (name for reports). */
	struct mem_registry_node reg;
};

/** @cond INTERNAL */
#define Z_KHEAP_BYTES(bytes) MAX((size_t)(bytes), (size_t)Z_HEAP_MIN_SIZE)
#define Z_KHEAP_SECTION __attribute__((section("rtmem_k_heap"), used, aligned(__alignof__(struct k_heap))))
#define Z_HEAP_DEFINE_IN(sym, bytes, buf_attr)                                                        \
	static char buf_attr __aligned(8) _k_heap_mem_##sym[Z_KHEAP_BYTES(bytes)];                     \
	Z_KHEAP_SECTION struct k_heap sym = {                                                          \
		.heap = { .heap = NULL, .init_mem = _k_heap_mem_##sym,                                 \
			  .init_bytes = sizeof(_k_heap_mem_##sym) },                                    \
		.wait_q = Z_WAIT_Q_INIT(&sym.wait_q),                                                  \
		.reg = { .next = NULL, .name = #sym, .obj = &sym, .kind = MEM_REGISTRY_K_HEAP },       \
	}
/** @endcond */

/**
 * Define a k_heap @a name over a static buffer of MAX(@a bytes, Z_HEAP_MIN_SIZE)
 * bytes, 8-byte aligned. Ready before main() (one constructor initialises
 * every static heap, as Zephyr's PRE_KERNEL_1 init). K_HEAP_DEFINE(x, 1)
 * serves exactly one 1-byte allocation. Metadata is carved from the buffer:
 * usable capacity is less than @a bytes. Listed by k_heap_array_get().
 * Linker: the struct goes to section "rtmem_k_heap" (a target linker script
 * must KEEP it in initialised RAM).
 */
#define K_HEAP_DEFINE(name, bytes) Z_HEAP_DEFINE_IN(name, bytes, )

/** As K_HEAP_DEFINE(); on the host there is no cache, so the buffer is ordinary memory. */
#define K_HEAP_DEFINE_NOCACHE(name, bytes) Z_HEAP_DEFINE_IN(name, bytes, )

/**
 * @brief Make @a bytes at @a mem a k_heap.
 * @context  thread or before main (not ISR)
 * @pre      @a h not in use; no thread waits on it
 * @post     empty heap; any alignment/size accepted (rounded inside); registered
 *           (once) in the memory registry
 * @complexity O(classes) + O(registered objects)
 * @retval   (void) a buffer below Z_HEAP_MIN_SIZE is a contract violation reported
 *           through sys_heap_fault() (fatal path); every alloc then fails
 * @ub       @a h NULL
 */
void k_heap_init(struct k_heap *h, void *mem, size_t bytes);

/**
 * @brief Allocate @a bytes aligned to sizeof(void *), waiting up to @a timeout.
 * @context  thread; ISR and before main only with K_NO_WAIT
 * @pre      @a h initialised
 * @post     block not zeroed; usable size as sys_heap_usable_size()
 * @complexity O(1) per attempt; one retry per free of this heap while waiting
 * @retval   NULL  nothing fitting within @a timeout (bytes == 0 and requests larger
 *                 than the heap never fit: they wait the whole timeout, as Zephyr)
 * @retval   NULL  after the fatal path: non-K_NO_WAIT timeout in an ISR (test mode)
 * @ub       @a h not initialised
 */
void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout);

/**
 * @brief Allocate @a bytes aligned to @a align, waiting up to @a timeout.
 * @context  thread; ISR and before main only with K_NO_WAIT
 * @pre      @a h initialised; @a align 0 or a power of two
 * @post     (p % align) == 0; unused prefix/suffix given back to the heap
 * @complexity O(1) per attempt
 * @retval   NULL  as k_heap_alloc()
 * @retval   NULL  after the fatal path: @a align not a power of two (SYS_HEAP_FAULT_BAD_ALIGN),
 *                 or a non-K_NO_WAIT timeout in an ISR
 * @ub       @a h not initialised
 */
void *k_heap_aligned_alloc(struct k_heap *h, size_t align, size_t bytes, k_timeout_t timeout);

/**
 * @brief Allocate @a num * @a size zeroed bytes, waiting up to @a timeout.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      @a h initialised
 * @post     the first num * size bytes are zero
 * @complexity O(1) per attempt + O(num * size) zeroing
 * @retval   NULL  num * size overflows (at once, no wait), or as k_heap_alloc()
 * @ub       @a h not initialised
 */
void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout);

/**
 * @brief Resize the block @a ptr of @a h to @a bytes, waiting up to @a timeout.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      @a ptr NULL or a live block of @a h
 * @post     in place when possible, else moved (contents kept up to the smaller size);
 *           memory released by the call (shrink or move) wakes the waiters
 * @complexity O(1) per attempt + copy when moving
 * @retval   new block; ptr NULL = k_heap_alloc()
 * @retval   NULL  @a bytes == 0: @a ptr freed (at once)
 * @retval   NULL  no room within @a timeout: @a ptr untouched and still valid
 * @retval   NULL  after the fatal path (ptr freed or foreign, ISR with a timeout)
 * @ub       @a h not initialised
 */
void *k_heap_realloc(struct k_heap *h, void *ptr, size_t bytes, k_timeout_t timeout);

/**
 * @brief Give back @a mem to @a h and wake every waiter.
 * @context  any (ISR too)
 * @pre      @a mem NULL or a live block of @a h
 * @post     freed and coalesced; waiters retry in priority order (may preempt the caller)
 * @complexity O(1) + O(waiters) wake-up
 * @retval   (void) @a mem NULL: nothing freed (waiters, if any, are woken and
 *           retry, as Zephyr's). Double free, foreign or interior pointer
 *           (hardening >= BASIC): fatal path (K_ERR_KERNEL_PANIC via sys_heap_fault),
 *           heap unchanged
 * @ub       at hardening NONE, any of those
 */
void k_heap_free(struct k_heap *h, void *mem);

/**
 * @brief The statically defined heaps (K_HEAP_DEFINE), as a contiguous array.
 * @context  any
 * @pre      @a heap not NULL
 * @post     *@a heap = first element (NULL if there is none)
 * @complexity O(1)
 * @retval   number of static heaps (the system heap included when linked)
 * @retval   -EINVAL  @a heap NULL
 * @ub       none
 */
int k_heap_array_get(struct k_heap **heap);

/**
 * @brief Statistics of @a h, read under its lock (the seed chapter's call;
 *        rtmem extension over sys_heap_runtime_stats_get()).
 * @context  any
 * @pre      @a h initialised
 * @post     free + allocated = bytes available to blocks (chunk bytes incl. headers)
 * @complexity O(1)
 * @retval   0        filled
 * @retval   -EINVAL  @a h or @a stats NULL, or @a h not initialised
 * @ub       @a h never initialised (garbage state)
 */
int k_heap_runtime_stats_get(struct k_heap *h, struct sys_memory_stats *stats);

/**
 * @brief Set @a h's max_allocated_bytes to the current allocated bytes, under its lock.
 * @context  any
 * @pre      @a h initialised
 * @post     max_allocated_bytes == allocated_bytes
 * @complexity O(1)
 * @retval   0        done
 * @retval   -EINVAL  @a h NULL or not initialised
 * @ub       @a h never initialised
 */
int k_heap_runtime_stats_reset_max(struct k_heap *h);

/* ---- system heap -------------------------------------------------------------- */

/**
 * @brief Allocate @a size bytes from the system heap (never blocks).
 * @context  any (ISR too)
 * @pre      none
 * @post     pointer-aligned, not zeroed; a hidden owner word sits just below it
 * @complexity O(1)
 * @retval   non-NULL also for @a size == 0 (the hidden word makes it a real block)
 * @retval   NULL  no room, size + sizeof(void *) overflows, or system heap size 0
 * @ub       none
 */
void *k_malloc(size_t size);

/**
 * @brief Allocate @a size bytes aligned to @a align from the system heap (never blocks).
 * @context  any
 * @pre      @a align a power of two and a multiple of sizeof(void *); @a size any
 *           (need not be a multiple of @a align)
 * @post     (p % align) == 0; the owner word sits just below with no waste
 * @complexity O(1)
 * @retval   NULL  as k_malloc()
 * @retval   NULL  after the fatal path: @a align not a power of two or below sizeof(void *)
 *                 (K_ERR_KERNEL_PANIC, as Zephyr's __ASSERT)
 * @ub       none
 */
void *k_aligned_alloc(size_t align, size_t size);

/**
 * @brief Allocate @a nmemb * @a size zeroed bytes from the system heap.
 * @context  any
 * @pre      none
 * @post     the first nmemb * size bytes are zero; owner word as k_malloc
 * @complexity O(1) + zeroing
 * @retval   NULL  nmemb * size overflows, or as k_malloc()
 * @ub       none
 */
void *k_calloc(size_t nmemb, size_t size);

/**
 * @brief Resize a k_malloc-family block in the heap that owns it (never blocks).
 * @context  any
 * @pre      @a ptr NULL or from k_malloc/k_calloc/k_aligned_alloc/k_realloc/z_thread_malloc
 * @post     the owner word is kept; alignment after a move is only sizeof(void *)
 * @complexity O(1) + copy when moving
 * @retval   k_malloc(size) when @a ptr is NULL
 * @retval   NULL  @a size == 0 (@a ptr freed)
 * @retval   NULL  no room (@a ptr untouched) or size overflow
 * @retval   NULL  after the fatal path: @a ptr not from the k_malloc family
 * @ub       at hardening NONE, a pointer not from the family
 */
void *k_realloc(void *ptr, size_t size);

/**
 * @brief Free a block of the k_malloc family (found through its owner word).
 * @context  any
 * @pre      @a ptr NULL or a live k_malloc-family block
 * @post     freed in its owning heap; that heap's waiters are woken
 * @complexity O(1) + O(number of k_heaps) owner check (hardening >= BASIC)
 * @retval   (void) NULL: no-op. A pointer whose owner word is no registered k_heap:
 *           fatal path (K_ERR_KERNEL_PANIC), nothing freed. Double free: as k_heap_free()
 * @ub       at hardening NONE, a pointer not from the family
 */
void k_free(void *ptr);

/**
 * @brief Make the system heap @a thread's resource pool.
 * @context  any
 * @pre      @a thread not NULL
 * @post     z_thread_malloc() in @a thread uses the system heap (NULL pool if its size is 0)
 * @complexity O(1)
 * @retval   (void)
 * @ub       @a thread NULL
 */
void k_thread_system_pool_assign(struct k_thread *thread);

/**
 * @brief The seed chapter's name of k_thread_heap_assign() (Zephyr <= 2.4 spelling,
 *        taking a k_heap): allocations on @a thread's behalf come from @a heap.
 * @context  any
 * @pre      @a thread not NULL
 * @post     as k_thread_heap_assign(); children created afterwards inherit it
 * @complexity O(1)
 * @retval   (void)
 * @ub       @a thread NULL
 */
static inline void k_thread_resource_pool_assign(struct k_thread *thread, struct k_heap *heap)
{
	k_thread_heap_assign(thread, heap);
}

/** The system heap itself (for k_thread_heap_assign and reports); absent if its size is 0. */
extern struct k_heap _system_heap;

/**
 * @brief Allocate @a size bytes on behalf of the caller: from the current thread's
 *        resource pool, from the system heap in an ISR. Free with k_free().
 * @context  any
 * @pre      @a align 0 or a power of two (multiple of sizeof(void *) when larger)
 * @post     block carries the owner word like k_malloc's
 * @complexity O(1)
 * @retval   NULL  the thread has no resource pool, or no room (never blocks)
 * @ub       none (bad @a align: fatal path, NULL)
 */
void *z_thread_aligned_alloc(size_t align, size_t size);

/**
 * @brief z_thread_aligned_alloc(0, @a size): pointer-aligned, on behalf of the caller.
 * @context  any
 * @pre      none
 * @post     as z_thread_aligned_alloc()
 * @complexity O(1)
 * @retval   NULL  no resource pool (thread), or no room; never blocks
 * @ub       none
 */
void *z_thread_malloc(size_t size);

struct k_msgq;

/**
 * @brief Initialise @a msgq with a ring allocated from the caller's resource pool.
 * @context  thread (an ISR uses the system heap)
 * @pre      @a msgq not in use
 * @post     as k_msgq_init(); k_msgq_cleanup() frees the ring
 * @complexity O(1)
 * @retval   0        done
 * @retval   -EINVAL  msg_size * max_msgs overflows
 * @retval   -ENOMEM  no resource pool, or no room in it
 * @ub       @a msgq in use by waiting threads
 */
int k_msgq_alloc_init(struct k_msgq *msgq, size_t msg_size, uint32_t max_msgs);

/**
 * @brief Release the ring of a k_msgq_alloc_init() queue.
 * @context  thread
 * @pre      none
 * @post     ring freed (once); the queue must be re-initialised before use
 * @complexity O(1)
 * @retval   0       done (nothing to free for a k_msgq_init() queue)
 * @retval   -EBUSY  threads wait on the queue
 * @ub       using the queue after cleanup without re-initialising it
 */
int k_msgq_cleanup(struct k_msgq *msgq);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_K_HEAP_H_ */
