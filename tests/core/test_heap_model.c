/*
 * Model-based random test (RELIABILITY.md): a shadow model of the live
 * blocks is checked after every operation — no overlap, inside the heap,
 * alignment, usable size >= request, statistics equal to the model — and so
 * are the full validator and the O(1) invariants. Every block carries tags at
 * both ends, checked before it is freed or reallocated. Alloc, aligned alloc
 * (8..4096), realloc and free are mixed; sizes are log-uniform up to 1/16 of
 * the heap and at most MAX_LIVE live blocks, so the per-operation full
 * validation stays affordable. Two configurations
 * per heap size: fill target 50 % and 100 %. 10^6 operations each, divided
 * by RTMEM_TEST_SCALE. The seed is printed; RTMEM_SEED replays it.
 * Usage: test_heap_model <heap bytes>
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIVE 160 /* keeps the per-operation full validation affordable */
#define TAG_BYTES 8u

struct block {
	uint8_t *p;
	size_t bytes;     /* requested */
	size_t align;
	size_t chunk;     /* chunk bytes from the header */
	size_t usable;    /* sys_heap_usable_size() at allocation */
	uint8_t tag;
};

#define MAX_HEAP_BYTES (1u << 20)
static size_t g_heap_bytes;
/* Static, not malloc'd: the heap region is given to the tracking back-end. */
static _Alignas(64) uint8_t g_buf[MAX_HEAP_BYTES];
static struct sys_heap g_heap;
static struct block g_live[MAX_LIVE];
static size_t g_nlive, g_live_bytes, g_free0;
static uint64_t g_rng;

static size_t chunk_bytes_of(const void *p)
{
	return t_chunk_bytes(&g_heap, p);
}

/* Tags: TAG_BYTES at the head, then TAG_BYTES at the tail (the tail wins
 * where they overlap on small blocks). */
static size_t tag_len(size_t bytes)
{
	return bytes < TAG_BYTES ? bytes : TAG_BYTES;
}

static void tag_write(struct block *b)
{
	size_t n = tag_len(b->bytes);

	for (size_t i = 0; i < n; i++) {
		b->p[i] = (uint8_t)(b->tag + i);
	}
	for (size_t i = 0; i < n; i++) {
		b->p[b->bytes - 1u - i] = (uint8_t)(b->tag ^ (0x80u + i));
	}
}

/* Head tag byte i survives unless the tail tag covers it. */
static bool head_tag_kept(size_t bytes, size_t i)
{
	return i < bytes - tag_len(bytes);
}

static void tag_check(const struct block *b)
{
	size_t n = tag_len(b->bytes);

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(b->p[b->bytes - 1u - i], (uint8_t)(b->tag ^ (0x80u + i)));
		if (head_tag_kept(b->bytes, i)) {
			assert_int_equal(b->p[i], (uint8_t)(b->tag + i));
		}
	}
}

/* A new or moved block: inside the heap, aligned, big enough, no overlap. */
static void check_block(const struct block *b, size_t idx)
{
	size_t usable = b->usable;

	assert_true(b->p >= g_buf && b->p + usable <= g_buf + g_heap_bytes);
	assert_true(usable >= b->bytes);
	if (b->align > 1u) {
		assert_int_equal((uintptr_t)b->p % b->align, 0);
	}
	for (size_t i = 0; i < g_nlive; i++) {
		const struct block *o = &g_live[i];

		if (i != idx) {
			assert_true(b->p + usable <= o->p || o->p + o->usable <= b->p);
		}
	}
}

static void check_model(void)
{
	struct sys_heap_ext_stats ext;
	size_t sum = 0;

	for (size_t i = 0; i < g_nlive; i++) {
		sum += g_live[i].chunk;
	}
	assert_int_equal(sys_heap_ext_stats_get(&g_heap, &ext), 0);
	assert_int_equal(ext.allocated_bytes, sum);
	assert_int_equal(ext.used_blocks, g_nlive);
	assert_int_equal(ext.free_bytes, g_free0 - sum);
	assert_true(ext.max_allocated_bytes >= sum);
	assert_int_equal(ext.faults, 0);
	assert_heap_ok(&g_heap);
}

static size_t draw_size(void)
{
	size_t max = g_heap_bytes / 16u;
	unsigned int bits = 0;

	while (((size_t)2 << bits) <= max) {
		bits++;
	}
	size_t lo = (size_t)1 << (rng_next(&g_rng) % (bits + 1u));

	return lo + (size_t)(rng_next(&g_rng) % lo); /* log-uniform 1 .. ~max */
}

static size_t draw_align(void)
{
	return (size_t)8 << (rng_next(&g_rng) % 10u); /* 8 .. 4096 */
}

static void add_block(uint8_t *p, size_t bytes, size_t align)
{
	struct block *b = &g_live[g_nlive];

	b->p = p;
	b->bytes = bytes;
	b->align = align;
	b->chunk = chunk_bytes_of(p);
	b->usable = sys_heap_usable_size(&g_heap, p);
	b->tag = (uint8_t)rng_next(&g_rng);
	check_block(b, g_nlive);
	tag_write(b);
	g_nlive++;
	g_live_bytes += bytes;
}

static void remove_block(size_t i)
{
	g_live_bytes -= g_live[i].bytes;
	g_live[i] = g_live[--g_nlive];
}

static void run_model(unsigned int fill_percent)
{
	unsigned long ops = 1000000ul / test_scale();
	unsigned long allocs = 0, fails = 0, reallocs = 0, in_place = 0, frees = 0;
	struct sys_memory_stats st;

	g_rng = test_seed() ^ (g_heap_bytes * 31u + fill_percent);
	sys_heap_init(&g_heap, g_buf, g_heap_bytes);
	assert_non_null(g_heap.heap);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	g_free0 = st.free_bytes;
	g_nlive = 0;
	g_live_bytes = 0;

	for (unsigned long op = 0; op < ops; op++) {
		uint64_t r = rng_next(&g_rng) % 100u;
		bool want_more = g_live_bytes * 100u < (size_t)fill_percent * g_heap_bytes;
		bool do_free = g_nlive == MAX_LIVE || (g_nlive > 0 && (want_more ? r < 25u : r < 70u));

		if (do_free) {
			size_t i = (size_t)(rng_next(&g_rng) % g_nlive);

			tag_check(&g_live[i]);
			sys_heap_free(&g_heap, g_live[i].p);
			remove_block(i);
			frees++;
		} else if (g_nlive > 0 && rng_next(&g_rng) % 4u == 0u) {
			size_t i = (size_t)(rng_next(&g_rng) % g_nlive);
			struct block old = g_live[i];
			size_t bytes = draw_size();
			size_t align = rng_next(&g_rng) % 3u == 0u ? old.align : 0u;
			uint8_t *p;

			tag_check(&old);
			p = align > 1u ? sys_heap_aligned_realloc(&g_heap, old.p, align, bytes) :
					 sys_heap_realloc(&g_heap, old.p, bytes);
			reallocs++;
			if (p == NULL) {
				tag_check(&old); /* failure leaves the old block intact */
				fails++;
			} else {
				size_t keep = old.bytes < bytes ? old.bytes : bytes;

				in_place += p == old.p;
				for (size_t k = 0; k < tag_len(keep); k++) { /* head tag moved with the data */
					if (head_tag_kept(old.bytes, k)) {
						assert_int_equal(p[k], (uint8_t)(old.tag + k));
					}
				}
				remove_block(i);
				add_block(p, bytes, align > 1u ? align : 0u);
			}
		} else {
			size_t bytes = draw_size();
			size_t align = rng_next(&g_rng) % 4u == 0u ? draw_align() : 0u;
			uint8_t *p = align != 0u ? sys_heap_aligned_alloc(&g_heap, align, bytes) :
						   sys_heap_alloc(&g_heap, bytes);

			allocs++;
			if (p == NULL) {
				fails++;
			} else {
				add_block(p, bytes, align);
			}
		}
		check_model();
	}

	while (g_nlive > 0) {
		tag_check(&g_live[g_nlive - 1u]);
		sys_heap_free(&g_heap, g_live[g_nlive - 1u].p);
		remove_block(g_nlive - 1u);
		check_model();
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	assert_int_equal(sys_heap_runtime_stats_get(&g_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_int_equal(st.free_bytes, g_free0);
	assert_int_equal(g_faults.count, 0);
	printf("heap %zu fill %u%%: %lu ops, %lu allocs, %lu reallocs (%lu in place), %lu frees, %lu NULL\n",
	       g_heap_bytes, fill_percent, ops, allocs, reallocs, in_place, frees, fails);
}

static void sys_heap_model_fill50_consistent(void **state)
{
	(void)state;
	run_model(50);
}

static void sys_heap_model_fill100_consistent(void **state)
{
	(void)state;
	run_model(100);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sys_heap_model_fill50_consistent),
		cmocka_unit_test(sys_heap_model_fill100_consistent),
	};
	int rc;

	g_heap_bytes = argc > 1 ? strtoul(argv[1], NULL, 0) : 65536u;
	if (g_heap_bytes > MAX_HEAP_BYTES) {
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc;
}
