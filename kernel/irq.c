/*
 * irq_lock/irq_unlock, spinlocks with validation, interrupt context.
 * On one CPU a spinlock is "mask interrupts" plus an owner record that
 * catches re-locking and unlocking by a non-owner (CONFIG_SPIN_VALIDATE).
 */
#include <errno.h>
#include "kernel_internal.h"

unsigned int irq_lock(void)
{
	return arch_irq_lock();
}

void irq_unlock(unsigned int key)
{
	arch_irq_unlock(key);
}

bool k_is_in_isr(void)
{
	return arch_is_in_isr();
}

void irq_offload(irq_offload_routine_t routine, const void *parameter)
{
	__ASSERT(routine != NULL, "irq_offload(NULL)");
	if (routine != NULL) {
		arch_irq_offload(routine, parameter);
	}
}

/* Who holds a lock: the current thread (bit 0 set in ISR context); 2 at boot. */
static uintptr_t context_token(void)
{
	uintptr_t t = _current != NULL ? (uintptr_t)_current : 2U;

	return t | (arch_is_in_isr() ? 1U : 0U);
}

k_spinlock_key_t k_spin_lock(struct k_spinlock *l)
{
	k_spinlock_key_t k = { .key = arch_irq_lock() };

	__ASSERT(l->owner == 0U, "Recursive spinlock %p", (void *)l);
	l->owner = context_token();
	return k;
}

int k_spin_trylock(struct k_spinlock *l, k_spinlock_key_t *k)
{
	unsigned int key = arch_irq_lock();

	if (l->owner != 0U) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	l->owner = context_token();
	k->key = key;
	return 0;
}

void k_spin_release(struct k_spinlock *l)
{
	__ASSERT(l->owner == context_token(), "Not my spinlock %p", (void *)l);
	l->owner = 0U;
}

void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key)
{
	k_spin_release(l);
	arch_irq_unlock(key.key);
}
