/*
 * arch/cortex_m: boot (vector table, reset), the application model, console
 * and exit over semihosting, and the fault handlers.
 *
 * Boot: the reset handler copies .data, zeroes .bss, runs the constructors
 * (static kernel objects register themselves there, as on the host), sets up
 * exceptions and the tick, and boots the kernel: the application's main()
 * runs as the main thread. When main has returned and no thread can ever run
 * again, the kernel's exit rule calls arch_system_exit(main's value), which
 * reaches the shell through semihosting's extended exit.
 *
 * Faults (HardFault, MemManage, BusFault, UsageFault, SecureFault) print a
 * register dump. A fault of a thread is then handed to the kernel in thread
 * context: the handler rewrites the thread's exception frame so that the
 * exception returns into z_arm_fatal_thread(), which calls z_fatal_error()
 * as the faulting thread (the kernel then aborts it, or halts). A fault in a
 * handler goes to z_fatal_error() at once, in interrupt context.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cm_internal.h"

/* ---- semihosting (ARM "Semihosting for AArch32 and AArch64", v2) -------------------------- */

#define SYS_WRITE0 0x04U
#define SYS_EXIT 0x18U
#define SYS_EXIT_EXTENDED 0x20U
#define ADP_STOPPED_APPLICATION_EXIT 0x20026U

static inline uint32_t semihost(uint32_t op, const void *arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

void z_arm_semihost_write0(const char *s)
{
	(void)semihost(SYS_WRITE0, s);
}

/* ---- console and exit ---------------------------------------------------------------------- */

void arch_console_vprintf(const char *fmt, va_list ap)
{
	char buf[160];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n >= (int)sizeof(buf)) {
		memcpy(&buf[sizeof(buf) - 5], "...\n", 5); /* truncated line, marked */
	}
	if (n > 0) {
		z_arm_semihost_write0(buf);
	}
}

void arch_diag_vprintf(const char *fmt, va_list ap)
{
	arch_console_vprintf(fmt, ap);
}

FUNC_NORETURN void arch_system_exit(int code)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code };

	(void)z_arm_primask_disable();
	(void)semihost(SYS_EXIT_EXTENDED, block);
	/* no extended exit: plain exit (status 0 or 1 by the debugger's choice) */
	(void)semihost(SYS_EXIT, (const void *)(uintptr_t)ADP_STOPPED_APPLICATION_EXIT);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void rtmem_sim_exit(int code)
{
	arch_system_exit(code);
}

FUNC_NORETURN void arch_system_halt(unsigned int reason)
{
	z_diag("rtmem: system halted (fatal error %u), exit status %u\n", reason, RTMEM_EXIT_FATAL_BASE + reason);
	arch_system_exit((int)(RTMEM_EXIT_FATAL_BASE + reason));
}

/* newlib: nothing in the port allocates through sbrk (the libc layer serves malloc from an rtmem heap). */
void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	ARG_UNUSED(incr);
	errno = ENOMEM;
	return (void *)-1;
}

/* ---- faults ---------------------------------------------------------------------------------------- */

static struct arch_esf fault_esf;

static const char *exc_name(uint32_t exc)
{
	switch (exc) {
	case 3:
		return "HardFault";
	case 4:
		return "MemManage";
	case 5:
		return "BusFault";
	case 6:
		return "UsageFault";
	case 7:
		return "SecureFault";
	default:
		return "exception";
	}
}

/* Runs in thread mode as the faulting thread (the fault handler returned here). */
static FUNC_NORETURN void z_arm_fatal_thread(unsigned int reason, const struct arch_esf *esf)
{
	struct arch_esf copy;
	unsigned int key = arch_irq_lock();

	copy = *esf;
	arch_irq_unlock(key);
	z_fatal_error(reason, &copy);
	/* z_fatal_error aborts the thread or halts */
	k_fatal_halt(reason);
}

/* frame: the hardware-stacked r0-r3, r12, lr, pc, xpsr; callee: r4-r11 pushed by the stub. */
void z_arm_fault(uint32_t *frame, uint32_t exc_return, const uint32_t *callee)
{
	uint32_t exc = z_arm_ipsr() & 0x1FFU;
	struct arch_esf *e = &fault_esf;

#if !defined(__ARM_ARCH_8M_MAIN__)
	/* The frame may lie in the guard (stacking hit it): open the guard before reading it;
	 * the next switch closes it again. */
	MPU_RNR = Z_ARM_MPU_GUARD_REGION;
	MPU_RASR = 0;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
#endif

	memset(e, 0, sizeof(*e));
	memcpy(e->basic, frame, sizeof(e->basic));
	memcpy(e->r4_r11, callee, sizeof(e->r4_r11));
	e->cfsr = SCB_CFSR;
	e->hfsr = SCB_HFSR;
	e->mmfar = SCB_MMFAR;
	e->bfar = SCB_BFAR;
	e->exc_return = exc_return;
	e->signo = (int)exc;
	e->pc = (void *)(uintptr_t)frame[6];
	if ((e->cfsr & CFSR_MMARVALID) != 0U) {
		e->fault_addr = (void *)(uintptr_t)e->mmfar;
	} else if ((e->cfsr & CFSR_BFARVALID) != 0U) {
		e->fault_addr = (void *)(uintptr_t)e->bfar;
	}
	SCB_CFSR = e->cfsr; /* write-one-to-clear: the next fault reports fresh bits */
	SCB_HFSR = e->hfsr;

	printk("***** %s (exception %u) *****\n", exc_name(exc), (unsigned int)exc);
	printk("  r0 %08lx  r1 %08lx  r2 %08lx  r3 %08lx\n", (unsigned long)frame[0], (unsigned long)frame[1],
	       (unsigned long)frame[2], (unsigned long)frame[3]);
	printk("  r4 %08lx  r5 %08lx  r6 %08lx  r7 %08lx\n", (unsigned long)callee[0], (unsigned long)callee[1],
	       (unsigned long)callee[2], (unsigned long)callee[3]);
	printk("  r8 %08lx  r9 %08lx r10 %08lx r11 %08lx\n", (unsigned long)callee[4], (unsigned long)callee[5],
	       (unsigned long)callee[6], (unsigned long)callee[7]);
	printk(" r12 %08lx  lr %08lx  pc %08lx xpsr %08lx\n", (unsigned long)frame[4], (unsigned long)frame[5],
	       (unsigned long)frame[6], (unsigned long)frame[7]);
	printk("  sp %08lx exc_return %08lx cfsr %08lx hfsr %08lx mmfar %08lx bfar %08lx\n",
	       (unsigned long)(uintptr_t)(frame + 8), (unsigned long)exc_return, (unsigned long)e->cfsr,
	       (unsigned long)e->hfsr, (unsigned long)e->mmfar, (unsigned long)e->bfar);

	unsigned int reason = K_ERR_CPU_EXCEPTION;
	bool from_thread = (exc_return & 0x8U) != 0U && (exc_return & 0x4U) != 0U;
	struct k_thread *cur = k_current_get();

	if (from_thread && cur != NULL) {
		uint32_t guard = cur->arch.stack_limit - ARCH_THREAD_STACK_GUARD_SIZE;
		bool overflow = (e->cfsr & (CFSR_STKOF | CFSR_MSTKERR)) != 0U ||
				((e->cfsr & CFSR_MMARVALID) != 0U && e->mmfar >= guard && e->mmfar < cur->arch.stack_limit);

		if (overflow) {
			/* The frame may be incomplete and the stack is used up: restart the thread
			 * at its stack top (its frames there are dead) to report and end it. */
			reason = K_ERR_STACK_CHK_FAIL;
			printk("Stack overflow in thread %p (%s): stack [%#lx, %#lx)\n", (void *)cur,
			       cur->name[0] != '\0' ? cur->name : "unnamed", (unsigned long)cur->arch.stack_limit,
			       (unsigned long)cur->arch.stack_top);
			if ((e->cfsr & (CFSR_STKOF | CFSR_MSTKERR)) != 0U) {
				printk("  (exception entry could not stack the frame: r0-r3, r12, lr, pc, xpsr above are not the thread's)\n");
				e->pc = NULL;
			}
			frame = (uint32_t *)(uintptr_t)(cur->arch.stack_top - 32U);
			__asm__ volatile("msr psp, %0" : : "r"(frame) : "memory");
		}
		z_arm_npriv_clear(); /* the kernel's fatal path runs privileged, also for a user thread */
		/* Return into z_arm_fatal_thread(reason, esf) as the thread; no padding word. */
		frame[0] = reason;
		frame[1] = (uint32_t)(uintptr_t)e;
		frame[2] = 0;
		frame[3] = 0;
		frame[4] = 0;
		frame[5] = 0;
		frame[6] = (uint32_t)(uintptr_t)z_arm_fatal_thread & ~1U;
		frame[7] = 0x01000000U;
		return;
	}
	z_fatal_error(reason, e);
	arch_system_halt(reason); /* a handler's fault cannot resume */
}

/* Common stub: r0 = frame, r1 = EXC_RETURN, r2 = r4-r11 saved on the main stack. */
__attribute__((naked)) void z_arm_fault_entry(void)
{
	__asm__ volatile("tst lr, #4\n\t"
			 "ite eq\n\t"
			 "mrseq r0, msp\n\t"
			 "mrsne r0, psp\n\t"
			 "mov r1, lr\n\t"
			 "push {r4-r11}\n\t"
			 "mov r2, sp\n\t"
			 "push {r1, lr}\n\t"
			 "bl z_arm_fault\n\t"
			 "pop {r1, lr}\n\t"
			 "add sp, sp, #32\n\t"
			 "bx lr\n\t");
}

static void spurious_isr(void)
{
	printk("***** unhandled interrupt (exception %u) *****\n", (unsigned int)(z_arm_ipsr() & 0x1FFU));
	z_fatal_error(K_ERR_SPURIOUS_IRQ, NULL);
	arch_system_halt(K_ERR_SPURIOUS_IRQ);
}


/* ---- boot ------------------------------------------------------------------------------------- */

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
void z_arm_pendsv(void);
void z_arm_systick_isr(void);
void z_arm_offload_isr(void);
int main(void);
void z_arm_reset(void);

static int call_main(void *arg)
{
	ARG_UNUSED(arg);
	return main();
}

FUNC_NORETURN void z_arm_reset(void)
{
	extern const uint32_t z_arm_vectors[];

	__asm__ volatile("cpsid i" ::: "memory");
	SCB_VTOR = (uint32_t)(uintptr_t)z_arm_vectors;
	for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) {
		*d++ = *s++;
	}
	for (uint32_t *d = __bss_start; d < __bss_end;) {
		*d++ = 0;
	}
	/* paint the interrupt stack below the current frame (its usage is measurable) */
	memset(z_arm_isr_stack_bottom, 0xAA, (size_t)(z_arm_isr_stack_top - z_arm_isr_stack_bottom) - 256U);
	z_arm_exceptions_init();
	z_arm_stack_guard_init();
	(void)arch_irq_lock();
	__asm__ volatile("cpsie i" ::: "memory");
	z_arm_clock_init();
	for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; f++) {
		(*f)();
	}
	for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) {
		(*f)();
	}
	z_cstart(call_main, NULL);
}

#define Z_ARM_NUM_IRQS 64
#define V(fn) ((uint32_t)(uintptr_t)(fn))

__attribute__((section(".vectors"), used)) const uint32_t z_arm_vectors[16 + Z_ARM_NUM_IRQS] = {
	[0] = V(z_arm_isr_stack_top),
	[1] = V(z_arm_reset),
	[2] = V(spurious_isr), /* NMI */
	[3] = V(z_arm_fault_entry),
	[4] = V(z_arm_fault_entry),
	[5] = V(z_arm_fault_entry),
	[6] = V(z_arm_fault_entry),
	[7] = V(z_arm_fault_entry), /* SecureFault (ARMv8-M) */
	[11] = V(z_arm_svc_entry),
	[12] = V(spurious_isr), /* DebugMonitor */
	[14] = V(z_arm_pendsv),
	[15] = V(z_arm_systick_isr),
	[16 + Z_ARM_OFFLOAD_IRQ] = V(z_arm_offload_isr),
};
