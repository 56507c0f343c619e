/*
 * Queues of application items (Zephyr k_queue, k_fifo, k_lifo). An item's
 * first word is reserved for the kernel's link (it must stay valid while
 * queued). Putting an item while a thread waits hands it straight to the
 * first waiter. The allocating variants (k_queue_alloc_append/_prepend,
 * k_fifo_alloc_put, k_lifo_alloc_put) leave the item untouched: they queue a
 * two-word container taken from the caller's resource pool (z_thread_malloc,
 * rtmem/k_heap.h; the system heap in an ISR), and every call that dequeues
 * the item (k_queue_get, k_queue_remove) frees the container. Plain and
 * allocated items mix freely in one queue, in order.
 */
#ifndef RTMEM_K_QUEUE_H_
#define RTMEM_K_QUEUE_H_

#include <stdbool.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>

/** A queue. */
struct k_queue {
	/** waiting getters */
	_wait_q_t wait_q;
	/** first item (its first word links to the next), NULL if empty */
	void *head;
	/** last item */
	void *tail;
};

#define Z_QUEUE_INITIALIZER(obj) { .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .head = NULL, .tail = NULL }
/** Define an empty queue (usable before main). */
#define K_QUEUE_DEFINE(name) struct k_queue name = Z_QUEUE_INITIALIZER(name)

/** Initialise @a queue empty. O(1), any context. @ub re-init with waiters or items. */
void k_queue_init(struct k_queue *queue);

/**
 * @brief Append @a data (first waiter gets it directly).
 * @context  any
 * @pre      @a data word-aligned, not queued elsewhere
 * @post     queued at the tail, or handed to a waiter
 * @complexity O(1)
 * @retval   (void)
 * @ub       an item queued twice
 */
void k_queue_append(struct k_queue *queue, void *data);

/** Put @a data at the head. Same contract as k_queue_append(). */
void k_queue_prepend(struct k_queue *queue, void *data);

/** Insert @a data after @a prev (NULL = at the head). Same contract; @a prev must be queued. */
void k_queue_insert(struct k_queue *queue, void *prev, void *data);

/**
 * @brief Append @a data without touching it: a container from the caller's resource pool holds it.
 * @context  any (an ISR allocates from the system heap)
 * @pre      @a data not NULL (any alignment; it may be queued elsewhere too)
 * @post     queued at the tail in a container, or handed to a waiter (then nothing is allocated)
 * @complexity O(1) (one z_thread_malloc, never blocks)
 * @retval   0        queued or handed over
 * @retval   -ENOMEM  the thread has no resource pool, or the pool has no room
 * @retval   -EINVAL  @a queue or @a data NULL
 * @ub       none
 */
int k_queue_alloc_append(struct k_queue *queue, void *data);

/** As k_queue_alloc_append(), at the head. */
int k_queue_alloc_prepend(struct k_queue *queue, void *data);

/**
 * @brief Append a NULL-terminated list linked through first words.
 * @context  any
 * @pre      @a head .. @a tail linked
 * @post     waiters receive items first, the rest is appended
 * @complexity O(items)
 * @retval   0 or -EINVAL (@a head or @a tail NULL)
 * @ub       a broken list
 */
int k_queue_append_list(struct k_queue *queue, void *head, void *tail);

/**
 * @brief Take the head item, waiting up to @a timeout.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      initialised
 * @post     the item is no longer queued
 * @complexity O(1)
 * @retval   the item; NULL on timeout, K_NO_WAIT when empty, k_queue_cancel_wait(), or ISR with a timeout
 * @ub       none
 */
void *k_queue_get(struct k_queue *queue, k_timeout_t timeout);

/** Remove @a data wherever it is (a container holding it is freed); true if it was queued. O(items). */
bool k_queue_remove(struct k_queue *queue, void *data);

/** Append unless already queued; true if appended. O(items). */
bool k_queue_unique_append(struct k_queue *queue, void *data);

/** Make the first waiter's k_queue_get() return NULL now. O(1), any context. */
void k_queue_cancel_wait(struct k_queue *queue);

/** 1 if empty, else 0. O(1). */
int k_queue_is_empty(struct k_queue *queue);

/** Head item without removing it, or NULL. O(1). */
void *k_queue_peek_head(struct k_queue *queue);

/** Tail item without removing it, or NULL. O(1). */
void *k_queue_peek_tail(struct k_queue *queue);

/* ---- FIFO and LIFO: queues used from one end ---- */

struct k_fifo {
	struct k_queue _queue;
};
struct k_lifo {
	struct k_queue _queue;
};

#define Z_FIFO_INITIALIZER(obj) { ._queue = Z_QUEUE_INITIALIZER((obj)._queue) }
#define K_FIFO_DEFINE(name) struct k_fifo name = Z_FIFO_INITIALIZER(name)
#define k_fifo_init(fifo) k_queue_init(&(fifo)->_queue)
#define k_fifo_put(fifo, data) k_queue_append(&(fifo)->_queue, (data))
#define k_fifo_alloc_put(fifo, data) k_queue_alloc_append(&(fifo)->_queue, (data))
#define k_fifo_put_list(fifo, head, tail) k_queue_append_list(&(fifo)->_queue, (head), (tail))
#define k_fifo_get(fifo, timeout) k_queue_get(&(fifo)->_queue, (timeout))
#define k_fifo_is_empty(fifo) k_queue_is_empty(&(fifo)->_queue)
#define k_fifo_peek_head(fifo) k_queue_peek_head(&(fifo)->_queue)
#define k_fifo_peek_tail(fifo) k_queue_peek_tail(&(fifo)->_queue)
#define k_fifo_cancel_wait(fifo) k_queue_cancel_wait(&(fifo)->_queue)

#define Z_LIFO_INITIALIZER(obj) { ._queue = Z_QUEUE_INITIALIZER((obj)._queue) }
#define K_LIFO_DEFINE(name) struct k_lifo name = Z_LIFO_INITIALIZER(name)
#define k_lifo_init(lifo) k_queue_init(&(lifo)->_queue)
#define k_lifo_put(lifo, data) k_queue_prepend(&(lifo)->_queue, (data))
#define k_lifo_alloc_put(lifo, data) k_queue_alloc_prepend(&(lifo)->_queue, (data))
#define k_lifo_get(lifo, timeout) k_queue_get(&(lifo)->_queue, (timeout))

#endif /* RTMEM_K_QUEUE_H_ */
