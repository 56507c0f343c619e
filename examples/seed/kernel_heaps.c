/*
 * The chapter's kernel heaps: K_HEAP_DEFINE heaps ready before main, a heap
 * over an application buffer (k_heap_init), and k_heap_alloc / k_heap_calloc
 * / k_heap_free with the chapter's own repeated prototypes, which compile
 * only because those are real functions of exactly those types.
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define NUM_SENSORS 6
struct sensor_reading {
	uint32_t timestamp;
	int32_t value;
};

// Define a 4KB heap for application use
K_HEAP_DEFINE(app_heap, 4096);
// Define specialized heaps for different purposes
K_HEAP_DEFINE(buffer_heap, 2048); // Network buffers
K_HEAP_DEFINE(config_heap, 1024); // Configuration data

static uint8_t heap_memory[8192];
static struct k_heap custom_heap;
void initialize_custom_heap(void)
{
	k_heap_init(&custom_heap, heap_memory, sizeof(heap_memory));
}

/* harness: what the blocks below leave behind, for the checks in main() */
static void *seen_buffer;
static struct sensor_reading *seen_readings;

/* chapter-wrap: the chapter's statements below need a function (one that returns an int) */
static int heap_api_example(void)
{
	void *k_heap_alloc(struct k_heap *h, size_t bytes, k_timeout_t timeout);
	// Example usage
	void *buffer = k_heap_alloc(&app_heap, 256, K_FOREVER);
	if (buffer == NULL) {
		// Handle allocation failure
		return -ENOMEM;
	}

	void *k_heap_calloc(struct k_heap *h, size_t num, size_t size, k_timeout_t timeout);
	// Allocate array of structures, initialized to zero
	struct sensor_reading *readings = k_heap_calloc(&app_heap,
							 NUM_SENSORS,
							 sizeof(struct sensor_reading),
							 K_NO_WAIT);

	/* harness: the block and the zeroed array are live here */
	EXPECT(readings != NULL);
	for (int i = 0; i < NUM_SENSORS; i++) {
		EXPECT(readings[i].timestamp == 0 && readings[i].value == 0);
	}
	EXPECT(example_heap_used(&app_heap) >= 256 + NUM_SENSORS * sizeof(struct sensor_reading));
	seen_buffer = buffer;
	seen_readings = readings;

	void k_heap_free(struct k_heap *h, void *mem);
	// Always free allocated memory
	k_heap_free(&app_heap, buffer);
	buffer = NULL; // Prevent accidental reuse

	/* harness */
	EXPECT(buffer == NULL);
	k_heap_free(&app_heap, readings);
	return 0;
}

int main(void)
{
	/* the static heaps are usable before any call, and their buffers are what was declared */
	EXPECT(example_heap_used(&app_heap) == 0 && example_heap_used(&buffer_heap) == 0 &&
	       example_heap_used(&config_heap) == 0);
	EXPECT(app_heap.heap.init_bytes >= 4096 && buffer_heap.heap.init_bytes >= 2048 &&
	       config_heap.heap.init_bytes >= 1024);
	void *net = k_heap_alloc(&buffer_heap, 1500, K_NO_WAIT); /* one Ethernet frame */
	void *cfg = k_heap_alloc(&config_heap, 512, K_NO_WAIT);

	EXPECT(net != NULL && cfg != NULL);
	EXPECT(k_heap_alloc(&buffer_heap, 2048, K_NO_WAIT) == NULL); /* metadata lives in the buffer */
	k_heap_free(&buffer_heap, net);
	k_heap_free(&config_heap, cfg);

	initialize_custom_heap();
	void *big = k_heap_alloc(&custom_heap, 7000, K_NO_WAIT);

	EXPECT(big != NULL && (uint8_t *)big >= heap_memory && (uint8_t *)big < heap_memory + sizeof(heap_memory));
	k_heap_free(&custom_heap, big);

	EXPECT(heap_api_example() == 0);
	EXPECT(seen_buffer != NULL && seen_readings != NULL && seen_buffer != (void *)seen_readings);
	EXPECT(((uintptr_t)seen_buffer % sizeof(void *)) == 0);

	/* nothing leaks: every heap is back to empty */
	EXPECT(example_heap_used(&app_heap) == 0 && example_heap_used(&buffer_heap) == 0);
	EXPECT(example_heap_used(&config_heap) == 0 && example_heap_used(&custom_heap) == 0);
	return example_passed("kernel_heaps");
}
