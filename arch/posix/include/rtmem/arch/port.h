/*
 * Port facts of arch/posix (the Linux host), found on the include path
 * (FreeRTOS portmacro.h style): the per-thread port data embedded in
 * struct k_thread, the exception frame handed to the fatal handler, and the
 * stack object layout.
 *
 * Stack object on the host (grows down):
 *
 *   [ guard page 4 KiB ][ host reserve ][ declared size, page rounded ]
 *   ^ object start (page aligned)       ^ ... stack top = object end
 *
 * - guard page: PROT_NONE while a thread uses the object; a fault in it is
 *   K_ERR_STACK_CHK_FAIL (arch/posix/README.md).
 * - host reserve: glibc (printf and friends) and the pthread control block,
 *   which glibc keeps at the top of an application-given stack, need more
 *   than an MCU thread; measured figures in arch/posix/README.md.
 *   16 KiB by default; the build sets 64 KiB for sanitizer builds (larger
 *   frames). The value is part of the library's ABI (the kernel and the
 *   application must size stack objects alike), so it travels with the
 *   library: pkg-config Cflags and the rtmem CMake target's definitions.
 */
#ifndef RTMEM_ARCH_PORT_H_
#define RTMEM_ARCH_PORT_H_

#include <stdint.h>

#define ARCH_PAGE_SIZE 4096
/** Alignment of a stack object (and of memory partitions) on the host. */
#define ARCH_THREAD_STACK_OBJ_ALIGN(size) ARCH_PAGE_SIZE
/** Low-end guard area of every stack object. */
#define ARCH_THREAD_STACK_GUARD_SIZE ARCH_PAGE_SIZE

/** Extra stack the host adds to every declared thread stack. */
#ifndef CONFIG_RTMEM_HOST_STACK_RESERVE
#define CONFIG_RTMEM_HOST_STACK_RESERVE (16 * 1024)
#endif
/** Bytes of a stack object that are not the declared size: guard + host reserve. */
#define ARCH_THREAD_STACK_RESERVED (ARCH_THREAD_STACK_GUARD_SIZE + CONFIG_RTMEM_HOST_STACK_RESERVE)

/** Port data in every struct k_thread (opaque: the host thread record). */
struct _thread_arch {
	/** arch/posix private record (pthread, wake-up condition, exit point) */
	void *priv;
};

/** Exception stack frame as the host sees a fault. */
struct arch_esf {
	/** faulting data address (SIGSEGV/SIGBUS si_addr), or NULL */
	void *fault_addr;
	/** code address of the fault or of the k_oops/k_panic call */
	void *pc;
	/** host signal number, 0 for software errors */
	int signo;
};

/*
 * Interrupt masking, inline (contract: <rtmem/arch/arch.h>). Simulated
 * interrupts only run inside calls (irq_offload, the unmasking unlock), so
 * masking is a flag: lock = load + store; unlock = one test of the pending
 * count + store, and only an unlock with interrupts pending goes out of line
 * (it runs them when the restored state is unmasked). The compiler barriers
 * keep the locked region's memory accesses inside, like Cortex-M's cpsid/cpsie.
 */
#define ARCH_IRQ_LOCK_INLINE 1

/* Hidden: the kernel and the port are linked into one module (program or
 * librtmem_malloc.so), so the flag is addressed directly, not through the GOT
 * of position-independent code. */
#if defined(__GNUC__) && defined(__ELF__)
#define Z_POSIX_IRQ_HIDDEN __attribute__((visibility("hidden")))
#else
#define Z_POSIX_IRQ_HIDDEN
#endif
/** Port-private: 1 while interrupts are masked. Use arch_irq_lock(). */
extern Z_POSIX_IRQ_HIDDEN unsigned int z_posix_irq_masked;
/** Port-private: simulated interrupts queued while masked. */
extern Z_POSIX_IRQ_HIDDEN unsigned int z_posix_irq_pending;
/** Port-private: arch_irq_unlock() with interrupts pending. */
void z_posix_irq_unlock_slow(unsigned int key);

static inline unsigned int arch_irq_lock(void)
{
	unsigned int key = z_posix_irq_masked;

	z_posix_irq_masked = 1U;
	__asm__ volatile("" ::: "memory");
	return key;
}

static inline void arch_irq_unlock(unsigned int key)
{
	__asm__ volatile("" ::: "memory");
	if (__builtin_expect(z_posix_irq_pending != 0U, 0)) {
		z_posix_irq_unlock_slow(key);
		return;
	}
	z_posix_irq_masked = key;
}

#endif /* RTMEM_ARCH_PORT_H_ */
