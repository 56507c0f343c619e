/*
 * Queues (k_queue; k_fifo and k_lifo are macros over it). Items are linked
 * through their first word. A put with a getter waiting hands the item
 * straight to the first getter.
 *
 * k_queue_alloc_append/_prepend queue a container (struct alloc_node, from
 * the caller's resource pool) that points at the item, as Zephyr does: the
 * item itself is left untouched. Nodes are marked in bit 0 of their own link
 * word (items are word aligned, so links have it clear); every reader unwraps
 * a container to its item, and the ones that dequeue free it.
 */
#include <errno.h>
#include <rtmem/k_heap.h>
#include "kernel_internal.h"

/* Bit 0 of a node's link word: the node is an alloc_node container. */
#define NODE_ALLOC ((uintptr_t)1)

struct alloc_node {
	/** link word (next node | NODE_ALLOC) */
	void *next;
	/** the queued item */
	void *data;
};

static inline void *next_of(void *item)
{
	return (void *)(*(uintptr_t *)item & ~NODE_ALLOC);
}

static inline bool is_alloc(void *node)
{
	return (*(uintptr_t *)node & NODE_ALLOC) != 0u;
}

/* Relink @a item to @a next, keeping its own mark. */
static inline void set_next(void *item, void *next)
{
	*(uintptr_t *)item = (uintptr_t)next | (*(uintptr_t *)item & NODE_ALLOC);
}

/* Write a new node's link word: @a next and its mark @a flag. */
static inline void init_link(void *node, void *next, uintptr_t flag)
{
	*(uintptr_t *)node = (uintptr_t)next | flag;
}

/* The item a node stands for (NULL stays NULL). */
static inline void *item_of(void *node)
{
	return node != NULL && is_alloc(node) ? ((struct alloc_node *)node)->data : NULL;
}

static inline void *unwrap(void *node)
{
	void *data = item_of(node);

	return data != NULL ? data : node;
}

void z_impl_k_queue_init(struct k_queue *queue)
{
	__ASSERT(queue != NULL, "k_queue_init(NULL)");
	z_waitq_init(&queue->wait_q);
	queue->head = NULL;
	queue->tail = NULL;
}

/* Link node @a data (mark @a flag) after node @a prev (NULL = head). */
static void link_after(struct k_queue *q, void *prev, void *data, uintptr_t flag)
{
	if (prev == NULL) {
		init_link(data, q->head, flag);
		q->head = data;
		if (q->tail == NULL) {
			q->tail = data;
		}
		return;
	}
	init_link(data, next_of(prev), flag);
	set_next(prev, data);
	if (q->tail == prev) {
		q->tail = data;
	}
}

void k_queue_insert(struct k_queue *queue, void *prev, void *data)
{
	__ASSERT(queue != NULL && data != NULL, "k_queue_insert: NULL queue or item");
	if (queue == NULL || data == NULL) {
		return;
	}
	unsigned int key = arch_irq_lock();

	if (z_sched_wake(&queue->wait_q, 0, data)) {
		z_reschedule_irqlock(key);
		return;
	}
	link_after(queue, prev, data, 0);
	arch_irq_unlock(key);
}

/* Queue @a data in a container from the caller's pool, at the tail or the head.
 * A waiting getter takes @a data directly and nothing is allocated (Zephyr). */
static int alloc_insert(struct k_queue *queue, bool at_tail, void *data)
{
	if (queue == NULL || data == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (z_sched_wake(&queue->wait_q, 0, data)) {
		z_reschedule_irqlock(key);
		return 0;
	}
	/* Nested masking: k_malloc's heap lock inside ours, K_NO_WAIT. */
	struct alloc_node *node = z_thread_malloc(sizeof(*node));

	if (node == NULL) {
		arch_irq_unlock(key);
		return -ENOMEM;
	}
	node->data = data;
	link_after(queue, at_tail ? queue->tail : NULL, node, NODE_ALLOC);
	arch_irq_unlock(key);
	return 0;
}

int k_queue_alloc_append(struct k_queue *queue, void *data)
{
	return alloc_insert(queue, true, data);
}

int k_queue_alloc_prepend(struct k_queue *queue, void *data)
{
	return alloc_insert(queue, false, data);
}

void z_impl_k_queue_append(struct k_queue *queue, void *data)
{
	k_queue_insert(queue, queue != NULL ? queue->tail : NULL, data);
}

void z_impl_k_queue_prepend(struct k_queue *queue, void *data)
{
	k_queue_insert(queue, NULL, data);
}

int k_queue_append_list(struct k_queue *queue, void *head, void *tail)
{
	if (queue == NULL || head == NULL || tail == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	void *item = head;

	while (item != NULL && z_waitq_head(&queue->wait_q) != NULL) {
		void *next = (item == tail) ? NULL : next_of(item);

		(void)z_sched_wake(&queue->wait_q, 0, item);
		item = next;
	}
	if (item != NULL) {
		init_link(tail, NULL, 0);
		if (queue->tail != NULL) {
			set_next(queue->tail, item);
		} else {
			queue->head = item;
		}
		queue->tail = tail;
	}
	z_reschedule_irqlock(key);
	return 0;
}

void *z_impl_k_queue_get(struct k_queue *queue, k_timeout_t timeout)
{
	if (queue == NULL) {
		__ASSERT(false, "k_queue_get(NULL)");
		return NULL;
	}
	if (arch_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		__ASSERT(false, "k_queue_get with a timeout in ISR");
		timeout = K_NO_WAIT;
	}
	unsigned int key = arch_irq_lock();
	void *item = queue->head;

	if (item != NULL) {
		queue->head = next_of(item);
		if (queue->head == NULL) {
			queue->tail = NULL;
		}
		arch_irq_unlock(key);
		void *data = item_of(item);

		if (data != NULL) {
			k_free(item); /* the container of k_queue_alloc_append */
			return data;
		}
		return item;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return NULL;
	}
	_current->base.swap_data = NULL;
	int ret = z_pend_curr_irqlock(key, &queue->wait_q, timeout);

	return ret == 0 ? _current->base.swap_data : NULL;
}

bool k_queue_remove(struct k_queue *queue, void *data)
{
	unsigned int key = arch_irq_lock();
	void *prev = NULL;

	for (void *it = queue->head; it != NULL; prev = it, it = next_of(it)) {
		if (unwrap(it) != data) {
			continue;
		}
		if (prev == NULL) {
			queue->head = next_of(it);
		} else {
			set_next(prev, next_of(it));
		}
		if (queue->tail == it) {
			queue->tail = prev;
		}
		arch_irq_unlock(key);
		if (it != data) {
			k_free(it); /* a container */
		}
		return true;
	}
	arch_irq_unlock(key);
	return false;
}

bool k_queue_unique_append(struct k_queue *queue, void *data)
{
	for (void *it = queue->head; it != NULL; it = next_of(it)) {
		if (unwrap(it) == data) {
			return false;
		}
	}
	k_queue_append(queue, data);
	return true;
}

void z_impl_k_queue_cancel_wait(struct k_queue *queue)
{
	unsigned int key = arch_irq_lock();

	(void)z_sched_wake(&queue->wait_q, 0, NULL);
	z_reschedule_irqlock(key);
}

int z_impl_k_queue_is_empty(struct k_queue *queue)
{
	return queue->head == NULL ? 1 : 0;
}

void *z_impl_k_queue_peek_head(struct k_queue *queue)
{
	return unwrap(queue->head);
}

void *z_impl_k_queue_peek_tail(struct k_queue *queue)
{
	return unwrap(queue->tail);
}
