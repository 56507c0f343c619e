/*
 * libFuzzer target over the sys_heap core: the input is a program of heap
 * operations, checked against a shadow model after every step.
 *
 * Input layout (every byte is consumed through take(); a short input simply
 * ends the program):
 *   byte 0      flags: bit 0-2 start offset of the heap in its buffer (0..7,
 *               so misaligned buffers are covered), bit 3-5 size scale,
 *               bit 6 "violation mode" (see below), bit 7 reserved
 *   byte 1-2    size mantissa: heap bytes = 64 + (mantissa << scale), at most
 *               HEAP_BUF_BYTES - 8
 *   then ops    one opcode byte each (low 4 bits = operation, high 4 bits =
 *               parameter), followed by the bytes that operation takes:
 *               slot (1 byte, % SLOTS), size (2 bytes, scaled by the opcode's
 *               high bits), alignment exponent (1 byte)
 *
 * Model: SLOTS live blocks, each with pointer, requested size, alignment and a
 * content tag. Checked after every operation: the result is aligned, lies in
 * the heap, does not overlap another live block (usable extents), usable size
 * >= request; contents of a block are compared with its tag before free and
 * across realloc; sys_heap_validate_ex() returns 0; statistics agree with the
 * model (used blocks, allocated + free bytes constant). At the end every
 * block is freed and the heap must be one free chunk with nothing allocated.
 *
 * Violation mode (flag bit 6, only when the heap hardening reports faults):
 * also double frees, frees of interior, misaligned, foreign and stale
 * pointers, realloc/usable_size of freed blocks and bad alignments. The fault
 * hook below records them instead of trapping; each violation must be
 * reported and must leave the heap valid and the model unchanged.
 *
 * Slab operations (opcodes 11..14) drive one sys_slab over its own buffer:
 * init (block size 4..256 in pointer-size steps, up to 4096 blocks), alloc,
 * free, and in violation mode double / foreign / interior frees. Model: live
 * slab blocks with tags; checked: block on the grid, no block handed out
 * twice, contents, num_used, sys_slab_check() of every live block. Opcode 15
 * is free for a later layer (libc).
 *
 * Built twice from this file: heap_fuzz (clang -fsanitize=fuzzer,address,
 * undefined) and heap_fuzz_replay (any compiler; RTMEM_FUZZ_REPLAY_MAIN adds a
 * main() that runs every file of the directories / files given).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtmem/config.h>
#include <rtmem/sys_heap.h>
#include <rtmem/sys_slab.h>

#define HEAP_BUF_BYTES (1u << 20)
#define SLOTS 48u
#define MAX_OPS 2000u
#define SLAB_BUF_BYTES (64u * 1024u)
#define SLAB_MAX_BLOCKS 4096u
#define SLAB_SLOTS 64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- input reader ---------------------------------------------------------- */

struct input {
	const uint8_t *p;
	size_t left;
};

static bool take(struct input *in, uint8_t *out)
{
	if (in->left == 0u) {
		return false;
	}
	*out = *in->p++;
	in->left--;
	return true;
}

static bool take16(struct input *in, uint16_t *out)
{
	uint8_t a, b;

	if (!take(in, &a) || !take(in, &b)) {
		return false;
	}
	*out = (uint16_t)(a | (b << 8));
	return true;
}

/* ---- state ------------------------------------------------------------------- */

struct block {
	uint8_t *ptr;   /* NULL = free slot */
	size_t bytes;   /* bytes the model may touch (request, or usable once asked) */
	size_t align;
	uint8_t tag;
};

static _Alignas(64) uint8_t heap_buf[HEAP_BUF_BYTES];
static struct sys_heap heap;
static struct block slot[SLOTS];
static uint8_t *heap_lo, *heap_hi;
static size_t chunk_bytes_total; /* allocated + free chunk bytes, constant */
static bool violation_mode;

static _Alignas(64) uint8_t slab_buf[SLAB_BUF_BYTES];
static uint32_t slab_map[SYS_SLAB_MAP_WORDS(SLAB_MAX_BLOCKS)];
static struct sys_slab slab;
static bool slab_ready;
static struct block slab_slot[SLAB_SLOTS];

/* Fault hook: in normal mode any fault is a bug; in violation mode it is
 * recorded and the heap call returns its failure value. */
static unsigned int faults_seen;
static enum sys_heap_fault_reason last_fault;

static void fuzz_fail(const char *what, size_t a, size_t b)
{
	fprintf(stderr, "heap_fuzz: FAILED: %s (%zu, %zu)\n", what, a, b);
	abort();
}

void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	if (!violation_mode) {
		fprintf(stderr, "heap_fuzz: unexpected fault %d: %s (%s:%d)\n", (int)info->reason,
			info->what != NULL ? info->what : "?", info->file != NULL ? info->file : "?",
			info->line);
		abort();
	}
	faults_seen++;
	last_fault = info->reason;
}

/* ---- model checks -------------------------------------------------------------- */

static void fill(struct block *b, size_t from)
{
	for (size_t i = from; i < b->bytes; i++) {
		b->ptr[i] = (uint8_t)(b->tag ^ (uint8_t)(i * 131u) ^ (uint8_t)(i >> 8));
	}
}

static void check_content(const struct block *b, size_t n, const char *when)
{
	for (size_t i = 0; i < n; i++) {
		if (b->ptr[i] != (uint8_t)(b->tag ^ (uint8_t)(i * 131u) ^ (uint8_t)(i >> 8))) {
			fuzz_fail(when, i, n);
		}
	}
}

static void check_heap(void)
{
	struct sys_heap_diag diag;
	struct sys_heap_ext_stats st;
	size_t live = 0;
	int rc = sys_heap_validate_ex(&heap, &diag);

	if (rc != 0) {
		fprintf(stderr, "heap_fuzz: validate: %s at chunk %zu\n",
			diag.text != NULL ? diag.text : "?", diag.chunk);
		fuzz_fail("sys_heap_validate_ex", (size_t)rc, diag.chunk);
	}
	if (!sys_heap_invariants_hold(&heap)) {
		fuzz_fail("sys_heap_invariants_hold", 0, 0);
	}
	for (size_t i = 0; i < SLOTS; i++) {
		live += slot[i].ptr != NULL;
	}
	if (sys_heap_ext_stats_get(&heap, &st) != 0) {
		fuzz_fail("ext_stats_get", 0, 0);
	}
	if (st.used_blocks != live) {
		fuzz_fail("used_blocks != model", st.used_blocks, live);
	}
	if (st.allocated_bytes + st.free_bytes != chunk_bytes_total) {
		fuzz_fail("allocated + free changed", st.allocated_bytes + st.free_bytes,
			  chunk_bytes_total);
	}
	if (st.max_allocated_bytes < st.allocated_bytes) {
		fuzz_fail("max_allocated < allocated", st.max_allocated_bytes, st.allocated_bytes);
	}
}

/* A block the heap just returned for a request of bytes at align. */
static void check_new_block(size_t idx, uint8_t *p, size_t bytes, size_t align)
{
	size_t usable = sys_heap_usable_size(&heap, p);
	size_t min_align = align > sizeof(void *) ? align : sizeof(void *);

	if (p < heap_lo || p + bytes > heap_hi) {
		fuzz_fail("block outside the heap", (size_t)(p - heap_lo), bytes);
	}
	if (((uintptr_t)p & (min_align - 1u)) != 0u) {
		fuzz_fail("misaligned block", (uintptr_t)p, min_align);
	}
	if (usable < bytes) {
		fuzz_fail("usable < request", usable, bytes);
	}
	for (size_t i = 0; i < SLOTS; i++) {
		const struct block *o = &slot[i];
		size_t ou;

		if (i == idx || o->ptr == NULL) {
			continue;
		}
		ou = sys_heap_usable_size(&heap, o->ptr);
		if (p < o->ptr + ou && o->ptr < p + usable) {
			fuzz_fail("blocks overlap", i, idx);
		}
	}
}

/* ---- operations --------------------------------------------------------------- */

enum op {
	OP_ALLOC,
	OP_ALIGNED_ALLOC,
	OP_FREE,
	OP_REALLOC,
	OP_ALIGNED_REALLOC,
	OP_USABLE,
	OP_NOALIGN_ALLOC,
	OP_REWIND_ALLOC,
	OP_FREE_NULL_AND_ZERO,
	OP_FILL_UP,
	OP_VIOLATION,      /* no-op unless violation mode */
	OP_SLAB_INIT,      /* 11: slab core */
	OP_SLAB_ALLOC,
	OP_SLAB_FREE,
	OP_SLAB_VIOLATION, /* no-op unless violation mode */
	/* 15: free for a later layer */
};

static size_t op_size(struct input *in, uint8_t param, bool *ok)
{
	uint16_t m = 0;

	*ok = take16(in, &m);
	/* param 0..15: mostly small, sometimes up to ~1 MiB, sometimes 0 */
	return (size_t)m >> (param < 8u ? 8u - param / 2u : 0u) << (param >= 12u ? param - 11u : 0u);
}

static size_t op_align(struct input *in, bool *ok)
{
	uint8_t e = 0;

	*ok = take(in, &e);
	return (size_t)1 << (e % 13u); /* 1 .. 4096 */
}

static void place(size_t idx, uint8_t *p, size_t bytes, size_t align, uint8_t tag)
{
	struct block *b = &slot[idx];

	check_new_block(idx, p, bytes, align);
	b->ptr = p;
	b->bytes = bytes;
	b->align = align;
	b->tag = tag;
	fill(b, 0);
}

static void drop(size_t idx)
{
	struct block *b = &slot[idx];

	check_content(b, b->bytes, "content before free");
	sys_heap_free(&heap, b->ptr);
	b->ptr = NULL;
}

static void do_realloc(size_t idx, size_t align, size_t bytes, uint8_t tag)
{
	struct block *b = &slot[idx];
	uint8_t *p;
	size_t keep;

	if (b->ptr == NULL) { /* realloc(NULL) == alloc */
		p = align != 0u ? sys_heap_aligned_realloc(&heap, NULL, align, bytes)
				: sys_heap_realloc(&heap, NULL, bytes);
		if (p != NULL) {
			place(idx, p, bytes, align, tag);
		}
		return;
	}
	check_content(b, b->bytes, "content before realloc");
	if (bytes == 0u) { /* realloc(p, 0) == free, returns NULL */
		p = sys_heap_realloc(&heap, b->ptr, 0);
		if (p != NULL) {
			fuzz_fail("realloc(p, 0) != NULL", 0, 0);
		}
		b->ptr = NULL;
		return;
	}
	p = align != 0u ? sys_heap_aligned_realloc(&heap, b->ptr, align, bytes)
			: sys_heap_realloc(&heap, b->ptr, bytes);
	if (p == NULL) { /* failure leaves the old block intact */
		check_content(b, b->bytes, "content after failed realloc");
		return;
	}
	keep = b->bytes < bytes ? b->bytes : bytes;
	b->ptr = NULL; /* its old extent is gone for the overlap check */
	check_new_block(idx, p, bytes, align);
	b->ptr = p;
	check_content(b, keep, "content kept by realloc");
	b->bytes = bytes;
	b->align = align;
	fill(b, keep);
}

static size_t free_slot(uint8_t hint)
{
	for (size_t k = 0; k < SLOTS; k++) {
		size_t i = (hint + k) % SLOTS;

		if (slot[i].ptr == NULL) {
			return i;
		}
	}
	return SLOTS;
}

/* One contract violation; the hook must see it and nothing may change. */
static void do_violation(uint8_t kind, size_t idx)
{
	static const uint8_t misalign[6] = { 1, 2, 3, 5, 6, 7 }; /* never +4: a valid form on 32-bit */
	static uint8_t foreign[64];
	uint8_t stack_bytes[16];
	struct sys_heap_ext_stats before, after;
	struct block *b = &slot[idx];
	uint8_t *stale;
	unsigned int f0;
	void *r = NULL;

	if (!violation_mode) {
		return;
	}
	memset(stack_bytes, 0, sizeof(stack_bytes));
	if ((kind % 8u == 1u || kind % 8u == 2u || kind % 8u == 3u) && b->ptr == NULL) {
		return;
	}
	if (kind % 8u == 2u || kind % 8u == 3u) { /* free it first, legally */
		stale = b->ptr;
		drop(idx);
		check_heap();
	} else {
		stale = NULL;
	}
	sys_heap_ext_stats_get(&heap, &before);
	f0 = faults_seen;
	switch (kind % 8u) {
	case 0: /* free of a pointer that is not from this heap */
		sys_heap_free(&heap, (kind & 8u) != 0u ? (void *)foreign : (void *)stack_bytes);
		break;
	case 1: /* misaligned pointer into a live block */
		sys_heap_free(&heap, b->ptr + misalign[(kind >> 4) % 6u]);
		break;
	case 2: /* double free, right after the free */
		sys_heap_free(&heap, stale);
		break;
	case 3: /* realloc of a block just freed */
		r = sys_heap_realloc(&heap, stale, 16);
		break;
	case 4: /* alignment not a power of two, or rewind >= align */
		r = (kind & 8u) != 0u ? z_heap_aligned_alloc(&heap, 16, 16, 8)
				      : z_heap_aligned_alloc(&heap, 24u + 16u * (kind >> 4), 0, 16);
		break;
	case 5: /* pointer to the heap's start (control block) */
		sys_heap_free(&heap, heap_lo);
		break;
	case 6: /* usable_size of a foreign pointer */
		if (sys_heap_usable_size(&heap, foreign) != 0u) {
			fuzz_fail("usable_size(foreign) != 0", 0, 0);
		}
		break;
	default: /* free of the address just past the heap */
		sys_heap_free(&heap, heap_hi);
		break;
	}
	if (r != NULL) {
		fuzz_fail("violation returned a block", kind % 8u, 0);
	}
	if (faults_seen == f0) {
		fuzz_fail("violation not reported", kind % 8u, 0);
	}
	sys_heap_ext_stats_get(&heap, &after);
	if (after.allocated_bytes != before.allocated_bytes || after.free_bytes != before.free_bytes ||
	    after.used_blocks != before.used_blocks) {
		fuzz_fail("violation changed the heap", kind % 8u, 0);
	}
}

/* ---- slab ------------------------------------------------------------------------ */

static void slab_check(void)
{
	uint32_t live = 0;

	for (size_t i = 0; i < SLAB_SLOTS; i++) {
		if (slab_slot[i].ptr != NULL) {
			live++;
			if (sys_slab_check(&slab, slab_slot[i].ptr) != SYS_SLAB_OK) {
				fuzz_fail("slab: live block not OK", i, 0);
			}
		}
	}
	if (sys_slab_num_used_get(&slab) != live) {
		fuzz_fail("slab: num_used != model", sys_slab_num_used_get(&slab), live);
	}
	if (sys_slab_max_used_get(&slab) < live) {
		fuzz_fail("slab: max_used < used", sys_slab_max_used_get(&slab), live);
	}
}

static void slab_setup(uint8_t param, uint16_t count)
{
	size_t block = sizeof(void *) * (1u + param * 2u);
	uint32_t n = 1u + (uint32_t)(count % SLAB_MAX_BLOCKS);

	if ((size_t)n * block > SLAB_BUF_BYTES) {
		n = (uint32_t)(SLAB_BUF_BYTES / block);
	}
	for (size_t i = 0; i < SLAB_SLOTS; i++) { /* the old slab's blocks end with it */
		if (slab_slot[i].ptr != NULL) {
			check_content(&slab_slot[i], slab_slot[i].bytes, "slab content before re-init");
			slab_slot[i].ptr = NULL;
		}
	}
	if (sys_slab_init(&slab, slab_buf, block, n, slab_map) != 0) {
		fuzz_fail("slab: init rejected valid parameters", block, n);
	}
	slab_ready = true;
}

static void slab_alloc_one(uint8_t hint, uint8_t tag)
{
	enum sys_slab_status st = SYS_SLAB_OK;
	struct block *b;
	uint8_t *p;
	size_t idx = SLAB_SLOTS;
	uint32_t used = sys_slab_num_used_get(&slab);

	for (size_t k = 0; k < SLAB_SLOTS && idx == SLAB_SLOTS; k++) {
		if (slab_slot[(hint + k) % SLAB_SLOTS].ptr == NULL) {
			idx = (hint + k) % SLAB_SLOTS;
		}
	}
	if (idx == SLAB_SLOTS) {
		return;
	}
	p = sys_slab_alloc(&slab, &st);
	if (p == NULL) {
		if (st != SYS_SLAB_EMPTY || used != slab.num_blocks) {
			fuzz_fail("slab: alloc failed with blocks free", st, used);
		}
		return;
	}
	if (p < (uint8_t *)slab.buffer || (size_t)(p - (uint8_t *)slab.buffer) % slab.block_size != 0u ||
	    (size_t)(p - (uint8_t *)slab.buffer) >= (size_t)slab.num_blocks * slab.block_size) {
		fuzz_fail("slab: block off the grid", (size_t)(p - slab_buf), slab.block_size);
	}
	for (size_t i = 0; i < SLAB_SLOTS; i++) {
		if (slab_slot[i].ptr == p) {
			fuzz_fail("slab: block handed out twice", i, idx);
		}
	}
	b = &slab_slot[idx];
	b->ptr = p;
	b->bytes = slab.block_size;
	b->align = 0;
	b->tag = tag;
	fill(b, 0);
}

static void slab_free_one(size_t idx)
{
	struct block *b = &slab_slot[idx];

	if (b->ptr == NULL) {
		return;
	}
	check_content(b, b->bytes, "slab content before free");
	if (sys_slab_free(&slab, b->ptr) != SYS_SLAB_OK) {
		fuzz_fail("slab: free of a live block refused", idx, 0);
	}
	b->ptr = NULL;
}

static void slab_violation(uint8_t kind, size_t idx)
{
	static uint8_t foreign[64];
	struct block *b = &slab_slot[idx];
	uint32_t used = sys_slab_num_used_get(&slab);
	enum sys_slab_status st, want;
	uint8_t *stale;

	if (!violation_mode) {
		return;
	}
	switch (kind % 4u) {
	case 0: /* double free */
		if (b->ptr == NULL) {
			return;
		}
		stale = b->ptr;
		slab_free_one(idx);
		used = sys_slab_num_used_get(&slab);
		st = sys_slab_free(&slab, stale);
		want = SYS_SLAB_DOUBLE_FREE;
		break;
	case 1: /* interior pointer */
		if (b->ptr == NULL || slab.block_size < 2u) {
			return;
		}
		st = sys_slab_free(&slab, b->ptr + 1u + (kind >> 4) % (slab.block_size - 1u));
		want = SYS_SLAB_BAD_POINTER;
		break;
	case 2: /* foreign pointer */
		st = sys_slab_free(&slab, (kind & 8u) != 0u ? (void *)foreign : (void *)heap_buf);
		want = SYS_SLAB_FOREIGN_POINTER;
		break;
	default: /* NULL */
		st = sys_slab_free(&slab, NULL);
		want = SYS_SLAB_FOREIGN_POINTER;
		break;
	}
	if (st != want) {
		fuzz_fail("slab: violation misclassified", st, want);
	}
	if (sys_slab_num_used_get(&slab) != used) {
		fuzz_fail("slab: violation changed num_used", sys_slab_num_used_get(&slab), used);
	}
}

static void run_slab_op(struct input *in, uint8_t opcode)
{
	uint8_t param = opcode >> 4, s8 = 0;
	uint16_t count = 0;

	if ((opcode & 15u) == OP_SLAB_INIT) {
		if (take16(in, &count)) {
			slab_setup(param, count);
		}
		return;
	}
	if (!slab_ready) {
		slab_setup(1, 63);
	}
	if (!take(in, &s8)) {
		return;
	}
	switch (opcode & 15u) {
	case OP_SLAB_ALLOC:
		for (unsigned int n = 0; n <= param; n++) {
			slab_alloc_one((uint8_t)(s8 + n), (uint8_t)(opcode + s8 + n));
		}
		break;
	case OP_SLAB_FREE:
		slab_free_one(s8 % SLAB_SLOTS);
		break;
	default:
		slab_violation((uint8_t)(param | (s8 & 0xf0u)), s8 % SLAB_SLOTS);
		break;
	}
	slab_check();
}

static void run_op(struct input *in, uint8_t opcode)
{
	uint8_t param = opcode >> 4, s8 = 0, tag = (uint8_t)(opcode * 37u + 11u);
	size_t idx, bytes, align = 0;
	bool ok = true, ok2 = true;
	uint8_t *p;

	switch ((enum op)(opcode & 15u)) {
	case OP_ALLOC:
	case OP_NOALIGN_ALLOC:
		bytes = op_size(in, param, &ok);
		if (!ok || (idx = free_slot(param)) == SLOTS) {
			return;
		}
		p = (opcode & 15u) == OP_ALLOC ? sys_heap_alloc(&heap, bytes)
					      : sys_heap_noalign_alloc(&heap, 4096, bytes);
		if (bytes == 0u && p != NULL) {
			fuzz_fail("alloc(0) != NULL", 0, 0);
		}
		if (p != NULL) {
			place(idx, p, bytes, 0, tag);
		}
		return;
	case OP_ALIGNED_ALLOC:
	case OP_REWIND_ALLOC:
		align = op_align(in, &ok);
		bytes = op_size(in, param, &ok2);
		if (!ok || !ok2 || (idx = free_slot(param)) == SLOTS) {
			return;
		}
		if ((opcode & 15u) == OP_ALIGNED_ALLOC) {
			p = sys_heap_aligned_alloc(&heap, align, bytes);
		} else {
			/* p + rewind aligned; rewind a multiple of the pointer size */
			size_t rewind = align > sizeof(void *) ? (param * sizeof(void *)) % align : 0u;

			p = z_heap_aligned_alloc(&heap, align, rewind, bytes);
			if (p != NULL && (((uintptr_t)p + rewind) & (align - 1u)) != 0u) {
				fuzz_fail("rewind alignment", align, rewind);
			}
			align = 0;
		}
		if (bytes == 0u && p != NULL) {
			fuzz_fail("aligned_alloc(0) != NULL", 0, 0);
		}
		if (p != NULL) {
			place(idx, p, bytes, align, tag);
		}
		return;
	case OP_FREE:
		if (!take(in, &s8)) {
			return;
		}
		idx = s8 % SLOTS;
		if (slot[idx].ptr != NULL) {
			drop(idx);
		}
		return;
	case OP_REALLOC:
	case OP_ALIGNED_REALLOC:
		if ((opcode & 15u) == OP_ALIGNED_REALLOC) {
			align = op_align(in, &ok2);
		}
		if (!take(in, &s8)) {
			return;
		}
		bytes = op_size(in, param, &ok);
		if (!ok || !ok2) {
			return;
		}
		do_realloc(s8 % SLOTS, align, bytes, tag);
		return;
	case OP_USABLE:
		if (!take(in, &s8) || slot[s8 % SLOTS].ptr == NULL) {
			return;
		}
		idx = s8 % SLOTS;
		bytes = sys_heap_usable_size(&heap, slot[idx].ptr);
		if (bytes < slot[idx].bytes) {
			fuzz_fail("usable_size < request", bytes, slot[idx].bytes);
		}
		/* the caller may use all of it */
		check_content(&slot[idx], slot[idx].bytes, "content before usable fill");
		slot[idx].bytes = bytes;
		fill(&slot[idx], 0);
		return;
	case OP_FREE_NULL_AND_ZERO:
		sys_heap_free(&heap, NULL);
		if (sys_heap_alloc(&heap, 0) != NULL || sys_heap_usable_size(&heap, NULL) != 0u) {
			fuzz_fail("NULL / zero edge case", 0, 0);
		}
		return;
	case OP_FILL_UP: /* allocate until failure into free slots, small sizes */
		for (unsigned int n = 0; n < (param + 1u) * 2u; n++) {
			if ((idx = free_slot((uint8_t)n)) == SLOTS) {
				return;
			}
			bytes = 1u + ((size_t)param * 7u + n * 13u) % 200u;
			p = sys_heap_alloc(&heap, bytes);
			if (p == NULL) {
				return;
			}
			place(idx, p, bytes, 0, (uint8_t)(tag + n));
		}
		return;
	case OP_VIOLATION:
		if (!take(in, &s8)) {
			return;
		}
		do_violation(param | (uint8_t)(s8 & 0xf0u), s8 % SLOTS);
		return;
	case OP_SLAB_INIT:
	case OP_SLAB_ALLOC:
	case OP_SLAB_FREE:
	case OP_SLAB_VIOLATION:
		run_slab_op(in, opcode);
		return;
	default:
		/* 15: free for a later layer */
		return;
	}
}

/* ---- entry ------------------------------------------------------------------------ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct sys_heap_ext_stats st;
	uint8_t flags, opcode;
	uint16_t mantissa;
	size_t offset, bytes;
	unsigned int ops = 0;

	if (!take(&in, &flags) || !take16(&in, &mantissa)) {
		return 0;
	}
	offset = flags & 7u;
	bytes = 64u + ((size_t)mantissa << ((flags >> 3) & 7u));
	if (bytes > HEAP_BUF_BYTES - 8u) {
		bytes = HEAP_BUF_BYTES - 8u;
	}
	violation_mode = (flags & 0x40u) != 0u && RTMEM_HEAP_HARDENING >= 1;
	memset(slot, 0, sizeof(slot));
	memset(slab_slot, 0, sizeof(slab_slot));
	slab_ready = false;
	faults_seen = 0;

	/* Buffers below the minimum are a documented fault: skip them. */
	if (bytes < SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(1)) {
		return 0;
	}
	sys_heap_init(&heap, heap_buf + offset, bytes);
	if (heap.heap == NULL) {
		fuzz_fail("init failed above the minimum size", bytes, offset);
	}
	heap_lo = heap_buf + offset;
	heap_hi = heap_lo + bytes;
	if (sys_heap_ext_stats_get(&heap, &st) != 0 || st.allocated_bytes != 0u) {
		fuzz_fail("fresh heap stats", st.allocated_bytes, 0);
	}
	chunk_bytes_total = st.free_bytes;
	check_heap();

	while (ops++ < MAX_OPS && take(&in, &opcode)) {
		run_op(&in, opcode);
		check_heap();
	}

	for (size_t i = 0; i < SLOTS; i++) {
		if (slot[i].ptr != NULL) {
			drop(i);
		}
	}
	check_heap();
	if (slab_ready) {
		for (size_t i = 0; i < SLAB_SLOTS; i++) {
			slab_free_one(i);
		}
		slab_check();
	}
	if (sys_heap_ext_stats_get(&heap, &st) != 0 || st.allocated_bytes != 0u || st.free_blocks != 1u) {
		fuzz_fail("teardown: not one free chunk", st.allocated_bytes, st.free_blocks);
	}
	return 0;
}

/* ---- replay main (heap_fuzz_replay) --------------------------------------------- */
#ifdef RTMEM_FUZZ_REPLAY_MAIN
#include <dirent.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
	static uint8_t buf[1u << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "heap_fuzz_replay: cannot open %s\n", path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

static int replay_path(const char *path, unsigned int *count)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char full[4096];
	int rc = 0;

	if (stat(path, &sb) != 0) {
		fprintf(stderr, "heap_fuzz_replay: no such file or directory: %s\n", path);
		return 1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	d = opendir(path);
	if (d == NULL) {
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			continue;
		}
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
			(*count)++;
			rc |= replay_file(full);
		}
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned int count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		rc |= replay_path(argv[i], &count);
	}
	if (count == 0u) {
		fprintf(stderr, "heap_fuzz_replay: no input files\n");
		return 1;
	}
	printf("heap_fuzz_replay: %u inputs replayed, no failure\n", count);
	return rc;
}
#endif
