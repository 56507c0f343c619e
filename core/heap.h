/*
 * Private layout of the sys_heap core, shared by core/ sources and tests/core
 * (tests include this header rather than copying the layout).
 *
 * Buffer (start rounded up, end rounded down to 8 bytes), in 8-byte units:
 *
 *   unit 0                 ctrl_units                                  end_chunk
 *   | struct z_heap, class bitmap, list heads | chunk | chunk | ... | chunk | end marker |
 *     (chunk 0: permanently "used")                                     (size 0, used)
 *
 * Chunk header, at the chunk's first unit; field width 32 bits ("big",
 * 8-byte header) on 64-bit builds and on 32-bit heaps of 2^15 units or more,
 * else 16 bits ("small", 4-byte header); 32-bit builds can fix the choice at
 * compile time (CONFIG_SYS_HEAP_SMALL_ONLY / _BIG_ONLY, config.h):
 *
 *   | LEFT_SIZE | SIZE_AND_USED | payload ...                    [trailer] |
 *   | LEFT_SIZE | SIZE_AND_USED | FREE_PREV | FREE_NEXT | unused ...        |  (free chunk)
 *
 * LEFT_SIZE comes first on purpose: an overrun of the block to the left hits
 * it first, and the "left neighbour's size == my LEFT_SIZE" check sees it.
 * SIZE_AND_USED = size_units << 1 | used. Chunk ids and free-list links are
 * unit offsets from the buffer start; 0 (chunk 0, never free) is "none".
 * Free lists are NULL-terminated, doubly linked, LIFO; insertion follows no
 * link, so a corrupted link is only ever read by a checked unlink.
 * FULL hardening: a used chunk's last 8 bytes hold a canary derived from the
 * chunk id and a per-heap key.
 */
#ifndef RTMEM_CORE_HEAP_H_
#define RTMEM_CORE_HEAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <rtmem/sys_heap.h>
#include <rtmem/heap_listener.h>
#include "track.h"

#ifndef EINVAL
#define EINVAL 22
#endif

typedef uint32_t chunkid_t;   /* unit offset of a chunk from the buffer start */
typedef uint32_t chunksz_t;   /* size in units */

#define CHUNK_UNIT 8u
#define HARDENING RTMEM_HEAP_HARDENING
#define TRAILER_BYTES Z_HEAP_TRAILER_BYTES
#define ALLOC_LOOPS ((unsigned int)CONFIG_SYS_HEAP_ALLOC_LOOPS)
/* Granularity of block pointers: 4 on 32-bit builds (see sys_heap.h). */
#define PTR_GRAIN ((uintptr_t)(sizeof(void *) == 4u ? 4u : 8u))
#define CANARY_MUL 0x9E3779B1u

enum chunk_field { LEFT_SIZE = 0, SIZE_AND_USED = 1, FREE_PREV = 2, FREE_NEXT = 3 };

/* Control block at the start of the buffer. Fixed size Z_HEAP_STRUCT_BYTES
 * (SYS_HEAP_MIN_SIZE_FOR depends on it). Statistics are in units/counts. */
struct z_heap {
	uint32_t chunk0_hdr[2];    /* header slot of chunk 0 (this block) */
	chunkid_t end_chunk;       /* unit offset of the end marker */
	uint8_t sl_log;            /* log2 of sub-classes per row (L) */
	uint8_t rows;              /* rows of classes (<= 31); classes = rows << sl_log */
	uint8_t big;               /* 32-bit fields (8-byte header) */
	uint8_t words;             /* bitmap words = ceil(classes / 32) */
	uint32_t summary;          /* bit w: bitmap word w is non-zero */
	uint32_t canary_key;       /* FULL: per-heap canary key */
	uint32_t allocated_units;  /* sum of used chunk sizes */
	uint32_t max_allocated_units;
	uint32_t free_blocks;
	uint32_t used_blocks;
	uint32_t failed_allocs;
	uint32_t faults;
	uint32_t steps;            /* CONFIG_RTMEM_HEAP_COUNT_STEPS: steps of the last call */
	uint32_t ctrl_units;       /* size of chunk 0 = first user chunk id */
	uint32_t tail[];           /* bitmap[words] (bit idx = class idx non-empty), then heads[classes] (u16 or u32) */
};

_Static_assert(sizeof(struct z_heap) == Z_HEAP_STRUCT_BYTES, "Z_HEAP_STRUCT_BYTES out of date");
_Static_assert(sizeof(struct z_heap) % CHUNK_UNIT == 0, "control block not unit aligned");
_Static_assert(CONFIG_SYS_HEAP_ALLOC_LOOPS >= 1, "need at least one probe");

/* Hot-path helpers are forced inline for speed, except when optimising for
 * size (Cortex-M -Os), where sharing one copy keeps .text small. */
#ifdef __OPTIMIZE_SIZE__
#define HOT static
#define FIELD_ACCESS static __attribute__((noinline, unused))
#else
#define HOT static inline __attribute__((always_inline))
#define FIELD_ACCESS static inline
#endif

/* ---- layout helpers ------------------------------------------------------- */

RTMEM_NO_SANITIZE static inline bool big_heap(const struct z_heap *h)
{
	/* Compile-time on 64-bit builds and with SMALL_ONLY / BIG_ONLY (config.h). */
	return sizeof(void *) > 4u || RTMEM_HEAP_LAYOUT == 2 || (RTMEM_HEAP_LAYOUT == 0 && h->big != 0u);
}

RTMEM_NO_SANITIZE static inline size_t hdr_bytes(const struct z_heap *h)
{
	return big_heap(h) ? 8u : 4u;
}

RTMEM_NO_SANITIZE static inline chunksz_t min_chunk(const struct z_heap *h)
{
	return big_heap(h) ? 2u : 1u;
}

RTMEM_NO_SANITIZE static inline uint8_t *heap_base(const struct z_heap *h)
{
	return (uint8_t *)(uintptr_t)h;
}

RTMEM_NO_SANITIZE FIELD_ACCESS uint32_t cf_get(const struct z_heap *h, chunkid_t c, enum chunk_field f)
{
	if (big_heap(h)) {
		return ((const uint32_t *)(const void *)h)[(size_t)c * 2u + (size_t)f];
	}
	return ((const uint16_t *)(const void *)h)[(size_t)c * 4u + (size_t)f];
}

RTMEM_NO_SANITIZE FIELD_ACCESS void cf_set(struct z_heap *h, chunkid_t c, enum chunk_field f, uint32_t v)
{
	if (big_heap(h)) {
		((uint32_t *)(void *)h)[(size_t)c * 2u + (size_t)f] = v;
	} else {
		((uint16_t *)(void *)h)[(size_t)c * 4u + (size_t)f] = (uint16_t)v;
	}
}

RTMEM_NO_SANITIZE static inline chunksz_t chunk_size(const struct z_heap *h, chunkid_t c)
{
	return cf_get(h, c, SIZE_AND_USED) >> 1;
}

RTMEM_NO_SANITIZE static inline bool chunk_used(const struct z_heap *h, chunkid_t c)
{
	return (cf_get(h, c, SIZE_AND_USED) & 1u) != 0u;
}

RTMEM_NO_SANITIZE static inline chunksz_t left_size(const struct z_heap *h, chunkid_t c)
{
	return cf_get(h, c, LEFT_SIZE);
}

RTMEM_NO_SANITIZE static inline void set_size_used(struct z_heap *h, chunkid_t c, chunksz_t sz, bool used)
{
	cf_set(h, c, SIZE_AND_USED, (sz << 1) | (used ? 1u : 0u));
}

RTMEM_NO_SANITIZE static inline void set_left_size(struct z_heap *h, chunkid_t c, chunksz_t sz)
{
	cf_set(h, c, LEFT_SIZE, sz);
}

RTMEM_NO_SANITIZE static inline uint32_t class_count(const struct z_heap *h)
{
	return (uint32_t)h->rows << h->sl_log;
}

RTMEM_NO_SANITIZE static inline uint32_t bitmap_words(const struct z_heap *h)
{
	return h->words;
}

RTMEM_NO_SANITIZE static inline uint32_t *heads32(const struct z_heap *h)
{
	return (uint32_t *)(uintptr_t)&h->tail[h->words];
}

/* Class bitmap (fixed offset: scanned by every alloc that leaves its own class). */
RTMEM_NO_SANITIZE static inline uint32_t *bitmap_of(const struct z_heap *h)
{
	return (uint32_t *)(uintptr_t)h->tail;
}

RTMEM_NO_SANITIZE FIELD_ACCESS chunkid_t head_get(const struct z_heap *h, uint32_t idx)
{
	if (big_heap(h)) {
		return heads32(h)[idx];
	}
	return ((const uint16_t *)heads32(h))[idx];
}

RTMEM_NO_SANITIZE FIELD_ACCESS void head_set(struct z_heap *h, uint32_t idx, chunkid_t c)
{
	if (big_heap(h)) {
		heads32(h)[idx] = c;
	} else {
		((uint16_t *)heads32(h))[idx] = (uint16_t)c;
	}
}

RTMEM_NO_SANITIZE static inline unsigned int log2_u32(uint32_t v)
{
	return 31u - (unsigned int)__builtin_clz(v);
}

/* Class of a chunk of s units (s >= 1): exact below 2^L, else row
 * floor(log2 s) - L + 1 with 2^L linear sub-classes. No division. */
RTMEM_NO_SANITIZE static inline uint32_t size_class(const struct z_heap *h, chunksz_t s)
{
	unsigned int sl = h->sl_log;
	unsigned int f = log2_u32(s);
	unsigned int sh = f > sl ? f - sl : 0u;

	return ((uint32_t)sh << sl) + (s >> sh);
}

/* Smallest size (units) of class idx. */
RTMEM_NO_SANITIZE static inline chunksz_t class_min_size(const struct z_heap *h, uint32_t idx)
{
	unsigned int sl = h->sl_log;
	uint32_t row = idx >> sl;
	uint32_t col = idx & ((1u << sl) - 1u);

	if (row == 0u) {
		return col;
	}
	return ((1u << sl) + col) << (row - 1u);
}

RTMEM_NO_SANITIZE static inline chunkid_t right_chunk(const struct z_heap *h, chunkid_t c)
{
	return c + chunk_size(h, c);
}

RTMEM_NO_SANITIZE static inline void *chunk_mem(const struct z_heap *h, chunkid_t c)
{
	return heap_base(h) + (size_t)c * CHUNK_UNIT + hdr_bytes(h);
}

/* Usable payload bytes of a used chunk of sz units for pointer p's chunk start. */
RTMEM_NO_SANITIZE static inline size_t chunk_usable(const struct z_heap *h, chunksz_t sz)
{
	return (size_t)sz * CHUNK_UNIT - hdr_bytes(h) - TRAILER_BYTES;
}

RTMEM_NO_SANITIZE static inline uint32_t *canary_slot(const struct z_heap *h, chunkid_t c)
{
	return (uint32_t *)(void *)(heap_base(h) + (size_t)right_chunk(h, c) * CHUNK_UNIT - 8u);
}

RTMEM_NO_SANITIZE static inline uint32_t canary_value(const struct z_heap *h, chunkid_t c)
{
	return h->canary_key ^ (c * CANARY_MUL);
}

/* Step counter for the O(1) bound test (compiles away unless enabled). */
RTMEM_NO_SANITIZE static inline void step(struct z_heap *h)
{
	if (CONFIG_RTMEM_HEAP_COUNT_STEPS) {
		h->steps++;
	}
}

/* Cross-file internals. */
void z_heap_notify(struct sys_heap *heap, enum heap_event_types evt, void *mem, size_t bytes);
extern struct heap_listener *z_heap_listeners;

RTMEM_NO_SANITIZE static inline void notify(struct sys_heap *heap, enum heap_event_types evt, void *mem, chunksz_t units)
{
	if (CONFIG_SYS_HEAP_LISTENER && z_heap_listeners != NULL) {
		z_heap_notify(heap, evt, mem, (size_t)units * CHUNK_UNIT);
	}
}

#endif /* RTMEM_CORE_HEAP_H_ */
