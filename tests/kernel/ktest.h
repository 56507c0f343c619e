/*
 * Shared helpers of the kernel tests: a pool of thread stacks, an event log
 * to check orders, and spawn/join helpers. Tests run in the main thread
 * (priority 0) of a cmocka program linked with rtmem (--wrap=main).
 */
#ifndef RTMEM_TESTS_KTEST_H_
#define RTMEM_TESTS_KTEST_H_

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <zephyr/kernel.h>

#define KT_THREADS 8
#define KT_STACK 2048

K_THREAD_STACK_ARRAY_DEFINE(kt_stacks, KT_THREADS, KT_STACK);
static struct k_thread kt_threads[KT_THREADS];

/* Event log: threads append small integers; tests compare with the expected order. */
static int kt_log[64];
static int kt_log_n;

static inline void kt_log_reset(void)
{
	kt_log_n = 0;
}

static inline void kt_log_add(int v)
{
	if (kt_log_n < (int)ARRAY_SIZE(kt_log)) {
		kt_log[kt_log_n++] = v;
	}
}

/* Thread entry that logs its first argument. */
static inline void kt_log_entry(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	kt_log_add((int)(intptr_t)p1);
}

#define kt_log_expect(...)                                                   \
	do {                                                                 \
		const int _exp[] = { __VA_ARGS__ };                          \
		assert_int_equal(kt_log_n, (int)ARRAY_SIZE(_exp));           \
		for (size_t _i = 0; _i < ARRAY_SIZE(_exp); _i++) {           \
			assert_int_equal(kt_log[_i], _exp[_i]);              \
		}                                                            \
	} while (0)

static inline k_tid_t kt_spawn(int i, k_thread_entry_t fn, void *p1, void *p2, int prio, k_timeout_t delay)
{
	return k_thread_create(&kt_threads[i], kt_stacks[i], KT_STACK, fn, p1, p2, (void *)(intptr_t)i, prio, 0,
			       delay);
}

static inline void kt_join_all(int n)
{
	for (int i = 0; i < n; i++) {
		assert_int_equal(k_thread_join(&kt_threads[i], K_FOREVER), 0);
	}
}

#endif /* RTMEM_TESTS_KTEST_H_ */
