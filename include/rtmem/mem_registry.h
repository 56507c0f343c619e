/*
 * The memory-object registry (rtmem extension): one place that knows every
 * heap and slab of the program, static or runtime, so that a report can list
 * them all with name, kind and statistics.
 *
 * Static objects (K_HEAP_DEFINE, K_MEM_SLAB_DEFINE and their variants) live
 * in the linker sections rtmem_k_heap / rtmem_k_mem_slab: the registry walks
 * those arrays (nothing to register, ready before main). Runtime objects
 * (k_heap_init, k_mem_slab_init, mem_registry_sys_heap_add) are linked into
 * one intrusive singly linked list through the struct mem_registry_node they
 * embed; re-initialising an object does not add it twice.
 *
 * Cost: one node (4 pointers) per object; registration O(objects) at init;
 * nothing on the alloc/free paths.
 *
 * A runtime object that stops existing (a slab on a stack frame that
 * returns) must be removed with mem_registry_remove() first.
 */
#ifndef RTMEM_MEM_REGISTRY_H_
#define RTMEM_MEM_REGISTRY_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/mem_stats.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sys_heap;
struct k_heap;

/** What a registry entry is. */
enum mem_registry_kind {
	/** struct k_heap (K_HEAP_DEFINE, k_heap_init, the system heap). */
	MEM_REGISTRY_K_HEAP = 1,
	/** struct k_mem_slab. */
	MEM_REGISTRY_MEM_SLAB = 2,
	/** A bare struct sys_heap registered with mem_registry_sys_heap_add() (e.g. libc malloc's). */
	MEM_REGISTRY_SYS_HEAP = 3,
};

/** Registry link embedded in every heap and slab. Zero-initialised = not registered. */
struct mem_registry_node {
	/** Next runtime object (NULL ends the list). */
	struct mem_registry_node *next;
	/** Name for reports (K_*_DEFINE: the symbol name); NULL = unnamed. */
	const char *name;
	/** The object (struct k_heap *, struct k_mem_slab * or struct sys_heap *). */
	void *obj;
	/** enum mem_registry_kind. */
	uint8_t kind;
};

/** One object as a report sees it. */
struct mem_registry_info {
	/** Kind of object. */
	enum mem_registry_kind kind;
	/** Name, "" if unnamed (never NULL). */
	const char *name;
	/** The object. */
	const void *obj;
	/** Defined statically (K_*_DEFINE) rather than initialised at run time. */
	bool is_static;
	/** Bytes given at init (heaps: the buffer; slabs: num_blocks * block_size). */
	size_t total_bytes;
	/** Statistics (heaps: chunk bytes as sys_heap_runtime_stats_get; slabs: blocks * block_size). */
	struct sys_memory_stats stats;
	/** Heaps: largest request sure to succeed now; slabs: block_size if a block is free, else 0. */
	size_t largest_free_bytes;
	/** Slabs: bytes per block (0 for heaps). */
	size_t block_size;
	/** Slabs: blocks (0 for heaps). */
	uint32_t num_blocks;
	/** Slabs: blocks in use (heaps: allocated blocks). */
	uint32_t num_used;
	/** Slabs: high-water mark of num_used (0 for heaps). */
	uint32_t max_used;
};

/** Callback of mem_registry_foreach(); return false to stop the walk. */
typedef bool (*mem_registry_cb_t)(const struct mem_registry_info *info, void *user_data);

/**
 * @brief Call @a cb for every registered heap and slab: static k_heaps, static
 *        slabs (link order), then runtime objects (registration order).
 * @context  thread or ISR; each object's statistics are read under its lock
 * @pre      @a cb does not remove objects; objects do not vanish meanwhile
 * @post     nothing changed
 * @complexity O(objects)
 * @retval   number of objects visited (the stopping one included)
 * @ub       none (@a cb NULL: counts only)
 */
size_t mem_registry_foreach(mem_registry_cb_t cb, void *user_data);

/**
 * @brief Number of registered objects of @a kind (0 = all kinds).
 * @context  any
 * @pre      none
 * @post     nothing changed
 * @complexity O(objects)
 * @retval   the count
 * @ub       none
 */
size_t mem_registry_count(int kind);

/**
 * @brief Register a bare sys_heap (e.g. the C library's) under @a name.
 * @context  thread, or before main
 * @pre      @a node lives as long as the heap; @a heap initialised
 * @post     listed by mem_registry_foreach() with kind MEM_REGISTRY_SYS_HEAP
 * @complexity O(objects)
 * @retval   0        registered (or already registered: name updated)
 * @retval   -EINVAL  @a node or @a heap NULL
 * @ub       none
 */
int mem_registry_sys_heap_add(struct mem_registry_node *node, struct sys_heap *heap, const char *name);

/**
 * @brief Remove the runtime object @a obj (k_heap, k_mem_slab or sys_heap) from the registry.
 * @context  thread
 * @pre      none
 * @post     no longer listed; k_free() no longer accepts blocks of a removed k_heap
 * @complexity O(objects)
 * @retval   0        removed
 * @retval   -ENOENT  not in the runtime list (static objects cannot be removed)
 * @ub       removing an object while mem_registry_foreach() runs
 */
int mem_registry_remove(const void *obj);

/**
 * @brief Name the registered object @a obj for reports (static objects too).
 * @context  any
 * @pre      @a name lives as long as the object (not copied)
 * @post     reports show @a name
 * @complexity O(objects)
 * @retval   0        named
 * @retval   -ENOENT  @a obj is not registered
 * @ub       none
 */
int mem_registry_name_set(const void *obj, const char *name);

/**
 * @brief True if @a h is a registered k_heap (static or runtime); never dereferences @a h
 *        unless it is one. Used by k_free() to validate the hidden owner pointer.
 * @context  any
 * @pre      none
 * @post     nothing changed
 * @complexity O(number of k_heaps)
 * @retval   true / false
 * @ub       none
 */
bool mem_registry_is_k_heap(const struct k_heap *h);

/**
 * @brief Print every registered object as a text table through printk
 *        (kind, name, size, used, peak, largest free / block counts).
 * @context  thread
 * @pre      none
 * @post     nothing changed
 * @complexity O(objects)
 * @retval   number of objects printed
 * @ub       none
 */
size_t mem_registry_print(void);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_MEM_REGISTRY_H_ */
