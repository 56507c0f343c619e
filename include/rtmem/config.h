/*
 * rtmem configuration knobs. Every knob: #ifndef default + one line stating
 * what it does and what it costs. Define RTMEM_CONFIG_HEADER to a file name to
 * have it included first (o1heap style), or pass -D on the command line.
 */
#ifndef RTMEM_CONFIG_H_
#define RTMEM_CONFIG_H_

#ifdef RTMEM_CONFIG_HEADER
#include RTMEM_CONFIG_HEADER
#endif

/* Hardening: exactly one of CONFIG_SYS_HEAP_HARDENING_{NONE,BASIC,MODERATE,
 * FULL,EXTREME}. Default MODERATE (free-list and neighbour link checks on top
 * of BASIC's pointer checks): 137 instructions per W1 op vs 110 at NONE and
 * 124 at BASIC; FULL adds an 8-byte trailer canary per block (145), EXTREME an
 * O(n) validation per call. See sys_heap.h. */
#if !defined(CONFIG_SYS_HEAP_HARDENING_NONE) && !defined(CONFIG_SYS_HEAP_HARDENING_BASIC) && \
	!defined(CONFIG_SYS_HEAP_HARDENING_MODERATE) && !defined(CONFIG_SYS_HEAP_HARDENING_FULL) && \
	!defined(CONFIG_SYS_HEAP_HARDENING_EXTREME)
#define CONFIG_SYS_HEAP_HARDENING_MODERATE 1
#endif

#if defined(CONFIG_SYS_HEAP_HARDENING_EXTREME)
#define RTMEM_HEAP_HARDENING 4
#elif defined(CONFIG_SYS_HEAP_HARDENING_FULL)
#define RTMEM_HEAP_HARDENING 3
#elif defined(CONFIG_SYS_HEAP_HARDENING_MODERATE)
#define RTMEM_HEAP_HARDENING 2
#elif defined(CONFIG_SYS_HEAP_HARDENING_BASIC)
#define RTMEM_HEAP_HARDENING 1
#else
#define RTMEM_HEAP_HARDENING 0
#endif

#if (defined(CONFIG_SYS_HEAP_HARDENING_NONE) + defined(CONFIG_SYS_HEAP_HARDENING_BASIC) + \
     defined(CONFIG_SYS_HEAP_HARDENING_MODERATE) + defined(CONFIG_SYS_HEAP_HARDENING_FULL) + \
     defined(CONFIG_SYS_HEAP_HARDENING_EXTREME)) != 1
#error "define exactly one CONFIG_SYS_HEAP_HARDENING_* level"
#endif

/* Chunk header layout of 32-bit builds (64-bit builds always use 8-byte
 * headers): CONFIG_SYS_HEAP_SMALL_ONLY = 4-byte headers on every heap, heaps
 * limited to 2^15 units (256 KiB; larger buffers fault INIT_TOO_LARGE);
 * CONFIG_SYS_HEAP_BIG_ONLY = 8-byte headers on every heap (4 bytes more per
 * block on small heaps); neither (AUTO, the default) = chosen per heap at init
 * (4-byte below 2^15 units), which costs a second version of every header
 * access (Cortex-M4 -Os .text: see sys_heap.h). */
#if defined(CONFIG_SYS_HEAP_SMALL_ONLY) && defined(CONFIG_SYS_HEAP_BIG_ONLY)
#error "define at most one of CONFIG_SYS_HEAP_SMALL_ONLY and CONFIG_SYS_HEAP_BIG_ONLY"
#endif
#if defined(CONFIG_SYS_HEAP_SMALL_ONLY)
#define RTMEM_HEAP_LAYOUT 1 /* small only (32-bit builds) */
#elif defined(CONFIG_SYS_HEAP_BIG_ONLY)
#define RTMEM_HEAP_LAYOUT 2 /* big only */
#else
#define RTMEM_HEAP_LAYOUT 0 /* AUTO */
#endif

/* Entries of the request's own size class probed before taking a chunk from a
 * larger class: higher = fewer spurious failures, each probe ~5 instructions of WCET. */
#ifndef CONFIG_SYS_HEAP_ALLOC_LOOPS
#define CONFIG_SYS_HEAP_ALLOC_LOOPS 3
#endif

/* Heap listener registry (alloc/free event callbacks): one list walk per event. */
#ifndef CONFIG_SYS_HEAP_LISTENER
#define CONFIG_SYS_HEAP_LISTENER 1
#endif

/* Count loop iterations of each heap call (test builds only): 4 bytes per heap,
 * one increment per probe, bitmap scan, split and merge. */
#ifndef CONFIG_RTMEM_HEAP_COUNT_STEPS
#define CONFIG_RTMEM_HEAP_COUNT_STEPS 0
#endif

#endif /* RTMEM_CONFIG_H_ */
