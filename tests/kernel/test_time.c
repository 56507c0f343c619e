/* Simulated time: exact timeouts, deadlines, absolute timeouts, busy wait, conversions. */
#include "ktest.h"

static void k_msleep_advances_uptime_exactly(void **state)
{
	(void)state;
	int64_t t0 = k_uptime_get();
	int64_t k0 = k_uptime_ticks();

	assert_int_equal(k_msleep(250), 0);
	assert_int_equal(k_uptime_get() - t0, 250);
	assert_int_equal(k_uptime_ticks() - k0, 250 * CONFIG_SYS_CLOCK_TICKS_PER_SEC / 1000);
	assert_int_equal(k_sleep(K_SECONDS(3600)), 0); /* an hour costs no wall time */
	assert_int_equal(k_uptime_get() - t0, 250 + 3600 * 1000);
	assert_int_equal(k_usleep(300), 0);
	assert_int_equal(k_uptime_ticks() - k0, (250 + 3600000) * 10 + 3);
}

static void k_sem_take_timeout_waits_exactly_the_timeout(void **state)
{
	(void)state;
	struct k_sem s;

	k_sem_init(&s, 0, 1);
	int64_t t0 = k_uptime_get();

	assert_int_equal(k_sem_take(&s, K_MSEC(100)), -EAGAIN);
	assert_int_equal(k_uptime_get() - t0, 100);
	t0 = k_uptime_get();
	assert_int_equal(k_sem_take(&s, K_NO_WAIT), -EBUSY);
	assert_int_equal(k_uptime_get(), t0);
}

static void k_sleep_absolute_timeout_ends_at_that_tick(void **state)
{
	(void)state;
	int64_t now = k_uptime_ticks();

	k_sleep(K_TIMEOUT_ABS_TICKS(now + 1234));
	assert_int_equal(k_uptime_ticks(), now + 1234);
	/* an absolute time already passed expires at once */
	k_sleep(K_TIMEOUT_ABS_TICKS(now));
	assert_int_equal(k_uptime_ticks(), now + 1234);
	int64_t ms = k_uptime_get();

	k_sleep(K_TIMEOUT_ABS_MS(ms + 50));
	assert_int_equal(k_uptime_get(), ms + 50);
}

static void k_busy_wait_advances_time_without_yielding(void **state)
{
	(void)state;
	uint64_t c0 = k_cycle_get_64();
	int64_t t0 = k_uptime_ticks();

	k_busy_wait(1000);
	assert_int_equal(k_cycle_get_64() - c0, 1000 * (CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC / 1000000));
	assert_int_equal(k_uptime_ticks() - t0, 10);
	/* mid-tick: a relative timeout is rounded up to the next tick boundary */
	k_busy_wait(50);
	int64_t t1 = k_uptime_ticks();

	k_sleep(K_TICKS(5));
	assert_int_equal(k_uptime_ticks(), t1 + 6);
}

static void k_busy_wait_expired_deadline_preempts_busy_thread(void **state)
{
	(void)state;
	kt_log_reset();
	/* a higher-priority thread with a 1 ms start delay */
	kt_spawn(0, kt_log_entry, (void *)7, NULL, -1, K_MSEC(1));
	kt_log_add(1);
	k_busy_wait(2000);
	kt_log_add(2);
	kt_join_all(1);
	kt_log_expect(1, 7, 2);
}

/* A retry loop waits only for the rest of its deadline (k_heap's pattern). */
static struct k_sem retry_sem;
static void retry_waiter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_timepoint_t end = sys_timepoint_calc(K_MSEC(100));
	int64_t t0 = k_uptime_get();
	int wakes = 0;

	while (k_sem_take(&retry_sem, sys_timepoint_timeout(end)) == 0) {
		wakes++; /* "woken but the resource is gone": go back for the rest */
	}
	*(int64_t *)p1 = k_uptime_get() - t0;
	kt_log_add(wakes);
}

static void sys_timepoint_retry_waits_only_until_original_deadline(void **state)
{
	(void)state;
	int64_t waited = 0;

	kt_log_reset();
	k_sem_init(&retry_sem, 0, 1);
	kt_spawn(0, retry_waiter, &waited, NULL, -1, K_NO_WAIT);
	k_msleep(30);
	k_sem_give(&retry_sem);
	k_msleep(30);
	k_sem_give(&retry_sem);
	kt_join_all(1);
	assert_int_equal(waited, 100);
	kt_log_expect(2);
	assert_true(K_TIMEOUT_EQ(sys_timepoint_timeout(sys_timepoint_calc(K_FOREVER)), K_FOREVER));
	assert_true(K_TIMEOUT_EQ(sys_timepoint_timeout(sys_timepoint_calc(K_NO_WAIT)), K_NO_WAIT));
	assert_true(sys_timepoint_expired(sys_timepoint_calc(K_NO_WAIT)));
	assert_false(sys_timepoint_expired(sys_timepoint_calc(K_MSEC(1))));
}

static void k_timeout_constructors_convert_with_rounding_up(void **state)
{
	(void)state;
	assert_int_equal(K_MSEC(1).ticks, CONFIG_SYS_CLOCK_TICKS_PER_SEC / 1000);
	assert_int_equal(K_USEC(1).ticks, 1); /* 1 us rounds up to one 100 us tick */
	assert_int_equal(K_USEC(150).ticks, 2);
	assert_int_equal(K_SECONDS(2).ticks, 2 * CONFIG_SYS_CLOCK_TICKS_PER_SEC);
	assert_int_equal(K_TICKS(7).ticks, 7);
	assert_int_equal(K_MSEC(-5).ticks, 0);
	assert_true(K_TIMEOUT_EQ(K_FOREVER, SYS_TIMEOUT_MS(SYS_FOREVER_MS)));
	assert_int_equal(k_ticks_to_ms_floor64(15), 1);
	assert_int_equal(k_ticks_to_ms_ceil64(15), 2);
	assert_int_equal(k_ms_to_ticks_ceil64(3), 30);
	assert_int_equal(k_cyc_to_us_floor64(5000), 5);
	assert_int_equal(k_uptime_get_32(), (uint32_t)k_uptime_get());
	assert_int_equal(k_cycle_get_32(), (uint32_t)k_cycle_get_64());
	int64_t ref = k_uptime_get();

	k_msleep(12);
	assert_int_equal(k_uptime_delta(&ref), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_msleep_advances_uptime_exactly),
		cmocka_unit_test(k_sem_take_timeout_waits_exactly_the_timeout),
		cmocka_unit_test(k_sleep_absolute_timeout_ends_at_that_tick),
		cmocka_unit_test(k_busy_wait_advances_time_without_yielding),
		cmocka_unit_test(k_busy_wait_expired_deadline_preempts_busy_thread),
		cmocka_unit_test(sys_timepoint_retry_waits_only_until_original_deadline),
		cmocka_unit_test(k_timeout_constructors_convert_with_rounding_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
