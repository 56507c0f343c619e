/*
 * librtmem_malloc.so — the heap provider of the preloadable malloc (Linux host).
 *
 * Regions. Small blocks live in regions: anonymous mappings (MAP_NORESERVE,
 * pages committed on first touch), each its own sys_heap. The first is 8 MiB;
 * each new one is twice the last (capped at 1 GiB, and at least big enough
 * for the request), so a program of any size needs O(log size) regions.
 * Allocation tries the current region, then the others, then maps a new one.
 * The current region is the one that served last, except that a free into an
 * older region makes it current again (its holes are reused before fresh
 * pages of a newer region are touched: lower peak RSS). A region that becomes
 * empty is unmapped unless it is the current one. A region's header (struct
 * region) sits at the start of its mapping.
 *
 *   region mapping:  | struct region | sys_heap (16-aligned payloads) ...... |
 *
 * Large blocks. Requests at or above the large threshold, and aligned
 * requests above a page, get a mapping of their own, with no header: the
 * mapping is zero-filled (calloc skips its memset), realloc resizes it with
 * mremap, free unmaps it. The threshold starts at RTMEM_MALLOC_LARGE (256 KiB)
 * and, as glibc's mmap threshold, rises to the size of a freed large block
 * (up to RTMEM_MALLOC_LARGE_MAX, 32 MiB): a program that keeps allocating and
 * freeing blocks of that size then reuses region memory instead of paying
 * mmap, page faults and munmap every time.
 *
 * Lookup. Every region and every large mapping is a span [lo, hi) in one
 * table sorted by address: free/realloc/usable_size find the owner by binary
 * search (O(log spans)), after a check of the region that served last
 * (most frees hit it). A pointer in no span is reported as foreign; a pointer
 * inside a large span that is not its block start as a bad pointer.
 *
 * Locking. One pthread mutex serialises the table and every heap. While the
 * process is single-threaded (glibc's __libc_single_threaded) the mutex is
 * skipped: no other thread can exist to race with. Fork safety: pthread_atfork
 * takes the mutex before fork and releases it in parent and child, so a
 * child can allocate even if another thread held it when fork was called.
 *
 * Early calls. Nothing here calls malloc, stdio or dlsym; state is static and
 * set up by the first call, so calls from the dynamic loader or from libc
 * before our constructor work. Reports go out with write(2).
 *
 * Faults. sys_heap_fault() is overridden: a double free, a foreign or bad
 * pointer prints "rtmem_malloc: <reason>: ..." on stderr and aborts, like
 * glibc's "free(): double free detected in tcache 2".
 *
 * RTMEM_MALLOC_STATS=1 in the environment prints one line of counters on
 * stderr at exit: "rtmem_malloc: allocs=... frees=... ...".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/single_threaded.h>
#include <unistd.h>

#include "../libc_heap.h"

#define RTMEM_MALLOC_REGION_MIN ((size_t)8 << 20)
#define RTMEM_MALLOC_REGION_MAX ((size_t)1 << 30)
#define RTMEM_MALLOC_LARGE ((size_t)256 << 10)
#define RTMEM_MALLOC_LARGE_MAX ((size_t)32 << 20)
#define MAX_REGIONS 64u
#define PAGE ((size_t)4096u)

#define API __attribute__((visibility("default")))

/* ---- types ------------------------------------------------------------------------- */

struct region {
	/** The heap over the rest of the mapping. */
	struct libc_heap lh;
	/** Mapping bounds. */
	uintptr_t lo, hi;
	/** Live blocks (the region is unmapped when this drops to 0, unless current). */
	size_t live;
	/** Creation order (older regions are preferred, see rtmem_libc_heap_free). */
	size_t seq;
};

/* One entry of the lookup table: a region (r != NULL) or a large block. */
struct span {
	uintptr_t lo, hi;
	struct region *r;
	/** Large block: the user pointer (lo, or inside the first pages when aligned). */
	uintptr_t user;
};

struct counters {
	size_t allocs, frees, reallocs, large_maps, regions_mapped, peak_bytes, live_bytes;
};

/* ---- state (all under `lock`) ------------------------------------------------------ */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct region *regions[MAX_REGIONS];
static unsigned int nregions;
static struct region *cur;
static size_t next_region_bytes = RTMEM_MALLOC_REGION_MIN;
static struct span *spans;
static size_t nspans, span_cap;
static struct counters cnt;
/* Requests of this many bytes or more get their own mapping (see top). */
static size_t large_threshold = RTMEM_MALLOC_LARGE;
static int stats_at_exit;
/* Where the exit line goes: a private copy of stderr, because programs may
 * close stderr in an atexit handler (gnulib's close_stdout), which runs
 * before this library's destructor. */
static int stats_fd = STDERR_FILENO;
/* A fault found while free() sized its block is a double free, not a "use". */
static bool in_free;

/*
 * Quick bins: a bounded LIFO cache of freed small blocks in front of the
 * heaps (sizes 24..504 usable bytes, 16-byte classes, QBIN_DEPTH blocks each,
 * at most ~130 KiB held). A malloc/free pair of the same size then costs a
 * list pop and push instead of a split and a coalesce. Cached blocks stay
 * "used" in their sys_heap; they go back to it when a bin is full, when the
 * regions run out (before a new region is mapped) and before statistics are
 * read, so malloc_runtime_stats_get stays exact. Word 1 of a cached block
 * holds qkey, so a second free of a cached block is found (bounded scan of
 * its bin) and reported as a double free.
 */
#define QBIN_MIN 2u        /* class = chunk bytes / 16; class 1 (8 usable bytes) is not cached */
#define QBIN_MAX 32u
#define QBIN_DEPTH 16u
struct qblock {
	struct qblock *next;
	uintptr_t key;
};
static struct qblock *qhead[QBIN_MAX + 1u];
static unsigned int qcount[QBIN_MAX + 1u];
#define QKEY ((uintptr_t)&qhead ^ (uintptr_t)0x5bd1e9955bd1e995ull)

/* ---- lock ------------------------------------------------------------------------ */

static inline bool lock_take(void)
{
	if (__libc_single_threaded) {
		return false;
	}
	(void)pthread_mutex_lock(&lock);
	return true;
}

static inline void lock_give(bool taken)
{
	if (taken) {
		(void)pthread_mutex_unlock(&lock);
	}
}

static void fork_prepare(void)
{
	(void)pthread_mutex_lock(&lock);
}

static void fork_parent(void)
{
	(void)pthread_mutex_unlock(&lock);
}

static void fork_child(void)
{
	(void)pthread_mutex_init(&lock, NULL);
}

/* ---- reports (no malloc, no stdio) --------------------------------------------------- */

static size_t fmt_uint(char *buf, uintmax_t v, unsigned int base)
{
	char tmp[24];
	size_t n = 0u, i;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0u);
	for (i = 0u; i < n; i++) {
		buf[i] = tmp[n - 1u - i];
	}
	return n;
}

struct out {
	char buf[512];
	size_t n;
};

static void out_str(struct out *o, const char *s)
{
	while (s != NULL && *s != '\0' && o->n < sizeof(o->buf) - 1u) {
		o->buf[o->n++] = *s++;
	}
}

static void out_num(struct out *o, uintmax_t v, unsigned int base)
{
	if (o->n + 24u < sizeof(o->buf)) {
		if (base == 16u) {
			out_str(o, "0x");
		}
		o->n += fmt_uint(o->buf + o->n, v, base);
	}
}

static void out_flush(struct out *o, int fd)
{
	size_t done = 0u;

	o->buf[o->n++] = '\n';
	while (done < o->n) {
		ssize_t w = write(fd, o->buf + done, o->n - done);

		if (w <= 0) {
			break;
		}
		done += (size_t)w;
	}
}

static const char *reason_text(enum sys_heap_fault_reason r)
{
	switch (r) {
	case SYS_HEAP_FAULT_DOUBLE_FREE:
		return "double free detected";
	case SYS_HEAP_FAULT_USE_AFTER_FREE:
		return "use of a freed block (realloc or malloc_usable_size)";
	case SYS_HEAP_FAULT_FOREIGN_POINTER:
		return "invalid pointer (not allocated by rtmem_malloc, or already freed)";
	case SYS_HEAP_FAULT_BAD_POINTER:
		return "invalid pointer (not the start of a block)";
	case SYS_HEAP_FAULT_CORRUPT_HEADER:
		return "heap corruption (overflow into a block header)";
	case SYS_HEAP_FAULT_CORRUPT_FREE_LIST:
		return "heap corruption (free list)";
	case SYS_HEAP_FAULT_CANARY:
		return "heap corruption (block trailer overwritten)";
	case SYS_HEAP_FAULT_BAD_ALIGN:
		return "bad alignment";
	default:
		return "heap contract violation";
	}
}

/* Overrides the core's weak hook: report, then abort (the lock may be held). */
void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	struct out o = { .n = 0u };
	enum sys_heap_fault_reason reason = info->reason;

	if (in_free && reason == SYS_HEAP_FAULT_USE_AFTER_FREE) {
		reason = SYS_HEAP_FAULT_DOUBLE_FREE;
	}
	out_str(&o, "rtmem_malloc: ");
	out_str(&o, reason_text(reason));
	out_str(&o, ": heap ");
	out_num(&o, (uintptr_t)info->heap, 16u);
	out_str(&o, ", pointer ");
	out_num(&o, (uintptr_t)info->ptr, 16u);
	out_str(&o, ": ");
	out_str(&o, info->what);
	out_str(&o, " (");
	out_str(&o, info->file);
	out_str(&o, ":");
	out_num(&o, (uintmax_t)(info->line > 0 ? info->line : 0), 10u);
	out_str(&o, ")");
	out_flush(&o, STDERR_FILENO);
	abort();
}

#define REPORT(reason_, ptr_, what_) \
	report((reason_), (ptr_), (what_), __LINE__)

__attribute__((noinline, cold, noreturn)) static void report(enum sys_heap_fault_reason reason, void *ptr,
							     const char *what, int line)
{
	struct sys_heap_fault_info info = {
		.heap = NULL, .ptr = ptr, .reason = reason, .what = what, .file = __FILE__, .line = line,
	};

	sys_heap_fault(&info);
	abort();
}

/* ---- span table ---------------------------------------------------------------------- */

/* Index of the span containing a, or of the insertion point (then *hit false). */
static size_t span_find(uintptr_t a, bool *hit)
{
	size_t lo = 0u, hi = nspans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2u;

		if (a < spans[mid].lo) {
			hi = mid;
		} else if (a >= spans[mid].hi) {
			lo = mid + 1u;
		} else {
			*hit = true;
			return mid;
		}
	}
	*hit = false;
	return lo;
}

/* pre: lock held. false if the table cannot grow. */
static bool span_insert(const struct span *s)
{
	bool hit;
	size_t i;

	if (nspans == span_cap) {
		size_t cap = span_cap == 0u ? PAGE / sizeof(struct span) : span_cap * 2u;
		void *m;

		if (spans == NULL) {
			m = mmap(NULL, cap * sizeof(struct span), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0);
		} else {
			m = mremap(spans, span_cap * sizeof(struct span), cap * sizeof(struct span), MREMAP_MAYMOVE);
		}
		if (m == MAP_FAILED) {
			return false;
		}
		spans = m;
		span_cap = cap;
	}
	i = span_find(s->lo, &hit);
	memmove(&spans[i + 1u], &spans[i], (nspans - i) * sizeof(struct span));
	spans[i] = *s;
	nspans++;
	return true;
}

static void span_remove(size_t i)
{
	memmove(&spans[i], &spans[i + 1u], (nspans - i - 1u) * sizeof(struct span));
	nspans--;
}

/* ---- regions --------------------------------------------------------------------------- */

static void live_add(ptrdiff_t bytes)
{
	cnt.live_bytes += (size_t)bytes;
	if (cnt.live_bytes > cnt.peak_bytes) {
		cnt.peak_bytes = cnt.live_bytes;
	}
}

/* Map a region that can hold a block of at least `need` bytes. pre: lock held. */
static struct region *region_new(size_t need)
{
	size_t bytes = next_region_bytes;
	struct region *r;
	void *m;
	struct span s;

	if (nregions == MAX_REGIONS) {
		return NULL;
	}
	while (bytes < need + need / 8u + PAGE && bytes < RTMEM_MALLOC_REGION_MAX) {
		bytes *= 2u;
	}
	m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		return NULL;
	}
	r = m;
	r->lo = (uintptr_t)m;
	r->hi = (uintptr_t)m + bytes;
	r->live = 0u;
	r->seq = cnt.regions_mapped;
	libc_heap_init(&r->lh, (uint8_t *)m + ((sizeof(*r) + 15u) & ~(size_t)15u),
		       bytes - ((sizeof(*r) + 15u) & ~(size_t)15u));
	s = (struct span){ .lo = r->lo, .hi = r->hi, .r = r, .user = 0u };
	if (!span_insert(&s)) {
		(void)munmap(m, bytes);
		return NULL;
	}
	regions[nregions++] = r;
	if (next_region_bytes < RTMEM_MALLOC_REGION_MAX) {
		next_region_bytes = bytes * 2u > RTMEM_MALLOC_REGION_MAX ? RTMEM_MALLOC_REGION_MAX : bytes * 2u;
	}
	cnt.regions_mapped++;
	return r;
}

/* Unmap empty region r (not current) found at span index si. pre: lock held. */
static void region_drop(struct region *r, size_t si)
{
	unsigned int i;

	span_remove(si);
	for (i = 0u; i < nregions; i++) {
		if (regions[i] == r) {
			regions[i] = regions[--nregions];
			break;
		}
	}
	(void)munmap((void *)r->lo, r->hi - r->lo);
}

static bool qflush(void);

/* Allocate from the regions, mapping a new one if needed. pre: lock held. */
static void *region_alloc(size_t align, size_t bytes)
{
	void *p;
	struct region *r;

	if (cur != NULL) {
		p = libc_heap_alloc(&cur->lh, align, bytes);
		if (p != NULL) {
			cur->live++;
			return p;
		}
	}
	for (unsigned int i = 0u; i < nregions; i++) {
		r = regions[i];
		if (r == cur) {
			continue;
		}
		p = libc_heap_alloc(&r->lh, align, bytes);
		if (p != NULL) {
			r->live++;
			cur = r;
			return p;
		}
	}
	if (qflush()) {
		/* cached blocks went back to their heaps: retry before growing */
		return region_alloc(align, bytes);
	}
	r = region_new(bytes + align);
	if (r == NULL) {
		return NULL;
	}
	cur = r;
	p = libc_heap_alloc(&r->lh, align, bytes);
	if (p != NULL) {
		r->live++;
	}
	return p;
}

/* ---- large blocks ------------------------------------------------------------------------- */

static inline size_t page_round(size_t n)
{
	return (n + PAGE - 1u) & ~(PAGE - 1u);
}

/* Map a large block. Lock NOT held on entry; takes it to insert the span. */
static void *large_alloc(size_t align, size_t bytes)
{
	size_t len, extra = align > PAGE ? align - PAGE : 0u;
	uintptr_t m, user;
	void *mm;
	struct span s;
	bool taken;

	if (bytes > SIZE_MAX - extra - PAGE) {
		return NULL;
	}
	len = page_round(bytes) + extra;
	mm = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mm == MAP_FAILED) {
		return NULL;
	}
	m = (uintptr_t)mm;
	user = (m + align - 1u) & ~(uintptr_t)(align - 1u);
	if (extra != 0u) {
		/* trim to [user, user + page_round(bytes)) */
		if (user > m) {
			(void)munmap(mm, user - m);
		}
		if (m + len > user + page_round(bytes)) {
			(void)munmap((void *)(user + page_round(bytes)), m + len - user - page_round(bytes));
		}
		m = user;
		len = page_round(bytes);
	}
	s = (struct span){ .lo = m, .hi = m + len, .r = NULL, .user = user };
	taken = lock_take();
	if (!span_insert(&s)) {
		lock_give(taken);
		(void)munmap((void *)m, len);
		return NULL;
	}
	cnt.allocs++;
	cnt.large_maps++;
	live_add((ptrdiff_t)len);
	lock_give(taken);
	return (void *)user;
}

/* ---- provider contract -------------------------------------------------------------------- */

/* Find the span of ptr; reports a foreign/bad pointer (and aborts). pre: lock held. */
static inline struct span *owner(void *ptr, size_t *si)
{
	uintptr_t a = (uintptr_t)ptr;
	bool hit;
	size_t i;

	i = span_find(a, &hit);
	if (!hit) {
		REPORT(SYS_HEAP_FAULT_FOREIGN_POINTER, ptr, "pointer in no region or block of this allocator");
	}
	if (spans[i].r == NULL && spans[i].user != a) {
		REPORT(SYS_HEAP_FAULT_BAD_POINTER, ptr, "pointer inside a large block, not its start");
	}
	*si = i;
	return &spans[i];
}

void *rtmem_libc_heap_alloc(size_t align, size_t bytes, bool zero)
{
	void *p;
	bool taken;

	/* relaxed read outside the lock: a stale value only moves one block */
	if (bytes >= __atomic_load_n(&large_threshold, __ATOMIC_RELAXED) || align > PAGE) {
		return large_alloc(align < PAGE ? PAGE : align, bytes);
	}
	taken = lock_take();
	if (align <= RTMEM_LIBC_ALIGN && bytes <= QBIN_MAX * 16u - LIBC_HEAP_OVERHEAD) {
		size_t q = (bytes + LIBC_HEAP_OVERHEAD + 15u) / 16u;
		struct qblock *b = qhead[q];

		if (b != NULL) {
			qhead[q] = b->next;
			qcount[q]--;
			b->key = 0u;
			cnt.allocs++;
			lock_give(taken);
			if (zero) {
				memset(b, 0, bytes);
			}
			return b;
		}
	}
	p = region_alloc(align, bytes);
	if (p != NULL) {
		cnt.allocs++;
	}
	lock_give(taken);
	if (p != NULL && zero) {
		memset(p, 0, bytes);
	}
	return p;
}

/* Free a region block. pre: lock held, r owns p, si its span index. */
static inline void region_free(struct region *r, size_t si, void *p)
{
	sys_heap_free(&r->lh.heap, p);
	cnt.frees++;
	if (--r->live == 0u && r != cur) {
		region_drop(r, si);
	}
}

/* Cache region block p of region r if its class has room; false otherwise.
 * Reports a double free of a cached block. pre: lock held. */
static inline bool qpush(struct region *r, void *p)
{
	struct qblock *b = p;
	size_t q;

	in_free = true;
	q = (sys_heap_usable_size(&r->lh.heap, p) + LIBC_HEAP_OVERHEAD) / 16u;
	in_free = false;
	if (q < QBIN_MIN || q > QBIN_MAX) {
		return false;
	}
	if (b->key == QKEY) {
		for (struct qblock *c = qhead[q]; c != NULL; c = c->next) {
			if (c == b) {
				REPORT(SYS_HEAP_FAULT_DOUBLE_FREE, p, "free of a block that is already free (cached)");
			}
		}
	}
	if (qcount[q] == QBIN_DEPTH) {
		return false;
	}
	b->key = QKEY;
	b->next = qhead[q];
	qhead[q] = b;
	qcount[q]++;
	cnt.frees++;
	return true;
}

/* Give every cached block back to its heap; true if there was one. pre: lock held. */
static bool qflush(void)
{
	bool any = false;

	for (unsigned int q = QBIN_MIN; q <= QBIN_MAX; q++) {
		while (qhead[q] != NULL) {
			struct qblock *b = qhead[q];
			size_t si = 0u;
			struct span *s;

			qhead[q] = b->next;
			b->key = 0u;
			s = owner(b, &si);
			cnt.frees--; /* counted when cached */
			region_free(s->r, si, b);
			any = true;
		}
		qcount[q] = 0u;
	}
	return any;
}

void rtmem_libc_heap_free(void *ptr)
{
	struct span *s;
	size_t si = 0u;
	bool taken = lock_take();
	uintptr_t lo, hi;

	if (cur != NULL && (uintptr_t)ptr - cur->lo < cur->hi - cur->lo) {
		if (!qpush(cur, ptr)) {
			in_free = true;
			sys_heap_free(&cur->lh.heap, ptr);
			in_free = false;
			cnt.frees++;
			cur->live--;
		}
		lock_give(taken);
		return;
	}
	s = owner(ptr, &si);
	if (s->r != NULL) {
		struct region *r = s->r;

		if (!qpush(r, ptr)) {
			bool drops = r->live == 1u && r != cur;

			region_free(r, si, ptr);
			if (drops) {
				lock_give(taken);
				return; /* r is unmapped */
			}
		}
		/* A hole opened in an older region: allocate there next, so the
		 * holes are reused before fresh pages of a newer region are
		 * touched (peak RSS). region_alloc moves on when it is full. */
		if (cur != NULL && r->seq < cur->seq) {
			cur = r;
		}
		lock_give(taken);
		return;
	}
	lo = s->lo;
	hi = s->hi;
	if (hi - s->user > large_threshold && hi - s->user <= RTMEM_MALLOC_LARGE_MAX) {
		__atomic_store_n(&large_threshold, hi - s->user, __ATOMIC_RELAXED);
	}
	span_remove(si);
	cnt.frees++;
	live_add(-(ptrdiff_t)(hi - lo));
	lock_give(taken);
	(void)munmap((void *)lo, hi - lo);
}

size_t rtmem_libc_heap_usable_size(void *ptr)
{
	struct span *s;
	size_t si = 0u, n;
	bool taken = lock_take();

	if (cur != NULL && (uintptr_t)ptr - cur->lo < cur->hi - cur->lo) {
		n = sys_heap_usable_size(&cur->lh.heap, ptr);
		lock_give(taken);
		return n;
	}
	s = owner(ptr, &si);
	if (s->r != NULL) {
		n = sys_heap_usable_size(&s->r->lh.heap, ptr);
	} else {
		n = s->hi - s->user;
	}
	lock_give(taken);
	return n;
}

/* Move ptr (usable `old` bytes) to a new block of `bytes`; frees ptr. Lock NOT held. */
static void *realloc_move(void *ptr, size_t old, size_t bytes)
{
	void *p = rtmem_libc_heap_alloc(RTMEM_LIBC_ALIGN, bytes, false);

	if (p != NULL) {
		memcpy(p, ptr, old < bytes ? old : bytes);
		rtmem_libc_heap_free(ptr);
	}
	return p;
}

void *rtmem_libc_heap_realloc(void *ptr, size_t bytes)
{
	struct span *s;
	struct span ns;
	size_t si = 0u, old, len;
	bool taken = lock_take();
	void *p;

	struct region *r;

	cnt.reallocs++;
	if (cur != NULL && (uintptr_t)ptr - cur->lo < cur->hi - cur->lo) {
		r = cur;
		s = NULL;
	} else {
		s = owner(ptr, &si);
		r = s->r;
	}
	if (r != NULL) {
		if (bytes < large_threshold) {
			p = libc_heap_realloc(&r->lh, ptr, bytes);
			if (p != NULL) {
				lock_give(taken);
				return p;
			}
		}
		old = sys_heap_usable_size(&r->lh.heap, ptr);
		lock_give(taken);
		return old == 0u ? NULL : realloc_move(ptr, old, bytes);
	}
	/* large block */
	old = s->hi - s->user;
	if (bytes < RTMEM_MALLOC_LARGE / 2u || s->user != s->lo) {
		lock_give(taken);
		return realloc_move(ptr, old, bytes);
	}
	len = page_round(bytes);
	if (len == s->hi - s->lo) {
		lock_give(taken);
		return ptr;
	}
	ns = *s;
	p = mremap((void *)s->lo, s->hi - s->lo, len, MREMAP_MAYMOVE);
	if (p == MAP_FAILED) {
		lock_give(taken);
		return NULL;
	}
	live_add((ptrdiff_t)len - (ptrdiff_t)(ns.hi - ns.lo));
	span_remove(si);
	ns.lo = ns.user = (uintptr_t)p;
	ns.hi = (uintptr_t)p + len;
	if (!span_insert(&ns)) {
		/* cannot happen: the table just shrank by one entry */
		lock_give(taken);
		return NULL;
	}
	lock_give(taken);
	return p;
}

int rtmem_libc_heap_stats(struct sys_memory_stats *stats)
{
	bool taken = lock_take();

	(void)qflush();
	memset(stats, 0, sizeof(*stats));
	for (size_t i = 0u; i < nspans; i++) {
		struct sys_memory_stats rs;

		if (spans[i].r != NULL) {
			if (sys_heap_runtime_stats_get(&spans[i].r->lh.heap, &rs) == 0) {
				stats->free_bytes += rs.free_bytes;
				stats->allocated_bytes += rs.allocated_bytes;
				stats->max_allocated_bytes += rs.max_allocated_bytes;
			}
		} else {
			stats->allocated_bytes += spans[i].hi - spans[i].lo;
			stats->max_allocated_bytes += spans[i].hi - spans[i].lo;
		}
	}
	lock_give(taken);
	return 0;
}

/* ---- glibc extras ------------------------------------------------------------------------- */

void *valloc(size_t size);
void *pvalloc(size_t size);
void cfree(void *ptr);

API void *valloc(size_t size)
{
	return rtmem_libc_memalign(PAGE, size);
}

API void *pvalloc(size_t size)
{
	if (size > SIZE_MAX - PAGE) {
		errno = ENOMEM;
		return NULL;
	}
	return rtmem_libc_memalign(PAGE, size == 0u ? PAGE : page_round(size));
}

API void cfree(void *ptr)
{
	rtmem_libc_free(ptr);
}

/* ---- statistics (rtmem extension of the preload library) --------------------------------------- */

/** Counters for tests: regions currently mapped and live large blocks. */
API void rtmem_malloc_layout_get(size_t *regions_out, size_t *large_out)
{
	bool taken = lock_take();
	size_t large = 0u;

	(void)qflush();
	for (size_t i = 0u; i < nspans; i++) {
		large += spans[i].r == NULL ? 1u : 0u;
	}
	*regions_out = nregions;
	*large_out = large;
	lock_give(taken);
}

static void print_stats(void)
{
	struct out o = { .n = 0u };

	out_str(&o, "rtmem_malloc: allocs=");
	out_num(&o, cnt.allocs, 10u);
	out_str(&o, " frees=");
	out_num(&o, cnt.frees, 10u);
	out_str(&o, " reallocs=");
	out_num(&o, cnt.reallocs, 10u);
	out_str(&o, " regions=");
	out_num(&o, nregions, 10u);
	out_str(&o, " regions_mapped=");
	out_num(&o, cnt.regions_mapped, 10u);
	out_str(&o, " large_maps=");
	out_num(&o, cnt.large_maps, 10u);
	out_str(&o, " peak_large_bytes=");
	out_num(&o, cnt.peak_bytes, 10u);
	out_flush(&o, stats_fd);
}

__attribute__((constructor)) static void preload_init(void)
{
	const char *s = getenv("RTMEM_MALLOC_STATS");

	stats_at_exit = s != NULL && s[0] != '\0' && s[0] != '0';
	if (stats_at_exit) {
		int fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 100);

		stats_fd = fd >= 0 ? fd : STDERR_FILENO;
	}
	(void)pthread_atfork(fork_prepare, fork_parent, fork_child);
}

__attribute__((destructor)) static void preload_fini(void)
{
	if (stats_at_exit) {
		print_stats();
	}
}
