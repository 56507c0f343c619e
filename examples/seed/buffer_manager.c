/*
 * The chapter's buffer manager: small requests from a small-block slab,
 * medium ones from a large-block slab, the rest from a heap, all under one
 * spinlock. The harness checks that every size lands in the right pool.
 */
#include "example.h"

/* prelude: what the chapter leaves undefined */
#define SMALL_BUFFER_SIZE 64
#define LARGE_BUFFER_SIZE 512

struct buffer_manager {
	struct k_heap *heap;
	struct k_mem_slab *small_buffers;
	struct k_mem_slab *large_buffers;
	struct k_spinlock lock;
};
void *buffer_alloc(struct buffer_manager *mgr, size_t size)
{
	k_spinlock_key_t key = k_spin_lock(&mgr->lock);
	void *buffer = NULL;
	if (size <= SMALL_BUFFER_SIZE) {
		k_mem_slab_alloc(mgr->small_buffers, &buffer, K_NO_WAIT);
	} else if (size <= LARGE_BUFFER_SIZE) {
		k_mem_slab_alloc(mgr->large_buffers, &buffer, K_NO_WAIT);
	} else {
		buffer = k_heap_alloc(mgr->heap, size, K_NO_WAIT);
	}
	k_spin_unlock(&mgr->lock, key);
	return buffer;
}

/* harness: the pools, and the matching free the chapter leaves out */
K_MEM_SLAB_DEFINE(small_slab, SMALL_BUFFER_SIZE, 8, 4);
K_MEM_SLAB_DEFINE(large_slab, LARGE_BUFFER_SIZE, 4, 4);
K_HEAP_DEFINE(big_heap, 8192);
static struct buffer_manager mgr = {
	.heap = &big_heap, .small_buffers = &small_slab, .large_buffers = &large_slab,
};

static void buffer_free(struct buffer_manager *m, void *buffer, size_t size)
{
	k_spinlock_key_t key = k_spin_lock(&m->lock);

	if (size <= SMALL_BUFFER_SIZE) {
		k_mem_slab_free(m->small_buffers, buffer);
	} else if (size <= LARGE_BUFFER_SIZE) {
		k_mem_slab_free(m->large_buffers, buffer);
	} else {
		k_heap_free(m->heap, buffer);
	}
	k_spin_unlock(&m->lock, key);
}

int main(void)
{
	static const size_t sizes[] = { 1, 64, 65, 512, 513, 3000 };
	void *bufs[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		bufs[i] = buffer_alloc(&mgr, sizes[i]);
		EXPECT(bufs[i] != NULL);
		memset(bufs[i], 0x11, sizes[i]);
	}
	EXPECT(k_mem_slab_num_used_get(&small_slab) == 2); /* 1 and 64 bytes */
	EXPECT(k_mem_slab_num_used_get(&large_slab) == 2); /* 65 and 512 bytes */
	EXPECT(example_heap_used(&big_heap) >= 513 + 3000);

	/* a full slab gives NULL, it does not spill over into the heap */
	void *more[8];
	int got = 0;

	while (got < 8 && (more[got] = buffer_alloc(&mgr, 100)) != NULL) {
		got++;
	}
	EXPECT(got == 2 && buffer_alloc(&mgr, 100) == NULL);
	for (int i = 0; i < got; i++) {
		buffer_free(&mgr, more[i], 100);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		buffer_free(&mgr, bufs[i], sizes[i]);
	}
	EXPECT(k_mem_slab_num_used_get(&small_slab) == 0 && k_mem_slab_num_used_get(&large_slab) == 0);
	EXPECT(example_heap_used(&big_heap) == 0);
	return example_passed("buffer_manager");
}
