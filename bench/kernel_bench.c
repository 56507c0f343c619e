/*
 * Kernel figures on the host (no timed assertions): wall-clock nanoseconds
 * of the kernel's hot paths, median over BATCHES batches of ITERS operations
 * (CLOCK_MONOTONIC; simulated time does not move). Prints CSV rows
 *   kernel,<row>,<metric>,<value>
 * Rows: a context switch through k_sem between two threads, k_sem give/take
 * without contention, k_sleep(K_NO_WAIT) with and without an equal-priority
 * peer to switch to. Pin to one CPU (taskset -c 0) for stable figures.
 * Under callgrind, divide the instruction count by the printed op count.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zephyr/kernel.h>
#include "clock.h"

#define BATCHES 31
#define DEFAULT_ITERS 2000

static int iters = DEFAULT_ITERS;

K_THREAD_STACK_DEFINE(peer_stack, 4096);
static struct k_thread peer_thread;
static struct k_sem ping, pong;
static volatile bool peer_stop;

static double median_ns(uint64_t *ns, int ops_per_batch)
{
	qsort(ns, BATCHES, sizeof(ns[0]), cmp_u64);
	return (double)ns[BATCHES / 2] / ops_per_batch;
}

static void pong_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	while (!peer_stop) {
		k_sem_take(&ping, K_FOREVER);
		k_sem_give(&pong);
	}
}

static void sleeper_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	while (!peer_stop) {
		k_sleep(K_NO_WAIT);
	}
}

static void row(const char *name, double value)
{
	printf("kernel,%s,median_ns,%.1f\n", name, value);
}

int main(int argc, char **argv)
{
	uint64_t ns[BATCHES];

	if (argc > 1) {
		iters = atoi(argv[1]) > 0 ? atoi(argv[1]) : DEFAULT_ITERS;
	}
	printf("kernel,config,iterations_per_batch,%d\n", iters);

	/* 1. context switch through k_sem: main gives ping, peer (equal priority) gives pong. */
	k_sem_init(&ping, 0, 1);
	k_sem_init(&pong, 0, 1);
	peer_stop = false;
	k_thread_create(&peer_thread, peer_stack, K_THREAD_STACK_SIZEOF(peer_stack), pong_entry, NULL, NULL, NULL,
			0, 0, K_NO_WAIT);
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < iters; i++) {
			k_sem_give(&ping);
			k_sem_take(&pong, K_FOREVER);
		}
		ns[b] = now_ns() - t0;
	}
	row("sem_context_switch", median_ns(ns, 2 * iters)); /* two switches per round trip */
	peer_stop = true;
	k_sem_give(&ping);
	k_thread_join(&peer_thread, K_FOREVER);

	/* 2. k_sem give + take, no waiter, no switch. */
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < iters; i++) {
			k_sem_give(&ping);
			k_sem_take(&ping, K_NO_WAIT);
		}
		ns[b] = now_ns() - t0;
	}
	row("sem_give_take_pair", median_ns(ns, iters));

	/* 3. k_sleep(K_NO_WAIT) alone: a yield with nobody to yield to. */
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < iters; i++) {
			k_sleep(K_NO_WAIT);
		}
		ns[b] = now_ns() - t0;
	}
	row("sleep0_alone", median_ns(ns, iters));

	/* 4. k_sleep(K_NO_WAIT) round trip between two equal-priority threads (two switches). */
	peer_stop = false;
	k_thread_create(&peer_thread, peer_stack, K_THREAD_STACK_SIZEOF(peer_stack), sleeper_entry, NULL, NULL,
			NULL, 0, 0, K_NO_WAIT);
	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < iters; i++) {
			k_sleep(K_NO_WAIT);
		}
		ns[b] = now_ns() - t0;
	}
	row("sleep0_round_trip", median_ns(ns, iters));
	peer_stop = true;
	k_thread_join(&peer_thread, K_FOREVER);
	return 0;
}
