/*
 * Host lock of the rtmem_libc arena provider: one pthread mutex, made
 * fork-safe with pthread_atfork (held across fork, released in both parent
 * and child, so a child can allocate even if another thread held the lock
 * when fork was called).
 */
#include <pthread.h>

#include <rtmem/libc_malloc.h>

static pthread_mutex_t libc_mutex = PTHREAD_MUTEX_INITIALIZER;

void rtmem_libc_lock(void)
{
	(void)pthread_mutex_lock(&libc_mutex);
}

void rtmem_libc_unlock(void)
{
	(void)pthread_mutex_unlock(&libc_mutex);
}

static void fork_child(void)
{
	/* the forking thread held it; the child has only that thread */
	(void)pthread_mutex_init(&libc_mutex, NULL);
}

__attribute__((constructor)) static void lock_setup(void)
{
	(void)pthread_atfork(rtmem_libc_lock, rtmem_libc_unlock, fork_child);
}
