/*
 * Memory domains on the host, every behaviour of zephyr-api.md §1.8:
 * allowed reads and writes succeed; a write to a read-only partition and any
 * access outside the domain fault (K_ERR_CPU_EXCEPTION with the address);
 * another user thread's stack is out of reach; removal and re-adding take
 * effect at once; a running thread migrates; every error code; supervisor-
 * only calls oops; domain inheritance; user mode entered at run time; the
 * kernel gate (sleep, yield, semaphores, queues, message queues, printk) and
 * its pointer checks; malloc from a partition of the default domain.
 *
 * Faulting threads are aborted by the fatal path (the handler below
 * returns); the test records what the handler saw and checks it in main.
 */
#include <signal.h>
#include "../ktest.h"
#ifdef RTMEM_TEST_HAVE_LIBC
#include <rtmem/libc_malloc.h>
#endif

#define PAGE ARCH_PAGE_SIZE

static uint8_t __aligned(PAGE) buf_rw[PAGE];     /* P_RW_U_RW in dom_a */
static uint8_t __aligned(PAGE) buf_ro[PAGE];     /* P_RW_U_RO in dom_a */
static uint8_t __aligned(PAGE) buf_na[PAGE];     /* P_RW_U_NA in dom_a */
static uint8_t __aligned(PAGE) buf_pro[PAGE];    /* P_RO_U_RO in dom_a */
static uint8_t __aligned(PAGE) buf_pro_na[PAGE]; /* P_RO_U_NA in dom_a */
static uint8_t __aligned(PAGE) buf_b[PAGE];      /* P_RW_U_RW in dom_b */
static uint8_t __aligned(PAGE) buf_slots[(CONFIG_MAX_DOMAIN_PARTITIONS + 1) * PAGE];

K_MEM_PARTITION_DEFINE(part_rw, buf_rw, sizeof(buf_rw), K_MEM_PARTITION_P_RW_U_RW);
K_MEM_PARTITION_DEFINE(part_ro, buf_ro, sizeof(buf_ro), K_MEM_PARTITION_P_RW_U_RO);
K_MEM_PARTITION_DEFINE(part_na, buf_na, sizeof(buf_na), K_MEM_PARTITION_P_RW_U_NA);
K_MEM_PARTITION_DEFINE(part_pro, buf_pro, sizeof(buf_pro), K_MEM_PARTITION_P_RO_U_RO);
K_MEM_PARTITION_DEFINE(part_pro_na, buf_pro_na, sizeof(buf_pro_na), K_MEM_PARTITION_P_RO_U_NA);
K_MEM_PARTITION_DEFINE(part_b, buf_b, sizeof(buf_b), K_MEM_PARTITION_P_RW_U_RW);

static struct k_mem_partition *parts_a[] = { &part_rw, &part_ro, &part_na, &part_pro, &part_pro_na };
static struct k_mem_partition *parts_b[] = { &part_b };
static struct k_mem_domain dom_a, dom_b;

/* ---- the fatal handler records, then returns: the faulting thread is aborted ---- */

static volatile unsigned int fault_reason;
static volatile uintptr_t fault_addr;
static volatile int fault_count;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	fault_reason = reason;
	fault_addr = esf != NULL ? (uintptr_t)esf->fault_addr : 0;
	fault_count++;
}

/*
 * cmocka replaces the SIGSEGV handler while a test runs; the faults here must
 * reach rtmem's (the kernel's fatal path), so every test puts it back
 * (fault_reset(); cmocka installs its own around setup functions too).
 */
static struct sigaction rtmem_segv;

static int reinstall_rtmem_fault_handler(void **state)
{
	(void)state;
	sigaction(SIGSEGV, &rtmem_segv, NULL);
	return 0;
}

static void fault_reset(void)
{
	(void)reinstall_rtmem_fault_handler(NULL);
	fault_reason = 99;
	fault_addr = 0;
	fault_count = 0;
}

#define assert_fault(reason, addr)                                      \
	do {                                                            \
		assert_int_equal(fault_count, 1);                       \
		assert_int_equal(fault_reason, (reason));               \
		if ((addr) != 0) {                                      \
			assert_int_equal(fault_addr, (uintptr_t)(addr)); \
		}                                                       \
	} while (0)

#define assert_no_fault() assert_int_equal(fault_count, 0)
#define assert_user_checks() assert_int_equal(user_fail_line, 0)

/* Checks inside user threads (cmocka's asserts must run in main): first failing line. */
static volatile int user_fail_line;
#define UCHECK(cond)                                     \
	do {                                             \
		if (!(cond) && user_fail_line == 0) {    \
			user_fail_line = __LINE__;       \
		}                                        \
	} while (0)

/* ---- running code as a user thread of a domain ---- */

static volatile int steps; /* how far a user thread got */

/* Create thread i as a user thread in @dom running @fn(@arg), join it. */
static void run_user(struct k_mem_domain *dom, k_thread_entry_t fn, void *arg)
{
	steps = 0;
	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, fn, arg, NULL, NULL, -1, K_USER, K_FOREVER);
	k_thread_name_set(&kt_threads[0], "user");
	assert_int_equal(k_mem_domain_add_thread(dom, &kt_threads[0]), 0);
	k_thread_start(&kt_threads[0]);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
}

static void setup_domains(void)
{
	static bool done;

	if (!done) {
		assert_int_equal(k_mem_domain_init(&dom_a, ARRAY_SIZE(parts_a), parts_a), 0);
		assert_int_equal(k_mem_domain_init(&dom_b, ARRAY_SIZE(parts_b), parts_b), 0);
		done = true;
	}
}

static void write_byte(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	*(volatile uint8_t *)p1 = 0x5a;
	steps = 1;
}

static void read_byte(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	steps = 1 + *(volatile uint8_t *)p1;
}

/* contract: allowed reads and writes succeed */
static void user_thread_reads_and_writes_what_its_domain_allows(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	buf_ro[7] = 41;
	buf_pro[9] = 3;
	run_user(&dom_a, write_byte, &buf_rw[100]);
	assert_int_equal(steps, 1);
	assert_int_equal(buf_rw[100], 0x5a);
	run_user(&dom_a, read_byte, &buf_ro[7]);
	assert_int_equal(steps, 42);
	run_user(&dom_a, read_byte, &buf_pro[9]);
	assert_int_equal(steps, 4);
	assert_no_fault();
	/* the supervisor (main, default domain) reaches everything */
	buf_na[0] = 1;
	buf_ro[0] = 1;
	buf_b[0] = 1;
}

/* contract: a write to a read-only partition faults with the address */
static void user_write_to_read_only_partition_faults(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	run_user(&dom_a, write_byte, &buf_ro[12]);
	assert_int_equal(steps, 0);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_ro[12]);
	fault_reset();
	run_user(&dom_a, write_byte, &buf_pro[12]);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_pro[12]);
}

/* contract: any access outside the domain faults (no-access partitions, other domains) */
static void user_access_outside_domain_faults(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	run_user(&dom_a, read_byte, &buf_na[5]);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_na[5]);
	fault_reset();
	run_user(&dom_a, read_byte, &buf_pro_na[5]);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_pro_na[5]);
	fault_reset();
	run_user(&dom_a, read_byte, &buf_b[5]);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_b[5]);
	fault_reset();
	run_user(&dom_b, write_byte, &buf_rw[5]);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_rw[5]);
	fault_reset();
	run_user(&dom_b, write_byte, &buf_b[5]);
	assert_no_fault();
}

/* contract: P_RO partitions are read-only for supervisor threads of the domain too */
static void supervisor_thread_in_domain_cannot_write_p_ro(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, write_byte, &buf_pro[1], NULL, NULL, -1, 0, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&dom_a, &kt_threads[0]), 0);
	k_thread_start(&kt_threads[0]);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_pro[1]);
	fault_reset();
	/* ...but may write P_RW_U_NA and anything outside its domain */
	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, write_byte, &buf_na[1], NULL, NULL, -1, 0, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&dom_a, &kt_threads[0]), 0);
	k_thread_start(&kt_threads[0]);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
	assert_no_fault();
	assert_int_equal(buf_na[1], 0x5a);
}

/* ---- another user thread's stack ---- */

static volatile uintptr_t victim_local;
K_SEM_DEFINE(victim_go, 0, 1);

static void victim(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	volatile int local = 77;

	victim_local = (uintptr_t)&local;
	k_sem_take(&victim_go, K_FOREVER);
	steps = local;
}

static void read_victim(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	steps = *(volatile int *)victim_local;
}

/* contract: a user thread's stack is reachable only by it and by supervisor threads */
static void user_stack_reachable_only_by_owner_and_supervisor(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	k_thread_create(&kt_threads[1], kt_stacks[1], KT_STACK, victim, NULL, NULL, NULL, -1, K_USER, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&dom_a, &kt_threads[1]), 0);
	k_thread_start(&kt_threads[1]);
	assert_int_equal(*(volatile int *)victim_local, 77); /* supervisor: fine */
	run_user(&dom_a, read_victim, NULL);                  /* same domain, other user thread */
	assert_fault(K_ERR_CPU_EXCEPTION, victim_local);
	k_sem_give(&victim_go);
	assert_int_equal(k_thread_join(&kt_threads[1], K_FOREVER), 0);
	assert_int_equal(steps, 77);
	assert_int_equal(fault_count, 1);
}

/* ---- remove / re-add, migration: a running user thread, stepped by main ---- */

K_SEM_DEFINE(step_go, 0, 1);
K_SEM_DEFINE(step_done, 0, 1);
static volatile uint8_t *volatile step_target;

static void stepper(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (;;) {
		k_sem_take(&step_go, K_FOREVER);
		*step_target = 1;
		steps++;
		k_sem_give(&step_done);
	}
}

static void start_stepper(struct k_mem_domain *dom)
{
	steps = 0;
	k_thread_create(&kt_threads[2], kt_stacks[2], KT_STACK, stepper, NULL, NULL, NULL, -1, K_USER, K_FOREVER);
	k_thread_name_set(&kt_threads[2], "stepper");
	assert_int_equal(k_mem_domain_add_thread(dom, &kt_threads[2]), 0);
	k_thread_start(&kt_threads[2]);
}

/* One access by the stepper; true if it survived. */
static bool step(volatile uint8_t *target)
{
	step_target = target;
	k_sem_give(&step_go);
	return k_sem_take(&step_done, K_MSEC(10)) == 0;
}

/* contract: removing and re-adding a partition take effect at once */
static void remove_and_readd_partition_take_effect_at_once(void **state)
{
	(void)state;
	struct k_mem_domain dom;
	struct k_mem_partition *p[] = { &part_rw };

	fault_reset();
	assert_int_equal(k_mem_domain_init(&dom, 1, p), 0);
	start_stepper(&dom);
	assert_true(step(&buf_rw[1]));
	assert_int_equal(k_mem_domain_remove_partition(&dom, &part_rw), 0);
	assert_int_equal(k_mem_domain_add_partition(&dom, &part_rw), 0);
	assert_true(step(&buf_rw[2])); /* re-added: reachable again */
	assert_int_equal(k_mem_domain_remove_partition(&dom, &part_rw), 0);
	assert_false(step(&buf_rw[3])); /* removed: faults */
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_rw[3]);
	assert_int_equal(steps, 2);
	assert_int_equal(k_thread_join(&kt_threads[2], K_FOREVER), 0);
	assert_int_equal(k_mem_domain_deinit(&dom), 0);
}

/* contract: k_mem_domain_add_thread moves a running thread */
static void running_thread_migrates_between_domains(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	start_stepper(&dom_a);
	assert_true(step(&buf_rw[4]));
	assert_int_equal(k_mem_domain_add_thread(&dom_b, &kt_threads[2]), 0);
	assert_ptr_equal(k_mem_domain_of(&kt_threads[2]), &dom_b);
	assert_true(step(&buf_b[4]));
	assert_false(step(&buf_rw[4]));
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_rw[4]);
	assert_int_equal(k_thread_join(&kt_threads[2], K_FOREVER), 0);
}

/* ---- error codes ---- */

static void domain_init_error_codes(void **state)
{
	(void)state;
	struct k_mem_domain d;
	struct k_mem_partition zero = { (uintptr_t)buf_slots, 0, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition wrap = { UINTPTR_MAX - PAGE + 1, 2 * PAGE, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition misaligned = { (uintptr_t)buf_slots + 8, PAGE, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition odd_size = { (uintptr_t)buf_slots, 100, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition wx = { (uintptr_t)buf_slots, PAGE, K_MEM_PARTITION_P_RWX_U_RWX };
	struct k_mem_partition s0 = { (uintptr_t)buf_slots, 2 * PAGE, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition s1 = { (uintptr_t)buf_slots + PAGE, 2 * PAGE, K_MEM_PARTITION_P_RW_U_RO };
	struct k_mem_partition *over[] = { &s0, &s1 };
	struct k_mem_partition *with_null[] = { &s0, NULL };
	struct k_mem_partition *one[1];
	struct k_mem_partition *many[CONFIG_MAX_DOMAIN_PARTITIONS + 1];

	for (size_t i = 0; i < ARRAY_SIZE(many); i++) {
		many[i] = &s0;
	}
	assert_int_equal(k_mem_domain_init(NULL, 0, NULL), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, 1, NULL), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, CONFIG_MAX_DOMAIN_PARTITIONS + 1, many), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, 2, with_null), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, 2, over), -EINVAL);
	one[0] = &zero;
	assert_int_equal(k_mem_domain_init(&d, 1, one), -EINVAL);
	one[0] = &wrap;
	assert_int_equal(k_mem_domain_init(&d, 1, one), -EINVAL);
	one[0] = &misaligned;
	assert_int_equal(k_mem_domain_init(&d, 1, one), -EINVAL);
	one[0] = &odd_size;
	assert_int_equal(k_mem_domain_init(&d, 1, one), -EINVAL);
	one[0] = &wx;
	assert_int_equal(k_mem_domain_init(&d, 1, one), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, 0, NULL), 0);
	assert_int_equal(k_mem_domain_deinit(&d), 0);
}

static void domain_partition_error_codes(void **state)
{
	(void)state;
	struct k_mem_domain d;
	struct k_mem_partition slot[CONFIG_MAX_DOMAIN_PARTITIONS + 1];
	struct k_mem_partition over = { (uintptr_t)buf_slots, 2 * PAGE, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition zero = { (uintptr_t)buf_slots, 0, K_MEM_PARTITION_P_RW_U_RW };
	struct k_mem_partition absent = { (uintptr_t)buf_b, PAGE, K_MEM_PARTITION_P_RW_U_RW };

	for (size_t i = 0; i < ARRAY_SIZE(slot); i++) {
		slot[i] = (struct k_mem_partition){ (uintptr_t)buf_slots + i * PAGE, PAGE, K_MEM_PARTITION_P_RW_U_RW };
	}
	assert_int_equal(k_mem_domain_init(&d, 0, NULL), 0);
	assert_int_equal(k_mem_domain_add_partition(NULL, &slot[0]), -EINVAL);
	assert_int_equal(k_mem_domain_add_partition(&d, NULL), -EINVAL);
	assert_int_equal(k_mem_domain_add_partition(&d, &zero), -EINVAL);
	for (size_t i = 0; i < CONFIG_MAX_DOMAIN_PARTITIONS; i++) {
		assert_int_equal(k_mem_domain_add_partition(&d, &slot[i]), 0);
	}
	assert_int_equal(d.num_partitions, CONFIG_MAX_DOMAIN_PARTITIONS);
	assert_int_equal(k_mem_domain_add_partition(&d, &over), -EINVAL); /* overlaps slot 0 and 1 */
	assert_int_equal(k_mem_domain_add_partition(&d, &slot[CONFIG_MAX_DOMAIN_PARTITIONS]), -ENOSPC);
	assert_int_equal(k_mem_domain_remove_partition(&d, &absent), -ENOENT);
	assert_int_equal(k_mem_domain_remove_partition(&d, &over), -ENOENT); /* same start, other size */
	assert_int_equal(k_mem_domain_remove_partition(NULL, &slot[0]), -EINVAL);
	assert_int_equal(k_mem_domain_remove_partition(&d, NULL), -EINVAL);
	assert_int_equal(k_mem_domain_remove_partition(&d, &slot[3]), 0);
	assert_int_equal(k_mem_domain_add_partition(&d, &slot[CONFIG_MAX_DOMAIN_PARTITIONS]), 0);
	assert_int_equal(k_mem_domain_add_thread(NULL, k_current_get()), -EINVAL);
	assert_int_equal(k_mem_domain_add_thread(&d, NULL), -EINVAL);
	assert_int_equal(k_mem_domain_deinit(&d), 0);
}

/* contract: deinit -EINVAL (default, NULL, not initialised) and -EBUSY (threads attached) */
static void domain_deinit_error_codes(void **state)
{
	(void)state;
	struct k_mem_domain d;

	assert_int_equal(k_mem_domain_deinit(NULL), -EINVAL);
	assert_int_equal(k_mem_domain_deinit(&k_mem_domain_default), -EINVAL);
	assert_int_equal(k_mem_domain_init(&d, 0, NULL), 0);
	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, kt_log_entry, NULL, NULL, NULL, 1, 0, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&d, &kt_threads[0]), 0);
	assert_int_equal(k_mem_domain_deinit(&d), -EBUSY);
	assert_int_equal(k_mem_domain_add_thread(&k_mem_domain_default, &kt_threads[0]), 0);
	assert_int_equal(k_mem_domain_deinit(&d), 0);
	assert_int_equal(k_mem_domain_deinit(&d), -EINVAL);
	assert_int_equal(k_mem_domain_add_thread(&d, &kt_threads[0]), -EINVAL);
	k_thread_abort(&kt_threads[0]);
}

/* ---- supervisor-only calls, inheritance, user mode at run time ---- */

static void call_domain_api(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	steps = 1;
	(void)k_mem_domain_add_partition(&dom_a, &part_b);
	steps = 2;
}

/* contract: a supervisor-only call from a user thread is K_ERR_KERNEL_OOPS */
static void supervisor_only_call_from_user_thread_oopses(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	run_user(&dom_a, call_domain_api, NULL);
	assert_int_equal(steps, 1);
	assert_fault(K_ERR_KERNEL_OOPS, 0);
}

static struct k_mem_domain *child_domain;

static void child(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	child_domain = k_mem_domain_of(k_current_get());
}

static void user_part(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	steps = k_is_user_context() ? 10 : 20;
	*(volatile uint8_t *)p1 = 1;
	steps++;
}

static void parent(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_thread_create(&kt_threads[1], kt_stacks[1], KT_STACK, child, NULL, NULL, NULL, -1, 0, K_NO_WAIT);
	k_thread_join(&kt_threads[1], K_FOREVER);
	buf_na[2] = 1; /* supervisor: allowed */
	k_thread_user_mode_enter(user_part, (void *)&buf_na[3], NULL, NULL);
}

/* contract: children inherit the domain; k_thread_user_mode_enter drops rights at once */
static void child_inherits_domain_and_user_mode_enter_drops_rights(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	assert_ptr_equal(k_mem_domain_of(k_current_get()), &k_mem_domain_default);
	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, parent, NULL, NULL, NULL, -1, 0, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&dom_a, &kt_threads[0]), 0);
	k_thread_start(&kt_threads[0]);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
	assert_ptr_equal(child_domain, &dom_a);
	assert_int_equal(steps, 10);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_na[3]);
}

/* ---- the kernel gate ---- */

K_SEM_DEFINE(gate_sem, 0, 1);
K_MSGQ_DEFINE(gate_q, sizeof(uint32_t), 4, 4);
K_FIFO_DEFINE(gate_fifo);
static volatile uint32_t gate_got;

static void gate_user(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	uint32_t v = 1234, out = 0;
	void **item = (void **)&buf_rw[64];

	k_yield();
	k_msleep(5);
	k_sleep(K_MSEC(1));
	k_usleep(100);
	k_sem_give(&gate_sem);
	UCHECK(k_sem_take(&gate_sem, K_NO_WAIT) == 0);
	UCHECK(k_msgq_put(&gate_q, &v, K_NO_WAIT) == 0);
	UCHECK((k_msgq_num_used_get(&gate_q)) == (1));
	UCHECK(k_msgq_get(&gate_q, &out, K_NO_WAIT) == 0);
	k_fifo_put(&gate_fifo, item);
	UCHECK(k_fifo_get(&gate_fifo, K_NO_WAIT) == (void *)item);
	printk("user thread: printk through the gate, %u\n", out);
	size_t unused = 0;

	UCHECK(k_thread_stack_space_get(k_current_get(), &unused) == 0);
	UCHECK(unused > 0);
	gate_got = out;
	steps = 1;
	/* a pointer the caller cannot read: oops */
	(void)k_msgq_put(&gate_q, &buf_na[0], K_NO_WAIT);
	steps = 2;
}

/* contract: user threads call sleep/yield/sem/queue/msgq/printk through the gate; bad pointers oops */
static void gate_allows_listed_calls_and_oopses_bad_pointers(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	user_fail_line = 0;
	run_user(&dom_a, gate_user, NULL);
	assert_user_checks();
	assert_int_equal(gate_got, 1234);
	assert_int_equal(steps, 1);
	assert_fault(K_ERR_KERNEL_OOPS, 0);
	assert_int_equal(k_msgq_num_used_get(&gate_q), 0);
}

/* A user thread waits on a buffer on its own stack; another user thread's put is copied into it by the kernel. */
static void msgq_receiver(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	uint32_t local = 0;

	UCHECK(k_msgq_get(&gate_q, &local, K_FOREVER) == 0);
	gate_got = local;
}

static void msgq_sender(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	uint32_t v = 777;

	UCHECK(k_msgq_put(&gate_q, &v, K_NO_WAIT) == 0);
	steps = 1;
}

static void kernel_copies_between_user_stacks_with_supervisor_rights(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	gate_got = 0;
	k_thread_create(&kt_threads[1], kt_stacks[1], KT_STACK, msgq_receiver, NULL, NULL, NULL, -1, K_USER, K_FOREVER);
	assert_int_equal(k_mem_domain_add_thread(&dom_a, &kt_threads[1]), 0);
	k_thread_start(&kt_threads[1]);
	user_fail_line = 0;
	run_user(&dom_b, msgq_sender, NULL);
	assert_int_equal(k_thread_join(&kt_threads[1], K_FOREVER), 0);
	assert_user_checks();
	assert_int_equal(steps, 1);
	assert_int_equal(gate_got, 777);
	assert_no_fault();
}

/* An ISR that interrupts a user thread runs with supervisor rights; the thread keeps its own. */
static void isr_write_na(const void *arg)
{
	*(volatile uint8_t *)arg = 9;
}

static void user_raises_isr(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	irq_offload(isr_write_na, p1);
	steps = 1;
	steps += *(volatile uint8_t *)p1; /* back in the user thread: no access */
}

static void isr_over_user_thread_has_supervisor_rights(void **state)
{
	(void)state;
	setup_domains();
	fault_reset();
	buf_na[20] = 0;
	run_user(&dom_a, user_raises_isr, &buf_na[20]);
	assert_int_equal(buf_na[20], 9);
	assert_int_equal(steps, 1);
	assert_fault(K_ERR_CPU_EXCEPTION, &buf_na[20]);
}

#ifdef RTMEM_TEST_HAVE_LIBC
/* ---- C-library malloc on a heap placed in a partition of the default domain ---- */

static uint8_t __aligned(PAGE) malloc_arena[16 * PAGE];
K_MEM_PARTITION_DEFINE(z_malloc_partition, malloc_arena, sizeof(malloc_arena), K_MEM_PARTITION_P_RW_U_RW);

static void malloc_user(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	char *p = rtmem_libc_malloc(200);

	steps = 1;
	if (p != NULL && (uintptr_t)p >= (uintptr_t)malloc_arena &&
	    (uintptr_t)p < (uintptr_t)malloc_arena + sizeof(malloc_arena)) {
		memset(p, 'x', 200);
		rtmem_libc_free(p);
		steps = 2;
	}
}

static void user_malloc_from_default_domain_partition(void **state)
{
	(void)state;
	fault_reset();
	assert_int_equal(rtmem_libc_arena_set(malloc_arena, sizeof(malloc_arena)), 0);
	assert_int_equal(k_mem_domain_add_partition(&k_mem_domain_default, &z_malloc_partition), 0);
	run_user(&k_mem_domain_default, malloc_user, NULL);
	assert_int_equal(steps, 2);
	assert_no_fault();
	/* a user thread of a domain without the arena faults in malloc */
	setup_domains();
	run_user(&dom_b, malloc_user, NULL);
	assert_int_equal(steps, 0);
	assert_fault(K_ERR_CPU_EXCEPTION, 0);
	assert_true(fault_addr >= (uintptr_t)malloc_arena && fault_addr < (uintptr_t)malloc_arena + sizeof(malloc_arena));
}
#endif

int main(void)
{
	sigaction(SIGSEGV, NULL, &rtmem_segv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(user_thread_reads_and_writes_what_its_domain_allows, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(user_write_to_read_only_partition_faults, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(user_access_outside_domain_faults, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(supervisor_thread_in_domain_cannot_write_p_ro, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(user_stack_reachable_only_by_owner_and_supervisor, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(remove_and_readd_partition_take_effect_at_once, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(running_thread_migrates_between_domains, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(domain_init_error_codes, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(domain_partition_error_codes, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(domain_deinit_error_codes, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(supervisor_only_call_from_user_thread_oopses, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(child_inherits_domain_and_user_mode_enter_drops_rights, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(gate_allows_listed_calls_and_oopses_bad_pointers, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(kernel_copies_between_user_stacks_with_supervisor_rights, reinstall_rtmem_fault_handler),
		cmocka_unit_test_setup(isr_over_user_thread_has_supervisor_rights, reinstall_rtmem_fault_handler),
#ifdef RTMEM_TEST_HAVE_LIBC
		cmocka_unit_test_setup(user_malloc_from_default_domain_partition, reinstall_rtmem_fault_handler),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
