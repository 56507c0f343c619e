/*
 * Heap listeners: synchronous callbacks on heap events (Zephyr's
 * <zephyr/sys/heap_listener.h> API).
 *
 * A listener names one heap (by HEAP_ID_FROM_POINTER of its struct sys_heap,
 * or HEAP_ID_LIBC) and one event. sys_heap calls every matching listener from
 * inside sys_heap_alloc/aligned_alloc/free/realloc, in the caller's context and
 * under the caller's lock, with the CHUNK byte size (>= the request).
 * An in-place realloc that changes the chunk size reports HEAP_FREE of the old
 * chunk size followed by HEAP_ALLOC of the new size, on the same pointer.
 * The registry is a core-global intrusive list; compile it out with
 * CONFIG_SYS_HEAP_LISTENER=0 (then register/unregister are no-ops).
 */
#ifndef RTMEM_HEAP_LISTENER_H_
#define RTMEM_HEAP_LISTENER_H_

#include <stddef.h>
#include <stdint.h>
#include <rtmem/config.h>

/** Heap identifier of the heap whose struct sys_heap is at @a heap_pointer. */
#define HEAP_ID_FROM_POINTER(heap_pointer) ((uintptr_t)(heap_pointer))
/** Heap identifier reserved for the C library's malloc heap. */
#define HEAP_ID_LIBC ((uintptr_t)0)

/** Event a listener subscribes to. */
enum heap_event_types {
	HEAP_EVT_UNKNOWN = 0,
	/** The heap region changed (libc sbrk-style growth); sys_heap never emits it. */
	HEAP_RESIZE,
	/** A block was handed out (alloc, aligned alloc, realloc). */
	HEAP_ALLOC,
	/** A block was given back (free, realloc). */
	HEAP_FREE,
	HEAP_EVT_MAX,
};

/** Alloc callback: @a mem is the user pointer, @a bytes the chunk size in bytes. */
typedef void (*heap_listener_cb_alloc_t)(uintptr_t heap_id, void *mem, size_t bytes);
/** Free callback: @a mem is the user pointer, @a bytes the chunk size in bytes. */
typedef void (*heap_listener_cb_free_t)(uintptr_t heap_id, void *mem, size_t bytes);
/** Resize callback: old and new end of the heap region. */
typedef void (*heap_listener_cb_resize_t)(uintptr_t heap_id, void *old_heap_end, void *new_heap_end);

/** One registered listener (intrusive list node; owned by the caller). */
struct heap_listener {
	/** Next listener in the registry (managed by register/unregister). */
	struct heap_listener *next;
	/** Heap this listener watches. */
	uintptr_t heap_id;
	/** Event this listener watches. */
	enum heap_event_types event;
	/** Callback matching @a event. */
	union {
		heap_listener_cb_alloc_t alloc_cb;
		heap_listener_cb_free_t free_cb;
		heap_listener_cb_resize_t resize_cb;
	};
};

/** Define a listener for HEAP_ALLOC events of heap @a _heap_id. */
#define HEAP_LISTENER_ALLOC_DEFINE(name, _heap_id, _alloc_cb) \
	struct heap_listener name = { .heap_id = (_heap_id), .event = HEAP_ALLOC, .alloc_cb = (_alloc_cb) }
/** Define a listener for HEAP_FREE events of heap @a _heap_id. */
#define HEAP_LISTENER_FREE_DEFINE(name, _heap_id, _free_cb) \
	struct heap_listener name = { .heap_id = (_heap_id), .event = HEAP_FREE, .free_cb = (_free_cb) }
/** Define a listener for HEAP_RESIZE events of heap @a _heap_id. */
#define HEAP_LISTENER_RESIZE_DEFINE(name, _heap_id, _resize_cb) \
	struct heap_listener name = { .heap_id = (_heap_id), .event = HEAP_RESIZE, .resize_cb = (_resize_cb) }

/**
 * @brief Add @a listener to the registry (newest first).
 * @context  any context; NOT synchronised — register before the heap is shared or under the callers' lock
 * @pre      @a listener not registered; its event/heap_id/callback set
 * @post     matching events call it synchronously
 * @complexity O(1)
 * @retval   (void)
 * @ub       registering a listener twice (the list would loop).
 */
void heap_listener_register(struct heap_listener *listener);

/**
 * @brief Remove @a listener from the registry; no-op if it is not registered.
 * @context  any context; NOT synchronised (as register)
 * @pre      none
 * @post     @a listener is no longer called and may be reused
 * @complexity O(number of registered listeners)
 * @retval   (void)
 * @ub       unregistering while a notification walks the list
 */
void heap_listener_unregister(struct heap_listener *listener);

/**
 * @brief Call every listener registered for (@a heap_id, @a event).
 * Used by sys_heap (and by libc for HEAP_RESIZE).
 * @context  any context; NOT synchronised
 * @pre      none
 * @post     every matching listener was called once, newest first
 * @complexity O(number of registered listeners)
 * @retval   (void)
 * @ub       a callback that registers or unregisters listeners
 */
void heap_listener_notify(uintptr_t heap_id, enum heap_event_types event, void *mem, size_t bytes);

#endif /* RTMEM_HEAP_LISTENER_H_ */
