/* Zephyr include path: <zephyr/sys/heap_listener.h> maps to rtmem's header. */
#ifndef ZEPHYR_SYS_HEAP_LISTENER_H_
#define ZEPHYR_SYS_HEAP_LISTENER_H_
#include <rtmem/heap_listener.h>
#endif
