/*
 * Exit paths of an image: main's return value reaches the shell (semihosting
 * extended exit), and k_panic halts with RTMEM_EXIT_FATAL_BASE + reason.
 * Built twice: TARGET_EXIT_PANIC selects the panic.
 */
#include "ttest.h"

int main(void)
{
#ifdef TARGET_EXIT_PANIC
	printk("panicking\n");
	k_panic();
	return 0;
#else
	printk("main returns 42\n");
	return 42;
#endif
}
