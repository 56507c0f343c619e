/*
 * Interrupt masking and spinlocks (Zephyr semantics, uniprocessor).
 *
 * irq_lock() masks (simulated) interrupts and returns a key holding the
 * previous state; irq_unlock(key) restores it. Locks nest through the key.
 * A k_spinlock masks interrupts like irq_lock() and, on one CPU, has nothing
 * to spin on: its owner field exists for validation (CONFIG_SPIN_VALIDATE,
 * always on): taking a lock already held, and releasing one not held by the
 * caller (thread or ISR), are contract violations reported through __ASSERT
 * and the fatal path. A zero-initialised k_spinlock is a valid unlocked lock.
 * Never block while holding a spinlock or with interrupts locked.
 */
#ifndef RTMEM_K_SPINLOCK_H_
#define RTMEM_K_SPINLOCK_H_

#include <stdbool.h>
#include <stdint.h>
#include <zephyr/toolchain.h>

/** A spinlock. Zero-initialised = unlocked. */
struct k_spinlock {
	/** owner context token (current thread, low bit set when in an ISR); 0 = free */
	uintptr_t owner;
};

/** Key returned by k_spin_lock(): the interrupt state to restore. */
typedef struct {
	/** previous irq_lock() key */
	unsigned int key;
} k_spinlock_key_t;

/**
 * @brief Mask interrupts.
 * @context  any
 * @pre      none
 * @post     simulated interrupts are held pending until the matching irq_unlock()
 * @complexity O(1)
 * @retval   key to pass to irq_unlock() (0 = interrupts were enabled)
 * @ub       none
 */
unsigned int irq_lock(void);

/**
 * @brief Restore the interrupt state of @a key; runs pending simulated interrupts when it unmasks.
 * @context  any
 * @pre      @a key from the matching irq_lock(), unlocked in reverse order
 * @post     interrupts enabled again iff @a key says they were
 * @complexity O(1) plus the pending handlers
 * @retval   (void)
 * @ub       a key not from irq_lock(), or out of order
 */
void irq_unlock(unsigned int key);

/**
 * @brief Take @a l, masking interrupts.
 * @context  any
 * @pre      @a l not held (no recursion)
 * @post     the caller owns @a l with interrupts masked
 * @complexity O(1)
 * @retval   key for k_spin_unlock()
 * @ub       none: re-locking a held lock fails __ASSERT ("Recursive spinlock") and enters the fatal path
 */
k_spinlock_key_t k_spin_lock(struct k_spinlock *l);

/**
 * @brief Take @a l if free.
 * @context  any
 * @pre      @a k not NULL
 * @post     on 0 the caller owns @a l and *@a k holds the key
 * @complexity O(1)
 * @retval   0  taken
 * @retval   -EBUSY  held already (nothing changed)
 * @ub       none
 */
int k_spin_trylock(struct k_spinlock *l, k_spinlock_key_t *k);

/**
 * @brief Release @a l and restore the interrupt state of @a key.
 * @context  any
 * @pre      the caller owns @a l
 * @post     @a l free
 * @complexity O(1)
 * @retval   (void)
 * @ub       none: releasing a lock the caller does not hold fails __ASSERT ("Not my spinlock")
 */
void k_spin_unlock(struct k_spinlock *l, k_spinlock_key_t key);

/**
 * @brief Release @a l without restoring interrupts (before a context switch).
 * @context  any
 * @pre      the caller owns @a l
 * @post     @a l free, interrupts still masked
 * @complexity O(1)
 * @retval   (void)
 * @ub       as k_spin_unlock()
 */
void k_spin_release(struct k_spinlock *l);

/** @internal scope guard of K_SPINLOCK: unlocks on break/return out of the block. */
struct z_spinlock_guard {
	struct k_spinlock *lock;
	k_spinlock_key_t key;
	bool done;
};

static inline void z_spinlock_guard_exit(struct z_spinlock_guard *g)
{
	if (!g->done) {
		k_spin_unlock(g->lock, g->key);
	}
}

/**
 * K_SPINLOCK(&lock) { ... } runs the block with @a lck held; break, continue
 * and return leave the block and release the lock.
 */
#define K_SPINLOCK(lck)                                                                         \
	for (struct z_spinlock_guard __attribute__((cleanup(z_spinlock_guard_exit))) z_spl_g =  \
		     { (lck), k_spin_lock(lck), false };                                        \
	     !z_spl_g.done; k_spin_unlock(z_spl_g.lock, z_spl_g.key), z_spl_g.done = true)

#endif /* RTMEM_K_SPINLOCK_H_ */
