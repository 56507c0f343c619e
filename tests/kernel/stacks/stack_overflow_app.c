/*
 * A thread named "overflower" recurses until it runs into the guard page
 * below its stack. The default fatal handler must report
 * K_ERR_STACK_CHK_FAIL naming the thread and halt (exit status 102).
 * argv[1] == "isr": overflow the interrupt stack instead.
 */
#include <string.h>
#include <zephyr/kernel.h>

K_THREAD_STACK_DEFINE(ovf_stack, 2048);
static struct k_thread ovf_thread;

static volatile int limit = 1 << 30; /* never reached: hides the unbounded recursion from the compiler */

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	frame[255] = (char)depth;
	if (depth >= limit) {
		return 0;
	}
	return recurse(depth + 1) + frame[0] + frame[255];
}

static void overflower(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	printk("overflower: recursing\n");
	printk("never: %d\n", recurse(0));
}

static void isr_overflow(const void *arg)
{
	ARG_UNUSED(arg);
	printk("never: %d\n", recurse(0));
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "isr") == 0) {
		irq_offload(isr_overflow, NULL);
		return 1;
	}
	k_thread_create(&ovf_thread, ovf_stack, 2048, overflower, NULL, NULL, NULL, 1, 0, K_NO_WAIT);
	k_thread_name_set(&ovf_thread, "overflower");
	k_thread_join(&ovf_thread, K_FOREVER);
	printk("main: overflow not caught\n");
	return 1;
}
