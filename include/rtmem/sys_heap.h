/*
 * sys_heap — rtmem's O(1) heap core, with Zephyr's sys_heap API.
 *
 * What it is. A freestanding allocator over one caller-given buffer. All
 * metadata lives inside that buffer: a control block at its start, an 8-byte
 * (4-byte on small 32-bit heaps) header in front of every chunk, and one end
 * marker. It never calls the OS, never locks and never prints: the caller
 * serialises every call on one heap (k_heap does it with a spinlock).
 *
 * Design. Memory is counted in 8-byte units. Free chunks sit on two-level
 * segregated free lists (TLSF class): a chunk of s units belongs to row
 * floor(log2 s) - L + 1 and to one of 2^L linear sub-classes of that row;
 * sizes below 2^L have exact classes. L is chosen per heap at init so that
 * the control block stays small: L = 2 below 2^13 units (64 KiB), 4 below
 * 2^17 units (1 MiB), else 5. A bitmap of classes (32-bit words) and a
 * summary word (one bit per bitmap word) mark the non-empty lists. alloc
 * looks at up to P = CONFIG_SYS_HEAP_ALLOC_LOOPS chunks of the request's own
 * class (which may be too small), else takes the head of the smallest
 * non-empty larger class (two find-first-set scans), which always fits. The
 * rest is split off and re-listed; a block of at least 1/32 of the heap is
 * carved from the top of its chunk, smaller ones from the bottom (keeping
 * large and small blocks apart cuts fragmentation on small heaps). free
 * coalesces with both neighbours at once. There is no search over a list of
 * unbounded length anywhere.
 *
 * Bound (loop iterations, independent of the number of blocks):
 *   alloc / aligned alloc : <= P list probes + 2 bitmap scans of 32 bits (class word, summary word)
 *                           + 1 split (+1 more split for aligned alloc)
 *   free                  : 2 merges, no search
 *   realloc               : in place <= 2 (grow: 1 merge + 1 split; shrink: 1 split + 1
 *                           merge of the freed tail), moving = alloc + copy + free
 * CONFIG_RTMEM_HEAP_COUNT_STEPS counts these steps (tests assert the bound).
 *
 * Fragmentation. Good fit, not best fit: an allocation can fail while a
 * large-enough chunk exists deeper than P entries in the request's own class
 * (never when one exists in a larger class). Immediate coalescing keeps no two
 * free chunks adjacent. Aligned allocations give back prefix and suffix.
 *
 * Overhead per block: the chunk header (8 bytes; 4 bytes on 32-bit heaps below
 * 2^15 units = 256 KiB) plus rounding of header+request to 8 bytes; minimum
 * chunk 16 bytes (8 on small heaps). FULL hardening adds an 8-byte trailer.
 * Header layout of 32-bit builds (config.h): AUTO (default, per heap as just
 * said), CONFIG_SYS_HEAP_SMALL_ONLY (4-byte headers, heaps below 2^15 units)
 * or CONFIG_SYS_HEAP_BIG_ONLY (8-byte headers); the fixed layouts drop the
 * run-time choice from every header access (Cortex-M4 -Os, MODERATE: about
 * 310 bytes less .text for SMALL_ONLY, 220 for BIG_ONLY).
 * Per heap: control block (56 bytes + 4 per 32 classes + 2 or 4 bytes per
 * class: 256 bytes at 32 KiB, 1904 bytes at 1 MiB on 64-bit) + an 8-byte end
 * marker.
 * SYS_HEAP_MIN_SIZE_FOR(n) gives the exact buffer size for one n-byte block.
 *
 * Hardening (compile-time, rtmem/config.h): NONE / BASIC / MODERATE (default)
 * / FULL / EXTREME; violations go to sys_heap_fault(). Measured cost on the
 * benchmark's W1-D2-large churn (x86-64 gcc -O2, instructions per alloc or
 * free, callgrind): NONE 110, BASIC 124, MODERATE 137, FULL 145 (+8 bytes
 * per block); EXTREME is O(n) per call. MODERATE is the default because its
 * link checks (+11 %) stop a corrupted free-list link before the allocator
 * writes through it, which BASIC cannot. At NONE nothing is checked: double
 * free, foreign/interior/misaligned pointers, realloc or usable_size of a
 * freed block and any overwritten metadata are undefined behaviour (only NULL
 * pointers, sizes and alignments keep their defined results).
 *
 * rtmem extensions (not in Zephyr): sys_heap_fault() and its info struct,
 * sys_heap_validate_ex(), sys_heap_invariants_hold(), sys_heap_walk(),
 * sys_heap_largest_free_get(), sys_heap_free_block_count(),
 * sys_heap_failed_alloc_count(), sys_heap_ext_stats_get(),
 * SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(), z_heap_aligned_alloc().
 *
 * Block pointers: chunk start + header, except that on 32-bit builds an
 * aligned allocation may start 4 bytes further into its chunk (small heaps
 * have 4-aligned payloads); every call accepts both forms.
 */
#ifndef RTMEM_SYS_HEAP_H_
#define RTMEM_SYS_HEAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <rtmem/config.h>
#include <rtmem/mem_stats.h>

#ifdef __cplusplus
extern "C" {
#endif

struct z_heap;

/** A heap instance. Zero-size handle: the state lives in the buffer. */
struct sys_heap {
	/** Control block inside the buffer; NULL before init or after a failed init. */
	struct z_heap *heap;
	/** Buffer given to sys_heap_init() (Zephyr compatibility). */
	void *init_mem;
	/** Size given to sys_heap_init() (Zephyr compatibility). */
	size_t init_bytes;
};

/** Zephyr's stress-rig result. */
struct z_heap_stress_result {
	/** Allocation attempts. */
	uint32_t total_allocs;
	/** Allocation attempts that returned non-NULL. */
	uint32_t successful_allocs;
	/** Frees performed. */
	uint32_t total_frees;
	/** Sum over operations of the bytes in use after the operation. */
	uint64_t accumulated_in_use_bytes;
};

/* ---- Fault hook (rtmem extension) ----------------------------------------- */

/** Why sys_heap_fault() was called. */
enum sys_heap_fault_reason {
	SYS_HEAP_FAULT_NONE = 0,
	/** free of a block that is not allocated. */
	SYS_HEAP_FAULT_DOUBLE_FREE,
	/** realloc / usable_size of a block that is not allocated. */
	SYS_HEAP_FAULT_USE_AFTER_FREE,
	/** Pointer outside this heap's chunks (another heap, stack, static). */
	SYS_HEAP_FAULT_FOREIGN_POINTER,
	/** Pointer inside the heap but not a block start (interior, misaligned). */
	SYS_HEAP_FAULT_BAD_POINTER,
	/** A chunk header disagrees with its neighbour (overflow into a header). */
	SYS_HEAP_FAULT_CORRUPT_HEADER,
	/** A free-list link is inconsistent. */
	SYS_HEAP_FAULT_CORRUPT_FREE_LIST,
	/** The trailer canary of a block was overwritten (FULL and above). */
	SYS_HEAP_FAULT_CANARY,
	/** Alignment not a power of two (or invalid rewind). */
	SYS_HEAP_FAULT_BAD_ALIGN,
	/** sys_heap_init() buffer cannot hold the control block and one chunk. */
	SYS_HEAP_FAULT_INIT_TOO_SMALL,
	/** sys_heap_init() buffer of 2^31 units or more, or wrapping the address space. */
	SYS_HEAP_FAULT_INIT_TOO_LARGE,
	/** sys_heap_validate() failed at EXTREME hardening. */
	SYS_HEAP_FAULT_VALIDATE,
};

/** What sys_heap_fault() receives. */
struct sys_heap_fault_info {
	/** Heap the call was made on (may be NULL). */
	struct sys_heap *heap;
	/** Offending pointer (user pointer, or chunk memory for list faults). */
	void *ptr;
	/** Violation class. */
	enum sys_heap_fault_reason reason;
	/** One-line description of the failed check. */
	const char *what;
	/** Source file of the check. */
	const char *file;
	/** Source line of the check. */
	int line;
};

/**
 * @brief The one path for heap contract violations (rtmem extension).
 * Defined weak in core (default: __builtin_trap()); the kernel and tests
 * override it by defining a function of the same name.
 * @context  called synchronously inside the failing heap call
 * @pre      none
 * @post     if it returns, the heap call leaves the heap unchanged (except
 *           the fault counter) and returns its failure value (NULL / no-op)
 * @complexity handler-defined
 * @retval   (void) returning means "fail the call and go on"
 * @ub       calling heap functions on the same heap from the handler
 */
void sys_heap_fault(const struct sys_heap_fault_info *info);

/* ---- Sizes ------------------------------------------------------------------ */

/** @cond INTERNAL: per-regime layout, regime k = bit length of the heap's unit count. */
#define Z_HEAP_STRUCT_BYTES 56u
#define Z_HEAP_TRAILER_BYTES ((RTMEM_HEAP_HARDENING >= 3) ? 8u : 0u)
#define Z_HEAP_HDR_K(k) \
	((sizeof(void *) == 4u && RTMEM_HEAP_LAYOUT != 2 && (RTMEM_HEAP_LAYOUT == 1 || (k) <= 15u)) ? 4u : 8u)
/* Largest regime: 32-bit SMALL_ONLY builds stop at 2^15 units. */
#define Z_HEAP_MAX_K ((sizeof(void *) == 4u && RTMEM_HEAP_LAYOUT == 1) ? 15u : 31u)
#define Z_HEAP_SLLOG_K(k) ((k) <= 13u ? 2u : (k) <= 17u ? 4u : 5u)
#define Z_HEAP_ROWS_K(k) (((k) > Z_HEAP_SLLOG_K(k) ? (k) - Z_HEAP_SLLOG_K(k) : 0u) + 1u)
#define Z_HEAP_CLASSES_K(k) (Z_HEAP_ROWS_K(k) << Z_HEAP_SLLOG_K(k))
#define Z_HEAP_WORDS_K(k) ((Z_HEAP_CLASSES_K(k) + 31u) / 32u)
#define Z_HEAP_CTRL_UNITS_K(k) \
	((Z_HEAP_STRUCT_BYTES + Z_HEAP_WORDS_K(k) * 4u + Z_HEAP_CLASSES_K(k) * (Z_HEAP_HDR_K(k) / 2u) + 7u) / 8u)
#define Z_HEAP_CHUNK_UNITS_K(n, k) \
	((((size_t)(n) + Z_HEAP_HDR_K(k) + Z_HEAP_TRAILER_BYTES + 7u) / 8u) < Z_HEAP_HDR_K(k) / 4u ? \
	 Z_HEAP_HDR_K(k) / 4u : (((size_t)(n) + Z_HEAP_HDR_K(k) + Z_HEAP_TRAILER_BYTES + 7u) / 8u))
#define Z_HEAP_TOTAL_K(n, k) (Z_HEAP_CHUNK_UNITS_K(n, k) + Z_HEAP_CTRL_UNITS_K(k) + 1u)
#define Z_HEAP_FITS_K(n, k) ((k) <= Z_HEAP_MAX_K && Z_HEAP_TOTAL_K(n, k) < ((size_t)1 << (k)))
#define Z_HEAP_UNITS_K(n, k) \
	(Z_HEAP_TOTAL_K(n, k) > ((size_t)1 << ((k) - 1u)) ? Z_HEAP_TOTAL_K(n, k) : ((size_t)1 << ((k) - 1u)))
#define Z_HEAP_TRY_K(n, k, rest) (Z_HEAP_FITS_K(n, k) ? Z_HEAP_UNITS_K(n, k) : (rest))
#define Z_HEAP_MIN_UNITS_FOR(n) \
	Z_HEAP_TRY_K(n, 2u, Z_HEAP_TRY_K(n, 3u, Z_HEAP_TRY_K(n, 4u, Z_HEAP_TRY_K(n, 5u, \
	Z_HEAP_TRY_K(n, 6u, Z_HEAP_TRY_K(n, 7u, Z_HEAP_TRY_K(n, 8u, Z_HEAP_TRY_K(n, 9u, \
	Z_HEAP_TRY_K(n, 10u, Z_HEAP_TRY_K(n, 11u, Z_HEAP_TRY_K(n, 12u, Z_HEAP_TRY_K(n, 13u, \
	Z_HEAP_TRY_K(n, 14u, Z_HEAP_TRY_K(n, 15u, Z_HEAP_TRY_K(n, 16u, Z_HEAP_TRY_K(n, 17u, \
	Z_HEAP_TRY_K(n, 18u, Z_HEAP_TRY_K(n, 19u, Z_HEAP_TRY_K(n, 20u, Z_HEAP_TRY_K(n, 21u, \
	Z_HEAP_TRY_K(n, 22u, Z_HEAP_TRY_K(n, 23u, Z_HEAP_TRY_K(n, 24u, Z_HEAP_TRY_K(n, 25u, \
	Z_HEAP_TRY_K(n, 26u, Z_HEAP_TRY_K(n, 27u, Z_HEAP_TRY_K(n, 28u, Z_HEAP_TRY_K(n, 29u, \
	Z_HEAP_TRY_K(n, 30u, Z_HEAP_TRY_K(n, 31u, (size_t)0))))))))))))))))))))))))))))))
/** @endcond */

/**
 * Exact size in bytes of an 8-byte-aligned buffer that guarantees one
 * sys_heap_alloc(h, n) succeeds: that size works, 8 bytes less does not.
 * Constant expression (usable for static arrays); 0 if n cannot fit in any heap.
 */
#define SYS_HEAP_MIN_SIZE_FOR(n) (Z_HEAP_MIN_UNITS_FOR(n) * 8u)
/** As SYS_HEAP_MIN_SIZE_FOR() for a buffer of any alignment (adds 7 bytes; rtmem extension). */
#define SYS_HEAP_MIN_SIZE_FOR_ANY_ALIGN(n) (SYS_HEAP_MIN_SIZE_FOR(n) + 7u)
/** Zephyr alias of SYS_HEAP_MIN_SIZE_FOR(). */
#define Z_HEAP_MIN_SIZE_FOR(n) SYS_HEAP_MIN_SIZE_FOR(n)
/** Smallest heap buffer that serves one 1-byte allocation (Zephyr name). */
#define Z_HEAP_MIN_SIZE SYS_HEAP_MIN_SIZE_FOR(1)

/* ---- Core API (Zephyr) ---------------------------------------------------- */

/**
 * @brief Make @a bytes at @a mem a heap.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap not in use by another call; the buffer belongs to the caller
 * @post     start rounded up and end rounded down to 8 bytes; one free chunk;
 *           previous state of @a heap discarded; stats zero
 * @complexity O(number of classes) (memset of the control block)
 * @retval   (void) on failure calls sys_heap_fault() with INIT_TOO_SMALL (fewer
 *           than SYS_HEAP_MIN_SIZE_FOR(1) usable bytes) or INIT_TOO_LARGE
 *           (2^31 units or more; 32-bit: 2^28, with CONFIG_SYS_HEAP_SMALL_ONLY
 *           2^15; or wrapping memory); then heap->heap == NULL
 *           and every call on it fails (alloc NULL, free faults FOREIGN_POINTER)
 * @ub       @a heap NULL; buffer overlapping another live heap.
 */
void sys_heap_init(struct sys_heap *heap, void *mem, size_t bytes);

/**
 * @brief Allocate @a bytes; not zeroed.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised
 * @post     pointer aligned to 8 (4 on small 32-bit heaps); usable size =
 *           ROUND_UP(bytes + header + trailer, 8) - header - trailer (min chunk applies)
 * @complexity O(1): <= P probes + 2 bitmap scans + 1 split
 * @retval   NULL  bytes == 0, bytes too large (no wrap), no fitting chunk found
 *           (failed-allocation counter incremented), or a fault was reported
 * @ub       at NONE, a corrupted heap.
 */
void *sys_heap_alloc(struct sys_heap *heap, size_t bytes);

/**
 * @brief Allocate @a bytes at an address that is a multiple of @a align.
 * Zephyr's packed form is accepted: the lowest set bit of a non-power-of-two
 * @a align is a "rewind" r (result + r is aligned to align - r); see z_heap_aligned_alloc().
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised; @a align 0, a power of two, or power|rewind
 * @post     as sys_heap_alloc(); unused prefix and suffix are free chunks again
 * @complexity O(1): one alloc of bytes + align + 16 and 2 splits
 * @retval   NULL  as sys_heap_alloc(), or @a align larger than the heap
 * @retval   NULL  after SYS_HEAP_FAULT_BAD_ALIGN: invalid packed form
 * @ub       as sys_heap_alloc()
 */
void *sys_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t bytes);

/**
 * @brief sys_heap_alloc() ignoring @a align (newer Zephyr API).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised
 * @post     as sys_heap_alloc()
 * @complexity as sys_heap_alloc()
 * @retval   NULL  as sys_heap_alloc()
 * @ub       as sys_heap_alloc()
 */
void *sys_heap_noalign_alloc(struct sys_heap *heap, size_t align, size_t bytes);

/**
 * @brief Give back the block at @a mem; NULL is a no-op. Coalesces at once.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a mem NULL or returned by this heap and not freed since
 * @post     the chunk is merged with free neighbours and listed
 * @complexity O(1): 2 merges
 * @retval   (void) faults (BASIC+): FOREIGN_POINTER (outside this heap),
 *           BAD_POINTER (misaligned or not a block start), DOUBLE_FREE,
 *           CORRUPT_HEADER (neighbour links disagree); MODERATE+: CORRUPT_FREE_LIST;
 *           FULL+: CANARY. After a returning handler the heap is unchanged.
 * @ub       at NONE any of these; at BASIC+ an interior pointer whose preceding
 *           8 bytes happen to form a header consistent with both neighbours.
 */
void sys_heap_free(struct sys_heap *heap, void *mem);

/**
 * @brief Resize the block at @a ptr to @a bytes, aligned to @a align.
 * ptr NULL = aligned alloc; bytes 0 = free and return NULL.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a ptr NULL or a live block of this heap; @a align 0 or a power of two
 * @post     in place when the chunk count is unchanged, when shrinking, or when
 *           the right neighbour is free and large enough (and ptr is aligned);
 *           else a new block with min(usable, bytes) bytes copied, old freed
 * @complexity O(1) in place; O(1) + copy when moving
 * @retval   NULL  no memory (old block intact), bytes == 0, or a fault
 *           (USE_AFTER_FREE, FOREIGN_POINTER, BAD_POINTER, ...; block intact),
 *           also a fault found while resizing in place (CORRUPT_FREE_LIST of
 *           the right neighbour): never the old block when it is too small
 * @ub       at NONE, a pointer that is not a live block of this heap
 */
void *sys_heap_aligned_realloc(struct sys_heap *heap, void *ptr, size_t align, size_t bytes);

/**
 * @brief sys_heap_aligned_realloc() with align 0.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      as sys_heap_aligned_realloc()
 * @post     as sys_heap_aligned_realloc()
 * @complexity as sys_heap_aligned_realloc()
 * @retval   NULL  as sys_heap_aligned_realloc()
 * @ub       as sys_heap_aligned_realloc()
 */
void *sys_heap_realloc(struct sys_heap *heap, void *ptr, size_t bytes);

/**
 * @brief Bytes usable at @a mem (from mem to the end of its chunk payload).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a mem a live block of this heap
 * @post     result >= the size requested; for a plain alloc exactly
 *           ROUND_UP(bytes + header + trailer, 8) - header - trailer
 * @complexity O(1)
 * @retval   0  @a mem NULL, or after a fault (bad pointer at BASIC+)
 * @ub       at NONE, a pointer that is not a live block of this heap
 */
size_t sys_heap_usable_size(struct sys_heap *heap, void *mem);

/**
 * @brief Full consistency check; READ-ONLY (never writes to the heap).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none (a NULL or uninitialised handle gives false)
 * @post     heap unchanged
 * @complexity O(number of chunks + number of classes)
 * @retval   true   consistent (sys_heap_validate_ex() == 0)
 * @retval   false  see sys_heap_validate_ex() for the exact diagnostic
 * @ub       none: any corruption is reported, never followed out of the buffer
 */
bool sys_heap_validate(struct sys_heap *heap);

/**
 * @brief Statistics in chunk bytes (header included): allocated = sum of used
 * chunks, free = sum of free chunks, max = high-water mark of allocated.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised
 * @post     free + allocated == init bytes - control block - end marker - rounding
 * @complexity O(1) (maintained incrementally)
 * @retval   0        success
 * @retval   -EINVAL  @a heap, its state, or @a stats NULL
 * @ub       none
 */
int sys_heap_runtime_stats_get(struct sys_heap *heap, struct sys_memory_stats *stats);

/**
 * @brief Set max_allocated_bytes to the current allocated_bytes.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised
 * @post     max == allocated
 * @complexity O(1)
 * @retval   0        success
 * @retval   -EINVAL  @a heap or its state NULL
 * @ub       none
 */
int sys_heap_runtime_stats_reset_max(struct sys_heap *heap);

/**
 * @brief Random alloc/free test rig steering towards @a target_percent fill
 * of @a total_bytes (Zephyr's sys_heap_stress). Sizes follow a power law.
 * @context  any context; NOT synchronised
 * @pre      @a scratch_mem holds scratch_bytes / sizeof(void *) pointers (>= 1)
 * @post     every block it allocated has been freed again; @a result filled
 * @complexity O(op_count) calls of alloc_fn/free_fn
 * @retval   (void) counts in @a result
 * @ub       scratch too small for one record (then nothing is done)
 */
void sys_heap_stress(void *(*alloc_fn)(void *arg, size_t bytes), void (*free_fn)(void *arg, void *p),
		     void *arg, size_t total_bytes, uint32_t op_count, void *scratch_mem, size_t scratch_bytes,
		     int target_percent, struct z_heap_stress_result *result);

/* ---- rtmem extensions ------------------------------------------------------- */

/** Validator diagnostic codes (rtmem extension). */
enum sys_heap_diag_code {
	SYS_HEAP_DIAG_OK = 0,
	/** Handle NULL, not initialised, or control block fields out of range. */
	SYS_HEAP_DIAG_BAD_HEAP,
	/** Chunk size zero, below the minimum or running past the end marker. */
	SYS_HEAP_DIAG_CHUNK_SIZE,
	/** A chunk's left-size differs from its left neighbour's size. */
	SYS_HEAP_DIAG_LEFT_SIZE,
	/** End marker not used / not zero size / wrong left-size. */
	SYS_HEAP_DIAG_END_MARKER,
	/** Two free chunks are adjacent (missed coalescing). */
	SYS_HEAP_DIAG_ADJACENT_FREE,
	/** A free-list entry is out of range, used, or in the wrong class. */
	SYS_HEAP_DIAG_LIST_ENTRY,
	/** A free-list next/prev pair does not point back. */
	SYS_HEAP_DIAG_LIST_LINK,
	/** A free chunk is on no free list (list entries != free chunks). */
	SYS_HEAP_DIAG_FREE_UNLISTED,
	/** A bitmap bit disagrees with its list being (non-)empty. */
	SYS_HEAP_DIAG_BITMAP,
	/** A statistics counter differs from the recomputed value. */
	SYS_HEAP_DIAG_STATS,
	/** A used chunk's trailer canary is overwritten (FULL and above). */
	SYS_HEAP_DIAG_CANARY,
};

/** Exact validator finding (rtmem extension). */
struct sys_heap_diag {
	/** First inconsistency found. */
	enum sys_heap_diag_code code;
	/** Unit offset of the chunk (or class index for bitmap findings). */
	size_t chunk;
	/** Human-readable description (static string). */
	const char *text;
};

/**
 * @brief sys_heap_validate() with the exact diagnostic (rtmem extension).
 * Checks chunk chain, sizes, left-size links, end marker, no adjacent free
 * chunks, every free chunk in its class list, list links both ways, bitmaps ==
 * non-empty lists, statistics == recomputed sums, and canaries at FULL.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none; @a out may be NULL
 * @post     heap unchanged (read-only); *out filled
 * @complexity O(number of chunks + number of classes)
 * @retval   0  consistent
 * @retval   >0 the enum sys_heap_diag_code of the first finding
 * @ub       none: any corruption is reported, never followed out of the buffer
 */
int sys_heap_validate_ex(struct sys_heap *heap, struct sys_heap_diag *out);

/**
 * @brief O(1) self-test for production use (rtmem extension): control block
 * sane, counters add up, bitmaps non-empty where marked, first and end chunk
 * headers intact. Does not walk the heap.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none
 * @post     heap unchanged
 * @complexity O(1) (at most 32 bitmap rows)
 * @retval   true   invariants hold
 * @retval   false  heap NULL/uninitialised, or an invariant broken
 * @ub       none
 */
bool sys_heap_invariants_hold(struct sys_heap *heap);

/** Walk callback: one chunk, @a used or free (rtmem extension). */
typedef void (*sys_heap_walk_cb_t)(void *chunk_mem, size_t chunk_bytes, bool used, void *arg);

/**
 * @brief Call @a cb for every chunk in address order (rtmem extension), for
 * reports and heap maps. chunk_mem is the chunk start (header included), so
 * the chunks tile the heap; control block and end marker are not reported.
 * Sum of used chunk_bytes == allocated_bytes, of free ones == free_bytes.
 * @context  any context; NOT synchronised — caller serialises; @a cb must not call the heap
 * @pre      heap consistent (validate first when in doubt)
 * @post     heap unchanged
 * @complexity O(number of chunks)
 * @retval   (void)
 * @ub       a corrupted heap (the walk trusts chunk sizes); @a cb calling the heap
 */
void sys_heap_walk(struct sys_heap *heap, sys_heap_walk_cb_t cb, void *arg);

/**
 * @brief Largest request size that is guaranteed to succeed now (rtmem extension):
 * the usable size of the first chunk of the highest non-empty class. A chunk
 * deeper in that class may be larger still, so this is a lower bound of the
 * largest free chunk's usable size and exact when that class holds one chunk.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a heap initialised
 * @post     heap unchanged; alloc(result) succeeds if called next
 * @complexity O(1): 2 bitmap scans
 * @retval   0  no free chunk (or heap NULL)
 * @ub       none
 */
size_t sys_heap_largest_free_get(struct sys_heap *heap);

/**
 * @brief Number of free chunks (rtmem extension).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none
 * @post     heap unchanged
 * @complexity O(1)
 * @retval   0  none, or heap NULL
 * @ub       none
 */
size_t sys_heap_free_block_count(struct sys_heap *heap);

/**
 * @brief Number of allocations that returned NULL for lack of memory since
 * init (rtmem extension; never decreases; alloc(0) is not counted).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none
 * @post     heap unchanged
 * @complexity O(1)
 * @retval   0  none, or heap NULL
 * @ub       none
 */
size_t sys_heap_failed_alloc_count(struct sys_heap *heap);

/** Extended statistics (rtmem extension). Bytes are chunk bytes. */
struct sys_heap_ext_stats {
	/** As struct sys_memory_stats. */
	size_t free_bytes;
	/** As struct sys_memory_stats. */
	size_t allocated_bytes;
	/** As struct sys_memory_stats. */
	size_t max_allocated_bytes;
	/** sys_heap_largest_free_get(). */
	size_t largest_free_bytes;
	/** Number of free chunks. */
	size_t free_blocks;
	/** Number of allocated blocks. */
	size_t used_blocks;
	/** Failed allocations since init (never decreases). */
	size_t failed_allocs;
	/** Contract violations reported through sys_heap_fault() (never decreases). */
	size_t faults;
};

/**
 * @brief All statistics in one O(1) call (rtmem extension).
 * @context  any context; NOT synchronised — caller serialises
 * @pre      none
 * @post     heap unchanged; *stats filled on success
 * @complexity O(1)
 * @retval   0        success
 * @retval   -EINVAL  @a heap, its state or @a stats NULL
 * @ub       none
 */
int sys_heap_ext_stats_get(struct sys_heap *heap, struct sys_heap_ext_stats *stats);

/**
 * @brief Aligned allocation with a separate rewind (internal API for k_malloc).
 * Returns p (a normal block: free/realloc/usable_size accept it) such that
 * (p + rewind) is a multiple of @a align, so a caller can keep @a rewind bytes
 * of its own just below an aligned address with no waste.
 * @context  any context; NOT synchronised — caller serialises
 * @pre      @a align a power of two (or 0); rewind < align (or 0); rewind a
 *           multiple of sizeof(void *) (4 or 8)
 * @post     as sys_heap_aligned_alloc()
 * @complexity as sys_heap_aligned_alloc()
 * @retval   NULL  as sys_heap_aligned_alloc()
 * @retval   NULL  after SYS_HEAP_FAULT_BAD_ALIGN: align not a power of two, rewind >= align,
 *           or rewind not a multiple of sizeof(void *)
 * @ub       as sys_heap_alloc()
 */
void *z_heap_aligned_alloc(struct sys_heap *heap, size_t align, size_t rewind, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* RTMEM_SYS_HEAP_H_ */
