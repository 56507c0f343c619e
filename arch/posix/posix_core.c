/*
 * arch/posix: kernel threads as pthreads, the CPU token, simulated
 * interrupts and the clock.
 *
 * CPU token: one mutex and one condition variable per thread. cpu_owner
 * names the kernel thread allowed to run; every other host thread waits on
 * its own condition until it is named (or told to die). A switch names the
 * next thread, signals it and waits on its own condition: two futex calls.
 *
 * A thread's host side ends either by its own exit (arch_switch_exit) or by
 * being reaped while it waits (arch_thread_reap sets `dying`); both leave
 * through a longjmp to the bottom of the pthread's start routine, so
 * nothing runs on its stack afterwards, and the reaper's pthread_join
 * guarantees the stack object may be reused.
 *
 * Interrupts are synchronous: irq_offload() runs the handler on the calling
 * host thread (nesting counted); with interrupts masked it is queued until
 * the unmasking arch_irq_unlock().
 *
 * Clock: simulated by default (a counter advanced by arch_idle and
 * arch_busy_wait; runs are deterministic); RTMEM_REALTIME=1 reads
 * CLOCK_MONOTONIC and sleeps instead. RTMEM_STOP_AT=<seconds> ends the run
 * when time would pass that point.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "posix_internal.h"

#ifdef RTMEM_HAVE_VALGRIND_H
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>
#else
#define VALGRIND_STACK_REGISTER(start, end) 0
#define VALGRIND_STACK_DEREGISTER(id) ((void)(id))
#define VALGRIND_MAKE_MEM_UNDEFINED(addr, len) ((void)(addr), (void)(len))
#endif

/* ---- threads and the CPU token ------------------------------------------------ */

struct posix_thread {
	pthread_t tid;
	pthread_cond_t cond;
	struct k_thread *thread;
	void (*entry)(struct k_thread *t);
	jmp_buf exit_jmp;
	bool dying;
	void *altstack;
	unsigned int vg_stack_id;
};

static pthread_mutex_t cpu_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct k_thread *cpu_owner;
static __thread struct posix_thread *self;

struct k_thread *posix_self_thread(void)
{
	return self != NULL ? self->thread : NULL;
}

static inline struct posix_thread *priv_of(struct k_thread *t)
{
	return (struct posix_thread *)t->arch.priv;
}

/* Wait (cpu_mutex held) until @p owns the CPU or must die; true = die. */
static bool wait_for_cpu(struct posix_thread *p)
{
	while (cpu_owner != p->thread && !p->dying) {
		pthread_cond_wait(&p->cond, &cpu_mutex);
	}
	return p->dying;
}

static void give_cpu(struct k_thread *to)
{
	cpu_owner = to;
	pthread_cond_signal(&priv_of(to)->cond);
}

static void *thread_main(void *arg)
{
	struct posix_thread *p = arg;
	stack_t ss = { .ss_sp = p->altstack, .ss_size = POSIX_ALTSTACK_SIZE, .ss_flags = 0 };

	self = p;
	(void)sigaltstack(&ss, NULL);
	pthread_mutex_lock(&cpu_mutex);
	bool dying = wait_for_cpu(p);

	pthread_mutex_unlock(&cpu_mutex);
	if (!dying && setjmp(p->exit_jmp) == 0) {
		p->entry(p->thread);
	}
	/* Ended: nothing may run on the stack object or the alternate stack after this. */
	ss.ss_flags = SS_DISABLE;
	(void)sigaltstack(&ss, NULL);
	self = NULL;
	return NULL;
}

int arch_new_thread(struct k_thread *t, void *stack, size_t size, void (*entry)(struct k_thread *t))
{
	struct posix_thread *p = calloc(1, sizeof(*p));
	pthread_attr_t attr;
	int ret;

	if (p == NULL) {
		return -ENOMEM;
	}
	p->altstack = malloc(POSIX_ALTSTACK_SIZE);
	if (p->altstack == NULL) {
		free(p);
		return -ENOMEM;
	}
	p->thread = t;
	p->entry = entry;
	pthread_cond_init(&p->cond, NULL);
	p->vg_stack_id = VALGRIND_STACK_REGISTER((char *)stack, (char *)stack + size);
	t->arch.priv = p;

	pthread_attr_init(&attr);
	ret = pthread_attr_setstack(&attr, stack, size);
	if (ret == 0) {
		ret = pthread_create(&p->tid, &attr, thread_main, p);
	}
	pthread_attr_destroy(&attr);
	if (ret != 0) {
		VALGRIND_STACK_DEREGISTER(p->vg_stack_id);
		pthread_cond_destroy(&p->cond);
		free(p->altstack);
		free(p);
		t->arch.priv = NULL;
		return -ret;
	}
	return 0;
}

void arch_stack_init_fill(void *start, size_t size)
{
	/* Memcheck marks the frames a dead thread popped as inaccessible: make them plain memory again. */
	(void)VALGRIND_MAKE_MEM_UNDEFINED(start, size);
	memset(start, 0xAA, size);
}

void arch_switch(struct k_thread *from, struct k_thread *to)
{
	struct posix_thread *p = priv_of(from);

	pthread_mutex_lock(&cpu_mutex);
	give_cpu(to);
	bool dying = wait_for_cpu(p);

	pthread_mutex_unlock(&cpu_mutex);
	if (dying) {
		longjmp(p->exit_jmp, 1);
	}
}

FUNC_NORETURN void arch_switch_exit(struct k_thread *from, struct k_thread *to)
{
	struct posix_thread *p = priv_of(from);

	pthread_mutex_lock(&cpu_mutex);
	give_cpu(to);
	pthread_mutex_unlock(&cpu_mutex);
	longjmp(p->exit_jmp, 1);
}

void arch_thread_reap(struct k_thread *t)
{
	struct posix_thread *p = priv_of(t);

	if (p == NULL) {
		return;
	}
	pthread_mutex_lock(&cpu_mutex);
	p->dying = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&cpu_mutex);
	pthread_join(p->tid, NULL);
	VALGRIND_STACK_DEREGISTER(p->vg_stack_id);
	pthread_cond_destroy(&p->cond);
	free(p->altstack);
	free(p);
	t->arch.priv = NULL;
}

FUNC_NORETURN void arch_start(struct k_thread *first)
{
	pthread_mutex_lock(&cpu_mutex);
	give_cpu(first);
	pthread_mutex_unlock(&cpu_mutex);
	/* The boot context only waits for the process to end (exit() from a kernel thread). */
	for (;;) {
		pause();
	}
}

/* ---- simulated interrupts --------------------------------------------------------- */

struct pending_irq {
	void (*routine)(const void *arg);
	const void *arg;
};

static unsigned int irq_masked;
static unsigned int isr_nesting;
static struct pending_irq pending[POSIX_MAX_PENDING_IRQS];
static unsigned int pending_count;

unsigned int arch_irq_lock(void)
{
	unsigned int key = irq_masked;

	irq_masked = 1;
	return key;
}

static void run_isr(void (*routine)(const void *arg), const void *arg)
{
	isr_nesting++;
	routine(arg);
	isr_nesting--;
	if (isr_nesting == 0U) {
		z_isr_exit();
	}
}

void arch_irq_unlock(unsigned int key)
{
	irq_masked = key;
	while (key == 0U && isr_nesting == 0U && pending_count > 0U) {
		struct pending_irq irq = pending[0];

		pending_count--;
		memmove(&pending[0], &pending[1], pending_count * sizeof(pending[0]));
		run_isr(irq.routine, irq.arg);
	}
}

bool arch_irq_unlocked(unsigned int key)
{
	return key == 0U;
}

bool arch_is_in_isr(void)
{
	return isr_nesting > 0U;
}

void arch_irq_offload(void (*routine)(const void *arg), const void *arg)
{
	if (irq_masked != 0U) {
		if (pending_count == POSIX_MAX_PENDING_IRQS) {
			z_diag("rtmem: too many pending simulated interrupts\n");
			arch_system_halt(K_ERR_SPURIOUS_IRQ);
		}
		pending[pending_count++] = (struct pending_irq){ routine, arg };
		return;
	}
	run_isr(routine, arg);
}

/* ---- clock ----------------------------------------------------------------------------- */

static uint64_t sim_cycles;
static bool realtime;
static struct timespec rt_base;
static uint64_t stop_at_cycles = UINT64_MAX;
static const char *stop_at_text;

static uint64_t wall_cycles(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t ns = (uint64_t)(now.tv_sec - rt_base.tv_sec) * 1000000000U + (uint64_t)now.tv_nsec -
		      (uint64_t)rt_base.tv_nsec;

	return z_tmcvt(ns, 1000000000U, Z_HZ_CYC, false);
}

void posix_clock_init(void)
{
	const char *rt = getenv("RTMEM_REALTIME");
	const char *stop = getenv("RTMEM_STOP_AT");

	realtime = rt != NULL && rt[0] != '\0' && strcmp(rt, "0") != 0;
	clock_gettime(CLOCK_MONOTONIC, &rt_base);
	if (stop != NULL && stop[0] != '\0') {
		char *end;
		double s = strtod(stop, &end);

		if (end != stop && s >= 0) {
			stop_at_cycles = (uint64_t)(s * (double)Z_HZ_CYC);
			stop_at_text = stop;
		}
	}
}

uint64_t arch_cycle_get_64(void)
{
	return realtime ? wall_cycles() : sim_cycles;
}

static void check_stop(uint64_t until)
{
	if (until > stop_at_cycles) {
		sim_cycles = stop_at_cycles;
		z_diag("rtmem: RTMEM_STOP_AT=%s s reached, stopping\n", stop_at_text);
		arch_system_exit(0);
	}
}

static void sleep_until(uint64_t until)
{
	uint64_t ns = z_tmcvt(until, Z_HZ_CYC, 1000000000U, true);
	struct timespec ts = {
		.tv_sec = rt_base.tv_sec + (time_t)(ns / 1000000000U),
		.tv_nsec = rt_base.tv_nsec + (long)(ns % 1000000000U),
	};

	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
	}
}

void arch_idle(uint64_t until_cycles)
{
	check_stop(until_cycles);
	if (realtime) {
		sleep_until(until_cycles);
	} else if (until_cycles > sim_cycles) {
		sim_cycles = until_cycles;
	}
}

void arch_busy_wait(uint32_t usec)
{
	uint64_t until = arch_cycle_get_64() + k_us_to_cyc_ceil64(usec);

	check_stop(until);
	if (realtime) {
		sleep_until(until);
	} else {
		sim_cycles = until;
	}
}
