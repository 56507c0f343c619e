/*
 * Harness shared by the chapter's examples (the .c files of examples/seed). Each example
 * is an rtmem application: its main() runs as the main thread, and the
 * process exits with main's return value. Between the chapter's verbatim
 * lines the examples add only what the chapter leaves undefined (a prelude)
 * and checks of the results (after the chapter's code has run).
 */
#ifndef RTMEM_EXAMPLE_H_
#define RTMEM_EXAMPLE_H_

#include <string.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/printk.h>
#include <zephyr/sys/sys_heap.h>

/** Stop the example with exit status 1 when @a cond is false. */
#define EXPECT(cond)                                                                           \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			printk("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
			rtmem_sim_exit(1);                                                     \
		}                                                                              \
	} while (false)

/** Bytes allocated in @a h now (chunk bytes, as k_heap_runtime_stats_get). */
static inline size_t example_heap_used(struct k_heap *h)
{
	struct sys_memory_stats s;

	EXPECT(k_heap_runtime_stats_get(h, &s) == 0);
	return s.allocated_bytes;
}

/** Bytes allocated in the system heap (k_malloc) now. */
static inline size_t example_system_heap_used(void)
{
	struct k_heap *heaps;
	int n = k_heap_array_get(&heaps);
	size_t used = 0;

	/* The system heap is the one static k_heap the application did not define:
	 * sum every static heap, the caller compares differences. */
	for (int i = 0; i < n; i++) {
		used += example_heap_used(&heaps[i]);
	}
	return used;
}

/** Print the closing line every example ends with. */
static inline int example_passed(const char *name)
{
	printk("%s: all checks passed\n", name);
	return 0;
}

#endif /* RTMEM_EXAMPLE_H_ */
