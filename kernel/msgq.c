/*
 * Message queues (k_msgq). A waiting reader or writer parks its buffer
 * pointer in base.swap_data; the other side copies to or from it directly.
 */
#include <errno.h>
#include <string.h>
#include "kernel_internal.h"

void k_msgq_init(struct k_msgq *msgq, char *buffer, size_t msg_size, uint32_t max_msgs)
{
	__ASSERT(msgq != NULL, "k_msgq_init(NULL)");
	if (msgq == NULL) {
		return;
	}
	z_waitq_init(&msgq->wait_q);
	msgq->msg_size = msg_size;
	msgq->max_msgs = max_msgs;
	msgq->buffer_start = buffer;
	msgq->buffer_end = buffer + msg_size * max_msgs;
	msgq->read_ptr = buffer;
	msgq->write_ptr = buffer;
	msgq->used_msgs = 0;
	msgq->flags = 0;
}

static void ring_write(struct k_msgq *q, const void *data)
{
	memcpy(q->write_ptr, data, q->msg_size);
	q->write_ptr += q->msg_size;
	if (q->write_ptr == q->buffer_end) {
		q->write_ptr = q->buffer_start;
	}
	q->used_msgs++;
}

static void ring_read(struct k_msgq *q, void *data)
{
	memcpy(data, q->read_ptr, q->msg_size);
	q->read_ptr += q->msg_size;
	if (q->read_ptr == q->buffer_end) {
		q->read_ptr = q->buffer_start;
	}
	q->used_msgs--;
}

int z_impl_k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout)
{
	if (msgq == NULL || data == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		__ASSERT(false, "k_msgq_put with a timeout in ISR");
		timeout = K_NO_WAIT;
	}
	unsigned int key = arch_irq_lock();

	if (msgq->used_msgs < msgq->max_msgs) {
		/* Room: readers can only be waiting if the ring is empty. */
		struct k_thread *reader = z_unpend_first_thread(&msgq->wait_q);

		if (reader != NULL) {
			memcpy(reader->base.swap_data, data, msgq->msg_size);
			z_thread_return_value_set_with_data(reader, 0, reader->base.swap_data);
			z_ready_thread(reader);
			z_reschedule_irqlock(key);
			return 0;
		}
		ring_write(msgq, data);
		arch_irq_unlock(key);
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -ENOMSG;
	}
	_current->base.swap_data = (void *)data;
	return z_pend_curr_irqlock(key, &msgq->wait_q, timeout);
}

int z_impl_k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout)
{
	if (msgq == NULL || data == NULL) {
		return -EINVAL;
	}
	if (arch_is_in_isr() && !K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		__ASSERT(false, "k_msgq_get with a timeout in ISR");
		timeout = K_NO_WAIT;
	}
	unsigned int key = arch_irq_lock();

	if (msgq->used_msgs > 0U) {
		ring_read(msgq, data);
		/* Writers can only be waiting if the ring was full: admit the first. */
		struct k_thread *writer = z_unpend_first_thread(&msgq->wait_q);

		if (writer != NULL) {
			ring_write(msgq, writer->base.swap_data);
			z_thread_return_value_set_with_data(writer, 0, NULL);
			z_ready_thread(writer);
			z_reschedule_irqlock(key);
			return 0;
		}
		arch_irq_unlock(key);
		return 0;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -ENOMSG;
	}
	_current->base.swap_data = data;
	return z_pend_curr_irqlock(key, &msgq->wait_q, timeout);
}

int z_impl_k_msgq_peek(struct k_msgq *msgq, void *data)
{
	if (msgq == NULL || data == NULL) {
		return -EINVAL;
	}
	if (msgq->used_msgs == 0U) {
		return -ENOMSG;
	}
	memcpy(data, msgq->read_ptr, msgq->msg_size);
	return 0;
}

void z_impl_k_msgq_purge(struct k_msgq *msgq)
{
	unsigned int key = arch_irq_lock();

	/* Waiters on a non-empty queue are writers: they fail with -ENOMSG. */
	if (msgq->used_msgs > 0U) {
		(void)z_sched_wake_all(&msgq->wait_q, -ENOMSG, NULL);
	}
	msgq->used_msgs = 0;
	msgq->read_ptr = msgq->write_ptr;
	z_reschedule_irqlock(key);
}

uint32_t z_impl_k_msgq_num_free_get(struct k_msgq *msgq)
{
	return msgq->max_msgs - msgq->used_msgs;
}

uint32_t z_impl_k_msgq_num_used_get(struct k_msgq *msgq)
{
	return msgq->used_msgs;
}

void k_msgq_get_attrs(struct k_msgq *msgq, struct k_msgq_attrs *attrs)
{
	attrs->msg_size = msgq->msg_size;
	attrs->max_msgs = msgq->max_msgs;
	attrs->used_msgs = msgq->used_msgs;
}
