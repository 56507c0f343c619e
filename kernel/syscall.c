/*
 * The kernel gate of user threads (Zephyr's system calls).
 *
 * A supervisor thread (or an ISR) calls the implementation directly. A user
 * thread goes through the gate:
 *   1. the thread enters the kernel (z_syscall_enter): the port raises its
 *      privilege (arch_syscall_raise; Cortex-M: SVC, as a user thread cannot
 *      even read _current) and it is marked inside (base.syscall_depth), so it
 *      has supervisor rights for the duration of the call (the host port
 *      applies them lazily, on the first access that needs them). Whether the
 *      caller is a user thread is arch_is_user_context() (Cortex-M:
 *      CONTROL.nPRIV, no memory access);
 *   2. every pointer argument is checked against the caller's *user* rights
 *      (arch_buffer_validate: its own stack and its domain's partitions with
 *      their U rights; on the host also memory no partition covers). A bad
 *      pointer is the caller's fault: K_ERR_KERNEL_OOPS, as Zephyr's
 *      K_OOPS(K_SYSCALL_MEMORY_*) — the thread is aborted;
 *   3. on the way out its user rights are re-applied (arch_mem_view_update)
 *      and the privilege dropped (arch_syscall_drop).
 *
 * Calls available to user threads: k_sleep, k_msleep, k_usleep, k_yield;
 * k_sem_init/take/give/reset/count_get; k_queue_init/append/prepend/get/
 * is_empty/peek_head/peek_tail/cancel_wait (and the k_fifo/k_lifo macros on
 * them); k_msgq_put/get/peek/purge/num_free_get/num_used_get; printk/vprintk
 * (formatted in the caller's context, so a bad %s faults in the caller);
 * k_thread_stack_space_get; k_current_get, k_uptime_get/_ticks,
 * k_cycle_get_32/_64 (kernel/sched.c: read-only, but kernel data and the
 * timer are privileged on Cortex-M). Memory-domain calls are
 * supervisor-only (K_ERR_KERNEL_OOPS from a user thread).
 */
#include <stdio.h>
#include "kernel_internal.h"

bool k_is_user_context(void)
{
	return arch_is_user_context();
}

/* The gate: raise privilege first (a Cortex-M user thread cannot even read _current before). */
bool z_syscall_enter(void)
{
	if (!arch_is_user_context()) {
		return false;
	}
	arch_syscall_raise();
	_current->base.syscall_depth++;
	return true;
}

void z_syscall_exit(bool entered)
{
	if (entered) {
		_current->base.syscall_depth--;
		arch_mem_view_update();
		arch_syscall_drop();
	}
}

void z_syscall_check(const char *fn, const void *ptr, size_t bytes, bool write)
{
	if (arch_buffer_validate(ptr, bytes, write) != 0) {
		z_diag("%s: user thread %p (%s) passed %s pointer %p (%zu bytes) outside its domain\n", fn,
		       (void *)_current, _current->name, write ? "a writable" : "a readable", ptr, bytes);
		k_oops();
	}
}

#define CHECK_OBJ(fn, obj) z_syscall_check(fn, (obj), sizeof(*(obj)), true)

/* ---- threads ------------------------------------------------------------------ */

int32_t k_sleep(k_timeout_t timeout)
{
	bool g = z_syscall_enter();
	int32_t ret = z_impl_k_sleep(timeout);

	z_syscall_exit(g);
	return ret;
}

int32_t k_usleep(int32_t us)
{
	bool g = z_syscall_enter();
	int32_t ret = z_impl_k_usleep(us);

	z_syscall_exit(g);
	return ret;
}

void k_yield(void)
{
	bool g = z_syscall_enter();

	z_impl_k_yield();
	z_syscall_exit(g);
}

/* ---- semaphores ---------------------------------------------------------------- */

int k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_sem_init", sem);
	}
	int ret = z_impl_k_sem_init(sem, initial_count, limit);

	z_syscall_exit(g);
	return ret;
}

int k_sem_take(struct k_sem *sem, k_timeout_t timeout)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_sem_take", sem);
	}
	int ret = z_impl_k_sem_take(sem, timeout);

	z_syscall_exit(g);
	return ret;
}

void k_sem_give(struct k_sem *sem)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_sem_give", sem);
	}

	z_impl_k_sem_give(sem);
	z_syscall_exit(g);
}

void k_sem_reset(struct k_sem *sem)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_sem_reset", sem);
	}

	z_impl_k_sem_reset(sem);
	z_syscall_exit(g);
}

unsigned int k_sem_count_get(struct k_sem *sem)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_sem_count_get", sem, sizeof(*sem), false);
	}
	unsigned int ret = z_impl_k_sem_count_get(sem);

	z_syscall_exit(g);
	return ret;
}

/* ---- queues ---------------------------------------------------------------------- */

void k_queue_init(struct k_queue *queue)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_queue_init", queue);
	}

	z_impl_k_queue_init(queue);
	z_syscall_exit(g);
}

/* An item's first word links it into the queue: the caller must be able to write it. */
static void check_queue_item(const char *fn, struct k_queue *queue, void *data)
{
	CHECK_OBJ(fn, queue);
	z_syscall_check(fn, data, sizeof(void *), true);
}

void k_queue_append(struct k_queue *queue, void *data)
{
	bool g = z_syscall_enter();

	if (g) {
		check_queue_item("k_queue_append", queue, data);
	}

	z_impl_k_queue_append(queue, data);
	z_syscall_exit(g);
}

void k_queue_prepend(struct k_queue *queue, void *data)
{
	bool g = z_syscall_enter();

	if (g) {
		check_queue_item("k_queue_prepend", queue, data);
	}

	z_impl_k_queue_prepend(queue, data);
	z_syscall_exit(g);
}

void *k_queue_get(struct k_queue *queue, k_timeout_t timeout)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_queue_get", queue);
	}
	void *ret = z_impl_k_queue_get(queue, timeout);

	z_syscall_exit(g);
	return ret;
}

int k_queue_is_empty(struct k_queue *queue)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_queue_is_empty", queue, sizeof(*queue), false);
	}
	int ret = z_impl_k_queue_is_empty(queue);

	z_syscall_exit(g);
	return ret;
}

void *k_queue_peek_head(struct k_queue *queue)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_queue_peek_head", queue, sizeof(*queue), false);
	}
	void *ret = z_impl_k_queue_peek_head(queue);

	z_syscall_exit(g);
	return ret;
}

void *k_queue_peek_tail(struct k_queue *queue)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_queue_peek_tail", queue, sizeof(*queue), false);
	}
	void *ret = z_impl_k_queue_peek_tail(queue);

	z_syscall_exit(g);
	return ret;
}

void k_queue_cancel_wait(struct k_queue *queue)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_queue_cancel_wait", queue);
	}

	z_impl_k_queue_cancel_wait(queue);
	z_syscall_exit(g);
}

/* ---- message queues ---------------------------------------------------------------- */

int k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_msgq_put", msgq);
		z_syscall_check("k_msgq_put", data, msgq->msg_size, false);
	}
	int ret = z_impl_k_msgq_put(msgq, data, timeout);

	z_syscall_exit(g);
	return ret;
}

int k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_msgq_get", msgq);
		z_syscall_check("k_msgq_get", data, msgq->msg_size, true);
	}
	int ret = z_impl_k_msgq_get(msgq, data, timeout);

	z_syscall_exit(g);
	return ret;
}

int k_msgq_peek(struct k_msgq *msgq, void *data)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_msgq_peek", msgq);
		z_syscall_check("k_msgq_peek", data, msgq->msg_size, true);
	}
	int ret = z_impl_k_msgq_peek(msgq, data);

	z_syscall_exit(g);
	return ret;
}

void k_msgq_purge(struct k_msgq *msgq)
{
	bool g = z_syscall_enter();

	if (g) {
		CHECK_OBJ("k_msgq_purge", msgq);
	}

	z_impl_k_msgq_purge(msgq);
	z_syscall_exit(g);
}

uint32_t k_msgq_num_free_get(struct k_msgq *msgq)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_msgq_num_free_get", msgq, sizeof(*msgq), false);
	}
	uint32_t ret = z_impl_k_msgq_num_free_get(msgq);

	z_syscall_exit(g);
	return ret;
}

uint32_t k_msgq_num_used_get(struct k_msgq *msgq)
{
	bool g = z_syscall_enter();

	if (g) {
		z_syscall_check("k_msgq_num_used_get", msgq, sizeof(*msgq), false);
	}
	uint32_t ret = z_impl_k_msgq_num_used_get(msgq);

	z_syscall_exit(g);
	return ret;
}

/* ---- console ------------------------------------------------------------------------- */

/* Z_PRINTK_USER_BUF bytes of one user printk (longer output is truncated, as Zephyr's user printk buffer). */
#define Z_PRINTK_USER_BUF 256

static void user_str_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	z_impl_vprintk(fmt, ap);
	va_end(ap);
}

void vprintk(const char *fmt, va_list ap)
{
	if (!k_is_user_context()) {
		z_impl_vprintk(fmt, ap);
		return;
	}
	/* Formatted with the caller's own rights: a bad %s argument faults in the caller. */
	char buf[Z_PRINTK_USER_BUF];

	(void)vsnprintf(buf, sizeof(buf), fmt, ap);
	bool g = z_syscall_enter();

	user_str_out("%s", buf);
	z_syscall_exit(g);
}
