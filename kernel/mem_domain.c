/*
 * Memory domains (Zephyr kernel/mem_domain.c semantics, rtmem/mem_domain.h).
 * The kernel keeps the domains and their partitions and checks arguments;
 * the port enforces the rights (arch_mem_domain_*; host: mprotect).
 * One CPU: interrupt masking is the only lock needed.
 */
#include <errno.h>
#include <string.h>
#include "kernel_internal.h"

struct k_mem_domain k_mem_domain_default = { .initialized = 1 };

struct k_mem_domain *k_mem_domain_of(const struct k_thread *thread)
{
	return thread->mem_domain != NULL ? thread->mem_domain : &k_mem_domain_default;
}

/* Supervisor-only: a user thread calling is at fault (Zephyr: no syscall exists, it faults). */
#define SUPERVISOR_ONLY(fn)                                                                  \
	do {                                                                                 \
		if (k_is_user_context()) {                                                   \
			z_syscall_supervisor_only(fn); /* reports and oopses */              \
			return -EPERM;                                                       \
		}                                                                            \
	} while (0)

static bool ranges_overlap(const struct k_mem_partition *a, const struct k_mem_partition *b)
{
	return a->start < b->start + b->size && b->start < a->start + a->size;
}

/* Zephyr's check_add_partition(): every reason a partition may not join @d. */
static bool partition_valid(const struct k_mem_domain *d, const struct k_mem_partition *part, const char *fn)
{
	if (part == NULL || part->size == 0U) {
		return false;
	}
	if (part->start + part->size < part->start) {
		z_diag("%s: partition %#lx size %zu wraps around\n", fn, (unsigned long)part->start, part->size);
		return false;
	}
	if (IS_ENABLED(CONFIG_EXECUTE_XOR_WRITE) && K_MEM_PARTITION_IS_WRITABLE(part->attr) &&
	    K_MEM_PARTITION_IS_EXECUTABLE(part->attr)) {
		z_diag("%s: partition %#lx is writable and executable\n", fn, (unsigned long)part->start);
		return false;
	}
	if (arch_mem_partition_align_check(part->start, part->size) != 0) {
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(d->partitions); i++) {
		const struct k_mem_partition *o = &d->partitions[i];

		if (o->size != 0U && ranges_overlap(o, part)) {
			z_diag("%s: partition %#lx+%zu overlaps %#lx+%zu of the domain\n", fn,
			       (unsigned long)part->start, part->size, (unsigned long)o->start, o->size);
			return false;
		}
	}
	return true;
}

int k_mem_domain_init(struct k_mem_domain *domain, uint8_t num_parts, struct k_mem_partition *parts[])
{
	SUPERVISOR_ONLY("k_mem_domain_init");
	if (domain == NULL || (num_parts > 0U && parts == NULL) || num_parts > CONFIG_MAX_DOMAIN_PARTITIONS) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	struct k_mem_domain tmp;

	memset(&tmp, 0, sizeof(tmp));
	for (uint8_t i = 0; i < num_parts; i++) {
		if (!partition_valid(&tmp, parts[i], "k_mem_domain_init")) {
			arch_irq_unlock(key);
			return -EINVAL;
		}
		tmp.partitions[i] = *parts[i];
	}
	tmp.num_partitions = num_parts;
	tmp.initialized = 1;
	*domain = tmp;
	int ret = arch_mem_domain_init(domain);

	if (ret != 0) {
		domain->initialized = 0;
		domain->num_partitions = 0;
		memset(domain->partitions, 0, sizeof(domain->partitions));
		ret = -ENOMEM;
	}
	arch_irq_unlock(key);
	return ret;
}

static size_t domain_thread_count(const struct k_mem_domain *domain)
{
	size_t n = 0;
	sys_dnode_t *node;

	z_dlist_lazy_init(&_kernel.threads);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
		if (k_mem_domain_of(CONTAINER_OF(node, struct k_thread, all_node)) == domain) {
			n++;
		}
	}
	return n;
}

int k_mem_domain_deinit(struct k_mem_domain *domain)
{
	SUPERVISOR_ONLY("k_mem_domain_deinit");
	if (domain == NULL || domain == &k_mem_domain_default || !domain->initialized) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (domain_thread_count(domain) != 0U) {
		arch_irq_unlock(key);
		return -EBUSY;
	}
	memset(domain->partitions, 0, sizeof(domain->partitions));
	domain->num_partitions = 0;
	domain->initialized = 0;
	(void)arch_mem_domain_init(domain);
	arch_irq_unlock(key);
	return 0;
}

int k_mem_domain_add_partition(struct k_mem_domain *domain, struct k_mem_partition *part)
{
	SUPERVISOR_ONLY("k_mem_domain_add_partition");
	if (domain == NULL || !domain->initialized || !partition_valid(domain, part, "k_mem_domain_add_partition")) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	size_t slot;

	for (slot = 0; slot < ARRAY_SIZE(domain->partitions); slot++) {
		if (domain->partitions[slot].size == 0U) {
			break;
		}
	}
	if (slot == ARRAY_SIZE(domain->partitions)) {
		arch_irq_unlock(key);
		return -ENOSPC;
	}
	domain->partitions[slot] = *part;
	domain->num_partitions++;
	int ret = arch_mem_domain_partition_add(domain, (uint32_t)slot);

	if (ret != 0) {
		domain->partitions[slot].size = 0;
		domain->num_partitions--;
		ret = -ENOMEM;
	}
	arch_irq_unlock(key);
	return ret;
}

int k_mem_domain_remove_partition(struct k_mem_domain *domain, struct k_mem_partition *part)
{
	SUPERVISOR_ONLY("k_mem_domain_remove_partition");
	if (domain == NULL || part == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	for (size_t slot = 0; slot < ARRAY_SIZE(domain->partitions); slot++) {
		struct k_mem_partition *p = &domain->partitions[slot];

		if (p->size != 0U && p->start == part->start && p->size == part->size) {
			(void)arch_mem_domain_partition_remove(domain, (uint32_t)slot);
			memset(p, 0, sizeof(*p));
			domain->num_partitions--;
			arch_mem_view_update();
			arch_irq_unlock(key);
			return 0;
		}
	}
	arch_irq_unlock(key);
	return -ENOENT;
}

int k_mem_domain_add_thread(struct k_mem_domain *domain, struct k_thread *thread)
{
	SUPERVISOR_ONLY("k_mem_domain_add_thread");
	if (domain == NULL || thread == NULL || !domain->initialized) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (k_mem_domain_of(thread) != domain) {
		thread->mem_domain = domain;
		(void)arch_mem_domain_thread_add(thread);
	}
	arch_irq_unlock(key);
	return 0;
}
