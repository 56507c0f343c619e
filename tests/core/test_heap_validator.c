/*
 * Negative validator tests: corrupt ONE field per case and require the exact
 * diagnostic code of sys_heap_validate_ex(). Each case restores the field and
 * checks the heap validates again, so a validator that always says "ok"
 * fails every case (checked by hand: replacing validate() with "return 0"
 * fails all of them).
 */
#include "test_util.h"

#define HEAP_BYTES 8192u
static _Alignas(64) uint8_t g_buf[HEAP_BYTES];
static struct sys_heap g_heap;
static struct z_heap *z;
/* Layout: [a used][b free][c used][d used][e free][f used][rest free] */
static uint8_t *a, *b, *c, *d, *e, *f;

static chunkid_t id_of(const void *p)
{
	return t_chunk_of(&g_heap, p);
}

/* Add delta to a 32-bit control-block field (through the metadata helpers). */
static void bump32(uint32_t *field, uint32_t delta)
{
	t_poke32(field, t_peek32(field) + delta);
}

static int setup(void **state)
{
	(void)state;
	faults_reset();
	sys_heap_init(&g_heap, g_buf, sizeof(g_buf));
	z = g_heap.heap;
	a = sys_heap_alloc(&g_heap, 64);
	b = sys_heap_alloc(&g_heap, 64);
	c = sys_heap_alloc(&g_heap, 64);
	d = sys_heap_alloc(&g_heap, 64);
	e = sys_heap_alloc(&g_heap, 64);
	f = sys_heap_alloc(&g_heap, 64);
	sys_heap_free(&g_heap, b);
	sys_heap_free(&g_heap, e); /* b and e: same class, one list of two */
	return !sys_heap_validate(&g_heap);
}

/* Every case leaves the heap valid again: free the fixture's blocks (the
 * tracking back-ends' leak checks see them otherwise). */
static int teardown(void **state)
{
	(void)state;
	if (!sys_heap_validate(&g_heap)) {
		return -1;
	}
	sys_heap_free(&g_heap, a);
	sys_heap_free(&g_heap, c);
	sys_heap_free(&g_heap, d);
	sys_heap_free(&g_heap, f);
	return sys_heap_free_block_count(&g_heap) == 1u ? 0 : -1;
}

static void expect_diag(enum sys_heap_diag_code code)
{
	struct sys_heap_diag dg;

	assert_int_equal(sys_heap_validate_ex(&g_heap, &dg), code);
	assert_int_equal(dg.code, code);
	assert_non_null(dg.text);
	assert_false(sys_heap_validate(&g_heap));
}

/* Corrupt field f of chunk ch to v, check the diagnostic, restore, recheck. */
static void corrupt_field(chunkid_t ch, enum chunk_field fld, uint32_t v, enum sys_heap_diag_code code)
{
	uint32_t saved;

	saved = t_cf_get(&g_heap, ch, fld);
	t_cf_set(&g_heap, ch, fld, v);
	expect_diag(code);
	t_cf_set(&g_heap, ch, fld, saved);
	assert_heap_ok(&g_heap);
}

static void validate_size_zero_reports_chunk_size(void **state)
{
	(void)state;
	corrupt_field(id_of(c), SIZE_AND_USED, 1u, SYS_HEAP_DIAG_CHUNK_SIZE);
}

static void validate_size_past_end_reports_chunk_size(void **state)
{
	(void)state;
	corrupt_field(id_of(c), SIZE_AND_USED, (t_peek32(&z->end_chunk) << 1) | 1u, SYS_HEAP_DIAG_CHUNK_SIZE);
}

static void validate_left_size_reports_left_size(void **state)
{
	(void)state;
	corrupt_field(id_of(d), LEFT_SIZE, t_cf_get(&g_heap, id_of(d), LEFT_SIZE) + 1u, SYS_HEAP_DIAG_LEFT_SIZE);
}

static void validate_used_bit_cleared_reports_free_unlisted(void **state)
{
	/* g, h2, i2 are carved in a row from the rest: h2 has used neighbours */
	uint8_t *g = sys_heap_alloc(&g_heap, 200);
	uint8_t *h2 = sys_heap_alloc(&g_heap, 200);
	uint8_t *i2 = sys_heap_alloc(&g_heap, 200);

	(void)state;
	assert_non_null(g);
	assert_non_null(i2);
	assert_true(t_used(&g_heap, id_of(g)) && t_used(&g_heap, id_of(i2)));
	assert_int_equal(id_of(h2) + t_size(&g_heap, id_of(h2)), id_of(i2));
	corrupt_field(id_of(h2), SIZE_AND_USED, t_size(&g_heap, id_of(h2)) << 1, SYS_HEAP_DIAG_FREE_UNLISTED);
	sys_heap_free(&g_heap, g);
	sys_heap_free(&g_heap, h2);
	sys_heap_free(&g_heap, i2);
}

static void validate_used_bit_cleared_next_to_free_reports_adjacent(void **state)
{
	(void)state;
	corrupt_field(id_of(c), SIZE_AND_USED, t_size(&g_heap, id_of(c)) << 1, SYS_HEAP_DIAG_ADJACENT_FREE);
}

static void validate_used_bit_set_on_free_reports_list_entry(void **state)
{
	(void)state;
	corrupt_field(id_of(b), SIZE_AND_USED, (t_size(&g_heap, id_of(b)) << 1) | 1u, SYS_HEAP_DIAG_LIST_ENTRY);
}

static void validate_free_next_reports_list_entry(void **state)
{
	chunkid_t head = t_head(&g_heap, t_class(&g_heap, t_size(&g_heap, id_of(b))));

	(void)state;
	assert_true(head == id_of(b) || head == id_of(e));
	corrupt_field(head, FREE_NEXT, id_of(c), SYS_HEAP_DIAG_LIST_ENTRY);
}

static void validate_free_prev_reports_list_link(void **state)
{
	chunkid_t head = t_head(&g_heap, t_class(&g_heap, t_size(&g_heap, id_of(b))));
	chunkid_t second = t_cf_get(&g_heap, head, FREE_NEXT);

	(void)state;
	assert_true(second == id_of(b) || second == id_of(e));
	corrupt_field(second, FREE_PREV, id_of(a), SYS_HEAP_DIAG_LIST_LINK);
}

static void validate_bitmap_bit_reports_bitmap(void **state)
{
	uint32_t idx = 2u; /* class 2: below any chunk size of this heap's used sizes */
	uint32_t *word = &bitmap_of(z)[idx / 32u];
	uint32_t saved = t_peek32(word);

	(void)state;
	assert_int_equal(t_head(&g_heap, idx), 0);
	t_poke32(word, saved | 1u << (idx % 32u));
	expect_diag(SYS_HEAP_DIAG_BITMAP);
	t_poke32(word, saved);
	assert_heap_ok(&g_heap);
}

static void validate_summary_bit_reports_bitmap(void **state)
{
	uint32_t saved = t_peek32(&z->summary);

	(void)state;
	t_poke32(&z->summary, saved ^ 1u); /* word 0: marked empty while non-empty or the reverse */
	expect_diag(SYS_HEAP_DIAG_BITMAP);
	assert_false(sys_heap_invariants_hold(&g_heap));
	t_poke32(&z->summary, saved);
	assert_heap_ok(&g_heap);
}

static void validate_stats_counter_reports_stats(void **state)
{
	(void)state;
	bump32(&z->allocated_units, 1u);
	expect_diag(SYS_HEAP_DIAG_STATS);
	bump32(&z->allocated_units, (uint32_t)-1);
	bump32(&z->free_blocks, 1u);
	expect_diag(SYS_HEAP_DIAG_STATS);
	bump32(&z->free_blocks, (uint32_t)-1);
	bump32(&z->used_blocks, (uint32_t)-1);
	expect_diag(SYS_HEAP_DIAG_STATS);
	bump32(&z->used_blocks, 1u);
	assert_heap_ok(&g_heap);
}

static void validate_end_marker_reports_end_marker(void **state)
{
	(void)state;
	corrupt_field(t_peek32(&z->end_chunk), SIZE_AND_USED, 0u, SYS_HEAP_DIAG_END_MARKER);
}

static void validate_control_block_reports_bad_heap(void **state)
{
	uint8_t saved = t_peek8(&z->sl_log);

	(void)state;
	t_poke8(&z->sl_log, 9u);
	expect_diag(SYS_HEAP_DIAG_BAD_HEAP);
	assert_false(sys_heap_invariants_hold(&g_heap));
	t_poke8(&z->sl_log, saved);
	assert_heap_ok(&g_heap);
}

static void validate_canary_reports_canary(void **state)
{
	uint32_t *slot = t_canary_addr(&g_heap, id_of(d));
	uint32_t saved;

	(void)state;
	if (RTMEM_HEAP_HARDENING < 3) {
		skip();
	}
	saved = t_peek32(slot);
	t_poke32(slot, saved ^ 1u);
	expect_diag(SYS_HEAP_DIAG_CANARY);
	t_poke32(slot, saved);
	assert_heap_ok(&g_heap);
}

/* The validator is read-only: a corrupted heap is not modified by it. */
static void validate_is_read_only(void **state)
{
	static uint8_t snapshot[HEAP_BYTES];
	uint32_t saved = t_cf_get(&g_heap, id_of(b), FREE_NEXT);

	(void)state;
	t_cf_set(&g_heap, id_of(b), FREE_NEXT, id_of(c));
	t_copy(snapshot, g_buf, sizeof(g_buf));
	assert_false(sys_heap_validate(&g_heap));
	(void)sys_heap_invariants_hold(&g_heap);
	assert_true(t_equal(snapshot, g_buf, sizeof(g_buf)));
	t_cf_set(&g_heap, id_of(b), FREE_NEXT, saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(validate_size_zero_reports_chunk_size),
		T(validate_size_past_end_reports_chunk_size),
		T(validate_left_size_reports_left_size),
		T(validate_used_bit_cleared_reports_free_unlisted),
		T(validate_used_bit_cleared_next_to_free_reports_adjacent),
		T(validate_used_bit_set_on_free_reports_list_entry),
		T(validate_free_next_reports_list_entry),
		T(validate_free_prev_reports_list_link),
		T(validate_bitmap_bit_reports_bitmap),
		T(validate_summary_bit_reports_bitmap),
		T(validate_stats_counter_reports_stats),
		T(validate_end_marker_reports_end_marker),
		T(validate_control_block_reports_bad_heap),
		T(validate_canary_reports_canary),
		T(validate_is_read_only),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
