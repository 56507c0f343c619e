/*
 * Read-only checkers: sys_heap_validate_ex() (full walk), sys_heap_validate(),
 * sys_heap_invariants_hold() (O(1)) and sys_heap_walk(). None of them writes
 * to the heap (STYLE.md anti-pattern 5): a finding is reported, never patched.
 */
#include "heap.h"

static int diag(struct sys_heap_diag *out, enum sys_heap_diag_code code, size_t chunk, const char *text)
{
	if (out != NULL) {
		out->code = code;
		out->chunk = chunk;
		out->text = text;
	}
	return (int)code;
}

/* Control block fields in range (shared by validate and invariants). */
RTMEM_NO_SANITIZE static bool ctrl_sane(const struct z_heap *h)
{
	return h->sl_log >= 1u && h->sl_log <= 5u && h->rows >= 1u && h->rows <= 31u &&
	       h->words == (class_count(h) + 31u) / 32u &&
	       h->ctrl_units < h->end_chunk && (h->summary >> 1 >> (bitmap_words(h) - 1u)) == 0u &&
	       (!big_heap(h) || sizeof(void *) > 4u || h->big == 1u);
}

RTMEM_NO_SANITIZE static int validate(struct sys_heap *heap, struct sys_heap_diag *out)
{
	const struct z_heap *h;
	chunkid_t c, prev_c = 0u;
	uint32_t used_units = 0u, used_count = 0u, free_count = 0u, free_units = 0u, listed = 0u;

	if (heap == NULL || heap->heap == NULL) {
		return diag(out, SYS_HEAP_DIAG_BAD_HEAP, 0u, "heap not initialised");
	}
	h = heap->heap;
	if (!ctrl_sane(h) || chunk_size(h, 0u) != h->ctrl_units || !chunk_used(h, 0u)) {
		return diag(out, SYS_HEAP_DIAG_BAD_HEAP, 0u, "control block fields out of range");
	}

	/* 1. Chunk chain from the first user chunk to the end marker. */
	for (c = h->ctrl_units; c < h->end_chunk; prev_c = c, c = right_chunk(h, c)) {
		chunksz_t sz = chunk_size(h, c);

		if (sz < min_chunk(h) || sz > h->end_chunk - c) {
			return diag(out, SYS_HEAP_DIAG_CHUNK_SIZE, c, "chunk size out of range");
		}
		if (left_size(h, c) != (prev_c == 0u ? h->ctrl_units : chunk_size(h, prev_c))) {
			return diag(out, SYS_HEAP_DIAG_LEFT_SIZE, c, "left-size differs from left neighbour's size");
		}
		if (chunk_used(h, c)) {
			if (HARDENING >= 3 && *canary_slot(h, c) != canary_value(h, c)) {
				return diag(out, SYS_HEAP_DIAG_CANARY, c, "trailer canary overwritten");
			}
			used_units += sz;
			used_count++;
		} else {
			if (prev_c != 0u && !chunk_used(h, prev_c)) {
				return diag(out, SYS_HEAP_DIAG_ADJACENT_FREE, c, "two adjacent free chunks");
			}
			free_units += sz;
			free_count++;
		}
	}
	if (c != h->end_chunk || chunk_size(h, c) != 0u || !chunk_used(h, c) ||
	    left_size(h, c) != (prev_c == 0u ? h->ctrl_units : chunk_size(h, prev_c))) {
		return diag(out, SYS_HEAP_DIAG_END_MARKER, c, "end marker damaged");
	}

	/* 2. Free lists: entries free, in range, in their class, linked both ways;
	 *    bitmaps equal to non-empty lists. Walks are bounded by free_count. */
	for (uint32_t w = 0u; w < bitmap_words(h); w++) {
		uint32_t word = bitmap_of(h)[w];

		if ((word != 0u) != (((h->summary >> w) & 1u) != 0u)) {
			return diag(out, SYS_HEAP_DIAG_BITMAP, w * 32u, "summary bit differs from bitmap word");
		}
		for (uint32_t idx = w * 32u; idx < w * 32u + 32u && idx < class_count(h); idx++) {
			chunkid_t e = head_get(h, idx), p = 0u;

			if (((word >> (idx % 32u)) & 1u) != (e != 0u ? 1u : 0u)) {
				return diag(out, SYS_HEAP_DIAG_BITMAP, idx, "bitmap bit differs from list state");
			}
			for (; e != 0u; p = e, e = cf_get(h, e, FREE_NEXT)) {
				if (e < h->ctrl_units || e >= h->end_chunk || chunk_used(h, e) ||
				    chunk_size(h, e) < min_chunk(h) || size_class(h, chunk_size(h, e)) != idx) {
					return diag(out, SYS_HEAP_DIAG_LIST_ENTRY, e,
						    "free-list entry not a free chunk of its class");
				}
				if (cf_get(h, e, FREE_PREV) != p) {
					return diag(out, SYS_HEAP_DIAG_LIST_LINK, e, "free-list prev does not point back");
				}
				if (++listed > free_count) {
					return diag(out, SYS_HEAP_DIAG_LIST_LINK, e, "free list longer than the free chunks");
				}
			}
		}
	}
	if (listed != free_count) {
		return diag(out, SYS_HEAP_DIAG_FREE_UNLISTED, 0u, "a free chunk is on no free list");
	}

	/* 3. Statistics equal to the recomputed sums. */
	if (h->allocated_units != used_units || h->used_blocks != used_count || h->free_blocks != free_count ||
	    h->max_allocated_units < used_units ||
	    free_units + used_units + h->ctrl_units + 1u != h->end_chunk + 1u) {
		return diag(out, SYS_HEAP_DIAG_STATS, 0u, "statistics differ from the recomputed sums");
	}
	return diag(out, SYS_HEAP_DIAG_OK, 0u, "ok");
}

RTMEM_NO_SANITIZE int sys_heap_validate_ex(struct sys_heap *heap, struct sys_heap_diag *out)
{
	int rc;

	RTMEM_TRACK_ENTER();
	rc = validate(heap, out);
	RTMEM_TRACK_LEAVE();
	return rc;
}

bool sys_heap_validate(struct sys_heap *heap)
{
	return sys_heap_validate_ex(heap, NULL) == 0;
}

RTMEM_NO_SANITIZE static bool invariants(const struct z_heap *h)
{
	chunkid_t first = h->ctrl_units;
	uint32_t words = 0u, nw = bitmap_words(h), spare = nw * 32u - class_count(h);

	if (!ctrl_sane(h) || chunk_size(h, 0u) != h->ctrl_units || !chunk_used(h, 0u) ||
	    chunk_size(h, h->end_chunk) != 0u || !chunk_used(h, h->end_chunk) ||
	    left_size(h, first) != h->ctrl_units || left_size(h, h->end_chunk) > h->end_chunk - first ||
	    h->allocated_units > h->end_chunk - first || h->max_allocated_units < h->allocated_units ||
	    (h->free_blocks == 0u) != (h->summary == 0u) ||
	    h->used_blocks > h->allocated_units / min_chunk(h) ||
	    h->free_blocks > (h->end_chunk - first - h->allocated_units) / min_chunk(h)) {
		return false;
	}
	for (uint32_t w = 0u; w < nw; w++) {
		words |= (bitmap_of(h)[w] != 0u ? 1u : 0u) << w;
	}
	/* No bits for classes beyond the last one. */
	return words == h->summary && (spare == 0u || (bitmap_of(h)[nw - 1u] >> (32u - spare)) == 0u);
}

RTMEM_NO_SANITIZE bool sys_heap_invariants_hold(struct sys_heap *heap)
{
	bool ok;

	if (heap == NULL || heap->heap == NULL) {
		return false;
	}
	RTMEM_TRACK_ENTER();
	ok = invariants(heap->heap);
	RTMEM_TRACK_LEAVE();
	return ok;
}

RTMEM_NO_SANITIZE void sys_heap_walk(struct sys_heap *heap, sys_heap_walk_cb_t cb, void *arg)
{
	const struct z_heap *h = heap->heap;

	if (h == NULL || cb == NULL) {
		return;
	}
	RTMEM_TRACK_ENTER();
	for (chunkid_t c = h->ctrl_units; c < h->end_chunk && chunk_size(h, c) != 0u; c = right_chunk(h, c)) {
		cb(heap_base(h) + (size_t)c * CHUNK_UNIT, (size_t)chunk_size(h, c) * CHUNK_UNIT, chunk_used(h, c), arg);
	}
	RTMEM_TRACK_LEAVE();
}
