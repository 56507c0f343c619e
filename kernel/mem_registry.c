/*
 * The memory-object registry (rtmem/mem_registry.h): static objects are the
 * linker-section arrays of K_HEAP_DEFINE / K_MEM_SLAB_DEFINE, runtime ones an
 * intrusive singly linked list. Also the memory objects' fatal-path report.
 */
#include <string.h>
#include "kernel_internal.h"
#include "mem_internal.h"

extern struct k_heap __start_rtmem_k_heap[] __attribute__((weak));
extern struct k_heap __stop_rtmem_k_heap[] __attribute__((weak));
extern struct k_mem_slab __start_rtmem_k_mem_slab[] __attribute__((weak));
extern struct k_mem_slab __stop_rtmem_k_mem_slab[] __attribute__((weak));

/* Runtime objects in registration order (head, and the link to append at). */
static struct mem_registry_node *runtime_head;

void z_mem_fault(const char *what, const void *obj, const char *obj_name, const void *ptr, const char *file,
		 int line)
{
	printk("MEMORY FAULT: %s, object %p (%s), pointer %p, at %s:%d\n", what, obj,
	       obj_name != NULL ? obj_name : "unnamed", ptr, file, line);
	k_panic();
}

void z_mem_registry_add(struct mem_registry_node *node, void *obj, enum mem_registry_kind kind)
{
	unsigned int key = arch_irq_lock();
	struct mem_registry_node **link = &runtime_head;

	while (*link != NULL) {
		if (*link == node) {
			/* Re-initialised: keep its place and name. */
			node->obj = obj;
			node->kind = (uint8_t)kind;
			arch_irq_unlock(key);
			return;
		}
		link = &(*link)->next;
	}
	node->next = NULL;
	node->name = NULL;
	node->obj = obj;
	node->kind = (uint8_t)kind;
	*link = node;
	arch_irq_unlock(key);
}

int mem_registry_sys_heap_add(struct mem_registry_node *node, struct sys_heap *heap, const char *name)
{
	if (node == NULL || heap == NULL) {
		return -EINVAL;
	}
	z_mem_registry_add(node, heap, MEM_REGISTRY_SYS_HEAP);
	node->name = name;
	return 0;
}

int mem_registry_remove(const void *obj)
{
	unsigned int key = arch_irq_lock();

	for (struct mem_registry_node **link = &runtime_head; *link != NULL; link = &(*link)->next) {
		if ((*link)->obj == obj) {
			struct mem_registry_node *n = *link;

			*link = n->next;
			n->next = NULL;
			n->obj = NULL;
			arch_irq_unlock(key);
			return 0;
		}
	}
	arch_irq_unlock(key);
	return -ENOENT;
}

static struct mem_registry_node *find_node(const void *obj)
{
	for (struct k_heap *h = __start_rtmem_k_heap; h < __stop_rtmem_k_heap; h++) {
		if ((const void *)h == obj) {
			return &h->reg;
		}
	}
	for (struct k_mem_slab *s = __start_rtmem_k_mem_slab; s < __stop_rtmem_k_mem_slab; s++) {
		if ((const void *)s == obj) {
			return &s->reg;
		}
	}
	for (struct mem_registry_node *n = runtime_head; n != NULL; n = n->next) {
		if (n->obj == obj) {
			return n;
		}
	}
	return NULL;
}

int mem_registry_name_set(const void *obj, const char *name)
{
	unsigned int key = arch_irq_lock();
	struct mem_registry_node *n = find_node(obj);

	if (n != NULL) {
		n->name = name;
	}
	arch_irq_unlock(key);
	return n != NULL ? 0 : -ENOENT;
}

bool mem_registry_is_k_heap(const struct k_heap *h)
{
	if (z_kheap_is_static(h)) {
		/* Inside the array: also on an element boundary? */
		return ((uintptr_t)h - (uintptr_t)__start_rtmem_k_heap) % sizeof(struct k_heap) == 0u;
	}
	unsigned int key = arch_irq_lock();
	bool found = false;

	for (struct mem_registry_node *n = runtime_head; n != NULL; n = n->next) {
		if (n->obj == (const void *)h && n->kind == MEM_REGISTRY_K_HEAP) {
			found = true;
			break;
		}
	}
	arch_irq_unlock(key);
	return found;
}

bool z_mem_slab_is_static(const struct k_mem_slab *slab)
{
	return slab >= __start_rtmem_k_mem_slab && slab < __stop_rtmem_k_mem_slab;
}

int k_mem_slab_array_get(struct k_mem_slab **slab)
{
	if (slab == NULL) {
		return -EINVAL;
	}
	size_t n = (size_t)(__stop_rtmem_k_mem_slab - __start_rtmem_k_mem_slab);

	*slab = n != 0u ? __start_rtmem_k_mem_slab : NULL;
	return (int)n;
}

/* ---- reports ------------------------------------------------------------------------- */

static void info_heap(struct mem_registry_info *info, struct sys_heap *heap)
{
	struct sys_heap_ext_stats ext;

	info->total_bytes = heap->init_bytes;
	if (sys_heap_ext_stats_get(heap, &ext) == 0) {
		info->stats.free_bytes = ext.free_bytes;
		info->stats.allocated_bytes = ext.allocated_bytes;
		info->stats.max_allocated_bytes = ext.max_allocated_bytes;
		info->largest_free_bytes = ext.largest_free_bytes;
		info->num_used = (uint32_t)ext.used_blocks;
	}
}

static void info_fill(struct mem_registry_info *info, const struct mem_registry_node *n, bool is_static)
{
	memset(info, 0, sizeof(*info));
	info->kind = (enum mem_registry_kind)n->kind;
	info->name = n->name != NULL ? n->name : "";
	info->obj = n->obj;
	info->is_static = is_static;

	unsigned int key = arch_irq_lock();

	switch (info->kind) {
	case MEM_REGISTRY_K_HEAP:
		info_heap(info, &((struct k_heap *)n->obj)->heap);
		break;
	case MEM_REGISTRY_SYS_HEAP:
		info_heap(info, (struct sys_heap *)n->obj);
		break;
	case MEM_REGISTRY_MEM_SLAB: {
		const struct sys_slab *s = &((const struct k_mem_slab *)n->obj)->slab;

		info->block_size = s->block_size;
		info->num_blocks = s->num_blocks;
		info->num_used = s->num_used;
		info->max_used = s->max_used;
		info->total_bytes = (size_t)s->num_blocks * s->block_size;
		info->stats.allocated_bytes = (size_t)s->num_used * s->block_size;
		info->stats.free_bytes = info->total_bytes - info->stats.allocated_bytes;
		info->stats.max_allocated_bytes = (size_t)s->max_used * s->block_size;
		info->largest_free_bytes = s->num_used < s->num_blocks ? s->block_size : 0u;
		break;
	}
	default:
		break;
	}
	arch_irq_unlock(key);
}

size_t mem_registry_foreach(mem_registry_cb_t cb, void *user_data)
{
	struct mem_registry_info info;
	size_t count = 0;

	for (struct k_heap *h = __start_rtmem_k_heap; h < __stop_rtmem_k_heap; h++) {
		count++;
		if (cb != NULL) {
			info_fill(&info, &h->reg, true);
			if (!cb(&info, user_data)) {
				return count;
			}
		}
	}
	for (struct k_mem_slab *s = __start_rtmem_k_mem_slab; s < __stop_rtmem_k_mem_slab; s++) {
		count++;
		if (cb != NULL) {
			info_fill(&info, &s->reg, true);
			if (!cb(&info, user_data)) {
				return count;
			}
		}
	}
	for (struct mem_registry_node *n = runtime_head; n != NULL;) {
		struct mem_registry_node *next = n->next;

		count++;
		if (cb != NULL) {
			info_fill(&info, n, false);
			if (!cb(&info, user_data)) {
				return count;
			}
		}
		n = next;
	}
	return count;
}

size_t mem_registry_count(int kind)
{
	size_t count = 0;

	if (kind == 0 || kind == MEM_REGISTRY_K_HEAP) {
		count += (size_t)(__stop_rtmem_k_heap - __start_rtmem_k_heap);
	}
	if (kind == 0 || kind == MEM_REGISTRY_MEM_SLAB) {
		count += (size_t)(__stop_rtmem_k_mem_slab - __start_rtmem_k_mem_slab);
	}
	unsigned int key = arch_irq_lock();

	for (struct mem_registry_node *n = runtime_head; n != NULL; n = n->next) {
		if (kind == 0 || n->kind == kind) {
			count++;
		}
	}
	arch_irq_unlock(key);
	return count;
}

static bool print_one(const struct mem_registry_info *info, void *user_data)
{
	ARG_UNUSED(user_data);
	static const char *const kind[] = { "?", "k_heap", "k_mem_slab", "sys_heap" };
	const char *k = (unsigned int)info->kind < ARRAY_SIZE(kind) ? kind[info->kind] : "?";

	if (info->kind == MEM_REGISTRY_MEM_SLAB) {
		printk("%-10s %-20s %c %10zu %10zu %10zu  blocks %u/%u used, peak %u, %zu B each\n", k,
		       info->name[0] != '\0' ? info->name : "(unnamed)", info->is_static ? 'S' : 'R', info->total_bytes,
		       info->stats.allocated_bytes, info->stats.max_allocated_bytes, (unsigned int)info->num_used,
		       (unsigned int)info->num_blocks, (unsigned int)info->max_used, info->block_size);
	} else {
		printk("%-10s %-20s %c %10zu %10zu %10zu  largest free %zu, %u blocks\n", k,
		       info->name[0] != '\0' ? info->name : "(unnamed)", info->is_static ? 'S' : 'R', info->total_bytes,
		       info->stats.allocated_bytes, info->stats.max_allocated_bytes, info->largest_free_bytes,
		       (unsigned int)info->num_used);
	}
	return true;
}

size_t mem_registry_print(void)
{
	printk("%-10s %-20s %c %10s %10s %10s\n", "kind", "name", 'S', "bytes", "allocated", "peak");
	return mem_registry_foreach(print_one, NULL);
}
