/*
 * Logging (Zephyr's LOG_* macros), printed synchronously through printk as
 *   [hh:mm:ss.mmm,uuu] <err> module: message
 * with the (simulated) uptime, so two runs print the same. A module declares
 * itself once per file with LOG_MODULE_REGISTER(name[, level]) or
 * LOG_MODULE_DECLARE(name[, level]); messages above the level (default
 * CONFIG_LOG_DEFAULT_LEVEL) compile to nothing visible.
 */
#ifndef RTMEM_LOG_H_
#define RTMEM_LOG_H_

#include <rtmem/k_config.h>
#include <rtmem/printk.h>
#include <zephyr/toolchain.h>

#define LOG_LEVEL_NONE 0
#define LOG_LEVEL_ERR 1
#define LOG_LEVEL_WRN 2
#define LOG_LEVEL_INF 3
#define LOG_LEVEL_DBG 4

/**
 * @brief Print one log line (used by the LOG_* macros).
 * @context  any
 * @pre      @a level 1..4, @a module a string
 * @post     one line on the console
 * @complexity O(length)
 * @retval   (void)
 * @ub       format/argument mismatch
 */
void z_log_printk(int level, const char *module, const char *fmt, ...) __printf_like(3, 4);

/** Print a hex dump line block (LOG_HEXDUMP_*). */
void z_log_hexdump(int level, const char *module, const void *data, size_t length, const char *str);

#define Z_LOG_MODULE_DEFINE(name, level, ...)                                             \
	static const char z_log_module_name[] __attribute__((unused)) = #name;            \
	static const int z_log_module_level __attribute__((unused)) = (level)

#define LOG_MODULE_REGISTER(...) Z_LOG_MODULE_DEFINE(__VA_ARGS__, CONFIG_LOG_DEFAULT_LEVEL, ~)
#define LOG_MODULE_DECLARE(...) Z_LOG_MODULE_DEFINE(__VA_ARGS__, CONFIG_LOG_DEFAULT_LEVEL, ~)

#define Z_LOG(level, ...)                                                     \
	do {                                                                  \
		if ((level) <= z_log_module_level) {                          \
			z_log_printk((level), z_log_module_name, __VA_ARGS__); \
		}                                                             \
	} while (false)

#define LOG_ERR(...) Z_LOG(LOG_LEVEL_ERR, __VA_ARGS__)
#define LOG_WRN(...) Z_LOG(LOG_LEVEL_WRN, __VA_ARGS__)
#define LOG_INF(...) Z_LOG(LOG_LEVEL_INF, __VA_ARGS__)
#define LOG_DBG(...) Z_LOG(LOG_LEVEL_DBG, __VA_ARGS__)

#define Z_LOG_HEXDUMP(level, data, length, str)                                             \
	do {                                                                                \
		if ((level) <= z_log_module_level) {                                        \
			z_log_hexdump((level), z_log_module_name, (data), (length), (str)); \
		}                                                                           \
	} while (false)
#define LOG_HEXDUMP_ERR(data, length, str) Z_LOG_HEXDUMP(LOG_LEVEL_ERR, data, length, str)
#define LOG_HEXDUMP_WRN(data, length, str) Z_LOG_HEXDUMP(LOG_LEVEL_WRN, data, length, str)
#define LOG_HEXDUMP_INF(data, length, str) Z_LOG_HEXDUMP(LOG_LEVEL_INF, data, length, str)
#define LOG_HEXDUMP_DBG(data, length, str) Z_LOG_HEXDUMP(LOG_LEVEL_DBG, data, length, str)

/** Logging is synchronous: nothing to flush. */
#define LOG_PANIC() ((void)0)

#endif /* RTMEM_LOG_H_ */
