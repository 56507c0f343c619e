/*
 * O(1) bound (sys_heap.h): loop iterations per call, counted by the core
 * built with CONFIG_RTMEM_HEAP_COUNT_STEPS, never exceed
 *   alloc: P probes + 2 bitmap scans + 1 split
 *   aligned alloc: P + 2 + 2 splits
 *   free: 2 merges
 *   in-place realloc: 1 merge + 1 split (grow) or 1 split + 1 merge (shrink)
 * on random and adversarial (W3-like) workloads, whatever the number of blocks.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#define BOUND_ALLOC (CONFIG_SYS_HEAP_ALLOC_LOOPS + 3u)
#define BOUND_ALIGNED (CONFIG_SYS_HEAP_ALLOC_LOOPS + 4u)
#define BOUND_FREE 2u
#define BOUND_REALLOC_IN_PLACE 2u

static struct sys_heap g_heap;
/* Static, not malloc'd: the heap region is given to the tracking back-end. */
static _Alignas(64) uint8_t g_buf[1u << 20];
static uint32_t g_max_alloc, g_max_aligned, g_max_free;

static uint32_t steps(void)
{
	return t_peek32(&g_heap.heap->steps);
}

static void *alloc_checked(size_t bytes)
{
	void *p = sys_heap_alloc(&g_heap, bytes);

	assert_true(steps() <= BOUND_ALLOC);
	g_max_alloc = steps() > g_max_alloc ? steps() : g_max_alloc;
	return p;
}

static void free_checked(void *p)
{
	sys_heap_free(&g_heap, p);
	assert_true(steps() <= BOUND_FREE);
	g_max_free = steps() > g_max_free ? steps() : g_max_free;
}

static void random_workload(size_t heap_bytes)
{
	uint8_t *buf = g_buf;
	static void *slots[4096];
	uint64_t rng = test_seed() ^ heap_bytes;
	unsigned long ops = 1000000ul / test_scale();

	sys_heap_init(&g_heap, buf, heap_bytes);
	memset(slots, 0, sizeof(slots));
	for (unsigned long i = 0; i < ops; i++) {
		size_t k = (size_t)(rng_next(&rng) % 4096u);
		unsigned int e = 3u + (unsigned int)(rng_next(&rng) % 10u);
		size_t bytes = ((size_t)1 << e) + (size_t)(rng_next(&rng) % ((size_t)1 << e));

		if (slots[k] != NULL) {
			if (rng_next(&rng) % 8u == 0u) {
				void *q = sys_heap_realloc(&g_heap, slots[k], bytes);

				if (q == slots[k]) {
					assert_true(steps() <= BOUND_REALLOC_IN_PLACE);
				} else if (q != NULL) {
					slots[k] = q;
				}
				continue;
			}
			free_checked(slots[k]);
			slots[k] = NULL;
		} else if (rng_next(&rng) % 4u == 0u) {
			slots[k] = sys_heap_aligned_alloc(&g_heap, (size_t)8 << (rng_next(&rng) % 9u), bytes);
			assert_true(steps() <= BOUND_ALIGNED);
			g_max_aligned = steps() > g_max_aligned ? steps() : g_max_aligned;
		} else {
			slots[k] = alloc_checked(bytes);
		}
	}
	for (size_t k = 0; k < 4096; k++) {
		if (slots[k] != NULL) {
			free_checked(slots[k]);
		}
	}
	assert_heap_ok(&g_heap);
}

/* contract: sys_heap.h bound formula on random workloads, 64 KiB and 1 MiB */
static void sys_heap_steps_random_within_bound(void **state)
{
	(void)state;
	random_workload(65536);
	random_workload(1u << 20);
	printf("max steps: alloc %u (bound %u), aligned %u (bound %u), free %u (bound %u)\n", g_max_alloc,
	       BOUND_ALLOC, g_max_aligned, BOUND_ALIGNED, g_max_free, BOUND_FREE);
}

/* contract: bound holds on W3: 32-byte blocks, every other freed, 64-byte requests */
static void sys_heap_steps_adversarial_within_bound(void **state)
{
	size_t heap_bytes = 1u << 20;
	uint8_t *buf = g_buf;
	void **p = calloc(heap_bytes / 32u, sizeof(void *));
	size_t n = 0, holes;
	uint32_t worst = 0;

	(void)state;
	assert_non_null(p);
	sys_heap_init(&g_heap, buf, heap_bytes);
	while ((p[n] = alloc_checked(32)) != NULL) {
		n++;
	}
	for (size_t i = 0; i < n; i += 2) {
		free_checked(p[i]);
	}
	holes = sys_heap_free_block_count(&g_heap);
	assert_true(holes >= n / 2u);
	for (int i = 0; i < 1000; i++) {
		assert_null(sys_heap_alloc(&g_heap, 64));
		assert_true(steps() <= BOUND_ALLOC);
		worst = steps() > worst ? steps() : worst;
		void *q = sys_heap_alloc(&g_heap, 24); /* fits a hole: probe succeeds */
		assert_non_null(q);
		assert_true(steps() <= BOUND_ALLOC);
		free_checked(q);
	}
	for (size_t i = 1; i < n; i += 2) {
		free_checked(p[i]);
	}
	assert_int_equal(sys_heap_free_block_count(&g_heap), 1);
	p[0] = alloc_checked(sys_heap_largest_free_get(&g_heap));
	assert_non_null(p[0]);
	free_checked(p[0]);
	assert_heap_ok(&g_heap);
	printf("W3: %zu blocks of 32, %zu holes; worst failing alloc(64): %u steps (bound %u)\n", n, holes,
	       worst, BOUND_ALLOC);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sys_heap_steps_random_within_bound),
		cmocka_unit_test(sys_heap_steps_adversarial_within_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
