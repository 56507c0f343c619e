/*
 * The chapter's thread stacks: three static stacks, a stack allocated at run
 * time for a thread and freed when it ends, and the stack-size arithmetic.
 * The harness runs a thread on every stack and checks sizes and usage.
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define THREAD_PRIORITY (-1) /* above main: the thread has ended when k_thread_create returns */
static struct k_thread thread_data;
static int thread_runs;
static uintptr_t thread_sp;
static void thread_entry_point(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	int local;

	thread_sp = (uintptr_t)&local;
	thread_runs++;
}

// Define thread stacks with specific sizes
K_THREAD_STACK_DEFINE(worker_stack, 2048);
K_THREAD_STACK_DEFINE(network_stack, 4096);
K_THREAD_STACK_DEFINE(sensor_stack, 1536);

/* chapter-wrap: the chapter's statements below need a function (one that returns an int) */
static int dynamic_stack_example(void) /* chapter-wrap */
{ /* chapter-wrap */
	int runs_before = thread_runs; /* harness */
	// Allocate thread stacks dynamically
	k_thread_stack_t *dynamic_stack = k_thread_stack_alloc(2048, 0);
	if (dynamic_stack == NULL) {
		return -ENOMEM;
	}
	// Create thread with dynamic stack
	k_tid_t thread_id = k_thread_create(&thread_data,
					    dynamic_stack,
					    2048,
					    thread_entry_point,
					    NULL, NULL, NULL,
					    THREAD_PRIORITY,
					    0,
					    K_NO_WAIT);
	// Free stack when thread terminates
	k_thread_stack_free(dynamic_stack);

	/* harness: the thread ran on the run-time stack, and that stack went back */
	EXPECT(thread_id == &thread_data && thread_runs == runs_before + 1);
	EXPECT(thread_sp >= (uintptr_t)dynamic_stack && thread_sp < (uintptr_t)dynamic_stack + K_THREAD_STACK_LEN(2048));
	EXPECT(k_thread_stack_free(dynamic_stack) == -EINVAL); /* already freed by the chapter's call */
	return 0;
}

// Stack size considerations
#define BASE_STACK_SIZE 512 // Minimum for thread overhead
#define FUNCTION_OVERHEAD 64 // Per function call
#define LOCAL_VAR_SIZE 128 // Local variables
#define ISR_OVERHEAD 256 // Interrupt handling
#define SAFETY_MARGIN 256 // Additional safety buffer
#define CALCULATED_STACK_SIZE (BASE_STACK_SIZE + \
			       FUNCTION_OVERHEAD + \
			       LOCAL_VAR_SIZE + \
			       ISR_OVERHEAD + \
			       SAFETY_MARGIN)

/* harness */
K_THREAD_STACK_DEFINE(calculated_stack, CALCULATED_STACK_SIZE);
BUILD_ASSERT(CALCULATED_STACK_SIZE == 1216, "the chapter's sum");

static void run_on(k_thread_stack_t *stack, size_t size)
{
	static struct k_thread t;
	int before = thread_runs;

	k_thread_create(&t, stack, size, thread_entry_point, NULL, NULL, NULL, 1, 0, K_NO_WAIT);
	EXPECT(k_thread_join(&t, K_FOREVER) == 0);
	EXPECT(thread_runs == before + 1);
	EXPECT(thread_sp >= (uintptr_t)stack && thread_sp < (uintptr_t)stack + K_THREAD_STACK_LEN(size));
}

int main(void)
{
	EXPECT(K_THREAD_STACK_SIZEOF(worker_stack) >= 2048);
	EXPECT(K_THREAD_STACK_SIZEOF(network_stack) >= 4096);
	EXPECT(K_THREAD_STACK_SIZEOF(sensor_stack) >= 1536);
	run_on(worker_stack, 2048);
	run_on(network_stack, 4096);
	run_on(sensor_stack, 1536);
	run_on(calculated_stack, CALCULATED_STACK_SIZE);

	EXPECT(dynamic_stack_example() == 0);
	return example_passed("thread_stacks");
}
