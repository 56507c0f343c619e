/* Zephyr include path: <zephyr/logging/log.h> maps to rtmem's header. */
#ifndef ZEPHYR_LOGGING_LOG_H_
#define ZEPHYR_LOGGING_LOG_H_
#include <rtmem/log.h>
#endif
