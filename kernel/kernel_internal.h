/*
 * Kernel-internal scheduler and wait-queue API (z_ = cross-file internal).
 * Memory objects in kernel/ (k_heap, k_mem_slab, ...) block and wake through
 * these calls only. All of them run with interrupts masked by the caller
 * (key = arch_irq_lock() or a k_spin_lock key) unless stated otherwise.
 *
 * Blocking pattern (k_heap: wake ALL waiters, each retries until its
 * original deadline):
 *
 *	k_timepoint_t end = sys_timepoint_calc(timeout);
 *	k_spinlock_key_t key = k_spin_lock(&h->lock);
 *	while ((p = try_alloc(h)) == NULL && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
 *		if (z_pend_curr(&h->lock, key, &h->wait_q, sys_timepoint_timeout(end)) == -EAGAIN)
 *			return NULL;                    // deadline passed
 *		key = k_spin_lock(&h->lock);
 *	}
 *	...
 *	free path:  if (z_unpend_all(&h->wait_q)) z_reschedule(&h->lock, key);
 *	            else k_spin_unlock(&h->lock, key);
 *
 * Hand-off pattern (k_mem_slab: the freed block goes to the first waiter):
 *
 *	free:  if (z_sched_wake(&slab->wait_q, 0, block)) { z_reschedule(&slab->lock, key); return; }
 *	alloc: ret = z_pend_curr(&slab->lock, key, &slab->wait_q, timeout);
 *	       if (ret == 0) *mem = k_current_get()->base.swap_data;   // -EAGAIN = timed out
 */
#ifndef RTMEM_KERNEL_INTERNAL_H_
#define RTMEM_KERNEL_INTERNAL_H_

#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <rtmem/arch/arch.h>
#include <rtmem/kernel.h>

/** The kernel's global state (one CPU). */
struct z_kernel {
	/** thread holding the CPU (the interrupted one in an ISR); NULL at boot */
	struct k_thread *current;
	/** ready threads except current, by priority then FIFO */
	sys_dlist_t ready_q;
	/** threads with an armed deadline, by deadline then arming order */
	sys_dlist_t timeout_q;
	/** live threads in creation order (k_thread_foreach) */
	sys_dlist_t threads;
	/** dead threads whose host side is not reaped yet */
	sys_dlist_t dead;
	/** arrival counter for wait-queue FIFO order */
	uint64_t pend_seq;
	/** main() returned; its value */
	bool main_returned;
	int main_ret;
};

extern struct z_kernel _kernel;
#define _current (_kernel.current)

/* ---- wait queues ---- */

/** Initialise @a wq empty. O(1). */
void z_waitq_init(_wait_q_t *wq);

/** First waiter (highest priority, longest waiting) or NULL. O(1). */
struct k_thread *z_waitq_head(_wait_q_t *wq);

/**
 * @brief Block the current thread on @a wq until woken or @a timeout.
 * @context  thread, interrupts masked with @a key (from arch_irq_lock() or @a lock's k_spin_lock)
 * @pre      not in an ISR; @a lock (may be NULL) held by the caller
 * @post     @a lock released; interrupt state of @a key restored on return.
 *           The woken thread finds the waker's value in k_current_get()->base.swap_data.
 *           Set base.swap_data before calling to hand the waker a pointer (k_msgq).
 * @complexity O(waiters + timeouts)
 * @retval   the waker's value (0 from z_unpend_all/z_sched_wake(wq, 0, ..))
 * @retval   -EAGAIN  the deadline passed first (also at once for K_NO_WAIT)
 * @retval   -EBUSY   called from an ISR (after __ASSERT)
 * @ub       none
 */
int z_pend_curr(struct k_spinlock *lock, k_spinlock_key_t key, _wait_q_t *wq, k_timeout_t timeout);

/** z_pend_curr() with an irq_lock() key instead of a spinlock. */
int z_pend_curr_irqlock(unsigned int key, _wait_q_t *wq, k_timeout_t timeout);

/**
 * @brief Remove the first waiter from @a wq (and its deadline), not yet ready.
 * @context  any, interrupts masked
 * @pre      none
 * @post     the caller sets its result (z_thread_return_value_set_with_data) and
 *           calls z_ready_thread() on it
 * @complexity O(timeouts)
 * @retval   the thread, or NULL if none waits
 * @ub       none
 */
struct k_thread *z_unpend_first_thread(_wait_q_t *wq);

/** Make @a thread ready if nothing else blocks it (no switch: call z_reschedule after). O(threads). */
void z_ready_thread(struct k_thread *thread);

/** Result and value a pended thread will see when it runs again. O(1). */
static inline void z_thread_return_value_set_with_data(struct k_thread *thread, int value, void *data)
{
	thread->base.swap_retval = value;
	thread->base.swap_data = data;
}

/**
 * @brief Wake the first waiter of @a wq with (@a swap_retval, @a swap_data).
 * @context  any, interrupts masked
 * @pre      none
 * @post     that thread is ready; call z_reschedule() to let it preempt
 * @complexity O(threads)
 * @retval   true if a thread was woken
 * @ub       none
 */
bool z_sched_wake(_wait_q_t *wq, int swap_retval, void *swap_data);

/** Wake every waiter of @a wq with the same values; true if any. O(waiters * threads). */
bool z_sched_wake_all(_wait_q_t *wq, int swap_retval, void *swap_data);

/** Wake every waiter with result 0 (k_heap free). Returns true if any. */
static inline bool z_unpend_all(_wait_q_t *wq)
{
	return z_sched_wake_all(wq, 0, NULL);
}

/**
 * @brief Release @a lock (may be NULL), restore @a key, and switch if a
 *        woken thread should preempt the caller.
 * @context  any (in an ISR the switch waits for the ISR exit)
 * @pre      @a key from the matching lock
 * @post     the caller may have been preempted and resumed
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void z_reschedule(struct k_spinlock *lock, k_spinlock_key_t key);

/** z_reschedule() with an irq_lock() key. */
void z_reschedule_irqlock(unsigned int key);

/** Switch now if a ready thread should preempt the caller (interrupts unmasked). */
void z_reschedule_unlocked(void);

/* ---- threads, timeouts (sched.c / thread.c) ---- */

/** Give up the CPU: the caller already set its own state (pended, dead, or requeued). */
int z_swap(unsigned int key);
/** Change @a t's priority, keeping ready/wait queues ordered. */
void z_thread_prio_set(struct k_thread *t, int prio);
/** True when nothing blocks @a t (it may run). */
bool z_thread_is_ready(const struct k_thread *t);
/** Arm @a t's deadline for @a timeout (not K_FOREVER / K_NO_WAIT). */
void z_add_thread_timeout(struct k_thread *t, k_timeout_t timeout);
/** Disarm @a t's deadline if armed. */
void z_abort_thread_timeout(struct k_thread *t);
/** Deadline tick of a timeout taken now (UINT64_MAX = K_FOREVER). */
uint64_t z_timeout_deadline(k_timeout_t timeout);
/** Current tick, rounded down / up to a tick boundary. */
uint64_t z_tick_get(void);
uint64_t z_tick_get_ceil(void);
/** Run the handlers of every deadline that has passed. */
void z_timeouts_announce(void);
/** Remove @a t from the wait queue it pends on (deadline untouched). */
void z_unpend_thread_no_timeout(struct k_thread *t);
/** Reap the host side of every dead thread but the caller. */
void z_reap_dead(void);
/** Valid application priority. */
static inline bool z_is_valid_prio(int prio)
{
	return prio >= K_HIGHEST_APPLICATION_THREAD_PRIO && prio <= K_LOWEST_APPLICATION_THREAD_PRIO;
}

/** Print a diagnostic line on the port's diagnostics channel (stderr on the host). */
void z_diag(const char *fmt, ...) __printf_like(1, 2);

/* ---- hooks the port calls ---- */

/**
 * @brief Boot: create main (running @a main_fn(@a arg)) and the static threads, start the first.
 * @context  boot, once
 * @pre      static threads registered (constructors ran)
 * @post     the scheduler runs; the process ends by the exit rule (rtmem/sim.h)
 * @complexity O(static threads)
 * @retval   does not return
 * @ub       called twice
 */
FUNC_NORETURN void z_cstart(int (*main_fn)(void *arg), void *arg);

/** Leaving the outermost interrupt: switch if the ISR readied a thread that preempts, or ended/suspended the current one. */
void z_isr_exit(void);

/* ---- user threads: the kernel gate, numbered system calls (syscall.c) ---- */

/** Arguments and result of one system call; lives on the calling user thread's stack. */
struct z_syscall_args {
	uintptr_t a[3];      /**< pointer / integer arguments */
	k_timeout_t timeout; /**< the timeout argument, if any */
	uint64_t ret;        /**< result, written back by z_syscall_dispatch() */
};

/** The system-call numbers (indices into syscall.c's table). */
enum z_syscall_id {
	Z_SC_K_SLEEP,
	Z_SC_K_USLEEP,
	Z_SC_K_YIELD,
	Z_SC_K_SEM_INIT,
	Z_SC_K_SEM_TAKE,
	Z_SC_K_SEM_GIVE,
	Z_SC_K_SEM_RESET,
	Z_SC_K_SEM_COUNT_GET,
	Z_SC_K_QUEUE_INIT,
	Z_SC_K_QUEUE_APPEND,
	Z_SC_K_QUEUE_PREPEND,
	Z_SC_K_QUEUE_GET,
	Z_SC_K_QUEUE_IS_EMPTY,
	Z_SC_K_QUEUE_PEEK_HEAD,
	Z_SC_K_QUEUE_PEEK_TAIL,
	Z_SC_K_QUEUE_CANCEL_WAIT,
	Z_SC_K_MSGQ_PUT,
	Z_SC_K_MSGQ_GET,
	Z_SC_K_MSGQ_PEEK,
	Z_SC_K_MSGQ_PURGE,
	Z_SC_K_MSGQ_NUM_FREE_GET,
	Z_SC_K_MSGQ_NUM_USED_GET,
	Z_SC_PRINTK_STRING,
	Z_SC_K_THREAD_STACK_SPACE_GET,
	Z_SC_K_CURRENT_GET,
	Z_SC_K_UPTIME_TICKS,
	Z_SC_K_CYCLE_GET_64,
	Z_SC_THREAD_EXIT,
	Z_SC_SUPERVISOR_ONLY,
	Z_SYSCALL_COUNT
};

/** Number of table entries (the port's trap handler refuses call numbers >= this). */
extern const unsigned int z_syscall_count;

/**
 * User side of a system call: trap into the kernel (arch_syscall_invoke) with call @a id.
 * @pre arch_is_user_context(); @a args on the caller's stack. Returns args->ret.
 */
uint64_t z_syscall(unsigned int id, struct z_syscall_args *args);
/**
 * Kernel side, called by the port with supervisor rights (Cortex-M: the trampoline the
 * SVC handler returned into; host: arch_syscall_invoke directly): validates @a id and
 * @a args, runs the table entry, re-applies the caller's user rights.
 */
void z_syscall_dispatch(unsigned int id, void *args);
/** A supervisor-only call from a user thread: report and K_ERR_KERNEL_OOPS (via the gate). */
void z_syscall_supervisor_only(const char *fn);
/** End the calling thread (user threads through the gate). */
FUNC_NORETURN void z_thread_exit_self(void);
/** K_ERR_KERNEL_OOPS unless the current user thread may access [ptr, ptr + bytes). */
void z_syscall_check(const char *fn, const void *ptr, size_t bytes, bool write);

/* Implementations behind the gate (the public names are in syscall.c). */
int32_t z_impl_k_sleep(k_timeout_t timeout);
int32_t z_impl_k_usleep(int32_t us);
void z_impl_k_yield(void);
int z_impl_k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit);
int z_impl_k_sem_take(struct k_sem *sem, k_timeout_t timeout);
void z_impl_k_sem_give(struct k_sem *sem);
void z_impl_k_sem_reset(struct k_sem *sem);
unsigned int z_impl_k_sem_count_get(struct k_sem *sem);
void z_impl_k_queue_init(struct k_queue *queue);
void z_impl_k_queue_append(struct k_queue *queue, void *data);
void z_impl_k_queue_prepend(struct k_queue *queue, void *data);
void *z_impl_k_queue_get(struct k_queue *queue, k_timeout_t timeout);
int z_impl_k_queue_is_empty(struct k_queue *queue);
void *z_impl_k_queue_peek_head(struct k_queue *queue);
void *z_impl_k_queue_peek_tail(struct k_queue *queue);
void z_impl_k_queue_cancel_wait(struct k_queue *queue);
int z_impl_k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout);
int z_impl_k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout);
int z_impl_k_msgq_peek(struct k_msgq *msgq, void *data);
void z_impl_k_msgq_purge(struct k_msgq *msgq);
uint32_t z_impl_k_msgq_num_free_get(struct k_msgq *msgq);
uint32_t z_impl_k_msgq_num_used_get(struct k_msgq *msgq);
void z_impl_vprintk(const char *fmt, va_list ap);
int z_impl_k_thread_stack_space_get(const struct k_thread *thread, size_t *unused_ptr);

/* ---- stacks (thread_stack.c) ---- */

/** Unused bytes of [start, start + size): 0xAA bytes from the bottom. O(size). */
size_t z_stack_unused_bytes(const void *start, size_t size);

#endif /* RTMEM_KERNEL_INTERNAL_H_ */
