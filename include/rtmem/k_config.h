/*
 * rtmem kernel knobs. Each is `#ifndef CONFIG_X / #define CONFIG_X default`
 * with one line saying what it costs. Names follow Zephyr's Kconfig options.
 * The heap knobs live in rtmem/config.h (core); these are the kernel's.
 * The kernel library itself is always built with CONFIG_ASSERT=1 (its own
 * contract checks are cheap); an application's own __ASSERTs follow the
 * application's CONFIG_ASSERT, default on unless NDEBUG.
 */
#ifndef RTMEM_K_CONFIG_H_
#define RTMEM_K_CONFIG_H_

#ifdef RTMEM_CONFIG_HEADER
#include RTMEM_CONFIG_HEADER
#endif

/** Kernel tick rate. Timeouts are whole ticks; 10 kHz = 100 us resolution. */
#ifndef CONFIG_SYS_CLOCK_TICKS_PER_SEC
#define CONFIG_SYS_CLOCK_TICKS_PER_SEC 10000
#endif
/** Hardware cycle rate for k_cycle_get_32/64 (host: nanoseconds; 32-bit wraps after 4.29 s). */
#ifndef CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC
#define CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC 1000000000
#endif
/** Cooperative priorities -N..-1 (never preempted by threads). */
#ifndef CONFIG_NUM_COOP_PRIORITIES
#define CONFIG_NUM_COOP_PRIORITIES 16
#endif
/** Preemptive priorities 0..N-1; N-1 is the idle priority, not for applications. */
#ifndef CONFIG_NUM_PREEMPT_PRIORITIES
#define CONFIG_NUM_PREEMPT_PRIORITIES 15
#endif
/** Priority main() runs at. */
#ifndef CONFIG_MAIN_THREAD_PRIORITY
#define CONFIG_MAIN_THREAD_PRIORITY 0
#endif
/** Declared main stack (the host reserve is added on top, as for every thread). */
#ifndef CONFIG_MAIN_STACK_SIZE
#define CONFIG_MAIN_STACK_SIZE 65536
#endif
/** Bytes of k_thread_name_set() storage per thread, terminator included. */
#ifndef CONFIG_THREAD_MAX_NAME_LEN
#define CONFIG_THREAD_MAX_NAME_LEN 32
#endif
/** __ASSERT checks in application code: on unless NDEBUG. Cost: one branch per check. */
#ifndef CONFIG_ASSERT
#ifdef NDEBUG
#define CONFIG_ASSERT 0
#else
#define CONFIG_ASSERT 1
#endif
#endif
/** Verbosity of __ASSERT reports (file/line/condition always printed when on). */
#ifndef CONFIG_ASSERT_VERBOSE
#define CONFIG_ASSERT_VERBOSE 1
#endif
/** Default LOG level of a module: 1 ERR, 2 WRN, 3 INF, 4 DBG. */
#ifndef CONFIG_LOG_DEFAULT_LEVEL
#define CONFIG_LOG_DEFAULT_LEVEL 3
#endif
/** Fill thread stacks with 0xAA at creation (k_thread_stack_space_get needs it). Cost: one memset per create. */
#ifndef CONFIG_INIT_STACKS
#define CONFIG_INIT_STACKS 1
#endif

/* Features that are always present in rtmem's kernel (Zephyr names, for IS_ENABLED). */
#define CONFIG_MULTITHREADING 1
#define CONFIG_THREAD_STACK_INFO 1
#define CONFIG_THREAD_NAME 1
#define CONFIG_THREAD_CUSTOM_DATA 1
#define CONFIG_THREAD_MONITOR 1
#define CONFIG_SPIN_VALIDATE 1
#define CONFIG_IRQ_OFFLOAD 1
#define CONFIG_PRINTK 1
#define CONFIG_LOG 1
#define CONFIG_TIMEOUT_64BIT 1
#define CONFIG_PRIORITY_CEILING (-127)
#define CONFIG_MP_MAX_NUM_CPUS 1
#define CONFIG_NUM_METAIRQ_PRIORITIES 0

#endif /* RTMEM_K_CONFIG_H_ */
