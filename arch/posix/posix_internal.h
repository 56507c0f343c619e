/* arch/posix private declarations. */
#ifndef RTMEM_ARCH_POSIX_INTERNAL_H_
#define RTMEM_ARCH_POSIX_INTERNAL_H_

#include <rtmem/arch/arch.h>
#include <rtmem/kernel.h>
#include "kernel_internal.h"

/** Per-thread alternate signal stack (faults are handled on it). */
#define POSIX_ALTSTACK_SIZE (64 * 1024)
/** Simulated interrupts that can wait while interrupts are masked. */
#define POSIX_MAX_PENDING_IRQS 32

/** The kernel thread of the calling host thread, NULL outside kernel threads. */
struct k_thread *posix_self_thread(void);
/** Read RTMEM_REALTIME / RTMEM_STOP_AT and start the clock. */
void posix_clock_init(void);

#endif /* RTMEM_ARCH_POSIX_INTERNAL_H_ */
