/*
 * k_mem_slab — fixed-size blocks with blocking allocation (Zephyr semantics,
 * ../shared/reference/zephyr-api.md §1.6), on the slab core rtmem/sys_slab.h.
 *
 * What it is. num_blocks blocks of block_size bytes; alloc and free are O(1)
 * with no loop. The first allocations return ascending addresses, a freed
 * block is the next one handed out (LIFO). When no block is free a thread
 * may wait; a free then hands the block STRAIGHT to the first waiter (highest
 * priority, longest waiting among equals), whose k_mem_slab_alloc() returns
 * 0 with it — the counts do not change on a hand-off.
 *
 * Bad input (rtmem is stricter than Zephyr, whose used count wraps on a
 * double free): every k_mem_slab_free() is checked in O(1) — pointer outside
 * the buffer, not on a block boundary, or not handed out (double free, exact:
 * one bit per block outside the blocks, see sys_slab.h). Each is reported
 * through the fatal path (K_ERR_KERNEL_PANIC, like Zephyr's pointer
 * validation) naming slab, pointer and violation, with the lock released and
 * nothing changed: counts stay right.
 *
 * Used map storage: K_MEM_SLAB_DEFINE declares it (1 bit per block). For
 * k_mem_slab_init() (buffer, block size, count only) the map is inline in
 * the struct for up to CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS blocks, else taken
 * once from a static pool of CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS words
 * (re-initialising the same struct reuses its map); when the pool cannot
 * serve, init fails with -ENOMEM rather than run unprotected.
 *
 * Locking: interrupts are masked around each operation (as k_heap, see
 * rtmem/k_heap.h for why not the spinlock's owner record).
 */
#ifndef RTMEM_K_MEM_SLAB_H_
#define RTMEM_K_MEM_SLAB_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zephyr/toolchain.h>
#include <zephyr/sys/util.h>
#include <rtmem/sys_slab.h>
#include <rtmem/mem_stats.h>
#include <rtmem/mem_registry.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>
#include <rtmem/k_spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Track the high-water mark of used blocks (k_mem_slab_max_used_get, reset_max).
 *  Cost: one compare per alloc. */
#ifndef CONFIG_MEM_SLAB_TRACE_MAX_UTILIZATION
#define CONFIG_MEM_SLAB_TRACE_MAX_UTILIZATION 1
#endif
/** Report frees of pointers outside the buffer or off a block boundary (fatal path).
 *  rtmem always checks (the check is the index computation of the used map, 0 extra
 *  instructions); 0 is accepted for Zephyr compatibility and changes nothing. */
#ifndef CONFIG_MEM_SLAB_POINTER_VALIDATE
#define CONFIG_MEM_SLAB_POINTER_VALIDATE 1
#endif
/** Blocks whose used map fits inside struct k_mem_slab (k_mem_slab_init). Cost: n/8 bytes per slab. */
#ifndef CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS
#define CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS 64
#endif
/** 32-bit words of the pool serving used maps of larger runtime slabs (2 + n/32 words per slab). */
#ifndef CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS
#define CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS 1024
#endif

/** A memory slab. Define with K_MEM_SLAB_DEFINE() or initialise with k_mem_slab_init(). */
struct k_mem_slab {
	/** Threads waiting for a block, by priority then arrival. */
	_wait_q_t wait_q;
	/** Zephyr layout; the slab masks interrupts itself. */
	struct k_spinlock lock;
	/** Blocks, free stack, used map, counts. */
	struct sys_slab slab;
	/** Registry link (name for reports). */
	struct mem_registry_node reg;
	/** Used map of small runtime slabs. */
	uint32_t inline_map[SYS_SLAB_MAP_WORDS(CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS)];
};

/** @cond INTERNAL */
#define Z_MEM_SLAB_WB_UP(x) ROUND_UP(x, sizeof(void *))
#define Z_MEM_SLAB_SECTION \
	__attribute__((section("rtmem_k_mem_slab"), used, aligned(__alignof__(struct k_mem_slab))))
#define Z_MEM_SLAB_INITIALIZER(o_, name_str, buf, bs, num, map)                                        \
	{ .wait_q = Z_WAIT_Q_INIT(&(o_).wait_q), .lock = { 0 },                                          \
	  .slab = SYS_SLAB_INITIALIZER(buf, bs, num, map),                                                \
	  .reg = { .next = NULL, .name = (name_str), .obj = &(o_), .kind = MEM_REGISTRY_MEM_SLAB } }
#define Z_MEM_SLAB_DEFINE_IN(name, sc, buf_attr, bs, num, al)                                          \
	BUILD_ASSERT(IS_POWER_OF_TWO(al), "slab alignment must be a power of two");                      \
	BUILD_ASSERT(((bs) % (al)) == 0, "slab block size must be a multiple of its alignment");          \
	sc char buf_attr __aligned(Z_MEM_SLAB_WB_UP(al))                                                 \
		_k_mem_slab_buf_##name[(num) * Z_MEM_SLAB_WB_UP(bs)];                                     \
	sc uint32_t _k_mem_slab_map_##name[SYS_SLAB_MAP_WORDS(num)];                                     \
	sc Z_MEM_SLAB_SECTION struct k_mem_slab name = Z_MEM_SLAB_INITIALIZER(                            \
		name, #name, _k_mem_slab_buf_##name, Z_MEM_SLAB_WB_UP(bs), (uint32_t)(num), _k_mem_slab_map_##name)
/** @endcond */

/**
 * Define slab @a name: @a slab_num_blocks blocks of @a slab_block_size bytes
 * (rounded up to a word), buffer aligned to @a slab_align (a power of two
 * dividing the block size; build error otherwise). Ready before main()
 * with no init call (constant initialiser). Section "rtmem_k_mem_slab".
 */
#define K_MEM_SLAB_DEFINE(name, slab_block_size, slab_num_blocks, slab_align) \
	Z_MEM_SLAB_DEFINE_IN(name, , , slab_block_size, slab_num_blocks, slab_align)
/** As K_MEM_SLAB_DEFINE() with file scope (static) symbols. */
#define K_MEM_SLAB_DEFINE_STATIC(name, slab_block_size, slab_num_blocks, slab_align) \
	Z_MEM_SLAB_DEFINE_IN(name, static, , slab_block_size, slab_num_blocks, slab_align)
/** Slab of @a slab_num_blocks objects of @a type (size and alignment of the type). */
#define K_MEM_SLAB_DEFINE_TYPE(name, type, slab_num_blocks) \
	K_MEM_SLAB_DEFINE(name, sizeof(type), slab_num_blocks, __alignof__(type))
/** As K_MEM_SLAB_DEFINE_TYPE() with static symbols. */
#define K_MEM_SLAB_DEFINE_STATIC_TYPE(name, type, slab_num_blocks) \
	K_MEM_SLAB_DEFINE_STATIC(name, sizeof(type), slab_num_blocks, __alignof__(type))
/** As K_MEM_SLAB_DEFINE() with the buffer given the attribute @a in_section (e.g. a section). */
#define K_MEM_SLAB_DEFINE_IN_SECT(name, in_section, slab_block_size, slab_num_blocks, slab_align) \
	Z_MEM_SLAB_DEFINE_IN(name, , in_section, slab_block_size, slab_num_blocks, slab_align)
/** As K_MEM_SLAB_DEFINE_IN_SECT() with static symbols. */
#define K_MEM_SLAB_DEFINE_IN_SECT_STATIC(name, in_section, slab_block_size, slab_num_blocks, slab_align) \
	Z_MEM_SLAB_DEFINE_IN(name, static, in_section, slab_block_size, slab_num_blocks, slab_align)

/**
 * @brief Make @a buffer a slab of @a num_blocks blocks of @a block_size bytes.
 * @context  thread or before main
 * @pre      no thread waits on @a slab; @a buffer holds num_blocks * block_size bytes
 * @post     all blocks free, counts and max_used zero, ascending first allocations;
 *           registered (once) in the memory registry
 * @complexity O(num_blocks / 32) + O(registered objects) (+ O(pool entries) for large slabs)
 * @retval   0        done
 * @retval   -EINVAL  @a slab NULL, block_size 0 or not a multiple of sizeof(void *),
 *                    buffer not a multiple of sizeof(void *) (or NULL with blocks),
 *                    block_size * num_blocks or buffer + that overflows
 * @retval   -ENOMEM  more than CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS blocks and the map pool
 *                    cannot serve the used map (rtmem extension)
 * @ub       re-init while blocks are in use by others
 */
int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size, uint32_t num_blocks);

/**
 * @brief Take a block, waiting up to @a timeout.
 * @context  thread; ISR and before main only with K_NO_WAIT
 * @pre      @a slab initialised, @a mem not NULL
 * @post     on 0 *@a mem is a block (contents undefined), num_used + 1 (not on a hand-off:
 *           the freeing thread's block is passed on with the count unchanged)
 * @complexity O(1), no loop (waiting: O(waiters) queue insertion). Host x86-64
 *           (bench W6): alloc + free pair 67 instructions, lock included
 * @retval   0        *@a mem set
 * @retval   -ENOMEM  no block and K_NO_WAIT (*@a mem = NULL); also an ISR with a timeout,
 *                    after the fatal path (test mode); also a corrupted free list, after
 *                    the fatal path
 * @retval   -EAGAIN  waited @a timeout without a block (*@a mem = NULL)
 * @ub       none
 */
int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout);

/**
 * @brief Give back @a mem; with a waiter, hand it straight to the first one.
 * @context  any (ISR too)
 * @pre      @a slab initialised
 * @post     block free (LIFO: the next alloc returns it) and num_used - 1, or handed to
 *           the highest-priority, longest-waiting thread (counts unchanged; it may
 *           preempt the caller)
 * @complexity O(1) (+ O(threads) wake-up); without waiters no call at all
 * @retval   (void) @a mem outside the buffer (NULL too), not on a block boundary, or
 *           not handed out (double free): fatal path (K_ERR_KERNEL_PANIC) naming the
 *           slab and pointer; nothing changed
 * @ub       none
 */
void k_mem_slab_free(struct k_mem_slab *slab, void *mem);

/**
 * @brief Blocks in use.
 * @context  any
 * @pre      @a slab initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   num_used
 * @ub       @a slab never initialised
 */
static inline uint32_t k_mem_slab_num_used_get(struct k_mem_slab *slab)
{
	return slab->slab.num_used;
}

/**
 * @brief Blocks free (num_blocks - num_used).
 * @context  any
 * @pre      @a slab initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   free blocks
 * @ub       @a slab never initialised
 */
static inline uint32_t k_mem_slab_num_free_get(struct k_mem_slab *slab)
{
	return slab->slab.num_blocks - slab->slab.num_used;
}

/**
 * @brief High-water mark of blocks in use since init or reset_max.
 * @context  any
 * @pre      @a slab initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   max_used (0 when CONFIG_MEM_SLAB_TRACE_MAX_UTILIZATION is 0)
 * @ub       @a slab never initialised
 */
static inline uint32_t k_mem_slab_max_used_get(struct k_mem_slab *slab)
{
	return IS_ENABLED(CONFIG_MEM_SLAB_TRACE_MAX_UTILIZATION) ? slab->slab.max_used : 0u;
}

/**
 * @brief Statistics in bytes: allocated = num_used * block_size, free = the rest,
 *        max = max_used * block_size.
 * @context  any
 * @pre      @a slab initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   0        filled
 * @retval   -EINVAL  @a slab or @a stats NULL
 * @ub       @a slab never initialised
 */
int k_mem_slab_runtime_stats_get(struct k_mem_slab *slab, struct sys_memory_stats *stats);

/**
 * @brief Set max_used to num_used.
 * @context  any
 * @pre      @a slab initialised
 * @post     max_used == num_used
 * @complexity O(1)
 * @retval   0        done
 * @retval   -EINVAL  @a slab NULL
 * @ub       @a slab never initialised
 */
int k_mem_slab_runtime_stats_reset_max(struct k_mem_slab *slab);

/**
 * @brief The statically defined slabs (K_MEM_SLAB_DEFINE ...), as a contiguous array
 *        (rtmem extension, k_heap_array_get's counterpart).
 * @context  any
 * @pre      @a slab not NULL
 * @post     *@a slab = first element (NULL if none)
 * @complexity O(1)
 * @retval   number of static slabs
 * @retval   -EINVAL  @a slab NULL
 * @ub       none
 */
int k_mem_slab_array_get(struct k_mem_slab **slab);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_K_MEM_SLAB_H_ */
