/*
 * Private to tools/report: the snapshot a report is rendered from, shared
 * by the text writer (mem_report.c) and the HTML writer (mem_report_html.c),
 * and the port's half (segments, file output: host_*.c).
 */
#ifndef RTMEM_REPORT_INTERNAL_H_
#define RTMEM_REPORT_INTERNAL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/kernel.h>
#include <rtmem/mem_report.h>
#include <rtmem/sys_heap.h>

/* ---- snapshot ---------------------------------------------------------------- */

/** One heap: registry entry plus the figures of one walk. */
struct rep_heap {
	const char *name;
	bool is_static;
	/** the k_heap, or NULL for a bare sys_heap */
	struct k_heap *kheap;
	struct sys_heap *sheap;
	/** the buffer given at init */
	uintptr_t start;
	size_t total_bytes;
	/** O(1) statistics (chunk bytes) */
	struct sys_heap_ext_stats x;
	/** from the walk: first chunk (after the control block), end of the last chunk */
	uintptr_t chunks_start, chunks_end;
	/** largest free chunk (exact, from the walk) */
	size_t largest_free_chunk;
};

/** One slab. */
struct rep_slab {
	const char *name;
	bool is_static;
	uintptr_t start;
	size_t block_size;
	uint32_t num_blocks, used, peak;
};

/** One thread. */
struct rep_thread {
	const struct k_thread *thread;
	char name[CONFIG_THREAD_MAX_NAME_LEN];
	int prio;
	bool user;
	bool current;
	uintptr_t stack_start;
	size_t stack_size;
	size_t unused;
	const struct k_mem_domain *domain;
};

/** The whole snapshot. */
struct rep_snapshot {
	uint64_t uptime_ms;
	struct mem_report_region segments[8];
	size_t num_segments;
	struct rep_heap heaps[MEM_REPORT_MAX_OBJECTS];
	size_t num_heaps, heaps_not_shown;
	struct rep_slab slabs[MEM_REPORT_MAX_OBJECTS];
	size_t num_slabs, slabs_not_shown;
	struct rep_thread threads[MEM_REPORT_MAX_OBJECTS];
	size_t num_threads, threads_not_shown;
	const struct k_mem_domain *domains[MEM_REPORT_MAX_OBJECTS];
	size_t num_domains;
};

/** One chunk of a heap map. */
struct rep_chunk {
	uintptr_t start;
	size_t bytes;
	bool used;
};

/** Take a snapshot of everything (static storage, not reentrant). */
const struct rep_snapshot *rep_snapshot_take(void);

/**
 * Walk @a h under its lock into @a out (at most @a max chunks); *@a more set
 * when the heap has more chunks than that. Returns the chunks stored.
 */
size_t rep_heap_walk(const struct rep_heap *h, struct rep_chunk *out, size_t max, bool *more);

/** Name given with mem_report_label_set(), or NULL. */
const char *rep_label_get(const void *obj);

/** The segment (or heap buffer) holding [start, start + size), or "other". */
const char *rep_container_name(const struct rep_snapshot *s, uintptr_t start, size_t size);

/** Domain's name for reports ("k_mem_domain_default", a label, or "domain@<address>" in @a buf). */
const char *rep_domain_name(const struct k_mem_domain *d, char *buf, size_t len);

/** "P:RW U:RO"-style rights of @a attr in @a buf. */
const char *rep_attr_text(k_mem_partition_attr_t attr, char *buf, size_t len);

/** Fragmentation in tenths of a percent: 1000 * (1 - largest free chunk / free bytes). */
unsigned int rep_frag_permille(const struct rep_heap *h);

/** The running and stopped histories (newest first). */
struct mem_report_history *rep_histories(void);

/* ---- port ------------------------------------------------------------------- */

/** Segments of the program (host: linker symbols); see mem_report_segments_get(). */
size_t rep_port_segments(struct mem_report_region *out, size_t max);

#endif /* RTMEM_REPORT_INTERNAL_H_ */
