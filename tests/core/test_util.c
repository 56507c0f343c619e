#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct fault_log g_faults;

/* Overrides core's weak default (which traps): record and return, so each
 * test can check that the call then failed cleanly. */
void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	g_faults.count++;
	g_faults.last = *info;
}

void faults_reset(void)
{
	memset(&g_faults, 0, sizeof(g_faults));
}

void assert_one_fault(enum sys_heap_fault_reason reason, const void *ptr)
{
	assert_int_equal(g_faults.count, 1);
	assert_int_equal(g_faults.last.reason, reason);
	assert_non_null(g_faults.last.file);
	assert_non_null(g_faults.last.what);
	assert_true(g_faults.last.line > 0);
	if (ptr != NULL) {
		assert_ptr_equal(g_faults.last.ptr, ptr);
	}
}

unsigned long test_scale(void)
{
	const char *s = getenv("RTMEM_TEST_SCALE");
	unsigned long v = s != NULL ? strtoul(s, NULL, 10) : 1ul;

	return v == 0ul ? 1ul : v;
}

uint64_t test_seed(void)
{
	const char *s = getenv("RTMEM_SEED");
	uint64_t seed = s != NULL ? strtoull(s, NULL, 0) : (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull;

	if (seed == 0u) {
		seed = 1u;
	}
	printf("seed: RTMEM_SEED=0x%llx\n", (unsigned long long)seed);
	fflush(stdout);
	return seed;
}

uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

#define META_BEGIN RTMEM_TRACK_ENTER()
#define META_END RTMEM_TRACK_LEAVE()

RTMEM_NO_SANITIZE size_t test_hdr_bytes(struct sys_heap *h)
{
	size_t v;

	META_BEGIN;
	v = hdr_bytes(h->heap);
	META_END;
	return v;
}

RTMEM_NO_SANITIZE chunkid_t t_chunk_of(struct sys_heap *h, const void *mem)
{
	return (chunkid_t)(((const uint8_t *)mem - (const uint8_t *)h->heap - test_hdr_bytes(h)) / 8u);
}

RTMEM_NO_SANITIZE size_t t_chunk_bytes(struct sys_heap *h, const void *mem)
{
	return (size_t)t_size(h, t_chunk_of(h, mem)) * 8u;
}

RTMEM_NO_SANITIZE uint32_t t_cf_get(struct sys_heap *h, chunkid_t c, enum chunk_field f)
{
	uint32_t v;

	META_BEGIN;
	v = cf_get(h->heap, c, f);
	META_END;
	return v;
}

RTMEM_NO_SANITIZE void t_cf_set(struct sys_heap *h, chunkid_t c, enum chunk_field f, uint32_t v)
{
	META_BEGIN;
	cf_set(h->heap, c, f, v);
	META_END;
}

chunksz_t t_size(struct sys_heap *h, chunkid_t c)
{
	return t_cf_get(h, c, SIZE_AND_USED) >> 1;
}

bool t_used(struct sys_heap *h, chunkid_t c)
{
	return (t_cf_get(h, c, SIZE_AND_USED) & 1u) != 0u;
}

RTMEM_NO_SANITIZE uint32_t t_class(struct sys_heap *h, chunksz_t sz)
{
	uint32_t v;

	META_BEGIN;
	v = size_class(h->heap, sz);
	META_END;
	return v;
}

RTMEM_NO_SANITIZE chunkid_t t_head(struct sys_heap *h, uint32_t idx)
{
	chunkid_t v;

	META_BEGIN;
	v = head_get(h->heap, idx);
	META_END;
	return v;
}

RTMEM_NO_SANITIZE uint32_t *t_canary_addr(struct sys_heap *h, chunkid_t c)
{
	uint32_t *v;

	META_BEGIN;
	v = canary_slot(h->heap, c);
	META_END;
	return v;
}

RTMEM_NO_SANITIZE uint32_t t_peek32(const void *p)
{
	uint32_t v;

	META_BEGIN;
	v = *(const volatile uint32_t *)p;
	META_END;
	return v;
}

RTMEM_NO_SANITIZE void t_poke32(void *p, uint32_t v)
{
	META_BEGIN;
	*(volatile uint32_t *)p = v;
	META_END;
}

RTMEM_NO_SANITIZE uint8_t t_peek8(const void *p)
{
	uint8_t v;

	META_BEGIN;
	v = *(const volatile uint8_t *)p;
	META_END;
	return v;
}

RTMEM_NO_SANITIZE void t_poke8(void *p, uint8_t v)
{
	META_BEGIN;
	*(volatile uint8_t *)p = v;
	META_END;
}

RTMEM_NO_SANITIZE void t_copy(void *dst, const void *src, size_t n)
{
	META_BEGIN;
	for (size_t i = 0; i < n; i++) {
		((volatile uint8_t *)dst)[i] = ((const volatile uint8_t *)src)[i];
	}
	META_END;
}

RTMEM_NO_SANITIZE bool t_equal(const void *a, const void *b, size_t n)
{
	bool eq = true;

	META_BEGIN;
	for (size_t i = 0; i < n && eq; i++) {
		eq = ((const volatile uint8_t *)a)[i] == ((const volatile uint8_t *)b)[i];
	}
	META_END;
	return eq;
}
