/*
 * THE port contract of rtmem: every function a port (arch/posix,
 * arch/cortex_m) provides to the portable kernel, with its pre- and
 * post-conditions. kernel/ calls nothing host- or CPU-specific except
 * through this header; port facts (struct _thread_arch, struct arch_esf,
 * stack layout constants) come from <rtmem/arch/port.h> on the port's
 * include path.
 *
 * The execution model every port implements:
 * - Exactly one kernel thread executes kernel or application code at a time
 *   (it "holds the CPU"). The kernel decides who runs next; the port only
 *   transfers the CPU (arch_switch) and starts/ends host threads.
 * - Interrupts are synchronous on the host (irq_offload and pending
 *   simulated IRQs run on the interrupted thread), so kernel data needs no
 *   lock beyond holding the CPU; on hardware the kernel masks interrupts.
 * - Time is a 64-bit cycle counter (CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC).
 *   The kernel tells the port when nothing can run (arch_idle), and the
 *   port advances or waits for time.
 *
 * Hooks the port calls back into the kernel (kernel/kernel_internal.h):
 *   z_cstart()             boot the kernel and start main (never returns)
 *   z_fatal_error()        a fault of the running thread (never returns
 *                          into the faulting code unless in test-mode ISR)
 *   z_isr_exit()           leaving the outermost simulated interrupt
 *   z_syscall_dispatch()   run system call number id with supervisor rights
 *                          (z_syscall_count: the number of valid ids)
 */
#ifndef RTMEM_ARCH_ARCH_H_
#define RTMEM_ARCH_ARCH_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/arch/port.h>
#include <zephyr/toolchain.h>

struct k_thread;
struct k_mem_domain;

/* ---- threads and the CPU ---- */

/**
 * @brief Create the host side of thread @a t, running on [stack, stack + size).
 * @context  the CPU holder (or boot, before any thread runs)
 * @pre      @a stack page aligned, @a size a multiple of the page size and at
 *           least the host minimum; @a t not known to the port (or reaped)
 * @post     the host thread exists, blocked until arch_switch() hands it the
 *           CPU; it then calls entry(@a t), which never returns
 * @complexity O(1) (one host thread creation)
 * @retval   0 or a negative errno (host resources exhausted)
 * @ub       two live threads sharing stack memory
 */
int arch_new_thread(struct k_thread *t, void *stack, size_t size, void (*entry)(struct k_thread *t));

/**
 * @brief Fill [start, start + size) of a stack about to be used by a new thread with 0xAA.
 * @context  the CPU holder
 * @pre      no live thread uses the range
 * @post     every byte is 0xAA and addressable again for checkers (a host
 *           checker may have marked a dead thread's stack inaccessible)
 * @complexity O(size)
 * @retval   (void)
 * @ub       a live thread on the range
 */
void arch_stack_init_fill(void *start, size_t size);

/**
 * @brief Hand the CPU from @a from (the caller) to @a to; return when @a from gets it back.
 * @context  thread @a from, holding the CPU, interrupts unmasked or masked
 * @pre      @a from != @a to; @a to created by arch_new_thread() and not reaped
 * @post     @a from holds the CPU again (or never returns, if reaped meanwhile)
 * @complexity O(1)
 * @retval   (void)
 * @ub       @a to reaped
 */
void arch_switch(struct k_thread *from, struct k_thread *to);

/**
 * @brief Hand the CPU to @a to and end the host thread of @a from (the caller, now dead).
 * @context  thread @a from, holding the CPU
 * @pre      the kernel marked @a from dead; @a to != @a from
 * @post     @a from's host thread ends after it stops using its stack;
 *           arch_thread_reap(@a from) then waits for that
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void arch_switch_exit(struct k_thread *from, struct k_thread *to);

/**
 * @brief Release the host side of dead thread @a t: afterwards its stack and struct may be reused.
 * @context  the CPU holder, not @a t
 * @pre      the kernel marked @a t dead (it may still be blocked in arch_switch, or ending)
 * @post     @a t's host thread is gone; no port data refers to @a t
 * @complexity O(1) plus the host thread's exit
 * @retval   (void)
 * @ub       @a t is the caller
 */
void arch_thread_reap(struct k_thread *t);

/**
 * @brief Give the CPU to the first thread at boot; the boot context never runs kernel code again.
 * @context  boot (the process's initial thread)
 * @pre      z_cstart() made @a first the current thread
 * @post     @a first runs
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void arch_start(struct k_thread *first);

/* ---- interrupts ---- */

/*
 * arch_irq_lock/arch_irq_unlock are on every kernel object's fast path: a
 * port may define both as static inline functions in <rtmem/arch/port.h>
 * (and define ARCH_IRQ_LOCK_INLINE there); the prototypes below then are not
 * declared. Either form is a compiler memory barrier. arch/posix: inline,
 * lock 2 instructions, unlock 4 (x86-64) unless interrupts are pending.
 */

/**
 * @brief Mask interrupts; see irq_lock().
 * @context  any
 * @pre      none
 * @post     masked
 * @complexity O(1) (posix: inline, a flag; Cortex-M: cpsid/BASEPRI)
 * @retval   previous state (0 = was unmasked)
 * @ub       none
 */
#ifndef ARCH_IRQ_LOCK_INLINE
unsigned int arch_irq_lock(void);
#endif

/**
 * @brief Restore the state of @a key; unmasking runs pending simulated interrupts.
 * @context  any
 * @pre      @a key from arch_irq_lock()
 * @post     state restored; pending interrupts ran (then z_isr_exit())
 * @complexity O(1) plus handlers (posix: inline test of the pending count;
 *           out of line only when interrupts are pending)
 * @retval   (void)
 * @ub       foreign key
 */
#ifndef ARCH_IRQ_LOCK_INLINE
void arch_irq_unlock(unsigned int key);
#endif

/** True when @a key (from arch_irq_lock) means interrupts were unmasked. O(1), any context. */
bool arch_irq_unlocked(unsigned int key);

/** True when running an interrupt handler. O(1), any context. */
bool arch_is_in_isr(void);

/**
 * @brief Run @a routine(@a arg) in interrupt context now, or when interrupts are unmasked.
 * @context  thread or ISR
 * @pre      @a routine not NULL
 * @post     ran (nesting counted, arch_is_in_isr() true inside); leaving the
 *           outermost level calls z_isr_exit()
 * @complexity O(1) plus the routine
 * @retval   (void)
 * @ub       routine blocks
 */
void arch_irq_offload(void (*routine)(const void *arg), const void *arg);

/* ---- time ---- */

/** Cycles since boot (simulated by default; wall clock in real-time mode). O(1), any context, never decreases. */
uint64_t arch_cycle_get_64(void);

/**
 * @brief No thread can run: let time reach @a until_cycles.
 * @context  the CPU holder, kernel idle path
 * @pre      @a until_cycles > now (UINT64_MAX is not passed: the kernel handles "never")
 * @post     arch_cycle_get_64() >= @a until_cycles (simulated: exactly); or the
 *           process ended because the run limit (RTMEM_STOP_AT) lies before it
 * @complexity O(1) simulated; sleeps in real-time mode
 * @retval   (void)
 * @ub       none
 */
void arch_idle(uint64_t until_cycles);

/**
 * @brief Let @a usec microseconds pass without giving up the CPU (k_busy_wait).
 * @context  any
 * @pre      none
 * @post     time advanced by @a usec (simulated) or that long elapsed (real time)
 * @complexity O(1) simulated; spins in real-time mode
 * @retval   (void)
 * @ub       none
 */
void arch_busy_wait(uint32_t usec);

/* ---- stacks: guard, inspection, interrupt stack ---- */

/**
 * @brief Make the guard area below thread @a t's stack (ARCH_THREAD_STACK_GUARD_SIZE
 *        bytes under t->stack_info.start) inaccessible.
 * @context  the CPU holder
 * @pre      @a t's stack_info set; the guard lies inside @a t's stack object
 * @post     any access to the guard faults; the port's fault path reports it as
 *           K_ERR_STACK_CHK_FAIL naming @a t
 * @complexity O(1) (host: one mprotect)
 * @retval   0 or a negative errno
 * @ub       none
 */
int arch_stack_guard_set(struct k_thread *t);

/**
 * @brief Make @a t's guard area plain memory again (the stack object is being reused or freed).
 * @context  the CPU holder
 * @pre      @a t dead and reaped (arch_thread_reap)
 * @post     the guard is readable and writable
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
void arch_stack_guard_clear(struct k_thread *t);

/**
 * @brief Prepare [start, start + size) of a stack for reading by another context
 *        (host checkers: Valgrind marks popped frames inaccessible).
 * @context  any
 * @pre      the range is a stack area above its guard
 * @post     the range may be read (its bytes keep their values)
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
void arch_stack_inspect_prepare(const void *start, size_t size);

/**
 * @brief The interrupt stack: lowest usable address and size (painted 0xAA at boot).
 * @context  any
 * @pre      none
 * @post     *@a size set
 * @complexity O(1)
 * @retval   start of the interrupt stack, NULL if the port runs ISRs on thread stacks
 * @ub       none
 */
void *arch_isr_stack_get(size_t *size);

/* ---- memory domains and user mode ---- */

/**
 * @brief Check that a partition [start, start + size) fits the port's protection unit.
 * @context  any
 * @pre      size > 0, no wrap-around (the kernel checked)
 * @post     on error a diagnostic line names the range and the requirement
 * @complexity O(1)
 * @retval   0 or -EINVAL (host: start and size must be multiples of ARCH_PAGE_SIZE;
 *           Cortex-M PMSAv7: size a power of two >= 32, start aligned to it;
 *           PMSAv8: start and size multiples of 32)
 * @ub       none
 */
int arch_mem_partition_align_check(uintptr_t start, size_t size);

/**
 * @brief @a domain was initialised with its partitions (or deinitialised: num_partitions 0).
 * @context  supervisor thread, the CPU holder
 * @pre      partitions valid
 * @post     threads of @a domain get its rights from their next instruction
 * @complexity O(partitions) + rights update of the current thread
 * @retval   0 or -ENOMEM (the port cannot track more ranges)
 * @ub       none
 */
int arch_mem_domain_init(struct k_mem_domain *domain);

/** Partition slot @a partition_id of @a domain was filled: as arch_mem_domain_init(). */
int arch_mem_domain_partition_add(struct k_mem_domain *domain, uint32_t partition_id);

/**
 * @brief Partition slot @a partition_id of @a domain is about to be cleared.
 * @context  supervisor thread
 * @pre      slot still holds the partition
 * @post     after the kernel clears the slot, threads of @a domain lose the range at once
 *           (the port re-applies the current thread's rights once the slot is cleared:
 *           the kernel calls arch_mem_view_update())
 * @complexity O(1)
 * @retval   0
 * @ub       none
 */
int arch_mem_domain_partition_remove(struct k_mem_domain *domain, uint32_t partition_id);

/**
 * @brief @a thread joined its (new) domain, or was created, or entered user mode.
 * @context  the CPU holder
 * @pre      thread->mem_domain set
 * @post     if @a thread is running, its rights are those of the new domain on return
 * @complexity rights update of the current thread
 * @retval   0
 * @ub       none
 */
int arch_mem_domain_thread_add(struct k_thread *thread);

/** @a thread ended: its stack is no longer protected for it. O(1). */
void arch_mem_domain_thread_remove(struct k_thread *thread);

/**
 * @brief Re-apply the current thread's rights (it entered or left the kernel gate, or a domain changed).
 * @context  the CPU holder
 * @pre      none
 * @post     the memory rights are those of the current thread in its current mode
 * @complexity O(ranges whose rights change) host system calls
 * @retval   (void)
 * @ub       none
 */
void arch_mem_view_update(void);

/**
 * @brief Can the current thread, as a user thread, access [addr, addr + size)?
 *        (the kernel gate's pointer check, as Zephyr's arch_buffer_validate)
 * @context  the CPU holder
 * @pre      none
 * @post     none
 * @complexity O(ranges)
 * @retval   0 if every byte is readable (writable when @a write) by the caller's
 *           user rights; -EFAULT otherwise (also for NULL or wrap-around)
 * @ub       none
 */
int arch_buffer_validate(const void *addr, size_t size, bool write);

/**
 * @brief Is the caller a user thread running with user rights (outside the kernel gate)?
 * @context  any (false in an ISR)
 * @pre      none
 * @post     none
 * @complexity O(1); Cortex-M: reads CONTROL.nPRIV and IPSR, no memory access (a user
 *           thread may not read kernel data); host: K_USER and syscall_depth == 0
 * @retval   true for an unprivileged thread
 * @ub       none
 */
bool arch_is_user_context(void);

/**
 * @brief Make system call number @a id of the current (user) thread: the only way a
 *        user thread gets supervisor rights.
 * @context  a user thread, arch_is_user_context() true (the kernel's z_syscall)
 * @pre      @a args points to the caller's struct z_syscall_args (kernel/kernel_internal.h)
 * @post     z_syscall_dispatch(@a id, @a args) ran with supervisor rights, and the caller
 *           continues after the call with user rights again (or was aborted: an unknown
 *           @a id, a bad argument). Cortex-M: `svc #0` (r0 = id, r1 = args); the SVC
 *           handler refuses an id >= z_syscall_count (K_ERR_KERNEL_OOPS), saves the
 *           caller's return state in the thread (struct _thread_arch) and returns
 *           privileged into a kernel trampoline, which calls z_syscall_dispatch, drops
 *           nPRIV and resumes the caller from the saved state. Host: a direct call of
 *           z_syscall_dispatch (its syscall_depth grants the rights).
 * @complexity O(1) plus the call
 * @retval   (void); the result is in @a args
 * @ub       none (any id and args are checked)
 */
void arch_syscall_invoke(unsigned int id, void *args);

/**
 * @brief Assert supervisor rights inside z_syscall_dispatch (no other use).
 * @context  any
 * @pre      none
 * @post     from supervisor context (the dispatch, a supervisor thread, an ISR): nothing
 *           changes. From user context it never returns privileged: Cortex-M executes
 *           `svc #1`, which the SVC handler refuses (the thread is reported and ends with
 *           K_ERR_KERNEL_OOPS); the host has nothing to raise (no-op, syscall_depth is
 *           the kernel's)
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
void arch_syscall_raise(void);

/**
 * @brief Start running user code: the current thread, a K_USER thread outside the gate
 *        (syscall_depth 0), continues with user rights (the kernel's thread start and
 *        k_thread_user_mode_enter; the return from a system call is arch_syscall_invoke's).
 *        Harmless from user context (dropping only).
 * @context  thread mode, the current thread (after arch_mem_view_update())
 * @pre      interrupts unmasked (an unprivileged thread cannot unmask them)
 * @post     the caller runs unprivileged (Cortex-M: CONTROL.nPRIV set; host: nothing)
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
void arch_syscall_drop(void);

/* ---- console, exit, halt ---- */

/** Write formatted text to the console (printk). Any context. */
void arch_console_vprintf(const char *fmt, va_list ap) __printf_like(1, 0);

/** Write to the diagnostics channel (stderr on the host). Any context. */
void arch_diag_vprintf(const char *fmt, va_list ap) __printf_like(1, 0);

/**
 * @brief End the whole system now with exit status @a code (host: process exit; flushes output).
 * @context  any
 * @pre      none
 * @post     nothing runs any more
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void arch_system_exit(int code);

/**
 * @brief Halt after a fatal error (k_fatal_halt): host exit status RTMEM_EXIT_FATAL_BASE + @a reason.
 * @context  any
 * @pre      none
 * @post     nothing runs any more
 * @complexity O(1)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void arch_system_halt(unsigned int reason);

#endif /* RTMEM_ARCH_ARCH_H_ */
