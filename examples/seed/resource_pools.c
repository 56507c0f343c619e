/*
 * The chapter's thread resource pools: a high-priority thread with a large
 * pool, two normal threads sharing one, a background thread with a minimal
 * one. k_thread_resource_pool_assign() is the chapter's (Zephyr <= 2.4)
 * name of k_thread_heap_assign(). The harness starts the four threads;
 * each allocates on its own behalf (a message queue ring, k_msgq_alloc_init)
 * and the bytes land in its pool.
 */
#include "example.h"

/* prelude: the threads and heaps the chapter names */
static struct k_thread high_priority_thread, normal_thread1, normal_thread2, background_thread;
K_HEAP_DEFINE(high_priority_heap, 8192);
K_HEAP_DEFINE(shared_heap, 4096);
K_HEAP_DEFINE(minimal_heap, 1024);

void setup_thread_resource_pools(void)
{
	// High-priority threads get larger resource pools
	k_thread_resource_pool_assign(&high_priority_thread, &high_priority_heap);
	// Normal threads share a common pool
	k_thread_resource_pool_assign(&normal_thread1, &shared_heap);
	k_thread_resource_pool_assign(&normal_thread2, &shared_heap);
	// Background threads use minimal resources
	k_thread_resource_pool_assign(&background_thread, &minimal_heap);
}

/* harness */
K_THREAD_STACK_ARRAY_DEFINE(stacks, 4, 2048);
K_SEM_DEFINE(release, 0, 4);
static struct k_msgq queues[4];
static int results[4];

static void pool_user(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	int i = (int)(intptr_t)p1;
	uint32_t msgs = (uint32_t)(intptr_t)p2;

	results[i] = k_msgq_alloc_init(&queues[i], 64, msgs); /* ring from the thread's pool */
	k_sem_take(&release, K_FOREVER);
	if (results[i] == 0) {
		k_msgq_cleanup(&queues[i]);
	}
}

int main(void)
{
	struct k_thread *threads[4] = { &high_priority_thread, &normal_thread1, &normal_thread2,
					&background_thread };
	static const int prios[4] = { 1, 5, 5, 10 };
	static const uint32_t msgs[4] = { 64, 16, 16, 64 }; /* the background thread asks too much */

	for (int i = 0; i < 4; i++) {
		k_thread_create(threads[i], stacks[i], 2048, pool_user, (void *)(intptr_t)i,
				(void *)(intptr_t)msgs[i], NULL, prios[i], 0, K_FOREVER);
	}
	setup_thread_resource_pools();
	EXPECT(high_priority_thread.resource_pool == &high_priority_heap);
	EXPECT(normal_thread1.resource_pool == &shared_heap && normal_thread2.resource_pool == &shared_heap);
	EXPECT(background_thread.resource_pool == &minimal_heap);
	for (int i = 0; i < 4; i++) {
		k_thread_start(threads[i]);
	}
	k_msleep(10); /* every thread has allocated and waits */

	EXPECT(results[0] == 0 && results[1] == 0 && results[2] == 0);
	EXPECT(results[3] == -ENOMEM);                             /* 64 x 64 bytes do not fit in 1 KiB */
	EXPECT(example_heap_used(&high_priority_heap) >= 64 * 64); /* one ring of 4 KiB */
	EXPECT(example_heap_used(&shared_heap) >= 2 * 16 * 64);    /* two rings of 1 KiB */
	EXPECT(example_heap_used(&minimal_heap) == 0);

	for (int i = 0; i < 4; i++) {
		k_sem_give(&release);
	}
	for (int i = 0; i < 4; i++) {
		EXPECT(k_thread_join(threads[i], K_FOREVER) == 0);
	}
	EXPECT(example_heap_used(&high_priority_heap) == 0 && example_heap_used(&shared_heap) == 0);
	return example_passed("resource_pools");
}
