/*
 * Private inline fast paths of the slab core (rtmem/sys_slab.h). Shared by
 * core/slab_core.c and the kernel's k_mem_slab (kernel/mem_slab.c), which
 * inlines them inside its interrupt lock so that a k_mem_slab alloc + free
 * pair stays a few tens of instructions.
 *
 * Layout of a free block that was handed out before:
 *
 *   [ uint32_t next index | rest of the block: stale user data ]
 *
 * Blocks at index >= bump hold nothing of ours. The used map (1 bit per
 * block, outside the buffer) is the only truth about "handed out"; the link
 * words are trusted only after the map agrees (see sys_slab.h).
 *
 * Tracking seam (core/track.h): init = HEAP_INIT over the buffer; a block
 * handed out = TRACK_ALLOC(block, block_size); given back = TRACK_FREE
 * before its link word is written. Link words are metadata inside user
 * blocks, so every function touching them is RTMEM_NO_SANITIZE and brackets
 * the access with RTMEM_TRACK_ENTER/LEAVE.
 */
#ifndef RTMEM_CORE_SLAB_CORE_H_
#define RTMEM_CORE_SLAB_CORE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/sys_slab.h>
#include "track.h"

#if defined(__GNUC__)
#define Z_SLAB_LIKELY(x) __builtin_expect(!!(x), 1)
#define Z_SLAB_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define Z_SLAB_LIKELY(x) (x)
#define Z_SLAB_UNLIKELY(x) (x)
#endif

#define Z_SLAB_WORD_BITS (sizeof(uintptr_t) * 8u)

/* Block index of @a mem, or a value >= num_blocks when @a mem is not a block
 * start inside the buffer (proof in sys_slab.h: (p - buf) * inv is a multiple
 * of 2^shift exactly for multiples of block_size, and the rotate moves any
 * stray low bit to the top). */
static inline uintptr_t z_slab_index(const struct sys_slab *s, const void *mem)
{
	uintptr_t x = ((uintptr_t)mem - (uintptr_t)s->buffer) * s->inv;
	unsigned int k = s->shift;

	return (x >> k) | (x << ((Z_SLAB_WORD_BITS - k) & (Z_SLAB_WORD_BITS - 1u)));
}

static inline bool z_slab_bit_get(const struct sys_slab *s, uint32_t i)
{
	return (s->used_map[i / 32u] & ((uint32_t)1 << (i % 32u))) != 0u;
}

/* Record one more block handed out. */
static inline void z_slab_count_alloc(struct sys_slab *s, bool track_max)
{
	uint32_t used = s->num_used + 1u;

	s->num_used = used;
	if (track_max && used > s->max_used) {
		s->max_used = used;
	}
}

/**
 * Fast path: pop the freed-block stack if its top is consistent. NULL means
 * "take the slow path" (stack empty, bump blocks, or corruption): call
 * sys_slab_alloc() then. x86-64: 17 instructions (+5 with @a track_max).
 */
static inline RTMEM_NO_SANITIZE void *z_slab_alloc_fast(struct sys_slab *s, bool track_max)
{
	uint32_t i = s->free_head;

	if (Z_SLAB_UNLIKELY(i >= s->num_blocks)) {
		return NULL;
	}
	uint32_t *w = &s->used_map[i / 32u];
	uint32_t old = *w;
	uint32_t bit = (uint32_t)1 << (i % 32u);

	if (Z_SLAB_UNLIKELY((old & bit) != 0u)) {
		return NULL;
	}
	char *p = s->buffer + (size_t)i * s->block_size;

	*w = old ^ bit; /* the bit is clear: set it */
	RTMEM_TRACK_ENTER();
	s->free_head = *(const uint32_t *)(void *)p;
	RTMEM_TRACK_LEAVE();
	z_slab_count_alloc(s, track_max);
	RTMEM_TRACK_ALLOC(p, s->block_size);
	return p;
}

/**
 * Validate @a mem for freeing: SYS_SLAB_OK with *@a index set, or a fault
 * (nothing changed): SYS_SLAB_DOUBLE_FREE, or SYS_SLAB_FOREIGN_POINTER for
 * any pointer that is not a block start (the caller's error path asks
 * sys_slab_check() whether it is foreign or interior; keeping that out of
 * here leaves the fast path without a call). The caller then either releases
 * the block (z_slab_release) or hands it to a waiter (it stays handed out).
 */
static inline enum sys_slab_status z_slab_free_check(const struct sys_slab *s, const void *mem, uint32_t *index)
{
	uintptr_t i = z_slab_index(s, mem);

	if (Z_SLAB_UNLIKELY(i >= s->num_blocks)) {
		return SYS_SLAB_FOREIGN_POINTER;
	}
	if (Z_SLAB_UNLIKELY(!z_slab_bit_get(s, (uint32_t)i))) {
		return SYS_SLAB_DOUBLE_FREE;
	}
	*index = (uint32_t)i;
	return SYS_SLAB_OK;
}

/* Push block @a index (at @a mem, its used bit in *@a w as @a bit, set) on the freed-block stack. */
static inline RTMEM_NO_SANITIZE void z_slab_push(struct sys_slab *s, void *mem, uint32_t index, uint32_t *w,
						 uint32_t bit)
{
	*w ^= bit; /* the bit is set: clear it */
	RTMEM_TRACK_FREE(mem, s->block_size);
	RTMEM_TRACK_ENTER();
	*(uint32_t *)mem = s->free_head;
	RTMEM_TRACK_LEAVE();
	s->free_head = index;
	s->num_used--;
}

/** Push block @a index (at @a mem, checked by z_slab_free_check) on the freed-block stack. */
static inline RTMEM_NO_SANITIZE void z_slab_release(struct sys_slab *s, void *mem, uint32_t index)
{
	z_slab_push(s, mem, index, &s->used_map[index / 32u], (uint32_t)1 << (index % 32u));
}

/**
 * Fast path of a free: validate @a mem and push it in one pass (one map load).
 * false: not a handed-out block start, nothing changed (the caller's error
 * path classifies it with z_slab_free_check/sys_slab_check). x86-64: 17 instructions.
 */
static inline RTMEM_NO_SANITIZE bool z_slab_free_fast(struct sys_slab *s, void *mem)
{
	uintptr_t i = z_slab_index(s, mem);

	if (Z_SLAB_UNLIKELY(i >= s->num_blocks)) {
		return false;
	}
	uint32_t *w = &s->used_map[i / 32u];
	uint32_t bit = (uint32_t)1 << (i % 32u);

	if (Z_SLAB_UNLIKELY((*w & bit) == 0u)) {
		return false;
	}
	z_slab_push(s, mem, (uint32_t)i, w, bit);
	return true;
}

#endif /* RTMEM_CORE_SLAB_CORE_H_ */
