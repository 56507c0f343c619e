/*
 * libc malloc front end: the malloc family's C / POSIX / Zephyr semantics
 * (errno, overflow, alignment and zero-size rules) over a heap provider
 * (contract in <rtmem/libc_malloc.h>). Portable: no OS call, no lock of its
 * own — the provider serialises. Compile-time knobs:
 *
 *   RTMEM_LIBC_REPLACE_MALLOC=1     also define malloc, free, ... (and newlib's
 *                                   _malloc_r family with RTMEM_LIBC_NEWLIB=1)
 *   RTMEM_LIBC_ZERO_SIZE_NONNULL=1  glibc's zero-size behaviour: malloc(0),
 *                                   calloc(0, n), aligned_alloc(a, 0) return a
 *                                   unique pointer (default 0: Zephyr's NULL)
 *
 * Built with -fno-builtin: the compiler must not turn "alloc + memset" inside
 * calloc into a call to calloc.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <rtmem/libc_malloc.h>

#ifndef RTMEM_LIBC_REPLACE_MALLOC
#define RTMEM_LIBC_REPLACE_MALLOC 0
#endif
#ifndef RTMEM_LIBC_ZERO_SIZE_NONNULL
#define RTMEM_LIBC_ZERO_SIZE_NONNULL 0
#endif
#ifndef RTMEM_LIBC_NEWLIB
#define RTMEM_LIBC_NEWLIB 0
#endif

/* Symbols the preload library exports (it builds with -fvisibility=hidden). */
#define RTMEM_LIBC_API __attribute__((visibility("default")))

_Static_assert((RTMEM_LIBC_ALIGN & (RTMEM_LIBC_ALIGN - 1u)) == 0u, "RTMEM_LIBC_ALIGN not a power of two");

/* ---- helpers --------------------------------------------------------------- */

/* Largest size any call accepts: sizes above PTRDIFF_MAX fail with ENOMEM, as
 * in glibc (pointer differences inside the block must not overflow). */
#define SIZE_LIMIT ((size_t)PTRDIFF_MAX)

static inline bool size_mul_overflow(size_t a, size_t b, size_t *out)
{
	return __builtin_mul_overflow(a, b, out);
}

static inline bool is_pow2(size_t x)
{
	return x != 0u && (x & (x - 1u)) == 0u;
}

/* Allocate with validated arguments; bytes 0 follows the zero-size mode. */
static inline void *do_alloc(size_t align, size_t bytes, bool zero)
{
	void *p;

	if (bytes == 0u) {
		if (!RTMEM_LIBC_ZERO_SIZE_NONNULL) {
			return NULL;
		}
		bytes = 1u;
	}
	if (bytes > SIZE_LIMIT) {
		errno = ENOMEM;
		return NULL;
	}
	if (align < RTMEM_LIBC_ALIGN) {
		align = RTMEM_LIBC_ALIGN;
	}
	p = rtmem_libc_heap_alloc(align, bytes, zero);
	if (p == NULL) {
		errno = ENOMEM;
	}
	return p;
}

static inline void *do_realloc(void *ptr, size_t bytes)
{
	void *p;

	if (ptr == NULL) {
		return do_alloc(RTMEM_LIBC_ALIGN, bytes, false);
	}
	if (bytes == 0u) {
		rtmem_libc_heap_free(ptr);
		return NULL;
	}
	if (bytes > SIZE_LIMIT) {
		errno = ENOMEM;
		return NULL;
	}
	p = rtmem_libc_heap_realloc(ptr, bytes);
	if (p == NULL) {
		errno = ENOMEM;
	}
	return p;
}

/* ---- the family under rtmem names ------------------------------------------------ */

RTMEM_LIBC_API void *rtmem_libc_malloc(size_t size)
{
	return do_alloc(RTMEM_LIBC_ALIGN, size, false);
}

RTMEM_LIBC_API void rtmem_libc_free(void *ptr)
{
	if (ptr != NULL) {
		rtmem_libc_heap_free(ptr);
	}
}

RTMEM_LIBC_API void *rtmem_libc_calloc(size_t nmemb, size_t size)
{
	size_t bytes;

	if (size_mul_overflow(nmemb, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return do_alloc(RTMEM_LIBC_ALIGN, bytes, true);
}

RTMEM_LIBC_API void *rtmem_libc_realloc(void *ptr, size_t size)
{
	return do_realloc(ptr, size);
}

RTMEM_LIBC_API void *rtmem_libc_reallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t bytes;

	if (size_mul_overflow(nmemb, size, &bytes)) {
		errno = ENOMEM;
		return NULL;
	}
	return do_realloc(ptr, bytes);
}

RTMEM_LIBC_API void *rtmem_libc_aligned_alloc(size_t alignment, size_t size)
{
	if (!is_pow2(alignment)) {
		errno = EINVAL;
		return NULL;
	}
	return do_alloc(alignment, size, false);
}

RTMEM_LIBC_API int rtmem_libc_posix_memalign(void **memptr, size_t alignment, size_t size)
{
	int saved = errno;
	void *p;

	if (!is_pow2(alignment) || alignment % sizeof(void *) != 0u) {
		return EINVAL;
	}
	p = do_alloc(alignment, size, false);
	if (p == NULL && (size != 0u || RTMEM_LIBC_ZERO_SIZE_NONNULL)) {
		errno = saved;
		return ENOMEM;
	}
	errno = saved;
	*memptr = p;
	return 0;
}

RTMEM_LIBC_API void *rtmem_libc_memalign(size_t alignment, size_t size)
{
	if (alignment > SIZE_MAX / 2u + 1u) {
		errno = ENOMEM;
		return NULL;
	}
	if (!is_pow2(alignment)) {
		/* glibc: round up to the next power of two (0 and 1 become malloc) */
		size_t a = 1u;

		while (a < alignment) {
			a <<= 1;
		}
		alignment = a;
	}
	return do_alloc(alignment, size, false);
}

RTMEM_LIBC_API size_t rtmem_libc_malloc_usable_size(void *ptr)
{
	return ptr == NULL ? 0u : rtmem_libc_heap_usable_size(ptr);
}

RTMEM_LIBC_API int malloc_runtime_stats_get(struct sys_memory_stats *stats)
{
	if (stats == NULL) {
		return -EINVAL;
	}
	return rtmem_libc_heap_stats(stats);
}

/* ---- standard names ------------------------------------------------------------------ */

#if RTMEM_LIBC_REPLACE_MALLOC
/* Declared here rather than taken from <stdlib.h>/<malloc.h>: a bare-metal C
 * library may lack some of them, and their attributes differ between libcs. */
void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void *reallocarray(void *ptr, size_t nmemb, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **memptr, size_t alignment, size_t size);
void *memalign(size_t alignment, size_t size);
size_t malloc_usable_size(void *ptr);

RTMEM_LIBC_API void *malloc(size_t size)
{
	return do_alloc(RTMEM_LIBC_ALIGN, size, false);
}

RTMEM_LIBC_API void free(void *ptr)
{
	if (ptr != NULL) {
		rtmem_libc_heap_free(ptr);
	}
}

RTMEM_LIBC_API void *calloc(size_t nmemb, size_t size)
{
	return rtmem_libc_calloc(nmemb, size);
}

RTMEM_LIBC_API void *realloc(void *ptr, size_t size)
{
	return do_realloc(ptr, size);
}

RTMEM_LIBC_API void *reallocarray(void *ptr, size_t nmemb, size_t size)
{
	return rtmem_libc_reallocarray(ptr, nmemb, size);
}

RTMEM_LIBC_API void *aligned_alloc(size_t alignment, size_t size)
{
	return rtmem_libc_aligned_alloc(alignment, size);
}

RTMEM_LIBC_API int posix_memalign(void **memptr, size_t alignment, size_t size)
{
	return rtmem_libc_posix_memalign(memptr, alignment, size);
}

RTMEM_LIBC_API void *memalign(size_t alignment, size_t size)
{
	return rtmem_libc_memalign(alignment, size);
}

RTMEM_LIBC_API size_t malloc_usable_size(void *ptr)
{
	return rtmem_libc_malloc_usable_size(ptr);
}

#if RTMEM_LIBC_NEWLIB
/* newlib's reentrant entry points: the reent argument only carries errno,
 * which the front end sets through errno already. */
struct _reent;
void *_malloc_r(struct _reent *r, size_t size);
void _free_r(struct _reent *r, void *ptr);
void *_calloc_r(struct _reent *r, size_t nmemb, size_t size);
void *_realloc_r(struct _reent *r, void *ptr, size_t size);
void *_memalign_r(struct _reent *r, size_t alignment, size_t size);
size_t _malloc_usable_size_r(struct _reent *r, void *ptr);

void *_malloc_r(struct _reent *r, size_t size)
{
	(void)r;
	return malloc(size);
}

void _free_r(struct _reent *r, void *ptr)
{
	(void)r;
	free(ptr);
}

void *_calloc_r(struct _reent *r, size_t nmemb, size_t size)
{
	(void)r;
	return calloc(nmemb, size);
}

void *_realloc_r(struct _reent *r, void *ptr, size_t size)
{
	(void)r;
	return realloc(ptr, size);
}

void *_memalign_r(struct _reent *r, size_t alignment, size_t size)
{
	(void)r;
	return memalign(alignment, size);
}

size_t _malloc_usable_size_r(struct _reent *r, void *ptr)
{
	(void)r;
	return malloc_usable_size(ptr);
}
#endif /* RTMEM_LIBC_NEWLIB */
#endif /* RTMEM_LIBC_REPLACE_MALLOC */
