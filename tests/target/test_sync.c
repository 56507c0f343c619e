/* Kernel synchronisation on the target: static threads (K_THREAD_DEFINE), k_mutex, k_msgq, k_fifo, k_yield. */
#include "ttest.h"

#define STACK 1536

/* ---- a static thread, started before main: producer of a message queue ---- */

K_MSGQ_DEFINE(mq, sizeof(uint32_t), 4, 4);
K_SEM_DEFINE(producer_go, 0, 1);

static void producer(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	(void)k_sem_take(&producer_go, K_FOREVER);
	for (uint32_t i = 0; i < 100; i++) {
		(void)k_msgq_put(&mq, &i, K_FOREVER); /* blocks when full: main drains it */
	}
}
K_THREAD_DEFINE(producer_tid, STACK, producer, NULL, NULL, NULL, K_PRIO_PREEMPT(3), 0, 0);

static void test_static_thread_and_msgq(void)
{
	uint32_t v, expect = 0;
	int ok = 1;

	TT_CHECK(producer_tid != NULL);
	k_sem_give(&producer_go);
	for (int i = 0; i < 100; i++) {
		if (k_msgq_get(&mq, &v, K_MSEC(500)) != 0 || v != expect) {
			ok = 0;
		}
		expect++;
	}
	TT_CHECK(ok);
	TT_CHECK(k_msgq_get(&mq, &v, K_NO_WAIT) == -ENOMSG);
	TT_CHECK(k_thread_join(producer_tid, K_MSEC(500)) == 0);
}

/* ---- mutex: three threads increment a shared counter with yields inside the lock ---- */

K_MUTEX_DEFINE(mtx);
K_THREAD_STACK_ARRAY_DEFINE(stacks, 3, STACK);
static struct k_thread workers[3];
static volatile uint32_t counter, inside, overlap;

static void worker(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int i = 0; i < 50; i++) {
		(void)k_mutex_lock(&mtx, K_FOREVER);
		if (inside++ != 0U) {
			overlap++;
		}
		uint32_t c = counter;

		k_yield(); /* others run, and block on the mutex */
		counter = c + 1U;
		inside--;
		(void)k_mutex_unlock(&mtx);
		k_yield();
	}
}

static void test_mutex(void)
{
	counter = 0;
	for (int i = 0; i < 3; i++) {
		k_thread_create(&workers[i], stacks[i], STACK, worker, NULL, NULL, NULL, K_PRIO_PREEMPT(4), 0,
				K_NO_WAIT);
	}
	for (int i = 0; i < 3; i++) {
		TT_CHECK(k_thread_join(&workers[i], K_MSEC(2000)) == 0);
	}
	TT_CHECK(counter == 150U);
	TT_CHECK(overlap == 0U);
}

/* ---- fifo and round robin by k_yield ---- */

K_FIFO_DEFINE(fifo);
struct item {
	void *reserved; /* k_fifo's link word */
	int who;
};
static struct item items[3][10];

static void fifo_feeder(void *p1, void *p2, void *p3)
{
	int who = (int)(intptr_t)p1;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int i = 0; i < 10; i++) {
		items[who][i].who = who;
		k_fifo_put(&fifo, &items[who][i]);
		k_yield();
	}
}

static void test_fifo_round_robin(void)
{
	int seq[30], n = 0;

	for (int i = 0; i < 3; i++) {
		k_thread_create(&workers[i], stacks[i], STACK, fifo_feeder, (void *)(intptr_t)i, NULL, NULL,
				K_PRIO_PREEMPT(4), 0, K_NO_WAIT);
	}
	while (n < 30) {
		struct item *it = k_fifo_get(&fifo, K_MSEC(500));

		if (it == NULL) {
			break;
		}
		seq[n++] = it->who;
	}
	TT_CHECK(n == 30);
	/* equal priorities yielding to each other: strict rotation 0,1,2,0,1,2,... */
	int rot = 1;

	for (int i = 0; i < n; i++) {
		if (seq[i] != i % 3) {
			rot = 0;
		}
	}
	TT_CHECK(rot);
	for (int i = 0; i < 3; i++) {
		TT_CHECK(k_thread_join(&workers[i], K_MSEC(500)) == 0);
	}
}

int main(void)
{
	TT_RUN(test_static_thread_and_msgq);
	TT_RUN(test_mutex);
	TT_RUN(test_fifo_round_robin);
	return tt_done();
}
