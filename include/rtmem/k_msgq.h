/*
 * Message queues (Zephyr k_msgq): a ring of fixed-size messages copied in
 * and out. A put with a reader waiting copies straight into the reader's
 * buffer; a get from a full queue takes the first waiting writer's message
 * into the ring. Waiters are ordered by priority, then arrival. The
 * allocating k_msgq_alloc_init()/k_msgq_cleanup() come with the memory
 * objects.
 */
#ifndef RTMEM_K_MSGQ_H_
#define RTMEM_K_MSGQ_H_

#include <stddef.h>
#include <stdint.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>

/** A message queue. */
struct k_msgq {
	/** waiting readers (ring empty) or writers (ring full) */
	_wait_q_t wait_q;
	/** bytes per message */
	size_t msg_size;
	/** capacity in messages */
	uint32_t max_msgs;
	/** ring storage: max_msgs * msg_size bytes */
	char *buffer_start;
	char *buffer_end;
	char *read_ptr;
	char *write_ptr;
	/** messages in the ring */
	uint32_t used_msgs;
	/** rtmem: K_MSGQ_FLAG_ALLOC when the buffer came from k_msgq_alloc_init() */
	uint8_t flags;
};

/** Attributes (k_msgq_get_attrs). */
struct k_msgq_attrs {
	size_t msg_size;
	uint32_t max_msgs;
	uint32_t used_msgs;
};

#define K_MSGQ_FLAG_ALLOC 0x1

#define Z_MSGQ_INITIALIZER(obj, buf, size, n)                                             \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .msg_size = (size), .max_msgs = (n),     \
	  .buffer_start = (buf), .buffer_end = (buf) + (size) * (n), .read_ptr = (buf),   \
	  .write_ptr = (buf), .used_msgs = 0, .flags = 0 }
/** Define a message queue with its ring (usable before main). */
#define K_MSGQ_DEFINE(name, q_msg_size, q_max_msgs, q_align)                              \
	static char __aligned(q_align) _k_msgq_buf_##name[(q_max_msgs) * (q_msg_size)];   \
	struct k_msgq name = Z_MSGQ_INITIALIZER(name, _k_msgq_buf_##name, (q_msg_size), (q_max_msgs))

/**
 * @brief Initialise @a msgq over @a buffer (max_msgs * msg_size bytes).
 * @context  any
 * @pre      no waiters
 * @post     empty
 * @complexity O(1)
 * @retval   (void)
 * @ub       a buffer smaller than max_msgs * msg_size (NULL @a msgq: __ASSERT)
 */
void k_msgq_init(struct k_msgq *msgq, char *buffer, size_t msg_size, uint32_t max_msgs);

/**
 * @brief Copy @a data in, waiting up to @a timeout for room.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      @a data holds msg_size bytes
 * @post     on 0 the message is in the ring or in a waiting reader's buffer
 * @complexity O(msg_size + waiters)
 * @retval   0        put
 * @retval   -ENOMSG  full with K_NO_WAIT (also ISR with a timeout, after __ASSERT), or purged while waiting
 * @retval   -EAGAIN  timed out
 * @retval   -EINVAL  @a msgq or @a data NULL
 * @ub       none
 */
int k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout);

/**
 * @brief Copy the oldest message out, waiting up to @a timeout.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      @a data has msg_size bytes of room
 * @post     on 0 removed; the first waiting writer's message entered the ring
 * @complexity O(msg_size + waiters)
 * @retval   0        got one
 * @retval   -ENOMSG  empty with K_NO_WAIT (also ISR with a timeout, after __ASSERT)
 * @retval   -EAGAIN  timed out
 * @retval   -EINVAL  @a msgq or @a data NULL
 * @ub       none
 */
int k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout);

/** Copy the oldest message without removing it: 0, -ENOMSG (empty), -EINVAL. O(msg_size). */
int k_msgq_peek(struct k_msgq *msgq, void *data);

/** Drop every message; waiting writers return -ENOMSG. O(waiters), any context. */
void k_msgq_purge(struct k_msgq *msgq);

/** Free slots. O(1). */
uint32_t k_msgq_num_free_get(struct k_msgq *msgq);

/** Used slots. O(1). */
uint32_t k_msgq_num_used_get(struct k_msgq *msgq);

/** Size, capacity and use. O(1). */
void k_msgq_get_attrs(struct k_msgq *msgq, struct k_msgq_attrs *attrs);

#endif /* RTMEM_K_MSGQ_H_ */
