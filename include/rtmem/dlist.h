/*
 * Intrusive doubly-linked list (Zephyr's sys_dlist names). A list is a
 * sentinel node; an empty list points at itself. A zero-filled list (static
 * object never initialised) is also accepted as empty and is initialised on
 * first insertion, so zero-initialised kernel objects stay valid.
 * Every operation is O(1) except the FOR_EACH walks.
 */
#ifndef RTMEM_DLIST_H_
#define RTMEM_DLIST_H_

#include <stdbool.h>
#include <stddef.h>
#include <zephyr/sys/util.h>

/** A node (embedded in the element) or a list head (sentinel). */
struct _dnode {
	/** next node, or the list head after the tail */
	struct _dnode *next;
	/** previous node, or the list head before the first */
	struct _dnode *prev;
};
typedef struct _dnode sys_dlist_t;
typedef struct _dnode sys_dnode_t;

/** Static initialiser of an empty list named @a list. */
#define SYS_DLIST_STATIC_INIT(list) { (list), (list) }

static inline void sys_dlist_init(sys_dlist_t *list)
{
	list->next = list;
	list->prev = list;
}

static inline void sys_dnode_init(sys_dnode_t *node)
{
	node->next = NULL;
	node->prev = NULL;
}

static inline bool sys_dnode_is_linked(const sys_dnode_t *node)
{
	return node->next != NULL;
}

static inline bool sys_dlist_is_empty(const sys_dlist_t *list)
{
	return list->next == NULL || list->next == list;
}

static inline sys_dnode_t *sys_dlist_peek_head(const sys_dlist_t *list)
{
	return sys_dlist_is_empty(list) ? NULL : list->next;
}

static inline sys_dnode_t *sys_dlist_peek_tail(const sys_dlist_t *list)
{
	return sys_dlist_is_empty(list) ? NULL : list->prev;
}

static inline sys_dnode_t *sys_dlist_peek_next(const sys_dlist_t *list, const sys_dnode_t *node)
{
	return (node == NULL || node->next == list) ? NULL : node->next;
}

static inline void z_dlist_lazy_init(sys_dlist_t *list)
{
	if (list->next == NULL) {
		sys_dlist_init(list);
	}
}

/** Insert @a node before @a successor (which may be the list head: append). */
static inline void sys_dlist_insert(sys_dnode_t *successor, sys_dnode_t *node)
{
	node->prev = successor->prev;
	node->next = successor;
	successor->prev->next = node;
	successor->prev = node;
}

static inline void sys_dlist_append(sys_dlist_t *list, sys_dnode_t *node)
{
	z_dlist_lazy_init(list);
	sys_dlist_insert(list, node);
}

static inline void sys_dlist_prepend(sys_dlist_t *list, sys_dnode_t *node)
{
	z_dlist_lazy_init(list);
	sys_dlist_insert(list->next, node);
}

/** Unlink @a node; it reads as not linked afterwards. */
static inline void sys_dlist_remove(sys_dnode_t *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	sys_dnode_init(node);
}

static inline sys_dnode_t *sys_dlist_get(sys_dlist_t *list)
{
	sys_dnode_t *node = sys_dlist_peek_head(list);

	if (node != NULL) {
		sys_dlist_remove(node);
	}
	return node;
}

#define SYS_DLIST_FOR_EACH_NODE(list, node) \
	for ((node) = sys_dlist_peek_head(list); (node) != NULL; (node) = sys_dlist_peek_next((list), (node)))

#define SYS_DLIST_FOR_EACH_NODE_SAFE(list, node, tmp)                                   \
	for ((node) = sys_dlist_peek_head(list), (tmp) = sys_dlist_peek_next((list), (node)); \
	     (node) != NULL; (node) = (tmp), (tmp) = sys_dlist_peek_next((list), (node)))

#define SYS_DLIST_CONTAINER(node, type, field) ((node) != NULL ? CONTAINER_OF(node, type, field) : NULL)

#endif /* RTMEM_DLIST_H_ */
