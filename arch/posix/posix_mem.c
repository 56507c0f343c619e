/*
 * arch/posix: guard pages and memory domains by mprotect().
 *
 * Exactly one k_thread runs at a time, so the whole process can carry the
 * rights of the thread holding the CPU. The port knows two kinds of
 * "tracked" ranges:
 *   - every range that has been a partition of some domain (kept for the
 *     rest of the run: a removed partition must stay out of reach), and
 *   - the stack of every live user thread, from its lowest usable byte up to
 *     prot_top (glibc keeps the thread control block and static TLS at the
 *     top of an application-given stack, and the host thread needs them while
 *     it waits; they stay reachable).
 * Everything else keeps its normal rights.
 *
 * A thread's "view" is the list of tracked page ranges whose rights are not
 * plain read-write for it:
 *   user thread        own stack RW; partitions of its domain with their U
 *                      rights; every other tracked range PROT_NONE;
 *   supervisor thread  partitions of its domain with their P rights; other
 *                      tracked ranges RW (R+X for executable partitions).
 * A view is cached per thread and recomputed when the inputs change (a
 * global generation counter). A switch applies the incoming thread's view:
 * it compares it with the applied one and calls mprotect only for the
 * ranges whose rights differ, adjacent ones merged (posix_apply).
 *
 * Inside the kernel (the gate of kernel/syscall.c, an ISR) a user thread has
 * supervisor rights. They are applied lazily: a fault in kernel code on a
 * tracked range that its supervisor view opens applies that view and
 * retries; leaving the gate re-applies the user view. So a gated call that
 * touches only kernel data costs no system call.
 *
 * Guard pages: the lowest page of every stack object is PROT_NONE while its
 * thread exists; the fault handler (posix_main.c) reports a fault in it as
 * K_ERR_STACK_CHK_FAIL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "posix_internal.h"

#ifdef RTMEM_HAVE_VALGRIND_H
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)(addr), (void)(len))
#endif

#define PROT_RW (PROT_READ | PROT_WRITE)
/** Ranges that have been partitions (the port's limit: -ENOMEM beyond it). */
#define POSIX_MAX_TRACKED 128

struct tracked_range {
	uintptr_t start;
	uintptr_t end;
	bool exec;
};

static struct tracked_range tracked[POSIX_MAX_TRACKED];
static size_t n_tracked;
/** bumped whenever any view may change */
static uint64_t generation = 1;
/** the rights applied now */
static struct posix_view applied;
/** whose view is applied, of which generation, and whether it is its user view */
static struct k_thread *applied_for;
static uint64_t applied_gen;
static bool applied_user;
/** after posix_mem_unprotect_all(): nothing is protected any more */
static bool all_off;

static inline struct posix_thread *priv(const struct k_thread *t)
{
	return (struct posix_thread *)t->arch.priv;
}

static inline bool is_user(const struct k_thread *t)
{
	return t != NULL && (t->base.user_options & K_USER) != 0U;
}

/* ---- views ------------------------------------------------------------------------- */

static void view_push(struct posix_view *v, uintptr_t start, uintptr_t end, int prot)
{
	if (v->n > 0 && v->segs[v->n - 1].end == start && v->segs[v->n - 1].prot == prot) {
		v->segs[v->n - 1].end = end;
		return;
	}
	if (v->n == v->cap) {
		size_t cap = v->cap != 0U ? v->cap * 2U : 16U;
		struct posix_seg *s = realloc(v->segs, cap * sizeof(*s));

		if (s == NULL) {
			z_diag("rtmem: out of host memory for memory-domain views\n");
			arch_system_halt(K_ERR_KERNEL_PANIC);
		}
		v->segs = s;
		v->cap = cap;
	}
	v->segs[v->n++] = (struct posix_seg){ start, end, prot };
}

static int rights_to_prot(k_mem_partition_attr_t attr, bool user)
{
	int prot = PROT_NONE;

	if ((attr & (user ? K_MEM_PARTITION_PERM_U_R : K_MEM_PARTITION_PERM_P_R)) != 0U) {
		prot |= PROT_READ;
	}
	if ((attr & (user ? K_MEM_PARTITION_PERM_U_W : K_MEM_PARTITION_PERM_P_W)) != 0U) {
		prot |= PROT_READ | PROT_WRITE;
	}
	if ((attr & (user ? K_MEM_PARTITION_PERM_U_X : K_MEM_PARTITION_PERM_P_X)) != 0U) {
		prot |= PROT_READ | PROT_EXEC;
	}
	return prot;
}

/* The protected stack range of user thread @t (empty before it first ran). */
static bool user_stack_range(const struct k_thread *t, uintptr_t *start, uintptr_t *end)
{
	const struct posix_thread *p = priv(t);

	if (!is_user(t) || p == NULL || p->prot_top <= t->stack_info.start) {
		return false;
	}
	*start = t->stack_info.start;
	*end = p->prot_top;
	return true;
}

static int cmp_uintptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Compute @t's view (user rights if @user) into @v. O(ranges^2). */
static void view_compute(struct posix_view *v, const struct k_thread *t, bool user)
{
	static uintptr_t *bounds;
	static size_t bounds_cap;
	size_t nb = 0, need = 2U * (n_tracked + 1U);
	const struct k_mem_domain *d = t != NULL ? k_mem_domain_of(t) : NULL;
	sys_dnode_t *node;

	v->n = 0;
	v->gen = generation;
	if (all_off) {
		return;
	}
	z_dlist_lazy_init(&_kernel.threads);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
		need += 2U;
	}
	if (need > bounds_cap) {
		uintptr_t *b = realloc(bounds, need * sizeof(*b));

		if (b == NULL) {
			arch_system_halt(K_ERR_KERNEL_PANIC);
		}
		bounds = b;
		bounds_cap = need;
	}
	for (size_t i = 0; i < n_tracked; i++) {
		bounds[nb++] = tracked[i].start;
		bounds[nb++] = tracked[i].end;
	}
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
		uintptr_t s, e;

		if (user_stack_range(CONTAINER_OF(node, struct k_thread, all_node), &s, &e)) {
			bounds[nb++] = s;
			bounds[nb++] = e;
		}
	}
	if (nb == 0U) {
		return;
	}
	qsort(bounds, nb, sizeof(*bounds), cmp_uintptr);

	for (size_t i = 0; i + 1U < nb; i++) {
		uintptr_t a = bounds[i], b = bounds[i + 1U];
		bool covered = false, exec = false, own = false, in_domain = false;
		int prot = PROT_NONE;

		if (a == b) {
			continue;
		}
		for (size_t k = 0; k < n_tracked; k++) {
			if (tracked[k].start <= a && b <= tracked[k].end) {
				covered = true;
				exec = exec || tracked[k].exec;
			}
		}
		SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
			const struct k_thread *o = CONTAINER_OF(node, struct k_thread, all_node);
			uintptr_t s, e;

			if (user_stack_range(o, &s, &e) && s <= a && b <= e) {
				covered = true;
				own = own || o == t;
			}
		}
		if (!covered) {
			continue;
		}
		if (d != NULL) {
			for (size_t k = 0; k < ARRAY_SIZE(d->partitions); k++) {
				const struct k_mem_partition *part = &d->partitions[k];

				if (part->size != 0U && part->start <= a && b <= part->start + part->size) {
					in_domain = true;
					prot |= rights_to_prot(part->attr, user);
				}
			}
		}
		if (user) {
			if (own) {
				prot = PROT_RW;
			}
		} else if (!in_domain) {
			prot = exec ? (PROT_READ | PROT_EXEC) : PROT_RW;
		}
		if (prot != PROT_RW) {
			view_push(v, a, b, prot);
		}
	}
}

/* The cached view of @t (user or supervisor rights). */
static const struct posix_view *view_of(struct k_thread *t, bool user)
{
	static struct posix_view boot_view;
	struct posix_view *v;

	if (t == NULL || priv(t) == NULL) {
		v = &boot_view;
	} else {
		v = user ? &priv(t)->uview : &priv(t)->sview;
	}
	if (v->gen != generation || v == &boot_view) {
		view_compute(v, t, user);
	}
	return v;
}

static int prot_at(const struct posix_view *v, size_t *i, uintptr_t a)
{
	while (*i < v->n && v->segs[*i].end <= a) {
		(*i)++;
	}
	if (*i < v->n && v->segs[*i].start <= a) {
		return v->segs[*i].prot;
	}
	return PROT_RW;
}

static unsigned long mprotect_calls;

static void do_mprotect(uintptr_t start, uintptr_t end, int prot)
{
	mprotect_calls++;
	if (mprotect((void *)start, end - start, prot) != 0) {
		z_diag("rtmem: mprotect(%#lx, %lu, %d) failed: %s\n", (unsigned long)start, (unsigned long)(end - start),
		       prot, strerror(errno));
		arch_system_halt(K_ERR_KERNEL_PANIC);
	}
}

/* Make @next the applied view: mprotect only what differs, adjacent ranges merged. */
static void posix_apply(const struct posix_view *next)
{
	static uintptr_t *b;
	static size_t cap;
	size_t nb = 0, need = 2U * (applied.n + next->n);

	if (need == 0U) {
		return;
	}
	if (need > cap) {
		uintptr_t *nbuf = realloc(b, need * sizeof(*b));

		if (nbuf == NULL) {
			arch_system_halt(K_ERR_KERNEL_PANIC);
		}
		b = nbuf;
		cap = need;
	}
	for (size_t i = 0; i < applied.n; i++) {
		b[nb++] = applied.segs[i].start;
		b[nb++] = applied.segs[i].end;
	}
	for (size_t i = 0; i < next->n; i++) {
		b[nb++] = next->segs[i].start;
		b[nb++] = next->segs[i].end;
	}
	qsort(b, nb, sizeof(*b), cmp_uintptr);

	size_t io = 0, in = 0;
	uintptr_t run_start = 0, run_end = 0;
	int run_prot = -1;

	for (size_t i = 0; i + 1U < nb; i++) {
		uintptr_t a = b[i], e = b[i + 1U];

		if (a == e) {
			continue;
		}
		int po = prot_at(&applied, &io, a);
		int pn = prot_at(next, &in, a);

		if (po == pn) {
			continue;
		}
		if (run_prot == pn && run_end == a) {
			run_end = e;
			continue;
		}
		if (run_prot >= 0) {
			do_mprotect(run_start, run_end, run_prot);
		}
		run_start = a;
		run_end = e;
		run_prot = pn;
	}
	if (run_prot >= 0) {
		do_mprotect(run_start, run_end, run_prot);
	}
	applied.n = 0;
	for (size_t i = 0; i < next->n; i++) {
		view_push(&applied, next->segs[i].start, next->segs[i].end, next->segs[i].prot);
	}
}

/* Apply @t's own rights (user rights for a user thread). */
static void apply_natural(struct k_thread *t)
{
	if (applied_for == t && applied_gen == generation && applied_user == is_user(t)) {
		return;
	}
	posix_apply(view_of(t, is_user(t)));
	applied_for = t;
	applied_gen = generation;
	applied_user = is_user(t);
}

/* ---- port hooks ----------------------------------------------------------------------- */

void posix_mem_switch(struct k_thread *to)
{
	apply_natural(to);
}

void arch_mem_view_update(void)
{
	if (_current != NULL) {
		apply_natural(_current);
	}
}

bool posix_mem_stack_protected(const struct k_thread *t)
{
	uintptr_t s, e;

	return !all_off && user_stack_range(t, &s, &e);
}

void posix_mem_thread_started(struct k_thread *t)
{
	if (is_user(t)) {
		generation++;
		apply_natural(t);
	}
}

void posix_mem_thread_free(struct posix_thread *p)
{
	free(p->uview.segs);
	free(p->sview.segs);
	p->uview = (struct posix_view){ 0 };
	p->sview = (struct posix_view){ 0 };
}

bool posix_mem_fault_fixup(void *addr)
{
	struct k_thread *t = _current;
	uintptr_t a = (uintptr_t)addr;

	if (t == NULL || !is_user(t) || !applied_user || applied_for != t ||
	    (t->base.syscall_depth == 0 && !arch_is_in_isr())) {
		return false;
	}
	const struct posix_view *sv = view_of(t, false);
	size_t i1 = 0, i2 = 0;

	if (prot_at(&applied, &i1, a) == prot_at(sv, &i2, a)) {
		return false; /* supervisor rights do not open it either: a real fault */
	}
	posix_apply(sv);
	applied_user = false;
	return true;
}

void posix_mem_fatal_enter(void)
{
	struct k_thread *t = _current;

	if (t != NULL && is_user(t) && (applied_user || applied_for != t)) {
		posix_apply(view_of(t, false));
		applied_for = t;
		applied_gen = generation;
		applied_user = false;
	}
}

void posix_mem_unprotect_all(void)
{
	static const struct posix_view none;
	sys_dnode_t *node;

	all_off = true;
	generation++;
	posix_apply(&none);
	applied_for = NULL;
	z_dlist_lazy_init(&_kernel.threads);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
		arch_stack_guard_clear(CONTAINER_OF(node, struct k_thread, all_node));
	}
	z_dlist_lazy_init(&_kernel.dead);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.dead, node) {
		arch_stack_guard_clear(CONTAINER_OF(node, struct k_thread, base.qnode));
	}
	posix_isr_stack_unprotect();
}

/* ---- arch contract: domains ---------------------------------------------------------------- */

int arch_mem_partition_align_check(uintptr_t start, size_t size)
{
	if ((start % ARCH_PAGE_SIZE) != 0U || (size % ARCH_PAGE_SIZE) != 0U) {
		z_diag("rtmem: partition %#lx size %zu rejected: the host port needs page-aligned partitions "
		       "(start and size multiples of %d)\n",
		       (unsigned long)start, size, ARCH_PAGE_SIZE);
		return -EINVAL;
	}
	return 0;
}

static int track(const struct k_mem_partition *part)
{
	uintptr_t s = part->start, e = part->start + part->size;
	bool exec = K_MEM_PARTITION_IS_EXECUTABLE(part->attr);

	for (size_t i = 0; i < n_tracked; i++) {
		if (tracked[i].start == s && tracked[i].end == e) {
			tracked[i].exec = tracked[i].exec || exec;
			return 0;
		}
	}
	if (n_tracked == POSIX_MAX_TRACKED) {
		z_diag("rtmem: the host port tracks at most %d partition ranges\n", POSIX_MAX_TRACKED);
		return -ENOMEM;
	}
	tracked[n_tracked++] = (struct tracked_range){ s, e, exec };
	return 0;
}

int arch_mem_domain_init(struct k_mem_domain *domain)
{
	for (size_t i = 0; i < ARRAY_SIZE(domain->partitions); i++) {
		if (domain->partitions[i].size != 0U && track(&domain->partitions[i]) != 0) {
			return -ENOMEM;
		}
	}
	generation++;
	arch_mem_view_update();
	return 0;
}

int arch_mem_domain_partition_add(struct k_mem_domain *domain, uint32_t partition_id)
{
	int ret = track(&domain->partitions[partition_id]);

	if (ret == 0) {
		generation++;
		arch_mem_view_update();
	}
	return ret;
}

int arch_mem_domain_partition_remove(struct k_mem_domain *domain, uint32_t partition_id)
{
	ARG_UNUSED(domain);
	ARG_UNUSED(partition_id);
	generation++; /* the kernel clears the slot, then calls arch_mem_view_update() */
	return 0;
}

int arch_mem_domain_thread_add(struct k_thread *thread)
{
	ARG_UNUSED(thread);
	generation++;
	arch_mem_view_update();
	return 0;
}

void arch_mem_domain_thread_remove(struct k_thread *thread)
{
	if (is_user(thread)) {
		generation++;
	}
}

int arch_buffer_validate(const void *addr, size_t size, bool write)
{
	uintptr_t a = (uintptr_t)addr;

	if (addr == NULL || a + size < a) {
		return -EFAULT;
	}
	if (size == 0U || _current == NULL) {
		return 0;
	}
	const struct posix_view *v = view_of(_current, true);
	int need = write ? PROT_WRITE : PROT_READ;

	for (size_t i = 0; i < v->n; i++) {
		const struct posix_seg *s = &v->segs[i];

		if (s->start < a + size && a < s->end && (s->prot & need) == 0) {
			return -EFAULT;
		}
	}
	return 0;
}

/* ---- arch contract: stacks ----------------------------------------------------------------- */

int arch_stack_guard_set(struct k_thread *t)
{
	void *guard = (void *)(t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE);

	if (mprotect(guard, ARCH_THREAD_STACK_GUARD_SIZE, PROT_NONE) != 0) {
		return -errno;
	}
	return 0;
}

void arch_stack_guard_clear(struct k_thread *t)
{
	void *guard = (void *)(t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE);

	(void)mprotect(guard, ARCH_THREAD_STACK_GUARD_SIZE, PROT_RW);
}

bool posix_mem_in_guard(const struct k_thread *t, uintptr_t addr)
{
	return t != NULL && t->stack_info.size != 0U && addr >= t->stack_info.start - ARCH_THREAD_STACK_GUARD_SIZE &&
	       addr < t->stack_info.start;
}

struct k_thread *posix_mem_guard_owner(uintptr_t addr)
{
	sys_dnode_t *node;

	z_dlist_lazy_init(&_kernel.threads);
	SYS_DLIST_FOR_EACH_NODE(&_kernel.threads, node) {
		struct k_thread *t = CONTAINER_OF(node, struct k_thread, all_node);

		if (posix_mem_in_guard(t, addr)) {
			return t;
		}
	}
	return NULL;
}

void arch_stack_inspect_prepare(const void *start, size_t size)
{
	(void)VALGRIND_MAKE_MEM_DEFINED(start, size);
}

/* rtmem extension for the benchmark: mprotect calls made so far. */
unsigned long rtmem_posix_mprotect_calls(void)
{
	return mprotect_calls;
}

/* ---- the kernel gate (arch_is_user_context, arch_syscall_invoke/raise/drop) ---- */

bool arch_is_user_context(void)
{
	const struct k_thread *t = _current;

	return t != NULL && (t->base.user_options & K_USER) != 0U && t->base.syscall_depth == 0 && !arch_is_in_isr();
}

void arch_syscall_invoke(unsigned int id, void *args)
{
	/* No privilege levels on the host: the kernel's syscall_depth grants the rights. */
	z_syscall_dispatch(id, args);
}

void arch_syscall_raise(void)
{
	/* The kernel's syscall_depth grants supervisor rights (applied lazily, on the first fault). */
}

void arch_syscall_drop(void)
{
	/* The user rights were re-applied by arch_mem_view_update(). */
}
