/*
 * Port facts of arch/cortex_m (ARMv7-M and ARMv8-M mainline, bare metal):
 * the per-thread port data embedded in struct k_thread, the exception frame
 * handed to the fatal handler, the stack object layout and the inline
 * interrupt lock.
 *
 * Stack object (grows down):
 *
 *   [ guard 32 B ][ declared size, rounded to 32 B ]
 *   ^ object start (32-byte aligned)   stack top = object end ^
 *
 * The guard catches overflows of the running thread: on ARMv8-M the stack
 * limit register (PSPLIM) is the guard's top; on ARMv7-M one MPU region
 * (PMSAv7, 32 bytes, no access) covers the guard. Either fault is reported as
 * K_ERR_STACK_CHK_FAIL. A frame that jumps more than the guard in one step
 * (large locals) is caught on ARMv8-M but can skip the ARMv7-M guard.
 *
 * Interrupt masking is BASEPRI: locking raises BASEPRI to
 * Z_ARM_IRQ_LOCK_PRIO, which masks PendSV, SysTick and every interrupt, but
 * not the faults and SVC (priority 0), so a fault inside a locked region
 * reaches its own handler instead of escalating to HardFault.
 */
#ifndef RTMEM_ARCH_PORT_H_
#define RTMEM_ARCH_PORT_H_

#include <stdint.h>

/** Granularity of stack objects and memory partitions (PMSAv8 granule; PMSAv7 minimum region). */
#define ARCH_PAGE_SIZE 32
#if defined(__ARM_ARCH_8M_MAIN__)
/** Alignment of a stack object of @a len bytes (PMSAv8: the 32-byte granule). */
#define ARCH_THREAD_STACK_OBJ_ALIGN(len) ARCH_PAGE_SIZE
#else
/* PMSAv7: a user thread's stack region (guard included, the guard region overrides it)
 * must be a power of two in size and aligned to its size. */
#define Z_ARM_POW2_CEIL(x)                                                                                        \
	((x) <= 32U ? 32U : (x) <= 64U ? 64U : (x) <= 128U ? 128U : (x) <= 256U ? 256U : (x) <= 512U ? 512U   \
	: (x) <= 1024U ? 1024U : (x) <= 2048U ? 2048U : (x) <= 4096U ? 4096U : (x) <= 8192U ? 8192U           \
	: (x) <= 16384U ? 16384U : (x) <= 32768U ? 32768U : (x) <= 65536U ? 65536U : (x) <= 131072U ? 131072U \
	: (x) <= 262144U ? 262144U : (x) <= 524288U ? 524288U : 1048576U)
/** Object bytes for @a bytes (declared size + guard): the next power of two. */
#define ARCH_THREAD_STACK_LEN(bytes) ((size_t)Z_ARM_POW2_CEIL(bytes))
/** Alignment of a stack object of @a len bytes: its size. */
#define ARCH_THREAD_STACK_OBJ_ALIGN(len) Z_ARM_POW2_CEIL(len)
#endif
/** Low-end guard area of every stack object. */
#define ARCH_THREAD_STACK_GUARD_SIZE 32
/** Bytes of a stack object that are not the declared size. */
#define ARCH_THREAD_STACK_RESERVED ARCH_THREAD_STACK_GUARD_SIZE

/** Port data in every struct k_thread. */
struct _thread_arch {
	/** saved process stack pointer (r4-r11 stored below the hardware frame) */
	uint32_t psp;
	/** lowest usable stack address = top of the guard (PSPLIM on ARMv8-M); PendSV reads it at psp + 4 */
	uint32_t stack_limit;
	/** highest stack address (the fatal path restarts an overflowed thread here) */
	uint32_t stack_top;
	/** CONTROL.nPRIV of the thread (saved and loaded by PendSV at psp + 12) */
	uint32_t control;
	/** system call in progress: the caller's return address (after its `svc #0`) and lr,
	 *  saved by the SVC handler, read by the syscall trampoline at psp + 16 / + 20 */
	uint32_t sc_pc;
	uint32_t sc_lr;
};

/** Exception frame as the fatal path sees it. */
struct arch_esf {
	/** faulting data address (MMFAR/BFAR when valid), or NULL */
	void *fault_addr;
	/** code address of the fault or of the k_oops/k_panic call */
	void *pc;
	/** exception number (IPSR) of the fault, 0 for software errors */
	int signo;
	/** hardware-stacked registers: r0-r3, r12, lr, pc, xpsr */
	uint32_t basic[8];
	/** callee-saved registers at the fault */
	uint32_t r4_r11[8];
	/** fault status registers: CFSR, HFSR, MMFAR, BFAR; EXC_RETURN */
	uint32_t cfsr, hfsr, mmfar, bfar, exc_return;
};

/* Priorities (8-bit field, implemented bits top-aligned). */
#define Z_ARM_PRIO_LOWEST 0xE0U    /* PendSV, SysTick, offloaded interrupts */
#define Z_ARM_IRQ_LOCK_PRIO 0x20U  /* BASEPRI while locked */

#define ARCH_IRQ_LOCK_INLINE 1

static inline unsigned int arch_irq_lock(void)
{
	unsigned int key;
	unsigned int lvl = Z_ARM_IRQ_LOCK_PRIO;

	__asm__ volatile("mrs %0, basepri\n\tmsr basepri_max, %1\n\tisb" : "=&r"(key) : "r"(lvl) : "memory");
	return key;
}

static inline void arch_irq_unlock(unsigned int key)
{
	__asm__ volatile("msr basepri, %0\n\tisb" : : "r"(key) : "memory");
}

#endif /* RTMEM_ARCH_PORT_H_ */
