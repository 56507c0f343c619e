/*
 * arch/cortex_m: memory domains on the MPU, and the kernel gate of user threads.
 *
 * One interface (mpu_apply, mpu_align_check, the region list of a thread)
 * over two back-ends:
 * - PMSAv7 (ARMv7-M, Cortex-M3): regions are a power of two in size (>= 32)
 *   and aligned to their size; a higher region number wins where regions
 *   overlap. Region 0 code (user RX), 1 the user thread's stack object, 2-6
 *   its domain's partitions, 7 the running thread's stack guard (no access;
 *   it overrides the stack region under it).
 * - PMSAv8 (ARMv8-M, Cortex-M33): base/limit regions with 32-byte
 *   granularity; overlapping regions fault, so a partition overlapping the
 *   code or the stack region is left out (diagnostic); attributes through
 *   MAIR (index 0: normal memory). Region 0 code, 1 stack, 2-7 partitions;
 *   the stack guard is PSPLIM. PMSAv8 has no "privileged RW, user RO"
 *   encoding: P_RW_U_RO is programmed read-only for both (the kernel cannot
 *   write such a partition on a user thread's behalf).
 * The background region (PRIVDEFENA) is privileged-only: supervisor threads
 * and the kernel see the default map; a user thread sees only its regions.
 * Supervisor threads get no regions beyond the guard.
 *
 * The regions follow the running thread: pend_switch() calls
 * z_arm_mpu_switch(to); domain changes re-apply the current thread's.
 *
 * User mode is CONTROL.nPRIV, saved and loaded per thread by PendSV. The
 * gate is numbered system calls: arch_syscall_invoke(id, args) executes
 * `svc #0`; the SVC handler checks the caller is an unprivileged thread and
 * id < z_syscall_count, saves the caller's return address and lr in its
 * struct _thread_arch and returns privileged into z_arm_syscall_trampoline,
 * which runs z_syscall_dispatch (the kernel's table), then loads the saved
 * state, sets nPRIV and branches back. No privileged return goes to an
 * address the user chose. arch_syscall_raise() from user context is
 * `svc #1`, refused (K_ERR_KERNEL_OOPS) like any other SVC.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include "cm_internal.h"

extern char __flash_start[], __flash_end[];

#if defined(__ARM_ARCH_8M_MAIN__)
#define MPU_RLAR Z_REG32(0xE000EDA0UL)
#define MPU_MAIR0 Z_REG32(0xE000EDC0UL)
#define V8_RBAR_XN (1UL << 0)
#define V8_RBAR_AP(ap) ((uint32_t)(ap) << 1) /* 00 P RW, 01 RW, 10 P RO, 11 RO */
#define V8_RLAR_EN (1UL << 0)
#define Z_MPU_REGIONS 8U
#define Z_MPU_FIRST_PART 2U
#define Z_MPU_LAST_PART 7U
#else
#define Z_MPU_REGIONS 8U
#define Z_MPU_FIRST_PART 2U
#define Z_MPU_LAST_PART 6U /* 7 is the guard */
#define V7_RASR_AP(ap) ((uint32_t)(ap) << 24)
#define V7_RASR_NORMAL ((1UL << 17) | (1UL << 16)) /* TEX 000, C, B: normal write-back */
#endif
#define Z_MPU_MAX_PARTS (Z_MPU_LAST_PART - Z_MPU_FIRST_PART + 1U)

/* A region of the current thread's map: [start, end) with K_MEM_PARTITION_* rights. */
struct mpu_range {
	uintptr_t start, end;
	k_mem_partition_attr_t attr;
};

static bool is_user(const struct k_thread *t)
{
	return t != NULL && (t->base.user_options & K_USER) != 0U;
}

#if !defined(__ARM_ARCH_8M_MAIN__)
static bool is_pow2(uintptr_t v)
{
	return v != 0U && (v & (v - 1U)) == 0U;
}

static unsigned int log2u(uintptr_t v)
{
	return 31U - (unsigned int)__builtin_clz((unsigned int)v);
}
#endif

/* The user thread's stack region: the whole object on PMSAv7 (guard overridden by region 7). */
static void stack_range(const struct k_thread *t, uintptr_t *start, uintptr_t *end)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	*start = t->stack_info.start;
#else
	*start = t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE;
#endif
	*end = t->stack_info.start + t->stack_info.size;
}

static bool overlaps(uintptr_t a0, uintptr_t a1, uintptr_t b0, uintptr_t b1)
{
	return a0 < b1 && b0 < a1;
}

/*
 * The regions of user thread @t: code, stack, then up to Z_MPU_MAX_PARTS partitions of its
 * domain in slot order. Returns the count; *dropped counts partitions that did not fit.
 */
static size_t thread_map(const struct k_thread *t, struct mpu_range *r, size_t *dropped)
{
	const struct k_mem_domain *d = k_mem_domain_of(t);
	size_t n = 0;

	*dropped = 0;
	r[n].start = (uintptr_t)__flash_start;
	r[n].end = (uintptr_t)__flash_end;
	r[n].attr = K_MEM_PARTITION_P_RX_U_RX;
	n++;
	stack_range(t, &r[n].start, &r[n].end);
	r[n].attr = K_MEM_PARTITION_P_RW_U_RW;
	n++;
	for (size_t i = 0; i < ARRAY_SIZE(d->partitions); i++) {
		const struct k_mem_partition *p = &d->partitions[i];

		if (p->size == 0U) {
			continue;
		}
		bool clash = false;
#if defined(__ARM_ARCH_8M_MAIN__)
		/* no overlapping regions on PMSAv8 */
		clash = overlaps(p->start, p->start + p->size, r[0].start, r[0].end) ||
			overlaps(p->start, p->start + p->size, r[1].start, r[1].end);
#endif
		if (clash || n == 2U + Z_MPU_MAX_PARTS) {
			(*dropped)++;
			continue;
		}
		r[n].start = p->start;
		r[n].end = p->start + p->size;
		r[n].attr = p->attr;
		n++;
	}
	return n;
}

#if defined(__ARM_ARCH_8M_MAIN__)
static uint32_t v8_ap(k_mem_partition_attr_t a)
{
	if ((a & K_MEM_PARTITION_PERM_U_W) != 0U) {
		return 1U;
	}
	if ((a & K_MEM_PARTITION_PERM_U_R) != 0U) {
		return 3U;
	}
	if ((a & K_MEM_PARTITION_PERM_P_W) != 0U) {
		return 0U;
	}
	return 2U; /* P_RO_U_NA; P_NA_U_NA is not expressible: privileged read-only */
}

static void region_set(uint32_t nr, const struct mpu_range *r)
{
	MPU_RNR = nr;
	if (r == NULL) {
		MPU_RLAR = 0;
		return;
	}
	MPU_RBAR = ((uint32_t)r->start & ~31U) | V8_RBAR_AP(v8_ap(r->attr)) |
		   (K_MEM_PARTITION_IS_EXECUTABLE(r->attr) ? 0U : V8_RBAR_XN);
	MPU_RLAR = (((uint32_t)r->end - 1U) & ~31U) | (0U << 1) | V8_RLAR_EN;
}
#else
static uint32_t v7_ap(k_mem_partition_attr_t a)
{
	bool pw = (a & K_MEM_PARTITION_PERM_P_W) != 0U, pr = (a & K_MEM_PARTITION_PERM_P_R) != 0U;
	bool uw = (a & K_MEM_PARTITION_PERM_U_W) != 0U, ur = (a & K_MEM_PARTITION_PERM_U_R) != 0U;

	if (uw) {
		return 3U; /* full access */
	}
	if (ur) {
		return pw ? 2U : 6U; /* P RW U RO : RO both */
	}
	if (pw) {
		return 1U; /* P RW U NA */
	}
	return pr ? 5U : 0U; /* P RO U NA : no access */
}

static void region_set(uint32_t nr, const struct mpu_range *r)
{
	MPU_RNR = nr;
	if (r == NULL) {
		MPU_RASR = 0;
		return;
	}
	uintptr_t size = r->end - r->start;

	if (!is_pow2(size) || size < 32U || (r->start & (size - 1U)) != 0U) {
		MPU_RASR = 0; /* not representable (a user stack not from K_THREAD_STACK_DEFINE): left out */
		return;
	}
	MPU_RBAR = (uint32_t)r->start;
	MPU_RASR = V7_RASR_AP(v7_ap(r->attr)) | V7_RASR_NORMAL | MPU_RASR_SIZE(log2u(size)) | MPU_RASR_ENABLE |
		   (K_MEM_PARTITION_IS_EXECUTABLE(r->attr) ? 0U : MPU_RASR_XN);
}
#endif

/* Regions 0..Z_MPU_LAST_PART hold a user thread's map (else all are off). */
static bool user_map_live;

/* Program the regions of @t (the thread about to run, or the running one). */
void z_arm_mpu_switch(struct k_thread *t)
{
	struct mpu_range r[2U + Z_MPU_MAX_PARTS];
	size_t n = 0, dropped = 0;

	if (is_user(t)) {
		n = thread_map(t, r, &dropped);
	} else if (!user_map_live) {
		return; /* supervisor to supervisor: the regions are already off */
	}
	/* MPU_RNR is shared state: no switch between selecting a region and writing it */
	unsigned int key = arch_irq_lock();

	for (uint32_t i = 0; i <= Z_MPU_LAST_PART; i++) {
		region_set(i, i < n ? &r[i] : NULL);
	}
	__asm__ volatile("dsb\n\tisb" ::: "memory");
	user_map_live = n != 0U;
	arch_irq_unlock(key);
}

void z_arm_mpu_init(void)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	MPU_CTRL = 0;
	MPU_MAIR0 = 0xFFU; /* attr 0: normal memory, write-back read/write-allocate */
	for (uint32_t i = 0; i < Z_MPU_REGIONS; i++) {
		region_set(i, NULL);
	}
	MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
	/* PMSAv7: enabled by z_arm_stack_guard_init() */
}

/* ---- the arch contract: domains ---------------------------------------------------------- */

int arch_mem_partition_align_check(uintptr_t start, size_t size)
{
#if defined(__ARM_ARCH_8M_MAIN__)
	if ((start % 32U) != 0U || (size % 32U) != 0U) {
		z_diag("rtmem: partition [%#lx, +%#lx): PMSAv8 needs start and size multiples of 32 bytes\n",
		       (unsigned long)start, (unsigned long)size);
		return -EINVAL;
	}
#else
	if (!is_pow2(size) || size < 32U || (start & (size - 1U)) != 0U) {
		z_diag("rtmem: partition [%#lx, +%#lx): PMSAv7 needs a power-of-two size >= 32 and start aligned to it\n",
		       (unsigned long)start, (unsigned long)size);
		return -EINVAL;
	}
#endif
	return 0;
}

static void reapply(void)
{
	if (k_current_get() != NULL) {
		z_arm_mpu_switch(k_current_get());
	}
}

static void warn_dropped(void)
{
	struct k_thread *t = k_current_get();
	struct mpu_range r[2U + Z_MPU_MAX_PARTS];
	size_t dropped = 0;

	if (is_user(t)) {
		(void)thread_map(t, r, &dropped);
		if (dropped != 0U) {
			z_diag("rtmem: %u partition(s) of the domain of %p not mapped (MPU: %u partition regions, no overlap with code/stack)\n",
			       (unsigned int)dropped, (void *)t, (unsigned int)Z_MPU_MAX_PARTS);
		}
	}
}

int arch_mem_domain_init(struct k_mem_domain *domain)
{
	ARG_UNUSED(domain);
	reapply();
	return 0;
}

int arch_mem_domain_partition_add(struct k_mem_domain *domain, uint32_t partition_id)
{
	ARG_UNUSED(partition_id);
	if (k_current_get() != NULL && k_mem_domain_of(k_current_get()) == domain) {
		warn_dropped();
	}
	reapply();
	return 0;
}

int arch_mem_domain_partition_remove(struct k_mem_domain *domain, uint32_t partition_id)
{
	ARG_UNUSED(domain);
	ARG_UNUSED(partition_id);
	return 0; /* the kernel calls arch_mem_view_update() once the slot is clear */
}

int arch_mem_domain_thread_add(struct k_thread *thread)
{
	if (thread == k_current_get()) {
		reapply();
	}
	return 0;
}

void arch_mem_domain_thread_remove(struct k_thread *thread)
{
	ARG_UNUSED(thread);
}

void arch_mem_view_update(void)
{
	reapply();
}

int arch_buffer_validate(const void *addr, size_t size, bool write)
{
	uintptr_t a = (uintptr_t)addr;
	struct k_thread *t = k_current_get();
	struct mpu_range r[2U + Z_MPU_MAX_PARTS];
	size_t dropped;

	if (addr == NULL || a + size < a || t == NULL) {
		return -EFAULT;
	}
	if (!is_user(t)) {
		return 0;
	}
	size_t n = thread_map(t, r, &dropped);

	/* highest region first (PMSAv7: it wins); the guard is never accessible */
	if (overlaps(a, a + (size != 0U ? size : 1U), t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE,
		     t->stack_info.start)) {
		return -EFAULT;
	}
	for (size_t i = n; i-- > 0;) {
		if (a >= r[i].start && a + size <= r[i].end) {
			k_mem_partition_attr_t need = write ? K_MEM_PARTITION_PERM_U_W : K_MEM_PARTITION_PERM_U_R;

			return (r[i].attr & need) != 0U ? 0 : -EFAULT;
		}
	}
	return -EFAULT;
}

/* ---- user mode and the gate -------------------------------------------------------------- */

bool arch_is_user_context(void)
{
	uint32_t control;

	__asm__ volatile("mrs %0, control" : "=r"(control));
	return (control & 1U) != 0U && z_arm_ipsr() == 0U;
}

_Static_assert(offsetof(struct _thread_arch, sc_pc) == 16U && offsetof(struct _thread_arch, sc_lr) == 20U,
	       "the syscall trampoline reads sc_pc/sc_lr at these offsets");

/* SVC immediates: #0 a numbered system call (r0 = id, r1 = args), #1 arch_syscall_raise(). */
#define SVC_SYSCALL 0U
#define SVC_RAISE 1U

/* A user thread's system call: the SVC handler resumes it privileged in the trampoline. */
__attribute__((naked)) void arch_syscall_invoke(unsigned int id __attribute__((unused)), void *args __attribute__((unused)))
{
	__asm__ volatile("svc #0\n\t"
			 "bx lr\n\t"); /* not reached: the trampoline returns to the saved lr */
}

/* Never returns privileged to a user caller: from user context the SVC handler refuses it. */
void arch_syscall_raise(void)
{
	if (arch_is_user_context()) {
		__asm__ volatile("svc #1" ::: "memory");
	}
}

void arch_syscall_drop(void)
{
	uint32_t control;

	__asm__ volatile("mrs %0, control\n\t"
			 "orr %0, %0, #1\n\t"
			 "msr control, %0\n\t"
			 "isb"
			 : "=&r"(control)
			 :
			 : "memory");
}

/* For the trampoline: the current thread's port data (privileged). */
struct _thread_arch *z_arm_syscall_thread_arch(void);
struct _thread_arch *z_arm_syscall_thread_arch(void)
{
	return &_current->arch;
}

/*
 * Privileged thread mode, on the caller's stack, r0 = id, r1 = args (the SVC handler
 * returned here). Align the stack for C (the caller's SP is restored), dispatch, then
 * load the saved return state from the thread, drop nPRIV and resume the caller.
 * Executed unprivileged (a user thread branching here) it faults at its first kernel
 * data access (z_syscall_dispatch reads _current).
 */
__attribute__((naked)) void z_arm_syscall_trampoline(void)
{
	__asm__ volatile("mov r2, sp\n\t"
			 "bic r3, r2, #7\n\t"
			 "mov sp, r3\n\t"
			 "push {r2, r3}\n\t"
			 "bl z_syscall_dispatch\n\t"
			 "bl z_arm_syscall_thread_arch\n\t"
			 "pop {r2, r3}\n\t"
			 "mov sp, r2\n\t"
			 "ldr r1, [r0, #16]\n\t" /* sc_pc */
			 "ldr lr, [r0, #20]\n\t" /* sc_lr */
			 "orr r1, r1, #1\n\t"    /* Thumb */
			 "mrs r3, control\n\t"
			 "orr r3, r3, #1\n\t"
			 "msr control, r3\n\t"
			 "isb\n\t"
			 "bx r1\n\t");
}

/* Thread mode, privileged (the SVC handler returned here): report a refused SVC and oops. */
static FUNC_NORETURN void svc_refused(uint32_t pc, uint32_t imm, uint32_t id)
{
	if (imm == SVC_RAISE) {
		printk("***** arch_syscall_raise() from user thread %p (%s) at %#lx: refused *****\n",
		       (void *)_current, _current->name, (unsigned long)pc);
	} else if (imm == SVC_SYSCALL) {
		printk("***** invalid system call %lu from thread %p (%s) at %#lx *****\n", (unsigned long)id,
		       (void *)_current, _current->name, (unsigned long)pc);
	} else {
		printk("***** SVC #%lu from thread %p (%s) at %#lx is not the kernel gate *****\n",
		       (unsigned long)imm, (void *)_current, _current->name, (unsigned long)pc);
	}
	k_oops();
	CODE_UNREACHABLE;
}

/* Resume the interrupted thread mode code at @fn(r0, r1, r2) instead, privileged (keeps xPSR's stack alignment bit). */
static void frame_resume_at(uint32_t *frame, void (*fn)(void), uint32_t r0, uint32_t r1, uint32_t r2)
{
	frame[0] = r0;
	frame[1] = r1;
	frame[2] = r2;
	frame[5] = 0; /* fn never returns */
	frame[6] = (uint32_t)(uintptr_t)fn & ~1U;
	frame[7] = 0x01000000U | (frame[7] & 0x200U);
	z_arm_npriv_clear();
}

/*
 * SVC handler body: @frame is the caller's hardware frame; @exc_return its EXC_RETURN.
 * Honoured: `svc #0` from an unprivileged thread with a valid call number in r0. The
 * caller's return address and lr go into its thread struct, and the exception returns
 * privileged into the trampoline (r0, r1 unchanged). Everything else (arch_syscall_raise
 * from user context, a bad number, another immediate, SVC from a privileged thread) makes
 * the thread oops; SVC from a handler halts.
 */
void z_arm_svc(uint32_t *frame, uint32_t exc_return)
{
	bool from_thread = (exc_return & 0xCU) == 0xCU; /* thread mode, process stack */
	uint32_t pc = frame[6];

	if (!from_thread) {
		printk("***** SVC from a handler at %#lx *****\n", (unsigned long)pc);
		z_fatal_error(K_ERR_KERNEL_OOPS, NULL);
		arch_system_halt(K_ERR_KERNEL_OOPS);
	}
	uint32_t control;
	uint32_t imm = *(const volatile uint8_t *)(uintptr_t)(pc - 2U); /* SVC T1: 0xDF, imm8 */

	__asm__ volatile("mrs %0, control" : "=r"(control));
	if (imm == SVC_SYSCALL && (control & 1U) != 0U && frame[0] < z_syscall_count) {
		struct k_thread *t = _current;

		t->arch.sc_pc = pc;
		t->arch.sc_lr = frame[5];
		frame[6] = (uint32_t)(uintptr_t)z_arm_syscall_trampoline & ~1U;
		frame[7] = 0x01000000U | (frame[7] & 0x200U); /* Thumb, no IT state */
		z_arm_npriv_clear();
		return;
	}
	frame_resume_at(frame, (void (*)(void))svc_refused, pc - 2U, imm, frame[0]);
}

__attribute__((naked)) void z_arm_svc_entry(void)
{
	__asm__ volatile("tst lr, #4\n\t"
			 "ite eq\n\t"
			 "mrseq r0, msp\n\t"
			 "mrsne r0, psp\n\t"
			 "mov r1, lr\n\t"
			 "push {r1, lr}\n\t"
			 "bl z_arm_svc\n\t"
			 "pop {r1, lr}\n\t"
			 "bx lr\n\t");
}
