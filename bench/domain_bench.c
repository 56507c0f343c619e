/*
 * Memory-domain switch cost on the host (no timed assertions). Two user
 * threads of equal priority hand the CPU to each other with k_yield(); one
 * is in a domain of N one-page partitions (not adjacent, so no merging), the
 * other in an empty domain, so every switch changes the rights of N
 * partitions plus the two user stacks (N + 2 mprotect calls). A pair of
 * supervisor threads gives the switch cost without protection changes.
 * Median over BATCHES batches of ITERS round trips (2 switches each),
 * CLOCK_MONOTONIC, pinned to one CPU. Prints CSV rows
 *   domain,<row>,<metric>,<value>
 * with rows switch_supervisor and switch_partitions_<N> (N = 0, 2, 8) and
 * metrics median_ns (per switch) and mprotect_per_switch.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <zephyr/kernel.h>
#include "clock.h"

#define BATCHES 31
#define ITERS 200
#define MAX_PARTS 8
#define PAGE ARCH_PAGE_SIZE

unsigned long rtmem_posix_mprotect_calls(void); /* arch/posix extension */

static uint8_t __aligned(PAGE) area[2 * MAX_PARTS * PAGE];
static struct k_mem_partition parts[MAX_PARTS];
static struct k_mem_domain dom_a, dom_b;

K_THREAD_STACK_ARRAY_DEFINE(stacks, 2, 4096);
static struct k_thread threads[2];
static uint64_t batch_ns[BATCHES];
static unsigned long batch_calls;

/* Thread 0 measures; thread 1 yields back until thread 0 is done. */
static volatile bool stop;

static void measurer(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int w = 0; w < 20; w++) {
		k_yield(); /* warm up: both views computed and cached */
	}
	unsigned long calls0 = rtmem_posix_mprotect_calls();

	for (int b = 0; b < BATCHES; b++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < ITERS; i++) {
			k_yield();
		}
		batch_ns[b] = now_ns() - t0;
	}
	batch_calls = rtmem_posix_mprotect_calls() - calls0;
	stop = true;
	k_yield();
}

static void yielder(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	while (!stop) {
		k_yield();
	}
}

static void run(const char *row, uint32_t options, struct k_mem_domain *da, struct k_mem_domain *db)
{
	stop = false;
	k_thread_create(&threads[0], stacks[0], 4096, measurer, NULL, NULL, NULL, 1, options, K_FOREVER);
	k_thread_create(&threads[1], stacks[1], 4096, yielder, NULL, NULL, NULL, 1, options, K_FOREVER);
	if (da != NULL) {
		k_mem_domain_add_thread(da, &threads[0]);
		k_mem_domain_add_thread(db, &threads[1]);
	}
	k_thread_start(&threads[0]);
	k_thread_start(&threads[1]);
	k_thread_join(&threads[0], K_FOREVER);
	k_thread_join(&threads[1], K_FOREVER);
	qsort(batch_ns, BATCHES, sizeof(batch_ns[0]), cmp_u64);
	double switches = 2.0 * ITERS;

	printf("domain,%s,median_ns,%.0f\n", row, (double)batch_ns[BATCHES / 2] / switches);
	printf("domain,%s,mprotect_per_switch,%.2f\n", row, (double)batch_calls / (switches * BATCHES));
}

int main(void)
{
	cpu_set_t set;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	CPU_SET(ncpu > 0 ? (int)ncpu - 1 : 0, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0) {
		fprintf(stderr, "domain_bench: not pinned\n");
	}
	printf("domain,row,metric,value\n");
	run("switch_supervisor", 0, NULL, NULL);

	static const int counts[] = { 0, 2, 8 };
	char row[64];

	for (size_t c = 0; c < ARRAY_SIZE(counts); c++) {
		int n = counts[c];

		k_mem_domain_init(&dom_a, 0, NULL);
		k_mem_domain_init(&dom_b, 0, NULL);
		for (int i = 0; i < n; i++) {
			parts[i] = (struct k_mem_partition){ (uintptr_t)&area[2 * i * PAGE], PAGE, K_MEM_PARTITION_P_RW_U_RW };
			if (k_mem_domain_add_partition(&dom_a, &parts[i]) != 0) {
				fprintf(stderr, "domain_bench: add_partition failed\n");
				return 1;
			}
		}
		snprintf(row, sizeof(row), "switch_partitions_%d", n);
		run(row, K_USER, &dom_a, &dom_b);
		k_mem_domain_deinit(&dom_a);
		k_mem_domain_deinit(&dom_b);
	}
	return 0;
}
