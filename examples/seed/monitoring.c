/*
 * The chapter's monitoring and safety checks: heap statistics, stack
 * monitoring with the chapter's one-argument k_thread_stack_space_get and
 * k_thread_stack_size_get (rtmem extensions; Zephyr's two-argument form
 * works too), and the safe k_malloc / k_free pattern. The harness checks
 * the printed figures against the heap core's own statistics and the stack
 * figures against a thread that uses a known amount of stack.
 */
#include <zephyr/debug/thread_analyzer.h>
#include "example.h"

LOG_MODULE_REGISTER(monitoring, LOG_LEVEL_INF);

void print_heap_statistics(struct k_heap *heap)
{
	struct sys_memory_stats stats;
	if (k_heap_runtime_stats_get(heap, &stats) == 0) {
		printk("Heap Statistics:\n");
		printk(" Total Size: %zu bytes\n", stats.allocated_bytes + stats.free_bytes);
		printk(" Allocated: %zu bytes\n", stats.allocated_bytes);
		printk(" Free: %zu bytes\n", stats.free_bytes);
		printk(" Max Usage: %zu bytes\n", stats.max_allocated_bytes);
	}
}

void monitor_stack_usage(k_tid_t thread)
{
	size_t unused_space = k_thread_stack_space_get(thread);
	size_t total_size = k_thread_stack_size_get(thread);
	size_t used_space = total_size - unused_space;
	printk("Thread stack usage: %zu/%zu bytes (%.1f%%)\n",
	       used_space, total_size, (float)used_space * 100.0f / total_size);
}

void safe_memory_operations(void)
{
	void *ptr = k_malloc(256);
	if (ptr == NULL) {
		LOG_ERR("Memory allocation failed");
		return;
	}
	// Use memory safely
	memset(ptr, 0, 256);
	// Always free allocated memory
	k_free(ptr);
	ptr = NULL; // Prevent use-after-free
}

/* harness */
K_HEAP_DEFINE(stats_heap, 4096);
K_THREAD_STACK_DEFINE(worker_stack, 32768);
static struct k_thread worker;
K_SEM_DEFINE(measured, 0, 1);
#define TOUCH_BASE 16000 /* deeper than the kernel's own calls, so only the touch sets the mark */
#define WORKER_TOUCH 3000

/* Write @a n bytes below the caller's frame (a variable-length array sits below the
 * fixed part of the frame, locals included): the high-water mark moves by n, rounded
 * to the stack alignment. Not instrumented: AddressSanitizer may move arrays off the stack. */
static void __attribute__((noinline, no_sanitize_address)) touch_stack(size_t n)
{
	volatile uint8_t deep[n];

	for (size_t i = 0; i < n; i++) {
		deep[i] = (uint8_t)i;
	}
	(void)deep[0];
}

static void worker_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	touch_stack((size_t)(uintptr_t)p1);
	k_sem_take(&measured, K_FOREVER); /* stay alive while main measures */
}

int main(void)
{
	/* heap statistics: the chapter's figures are the heap core's */
	void *a = k_heap_alloc(&stats_heap, 1000, K_NO_WAIT);
	void *b = k_heap_alloc(&stats_heap, 500, K_NO_WAIT);

	EXPECT(a != NULL && b != NULL);
	k_heap_free(&stats_heap, a);
	print_heap_statistics(&stats_heap);

	struct sys_memory_stats s;
	struct sys_heap_ext_stats x;

	EXPECT(k_heap_runtime_stats_get(&stats_heap, &s) == 0);
	EXPECT(sys_heap_ext_stats_get(&stats_heap.heap, &x) == 0);
	EXPECT(s.allocated_bytes == x.allocated_bytes && s.free_bytes == x.free_bytes);
	EXPECT(s.max_allocated_bytes == x.max_allocated_bytes);
	EXPECT(s.allocated_bytes >= 500 && s.allocated_bytes < 1000);
	EXPECT(s.max_allocated_bytes >= 1500 && s.allocated_bytes + s.free_bytes <= 4096);
	printk("expect: Total Size: %zu bytes, Allocated: %zu bytes, Free: %zu bytes, Max Usage: %zu bytes\n",
	       s.allocated_bytes + s.free_bytes, s.allocated_bytes, s.free_bytes, s.max_allocated_bytes);
	k_heap_free(&stats_heap, b);

	/* stack monitoring: a thread that used WORKER_TOUCH bytes more than another
	 * (on the host, starting a thread costs the C library several KiB of stack) */
	size_t used[2];

	for (int touch = 0; touch < 2; touch++) {
		size_t n = TOUCH_BASE + (touch ? WORKER_TOUCH : 0);

		k_thread_create(&worker, worker_stack, 32768, worker_entry, (void *)(uintptr_t)n, NULL, NULL, -1, 0,
				K_NO_WAIT);
		monitor_stack_usage(&worker);
		size_t unused = 0;

		EXPECT(k_thread_stack_space_get(&worker, &unused) == 0); /* Zephyr's spelling */
		EXPECT(unused == k_thread_stack_space_get(&worker));    /* the chapter's spelling */
		used[touch] = k_thread_stack_size_get(&worker) - unused;
		k_sem_give(&measured);
		EXPECT(k_thread_join(&worker, K_FOREVER) == 0);
	}
	EXPECT(used[1] - used[0] >= WORKER_TOUCH - 16 && used[1] - used[0] <= WORKER_TOUCH + 16);

	/* safe memory operations: the system heap comes back to where it was */
	size_t sys_before = example_system_heap_used();

	safe_memory_operations();
	EXPECT(example_system_heap_used() == sys_before);
	EXPECT(example_heap_used(&stats_heap) == 0);
	return example_passed("monitoring");
}
