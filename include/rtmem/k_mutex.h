/*
 * Mutexes with priority inheritance (Zephyr k_mutex). Recursive for the
 * owner. While a higher-priority thread waits, the owner runs at the
 * waiter's priority; it gets its own back when it unlocks (or when the
 * waiter gives up). Unlock hands the mutex to the first waiter. Not for ISRs.
 */
#ifndef RTMEM_K_MUTEX_H_
#define RTMEM_K_MUTEX_H_

#include <stdint.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>

struct k_thread;

/** A mutex. */
struct k_mutex {
	/** waiting lockers */
	_wait_q_t wait_q;
	/** owner, NULL when unlocked */
	struct k_thread *owner;
	/** recursion depth of the owner */
	uint32_t lock_count;
	/** owner's priority before any inheritance boost */
	int owner_orig_prio;
};

#define Z_MUTEX_INITIALIZER(obj) { .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .owner = NULL, .lock_count = 0, .owner_orig_prio = 15 }
/** Define an unlocked mutex (usable before main). */
#define K_MUTEX_DEFINE(name) struct k_mutex name = Z_MUTEX_INITIALIZER(name)

/**
 * @brief Initialise @a mutex unlocked.
 * @context  any
 * @pre      not locked, no waiters
 * @post     unlocked
 * @complexity O(1)
 * @retval   0 or -EINVAL (@a mutex NULL)
 * @ub       re-initialising a locked mutex
 */
int k_mutex_init(struct k_mutex *mutex);

/**
 * @brief Lock @a mutex, waiting up to @a timeout; the owner may lock again (recursive).
 * @context  thread only
 * @pre      initialised
 * @post     on 0 the caller owns it; while waiting the owner inherits the caller's priority
 * @complexity O(waiters)
 * @retval   0        locked
 * @retval   -EBUSY   K_NO_WAIT and held by another thread
 * @retval   -EAGAIN  timed out
 * @retval   -EINVAL  @a mutex NULL
 * @retval   -EPERM   called from an ISR (after __ASSERT)
 * @ub       none
 */
int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout);

/**
 * @brief Unlock once; at depth 0 restore the owner's priority and hand over to the first waiter.
 * @context  thread only
 * @pre      the caller owns @a mutex
 * @post     as stated; may switch to the new owner
 * @complexity O(waiters)
 * @retval   0        unlocked (one level)
 * @retval   -EINVAL  @a mutex NULL or not locked
 * @retval   -EPERM   the caller is not the owner (or ISR)
 * @ub       none
 */
int k_mutex_unlock(struct k_mutex *mutex);

#endif /* RTMEM_K_MUTEX_H_ */
