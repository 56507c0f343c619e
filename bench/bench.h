/*
 * rtmem_bench — allocator benchmark after ../shared/bench/SPEC.md.
 *
 * Every allocator under test sits behind one small table of call wrappers
 * (struct bench_allocator). Workloads only ever call through that table, so
 * all allocators see the same request sequence, the harness is identical for
 * all of them, and the wrappers are the exact unit that is timed (rdtscp) and
 * counted (callgrind --toggle-collect).
 */
#ifndef RTMEM_BENCH_H_
#define RTMEM_BENCH_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- allocators under test ---------------------------------------------- */

/*
 * One allocator. The five calls of SPEC.md; init() gets a 64-byte aligned
 * arena (ignored by a general-purpose malloc). Wrappers must be real,
 * non-inlined functions: callgrind counts instructions by toggling collection
 * on entry/exit of the functions named in sym_*.
 */
struct bench_allocator {
	const char *name;          /* column "allocator": rtmem, glibc, ... */
	const char *kind;          /* "heap" (arena), "gp" (general purpose), "slab", "k_heap" */
	bool general_purpose;      /* ignores the arena: no fragmentation figures */
	size_t fixed_block_bytes;  /* 0 = any size; else only blocks of this size (slab: W6 only) */
	bool thread_safe;          /* may be driven from several threads (W7) */

	void (*init)(void *arena, size_t arena_bytes);
	void *(*alloc)(size_t bytes);
	void *(*aligned_alloc)(size_t align, size_t bytes);  /* NULL: not supported */
	void (*free)(void *ptr);
	void *(*realloc)(void *ptr, size_t bytes);            /* NULL: not supported */
	/* Largest request the allocator says it can satisfy now; NULL: unknown. */
	size_t (*largest_free)(void);

	/* Symbol names of alloc/free wrappers, for callgrind --toggle-collect. */
	const char *sym_alloc;
	const char *sym_free;
};

/* Defines the two sym_* fields from the wrapper functions themselves. */
#define BENCH_SYMS(alloc_fn, free_fn) .sym_alloc = #alloc_fn, .sym_free = #free_fn

/* Wrappers are called through the table; keep them out of line (see above). */
#define BENCH_WRAPPER __attribute__((noinline, used))

extern const struct bench_allocator bench_alloc_rtmem;
extern const struct bench_allocator bench_alloc_glibc;

/*
 * Kernel hook: a source added to rtmem_bench with RTMEM_BENCH_KERNEL=1 defined
 * (from bench/kernel.cmake) provides this NULL-terminated list, e.g. a
 * k_mem_slab entry with fixed_block_bytes = 64 (runs in W6 beside the heap
 * rows) and a k_heap entry with thread_safe = true (W7).
 */
#ifdef RTMEM_BENCH_KERNEL
extern const struct bench_allocator *const bench_kernel_allocators[];
#endif

/* ---- randomness: xorshift64* ------------------------------------------- */

#define BENCH_SEED UINT64_C(0x9E3779B97F4A7C15)

static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* Uniform in [0, n), from the high 32 bits (the strong ones of xorshift64*). */
static inline uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((rng_next(s) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi], both inclusive. */
static inline uint32_t rng_range(uint64_t *s, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(s, hi - lo + 1u);
}

/* ---- workloads, arenas, distributions ------------------------------------ */

/* Harness memory (never the allocator under test): zeroed, exits on failure. */
void *bench_zalloc(size_t bytes);

enum bench_dist { DIST_D1, DIST_D2, DIST_D3, DIST_COUNT };

const char *dist_name(enum bench_dist d);
/* Draws one request size from the distribution (SPEC.md "Size distributions"). */
uint32_t dist_draw(enum bench_dist d, uint64_t *rng);

struct bench_arena {
	const char *name;    /* small, large */
	size_t bytes;        /* 32 KiB, 1 MiB */
	uint32_t slots;      /* W1/W4/W6 slot count: 256, 4096 */
};

/* Run-wide options and shared scratch. */
struct bench_opts {
	bool quick;           /* divide long operation counts by 10 */
	unsigned replays;     /* 5 (callgrind child: 1) */
	unsigned char *arena; /* 64-byte aligned static buffer, >= 1 MiB */
};

/* Percentiles over the per-operation minima (cycles, timer overhead removed). */
struct bench_op_stats {
	uint64_t count;
	uint32_t p50, p99, p999, max;
};

/* One output row: table line and CSV line. Absent figures are NaN / count 0. */
struct bench_row {
	const char *allocator;
	const char *kind;
	const char *workload;  /* W1 .. W7 */
	char dist[16];         /* D1/D2/D3, W2b size, W3 phase, W6 order ... */
	const char *arena;
	uint64_t ops;          /* timed calls in one replay */
	double ops_per_s;      /* fastest replay, sum of the timed calls only */
	uint64_t failures;     /* failed allocations (one replay) */
	struct bench_op_stats a;  /* alloc / aligned alloc / realloc calls */
	struct bench_op_stats f;  /* free calls */
	double util_mean, util_min;   /* W2: live requested / arena; W2b: count*s/arena */
	double overhead_per_block;    /* W2b */
	double inplace_share;         /* W5 */
	double ir_alloc, ir_free;     /* callgrind: instructions per alloc / free call */
	double ir_op;                 /* callgrind: per op (W1) or per alloc+free pair (W6) */
	uint64_t misaligned;          /* W4 */
	uint64_t content_errors;      /* W5 */
	char note[80];
};

void row_init(struct bench_row *r, const struct bench_allocator *a,
	      const char *workload, const char *dist, const struct bench_arena *ar);
/* Prints the row and keeps it for CSV and --check. */
void row_emit(const struct bench_row *r);

void run_w1(const struct bench_allocator *a, enum bench_dist d,
	    const struct bench_arena *ar, const struct bench_opts *o);
void run_w2(const struct bench_allocator *a, enum bench_dist d,
	    const struct bench_arena *ar, const struct bench_opts *o);
void run_w2b(const struct bench_allocator *a, const struct bench_arena *ar,
	     const struct bench_opts *o);
void run_w3(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o);
void run_w4(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o);
void run_w5(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o);
void run_w6(const struct bench_allocator *a, bool lifo,
	    const struct bench_arena *ar, const struct bench_opts *o);

/* Alloc/free calls of one replay of the last W1/W6 run (callgrind child). */
struct bench_calls {
	uint64_t alloc, free;
};
extern struct bench_calls bench_last_calls;

/* ---- timing ------------------------------------------------------------- */

/* Calibrates the timer: its own overhead and its frequency. Call once. */
void timer_calibrate(void);
uint32_t timer_overhead(void);   /* subtracted from every measurement */
uint32_t timer_resolution(void); /* smallest step the timer shows (a VM may coarsen the TSC) */
double timer_hz(void);           /* ticks per second */
const char *timer_unit(void);    /* "cycles" (TSC) or "ns" */

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
/* rdtscp waits for earlier instructions; lfence keeps later ones from starting early. */
static inline uint64_t timer_now(void)
{
	unsigned int aux;
	uint64_t t = __rdtscp(&aux);

	_mm_lfence();
	return t;
}
#else
uint64_t timer_now(void);
#endif

/* Elapsed ticks minus the timer's own overhead, clamped at 0. */
static inline uint32_t timer_ticks(uint64_t t0, uint64_t t1)
{
	uint64_t d = t1 - t0;
	uint32_t ovh = timer_overhead();

	if (d > UINT32_MAX)
		d = UINT32_MAX;
	return d > ovh ? (uint32_t)d - ovh : 0;
}

/*
 * Per-operation minima over replays. rec_begin() before a replay, rec_put()
 * for every timed call in order, rec_end() after the replay; the op kind of
 * each call is stored on the first replay (replays are deterministic).
 */
enum bench_op { OP_ALLOC = 0, OP_FREE = 1 };

struct bench_rec {
	uint32_t *best;
	uint8_t *kind;
	size_t cap, n;
	unsigned replay;
	uint64_t replay_sum, best_sum;  /* sum of ticks in this / fastest replay */
};

void rec_open(struct bench_rec *r, size_t cap);
void rec_close(struct bench_rec *r);
void rec_begin(struct bench_rec *r, unsigned replay);
static inline void rec_put(struct bench_rec *r, enum bench_op k, uint32_t ticks)
{
	size_t i = r->n++;

	if (r->replay == 0) {
		r->best[i] = ticks;
		r->kind[i] = (uint8_t)k;
	} else if (ticks < r->best[i]) {
		r->best[i] = ticks;
	}
	r->replay_sum += ticks;
}
void rec_end(struct bench_rec *r);
/* Fills row->a / row->f from the minima, and ops, ops_per_s. */
void rec_summarise(const struct bench_rec *r, struct bench_row *row);

#endif /* RTMEM_BENCH_H_ */
