/* The C library on the target: newlib's malloc family (and _malloc_r) served by rtmem's heap; printf works. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <reent.h>
#include <rtmem/libc_malloc.h>
#include "ttest.h"

#define STACK 2048
K_THREAD_STACK_DEFINE(stack_a, STACK);
static struct k_thread thread_a;

static void test_malloc_family(void)
{
	char *p = malloc(100);

	TT_CHECK(p != NULL && ((uintptr_t)p % 8U) == 0U);
	memset(p, 'x', 100);
	char *q = realloc(p, 1000);

	TT_CHECK(q != NULL && q[0] == 'x' && q[99] == 'x');
	int *z = calloc(32, sizeof(int));

	TT_CHECK(z != NULL);
	int sum = 0;

	for (int i = 0; z != NULL && i < 32; i++) {
		sum += z[i];
	}
	TT_CHECK(sum == 0);
	void *a = memalign(64, 10);

	TT_CHECK(a != NULL && ((uintptr_t)a % 64U) == 0U);
	free(a);
	free(z);
	free(q);
	errno = 0;
	TT_CHECK(malloc(16U * 1024U * 1024U) == NULL);
	TT_CHECK(errno == ENOMEM);
}

static void test_reentrant_entry_points(void)
{
	void *p = _malloc_r(_REENT, 40);

	TT_CHECK(p != NULL);
	p = _realloc_r(_REENT, p, 80);
	TT_CHECK(p != NULL);
	_free_r(_REENT, p);
	p = _calloc_r(_REENT, 4, 4);
	TT_CHECK(p != NULL && ((int *)p)[3] == 0);
	_free_r(_REENT, p);
}

static volatile int thread_allocs;

static void allocator(void *p1, void *p2, void *p3)
{
	ARG_UNUSED(p1);
	ARG_UNUSED(p2);
	ARG_UNUSED(p3);
	for (int i = 0; i < 200; i++) {
		void *p = malloc((size_t)(16 + i));

		if (p != NULL) {
			thread_allocs++;
			if (i % 7 == 0) {
				k_yield();
			}
			free(p);
		}
	}
}

static void test_threads_share_malloc(void)
{
	k_thread_create(&thread_a, stack_a, STACK, allocator, NULL, NULL, NULL, K_PRIO_PREEMPT(0), 0, K_NO_WAIT);
	int mine = 0;

	for (int i = 0; i < 200; i++) {
		void *p = malloc((size_t)(24 + i));

		if (p != NULL) {
			mine++;
			if (i % 5 == 0) {
				k_yield();
			}
			free(p);
		}
	}
	TT_CHECK(k_thread_join(&thread_a, K_MSEC(1000)) == 0);
	TT_CHECK(mine == 200 && thread_allocs == 200);
}

static void test_printf(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%d-%s-%x", 42, "rtmem", 0xbeefU);

	TT_CHECK(n == 13 && strcmp(buf, "42-rtmem-beef") == 0);
	n = printf("  printf through newlib stdio: %d %s\n", 7, "ok");
	fflush(stdout);
	TT_CHECK(n > 0);
}

int main(void)
{
	TT_RUN(test_malloc_family);
	TT_RUN(test_reentrant_entry_points);
	TT_RUN(test_threads_share_malloc);
	TT_RUN(test_printf);
	return tt_done();
}
