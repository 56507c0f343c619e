/*
 * Shared helpers of the memory-object tests: the fatal-error recorder (the
 * handler returns, so a faulting thread is aborted and the test goes on:
 * rtmem_fatal_test_mode), a runner for code that must fault, and simulated
 * time in milliseconds.
 */
#ifndef RTMEM_TESTS_MEMTEST_H_
#define RTMEM_TESTS_MEMTEST_H_

#include "../ktest.h"
#include <rtmem/sys_heap.h>

static int mt_fatal_count;
static unsigned int mt_fatal_reason;
static const struct k_thread *mt_fatal_thread;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	(void)esf;
	mt_fatal_count++;
	mt_fatal_reason = reason;
	mt_fatal_thread = k_current_get();
}

static inline void mt_fatal_reset(void)
{
	mt_fatal_count = 0;
	mt_fatal_reason = 99;
	mt_fatal_thread = NULL;
}

/* Run @fn(p1, p2) in thread slot 7 (priority -1, runs at once); return when it
 * ended; require exactly one fatal error (K_ERR_KERNEL_PANIC) in that thread. */
static inline void mt_run_faulting(k_thread_entry_t fn, void *p1, void *p2)
{
	mt_fatal_reset();
	kt_log_reset();
	k_thread_create(&kt_threads[7], kt_stacks[7], KT_STACK, fn, p1, p2, NULL, -1, 0, K_NO_WAIT);
	assert_int_equal(k_thread_join(&kt_threads[7], K_FOREVER), 0);
	assert_int_equal(mt_fatal_count, 1);
	assert_int_equal(mt_fatal_reason, K_ERR_KERNEL_PANIC);
	assert_ptr_equal(mt_fatal_thread, &kt_threads[7]);
	assert_int_equal(kt_log_n, 0); /* the code after the fault never ran */
}

/* Simulated milliseconds since boot. */
static inline int64_t mt_now(void)
{
	return k_uptime_get();
}

#endif /* RTMEM_TESTS_MEMTEST_H_ */
