/*
 * The fatal error path (Zephyr semantics, see rtmem/k_fatal.h): report,
 * call the (weak) policy handler, then halt or abort the faulting thread.
 */
#include "kernel_internal.h"
#include <rtmem/sys_heap.h>

static bool test_mode;

void rtmem_fatal_test_mode(bool on)
{
	test_mode = on;
}

static const char *reason_to_str(unsigned int reason)
{
	switch (reason) {
	case K_ERR_CPU_EXCEPTION:
		return "CPU exception";
	case K_ERR_SPURIOUS_IRQ:
		return "Unhandled interrupt";
	case K_ERR_STACK_CHK_FAIL:
		return "Stack overflow";
	case K_ERR_KERNEL_OOPS:
		return "Kernel oops";
	case K_ERR_KERNEL_PANIC:
		return "Kernel panic";
	default:
		return "Unknown error";
	}
}

FUNC_NORETURN void k_fatal_halt(unsigned int reason)
{
	arch_system_halt(reason);
}

__weak void k_sys_fatal_error_handler(unsigned int reason, const struct arch_esf *esf)
{
	ARG_UNUSED(esf);
	printk("Halting system\n");
	k_fatal_halt(reason);
}

void z_fatal_error(unsigned int reason, const struct arch_esf *esf)
{
	struct k_thread *thread = _current;
	void *addr = NULL;

	if (esf != NULL) {
		addr = esf->fault_addr != NULL ? esf->fault_addr : esf->pc;
	}
	printk("FATAL ERROR: reason %u (%s), thread %p (%s), address %p\n", reason, reason_to_str(reason),
	       (void *)thread, thread != NULL && thread->name[0] != '\0' ? thread->name : "unnamed", addr);
	if (arch_is_in_isr()) {
		printk("Fault during interrupt handling\n");
	}

	k_sys_fatal_error_handler(reason, esf);

	/* The handler returned: kill the faulting thread, unless policy says halt. */
	if (arch_is_in_isr()) {
		if (test_mode) {
			return; /* CONFIG_TEST: back into the ISR */
		}
		printk("Attempted to recover from a fatal error in ISR\n");
		k_fatal_halt(reason);
	}
	if (reason == K_ERR_KERNEL_PANIC && !test_mode) {
		printk("Attempted to recover from a kernel panic condition\n");
		k_fatal_halt(reason);
	}
	if (thread == NULL || (thread->base.user_options & K_ESSENTIAL) != 0U) {
		printk("Attempted to recover from a fatal error in an essential thread\n");
		k_fatal_halt(reason);
	}
	k_thread_abort(thread);
}

__attribute__((noinline)) void z_except_reason(unsigned int reason)
{
	struct arch_esf esf = { .fault_addr = NULL, .pc = __builtin_return_address(0), .signo = 0 };

	z_fatal_error(reason, &esf);
}

void assert_post_action(const char *file, unsigned int line)
{
	ARG_UNUSED(file);
	ARG_UNUSED(line);
	k_panic();
}

/*
 * sys_heap contract violations (core, rtmem/sys_heap.h) enter this path too:
 * this strong definition overrides the core's weak sys_heap_fault() in every
 * program that links the kernel (it lives here because fatal.o is always
 * linked). Zephyr's hardened heap does the same: report, then k_panic().
 * To observe heap faults, override k_sys_fatal_error_handler() instead.
 */
static const char *const heap_fault_name[] = {
	"none", "double free", "use after free", "foreign pointer", "bad pointer", "corrupt header",
	"corrupt free list", "canary overwritten", "bad alignment", "init: buffer too small",
	"init: buffer too large", "validation failed",
};

void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	unsigned int r = (unsigned int)info->reason;

	printk("HEAP FAULT: %s (%s), heap %p, pointer %p, at %s:%d\n",
	       r < ARRAY_SIZE(heap_fault_name) ? heap_fault_name[r] : "unknown",
	       info->what != NULL ? info->what : "", (void *)info->heap, info->ptr,
	       info->file != NULL ? info->file : "?", info->line);
	k_panic();
}
