/*
 * Heap core on the target: a random alloc/free/realloc run against a model
 * (every live block is filled with its own pattern and re-checked), heap
 * validation along the way, then Zephyr's stress rig. Fewer operations than
 * the host's model test (tests/core/test_heap_model.c).
 */
#include <string.h>
#include <rtmem/sys_heap.h>
#include "ttest.h"

#define HEAP_BYTES (48 * 1024)
#define SLOTS 96
#define OPS 6000

static uint8_t heap_mem[HEAP_BYTES] __aligned(8);
static struct sys_heap heap;

static struct {
	uint8_t *p;
	size_t len;
	uint8_t pat;
} slot[SLOTS];

static uint32_t rng = 0x2545F491U;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static size_t rnd_size(void)
{
	uint32_t r = rnd();

	/* mostly small, sometimes large (power-law-ish) */
	return (size_t)(1U + (r % (1U << (2U + (r >> 28) % 10U))));
}

static bool pattern_ok(int i)
{
	for (size_t k = 0; k < slot[i].len; k++) {
		if (slot[i].p[k] != (uint8_t)(slot[i].pat + k)) {
			return false;
		}
	}
	return true;
}

static void fill(int i)
{
	for (size_t k = 0; k < slot[i].len; k++) {
		slot[i].p[k] = (uint8_t)(slot[i].pat + k);
	}
}

static void test_random_model(void)
{
	unsigned int allocs = 0, fails = 0, reallocs = 0, frees = 0, bad = 0;

	sys_heap_init(&heap, heap_mem, sizeof(heap_mem));
	for (int op = 0; op < OPS; op++) {
		int i = (int)(rnd() % SLOTS);
		uint32_t kind = rnd() % 8U;

		if (slot[i].p != NULL && !pattern_ok(i)) {
			printk("  pattern broken: slot %d %p len %u\n", i, (void *)slot[i].p, (unsigned int)slot[i].len);
			bad++;
		}
		if (slot[i].p == NULL) {
			size_t len = rnd_size();
			size_t align = (kind == 0U) ? ((size_t)1 << (3U + rnd() % 5U)) : 0U;
			uint8_t *p = align != 0U ? sys_heap_aligned_alloc(&heap, align, len) : sys_heap_alloc(&heap, len);

			allocs++;
			if (p == NULL) {
				fails++;
				continue;
			}
			if (((uintptr_t)p % (align != 0U ? align : sizeof(void *))) != 0U) {
				printk("  misaligned %p (align %u)\n", (void *)p, (unsigned int)align);
				bad++;
			}
			slot[i].p = p;
			slot[i].len = len;
			slot[i].pat = (uint8_t)rnd();
			fill(i);
		} else if (kind < 2U) {
			size_t len = rnd_size();
			uint8_t *p = sys_heap_realloc(&heap, slot[i].p, len);

			reallocs++;
			if (p == NULL) {
				continue; /* the old block stays valid */
			}
			size_t keep = len < slot[i].len ? len : slot[i].len;

			for (size_t k = 0; k < keep; k++) {
				if (p[k] != (uint8_t)(slot[i].pat + k)) {
					printk("  realloc lost contents at %u\n", (unsigned int)k);
					bad++;
					break;
				}
			}
			slot[i].p = p;
			slot[i].len = len;
			fill(i);
		} else {
			sys_heap_free(&heap, slot[i].p);
			slot[i].p = NULL;
			frees++;
		}
		if (op % 500 == 0 && !sys_heap_validate(&heap)) {
			printk("  heap invalid after op %d\n", op);
			bad++;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (slot[i].p != NULL) {
			if (!pattern_ok(i)) {
				bad++;
			}
			sys_heap_free(&heap, slot[i].p);
			slot[i].p = NULL;
		}
	}
	TT_CHECK(sys_heap_validate(&heap));
	TT_CHECK(bad == 0);
	TT_CHECK(allocs > 1000 && frees > 500 && reallocs > 100);
	/* everything freed: one allocation of most of the heap succeeds again */
	void *big = sys_heap_alloc(&heap, HEAP_BYTES / 2);

	TT_CHECK(big != NULL);
	sys_heap_free(&heap, big);
	printk("  %u ops: %u allocs (%u failed), %u reallocs, %u frees\n", OPS, allocs, fails, reallocs, frees);
}

static void *stress_alloc(void *arg, size_t bytes)
{
	return sys_heap_alloc(arg, bytes);
}

static void stress_free(void *arg, void *p)
{
	sys_heap_free(arg, p);
}

static void *scratch[256];

static void test_stress_rig(void)
{
	struct z_heap_stress_result r;

	sys_heap_init(&heap, heap_mem, sizeof(heap_mem));
	sys_heap_stress(stress_alloc, stress_free, &heap, sizeof(heap_mem), 8000, scratch, sizeof(scratch), 80, &r);
	TT_CHECK(r.total_allocs > 0 && r.successful_allocs > 0);
	TT_CHECK(r.total_allocs == r.total_frees + (r.total_allocs - r.successful_allocs) ||
		 r.successful_allocs == r.total_frees);
	TT_CHECK(sys_heap_validate(&heap));
	printk("  stress: %u allocs, %u ok, %u frees\n", (unsigned int)r.total_allocs,
	       (unsigned int)r.successful_allocs, (unsigned int)r.total_frees);
}

int main(void)
{
	TT_RUN(test_random_model);
	TT_RUN(test_stress_rig);
	return tt_done();
}
