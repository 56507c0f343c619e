/* Zephyr include path: <zephyr/spinlock.h> maps to rtmem's header. */
#ifndef ZEPHYR_SPINLOCK_H_
#define ZEPHYR_SPINLOCK_H_
#include <rtmem/k_spinlock.h>
#endif
