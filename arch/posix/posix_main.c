/*
 * arch/posix: the application model, console, exit, and faults.
 *
 * Applications link with -Wl,--wrap=main (pkg-config `rtmem`, CMake
 * rtmem::rtmem): the process enters __wrap_main, which prepares the host
 * (line-buffered stdout, clock, fault handlers) and boots the kernel; the
 * application's main() (__real_main) then runs as the main thread. Static
 * kernel objects were registered by constructors before that.
 *
 * Faults: SIGSEGV, SIGBUS, SIGILL and SIGFPE are caught on a per-thread
 * alternate stack. In a kernel thread they enter the fatal path: a fault in
 * the thread's guard page is K_ERR_STACK_CHK_FAIL (stack overflow), any
 * other K_ERR_CPU_EXCEPTION with the faulting address (a user thread
 * outside its domain, a write to a read-only partition, a bad pointer).
 * A user thread running kernel code (the gate, an ISR) first gets its
 * supervisor rights (posix_mem.c) and retries. Outside kernel threads the
 * default action (core dump) applies.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include "posix_internal.h"

/* ---- console and exit ---------------------------------------------------------------- */

void arch_console_vprintf(const char *fmt, va_list ap)
{
	vfprintf(stdout, fmt, ap);
}

void arch_diag_vprintf(const char *fmt, va_list ap)
{
	fflush(stdout);
	vfprintf(stderr, fmt, ap);
	fflush(stderr);
}

FUNC_NORETURN void arch_system_exit(int code)
{
	posix_mem_unprotect_all(); /* exit handlers (LeakSanitizer) read every thread's memory */
	fflush(stdout);
	fflush(stderr);
	exit(code);
}

void rtmem_sim_exit(int code)
{
	arch_system_exit(code);
}

FUNC_NORETURN void arch_system_halt(unsigned int reason)
{
	z_diag("rtmem: system halted (fatal error %u), exit status %u\n", reason, RTMEM_EXIT_FATAL_BASE + reason);
	_exit((int)(RTMEM_EXIT_FATAL_BASE + reason));
}

/* ---- faults ----------------------------------------------------------------------------------- */

static void fault_handler(int signo, siginfo_t *info, void *ucontext)
{
	struct arch_esf esf = { .fault_addr = info->si_addr, .pc = NULL, .signo = signo };

#if defined(__x86_64__)
	esf.pc = (void *)((ucontext_t *)ucontext)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	esf.pc = (void *)((ucontext_t *)ucontext)->uc_mcontext.pc;
#else
	(void)ucontext;
#endif
	if (posix_self_thread() == NULL) {
		/* Not a kernel thread: let the default action report it. */
		signal(signo, SIG_DFL);
		return;
	}
	unsigned int reason = K_ERR_CPU_EXCEPTION;

	if (signo == SIGSEGV && posix_mem_fault_fixup(info->si_addr)) {
		return; /* kernel code of a user thread: supervisor rights applied, retry */
	}
	posix_mem_fatal_enter();
	if (signo != SIGSEGV && signo != SIGBUS) {
		esf.fault_addr = NULL;
	} else if (arch_is_in_isr() && posix_isr_guard_hit((uintptr_t)info->si_addr)) {
		reason = K_ERR_STACK_CHK_FAIL;
		printk("Stack overflow on the interrupt stack: guard page hit at %p\n", info->si_addr);
	} else if (posix_mem_in_guard(posix_self_thread(), (uintptr_t)info->si_addr)) {
		reason = K_ERR_STACK_CHK_FAIL; /* the thread ran into the guard page below its stack */
		printk("Stack overflow in thread %p (%s): guard page hit at %p\n", (void *)posix_self_thread(),
		       posix_self_thread()->name, info->si_addr);
	}
	z_fatal_error(reason, &esf);
	/* Only an ISR in test mode gets here: the faulting instruction cannot resume. */
	arch_system_halt(reason);
}

static void faults_init(void)
{
	static const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		sigaction(signals[i], &sa, NULL);
	}
}

/* ---- main -------------------------------------------------------------------------------------- */

int __real_main(int argc, char **argv, char **envp);
int __wrap_main(int argc, char **argv, char **envp);

struct main_args {
	int argc;
	char **argv;
	char **envp;
};

static int call_real_main(void *arg)
{
	struct main_args *a = arg;

	return __real_main(a->argc, a->argv, a->envp);
}

int __wrap_main(int argc, char **argv, char **envp)
{
	static struct main_args args;

	args = (struct main_args){ argc, argv, envp };
	setvbuf(stdout, NULL, _IOLBF, 0);
	posix_clock_init();
	faults_init();
	posix_switch_init();
	posix_isr_stack_init();
	z_cstart(call_real_main, &args);
}
