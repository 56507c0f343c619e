/*
 * The fatal path on the target: k_oops in a thread, a CPU fault (UsageFault:
 * undefined instruction; divide by zero) in a thread, each aborts that thread
 * after the register dump and the handler; the system goes on.
 */
#include "ttest.h"

#define STACK 2048
K_THREAD_STACK_DEFINE(stack_a, STACK);
static struct k_thread thread_a;

static volatile unsigned int last_reason = 0xFFFFU;
static volatile int handler_calls;
static volatile int after_fault;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	ARG_UNUSED(esf);
	last_reason = reason;
	handler_calls++;
	/* return: the kernel aborts the faulting thread */
}

static void oopser(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_oops();
	after_fault = 1;
}

static void undef_insn(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	__asm__ volatile(".short 0xde00"); /* permanently undefined (UDF #0) */
	after_fault = 1;
}

static volatile int zero;

static void div_zero(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	volatile int r = 10 / zero; /* CCR.DIV_0_TRP: UsageFault */

	ARG_UNUSED(r);
	after_fault = 1;
}

static void run_faulter(k_thread_entry_t fn, unsigned int expect_reason)
{
	int calls = handler_calls;

	after_fault = 0;
	k_thread_create(&thread_a, stack_a, STACK, fn, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0, K_NO_WAIT);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
	TT_CHECK(handler_calls == calls + 1);
	TT_CHECK(last_reason == expect_reason);
	TT_CHECK(after_fault == 0);
}

static void test_oops_aborts_thread(void)
{
	run_faulter(oopser, K_ERR_KERNEL_OOPS);
}

static void test_undefined_instruction(void)
{
	run_faulter(undef_insn, K_ERR_CPU_EXCEPTION);
}

static void test_divide_by_zero(void)
{
	run_faulter(div_zero, K_ERR_CPU_EXCEPTION);
}

static void test_system_goes_on(void)
{
	/* the same thread object and stack are reusable; sleeping still works */
	run_faulter(oopser, K_ERR_KERNEL_OOPS);
	int64_t t0 = k_uptime_ticks();

	k_msleep(5);
	TT_CHECK(k_uptime_ticks() > t0);
}

int main(void)
{
	TT_RUN(test_oops_aborts_thread);
	TT_RUN(test_undefined_instruction);
	TT_RUN(test_divide_by_zero);
	TT_RUN(test_system_goes_on);
	return tt_done();
}
