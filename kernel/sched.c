/*
 * Scheduler, wait queues and timeouts.
 *
 * One CPU. The ready queue holds every ready thread except the current one,
 * ordered by priority, FIFO among equals. A preempted thread goes back to the
 * FRONT of its priority (it keeps its turn); a yielding one to the back.
 * Wait queues order by priority, then arrival (pend_order). Deadlines are
 * absolute ticks in one sorted list; they fire when the clock reaches them,
 * which in simulated time happens only in the idle path (no thread ready) or
 * after k_busy_wait().
 *
 * The idle path runs on the host thread of whoever gave up the CPU last: it
 * asks the port to advance time to the earliest deadline. With no deadline
 * left nothing can ever run again: the exit rule ends the process.
 */
#include <errno.h>
#include <string.h>
#include "kernel_internal.h"

struct z_kernel _kernel;

/* ---- ready queue ---------------------------------------------------------- */

bool z_thread_is_ready(const struct k_thread *t)
{
	return (t->base.thread_state &
		(_THREAD_PENDING | _THREAD_PRESTART | _THREAD_DEAD | _THREAD_SUSPENDED | _THREAD_SLEEPING)) == 0U;
}

static void rq_insert(struct k_thread *t, bool at_front)
{
	sys_dnode_t *n;

	z_dlist_lazy_init(&_kernel.ready_q);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.ready_q, n) {
		struct k_thread *o = CONTAINER_OF(n, struct k_thread, base.qnode);

		if (at_front ? o->base.prio >= t->base.prio : o->base.prio > t->base.prio) {
			sys_dlist_insert(n, &t->base.qnode);
			t->base.thread_state |= _THREAD_QUEUED;
			return;
		}
	}
	sys_dlist_append(&_kernel.ready_q, &t->base.qnode);
	t->base.thread_state |= _THREAD_QUEUED;
}

static void rq_remove(struct k_thread *t)
{
	sys_dlist_remove(&t->base.qnode);
	t->base.thread_state &= ~_THREAD_QUEUED;
}

static struct k_thread *rq_head(void)
{
	return SYS_DLIST_CONTAINER(sys_dlist_peek_head(&_kernel.ready_q), struct k_thread, base.qnode);
}

void z_ready_thread(struct k_thread *t)
{
	if (z_thread_is_ready(t) && (t->base.thread_state & _THREAD_QUEUED) == 0U) {
		rq_insert(t, false);
	}
}

/* A ready thread should take the CPU from the current one. */
static bool need_preempt(void)
{
	struct k_thread *cur = _current;
	struct k_thread *next = rq_head();

	if (cur == NULL || next == NULL) {
		return false;
	}
	if (!z_thread_is_ready(cur)) {
		return true;
	}
	if (cur->base.prio < 0 || cur->base.sched_locked > 0) {
		return false; /* cooperative, or scheduler locked */
	}
	return next->base.prio < cur->base.prio;
}

/* ---- timeouts --------------------------------------------------------------- */

uint64_t z_tick_get(void)
{
	return k_cyc_to_ticks_floor64(arch_cycle_get_64());
}

uint64_t z_tick_get_ceil(void)
{
	return k_cyc_to_ticks_ceil64(arch_cycle_get_64());
}

uint64_t z_timeout_deadline(k_timeout_t timeout)
{
	if (K_TIMEOUT_EQ(timeout, K_FOREVER)) {
		return UINT64_MAX;
	}
	if (Z_IS_TIMEOUT_ABS(timeout)) {
		return (uint64_t)(Z_TICK_ABS(timeout.ticks));
	}
	/* Relative: from the next tick boundary, so a wait is never shorter than asked. */
	return z_tick_get_ceil() + (uint64_t)timeout.ticks;
}

static void timeout_arm(struct k_thread *t, uint64_t deadline)
{
	sys_dnode_t *n;

	t->base.deadline = deadline;
	z_dlist_lazy_init(&_kernel.timeout_q);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.timeout_q, n) {
		struct k_thread *o = CONTAINER_OF(n, struct k_thread, base.tnode);

		if (o->base.deadline > deadline) {
			sys_dlist_insert(n, &t->base.tnode);
			return;
		}
	}
	sys_dlist_append(&_kernel.timeout_q, &t->base.tnode);
}

void z_add_thread_timeout(struct k_thread *t, k_timeout_t timeout)
{
	timeout_arm(t, z_timeout_deadline(timeout));
}

void z_abort_thread_timeout(struct k_thread *t)
{
	if (sys_dnode_is_linked(&t->base.tnode)) {
		sys_dlist_remove(&t->base.tnode);
	}
}

/* A deadline passed: the thread stops waiting (its result stays -EAGAIN). */
static void thread_timeout(struct k_thread *t)
{
	if ((t->base.thread_state & _THREAD_PENDING) != 0U) {
		z_unpend_thread_no_timeout(t);
	}
	t->base.thread_state &= ~(_THREAD_SLEEPING | _THREAD_PRESTART);
	z_ready_thread(t);
}

void z_timeouts_announce(void)
{
	uint64_t now = z_tick_get();
	sys_dnode_t *n;

	while ((n = sys_dlist_peek_head(&_kernel.timeout_q)) != NULL) {
		struct k_thread *t = CONTAINER_OF(n, struct k_thread, base.tnode);

		if (t->base.deadline > now) {
			break;
		}
		sys_dlist_remove(n);
		thread_timeout(t);
	}
}

/* Nothing is ready: let time run to the earliest deadline, or apply the exit rule. */
static void idle(void)
{
	sys_dnode_t *n = sys_dlist_peek_head(&_kernel.timeout_q);

	if (n == NULL) {
		if (_kernel.main_returned) {
			arch_system_exit(_kernel.main_ret);
		}
		z_diag("rtmem: stalled: no thread can ever run again and main() has not returned\n");
		arch_system_exit(RTMEM_EXIT_STALLED);
	}
	struct k_thread *t = CONTAINER_OF(n, struct k_thread, base.tnode);
	uint64_t until = z_tmcvt(t->base.deadline, Z_HZ_TICKS, Z_HZ_CYC, true);

	if (until > arch_cycle_get_64()) {
		arch_idle(until);
	}
	z_timeouts_announce();
}

/* ---- switching ---------------------------------------------------------------- */

int z_swap(unsigned int key)
{
	struct k_thread *old = _current;
	struct k_thread *next;

	z_timeouts_announce();
	while ((next = rq_head()) == NULL) {
		idle();
	}
	rq_remove(next);
	if (next != old) {
		_current = next;
		if ((old->base.thread_state & _THREAD_DEAD) != 0U) {
			arch_switch_exit(old, next);
		}
		arch_switch(old, next);
	}
	arch_irq_unlock(key);
	return old->base.swap_retval;
}

void z_reschedule_irqlock(unsigned int key)
{
	if (arch_irq_unlocked(key) && !arch_is_in_isr() && need_preempt()) {
		if (z_thread_is_ready(_current)) {
			rq_insert(_current, true);
		}
		(void)z_swap(key);
		return;
	}
	arch_irq_unlock(key);
}

void z_reschedule(struct k_spinlock *lock, k_spinlock_key_t key)
{
	if (lock != NULL) {
		k_spin_release(lock);
	}
	z_reschedule_irqlock(key.key);
}

void z_reschedule_unlocked(void)
{
	z_reschedule_irqlock(arch_irq_lock());
}

void z_isr_exit(void)
{
	if (_current == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	if (!z_thread_is_ready(_current)) {
		(void)z_swap(key);
		return;
	}
	z_reschedule_irqlock(key);
}

/* ---- wait queues ---------------------------------------------------------------- */

void z_waitq_init(_wait_q_t *wq)
{
	sys_dlist_init(&wq->waitq);
}

struct k_thread *z_waitq_head(_wait_q_t *wq)
{
	return SYS_DLIST_CONTAINER(sys_dlist_peek_head(&wq->waitq), struct k_thread, base.qnode);
}

static void waitq_insert(_wait_q_t *wq, struct k_thread *t)
{
	sys_dnode_t *n;

	z_dlist_lazy_init(&wq->waitq);
	SYS_DLIST_FOR_EACH_NODE(&wq->waitq, n) {
		struct k_thread *o = CONTAINER_OF(n, struct k_thread, base.qnode);

		if (o->base.prio > t->base.prio ||
		    (o->base.prio == t->base.prio && o->base.pend_order > t->base.pend_order)) {
			sys_dlist_insert(n, &t->base.qnode);
			return;
		}
	}
	sys_dlist_append(&wq->waitq, &t->base.qnode);
}

void z_unpend_thread_no_timeout(struct k_thread *t)
{
	sys_dlist_remove(&t->base.qnode);
	t->base.pended_on = NULL;
	t->base.thread_state &= ~_THREAD_PENDING;
}

int z_pend_curr_irqlock(unsigned int key, _wait_q_t *wq, k_timeout_t timeout)
{
	struct k_thread *cur = _current;

	if (arch_is_in_isr()) {
		arch_irq_unlock(key);
		__ASSERT(false, "blocking call in ISR");
		return -EBUSY;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -EAGAIN;
	}
	cur->base.swap_retval = -EAGAIN;
	cur->base.thread_state |= _THREAD_PENDING;
	cur->base.pended_on = wq;
	cur->base.pend_order = ++_kernel.pend_seq;
	waitq_insert(wq, cur);
	if (!K_TIMEOUT_EQ(timeout, K_FOREVER)) {
		z_add_thread_timeout(cur, timeout);
	}
	return z_swap(key);
}

int z_pend_curr(struct k_spinlock *lock, k_spinlock_key_t key, _wait_q_t *wq, k_timeout_t timeout)
{
	if (lock != NULL) {
		k_spin_release(lock);
	}
	return z_pend_curr_irqlock(key.key, wq, timeout);
}

struct k_thread *z_unpend_first_thread(_wait_q_t *wq)
{
	struct k_thread *t = z_waitq_head(wq);

	if (t != NULL) {
		z_unpend_thread_no_timeout(t);
		z_abort_thread_timeout(t);
	}
	return t;
}

bool z_sched_wake(_wait_q_t *wq, int swap_retval, void *swap_data)
{
	struct k_thread *t = z_unpend_first_thread(wq);

	if (t == NULL) {
		return false;
	}
	z_thread_return_value_set_with_data(t, swap_retval, swap_data);
	z_ready_thread(t);
	return true;
}

bool z_sched_wake_all(_wait_q_t *wq, int swap_retval, void *swap_data)
{
	bool woken = false;

	while (z_sched_wake(wq, swap_retval, swap_data)) {
		woken = true;
	}
	return woken;
}

void z_thread_prio_set(struct k_thread *t, int prio)
{
	if ((t->base.thread_state & _THREAD_QUEUED) != 0U) {
		rq_remove(t);
		t->base.prio = prio;
		rq_insert(t, false);
	} else if ((t->base.thread_state & _THREAD_PENDING) != 0U) {
		_wait_q_t *wq = t->base.pended_on;

		sys_dlist_remove(&t->base.qnode);
		t->base.prio = prio;
		waitq_insert(wq, t);
	} else {
		t->base.prio = prio;
	}
}

/* ---- scheduler API -------------------------------------------------------------- */

void z_impl_k_yield(void)
{
	if (arch_is_in_isr() || _current == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	rq_insert(_current, false);
	(void)z_swap(key);
}

void k_sched_lock(void)
{
	__ASSERT(!arch_is_in_isr(), "k_sched_lock in ISR");
	if (_current != NULL && !arch_is_in_isr()) {
		_current->base.sched_locked++;
	}
}

void k_sched_unlock(void)
{
	__ASSERT(_current != NULL && _current->base.sched_locked > 0, "k_sched_unlock without k_sched_lock");
	if (_current == NULL || _current->base.sched_locked <= 0) {
		return;
	}
	if (--_current->base.sched_locked == 0) {
		z_reschedule_unlocked();
	}
}

bool k_is_preempt_thread(void)
{
	return !arch_is_in_isr() && _current != NULL && _current->base.prio >= 0 &&
	       _current->base.sched_locked == 0;
}

bool k_can_yield(void)
{
	return !arch_is_in_isr() && _current != NULL;
}

void k_sched_time_slice_set(int32_t slice, int prio)
{
	ARG_UNUSED(slice);
	ARG_UNUSED(prio);
}

/* Read-only queries: a user thread may not read kernel data or the timer on every port
 * (Cortex-M: MPU background region and the system timer are privileged), so they pass the gate. */
/* k_current_get: syscall.c (a system call for user threads). */

/* ---- time API ----------------------------------------------------------------------- */

/* k_uptime_ticks and k_cycle_get_64: syscall.c. */

int64_t k_uptime_get(void)
{
	return (int64_t)k_ticks_to_ms_floor64((uint64_t)k_uptime_ticks());
}

uint32_t k_uptime_get_32(void)
{
	return (uint32_t)k_uptime_get();
}

uint32_t k_cycle_get_32(void)
{
	return (uint32_t)k_cycle_get_64();
}


k_timepoint_t sys_timepoint_calc(k_timeout_t timeout)
{
	k_timepoint_t tp;

	tp.tick = K_TIMEOUT_EQ(timeout, K_NO_WAIT) ? 0 : z_timeout_deadline(timeout);
	return tp;
}

k_timeout_t sys_timepoint_timeout(k_timepoint_t timepoint)
{
	if (timepoint.tick == UINT64_MAX) {
		return K_FOREVER;
	}
	if (timepoint.tick == 0 || timepoint.tick <= z_tick_get()) {
		return K_NO_WAIT;
	}
	/* Absolute form: waiting for it ends exactly at the original deadline. */
	return K_TIMEOUT_ABS_TICKS((k_ticks_t)timepoint.tick);
}

void k_busy_wait(uint32_t usec)
{
	arch_busy_wait(usec);
	if (!arch_is_in_isr() && _current != NULL) {
		unsigned int key = arch_irq_lock();

		z_timeouts_announce();
		z_reschedule_irqlock(key);
	}
}
