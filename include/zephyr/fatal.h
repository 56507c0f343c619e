/* Zephyr include path: <zephyr/fatal.h> maps to rtmem's header. */
#ifndef ZEPHYR_FATAL_H_
#define ZEPHYR_FATAL_H_
#include <rtmem/k_fatal.h>
#endif
