/*
 * The chapter's message pool: a slab of fixed-size messages for
 * inter-thread communication. The harness passes messages from a producer
 * thread to a consumer thread through a k_msgq of pointers, and checks that
 * every message arrives zeroed apart from what the producer wrote and that
 * every block goes back to the pool.
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define MAX_MESSAGE_SIZE 60
#define MAX_MESSAGES 8

// Message pool for inter-thread communication
struct message {
	uint8_t type;
	uint8_t priority;
	uint16_t length;
	uint8_t data[MAX_MESSAGE_SIZE];
};
K_MEM_SLAB_DEFINE(message_pool, sizeof(struct message), MAX_MESSAGES, 4);
struct message *alloc_message(void)
{
	struct message *msg;
	if (k_mem_slab_alloc(&message_pool, (void **)&msg, K_NO_WAIT) == 0) {
		memset(msg, 0, sizeof(struct message));
		return msg;
	}
	return NULL;
}
void free_message(struct message *msg)
{
	k_mem_slab_free(&message_pool, msg);
}

/* harness */
#define ROUNDS 40
K_MSGQ_DEFINE(mailbox, sizeof(struct message *), MAX_MESSAGES, sizeof(void *));
K_THREAD_STACK_DEFINE(consumer_stack, 2048);
static struct k_thread consumer;
static int received;

static void consumer_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	struct message *msg;

	while (received < ROUNDS && k_msgq_get(&mailbox, &msg, K_MSEC(100)) == 0) {
		EXPECT(msg->type == 1 && msg->length == 4);
		EXPECT(msg->data[0] == (uint8_t)received && msg->data[4] == 0);
		received++;
		free_message(msg);
		k_msleep(1);
	}
}

int main(void)
{
	k_thread_create(&consumer, consumer_stack, 2048, consumer_entry, NULL, NULL, NULL, 2, 0, K_NO_WAIT);
	int exhausted = 0;

	for (int i = 0; i < ROUNDS;) {
		struct message *msg = alloc_message();

		if (msg == NULL) { /* pool empty: let the consumer catch up */
			exhausted++;
			k_msleep(2);
			continue;
		}
		msg->type = 1;
		msg->length = 4;
		msg->data[0] = (uint8_t)i;
		EXPECT(k_msgq_put(&mailbox, &msg, K_FOREVER) == 0);
		i++;
	}
	EXPECT(k_thread_join(&consumer, K_FOREVER) == 0);
	EXPECT(received == ROUNDS);
	EXPECT(exhausted > 0 && k_mem_slab_max_used_get(&message_pool) == MAX_MESSAGES);
	EXPECT(k_mem_slab_num_used_get(&message_pool) == 0);
	return example_passed("message_pool");
}
