/*
 * Threads and the scheduler (Zephyr semantics).
 *
 * Uniprocessor, priority-preemptive. Lower number = higher priority.
 * Cooperative priorities (negative, K_PRIO_COOP) run until they yield or
 * block; preemptive ones (0..CONFIG_NUM_PREEMPT_PRIORITIES-2, K_PRIO_PREEMPT)
 * are preempted at once by a higher-priority thread made ready. Threads of
 * equal priority run FIFO (no time slicing). Every wait queue is ordered by
 * priority, then arrival.
 *
 * On the Linux host each thread is a pthread running ON the stack object the
 * application gave it; exactly one runs at a time (the CPU is handed over
 * by the kernel). A thread that loops without calling the kernel is not
 * preempted (there is no timer interrupt in simulated time).
 *
 * Stack objects: K_THREAD_STACK_DEFINE(sym, size) reserves
 * K_THREAD_STACK_LEN(size) bytes, page aligned; on the host that is the
 * declared size plus a guard page and a host reserve (rtmem/arch/port.h):
 *
 *   [ guard page, PROT_NONE ][ host reserve ][ declared size, page rounded ]
 *   ^ sym                    ^ stack_info.start                 stack top ^
 *
 * Pass k_thread_create() the declared size or K_THREAD_STACK_SIZEOF(sym),
 * never sizeof(sym). thread->stack_info covers the whole usable stack
 * (host reserve included); it is filled with 0xAA at creation. The figures
 * agree: sizeof(sym) == K_THREAD_STACK_SIZEOF(sym) + K_THREAD_STACK_RESERVED,
 * k_thread_stack_size_get() == stack_info.size == sizeof(sym) - guard, and
 * used + unused == k_thread_stack_size_get(). Running into the guard page is
 * a fatal error K_ERR_STACK_CHK_FAIL naming the thread.
 */
#ifndef RTMEM_K_THREAD_H_
#define RTMEM_K_THREAD_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/arch/port.h>
#include <rtmem/dlist.h>
#include <rtmem/k_config.h>
#include <rtmem/k_time.h>
#include <rtmem/k_wait_q.h>
#include <zephyr/sys/util.h>
#include <zephyr/toolchain.h>

struct k_heap;
struct k_mem_domain;

/* ---- priorities ---- */

#define K_PRIO_COOP(x) (-(CONFIG_NUM_COOP_PRIORITIES - (x)))
#define K_PRIO_PREEMPT(x) (x)
#define K_HIGHEST_THREAD_PRIO (-CONFIG_NUM_COOP_PRIORITIES)
#define K_LOWEST_THREAD_PRIO (CONFIG_NUM_PREEMPT_PRIORITIES - 1)
#define K_IDLE_PRIO K_LOWEST_THREAD_PRIO
#define K_HIGHEST_APPLICATION_THREAD_PRIO K_HIGHEST_THREAD_PRIO
#define K_LOWEST_APPLICATION_THREAD_PRIO (K_LOWEST_THREAD_PRIO - 1)

/* ---- options ---- */

/** A fatal error in this thread halts the system. */
#define K_ESSENTIAL BIT(0)
/** Uses floating point (accepted; the host saves everything anyway). */
#define K_FP_REGS BIT(1)
/** Runs in user mode: only its stack and its domain's partitions (rtmem/mem_domain.h). */
#define K_USER BIT(2)
/** Inherits the creator's kernel-object permissions (no effect without user mode). */
#define K_INHERIT_PERMS BIT(3)
/** Callback state (accepted, no effect). */
#define K_CALLBACK_STATE BIT(4)

/* ---- thread states (base.thread_state bits) ---- */
#define _THREAD_PENDING BIT(1)
#define _THREAD_PRESTART BIT(2)
#define _THREAD_DEAD BIT(3)
#define _THREAD_SUSPENDED BIT(4)
#define _THREAD_SLEEPING BIT(5)
#define _THREAD_QUEUED BIT(7)

/** Thread entry: three arguments, as Zephyr's. */
typedef void (*k_thread_entry_t)(void *p1, void *p2, void *p3);

/** Scheduler part of a thread. */
struct _thread_base {
	/** node in the ready queue, in a wait queue, or in the dead list */
	sys_dnode_t qnode;
	/** node in the timeout list, linked while a deadline is armed */
	sys_dnode_t tnode;
	/** wait queue the thread pends on, NULL if none */
	_wait_q_t *pended_on;
	/** _THREAD_* bits */
	uint32_t thread_state;
	/** K_ESSENTIAL, K_USER, ... */
	uint32_t user_options;
	/** current priority (may be raised by mutex priority inheritance) */
	int prio;
	/** k_sched_lock() nesting */
	int sched_locked;
	/** absolute deadline tick of the armed timeout */
	uint64_t deadline;
	/** arrival order in a wait queue (FIFO among equal priorities) */
	uint64_t pend_order;
	/** result of the last blocking operation: 0 woken, -EAGAIN timed out, ... */
	int swap_retval;
	/** value handed over by the waker (k_queue item, slab block, msgq buffer) */
	void *swap_data;
	/** user thread inside the kernel gate (nesting; kernel/syscall.c) */
	int syscall_depth;
};

/** Stack bounds (CONFIG_THREAD_STACK_INFO). */
struct _thread_stack_info {
	/** lowest usable address (above the guard page) */
	uintptr_t start;
	/** usable bytes from start to the top, host reserve included */
	size_t size;
	/** bytes at the top not available to the thread (0 on the host) */
	size_t delta;
};

/** A thread. Allocate it (static or not); k_thread_create() initialises it. */
struct k_thread {
	/** scheduler state */
	struct _thread_base base;
	/** entry point and its arguments */
	k_thread_entry_t entry;
	void *p1, *p2, *p3;
	/** stack bounds */
	struct _thread_stack_info stack_info;
	/** heap for allocations made on the thread's behalf (k_thread_heap_assign); NULL = none */
	struct k_heap *resource_pool;
	/** memory domain (k_mem_domain_default unless moved; rtmem/mem_domain.h) */
	struct k_mem_domain *mem_domain;
	/** k_thread_custom_data_set() value */
	void *custom_data;
	/** threads waiting in k_thread_join() */
	_wait_q_t join_queue;
	/** node in the list of live threads (k_thread_foreach) */
	sys_dnode_t all_node;
	/** k_thread_name_set() */
	char name[CONFIG_THREAD_MAX_NAME_LEN];
	/** port data */
	struct _thread_arch arch;
};

/** Thread id: a pointer to the thread. */
typedef struct k_thread *k_tid_t;

/* ---- stack objects ---- */

/** Opaque stack element (a byte). */
struct z_thread_stack_element {
	char data;
};
typedef struct z_thread_stack_element k_thread_stack_t;

/** Bytes of an object that are not part of the declared size (guard + host reserve). */
#define K_THREAD_STACK_RESERVED ((size_t)ARCH_THREAD_STACK_RESERVED)
#define K_KERNEL_STACK_RESERVED K_THREAD_STACK_RESERVED
/** Minimum object alignment. */
#define Z_THREAD_STACK_OBJ_ALIGN ARCH_PAGE_SIZE
/* Object bytes for @a bytes (declared size + reserve): the port may round further
 * (PMSAv7: a power of two); default page rounded. */
#ifndef ARCH_THREAD_STACK_LEN
#define ARCH_THREAD_STACK_LEN(bytes) ROUND_UP((bytes), Z_THREAD_STACK_OBJ_ALIGN)
#endif
/** Object size for a declared stack @a size. */
#define K_THREAD_STACK_LEN(size) ARCH_THREAD_STACK_LEN((size_t)(size) + K_THREAD_STACK_RESERVED)
/** Alignment of the object for a declared stack @a size (the port's ARCH_THREAD_STACK_OBJ_ALIGN(object bytes)). */
#define Z_THREAD_STACK_OBJ_ALIGN_FOR(size) ARCH_THREAD_STACK_OBJ_ALIGN(K_THREAD_STACK_LEN(size))
#define K_KERNEL_STACK_LEN(size) K_THREAD_STACK_LEN(size)

#define K_THREAD_STACK_DEFINE(sym, size) \
	struct z_thread_stack_element __aligned(Z_THREAD_STACK_OBJ_ALIGN_FOR(size)) sym[K_THREAD_STACK_LEN(size)]
#define K_THREAD_STACK_ARRAY_DEFINE(sym, nmemb, size)                                       \
	struct z_thread_stack_element __aligned(Z_THREAD_STACK_OBJ_ALIGN_FOR(size)) sym[nmemb] \
										   [K_THREAD_STACK_LEN(size)]
#define K_THREAD_STACK_MEMBER(sym, size) K_THREAD_STACK_DEFINE(sym, size)
#define K_THREAD_STACK_DECLARE(sym, size) \
	extern struct z_thread_stack_element sym[K_THREAD_STACK_LEN(size)]
#define K_THREAD_STACK_ARRAY_DECLARE(sym, nmemb, size) \
	extern struct z_thread_stack_element sym[nmemb][K_THREAD_STACK_LEN(size)]
/** Size to pass to k_thread_create() for @a sym (declared size, page rounded). */
#define K_THREAD_STACK_SIZEOF(sym) (sizeof(sym) - K_THREAD_STACK_RESERVED)
/** The buffer above the reserved area. */
#define K_THREAD_STACK_BUFFER(sym) ((char *)(sym) + K_THREAD_STACK_RESERVED)

#define K_KERNEL_STACK_DEFINE(sym, size) K_THREAD_STACK_DEFINE(sym, size)
#define K_KERNEL_STACK_ARRAY_DEFINE(sym, nmemb, size) K_THREAD_STACK_ARRAY_DEFINE(sym, nmemb, size)
#define K_KERNEL_STACK_MEMBER(sym, size) K_THREAD_STACK_DEFINE(sym, size)
#define K_KERNEL_STACK_DECLARE(sym, size) K_THREAD_STACK_DECLARE(sym, size)
#define K_KERNEL_STACK_ARRAY_DECLARE(sym, nmemb, size) K_THREAD_STACK_ARRAY_DECLARE(sym, nmemb, size)
#define K_KERNEL_STACK_SIZEOF(sym) K_THREAD_STACK_SIZEOF(sym)
#define K_KERNEL_STACK_BUFFER(sym) K_THREAD_STACK_BUFFER(sym)
#define K_KERNEL_PINNED_STACK_DEFINE(sym, size) K_THREAD_STACK_DEFINE(sym, size)
#define K_KERNEL_PINNED_STACK_ARRAY_DEFINE(sym, nmemb, size) K_THREAD_STACK_ARRAY_DEFINE(sym, nmemb, size)

/* ---- static threads ---- */

/** @internal descriptor of a K_THREAD_DEFINE thread, registered before main. */
struct _static_thread_data {
	struct k_thread *init_thread;
	k_thread_stack_t *init_stack;
	size_t init_stack_size;
	k_thread_entry_t init_entry;
	void *init_p1, *init_p2, *init_p3;
	int init_prio;
	uint32_t init_options;
	int32_t init_delay_ms;
	const char *init_name;
	struct _static_thread_data *next;
};

/** @internal register a static thread (constructor of K_THREAD_DEFINE). */
void z_static_thread_register(struct _static_thread_data *data);

/**
 * K_THREAD_DEFINE(name, stack_size, entry, p1, p2, p3, prio, options, delay):
 * a thread created and started at boot, before main(); @a delay in ms
 * (SYS_FOREVER_MS = not started: k_thread_start() it). `name` is its k_tid_t.
 */
#define K_THREAD_DEFINE(name, stack_size, entry, p1, p2, p3, prio, options, delay)              \
	K_THREAD_STACK_DEFINE(_k_thread_stack_##name, stack_size);                              \
	struct k_thread _k_thread_obj_##name;                                                   \
	static struct _static_thread_data _k_thread_data_##name = {                             \
		.init_thread = &_k_thread_obj_##name,                                           \
		.init_stack = _k_thread_stack_##name,                                           \
		.init_stack_size = (stack_size),                                                \
		.init_entry = (k_thread_entry_t)(entry),                                        \
		.init_p1 = (void *)(p1),                                                        \
		.init_p2 = (void *)(p2),                                                        \
		.init_p3 = (void *)(p3),                                                        \
		.init_prio = (prio),                                                            \
		.init_options = (options),                                                      \
		.init_delay_ms = (delay),                                                       \
		.init_name = #name,                                                             \
	};                                                                                      \
	__attribute__((constructor)) static void _k_thread_register_##name(void)                \
	{                                                                                       \
		z_static_thread_register(&_k_thread_data_##name);                               \
	}                                                                                       \
	const k_tid_t name = &_k_thread_obj_##name

/* ---- thread API ---- */

/**
 * @brief Create a thread on @a stack and start it after @a delay.
 * @context  thread (not ISR)
 * @pre      @a new_thread not a live thread; @a stack a stack object of at
 *           least K_THREAD_STACK_LEN(@a stack_size) bytes not used by a live
 *           thread; @a prio in [K_HIGHEST_APPLICATION_THREAD_PRIO, K_LOWEST_APPLICATION_THREAD_PRIO]
 * @post     K_NO_WAIT: ready now (preempts the caller if higher priority and
 *           the caller is preemptible); K_FOREVER: waits for k_thread_start();
 *           else starts after @a delay. Inherits the creator's resource pool and
 *           memory domain. Stack filled with 0xAA.
 * @complexity O(stack size) (fill) + one host thread creation
 * @retval   @a new_thread
 * @ub       none for bad priority / NULL thread / NULL stack / ISR: __ASSERT, fatal path
 */
k_tid_t k_thread_create(struct k_thread *new_thread, k_thread_stack_t *stack, size_t stack_size,
			k_thread_entry_t entry, void *p1, void *p2, void *p3, int prio, uint32_t options,
			k_timeout_t delay);

/**
 * @brief Start a thread created with delay K_FOREVER (or start a delayed one now).
 * @context  any
 * @pre      @a thread created
 * @post     ready (no effect if already started or dead)
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_thread_start(k_tid_t thread);

/**
 * @brief Wait for @a thread to end.
 * @context  thread; ISR only with K_NO_WAIT
 * @pre      none
 * @post     on 0 @a thread is dead and its stack and struct may be reused
 * @complexity O(threads)
 * @retval   0        ended (or already dead)
 * @retval   -EINVAL  @a thread NULL
 * @retval   -EBUSY   K_NO_WAIT and still running (also from an ISR with a timeout, after __ASSERT)
 * @retval   -EDEADLK @a thread is the caller, or is itself joining the caller
 * @retval   -EAGAIN  timed out
 * @ub       none
 */
int k_thread_join(struct k_thread *thread, k_timeout_t timeout);

/**
 * @brief End @a thread (the caller too); joiners wake with 0.
 * @context  any (aborting the current thread from an ISR takes effect at ISR exit)
 * @pre      none
 * @post     dead; not in any queue; its stack reusable when the call returns
 *           (or, for the caller itself, once joined). Mutexes it owns stay locked.
 * @complexity O(threads)
 * @retval   (void); does not return when @a thread is the caller
 * @ub       none: aborting an essential thread halts (fatal path, panic)
 */
void k_thread_abort(k_tid_t thread);

/**
 * @brief Take @a thread out of scheduling until k_thread_resume(); a sleep timeout is cancelled.
 * @context  any
 * @pre      none
 * @post     suspended (the caller switches away at once)
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_thread_suspend(k_tid_t thread);

/**
 * @brief Undo k_thread_suspend().
 * @context  any
 * @pre      none
 * @post     ready again unless otherwise blocked; may preempt the caller
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_thread_resume(k_tid_t thread);

/**
 * @brief Let threads of equal or higher priority run.
 * @context  thread (no effect in an ISR)
 * @pre      none
 * @post     the caller goes behind its equal-priority peers
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_yield(void);

/**
 * @brief Sleep for @a timeout (K_NO_WAIT = yield; K_FOREVER = suspend).
 * @context  thread
 * @pre      not in an ISR
 * @post     woke at the deadline, or early by k_wakeup()
 * @complexity O(threads)
 * @retval   0 slept in full; otherwise ms left (rounded up); K_TICKS_FOREVER for K_FOREVER
 * @ub       none (ISR: __ASSERT, then returns 0)
 */
int32_t k_sleep(k_timeout_t timeout);

/** k_sleep(K_MSEC(ms)); returns ms left. Same contract. */
int32_t k_msleep(int32_t ms);

/** k_sleep(K_USEC(us)); returns us left. Same contract. */
int32_t k_usleep(int32_t us);

/**
 * @brief Spin for @a usec microseconds without giving up the CPU (simulated time advances).
 * @context  any
 * @pre      none
 * @post     time advanced; deadlines that passed fire and may preempt a preemptible caller
 * @complexity O(1) + expired timeouts
 * @retval   (void)
 * @ub       none
 */
void k_busy_wait(uint32_t usec);

/**
 * @brief Wake @a thread from k_sleep() early (its k_sleep returns the time left).
 * @context  any
 * @pre      none
 * @post     a sleeping thread is ready; no effect on others
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_wakeup(k_tid_t thread);

/** The running thread (the interrupted one inside an ISR). O(1), any context. */
k_tid_t k_current_get(void);

/** Priority of @a thread. O(1), any context. */
int k_thread_priority_get(k_tid_t thread);

/**
 * @brief Set @a thread's priority; reorders its queue and may preempt the caller.
 * @context  any
 * @pre      @a prio valid for applications
 * @post     priority set (a mutex owner's inherited boost is replaced)
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none: invalid @a prio fails __ASSERT (fatal path)
 */
void k_thread_priority_set(k_tid_t thread, int prio);

/**
 * @brief Name @a thread (NULL = the caller); truncated to CONFIG_THREAD_MAX_NAME_LEN-1.
 * @context  any
 * @pre      none
 * @post     copied
 * @complexity O(length)
 * @retval   0 or -EINVAL (@a str NULL)
 * @ub       none
 */
int k_thread_name_set(k_tid_t thread, const char *str);

/** Name of @a thread ("" if unnamed), or NULL for NULL. O(1). */
const char *k_thread_name_get(k_tid_t thread);

/** Copy @a thread's name into @a buf; 0, -EINVAL (NULL), -ENOSPC (too small). */
int k_thread_name_copy(k_tid_t thread, char *buf, size_t size);

/**
 * @brief Keep the caller from being preempted by other threads until k_sched_unlock().
 * @context  thread
 * @pre      not in an ISR
 * @post     nests; interrupts still run; blocking still switches
 * @complexity O(1)
 * @retval   (void)
 * @ub       none (ISR: __ASSERT)
 */
void k_sched_lock(void);

/**
 * @brief Undo one k_sched_lock(); at zero a pending preemption happens now.
 * @context  thread
 * @pre      matching k_sched_lock()
 * @post     as stated
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none (unbalanced: __ASSERT)
 */
void k_sched_unlock(void);

/** Callback type of k_thread_foreach(). */
typedef void (*k_thread_user_cb_t)(const struct k_thread *thread, void *user_data);

/**
 * @brief Call @a user_cb for every live thread, in creation order.
 * @context  thread
 * @pre      @a user_cb does not create or abort threads
 * @post     none
 * @complexity O(threads)
 * @retval   (void)
 * @ub       none
 */
void k_thread_foreach(k_thread_user_cb_t user_cb, void *user_data);

/** Same as k_thread_foreach() (nothing to unlock on one CPU). */
void k_thread_foreach_unlocked(k_thread_user_cb_t user_cb, void *user_data);

/** Set the caller's custom data. O(1). */
void k_thread_custom_data_set(void *value);

/** The caller's custom data. O(1). */
void *k_thread_custom_data_get(void);

/**
 * @brief Drop the caller to user mode for good and call @a entry(@a p1, @a p2, @a p3).
 * @context  thread
 * @pre      none (a user thread calling it just calls @a entry)
 * @post     the caller reaches only its stack and its domain's partitions; the
 *           thread ends when @a entry returns
 * @complexity one rights update (mprotect of the ranges that change)
 * @retval   does not return
 * @ub       none
 */
FUNC_NORETURN void k_thread_user_mode_enter(k_thread_entry_t entry, void *p1, void *p2, void *p3);

/** True if the caller is a preemptible thread (not ISR, priority >= 0, scheduler not locked). */
bool k_is_preempt_thread(void);

/** True if the caller may yield/block (thread context). */
bool k_can_yield(void);

/** No time slicing on rtmem: accepted and ignored. */
void k_sched_time_slice_set(int32_t slice, int prio);

/**
 * @brief Assign @a heap as @a thread's resource pool (NULL removes it).
 * @context  any
 * @pre      none
 * @post     allocations made on the thread's behalf use @a heap
 * @complexity O(1)
 * @retval   (void)
 * @ub       none
 */
static inline void k_thread_heap_assign(struct k_thread *thread, struct k_heap *heap)
{
	thread->resource_pool = heap;
}

/** True when the caller is a user thread outside the kernel (not in an ISR). O(1), any context. */
bool k_is_user_context(void);

/* ---- stack queries and run-time stacks (kernel/thread_stack.c) ---- */

/**
 * @brief Unused bytes of @a thread's stack (Zephyr's call): the 0xAA bytes
 *        from the lowest usable address up to the first byte ever written.
 * @context  thread (a user thread goes through the kernel gate)
 * @pre      CONFIG_INIT_STACKS (stacks painted at creation)
 * @post     *@a unused_ptr set on 0; used = k_thread_stack_size_get() - unused
 * @complexity O(stack size)
 * @retval   0        done
 * @retval   -EINVAL  @a thread NULL, not created, or dead
 * @retval   -EFAULT  @a unused_ptr NULL (user caller: not writable by it, K_ERR_KERNEL_OOPS)
 * @ub       none
 *
 * Two spellings compile: Zephyr's `int k_thread_stack_space_get(thread, &unused)`
 * and the seed chapter's `size_t unused = k_thread_stack_space_get(thread)`.
 * k_thread_stack_space_get is a macro that counts its arguments and calls
 * the real function (this one, with its Zephyr name: `(k_thread_stack_space_get)`
 * or `&k_thread_stack_space_get` reach it directly) or
 * k_thread_stack_unused_get(). Both give the same figure.
 */
int(k_thread_stack_space_get)(const struct k_thread *thread, size_t *unused_ptr);

/**
 * @brief Seed-chapter form: unused bytes of @a thread's stack (0 on error).
 * @context  as k_thread_stack_space_get()
 * @pre      as k_thread_stack_space_get()
 * @post     none
 * @complexity O(stack size)
 * @retval   unused bytes; 0 if @a thread is NULL or dead
 * @ub       none
 */
size_t k_thread_stack_unused_get(const struct k_thread *thread);

#define Z_STACK_SPACE_GET_PICK(_1, _2, name, ...) name
#define k_thread_stack_space_get(...)                                                                   \
	Z_STACK_SPACE_GET_PICK(__VA_ARGS__, (k_thread_stack_space_get), k_thread_stack_unused_get, ~) \
	(__VA_ARGS__)

/**
 * @brief rtmem extension (seed chapter): usable bytes of @a thread's stack,
 *        the figure k_thread_stack_space_get() counts against.
 * @context  any
 * @pre      @a thread created
 * @post     none
 * @complexity O(1)
 * @retval   thread->stack_info.size (host: K_THREAD_STACK_SIZEOF + CONFIG_RTMEM_HOST_STACK_RESERVE
 *           for a stack declared with K_THREAD_STACK_DEFINE); 0 for NULL
 * @ub       none
 */
size_t k_thread_stack_size_get(const struct k_thread *thread);

/** Stacks in the pool of k_thread_stack_alloc() (CONFIG_DYNAMIC_THREAD_POOL_SIZE). */
#ifndef CONFIG_DYNAMIC_THREAD_POOL_SIZE
#define CONFIG_DYNAMIC_THREAD_POOL_SIZE 4
#endif
/** Declared size of each pool stack; larger requests are refused by the pool. */
#ifndef CONFIG_DYNAMIC_THREAD_STACK_SIZE
#define CONFIG_DYNAMIC_THREAD_STACK_SIZE 4096
#endif

/**
 * @brief Allocate a stack object for a thread of @a size bytes (Zephyr's call).
 * @context  thread or ISR
 * @pre      @a flags 0 or K_USER (every host stack object can host a user thread)
 * @post     a page-aligned object of K_THREAD_STACK_LEN(@a size) bytes; pass it with
 *           @a size to k_thread_create(). Sources, in the order the build chose
 *           (CONFIG_DYNAMIC_THREAD_PREFER_POOL, the default, or _PREFER_ALLOC):
 *           the pool (CONFIG_DYNAMIC_THREAD_POOL_SIZE stacks of
 *           CONFIG_DYNAMIC_THREAD_STACK_SIZE) and the caller's resource pool
 *           (k_thread_heap_assign(); the system heap in an ISR) with CONFIG_DYNAMIC_THREAD_ALLOC
 * @complexity O(pool size) + one heap allocation
 * @retval   the stack, or NULL (size 0, bad flags, no room in any source)
 * @ub       none
 */
k_thread_stack_t *k_thread_stack_alloc(size_t size, int flags);

/**
 * @brief Return a stack from k_thread_stack_alloc().
 * @context  thread
 * @pre      none
 * @post     on 0 the stack is back in its source
 * @complexity O(threads + pool size)
 * @retval   0        freed
 * @retval   -EBUSY   a live thread runs on it (ended threads are reaped first)
 * @retval   -EINVAL  not a stack k_thread_stack_alloc() handed out (or already freed)
 * @ub       none
 */
int k_thread_stack_free(k_thread_stack_t *stack);

#endif /* RTMEM_K_THREAD_H_ */
