/*
 * Fatal path and contract violations: the handler below records the reason
 * and returns, so the faulting thread is aborted and the test goes on
 * (rtmem_fatal_test_mode(true) = Zephyr's CONFIG_TEST behaviour, which also
 * recovers from K_ERR_KERNEL_PANIC and returns into a faulting ISR).
 */
#include "ktest.h"
#include <zephyr/sys/sys_heap.h>

static int fatal_count;
static unsigned int fatal_reason;
static const struct k_thread *fatal_thread;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	(void)esf;
	fatal_count++;
	fatal_reason = reason;
	fatal_thread = k_current_get();
}

static void reset_fatal(void)
{
	fatal_count = 0;
	fatal_reason = 99;
	fatal_thread = NULL;
	kt_log_reset();
}

/* Run @fn in a thread of higher priority; return when it has ended. */
static void run_faulting(k_thread_entry_t fn, void *p1)
{
	reset_fatal();
	kt_spawn(0, fn, p1, NULL, -1, K_NO_WAIT);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
	assert_int_equal(fatal_count, 1);
	assert_ptr_equal(fatal_thread, &kt_threads[0]);
}

static void oops_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(1);
	k_oops();
	kt_log_add(2); /* never: the thread was aborted */
}

static void k_oops_in_thread_aborts_only_that_thread(void **state)
{
	(void)state;
	run_faulting(oops_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_OOPS);
	kt_log_expect(1);
}

static void panic_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_panic();
	kt_log_add(2);
}

static void k_panic_in_test_mode_aborts_thread(void **state)
{
	(void)state;
	run_faulting(panic_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static void assert_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	__ASSERT(1 + 1 == 3, "arithmetic is broken (%d)", 42);
	kt_log_add(2);
}

static void assert_failure_enters_fatal_path_as_panic(void **state)
{
	(void)state;
	run_faulting(assert_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static struct k_spinlock shared_lock;

static void relock_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	struct k_spinlock l = { 0 };

	(void)k_spin_lock(&l);
	(void)k_spin_lock(&l); /* recursive: fatal */
	kt_log_add(2);
}

static void k_spin_lock_relock_enters_fatal_path(void **state)
{
	(void)state;
	run_faulting(relock_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static void foreign_unlock_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_spin_unlock(&shared_lock, *(k_spinlock_key_t *)p1); /* not the owner: fatal */
	kt_log_add(2);
}

static void k_spin_unlock_by_non_owner_enters_fatal_path(void **state)
{
	(void)state;
	k_spinlock_key_t key = k_spin_lock(&shared_lock);
	k_spinlock_key_t unlocked = { 0 };

	run_faulting(foreign_unlock_entry, &unlocked);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
	k_spin_unlock(&shared_lock, key); /* the owner still can */
}

static void bad_prio_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_thread_priority_set(k_current_get(), K_LOWEST_THREAD_PRIO + 1);
	kt_log_add(2);
}

static void k_thread_priority_set_invalid_enters_fatal_path(void **state)
{
	(void)state;
	run_faulting(bad_prio_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static void bad_create_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_thread_create(&kt_threads[1], kt_stacks[1], KT_STACK, kt_log_entry, NULL, NULL, NULL,
			K_HIGHEST_THREAD_PRIO - 1, 0, K_NO_WAIT);
	kt_log_add(2);
}

static void k_thread_create_invalid_priority_enters_fatal_path(void **state)
{
	(void)state;
	run_faulting(bad_create_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static void null_sem_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_give(NULL);
	kt_log_add(2);
}

static void k_sem_give_null_enters_fatal_path(void **state)
{
	(void)state;
	run_faulting(null_sem_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

static void heap_fault_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	/* What the core reports on a double free (called directly: independent of the core's state). */
	const struct sys_heap_fault_info info = {
		.heap = NULL, .ptr = NULL, .reason = SYS_HEAP_FAULT_DOUBLE_FREE,
		.what = "chunk not in use", .file = __FILE__, .line = __LINE__,
	};

	sys_heap_fault(&info);
	kt_log_add(2);
}

static void sys_heap_fault_is_routed_to_fatal_path(void **state)
{
	(void)state;
	run_faulting(heap_fault_entry, NULL);
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_int_equal(kt_log_n, 0);
}

/* ---- ISR context ---- */

static struct k_sem isr_sem;
static int isr_results[4];

static void isr_routine(const void *arg)
{
	(void)arg;
	isr_results[0] = k_is_in_isr();
	isr_results[1] = k_sem_take(&isr_sem, K_NO_WAIT);
	isr_results[2] = k_sem_take(&isr_sem, K_MSEC(10)); /* contract violation */
	isr_results[3] = k_mutex_lock(&(struct k_mutex){ 0 }, K_NO_WAIT);
	k_sem_give(&isr_sem);
}

static void irq_offload_runs_in_isr_and_blocking_call_is_fatal_then_ebusy(void **state)
{
	(void)state;
	reset_fatal();
	k_sem_init(&isr_sem, 0, 1);
	irq_offload(isr_routine, NULL);
	assert_int_equal(isr_results[0], 1);
	assert_int_equal(isr_results[1], -EBUSY);
	assert_int_equal(isr_results[2], -EBUSY);
	assert_int_equal(isr_results[3], -EPERM);
	assert_int_equal(fatal_count, 2); /* the timeout and the mutex, each through __ASSERT */
	assert_int_equal(fatal_reason, K_ERR_KERNEL_PANIC);
	assert_false(k_is_in_isr());
	assert_int_equal(k_sem_count_get(&isr_sem), 1);
}

static void isr_give(const void *arg)
{
	k_sem_give((struct k_sem *)arg);
	kt_log_add(1);
}

static void isr_woken(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take((struct k_sem *)p1, K_FOREVER);
	kt_log_add(2);
}

static void irq_offload_waking_higher_thread_switches_at_isr_exit(void **state)
{
	(void)state;
	struct k_sem s;

	kt_log_reset();
	k_sem_init(&s, 0, 1);
	kt_spawn(0, isr_woken, &s, NULL, -1, K_NO_WAIT);
	irq_offload(isr_give, &s);
	kt_log_add(3);
	kt_join_all(1);
	kt_log_expect(1, 2, 3);
}

static void irq_offload_with_interrupts_locked_runs_at_unlock(void **state)
{
	(void)state;
	struct k_sem s;

	kt_log_reset();
	k_sem_init(&s, 0, 1);
	unsigned int key = irq_lock();

	irq_offload(isr_give, &s);
	kt_log_add(0);
	irq_unlock(key);
	kt_log_expect(0, 1);
	assert_int_equal(k_sem_count_get(&s), 1);
}

/* ---- host fault: SIGSEGV in a thread ---- */

static void segv_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	*(volatile int *)p1 = 1;
	kt_log_add(2);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_oops_in_thread_aborts_only_that_thread),
		cmocka_unit_test(k_panic_in_test_mode_aborts_thread),
		cmocka_unit_test(assert_failure_enters_fatal_path_as_panic),
		cmocka_unit_test(k_spin_lock_relock_enters_fatal_path),
		cmocka_unit_test(k_spin_unlock_by_non_owner_enters_fatal_path),
		cmocka_unit_test(k_thread_priority_set_invalid_enters_fatal_path),
		cmocka_unit_test(k_thread_create_invalid_priority_enters_fatal_path),
		cmocka_unit_test(k_sem_give_null_enters_fatal_path),
		cmocka_unit_test(sys_heap_fault_is_routed_to_fatal_path),
		cmocka_unit_test(irq_offload_runs_in_isr_and_blocking_call_is_fatal_then_ebusy),
		cmocka_unit_test(irq_offload_waking_higher_thread_switches_at_isr_exit),
		cmocka_unit_test(irq_offload_with_interrupts_locked_runs_at_unlock),
	};
	(void)segv_entry;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
