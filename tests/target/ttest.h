/*
 * Minimal harness for target test images: TT_CHECK counts, TT_RUN runs a
 * case, tt_done() prints the final "N passed, N failed" line and returns
 * main's value (0 only if nothing failed). Output goes through printk
 * (semihosting on Cortex-M).
 */
#ifndef RTMEM_TTEST_H_
#define RTMEM_TTEST_H_

#include <rtmem/kernel.h>

static unsigned int tt_passed __attribute__((unused)), tt_failed __attribute__((unused)),
	tt_case_failed __attribute__((unused));

#define TT_CHECK(cond)                                                                  \
	do {                                                                            \
		if (!(cond)) {                                                          \
			printk("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);        \
			tt_case_failed++;                                               \
		}                                                                       \
	} while (0)

#define TT_RUN(fn)                                                                      \
	do {                                                                            \
		tt_case_failed = 0;                                                     \
		printk("[ RUN  ] %s\n", #fn);                                           \
		fn();                                                                   \
		if (tt_case_failed == 0) {                                              \
			tt_passed++;                                                    \
			printk("[  OK  ] %s\n", #fn);                                   \
		} else {                                                                \
			tt_failed++;                                                    \
			printk("[ FAIL ] %s\n", #fn);                                   \
		}                                                                       \
	} while (0)

static inline int tt_done(void)
{
	printk("%u passed, %u failed\n", tt_passed, tt_failed);
	return tt_failed == 0 ? 0 : 1;
}

#endif /* RTMEM_TTEST_H_ */
