/* Wall-clock helpers shared by the kernel-level benchmark programs
 * (kernel_bench, domain_bench): monotonic nanoseconds and the comparator for
 * qsort-ing per-batch samples before taking their median. */
#ifndef RTMEM_BENCH_CLOCK_H_
#define RTMEM_BENCH_CLOCK_H_

#include <stdint.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000U + (uint64_t)ts.tv_nsec;
}

static inline int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif /* RTMEM_BENCH_CLOCK_H_ */
