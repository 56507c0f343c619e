/*
 * The memory report's API on a known system: segments hold what they should,
 * the heap figures and the heap map agree with the heap, the history follows
 * every alloc and free and stops when told, the HTML writer reports argument
 * and output errors and stops writing at the first one.
 */
#include <rtmem/mem_report.h>
#include "../seed/example.h" /* EXPECT */

K_HEAP_DEFINE(known_heap, 4096);
K_MEM_SLAB_DEFINE(known_slab, 64, 8, 8);
static int initialised_global = 42;
static char zeroed_global[256];

/* ---- an output function that counts, keeps the page, and can fail ---- */

static struct {
	char page[256 * 1024];
	size_t len;
	size_t calls;
	size_t fail_after;
} sink;

static int sink_out(void *ctx, const char *data, size_t len)
{
	ARG_UNUSED(ctx);
	sink.calls++;
	if (sink.fail_after != 0 && sink.calls > sink.fail_after) {
		return -EIO;
	}
	if (sink.len + len < sizeof(sink.page)) {
		memcpy(sink.page + sink.len, data, len);
		sink.len += len;
		sink.page[sink.len] = '\0';
	}
	return 0;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}

static bool inside(const struct mem_report_region *r, const void *p)
{
	return (uintptr_t)p >= r->start && (uintptr_t)p < r->start + r->size;
}

int main(void)
{
	/* segments: code in text, initialised data in data, zeroed data in bss */
	struct mem_report_region seg[8];
	size_t n = mem_report_segments_get(seg, ARRAY_SIZE(seg));

	EXPECT(n == 4);
	EXPECT(strcmp(seg[0].name, "text") == 0 && inside(&seg[0], (const void *)(uintptr_t)&main));
	EXPECT(strcmp(seg[2].name, "data") == 0 && inside(&seg[2], &initialised_global));
	EXPECT(strcmp(seg[3].name, "bss") == 0 && inside(&seg[3], zeroed_global));
	for (size_t i = 1; i < n; i++) {
		EXPECT(seg[i].start >= seg[i - 1].start + seg[i - 1].size); /* address order, no overlap */
	}
	EXPECT(mem_report_segments_get(NULL, 4) == 0);

	/* the history follows every alloc and free of its heap */
	static struct mem_report_history hist;
	struct sys_memory_stats st;

	EXPECT(mem_report_history_start(NULL, &known_heap) == -EINVAL);
	EXPECT(mem_report_history_start(&hist, &known_heap) == 0);
	void *a = k_heap_alloc(&known_heap, 1000, K_NO_WAIT);

	k_msleep(5);
	void *b = k_heap_alloc(&known_heap, 300, K_NO_WAIT);

	EXPECT(a != NULL && b != NULL);
	EXPECT(k_heap_runtime_stats_get(&known_heap, &st) == 0);
	EXPECT(hist.allocated == st.allocated_bytes);
	EXPECT(hist.count >= 2 && hist.samples[hist.count - 1].bytes == st.allocated_bytes);
	k_msleep(5);
	k_heap_free(&known_heap, a);
	EXPECT(k_heap_runtime_stats_get(&known_heap, &st) == 0 && hist.allocated == st.allocated_bytes);
	uint32_t count = hist.count;

	/* a full history is thinned, never overrun, and keeps the peak */
	for (int i = 0; i < 3 * MEM_REPORT_HISTORY_SAMPLES; i++) {
		void *p = k_heap_alloc(&known_heap, 64, K_NO_WAIT);

		k_msleep(1);
		k_heap_free(&known_heap, p);
		k_msleep(1);
	}
	EXPECT(hist.count <= MEM_REPORT_HISTORY_SAMPLES && hist.count > count);
	uint32_t peak = 0;

	for (uint32_t i = 0; i < hist.count; i++) {
		peak = MAX(peak, hist.samples[i].bytes);
	}
	EXPECT(peak >= 1000 + 300);
	mem_report_history_stop(&hist);
	count = hist.count;
	void *c = k_heap_alloc(&known_heap, 100, K_NO_WAIT);

	k_heap_free(&known_heap, c);
	EXPECT(hist.count == count); /* stopped */

	/* one used block, two slab blocks: the text report shows them */
	void *s1, *s2;

	EXPECT(k_mem_slab_alloc(&known_slab, &s1, K_NO_WAIT) == 0 && k_mem_slab_alloc(&known_slab, &s2, K_NO_WAIT) == 0);
	EXPECT(mem_report_label_set(&k_mem_domain_default, "the default domain") == 0);
	EXPECT(mem_report_print() == 0);

	/* the HTML page: sections, one map with exactly the heap's chunks */
	EXPECT(mem_report_html_write(NULL, NULL) == -EINVAL);
	EXPECT(mem_report_html_write(sink_out, NULL) == 0);
	EXPECT(strncmp(sink.page, "<!DOCTYPE html>", 15) == 0 && strstr(sink.page, "</html>") != NULL);
	EXPECT(strstr(sink.page, "data-heap=\"known_heap\"") != NULL);
	EXPECT(strstr(sink.page, "data-slab=\"known_slab\"") != NULL);
	EXPECT(strstr(sink.page, "the default domain") != NULL);
	EXPECT(count_of(sink.page, "class=\"usage-chart\"") == 1);
	EXPECT(count_of(sink.page, "<svg class=\"heap-map\"") == (size_t)mem_registry_count(MEM_REGISTRY_K_HEAP));
	/* known_heap holds b: exactly one used chunk in its map (maps of unused heaps have none) */
	const char *map = strstr(sink.page, "data-heap=\"known_heap\"");
	const char *end = strstr(map, "</svg>");
	size_t used_rects = 0;

	for (const char *p = strstr(map, "chunk-used"); p != NULL && p < end; p = strstr(p + 1, "chunk-used")) {
		used_rects++;
	}
	EXPECT(used_rects >= 1 && used_rects <= 2); /* one chunk, cut in two at most at a row end */

	/* an output error stops the writer at once and is returned */
	sink.len = 0;
	sink.calls = 0;
	sink.fail_after = 3;
	EXPECT(mem_report_html_write(sink_out, NULL) == -EIO);
	EXPECT(sink.calls == 4);

	k_heap_free(&known_heap, b);
	k_mem_slab_free(&known_slab, s1);
	k_mem_slab_free(&known_slab, s2);
	EXPECT(mem_report_html_save(NULL) == -EINVAL);
	EXPECT(mem_report_html_save("/nonexistent-dir/report.html") < 0);
	printk("report api: all checks passed\n");
	return 0;
}
