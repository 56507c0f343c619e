/*
 * rtmem libc malloc — the C library's malloc family routed to an rtmem heap.
 *
 * What it is. A portable front end (libc/malloc_core.c) that gives the malloc
 * family its C/POSIX/Zephyr semantics — errno, overflow checks, alignment
 * rules, zero sizes — over a "heap provider" (below) that owns the memory and
 * serialises access. Two providers exist:
 *
 *   rtmem_libc (static library)  one sys_heap over an arena, as Zephyr's
 *       common libc does (CONFIG_RTMEM_LIBC_MALLOC_ARENA_SIZE, or an arena
 *       given with rtmem_libc_arena_set()), serialised by rtmem_libc_lock()/
 *       rtmem_libc_unlock() (a pthread mutex on the host). On the host the
 *       functions keep their rtmem_libc_ names and glibc's malloc is NOT
 *       replaced: a host application that wants its malloc served by rtmem
 *       runs under the preload library. Built with
 *       RTMEM_LIBC_REPLACE_MALLOC=1 (bare-metal targets) it also defines
 *       malloc, free, ... and newlib's _malloc_r family.
 *
 *   librtmem_malloc.so (host)  LD_PRELOAD-able into unmodified programs:
 *       grows by mapping regions (each its own sys_heap), blocks of 256 KiB or
 *       more get their own mapping, glibc's behaviour for malloc(0) and
 *       realloc(p, 0), plus valloc, pvalloc and cfree. See libc/host/preload.c.
 *
 * Alignment. Every pointer from malloc/calloc/realloc is aligned to
 * RTMEM_LIBC_ALIGN (alignof(max_align_t): 16 on x86-64, 8 on 32-bit Arm).
 * Overhead per block: the sys_heap chunk header (8 bytes) plus rounding of
 * header + request up to RTMEM_LIBC_ALIGN.
 *
 * Zero sizes. Zephyr semantics by default (rtmem_libc): malloc(0),
 * calloc(0, n), aligned_alloc(a, 0) return NULL without touching errno. With
 * RTMEM_LIBC_ZERO_SIZE_NONNULL=1 (the preload library, as glibc) they return a
 * unique pointer that can be freed. realloc(p, 0) with p != NULL frees p and
 * returns NULL in both modes (glibc and Zephyr agree).
 *
 * Thread safety. Every function may be called from any thread (not from an
 * ISR or a signal handler: the provider may block on a lock).
 *
 * Statistics. malloc_runtime_stats_get() is Zephyr's call. Zephyr declares it
 * in its common libc's <sys/malloc.h> (lib/libc/common/include), a path that
 * would shadow the host C library's headers, so rtmem declares it here only.
 * Bytes are sys_heap chunk bytes (headers included), summed over the
 * provider's heaps.
 */
#ifndef RTMEM_LIBC_MALLOC_H_
#define RTMEM_LIBC_MALLOC_H_

#include <stdbool.h>
#include <stddef.h>
#include <rtmem/mem_stats.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Alignment of every malloc/calloc/realloc result: alignof(max_align_t). */
#define RTMEM_LIBC_ALIGN (_Alignof(max_align_t))

/* ---- Public API ------------------------------------------------------------ */

/**
 * @brief Statistics of the malloc heap (Zephyr's call).
 * @context  thread; takes the provider lock
 * @pre      none
 * @post     *stats = sums over every heap of the provider, in chunk bytes;
 *           blocks with their own mapping count their whole mapping as allocated
 * @complexity O(number of regions) (one region for rtmem_libc)
 * @retval   0        success
 * @retval   -EINVAL  @a stats NULL
 */
int malloc_runtime_stats_get(struct sys_memory_stats *stats);

/*
 * The malloc family under rtmem names (always defined; built with
 * RTMEM_LIBC_REPLACE_MALLOC=1 the standard names are aliases of these).
 * Common contract of the allocating calls:
 *   @context   thread; takes the provider lock
 *   @post      result aligned to RTMEM_LIBC_ALIGN (or to the requested alignment)
 *              and rtmem_libc_malloc_usable_size(result) >= the size requested
 *   @complexity O(1) per heap tried, plus a copy for a moving realloc and the
 *              zeroing of calloc; the preload provider may add one mmap
 *   @retval NULL with errno = ENOMEM  no memory, or a size above PTRDIFF_MAX
 */

/**
 * @brief Allocate @a size bytes, not zeroed.
 * @context  thread
 * @pre      none
 * @post     see the common contract
 * @complexity O(1) per heap tried
 * @retval   NULL  size 0 (Zephyr mode: errno untouched; glibc mode: never NULL)
 * @retval   NULL  errno = ENOMEM: no memory or size > PTRDIFF_MAX
 */
void *rtmem_libc_malloc(size_t size);

/**
 * @brief Free @a ptr; NULL is a no-op.
 * @context  thread
 * @pre      @a ptr NULL or a live block of this allocator
 * @post     the block is given back to its heap (or its mapping is unmapped)
 * @complexity O(1) (preload: + O(log regions) lookup)
 * @ub       double free, foreign or interior pointer: reported through
 *           sys_heap_fault() (preload: a report on stderr, then abort())
 */
void rtmem_libc_free(void *ptr);

/**
 * @brief Allocate @a nmemb * @a size zeroed bytes.
 * @context  thread
 * @pre      none
 * @post     see the common contract; all requested bytes are zero
 * @complexity O(1) + O(bytes) zeroing (skipped for fresh mappings)
 * @retval   NULL  errno = ENOMEM: nmemb * size overflows, or no memory
 * @retval   NULL  product 0 (Zephyr mode, errno untouched)
 */
void *rtmem_libc_calloc(size_t nmemb, size_t size);

/**
 * @brief Resize @a ptr to @a size bytes, keeping min(old, new) bytes.
 * @context  thread
 * @pre      @a ptr NULL or a live block
 * @post     ptr NULL: as malloc(size). size 0: ptr freed, NULL returned.
 *           Else in place when possible, otherwise moved (old block freed)
 * @complexity O(1) in place, + O(bytes) copy when it moves
 * @retval   NULL  errno = ENOMEM: no memory; @a ptr is untouched and still live
 * @retval   NULL  size 0 (ptr freed)
 */
void *rtmem_libc_realloc(void *ptr, size_t size);

/**
 * @brief realloc(ptr, nmemb * size) with an overflow check (BSD/glibc/Zephyr).
 * @context  thread
 * @pre      as realloc
 * @post     as realloc
 * @complexity as realloc
 * @retval   NULL  errno = ENOMEM: the product overflows (ptr untouched) or no memory
 */
void *rtmem_libc_reallocarray(void *ptr, size_t nmemb, size_t size);

/**
 * @brief C11 aligned_alloc: @a size bytes aligned to @a alignment.
 * @context  thread
 * @pre      none
 * @post     result is a multiple of max(alignment, RTMEM_LIBC_ALIGN)
 * @complexity O(1) per heap tried
 * @retval   NULL  errno = EINVAL: alignment 0 or not a power of two
 * @retval   NULL  errno = ENOMEM: no memory (or alignment too large for any heap)
 */
void *rtmem_libc_aligned_alloc(size_t alignment, size_t size);

/**
 * @brief POSIX posix_memalign: *memptr = @a size bytes aligned to @a alignment.
 * @context  thread
 * @pre      @a memptr valid
 * @post     on 0, *memptr is a live block (NULL possible for size 0 in Zephyr
 *           mode); on error *memptr is unchanged. errno is never modified.
 * @complexity O(1) per heap tried
 * @retval   0       success
 * @retval   EINVAL  alignment not a power of two or not a multiple of sizeof(void *)
 * @retval   ENOMEM  no memory
 */
int rtmem_libc_posix_memalign(void **memptr, size_t alignment, size_t size);

/**
 * @brief Obsolete memalign (glibc semantics): an alignment that is not a power
 * of two is rounded up to the next one; one below RTMEM_LIBC_ALIGN is malloc.
 * @context  thread
 * @pre      none
 * @post     as aligned_alloc
 * @complexity as aligned_alloc
 * @retval   NULL  errno = ENOMEM (also for an alignment above SIZE_MAX / 2 + 1)
 */
void *rtmem_libc_memalign(size_t alignment, size_t size);

/**
 * @brief Bytes usable at @a ptr (>= the size requested).
 * @context  thread
 * @pre      @a ptr NULL or a live block
 * @post     none
 * @complexity O(1) (preload: + O(log regions) lookup)
 * @retval   0  @a ptr NULL
 */
size_t rtmem_libc_malloc_usable_size(void *ptr);

/**
 * @brief Give the rtmem_libc provider its arena (instead of the static one).
 * Discards the previous arena and every block in it.
 * @context  thread, before any other thread uses malloc
 * @pre      @a mem valid for @a bytes; no live block from the old arena is used again
 * @post     the heap covers [mem, mem + bytes); bytes 0 makes every allocation fail
 * @complexity O(log bytes) (heap init)
 * @retval   0        success
 * @retval   -EINVAL  mem NULL with bytes != 0, or an arena too small for a heap
 */
int rtmem_libc_arena_set(void *mem, size_t bytes);

/**
 * @brief Layout of the preload library (librtmem_malloc.so only; rtmem extension
 * for tests and diagnostics). Gives cached small blocks back to their heaps first.
 * @context  thread; takes the provider lock
 * @pre      both pointers valid
 * @post     *regions = regions mapped now; *large = blocks with their own mapping
 * @complexity O(spans + cached blocks)
 */
void rtmem_malloc_layout_get(size_t *regions, size_t *large);

/* ---- Heap provider contract ------------------------------------------------------------ */
/*
 * The front end (malloc_core.c) is linked with exactly one provider, which
 * defines the functions below. The front end has already validated every
 * argument: sizes are 1..PTRDIFF_MAX, alignments are powers of two >=
 * RTMEM_LIBC_ALIGN. The provider owns its serialisation (the arena provider
 * uses rtmem_libc_lock()/rtmem_libc_unlock()), never sets errno, never calls
 * the malloc family, and reports misuse (double free, foreign pointer)
 * through sys_heap_fault().
 */

/**
 * @brief Allocate @a bytes aligned to @a align; zeroed when @a zero.
 * @context  thread
 * @pre      1 <= bytes <= PTRDIFF_MAX; align a power of two >= RTMEM_LIBC_ALIGN
 * @post     result aligned to align; usable size >= bytes
 * @complexity O(1) per heap tried (+ zeroing)
 * @retval   NULL  no memory
 */
void *rtmem_libc_heap_alloc(size_t align, size_t bytes, bool zero);

/**
 * @brief Resize live block @a ptr to @a bytes, RTMEM_LIBC_ALIGN-aligned.
 * @context  thread
 * @pre      ptr a live block; 1 <= bytes <= PTRDIFF_MAX
 * @post     contents kept up to min(old usable, bytes); old block freed if moved
 * @complexity O(1) + copy when moving
 * @retval   NULL  no memory (ptr untouched) or a fault was reported
 */
void *rtmem_libc_heap_realloc(void *ptr, size_t bytes);

/**
 * @brief Free live block @a ptr.
 * @context  thread
 * @pre      ptr non-NULL
 * @post     block released
 * @complexity O(1)
 */
void rtmem_libc_heap_free(void *ptr);

/**
 * @brief Usable bytes of live block @a ptr.
 * @context  thread
 * @pre      ptr non-NULL
 * @complexity O(1)
 * @retval   0  after a reported fault
 */
size_t rtmem_libc_heap_usable_size(void *ptr);

/**
 * @brief Statistics summed over the provider's heaps.
 * @context  thread
 * @pre      stats non-NULL
 * @complexity O(number of heaps)
 * @retval   0  success
 */
int rtmem_libc_heap_stats(struct sys_memory_stats *stats);

/**
 * @brief The arena provider's lock (rtmem_libc). A pthread mutex on the host
 * (libc/host/lock_pthread.c); a target port or application defines its own
 * (a k_mutex, or interrupt masking on a single-threaded system).
 * @context  thread
 * @pre      rtmem_libc_unlock() only by the holder
 * @post     mutual exclusion between lock and unlock
 * @complexity O(1) uncontended
 */
void rtmem_libc_lock(void);
/** @brief Release rtmem_libc_lock(). @context holder @pre held @post released @complexity O(1) */
void rtmem_libc_unlock(void);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_LIBC_MALLOC_H_ */
