/* printk, snprintk and the LOG_* back-end. */
#include <stdio.h>
#include "kernel_internal.h"
#include <rtmem/log.h>

void z_impl_vprintk(const char *fmt, va_list ap)
{
	arch_console_vprintf(fmt, ap);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

int vsnprintk(char *str, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(str, size, fmt, ap);
}

int snprintk(char *str, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintk(str, size, fmt, ap);

	va_end(ap);
	return n;
}

void z_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	arch_diag_vprintf(fmt, ap);
	va_end(ap);
}

static const char *const level_tag[] = { "", "err", "wrn", "inf", "dbg" };

static void log_prefix(int level, const char *module)
{
	uint64_t us = k_ticks_to_us_floor64(z_tick_get());
	unsigned int s = (unsigned int)(us / 1000000U);

	printk("[%02u:%02u:%02u.%03u,%03u] <%s> %s: ", s / 3600U, (s / 60U) % 60U, s % 60U,
	       (unsigned int)(us / 1000U % 1000U), (unsigned int)(us % 1000U),
	       level_tag[level >= 1 && level <= 4 ? level : 0], module);
}

void z_log_printk(int level, const char *module, const char *fmt, ...)
{
	va_list ap;

	log_prefix(level, module);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

void z_log_hexdump(int level, const char *module, const void *data, size_t length, const char *str)
{
	const unsigned char *p = data;

	log_prefix(level, module);
	printk("%s\n", str);
	for (size_t i = 0; i < length; i += 16) {
		printk("                                ");
		for (size_t j = i; j < i + 16 && j < length; j++) {
			printk("%02x ", p[j]);
		}
		printk("\n");
	}
}
