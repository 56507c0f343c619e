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
#include <alloca.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
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

static pthread_mutex_t cpu_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t created_cond = PTHREAD_COND_INITIALIZER;
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

/*
 * Runs the thread's entry below prot_top: everything under it is the part of
 * the stack that is protected while the thread is a user thread and another
 * one runs; above it stay glibc's thread block, the start routine and this
 * frame, which the host thread needs while it waits.
 */
static __attribute__((noinline)) void run_entry(struct posix_thread *p, uintptr_t top)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	volatile char *pad = alloca(sp > top ? sp - top + 256U : 256U);

	pad[0] = 0;
	p->prot_top = top;
	posix_mem_thread_started(p->thread);
	p->entry(p->thread);
	pad[1] = 0; /* no tail call: the entry must run below the pad */
}

static void *thread_main(void *arg)
{
	struct posix_thread *p = arg;
	stack_t ss = { .ss_sp = p->altstack, .ss_size = POSIX_ALTSTACK_SIZE, .ss_flags = 0 };
	uintptr_t top = ((uintptr_t)__builtin_frame_address(0) - 512U) & ~(uintptr_t)(ARCH_PAGE_SIZE - 1);

	self = p;
	(void)sigaltstack(&ss, NULL);
	pthread_mutex_lock(&cpu_mutex);
	p->waiting = true; /* the creator waits for this: a new thread's stack is stable once it exists */
	pthread_cond_signal(&created_cond);
	bool dying = wait_for_cpu(p);

	pthread_mutex_unlock(&cpu_mutex);
	if (!dying && setjmp(p->exit_jmp) == 0) {
		run_entry(p, top);
	}
	/* Ended: nothing may run on the stack object or the alternate stack after this. */
	ss.ss_flags = SS_DISABLE;
	(void)sigaltstack(&ss, NULL);
	self = NULL;
	return NULL;
}

/*
 * A user thread's stack is PROT_NONE while another user thread runs, so it
 * cannot wait for the CPU on it: it raises POSIX_SWITCH_SIGNAL and waits in
 * the handler, on its alternate stack. The thread that hands it the CPU
 * applies its rights first, so the return from the handler finds its stack
 * accessible again.
 */
static void switch_signal_handler(int signo)
{
	struct posix_thread *p = self;
	int saved_errno = errno;

	ARG_UNUSED(signo);
	pthread_mutex_lock(&cpu_mutex);
	posix_mem_switch(p->switch_to);
	give_cpu(p->switch_to);
	bool dying = wait_for_cpu(p);

	pthread_mutex_unlock(&cpu_mutex);
	if (dying) {
		longjmp(p->exit_jmp, 1);
	}
	errno = saved_errno;
}

void posix_switch_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = switch_signal_handler;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(POSIX_SWITCH_SIGNAL, &sa, NULL);
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
	if (ret == 0) {
		pthread_mutex_lock(&cpu_mutex);
		while (!p->waiting) {
			pthread_cond_wait(&created_cond, &cpu_mutex);
		}
		pthread_mutex_unlock(&cpu_mutex);
	}
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

	if (posix_mem_stack_protected(from)) {
		p->switch_to = to;
		(void)pthread_kill(pthread_self(), POSIX_SWITCH_SIGNAL);
		return; /* the handler waited until this thread got the CPU back */
	}
	pthread_mutex_lock(&cpu_mutex);
	posix_mem_switch(to);
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
	posix_mem_switch(to);
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
	arch_mem_view_update(); /* a dead user thread's stack is plain memory again before it unwinds */
	pthread_mutex_lock(&cpu_mutex);
	p->dying = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&cpu_mutex);
	pthread_join(p->tid, NULL);
	VALGRIND_STACK_DEREGISTER(p->vg_stack_id);
	pthread_cond_destroy(&p->cond);
	posix_mem_thread_free(p);
	free(p->altstack);
	free(p);
	t->arch.priv = NULL;
}

FUNC_NORETURN void arch_start(struct k_thread *first)
{
	pthread_mutex_lock(&cpu_mutex);
	posix_mem_switch(first);
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

/* The mask flag and the pending count are read by the inline
 * arch_irq_lock/arch_irq_unlock of <rtmem/arch/port.h>. */
Z_POSIX_IRQ_HIDDEN unsigned int z_posix_irq_masked;
static unsigned int isr_nesting;
static struct pending_irq pending[POSIX_MAX_PENDING_IRQS];
Z_POSIX_IRQ_HIDDEN unsigned int z_posix_irq_pending;

/*
 * The interrupt stack: the outermost simulated ISR runs on it (swapcontext),
 * nested ones stay on it. Painted 0xAA and guarded like a thread stack, so
 * its usage is measurable (rtmem_isr_stack_space_get, the thread analyzer).
 */
#ifndef CONFIG_ISR_STACK_SIZE
#define CONFIG_ISR_STACK_SIZE 2048
#endif
K_KERNEL_STACK_DEFINE(z_interrupt_stack, CONFIG_ISR_STACK_SIZE);
static uintptr_t isr_stack_start;
static size_t isr_stack_size;
static ucontext_t isr_ctx, isr_caller_ctx;
static void (*isr_routine)(const void *arg);
static const void *isr_arg;

void posix_isr_stack_init(void)
{
	isr_stack_start = (uintptr_t)z_interrupt_stack + ARCH_THREAD_STACK_GUARD_SIZE;
	isr_stack_size = sizeof(z_interrupt_stack) - ARCH_THREAD_STACK_GUARD_SIZE;
	arch_stack_init_fill((void *)isr_stack_start, isr_stack_size);
	(void)VALGRIND_STACK_REGISTER((char *)isr_stack_start, (char *)isr_stack_start + isr_stack_size);
	(void)mprotect(z_interrupt_stack, ARCH_THREAD_STACK_GUARD_SIZE, PROT_NONE);
}

void posix_isr_stack_unprotect(void)
{
	(void)mprotect(z_interrupt_stack, ARCH_THREAD_STACK_GUARD_SIZE, PROT_READ | PROT_WRITE);
}

bool posix_isr_guard_hit(uintptr_t addr)
{
	return addr >= (uintptr_t)z_interrupt_stack && addr < isr_stack_start;
}

void *arch_isr_stack_get(size_t *size)
{
	*size = isr_stack_size;
	return isr_stack_size != 0U ? (void *)isr_stack_start : NULL;
}

static void isr_trampoline(void)
{
	isr_routine(isr_arg);
}

static void run_isr(void (*routine)(const void *arg), const void *arg)
{
	isr_nesting++;
	if (isr_nesting == 1U && isr_stack_size != 0U) {
		isr_routine = routine;
		isr_arg = arg;
		(void)getcontext(&isr_ctx);
		isr_ctx.uc_stack.ss_sp = (void *)isr_stack_start;
		isr_ctx.uc_stack.ss_size = isr_stack_size;
		isr_ctx.uc_link = &isr_caller_ctx;
		makecontext(&isr_ctx, isr_trampoline, 0);
		(void)swapcontext(&isr_caller_ctx, &isr_ctx);
	} else {
		routine(arg);
	}
	isr_nesting--;
	if (isr_nesting == 0U) {
		z_isr_exit();
		arch_mem_view_update(); /* drop supervisor rights the handler took */
	}
}

/* arch_irq_unlock() with interrupts pending (port.h calls it out of line). */
void z_posix_irq_unlock_slow(unsigned int key)
{
	z_posix_irq_masked = key;
	while (key == 0U && isr_nesting == 0U && z_posix_irq_pending > 0U) {
		struct pending_irq irq = pending[0];

		z_posix_irq_pending--;
		memmove(&pending[0], &pending[1], z_posix_irq_pending * sizeof(pending[0]));
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
	if (z_posix_irq_masked != 0U) {
		if (z_posix_irq_pending == POSIX_MAX_PENDING_IRQS) {
			z_diag("rtmem: too many pending simulated interrupts\n");
			arch_system_halt(K_ERR_SPURIOUS_IRQ);
		}
		pending[z_posix_irq_pending++] = (struct pending_irq){ routine, arg };
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
