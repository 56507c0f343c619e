/*
 * Thread analyzer (Zephyr's subsys/debug/thread_analyzer): every thread's
 * name, stack size, used and unused bytes and percentage, plus the
 * interrupt stack, printed as Zephyr prints them:
 *
 *   Thread analyze:
 *    main                : STACK: unused 60312 usage 21608 / 81920 (26 %)
 *    ISR0                : STACK: unused 15800 usage 584 / 16384 (3 %)
 *
 * Sizes are thread->stack_info.size (host: declared size rounded to a page +
 * CONFIG_RTMEM_HOST_STACK_RESERVE), so they agree with
 * k_thread_stack_size_get() and k_thread_stack_space_get().
 */
#ifndef ZEPHYR_DEBUG_THREAD_ANALYZER_H_
#define ZEPHYR_DEBUG_THREAD_ANALYZER_H_

#include <stddef.h>
#include <rtmem/kernel.h>

/** One thread's (or the interrupt stack's) figures. */
struct thread_analyzer_info {
	/** thread name ("" if unnamed; "ISR0" for the interrupt stack) */
	const char *name;
	/** usable stack bytes */
	size_t stack_size;
	/** bytes ever used (high-water mark) */
	size_t stack_used;
};

/** Callback of thread_analyzer_run(). */
typedef void (*thread_analyzer_cb)(struct thread_analyzer_info *info);

/**
 * @brief Call @a cb for every live thread (creation order), then for the interrupt stack.
 * @context  supervisor thread
 * @pre      @a cb does not create or end threads
 * @post     none
 * @complexity O(sum of stack sizes)
 * @retval   (void)
 * @ub       none
 */
void thread_analyzer_run(thread_analyzer_cb cb, unsigned int cpu);

/**
 * @brief Print "Thread analyze:" and one line per thread and for the interrupt stack (printk).
 * @context  supervisor thread
 * @pre      none
 * @post     none
 * @complexity O(sum of stack sizes)
 * @retval   (void)
 * @ub       none
 */
void thread_analyzer_print(unsigned int cpu);

/**
 * @brief rtmem extension: unused bytes of the interrupt stack (Zephyr apps reach for the
 *        internal z_stack_space_get for this).
 * @context  any
 * @pre      none
 * @post     *@a unused and *@a size set on 0
 * @complexity O(interrupt stack size)
 * @retval   0 or -ENOTSUP (the port runs ISRs on thread stacks)
 * @ub       none
 */
int rtmem_isr_stack_space_get(size_t *unused, size_t *size);

#endif /* ZEPHYR_DEBUG_THREAD_ANALYZER_H_ */
