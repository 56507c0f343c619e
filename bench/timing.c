/*
 * Timer calibration and per-operation statistics (SPEC.md "Timing method").
 */
#define _GNU_SOURCE
#include "bench.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t g_overhead;
static uint32_t g_resolution = 1;
static double g_hz = 1e9;

#if !(defined(__x86_64__) || defined(__i386__))
uint64_t timer_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
#endif

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void timer_calibrate(void)
{
	/* Overhead: the smallest reading of an empty timed region; resolution:
	 * the greatest common divisor of all such readings. */
	uint64_t best = UINT64_MAX, g = 0;

	for (int i = 0; i < 100000; i++) {
		uint64_t t0 = timer_now();
		uint64_t t1 = timer_now();
		uint64_t d = t1 - t0;

		if (d < best)
			best = d;
		while (d != 0) {
			uint64_t r = g % d;

			g = d;
			d = r;
		}
	}
	g_resolution = g == 0 || g > UINT32_MAX ? 1 : (uint32_t)g;
	g_overhead = best > UINT32_MAX ? UINT32_MAX : (uint32_t)best;

	/* Frequency: ticks over 50 ms of wall clock (only for ops/s). */
	double w0 = now_s();
	uint64_t t0 = timer_now();
	double w1;

	do {
		w1 = now_s();
	} while (w1 - w0 < 0.05);
	g_hz = (double)(timer_now() - t0) / (w1 - w0);
}

uint32_t timer_overhead(void)
{
	return g_overhead;
}

uint32_t timer_resolution(void)
{
	return g_resolution;
}

double timer_hz(void)
{
	return g_hz;
}

const char *timer_unit(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return "cycles";
#else
	return "ns";
#endif
}

void rec_open(struct bench_rec *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->best = bench_zalloc(cap * sizeof(*r->best));
	r->kind = bench_zalloc(cap * sizeof(*r->kind));
	r->cap = cap;
	r->best_sum = UINT64_MAX;
}

void rec_close(struct bench_rec *r)
{
	free(r->best);
	free(r->kind);
	memset(r, 0, sizeof(*r));
}

void rec_begin(struct bench_rec *r, unsigned replay)
{
	r->replay = replay;
	r->n = 0;
	r->replay_sum = 0;
}

void rec_end(struct bench_rec *r)
{
	if (r->replay_sum < r->best_sum)
		r->best_sum = r->replay_sum;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a;
	uint32_t y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static uint32_t pct(const uint32_t *v, size_t n, double p)
{
	size_t rank = (size_t)((double)n * p + 0.999999);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static void stats_of(const struct bench_rec *r, enum bench_op k, struct bench_op_stats *s)
{
	uint32_t *v = bench_zalloc(r->n * sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->kind[i] == (uint8_t)k)
			v[n++] = r->best[i];
	memset(s, 0, sizeof(*s));
	if (n > 0) {
		qsort(v, n, sizeof(*v), cmp_u32);
		s->count = n;
		s->p50 = pct(v, n, 0.50);
		s->p99 = pct(v, n, 0.99);
		s->p999 = pct(v, n, 0.999);
		s->max = v[n - 1];
	}
	free(v);
}

void rec_summarise(const struct bench_rec *r, struct bench_row *row)
{
	stats_of(r, OP_ALLOC, &row->a);
	stats_of(r, OP_FREE, &row->f);
	row->ops = r->n;
	if (r->best_sum > 0 && r->best_sum != UINT64_MAX)
		row->ops_per_s = (double)r->n * timer_hz() / (double)r->best_sum;
}
