/*
 * sys_heap_stress(): Zephyr's random alloc/free rig, driven through caller
 * callbacks so that other allocators can run the same sequence.
 */
#include "heap.h"

struct stress_rec {
	void *p;
	size_t bytes;
};

static uint64_t stress_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

void sys_heap_stress(void *(*alloc_fn)(void *arg, size_t bytes), void (*free_fn)(void *arg, void *p), void *arg,
		     size_t total_bytes, uint32_t op_count, void *scratch_mem, size_t scratch_bytes, int target_percent,
		     struct z_heap_stress_result *result)
{
	struct stress_rec *rec = scratch_mem;
	size_t max_recs = scratch_bytes / sizeof(*rec);
	size_t live = 0u, in_use = 0u;
	uint64_t rng = 0x9E3779B97F4A7C15ULL;
	unsigned int bits = 1u;

	memset(result, 0, sizeof(*result));
	while (bits < 8u * sizeof(size_t) - 1u && ((size_t)1 << (bits + 1u)) <= total_bytes / 4u) {
		bits++;
	}
	for (uint32_t op = 0u; op < op_count && max_recs > 0u; op++) {
		uint64_t r = stress_rand(&rng);
		bool fill_low = in_use * 100u < (size_t)(target_percent < 0 ? 0 : target_percent) * total_bytes;
		bool do_alloc = live == 0u || (live < max_recs && ((r & 3u) != 0u) == fill_low);

		if (do_alloc) {
			/* Power law: a random number of halvings of a quarter of the heap. */
			size_t cap = ((size_t)1 << bits) >> ((r >> 8) % bits);
			size_t bytes = 1u + (size_t)((r >> 32) % cap);

			result->total_allocs++;
			rec[live].p = alloc_fn(arg, bytes);
			if (rec[live].p != NULL) {
				rec[live].bytes = bytes;
				in_use += bytes;
				live++;
				result->successful_allocs++;
			}
		} else {
			size_t i = (size_t)((r >> 16) % live);

			free_fn(arg, rec[i].p);
			in_use -= rec[i].bytes;
			rec[i] = rec[--live];
			result->total_frees++;
		}
		result->accumulated_in_use_bytes += in_use;
	}
	while (live > 0u) {
		free_fn(arg, rec[--live].p);
		result->total_frees++;
	}
}
