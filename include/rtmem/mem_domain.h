/*
 * Memory domains and partitions (Zephyr's CONFIG_USERSPACE API,
 * include/zephyr/app_memory/mem_domain.h), enforced for real on the host.
 *
 * A partition is a memory range with access rights for supervisor ("P")
 * and user ("U") threads. A domain is a set of at most
 * CONFIG_MAX_DOMAIN_PARTITIONS partitions (copied by value). Every thread
 * belongs to exactly one domain: main and the static threads start in
 * k_mem_domain_default, a new thread inherits its creator's domain, and
 * k_mem_domain_add_thread() moves a thread (running or not) to another.
 *
 * What a thread may touch:
 * - a user thread (K_USER, or after k_thread_user_mode_enter()): its own
 *   stack, and the partitions of its domain with their U rights. Any other
 *   partition (of any domain, or one that was removed) and any other user
 *   thread's stack faults: K_ERR_CPU_EXCEPTION with the faulting address.
 * - a supervisor thread: the partitions of its domain with their P rights,
 *   everything else read-write.
 * Changes (add/remove partition, add thread) take effect at once.
 *
 * Host port (arch/posix): enforcement is mprotect(). Exactly one k_thread
 * runs at a time, so on every switch the port changes the rights of only
 * the page ranges whose rights differ between the outgoing and incoming
 * thread (adjacent pages merged into one call). Partitions must be page
 * aligned in start and size (checked: -EINVAL with a diagnostic line).
 * The host protects the ranges the kernel knows — every range that has
 * ever been a partition, and user threads' stacks — and not the rest of
 * the process (kernel data, supervisor stacks, C library data, other
 * globals stay reachable from user threads; the Cortex-M port's MPU
 * background region closes that). User threads call the kernel through a
 * gate that checks pointer arguments against the caller's domain
 * (kernel/syscall.c); inside the kernel the thread has supervisor rights.
 *
 * C-library malloc for user threads: give rtmem_libc an arena that is a
 * partition of k_mem_domain_default (rtmem_libc_arena_set() on a page
 * aligned buffer, K_MEM_PARTITION_DEFINE(.., K_MEM_PARTITION_P_RW_U_RW),
 * k_mem_domain_add_partition(&k_mem_domain_default, ..)); user threads
 * then call malloc/free directly, as Zephyr's z_malloc_partition.
 *
 * All calls here are supervisor-only: from a user thread they are a
 * K_ERR_KERNEL_OOPS (the thread is aborted).
 */
#ifndef RTMEM_MEM_DOMAIN_H_
#define RTMEM_MEM_DOMAIN_H_

#include <stddef.h>
#include <stdint.h>
#include <rtmem/k_config.h>
#include <zephyr/sys/util.h>

struct k_thread;

/** Partitions per domain (Zephyr: arch_mem_domain_max_partitions_get()). */
#ifndef CONFIG_MAX_DOMAIN_PARTITIONS
#define CONFIG_MAX_DOMAIN_PARTITIONS 16
#endif
/** Refuse partitions that are both writable and executable. Cost: none. */
#ifndef CONFIG_EXECUTE_XOR_WRITE
#define CONFIG_EXECUTE_XOR_WRITE 1
#endif
#define CONFIG_USERSPACE 1
#define CONFIG_ARCH_MEM_DOMAIN_SUPPORTS_DEINIT 1

/** Access rights of a partition: K_MEM_PARTITION_PERM_* bits. */
typedef uint32_t k_mem_partition_attr_t;

/** Rights bits: P = supervisor, U = user; R/W/X. */
#define K_MEM_PARTITION_PERM_P_R BIT(0)
#define K_MEM_PARTITION_PERM_P_W BIT(1)
#define K_MEM_PARTITION_PERM_P_X BIT(2)
#define K_MEM_PARTITION_PERM_U_R BIT(3)
#define K_MEM_PARTITION_PERM_U_W BIT(4)
#define K_MEM_PARTITION_PERM_U_X BIT(5)

#define K_MEM_PARTITION_P_NA_U_NA ((k_mem_partition_attr_t)0)
#define K_MEM_PARTITION_P_RW_U_RW \
	((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_P_W | K_MEM_PARTITION_PERM_U_R | \
				  K_MEM_PARTITION_PERM_U_W))
#define K_MEM_PARTITION_P_RW_U_RO \
	((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_P_W | K_MEM_PARTITION_PERM_U_R))
#define K_MEM_PARTITION_P_RW_U_NA ((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_P_W))
#define K_MEM_PARTITION_P_RO_U_RO ((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_U_R))
#define K_MEM_PARTITION_P_RO_U_NA ((k_mem_partition_attr_t)K_MEM_PARTITION_PERM_P_R)
/** Executable forms (host: PROT_EXEC). Writable + executable is refused with CONFIG_EXECUTE_XOR_WRITE. */
#define K_MEM_PARTITION_P_RWX_U_RWX ((k_mem_partition_attr_t)0x3f)
#define K_MEM_PARTITION_P_RWX_U_RX                                                                      \
	((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_P_W | K_MEM_PARTITION_PERM_P_X | \
				  K_MEM_PARTITION_PERM_U_R | K_MEM_PARTITION_PERM_U_X))
#define K_MEM_PARTITION_P_RX_U_RX                                                                       \
	((k_mem_partition_attr_t)(K_MEM_PARTITION_PERM_P_R | K_MEM_PARTITION_PERM_P_X | K_MEM_PARTITION_PERM_U_R | \
				  K_MEM_PARTITION_PERM_U_X))

/** True if @a attr lets anyone write. */
#define K_MEM_PARTITION_IS_WRITABLE(attr) \
	(((attr) & (K_MEM_PARTITION_PERM_P_W | K_MEM_PARTITION_PERM_U_W)) != 0U)
/** True if @a attr lets anyone execute. */
#define K_MEM_PARTITION_IS_EXECUTABLE(attr) \
	(((attr) & (K_MEM_PARTITION_PERM_P_X | K_MEM_PARTITION_PERM_U_X)) != 0U)

/** A memory partition: [start, start + size) with rights @a attr. */
struct k_mem_partition {
	/** first byte (host: page aligned) */
	uintptr_t start;
	/** bytes (host: a multiple of the page size); 0 = free slot in a domain */
	size_t size;
	/** K_MEM_PARTITION_P_*_U_* */
	k_mem_partition_attr_t attr;
};

/**
 * Define partition @a name over [@a start, @a start + @a size) with @a attr.
 * @a start may be an array or a pointer constant; alignment is checked when
 * the partition is given to a domain (host: page aligned start and size).
 */
#define K_MEM_PARTITION_DEFINE(name, start, size, attr) \
	struct k_mem_partition name = { (uintptr_t)(start), (size_t)(size), (attr) }

/** A memory domain. */
struct k_mem_domain {
	/** partitions, copied by value; a slot with size 0 is free */
	struct k_mem_partition partitions[CONFIG_MAX_DOMAIN_PARTITIONS];
	/** used slots */
	uint8_t num_partitions;
	/** k_mem_domain_init() ran (k_mem_domain_default: always) */
	uint8_t initialized;
};

/** The domain of main, the static threads, and every thread not moved elsewhere. */
extern struct k_mem_domain k_mem_domain_default;

/**
 * @brief Initialise @a domain with @a num_parts partitions (copied).
 * @context  supervisor thread
 * @pre      @a domain not initialised (or deinitialised)
 * @post     on 0 the domain holds copies of the partitions and no thread
 * @complexity O(num_parts^2) (overlap check)
 * @retval   0        done
 * @retval   -EINVAL  @a domain NULL; @a parts NULL with @a num_parts > 0; @a num_parts >
 *                    CONFIG_MAX_DOMAIN_PARTITIONS; a partition NULL, of size 0, wrapping
 *                    around, misaligned for the port, writable and executable, or
 *                    overlapping an earlier one
 * @retval   -ENOMEM  the port cannot track more ranges
 * @ub       a user thread calling (K_ERR_KERNEL_OOPS); initialising a domain that has threads
 */
int k_mem_domain_init(struct k_mem_domain *domain, uint8_t num_parts, struct k_mem_partition *parts[]);

/**
 * @brief Release @a domain (it must have no thread).
 * @context  supervisor thread
 * @pre      none
 * @post     on 0 the domain is empty and may be initialised again
 * @complexity O(threads)
 * @retval   0        done
 * @retval   -EINVAL  @a domain NULL, not initialised, or the default domain
 * @retval   -EBUSY   a thread still belongs to it
 * @ub       a user thread calling (K_ERR_KERNEL_OOPS)
 */
int k_mem_domain_deinit(struct k_mem_domain *domain);

/**
 * @brief Add (a copy of) @a part to @a domain; threads of the domain see it at once.
 * @context  supervisor thread
 * @pre      @a domain initialised
 * @post     on 0 the partition occupies a free slot
 * @complexity O(CONFIG_MAX_DOMAIN_PARTITIONS) + the current thread's rights update
 * @retval   0        added
 * @retval   -EINVAL  NULL argument, size 0, wrap-around, misaligned, W+X, or overlap with
 *                    a partition of the domain
 * @retval   -ENOSPC  no free slot
 * @retval   -ENOMEM  the port cannot track more ranges
 * @ub       a user thread calling (K_ERR_KERNEL_OOPS)
 */
int k_mem_domain_add_partition(struct k_mem_domain *domain, struct k_mem_partition *part);

/**
 * @brief Remove the partition with @a part's start and size from @a domain; effective at once.
 * @context  supervisor thread
 * @pre      @a domain initialised
 * @post     on 0 the slot is free; the range stays protected from user threads
 * @complexity O(CONFIG_MAX_DOMAIN_PARTITIONS) + the current thread's rights update
 * @retval   0        removed
 * @retval   -EINVAL  NULL argument
 * @retval   -ENOENT  no partition with that start and size
 * @ub       a user thread calling (K_ERR_KERNEL_OOPS)
 */
int k_mem_domain_remove_partition(struct k_mem_domain *domain, struct k_mem_partition *part);

/**
 * @brief Move @a thread (running, ready, blocked or not started) into @a domain.
 * @context  supervisor thread
 * @pre      @a domain initialised
 * @post     the thread's rights are @a domain's from its next instruction; no-op if already a member
 * @complexity O(1) + the current thread's rights update
 * @retval   0        done
 * @retval   -EINVAL  NULL argument or @a domain not initialised
 * @ub       a user thread calling (K_ERR_KERNEL_OOPS)
 */
int k_mem_domain_add_thread(struct k_mem_domain *domain, struct k_thread *thread);

/**
 * @brief rtmem extension: the domain @a thread belongs to (never NULL for a created thread).
 * @context  any
 * @pre      @a thread created
 * @complexity O(1)
 * @retval   the domain
 */
struct k_mem_domain *k_mem_domain_of(const struct k_thread *thread);

#endif /* RTMEM_MEM_DOMAIN_H_ */
