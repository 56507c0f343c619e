/*
 * The memory report: snapshot, text rendering, heap histories, labels
 * (rtmem/mem_report.h). Portable: the port's half is in host_*.c.
 */
#include <string.h>
#include <zephyr/sys/printk.h>
#include "report_internal.h"

/* printk's formats here avoid %zu and %llu: newlib-nano (Cortex-M) has neither. */
#define UL(x) ((unsigned long)(x))

/* ---- labels ---------------------------------------------------------------------- */

static struct {
	const void *obj;
	const char *name;
} labels[MEM_REPORT_MAX_OBJECTS];

int mem_report_label_set(const void *obj, const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		if (labels[i].obj == obj || labels[i].obj == NULL) {
			labels[i].obj = obj;
			labels[i].name = name;
			return 0;
		}
	}
	return -ENOMEM;
}

const char *rep_label_get(const void *obj)
{
	for (size_t i = 0; i < ARRAY_SIZE(labels) && labels[i].obj != NULL; i++) {
		if (labels[i].obj == obj) {
			return labels[i].name;
		}
	}
	return NULL;
}

/* ---- snapshot -------------------------------------------------------------------- */

static struct rep_snapshot snap;

static bool registry_cb(const struct mem_registry_info *info, void *user_data)
{
	struct rep_snapshot *s = user_data;

	if (info->kind == MEM_REGISTRY_MEM_SLAB) {
		if (s->num_slabs == ARRAY_SIZE(s->slabs)) {
			s->slabs_not_shown++;
			return true;
		}
		struct k_mem_slab *slab = (struct k_mem_slab *)info->obj;
		struct rep_slab *r = &s->slabs[s->num_slabs++];

		r->name = info->name;
		r->is_static = info->is_static;
		r->start = (uintptr_t)slab->slab.buffer;
		r->block_size = info->block_size;
		r->num_blocks = info->num_blocks;
		r->used = info->num_used;
		r->peak = info->max_used;
		return true;
	}
	if (s->num_heaps == ARRAY_SIZE(s->heaps)) {
		s->heaps_not_shown++;
		return true;
	}
	struct rep_heap *h = &s->heaps[s->num_heaps++];

	memset(h, 0, sizeof(*h));
	h->name = info->name;
	h->is_static = info->is_static;
	if (info->kind == MEM_REGISTRY_K_HEAP) {
		h->kheap = (struct k_heap *)info->obj;
		h->sheap = &h->kheap->heap;
	} else {
		h->sheap = (struct sys_heap *)info->obj;
	}
	h->start = (uintptr_t)h->sheap->init_mem;
	h->total_bytes = h->sheap->init_bytes;
	return true;
}

struct walk_state {
	struct rep_chunk *out;
	size_t max, n;
	bool more;
	uintptr_t first, end;
	size_t largest_free;
};

static void walk_cb(void *chunk_mem, size_t chunk_bytes, bool used, void *arg)
{
	struct walk_state *w = arg;
	uintptr_t at = (uintptr_t)chunk_mem;

	if (w->first == 0) {
		w->first = at;
	}
	w->end = at + chunk_bytes;
	if (!used && chunk_bytes > w->largest_free) {
		w->largest_free = chunk_bytes;
	}
	if (w->n < w->max) {
		w->out[w->n++] = (struct rep_chunk){ .start = at, .bytes = chunk_bytes, .used = used };
	} else {
		w->more = true;
	}
}

/* Walk and read the statistics under the heap's lock: k_heap masks interrupts,
 * so masking them here excludes every k_heap call (rtmem/k_heap.h). */
static void heap_walk_locked(struct rep_heap *h, struct walk_state *w)
{
	unsigned int key = irq_lock();

	if (h->sheap->heap != NULL) {
		(void)sys_heap_ext_stats_get(h->sheap, &h->x);
		sys_heap_walk(h->sheap, walk_cb, w);
	}
	irq_unlock(key);
	h->chunks_start = w->first;
	h->chunks_end = w->end;
	h->largest_free_chunk = w->largest_free;
}

size_t rep_heap_walk(const struct rep_heap *h, struct rep_chunk *out, size_t max, bool *more)
{
	struct walk_state w = { .out = out, .max = max };
	struct rep_heap copy = *h;

	heap_walk_locked(&copy, &w);
	*more = w.more;
	return w.n;
}

static void thread_cb(const struct k_thread *t, void *user_data)
{
	struct rep_snapshot *s = user_data;

	if (s->num_threads == ARRAY_SIZE(s->threads)) {
		s->threads_not_shown++;
		return;
	}
	struct rep_thread *r = &s->threads[s->num_threads++];
	const char *name = k_thread_name_get((k_tid_t)t);

	memset(r, 0, sizeof(*r));
	r->thread = t;
	if (name != NULL && name[0] != '\0') {
		strncpy(r->name, name, sizeof(r->name) - 1);
	} else {
		snprintk(r->name, sizeof(r->name), "%p", (const void *)t);
	}
	r->prio = k_thread_priority_get((k_tid_t)t);
	r->user = (t->base.user_options & K_USER) != 0;
	r->current = t == k_current_get();
	r->stack_start = t->stack_info.start;
	r->stack_size = k_thread_stack_size_get(t);
	if (k_thread_stack_space_get(t, &r->unused) != 0) {
		r->unused = r->stack_size;
	}
	r->domain = k_mem_domain_of(t);
}

static void domain_add(struct rep_snapshot *s, const struct k_mem_domain *d)
{
	if (d == NULL) {
		return;
	}
	for (size_t i = 0; i < s->num_domains; i++) {
		if (s->domains[i] == d) {
			return;
		}
	}
	if (s->num_domains < ARRAY_SIZE(s->domains)) {
		s->domains[s->num_domains++] = d;
	}
}

const struct rep_snapshot *rep_snapshot_take(void)
{
	struct rep_snapshot *s = &snap;

	memset(s, 0, sizeof(*s));
	s->uptime_ms = (uint64_t)k_uptime_get();
	s->num_segments = rep_port_segments(s->segments, ARRAY_SIZE(s->segments));
	(void)mem_registry_foreach(registry_cb, s);
	for (size_t i = 0; i < s->num_heaps; i++) {
		struct walk_state w = { .out = NULL, .max = 0 };

		heap_walk_locked(&s->heaps[i], &w);
	}
	k_thread_foreach(thread_cb, s);
	domain_add(s, &k_mem_domain_default);
	for (size_t i = 0; i < s->num_threads; i++) {
		domain_add(s, s->threads[i].domain);
	}
	return s;
}

size_t mem_report_segments_get(struct mem_report_region *out, size_t max)
{
	return out == NULL ? 0 : rep_port_segments(out, max);
}

/* ---- helpers shared with the HTML writer ----------------------------------------- */

const char *rep_container_name(const struct rep_snapshot *s, uintptr_t start, size_t size)
{
	for (size_t i = 0; i < s->num_heaps; i++) {
		const struct rep_heap *h = &s->heaps[i];

		if (start >= h->start && start + size <= h->start + h->total_bytes && h->start != start) {
			return h->name;
		}
	}
	for (size_t i = 0; i < s->num_segments; i++) {
		const struct mem_report_region *r = &s->segments[i];

		if (start >= r->start && start + size <= r->start + r->size) {
			return r->name;
		}
	}
	return "other";
}

const char *rep_domain_name(const struct k_mem_domain *d, char *buf, size_t len)
{
	const char *label = rep_label_get(d);

	if (label != NULL) {
		return label;
	}
	if (d == &k_mem_domain_default) {
		return "k_mem_domain_default";
	}
	snprintk(buf, len, "domain@%p", (const void *)d);
	return buf;
}

static void rights_text(char *out, bool r, bool w, bool x)
{
	char *p = out;

	if (r) {
		*p++ = 'R';
	}
	if (w) {
		*p++ = 'W';
	}
	if (x) {
		*p++ = 'X';
	}
	if (p == out) {
		*p++ = 'N';
		*p++ = 'A';
	}
	*p = '\0';
}

const char *rep_attr_text(k_mem_partition_attr_t attr, char *buf, size_t len)
{
	char p[4], u[4];

	rights_text(p, attr & K_MEM_PARTITION_PERM_P_R, attr & K_MEM_PARTITION_PERM_P_W, attr & K_MEM_PARTITION_PERM_P_X);
	rights_text(u, attr & K_MEM_PARTITION_PERM_U_R, attr & K_MEM_PARTITION_PERM_U_W, attr & K_MEM_PARTITION_PERM_U_X);
	snprintk(buf, len, "P:%s U:%s", p, u);
	return buf;
}

unsigned int rep_frag_permille(const struct rep_heap *h)
{
	if (h->x.free_bytes == 0 || h->largest_free_chunk >= h->x.free_bytes) {
		return 0;
	}
	return (unsigned int)(1000u - (unsigned int)((uint64_t)h->largest_free_chunk * 1000u / h->x.free_bytes));
}

/* ---- text ------------------------------------------------------------------------ */

/* A bar like the chapter's stack diagram: [████████    ] */
static void bar_print(size_t part, size_t whole, unsigned int width)
{
	unsigned int fill = whole == 0 ? 0 : (unsigned int)(((uint64_t)part * width + whole - 1) / whole);

	printk("[");
	for (unsigned int i = 0; i < width; i++) {
		printk("%s", i < fill ? "\u2588" : "\u00b7");
	}
	printk("]");
}

static void print_object(const struct rep_snapshot *s, const char *kind, const char *name, uintptr_t start,
			 size_t bytes, const char *what)
{
	char label[40];

	snprintk(label, sizeof(label), "%s %s", kind, name);
	printk("  %-24s 0x%016lx 0x%016lx %10lu  %s (in %s)\n", label, (unsigned long)start,
	       (unsigned long)(start + bytes), UL(bytes), what, rep_container_name(s, start, bytes));
}

static void print_regions(const struct rep_snapshot *s)
{
	printk("Memory regions (the chapter's picture, with this program's addresses):\n");
	printk("  %-24s %-18s %-18s %10s  %s\n", "region", "start", "end", "bytes", "holds");
	for (size_t i = 0; i < s->num_segments; i++) {
		const struct mem_report_region *r = &s->segments[i];

		printk("  %-24s 0x%016lx 0x%016lx %10lu  %s\n", r->name, (unsigned long)r->start,
		       (unsigned long)(r->start + r->size), UL(r->size), r->what);
	}
	for (size_t i = 0; i < s->num_heaps; i++) {
		print_object(s, "heap", s->heaps[i].name, s->heaps[i].start, s->heaps[i].total_bytes,
			     "dynamic allocation");
	}
	for (size_t i = 0; i < s->num_slabs; i++) {
		print_object(s, "slab", s->slabs[i].name, s->slabs[i].start,
			     s->slabs[i].block_size * s->slabs[i].num_blocks, "fixed-size blocks");
	}
	for (size_t i = 0; i < s->num_threads; i++) {
		print_object(s, "stack", s->threads[i].name, s->threads[i].stack_start, s->threads[i].stack_size,
			     "thread stack");
	}
}

static void print_heaps(const struct rep_snapshot *s)
{
	printk("Heaps (bytes are chunk bytes, headers included):\n");
	printk("  %-18s %8s %9s %8s %8s %8s %6s %6s %6s\n", "heap", "size", "allocated", "peak", "free",
	       "largest", "frag", "blocks", "failed");
	for (size_t i = 0; i < s->num_heaps; i++) {
		const struct rep_heap *h = &s->heaps[i];
		unsigned int frag = rep_frag_permille(h);

		printk("  %-18s %8lu %9lu %8lu %8lu %8lu %3u.%u%% %6lu %6lu ", h->name, UL(h->total_bytes),
		       UL(h->x.allocated_bytes), UL(h->x.max_allocated_bytes), UL(h->x.free_bytes),
		       UL(h->largest_free_chunk), frag / 10, frag % 10, UL(h->x.used_blocks), UL(h->x.failed_allocs));
		bar_print(h->x.allocated_bytes, h->x.allocated_bytes + h->x.free_bytes, 20);
		printk("\n");
	}
	if (s->heaps_not_shown != 0) {
		printk("  (%lu more heaps not shown)\n", UL(s->heaps_not_shown));
	}
}

static void print_slabs(const struct rep_snapshot *s)
{
	printk("Slabs:\n");
	printk("  %-18s %6s %6s %6s %6s %6s\n", "slab", "block", "blocks", "used", "free", "peak");
	for (size_t i = 0; i < s->num_slabs; i++) {
		const struct rep_slab *b = &s->slabs[i];

		printk("  %-18s %6lu %6u %6u %6u %6u ", b->name, UL(b->block_size), (unsigned int)b->num_blocks,
		       (unsigned int)b->used, (unsigned int)(b->num_blocks - b->used), (unsigned int)b->peak);
		bar_print(b->used, b->num_blocks, 20);
		printk("\n");
	}
	if (s->slabs_not_shown != 0) {
		printk("  (%lu more slabs not shown)\n", UL(s->slabs_not_shown));
	}
}

static void print_stacks(const struct rep_snapshot *s)
{
	printk("Thread stacks (kernel stacks / thread analyzer; used = high-water mark):\n");
	for (size_t i = 0; i < s->num_threads; i++) {
		const struct rep_thread *t = &s->threads[i];
		size_t used = t->stack_size - t->unused;
		unsigned int pct = t->stack_size == 0 ? 0 : (unsigned int)(used * 100 / t->stack_size);

		printk("  %-16s prio %3d %-4s: STACK: unused %6lu usage %6lu / %6lu (%3u %%) ", t->name, t->prio,
		       t->user ? "user" : "", UL(t->unused), UL(used), UL(t->stack_size), pct);
		bar_print(used, t->stack_size, 20);
		printk("\n");
	}
	if (s->threads_not_shown != 0) {
		printk("  (%lu more threads not shown)\n", UL(s->threads_not_shown));
	}
}

static void print_domains(const struct rep_snapshot *s)
{	char nbuf[40], abuf[24];

	printk("Memory domains:\n");
	for (size_t i = 0; i < s->num_domains; i++) {
		const struct k_mem_domain *d = s->domains[i];

		printk("  %s: %u partition%s; threads:", rep_domain_name(d, nbuf, sizeof(nbuf)), d->num_partitions,
		       d->num_partitions == 1 ? "" : "s");
		for (size_t j = 0; j < s->num_threads; j++) {
			if (s->threads[j].domain == d) {
				printk(" %s%s", s->threads[j].name, s->threads[j].user ? "(user)" : "");
			}
		}
		printk("\n");
		for (size_t p = 0; p < ARRAY_SIZE(d->partitions); p++) {
			const struct k_mem_partition *part = &d->partitions[p];
			const char *label = rep_label_get((const void *)part->start);

			if (part->size == 0) {
				continue;
			}
			printk("    partition %-20s 0x%016lx %8lu bytes  %s\n", label != NULL ? label : "",
			       (unsigned long)part->start, UL(part->size), rep_attr_text(part->attr, abuf, sizeof(abuf)));
		}
	}
}

void mem_report_print_regions(void)
{
	print_regions(rep_snapshot_take());
}

void mem_report_print_heaps(void)
{
	print_heaps(rep_snapshot_take());
}

void mem_report_print_slabs(void)
{
	print_slabs(rep_snapshot_take());
}

void mem_report_print_stacks(void)
{
	print_stacks(rep_snapshot_take());
}

void mem_report_print_domains(void)
{
	print_domains(rep_snapshot_take());
}

int mem_report_print(void)
{
	const struct rep_snapshot *s = rep_snapshot_take();

	printk("==== rtmem memory report at %lu.%03lu s ====\n", UL(s->uptime_ms / 1000), UL(s->uptime_ms % 1000));
	print_regions(s);
	print_heaps(s);
	print_slabs(s);
	print_stacks(s);
	print_domains(s);
	printk("==== end of memory report ====\n");
	return 0;
}

/* ---- histories ------------------------------------------------------------------- */

static struct mem_report_history *histories;

struct mem_report_history *rep_histories(void)
{
	return histories;
}

static void history_record(struct mem_report_history *h)
{
	uint32_t now = k_uptime_get_32();
	uint32_t bytes = (uint32_t)MIN(h->allocated, (size_t)UINT32_MAX);

	if (h->count > 0) {
		struct mem_report_sample *last = &h->samples[h->count - 1];

		if (now - last->t_ms < h->interval_ms || now == last->t_ms) {
			last->bytes = MAX(last->bytes, bytes);
			return;
		}
	}
	if (h->count == ARRAY_SIZE(h->samples)) {
		/* full: keep every other sample (the higher of each pair), double the interval */
		for (uint32_t i = 0; i < h->count / 2; i++) {
			struct mem_report_sample a = h->samples[2 * i], b = h->samples[2 * i + 1];

			h->samples[i] = (struct mem_report_sample){ .t_ms = a.t_ms, .bytes = MAX(a.bytes, b.bytes) };
		}
		h->count /= 2;
		h->interval_ms = h->interval_ms == 0 ? 1 : 2 * h->interval_ms;
	}
	h->samples[h->count++] = (struct mem_report_sample){ .t_ms = now, .bytes = bytes };
}

static struct mem_report_history *history_of(uintptr_t heap_id)
{
	for (struct mem_report_history *h = histories; h != NULL; h = h->next) {
		if (h->on_alloc.heap_id == heap_id) {
			return h;
		}
	}
	return NULL;
}

/* Listeners run inside the heap call, under its lock: O(1) work, no allocation. */
static void on_alloc(uintptr_t heap_id, void *mem, size_t bytes)
{
	ARG_UNUSED(mem);
	struct mem_report_history *h = history_of(heap_id);

	if (h != NULL) {
		h->allocated += bytes;
		history_record(h);
	}
}

static void on_free(uintptr_t heap_id, void *mem, size_t bytes)
{
	ARG_UNUSED(mem);
	struct mem_report_history *h = history_of(heap_id);

	if (h != NULL) {
		h->allocated = h->allocated >= bytes ? h->allocated - bytes : 0;
		history_record(h);
	}
}

int mem_report_history_start(struct mem_report_history *hist, struct k_heap *heap)
{
	struct sys_memory_stats st;

	if (hist == NULL || heap == NULL) {
		return -EINVAL;
	}
	mem_report_history_stop(hist);
	unsigned int key = irq_lock();

	for (struct mem_report_history **link = &histories; *link != NULL; link = &(*link)->next) {
		if (*link == hist) { /* started before: take it out of the list, it goes back in front */
			*link = hist->next;
			break;
		}
	}
	irq_unlock(key);
	memset(hist, 0, sizeof(*hist));
	hist->heap = heap;
	uintptr_t id = HEAP_ID_FROM_POINTER(&heap->heap);

	hist->on_alloc = (struct heap_listener){ .heap_id = id, .event = HEAP_ALLOC, .alloc_cb = on_alloc };
	hist->on_free = (struct heap_listener){ .heap_id = id, .event = HEAP_FREE, .free_cb = on_free };

	key = irq_lock();
	if (k_heap_runtime_stats_get(heap, &st) == 0) {
		hist->allocated = st.allocated_bytes;
	}
	history_record(hist);
	hist->next = histories;
	histories = hist;
	heap_listener_register(&hist->on_alloc);
	heap_listener_register(&hist->on_free);
	irq_unlock(key);
	return 0;
}

void mem_report_history_stop(struct mem_report_history *hist)
{
	if (hist == NULL) {
		return;
	}
	unsigned int key = irq_lock();

	heap_listener_unregister(&hist->on_alloc);
	heap_listener_unregister(&hist->on_free);
	/* the listeners are gone: clearing the id keeps a stale history from matching */
	hist->on_alloc.heap_id = 0;
	irq_unlock(key);
}
