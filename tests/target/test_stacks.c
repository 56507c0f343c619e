/*
 * Stacks on the target: a thread that overflows its stack hits the guard
 * (ARMv7-M: MPU region; ARMv8-M: PSPLIM), the fatal path reports
 * K_ERR_STACK_CHK_FAIL and aborts it, and the system goes on; stack usage
 * is measurable.
 */
#include "ttest.h"

#define STACK 1024
K_THREAD_STACK_DEFINE(stack_a, STACK);
static struct k_thread thread_a;
static volatile uint32_t depth;
static volatile uint32_t limit = UINT32_MAX; /* the compiler cannot see the recursion is unbounded */
static volatile unsigned int last_reason = 0xFFFFU;
static volatile int handler_calls;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	ARG_UNUSED(esf);
	last_reason = reason;
	handler_calls++;
}

static __attribute__((noinline)) uint32_t recurse(uint32_t n)
{
	volatile uint32_t local[2] = { n, n + 1 };

	depth = n;
	if (n >= limit) {
		return 0;
	}
	return recurse(n + 1) + local[0] + local[1]; /* no tail call */
}

static void overflower(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)recurse(0);
}

static void quiet(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	volatile char buf[200];

	for (unsigned int i = 0; i < sizeof(buf); i++) {
		buf[i] = (char)i;
	}
}

static void test_overflow_caught(void)
{
	for (int round = 0; round < 2; round++) {
		int calls = handler_calls;

		depth = 0;
		k_thread_create(&thread_a, stack_a, STACK, overflower, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0,
				K_NO_WAIT);
		TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
		TT_CHECK(handler_calls == calls + 1);
		TT_CHECK(last_reason == K_ERR_STACK_CHK_FAIL);
		TT_CHECK(depth > 10);
		printk("  overflow after %u frames\n", (unsigned int)depth);
	}
}

static void test_usage_measured(void)
{
	size_t unused = 0;

	k_thread_create(&thread_a, stack_a, STACK, quiet, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0, K_FOREVER);
	k_thread_start(&thread_a);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
	/* main's own stack: used, but far from full */
	TT_CHECK(k_thread_stack_space_get(k_current_get(), &unused) == 0);
	TT_CHECK(unused > 1024 && unused < CONFIG_MAIN_STACK_SIZE);
	printk("  main stack unused: %u of %u\n", (unsigned int)unused, (unsigned int)CONFIG_MAIN_STACK_SIZE);
}

int main(void)
{
	TT_RUN(test_overflow_caught);
	TT_RUN(test_usage_measured);
	return tt_done();
}
