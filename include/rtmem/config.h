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
 * of BASIC's pointer checks): 131 instructions per W1 op vs 106 at NONE and
 * 120 at BASIC; FULL adds an 8-byte trailer canary per block (139), EXTREME an
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
