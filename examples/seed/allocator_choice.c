/*
 * The chapter's choice of allocator: a slab for the real-time path, a
 * dedicated heap for variable sizes, the system heap for the rest. The
 * harness checks that each path is served by the allocator it names and
 * that the slab path takes the same time whatever the load (one block per
 * call, no search).
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define RT_BUFFER_SIZE 64
#define RT_BUFFER_COUNT 8

// Real-time critical path: Use memory slabs
K_MEM_SLAB_DEFINE(rt_buffer_slab, RT_BUFFER_SIZE, RT_BUFFER_COUNT, 4);
// Variable-size allocations: Use dedicated heap
K_HEAP_DEFINE(variable_heap, 8192);
// Standard operations: System heap
static void *standard_buffer_alloc(size_t size) /* chapter-wrap: a call needs a function */
{ /* chapter-wrap */
	void *system_buffer = k_malloc(size);
	return system_buffer; /* chapter-wrap */
} /* chapter-wrap */

int main(void)
{
	void *rt[RT_BUFFER_COUNT];

	for (int i = 0; i < RT_BUFFER_COUNT; i++) {
		EXPECT(k_mem_slab_alloc(&rt_buffer_slab, &rt[i], K_NO_WAIT) == 0);
	}
	EXPECT(k_mem_slab_num_free_get(&rt_buffer_slab) == 0);
	for (int i = 0; i < RT_BUFFER_COUNT; i++) {
		k_mem_slab_free(&rt_buffer_slab, rt[i]);
	}

	size_t sizes[] = { 24, 700, 3000, 130, 1 };
	void *var[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		var[i] = k_heap_alloc(&variable_heap, sizes[i], K_NO_WAIT);
		EXPECT(var[i] != NULL);
	}
	EXPECT(example_heap_used(&variable_heap) >= 24 + 700 + 3000 + 130 + 1);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		k_heap_free(&variable_heap, var[i]);
	}

	size_t sys_before = example_system_heap_used();
	void *b = standard_buffer_alloc(200);

	EXPECT(b != NULL && example_system_heap_used() > sys_before);
	EXPECT(example_heap_used(&variable_heap) == 0); /* not from the dedicated heap */
	k_free(b);
	EXPECT(example_system_heap_used() == sys_before);
	return example_passed("allocator_choice");
}
