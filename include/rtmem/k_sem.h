/*
 * Counting semaphores (Zephyr k_sem). Giving with a waiter hands the count
 * straight to the first waiter (highest priority, longest waiting); giving
 * at the limit leaves the count at the limit (as Zephyr: no error).
 */
#ifndef RTMEM_K_SEM_H_
#define RTMEM_K_SEM_H_

#include <stdint.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>

/** A semaphore. */
struct k_sem {
	/** waiting takers */
	_wait_q_t wait_q;
	/** current count, <= limit */
	unsigned int count;
	/** maximum count */
	unsigned int limit;
};

#define K_SEM_MAX_LIMIT UINT32_MAX
#define Z_SEM_INITIALIZER(obj, initial_count, count_limit) \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .count = (initial_count), .limit = (count_limit) }
/** Define and initialise a semaphore (usable before main). */
#define K_SEM_DEFINE(name, initial_count, count_limit)                                   \
	BUILD_ASSERT((count_limit) != 0 && (initial_count) <= (count_limit), "bad k_sem"); \
	struct k_sem name = Z_SEM_INITIALIZER(name, initial_count, count_limit)

/**
 * @brief Initialise @a sem.
 * @context  any
 * @pre      no thread waits on @a sem
 * @post     count = @a initial_count
 * @complexity O(1)
 * @retval   0
 * @retval   -EINVAL  @a sem NULL, @a limit 0, or @a initial_count > @a limit
 * @ub       re-initialising with waiters
 */
int k_sem_init(struct k_sem *sem, unsigned int initial_count, unsigned int limit);

/**
 * @brief Take @a sem, waiting up to @a timeout.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      @a sem initialised
 * @post     on 0 the count was decremented (or handed over by a give)
 * @complexity O(waiters)
 * @retval   0        taken
 * @retval   -EBUSY   K_NO_WAIT and count 0 (also ISR with a timeout, after __ASSERT)
 * @retval   -EAGAIN  timed out, or k_sem_reset() while waiting
 * @retval   -EINVAL  @a sem NULL
 * @ub       none
 */
int k_sem_take(struct k_sem *sem, k_timeout_t timeout);

/**
 * @brief Give @a sem: wake the first waiter, else count + 1 (saturating at the limit).
 * @context  any
 * @pre      @a sem initialised
 * @post     as stated; a higher-priority woken thread preempts a preemptible caller
 * @complexity O(1)
 * @retval   (void)
 * @ub       none (NULL: __ASSERT, fatal path)
 */
void k_sem_give(struct k_sem *sem);

/**
 * @brief Count to 0; every waiter returns -EAGAIN.
 * @context  any
 * @pre      @a sem initialised
 * @post     count 0, no waiters
 * @complexity O(waiters)
 * @retval   (void)
 * @ub       none (NULL: __ASSERT)
 */
void k_sem_reset(struct k_sem *sem);

/** Current count (0 for NULL). O(1), any context. */
unsigned int k_sem_count_get(struct k_sem *sem);

#endif /* RTMEM_K_SEM_H_ */
