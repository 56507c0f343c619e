/*
 * --callgrind: instructions per operation, machine-independent.
 *
 * The benchmark re-executes itself under
 *   valgrind --tool=callgrind --collect-atstart=no --toggle-collect=<wrapper>
 * so that only instructions executed between entry to and return from the
 * allocator's wrapper function (the thin wrapper plus everything the
 * allocator calls) are counted: not the RNG, the timer, the vtable call site
 * or the harness. The child runs the workload once and prints its call
 * counts; the parent divides callgrind's total by them.
 */
#ifndef RTMEM_BENCH_CALLGRIND_RUN_H_
#define RTMEM_BENCH_CALLGRIND_RUN_H_

#include "bench.h"

/* Row "W1-Ir" D2: instructions per alloc, per free, per op (both). */
void cg_run_w1(const struct bench_allocator *a, const struct bench_arena *ar, bool quick);
/* Row "W6-Ir" LIFO/random: per alloc, per free, per alloc+free pair. */
void cg_run_w6(const struct bench_allocator *a, bool lifo, const struct bench_arena *ar, bool quick);

#endif /* RTMEM_BENCH_CALLGRIND_RUN_H_ */
