/*
 * A Zephyr application, unchanged: threads at several priorities,
 * semaphores, a FIFO, a message queue, a mutex and timeouts. Built against
 * an installed rtmem, once with pkg-config and once with find_package(rtmem);
 * both runs must print expected_output.txt exactly.
 */
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/printk.h>

LOG_MODULE_REGISTER(install_app, LOG_LEVEL_INF);

#define STACK_SIZE 1536

struct packet {
	void *fifo_reserved;
	int seq;
};

K_SEM_DEFINE(start_sem, 0, 2);
K_SEM_DEFINE(done_sem, 0, 3);
K_FIFO_DEFINE(packets);
K_MSGQ_DEFINE(results, sizeof(int), 4, 4);
K_MUTEX_DEFINE(print_lock);

static struct packet pool[6];

static void say(const char *who, const char *what, int v)
{
	k_mutex_lock(&print_lock, K_FOREVER);
	printk("%6lld ms  %-8s %s %d\n", (long long)k_uptime_get(), who, what, v);
	k_mutex_unlock(&print_lock);
}

static void sensor(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take(&start_sem, K_FOREVER);
	for (int i = 0; i < 6; i++) {
		k_msleep(20);
		pool[i].seq = i;
		k_fifo_put(&packets, &pool[i]);
		say("sensor", "produced", i);
	}
	k_sem_give(&done_sem);
}

static void control(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take(&start_sem, K_FOREVER);
	struct packet *p;

	while ((p = k_fifo_get(&packets, K_MSEC(50))) != NULL) {
		int r = p->seq * p->seq;

		say("control", "consumed", p->seq);
		if (k_msgq_put(&results, &r, K_MSEC(10)) != 0) {
			say("control", "results full, dropped", r);
		}
	}
	say("control", "no packet for 50 ms, stopping", 0);
	k_sem_give(&done_sem);
}

static void network(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int r;

	while (k_msgq_get(&results, &r, K_MSEC(100)) == 0) {
		say("network", "sent", r);
		k_busy_wait(5000);
	}
	say("network", "idle, stopping", 0);
	k_sem_give(&done_sem);
}

K_THREAD_DEFINE(sensor_tid, STACK_SIZE, sensor, NULL, NULL, NULL, 2, 0, 0);
K_THREAD_DEFINE(control_tid, STACK_SIZE, control, NULL, NULL, NULL, 5, 0, 0);
K_THREAD_STACK_DEFINE(network_stack, 2048);
static struct k_thread network_thread;

int main(void)
{
	LOG_INF("starting");
	k_thread_create(&network_thread, network_stack, K_THREAD_STACK_SIZEOF(network_stack), network, NULL, NULL,
			NULL, K_PRIO_COOP(7), 0, K_MSEC(10));
	k_thread_name_set(&network_thread, "network");
	k_sem_give(&start_sem);
	k_sem_give(&start_sem);
	for (int i = 0; i < 3; i++) {
		k_sem_take(&done_sem, K_FOREVER);
	}
	k_thread_join(&network_thread, K_FOREVER);
	LOG_INF("all threads done at %lld ms", (long long)k_uptime_get());
	return 0;
}
