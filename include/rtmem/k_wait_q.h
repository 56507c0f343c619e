/*
 * The wait queue type every blocking kernel object embeds (_wait_q_t, as
 * Zephyr names it). Threads wait ordered by priority, then arrival (FIFO
 * among equal priorities). The operations (pend the current thread with a
 * deadline, wake the first with a value, wake all) are kernel-internal:
 * kernel/wait_q.h.
 */
#ifndef RTMEM_K_WAIT_Q_H_
#define RTMEM_K_WAIT_Q_H_

#include <rtmem/dlist.h>

/** A queue of waiting threads. Zero-initialised = empty. */
typedef struct {
	/** struct k_thread base.qnode, by priority then arrival */
	sys_dlist_t waitq;
} _wait_q_t;

/** Static initialiser of the wait queue at @a wait_q (an lvalue address). */
#define Z_WAIT_Q_INIT(wait_q) { SYS_DLIST_STATIC_INIT(&(wait_q)->waitq) }

#endif /* RTMEM_K_WAIT_Q_H_ */
