/*
 * Kernel time: k_timeout_t, the K_* timeout constructors, unit conversions,
 * uptime and cycle counters, and timepoints (deadlines).
 *
 * A k_timeout_t holds a tick count. Relative timeouts are turned into an
 * absolute deadline when a call starts waiting; a call that waits again
 * after a wake-up (k_heap retry loops) must wait for the rest only: compute
 * `k_timepoint_t end = sys_timepoint_calc(timeout)` once, then pass
 * `sys_timepoint_timeout(end)` to every wait.
 *
 * Encoding (ticks field): 0 = K_NO_WAIT, -1 = K_FOREVER, >0 = relative
 * ticks, <= -2 = absolute tick (-2 - tick).
 *
 * On the Linux host, time is simulated by default: it advances only when no
 * thread can run (to the next deadline) or in k_busy_wait(), so runs are
 * deterministic and long timeouts cost no wall time. RTMEM_REALTIME=1 paces
 * it to the wall clock (arch/posix/README.md).
 */
#ifndef RTMEM_K_TIME_H_
#define RTMEM_K_TIME_H_

#include <stdbool.h>
#include <stdint.h>
#include <rtmem/k_config.h>
#include <zephyr/sys/util.h>

/** Signed tick count (64-bit). */
typedef int64_t k_ticks_t;

/** A timeout: a duration or an absolute tick, in ticks. Compare with K_TIMEOUT_EQ. */
typedef struct {
	/** see the encoding in the file comment */
	k_ticks_t ticks;
} k_timeout_t;

/** An absolute deadline in ticks (UINT64_MAX = never, 0 = already passed). */
typedef struct {
	/** deadline tick */
	uint64_t tick;
} k_timepoint_t;

#define K_TICKS_FOREVER ((k_ticks_t)-1)
#define Z_TIMEOUT_TICKS(t) ((k_timeout_t){ .ticks = (t) })
#define Z_TICK_ABS(t) (K_TICKS_FOREVER - 1 - (t))
#define Z_IS_TIMEOUT_ABS(timeout) ((timeout).ticks <= Z_TICK_ABS(0))
#define K_TIMEOUT_EQ(a, b) ((a).ticks == (b).ticks)
#define SYS_FOREVER_MS (-1)
#define SYS_FOREVER_US (-1)

/* ---- unit conversions (own implementation, 128-bit intermediate) ---- */

static inline uint64_t z_tmcvt(uint64_t t, uint64_t from_hz, uint64_t to_hz, bool round_up)
{
	if (from_hz == to_hz) {
		return t;
	}
	if (from_hz > to_hz && from_hz % to_hz == 0) {
		uint64_t div = from_hz / to_hz;

		return round_up ? (t + div - 1) / div : t / div;
	}
	if (to_hz > from_hz && to_hz % from_hz == 0) {
		return t * (to_hz / from_hz);
	}
#ifdef __SIZEOF_INT128__
	unsigned __int128 p = (unsigned __int128)t * to_hz;

	return (uint64_t)(round_up ? (p + from_hz - 1) / from_hz : p / from_hz);
#else
	/* No 128-bit type (32-bit targets): t = q * from + r, so t * to / from =
	 * q * to + r * to / from exactly; r * to < from * to fits 64 bits for
	 * any pair of rates up to 4 GHz. */
	uint64_t q = t / from_hz, r = t % from_hz;
	uint64_t rp = r * to_hz;

	return q * to_hz + (round_up ? (rp + from_hz - 1) / from_hz : rp / from_hz);
#endif
}

#define Z_HZ_TICKS ((uint64_t)CONFIG_SYS_CLOCK_TICKS_PER_SEC)
#define Z_HZ_CYC ((uint64_t)CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC)

static inline uint64_t k_ms_to_ticks_ceil64(uint64_t ms) { return z_tmcvt(ms, 1000, Z_HZ_TICKS, true); }
static inline uint64_t k_ms_to_ticks_floor64(uint64_t ms) { return z_tmcvt(ms, 1000, Z_HZ_TICKS, false); }
static inline uint32_t k_ms_to_ticks_ceil32(uint32_t ms) { return (uint32_t)k_ms_to_ticks_ceil64(ms); }
static inline uint64_t k_us_to_ticks_ceil64(uint64_t us) { return z_tmcvt(us, 1000000, Z_HZ_TICKS, true); }
static inline uint64_t k_ns_to_ticks_ceil64(uint64_t ns) { return z_tmcvt(ns, 1000000000, Z_HZ_TICKS, true); }
static inline uint64_t k_ticks_to_ms_floor64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, 1000, false); }
static inline uint32_t k_ticks_to_ms_floor32(uint32_t t) { return (uint32_t)k_ticks_to_ms_floor64(t); }
static inline uint64_t k_ticks_to_ms_ceil64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, 1000, true); }
static inline uint32_t k_ticks_to_ms_ceil32(uint32_t t) { return (uint32_t)k_ticks_to_ms_ceil64(t); }
static inline uint64_t k_ticks_to_us_floor64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, 1000000, false); }
static inline uint64_t k_ticks_to_us_ceil64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, 1000000, true); }
static inline uint64_t k_ticks_to_ns_floor64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, 1000000000, false); }
static inline uint64_t k_ticks_to_cyc_floor64(uint64_t t) { return z_tmcvt(t, Z_HZ_TICKS, Z_HZ_CYC, false); }
static inline uint64_t k_cyc_to_ticks_floor64(uint64_t c) { return z_tmcvt(c, Z_HZ_CYC, Z_HZ_TICKS, false); }
static inline uint64_t k_cyc_to_ticks_ceil64(uint64_t c) { return z_tmcvt(c, Z_HZ_CYC, Z_HZ_TICKS, true); }
static inline uint64_t k_cyc_to_ns_floor64(uint64_t c) { return z_tmcvt(c, Z_HZ_CYC, 1000000000, false); }
static inline uint64_t k_cyc_to_us_floor64(uint64_t c) { return z_tmcvt(c, Z_HZ_CYC, 1000000, false); }
static inline uint32_t k_cyc_to_us_floor32(uint32_t c) { return (uint32_t)k_cyc_to_us_floor64(c); }
static inline uint64_t k_cyc_to_ms_floor64(uint64_t c) { return z_tmcvt(c, Z_HZ_CYC, 1000, false); }
static inline uint32_t k_cyc_to_ms_floor32(uint32_t c) { return (uint32_t)k_cyc_to_ms_floor64(c); }
static inline uint64_t k_us_to_cyc_ceil64(uint64_t us) { return z_tmcvt(us, 1000000, Z_HZ_CYC, true); }
static inline uint32_t k_us_to_cyc_ceil32(uint32_t us) { return (uint32_t)k_us_to_cyc_ceil64(us); }
static inline uint64_t k_ms_to_cyc_ceil64(uint64_t ms) { return z_tmcvt(ms, 1000, Z_HZ_CYC, true); }
static inline uint32_t k_ms_to_cyc_ceil32(uint32_t ms) { return (uint32_t)k_ms_to_cyc_ceil64(ms); }

/* ---- timeout constructors (Zephyr names) ---- */

/** No wait: the call fails at once instead of blocking. */
#define K_NO_WAIT Z_TIMEOUT_TICKS(0)
/** Wait as long as it takes. */
#define K_FOREVER Z_TIMEOUT_TICKS(K_TICKS_FOREVER)
#define K_TICKS(t) Z_TIMEOUT_TICKS((t) <= 0 ? 0 : (k_ticks_t)(t))
#define K_NSEC(t) Z_TIMEOUT_TICKS((t) <= 0 ? 0 : (k_ticks_t)k_ns_to_ticks_ceil64((uint64_t)(t)))
#define K_USEC(t) Z_TIMEOUT_TICKS((t) <= 0 ? 0 : (k_ticks_t)k_us_to_ticks_ceil64((uint64_t)(t)))
#define K_MSEC(ms) Z_TIMEOUT_TICKS((ms) <= 0 ? 0 : (k_ticks_t)k_ms_to_ticks_ceil64((uint64_t)(ms)))
#define K_SECONDS(s) K_MSEC((int64_t)(s) * 1000)
#define K_MINUTES(m) K_SECONDS((int64_t)(m) * 60)
#define K_HOURS(h) K_MINUTES((int64_t)(h) * 60)
#define K_CYC(t) Z_TIMEOUT_TICKS((t) <= 0 ? 0 : (k_ticks_t)k_cyc_to_ticks_ceil64((uint64_t)(t)))
/** Absolute: until uptime tick @a t (already passed = expires at once). */
#define K_TIMEOUT_ABS_TICKS(t) Z_TIMEOUT_TICKS(Z_TICK_ABS((k_ticks_t)MAX((t), 0)))
#define K_TIMEOUT_ABS_MS(t) K_TIMEOUT_ABS_TICKS((k_ticks_t)k_ms_to_ticks_ceil64((uint64_t)(t)))
#define K_TIMEOUT_ABS_US(t) K_TIMEOUT_ABS_TICKS((k_ticks_t)k_us_to_ticks_ceil64((uint64_t)(t)))
#define K_TIMEOUT_ABS_NS(t) K_TIMEOUT_ABS_TICKS((k_ticks_t)k_ns_to_ticks_ceil64((uint64_t)(t)))
#define K_TIMEOUT_ABS_CYC(t) K_TIMEOUT_ABS_TICKS((k_ticks_t)k_cyc_to_ticks_ceil64((uint64_t)(t)))
/** int milliseconds with SYS_FOREVER_MS meaning K_FOREVER (K_THREAD_DEFINE's delay). */
#define SYS_TIMEOUT_MS(ms) ((ms) == SYS_FOREVER_MS ? K_FOREVER : K_MSEC(ms))

/* ---- clocks ---- */

/**
 * @brief Ticks since boot.
 * @context  any (thread, ISR, before main)
 * @pre      none
 * @post     never decreases
 * @complexity O(1)
 * @retval   uptime in ticks (floor)
 * @ub       none
 */
int64_t k_uptime_ticks(void);

/**
 * @brief Milliseconds since boot (floor of the tick count).
 * @context  any
 * @pre      none
 * @post     never decreases
 * @complexity O(1)
 * @retval   uptime in ms
 * @ub       none
 */
int64_t k_uptime_get(void);

/**
 * @brief Low 32 bits of k_uptime_get().
 * @context  any
 * @pre      none
 * @post     wraps after 49.7 days
 * @complexity O(1)
 * @retval   uptime in ms modulo 2^32
 * @ub       none
 */
uint32_t k_uptime_get_32(void);

/**
 * @brief Hardware cycle counter (CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC; host: ns of simulated time).
 * @context  any
 * @pre      none
 * @post     wraps modulo 2^32
 * @complexity O(1)
 * @retval   cycles since boot, low 32 bits
 * @ub       none
 */
uint32_t k_cycle_get_32(void);

/**
 * @brief 64-bit hardware cycle counter.
 * @context  any
 * @pre      none
 * @post     never decreases
 * @complexity O(1)
 * @retval   cycles since boot
 * @ub       none
 */
uint64_t k_cycle_get_64(void);

/** Milliseconds elapsed since *@a reftime; updates *@a reftime to now. */
static inline int64_t k_uptime_delta(int64_t *reftime)
{
	int64_t now = k_uptime_get();
	int64_t delta = now - *reftime;

	*reftime = now;
	return delta;
}

/**
 * @brief Deadline of @a timeout taken now: sys_timepoint_timeout() later gives the rest.
 * @context  any
 * @pre      none
 * @post     K_FOREVER gives {UINT64_MAX}, K_NO_WAIT gives {0}
 * @complexity O(1)
 * @retval   the absolute deadline in ticks
 * @ub       none
 */
k_timepoint_t sys_timepoint_calc(k_timeout_t timeout);

/**
 * @brief What is left of a deadline, as a relative timeout.
 * @context  any
 * @pre      @a timepoint from sys_timepoint_calc()
 * @post     waiting for the result ends exactly at the original deadline
 * @complexity O(1)
 * @retval   K_FOREVER for a never-deadline; K_NO_WAIT once passed; else the remaining ticks
 * @ub       none
 */
k_timeout_t sys_timepoint_timeout(k_timepoint_t timepoint);

/** True when @a timepoint has passed (never for K_FOREVER's timepoint). */
static inline bool sys_timepoint_expired(k_timepoint_t timepoint)
{
	return K_TIMEOUT_EQ(sys_timepoint_timeout(timepoint), K_NO_WAIT);
}

#endif /* RTMEM_K_TIME_H_ */
