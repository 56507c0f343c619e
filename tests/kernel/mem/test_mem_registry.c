/*
 * The registry (every heap and slab, static or runtime) and concurrency:
 * many threads with timeouts on one k_heap and one slab — no lost wake-up,
 * no waiter left behind after its deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include "memtest.h"

K_HEAP_DEFINE(reg_heap, 1024);
K_MEM_SLAB_DEFINE(reg_slab, 64, 4, 8);

static struct k_heap rt_heap;
static char rt_heap_mem[1024] __aligned(8);
static struct k_mem_slab rt_slab;
static char rt_slab_mem[16 * 10] __aligned(8);
static struct sys_heap bare;
static char bare_mem[512] __aligned(8);
static struct mem_registry_node bare_node;

struct seen {
	bool reg_heap, reg_slab, rt_heap, rt_slab, bare, system;
	size_t n;
};

static bool collect(const struct mem_registry_info *info, void *user_data)
{
	struct seen *s = user_data;

	s->n++;
	assert_non_null(info->name);
	if (info->obj == &reg_heap) {
		s->reg_heap = true;
		assert_true(info->is_static);
		assert_string_equal(info->name, "reg_heap");
		assert_int_equal(info->kind, MEM_REGISTRY_K_HEAP);
		assert_true(info->stats.allocated_bytes > 0); /* one block live, see below */
		assert_int_equal(info->num_used, 1);
	} else if (info->obj == &reg_slab) {
		s->reg_slab = true;
		assert_true(info->is_static);
		assert_string_equal(info->name, "reg_slab");
		assert_int_equal(info->num_blocks, 4);
		assert_int_equal(info->num_used, 1);
		assert_int_equal(info->stats.allocated_bytes, 64);
		assert_int_equal(info->block_size, 64);
	} else if (info->obj == &rt_heap) {
		s->rt_heap = true;
		assert_false(info->is_static);
		assert_string_equal(info->name, "runtime heap");
	} else if (info->obj == &rt_slab) {
		s->rt_slab = true;
		assert_false(info->is_static);
		assert_string_equal(info->name, "");
		assert_int_equal(info->total_bytes, 160);
	} else if (info->obj == &bare) {
		s->bare = true;
		assert_int_equal(info->kind, MEM_REGISTRY_SYS_HEAP);
		assert_string_equal(info->name, "bare");
	} else if (info->obj == &_system_heap) {
		s->system = true;
		assert_string_equal(info->name, "_system_heap");
	}
	return true;
}

static bool stop_first(const struct mem_registry_info *info, void *user_data)
{
	(void)info;
	(void)user_data;
	return false;
}

static void registry_lists_static_and_runtime_objects(void **state)
{
	(void)state;
	struct seen s = { 0 };
	void *hb = k_heap_alloc(&reg_heap, 10, K_NO_WAIT);
	void *sb;

	assert_int_equal(k_mem_slab_alloc(&reg_slab, &sb, K_NO_WAIT), 0);
	k_heap_init(&rt_heap, rt_heap_mem, sizeof(rt_heap_mem));
	k_heap_init(&rt_heap, rt_heap_mem, sizeof(rt_heap_mem)); /* re-init: listed once */
	assert_int_equal(mem_registry_name_set(&rt_heap, "runtime heap"), 0);
	assert_int_equal(k_mem_slab_init(&rt_slab, rt_slab_mem, 16, 10), 0);
	sys_heap_init(&bare, bare_mem, sizeof(bare_mem));
	assert_int_equal(mem_registry_sys_heap_add(&bare_node, &bare, "bare"), 0);
	assert_int_equal(mem_registry_sys_heap_add(NULL, &bare, "bare"), -EINVAL);
	k_free(k_malloc(0)); /* make sure the system heap is linked */

	size_t total = mem_registry_foreach(collect, &s);

	assert_int_equal(total, s.n);
	assert_true(s.reg_heap && s.reg_slab && s.rt_heap && s.rt_slab && s.bare && s.system);
	assert_int_equal(mem_registry_count(0), total);
	assert_int_equal(mem_registry_count(MEM_REGISTRY_SYS_HEAP), 1);
	assert_int_equal(mem_registry_count(MEM_REGISTRY_K_HEAP) + mem_registry_count(MEM_REGISTRY_MEM_SLAB) + 1, total);
	assert_int_equal(mem_registry_foreach(stop_first, NULL), 1);
	assert_int_equal(mem_registry_foreach(NULL, NULL), total);
	assert_int_equal(mem_registry_print(), total);
	assert_true(mem_registry_is_k_heap(&rt_heap));
	assert_true(mem_registry_is_k_heap(&reg_heap));
	assert_false(mem_registry_is_k_heap((struct k_heap *)&rt_slab));
	assert_false(mem_registry_is_k_heap((struct k_heap *)((char *)&reg_heap + 8)));

	assert_int_equal(mem_registry_remove(&bare), 0);
	assert_int_equal(mem_registry_remove(&bare), -ENOENT);
	assert_int_equal(mem_registry_remove(&reg_heap), -ENOENT); /* static */
	assert_int_equal(mem_registry_name_set(&bare, "x"), -ENOENT);
	assert_int_equal(mem_registry_name_set(&reg_slab, "renamed"), 0);
	assert_int_equal(mem_registry_count(0), total - 1);
	assert_int_equal(mem_registry_name_set(&reg_slab, "reg_slab"), 0);
	k_heap_free(&reg_heap, hb);
	k_mem_slab_free(&reg_slab, sb);
}

/* ---- concurrency ---- */

K_HEAP_DEFINE(shared_heap, 3000);
K_MEM_SLAB_DEFINE(shared_slab, 32, 6, 8);

#define WORKERS 6
static uint64_t rng_state[WORKERS];
static int worker_done[WORKERS];
static int late[WORKERS];

static uint32_t rnd(int w)
{
	uint64_t x = rng_state[w];

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state[w] = x;
	return (uint32_t)((x * UINT64_C(0x2545F4914F6CDD1D)) >> 33);
}

static void worker(void *p1, void *p2, void *p3)
{
	int w = (int)(intptr_t)p3;
	int rounds = (int)(intptr_t)p1;

	ARG_UNUSED(p2);
	for (int i = 0; i < rounds; i++) {
		int32_t to = (int32_t)(rnd(w) % 5u); /* 0..4 ms */
		int64_t t0 = mt_now();
		void *h = k_heap_alloc(&shared_heap, 100 + rnd(w) % 900, K_MSEC(to));
		int64_t dt = mt_now() - t0;

		/* never returns NULL before its deadline, nor long after it */
		if ((h == NULL && dt != to) || dt > to) {
			late[w]++;
		}
		void *b = NULL;
		t0 = mt_now();
		int ret = k_mem_slab_alloc(&shared_slab, &b, K_MSEC(to));

		dt = mt_now() - t0;
		if ((ret == -EAGAIN && dt != to) || (ret == 0 && dt > to) || (ret != 0 && ret != -EAGAIN && to != 0) ||
		    (ret == -ENOMEM && to != 0)) {
			late[w]++;
		}
		k_busy_wait(100 * (rnd(w) % 20u)); /* hold for up to 2 ms of simulated time */
		if (ret == 0) {
			k_mem_slab_free(&shared_slab, b);
		}
		k_heap_free(&shared_heap, h);
		if (rnd(w) % 3u == 0u) {
			k_yield();
		}
	}
	worker_done[w] = 1;
}

static void concurrent_timeouts_no_lost_wakeup(void **state)
{
	(void)state;
	const char *scale_env = getenv("RTMEM_TEST_SCALE");
	int scale = scale_env != NULL && atoi(scale_env) > 0 ? atoi(scale_env) : 1;
	int rounds = 2000 / scale + 20;

	for (int w = 0; w < WORKERS; w++) {
		rng_state[w] = UINT64_C(0x9E3779B97F4A7C15) + (uint64_t)w;
		kt_spawn(w, worker, (void *)(intptr_t)rounds, NULL, 1 + w % 3, K_NO_WAIT);
	}
	kt_join_all(WORKERS);
	for (int w = 0; w < WORKERS; w++) {
		assert_int_equal(worker_done[w], 1);
		assert_int_equal(late[w], 0);
	}
	/* nothing left behind: no waiter, every block back */
	assert_true(sys_dlist_is_empty(&shared_heap.wait_q.waitq));
	assert_true(sys_dlist_is_empty(&shared_slab.wait_q.waitq));
	assert_int_equal(k_mem_slab_num_used_get(&shared_slab), 0);
	struct sys_memory_stats st;

	assert_int_equal(k_heap_runtime_stats_get(&shared_heap, &st), 0);
	assert_int_equal(st.allocated_bytes, 0);
	assert_true(sys_heap_validate(&shared_heap.heap));
	printf("concurrency: %d workers x %d rounds, seed 0x9E3779B97F4A7C15+w\n", WORKERS, rounds);
}

int main(void)
{
	rtmem_fatal_test_mode(true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_lists_static_and_runtime_objects),
		cmocka_unit_test(concurrent_timeouts_no_lost_wakeup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
