/*
 * Slab core: init, the slow allocation path (bump blocks, empty, corrupted
 * stack), pointer classification, and out-of-line forms of the fast paths
 * of slab_core.h. Design and proofs: rtmem/sys_slab.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <rtmem/sys_slab.h>
#include "slab_core.h"

#ifndef EINVAL
#define EINVAL 22
#endif

/* Inverse of odd @a d modulo 2^W (Newton's iteration, 5 steps >= 96 bits). */
static uintptr_t odd_inverse(uintptr_t d)
{
	uintptr_t x = d;

	for (int i = 0; i < 5; i++) {
		x *= (uintptr_t)2 - d * x;
	}
	return x;
}

int sys_slab_params_check(const void *buffer, size_t block_size, uint32_t num_blocks)
{
	if (block_size < sizeof(uint32_t) || (block_size % sizeof(void *)) != 0u ||
	    ((uintptr_t)buffer % sizeof(void *)) != 0u || num_blocks == SYS_SLAB_NIL) {
		return -EINVAL;
	}
	if (num_blocks != 0u && buffer == NULL) {
		return -EINVAL;
	}
	/* block_size * num_blocks and buffer + that must not wrap (the index
	 * proof needs num_blocks * block_size < 2^W). */
	if ((size_t)num_blocks > SIZE_MAX / block_size) {
		return -EINVAL;
	}
	if ((uintptr_t)buffer > UINTPTR_MAX - (size_t)num_blocks * block_size) {
		return -EINVAL;
	}
	return 0;
}

int sys_slab_init(struct sys_slab *s, void *buffer, size_t block_size, uint32_t num_blocks, uint32_t *map)
{
	if (s == NULL || sys_slab_params_check(buffer, block_size, num_blocks) != 0 ||
	    (num_blocks != 0u && map == NULL)) {
		return -EINVAL;
	}
	size_t total = (size_t)num_blocks * block_size;
	unsigned int k = 0;

	while (((block_size >> k) & 1u) == 0u) {
		k++;
	}
	s->buffer = buffer;
	s->block_size = block_size;
	s->used_map = map;
	s->inv = odd_inverse((uintptr_t)(block_size >> k));
	s->shift = (uint8_t)k;
	s->free_head = SYS_SLAB_NIL;
	s->bump = 0;
	s->num_blocks = num_blocks;
	s->num_used = 0;
	s->max_used = 0;
	s->faults = 0;
	for (size_t w = 0; w < SYS_SLAB_MAP_WORDS(num_blocks); w++) {
		map[w] = 0;
	}
	if (total != 0u) {
		RTMEM_TRACK_HEAP_INIT(buffer, total);
		RTMEM_TRACK_LEAVE();
	}
	return 0;
}

RTMEM_NO_SANITIZE void *sys_slab_alloc(struct sys_slab *s, enum sys_slab_status *status)
{
	void *p = z_slab_alloc_fast(s, true);
	enum sys_slab_status st = SYS_SLAB_OK;

	if (p != NULL) {
		goto out;
	}
	if (s->free_head == SYS_SLAB_NIL) {
		if (s->bump >= s->num_blocks) {
			st = SYS_SLAB_EMPTY;
			goto out;
		}
		uint32_t i = s->bump++;

		/* A bump block is never in the map: its bit is clear unless the
		 * map was corrupted from outside; trust the map. */
		s->used_map[i / 32u] |= (uint32_t)1 << (i % 32u);
		p = s->buffer + (size_t)i * s->block_size;
		z_slab_count_alloc(s, true);
		RTMEM_TRACK_ALLOC(p, s->block_size);
		goto out;
	}
	/* The top link names a live block or no block: a freed block was
	 * written after its free. Cut the stack here (the blocks below it are
	 * lost, never handed out twice). */
	s->free_head = SYS_SLAB_NIL;
	s->faults++;
	st = SYS_SLAB_CORRUPT_FREE_LIST;
out:
	if (status != NULL) {
		*status = st;
	}
	return p;
}

enum sys_slab_status sys_slab_check(const struct sys_slab *s, const void *mem)
{
	uintptr_t i = z_slab_index(s, mem);

	if (i < s->num_blocks) {
		return z_slab_bit_get(s, (uint32_t)i) ? SYS_SLAB_OK : SYS_SLAB_DOUBLE_FREE;
	}
	uintptr_t off = (uintptr_t)mem - (uintptr_t)s->buffer;

	return off < (uintptr_t)s->num_blocks * s->block_size ? SYS_SLAB_BAD_POINTER : SYS_SLAB_FOREIGN_POINTER;
}

RTMEM_NO_SANITIZE enum sys_slab_status sys_slab_free(struct sys_slab *s, void *mem)
{
	if (Z_SLAB_UNLIKELY(!z_slab_free_fast(s, mem))) {
		s->faults++;
		return sys_slab_check(s, mem); /* foreign vs interior; nothing changed */
	}
	return SYS_SLAB_OK;
}
