/*
 * rtmem_mem_bench — figures of the kernel memory objects after
 * ../shared/bench/SPEC.md (an rtmem application: main runs as a k_thread).
 *
 *   W6  64-byte blocks, 1,000,000 alloc/free pairs, LIFO and random order
 *       (slots as W1 large: 4096), on k_mem_slab and on the slab core.
 *   W1  D2, large arena (1 MiB, 4096 slots, 1,000,000 steps) on k_heap and on
 *       sys_heap: the same request sequence, for the wrapper's cost.
 *   W7  1, 2 and 4 k_threads each doing W1 (D2, 4096 slots of its own) on one
 *       shared k_heap of 1 MiB. On the host exactly one k_thread runs at a
 *       time and there is no preemption without a kernel call, so each thread
 *       yields every 64 steps: the figure measures the k_heap lock plus
 *       scheduling (a context switch per 64 steps), not parallel contention.
 *
 * --callgrind re-runs each figure under
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=<alloc> --toggle-collect=<free>
 * so that only instructions inside the API calls (everything they call
 * included) are counted, and prints instructions per pair / per op.
 *
 * Output: CSV rows  mem,<row>,<metric>,<value>
 * Usage: rtmem_mem_bench [--quick] [--callgrind] [--child <figure>]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zephyr/kernel.h>
#include <rtmem/sys_slab.h>
#include "bench.h"
#include "../core/slab_core.h"

#define W6_PAIRS 1000000u
#define W1_STEPS 1000000u
#define SLOTS 4096u
#define ARENA (1u << 20)
#define W7_MAX_THREADS 4
#define W7_YIELD_EVERY 64u

static uint32_t scale = 1; /* --quick: 10 */

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
static inline uint64_t cycles(void)
{
	unsigned int aux;

	return __rdtscp(&aux);
}
#else
static inline uint64_t cycles(void)
{
	return k_cycle_get_64();
}
#endif

/* SPEC D2: exponent uniform in 4..11, then uniform in [2^e, 2^(e+1)] (as bench/workloads.c). */
static inline uint32_t dist_draw_d2(uint64_t *rng)
{
	uint32_t e = rng_range(rng, 4, 11);

	return rng_range(rng, 1u << e, 2u << e);
}

static unsigned char arena[ARENA] __aligned(64);
static struct k_heap kheap;
static struct sys_heap sheap;

K_MEM_SLAB_DEFINE_STATIC(w6_slab, 64, SLOTS, 64);
static char core_buf[SLOTS * 64] __aligned(64);
static uint32_t core_map[SYS_SLAB_MAP_WORDS(SLOTS)];
static struct sys_slab core_slab;

static void *live[W7_MAX_THREADS][SLOTS];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the allocators, each behind two out-of-line wrappers ------------------ */

enum kind { SLAB_K, SLAB_CORE, SLAB_INLINE, HEAP_K, HEAP_SYS };

/* The slab core's inline fast paths (what k_mem_slab runs inside its lock),
 * behind two out-of-line functions for callgrind's toggle. */
__attribute__((noinline, used)) void *slab_inline_alloc(struct sys_slab *s)
{
	void *p = z_slab_alloc_fast(s, true);

	return p != NULL ? p : sys_slab_alloc(s, NULL);
}

__attribute__((noinline, used)) void slab_inline_free(struct sys_slab *s, void *mem)
{
	(void)z_slab_free_fast(s, mem);
}

static __attribute__((noinline)) void *do_alloc(enum kind k, size_t bytes)
{
	void *p = NULL;

	switch (k) {
	case SLAB_K:
		(void)k_mem_slab_alloc(&w6_slab, &p, K_NO_WAIT);
		return p;
	case SLAB_CORE:
		return sys_slab_alloc(&core_slab, NULL);
	case SLAB_INLINE:
		return slab_inline_alloc(&core_slab);
	case HEAP_K:
		return k_heap_alloc(&kheap, bytes, K_NO_WAIT);
	default:
		return sys_heap_alloc(&sheap, bytes);
	}
}

static __attribute__((noinline)) void do_free(enum kind k, void *p)
{
	switch (k) {
	case SLAB_K:
		k_mem_slab_free(&w6_slab, p);
		break;
	case SLAB_CORE:
		(void)sys_slab_free(&core_slab, p);
		break;
	case SLAB_INLINE:
		slab_inline_free(&core_slab, p);
		break;
	case HEAP_K:
		k_heap_free(&kheap, p);
		break;
	default:
		sys_heap_free(&sheap, p);
		break;
	}
}

static void setup(enum kind k)
{
	if (k == SLAB_K) {
		(void)k_mem_slab_init(&w6_slab, w6_slab.slab.buffer, 64, SLOTS);
	} else if (k == SLAB_CORE || k == SLAB_INLINE) {
		(void)sys_slab_init(&core_slab, core_buf, 64, SLOTS, core_map);
	} else if (k == HEAP_K) {
		k_heap_init(&kheap, arena, ARENA);
	} else {
		sys_heap_init(&sheap, arena, ARENA);
	}
}

/* ---- workloads ---------------------------------------------------------------- */

/* W6 LIFO: alloc then free at once. Returns pairs done. */
static uint64_t w6_lifo(enum kind k)
{
	uint32_t n = W6_PAIRS / scale;

	for (uint32_t i = 0; i < n; i++) {
		void *p = do_alloc(k, 64);

		do_free(k, p);
	}
	return n;
}

/* W6 random / W1: slot sequence; empty slot -> alloc, full -> free. Returns ops. */
static uint64_t slots_run(enum kind k, void **slots, uint32_t steps, uint64_t seed, uint32_t yield_every,
			  uint32_t *alloc_cycles, uint64_t *fails)
{
	uint64_t rng = seed, ops = 0;

	for (uint32_t i = 0; i < steps; i++) {
		uint32_t s = rng_below(&rng, SLOTS);
		uint32_t bytes = dist_draw_d2(&rng);

		if (slots[s] == NULL) {
			uint64_t t0 = alloc_cycles != NULL ? cycles() : 0;

			slots[s] = do_alloc(k, k == SLAB_K || k == SLAB_CORE || k == SLAB_INLINE ? 64 : bytes);
			if (alloc_cycles != NULL) {
				alloc_cycles[ops] = (uint32_t)(cycles() - t0);
			}
			if (slots[s] == NULL) {
				(*fails)++;
			}
		} else {
			do_free(k, slots[s]);
			slots[s] = NULL;
			if (alloc_cycles != NULL) {
				alloc_cycles[ops] = UINT32_MAX; /* not an alloc */
			}
		}
		ops++;
		if (yield_every != 0u && (i % yield_every) == yield_every - 1u) {
			k_yield();
		}
	}
	for (uint32_t s = 0; s < SLOTS; s++) {
		if (slots[s] != NULL) {
			do_free(k, slots[s]);
			slots[s] = NULL;
		}
	}
	return ops;
}

/* ---- W7 ----------------------------------------------------------------------------- */

K_THREAD_STACK_ARRAY_DEFINE(w7_stacks, W7_MAX_THREADS, 16384);
static struct k_thread w7_threads[W7_MAX_THREADS];
static uint32_t *w7_cycles[W7_MAX_THREADS];
static uint64_t w7_ops[W7_MAX_THREADS], w7_fails[W7_MAX_THREADS];

static void w7_entry(void *p1, void *p2, void *p3)
{
	int t = (int)(intptr_t)p1;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	w7_ops[t] = slots_run(HEAP_K, live[t], W1_STEPS / scale, BENCH_SEED + (uint64_t)t, W7_YIELD_EVERY,
			      w7_cycles[t], &w7_fails[t]);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void w7(int threads)
{
	if (threads < 1 || threads > W7_MAX_THREADS) {
		return;
	}
	uint32_t steps = W1_STEPS / scale;

	setup(HEAP_K);
	for (int t = 0; t < threads; t++) {
		w7_cycles[t] = calloc(steps, sizeof(uint32_t));
		w7_fails[t] = 0;
	}
	double t0 = now_s();

	for (int t = 0; t < threads; t++) {
		k_thread_create(&w7_threads[t], w7_stacks[t], 16384, w7_entry, (void *)(intptr_t)t, NULL, NULL, 1, 0,
				K_NO_WAIT);
	}
	for (int t = 0; t < threads; t++) {
		(void)k_thread_join(&w7_threads[t], K_FOREVER);
	}
	double dt = now_s() - t0;
	uint64_t ops = 0, fails = 0, n = 0;
	size_t total = (size_t)steps * (unsigned int)threads;
	uint32_t *all = calloc(total, sizeof(uint32_t));

	if (all == NULL) {
		return;
	}

	for (int t = 0; t < threads; t++) {
		ops += w7_ops[t];
		fails += w7_fails[t];
		for (uint32_t i = 0; i < steps; i++) {
			if (w7_cycles[t][i] != UINT32_MAX) {
				all[n++] = w7_cycles[t][i];
			}
		}
		free(w7_cycles[t]);
	}
	qsort(all, n, sizeof(all[0]), cmp_u32);
	printf("mem,W7-%dthr,ops_per_s,%.4g\n", threads, (double)ops / dt);
	printf("mem,W7-%dthr,alloc_cycles_p50,%u\n", threads, n ? all[n / 2] : 0);
	printf("mem,W7-%dthr,alloc_cycles_p99.9,%u\n", threads, n ? all[(n * 999) / 1000] : 0);
	printf("mem,W7-%dthr,failures,%llu\n", threads, (unsigned long long)fails);
	free(all);
}

/* ---- figures ---------------------------------------------------------------------- */

struct figure {
	const char *name;
	enum kind kind;
	bool lifo;
	const char *sym_alloc, *sym_free;
};

static const struct figure figures[] = {
	{ "W6-LIFO-k_mem_slab", SLAB_K, true, "k_mem_slab_alloc", "k_mem_slab_free" },
	{ "W6-random-k_mem_slab", SLAB_K, false, "k_mem_slab_alloc", "k_mem_slab_free" },
	{ "W6-LIFO-slab_core", SLAB_CORE, true, "sys_slab_alloc", "sys_slab_free" },
	{ "W6-random-slab_core", SLAB_CORE, false, "sys_slab_alloc", "sys_slab_free" },
	{ "W6-LIFO-slab_core_inline", SLAB_INLINE, true, "slab_inline_alloc", "slab_inline_free" },
	{ "W6-random-slab_core_inline", SLAB_INLINE, false, "slab_inline_alloc", "slab_inline_free" },
	{ "W1-D2-large-k_heap", HEAP_K, false, "k_heap_alloc", "k_heap_free" },
	{ "W1-D2-large-sys_heap", HEAP_SYS, false, "sys_heap_alloc", "sys_heap_free" },
};

/* Runs figure @f once; returns its operation count (pairs for LIFO, ops otherwise). */
static uint64_t run_figure(const struct figure *f, double *seconds)
{
	uint64_t fails = 0, n;

	setup(f->kind);
	double t0 = now_s();

	if (f->lifo) {
		n = w6_lifo(f->kind);
	} else {
		n = slots_run(f->kind, live[0], (f->kind == SLAB_K || f->kind == SLAB_CORE || f->kind == SLAB_INLINE ? W6_PAIRS : W1_STEPS) / scale,
			      BENCH_SEED, 0, NULL, &fails);
	}
	*seconds = now_s() - t0;
	return n;
}

static double callgrind_ir(const char *self, const struct figure *f, uint64_t *ops)
{
	char cmd[1024], out[64], line[512];
	double ir = -1;

	snprintf(out, sizeof(out), "/tmp/rtmem_mem_bench.%d.cg", (int)getpid());
	snprintf(cmd, sizeof(cmd),
		 "valgrind --tool=callgrind --collect-atstart=no --toggle-collect=%s --toggle-collect=%s "
		 "--callgrind-out-file=%s %s --child %s %s 2>/dev/null",
		 f->sym_alloc, f->sym_free, out, self, f->name, scale > 1 ? "--quick" : "");
	FILE *p = popen(cmd, "r");

	if (p == NULL) {
		return -1;
	}
	*ops = 0;
	while (fgets(line, sizeof(line), p) != NULL) {
		unsigned long long v;

		if (sscanf(line, "child-ops %llu", &v) == 1) {
			*ops = v;
		}
	}
	pclose(p);
	FILE *o = fopen(out, "r");

	while (o != NULL && fgets(line, sizeof(line), o) != NULL) {
		double v;

		if (sscanf(line, "summary: %lf", &v) == 1 || sscanf(line, "totals: %lf", &v) == 1) {
			ir = v;
		}
	}
	if (o != NULL) {
		fclose(o);
	}
	remove(out);
	return ir;
}

int main(int argc, char **argv)
{
	bool cg = false;
	const char *child = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			scale = 10;
		} else if (!strcmp(argv[i], "--callgrind")) {
			cg = true;
		} else if (!strcmp(argv[i], "--child") && i + 1 < argc) {
			child = argv[++i];
		}
	}
	if (child != NULL) {
		for (size_t i = 0; i < ARRAY_SIZE(figures); i++) {
			if (!strcmp(figures[i].name, child)) {
				double s;

				printf("child-ops %llu\n", (unsigned long long)run_figure(&figures[i], &s));
			}
		}
		return 0;
	}
	printf("mem,row,metric,value\n");
	for (size_t i = 0; i < ARRAY_SIZE(figures); i++) {
		double s, best = 1e9;
		uint64_t n = 0;

		for (int r = 0; r < 5; r++) {
			n = run_figure(&figures[i], &s);
			best = s < best ? s : best;
		}
		printf("mem,%s,%s,%.4g\n", figures[i].name, figures[i].lifo ? "pairs_per_s" : "ops_per_s",
		       (double)n / best);
	}
	double ir_heap[2] = { 0, 0 };

	if (cg) {
		for (size_t i = 0; i < ARRAY_SIZE(figures); i++) {
			uint64_t ops = 0;
			double ir = callgrind_ir(argv[0], &figures[i], &ops);
			/* LIFO: ops are pairs; slot runs: a pair is two ops. */
			double per = ops == 0 ? -1 : ir / (double)ops * (figures[i].lifo ? 1.0 : 2.0);

			printf("mem,%s,instr_per_%s,%.1f\n", figures[i].name,
			       figures[i].kind == HEAP_K || figures[i].kind == HEAP_SYS ? "alloc_free_pair" : "pair", per);
			if (figures[i].kind == HEAP_K) {
				ir_heap[0] = ir;
			} else if (figures[i].kind == HEAP_SYS) {
				ir_heap[1] = ir;
			}
		}
		if (ir_heap[1] > 0) {
			printf("mem,W1-D2-large,k_heap_over_sys_heap_instr_ratio,%.3f\n", ir_heap[0] / ir_heap[1]);
		}
	}
	for (int t = 1; t <= W7_MAX_THREADS; t *= 2) {
		w7(t);
	}
	return 0;
}
