/*
 * k_mem_slab: the slab core + interrupt lock + wait queue with hand-off
 * (rtmem/k_mem_slab.h). The fast paths of core/slab_core.h are inlined here
 * inside the lock; everything unusual (empty, waiting, faults) is out of line.
 */
#include "kernel_internal.h"
#include "mem_internal.h"
#include "../core/slab_core.h"

/* ---- used maps of large runtime slabs ---------------------------------------------- */

/* Entries: [owner slab][map words][map ...] in uintptr_t units; owner 0 = free
 * entry (left by a slab re-initialised with more blocks). Entries are never
 * merged: the pool serves a bounded set of long-lived slabs. */
#define POOL_UNITS ((CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS * 4u + sizeof(uintptr_t) - 1u) / sizeof(uintptr_t))
static uintptr_t map_pool[POOL_UNITS];
static size_t map_pool_top;

static size_t map_units(size_t words)
{
	return (words * 4u + sizeof(uintptr_t) - 1u) / sizeof(uintptr_t);
}

static uint32_t *map_get(const struct k_mem_slab *slab, size_t words)
{
	uintptr_t *fit = NULL;

	for (size_t i = 0; i < map_pool_top; i += 2u + map_units(map_pool[i + 1u])) {
		if (map_pool[i] == (uintptr_t)slab) {
			if (map_pool[i + 1u] >= words) {
				return (uint32_t *)(void *)&map_pool[i + 2u];
			}
			map_pool[i] = 0; /* too small now: leave it to others */
		} else if (map_pool[i] == 0u && fit == NULL && map_pool[i + 1u] >= words) {
			fit = &map_pool[i];
		}
	}
	if (fit == NULL) {
		size_t units = 2u + map_units(words);

		if (POOL_UNITS - map_pool_top < units) {
			return NULL;
		}
		fit = &map_pool[map_pool_top];
		fit[1] = words;
		map_pool_top += units;
	}
	fit[0] = (uintptr_t)slab;
	return (uint32_t *)(void *)&fit[2];
}

/* ---- static slabs ------------------------------------------------------------------- */

extern struct k_mem_slab __start_rtmem_k_mem_slab[] __attribute__((weak));
extern struct k_mem_slab __stop_rtmem_k_mem_slab[] __attribute__((weak));

/* K_MEM_SLAB_DEFINE needs no init (constant initialiser); this only tells the
 * tracking back-end (Valgrind / ASan builds) that each static buffer belongs
 * to an allocator, as sys_slab_init() does for runtime slabs. Memory only. */
__attribute__((constructor(101))) static void mem_slab_static_track(void)
{
	for (struct k_mem_slab *s = __start_rtmem_k_mem_slab; s < __stop_rtmem_k_mem_slab; s++) {
		size_t total = (size_t)s->slab.num_blocks * s->slab.block_size;

		if (total != 0u) {
			RTMEM_TRACK_HEAP_INIT(s->slab.buffer, total);
			RTMEM_TRACK_LEAVE();
		}
	}
}

/* ---- init ------------------------------------------------------------------------- */

int k_mem_slab_init(struct k_mem_slab *slab, void *buffer, size_t block_size, uint32_t num_blocks)
{
	if (slab == NULL || block_size == 0u || sys_slab_params_check(buffer, block_size, num_blocks) != 0) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	uint32_t *map = slab->inline_map;

	if (num_blocks > CONFIG_RTMEM_MEM_SLAB_INLINE_BLOCKS) {
		map = map_get(slab, SYS_SLAB_MAP_WORDS(num_blocks));
		if (map == NULL) {
			arch_irq_unlock(key);
			return -ENOMEM;
		}
	}
	z_waitq_init(&slab->wait_q);
	slab->lock.owner = 0U;
	int ret = sys_slab_init(&slab->slab, buffer, block_size, num_blocks, map);

	arch_irq_unlock(key);
	if (ret == 0 && !z_mem_slab_is_static(slab)) {
		z_mem_registry_add(&slab->reg, slab, MEM_REGISTRY_MEM_SLAB);
	}
	return ret;
}

/* ---- faults ------------------------------------------------------------------------- */

static __attribute__((noinline, cold)) void slab_fault(struct k_mem_slab *slab, const void *mem,
							 enum sys_slab_status st)
{
	static const char *const what[] = {
		[SYS_SLAB_OK] = "ok",
		[SYS_SLAB_FOREIGN_POINTER] = "k_mem_slab_free: pointer outside the slab",
		[SYS_SLAB_BAD_POINTER] = "k_mem_slab_free: pointer not on a block boundary",
		[SYS_SLAB_DOUBLE_FREE] = "k_mem_slab_free: block not allocated (double free)",
		[SYS_SLAB_CORRUPT_FREE_LIST] = "k_mem_slab_alloc: free list corrupted (write after free)",
		[SYS_SLAB_EMPTY] = "empty",
	};

	z_mem_fault(what[st], slab, slab->reg.name, mem, __FILE__, __LINE__);
}

/* ---- alloc / free ---------------------------------------------------------------------- */

static __attribute__((noinline)) int alloc_slow(struct k_mem_slab *slab, void **mem, k_timeout_t timeout,
						unsigned int key)
{
	enum sys_slab_status st;
	void *b = sys_slab_alloc(&slab->slab, &st);

	*mem = b;
	if (b != NULL) {
		arch_irq_unlock(key);
		return 0;
	}
	if (st == SYS_SLAB_CORRUPT_FREE_LIST) {
		arch_irq_unlock(key);
		slab_fault(slab, NULL, st);
		return -ENOMEM;
	}
	if (K_TIMEOUT_EQ(timeout, K_NO_WAIT)) {
		arch_irq_unlock(key);
		return -ENOMEM;
	}
	if (arch_is_in_isr()) {
		arch_irq_unlock(key);
		__ASSERT(false, "k_mem_slab_alloc: a timeout other than K_NO_WAIT in an ISR");
		return -ENOMEM;
	}
	/* Wait for a hand-off: k_mem_slab_free passes the block as swap data. */
	_current->base.swap_data = NULL;
	int ret = z_pend_curr_irqlock(key, &slab->wait_q, timeout);

	if (ret == 0) {
		*mem = _current->base.swap_data;
		return 0;
	}
	return ret;
}

RTMEM_NO_SANITIZE int k_mem_slab_alloc(struct k_mem_slab *slab, void **mem, k_timeout_t timeout)
{
	unsigned int key = arch_irq_lock();
	void *b = z_slab_alloc_fast(&slab->slab, IS_ENABLED(CONFIG_MEM_SLAB_TRACE_MAX_UTILIZATION));

	if (unlikely(b == NULL)) {
		return alloc_slow(slab, mem, timeout, key);
	}
	*mem = b;
	arch_irq_unlock(key);
	return 0;
}

/* Everything but a plain release: a bad pointer (fault) or waiters (hand-off). */
static RTMEM_NO_SANITIZE __attribute__((noinline)) void free_slow(struct k_mem_slab *slab, void *mem,
								   unsigned int key)
{
	uint32_t i = 0;
	enum sys_slab_status st = z_slab_free_check(&slab->slab, mem, &i);

	if (st != SYS_SLAB_OK) {
		slab->slab.faults++;
		if (st == SYS_SLAB_FOREIGN_POINTER) {
			st = sys_slab_check(&slab->slab, mem); /* foreign vs interior */
		}
		arch_irq_unlock(key);
		slab_fault(slab, mem, st);
		return;
	}
	if (!sys_dlist_is_empty(&slab->wait_q.waitq)) {
		/* Hand-off: the block stays allocated, it only changes owner. */
		RTMEM_TRACK_FREE(mem, slab->slab.block_size);
		RTMEM_TRACK_ALLOC(mem, slab->slab.block_size);
		if (z_sched_wake(&slab->wait_q, 0, mem)) {
			z_reschedule_irqlock(key);
			return;
		}
	}
	z_slab_release(&slab->slab, mem, i);
	arch_irq_unlock(key);
}

RTMEM_NO_SANITIZE void k_mem_slab_free(struct k_mem_slab *slab, void *mem)
{
	unsigned int key = arch_irq_lock();

	/* No waiter (one compare) and a valid block: release in place; all else out of line. */
	if (unlikely(!z_mem_no_waiters(&slab->wait_q)) || unlikely(!z_slab_free_fast(&slab->slab, mem))) {
		free_slow(slab, mem, key);
		return;
	}
	arch_irq_unlock(key);
}

/* ---- statistics ---------------------------------------------------------------------- */

int k_mem_slab_runtime_stats_get(struct k_mem_slab *slab, struct sys_memory_stats *stats)
{
	if (slab == NULL || stats == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	const struct sys_slab *s = &slab->slab;

	stats->allocated_bytes = (size_t)s->num_used * s->block_size;
	stats->free_bytes = (size_t)(s->num_blocks - s->num_used) * s->block_size;
	stats->max_allocated_bytes = (size_t)k_mem_slab_max_used_get(slab) * s->block_size;
	arch_irq_unlock(key);
	return 0;
}

int k_mem_slab_runtime_stats_reset_max(struct k_mem_slab *slab)
{
	if (slab == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	slab->slab.max_used = slab->slab.num_used;
	arch_irq_unlock(key);
	return 0;
}
