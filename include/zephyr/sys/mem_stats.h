/* Zephyr include path: <zephyr/sys/mem_stats.h> maps to rtmem's header. */
#ifndef ZEPHYR_SYS_MEM_STATS_H_
#define ZEPHYR_SYS_MEM_STATS_H_
#include <rtmem/mem_stats.h>
#endif
