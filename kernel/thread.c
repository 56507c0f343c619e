/*
 * Thread life cycle: create, start, join, abort, suspend/resume, sleep,
 * wakeup, priorities, names, custom data, iteration; boot (z_cstart) with
 * main and the static threads.
 */
#include <errno.h>
#include <string.h>
#include "kernel_internal.h"

/* ---- static threads (K_THREAD_DEFINE), registered by constructors -------- */

static struct _static_thread_data *static_head;
static struct _static_thread_data **static_tail = &static_head;

void z_static_thread_register(struct _static_thread_data *data)
{
	data->next = NULL;
	*static_tail = data;
	static_tail = &data->next;
}

/* ---- helpers ---------------------------------------------------------------- */

void z_reap_dead(void)
{
	sys_dnode_t *n, *tmp;

	SYS_DLIST_FOR_EACH_NODE_SAFE(&_kernel.dead, n, tmp) {
		struct k_thread *t = CONTAINER_OF(n, struct k_thread, base.qnode);

		if (t == _current) {
			continue;
		}
		sys_dlist_remove(n);
		arch_thread_reap(t);
		arch_stack_guard_clear(t);
	}
}

static void thread_entry(struct k_thread *t)
{
	/* The thread that switched here had interrupts masked; a new thread starts unmasked. */
	k_thread_entry_t entry = t->entry;
	void *p1 = t->p1, *p2 = t->p2, *p3 = t->p3;

	arch_irq_unlock(0);
	if ((t->base.user_options & K_USER) != 0U) {
		arch_syscall_drop(); /* user code runs with user rights (no kernel data from here) */
	}
	entry(p1, p2, p3);
	z_thread_exit_self(); /* a user thread ends through the gate */
}

/* ---- create / start ------------------------------------------------------------ */

k_tid_t k_thread_create(struct k_thread *new_thread, k_thread_stack_t *stack, size_t stack_size,
			k_thread_entry_t entry, void *p1, void *p2, void *p3, int prio, uint32_t options,
			k_timeout_t delay)
{
	__ASSERT(new_thread != NULL && stack != NULL && entry != NULL, "k_thread_create: NULL thread, stack or entry");
	__ASSERT(!arch_is_in_isr(), "Threads may not be created in ISRs");
	__ASSERT(z_is_valid_prio(prio), "invalid priority (%d); allowed range: %d to %d", prio,
		 K_HIGHEST_APPLICATION_THREAD_PRIO, K_LOWEST_APPLICATION_THREAD_PRIO);
	if (new_thread == NULL || stack == NULL || entry == NULL || arch_is_in_isr() || !z_is_valid_prio(prio)) {
		return NULL; /* only reached from an ISR in test mode */
	}
	z_reap_dead();

	struct k_thread *creator = _current;
	struct k_thread *t = new_thread;
	size_t obj_bytes = K_THREAD_STACK_LEN(stack_size);

	memset(t, 0, sizeof(*t));
	t->entry = entry;
	t->p1 = p1;
	t->p2 = p2;
	t->p3 = p3;
	t->base.prio = prio;
	t->base.user_options = options;
	t->base.thread_state = _THREAD_PRESTART;
	t->stack_info.start = (uintptr_t)stack + ARCH_THREAD_STACK_GUARD_SIZE;
	t->stack_info.size = obj_bytes - ARCH_THREAD_STACK_GUARD_SIZE;
	t->stack_info.delta = 0;
	t->mem_domain = &k_mem_domain_default;
	if (creator != NULL) {
		t->resource_pool = creator->resource_pool;
		t->mem_domain = k_mem_domain_of(creator);
	}
	z_waitq_init(&t->join_queue);
	if (IS_ENABLED(CONFIG_INIT_STACKS)) {
		arch_stack_init_fill((void *)t->stack_info.start, t->stack_info.size);
	}
	int ret = arch_stack_guard_set(t);

	if (ret == 0) {
		ret = arch_new_thread(t, (void *)t->stack_info.start, t->stack_info.size, thread_entry);
		if (ret != 0) {
			arch_stack_guard_clear(t);
		}
	}
	__ASSERT(ret == 0, "host thread creation failed (%d)", ret);
	if (ret != 0) {
		return NULL;
	}
	sys_dlist_append(&_kernel.threads, &t->all_node);
	(void)arch_mem_domain_thread_add(t);

	if (K_TIMEOUT_EQ(delay, K_NO_WAIT)) {
		k_thread_start(t);
	} else if (!K_TIMEOUT_EQ(delay, K_FOREVER)) {
		unsigned int key = arch_irq_lock();

		z_add_thread_timeout(t, delay);
		arch_irq_unlock(key);
	}
	return t;
}

void k_thread_start(k_tid_t thread)
{
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & (_THREAD_PRESTART | _THREAD_DEAD)) != _THREAD_PRESTART) {
		arch_irq_unlock(key);
		return;
	}
	z_abort_thread_timeout(thread);
	thread->base.thread_state &= ~_THREAD_PRESTART;
	z_ready_thread(thread);
	z_reschedule_irqlock(key);
}

/* ---- end ---------------------------------------------------------------------------- */

void k_thread_abort(k_tid_t thread)
{
	__ASSERT(thread != NULL, "k_thread_abort(NULL)");
	if (thread == NULL || (thread->base.thread_state & _THREAD_DEAD) != 0U) {
		return;
	}
	if ((thread->base.user_options & K_ESSENTIAL) != 0U) {
		printk("ASSERTION FAIL: aborting essential thread %p (%s)\n", (void *)thread, thread->name);
		k_fatal_halt(K_ERR_KERNEL_PANIC);
	}
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & _THREAD_QUEUED) != 0U) {
		sys_dlist_remove(&thread->base.qnode);
	}
	if ((thread->base.thread_state & _THREAD_PENDING) != 0U) {
		z_unpend_thread_no_timeout(thread);
	}
	z_abort_thread_timeout(thread);
	thread->base.thread_state = _THREAD_DEAD;
	sys_dlist_remove(&thread->all_node);
	arch_mem_domain_thread_remove(thread);
	(void)z_sched_wake_all(&thread->join_queue, 0, NULL);
	sys_dlist_append(&_kernel.dead, &thread->base.qnode);

	if (thread == _current) {
		if (arch_is_in_isr()) {
			arch_irq_unlock(key); /* the ISR exit switches away */
			return;
		}
		(void)z_swap(key);
		CODE_UNREACHABLE;
	}
	sys_dlist_remove(&thread->base.qnode);
	arch_thread_reap(thread);
	arch_stack_guard_clear(thread);
	z_reschedule_irqlock(key);
}

int k_thread_join(struct k_thread *thread, k_timeout_t timeout)
{
	if (thread == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		__ASSERT(false, "k_thread_join with a timeout in ISR");
		return -EBUSY;
	}
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & _THREAD_DEAD) != 0U) {
		arch_irq_unlock(key);
		z_reap_dead();
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	if (thread == _current || thread->base.pended_on == &_current->join_queue) {
		arch_irq_unlock(key);
		return -EDEADLK;
	}
	int ret = z_pend_curr_irqlock(key, &thread->join_queue, timeout);

	if (ret == 0) {
		z_reap_dead();
	}
	return ret;
}

/* ---- suspend / resume / sleep / wakeup ------------------------------------------------ */

void k_thread_suspend(k_tid_t thread)
{
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & (_THREAD_DEAD | _THREAD_SUSPENDED)) != 0U) {
		arch_irq_unlock(key);
		return;
	}
	if ((thread->base.thread_state & _THREAD_SLEEPING) != 0U) {
		z_abort_thread_timeout(thread);
		thread->base.thread_state &= ~_THREAD_SLEEPING;
	}
	thread->base.thread_state |= _THREAD_SUSPENDED;
	if ((thread->base.thread_state & _THREAD_QUEUED) != 0U) {
		sys_dlist_remove(&thread->base.qnode);
		thread->base.thread_state &= ~_THREAD_QUEUED;
	}
	if (thread == _current && !arch_is_in_isr()) {
		(void)z_swap(key);
		return;
	}
	arch_irq_unlock(key);
}

void k_thread_resume(k_tid_t thread)
{
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & _THREAD_SUSPENDED) == 0U) {
		arch_irq_unlock(key);
		return;
	}
	thread->base.thread_state &= ~_THREAD_SUSPENDED;
	z_ready_thread(thread);
	z_reschedule_irqlock(key);
}

/* Sleep until the deadline or k_wakeup(); returns the ticks left. */
static uint64_t tick_sleep(k_timeout_t timeout)
{
	unsigned int key = arch_irq_lock();
	uint64_t deadline = z_timeout_deadline(timeout);

	_current->base.thread_state |= _THREAD_SLEEPING;
	z_add_thread_timeout(_current, timeout);
	(void)z_swap(key);

	uint64_t now = z_tick_get();

	return deadline > now ? deadline - now : 0;
}

int32_t z_impl_k_sleep(k_timeout_t timeout)
{
	if (arch_is_in_isr()) {
		__ASSERT(false, "k_sleep in ISR");
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		k_yield();
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_FOREVER)) {
		k_thread_suspend(_current);
		return (int32_t)K_TICKS_FOREVER;
	}
	return (int32_t)k_ticks_to_ms_ceil64(tick_sleep(timeout));
}

int32_t k_msleep(int32_t ms)
{
	return k_sleep(K_MSEC(ms));
}

int32_t z_impl_k_usleep(int32_t us)
{
	if (arch_is_in_isr()) {
		__ASSERT(false, "k_usleep in ISR");
		return 0;
	}
	if (us <= 0) {
		k_yield();
		return 0;
	}
	return (int32_t)k_ticks_to_us_ceil64(tick_sleep(K_USEC(us)));
}

void k_wakeup(k_tid_t thread)
{
	unsigned int key = arch_irq_lock();

	if ((thread->base.thread_state & (_THREAD_SLEEPING | _THREAD_PENDING)) != _THREAD_SLEEPING) {
		arch_irq_unlock(key);
		return;
	}
	z_abort_thread_timeout(thread);
	thread->base.thread_state &= ~_THREAD_SLEEPING;
	z_ready_thread(thread);
	z_reschedule_irqlock(key);
}

/* ---- attributes ------------------------------------------------------------------------ */

int k_thread_priority_get(k_tid_t thread)
{
	return thread->base.prio;
}

void k_thread_priority_set(k_tid_t thread, int prio)
{
	__ASSERT(z_is_valid_prio(prio), "invalid priority (%d); allowed range: %d to %d", prio,
		 K_HIGHEST_APPLICATION_THREAD_PRIO, K_LOWEST_APPLICATION_THREAD_PRIO);
	__ASSERT(thread != NULL, "k_thread_priority_set(NULL)");
	if (!z_is_valid_prio(prio) || thread == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	z_thread_prio_set(thread, prio);
	z_reschedule_irqlock(key);
}

int k_thread_name_set(k_tid_t thread, const char *str)
{
	struct k_thread *t = thread != NULL ? thread : _current;

	if (str == NULL || t == NULL) {
		return -EINVAL;
	}
	strncpy(t->name, str, sizeof(t->name) - 1);
	t->name[sizeof(t->name) - 1] = '\0';
	return 0;
}

const char *k_thread_name_get(k_tid_t thread)
{
	return thread != NULL ? thread->name : NULL;
}

int k_thread_name_copy(k_tid_t thread, char *buf, size_t size)
{
	if (thread == NULL || buf == NULL) {
		return -EINVAL;
	}
	size_t len = strlen(thread->name);

	if (len + 1 > size) {
		return -ENOSPC;
	}
	memcpy(buf, thread->name, len + 1);
	return 0;
}

void k_thread_custom_data_set(void *value)
{
	_current->custom_data = value;
}

void *k_thread_custom_data_get(void)
{
	return _current->custom_data;
}

void k_thread_foreach(k_thread_user_cb_t user_cb, void *user_data)
{
	sys_dnode_t *n, *tmp;

	SYS_DLIST_FOR_EACH_NODE_SAFE(&_kernel.threads, n, tmp) {
		user_cb(CONTAINER_OF(n, struct k_thread, all_node), user_data);
	}
}

void k_thread_foreach_unlocked(k_thread_user_cb_t user_cb, void *user_data)
{
	k_thread_foreach(user_cb, user_data);
}

FUNC_NORETURN void k_thread_user_mode_enter(k_thread_entry_t entry, void *p1, void *p2, void *p3)
{
	unsigned int key = arch_irq_lock();

	_current->base.user_options |= K_USER;
	(void)arch_mem_domain_thread_add(_current); /* drops to the user rights now */
	arch_irq_unlock(key);
	arch_syscall_drop();
	entry(p1, p2, p3);
	z_thread_exit_self();
}

/* ---- boot ---------------------------------------------------------------------------------- */

K_THREAD_STACK_DEFINE(z_main_stack, CONFIG_MAIN_STACK_SIZE);
static struct k_thread z_main_thread;

static void main_entry(void *p1, void *p2, void *p3)
{
	int (*main_fn)(void *) = (int (*)(void *))p1;

	ARG_UNUSED(p3);
	_kernel.main_ret = main_fn(p2);
	_kernel.main_returned = true;
	/* main has no more work: it is no longer essential (as Zephyr). */
	_current->base.user_options &= ~K_ESSENTIAL;
}

FUNC_NORETURN void z_cstart(int (*main_fn)(void *arg), void *arg)
{
	sys_dlist_init(&_kernel.ready_q);
	sys_dlist_init(&_kernel.timeout_q);
	sys_dlist_init(&_kernel.threads);
	sys_dlist_init(&_kernel.dead);

	k_thread_create(&z_main_thread, z_main_stack, CONFIG_MAIN_STACK_SIZE, main_entry, (void *)main_fn, arg,
			NULL, CONFIG_MAIN_THREAD_PRIORITY, K_ESSENTIAL, K_NO_WAIT);
	k_thread_name_set(&z_main_thread, "main");

	for (struct _static_thread_data *d = static_head; d != NULL; d = d->next) {
		k_thread_create(d->init_thread, d->init_stack, d->init_stack_size, d->init_entry, d->init_p1,
				d->init_p2, d->init_p3, d->init_prio, d->init_options, SYS_TIMEOUT_MS(d->init_delay_ms));
		k_thread_name_set(d->init_thread, d->init_name);
	}

	unsigned int key = arch_irq_lock();
	struct k_thread *first = SYS_DLIST_CONTAINER(sys_dlist_peek_head(&_kernel.ready_q), struct k_thread,
						     base.qnode);

	sys_dlist_remove(&first->base.qnode);
	first->base.thread_state &= ~_THREAD_QUEUED;
	_current = first;
	ARG_UNUSED(key);
	arch_start(first);
}
