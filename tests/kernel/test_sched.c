/* Scheduler and thread API: preemption, cooperation, FIFO, yield, locks, life cycle. */
#include "ktest.h"

static void log_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add((int)(intptr_t)p1);
}

/* A static thread of higher priority than main has run before main(). */
static int static_ran_before_main;
static void static_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	static_ran_before_main = 1;
}
K_THREAD_DEFINE(static_hi, 1024, static_entry, NULL, NULL, NULL, -1, 0, 0);
K_THREAD_DEFINE(static_later, 1024, static_entry, NULL, NULL, NULL, 5, 0, SYS_FOREVER_MS);

static void k_thread_define_static_thread_runs_before_main(void **state)
{
	(void)state;
	assert_int_equal(static_ran_before_main, 1);
	assert_string_equal(k_thread_name_get(static_hi), "static_hi");
	/* SYS_FOREVER_MS: created, not started */
	assert_int_equal(k_thread_join(static_later, K_NO_WAIT), -EBUSY);
	k_thread_start(static_later);
	assert_int_equal(k_thread_join(static_later, K_FOREVER), 0);
}

static void k_thread_create_higher_priority_preempts_immediately(void **state)
{
	(void)state;
	kt_log_reset();
	kt_log_add(0);
	kt_spawn(0, log_entry, (void *)1, NULL, -1, K_NO_WAIT); /* coop, higher */
	kt_log_add(2);
	kt_spawn(1, log_entry, (void *)3, NULL, 5, K_NO_WAIT); /* lower: waits */
	kt_log_add(4);
	kt_join_all(2);
	kt_log_expect(0, 1, 2, 4, 3);
}

static void k_thread_create_equal_priority_runs_fifo_after_yield(void **state)
{
	(void)state;
	kt_log_reset();
	for (int i = 0; i < 4; i++) {
		kt_spawn(i, log_entry, (void *)(intptr_t)(10 + i), NULL, 0, K_NO_WAIT);
	}
	kt_log_add(1);
	k_yield();
	kt_log_add(2);
	kt_join_all(4);
	kt_log_expect(1, 10, 11, 12, 13, 2);
}

static struct k_sem coop_sem;
static void coop_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(1);
	/* Wake a higher-priority cooperative thread: no preemption until we block. */
	k_sem_give(&coop_sem);
	kt_log_add(2);
	k_busy_wait(1000);
	kt_log_add(3);
	k_yield();
	kt_log_add((int)(intptr_t)p1);
}

static void hi_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take(&coop_sem, K_FOREVER);
	kt_log_add(9);
}

static void coop_thread_not_preempted_until_it_yields(void **state)
{
	(void)state;
	kt_log_reset();
	k_sem_init(&coop_sem, 0, 1);
	kt_spawn(0, hi_entry, NULL, NULL, -10, K_NO_WAIT); /* pends */
	kt_spawn(1, coop_entry, (void *)4, NULL, -5, K_NO_WAIT);
	kt_join_all(2);
	kt_log_expect(1, 2, 3, 9, 4);
}

static void preempt_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(1);
	k_sem_give(&coop_sem); /* the waiter (higher, preemptible) runs at once */
	kt_log_add((int)(intptr_t)p1);
}

static void k_sem_give_wakes_higher_priority_preempts_giver(void **state)
{
	(void)state;
	kt_log_reset();
	k_sem_init(&coop_sem, 0, 1);
	kt_spawn(0, hi_entry, NULL, NULL, 2, K_NO_WAIT);
	kt_spawn(1, preempt_entry, (void *)3, NULL, 4, K_NO_WAIT);
	kt_join_all(2);
	kt_log_expect(1, 9, 3);
}

static void k_sched_lock_blocks_preemption_until_unlock(void **state)
{
	(void)state;
	kt_log_reset();
	k_sched_lock();
	kt_spawn(0, log_entry, (void *)1, NULL, -3, K_NO_WAIT);
	kt_log_add(0);
	k_sched_unlock();
	kt_log_add(2);
	kt_join_all(1);
	kt_log_expect(0, 1, 2);
}

static void k_thread_suspend_resume_controls_running(void **state)
{
	(void)state;
	kt_log_reset();
	k_tid_t t = kt_spawn(0, log_entry, (void *)1, NULL, 3, K_FOREVER);

	k_thread_start(t);
	k_thread_suspend(t);
	k_msleep(10);
	assert_int_equal(kt_log_n, 0);
	k_thread_priority_set(t, -1);
	assert_int_equal(k_thread_priority_get(t), -1);
	k_thread_resume(t); /* higher priority: runs now */
	kt_log_add(2);
	kt_join_all(1);
	kt_log_expect(1, 2);
}

static void k_thread_create_delay_starts_at_deadline(void **state)
{
	(void)state;
	int64_t t0 = k_uptime_get();

	kt_log_reset();
	kt_spawn(0, log_entry, (void *)1, NULL, -1, K_MSEC(30));
	k_msleep(29);
	assert_int_equal(kt_log_n, 0);
	k_msleep(1);
	kt_log_expect(1);
	assert_int_equal(k_uptime_get() - t0, 30);
	kt_join_all(1);
}

static void sleeper(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int32_t left = k_msleep(1000);

	kt_log_add((int)left);
}

static void k_wakeup_ends_sleep_early_with_time_left(void **state)
{
	(void)state;
	kt_log_reset();
	k_tid_t t = kt_spawn(0, sleeper, NULL, NULL, -1, K_NO_WAIT);

	k_msleep(400);
	k_wakeup(t);
	kt_join_all(1);
	kt_log_expect(600);
}

static void joiner(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	/* logs its own index: the order joiners run in */
	kt_log_add(k_thread_join((k_tid_t)p1, K_FOREVER) == 0 ? (int)(intptr_t)p3 : -1);
}

static void forever_sleeper(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sleep(K_FOREVER);
}

static void k_thread_abort_wakes_joiners_in_priority_order(void **state)
{
	(void)state;
	kt_log_reset();
	k_tid_t victim = kt_spawn(0, forever_sleeper, NULL, NULL, 5, K_NO_WAIT);

	k_msleep(1);
	kt_spawn(1, joiner, victim, NULL, 3, K_NO_WAIT);
	kt_spawn(2, joiner, victim, NULL, 1, K_NO_WAIT);
	kt_spawn(3, joiner, victim, NULL, 3, K_NO_WAIT);
	k_msleep(1);
	assert_int_equal(k_thread_join(victim, K_NO_WAIT), -EBUSY);
	assert_int_equal(k_thread_join(victim, K_MSEC(5)), -EAGAIN);
	k_thread_abort(victim);
	/* joiners have lower priority than main: they run when main blocks */
	kt_log_add(0);
	for (int i = 1; i < 4; i++) {
		assert_int_equal(k_thread_join(&kt_threads[i], K_FOREVER), 0);
	}
	kt_log_expect(0, 2, 1, 3); /* priority 1 first, then the two of priority 3 by arrival */
	assert_int_equal(k_thread_join(victim, K_NO_WAIT), 0); /* dead: 0 at once */
}

static void k_thread_abort_before_start_or_during_delay_never_runs(void **state)
{
	(void)state;
	kt_log_reset();
	kt_spawn(0, kt_log_entry, (void *)1, NULL, -1, K_FOREVER);
	kt_spawn(1, kt_log_entry, (void *)2, NULL, -1, K_MSEC(10));
	k_thread_abort(&kt_threads[0]);
	k_thread_abort(&kt_threads[1]);
	k_msleep(20);
	assert_int_equal(kt_log_n, 0);
	k_thread_start(&kt_threads[0]); /* dead: no effect */
	kt_join_all(2);
	assert_int_equal(kt_log_n, 0);
	/* the objects can be reused at once */
	kt_spawn(0, kt_log_entry, (void *)3, NULL, -1, K_NO_WAIT);
	kt_join_all(1);
	kt_log_expect(3);
}

static void k_thread_join_self_returns_edeadlk(void **state)
{
	(void)state;
	assert_int_equal(k_thread_join(k_current_get(), K_FOREVER), -EDEADLK);
	assert_int_equal(k_thread_join(NULL, K_FOREVER), -EINVAL);
}

static void mutual_joiner(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(k_thread_join((k_tid_t)p1, K_FOREVER));
}

static void k_thread_join_each_other_returns_edeadlk(void **state)
{
	(void)state;
	kt_log_reset();
	/* thread 0 joins main; main joining thread 0 would deadlock */
	kt_spawn(0, mutual_joiner, k_current_get(), NULL, -1, K_NO_WAIT);
	assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), -EDEADLK);
	k_thread_abort(&kt_threads[0]);
	assert_int_equal(kt_log_n, 0);
}

static void self_aborter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(1);
	k_thread_abort(k_current_get());
	kt_log_add(99);
}

static void k_thread_abort_self_never_returns_and_stack_reusable(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++) {
		kt_log_reset();
		kt_spawn(0, self_aborter, NULL, NULL, 1, K_NO_WAIT);
		assert_int_equal(k_thread_join(&kt_threads[0], K_FOREVER), 0);
		kt_log_expect(1);
	}
}

static void abort_pending(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take((struct k_sem *)p1, K_FOREVER);
	kt_log_add(99);
}

static void k_thread_abort_pending_thread_leaves_wait_queue(void **state)
{
	(void)state;
	struct k_sem s;

	kt_log_reset();
	k_sem_init(&s, 0, 5);
	kt_spawn(0, abort_pending, &s, NULL, -1, K_NO_WAIT);
	kt_spawn(1, abort_pending, &s, NULL, -1, K_NO_WAIT);
	k_thread_abort(&kt_threads[0]);
	k_sem_give(&s); /* goes to thread 1, the only waiter left */
	kt_join_all(2);
	kt_log_expect(99);
	assert_int_equal(k_sem_count_get(&s), 0);
}

static int foreach_count;
static void count_cb(const struct k_thread *t, void *user)
{
	(void)t;
	foreach_count++;
	*(int *)user += 1;
}

static void k_thread_foreach_visits_every_live_thread(void **state)
{
	(void)state;
	int n = 0;

	foreach_count = 0;
	k_thread_foreach(count_cb, &n);
	int base = n;

	kt_spawn(0, forever_sleeper, NULL, NULL, 5, K_NO_WAIT);
	kt_spawn(1, forever_sleeper, NULL, NULL, 5, K_NO_WAIT);
	n = 0;
	k_thread_foreach(count_cb, &n);
	assert_int_equal(n, base + 2);
	k_thread_abort(&kt_threads[0]);
	k_thread_abort(&kt_threads[1]);
	n = 0;
	k_thread_foreach_unlocked(count_cb, &n);
	assert_int_equal(n, base);
}

static void k_thread_name_and_custom_data_roundtrip(void **state)
{
	(void)state;
	char buf[8];

	assert_string_equal(k_thread_name_get(k_current_get()), "main");
	assert_int_equal(k_thread_name_set(NULL, "main-renamed-with-a-very-long-name-over-32"), 0);
	assert_int_equal(strlen(k_thread_name_get(k_current_get())), CONFIG_THREAD_MAX_NAME_LEN - 1);
	assert_int_equal(k_thread_name_copy(k_current_get(), buf, sizeof(buf)), -ENOSPC);
	assert_int_equal(k_thread_name_set(NULL, NULL), -EINVAL);
	k_thread_name_set(NULL, "main");
	k_thread_custom_data_set(buf);
	assert_ptr_equal(k_thread_custom_data_get(), buf);
	assert_int_equal(k_thread_priority_get(k_current_get()), 0);
	assert_true(k_is_preempt_thread());
	assert_false(k_is_in_isr());
}

static void stack_probe(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	char here;
	const struct k_thread *t = k_current_get();

	*(int *)p1 = (uintptr_t)&here > t->stack_info.start &&
		     (uintptr_t)&here < t->stack_info.start + t->stack_info.size;
}

static void k_thread_create_runs_on_the_given_stack(void **state)
{
	(void)state;
	int on_stack = 0;

	kt_spawn(0, stack_probe, &on_stack, NULL, -1, K_NO_WAIT);
	kt_join_all(1);
	assert_int_equal(on_stack, 1);
	const struct k_thread *t = &kt_threads[0];

	assert_int_equal(t->stack_info.start, (uintptr_t)kt_stacks[0] + ARCH_THREAD_STACK_GUARD_SIZE);
	assert_int_equal(t->stack_info.size, sizeof(kt_stacks[0]) - ARCH_THREAD_STACK_GUARD_SIZE);
	assert_int_equal(((uintptr_t)kt_stacks[0]) % 4096, 0);
	/* the low end of the stack is still painted */
	assert_int_equal(((unsigned char *)t->stack_info.start)[0], 0xAA);
	assert_int_equal(K_THREAD_STACK_LEN(KT_STACK), sizeof(kt_stacks[0]));
	assert_int_equal(K_THREAD_STACK_LEN(K_THREAD_STACK_SIZEOF(kt_stacks[0])), sizeof(kt_stacks[0]));
}

static void user_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	*(uint32_t *)p1 = k_current_get()->base.user_options;
}

static void k_thread_create_accepts_every_option(void **state)
{
	(void)state;
	uint32_t opts = 0;

	k_thread_create(&kt_threads[0], kt_stacks[0], KT_STACK, user_entry, &opts, NULL, NULL, 3,
			K_USER | K_INHERIT_PERMS | K_FP_REGS, K_NO_WAIT);
	kt_join_all(1);
	assert_int_equal(opts, K_USER | K_INHERIT_PERMS | K_FP_REGS);
}

static void isr_abort_current(const void *arg)
{
	ARG_UNUSED(arg);
	k_thread_abort(k_current_get()); /* from an ISR: takes effect at the ISR exit */
	kt_log_add(1);
}

static void isr_aborted_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	irq_offload(isr_abort_current, NULL);
	kt_log_add(2); /* never */
}

static void k_thread_abort_current_from_isr_ends_thread_at_isr_exit(void **state)
{
	(void)state;
	kt_log_reset();
	kt_spawn(0, isr_aborted_entry, NULL, NULL, -1, K_NO_WAIT);
	kt_join_all(1);
	kt_log_expect(1);
}

static void zephyr_util_macros_evaluate_as_zephyr(void **state)
{
	(void)state;
	int arr[7];

	assert_int_equal(IS_ENABLED(CONFIG_MULTITHREADING), 1);
	assert_int_equal(IS_ENABLED(CONFIG_RTMEM_SURELY_NOT_DEFINED), 0);
	assert_int_equal(ARRAY_SIZE(arr), 7);
	assert_int_equal(BIT(5), 32);
	assert_int_equal(ROUND_UP(13, 8), 16);
	assert_int_equal(ROUND_DOWN(13, 8), 8);
	assert_int_equal(DIV_ROUND_UP(13, 8), 2);
	assert_int_equal(MIN(3, 4), 3);
	assert_int_equal(MAX(3, 4), 4);
	assert_int_equal(CLAMP(9, 1, 5), 5);
	assert_true(IS_POWER_OF_TWO(64U));
	assert_false(IS_POWER_OF_TWO(48U));
	assert_int_equal(K_PRIO_COOP(1), -15);
	assert_int_equal(K_PRIO_PREEMPT(3), 3);
	assert_int_equal(K_LOWEST_APPLICATION_THREAD_PRIO, 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_thread_define_static_thread_runs_before_main),
		cmocka_unit_test(k_thread_create_higher_priority_preempts_immediately),
		cmocka_unit_test(k_thread_create_equal_priority_runs_fifo_after_yield),
		cmocka_unit_test(coop_thread_not_preempted_until_it_yields),
		cmocka_unit_test(k_sem_give_wakes_higher_priority_preempts_giver),
		cmocka_unit_test(k_sched_lock_blocks_preemption_until_unlock),
		cmocka_unit_test(k_thread_suspend_resume_controls_running),
		cmocka_unit_test(k_thread_create_delay_starts_at_deadline),
		cmocka_unit_test(k_wakeup_ends_sleep_early_with_time_left),
		cmocka_unit_test(k_thread_abort_wakes_joiners_in_priority_order),
		cmocka_unit_test(k_thread_abort_before_start_or_during_delay_never_runs),
		cmocka_unit_test(k_thread_join_self_returns_edeadlk),
		cmocka_unit_test(k_thread_join_each_other_returns_edeadlk),
		cmocka_unit_test(k_thread_abort_self_never_returns_and_stack_reusable),
		cmocka_unit_test(k_thread_abort_pending_thread_leaves_wait_queue),
		cmocka_unit_test(k_thread_foreach_visits_every_live_thread),
		cmocka_unit_test(k_thread_name_and_custom_data_roundtrip),
		cmocka_unit_test(k_thread_create_runs_on_the_given_stack),
		cmocka_unit_test(k_thread_create_accepts_every_option),
		cmocka_unit_test(zephyr_util_macros_evaluate_as_zephyr),
		cmocka_unit_test(k_thread_abort_current_from_isr_ends_thread_at_isr_exit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
