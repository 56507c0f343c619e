/*
 * MPU-enforced memory domains on the target (PMSAv7 on the M3, PMSAv8 on the
 * M33): user threads (K_USER, unprivileged) reach their domain's partitions
 * with the partitions' user rights and nothing else; a violation is a
 * MemManage fault reported as K_ERR_CPU_EXCEPTION with the faulting address,
 * the thread is aborted (the fatal handler returns) and the system goes on.
 * Partition removal, re-adding, moving a thread between domains, kernel
 * calls through the SVC gate (k_msleep, k_sem_give/take) and the error codes
 * of the domain API. The gate is numbered system calls only: a user thread
 * calling arch_syscall_raise() itself, an unknown call number, or a jump
 * into the kernel's syscall trampoline gets no privilege.
 */
#include <errno.h>
#include <rtmem/arch/arch.h>
#include "ttest.h"

#define PART 256 /* power of two, aligned to itself: fits PMSAv7 and PMSAv8 */

/* Shared with the user threads (P_RW_U_RW); padded: the partition covers all PART bytes. */
struct shared {
	volatile uint32_t step;
	volatile uint32_t value;
	volatile uint32_t done;
	struct k_sem sem;
};
static union {
	struct shared s;
	uint8_t pad[PART];
} sh_area __aligned(PART);
#define sh sh_area.s
_Static_assert(sizeof(struct shared) <= PART, "shared block fits its partition");

static volatile uint32_t ro_buf[PART / 4] __aligned(PART);  /* P_RW_U_RO */
static volatile uint32_t b_buf[PART / 4] __aligned(PART);   /* domain B only, P_RW_U_RW */
static volatile uint32_t outside[PART / 4] __aligned(PART); /* no partition */
static uint8_t tiny[16 * 32] __aligned(1024);              /* for -ENOSPC */
static struct k_sem kernel_sem;                             /* not in any partition */
static volatile uint32_t kernel_word;                       /* kernel data: no partition */
void z_arm_syscall_trampoline(void);                        /* arch/cortex_m/cm_mpu.c */

K_MEM_PARTITION_DEFINE(part_sh, &sh_area, PART, K_MEM_PARTITION_P_RW_U_RW);
K_MEM_PARTITION_DEFINE(part_ro, ro_buf, PART, K_MEM_PARTITION_P_RW_U_RO);
K_MEM_PARTITION_DEFINE(part_b, b_buf, PART, K_MEM_PARTITION_P_RW_U_RW);

static struct k_mem_domain dom_a, dom_b, dom_full;

#define USTACK 4000
K_THREAD_STACK_DEFINE(ustack, USTACK);
static struct k_thread uthread;

static volatile unsigned int last_reason = 0xFFFFU;
static volatile void *last_addr;
static volatile int faults;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	last_reason = reason;
	last_addr = esf != NULL ? esf->fault_addr : NULL;
	faults++;
	/* return: the kernel aborts the faulting thread */
}

static void run_user(struct k_mem_domain *dom, k_thread_entry_t fn)
{
	last_reason = 0xFFFFU;
	last_addr = NULL;
	sh.step = 0;
	sh.done = 0;
	k_thread_create(&uthread, ustack, K_THREAD_STACK_SIZEOF(ustack), fn, NULL, NULL, NULL, K_PRIO_PREEMPT(1),
			K_USER, K_FOREVER);
	TT_CHECK(k_mem_domain_add_thread(dom, &uthread) == 0);
	k_thread_start(&uthread);
	TT_CHECK(k_thread_join(&uthread, K_MSEC(2000)) == 0);
}

/* ---- user thread bodies (unprivileged: only the stack, the code and the domain) ---- */

static void u_rw(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	uint32_t local[8];

	for (unsigned int i = 0; i < 8; i++) {
		local[i] = i * 3U;
	}
	sh.value = local[7] + sh.value; /* read and write the RW partition */
	sh.step = (ro_buf[1] == 0x5A5A0001U) ? 1U : 99U; /* read the RO partition */
	k_msleep(2); /* through the gate and back */
	k_yield();
	sh.step = (k_current_get() == &uthread && k_uptime_get() >= 0) ? sh.step : 98U; /* gated queries */
	printk("user thread: value %u\n", (unsigned int)sh.value);
	k_sem_give(&sh.sem);
	sh.done = 1;
}

static void u_write_ro(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = ro_buf[2];
	ro_buf[2] = 7; /* faults */
	sh.done = 1;
}

static void u_read_outside(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	sh.value = outside[3]; /* faults */
	sh.done = 1;
}

static void u_read_kernel_data(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	sh.value = *(volatile uint8_t *)&k_mem_domain_default.num_partitions; /* kernel data: faults */
	sh.done = 1;
}

static void u_bad_sem(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	k_sem_give(&kernel_sem); /* outside the domain: the gate oopses */
	sh.done = 1;
}

static void u_bad_printk(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	printk("%s\n", (const char *)outside); /* formatted with the caller's rights: faults */
	sh.done = 1;
}

static void u_domain_call(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	(void)k_mem_domain_add_thread(&dom_b, &uthread); /* supervisor-only: oops */
	sh.done = 1;
}

/* The old hole: raise privilege by hand, then write kernel data. The raise is refused. */
static void u_raise_then_write(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	arch_syscall_raise(); /* refused: K_ERR_KERNEL_OOPS, the thread ends here */
	kernel_word = 0xBADU;
	sh.done = 1;
}

/* A system call number outside the table. */
static void u_bad_call_number(void *p1, void *p2, void *p3)
{
	uint32_t args[8] = { 0 }; /* as big as struct z_syscall_args */

	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	arch_syscall_invoke(1000U, args);
	kernel_word = 0xBADU;
	sh.done = 1;
}

/* After a real system call the thread is unprivileged again: kernel data still faults. */
static void u_syscall_then_write(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_yield();
	sh.step = k_is_user_context() ? 1U : 2U;
	kernel_word = 0xBADU; /* faults */
	sh.done = 1;
}

/* Branching into the kernel's trampoline runs it unprivileged: its first kernel data access faults. */
static void u_jump_trampoline(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	z_arm_syscall_trampoline();
	kernel_word = 0xBADU;
	sh.done = 1;
}

/* Reads the shared partition, sleeps (the supervisor changes the domain meanwhile), reads again. */
static void u_read_sleep_read(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	k_msleep(20);
	sh.value = ro_buf[1]; /* faults once part_ro was removed */
	sh.done = 1;
}

/* In domain A: writes sh; sleeps; moved to B meanwhile: writes b_buf, then sh (faults). */
static void u_migrate(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	sh.step = 1;
	k_msleep(20);
	b_buf[0] = 0xB0B0U; /* domain B's partition: allowed now */
	b_buf[1] = 1;
	sh.step = 2; /* faults: sh is not in domain B */
	b_buf[1] = 2;
}

/* A supervisor thread that drops to user mode for good. */
static void s_enter_user(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	ro_buf[3] = 0x33U; /* supervisor: allowed */
	k_thread_user_mode_enter(u_write_ro, NULL, NULL, NULL);
}

/* ---- cases ---- */

static void test_rw_allowed(void)
{
	ro_buf[1] = 0x5A5A0001U;
	sh.value = 100;
	k_sem_init(&sh.sem, 0, 1);
	int f = faults;

	run_user(&dom_a, u_rw);
	TT_CHECK(faults == f);
	TT_CHECK(sh.step == 1U);
	TT_CHECK(sh.value == 121U);
	TT_CHECK(sh.done == 1U);
	TT_CHECK(k_sem_take(&sh.sem, K_NO_WAIT) == 0);
}

static void test_write_ro_faults(void)
{
	ro_buf[2] = 0x1234U;
	run_user(&dom_a, u_write_ro);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&ro_buf[2]);
	TT_CHECK(sh.step == 0x1234U);
	TT_CHECK(sh.done == 0U);
	TT_CHECK(ro_buf[2] == 0x1234U);
	ro_buf[2] = 5; /* the supervisor still writes it */
	TT_CHECK(ro_buf[2] == 5U);
}

static void test_user_mode_enter(void)
{
	ro_buf[2] = 0x4321U;
	last_reason = 0xFFFFU;
	sh.step = 0;
	sh.done = 0;
	k_thread_create(&uthread, ustack, K_THREAD_STACK_SIZEOF(ustack), s_enter_user, NULL, NULL, NULL,
			K_PRIO_PREEMPT(1), 0, K_FOREVER);
	TT_CHECK(k_mem_domain_add_thread(&dom_a, &uthread) == 0);
	k_thread_start(&uthread);
	TT_CHECK(k_thread_join(&uthread, K_MSEC(2000)) == 0);
	TT_CHECK(ro_buf[3] == 0x33U);
	TT_CHECK(sh.step == 0x4321U);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&ro_buf[2]);
	TT_CHECK(sh.done == 0U);
}

static void test_outside_faults(void)
{
	run_user(&dom_a, u_read_outside);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&outside[3]);
	TT_CHECK(sh.step == 1U && sh.done == 0U);

	run_user(&dom_a, u_read_kernel_data);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr != NULL);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
}

static void test_gate_checks_pointers(void)
{
	k_sem_init(&kernel_sem, 0, 1);
	run_user(&dom_a, u_bad_sem);
	TT_CHECK(last_reason == K_ERR_KERNEL_OOPS);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(k_sem_count_get(&kernel_sem) == 0U);

	outside[0] = 0x41414141U;
	run_user(&dom_a, u_bad_printk);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&outside[0]);
	TT_CHECK(sh.step == 1U && sh.done == 0U);

	run_user(&dom_a, u_domain_call);
	TT_CHECK(last_reason == K_ERR_KERNEL_OOPS);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(k_mem_domain_of(&uthread) == &dom_a);
}

static void test_gate_only_numbered_calls(void)
{
	kernel_word = 0;
	faults = 0;
	run_user(&dom_a, u_raise_then_write);
	TT_CHECK(last_reason == K_ERR_KERNEL_OOPS);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(kernel_word == 0U);

	run_user(&dom_a, u_bad_call_number);
	TT_CHECK(last_reason == K_ERR_KERNEL_OOPS);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(kernel_word == 0U);

	run_user(&dom_a, u_syscall_then_write);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&kernel_word);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(kernel_word == 0U);

	run_user(&dom_a, u_jump_trampoline);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(sh.step == 1U && sh.done == 0U);
	TT_CHECK(kernel_word == 0U);
	TT_CHECK(faults == 4);

	/* the system goes on: supervisor raise is a no-op, and a user thread still works */
	arch_syscall_raise();
	run_user(&dom_a, u_rw);
	TT_CHECK(sh.done == 1U);
	TT_CHECK(faults == 4);
}

static void test_remove_readd(void)
{
	ro_buf[1] = 0x77U;
	/* removed while the thread sleeps: its next access faults */
	last_reason = 0xFFFFU;
	sh.step = 0;
	sh.done = 0;
	k_thread_create(&uthread, ustack, K_THREAD_STACK_SIZEOF(ustack), u_read_sleep_read, NULL, NULL, NULL,
			K_PRIO_PREEMPT(1), K_USER, K_FOREVER);
	TT_CHECK(k_mem_domain_add_thread(&dom_a, &uthread) == 0);
	k_thread_start(&uthread);
	k_msleep(5);
	TT_CHECK(sh.step == 1U);
	TT_CHECK(k_mem_domain_remove_partition(&dom_a, &part_ro) == 0);
	TT_CHECK(k_thread_join(&uthread, K_MSEC(2000)) == 0);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&ro_buf[1]);
	TT_CHECK(sh.done == 0U);

	/* re-added: the same access works */
	TT_CHECK(k_mem_domain_add_partition(&dom_a, &part_ro) == 0);
	sh.value = 0;
	run_user(&dom_a, u_read_sleep_read);
	TT_CHECK(sh.done == 1U);
	TT_CHECK(sh.value == 0x77U);
}

static void test_migrate(void)
{
	last_reason = 0xFFFFU;
	last_addr = NULL;
	sh.step = 0;
	b_buf[0] = 0;
	b_buf[1] = 0;
	k_thread_create(&uthread, ustack, K_THREAD_STACK_SIZEOF(ustack), u_migrate, NULL, NULL, NULL, K_PRIO_PREEMPT(1),
			K_USER, K_FOREVER);
	TT_CHECK(k_mem_domain_add_thread(&dom_a, &uthread) == 0);
	k_thread_start(&uthread);
	k_msleep(5);
	TT_CHECK(sh.step == 1U);
	TT_CHECK(k_mem_domain_add_thread(&dom_b, &uthread) == 0);
	TT_CHECK(k_mem_domain_of(&uthread) == &dom_b);
	TT_CHECK(k_thread_join(&uthread, K_MSEC(2000)) == 0);
	TT_CHECK(b_buf[0] == 0xB0B0U);
	TT_CHECK(b_buf[1] == 1U);
	TT_CHECK(sh.step == 1U);
	TT_CHECK(last_reason == K_ERR_CPU_EXCEPTION);
	TT_CHECK(last_addr == (void *)&sh.step);
}

static void test_error_codes(void)
{
	struct k_mem_partition p;

	/* misaligned start for either MPU (16 bytes off) */
	p = (struct k_mem_partition){ (uintptr_t)outside + 16U, 64U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
	/* size not a multiple of 32 */
	p = (struct k_mem_partition){ (uintptr_t)outside, 48U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
	/* 96 bytes: PMSAv8 takes it, PMSAv7 needs a power of two */
	p = (struct k_mem_partition){ (uintptr_t)outside, 96U, K_MEM_PARTITION_P_RW_U_RW };
#if defined(__ARM_ARCH_8M_MAIN__)
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == 0);
	TT_CHECK(k_mem_domain_remove_partition(&dom_b, &p) == 0);
#else
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
	/* PMSAv7: 64 bytes at a 32- but not 64-byte aligned start */
	p = (struct k_mem_partition){ (uintptr_t)outside + 32U, 64U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
#endif
	/* zero size */
	p = (struct k_mem_partition){ (uintptr_t)outside, 0U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
	/* overlap with a partition of the domain */
	p = (struct k_mem_partition){ (uintptr_t)b_buf + 64U, 64U, K_MEM_PARTITION_P_RW_U_RO };
	TT_CHECK(k_mem_domain_add_partition(&dom_b, &p) == -EINVAL);
	/* init with a misaligned partition */
	struct k_mem_domain d;
	struct k_mem_partition bad = { (uintptr_t)outside + 16U, 32U, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition *bads[] = { &bad };

	TT_CHECK(k_mem_domain_init(&d, 1, bads) == -EINVAL);
	/* no such partition */
	p = (struct k_mem_partition){ (uintptr_t)outside, 64U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_remove_partition(&dom_b, &p) == -ENOENT);
	/* all slots used */
	static struct k_mem_partition tp[CONFIG_MAX_DOMAIN_PARTITIONS + 1];

	TT_CHECK(k_mem_domain_init(&dom_full, 0, NULL) == 0);
	for (unsigned int i = 0; i < CONFIG_MAX_DOMAIN_PARTITIONS; i++) {
		tp[i] = (struct k_mem_partition){ (uintptr_t)&tiny[32U * i], 32U, K_MEM_PARTITION_P_RW_U_RW };
		TT_CHECK(k_mem_domain_add_partition(&dom_full, &tp[i]) == 0);
	}
	tp[16] = (struct k_mem_partition){ (uintptr_t)outside, 32U, K_MEM_PARTITION_P_RW_U_RW };
	TT_CHECK(k_mem_domain_add_partition(&dom_full, &tp[16]) == -ENOSPC);
	TT_CHECK(k_mem_domain_deinit(&dom_full) == 0);
}

int main(void)
{
	struct k_mem_partition *a_parts[] = { &part_sh, &part_ro };
	struct k_mem_partition *b_parts[] = { &part_b };

	if (k_mem_domain_init(&dom_a, 2, a_parts) != 0 || k_mem_domain_init(&dom_b, 1, b_parts) != 0) {
		printk("domain init failed\n");
		return 1;
	}
	TT_RUN(test_rw_allowed);
	TT_RUN(test_write_ro_faults);
	TT_RUN(test_user_mode_enter);
	TT_RUN(test_outside_faults);
	TT_RUN(test_gate_checks_pointers);
	TT_RUN(test_gate_only_numbered_calls);
	TT_RUN(test_remove_readd);
	TT_RUN(test_migrate);
	TT_RUN(test_error_codes);
	return tt_done();
}
