/*
 * printk: formatted console output (Zephyr). On the host it goes to stdout,
 * which rtmem makes line-buffered at boot, in the order threads print.
 */
#ifndef RTMEM_PRINTK_H_
#define RTMEM_PRINTK_H_

#include <stdarg.h>
#include <stddef.h>
#include <zephyr/toolchain.h>

/**
 * @brief Print to the console (printf format).
 * @context  any
 * @pre      @a fmt not NULL
 * @post     text written, complete lines flushed
 * @complexity O(length)
 * @retval   (void)
 * @ub       format/argument mismatch
 */
void printk(const char *fmt, ...) __printf_like(1, 2);

/** va_list form of printk(). */
void vprintk(const char *fmt, va_list ap) __printf_like(1, 0);

/** snprintf under Zephyr's name. */
int snprintk(char *str, size_t size, const char *fmt, ...) __printf_like(3, 4);

/** vsnprintf under Zephyr's name. */
int vsnprintk(char *str, size_t size, const char *fmt, va_list ap) __printf_like(3, 0);

#endif /* RTMEM_PRINTK_H_ */
