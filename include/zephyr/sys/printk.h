/* Zephyr include path: <zephyr/sys/printk.h> maps to rtmem's header. */
#ifndef ZEPHYR_SYS_PRINTK_H_
#define ZEPHYR_SYS_PRINTK_H_
#include <rtmem/printk.h>
#endif
