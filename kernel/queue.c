/*
 * Queues (k_queue; k_fifo and k_lifo are macros over it). Items are linked
 * through their first word. A put with a getter waiting hands the item
 * straight to the first getter.
 */
#include <errno.h>
#include "kernel_internal.h"

static inline void *next_of(void *item)
{
	return *(void **)item;
}

static inline void set_next(void *item, void *next)
{
	*(void **)item = next;
}

void k_queue_init(struct k_queue *queue)
{
	__ASSERT(queue != NULL, "k_queue_init(NULL)");
	z_waitq_init(&queue->wait_q);
	queue->head = NULL;
	queue->tail = NULL;
}

/* Link @a data after @a prev (NULL = head). */
static void link_after(struct k_queue *q, void *prev, void *data)
{
	if (prev == NULL) {
		set_next(data, q->head);
		q->head = data;
		if (q->tail == NULL) {
			q->tail = data;
		}
		return;
	}
	set_next(data, next_of(prev));
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
	link_after(queue, prev, data);
	arch_irq_unlock(key);
}

void k_queue_append(struct k_queue *queue, void *data)
{
	k_queue_insert(queue, queue != NULL ? queue->tail : NULL, data);
}

void k_queue_prepend(struct k_queue *queue, void *data)
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
		set_next(tail, NULL);
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

void *k_queue_get(struct k_queue *queue, k_timeout_t timeout)
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
		if (it != data) {
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
		return true;
	}
	arch_irq_unlock(key);
	return false;
}

bool k_queue_unique_append(struct k_queue *queue, void *data)
{
	for (void *it = queue->head; it != NULL; it = next_of(it)) {
		if (it == data) {
			return false;
		}
	}
	k_queue_append(queue, data);
	return true;
}

void k_queue_cancel_wait(struct k_queue *queue)
{
	unsigned int key = arch_irq_lock();

	(void)z_sched_wake(&queue->wait_q, 0, NULL);
	z_reschedule_irqlock(key);
}

int k_queue_is_empty(struct k_queue *queue)
{
	return queue->head == NULL ? 1 : 0;
}

void *k_queue_peek_head(struct k_queue *queue)
{
	return queue->head;
}

void *k_queue_peek_tail(struct k_queue *queue)
{
	return queue->tail;
}
