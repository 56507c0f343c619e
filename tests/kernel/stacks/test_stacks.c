/*
 * Thread stacks on the host: object sizes, painting, both spellings of
 * k_thread_stack_space_get, usage within [K, K + one frame], run-time
 * stacks (pool and resource pool) and their error codes, the interrupt
 * stack and the thread analyzer.
 */
#include <alloca.h>
#include "../ktest.h"
#include <zephyr/debug/thread_analyzer.h>

/*
 * Slack for "one frame": the frame of the function that touched the bytes.
 * With AddressSanitizer, the runtime's alloca helpers (__asan_alloca_poison)
 * run below the buffer and count as part of that frame (measured: ~3.2 KiB).
 */
#if defined(__SANITIZE_ADDRESS__)
#define ONE_FRAME 4096
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ONE_FRAME 4096
#endif
#endif
#ifndef ONE_FRAME
#define ONE_FRAME 512
#endif

K_THREAD_STACK_DEFINE(stack_1536, 1536);
K_THREAD_STACK_DEFINE(stack_2048, 2048);
K_THREAD_STACK_DEFINE(stack_16k, 16384 + 16384);
static struct k_thread thread_a;
K_SEM_DEFINE(go, 0, 1);
K_SEM_DEFINE(done, 0, 1);
K_HEAP_DEFINE(stack_heap, 256 * 1024);

static void wait_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	k_sem_take(&go, K_FOREVER);
}

/* contract: K_THREAD_STACK_SIZEOF / K_THREAD_STACK_LEN / k_thread_stack_size_get agree */
static void stack_sizes_sizeof_sizeof_macro_and_size_get_agree(void **state)
{
	(void)state;
	assert_int_equal(sizeof(stack_1536), K_THREAD_STACK_SIZEOF(stack_1536) + K_THREAD_STACK_RESERVED);
	assert_int_equal(sizeof(stack_2048), K_THREAD_STACK_LEN(2048));
	assert_true(K_THREAD_STACK_SIZEOF(stack_1536) >= 1536);
	assert_int_equal((uintptr_t)stack_1536 % ARCH_PAGE_SIZE, 0);
	assert_ptr_equal(K_THREAD_STACK_BUFFER(stack_2048), (char *)stack_2048 + K_THREAD_STACK_RESERVED);

	k_thread_create(&thread_a, stack_1536, 1536, wait_entry, NULL, NULL, NULL, 1, 0, K_NO_WAIT);
	assert_int_equal(k_thread_stack_size_get(&thread_a),
			 K_THREAD_STACK_SIZEOF(stack_1536) + CONFIG_RTMEM_HOST_STACK_RESERVE);
	assert_int_equal(k_thread_stack_size_get(&thread_a) + ARCH_THREAD_STACK_GUARD_SIZE, sizeof(stack_1536));
	k_sem_give(&go);
	assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
}

/* contract: stacks painted 0xAA at creation; both spellings compile and agree */
static void stack_space_get_both_spellings_agree(void **state)
{
	(void)state;
	k_thread_create(&thread_a, stack_2048, 2048, wait_entry, NULL, NULL, NULL, 1, 0, K_NO_WAIT);
	size_t unused_space = k_thread_stack_space_get(&thread_a); /* the seed chapter's form */
	size_t total_size = k_thread_stack_size_get(&thread_a);
	size_t unused2 = 0;
	int (*fn)(const struct k_thread *, size_t *) = &k_thread_stack_space_get;

	assert_int_equal(k_thread_stack_space_get(&thread_a, &unused2), 0); /* Zephyr's form */
	assert_int_equal(unused_space, unused2);
	unused2 = 0;
	assert_int_equal(fn(&thread_a, &unused2), 0);
	assert_int_equal(unused_space, unused2);
	assert_true(unused_space > 0 && unused_space < total_size);
	/* the bottom of the stack is still paint */
	const unsigned char *bottom = (const unsigned char *)thread_a.stack_info.start;

	for (size_t i = 0; i < 256; i++) {
		assert_int_equal(bottom[i], 0xAA);
	}
	assert_int_equal(k_thread_stack_space_get(&thread_a, NULL), -EFAULT);
	k_sem_give(&go);
	assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
	assert_int_equal(k_thread_stack_space_get(&thread_a, &unused2), -EINVAL); /* dead */
	assert_int_equal(k_thread_stack_space_get(NULL, &unused2), -EINVAL);
	assert_int_equal(k_thread_stack_space_get(NULL), 0);
	assert_int_equal(k_thread_stack_size_get(NULL), 0);
}

/* ---- usage within [K, K + one frame] ---- */

static uintptr_t touched_low;

#define TOUCH_MAX 16384

static __attribute__((noinline)) void touch(size_t n)
{
	volatile unsigned char *buf = alloca(n);

	for (size_t i = 0; i < n; i++) {
		buf[i] = 0x55;
	}
	touched_low = (uintptr_t)&buf[0];
}

static void touch_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	touch((size_t)(uintptr_t)p1);
	k_sem_give(&done);
	k_sem_take(&go, K_FOREVER);
}

static void stack_usage_touching_k_bytes_reports_k_to_k_plus_one_frame(void **state)
{
	(void)state;
	/* Each K must exceed the depth of the blocking path the thread takes afterwards
	 * (about 4 KiB below the entry frame with ASan's frames). */
	static const size_t sizes[] = { 6000, 8192, 12288, TOUCH_MAX };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		k_thread_create(&thread_a, stack_16k, 16384 + TOUCH_MAX, touch_entry, (void *)(uintptr_t)sizes[i], NULL, NULL, 1, 0,
				K_NO_WAIT);
		k_sem_take(&done, K_FOREVER);
		uintptr_t top = thread_a.stack_info.start + thread_a.stack_info.size;
		size_t k = top - touched_low;
		size_t used = k_thread_stack_size_get(&thread_a) - k_thread_stack_space_get(&thread_a);

		print_message("touched %zu bytes below entry: K = %zu, reported used %zu (+%zu)\n", sizes[i], k, used,
			      used - k);
		assert_true(used >= k);
		assert_true(used <= k + ONE_FRAME);
		k_sem_give(&go);
		assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
	}
}

/* ---- run-time stacks ---- */

static int ran;

static void run_entry(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	ran++;
	k_sem_take(&go, K_FOREVER);
}

/* contract: k_thread_stack_alloc (pool) / k_thread_stack_free @retval -EBUSY -EINVAL */
static void stack_alloc_pool_runs_thread_free_busy_then_ok_then_einval(void **state)
{
	(void)state;
	k_thread_stack_t *dynamic_stack = k_thread_stack_alloc(2048, 0); /* the seed chapter's call */

	assert_non_null(dynamic_stack);
	assert_int_equal((uintptr_t)dynamic_stack % ARCH_PAGE_SIZE, 0);
	ran = 0;
	k_tid_t thread_id = k_thread_create(&thread_a, dynamic_stack, 2048, run_entry, NULL, NULL, NULL, -1, 0,
					    K_NO_WAIT);
	assert_ptr_equal(thread_id, &thread_a);
	assert_int_equal(ran, 1);
	assert_int_equal(k_thread_stack_free(dynamic_stack), -EBUSY);
	k_sem_give(&go);
	assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
	assert_int_equal(k_thread_stack_free(dynamic_stack), 0);
	assert_int_equal(k_thread_stack_free(dynamic_stack), -EINVAL);
	assert_int_equal(k_thread_stack_free((k_thread_stack_t *)stack_2048), -EINVAL);
	assert_int_equal(k_thread_stack_free(NULL), -EINVAL);
	assert_null(k_thread_stack_alloc(0, 0));
	assert_null(k_thread_stack_alloc(2048, 0x100));
}

/* contract: k_thread_stack_alloc from the caller's resource pool (bigger than pool stacks) */
static void stack_alloc_resource_pool_used_for_big_stacks_and_when_pool_empty(void **state)
{
	(void)state;
	struct k_heap *saved = k_current_get()->resource_pool;

	k_thread_heap_assign(k_current_get(), NULL);
	assert_null(k_thread_stack_alloc(CONFIG_DYNAMIC_THREAD_STACK_SIZE * 2, 0)); /* no pool, too big for pool */

	k_thread_heap_assign(k_current_get(), &stack_heap);
	k_thread_stack_t *big = k_thread_stack_alloc(CONFIG_DYNAMIC_THREAD_STACK_SIZE * 2, K_USER);

	assert_non_null(big);
	assert_int_equal((uintptr_t)big % ARCH_PAGE_SIZE, 0);
	ran = 0;
	k_thread_create(&thread_a, big, CONFIG_DYNAMIC_THREAD_STACK_SIZE * 2, run_entry, NULL, NULL, NULL, -1, 0,
			K_NO_WAIT);
	assert_int_equal(ran, 1);
	assert_int_equal(k_thread_stack_size_get(&thread_a),
			 K_THREAD_STACK_LEN(CONFIG_DYNAMIC_THREAD_STACK_SIZE * 2) - ARCH_THREAD_STACK_GUARD_SIZE);
	assert_int_equal(k_thread_stack_free(big), -EBUSY);
	k_sem_give(&go);
	assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
	assert_int_equal(k_thread_stack_free(big), 0);
	assert_int_equal(k_thread_stack_free(big), -EINVAL);

	/* pool exhausted: the next small stack comes from the resource pool */
	k_thread_stack_t *s[CONFIG_DYNAMIC_THREAD_POOL_SIZE + 1];

	for (size_t i = 0; i < ARRAY_SIZE(s); i++) {
		s[i] = k_thread_stack_alloc(1024, 0);
		assert_non_null(s[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(s); i++) {
		assert_int_equal(k_thread_stack_free(s[i]), 0);
	}
	k_thread_heap_assign(k_current_get(), saved);
}

/* ---- interrupt stack and the thread analyzer ---- */

static void isr_touch(const void *arg)
{
	touch((size_t)(uintptr_t)arg);
}

static void isr_stack_usage_is_measured(void **state)
{
	(void)state;
	size_t unused, size;

	assert_int_equal(rtmem_isr_stack_space_get(&unused, &size), 0);
	assert_true(size >= 2048);
	irq_offload(isr_touch, (const void *)(uintptr_t)1024);
	size_t unused2;

	assert_int_equal(rtmem_isr_stack_space_get(&unused2, &size), 0);
	assert_true(size - unused2 >= 1024);
	assert_true(unused2 <= unused);
}

static struct thread_analyzer_info seen[16];
static size_t n_seen;

static void collect(struct thread_analyzer_info *info)
{
	if (n_seen < ARRAY_SIZE(seen)) {
		seen[n_seen++] = *info;
	}
}

static void thread_analyzer_lists_every_thread_and_the_isr_stack(void **state)
{
	(void)state;
	k_thread_create(&thread_a, stack_2048, 2048, wait_entry, NULL, NULL, NULL, 1, 0, K_NO_WAIT);
	k_thread_name_set(&thread_a, "waiter");
	n_seen = 0;
	thread_analyzer_run(collect, 0);
	assert_int_equal(n_seen, 3); /* main, waiter, ISR0 */
	assert_string_equal(seen[0].name, "main");
	assert_string_equal(seen[1].name, "waiter");
	assert_string_equal(seen[2].name, "ISR0");
	assert_int_equal(seen[1].stack_size, k_thread_stack_size_get(&thread_a));
	assert_int_equal(seen[1].stack_used,
			 k_thread_stack_size_get(&thread_a) - k_thread_stack_space_get(&thread_a));
	thread_analyzer_print(0);
	k_sem_give(&go);
	assert_int_equal(k_thread_join(&thread_a, K_FOREVER), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stack_sizes_sizeof_sizeof_macro_and_size_get_agree),
		cmocka_unit_test(stack_space_get_both_spellings_agree),
		cmocka_unit_test(stack_usage_touching_k_bytes_reports_k_to_k_plus_one_frame),
		cmocka_unit_test(stack_alloc_pool_runs_thread_free_busy_then_ok_then_einval),
		cmocka_unit_test(stack_alloc_resource_pool_used_for_big_stacks_and_when_pool_empty),
		cmocka_unit_test(isr_stack_usage_is_measured),
		cmocka_unit_test(thread_analyzer_lists_every_thread_and_the_isr_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
