/*
 * Heap listener registry: a core-global intrusive singly linked list.
 * Not synchronised (the core has no locks): register at init time or under
 * the same lock that serialises the heaps.
 */
#include "heap.h"

struct heap_listener *z_heap_listeners;

void heap_listener_register(struct heap_listener *listener)
{
	if (CONFIG_SYS_HEAP_LISTENER && listener != NULL) {
		listener->next = z_heap_listeners;
		z_heap_listeners = listener;
	}
}

void heap_listener_unregister(struct heap_listener *listener)
{
	for (struct heap_listener **pp = &z_heap_listeners; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == listener) {
			*pp = listener->next;
			listener->next = NULL;
			return;
		}
	}
}

void heap_listener_notify(uintptr_t heap_id, enum heap_event_types event, void *mem, size_t bytes)
{
	for (struct heap_listener *l = z_heap_listeners; l != NULL; l = l->next) {
		if (l->heap_id != heap_id || l->event != event) {
			continue;
		}
		if (event == HEAP_RESIZE) {
			l->resize_cb(heap_id, mem, (uint8_t *)mem + bytes);
		} else {
			l->alloc_cb(heap_id, mem, bytes);
		}
	}
}

void z_heap_notify(struct sys_heap *heap, enum heap_event_types evt, void *mem, size_t bytes)
{
	heap_listener_notify(HEAP_ID_FROM_POINTER(heap), evt, mem, bytes);
}
