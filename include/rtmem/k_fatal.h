/*
 * Fatal errors, k_oops/k_panic and __ASSERT, as in Zephyr.
 *
 * Every contract violation and fault goes through one path, z_fatal_error():
 *   1. prints ">>> FATAL ERROR <n>: <name>" and the faulting thread and address;
 *   2. calls k_sys_fatal_error_handler(reason, esf) — weak, the application
 *      may define its own;
 *   3. the default handler halts: on the host the process exits with status
 *      RTMEM_EXIT_FATAL_BASE + reason (100..104);
 *   4. if an application's handler returns, the faulting thread is aborted
 *      and the rest of the system goes on — except, as in Zephyr, for
 *      K_ERR_KERNEL_PANIC, for an error in interrupt context, and for an
 *      essential thread (main while main() runs, K_ESSENTIAL threads): those
 *      halt. A Zephyr build with CONFIG_TEST=y recovers from panics too and
 *      returns to an interrupted ISR; rtmem_fatal_test_mode(true) selects
 *      that behaviour at run time (test programs).
 */
#ifndef RTMEM_K_FATAL_H_
#define RTMEM_K_FATAL_H_

#include <stdbool.h>
#include <rtmem/arch/port.h>
#include <rtmem/k_config.h>
#include <zephyr/toolchain.h>

/** Fatal error reasons (Zephyr's values). */
enum k_fatal_error_reason {
	/** generic CPU exception (host: SIGSEGV/SIGBUS/SIGILL/SIGFPE in a thread) */
	K_ERR_CPU_EXCEPTION = 0,
	/** unhandled hardware interrupt */
	K_ERR_SPURIOUS_IRQ = 1,
	/** stack overflow detected */
	K_ERR_STACK_CHK_FAIL = 2,
	/** k_oops(): the thread is at fault */
	K_ERR_KERNEL_OOPS = 3,
	/** k_panic() and failed __ASSERT: the system is at fault */
	K_ERR_KERNEL_PANIC = 4,
};

/** Host exit status of a halt: base + reason. */
#define RTMEM_EXIT_FATAL_BASE 100

/**
 * @brief Fatal error policy; the default halts. Define your own to change it.
 * @context  the faulting context (thread or ISR), interrupts masked
 * @pre      called only by the kernel's fatal path
 * @post     returning = abort the faulting thread and go on (see the file comment)
 * @complexity application-defined
 * @retval   (void)
 * @ub       blocking inside the handler
 */
void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf);

/**
 * @brief The fatal path: report, call the handler, then halt or abort the faulting thread.
 * @context  any
 * @pre      @a esf may be NULL
 * @post     returns only in an ISR in test mode; otherwise the thread is aborted or the system halted
 * @complexity O(threads) (abort)
 * @retval   (void)
 * @ub       none
 */
void z_fatal_error(unsigned int reason, const struct arch_esf *esf);

/**
 * @brief Raise a software fatal error at the caller's address (k_oops/k_panic).
 * @context  any
 * @pre      none
 * @post     as z_fatal_error()
 * @complexity as z_fatal_error()
 * @retval   (void) returns only in an ISR in test mode
 * @ub       none
 */
void z_except_reason(unsigned int reason);

/**
 * @brief Halt the system (host: exit status RTMEM_EXIT_FATAL_BASE + @a reason).
 * @context  any
 * @pre      none
 * @post     nothing runs
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void k_fatal_halt(unsigned int reason);

/**
 * @brief rtmem extension: behave as a Zephyr CONFIG_TEST=y build on fatal errors.
 * @context  any
 * @pre      none
 * @post     on: a returning handler also recovers from K_ERR_KERNEL_PANIC (thread
 *           aborted) and from errors in ISRs (the ISR continues)
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
void rtmem_fatal_test_mode(bool on);

/** Oops: fatal error K_ERR_KERNEL_OOPS in the calling thread. */
#define k_oops() z_except_reason(K_ERR_KERNEL_OOPS)
/** Panic: fatal error K_ERR_KERNEL_PANIC (halts unless test mode). */
#define k_panic() z_except_reason(K_ERR_KERNEL_PANIC)

#endif /* RTMEM_K_FATAL_H_ */
