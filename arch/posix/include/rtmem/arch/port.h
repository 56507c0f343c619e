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
 * - guard page: reserved now; a later issue makes it PROT_NONE.
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

#endif /* RTMEM_ARCH_PORT_H_ */
