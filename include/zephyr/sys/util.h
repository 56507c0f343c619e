/*
 * <zephyr/sys/util.h>: the small helper macros Zephyr applications use
 * (ARRAY_SIZE, BIT, MIN/MAX, ROUND_UP, IS_ENABLED, CONTAINER_OF ...).
 * Macros that take arguments may evaluate them more than once, as Zephyr's.
 */
#ifndef ZEPHYR_SYS_UTIL_H_
#define ZEPHYR_SYS_UTIL_H_

#include <stddef.h>
#include <stdint.h>
#include <zephyr/toolchain.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))
#endif
#ifndef CONTAINER_OF
#define CONTAINER_OF(ptr, type, field) ((type *)(((char *)(ptr)) - offsetof(type, field)))
#endif
#ifndef BIT
#define BIT(n) (1UL << (n))
#endif
#define BIT64(n) (1ULL << (n))
#define BIT_MASK(n) (BIT(n) - 1UL)
#define GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (sizeof(long) * 8 - 1 - (h))))
#define WRITE_BIT(var, bit, set) ((var) = (set) ? ((var) | BIT(bit)) : ((var) & ~BIT(bit)))
#ifndef MIN
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) (((a) > (b)) ? (a) : (b))
#endif
#define CLAMP(val, low, high) (((val) <= (low)) ? (low) : MIN(val, high))
#define IN_RANGE(val, min, max) ((val) >= (min) && (val) <= (max))
#define ROUND_UP(x, align) ((((unsigned long)(x) + ((unsigned long)(align) - 1)) / \
			     (unsigned long)(align)) * (unsigned long)(align))
#define ROUND_DOWN(x, align) (((unsigned long)(x) / (unsigned long)(align)) * (unsigned long)(align))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_CLOSEST(n, d) (((n) + ((d) / 2)) / (d))
#define IS_POWER_OF_TWO(x) (((x) != 0U) && (((x) & ((x) - 1U)) == 0U))
#define IS_ALIGNED(ptr, align) (((uintptr_t)(ptr)) % (align) == 0)
#define POINTER_TO_UINT(x) ((uintptr_t)(x))
#define UINT_TO_POINTER(x) ((void *)(uintptr_t)(x))
#define POINTER_TO_INT(x) ((intptr_t)(x))
#define INT_TO_POINTER(x) ((void *)(intptr_t)(x))
#define KB(x) ((x) << 10)
#define MB(x) (KB(x) << 10)
#define KHZ(x) ((x) * 1000)
#define MHZ(x) (KHZ(x) * 1000)
#define USEC_PER_MSEC 1000U
#define MSEC_PER_SEC 1000U
#define USEC_PER_SEC 1000000U
#define NSEC_PER_USEC 1000U
#define NSEC_PER_SEC 1000000000U
#define Z_CONCAT2(a, b) a##b
#ifndef CONCAT
#define CONCAT(a, b) Z_CONCAT2(a, b)
#endif

/*
 * IS_ENABLED(CONFIG_X): 1 when CONFIG_X is defined to 1, else 0, usable in
 * plain C expressions (if (IS_ENABLED(...))) so both branches compile.
 * A macro defined to 1 pastes into Z_IS_ENABLED_PROBE_1, which expands to a
 * leading "x," and shifts the argument list so the second slot reads 1.
 */
#define Z_IS_ENABLED_PROBE_1 x,
#define IS_ENABLED(config_macro) Z_IS_ENABLED_1(config_macro)
#define Z_IS_ENABLED_1(value) Z_IS_ENABLED_2(Z_IS_ENABLED_PROBE_##value)
#define Z_IS_ENABLED_2(probe) Z_IS_ENABLED_3(probe 1, 0)
#define Z_IS_ENABLED_3(ignored, val, ...) val

#endif /* ZEPHYR_SYS_UTIL_H_ */
