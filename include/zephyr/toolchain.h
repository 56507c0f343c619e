/*
 * <zephyr/toolchain.h>: the compiler attribute spellings Zephyr code uses,
 * for GCC and Clang (the only toolchains rtmem supports).
 */
#ifndef ZEPHYR_TOOLCHAIN_H_
#define ZEPHYR_TOOLCHAIN_H_

#ifndef __packed
#define __packed __attribute__((__packed__))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((__aligned__(x)))
#endif
#ifndef __weak
#define __weak __attribute__((__weak__))
#endif
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#ifndef __used
#define __used __attribute__((__used__))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif
#ifndef __deprecated
#define __deprecated __attribute__((__deprecated__))
#endif
#ifndef __noinit
#define __noinit
#endif
#ifndef __printf_like
#define __printf_like(f, a) __attribute__((__format__(__printf__, f, a)))
#endif
#ifndef __fallthrough
#define __fallthrough __attribute__((__fallthrough__))
#endif
#ifndef __attribute_nonnull
#define __attribute_nonnull(...) __attribute__((__nonnull__(__VA_ARGS__)))
#endif
#ifndef __syscall
#define __syscall
#endif
#ifndef __subsystem
#define __subsystem
#endif
#ifndef FUNC_NORETURN
#define FUNC_NORETURN __attribute__((__noreturn__))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((__noreturn__))
#endif
#ifndef ALWAYS_INLINE
#define ALWAYS_INLINE inline __attribute__((__always_inline__))
#endif
#ifndef CODE_UNREACHABLE
#define CODE_UNREACHABLE __builtin_unreachable()
#endif
#ifndef likely
#define likely(x) (__builtin_expect((bool)!!(x), true) != 0L)
#define unlikely(x) (__builtin_expect((bool)!!(x), false) != 0L)
#endif
#ifndef ARG_UNUSED
#define ARG_UNUSED(x) (void)(x)
#endif
#ifndef BUILD_ASSERT
#define BUILD_ASSERT(expr, ...) _Static_assert(expr, "" __VA_ARGS__)
#endif
#ifndef STRINGIFY
#define Z_STRINGIFY(x) #x
#define STRINGIFY(s) Z_STRINGIFY(s)
#endif

#endif /* ZEPHYR_TOOLCHAIN_H_ */
