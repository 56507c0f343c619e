/*
 * arch/cortex_m: what newlib needs from the platform. The malloc family
 * (malloc .. _malloc_r ..) comes from rtmem_libc (libc/), served by an rtmem
 * heap; this file gives it its lock and gives newlib's stdio its system calls
 * (output over semihosting), so printf works.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "cm_internal.h"

/* ---- rtmem_libc's lock: a kernel mutex once threads run; nothing before (boot is single-threaded) ---- */

void rtmem_libc_lock(void);
void rtmem_libc_unlock(void);

K_MUTEX_DEFINE(z_arm_libc_mutex);

static bool libc_lock_usable(void)
{
	return k_current_get() != NULL && !k_is_in_isr();
}

void rtmem_libc_lock(void)
{
	if (libc_lock_usable()) {
		(void)k_mutex_lock(&z_arm_libc_mutex, K_FOREVER);
	}
}

void rtmem_libc_unlock(void)
{
	if (libc_lock_usable()) {
		(void)k_mutex_unlock(&z_arm_libc_mutex);
	}
}

/* ---- newlib system calls ---- */

int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
int _close(int fd);
int _lseek(int fd, int off, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _getpid(void);
int _kill(int pid, int sig);
void _exit(int code);

int _write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	char chunk[65];

	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof(chunk) - 1 ? len - done : sizeof(chunk) - 1;

		memcpy(chunk, p + done, n);
		chunk[n] = '\0';
		z_arm_semihost_write0(chunk);
		done += n;
	}
	return (int)len;
}

int _read(int fd, void *buf, size_t len)
{
	ARG_UNUSED(fd);
	ARG_UNUSED(buf);
	ARG_UNUSED(len);
	return 0; /* no console input */
}

int _close(int fd)
{
	ARG_UNUSED(fd);
	errno = EBADF;
	return -1;
}

int _lseek(int fd, int off, int whence)
{
	ARG_UNUSED(fd);
	ARG_UNUSED(off);
	ARG_UNUSED(whence);
	errno = ESPIPE;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	ARG_UNUSED(fd);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	ARG_UNUSED(pid);
	ARG_UNUSED(sig);
	errno = EINVAL;
	return -1;
}

void _exit(int code)
{
	arch_system_exit(code);
}

/* ---- vsnprintf without libc globals (printk from user threads) ---- */

#include <reent.h>
#ifndef _REENT_SMALL
#error "cm_libc.c needs newlib-nano's headers (--specs=nano.specs)"
#endif
#include <stdarg.h>
#include <stdio.h>

int __wrap_vsnprintf(char *str, size_t size, const char *fmt, va_list ap);
int __real_vsnprintf(char *str, size_t size, const char *fmt, va_list ap);

/*
 * Every image links with --wrap=vsnprintf: newlib's vsnprintf reaches its
 * reentrancy data through _impure_ptr (kernel data, which the MPU keeps from
 * user threads). Formatting here uses a reentrancy block on the caller's
 * stack instead, so a user thread formats its printk with its own rights
 * (a bad %s argument faults in the caller, as on the host; errno is not
 * set for it). newlib-nano: 96 bytes of stack. Privileged callers use newlib's.
 */
static __attribute__((noinline)) int user_vsnprintf(char *str, size_t size, const char *fmt, va_list ap)
{
	struct _reent r; /* cm_libc.c is compiled with nano.specs: the small (96-byte) layout */

	memset(&r, 0, sizeof(r));
	return _vsnprintf_r(&r, str, size, fmt, ap);
}

int __wrap_vsnprintf(char *str, size_t size, const char *fmt, va_list ap)
{
	if (!arch_is_user_context()) {
		return __real_vsnprintf(str, size, fmt, ap); /* no extra stack on the fatal path */
	}
	return user_vsnprintf(str, size, fmt, ap);
}
