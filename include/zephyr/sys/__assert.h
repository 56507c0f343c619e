/*
 * <zephyr/sys/__assert.h>: __ASSERT(test, fmt, ...) and friends.
 * With CONFIG_ASSERT (rtmem/k_config.h: on unless NDEBUG) a failed check
 * prints "ASSERTION FAIL [test] @ file:line", the message, and enters the
 * fatal path as k_panic() does (K_ERR_KERNEL_PANIC). Without it the test is
 * not evaluated.
 */
#ifndef ZEPHYR_SYS___ASSERT_H_
#define ZEPHYR_SYS___ASSERT_H_

#include <rtmem/k_config.h>
#include <rtmem/k_fatal.h>
#include <rtmem/printk.h>

/** Called after a failed assertion has been printed; enters the fatal path. */
void assert_post_action(const char *file, unsigned int line);

#if CONFIG_ASSERT
#define __ASSERT_ON 1
#define __ASSERT(test, fmt, ...)                                                          \
	do {                                                                              \
		if (!(test)) {                                                            \
			printk("ASSERTION FAIL [%s] @ %s:%d\n", #test, __FILE__, __LINE__); \
			printk("\t" fmt "\n", ##__VA_ARGS__);                            \
			assert_post_action(__FILE__, __LINE__);                           \
		}                                                                         \
	} while (false)
#define __ASSERT_EVAL(expr1, expr2, test, fmt, ...)      \
	do {                                             \
		expr2;                                   \
		__ASSERT(test, fmt, ##__VA_ARGS__);      \
	} while (false)
#else
#define __ASSERT_ON 0
#define __ASSERT(test, fmt, ...) ((void)0)
#define __ASSERT_EVAL(expr1, expr2, test, fmt, ...) expr1
#endif
#define __ASSERT_NO_MSG(test) __ASSERT(test, "")
#define __ASSERT_UNREACHABLE CODE_UNREACHABLE

#endif /* ZEPHYR_SYS___ASSERT_H_ */
