/*
 * Reproducer (not built by CMake): sys_heap_realloc() returns the OLD block,
 * unchanged in size, after resize_in_place() reported a fault.
 *
 * Contract (rtmem/sys_heap.h, sys_heap_aligned_realloc): "@retval NULL ... or
 * a fault (USE_AFTER_FREE, FOREIGN_POINTER, BAD_POINTER, ...; block intact)".
 * Seen: the fault hook runs (CORRUPT_FREE_LIST, "free-list link does not point
 * back"), then realloc(a, 64) returns a, whose usable size is still 16: a
 * caller that trusts the result writes 48 bytes past its block.
 * Cause: core/heap.c resize_in_place(), "if (!merge_ok(...)) return true;".
 *
 *   cc -std=gnu11 -Iinclude -DCONFIG_SYS_HEAP_HARDENING_MODERATE=1 \
 *      tests/fuzz/repro/realloc_fault_in_place.c core/heap*.c -o /tmp/repro && /tmp/repro
 * Exit status 1 = bug present, 0 = fixed.
 */
#include <stdio.h>
#include <string.h>

#include <rtmem/sys_heap.h>

static _Alignas(8) unsigned char buf[4096];
static struct sys_heap heap;
static int faults;

void sys_heap_fault(const struct sys_heap_fault_info *info)
{
	faults++;
	printf("fault %d: %s\n", (int)info->reason, info->what != NULL ? info->what : "?");
}

int main(void)
{
	unsigned char *a, *b, *c, *r;
	size_t usable;

	sys_heap_init(&heap, buf, sizeof(buf));
	a = sys_heap_alloc(&heap, 16);
	b = sys_heap_alloc(&heap, 100);
	c = sys_heap_alloc(&heap, 16);
	if (a == NULL || b == NULL || c == NULL) {
		return 2;
	}
	sys_heap_free(&heap, b);  /* a's right neighbour is a free chunk, big enough to grow into */
	memset(b, 0x5a, 8);       /* use after free: clobbers that chunk's free-list links */
	r = sys_heap_realloc(&heap, a, 64);
	usable = r != NULL ? sys_heap_usable_size(&heap, r) : 0u;
	printf("faults=%d realloc=%p (old %p) usable=%zu for 64 requested\n", faults, (void *)r, (void *)a,
	       usable);
	return r != NULL && usable < 64u ? 1 : 0;
}
