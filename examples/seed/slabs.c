/*
 * The chapter's memory slabs: a K_MEM_SLAB_DEFINE slab, one initialised at
 * run time over an application buffer, and the allocate / use / free cycle
 * with the "exhausted" branch. The harness counts the packets processed and
 * drives the slab empty to reach the chapter's warning.
 */
#include "example.h"

LOG_MODULE_REGISTER(slabs, LOG_LEVEL_INF);

/* prelude: what the chapter leaves undefined */
static int packets_processed;
static void process_packet(void *buffer)
{
	memset(buffer, 0x5a, 128);
	packets_processed++;
}

// Define memory slab for fixed-size objects
#define BUFFER_SIZE 128
#define NUM_BUFFERS 16
K_MEM_SLAB_DEFINE(packet_slab, BUFFER_SIZE, NUM_BUFFERS, 4);
// Alternative: Runtime initialization
static struct k_mem_slab custom_slab;
static uint8_t slab_memory[NUM_BUFFERS * BUFFER_SIZE];
void init_custom_slab(void)
{
	k_mem_slab_init(&custom_slab, slab_memory, BUFFER_SIZE, NUM_BUFFERS);
}
void demonstrate_slab_usage(void)
{
	void *buffer;
	// Allocate from slab (deterministic time)
	if (k_mem_slab_alloc(&packet_slab, &buffer, K_NO_WAIT) == 0) {
		// Use buffer for packet processing
		process_packet(buffer);
		// Return to slab
		k_mem_slab_free(&packet_slab, buffer);
	} else {
		// All buffers in use
		LOG_WRN("Packet slab exhausted");
	}
}

int main(void)
{
	void *held[NUM_BUFFERS];

	/* the static slab is ready before main */
	EXPECT(k_mem_slab_num_free_get(&packet_slab) == NUM_BUFFERS);
	demonstrate_slab_usage();
	EXPECT(packets_processed == 1 && k_mem_slab_num_used_get(&packet_slab) == 0);
	EXPECT(k_mem_slab_max_used_get(&packet_slab) == 1);

	/* exhausted: the chapter's else branch runs and nothing is processed */
	for (int i = 0; i < NUM_BUFFERS; i++) {
		EXPECT(k_mem_slab_alloc(&packet_slab, &held[i], K_NO_WAIT) == 0);
	}
	demonstrate_slab_usage();
	EXPECT(packets_processed == 1);
	for (int i = 0; i < NUM_BUFFERS; i++) {
		k_mem_slab_free(&packet_slab, held[i]);
	}

	/* the run-time slab hands out exactly the blocks of slab_memory */
	init_custom_slab();
	EXPECT(k_mem_slab_num_free_get(&custom_slab) == NUM_BUFFERS);
	for (int i = 0; i < NUM_BUFFERS; i++) {
		EXPECT(k_mem_slab_alloc(&custom_slab, &held[i], K_NO_WAIT) == 0);
		uintptr_t off = (uintptr_t)held[i] - (uintptr_t)slab_memory;

		EXPECT(off < sizeof(slab_memory) && off % BUFFER_SIZE == 0);
	}
	void *none;

	EXPECT(k_mem_slab_alloc(&custom_slab, &none, K_NO_WAIT) == -ENOMEM);
	for (int i = 0; i < NUM_BUFFERS; i++) {
		k_mem_slab_free(&custom_slab, held[i]);
	}
	EXPECT(k_mem_slab_num_used_get(&custom_slab) == 0 && k_mem_slab_num_used_get(&packet_slab) == 0);
	return example_passed("slabs");
}
