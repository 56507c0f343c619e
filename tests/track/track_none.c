/*
 * RTMEM_TRACK=none: the seam must compile to nothing, under -ffreestanding
 * (as core/ builds), in statement and expression position, and leave memory
 * exactly as it was. Exit status 0 = pass.
 */
#include <stddef.h>

#include "core/track.h"

#if defined(RTMEM_TRACK_VALGRIND) || defined(RTMEM_TRACK_ASAN)
#error "track_none.c is built only without a tracking back-end"
#endif

static RTMEM_NO_SANITIZE int touch(volatile unsigned char *p, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)i;
		sum += p[i];
	}
	return sum;
}

int main(void)
{
	static unsigned char region[256];
	unsigned char *p = region + 16;
	int expected = 0;

	for (size_t i = 0; i < 32; i++) {
		expected += (int)i;
	}
	RTMEM_TRACK_ENTER();
	RTMEM_TRACK_HEAP_INIT(region, sizeof(region));
	RTMEM_TRACK_ALLOC(p, 32);
	RTMEM_TRACK_RESIZE(p, 32, 8);
	RTMEM_TRACK_FREE(p, 32);
	RTMEM_TRACK_LEAVE();
	/* After FREE the memory is still plain memory: nothing was poisoned. */
	if (touch(p, 32) != expected || touch(region, 16) != 120) {
		return 1;
	}
	/* The no-op forms are expressions of type void. */
	(RTMEM_TRACK_ALLOC(p, 1), RTMEM_TRACK_FREE(p, 1));
	return 0;
}
