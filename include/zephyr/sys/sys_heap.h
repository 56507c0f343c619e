/* Zephyr include path: <zephyr/sys/sys_heap.h> maps to rtmem's header. */
#ifndef ZEPHYR_SYS_SYS_HEAP_H_
#define ZEPHYR_SYS_SYS_HEAP_H_
#include <rtmem/sys_heap.h>
#endif
