/* Kernel basics on the target: threads, k_sem ping-pong, sleep timing, preemption order, irq_offload. */
#include "ttest.h"

#define STACK 2048
K_THREAD_STACK_DEFINE(stack_a, STACK);
K_THREAD_STACK_DEFINE(stack_b, STACK);
static struct k_thread thread_a, thread_b;

/* ---- ping-pong ---- */

K_SEM_DEFINE(ping, 0, 1);
K_SEM_DEFINE(pong, 0, 1);
static volatile int pongs;

static void ponger(void *p1, void *p2, void *p3)
{
	int n = (int)(intptr_t)p1;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int i = 0; i < n; i++) {
		if (k_sem_take(&ping, K_MSEC(1000)) != 0) {
			return;
		}
		pongs++;
		k_sem_give(&pong);
	}
}

static void test_sem_ping_pong(void)
{
	const int n = 1000;

	pongs = 0;
	k_thread_create(&thread_a, stack_a, STACK, ponger, (void *)(intptr_t)n, NULL, NULL, K_PRIO_PREEMPT(1), 0,
			K_NO_WAIT);
	int ok = 0;

	for (int i = 0; i < n; i++) {
		k_sem_give(&ping);
		if (k_sem_take(&pong, K_MSEC(1000)) == 0) {
			ok++;
		}
	}
	TT_CHECK(ok == n);
	TT_CHECK(pongs == n);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
}

/* ---- sleep timing in ticks ---- */

static void test_sleep_ticks(void)
{
	for (int ms = 1; ms <= 50; ms *= 7) {
		int64_t t0 = k_uptime_ticks();

		k_msleep(ms);
		int64_t dt = k_uptime_ticks() - t0;

		TT_CHECK(dt >= (int64_t)k_ms_to_ticks_ceil64((uint64_t)ms));
		TT_CHECK(dt <= (int64_t)k_ms_to_ticks_ceil64((uint64_t)ms) + 20); /* QEMU runs in host time */
		printk("  k_msleep(%d): %u ticks\n", ms, (unsigned int)dt);
	}
	TT_CHECK(k_sem_take(&pong, K_MSEC(5)) == -EAGAIN);
}

/* ---- preemption order ---- */

static volatile int order[8];
static volatile int order_n;

static void recorder(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	order[order_n++] = (int)(intptr_t)p1;
}

static volatile bool spin_stop;
static volatile uint32_t spins;

static void spinner(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	while (!spin_stop) {
		spins++;
	}
}

static void sleeper_hi(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_msleep(10);
	/* the tick woke us while the low-priority spinner ran: we preempted it */
	order[order_n++] = 100;
	spin_stop = true;
}

static void test_preemption(void)
{
	/* main runs at priority 0: a higher-priority thread runs at once, a lower one only when main blocks */
	order_n = 0;
	k_thread_create(&thread_a, stack_a, STACK, recorder, (void *)1, NULL, NULL, K_PRIO_PREEMPT(5), 0, K_NO_WAIT);
	TT_CHECK(order_n == 0);
	k_thread_create(&thread_b, stack_b, STACK, recorder, (void *)2, NULL, NULL, K_PRIO_COOP(1), 0, K_NO_WAIT);
	TT_CHECK(order_n == 1 && order[0] == 2);
	k_msleep(1);
	TT_CHECK(order_n == 2 && order[1] == 1);
	k_thread_join(&thread_a, K_FOREVER);
	k_thread_join(&thread_b, K_FOREVER);

	/* preemption by the tick: a sleeping high-priority thread takes the CPU from a busy low one */
	order_n = 0;
	spin_stop = false;
	spins = 0;
	k_thread_create(&thread_a, stack_a, STACK, spinner, NULL, NULL, NULL, K_PRIO_PREEMPT(6), 0, K_NO_WAIT);
	k_thread_create(&thread_b, stack_b, STACK, sleeper_hi, NULL, NULL, NULL, K_PRIO_PREEMPT(2), 0, K_NO_WAIT);
	TT_CHECK(k_thread_join(&thread_b, K_MSEC(2000)) == 0);
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(2000)) == 0);
	TT_CHECK(order_n == 1 && order[0] == 100);
	TT_CHECK(spins > 0);
	printk("  spinner ran %u iterations before it was preempted and stopped\n", (unsigned int)spins);
}

/* ---- interrupt context ---- */

static volatile bool in_isr_seen;

static void offload_fn(const void *arg)
{
	in_isr_seen = k_is_in_isr();
	k_sem_give((struct k_sem *)arg);
}

static void test_irq_offload(void)
{
	TT_CHECK(!k_is_in_isr());
	in_isr_seen = false;
	irq_offload(offload_fn, &pong);
	TT_CHECK(in_isr_seen);
	TT_CHECK(k_sem_take(&pong, K_NO_WAIT) == 0);
	unsigned int key = irq_lock();

	in_isr_seen = false;
	irq_offload(offload_fn, &pong);
	TT_CHECK(!in_isr_seen); /* masked: pending until the unlock */
	irq_unlock(key);
	TT_CHECK(in_isr_seen);
	TT_CHECK(k_sem_take(&pong, K_NO_WAIT) == 0);
}

/* An ISR aborts the thread it interrupted: the port leaves the handler straight into the next thread. */
static volatile int after_abort;

static void abort_current(const void *arg)
{
	ARG_UNUSED(arg);
	k_thread_abort(k_current_get());
}

static void self_aborting(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	irq_offload(abort_current, NULL);
	after_abort = 1;
}

static void test_abort_from_isr(void)
{
	for (int i = 0; i < 3; i++) {
		after_abort = 0;
		k_thread_create(&thread_a, stack_a, STACK, self_aborting, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0,
				K_NO_WAIT);
		TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
		TT_CHECK(after_abort == 0);
	}
	k_msleep(2); /* the tick and the switch still work */
}

int main(void)
{
	TT_RUN(test_sem_ping_pong);
	TT_RUN(test_sleep_ticks);
	TT_RUN(test_preemption);
	TT_RUN(test_irq_offload);
	TT_RUN(test_abort_from_isr);
	return tt_done();
}
