/*
 * arch/cortex_m: threads, the context switch, interrupt masking, the clock
 * and the idle path (ARMv7-M and ARMv8-M mainline, one CPU).
 *
 * Context switch: PendSV at the lowest priority. arch_switch() records the
 * outgoing thread's save slot and the incoming thread's stack pointer, pends
 * PendSV and, in thread mode, opens BASEPRI so it is taken at once; PendSV
 * stores r4-r11 below the outgoing thread's hardware frame, saves its PSP,
 * loads the incoming thread's and returns into it on the process stack. In
 * handler mode (the tick or an offloaded interrupt preempts the current
 * thread through z_isr_exit) the switch happens when the handler returns.
 * SysTick and PendSV share the lowest priority, so they never nest, and when
 * both are pending PendSV (exception 14) is taken before SysTick (15): the
 * tick's kernel work always runs with _current being the thread whose
 * context is live.
 *
 * Clock: a 64-bit cycle count = SysTick wraps * period + elapsed part of the
 * current period. The period is one kernel tick; the tick handler announces
 * deadlines and lets z_isr_exit() preempt.
 */
#include <errno.h>
#include <string.h>
#include "cm_internal.h"

/* ---- threads and the switch ----------------------------------------------------------- */

/* Read by PendSV: where to store the outgoing PSP (NULL = discard), where to load the next. */
uint32_t *volatile z_arm_save_slot;
uint32_t *volatile z_arm_load_slot;
static volatile bool kernel_running;
/*
 * Set while a handler runs z_isr_exit(): the kernel treats that as "just
 * left the interrupt" (the host port calls it after the ISR), so it may
 * switch; the switch itself still happens when the handler returns.
 */
static volatile bool isr_exiting;

static void thread_return_trap(void)
{
	/* An entry function returned (the kernel's thread_entry never does). */
	k_panic();
	for (;;) {
	}
}

int arch_new_thread(struct k_thread *t, void *stack, size_t size, void (*entry)(struct k_thread *t))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)7U;
	uint32_t *sp = (uint32_t *)top - 16;

	if (size < 16U * sizeof(uint32_t) + 8U) {
		return -EINVAL;
	}
	memset(sp, 0, 16U * sizeof(uint32_t));
	/* sp[0..7] r4-r11 (PendSV), sp[8..15] the hardware frame r0-r3, r12, lr, pc, xpsr */
	sp[8] = (uint32_t)(uintptr_t)t;
	sp[13] = (uint32_t)(uintptr_t)thread_return_trap;
	sp[14] = (uint32_t)(uintptr_t)entry & ~1U;
	sp[15] = 0x01000000U; /* Thumb */
	t->arch.psp = (uint32_t)(uintptr_t)sp;
	t->arch.stack_limit = (uint32_t)(uintptr_t)stack;
	t->arch.stack_top = (uint32_t)top;
	return 0;
}

void arch_stack_init_fill(void *start, size_t size)
{
	memset(start, 0xAA, size);
}

/*
 * Stack guard of the thread about to run. ARMv8-M: PendSV loads PSPLIM from
 * the thread (it must change together with PSP). ARMv7-M: the guard region
 * moves here, before the switch; the outgoing thread runs unguarded for the
 * few instructions until PendSV.
 */
static void guard_for(struct k_thread *to)
{
#if !defined(__ARM_ARCH_8M_MAIN__)
	MPU_RNR = Z_ARM_MPU_GUARD_REGION;
	MPU_RBAR = to->arch.stack_limit - ARCH_THREAD_STACK_GUARD_SIZE;
	MPU_RASR = MPU_RASR_ENABLE | MPU_RASR_SIZE(5) | MPU_RASR_XN; /* 32 bytes, AP 000: no access */
	__asm__ volatile("dsb\n\tisb" ::: "memory");
#else
	ARG_UNUSED(to);
#endif
}

void z_arm_stack_guard_init(void)
{
	z_arm_mpu_init();
#if !defined(__ARM_ARCH_8M_MAIN__)
	if (((MPU_TYPE >> 8) & 0xFFU) > Z_ARM_MPU_GUARD_REGION) {
		MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA; /* default map for everything else */
		__asm__ volatile("dsb\n\tisb" ::: "memory");
	}
#endif
}

static void pend_switch(struct k_thread *from, struct k_thread *to)
{
	z_arm_mpu_switch(to);
	guard_for(to);
	z_arm_save_slot = from != NULL ? &from->arch.psp : NULL;
	z_arm_load_slot = &to->arch.psp;
	SCB_ICSR = SCB_ICSR_PENDSVSET;
	__asm__ volatile("dsb" ::: "memory");
}

/* Thread mode: open BASEPRI so the pending PendSV is taken now; restore on resumption. */
static void take_pendsv(void)
{
	uint32_t key;

	__asm__ volatile("mrs %0, basepri\n\tmsr basepri, %1\n\tisb" : "=&r"(key) : "r"(0U) : "memory");
	__asm__ volatile("msr basepri, %0\n\tisb" : : "r"(key) : "memory");
}

void arch_switch(struct k_thread *from, struct k_thread *to)
{
	pend_switch(from, to);
	if (z_arm_ipsr() == 0U) {
		take_pendsv();
	}
	/* handler mode: PendSV switches when the handler returns */
}

/* Handler mode, outermost interrupt: drop the handler's frames and return through PendSV. */
static FUNC_NORETURN __attribute__((naked)) void exit_handler_discarding(void)
{
	__asm__ volatile("ldr r0, =z_arm_isr_stack_top\n\t"
			 "msr msp, r0\n\t"
			 "isb\n\t"
			 "mov r0, #0\n\t"
			 "msr basepri, r0\n\t"
			 "ldr lr, =0xFFFFFFFD\n\t"
			 "bx lr\n\t");
}

FUNC_NORETURN void arch_switch_exit(struct k_thread *from, struct k_thread *to)
{
	ARG_UNUSED(from);
	pend_switch(NULL, to);
	if (z_arm_ipsr() != 0U) {
		isr_exiting = false;
		exit_handler_discarding();
	}
	take_pendsv();
	for (;;) {
	}
}

void arch_thread_reap(struct k_thread *t)
{
	/* Nothing to release: once switched away from, a dead thread's stack is never touched again. */
	ARG_UNUSED(t);
}

FUNC_NORETURN void arch_start(struct k_thread *first)
{
	pend_switch(NULL, first);
	kernel_running = true;
	/* The boot stack becomes the interrupt stack: restart it from its top, then take PendSV. */
	__asm__ volatile("msr msp, %0\n\t"
			 "isb\n\t"
			 "mov r0, #0\n\t"
			 "msr basepri, r0\n\t"
			 "cpsie i\n\t"
			 "isb\n\t"
			 "1: b 1b\n\t"
			 :
			 : "r"(z_arm_isr_stack_top)
			 : "r0", "memory");
	CODE_UNREACHABLE;
}

/*
 * PendSV. EXC_RETURN is forced to "thread mode, process stack" (bit 2): the
 * first switch comes from the boot code, which ran on the main stack.
 */
__attribute__((naked)) void z_arm_pendsv(void)
{
	__asm__ volatile("ldr r2, =z_arm_save_slot\n\t"
			 "ldr r0, [r2]\n\t"
			 "cbz r0, 1f\n\t"
			 "mrs r1, psp\n\t"
			 "stmdb r1!, {r4-r11}\n\t"
			 "str r1, [r0]\n\t"
			 "mrs r3, control\n\t" /* the thread's nPRIV */
			 "and r3, r3, #1\n\t"
			 "str r3, [r0, #12]\n\t"
			 "1:\n\t"
			 "ldr r2, =z_arm_load_slot\n\t"
			 "ldr r0, [r2]\n\t"
			 "ldr r1, [r0]\n\t"
			 "ldmia r1!, {r4-r11}\n\t"
			 "ldr r3, [r0, #12]\n\t"
			 "mrs r2, control\n\t"
			 "bic r2, r2, #1\n\t"
			 "orr r2, r2, r3\n\t"
			 "msr control, r2\n\t"
#if defined(__ARM_ARCH_8M_MAIN__)
			 "ldr r2, [r0, #4]\n\t" /* stack_limit */
			 "msr psplim, r2\n\t"
#endif
			 "msr psp, r1\n\t"
			 "orr lr, lr, #4\n\t"
			 "bx lr\n\t");
}

/* ---- interrupts --------------------------------------------------------------------------- */

bool arch_irq_unlocked(unsigned int key)
{
	return key == 0U;
}

bool arch_is_in_isr(void)
{
	return z_arm_ipsr() != 0U && !isr_exiting;
}

/* Outermost handler (PendSV-level priority) done: let the kernel reschedule. */
static void isr_exit(void)
{
	isr_exiting = true;
	z_isr_exit();
	isr_exiting = false;
}

#define OFFLOAD_MAX 4U
static struct {
	void (*routine)(const void *arg);
	const void *arg;
} offload_q[OFFLOAD_MAX];
static volatile unsigned int offload_n;

void arch_irq_offload(void (*routine)(const void *arg), const void *arg)
{
	if (arch_is_in_isr()) {
		routine(arg); /* nested: run now on the interrupt stack */
		return;
	}
	uint32_t pm = z_arm_primask_disable();

	if (offload_n == OFFLOAD_MAX) {
		z_arm_primask_restore(pm);
		z_diag("rtmem: too many pending offloaded interrupts\n");
		arch_system_halt(K_ERR_SPURIOUS_IRQ);
	}
	offload_q[offload_n].routine = routine;
	offload_q[offload_n].arg = arg;
	offload_n++;
	NVIC_ISPR(Z_ARM_OFFLOAD_IRQ / 32U) = 1UL << (Z_ARM_OFFLOAD_IRQ % 32U);
	__asm__ volatile("dsb\n\tisb" ::: "memory");
	z_arm_primask_restore(pm); /* taken here unless BASEPRI masks it */
}

void z_arm_offload_isr(void)
{
	for (;;) {
		uint32_t pm = z_arm_primask_disable();

		if (offload_n == 0U) {
			z_arm_primask_restore(pm);
			break;
		}
		void (*routine)(const void *arg) = offload_q[0].routine;
		const void *arg = offload_q[0].arg;

		offload_n--;
		memmove(&offload_q[0], &offload_q[1], offload_n * sizeof(offload_q[0]));
		z_arm_primask_restore(pm);
		routine(arg);
	}
	isr_exit();
}

/* ---- clock ------------------------------------------------------------------------------------ */

#define CYC_PER_TICK ((uint32_t)(CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC / CONFIG_SYS_CLOCK_TICKS_PER_SEC))
_Static_assert(CYC_PER_TICK >= 100U && CYC_PER_TICK <= 0x1000000U,
	       "SysTick period (cycles per tick) must fit the 24-bit counter");

static uint64_t cycle_base; /* cycles at the start of the current SysTick period */

/* The cycle count; folds in a wrap seen through COUNTFLAG. Any context. */
uint64_t arch_cycle_get_64(void)
{
	uint32_t pm = z_arm_primask_disable();

	if ((SYST_CSR & SYST_CSR_COUNTFLAG) != 0U) {
		cycle_base += CYC_PER_TICK;
	}
	uint32_t val = SYST_CVR;

	if ((SYST_CSR & SYST_CSR_COUNTFLAG) != 0U) {
		cycle_base += CYC_PER_TICK;
		val = SYST_CVR;
	}
	uint64_t now = cycle_base + (CYC_PER_TICK - 1U - (val < CYC_PER_TICK ? val : CYC_PER_TICK - 1U));

	z_arm_primask_restore(pm);
	return now;
}

void z_arm_clock_init(void)
{
	SYST_CSR = 0;
	SYST_RVR = CYC_PER_TICK - 1U;
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

void z_arm_systick_isr(void)
{
	(void)arch_cycle_get_64(); /* fold the wrap in */
	if (!kernel_running) {
		return;
	}
	unsigned int key = arch_irq_lock();

	z_timeouts_announce();
	arch_irq_unlock(key);
	isr_exit();
}

/*
 * Called with BASEPRI raised (kernel idle path). WFI wakes on an interrupt
 * BASEPRI masks only if PRIMASK is what masks it, so: PRIMASK on, BASEPRI
 * open, WFI, restore. The tick handler then runs at the caller's unlock and
 * finds the wrap already folded in. In handler mode WFI would not wake for
 * SysTick (same priority): poll the counter instead.
 */
void arch_idle(uint64_t until_cycles)
{
	bool handler = z_arm_ipsr() != 0U;

	while (arch_cycle_get_64() < until_cycles) {
		if (handler) {
			continue;
		}
		uint32_t key;

		__asm__ volatile("cpsid i\n\t"
				 "mrs %0, basepri\n\t"
				 "msr basepri, %1\n\t"
				 "dsb\n\t"
				 "wfi\n\t"
				 "msr basepri, %0\n\t"
				 "cpsie i\n\t"
				 "isb\n\t"
				 : "=&r"(key)
				 : "r"(0U)
				 : "memory");
	}
}

void arch_busy_wait(uint32_t usec)
{
	uint64_t until = arch_cycle_get_64() + k_us_to_cyc_ceil64(usec);

	while (arch_cycle_get_64() < until) {
	}
}

/* ---- exceptions setup ----------------------------------------------------------------------- */

void z_arm_exceptions_init(void)
{
	/* faults and SVC at 0 (above BASEPRI's lock level), PendSV and SysTick lowest */
	SCB_SHPR1 = 0;
	SCB_SHPR2 = 0;
	SCB_SHPR3 = (Z_ARM_PRIO_LOWEST << 16) | (Z_ARM_PRIO_LOWEST << 24);
	uint32_t shcsr = SCB_SHCSR_MEMFAULTENA | SCB_SHCSR_BUSFAULTENA | SCB_SHCSR_USGFAULTENA;
#if defined(__ARM_ARCH_8M_MAIN__) && defined(__ARM_FEATURE_CMSE)
	shcsr |= SCB_SHCSR_SECUREFAULTENA;
#endif
	SCB_SHCSR |= shcsr;
	SCB_CCR |= SCB_CCR_DIV_0_TRP;
	NVIC_IPR(Z_ARM_OFFLOAD_IRQ) = (uint8_t)Z_ARM_PRIO_LOWEST;
	NVIC_ISER(Z_ARM_OFFLOAD_IRQ / 32U) = 1UL << (Z_ARM_OFFLOAD_IRQ % 32U);
}

/* ---- stacks -------------------------------------------------------------------------------------- */

int arch_stack_guard_set(struct k_thread *t)
{
	ARG_UNUSED(t); /* the guard follows the running thread: PendSV (PSPLIM) or guard_for() (MPU) */
	return 0;
}

void arch_stack_guard_clear(struct k_thread *t)
{
	ARG_UNUSED(t);
}

void arch_stack_inspect_prepare(const void *start, size_t size)
{
	ARG_UNUSED(start);
	ARG_UNUSED(size);
}

void *arch_isr_stack_get(size_t *size)
{
	*size = (size_t)(z_arm_isr_stack_top - z_arm_isr_stack_bottom);
	return z_arm_isr_stack_bottom;
}

/* Memory domains, user mode and the gate: cm_mpu.c. */
