/* Counting semaphores (k_sem). */
#include <errno.h>
#include "kernel_internal.h"

int z_impl_k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit)
{
	if (sem == NULL || limit == 0U || initial_count > limit) {
		return -EINVAL;
	}
	z_waitq_init(&sem->wait_q);
	sem->count = initial_count;
	sem->limit = limit;
	return 0;
}

int z_impl_k_sem_take(struct k_sem *sem, k_timeout_t timeout)
{
	if (sem == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		__ASSERT(false, "k_sem_take with a timeout in ISR");
		timeout = K_NO_WAIT;
	}
	unsigned int key = arch_irq_lock();

	if (sem->count > 0U) {
		sem->count--;
		arch_irq_unlock(key);
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	return z_pend_curr_irqlock(key, &sem->wait_q, timeout);
}

void z_impl_k_sem_give(struct k_sem *sem)
{
	__ASSERT(sem != NULL, "k_sem_give(NULL)");
	if (sem == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	if (!z_sched_wake(&sem->wait_q, 0, NULL) && sem->count != sem->limit) {
		sem->count++;
	}
	z_reschedule_irqlock(key);
}

void z_impl_k_sem_reset(struct k_sem *sem)
{
	__ASSERT(sem != NULL, "k_sem_reset(NULL)");
	if (sem == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	sem->count = 0;
	(void)z_sched_wake_all(&sem->wait_q, -EAGAIN, NULL);
	z_reschedule_irqlock(key);
}

unsigned int z_impl_k_sem_count_get(struct k_sem *sem)
{
	return sem != NULL ? sem->count : 0U;
}
