/*
 * One Zephyr-style program, several scenarios (argv[1]), run by CTest
 * through run_check.cmake, which checks the exit status and the output:
 * the application model (main returns / stalls / rtmem_sim_exit /
 * RTMEM_STOP_AT), the fatal path as an application sees it, host faults,
 * determinism and the real-time mode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>

LOG_MODULE_REGISTER(posix_app, LOG_LEVEL_INF);

K_THREAD_STACK_ARRAY_DEFINE(stacks, 4, 1536);
static struct k_thread threads[4];
K_SEM_DEFINE(sem, 0, 1);

static const char *mode;
static volatile uintptr_t bad_address = 16;
static bool handler_returns;

void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	if (!handler_returns) {
		printk("app handler: reason %u, halting\n", reason);
		k_fatal_halt(reason);
	}
	printk("app handler: reason %u in %s, fault address %s\n", reason, k_thread_name_get(k_current_get()),
	       esf != NULL && esf->fault_addr == (void *)16 ? "16" : "other");
}

static void ticker(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int i = 0; i < (int)(intptr_t)p1; i++) {
		k_sleep(K_SECONDS(1));
		printk("tick %d at %lld ms\n", i, (long long)k_uptime_get());
	}
}

static void exiter(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_msleep(300);
	printk("exiter: ending the simulation\n");
	rtmem_sim_exit(5);
}

static void oopser(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_thread_name_set(NULL, "oopser");
	if (strcmp((const char *)p1, "panic") == 0) {
		k_panic();
	} else if (strcmp((const char *)p1, "segv") == 0) {
		*(volatile int *)bad_address = 1;
	} else {
		k_oops();
	}
	printk("oopser: still running (wrong)\n");
}

/* Deterministic multi-thread workload: priorities, semaphores, queues, timeouts. */
K_MSGQ_DEFINE(dq, sizeof(int), 3, 4);
K_MUTEX_DEFINE(dmtx);
static void det_producer(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int id = (int)(intptr_t)p1;

	for (int i = 0; i < 6; i++) {
		int v = id * 100 + i;

		k_msleep(3 + id);
		if (k_msgq_put(&dq, &v, K_MSEC(5)) != 0) {
			LOG_WRN("producer %d: queue full at %d", id, i);
		}
		k_mutex_lock(&dmtx, K_FOREVER);
		k_busy_wait(250);
		k_mutex_unlock(&dmtx);
	}
}

static void det_consumer(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int v;

	while (k_msgq_get(&dq, &v, K_MSEC(40)) == 0) {
		printk("[%lld] got %d\n", (long long)k_uptime_ticks(), v);
		k_msleep(7);
	}
	LOG_INF("consumer: idle for 40 ms, done");
	k_sem_give(&sem);
}

int main(int argc, char **argv)
{
	mode = argc > 1 ? argv[1] : "main-returns";
	handler_returns = argc > 2 && strcmp(argv[2], "returns") == 0;

	if (strcmp(mode, "main-returns") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, ticker, (void *)3, NULL, NULL, 5, 0, K_NO_WAIT);
		printk("main: returning 7\n");
		return 7;
	}
	if (strcmp(mode, "stalled") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, ticker, (void *)1, NULL, NULL, 5, 0, K_NO_WAIT);
		k_sem_take(&sem, K_FOREVER);
		return 0;
	}
	if (strcmp(mode, "sim-exit") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, exiter, NULL, NULL, NULL, 5, 0, K_NO_WAIT);
		k_sleep(K_FOREVER);
		return 0;
	}
	if (strcmp(mode, "stop-at") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, ticker, (void *)1000000, NULL, NULL, 5, 0, K_NO_WAIT);
		return 0;
	}
	if (strcmp(mode, "oops-main") == 0) {
		k_oops();
		printk("main: still running (wrong)\n");
		return 0;
	}
	if (strcmp(mode, "oops") == 0 || strcmp(mode, "panic") == 0 || strcmp(mode, "segv") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, oopser, (void *)mode, NULL, NULL, 5, 0, K_NO_WAIT);
		k_thread_join(&threads[0], K_FOREVER);
		printk("main: the faulting thread was aborted, going on\n");
		return 0;
	}
	if (strcmp(mode, "determinism") == 0) {
		k_thread_create(&threads[0], stacks[0], 1536, det_producer, (void *)1, NULL, NULL, 4, 0, K_NO_WAIT);
		k_thread_create(&threads[1], stacks[1], 1536, det_producer, (void *)2, NULL, NULL, 3, 0, K_NO_WAIT);
		k_thread_create(&threads[2], stacks[2], 1536, det_consumer, NULL, NULL, NULL, 6, 0, K_NO_WAIT);
		k_sem_take(&sem, K_FOREVER);
		printk("main: done at %lld ms\n", (long long)k_uptime_get());
		return 0;
	}
	if (strcmp(mode, "realtime") == 0) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		int64_t t0 = k_uptime_get();

		k_msleep(50);
		int64_t t1 = k_uptime_get();

		clock_gettime(CLOCK_MONOTONIC, &b);
		long wall_ms = (long)((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000);

		printk("realtime: uptime advanced %lld ms, wall %s\n", (long long)(t1 - t0),
		       wall_ms >= 50 ? ">= 50 ms" : "< 50 ms (wrong)");
		return 0;
	}
	printk("unknown mode %s\n", mode);
	return 2;
}
