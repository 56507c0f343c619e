/* Zephyr include path: <zephyr/kernel.h> maps to rtmem's kernel API. */
#ifndef ZEPHYR_KERNEL_H_
#define ZEPHYR_KERNEL_H_
#include <rtmem/kernel.h>
#endif
