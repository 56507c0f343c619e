/* Zephyr code that uses sys_heap, unchanged: builds against the installed
 * core alone (pkg-config rtmem-core, or find_package(rtmem) + rtmem::core). */
#include <stdio.h>
#include <string.h>
#include <zephyr/sys/sys_heap.h>
#include <zephyr/sys/mem_stats.h>

static char heap_mem[4096] __attribute__((aligned(8)));

int main(void)
{
	struct sys_heap heap;
	struct sys_memory_stats stats;

	sys_heap_init(&heap, heap_mem, sizeof(heap_mem));
	char *a = sys_heap_alloc(&heap, 100);
	void *b = sys_heap_aligned_alloc(&heap, 64, 200);
	if (a == NULL || b == NULL || ((uintptr_t)b & 63) != 0) {
		return 1;
	}
	strcpy(a, "sys_heap ok");
	a = sys_heap_realloc(&heap, a, 300);
	if (a == NULL || strcmp(a, "sys_heap ok") != 0 || !sys_heap_validate(&heap)) {
		return 2;
	}
	sys_heap_runtime_stats_get(&heap, &stats);
	int busy = stats.allocated_bytes > 0;
	sys_heap_free(&heap, a);
	sys_heap_free(&heap, b);
	sys_heap_runtime_stats_get(&heap, &stats);
	printf("%s, allocated %s, after free %zu\n", "sys_heap ok", busy ? "yes" : "no",
	       stats.allocated_bytes);
	return stats.allocated_bytes == 0 ? 0 : 3;
}
