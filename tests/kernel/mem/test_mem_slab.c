/*
 * k_mem_slab: definitions, init errors, alloc return codes and timing,
 * hand-off, order, counts, statistics, bad frees (exact double-free
 * detection), and the slab core directly.
 */
#include "memtest.h"

#if defined(RTMEM_TRACK_VALGRIND) || defined(RTMEM_TRACK_ASAN)
#define RTMEM_TRACK_NONE_BUILD 0 /* the checkers would (rightly) report the use after free */
#else
#define RTMEM_TRACK_NONE_BUILD 1
#endif

#define BLK 32
#define NBLK 8

K_MEM_SLAB_DEFINE(slab_a, BLK, NBLK, 8);
K_MEM_SLAB_DEFINE_STATIC(slab_static, 16, 4, 16);
struct msg {
	uint32_t id;
	uint16_t len;
	uint8_t data[10];
};
K_MEM_SLAB_DEFINE_TYPE(msg_slab, struct msg, 5);
K_MEM_SLAB_DEFINE_STATIC_TYPE(msg_slab_s, struct msg, 3);
K_MEM_SLAB_DEFINE(word_slab, sizeof(void *), 100, sizeof(void *)); /* 1-word blocks */
K_MEM_SLAB_DEFINE(odd_slab, 24, 10, 8); /* block size with an odd factor: index by inverse */

static struct k_mem_slab rt_slab;
static char rt_buf[NBLK * BLK] __aligned(8);

static void rt_reset(void)
{
	assert_int_equal(k_mem_slab_init(&rt_slab, rt_buf, BLK, NBLK), 0);
}

/* contract: k_mem_slab_init — every -EINVAL, 0, and -ENOMEM */
static void k_mem_slab_init_einval_cases(void **state)
{
	(void)state;
	static char big[(CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS * 32u + 1u) * sizeof(void *)] __aligned(8);
	struct k_mem_slab s;

	assert_int_equal(k_mem_slab_init(NULL, rt_buf, BLK, NBLK), -EINVAL);
	assert_int_equal(k_mem_slab_init(&s, rt_buf, 0, NBLK), -EINVAL);
	assert_int_equal(k_mem_slab_init(&s, rt_buf, BLK + 1, NBLK), -EINVAL);
	assert_int_equal(k_mem_slab_init(&s, rt_buf + 1, BLK, NBLK), -EINVAL);
	assert_int_equal(k_mem_slab_init(&s, rt_buf, (SIZE_MAX / 2 + 1), 4), -EINVAL);   /* size * n overflows */
	assert_int_equal(k_mem_slab_init(&s, (void *)(UINTPTR_MAX - 63), 32, 4), -EINVAL); /* buffer + total wraps */
	assert_int_equal(k_mem_slab_init(&s, NULL, BLK, NBLK), -EINVAL);
	/* map pool exhausted for a slab it cannot protect (rtmem extension) */
	assert_int_equal(k_mem_slab_init(&s, big, sizeof(void *), CONFIG_RTMEM_MEM_SLAB_MAP_POOL_WORDS * 32u + 1u),
			 -ENOMEM);
	/* a large slab over the pool works and its blocks are exact */
	assert_int_equal(k_mem_slab_init(&s, big, sizeof(void *), 1000), 0);
	void *b;

	assert_int_equal(k_mem_slab_alloc(&s, &b, K_NO_WAIT), 0);
	assert_ptr_equal(b, big);
	k_mem_slab_free(&s, b);
	/* re-init of the same struct reuses its map */
	assert_int_equal(k_mem_slab_init(&s, big, sizeof(void *), 1000), 0);
	assert_int_equal(mem_registry_remove(&s), 0);
	assert_int_equal(k_mem_slab_init(&s, rt_buf, BLK, 0), 0); /* empty slab is valid */
	assert_int_equal(k_mem_slab_alloc(&s, &b, K_NO_WAIT), -ENOMEM);
	assert_int_equal(mem_registry_remove(&s), 0);
}

/* contract: k_mem_slab_alloc @retval 0 / -ENOMEM (with *mem NULL); ascending then LIFO */
static void k_mem_slab_alloc_order_and_enomem(void **state)
{
	(void)state;
	void *b[NBLK + 1];

	rt_reset();
	for (int i = 0; i < NBLK; i++) {
		assert_int_equal(k_mem_slab_alloc(&rt_slab, &b[i], K_NO_WAIT), 0);
		assert_ptr_equal(b[i], rt_buf + i * BLK); /* ascending initial order */
		assert_int_equal(k_mem_slab_num_used_get(&rt_slab), i + 1);
		assert_int_equal(k_mem_slab_num_free_get(&rt_slab), NBLK - i - 1);
	}
	b[NBLK] = (void *)1;
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &b[NBLK], K_NO_WAIT), -ENOMEM);
	assert_null(b[NBLK]);
	k_mem_slab_free(&rt_slab, b[2]);
	k_mem_slab_free(&rt_slab, b[5]);
	void *x, *y;

	assert_int_equal(k_mem_slab_alloc(&rt_slab, &x, K_NO_WAIT), 0);
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &y, K_NO_WAIT), 0);
	assert_ptr_equal(x, b[5]); /* LIFO */
	assert_ptr_equal(y, b[2]);
	assert_int_equal(k_mem_slab_max_used_get(&rt_slab), NBLK);
	for (int i = 0; i < NBLK; i++) {
		k_mem_slab_free(&rt_slab, b[i]);
	}
	assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 0);
}

/* contract: k_mem_slab_alloc @retval -EAGAIN after exactly the timeout */
static void k_mem_slab_alloc_timeout_eagain_exact(void **state)
{
	(void)state;
	void *b[NBLK], *x = (void *)1;

	rt_reset();
	for (int i = 0; i < NBLK; i++) {
		assert_int_equal(k_mem_slab_alloc(&rt_slab, &b[i], K_NO_WAIT), 0);
	}
	int64_t t0 = mt_now();

	assert_int_equal(k_mem_slab_alloc(&rt_slab, &x, K_MSEC(15)), -EAGAIN);
	assert_int_equal(mt_now() - t0, 15);
	assert_null(x);
	for (int i = 0; i < NBLK; i++) {
		k_mem_slab_free(&rt_slab, b[i]);
	}
}

struct slab_req {
	int id;
	int32_t timeout_ms;
	int ret;
	void *got;
};

static void slab_waiter(void *p1, void *p2, void *p3)
{
	struct slab_req *r = p1;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	r->ret = k_mem_slab_alloc(&rt_slab, &r->got, r->timeout_ms < 0 ? K_FOREVER : K_MSEC(r->timeout_ms));
	kt_log_add(r->id);
}

/* Hand-off to the highest-priority, longest-waiting thread; counts unchanged. */
static void k_mem_slab_free_hands_off_to_best_waiter(void **state)
{
	(void)state;
	void *b[NBLK];
	struct slab_req r[4] = { { .id = 1, .timeout_ms = -1 },
				 { .id = 2, .timeout_ms = -1 },
				 { .id = 3, .timeout_ms = -1 },
				 { .id = 4, .timeout_ms = -1 } };

	rt_reset();
	kt_log_reset();
	for (int i = 0; i < NBLK; i++) {
		assert_int_equal(k_mem_slab_alloc(&rt_slab, &b[i], K_NO_WAIT), 0);
	}
	kt_spawn(0, slab_waiter, &r[0], NULL, -2, K_NO_WAIT); /* prio -2, first */
	kt_spawn(1, slab_waiter, &r[1], NULL, -3, K_NO_WAIT); /* prio -3 */
	kt_spawn(2, slab_waiter, &r[2], NULL, -2, K_NO_WAIT); /* prio -2, second */
	kt_spawn(3, slab_waiter, &r[3], NULL, -1, K_NO_WAIT); /* prio -1 */
	assert_int_equal(kt_log_n, 0);
	for (int i = 0; i < 4; i++) {
		k_mem_slab_free(&rt_slab, b[i]);
		assert_int_equal(k_mem_slab_num_used_get(&rt_slab), NBLK); /* hand-off: unchanged */
	}
	kt_log_expect(2, 1, 3, 4);
	assert_ptr_equal(r[1].got, b[0]);
	assert_ptr_equal(r[0].got, b[1]);
	assert_ptr_equal(r[2].got, b[2]);
	assert_ptr_equal(r[3].got, b[3]);
	kt_join_all(4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r[i].ret, 0);
		k_mem_slab_free(&rt_slab, r[i].got);
	}
	for (int i = 4; i < NBLK; i++) {
		k_mem_slab_free(&rt_slab, b[i]);
	}
	assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 0);
	assert_int_equal(k_mem_slab_num_free_get(&rt_slab), NBLK);
}

/* contract: runtime stats and reset_max, every @retval */
static void k_mem_slab_stats_and_reset_max(void **state)
{
	(void)state;
	struct sys_memory_stats st;
	void *a, *b;

	rt_reset();
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &a, K_NO_WAIT), 0);
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &b, K_NO_WAIT), 0);
	k_mem_slab_free(&rt_slab, b);
	assert_int_equal(k_mem_slab_runtime_stats_get(&rt_slab, &st), 0);
	assert_int_equal(st.allocated_bytes, BLK);
	assert_int_equal(st.free_bytes, (NBLK - 1) * BLK);
	assert_int_equal(st.max_allocated_bytes, 2 * BLK);
	assert_int_equal(k_mem_slab_runtime_stats_reset_max(&rt_slab), 0);
	assert_int_equal(k_mem_slab_max_used_get(&rt_slab), 1);
	assert_int_equal(k_mem_slab_runtime_stats_get(&rt_slab, &st), 0);
	assert_int_equal(st.max_allocated_bytes, BLK);
	assert_int_equal(k_mem_slab_runtime_stats_get(NULL, &st), -EINVAL);
	assert_int_equal(k_mem_slab_runtime_stats_get(&rt_slab, NULL), -EINVAL);
	assert_int_equal(k_mem_slab_runtime_stats_reset_max(NULL), -EINVAL);
	k_mem_slab_free(&rt_slab, a);
}

static void slab_free_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p3);
	k_mem_slab_free(p1, p2);
	kt_log_add(1);
}

/* contract: k_mem_slab_free foreign / interior / double free -> fatal path, counts unchanged */
static void k_mem_slab_bad_frees_are_fatal_counts_unchanged(void **state)
{
	(void)state;
	void *a, *b, *c;
	static long other[4];

	rt_reset();
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &a, K_NO_WAIT), 0);
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &b, K_NO_WAIT), 0);
	k_mem_slab_free(&rt_slab, b);
	mt_run_faulting(slab_free_entry, &rt_slab, b);                  /* double free */
	mt_run_faulting(slab_free_entry, &rt_slab, (char *)a + 8);      /* interior */
	mt_run_faulting(slab_free_entry, &rt_slab, (char *)a + 1);      /* misaligned */
	mt_run_faulting(slab_free_entry, &rt_slab, other);              /* foreign */
	mt_run_faulting(slab_free_entry, &rt_slab, NULL);               /* NULL */
	mt_run_faulting(slab_free_entry, &rt_slab, rt_buf + NBLK * BLK); /* one past the end */
	mt_run_faulting(slab_free_entry, &rt_slab, rt_buf + 5 * BLK);   /* never allocated */
	assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 1);
	assert_int_equal(k_mem_slab_num_free_get(&rt_slab), NBLK - 1);
	assert_int_equal(rt_slab.slab.faults, 7);
	/* the slab still works and the order is intact */
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &c, K_NO_WAIT), 0);
	assert_ptr_equal(c, b);
	k_mem_slab_free(&rt_slab, c);
	k_mem_slab_free(&rt_slab, a);
	assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 0);
}

static void slab_alloc_entry(void *p1, void *p2, void *p3)
{
	void *b;

	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	assert_int_equal(k_mem_slab_alloc(p1, &b, K_NO_WAIT), 0); /* pops the freed block */
	(void)k_mem_slab_alloc(p1, &b, K_NO_WAIT);                 /* its link names live block 0 */
	kt_log_add(1);
}

/* A write after free that redirects the free list to a live block is caught. */
static void k_mem_slab_corrupted_free_list_is_fatal(void **state)
{
	(void)state;
	void *a, *b;

	rt_reset();
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &a, K_NO_WAIT), 0);
	assert_int_equal(k_mem_slab_alloc(&rt_slab, &b, K_NO_WAIT), 0);
	k_mem_slab_free(&rt_slab, b);
	if (RTMEM_TRACK_NONE_BUILD) {
		*(uint32_t *)b = 0; /* use after free: link names live block 0 */
		mt_run_faulting(slab_alloc_entry, &rt_slab, NULL);
		assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 2);
		void *c;

		/* the stack was cut: the next blocks come from the untouched ones */
		assert_int_equal(k_mem_slab_alloc(&rt_slab, &c, K_NO_WAIT), 0);
		assert_ptr_equal(c, rt_buf + 2 * BLK);
		k_mem_slab_free(&rt_slab, c);
		k_mem_slab_free(&rt_slab, b); /* the dead thread's block */
	}
	k_mem_slab_free(&rt_slab, a);
	assert_int_equal(k_mem_slab_num_used_get(&rt_slab), 0);
}

static void *isr_block;
static int isr_ret;

static void isr_slab(const void *arg)
{
	isr_ret = k_mem_slab_alloc((struct k_mem_slab *)arg, &isr_block, K_MSEC(5));
}

static void k_mem_slab_isr_rules(void **state)
{
	(void)state;
	void *b[NBLK];

	rt_reset();
	mt_fatal_reset();
	irq_offload(isr_slab, &rt_slab); /* a free block: served, no fault (as Zephyr) */
	assert_int_equal(isr_ret, 0);
	k_mem_slab_free(&rt_slab, isr_block);
	for (int i = 0; i < NBLK; i++) {
		assert_int_equal(k_mem_slab_alloc(&rt_slab, &b[i], K_NO_WAIT), 0);
	}
	irq_offload(isr_slab, &rt_slab); /* would block: fatal path, then -ENOMEM */
	assert_int_equal(mt_fatal_count, 1);
	assert_int_equal(isr_ret, -ENOMEM);
	for (int i = 0; i < NBLK; i++) {
		k_mem_slab_free(&rt_slab, b[i]);
	}
}

/* The static forms are ready before main, aligned and typed; 1-word blocks work. */
static void k_mem_slab_static_forms(void **state)
{
	(void)state;
	void *p;
	struct msg *m;

	assert_int_equal(k_mem_slab_num_free_get(&slab_a), NBLK);
	assert_int_equal(k_mem_slab_alloc(&slab_a, &p, K_NO_WAIT), 0);
	assert_int_equal((uintptr_t)p % 8, 0);
	k_mem_slab_free(&slab_a, p);
	assert_int_equal(k_mem_slab_alloc(&slab_static, &p, K_NO_WAIT), 0);
	assert_int_equal((uintptr_t)p % 16, 0);
	k_mem_slab_free(&slab_static, p);
	assert_int_equal(k_mem_slab_alloc(&msg_slab, (void **)&m, K_NO_WAIT), 0); /* the chapter's cast */
	m->id = 1;
	k_mem_slab_free(&msg_slab, m);
	assert_int_equal(k_mem_slab_num_free_get(&msg_slab_s), 3);

	void *w[100];

	for (int i = 0; i < 100; i++) {
		assert_int_equal(k_mem_slab_alloc(&word_slab, &w[i], K_NO_WAIT), 0);
		*(void **)w[i] = w[i]; /* the whole word is the user's */
	}
	for (int i = 0; i < 100; i += 2) {
		k_mem_slab_free(&word_slab, w[i]);
	}
	mt_run_faulting(slab_free_entry, &word_slab, w[10]); /* double free of a 1-word block */
	assert_int_equal(k_mem_slab_num_used_get(&word_slab), 50);
	for (int i = 1; i < 100; i += 2) {
		assert_ptr_equal(*(void **)w[i], w[i]);
		k_mem_slab_free(&word_slab, w[i]);
	}
	assert_int_equal(k_mem_slab_num_used_get(&word_slab), 0);
	/* the compile-time constants equal the run-time ones */
	struct sys_slab tmp;
	uint32_t tmap[1];

	assert_int_equal(sys_slab_init(&tmp, odd_slab.slab.buffer, 24, 10, tmap), 0);
	assert_true(tmp.inv == odd_slab.slab.inv && tmp.shift == odd_slab.slab.shift);
	assert_int_equal(k_mem_slab_alloc(&odd_slab, &p, K_NO_WAIT), 0);
	mt_run_faulting(slab_free_entry, &odd_slab, (char *)p + 8);
	mt_run_faulting(slab_free_entry, &odd_slab, (char *)p + 24); /* next block: never allocated */
	k_mem_slab_free(&odd_slab, p);
	assert_int_equal(k_mem_slab_num_used_get(&odd_slab), 0);
	struct k_mem_slab *arr;

	assert_true(k_mem_slab_array_get(&arr) >= 6);
	assert_int_equal(k_mem_slab_array_get(NULL), -EINVAL);
}

/* The core alone: every status, odd block sizes (index by inverse). */
static void sys_slab_core_statuses(void **state)
{
	(void)state;
	static char buf[24 * 7] __aligned(8);
	uint32_t map[1];
	struct sys_slab s;
	enum sys_slab_status st;

	assert_int_equal(sys_slab_init(&s, buf, 24, 7, map), 0);
	assert_int_equal(sys_slab_init(&s, buf, 24, 7, NULL), -EINVAL);
	assert_int_equal(sys_slab_init(NULL, buf, 24, 7, map), -EINVAL);
	assert_int_equal(sys_slab_init(&s, buf, 24, 7, map), 0);
	char *b[7];

	for (int i = 0; i < 7; i++) {
		b[i] = sys_slab_alloc(&s, &st);
		assert_int_equal(st, SYS_SLAB_OK);
		assert_ptr_equal(b[i], buf + 24 * i);
	}
	assert_null(sys_slab_alloc(&s, &st));
	assert_int_equal(st, SYS_SLAB_EMPTY);
	for (int off = 1; off < 24 * 7; off++) {
		assert_int_equal(sys_slab_check(&s, buf + off), off % 24 == 0 ? SYS_SLAB_OK : SYS_SLAB_BAD_POINTER);
	}
	assert_int_equal(sys_slab_check(&s, (void *)((uintptr_t)buf - 24u)), SYS_SLAB_FOREIGN_POINTER);
	assert_int_equal(sys_slab_check(&s, buf + 24 * 7), SYS_SLAB_FOREIGN_POINTER);
	assert_int_equal(sys_slab_free(&s, b[3]), SYS_SLAB_OK);
	assert_int_equal(sys_slab_free(&s, b[3]), SYS_SLAB_DOUBLE_FREE);
	assert_int_equal(sys_slab_free(&s, b[3] + 4), SYS_SLAB_BAD_POINTER);
	assert_int_equal(sys_slab_free(&s, NULL), SYS_SLAB_FOREIGN_POINTER);
	assert_int_equal(sys_slab_num_used_get(&s), 6);
	assert_int_equal(sys_slab_num_free_get(&s), 1);
	assert_int_equal(sys_slab_max_used_get(&s), 7);
	assert_ptr_equal(sys_slab_alloc(&s, NULL), b[3]);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(sys_slab_free(&s, b[i]), SYS_SLAB_OK);
	}
	assert_int_equal(sys_slab_num_used_get(&s), 0);
}

static void isr_count(const void *arg)
{
	(*(int *)(uintptr_t)arg)++;
}

/* The inline interrupt lock nests: a k_mem_slab / k_heap call inside irq_lock()
 * restores "masked", so an interrupt raised meanwhile runs only at the outer unlock. */
static void k_mem_slab_nested_in_irq_lock_defers_interrupts(void **state)
{
	(void)state;
	static int n;
	void *b = NULL;

	n = 0;
	unsigned int key = irq_lock();

	irq_offload(isr_count, &n); /* pending */
	assert_int_equal(k_mem_slab_alloc(&word_slab, &b, K_NO_WAIT), 0);
	k_mem_slab_free(&word_slab, b);
	k_free(k_malloc(16));
	assert_int_equal(n, 0);
	irq_unlock(key);
	assert_int_equal(n, 1);
	/* unmasked: a call's unlock leaves no interrupt behind */
	irq_offload(isr_count, &n);
	assert_int_equal(n, 2);
	assert_int_equal(k_mem_slab_alloc(&word_slab, &b, K_NO_WAIT), 0);
	k_mem_slab_free(&word_slab, b);
	assert_int_equal(k_mem_slab_num_used_get(&word_slab), 0);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(k_mem_slab_init_einval_cases),
		cmocka_unit_test(k_mem_slab_alloc_order_and_enomem),
		cmocka_unit_test(k_mem_slab_alloc_timeout_eagain_exact),
		cmocka_unit_test(k_mem_slab_free_hands_off_to_best_waiter),
		cmocka_unit_test(k_mem_slab_stats_and_reset_max),
		cmocka_unit_test(k_mem_slab_bad_frees_are_fatal_counts_unchanged),
		cmocka_unit_test(k_mem_slab_corrupted_free_list_is_fatal),
		cmocka_unit_test(k_mem_slab_isr_rules),
		cmocka_unit_test(k_mem_slab_nested_in_irq_lock_defers_interrupts),
		cmocka_unit_test(k_mem_slab_static_forms),
		cmocka_unit_test(sys_slab_core_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
