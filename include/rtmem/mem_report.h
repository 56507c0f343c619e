/*
 * The memory report (rtmem extension; tools/report, library rtmem_report):
 * the program's memory as the seed chapter draws it, with real figures.
 *
 *   - regions: text, read-only data, data, bss (host: linker symbols;
 *     Cortex-M: the linker script's), and inside them every heap buffer and
 *     every thread stack with its address and size;
 *   - heaps (every k_heap and bare sys_heap of the registry): size,
 *     allocated, peak, free, largest free block, fragmentation, failed
 *     allocations, and a map of used and free chunks (sys_heap_walk);
 *   - slabs: block size, blocks, used, free, peak;
 *   - threads: stack size, peak use (high-water mark of the painted stack),
 *     unused, percentage, drawn as a bar like the chapter's stack diagram;
 *   - domains (every domain a live thread belongs to, plus k_mem_domain_default)
 *     and their partitions with rights and member threads;
 *   - heap usage over time, fed by heap listeners (mem_report_history_start()).
 *
 * Two renderings: text through printk (in the manner of Zephyr's shell
 * commands `kernel heap`, `kernel stacks` and of the thread analyzer) and
 * one self-contained HTML page with inline SVG (no script, no external
 * resource) written through a caller-given output function, so the writer
 * has no file I/O of its own; mem_report_html_save() is the host's file
 * wrapper.
 *
 * Uses only public APIs: the memory registry, sys_heap_walk and
 * sys_heap_ext_stats_get (under the heap's lock), the slab getters,
 * k_thread_foreach with k_thread_stack_space_get, k_mem_domain_of, heap
 * listeners.
 *
 * Not reentrant: one report at a time (its snapshot lives in static
 * storage: about 40 KiB on 64-bit hosts, see MEM_REPORT_MAX_*). Cost when
 * no report runs: nothing, except each running history's two listeners
 * (O(listeners) per alloc/free of every heap, one sample store per event).
 */
#ifndef RTMEM_MEM_REPORT_H_
#define RTMEM_MEM_REPORT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/heap_listener.h>

#ifdef __cplusplus
extern "C" {
#endif

struct k_heap;

/** Heaps, slabs, threads, domains, regions a report lists (more are counted, not shown). */
#define MEM_REPORT_MAX_OBJECTS 48
/** Chunks drawn per heap map; beyond that the rest of the heap is drawn as "not walked". */
#define MEM_REPORT_MAX_CHUNKS 1024
/** Samples kept per heap history (older ones are thinned when it fills). */
#define MEM_REPORT_HISTORY_SAMPLES 240

/** A memory region of the program. */
struct mem_report_region {
	/** "text", "rodata", "data", "bss", or a heap or stack name */
	const char *name;
	/** first byte */
	uintptr_t start;
	/** bytes */
	size_t size;
	/** what it holds, one phrase */
	const char *what;
};

/**
 * @brief The program's segments (text, read-only data, data, bss) as the port knows them.
 * @context  any
 * @pre      @a out holds @a max entries
 * @post     out[0..n) filled in address order
 * @complexity O(1)
 * @retval   number of regions (0 when the port cannot tell)
 * @ub       none
 */
size_t mem_report_segments_get(struct mem_report_region *out, size_t max);

/** Output function of the HTML writer: write @a len bytes of @a data; return 0 or an error. */
typedef int (*mem_report_out_t)(void *ctx, const char *data, size_t len);

/**
 * @brief Print the whole text report through printk: regions, heaps, slabs, thread stacks, domains.
 * @context  supervisor thread
 * @pre      none
 * @post     nothing changed (each heap is walked under its lock)
 * @complexity O(chunks of every heap + bytes of every stack)
 * @retval   0
 * @ub       called from two threads at once (not reentrant)
 */
int mem_report_print(void);

/** Print only the memory regions (part of mem_report_print()). Same contract. */
void mem_report_print_regions(void);
/** Print only the heaps, as Zephyr's `kernel heap` with the extended figures. Same contract. */
void mem_report_print_heaps(void);
/** Print only the slabs. Same contract. */
void mem_report_print_slabs(void);
/** Print only the thread stacks, as Zephyr's `kernel stacks`, with bars. Same contract. */
void mem_report_print_stacks(void);
/** Print only the domains and their partitions. Same contract. */
void mem_report_print_domains(void);

/**
 * @brief Write the report as one self-contained HTML page (inline CSS and SVG).
 * @context  supervisor thread
 * @pre      @a out not NULL
 * @post     the page written in pieces through @a out; nothing else changed
 * @complexity as mem_report_print()
 * @retval   0        written
 * @retval   -EINVAL  @a out NULL
 * @retval   other    the first non-zero value @a out returned (writing stops)
 * @ub       called from two threads at once (not reentrant)
 */
int mem_report_html_write(mem_report_out_t out, void *ctx);

/**
 * @brief Host: write the HTML report to the file @a path (created or truncated).
 * @context  supervisor thread
 * @pre      @a path not NULL
 * @post     the file holds the page
 * @complexity as mem_report_html_write() + file I/O
 * @retval   0        written
 * @retval   -EINVAL  @a path NULL
 * @retval   -errno   the file could not be opened or written
 * @ub       as mem_report_html_write()
 */
int mem_report_html_save(const char *path);

/**
 * @brief Give the object at @a obj (a domain or a partition start, a heap, a slab) a
 *        name for reports. Heaps and slabs are named by the registry already.
 * @context  thread
 * @pre      @a name lives as long as the object (not copied)
 * @post     reports show @a name
 * @complexity O(labels)
 * @retval   0        named
 * @retval   -ENOMEM  the label table (MEM_REPORT_MAX_OBJECTS) is full
 * @ub       none
 */
int mem_report_label_set(const void *obj, const char *name);

/** One point of a heap's usage over time. */
struct mem_report_sample {
	/** simulated time, ms since boot */
	uint32_t t_ms;
	/** highest allocated chunk bytes seen in this sample's interval */
	uint32_t bytes;
};

/** Usage of one heap over time, fed by two heap listeners. Owned by the caller. */
struct mem_report_history {
	/** listeners on the heap's HEAP_ALLOC and HEAP_FREE events */
	struct heap_listener on_alloc, on_free;
	/** the heap */
	struct k_heap *heap;
	/** allocated chunk bytes now, kept by the listeners */
	size_t allocated;
	/** samples in use */
	uint32_t count;
	/** minimum ms between two samples (doubles each time the array is thinned) */
	uint32_t interval_ms;
	/** the samples, oldest first */
	struct mem_report_sample samples[MEM_REPORT_HISTORY_SAMPLES];
	/** next history of the report's list */
	struct mem_report_history *next;
};

/**
 * @brief Record @a heap's allocated bytes at every alloc and free from now on
 *        (drawn by mem_report_html_write() as usage over time).
 * @context  supervisor thread
 * @pre      @a hist not running; @a heap initialised
 * @post     listeners registered (under an interrupt lock); first sample = now;
 *           @a hist joins the report's list of histories (drawn by every later report)
 * @complexity O(histories); per event of the heap O(histories) (thinning O(samples) once per fill)
 * @retval   0        started
 * @retval   -EINVAL  @a hist or @a heap NULL
 * @ub       @a hist not outliving every later report (give it static storage)
 */
int mem_report_history_start(struct mem_report_history *hist, struct k_heap *heap);

/**
 * @brief Stop recording (samples kept; the report still draws them, so @a hist
 *        stays in the report's list and must still outlive every later report).
 * @context  supervisor thread
 * @pre      none
 * @post     listeners unregistered
 * @complexity O(listeners)
 * @retval   (void)
 * @ub       none
 */
void mem_report_history_stop(struct mem_report_history *hist);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_MEM_REPORT_H_ */
