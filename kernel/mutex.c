/*
 * Mutexes with priority inheritance (k_mutex). While a higher-priority
 * thread waits, the owner runs at the highest waiting priority; unlock at
 * depth 0 restores the owner's own priority and hands the mutex to the
 * first waiter (Zephyr does not boost the new owner at hand-over).
 */
#include <errno.h>
#include "kernel_internal.h"

int k_mutex_init(struct k_mutex *mutex)
{
	if (mutex == NULL) {
		return -EINVAL;
	}
	z_waitq_init(&mutex->wait_q);
	mutex->owner = NULL;
	mutex->lock_count = 0;
	mutex->owner_orig_prio = K_LOWEST_APPLICATION_THREAD_PRIO;
	return 0;
}

/* The owner's priority given its own and the best waiting one. */
static int inherited_prio(struct k_mutex *mutex)
{
	struct k_thread *w = z_waitq_head(&mutex->wait_q);
	int prio = mutex->owner_orig_prio;

	if (w != NULL && w->base.prio < prio) {
		prio = MAX(w->base.prio, CONFIG_PRIORITY_CEILING);
	}
	return prio;
}

int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout)
{
	if (mutex == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr()) {
		__ASSERT(false, "mutexes cannot be used inside ISRs");
		return -EPERM;
	}
	unsigned int key = arch_irq_lock();

	if (mutex->lock_count == 0U || mutex->owner == _current) {
		if (mutex->lock_count == 0U) {
			mutex->owner = _current;
			mutex->owner_orig_prio = _current->base.prio;
		}
		mutex->lock_count++;
		arch_irq_unlock(key);
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	if (_current->base.prio < mutex->owner->base.prio) {
		z_thread_prio_set(mutex->owner, MAX(_current->base.prio, CONFIG_PRIORITY_CEILING));
	}
	int ret = z_pend_curr_irqlock(key, &mutex->wait_q, timeout);

	if (ret == 0) {
		return 0; /* handed over by k_mutex_unlock() */
	}
	/* Gave up: the owner keeps only the boost the remaining waiters justify. */
	key = arch_irq_lock();
	if (mutex->owner != NULL) {
		z_thread_prio_set(mutex->owner, inherited_prio(mutex));
	}
	z_reschedule_irqlock(key);
	return -EAGAIN;
}

int k_mutex_unlock(struct k_mutex *mutex)
{
	if (mutex == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr()) {
		__ASSERT(false, "mutexes cannot be used inside ISRs");
		return -EPERM;
	}
	if (mutex->owner == NULL) {
		return -EINVAL;
	}
	if (mutex->owner != _current) {
		return -EPERM;
	}
	unsigned int key = arch_irq_lock();

	if (mutex->lock_count > 1U) {
		mutex->lock_count--;
		arch_irq_unlock(key);
		return 0;
	}
	if (_current->base.prio != mutex->owner_orig_prio) {
		z_thread_prio_set(_current, mutex->owner_orig_prio);
	}
	struct k_thread *next = z_unpend_first_thread(&mutex->wait_q);

	mutex->owner = next;
	if (next != NULL) {
		mutex->lock_count = 1;
		mutex->owner_orig_prio = next->base.prio;
		z_thread_return_value_set_with_data(next, 0, NULL);
		z_ready_thread(next);
	} else {
		mutex->lock_count = 0;
	}
	z_reschedule_irqlock(key);
	return 0;
}
