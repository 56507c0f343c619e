/*
 * Workloads W1..W6 of ../shared/bench/SPEC.md.
 *
 * Each workload first draws its whole request sequence from the seeded
 * xorshift64* stream (outside any timed region), then replays it on a fresh
 * arena; only the allocator call between two timer reads is measured. A
 * failing allocation never changes the sequence: every step draws the same
 * numbers whatever the allocator did.
 */
#include "bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bench_calls bench_last_calls;

/* ---- helpers ------------------------------------------------------------ */

const char *dist_name(enum bench_dist d)
{
	static const char *const names[DIST_COUNT] = { "D1", "D2", "D3" };

	return names[d];
}

uint32_t dist_draw(enum bench_dist d, uint64_t *rng)
{
	switch (d) {
	case DIST_D1:
		return rng_range(rng, 8, 128);
	case DIST_D2: {
		/* Exponent uniform in 4..11, then uniform in [2^e, 2^(e+1)]. */
		uint32_t e = rng_range(rng, 4, 11);

		return rng_range(rng, 1u << e, 2u << e);
	}
	case DIST_D3:
		if (rng_below(rng, 100) < 80)
			return rng_range(rng, 16, 64);
		return rng_range(rng, 1024, 4096);
	default:
		return 0;
	}
}

void *bench_zalloc(size_t bytes)
{
	void *p = calloc(1, bytes ? bytes : 1);

	if (p == NULL) {
		fprintf(stderr, "rtmem_bench: out of memory\n");
		exit(2);
	}
	return p;
}

static void fresh(const struct bench_allocator *a, const struct bench_arena *ar,
		  const struct bench_opts *o)
{
	a->init(o->arena, ar->bytes);
}

static uint64_t scaled(const struct bench_opts *o, uint64_t n)
{
	return o->quick ? n / 10 : n;
}

/* A slot workload: each step names a slot; empty -> alloc(size[, align]), full -> free. */
struct slot_seq {
	uint64_t steps;
	uint16_t *slot;
	uint16_t *size;       /* <= 4096 */
	uint8_t *align_log2;  /* W4 only, else NULL */
};

static void seq_free(struct slot_seq *s)
{
	free(s->slot);
	free(s->size);
	free(s->align_log2);
	memset(s, 0, sizeof(*s));
}

/*
 * W1/W4/W6-random sequence: per step the slot index, then the size (drawn on
 * every step, used only when the slot is empty, so the stream never depends
 * on the allocator), then for W4 the alignment exponent 3..12.
 */
static void seq_make(struct slot_seq *s, uint64_t steps, uint32_t slots, int dist,
		     uint32_t fixed_size, bool aligned)
{
	uint64_t rng = BENCH_SEED;

	s->steps = steps;
	s->slot = bench_zalloc(steps * sizeof(*s->slot));
	s->size = bench_zalloc(steps * sizeof(*s->size));
	s->align_log2 = aligned ? bench_zalloc(steps) : NULL;
	for (uint64_t i = 0; i < steps; i++) {
		s->slot[i] = (uint16_t)rng_below(&rng, slots);
		s->size[i] = (uint16_t)(dist < 0 ? fixed_size
						 : dist_draw((enum bench_dist)dist, &rng));
		if (aligned)
			s->align_log2[i] = (uint8_t)rng_range(&rng, 3, 12);
	}
}

/* Untimed teardown: free whatever is still live. */
static void drain(const struct bench_allocator *a, void **live, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (live[i] != NULL) {
			a->free(live[i]);
			live[i] = NULL;
		}
	}
}

/*
 * Replays a slot sequence o->replays times. Returns failures of one replay;
 * counts misaligned pointers (W4) in *misaligned.
 */
static uint64_t replay_slots(const struct bench_allocator *a, const struct slot_seq *s,
			     const struct bench_arena *ar, const struct bench_opts *o,
			     struct bench_rec *rec, uint64_t *misaligned)
{
	void **live = bench_zalloc(ar->slots * sizeof(*live));
	uint64_t failures = 0, bad = 0;

	for (unsigned r = 0; r < o->replays; r++) {
		uint64_t fails = 0, misaligned_now = 0, allocs = 0, frees = 0;

		fresh(a, ar, o);
		rec_begin(rec, r);
		for (uint64_t i = 0; i < s->steps; i++) {
			void **slot = &live[s->slot[i]];
			uint64_t t0, t1;

			if (*slot == NULL) {
				size_t bytes = s->size[i];

				if (s->align_log2 != NULL) {
					size_t align = (size_t)1 << s->align_log2[i];

					t0 = timer_now();
					*slot = a->aligned_alloc(align, bytes);
					t1 = timer_now();
					if (*slot != NULL && ((uintptr_t)*slot & (align - 1)) != 0)
						misaligned_now++;
				} else {
					t0 = timer_now();
					*slot = a->alloc(bytes);
					t1 = timer_now();
				}
				rec_put(rec, OP_ALLOC, timer_ticks(t0, t1));
				allocs++;
				if (*slot == NULL)
					fails++;
			} else {
				void *p = *slot;

				t0 = timer_now();
				a->free(p);
				t1 = timer_now();
				rec_put(rec, OP_FREE, timer_ticks(t0, t1));
				frees++;
				*slot = NULL;
			}
		}
		rec_end(rec);
		drain(a, live, ar->slots);
		/* Replays are identical: report one replay's counts. */
		failures = fails;
		bad = misaligned_now;
		bench_last_calls.alloc = allocs;
		bench_last_calls.free = frees;
	}
	free(live);
	if (misaligned != NULL)
		*misaligned = bad;
	return failures;
}

/* ---- W1 churn ----------------------------------------------------------- */

void run_w1(const struct bench_allocator *a, enum bench_dist d,
	    const struct bench_arena *ar, const struct bench_opts *o)
{
	struct slot_seq s;
	struct bench_rec rec;
	struct bench_row row;

	seq_make(&s, scaled(o, 1000000), ar->slots, (int)d, 0, false);
	rec_open(&rec, s.steps);
	row_init(&row, a, "W1", dist_name(d), ar);
	row.failures = replay_slots(a, &s, ar, o, &rec, NULL);
	rec_summarise(&rec, &row);
	row_emit(&row);
	rec_close(&rec);
	seq_free(&s);
}

/* ---- W4 aligned --------------------------------------------------------- */

void run_w4(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o)
{
	struct slot_seq s;
	struct bench_rec rec;
	struct bench_row row;

	seq_make(&s, scaled(o, 1000000), ar->slots, DIST_D2, 0, true);
	rec_open(&rec, s.steps);
	row_init(&row, a, "W4", "D2", ar);
	row.failures = replay_slots(a, &s, ar, o, &rec, &row.misaligned);
	rec_summarise(&rec, &row);
	snprintf(row.note, sizeof(row.note), "align 8..4096, %s",
		 row.misaligned ? "MISALIGNED POINTERS" : "all aligned");
	row_emit(&row);
	rec_close(&rec);
	seq_free(&s);
}

/* ---- W6 fixed blocks ---------------------------------------------------- */

void run_w6(const struct bench_allocator *a, bool lifo,
	    const struct bench_arena *ar, const struct bench_opts *o)
{
	const uint64_t pairs = scaled(o, 1000000);
	const size_t bytes = 64;
	struct bench_rec rec;
	struct bench_row row;

	row_init(&row, a, "W6", lifo ? "LIFO" : "random", ar);
	if (!lifo) {
		/* Slots as W1; 2 steps per pair on average. */
		struct slot_seq s;

		seq_make(&s, 2 * pairs, ar->slots, -1, (uint32_t)bytes, false);
		rec_open(&rec, s.steps);
		row.failures = replay_slots(a, &s, ar, o, &rec, NULL);
		seq_free(&s);
	} else {
		/* Stack of depth = slot count: alloc a batch, free it newest first. */
		void **stack = bench_zalloc(ar->slots * sizeof(*stack));

		rec_open(&rec, 2 * pairs);
		for (unsigned r = 0; r < o->replays; r++) {
			uint64_t fails = 0;

			fresh(a, ar, o);
			rec_begin(&rec, r);
			for (uint64_t done = 0; done < pairs;) {
				uint64_t n = pairs - done < ar->slots ? pairs - done : ar->slots;

				for (uint64_t i = 0; i < n; i++) {
					uint64_t t0 = timer_now();
					void *p = a->alloc(bytes);
					uint64_t t1 = timer_now();

					rec_put(&rec, OP_ALLOC, timer_ticks(t0, t1));
					stack[i] = p;
					if (p == NULL)
						fails++;
				}
				for (uint64_t i = n; i-- > 0;) {
					void *p = stack[i];

					if (p == NULL)
						continue;
					uint64_t t0 = timer_now();
					a->free(p);
					uint64_t t1 = timer_now();

					rec_put(&rec, OP_FREE, timer_ticks(t0, t1));
				}
				done += n;
			}
			rec_end(&rec);
			row.failures = fails;
			bench_last_calls.alloc = pairs;
			bench_last_calls.free = pairs - fails;
		}
		free(stack);
	}
	rec_summarise(&rec, &row);
	row_emit(&row);
	rec_close(&rec);
}

/* ---- W2 fragmentation --------------------------------------------------- */

/* One seed: random alloc (p = 0.6) / free until the first failed alloc. */
static double w2_seed(const struct bench_allocator *a, enum bench_dist d,
		      const struct bench_arena *ar, const struct bench_opts *o,
		      uint64_t seed, void **live, uint32_t *live_size, size_t cap)
{
	uint64_t rng = seed;
	size_t n = 0;
	uint64_t live_bytes = 0;

	fresh(a, ar, o);
	for (;;) {
		/* 0.6 as a 53-bit fraction of the stream's top bits. */
		bool do_alloc = (double)(rng_next(&rng) >> 11) * 0x1.0p-53 < 0.6;

		if (do_alloc) {
			uint32_t bytes = dist_draw(d, &rng);
			void *p;

			if (n == cap)
				break; /* cannot happen: cap = arena / 8 */
			p = a->alloc(bytes);
			if (p == NULL)
				break;
			live[n] = p;
			live_size[n] = bytes;
			n++;
			live_bytes += bytes;
		} else if (n > 0) {
			uint32_t i = rng_below(&rng, (uint32_t)n);

			a->free(live[i]);
			live_bytes -= live_size[i];
			n--;
			live[i] = live[n];
			live_size[i] = live_size[n];
		}
	}
	return (double)live_bytes / (double)ar->bytes;
}

void run_w2(const struct bench_allocator *a, enum bench_dist d,
	    const struct bench_arena *ar, const struct bench_opts *o)
{
	const unsigned seeds = o->quick ? 10 : 100;
	const size_t cap = ar->bytes / 8;
	void **live = bench_zalloc(cap * sizeof(*live));
	uint32_t *live_size = bench_zalloc(cap * sizeof(*live_size));
	double sum = 0, min = INFINITY;
	struct bench_row row;

	row_init(&row, a, "W2", dist_name(d), ar);
	for (unsigned k = 0; k < seeds; k++) {
		double u = w2_seed(a, d, ar, o, BENCH_SEED + k, live, live_size, cap);

		sum += u;
		if (u < min)
			min = u;
	}
	row.util_mean = sum / seeds;
	row.util_min = min;
	snprintf(row.note, sizeof(row.note), "%u seeds", seeds);
	row_emit(&row);
	free(live);
	free(live_size);
}

/* ---- W2b single-size fill ----------------------------------------------- */

void run_w2b(const struct bench_allocator *a, const struct bench_arena *ar,
	     const struct bench_opts *o)
{
	static const uint32_t sizes[] = { 1, 8, 24, 100, 1000 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t s = sizes[i];
		uint64_t count = 0;
		struct bench_row row;
		char dist[16];

		fresh(a, ar, o);
		while (a->alloc(s) != NULL)
			count++;
		snprintf(dist, sizeof(dist), "s=%u", (unsigned)s);
		row_init(&row, a, "W2b", dist, ar);
		row.util_mean = (double)(count * s) / (double)ar->bytes;
		if (count > 0)
			row.overhead_per_block = (double)(ar->bytes - count * s) / (double)count;
		snprintf(row.note, sizeof(row.note), "%llu blocks", (unsigned long long)count);
		row_emit(&row);
	}
}

/* ---- W3 adversarial ----------------------------------------------------- */

enum { W3_FILL, W3_FREE_HALF, W3_PROBE, W3_FREE_ALL, W3_LARGEST, W3_PHASES };

void run_w3(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o)
{
	static const char *const phase_name[W3_PHASES] = {
		"fill32", "free-half", "probe64", "free-all", "largest",
	};
	const size_t cap = ar->bytes / 32 + 1;  /* 32-byte blocks: at most arena/32 */
	const unsigned probes = 1000;
	void **blk = bench_zalloc(cap * sizeof(*blk));
	void **probe = bench_zalloc(probes * sizeof(*probe));
	struct bench_rec rec[W3_PHASES];
	uint64_t fill_count = 0, probe_ok = 0;
	size_t largest = 0;
	bool largest_ok = false;

	for (int ph = 0; ph < W3_PHASES; ph++)
		rec_open(&rec[ph], ph == W3_PROBE ? probes : (ph == W3_LARGEST ? 1 : 2 * cap));

	for (unsigned r = 0; r < o->replays; r++) {
		size_t n = 0;
		uint64_t t0, t1;

		fresh(a, ar, o);
		for (int ph = 0; ph < W3_PHASES; ph++)
			rec_begin(&rec[ph], r);

		/* Fill with 32-byte blocks (a general-purpose malloc: arena/32 of them). */
		while (n < cap - 1) {
			void *p;

			t0 = timer_now();
			p = a->alloc(32);
			t1 = timer_now();
			if (p == NULL)
				break;  /* the failing call is not part of the fill */
			rec_put(&rec[W3_FILL], OP_ALLOC, timer_ticks(t0, t1));
			blk[n++] = p;
		}
		fill_count = n;

		for (size_t i = 0; i < n; i += 2) {
			t0 = timer_now();
			a->free(blk[i]);
			t1 = timer_now();
			rec_put(&rec[W3_FREE_HALF], OP_FREE, timer_ticks(t0, t1));
			blk[i] = NULL;
		}

		probe_ok = 0;
		for (unsigned i = 0; i < probes; i++) {
			t0 = timer_now();
			probe[i] = a->alloc(64);
			t1 = timer_now();
			rec_put(&rec[W3_PROBE], OP_ALLOC, timer_ticks(t0, t1));
			probe_ok += probe[i] != NULL;
		}

		for (size_t i = 0; i < n; i++) {
			if (blk[i] == NULL)
				continue;
			t0 = timer_now();
			a->free(blk[i]);
			t1 = timer_now();
			rec_put(&rec[W3_FREE_ALL], OP_FREE, timer_ticks(t0, t1));
		}
		for (unsigned i = 0; i < probes; i++) {
			if (probe[i] == NULL)
				continue;
			t0 = timer_now();
			a->free(probe[i]);
			t1 = timer_now();
			rec_put(&rec[W3_FREE_ALL], OP_FREE, timer_ticks(t0, t1));
		}

		largest = a->largest_free != NULL ? a->largest_free() : ar->bytes / 2;
		{
			void *p;

			t0 = timer_now();
			p = a->alloc(largest);
			t1 = timer_now();
			rec_put(&rec[W3_LARGEST], OP_ALLOC, timer_ticks(t0, t1));
			largest_ok = p != NULL;
			if (p != NULL)
				a->free(p);
		}
		for (int ph = 0; ph < W3_PHASES; ph++)
			rec_end(&rec[ph]);
	}

	for (int ph = 0; ph < W3_PHASES; ph++) {
		struct bench_row row;

		row_init(&row, a, "W3", phase_name[ph], ar);
		rec_summarise(&rec[ph], &row);
		switch (ph) {
		case W3_FILL:
			snprintf(row.note, sizeof(row.note), "%llu blocks of 32 B",
				 (unsigned long long)fill_count);
			break;
		case W3_PROBE:
			row.failures = probes - probe_ok;
			snprintf(row.note, sizeof(row.note), "%llu of %u succeeded",
				 (unsigned long long)probe_ok, probes);
			break;
		case W3_LARGEST:
			row.failures = !largest_ok;
			snprintf(row.note, sizeof(row.note), "%zu B (%s) %s", largest,
				 a->largest_free != NULL ? "reported largest" : "arena/2",
				 largest_ok ? "ok" : "FAILED");
			break;
		default:
			break;
		}
		row_emit(&row);
		rec_close(&rec[ph]);
	}
	free(blk);
	free(probe);
}

/* ---- W5 realloc --------------------------------------------------------- */

static uint8_t w5_byte(uint32_t buf, uint32_t i)
{
	return (uint8_t)(buf * 131u + i * 7u + 1u);
}

void run_w5(const struct bench_allocator *a, const struct bench_arena *ar,
	    const struct bench_opts *o)
{
	const bool small = ar->bytes <= 32768;
	const uint32_t nbuf = small ? 16 : 256;
	const uint32_t max = small ? 1024 : 4096;
	uint32_t *cur = bench_zalloc(nbuf * sizeof(*cur));
	uint32_t *seq_buf, *seq_size;
	size_t nops = 0, cap;
	uint64_t rng = BENCH_SEED;
	bool active;

	/* Sequence: round-robin over the buffers, each grown by 1..256 bytes up to max. */
	cap = (size_t)nbuf * max;  /* >= number of steps (each grows >= 1 byte) */
	seq_buf = bench_zalloc(cap * sizeof(*seq_buf));
	seq_size = bench_zalloc(cap * sizeof(*seq_size));
	do {
		active = false;
		for (uint32_t b = 0; b < nbuf; b++) {
			if (cur[b] >= max)
				continue;
			cur[b] += rng_range(&rng, 1, 256);
			if (cur[b] > max)
				cur[b] = max;
			seq_buf[nops] = b;
			seq_size[nops] = cur[b];
			nops++;
			active = true;
		}
	} while (active);

	void **ptr = bench_zalloc(nbuf * sizeof(*ptr));
	uint32_t *held = bench_zalloc(nbuf * sizeof(*held));  /* bytes valid in ptr[b] */
	struct bench_rec rec;
	struct bench_row row;
	uint64_t fails = 0, grows = 0, inplace = 0, content_errors = 0;

	rec_open(&rec, nops);
	for (unsigned r = 0; r < o->replays; r++) {
		fresh(a, ar, o);
		memset(ptr, 0, nbuf * sizeof(*ptr));
		memset(held, 0, nbuf * sizeof(*held));
		fails = grows = inplace = 0;
		rec_begin(&rec, r);
		for (size_t i = 0; i < nops; i++) {
			uint32_t b = seq_buf[i], want = seq_size[i];
			void *old = ptr[b];
			uint64_t t0 = timer_now();
			void *p = a->realloc(old, want);
			uint64_t t1 = timer_now();

			rec_put(&rec, OP_ALLOC, timer_ticks(t0, t1));
			if (p == NULL) {
				fails++;  /* old block untouched; the sequence goes on */
				continue;
			}
			if (old != NULL) {
				grows++;
				inplace += p == old;
			}
			/* The first held bytes must have survived the move. */
			for (uint32_t k = 0; k < held[b]; k++) {
				if (((uint8_t *)p)[k] != w5_byte(b, k)) {
					content_errors++;
					break;
				}
			}
			for (uint32_t k = held[b]; k < want; k++)
				((uint8_t *)p)[k] = w5_byte(b, k);
			ptr[b] = p;
			held[b] = want;
		}
		rec_end(&rec);
		drain(a, ptr, nbuf);
	}

	row_init(&row, a, "W5", "realloc", ar);
	rec_summarise(&rec, &row);
	row.failures = fails;
	row.content_errors = content_errors;
	row.inplace_share = grows ? (double)inplace / (double)grows : NAN;
	snprintf(row.note, sizeof(row.note), "%u bufs to %u B, %s", nbuf, max,
		 content_errors ? "CONTENT CORRUPTED" : "content ok");
	row_emit(&row);
	rec_close(&rec);
	free(cur);
	free(seq_buf);
	free(seq_size);
	free(ptr);
	free(held);
}
