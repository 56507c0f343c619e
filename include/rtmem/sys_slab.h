/*
 * sys_slab — rtmem's fixed-size block core (freestanding; k_mem_slab is the
 * kernel object on top of it: lock, wait queue, hand-off, fatal path).
 *
 * What it is. num_blocks blocks of block_size bytes in one caller buffer.
 * alloc and free are O(1) with no loop at all; the only per-block overhead is
 * ONE BIT outside the buffer (the used map), so every byte of the buffer is
 * usable (Zephyr's buffer size: num_blocks * block_size).
 *
 * Design.
 *   - Free blocks that were handed out before form a LIFO stack linked
 *     through their first 4 bytes (a 32-bit block INDEX, not a pointer);
 *     blocks never handed out are taken in ascending address order by a bump
 *     index. Observable order is Zephyr's: first allocations ascending, a
 *     freed block is the next one handed out (LIFO). Init is O(1) (plus the
 *     used map clear): no list is built.
 *   - Pointer -> index with no division: for block_size = d0 * 2^k (d0 odd),
 *     index = ror((p - buffer) * inv(d0), k) mod 2^W, where inv(d0) is d0's
 *     inverse modulo 2^W. The result is < num_blocks EXACTLY when p is a block
 *     start inside the buffer (interior, misaligned, outside: >= num_blocks),
 *     so validation and index cost sub + mul + ror + cmp.
 *   - Exact double-free detection: the used map has one bit per block,
 *     1 = handed out. free requires the bit set (else SYS_SLAB_DOUBLE_FREE,
 *     nothing changed, counts stay right); alloc requires it clear (a
 *     corrupted link that names a live block is SYS_SLAB_CORRUPT_FREE_LIST).
 *     This is not a tag that user data could imitate: the map is outside the
 *     blocks. It works for 1-word blocks. Cost: ~10 instructions per call
 *     (x86-64: the inline alloc + free pair is 52 instructions, of which
 *     ~20 are the map test/update, bench/mem_bench.c).
 *     The map's storage comes from the caller: K_MEM_SLAB_DEFINE declares it
 *     statically, k_mem_slab_init uses an inline map or a pool (k_mem_slab.h).
 *
 * Overhead: 1 bit per block (rounded up to 32-bit words) + this struct.
 * Not synchronised: the caller serialises every call on one slab.
 */
#ifndef RTMEM_SYS_SLAB_H_
#define RTMEM_SYS_SLAB_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Index that ends the freed-block stack. */
#define SYS_SLAB_NIL UINT32_MAX

/** Result of a slab operation that can find a contract violation. */
enum sys_slab_status {
	/** Success. */
	SYS_SLAB_OK = 0,
	/** Pointer outside the slab's buffer (another slab, the stack, a static). */
	SYS_SLAB_FOREIGN_POINTER,
	/** Pointer inside the buffer but not on a block boundary (interior, misaligned). */
	SYS_SLAB_BAD_POINTER,
	/** Block not handed out (double free, or never allocated). */
	SYS_SLAB_DOUBLE_FREE,
	/** A freed block's link names a live block or an index out of range (use after free). */
	SYS_SLAB_CORRUPT_FREE_LIST,
	/** No free block. */
	SYS_SLAB_EMPTY,
};

/** A slab instance. All fields are private; read them through the API. */
struct sys_slab {
	/** First block. */
	char *buffer;
	/** Bytes per block (>= 4). */
	size_t block_size;
	/** Used map: bit i of word i / 32 set = block i handed out. */
	uint32_t *used_map;
	/** Inverse of the odd part of block_size modulo 2^(bits of uintptr_t). */
	uintptr_t inv;
	/** Top of the freed-block stack (block index), SYS_SLAB_NIL if empty. */
	uint32_t free_head;
	/** Blocks [bump, num_blocks) were never handed out. */
	uint32_t bump;
	/** Blocks in the buffer. */
	uint32_t num_blocks;
	/** Blocks handed out now. */
	uint32_t num_used;
	/** High-water mark of num_used (never decreases except by reset_max). */
	uint32_t max_used;
	/** Contract violations found (never decreases). */
	uint32_t faults;
	/** Trailing zero bits of block_size. */
	uint8_t shift;
};

/** @cond INTERNAL: compile-time inverse (Newton: each step doubles the correct low bits, 3 -> 96). */
#define Z_SLAB_CTZ(bs) ((uint8_t)__builtin_ctzll((unsigned long long)(bs)))
#define Z_SLAB_ODD(bs) ((uintptr_t)(bs) >> Z_SLAB_CTZ(bs))
#define Z_SLAB_NEWTON(d, x) ((x) * ((uintptr_t)2 - (d) * (x)))
#define Z_SLAB_INV5(d) Z_SLAB_NEWTON(d, Z_SLAB_NEWTON(d, Z_SLAB_NEWTON(d, Z_SLAB_NEWTON(d, Z_SLAB_NEWTON(d, d)))))
/** @endcond */

/** 32-bit words of used map for @a num_blocks blocks. */
#define SYS_SLAB_MAP_WORDS(num_blocks) (((size_t)(num_blocks) + 31u) / 32u)

/**
 * Static initialiser of a slab over @a buf (@a num_blocks blocks of @a bs
 * bytes) with the zeroed used map @a map (SYS_SLAB_MAP_WORDS(num_blocks)
 * words). Constant expression: no init call needed.
 */
#define SYS_SLAB_INITIALIZER(buf, bs, num, map)                                                        \
	{ .buffer = (char *)(buf), .block_size = (bs), .used_map = (map), .inv = Z_SLAB_INV5(Z_SLAB_ODD(bs)), \
	  .free_head = SYS_SLAB_NIL, .bump = 0, .num_blocks = (num), .num_used = 0, .max_used = 0,       \
	  .faults = 0, .shift = Z_SLAB_CTZ(bs) }

/**
 * @brief Check slab parameters without touching anything (sys_slab_init()'s -EINVAL cases).
 * @context  any
 * @pre      none
 * @post     nothing changed
 * @complexity O(1)
 * @retval   0        acceptable
 * @retval   -EINVAL  as sys_slab_init() (a NULL map is not checked here)
 * @ub       none
 */
int sys_slab_params_check(const void *buffer, size_t block_size, uint32_t num_blocks);

/**
 * @brief Make @a buffer a slab of @a num_blocks blocks of @a block_size bytes.
 * @context  any; NOT synchronised
 * @pre      @a map has SYS_SLAB_MAP_WORDS(@a num_blocks) words, used by no other slab
 * @post     all blocks free; the first allocations return ascending addresses;
 *           counts and max zero; map cleared
 * @complexity O(num_blocks / 32) (map clear)
 * @retval   0        success
 * @retval   -EINVAL  @a s NULL, @a block_size < 4, block_size or buffer not a multiple of
 *                    sizeof(void *), @a map NULL with blocks, @a buffer NULL with blocks,
 *                    block_size * num_blocks or buffer + that overflows, num_blocks == UINT32_MAX
 * @ub       buffer shorter than block_size * num_blocks
 */
int sys_slab_init(struct sys_slab *s, void *buffer, size_t block_size, uint32_t num_blocks, uint32_t *map);

/**
 * @brief Take one block (out-of-line form of the inline fast path).
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     the block is handed out; num_used + 1; contents undefined
 * @complexity O(1), no loop
 * @retval   the block; NULL if none is free or the freed-block stack is corrupted
 *           (*@a status, if not NULL, says SYS_SLAB_EMPTY or SYS_SLAB_CORRUPT_FREE_LIST;
 *           a corrupted stack is cut off there)
 * @ub       @a s not initialised
 */
void *sys_slab_alloc(struct sys_slab *s, enum sys_slab_status *status);

/**
 * @brief Give back the block at @a mem.
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     on SYS_SLAB_OK the block is the next one handed out; otherwise nothing changed
 *           except the fault counter
 * @complexity O(1), no loop
 * @retval   SYS_SLAB_OK
 * @retval   SYS_SLAB_FOREIGN_POINTER  outside the buffer (NULL included)
 * @retval   SYS_SLAB_BAD_POINTER      inside, not a block start
 * @retval   SYS_SLAB_DOUBLE_FREE      block not handed out
 * @ub       @a s not initialised
 */
enum sys_slab_status sys_slab_free(struct sys_slab *s, void *mem);

/**
 * @brief Classify @a mem against @a s without changing anything.
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   SYS_SLAB_OK (a live block), or the status sys_slab_free() would return
 * @ub       @a s not initialised
 */
enum sys_slab_status sys_slab_check(const struct sys_slab *s, const void *mem);

/**
 * @brief Blocks handed out.
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   the count
 * @ub       @a s not initialised
 */
static inline uint32_t sys_slab_num_used_get(const struct sys_slab *s)
{
	return s->num_used;
}

/**
 * @brief Blocks free.
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   the count
 * @ub       @a s not initialised
 */
static inline uint32_t sys_slab_num_free_get(const struct sys_slab *s)
{
	return s->num_blocks - s->num_used;
}

/**
 * @brief High-water mark of blocks handed out.
 * @context  any; NOT synchronised
 * @pre      @a s initialised
 * @post     nothing changed
 * @complexity O(1)
 * @retval   the count
 * @ub       @a s not initialised
 */
static inline uint32_t sys_slab_max_used_get(const struct sys_slab *s)
{
	return s->max_used;
}

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_SYS_SLAB_H_ */
