/*
 * rtmem allocation-tracking seam (private to the allocator layers).
 *
 * Every allocator layer (sys_heap, slab, libc) reports the life of the blocks
 * it hands out through these macros, at its API boundary only, so that
 * external checkers see user blocks the way they see malloc blocks:
 *
 *   RTMEM_TRACK_HEAP_INIT(mem, bytes)   a region now belongs to an allocator;
 *                                       user code must not touch it
 *   RTMEM_TRACK_ALLOC(ptr, bytes)       [ptr, ptr+bytes) handed to the user
 *                                       (contents undefined)
 *   RTMEM_TRACK_FREE(ptr, bytes)        the user block at ptr is gone
 *   RTMEM_TRACK_RESIZE(ptr, old, new)   in-place resize of a user block
 *   RTMEM_TRACK_ENTER() / _LEAVE()      bracket the allocator's own access
 *                                       to its metadata inside a call
 *   RTMEM_NO_SANITIZE                   attribute for functions that touch
 *                                       metadata the checker keeps poisoned
 *
 * Back-ends (chosen at build time, RTMEM_TRACK=none|valgrind|asan):
 *   none      every macro compiles to nothing (the default; zero cost)
 *   valgrind  memcheck client requests (RTMEM_TRACK_VALGRIND)
 *   asan      AddressSanitizer poison/unpoison (RTMEM_TRACK_ASAN)
 *
 * heap.c carries no back-end specific conditionals: only this file does.
 */
#ifndef RTMEM_CORE_TRACK_H_
#define RTMEM_CORE_TRACK_H_

#define RTMEM_TRACK_HEAP_INIT(mem, bytes)   ((void)(mem), (void)(bytes))
#define RTMEM_TRACK_ALLOC(ptr, bytes)       ((void)(ptr), (void)(bytes))
#define RTMEM_TRACK_FREE(ptr, bytes)        ((void)(ptr), (void)(bytes))
#define RTMEM_TRACK_RESIZE(ptr, old_bytes, new_bytes) \
	((void)(ptr), (void)(old_bytes), (void)(new_bytes))
#define RTMEM_TRACK_ENTER()                 ((void)0)
#define RTMEM_TRACK_LEAVE()                 ((void)0)
#define RTMEM_NO_SANITIZE

#endif /* RTMEM_CORE_TRACK_H_ */
