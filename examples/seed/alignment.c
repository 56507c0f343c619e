/*
 * The chapter's alignment: a cache-line aligned DMA buffer from the system
 * heap and a packed, 4-byte aligned sensor record.
 */
#include <stddef.h>
#include "example.h"

// Cache-line aligned allocation for DMA buffers
#define CACHE_LINE_SIZE 32
static void *dma_buffer_alloc(size_t buffer_size) /* chapter-wrap: a call needs a function */
{ /* chapter-wrap */
	void *dma_buffer = k_aligned_alloc(CACHE_LINE_SIZE, buffer_size);
	return dma_buffer; /* chapter-wrap */
} /* chapter-wrap */
// Structure alignment for optimal packing
struct __packed sensor_data {
	uint32_t timestamp;
	uint16_t temperature;
	uint16_t humidity;
} __aligned(4);

/* harness */
BUILD_ASSERT(sizeof(struct sensor_data) == 8, "packed: no padding");
BUILD_ASSERT(_Alignof(struct sensor_data) == 4, "__aligned(4)");
BUILD_ASSERT(offsetof(struct sensor_data, humidity) == 6, "fields back to back");

int main(void)
{
	size_t sys_before = example_system_heap_used();
	void *bufs[8];

	for (int i = 0; i < 8; i++) {
		bufs[i] = dma_buffer_alloc(100 + 33 * (size_t)i);
		EXPECT(bufs[i] != NULL && ((uintptr_t)bufs[i] % CACHE_LINE_SIZE) == 0);
	}
	for (int i = 0; i < 8; i++) {
		k_free(bufs[i]);
	}
	EXPECT(example_system_heap_used() == sys_before);

	static struct sensor_data records[4];

	EXPECT(((uintptr_t)&records[1] % 4) == 0 && sizeof(records) == 32);
	return example_passed("alignment");
}
