/*
 * Shared helpers of the core tests: a recording sys_heap_fault() handler,
 * RTMEM_TEST_SCALE / RTMEM_SEED, a PRNG, and access to the private layout
 * (core/heap.h, shared rather than copied: STYLE.md anti-pattern 13).
 */
#ifndef RTMEM_TEST_CORE_UTIL_H_
#define RTMEM_TEST_CORE_UTIL_H_

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <rtmem/sys_heap.h>
#include "core/heap.h"

/* Faults recorded by the test's sys_heap_fault() (the handler returns). */
struct fault_log {
	int count;
	struct sys_heap_fault_info last;
};
extern struct fault_log g_faults;

void faults_reset(void);
/* Exactly one fault of @a reason since the last reset, naming @a ptr (if non-NULL). */
void assert_one_fault(enum sys_heap_fault_reason reason, const void *ptr);

unsigned long test_scale(void);
uint64_t test_seed(void);
uint64_t rng_next(uint64_t *s);

/* Metadata access for tests. The heap region is poisoned for the tracking
 * back-ends (Valgrind NOACCESS, ASan poison), so tests read and write it only
 * through these: uninstrumented, inside RTMEM_TRACK_ENTER/LEAVE. */
size_t test_hdr_bytes(struct sys_heap *h);
chunkid_t t_chunk_of(struct sys_heap *h, const void *mem);
size_t t_chunk_bytes(struct sys_heap *h, const void *mem);
uint32_t t_cf_get(struct sys_heap *h, chunkid_t c, enum chunk_field f);
void t_cf_set(struct sys_heap *h, chunkid_t c, enum chunk_field f, uint32_t v);
chunksz_t t_size(struct sys_heap *h, chunkid_t c);
bool t_used(struct sys_heap *h, chunkid_t c);
uint32_t t_class(struct sys_heap *h, chunksz_t sz);
chunkid_t t_head(struct sys_heap *h, uint32_t idx);
uint32_t *t_canary_addr(struct sys_heap *h, chunkid_t c);
uint32_t t_peek32(const void *p);
void t_poke32(void *p, uint32_t v);
uint8_t t_peek8(const void *p);
void t_poke8(void *p, uint8_t v);
void t_copy(void *dst, const void *src, size_t n);
bool t_equal(const void *a, const void *b, size_t n);

/* Validator and O(1) invariants both pass; on failure print the diagnostic. */
#define assert_heap_ok(hp) \
	do { \
		struct sys_heap_diag d_; \
		int rc_ = sys_heap_validate_ex((hp), &d_); \
		if (rc_ != 0) { \
			print_error("validate: code %d chunk %zu: %s\n", rc_, d_.chunk, d_.text); \
		} \
		assert_int_equal(rc_, 0); \
		assert_true(sys_heap_invariants_hold(hp)); \
	} while (0)

#endif /* RTMEM_TEST_CORE_UTIL_H_ */
