/* Semaphores, mutexes (priority inheritance), queues, FIFO/LIFO, message queues: order and codes. */
#include "ktest.h"

/* ---- k_sem ---- */

static void sem_taker(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	if (k_sem_take((struct k_sem *)p1, K_FOREVER) == 0) {
		kt_log_add((int)(intptr_t)p2);
	}
}

static void k_sem_give_wakes_by_priority_then_arrival(void **state)
{
	(void)state;
	struct k_sem s;

	kt_log_reset();
	k_sem_init(&s, 0, 10);
	/* arrival order: 1 (prio 5), 2 (prio 3), 3 (prio 5), 4 (prio 3) */
	kt_spawn(0, sem_taker, &s, (void *)1, 5, K_NO_WAIT);
	kt_spawn(1, sem_taker, &s, (void *)2, 3, K_NO_WAIT);
	kt_spawn(2, sem_taker, &s, (void *)3, 5, K_NO_WAIT);
	kt_spawn(3, sem_taker, &s, (void *)4, 3, K_NO_WAIT);
	k_msleep(1); /* all pend */
	for (int i = 0; i < 4; i++) {
		k_sem_give(&s);
	}
	kt_join_all(4);
	kt_log_expect(2, 4, 1, 3);
}

static void k_sem_bad_input_returns_zephyr_codes(void **state)
{
	(void)state;
	struct k_sem s;

	assert_int_equal(k_sem_init(NULL, 0, 1), -EINVAL);
	assert_int_equal(k_sem_init(&s, 0, 0), -EINVAL);
	assert_int_equal(k_sem_init(&s, 2, 1), -EINVAL);
	assert_int_equal(k_sem_take(NULL, K_NO_WAIT), -EINVAL);
	assert_int_equal(k_sem_init(&s, 1, 2), 0);
	/* giving beyond the limit saturates (Zephyr: no error) */
	k_sem_give(&s);
	k_sem_give(&s);
	k_sem_give(&s);
	assert_int_equal(k_sem_count_get(&s), 2);
	assert_int_equal(k_sem_take(&s, K_NO_WAIT), 0);
	assert_int_equal(k_sem_take(&s, K_NO_WAIT), 0);
	assert_int_equal(k_sem_take(&s, K_NO_WAIT), -EBUSY);
}

static void sem_reset_waiter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(k_sem_take((struct k_sem *)p1, K_FOREVER));
}

static void k_sem_reset_fails_waiters_with_eagain(void **state)
{
	(void)state;
	K_SEM_DEFINE(s_static_like, 0, 1);
	struct k_sem *s = &s_static_like;

	kt_log_reset();
	kt_spawn(0, sem_reset_waiter, s, NULL, -1, K_NO_WAIT);
	k_sem_reset(s);
	kt_join_all(1);
	kt_log_expect(-EAGAIN);
}

/* ---- k_mutex ---- */

static K_MUTEX_DEFINE(mtx);

static void mutex_locker(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	if (k_mutex_lock(&mtx, K_FOREVER) == 0) {
		kt_log_add((int)(intptr_t)p1);
		k_mutex_unlock(&mtx);
	}
	ARG_UNUSED(p2);
}

static void k_mutex_unlock_hands_over_by_priority_then_arrival(void **state)
{
	(void)state;
	kt_log_reset();
	assert_int_equal(k_mutex_lock(&mtx, K_NO_WAIT), 0);
	kt_spawn(0, mutex_locker, (void *)1, NULL, -1, K_NO_WAIT);
	kt_spawn(1, mutex_locker, (void *)2, NULL, -2, K_NO_WAIT);
	kt_spawn(2, mutex_locker, (void *)3, NULL, -1, K_NO_WAIT);
	/* main runs boosted to -1, i.e. cooperatively (as Zephyr): the -2 thread waits; let all pend */
	assert_int_equal(k_thread_priority_get(k_current_get()), -1);
	k_msleep(1);
	assert_int_equal(k_mutex_unlock(&mtx), 0);
	kt_join_all(3);
	kt_log_expect(2, 1, 3);
}

static volatile int observed_prio;
static void inherit_low(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_mutex_lock(&mtx, K_FOREVER);
	k_msleep(10); /* the high thread blocks on mtx meanwhile */
	observed_prio = k_thread_priority_get(k_current_get());
	k_mutex_unlock(&mtx);
	kt_log_add(k_thread_priority_get(k_current_get()));
}

static void inherit_high(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_msleep(5);
	k_mutex_lock(&mtx, K_FOREVER);
	kt_log_add(100);
	k_mutex_unlock(&mtx);
}

static void k_mutex_priority_inheritance_boosts_and_restores(void **state)
{
	(void)state;
	kt_log_reset();
	kt_spawn(0, inherit_low, NULL, NULL, 10, K_NO_WAIT);
	kt_spawn(1, inherit_high, NULL, NULL, 2, K_NO_WAIT);
	kt_join_all(2);
	assert_int_equal(observed_prio, 2);  /* boosted while the high thread waited */
	kt_log_expect(100, 10);              /* high ran at unlock, low got 10 back */
}

static void inherit_timeout_high(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(k_mutex_lock(&mtx, K_MSEC(5)));
}

static void k_mutex_lock_timeout_restores_owner_priority(void **state)
{
	(void)state;
	kt_log_reset();
	assert_int_equal(k_mutex_lock(&mtx, K_FOREVER), 0);
	kt_spawn(0, inherit_timeout_high, NULL, NULL, -3, K_NO_WAIT);
	assert_int_equal(k_thread_priority_get(k_current_get()), -3);
	k_msleep(10);
	kt_log_expect(-EAGAIN);
	assert_int_equal(k_thread_priority_get(k_current_get()), 0);
	assert_int_equal(k_mutex_unlock(&mtx), 0);
	kt_join_all(1);
}

static void mutex_other_unlock(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	kt_log_add(k_mutex_unlock(&mtx));
	kt_log_add(k_mutex_lock(&mtx, K_NO_WAIT));
}

static void k_mutex_bad_input_returns_zephyr_codes(void **state)
{
	(void)state;
	struct k_mutex m;

	kt_log_reset();
	assert_int_equal(k_mutex_init(NULL), -EINVAL);
	assert_int_equal(k_mutex_lock(NULL, K_NO_WAIT), -EINVAL);
	assert_int_equal(k_mutex_unlock(NULL), -EINVAL);
	assert_int_equal(k_mutex_init(&m), 0);
	assert_int_equal(k_mutex_unlock(&m), -EINVAL); /* not locked */
	/* recursive locking by the owner */
	assert_int_equal(k_mutex_lock(&mtx, K_NO_WAIT), 0);
	assert_int_equal(k_mutex_lock(&mtx, K_NO_WAIT), 0);
	kt_spawn(0, mutex_other_unlock, NULL, NULL, -1, K_NO_WAIT);
	kt_join_all(1);
	kt_log_expect(-EPERM, -EBUSY);
	assert_int_equal(k_mutex_unlock(&mtx), 0);
	assert_int_equal(k_mutex_unlock(&mtx), 0);
	assert_int_equal(k_mutex_unlock(&mtx), -EINVAL);
}

/* ---- k_queue / k_fifo / k_lifo ---- */

struct item {
	void *reserved;
	int v;
};

static void queue_getter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	struct item *it = k_queue_get((struct k_queue *)p1, K_FOREVER);

	kt_log_add((int)(intptr_t)p2 * 100 + (it != NULL ? it->v : -1));
}

static void k_queue_append_hands_items_to_waiters_by_priority(void **state)
{
	(void)state;
	struct k_queue q;
	struct item items[3] = { { NULL, 1 }, { NULL, 2 }, { NULL, 3 } };

	kt_log_reset();
	k_queue_init(&q);
	kt_spawn(0, queue_getter, &q, (void *)1, 4, K_NO_WAIT);
	kt_spawn(1, queue_getter, &q, (void *)2, 2, K_NO_WAIT);
	kt_spawn(2, queue_getter, &q, (void *)3, 4, K_NO_WAIT);
	k_msleep(1);
	for (int i = 0; i < 3; i++) {
		k_queue_append(&q, &items[i]);
	}
	kt_join_all(3);
	kt_log_expect(201, 102, 303);
	assert_int_equal(k_queue_is_empty(&q), 1);
}

static void k_fifo_and_lifo_keep_their_order(void **state)
{
	(void)state;
	K_FIFO_DEFINE(fifo);
	K_LIFO_DEFINE(lifo);
	struct item a[3] = { { NULL, 1 }, { NULL, 2 }, { NULL, 3 } };
	struct item b[3] = { { NULL, 1 }, { NULL, 2 }, { NULL, 3 } };

	for (int i = 0; i < 3; i++) {
		k_fifo_put(&fifo, &a[i]);
		k_lifo_put(&lifo, &b[i]);
	}
	assert_ptr_equal(k_fifo_peek_head(&fifo), &a[0]);
	assert_ptr_equal(k_fifo_peek_tail(&fifo), &a[2]);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(((struct item *)k_fifo_get(&fifo, K_NO_WAIT))->v, i + 1);
		assert_int_equal(((struct item *)k_lifo_get(&lifo, K_NO_WAIT))->v, 3 - i);
	}
	assert_null(k_fifo_get(&fifo, K_NO_WAIT));
	int64_t t0 = k_uptime_get();

	assert_null(k_lifo_get(&lifo, K_MSEC(20)));
	assert_int_equal(k_uptime_get() - t0, 20);
	assert_int_equal(k_fifo_is_empty(&fifo), 1);
}

static void k_queue_insert_remove_and_lists(void **state)
{
	(void)state;
	struct k_queue q;
	struct item it[4] = { { NULL, 0 }, { NULL, 1 }, { NULL, 2 }, { NULL, 3 } };

	k_queue_init(&q);
	k_queue_append(&q, &it[0]);
	k_queue_append(&q, &it[2]);
	k_queue_insert(&q, &it[0], &it[1]);
	k_queue_prepend(&q, &it[3]);
	assert_true(k_queue_remove(&q, &it[3]));
	assert_false(k_queue_remove(&q, &it[3]));
	assert_false(k_queue_unique_append(&q, &it[1]));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(((struct item *)k_queue_get(&q, K_NO_WAIT))->v, i);
	}
	/* a list linked through the first words */
	it[0].reserved = &it[1];
	it[1].reserved = &it[2];
	assert_int_equal(k_queue_append_list(&q, &it[0], &it[2]), 0);
	assert_int_equal(k_queue_append_list(&q, NULL, &it[2]), -EINVAL);
	assert_ptr_equal(k_queue_peek_tail(&q), &it[2]);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(((struct item *)k_queue_get(&q, K_NO_WAIT))->v, i);
	}
	assert_true(k_queue_unique_append(&q, &it[3]));
	assert_ptr_equal(k_queue_get(&q, K_NO_WAIT), &it[3]);
}

static void k_queue_cancel_wait_returns_null_to_waiter(void **state)
{
	(void)state;
	struct k_queue q;

	kt_log_reset();
	k_queue_init(&q);
	kt_spawn(0, queue_getter, &q, (void *)1, -1, K_NO_WAIT);
	k_queue_cancel_wait(&q);
	kt_join_all(1);
	kt_log_expect(99);
}

/* ---- k_msgq ---- */

K_MSGQ_DEFINE(mq, sizeof(int), 2, 4);

static void msgq_reader(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p3);
	int v = -1;

	if (k_msgq_get(&mq, &v, K_FOREVER) == 0) {
		kt_log_add((int)(intptr_t)p2 * 100 + v);
	}
}

static void msgq_writer(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	int v = (int)(intptr_t)p1;

	kt_log_add(k_msgq_put(&mq, &v, K_FOREVER) == 0 ? (int)(intptr_t)p2 : -1);
}

static void k_msgq_get_waiters_receive_by_priority(void **state)
{
	(void)state;
	kt_log_reset();
	kt_spawn(0, msgq_reader, NULL, (void *)1, 4, K_NO_WAIT);
	kt_spawn(1, msgq_reader, NULL, (void *)2, 1, K_NO_WAIT);
	k_msleep(1);
	int v = 5;

	assert_int_equal(k_msgq_put(&mq, &v, K_NO_WAIT), 0); /* straight to reader 2 */
	v = 6;
	assert_int_equal(k_msgq_put(&mq, &v, K_NO_WAIT), 0);
	kt_join_all(2);
	kt_log_expect(205, 106);
	assert_int_equal(k_msgq_num_used_get(&mq), 0);
}

static void k_msgq_put_waiters_enter_by_priority_when_full(void **state)
{
	(void)state;
	int v = 0;

	kt_log_reset();
	assert_int_equal(k_msgq_put(&mq, &v, K_NO_WAIT), 0);
	v = 1;
	assert_int_equal(k_msgq_put(&mq, &v, K_NO_WAIT), 0);
	v = 2;
	assert_int_equal(k_msgq_put(&mq, &v, K_NO_WAIT), -ENOMSG);
	assert_int_equal(k_msgq_put(&mq, &v, K_MSEC(3)), -EAGAIN);
	kt_spawn(0, msgq_writer, (void *)10, (void *)1, 4, K_NO_WAIT);
	kt_spawn(1, msgq_writer, (void *)20, (void *)2, 2, K_NO_WAIT);
	k_msleep(1);
	int out[4];

	for (int i = 0; i < 4; i++) {
		assert_int_equal(k_msgq_get(&mq, &out[i], K_FOREVER), 0);
	}
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 20);
	assert_int_equal(out[3], 10);
	kt_join_all(2);
	assert_int_equal(k_msgq_get(&mq, &out[0], K_NO_WAIT), -ENOMSG);
	struct k_msgq_attrs attrs;

	k_msgq_get_attrs(&mq, &attrs);
	assert_int_equal(attrs.max_msgs, 2);
	assert_int_equal(attrs.msg_size, sizeof(int));
	assert_int_equal(k_msgq_num_free_get(&mq), 2);
}

static void k_msgq_purge_fails_waiting_writers(void **state)
{
	(void)state;
	int v = 1;

	kt_log_reset();
	k_msgq_put(&mq, &v, K_NO_WAIT);
	k_msgq_put(&mq, &v, K_NO_WAIT);
	assert_int_equal(k_msgq_peek(&mq, &v), 0);
	kt_spawn(0, msgq_writer, (void *)3, (void *)1, -1, K_NO_WAIT);
	k_msgq_purge(&mq);
	kt_join_all(1);
	kt_log_expect(-1);
	assert_int_equal(k_msgq_num_used_get(&mq), 0);
	assert_int_equal(k_msgq_put(NULL, &v, K_NO_WAIT), -EINVAL);
	assert_int_equal(k_msgq_get(&mq, NULL, K_NO_WAIT), -EINVAL);
	assert_int_equal(k_msgq_peek(&mq, &v), -ENOMSG);
}

/* ---- spinlocks and irq_lock (valid use) ---- */

static void k_spinlock_valid_use_and_trylock(void **state)
{
	(void)state;
	struct k_spinlock l = { 0 };
	k_spinlock_key_t k, k2;
	int n = 0;

	k = k_spin_lock(&l);
	assert_int_equal(k_spin_trylock(&l, &k2), -EBUSY);
	k_spin_unlock(&l, k);
	assert_int_equal(k_spin_trylock(&l, &k2), 0);
	k_spin_unlock(&l, k2);
	K_SPINLOCK(&l) {
		n++;
		break; /* leaves the block and unlocks */
	}
	K_SPINLOCK(&l) {
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(l.owner, 0);
	unsigned int key = irq_lock();
	unsigned int key2 = irq_lock();

	irq_unlock(key2);
	irq_unlock(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_sem_give_wakes_by_priority_then_arrival),
		cmocka_unit_test(k_sem_bad_input_returns_zephyr_codes),
		cmocka_unit_test(k_sem_reset_fails_waiters_with_eagain),
		cmocka_unit_test(k_mutex_unlock_hands_over_by_priority_then_arrival),
		cmocka_unit_test(k_mutex_priority_inheritance_boosts_and_restores),
		cmocka_unit_test(k_mutex_lock_timeout_restores_owner_priority),
		cmocka_unit_test(k_mutex_bad_input_returns_zephyr_codes),
		cmocka_unit_test(k_queue_append_hands_items_to_waiters_by_priority),
		cmocka_unit_test(k_fifo_and_lifo_keep_their_order),
		cmocka_unit_test(k_queue_insert_remove_and_lists),
		cmocka_unit_test(k_queue_cancel_wait_returns_null_to_waiter),
		cmocka_unit_test(k_msgq_get_waiters_receive_by_priority),
		cmocka_unit_test(k_msgq_put_waiters_enter_by_priority_when_full),
		cmocka_unit_test(k_msgq_purge_fails_waiting_writers),
		cmocka_unit_test(k_spinlock_valid_use_and_trylock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
