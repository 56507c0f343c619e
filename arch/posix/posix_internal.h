/* arch/posix private declarations. */
#ifndef RTMEM_ARCH_POSIX_INTERNAL_H_
#define RTMEM_ARCH_POSIX_INTERNAL_H_

#include <pthread.h>
#include <setjmp.h>
#include <rtmem/arch/arch.h>
#include <rtmem/kernel.h>
#include "kernel_internal.h"

/** Per-thread alternate signal stack (faults and user-thread switches are handled on it). */
#define POSIX_ALTSTACK_SIZE (64 * 1024)
/** Simulated interrupts that can wait while interrupts are masked. */
#define POSIX_MAX_PENDING_IRQS 32
/** Signal a user thread raises to itself to wait for the CPU on its alternate stack. */
#define POSIX_SWITCH_SIGNAL SIGUSR2

/** Page ranges with host rights (a "view": what one thread may touch). */
struct posix_seg {
	uintptr_t start;
	uintptr_t end;
	int prot;
};
struct posix_view {
	struct posix_seg *segs;
	size_t n;
	size_t cap;
	/** generation of the inputs it was computed from (0 = never) */
	uint64_t gen;
};

/** The host side of a k_thread. */
struct posix_thread {
	pthread_t tid;
	pthread_cond_t cond;
	struct k_thread *thread;
	void (*entry)(struct k_thread *t);
	jmp_buf exit_jmp;
	bool dying;
	/** the host thread reached its first wait for the CPU */
	bool waiting;
	void *altstack;
	unsigned int vg_stack_id;
	/** top of the part of the stack protected while the thread is a user thread
	 *  (below glibc's thread block and the start routine's frames); 0 before it first runs */
	uintptr_t prot_top;
	/** target of a switch made on the alternate stack */
	struct k_thread *switch_to;
	/** cached rights: as a user thread, as a supervisor thread */
	struct posix_view uview;
	struct posix_view sview;
};

/** The kernel thread of the calling host thread, NULL outside kernel threads. */
struct k_thread *posix_self_thread(void);
/** Read RTMEM_REALTIME / RTMEM_STOP_AT and start the clock. */
void posix_clock_init(void);

/* ---- posix_mem.c: guard pages and memory-domain rights ---- */

/** Apply the rights of @a to (called by the CPU holder just before handing it the CPU). */
void posix_mem_switch(struct k_thread *to);
/** A thread started running (its prot_top is known): its stack may now be protected. */
void posix_mem_thread_started(struct k_thread *t);
/** Free the cached rights of @a p. */
void posix_mem_thread_free(struct posix_thread *p);
/** True if @a t's stack is protected while others run (it must wait on its alternate stack). */
bool posix_mem_stack_protected(const struct k_thread *t);
/**
 * A SIGSEGV at @a addr in the current thread: if it ran kernel code (gate, ISR)
 * and its supervisor rights allow more at @a addr, apply them and return true
 * (the access is retried).
 */
bool posix_mem_fault_fixup(void *addr);
/** Enter the fatal path: supervisor rights for the current thread from now on. */
void posix_mem_fatal_enter(void);
/** True if @a addr lies in @a t's guard page. */
bool posix_mem_in_guard(const struct k_thread *t, uintptr_t addr);
/** The thread whose guard page holds @a addr, or NULL. */
struct k_thread *posix_mem_guard_owner(uintptr_t addr);
/** Undo every protection (before exit: leak checkers read all memory). */
void posix_mem_unprotect_all(void);
/** Install the handler of POSIX_SWITCH_SIGNAL. */
void posix_switch_init(void);
/** Paint and guard the interrupt stack. */
void posix_isr_stack_init(void);
/** Make the interrupt stack's guard plain memory (before exit). */
void posix_isr_stack_unprotect(void);
/** True if @a addr lies in the interrupt stack's guard page. */
bool posix_isr_guard_hit(uintptr_t addr);

#endif /* RTMEM_ARCH_POSIX_INTERNAL_H_ */
