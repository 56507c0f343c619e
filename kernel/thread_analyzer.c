/* Thread analyzer (zephyr/debug/thread_analyzer.h): stack figures of every thread and of the interrupt stack. */
#include <errno.h>
#include <zephyr/debug/thread_analyzer.h>
#include "kernel_internal.h"

int rtmem_isr_stack_space_get(size_t *unused, size_t *size)
{
	size_t sz = 0;
	void *start = arch_isr_stack_get(&sz);

	if (start == NULL || unused == NULL || size == NULL) {
		return -ENOTSUP;
	}
	*unused = z_stack_unused_bytes(start, sz);
	*size = sz;
	return 0;
}

struct run_ctx {
	thread_analyzer_cb cb;
};

static void one_thread(const struct k_thread *t, void *user_data)
{
	struct run_ctx *ctx = user_data;
	size_t unused = 0;
	struct thread_analyzer_info info = {
		.name = t->name,
		.stack_size = t->stack_info.size,
	};

	if ((k_thread_stack_space_get)(t, &unused) != 0) {
		return;
	}
	info.stack_used = info.stack_size - unused;
	ctx->cb(&info);
}

void thread_analyzer_run(thread_analyzer_cb cb, unsigned int cpu)
{
	struct run_ctx ctx = { .cb = cb };
	size_t unused, size;

	k_thread_foreach(one_thread, &ctx);
	if (cpu == 0U && rtmem_isr_stack_space_get(&unused, &size) == 0) {
		struct thread_analyzer_info info = { .name = "ISR0", .stack_size = size, .stack_used = size - unused };

		cb(&info);
	}
}

static void print_one(struct thread_analyzer_info *info)
{
	size_t pct = info->stack_size != 0U ? info->stack_used * 100U / info->stack_size : 0U;

	printk(" %-20s: STACK: unused %zu usage %zu / %zu (%zu %%)\n", info->name[0] != '\0' ? info->name : "unnamed",
	       info->stack_size - info->stack_used, info->stack_used, info->stack_size, pct);
}

void thread_analyzer_print(unsigned int cpu)
{
	printk("Thread analyze:\n");
	thread_analyzer_run(print_one, cpu);
}
