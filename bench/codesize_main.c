/*
 * Cortex-M4 code-size probe (cmake/CodeSize.cmake): a program that calls
 * exactly the five measured entry points, linked with --gc-sections so that
 * only their code and the helpers they reach stay in .text. The mem*
 * routines below stand in for the C library and are not counted (only the
 * core's objects are).
 */
#include <stddef.h>
#include <rtmem/sys_heap.h>

static unsigned char buf[4096] __attribute__((aligned(8)));
static struct sys_heap heap;
void *volatile codesize_sink;

int main(void)
{
	void *p, *q;

	sys_heap_init(&heap, buf, sizeof(buf));
	p = sys_heap_alloc(&heap, 24);
	q = sys_heap_aligned_alloc(&heap, 64, 40);
	p = sys_heap_realloc(&heap, p, 200);
	codesize_sink = p;
	sys_heap_free(&heap, q);
	sys_heap_free(&heap, p);
	return 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
