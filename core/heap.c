/*
 * sys_heap core: init, alloc, aligned alloc, free, realloc, usable size.
 * Layout and helpers: heap.h. Design and bounds: include/rtmem/sys_heap.h.
 */
#include "heap.h"

/* ---- fault path ------------------------------------------------------------ */

struct fault_site {
	enum sys_heap_fault_reason reason;
	int line;
	const char *what;
};

/* One static record per call site keeps each site to three arguments (code size). */
#define FAULT(heap, ptr, rsn, text) \
	({ static const struct fault_site site_ = { (rsn), __LINE__, (text) }; heap_fault((heap), (ptr), &site_); })

__attribute__((weak)) void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	(void)info;
	__builtin_trap();
}

__attribute__((noinline, cold)) RTMEM_NO_SANITIZE static void heap_fault(struct sys_heap *heap, void *ptr, const struct fault_site *site)
{
	struct sys_heap_fault_info info = {
		.heap = heap, .ptr = ptr, .reason = site->reason, .what = site->what,
		.file = __FILE__, .line = site->line,
	};

	if (heap != NULL && heap->heap != NULL) {
		heap->heap->faults++;
	}
	/* The handler runs outside the bracket: it may end the thread or
	 * longjmp, and checkers must report its own accesses (track.h). */
	RTMEM_TRACK_LEAVE();
	sys_heap_fault(&info);
	RTMEM_TRACK_ENTER();
}

/* EXTREME: full validation; true (after a fault) when the heap is corrupt. */
RTMEM_NO_SANITIZE static bool heap_corrupt(struct sys_heap *heap)
{
	struct sys_heap_diag d;

	if (HARDENING >= 4 && sys_heap_validate_ex(heap, &d) != 0) {
		FAULT(heap, (void *)(heap_base(heap->heap) + d.chunk * CHUNK_UNIT), SYS_HEAP_FAULT_VALIDATE, "full validation failed (see sys_heap_validate_ex)");
		return true;
	}
	return false;
}

/* ---- free lists ------------------------------------------------------------ */

/* Push free chunk c (size set) on its class list. Follows no link. */
HOT RTMEM_NO_SANITIZE void list_add(struct z_heap *h, chunkid_t c)
{
	uint32_t idx = size_class(h, chunk_size(h, c));
	chunkid_t first = head_get(h, idx);

	cf_set(h, c, FREE_PREV, 0u);
	cf_set(h, c, FREE_NEXT, first);
	if (first != 0u) {
		cf_set(h, first, FREE_PREV, c);
	} else {
		bitmap_of(h)[idx / 32u] |= 1u << (idx % 32u);
		h->summary |= 1u << (idx / 32u);
	}
	head_set(h, idx, c);
	h->free_blocks++;
}

/* Unlink free chunk c of class idx. */
HOT RTMEM_NO_SANITIZE void list_remove(struct z_heap *h, chunkid_t c, uint32_t idx)
{
	chunkid_t prev = cf_get(h, c, FREE_PREV);
	chunkid_t next = cf_get(h, c, FREE_NEXT);

	if (prev != 0u) {
		cf_set(h, prev, FREE_NEXT, next);
	} else {
		head_set(h, idx, next);
		if (next == 0u) {
			bitmap_of(h)[idx / 32u] &= ~(1u << (idx % 32u));
			if (bitmap_of(h)[idx / 32u] == 0u) {
				h->summary &= ~(1u << (idx / 32u));
			}
		}
	}
	if (next != 0u) {
		cf_set(h, next, FREE_PREV, prev);
	}
	h->free_blocks--;
}

/* MODERATE: free chunk c is correctly linked in class list idx (read-only). */
HOT RTMEM_NO_SANITIZE bool list_linked(const struct z_heap *h, chunkid_t c, uint32_t idx)
{
	chunkid_t prev = cf_get(h, c, FREE_PREV);
	chunkid_t next = cf_get(h, c, FREE_NEXT);

	if (prev == 0u ? head_get(h, idx) != c :
			 (prev >= h->end_chunk || cf_get(h, prev, FREE_NEXT) != c)) {
		return false;
	}
	return next == 0u || (next < h->end_chunk && cf_get(h, next, FREE_PREV) == c);
}

/* MODERATE: a free chunk about to be unlinked (from a list or as a merge
 * neighbour) is linked consistently; false after a fault. */
HOT RTMEM_NO_SANITIZE bool free_linked(struct sys_heap *heap, struct z_heap *h, chunkid_t c, uint32_t idx)
{
	if (HARDENING >= 2 && !list_linked(h, c, idx)) {
		FAULT(heap, chunk_mem(h, c), SYS_HEAP_FAULT_CORRUPT_FREE_LIST, "free-list link does not point back");
		return false;
	}
	return true;
}

/* ---- chunk helpers ----------------------------------------------------------- */

/* c (size s > n) keeps n units and its used flag; c+n becomes a free-marked
 * chunk of s-n units, not yet listed. */
HOT RTMEM_NO_SANITIZE chunkid_t split_chunk(struct z_heap *h, chunkid_t c, chunksz_t n)
{
	chunksz_t s = chunk_size(h, c);
	chunkid_t r = c + n;

	set_size_used(h, c, n, chunk_used(h, c));
	set_size_used(h, r, s - n, false);
	set_left_size(h, r, n);
	set_left_size(h, c + s, s - n);
	step(h);
	return r;
}

/* Merge state of a used chunk about to be freed: free neighbours and their
 * classes, computed once for the link checks and the unlinks. */
struct merge {
	chunkid_t r, l;
	uint32_t ridx, lidx;
	bool rfree, lfree;
};

HOT RTMEM_NO_SANITIZE void merge_plan(const struct z_heap *h, chunkid_t c, struct merge *m)
{
	m->r = right_chunk(h, c);
	m->l = c - left_size(h, c);
	m->rfree = !chunk_used(h, m->r);
	m->lfree = !chunk_used(h, m->l);
	m->ridx = m->rfree ? size_class(h, chunk_size(h, m->r)) : 0u;
	m->lidx = m->lfree ? size_class(h, chunk_size(h, m->l)) : 0u;
}

/* MODERATE: the free neighbours to be merged are correctly listed. */
HOT RTMEM_NO_SANITIZE bool merge_ok(struct sys_heap *heap, struct z_heap *h, const struct merge *m)
{
	return HARDENING < 2 || ((!m->rfree || free_linked(heap, h, m->r, m->ridx)) &&
				 (!m->lfree || free_linked(heap, h, m->l, m->lidx)));
}

/* Free used chunk c and merge it with its free neighbours (checked by the caller):
 *   [ left ][ c ][ right ]  =>  [ left          ]   (each merge only if free)
 * c's used bit is cleared even when it is absorbed, so a later free of the
 * same pointer reads as a double free. */
HOT RTMEM_NO_SANITIZE void free_chunk(struct z_heap *h, chunkid_t c, const struct merge *m)
{
	chunksz_t sz = chunk_size(h, c);

	if (m->rfree) {
		list_remove(h, m->r, m->ridx);
		sz += chunk_size(h, m->r);
		step(h);
	}
	if (m->lfree) {
		set_size_used(h, c, sz, false);
		list_remove(h, m->l, m->lidx);
		sz += chunk_size(h, m->l);
		c = m->l;
		step(h);
	}
	set_size_used(h, c, sz, false);
	set_left_size(h, c + sz, sz);
	list_add(h, c);
}

/* Units for a block of bytes starting pad bytes into its payload; 0 if bytes
 * is 0 or larger than the heap. bytes is bounded by the heap size before the
 * addition, so nothing wraps (32-bit heaps are capped at 2^28 units). */
HOT RTMEM_NO_SANITIZE chunksz_t bytes_to_units(const struct z_heap *h, size_t bytes, size_t pad)
{
	size_t units;

	if (bytes - 1u >= (size_t)h->end_chunk * CHUNK_UNIT) {
		return 0u;
	}
	units = (bytes + pad + hdr_bytes(h) + TRAILER_BYTES + CHUNK_UNIT - 1u) / CHUNK_UNIT;
	if (units > h->end_chunk) {
		return 0u;
	}
	return units < min_chunk(h) ? min_chunk(h) : (chunksz_t)units;
}

/* Find a listed free chunk of at least n units (left on its list, class in
 * *pidx); 0 if none (counted as a failed allocation) or after a fault.
 * Probes up to ALLOC_LOOPS entries of the own class (they may be too small),
 * then takes the head of the next non-empty class: every chunk there is at
 * least class_min_size > n. */
HOT RTMEM_NO_SANITIZE chunkid_t find_chunk(struct sys_heap *heap, struct z_heap *h, chunksz_t n, uint32_t *pidx)
{
	uint32_t idx = size_class(h, n);
	chunkid_t c = head_get(h, idx);
	uint32_t w, bits;

	for (unsigned int i = 0u; c != 0u && i < ALLOC_LOOPS; i++) {
		step(h);
		if (HARDENING >= 2 && c >= h->end_chunk) {
			goto found; /* a corrupted link: reported by the entry check */
		}
		if (chunk_size(h, c) >= n) {
			goto found;
		}
		c = cf_get(h, c, FREE_NEXT);
	}
	w = idx / 32u;
	bits = bitmap_of(h)[w] & (~1u << (idx % 32u));
	step(h);
	if (bits == 0u) {
		uint32_t words = h->summary & (~1u << w);

		step(h);
		if (words == 0u) {
			h->failed_allocs++;
			return 0u;
		}
		w = (uint32_t)__builtin_ctz(words);
		bits = bitmap_of(h)[w];
	}
	idx = w * 32u + (uint32_t)__builtin_ctz(bits);
	c = head_get(h, idx);
found:
	if (HARDENING >= 2 && (c < h->ctrl_units || c >= h->end_chunk || chunk_used(h, c) ||
			       chunk_size(h, c) > h->end_chunk - c ||
			       left_size(h, right_chunk(h, c)) != chunk_size(h, c))) {
		FAULT(heap, heap_base(h) + (size_t)c * CHUNK_UNIT, SYS_HEAP_FAULT_CORRUPT_FREE_LIST,
		      "free-list entry is not a free chunk");
		return 0u;
	}
	if (!free_linked(heap, h, c, idx)) {
		return 0u;
	}
	*pidx = idx;
	return c;
}

/* Stats, canary, tracking and listeners for a new used block at c + pad. */
HOT RTMEM_NO_SANITIZE void *block_out(struct sys_heap *heap, struct z_heap *h, chunkid_t c, chunksz_t s, size_t pad,
				      size_t bytes)
{
	uint8_t *mem;

	set_size_used(h, c, s, true);
	h->allocated_units += s;
	h->used_blocks++;
	if (h->allocated_units > h->max_allocated_units) {
		h->max_allocated_units = h->allocated_units;
	}
	if (HARDENING >= 3) {
		*canary_slot(h, c) = canary_value(h, c);
	}
	mem = (uint8_t *)chunk_mem(h, c) + pad;
	RTMEM_TRACK_ALLOC(mem, bytes);
	notify(heap, HEAP_ALLOC, mem, s);
	return mem;
}

/* c (unlinked, free-marked, size >= n) becomes a used block of n units; the
 * surplus is split off and listed (its neighbours are used: no merge). */
HOT RTMEM_NO_SANITIZE void *use_chunk(struct sys_heap *heap, struct z_heap *h, chunkid_t c, chunksz_t n, size_t pad,
				      size_t bytes)
{
	if (chunk_size(h, c) - n >= min_chunk(h)) {
		list_add(h, split_chunk(h, c, n));
	}
	return block_out(heap, h, c, chunk_size(h, c), pad, bytes);
}

/* Placement: a block of at least 1/32 of the heap is carved from the top of
 * its free chunk, a smaller one from the bottom. Keeping large and small
 * blocks apart measurably reduces fragmentation on small heaps (W2 on a
 * 32 KiB heap, 100 seeds: D2 0.815 -> 0.830, D3 0.819 -> 0.829) for one
 * compare per allocation. Returns the chunk to use; a split-off bottom part
 * is listed (its left neighbour is used: c was free). */
HOT RTMEM_NO_SANITIZE chunkid_t place_block(struct z_heap *h, chunkid_t c, chunksz_t n)
{
	chunksz_t s = chunk_size(h, c);

	if (n >= (h->end_chunk >> 5) && s - n >= min_chunk(h)) {
		split_chunk(h, c, s - n);
		list_add(h, c);
		c += s - n;
	}
	return c;
}

/* Map a user pointer to its chunk with the BASIC checks; 0 after a fault.
 * Order: range, grain, size sanity, used bit, then neighbour links — so a
 * stale header left by a free reads as a double free, and an interior pointer
 * (user data taken as a header) as a bad pointer. One link broken means a
 * header was overwritten (CORRUPT_HEADER), both broken a bad pointer. */
HOT RTMEM_NO_SANITIZE chunkid_t ptr_chunk(struct sys_heap *heap, struct z_heap *h, void *mem,
					 enum sys_heap_fault_reason freed)
{
	uintptr_t off, first;
	chunkid_t c;
	chunksz_t sz, ls;
	bool left_ok, right_ok;

	if (h == NULL) {
		FAULT(heap, mem, SYS_HEAP_FAULT_FOREIGN_POINTER, "heap not initialised");
		return 0u;
	}
	off = (uintptr_t)mem - (uintptr_t)h;
	c = (chunkid_t)((off - hdr_bytes(h)) / CHUNK_UNIT);
	if (HARDENING < 1) {
		return c;
	}
	first = (uintptr_t)h->ctrl_units * CHUNK_UNIT + hdr_bytes(h);
	if (off - first >= (uintptr_t)h->end_chunk * CHUNK_UNIT - first) {
		FAULT(heap, mem, SYS_HEAP_FAULT_FOREIGN_POINTER, "pointer outside this heap");
		return 0u;
	}
	sz = chunk_size(h, c);
	if ((off & (PTR_GRAIN - 1u)) != 0u || sz < min_chunk(h) || sz > h->end_chunk - c) {
		FAULT(heap, mem, SYS_HEAP_FAULT_BAD_POINTER, "not a block start");
		return 0u;
	}
	if (!chunk_used(h, c)) {
		if (freed == SYS_HEAP_FAULT_DOUBLE_FREE) {
			FAULT(heap, mem, SYS_HEAP_FAULT_DOUBLE_FREE, "free of a block that is not allocated");
		} else {
			FAULT(heap, mem, SYS_HEAP_FAULT_USE_AFTER_FREE, "use of a block that is not allocated");
		}
		return 0u;
	}
	ls = left_size(h, c);
	right_ok = left_size(h, c + sz) == sz;
	left_ok = ls - 1u < c && chunk_size(h, c - ls) == ls;
	if (!(left_ok && right_ok)) {
		if (left_ok || right_ok) {
			FAULT(heap, mem, SYS_HEAP_FAULT_CORRUPT_HEADER, "neighbour header does not point back");
		} else {
			FAULT(heap, mem, SYS_HEAP_FAULT_BAD_POINTER, "not a block start");
		}
		return 0u;
	}
	if (HARDENING >= 3 && *canary_slot(h, c) != canary_value(h, c)) {
		FAULT(heap, mem, SYS_HEAP_FAULT_CANARY, "block trailer overwritten (overflow)");
		return 0u;
	}
	return c;
}

/* ---- public API --------------------------------------------------------------- */

RTMEM_NO_SANITIZE void sys_heap_init(struct sys_heap *heap, void *mem, size_t bytes)
{
	uintptr_t addr = (uintptr_t)mem;
	uintptr_t start, end;
	size_t units, ctrl;
	unsigned int k, hdr, sl, rows, words;
	struct z_heap *h;
	chunkid_t c;

	RTMEM_TRACK_ENTER(); /* early faults are bracketed too */
	heap->heap = NULL;
	heap->init_mem = mem;
	heap->init_bytes = bytes;
	if (bytes > UINTPTR_MAX - addr - 7u) {
		FAULT(heap, mem, SYS_HEAP_FAULT_INIT_TOO_LARGE, "buffer wraps the address space");
		goto out;
	}
	start = (addr + 7u) & ~(uintptr_t)7u;
	end = (addr + bytes) & ~(uintptr_t)7u;
	units = end > start ? (size_t)(end - start) / CHUNK_UNIT : 0u;
	if (units >= (sizeof(void *) > 4u ? (size_t)1 << 31 : (size_t)1 << (Z_HEAP_MAX_K < 28u ? Z_HEAP_MAX_K : 28u))) {
		FAULT(heap, mem, SYS_HEAP_FAULT_INIT_TOO_LARGE,
		      "buffer of 2^31 (32-bit: 2^28; SMALL_ONLY: 2^15) units or more");
		goto out;
	}
	/* The Z_HEAP_*_K(k) regime parameters (sys_heap.h), step by step. */
	k = units == 0u ? 1u : log2_u32((uint32_t)units) + 1u;
	hdr = Z_HEAP_HDR_K(k);
	sl = Z_HEAP_SLLOG_K(k);
	rows = (k > sl ? k - sl : 0u) + 1u;
	words = ((rows << sl) + 31u) / 32u;
	ctrl = (Z_HEAP_STRUCT_BYTES + words * 4u + (rows << sl) * (hdr / 2u) + 7u) / 8u;
	if (units < ctrl + hdr / 4u + 1u) {
		FAULT(heap, mem, SYS_HEAP_FAULT_INIT_TOO_SMALL, "buffer below the minimum heap size");
		goto out;
	}
	RTMEM_TRACK_HEAP_INIT(mem, bytes);
	h = (struct z_heap *)start;
	/* Plain stores, not memset: a tracking back-end may intercept memset on
	 * the (already poisoned) region. */
	for (size_t i = 0; i < ctrl * (CHUNK_UNIT / sizeof(uint32_t)); i++) {
		((uint32_t *)(void *)h)[i] = 0u;
	}
	h->sl_log = (uint8_t)sl;
	h->rows = (uint8_t)rows;
	h->words = (uint8_t)words;
	h->big = hdr == 8u;
	h->ctrl_units = (uint32_t)ctrl;
	h->end_chunk = (chunkid_t)units - 1u;
	h->canary_key = ((uint32_t)(start >> 3) * 0x85EBCA6Bu) ^ 0xC2B2AE35u;

	c = h->ctrl_units;
	set_size_used(h, 0u, c, true);
	set_left_size(h, 0u, 0u);
	set_size_used(h, c, h->end_chunk - c, false);
	set_left_size(h, c, c);
	set_size_used(h, h->end_chunk, 0u, true);
	set_left_size(h, h->end_chunk, h->end_chunk - c);
	list_add(h, c);
	heap->heap = h;
out:
	RTMEM_TRACK_LEAVE();
}

RTMEM_NO_SANITIZE void *sys_heap_alloc(struct sys_heap *heap, size_t bytes)
{
	struct z_heap *h = heap->heap;
	void *mem = NULL;
	uint32_t idx = 0u;
	chunksz_t n;
	chunkid_t c;

	if (h == NULL || bytes == 0u) {
		return NULL;
	}
	RTMEM_TRACK_ENTER();
	if (CONFIG_RTMEM_HEAP_COUNT_STEPS) {
		h->steps = 0u;
	}
	if (!heap_corrupt(heap)) {
		n = bytes_to_units(h, bytes, 0u);
		c = n != 0u ? find_chunk(heap, h, n, &idx) : 0u;
		if (c != 0u) {
			list_remove(h, c, idx);
			mem = use_chunk(heap, h, place_block(h, c, n), n, 0u, bytes);
		} else if (n == 0u) {
			h->failed_allocs++;
		}
	}
	RTMEM_TRACK_LEAVE();
	return mem;
}

void *sys_heap_noalign_alloc(struct sys_heap *heap, size_t align, size_t bytes)
{
	(void)align;
	return sys_heap_alloc(heap, bytes);
}

RTMEM_NO_SANITIZE void *z_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t rewind, size_t bytes)
{
	struct z_heap *h = heap->heap;
	uintptr_t base, p;
	chunksz_t total, n;
	chunkid_t c, b;
	uint32_t idx = 0u;
	void *mem = NULL;

	RTMEM_TRACK_ENTER();
	if ((align & (align - 1u)) != 0u || (rewind != 0u && rewind >= align) || (rewind & (PTR_GRAIN - 1u)) != 0u) {
		FAULT(heap, NULL, SYS_HEAP_FAULT_BAD_ALIGN, "alignment not a power of two or bad rewind");
		goto out;
	}
	if (h == NULL || bytes == 0u) {
		goto out;
	}
	if (rewind == 0u && align <= hdr_bytes(h)) {
		RTMEM_TRACK_LEAVE();
		return sys_heap_alloc(heap, bytes);
	}
	if (CONFIG_RTMEM_HEAP_COUNT_STEPS) {
		h->steps = 0u;
	}
	if (heap_corrupt(heap)) {
		goto out;
	}
	/* Room for the block, an alignment step, a prefix of at least a minimum
	 * chunk and a 4-byte pad: bytes + align + 16 + 4, bounded before adding. */
	total = align > (size_t)h->end_chunk * CHUNK_UNIT ? 0u : bytes_to_units(h, bytes, align + 20u);
	c = total != 0u ? find_chunk(heap, h, total, &idx) : 0u;
	if (c == 0u) {
		if (total == 0u) {
			h->failed_allocs++;
		}
		goto out;
	}
	list_remove(h, c, idx);
	base = (uintptr_t)heap_base(h);
	p = (uintptr_t)chunk_mem(h, c);
	p = ((p + rewind + align - 1u) & ~(uintptr_t)(align - 1u)) - rewind;
	b = (chunkid_t)((p - base - hdr_bytes(h)) / CHUNK_UNIT);
	if (b != c && b - c < min_chunk(h)) {
		p += align;
		b = (chunkid_t)((p - base - hdr_bytes(h)) / CHUNK_UNIT);
	}
	if (b != c) {
		/* [ prefix ][ b ... ]: the prefix's left neighbour is used (c was free) */
		split_chunk(h, c, b - c);
		list_add(h, c);
	}
	n = bytes_to_units(h, bytes, p - (uintptr_t)chunk_mem(h, b));
	mem = use_chunk(heap, h, b, n, p - (uintptr_t)chunk_mem(h, b), bytes);
out:
	RTMEM_TRACK_LEAVE();
	return mem;
}

void *sys_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t bytes)
{
	size_t rewind = align & (0u - align);

	if (align == rewind) {
		return z_heap_aligned_alloc(heap, align, 0u, bytes);
	}
	/* Zephyr's packed form: align | rewind, rewind = lowest set bit. */
	return z_heap_aligned_alloc(heap, align - rewind, rewind, bytes);
}

/* Usable bytes from mem to the end of chunk c's payload. */
static inline size_t usable_from(const struct z_heap *h, chunkid_t c, const void *mem)
{
	return (size_t)(heap_base(h) + (size_t)right_chunk(h, c) * CHUNK_UNIT - (const uint8_t *)mem) - TRAILER_BYTES;
}

RTMEM_NO_SANITIZE void sys_heap_free(struct sys_heap *heap, void *mem)
{
	struct z_heap *h = heap->heap;
	struct merge m;
	chunkid_t c;
	chunksz_t sz;

	if (mem == NULL) {
		return;
	}
	RTMEM_TRACK_ENTER();
	if (CONFIG_RTMEM_HEAP_COUNT_STEPS && h != NULL) {
		h->steps = 0u;
	}
	if ((h != NULL && heap_corrupt(heap)) || (c = ptr_chunk(heap, h, mem, SYS_HEAP_FAULT_DOUBLE_FREE)) == 0u) {
		goto out;
	}
	sz = chunk_size(h, c);
	merge_plan(h, c, &m);
	if (!merge_ok(heap, h, &m)) {
		goto out;
	}
	RTMEM_TRACK_FREE(mem, usable_from(h, c, mem));
	notify(heap, HEAP_FREE, mem, sz);
	h->allocated_units -= sz;
	h->used_blocks--;
	free_chunk(h, c, &m);
out:
	RTMEM_TRACK_LEAVE();
}

RTMEM_NO_SANITIZE size_t sys_heap_usable_size(struct sys_heap *heap, void *mem)
{
	struct z_heap *h = heap->heap;
	size_t usable = 0u;
	chunkid_t c;

	if (mem == NULL) {
		return 0u;
	}
	RTMEM_TRACK_ENTER();
	c = ptr_chunk(heap, h, mem, SYS_HEAP_FAULT_USE_AFTER_FREE);
	if (c != 0u) {
		usable = usable_from(h, c, mem);
		RTMEM_TRACK_RESIZE(mem, usable, usable); /* the caller may use all of it */
	}
	RTMEM_TRACK_LEAVE();
	return usable;
}

/* Result of an in-place resize attempt. */
enum resize_result { RESIZE_MOVE, RESIZE_DONE, RESIZE_FAULT };

/* In-place resize of used chunk c to n units for a request of bytes: DONE,
 * MOVE (it must move), or FAULT (reported; block unchanged, realloc fails). */
RTMEM_NO_SANITIZE static enum resize_result resize_in_place(struct sys_heap *heap, struct z_heap *h, chunkid_t c,
							    chunksz_t n, void *mem, size_t bytes)
{
	chunksz_t sz = chunk_size(h, c);
	size_t old_usable = usable_from(h, c, mem);
	chunksz_t now;
	struct merge m;

	if (n == sz || (n < sz && sz - n < min_chunk(h))) {
		RTMEM_TRACK_RESIZE(mem, old_usable, bytes);
		return RESIZE_DONE;
	}
	merge_plan(h, c, &m);
	m.lfree = false; /* only the right neighbour takes part */
	if (n > sz && (!m.rfree || sz + chunk_size(h, m.r) < n)) {
		return RESIZE_MOVE;
	}
	if (!merge_ok(heap, h, &m)) {
		return RESIZE_FAULT; /* reported: the block stays as it is, realloc returns NULL */
	}
	if (n > sz) {
		/* [ c ][ free r ] => [ c ........ ][ rest ] */
		list_remove(h, m.r, m.ridx);
		step(h);
		set_size_used(h, c, sz + chunk_size(h, m.r), true);
		set_left_size(h, right_chunk(h, c), chunk_size(h, c));
		if (chunk_size(h, c) - n >= min_chunk(h)) {
			list_add(h, split_chunk(h, c, n));
		}
	} else {
		/* [ c ............ ][ r? ] => [ c ][ tail + free r ] */
		free_chunk(h, split_chunk(h, c, n), &m);
	}
	now = chunk_size(h, c);
	h->allocated_units = h->allocated_units - sz + now;
	if (h->allocated_units > h->max_allocated_units) {
		h->max_allocated_units = h->allocated_units;
	}
	if (HARDENING >= 3) {
		*canary_slot(h, c) = canary_value(h, c);
	}
	RTMEM_TRACK_RESIZE(mem, old_usable, bytes);
	notify(heap, HEAP_FREE, mem, sz);
	notify(heap, HEAP_ALLOC, mem, now);
	return RESIZE_DONE;
}

RTMEM_NO_SANITIZE void *sys_heap_aligned_realloc(struct sys_heap *heap, void *ptr, size_t align, size_t bytes)
{
	struct z_heap *h = heap->heap;
	chunkid_t c = 0u;
	chunksz_t n;
	size_t old_usable;
	void *mem;
	enum resize_result rr = RESIZE_MOVE;

	if (ptr == NULL) {
		return sys_heap_aligned_alloc(heap, align, bytes);
	}
	if (bytes == 0u) {
		sys_heap_free(heap, ptr);
		return NULL;
	}
	RTMEM_TRACK_ENTER();
	if ((align & (align - 1u)) != 0u) {
		FAULT(heap, ptr, SYS_HEAP_FAULT_BAD_ALIGN, "alignment not a power of two");
	} else if (h == NULL || !heap_corrupt(heap)) {
		if (CONFIG_RTMEM_HEAP_COUNT_STEPS && h != NULL) {
			h->steps = 0u;
		}
		c = ptr_chunk(heap, h, ptr, SYS_HEAP_FAULT_USE_AFTER_FREE);
	}
	if (c == 0u) {
		RTMEM_TRACK_LEAVE();
		return NULL;
	}
	old_usable = usable_from(h, c, ptr);
	n = bytes_to_units(h, bytes, (size_t)((uint8_t *)ptr - (uint8_t *)chunk_mem(h, c)));
	if (n != 0u && (align == 0u || ((uintptr_t)ptr & (align - 1u)) == 0u)) {
		rr = resize_in_place(heap, h, c, n, ptr, bytes);
	}
	RTMEM_TRACK_LEAVE();
	if (rr != RESIZE_MOVE) {
		return rr == RESIZE_DONE ? ptr : NULL;
	}
	mem = sys_heap_aligned_alloc(heap, align, bytes);
	if (mem != NULL) {
		RTMEM_TRACK_RESIZE(ptr, old_usable, old_usable); /* readable for the copy */
		memcpy(mem, ptr, old_usable < bytes ? old_usable : bytes);
		sys_heap_free(heap, ptr);
	}
	return mem;
}

void *sys_heap_realloc(struct sys_heap *heap, void *ptr, size_t bytes)
{
	return sys_heap_aligned_realloc(heap, ptr, 0u, bytes);
}
