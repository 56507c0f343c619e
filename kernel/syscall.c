/*
 * The kernel gate of user threads (Zephyr's system calls), numbered.
 *
 * A supervisor thread (or an ISR) calls the implementation directly. A user
 * thread makes a system call: its wrapper packs the arguments into a
 * struct z_syscall_args on its own stack and calls z_syscall(id, args), which
 * traps into the kernel through the port (arch_syscall_invoke; Cortex-M: SVC,
 * the handler validates the number against this table, saves the caller's
 * return state in the thread and returns privileged into a trampoline; host:
 * a direct call). The kernel side, z_syscall_dispatch():
 *   1. validates the number (an unknown one is K_ERR_KERNEL_OOPS) and marks
 *      the thread inside (base.syscall_depth: supervisor rights for the
 *      duration of the call; the host applies them lazily);
 *   2. checks the argument block and copies it, then the table entry checks
 *      every pointer argument against the caller's *user* rights
 *      (arch_buffer_validate: its own stack and its domain's partitions with
 *      their U rights; on the host also memory no partition covers). A bad
 *      pointer is the caller's fault: K_ERR_KERNEL_OOPS, as Zephyr's
 *      K_OOPS(K_SYSCALL_MEMORY_*) — the thread is aborted;
 *   3. runs the z_impl_* implementation, writes the result back and
 *      re-applies the caller's user rights (arch_mem_view_update); the port
 *      drops the privilege and returns to the caller.
 * Nothing a user thread can call returns to it privileged: the only way in
 * is a table entry, and arch_syscall_raise() from user context is refused
 * (K_ERR_KERNEL_OOPS) by the port.
 *
 * Calls available to user threads (the table): k_sleep, k_msleep, k_usleep,
 * k_yield; k_sem_init/take/give/reset/count_get; k_queue_init/append/
 * prepend/get/is_empty/peek_head/peek_tail/cancel_wait (and the k_fifo/k_lifo
 * macros on them); k_msgq_put/get/peek/purge/num_free_get/num_used_get;
 * printk/vprintk (formatted in the caller's context, so a bad %s faults in
 * the caller); k_thread_stack_space_get; k_current_get, k_uptime_get/_ticks,
 * k_cycle_get_32/_64 (read-only, but kernel data and the timer are
 * privileged on Cortex-M); the end of a user thread; the report of a
 * supervisor-only call (memory-domain calls: K_ERR_KERNEL_OOPS).
 */
#include <stdio.h>
#include "kernel_internal.h"

bool k_is_user_context(void)
{
	return arch_is_user_context();
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
#define CHECK_RO(fn, obj) z_syscall_check(fn, (obj), sizeof(*(obj)), false)
#define ARG(a, i, type) ((type)(a)->a[i])
#define RET_INT(a, v) ((a)->ret = (uint64_t)(int64_t)(v))
#define RET_PTR(a, v) ((a)->ret = (uint64_t)(uintptr_t)(v))

uint64_t z_syscall(unsigned int id, struct z_syscall_args *args)
{
	arch_syscall_invoke(id, args);
	return args->ret;
}

/* ---- table entries: run privileged, on a copy of the argument block ---------------- */

static void h_k_sleep(struct z_syscall_args *a)
{
	RET_INT(a, z_impl_k_sleep(a->timeout));
}

static void h_k_usleep(struct z_syscall_args *a)
{
	RET_INT(a, z_impl_k_usleep((int32_t)ARG(a, 0, intptr_t)));
}

static void h_k_yield(struct z_syscall_args *a)
{
	ARG_UNUSED(a);
	z_impl_k_yield();
}

static void h_k_sem_init(struct z_syscall_args *a)
{
	struct k_sem *sem = ARG(a, 0, struct k_sem *);

	CHECK_OBJ("k_sem_init", sem);
	RET_INT(a, z_impl_k_sem_init(sem, ARG(a, 1, unsigned int), ARG(a, 2, unsigned int)));
}

static void h_k_sem_take(struct z_syscall_args *a)
{
	struct k_sem *sem = ARG(a, 0, struct k_sem *);

	CHECK_OBJ("k_sem_take", sem);
	RET_INT(a, z_impl_k_sem_take(sem, a->timeout));
}

static void h_k_sem_give(struct z_syscall_args *a)
{
	struct k_sem *sem = ARG(a, 0, struct k_sem *);

	CHECK_OBJ("k_sem_give", sem);
	z_impl_k_sem_give(sem);
}

static void h_k_sem_reset(struct z_syscall_args *a)
{
	struct k_sem *sem = ARG(a, 0, struct k_sem *);

	CHECK_OBJ("k_sem_reset", sem);
	z_impl_k_sem_reset(sem);
}

static void h_k_sem_count_get(struct z_syscall_args *a)
{
	struct k_sem *sem = ARG(a, 0, struct k_sem *);

	CHECK_RO("k_sem_count_get", sem);
	a->ret = z_impl_k_sem_count_get(sem);
}

static void h_k_queue_init(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_OBJ("k_queue_init", queue);
	z_impl_k_queue_init(queue);
}

/* An item's first word links it into the queue: the caller must be able to write it. */
static void check_queue_item(const char *fn, struct k_queue *queue, void *data)
{
	CHECK_OBJ(fn, queue);
	z_syscall_check(fn, data, sizeof(void *), true);
}

static void h_k_queue_append(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);
	void *data = ARG(a, 1, void *);

	check_queue_item("k_queue_append", queue, data);
	z_impl_k_queue_append(queue, data);
}

static void h_k_queue_prepend(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);
	void *data = ARG(a, 1, void *);

	check_queue_item("k_queue_prepend", queue, data);
	z_impl_k_queue_prepend(queue, data);
}

static void h_k_queue_get(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_OBJ("k_queue_get", queue);
	RET_PTR(a, z_impl_k_queue_get(queue, a->timeout));
}

static void h_k_queue_is_empty(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_RO("k_queue_is_empty", queue);
	RET_INT(a, z_impl_k_queue_is_empty(queue));
}

static void h_k_queue_peek_head(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_RO("k_queue_peek_head", queue);
	RET_PTR(a, z_impl_k_queue_peek_head(queue));
}

static void h_k_queue_peek_tail(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_RO("k_queue_peek_tail", queue);
	RET_PTR(a, z_impl_k_queue_peek_tail(queue));
}

static void h_k_queue_cancel_wait(struct z_syscall_args *a)
{
	struct k_queue *queue = ARG(a, 0, struct k_queue *);

	CHECK_OBJ("k_queue_cancel_wait", queue);
	z_impl_k_queue_cancel_wait(queue);
}

static void h_k_msgq_put(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);
	const void *data = ARG(a, 1, const void *);

	CHECK_OBJ("k_msgq_put", msgq);
	z_syscall_check("k_msgq_put", data, msgq->msg_size, false);
	RET_INT(a, z_impl_k_msgq_put(msgq, data, a->timeout));
}

static void h_k_msgq_get(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);
	void *data = ARG(a, 1, void *);

	CHECK_OBJ("k_msgq_get", msgq);
	z_syscall_check("k_msgq_get", data, msgq->msg_size, true);
	RET_INT(a, z_impl_k_msgq_get(msgq, data, a->timeout));
}

static void h_k_msgq_peek(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);
	void *data = ARG(a, 1, void *);

	CHECK_OBJ("k_msgq_peek", msgq);
	z_syscall_check("k_msgq_peek", data, msgq->msg_size, true);
	RET_INT(a, z_impl_k_msgq_peek(msgq, data));
}

static void h_k_msgq_purge(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);

	CHECK_OBJ("k_msgq_purge", msgq);
	z_impl_k_msgq_purge(msgq);
}

static void h_k_msgq_num_free_get(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);

	CHECK_RO("k_msgq_num_free_get", msgq);
	a->ret = z_impl_k_msgq_num_free_get(msgq);
}

static void h_k_msgq_num_used_get(struct z_syscall_args *a)
{
	struct k_msgq *msgq = ARG(a, 0, struct k_msgq *);

	CHECK_RO("k_msgq_num_used_get", msgq);
	a->ret = z_impl_k_msgq_num_used_get(msgq);
}

static void user_str_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	z_impl_vprintk(fmt, ap);
	va_end(ap);
}

/* a[0] = text, a[1] = its length (at most Z_PRINTK_USER_BUF - 1): bounded, no terminator needed. */
static void h_printk_string(struct z_syscall_args *a)
{
	const char *s = ARG(a, 0, const char *);
	size_t n = ARG(a, 1, size_t);

	z_syscall_check("printk", s, n != 0U ? n : 1U, false);
	user_str_out("%.*s", (int)n, s);
}

static void h_k_thread_stack_space_get(struct z_syscall_args *a)
{
	const struct k_thread *thread = ARG(a, 0, const struct k_thread *);
	size_t *unused_ptr = ARG(a, 1, size_t *);

	z_syscall_check("k_thread_stack_space_get", unused_ptr, sizeof(*unused_ptr), true);
	z_syscall_check("k_thread_stack_space_get", thread, sizeof(*thread), false);
	RET_INT(a, z_impl_k_thread_stack_space_get(thread, unused_ptr));
}

static void h_k_current_get(struct z_syscall_args *a)
{
	RET_PTR(a, _current);
}

static void h_k_uptime_ticks(struct z_syscall_args *a)
{
	a->ret = z_tick_get();
}

static void h_k_cycle_get_64(struct z_syscall_args *a)
{
	a->ret = arch_cycle_get_64();
}

static void h_thread_exit(struct z_syscall_args *a)
{
	ARG_UNUSED(a);
	k_thread_abort(_current);
}

/* a[0] = the API's name (a string in read-only data the caller can read); at most 40 characters shown. */
static void h_supervisor_only(struct z_syscall_args *a)
{
	const char *fn = ARG(a, 0, const char *);

	z_syscall_check("supervisor-only call", fn, 1, false);
	printk("%.40s: supervisor-only call from user thread %p (%s)\n", fn, (void *)_current, _current->name);
	k_oops();
}

typedef void (*z_syscall_handler_t)(struct z_syscall_args *a);

static const z_syscall_handler_t syscall_table[Z_SYSCALL_COUNT] = {
	[Z_SC_K_SLEEP] = h_k_sleep,
	[Z_SC_K_USLEEP] = h_k_usleep,
	[Z_SC_K_YIELD] = h_k_yield,
	[Z_SC_K_SEM_INIT] = h_k_sem_init,
	[Z_SC_K_SEM_TAKE] = h_k_sem_take,
	[Z_SC_K_SEM_GIVE] = h_k_sem_give,
	[Z_SC_K_SEM_RESET] = h_k_sem_reset,
	[Z_SC_K_SEM_COUNT_GET] = h_k_sem_count_get,
	[Z_SC_K_QUEUE_INIT] = h_k_queue_init,
	[Z_SC_K_QUEUE_APPEND] = h_k_queue_append,
	[Z_SC_K_QUEUE_PREPEND] = h_k_queue_prepend,
	[Z_SC_K_QUEUE_GET] = h_k_queue_get,
	[Z_SC_K_QUEUE_IS_EMPTY] = h_k_queue_is_empty,
	[Z_SC_K_QUEUE_PEEK_HEAD] = h_k_queue_peek_head,
	[Z_SC_K_QUEUE_PEEK_TAIL] = h_k_queue_peek_tail,
	[Z_SC_K_QUEUE_CANCEL_WAIT] = h_k_queue_cancel_wait,
	[Z_SC_K_MSGQ_PUT] = h_k_msgq_put,
	[Z_SC_K_MSGQ_GET] = h_k_msgq_get,
	[Z_SC_K_MSGQ_PEEK] = h_k_msgq_peek,
	[Z_SC_K_MSGQ_PURGE] = h_k_msgq_purge,
	[Z_SC_K_MSGQ_NUM_FREE_GET] = h_k_msgq_num_free_get,
	[Z_SC_K_MSGQ_NUM_USED_GET] = h_k_msgq_num_used_get,
	[Z_SC_PRINTK_STRING] = h_printk_string,
	[Z_SC_K_THREAD_STACK_SPACE_GET] = h_k_thread_stack_space_get,
	[Z_SC_K_CURRENT_GET] = h_k_current_get,
	[Z_SC_K_UPTIME_TICKS] = h_k_uptime_ticks,
	[Z_SC_K_CYCLE_GET_64] = h_k_cycle_get_64,
	[Z_SC_THREAD_EXIT] = h_thread_exit,
	[Z_SC_SUPERVISOR_ONLY] = h_supervisor_only,
};

const unsigned int z_syscall_count = Z_SYSCALL_COUNT;

void z_syscall_dispatch(unsigned int id, void *args)
{
	struct k_thread *t = _current;
	struct z_syscall_args *uargs = args;

	arch_syscall_raise(); /* the port already raised (no-op here; refused from user context) */
	t->base.syscall_depth++;
	if (id >= Z_SYSCALL_COUNT || syscall_table[id] == NULL) {
		z_diag("user thread %p (%s): unknown system call %u\n", (void *)t, t->name, id);
		k_oops();
	}
	z_syscall_check("system call", uargs, sizeof(*uargs), true);

	struct z_syscall_args a = *uargs; /* the caller could change its block while we block */

	syscall_table[id](&a);
	uargs->ret = a.ret;
	t->base.syscall_depth--;
	arch_mem_view_update();
}

/* ---- the public calls: direct for supervisor threads and ISRs, else numbered ---------- */

#define USER_ARGS(...) struct z_syscall_args zargs_ = { __VA_ARGS__ }
#define UPTR(p) ((uintptr_t)(p))

int32_t k_sleep(k_timeout_t timeout)
{
	if (!arch_is_user_context()) {
		return z_impl_k_sleep(timeout);
	}
	USER_ARGS(.timeout = timeout);
	return (int32_t)z_syscall(Z_SC_K_SLEEP, &zargs_);
}

int32_t k_usleep(int32_t us)
{
	if (!arch_is_user_context()) {
		return z_impl_k_usleep(us);
	}
	USER_ARGS(.a = { (uintptr_t)(intptr_t)us });
	return (int32_t)z_syscall(Z_SC_K_USLEEP, &zargs_);
}

void k_yield(void)
{
	if (!arch_is_user_context()) {
		z_impl_k_yield();
		return;
	}
	USER_ARGS(.ret = 0);
	(void)z_syscall(Z_SC_K_YIELD, &zargs_);
}

int k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit)
{
	if (!arch_is_user_context()) {
		return z_impl_k_sem_init(sem, initial_count, limit);
	}
	USER_ARGS(.a = { UPTR(sem), initial_count, limit });
	return (int)z_syscall(Z_SC_K_SEM_INIT, &zargs_);
}

int k_sem_take(struct k_sem *sem, k_timeout_t timeout)
{
	if (!arch_is_user_context()) {
		return z_impl_k_sem_take(sem, timeout);
	}
	USER_ARGS(.a = { UPTR(sem) }, .timeout = timeout);
	return (int)z_syscall(Z_SC_K_SEM_TAKE, &zargs_);
}

void k_sem_give(struct k_sem *sem)
{
	if (!arch_is_user_context()) {
		z_impl_k_sem_give(sem);
		return;
	}
	USER_ARGS(.a = { UPTR(sem) });
	(void)z_syscall(Z_SC_K_SEM_GIVE, &zargs_);
}

void k_sem_reset(struct k_sem *sem)
{
	if (!arch_is_user_context()) {
		z_impl_k_sem_reset(sem);
		return;
	}
	USER_ARGS(.a = { UPTR(sem) });
	(void)z_syscall(Z_SC_K_SEM_RESET, &zargs_);
}

unsigned int k_sem_count_get(struct k_sem *sem)
{
	if (!arch_is_user_context()) {
		return z_impl_k_sem_count_get(sem);
	}
	USER_ARGS(.a = { UPTR(sem) });
	return (unsigned int)z_syscall(Z_SC_K_SEM_COUNT_GET, &zargs_);
}

void k_queue_init(struct k_queue *queue)
{
	if (!arch_is_user_context()) {
		z_impl_k_queue_init(queue);
		return;
	}
	USER_ARGS(.a = { UPTR(queue) });
	(void)z_syscall(Z_SC_K_QUEUE_INIT, &zargs_);
}

void k_queue_append(struct k_queue *queue, void *data)
{
	if (!arch_is_user_context()) {
		z_impl_k_queue_append(queue, data);
		return;
	}
	USER_ARGS(.a = { UPTR(queue), UPTR(data) });
	(void)z_syscall(Z_SC_K_QUEUE_APPEND, &zargs_);
}

void k_queue_prepend(struct k_queue *queue, void *data)
{
	if (!arch_is_user_context()) {
		z_impl_k_queue_prepend(queue, data);
		return;
	}
	USER_ARGS(.a = { UPTR(queue), UPTR(data) });
	(void)z_syscall(Z_SC_K_QUEUE_PREPEND, &zargs_);
}

void *k_queue_get(struct k_queue *queue, k_timeout_t timeout)
{
	if (!arch_is_user_context()) {
		return z_impl_k_queue_get(queue, timeout);
	}
	USER_ARGS(.a = { UPTR(queue) }, .timeout = timeout);
	return (void *)(uintptr_t)z_syscall(Z_SC_K_QUEUE_GET, &zargs_);
}

int k_queue_is_empty(struct k_queue *queue)
{
	if (!arch_is_user_context()) {
		return z_impl_k_queue_is_empty(queue);
	}
	USER_ARGS(.a = { UPTR(queue) });
	return (int)z_syscall(Z_SC_K_QUEUE_IS_EMPTY, &zargs_);
}

void *k_queue_peek_head(struct k_queue *queue)
{
	if (!arch_is_user_context()) {
		return z_impl_k_queue_peek_head(queue);
	}
	USER_ARGS(.a = { UPTR(queue) });
	return (void *)(uintptr_t)z_syscall(Z_SC_K_QUEUE_PEEK_HEAD, &zargs_);
}

void *k_queue_peek_tail(struct k_queue *queue)
{
	if (!arch_is_user_context()) {
		return z_impl_k_queue_peek_tail(queue);
	}
	USER_ARGS(.a = { UPTR(queue) });
	return (void *)(uintptr_t)z_syscall(Z_SC_K_QUEUE_PEEK_TAIL, &zargs_);
}

void k_queue_cancel_wait(struct k_queue *queue)
{
	if (!arch_is_user_context()) {
		z_impl_k_queue_cancel_wait(queue);
		return;
	}
	USER_ARGS(.a = { UPTR(queue) });
	(void)z_syscall(Z_SC_K_QUEUE_CANCEL_WAIT, &zargs_);
}

int k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout)
{
	if (!arch_is_user_context()) {
		return z_impl_k_msgq_put(msgq, data, timeout);
	}
	USER_ARGS(.a = { UPTR(msgq), UPTR(data) }, .timeout = timeout);
	return (int)z_syscall(Z_SC_K_MSGQ_PUT, &zargs_);
}

int k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout)
{
	if (!arch_is_user_context()) {
		return z_impl_k_msgq_get(msgq, data, timeout);
	}
	USER_ARGS(.a = { UPTR(msgq), UPTR(data) }, .timeout = timeout);
	return (int)z_syscall(Z_SC_K_MSGQ_GET, &zargs_);
}

int k_msgq_peek(struct k_msgq *msgq, void *data)
{
	if (!arch_is_user_context()) {
		return z_impl_k_msgq_peek(msgq, data);
	}
	USER_ARGS(.a = { UPTR(msgq), UPTR(data) });
	return (int)z_syscall(Z_SC_K_MSGQ_PEEK, &zargs_);
}

void k_msgq_purge(struct k_msgq *msgq)
{
	if (!arch_is_user_context()) {
		z_impl_k_msgq_purge(msgq);
		return;
	}
	USER_ARGS(.a = { UPTR(msgq) });
	(void)z_syscall(Z_SC_K_MSGQ_PURGE, &zargs_);
}

uint32_t k_msgq_num_free_get(struct k_msgq *msgq)
{
	if (!arch_is_user_context()) {
		return z_impl_k_msgq_num_free_get(msgq);
	}
	USER_ARGS(.a = { UPTR(msgq) });
	return (uint32_t)z_syscall(Z_SC_K_MSGQ_NUM_FREE_GET, &zargs_);
}

uint32_t k_msgq_num_used_get(struct k_msgq *msgq)
{
	if (!arch_is_user_context()) {
		return z_impl_k_msgq_num_used_get(msgq);
	}
	USER_ARGS(.a = { UPTR(msgq) });
	return (uint32_t)z_syscall(Z_SC_K_MSGQ_NUM_USED_GET, &zargs_);
}

/* ---- console ------------------------------------------------------------------------- */

/* Z_PRINTK_USER_BUF bytes of one user printk (longer output is truncated, as Zephyr's user printk buffer). */
#define Z_PRINTK_USER_BUF 256

void vprintk(const char *fmt, va_list ap)
{
	if (!k_is_user_context()) {
		z_impl_vprintk(fmt, ap);
		return;
	}
	/* Formatted with the caller's own rights: a bad %s argument faults in the caller. */
	char buf[Z_PRINTK_USER_BUF];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n <= 0) {
		return;
	}
	USER_ARGS(.a = { UPTR(buf), (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1U });
	(void)z_syscall(Z_SC_PRINTK_STRING, &zargs_);
}

/* ---- calls whose implementation lives elsewhere (sched.c, thread.c, thread_stack.c, mem_domain.c) ---- */

int z_user_k_thread_stack_space_get(const struct k_thread *thread, size_t *unused_ptr);
int z_user_k_thread_stack_space_get(const struct k_thread *thread, size_t *unused_ptr)
{
	USER_ARGS(.a = { UPTR(thread), UPTR(unused_ptr) });
	return (int)z_syscall(Z_SC_K_THREAD_STACK_SPACE_GET, &zargs_);
}

k_tid_t k_current_get(void)
{
	if (!arch_is_user_context()) {
		return _current;
	}
	USER_ARGS(.ret = 0);
	return (k_tid_t)(uintptr_t)z_syscall(Z_SC_K_CURRENT_GET, &zargs_);
}

int64_t k_uptime_ticks(void)
{
	if (!arch_is_user_context()) {
		return (int64_t)z_tick_get();
	}
	USER_ARGS(.ret = 0);
	return (int64_t)z_syscall(Z_SC_K_UPTIME_TICKS, &zargs_);
}

uint64_t k_cycle_get_64(void)
{
	if (!arch_is_user_context()) {
		return arch_cycle_get_64();
	}
	USER_ARGS(.ret = 0);
	return z_syscall(Z_SC_K_CYCLE_GET_64, &zargs_);
}

FUNC_NORETURN void z_thread_exit_self(void)
{
	if (arch_is_user_context()) {
		USER_ARGS(.ret = 0);
		(void)z_syscall(Z_SC_THREAD_EXIT, &zargs_);
	} else {
		k_thread_abort(_current);
	}
	CODE_UNREACHABLE;
}

void z_syscall_supervisor_only(const char *fn)
{
	USER_ARGS(.a = { UPTR(fn) });
	(void)z_syscall(Z_SC_SUPERVISOR_ONLY, &zargs_);
}
