/*
 * Tracking-seam self-test: one program, four behaviours chosen by argv[1].
 *
 *   clean     every heap call the seam instruments, no bug: the checker in
 *             use must report nothing
 *   overflow  writes 1 byte past the requested size, inside the chunk's
 *             rounding (13 requested, 16 usable): only a seam that tracks the
 *             REQUESTED size catches it
 *   uaf       reads a block after sys_heap_free()
 *   leak      allocates 24 bytes, drops the only pointer, ends normally
 *
 * Run under Valgrind (host-valgrind, RTMEM_TRACK=valgrind) and ASan
 * (host-asan, RTMEM_TRACK=asan); tests/track/CMakeLists.txt states which
 * report line each behaviour must produce.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rtmem/sys_heap.h>

#define ARENA_BYTES 4096u

static _Alignas(16) unsigned char arena[ARENA_BYTES];
static struct sys_heap heap;

/* Valid contract violations never happen here: any fault is a test failure. */
void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	fprintf(stderr, "track_selftest: unexpected heap fault %d (%s) at %p\n", (int)info->reason,
		info->what != NULL ? info->what : "?", info->ptr);
	abort();
}

static void fail(const char *what)
{
	fprintf(stderr, "track_selftest: %s\n", what);
	exit(2);
}

static void fill(unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(tag + i);
	}
}

/* Branches on every byte: under memcheck an undefined byte is an error. */
static void check(const unsigned char *p, size_t n, unsigned char tag)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != (unsigned char)(tag + i)) {
			fail("block content changed");
		}
	}
}

/* A heap over a stack buffer that is abandoned when the frame returns. */
static __attribute__((noinline)) void stack_heap(void)
{
	_Alignas(16) unsigned char buf[1024];
	struct sys_heap h;
	unsigned char *p;

	sys_heap_init(&h, buf, sizeof(buf));
	p = sys_heap_alloc(&h, 40);
	if (p == NULL) {
		fail("stack heap alloc");
	}
	fill(p, 40, 7);
	check(p, 40, 7);
	sys_heap_free(&h, p);
}

static int run_clean(void)
{
	unsigned char *a, *b, *c, *d;
	size_t usable;

	a = sys_heap_alloc(&heap, 13);
	b = sys_heap_aligned_alloc(&heap, 64, 100);
	if (a == NULL || b == NULL || ((uintptr_t)b & 63u) != 0u) {
		fail("alloc");
	}
	fill(a, 13, 1);
	fill(b, 100, 2);

	/* usable_size: the whole usable area becomes the caller's */
	usable = sys_heap_usable_size(&heap, a);
	if (usable < 13) {
		fail("usable_size");
	}
	fill(a, usable, 3);
	check(a, usable, 3);

	/* realloc in place (shrink), then moving (grow past a live neighbour) */
	c = sys_heap_realloc(&heap, b, 50);
	if (c == NULL) {
		fail("realloc shrink");
	}
	check(c, 50, 2);
	d = sys_heap_alloc(&heap, 8);
	if (d == NULL) {
		fail("alloc after shrink");
	}
	fill(d, 8, 4);
	c = sys_heap_realloc(&heap, c, 700);
	if (c == NULL) {
		fail("realloc grow");
	}
	check(c, 50, 2); /* copied bytes keep their definedness */
	fill(c + 50, 650, 5);
	a = sys_heap_realloc(&heap, a, 300);
	if (a == NULL) {
		fail("realloc a");
	}
	check(a, usable, 3);

	if (!sys_heap_validate(&heap)) {
		fail("validate");
	}
	sys_heap_free(&heap, a);
	sys_heap_free(&heap, c);
	sys_heap_free(&heap, d);
	sys_heap_free(&heap, NULL);

	/* re-initialising a heap that still holds a block discards the block */
	a = sys_heap_alloc(&heap, 64);
	if (a == NULL) {
		fail("alloc before re-init");
	}
	fill(a, 64, 6);
	sys_heap_init(&heap, arena, sizeof(arena));

	stack_heap();
	stack_heap();
	return 0;
}

static int run_overflow(void)
{
	unsigned char *p = sys_heap_alloc(&heap, 13);

	if (p == NULL || sys_heap_usable_size(&heap, p) < 14) {
		fail("overflow setup");
	}
	/* usable_size widened the block: start again with a fresh one */
	sys_heap_free(&heap, p);
	p = sys_heap_alloc(&heap, 13);
	if (p == NULL) {
		fail("overflow alloc");
	}
	fill(p, 13, 1);
	((volatile unsigned char *)p)[13] = 0xee; /* BUG: 1 byte past the request */
	sys_heap_free(&heap, p);
	return 0;
}

static int run_uaf(void)
{
	unsigned char *p = sys_heap_alloc(&heap, 32);
	int v;

	if (p == NULL) {
		fail("uaf alloc");
	}
	fill(p, 32, 1);
	sys_heap_free(&heap, p);
	v = ((volatile unsigned char *)p)[16]; /* BUG: read after free */
	printf("read %d\n", v);
	return 0;
}

static __attribute__((noinline)) void leak_one(void)
{
	unsigned char *p = sys_heap_alloc(&heap, 24);

	if (p == NULL) {
		fail("leak alloc");
	}
	fill(p, 24, 9); /* BUG: the only pointer dies with this frame */
}

/* Overwrites the stack where leak_one() kept its pointer. */
static __attribute__((noinline)) void scrub_stack(void)
{
	volatile unsigned char junk[512];

	for (size_t i = 0; i < sizeof(junk); i++) {
		junk[i] = 0;
	}
}

static int run_leak(void)
{
	leak_one();
	scrub_stack();
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "clean";

	sys_heap_init(&heap, arena, sizeof(arena));
	if (strcmp(mode, "clean") == 0) {
		return run_clean();
	}
	if (strcmp(mode, "overflow") == 0) {
		return run_overflow();
	}
	if (strcmp(mode, "uaf") == 0) {
		return run_uaf();
	}
	if (strcmp(mode, "leak") == 0) {
		return run_leak();
	}
	fprintf(stderr, "usage: %s clean|overflow|uaf|leak\n", argv[0]);
	return 2;
}
